import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from "botbuilder-dialogs";
import type { TurnContext } from "botbuilder";
import { incidentAnswerAction } from "../src/cards/incident-actions";
import { incidentQuestionCard } from "../src/cards/incident-question-card";
import { fill, type UiText } from "../src/domain/content/ui-text-schema";
import {
  incidentQuestionKeys,
  maxIncidentAnswerLength,
  normaliseAnswer,
  type IncidentQuestionKey,
} from "../src/domain/incidents/incident-record";
import type { BotServices } from "../src/teams/bot-services";
import { uiTextsOf } from "../src/teams/turn-view";
import { sendCard } from "../src/teams/send-card";

/** Stored in each conversation's dialog stack: never rename. */
export const incidentQuestionDialogId = "incidentQuestion";

export interface QuestionOptions {
  question: IncidentQuestionKey;
}

/**
 * One question: shows its card and waits. "Nästa" with the box filled in, or a typed chat message, is
 * the answer; "Hoppa över" (or "Nästa" with an empty box) skips it. An answer over the limit is
 * given back in the box to shorten, and the question is asked again.
 */
export class IncidentQuestionDialog extends Dialog<QuestionOptions> {
  private readonly ui: (context: TurnContext) => UiText;

  constructor(services: Pick<BotServices, "content">) {
    super(incidentQuestionDialogId);
    this.ui = uiTextsOf(services.content);
  }

  async beginDialog(dc: DialogContext, options?: QuestionOptions): Promise<DialogTurnResult> {
    const question = options?.question ?? "what";
    dc.activeDialog!.state.question = question;
    await this.show(dc.context, question);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const question = dc.activeDialog!.state.question as IncidentQuestionKey;
    const { value, text } = dc.context.activity;
    const ui = this.ui(dc.context);
    let typed: string | undefined;
    if (value !== undefined) {
      const press = incidentAnswerAction.safeParse(value);
      // A press on another question's card (further up the chat) must not answer this one.
      if (!press.success || press.data.question !== question) {
        await this.show(dc.context, question, { notice: ui.incident.oldCard });
        return Dialog.EndOfTurn;
      }
      if (press.data.move === "skip") return dc.endDialog(undefined);
      typed = press.data.incidentAnswer;
    } else typed = text;

    const answer = normaliseAnswer(typed);
    if (answer !== undefined && answer.length > maxIncidentAnswerLength) {
      const notice = fill(ui.incident.tooLong, { max: maxIncidentAnswerLength, length: answer.length });
      await this.show(dc.context, question, { notice, draftAnswer: answer });
      return Dialog.EndOfTurn;
    }
    return dc.endDialog(answer);
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.show(context, instance.state.question as IncidentQuestionKey);
  }

  private async show(
    context: TurnContext,
    question: IncidentQuestionKey,
    extra: { notice?: string; draftAnswer?: string } = {},
  ): Promise<void> {
    await sendCard(
      context,
      incidentQuestionCard({
        ui: this.ui(context),
        question,
        number: incidentQuestionKeys.indexOf(question) + 1,
        count: incidentQuestionKeys.length,
        ...extra,
      }),
    );
  }
}
