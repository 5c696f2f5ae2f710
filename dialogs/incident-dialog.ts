import {
  ComponentDialog,
  Dialog,
  WaterfallDialog,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
  type WaterfallStepContext,
} from "botbuilder-dialogs";
import { randomUUID } from "node:crypto";
import type { TurnContext } from "botbuilder";
import { incidentAnswerAction, incidentChoiceAction } from "../src/cards/incident-actions";
import { incidentQuestionCard } from "../src/cards/incident-question-card";
import { incidentActionsCard, incidentChoicesCards } from "../src/cards/incident-summary-card";
import { noticeCard } from "../src/cards/notice-card";
import { confirmSendCard, incidentNoticeCard } from "../src/cards/incident-sharing-cards";
import { fill, type UiText } from "../src/domain/content/ui-text-schema";
import { openDraft, sealDraft } from "../src/domain/incidents/incident-draft";
import {
  incidentQuestionKeys,
  maxIncidentAnswerLength,
  normaliseAnswer,
  type IncidentQuestionKey,
  type IncidentRecord,
} from "../src/domain/incidents/incident-record";
import { formatDate } from "../src/domain/content/local-time";
import { incidentSummary } from "../src/domain/incidents/incident-summary";
import type { BotServices } from "../src/teams/bot-services";
import { deliverHandovers, prepareHandovers, reachableOfficers, sendDownloadLink } from "../src/teams/incident-sharing";
import { sendCard } from "../src/teams/send-card";
import { knownUserOf, languageOf } from "../src/teams/turn-facts";
import { afterCommit } from "../src/platform/storage/turn-transaction";

const waterfallId = "incidentSteps";
const questionDialogId = "incidentQuestion";
const choicesDialogId = "incidentChoices";

/** The draft, sealed, in the waterfall's values between questions. */
interface StepValues {
  draft?: string;
}

/**
 * Documents an incident: one open question per step, each skippable, then a summary the user decides
 * what to do with. The answers exist only in this dialog's state (sealed) until the user saves them;
 * nothing is sent anywhere without the separate confirmation.
 */
export class IncidentDialog extends ComponentDialog {
  static readonly id = "incidentDialog";

  constructor(private readonly services: BotServices) {
    super(IncidentDialog.id);
    this.addDialog(new IncidentQuestionDialog(services));
    this.addDialog(new IncidentChoicesDialog(services));
    this.addDialog(
      new WaterfallDialog(waterfallId, [
        this.askWhatHappened.bind(this),
        this.askWhen.bind(this),
        this.askWhere.bind(this),
        this.askFirstTimeOrBefore.bind(this),
        this.askWhoItIs.bind(this),
        this.askWitnesses.bind(this),
        this.askEvidence.bind(this),
        this.askFeelings.bind(this),
        this.showSummary.bind(this),
        this.finish.bind(this),
      ]),
    );
    this.initialDialogId = waterfallId;
  }

  private async askWhatHappened(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.storeDraft(step, { answers: {}, createdAt: new Date().toISOString() });
    return this.ask(step, "what");
  }

  private async askWhen(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.keepAnswer(step, "what");
    return this.ask(step, "when");
  }

  private async askWhere(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.keepAnswer(step, "when");
    return this.ask(step, "where");
  }

  private async askFirstTimeOrBefore(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.keepAnswer(step, "where");
    return this.ask(step, "before");
  }

  private async askWhoItIs(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.keepAnswer(step, "before");
    return this.ask(step, "who");
  }

  private async askWitnesses(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.keepAnswer(step, "who");
    return this.ask(step, "witnesses");
  }

  private async askEvidence(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.keepAnswer(step, "witnesses");
    return this.ask(step, "evidence");
  }

  private async askFeelings(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.keepAnswer(step, "evidence");
    return this.ask(step, "feelings");
  }

  /** The last answer is in; the summary is timestamped now, when the user finished telling it. */
  private async showSummary(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const record = this.keepAnswer(step, "feelings");
    record.createdAt = new Date().toISOString();
    const draft = sealDraft(this.services.incidents.draftCipher, record, conversationOf(step.context));
    (step.values as StepValues).draft = undefined;
    return step.beginDialog(choicesDialogId, { draft, draftId: randomUUID() } satisfies ChoicesOptions);
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog();
  }

  private ask(step: WaterfallStepContext, question: IncidentQuestionKey): Promise<DialogTurnResult> {
    return step.beginDialog(questionDialogId, { question } satisfies QuestionOptions);
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
    return openDraft(this.services.incidents.draftCipher, sealed, conversationOf(step.context));
  }

  private storeDraft(step: WaterfallStepContext, record: IncidentRecord): void {
    (step.values as StepValues).draft = sealDraft(
      this.services.incidents.draftCipher,
      record,
      conversationOf(step.context),
    );
  }
}

interface QuestionOptions {
  question: IncidentQuestionKey;
}

/**
 * One question: shows its card and waits. "Nästa" with the box filled in, or a typed chat message, is
 * the answer; "Hoppa över" (or "Nästa" with an empty box) skips it. An answer over the limit is
 * given back in the box to shorten, and the question is asked again.
 */
class IncidentQuestionDialog extends Dialog<QuestionOptions> {
  constructor(private readonly services: BotServices) {
    super(questionDialogId);
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

  private ui(context: TurnContext): UiText {
    return this.services.content.ui(languageOf(context));
  }
}

interface ChoicesOptions {
  draft: string;
  /** Names this summary: saving it is once per draft, however often and wherever "save" is pressed. */
  draftId?: string;
}

interface ChoicesState extends ChoicesOptions {
  /** Set once saved, so the same incident is not saved twice. */
  savedId?: string;
  /** The officers named on the confirmation card; only set between "send" and "Skicka"/"Avbryt". */
  confirmingFor?: string[];
}

/** The summary and what to do with it: save, download, send (after confirming) or finish. */
class IncidentChoicesDialog extends Dialog<ChoicesOptions> {
  constructor(private readonly services: BotServices) {
    super(choicesDialogId);
  }

