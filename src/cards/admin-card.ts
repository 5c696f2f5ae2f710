import type { Language } from "../domain/content/language";
import { formatDate } from "../domain/content/local-time";
import { fill, type UiText } from "../domain/content/ui-text-schema";
import type { AccessMode, OrganisationContact } from "../domain/licensing/access";
import type { MemberSummary } from "../domain/licensing/organisation-admin";
import type { OrganisationStatistics, ShownCount } from "../domain/licensing/usage-statistics";
import {
  adaptiveCard,
  execute,
  heading,
  noticeBlock,
  paragraph,
  submit,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Notice,
} from "./adaptive-card";
import { plainText } from "./plain-text";

export interface AdminCardInput {
  ui: UiText;
  language: Language;
  organisation: OrganisationContact & { accessMode: AccessMode };
  licenceValidUntil: Date | null;
  members: MemberSummary[];
  statistics: OrganisationStatistics;
  themeTitle: (themeId: string) => string;
  /** The outcome of the last action, shown at the top. */
  notice?: Notice;
  /** People from another tenant whose order for this organisation waits for an officer's yes. */
  pendingOfficers?: PendingOfficer[];
  /** The key of the invitation round this card's "Skicka inbjudan" starts: new on every card. */
  invitationRound: string;
  /** After how many days an invited official may be invited again. */
  reinviteAfterDays: number;
}

/** Typed into an order form by someone not yet known to the organisation: shown as their claim only. */
export interface PendingOfficer {
  orderId: string;
  number: string;
  name: string;
  email: string;
  tenantId: string;
}

/** Members listed with their own buttons; past this the card would outgrow Teams' 28 KB. */
const maxListedMembers = 25;

/** The security officer's card: licence, who may use the material, access, officers, contacts, usage. */
export function adminCard(input: AdminCardInput): AdaptiveCard {
  const { ui, organisation, members } = input;
  const date = (value: Date) => formatDate(input.language, value, "medium");
  const officers = members.filter((m) => m.role === "officer");

  const body: CardElement[] = [
    ...(input.notice ? [noticeBlock(input.notice)] : []),
    ...heading(fill(ui.admin.title, { organisation: plainText(organisation.name) }), { size: "Medium" }),
    ...(input.licenceValidUntil ? [paragraph(fill(ui.admin.licence, { date: date(input.licenceValidUntil) }))] : []),
    ...pendingOfficerRows(ui, input.pendingOfficers ?? []),
    section(ui.admin.statsTitle),
    paragraph(fill(ui.admin.statsAccess, { count: shown(ui, input.statistics.officialsWithAccess) })),
    ...input.statistics.themes.map((theme) =>
      paragraph(
        fill(ui.admin.statsTheme, {
          theme: input.themeTitle(theme.themeId),
          started: shown(ui, theme.started),
          completed: shown(ui, theme.completed),
        }),
      ),
    ),
    ...input.statistics.themes.map((theme) =>
      paragraph(
        fill(ui.admin.statsGroupSessions, {
          theme: input.themeTitle(theme.themeId),
          count: shown(ui, theme.groupSessions),
        }),
      ),
    ),
    paragraph(ui.admin.statsNote, { subtle: true }),
    section(ui.admin.accessMode),
    {
      type: "Input.ChoiceSet",
      id: "accessMode",
      style: "expanded",
      value: organisation.accessMode,
      choices: [
        { title: ui.admin.modeGranted, value: "granted" },
        { title: ui.admin.modeEveryone, value: "everyone" },
      ],
    },
    actions([execute(ui.admin.saveMode, "adminSetMode")]),
    section(ui.admin.grantTitle),
    { type: "Input.Text", id: "emails", label: ui.admin.grantLabel, isMultiline: true, maxLength: 20_000 },
    actions([execute(ui.admin.grantButton, "adminGrant", {}, "positive")]),
    section(fill(ui.admin.membersTitle, { count: members.length })),
    ...members.slice(0, maxListedMembers).map((member) => memberRow(ui, member, date)),
    section(ui.admin.officersTitle),
    ...officers.map((officer) => memberRow(ui, officer, date, true)),
    { type: "Input.Text", id: "officerEmail", label: ui.admin.addOfficerLabel, style: "Email", maxLength: 300 },
    actions([execute(ui.admin.addOfficer, "adminAddOfficer")]),
    section(ui.admin.contactTitle),
    paragraph(ui.admin.contactIntro, { subtle: true }),
    {
      type: "Input.Text",
      id: "contactPhone",
      label: ui.admin.contactPhone,
      style: "Tel",
      maxLength: 40,
      value: organisation.contactPhone ?? "",
    },
    {
      type: "Input.Text",
      id: "contactEmail",
      label: ui.admin.contactEmail,
      style: "Email",
      maxLength: 254,
      value: organisation.contactEmail ?? "",
    },
    {
      type: "Input.Text",
      id: "routineUrl",
      label: ui.admin.routineUrl,
      style: "Url",
      maxLength: 500,
      value: organisation.routineUrl ?? "",
    },
    actions([execute(ui.admin.saveContact, "adminSaveContact")]),
    section(ui.invitation.sectionTitle),
    paragraph(fill(ui.invitation.intro, { days: input.reinviteAfterDays }), { subtle: true }),
    actions([execute(ui.invitation.send, "adminInvite", { invitationRound: input.invitationRound })]),
  ];
  return adaptiveCard(body, [submit(ui.menu.title, { verb: "showMenu" })]);
}

