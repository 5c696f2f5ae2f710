import { randomUUID } from "node:crypto";
import type { TurnContext } from "botbuilder";
import type { AdaptiveCard, Notice } from "../../cards/adaptive-card";
import { adminCard } from "../../cards/admin-card";
import { adminActions, type AdminAction } from "../../cards/card-actions";
import { noticeCard } from "../../cards/notice-card";
import { fill, type UiText } from "../../domain/content/ui-text-schema";
import type { OrganisationContact } from "../../domain/licensing/access";
import { LicensingError } from "../../domain/licensing/licences";
import { accessOf } from "../../teams/access-check";
import type { BotServices } from "../../teams/bot-services";
import { knownUserOf, languageOf } from "../../teams/turn-facts";
import { isEmailAddress } from "../../domain/licensing/email-address";
import { hasControlCharacters } from "../../domain/licensing/control-characters";
import { reinviteAfterDays } from "../../domain/reminders/invitation-store";
import { inviteOfficials } from "../reminders/invitations";

/** The security officer's tools in Teams. Only an officer of the organisation gets past `officerOrg`. */
export class AdminFlow {
  constructor(private readonly services: BotServices) {}

  async card(context: TurnContext, notice?: Notice): Promise<AdaptiveCard> {
    const ui = this.ui(context);
    const organisation = this.officerOrg(context);
    if (!organisation) return noticeCard(ui, ui.admin.notOfficer);
    const language = languageOf(context);
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
  async act(context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCard> {
    const ui = this.ui(context);
    const organisation = this.officerOrg(context);
    if (!organisation) return noticeCard(ui, ui.admin.notOfficer);
    const parsed = adminActions.safeParse({ ...(data as object), verb });
    if (!parsed.success) return this.card(context, { text: ui.errors.unknownAction, tone: "attention" });
    try {
      return this.card(
        context,
        parsed.data.verb === "adminInvite"
          ? await inviteOfficials(context, this.services, ui, organisation, parsed.data.invitationRound)
          : await this.apply(ui, organisation.id, `officer:${knownUserOf(context).userId}`, parsed.data),
      );
    } catch (error) {
      if (!(error instanceof LicensingError)) throw error;
      // A request decided meanwhile (by another officer or the operator) is simply no longer there.
      const decidingLink = parsed.data.verb === "adminAcceptOfficer" || parsed.data.verb === "adminDeclineOfficer";
      const text =
        error.code === "notFound" || decidingLink
          ? ui.admin.errors.notFound
          : error.code === "conflict"
            ? ui.admin.errors.lastOfficer
            : ui.admin.errors.invalidEmail;
      return this.card(context, { text, tone: "attention" });
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

  private officerOrg(context: TurnContext): OrganisationContact | undefined {
    const access = accessOf(context);
    return access?.kind === "granted" && access.role === "officer" ? access.organisation : undefined;
  }

  private ui(context: TurnContext): UiText {
    return this.services.content.ui(languageOf(context));
  }
}
