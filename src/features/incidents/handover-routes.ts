import type { TurnContext } from "botbuilder";
import type { Application, TurnState } from "@microsoft/teams-ai";
import { handoverAnswerAction, withdrawHandoverAction } from "../../cards/incident-actions";
import { withdrawHandoverCard } from "../../cards/handover-cards";
import { noticeCard } from "../../cards/notice-card";
import type { AdaptiveCard } from "../../cards/adaptive-card";
import { fill } from "../../domain/content/ui-text-schema";
import type { HandoverAnswer } from "../../domain/incidents/handover-store";
import { afterCommit } from "../../platform/storage/turn-transaction";
import { accessOf } from "../../teams/access-check";
import type { BotServices } from "../../teams/bot-services";
import {
  notifyOfficial,
  officerAnswerCard,
  replaceOfficerCopies,
  showHolderToColleagues,
} from "../../teams/incident-sharing";
import { routeIs } from "../../teams/route-table";
import { sendCard } from "../../teams/send-card";
import { knownUserOf, languageOf } from "../../teams/turn-facts";

type Handler = (context: TurnContext, state: TurnState) => Promise<void>;

/**
 * The two-way hand-over: a security officer's "Mottaget" / "Jag kontaktar dig" on their copy (answered
 * with the same card, updated in place), and the official's withdrawal from `mina händelser`.
 */
export function registerHandoverRoutes<TState extends TurnState>(
  app: Application<TState>,
  { services, showList }: { services: BotServices; showList: Handler },
): void {
  const ui = (context: TurnContext) => services.content.ui(languageOf(context));
  const { handovers } = services.incidents;

  const answer =
    (given: HandoverAnswer) =>
    async (context: TurnContext, _state: TState, data: unknown): Promise<AdaptiveCard> => {
      const texts = ui(context).incident.handover;
      const id = handoverAnswerAction.safeParse(data).data?.handoverId;
      const handover = id ? await handovers.get(id) : undefined;
      if (!handover) return noticeCard(ui(context), texts.gone);
      // Who answers is who Teams says pressed, an officer of the organisation it was sent to right now;
      // the card data only names which hand-over.
      const access = accessOf(context);
      const isTheOfficer =
        handover.officerUserId === knownUserOf(context).userId &&
        access?.kind === "granted" &&
        access.role === "officer" &&
        access.organisation.id === handover.organisationId;
      if (!isTheOfficer) return noticeCard(ui(context), texts.notYours);

      // The first officer to answer holds the record: a colleague's press only shows who does.
      const outcome = await handovers.answer(handover.id, handover.officerUserId, given);
      if (outcome.kind === "takenBy")
        return officerAnswerCard(ui(context), languageOf(context), handover, outcome.holder);
      if (outcome.kind === "answered") {
        const { handover: answered, colleagues } = outcome;
        await afterCommit(async () => {
          await notifyOfficial(context, services, answered, given, answered.answeredAt!);
          await showHolderToColleagues(context, services, answered, colleagues);
        });
      }
      const now = (await handovers.get(handover.id)) ?? handover;
      return officerAnswerCard(ui(context), languageOf(context), now);
    };
  // Whether these work without a licence is said in route-table.ts.
  app.adaptiveCards.actionExecute(routeIs.execute("handoverReceived"), answer("received"));
  app.adaptiveCards.actionExecute(routeIs.execute("handoverContacting"), answer("contacting"));

  app.adaptiveCards.actionSubmit(routeIs.submit("withdrawHandover"), async (context, state, data) => {
    const texts = ui(context).incident.handover;
    const action = withdrawHandoverAction.safeParse(data);
    if (!action.success) return sendCard(context, noticeCard(ui(context), ui(context).errors.unknownAction));
    const { recordId, act } = action.data;
    const userId = knownUserOf(context).userId;
    if (act === "ask") {
      const held = (await handovers.listForOfficial(userId)).filter((h) => h.recordId === recordId);
      if (held.length === 0) return sendCard(context, noticeCard(ui(context), texts.notSent));
      const names = held.map((h) => h.officerName ?? ui(context).incident.unnamedOfficer);
      return sendCard(context, withdrawHandoverCard(ui(context), recordId, names));
    }
    // Erased in this turn; the officers' copies are replaced once that has committed.
    const withdrawn = await handovers.withdraw(userId, recordId);
    if (withdrawn.length === 0) return sendCard(context, noticeCard(ui(context), texts.notSent));
    await afterCommit(() => replaceOfficerCopies(context, services, withdrawn));
    await sendCard(context, noticeCard(ui(context), fill(texts.withdrawn, { count: withdrawn.length })));
    await showList(context, state);
  });
}