function memberRow(ui: UiText, member: MemberSummary, date: (d: Date) => string, asOfficer = false): CardElement {
  // Button titles are plain text; only TextBlocks need Markdown escaping.
  const name = member.name ?? member.email ?? "–";
  const by = member.grantedByName ? plainText(member.grantedByName) : ui.admin.unknownGranter;
  const line =
    fill(ui.admin.memberLine, { name, date: date(member.grantedAt), by }) +
    (member.hasSignedIn ? "" : ` · ${ui.admin.notSignedIn}`);
  const button = asOfficer
    ? execute(fill(ui.admin.removeOfficer, { name }), "adminRemoveOfficer", { membershipId: member.id })
    : execute(fill(ui.admin.revoke, { name }), "adminRevoke", { membershipId: member.id }, "destructive");
  return {
    type: "ColumnSet",
    separator: true,
    columns: [
      { type: "Column", width: "stretch", items: [paragraph(line)] },
      { type: "Column", width: "auto", verticalContentAlignment: "Center", items: [actions([button])] },
    ],
  };
}

function pendingOfficerRows(ui: UiText, pending: PendingOfficer[]): CardElement[] {
  if (pending.length === 0) return [];
  return [
    section(ui.admin.pendingOfficersTitle),
    ...pending.flatMap((p) => [
      paragraph(
        fill(ui.admin.pendingOfficerLine, {
          number: plainText(p.number),
          name: plainText(p.name),
          email: plainText(p.email),
          tenant: plainText(p.tenantId),
        }),
      ),
      actions([
        execute(
          fill(ui.admin.acceptOfficer, { name: p.name }),
          "adminAcceptOfficer",
          { orderId: p.orderId },
          "positive",
        ),
        execute(ui.admin.declineOfficer, "adminDeclineOfficer", { orderId: p.orderId }, "destructive"),
      ]),
    ]),
  ];
}

function section(title: string): CardElement {
  return {
    type: "TextBlock",
    text: title,
    wrap: true,
    weight: "Bolder",
    size: "Medium",
    spacing: "Large",
    separator: true,
  };
}

function actions(list: CardAction[]): CardElement {
  return { type: "ActionSet", actions: list };
}

function shown(ui: UiText, count: ShownCount): string {
  return count.kind === "exact" ? String(count.value) : fill(ui.admin.fewerThan, { limit: count.limit });
}
