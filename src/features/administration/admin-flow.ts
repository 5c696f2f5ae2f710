import { randomUUID } from "node:crypto";
import type { AdaptiveCard, Notice } from "../../cards/adaptive-card";
import { adminCard } from "../../cards/admin-card";
import type { AdminAction } from "../../cards/card-actions";
import { noticeCard } from "../../cards/notice-card";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import { fill, type UiText } from "../../domain/content/ui-text-schema";
import { LicensingError } from "../../domain/licensing/licences";
import type { Licensing } from "../../domain/licensing/licensing";
import type { ReminderStore } from "../../domain/reminders/reminder-store";
import { officerOrganisationOf, type TurnView } from "../../teams/turn-view";
import { isEmailAddress } from "../../domain/licensing/email-address";
import { hasControlCharacters } from "../../domain/licensing/control-characters";
import { reinviteAfterDays } from "../../domain/reminders/invitation-store";
import { inviteOfficials, type InvitationServices } from "../reminders/invitations";

export interface AdminServices {
  content: ContentCatalog;
  licensing: Licensing;
  /** A revoked member's reminders go with their access. */
  reminders: ReminderStore;
  invitations: InvitationServices;
}

/** The security officer's tools in Teams. Only an officer of the organisation gets past `officerOrganisationOf`. */
export class AdminFlow {
  constructor(private readonly services: AdminServices) {}

  async card(turn: TurnView, notice?: Notice): Promise<AdaptiveCard> {
    const { ui, language } = turn;
    const organisation = officerOrganisationOf(turn);
    if (!organisation) return noticeCard(ui, ui.admin.notOfficer);
    const { content, licensing } = this.services;
    const [overview, members, statistics, awaiting] = await Promise.all([
      licensing.organisations.overview(organisation.id),
      licensing.organisations.members(organisation.id),
      licensing.organisations.statistics(
        organisation.id,
        [...content.themes(language), ...content.paths(language)].map((t) => t.id),
      ),
      licensing.orders.awaitingConfirmationBy(organisation.id),
    ]);
    return adminCard({
      ui,
      language,
      organisation: overview,
      licenceValidUntil: overview.licenceValidUntil,
      members,
      statistics,
      themeTitle: (themeId) => content.theme(language, themeId)?.title ?? themeId,
      notice,
      invitationRound: randomUUID(),
      reinviteAfterDays,
      pendingOfficers: awaiting.map((order) => ({
        orderId: order.id,
        number: order.number,
        name: order.ordererName,
        email: order.ordererEmail,
        tenantId: order.tenantId,
      })),
    });
  }

  /** Applies one of the card's actions and answers with the refreshed card, the outcome on top. */
  async act(turn: TurnView, action: AdminAction): Promise<AdaptiveCard> {
    const { ui } = turn;
    const organisation = officerOrganisationOf(turn);
    if (!organisation) return noticeCard(ui, ui.admin.notOfficer);
    try {
      return this.card(
        turn,
        action.verb === "adminInvite"
          ? await inviteOfficials(turn, this.services.invitations, organisation, action.invitationRound)
          : await this.apply(ui, organisation.id, `officer:${turn.user.userId}`, action),
      );
    } catch (error) {
      if (!(error instanceof LicensingError)) throw error;
      // A request decided meanwhile (by another officer or the operator) is simply no longer there.
      const decidingLink = action.verb === "adminAcceptOfficer" || action.verb === "adminDeclineOfficer";
      const text =
        error.code === "notFound" || decidingLink
          ? ui.admin.errors.notFound
          : error.code === "conflict"
            ? ui.admin.errors.lastOfficer
            : ui.admin.errors.invalidEmail;
      return this.card(turn, { text, tone: "attention" });
    }
  }

  private async apply(
    ui: UiText,
    organisationId: string,
    actor: string,
    action: Exclude<AdminAction, { verb: "adminInvite" }>,
  ): Promise<Notice> {
    const admin = this.services.licensing.organisations;
    switch (action.verb) {
      case "adminSetMode":
        await admin.setAccessMode(organisationId, action.accessMode, actor);
        return { text: ui.admin.saved, tone: "good" };
      case "adminGrant": {
        const result = await admin.grantByEmail(organisationId, action.emails, actor);
        const parts = [
          fill(ui.admin.granted, { count: result.added.length }),
          ...(result.alreadyHadAccess.length
            ? [fill(ui.admin.alreadyHad, { emails: result.alreadyHadAccess.join(", ") })]
            : []),
          ...(result.invalid.length ? [fill(ui.admin.invalidEmails, { emails: result.invalid.join(", ") })] : []),
        ];
        return {
          text: parts.join(" "),
          tone: result.invalid.length > 0 || result.added.length === 0 ? "attention" : "good",
        };
      }
      case "adminRevoke": {
        // Their reminders go with their access, in the same transaction.
        const userId = await this.services.reminders.userOfMembership(organisationId, action.membershipId);
        await admin.revoke(organisationId, action.membershipId, actor);
        if (userId) await this.services.reminders.eraseForUser(userId);
        return { text: ui.admin.revoked, tone: "good" };
      }
      case "adminAddOfficer":
        await admin.addOfficer(organisationId, action.officerEmail, actor);
        return { text: ui.admin.saved, tone: "good" };
      case "adminRemoveOfficer":
        await admin.removeOfficer(organisationId, action.membershipId, actor);
        return { text: ui.admin.saved, tone: "good" };
      case "adminAcceptOfficer":
        await this.services.licensing.orders.acceptLink(action.orderId, { actor, organisationId });
        return { text: ui.admin.officerAccepted, tone: "good" };
      case "adminDeclineOfficer":
        await this.services.licensing.orders.declineLink(action.orderId, { actor, organisationId });
        return { text: ui.admin.officerDeclined, tone: "good" };
      case "adminSaveContact": {
        const contactEmail = action.contactEmail.trim();
        const routineUrl = action.routineUrl.trim();
        if (contactEmail && !isEmailAddress(contactEmail))
          return { text: ui.admin.errors.invalidEmail, tone: "attention" };
        if ([action.contactPhone.trim(), contactEmail, routineUrl].some(hasControlCharacters))
          return { text: ui.admin.errors.invalidCharacters, tone: "attention" };
        if (routineUrl && !/^https:\/\/\S+$/.test(routineUrl))
          return { text: ui.admin.errors.invalidUrl, tone: "attention" };
        await admin.setContact(
          organisationId,
          {
            contactPhone: action.contactPhone.trim() || null,
            contactEmail: contactEmail || null,
            routineUrl: routineUrl || null,
          },
          actor,
        );
        return { text: ui.admin.saved, tone: "good" };
      }
    }
  }
}
