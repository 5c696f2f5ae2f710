import { randomUUID } from "node:crypto";
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from "botbuilder-dialogs";
import type { TurnContext } from "botbuilder";
import { incidentChoiceAction } from "../src/cards/incident-actions";
import { incidentActionsCard, incidentChoicesCards } from "../src/cards/incident-summary-card";
import { noticeCard } from "../src/cards/notice-card";
import { confirmSendCard, incidentNoticeCard } from "../src/cards/incident-sharing-cards";
import { fill, type UiText } from "../src/domain/content/ui-text-schema";
import { openDraft } from "../src/domain/incidents/incident-draft";
import { formatDate } from "../src/domain/content/local-time";
import { incidentSummary } from "../src/domain/incidents/incident-summary";
import type { BotServices } from "../src/teams/bot-services";
import { uiTextsOf } from "../src/teams/turn-view";
import { deliverHandovers, prepareHandovers, reachableOfficers, sendDownloadLink } from "../src/teams/incident-sharing";
import { sendCard } from "../src/teams/send-card";
import { conversationIdOf, knownUserOf, languageOf } from "../src/teams/turn-facts";
import { afterCommit } from "../src/platform/storage/turn-transaction";

/** Stored in each conversation's dialog stack: never rename. */
export const incidentChoicesDialogId = "incidentChoices";

export interface ChoicesOptions {
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
export class IncidentChoicesDialog extends Dialog<ChoicesOptions> {
  private readonly ui: (context: TurnContext) => UiText;

  constructor(private readonly services: Pick<BotServices, "content" | "incidents">) {
    super(incidentChoicesDialogId);
    this.ui = uiTextsOf(services.content);
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
    const record = openDraft(this.services.incidents.draftCipher, state.draft, conversationIdOf(context));

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
    const record = openDraft(this.services.incidents.draftCipher, state.draft, conversationIdOf(context));
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
}