  async beginDialog(dc: DialogContext, options?: ChoicesOptions): Promise<DialogTurnResult> {
    if (!options) return dc.endDialog();
    Object.assign(dc.activeDialog!.state, { draft: options.draft, draftId: options.draftId } satisfies ChoicesState);
    await this.showSummary(dc.context, dc.activeDialog!.state as ChoicesState);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.showSummary(context, instance.state as ChoicesState);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as ChoicesState;
    const context = dc.context;
    const ui = this.ui(context);
    const choice = incidentChoiceAction.safeParse(context.activity.value).data?.choice;
    // Anything but a confirmation withdraws a pending send: "Skicka" only counts right after "send".
    const confirmingFor = state.confirmingFor;
    state.confirmingFor = undefined;
    const record = openDraft(this.services.incidents.draftCipher, state.draft, conversationOf(context));

    switch (choice) {
      case "save": {
        // Once saved, a press on an older card's save button must not store a second copy.
        if (state.savedId) {
          await this.showActions(context, state, ui.incident.useButtons);
          return Dialog.EndOfTurn;
        }
        const saved = await this.services.incidents.store.save(
          knownUserOf(context),
          record,
          this.services.incidents.retentionDays,
          state.draftId,
        );
        state.savedId = saved.id;
        const date = formatDate(languageOf(context), saved.expiresAt);
        await this.showActions(context, state, fill(ui.incident.saved, { date }));
        return Dialog.EndOfTurn;
      }
      case "download":
        await sendDownloadLink(context, this.services, record);
        return Dialog.EndOfTurn;
      case "send":
      case "confirmSend": {
        if (choice === "confirmSend" && confirmingFor) {
          // Who receives it is recorded in this turn; the messages, which cannot be taken back, go once
          // it has committed, so a turn run again after a conflict (or rolled back) never sends twice.
          const shown = { saved: Boolean(state.savedId), retentionDays: this.services.incidents.retentionDays };
          state.draftId ??= randomUUID();
          const { created, requested } = await prepareHandovers(context, this.services, {
            recordId: state.draftId,
            recipientIds: confirmingFor,
            expiresAt: await this.handoverExpiry(context, state),
          });
          if (created.length === 0 && requested > 0) {
            await sendCard(context, incidentActionsCard(ui, ui.incident.handover.alreadySent, shown));
            return Dialog.EndOfTurn;
          }
          await afterCommit(async () => {
            const sent = await deliverHandovers(context, this.services, record, created);
            if (sent > 0)
              await sendCard(context, incidentActionsCard(ui, fill(ui.incident.sent, { count: sent }), shown));
            else await sendCard(context, incidentNoticeCard(ui, ui.incident.sendFailed, { offerDownload: true }));
          });
          return Dialog.EndOfTurn;
        }
        // "send", or a "Skicka" from a confirmation that is no longer current: ask (again) first.
        const officers = await reachableOfficers(context, this.services);
        if (officers.length === 0) {
          await sendCard(context, incidentNoticeCard(ui, ui.incident.noOfficer, { offerDownload: true }));
          return Dialog.EndOfTurn;
        }
        state.confirmingFor = officers.map((o) => o.userId);
        await sendCard(
          context,
          confirmSendCard(
            ui,
            officers.map((o) => o.name ?? ui.incident.unnamedOfficer),
          ),
        );
        return Dialog.EndOfTurn;
      }
      case "cancelSend":
        await this.showActions(context, state, ui.incident.sendCancelled);
        return Dialog.EndOfTurn;
      case "finish":
        await sendCard(context, noticeCard(ui, state.savedId ? ui.incident.finished : ui.incident.discarded));
        return dc.endDialog();
      default:
        await this.showActions(context, state, ui.incident.useButtons);
        return Dialog.EndOfTurn;
    }
  }

  /** A hand-over is kept as long as the record: until a saved incident expires, else the retention period from now. */
  private async handoverExpiry(context: TurnContext, state: ChoicesState): Promise<Date> {
    const { store, retentionDays } = this.services.incidents;
    const saved = state.savedId ? await store.get(knownUserOf(context).userId, state.savedId) : undefined;
    return saved?.expiresAt ?? new Date(Date.now() + retentionDays * 24 * 60 * 60 * 1000);
  }

  private async showSummary(context: TurnContext, state: ChoicesState, notice?: string): Promise<void> {
    const language = languageOf(context);
    const ui = this.services.content.ui(language);
    const record = openDraft(this.services.incidents.draftCipher, state.draft, conversationOf(context));
    for (const card of incidentChoicesCards({
      ui,
      summary: incidentSummary(ui, language, record),
      retentionDays: this.services.incidents.retentionDays,
      saved: Boolean(state.savedId),
      notice,
    }))
      await sendCard(context, card);
  }

  /** A short note with the remaining choices, so the user need not scroll back to the summary. */
  private async showActions(context: TurnContext, state: ChoicesState, text: string): Promise<void> {
    const options = { saved: Boolean(state.savedId), retentionDays: this.services.incidents.retentionDays };
    await sendCard(context, incidentActionsCard(this.ui(context), text, options));
  }

  private ui(context: TurnContext): UiText {
    return this.services.content.ui(languageOf(context));
  }
}

function conversationOf(context: TurnContext): string {
  return context.activity.conversation?.id ?? "";
}
