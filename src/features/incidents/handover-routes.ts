import { handoverAnswerAction, withdrawHandoverAction } from "../../cards/incident-actions";
import { handoverAnswerVerbs, withdrawHandoverCard } from "../../cards/handover-cards";
import { noticeCard } from "../../cards/notice-card";
import { fill } from "../../domain/content/ui-text-schema";
import { afterCommit } from "../../platform/storage/turn-transaction";
import {
  notifyOfficial,
  officerAnswerCard,
  replaceOfficerCopies,
  showHolderToColleagues,
  type SharingServices,
} from "../../teams/incident-sharing";
import { licensedOnly, route, type RouteDeclaration } from "../../teams/route-declaration";
import { sendCard } from "../../teams/send-card";
import { officerOrganisationOf, sendNotice, type TurnView } from "../../teams/turn-view";

/**
 * The two-way hand-over: a security officer's "Mottaget" / "Jag kontaktar dig" on their copy (answered
 * with the same card, updated in place), and the official's withdrawal from `mina händelser`.
 */
export function handoverRoutes(deps: {
  sharing: SharingServices;
  showList: (turn: TurnView) => Promise<void>;
}): RouteDeclaration[] {
  const { sharing, showList } = deps;
  const { handovers } = sharing.incidents;

  return [
    route.execute(handoverAnswerAction, licensedOnly, async (turn, action) => {
      const { ui } = turn;
      const texts = ui.incident.handover;
      const given = action.verb === handoverAnswerVerbs.received ? "received" : "contacting";
      const handover = await handovers.get(action.handoverId);
      if (!handover) return noticeCard(ui, texts.gone);
      // Who answers is who Teams says pressed, an officer of the organisation it was sent to right now;
      // the card data only names which hand-over.
      const isTheOfficer =
        handover.officerUserId === turn.user.userId && officerOrganisationOf(turn)?.id === handover.organisationId;
      if (!isTheOfficer) return noticeCard(ui, texts.notYours);

      // The first officer to answer holds the record: a colleague's press only shows who does.
      const outcome = await handovers.answer(handover.id, handover.officerUserId, given);
      if (outcome.kind === "takenBy") return officerAnswerCard(ui, turn.language, handover, outcome.holder);
      if (outcome.kind === "answered") {
        const { handover: answered, colleagues } = outcome;
        await afterCommit(async () => {
          await notifyOfficial(turn.context, sharing, answered, given, answered.answeredAt!);
          await showHolderToColleagues(turn.context, sharing, answered, colleagues);
        });
      }
      const now = (await handovers.get(handover.id)) ?? handover;
      return officerAnswerCard(ui, turn.language, now);
    }),

    route.submit(withdrawHandoverAction, licensedOnly, async (turn, { recordId, act }) => {
      const { ui } = turn;
      const texts = ui.incident.handover;
      const { userId } = turn.user;
      if (act === "ask") {
        const held = (await handovers.listForOfficial(userId)).filter((h) => h.recordId === recordId);
        if (held.length === 0) return sendNotice(turn, texts.notSent);
        const names = held.map((h) => h.officerName ?? ui.incident.unnamedOfficer);
        return sendCard(turn.context, withdrawHandoverCard(ui, recordId, names));
      }
      // Erased in this turn; the officers' copies are replaced once that has committed.
      const withdrawn = await handovers.withdraw(userId, recordId);
      if (withdrawn.length === 0) return sendNotice(turn, texts.notSent);
      await afterCommit(() => replaceOfficerCopies(turn.context, sharing, withdrawn));
      await sendNotice(turn, fill(texts.withdrawn, { count: withdrawn.length }));
      await showList(turn);
    }),
  ];
}
