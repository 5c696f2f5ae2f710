import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from "botbuilder-dialogs";
import { randomUUID } from "node:crypto";
import { openDraft, sealDraft } from "../src/domain/incidents/incident-draft";
import {
  incidentQuestionKeys,
  type IncidentQuestionKey,
  type IncidentRecord,
} from "../src/domain/incidents/incident-record";
import type { BotServices } from "../src/teams/bot-services";
import { conversationIdOf } from "../src/teams/turn-facts";
import { IncidentChoicesDialog, incidentChoicesDialogId, type ChoicesOptions } from "./incident-choices-dialog";
import { IncidentQuestionDialog, incidentQuestionDialogId, type QuestionOptions } from "./incident-question-dialog";

const waterfallId = "incidentSteps";

/** The draft, sealed, in the waterfall's values between questions. */
interface StepValues {
  draft?: string;
}

/**
 * Documents an incident: one open question per step, each skippable, in the order of
 * `incidentQuestionKeys` (src/domain/incidents/incident-record.ts), then a summary the user decides what
 * to do with. The answers exist only in this dialog's state (sealed) until the user saves them; nothing is
 * sent anywhere without the separate confirmation. The waterfall's steps are made from the question list:
 * step 1 asks the first question, each next step keeps the previous answer and asks the next, then the
 * summary, then the end (a saved dialog stack resumes at the same step index).
 */
export class IncidentDialog extends ComponentDialog {
  static readonly id = "incidentDialog";

  constructor(private readonly services: Pick<BotServices, "content" | "incidents">) {
    super(IncidentDialog.id);
    this.addDialog(new IncidentQuestionDialog(services));
    this.addDialog(new IncidentChoicesDialog(services));
    const [first, ...rest] = incidentQuestionKeys;
    const askFirst = async (step: WaterfallStepContext) => {
      this.storeDraft(step, { answers: {}, createdAt: new Date().toISOString() });
      return this.ask(step, first);
    };
    const askNext =
      (previous: IncidentQuestionKey, question: IncidentQuestionKey) => async (step: WaterfallStepContext) => {
        this.keepAnswer(step, previous);
        return this.ask(step, question);
      };
    const last = incidentQuestionKeys[incidentQuestionKeys.length - 1];
    this.addDialog(
      new WaterfallDialog(waterfallId, [
        askFirst,
        ...rest.map((question, index) => askNext(incidentQuestionKeys[index], question)),
        (step) => this.showSummary(step, last),
        (step) => step.endDialog(),
      ]),
    );
    this.initialDialogId = waterfallId;
  }

  /** The last answer is in; the summary is timestamped now, when the user finished telling it. */
  private async showSummary(step: WaterfallStepContext, last: IncidentQuestionKey): Promise<DialogTurnResult> {
    const record = this.keepAnswer(step, last);
    record.createdAt = new Date().toISOString();
    const draft = sealDraft(this.services.incidents.draftCipher, record, conversationIdOf(step.context));
    (step.values as StepValues).draft = undefined;
    return step.beginDialog(incidentChoicesDialogId, { draft, draftId: randomUUID() } satisfies ChoicesOptions);
  }

  private ask(step: WaterfallStepContext, question: IncidentQuestionKey): Promise<DialogTurnResult> {
    return step.beginDialog(incidentQuestionDialogId, { question } satisfies QuestionOptions);
  }

  /** Adds the answer the question dialog returned (undefined when skipped) to the sealed draft. */
  private keepAnswer(step: WaterfallStepContext, question: IncidentQuestionKey): IncidentRecord {
    const record = this.draftOf(step);
    const answer = typeof step.result === "string" ? step.result : undefined;
    if (answer !== undefined) record.answers[question] = answer;
    this.storeDraft(step, record);
    return record;
  }

  private draftOf(step: WaterfallStepContext): IncidentRecord {
    const sealed = (step.values as StepValues).draft;
    if (!sealed) return { answers: {}, createdAt: new Date().toISOString() };
    return openDraft(this.services.incidents.draftCipher, sealed, conversationIdOf(step.context));
  }

  private storeDraft(step: WaterfallStepContext, record: IncidentRecord): void {
    (step.values as StepValues).draft = sealDraft(
      this.services.incidents.draftCipher,
      record,
      conversationIdOf(step.context),
    );
  }
}
