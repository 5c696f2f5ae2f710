import { Prisma, type PrismaClient } from "../../generated/prisma";
import type { IncidentStore, SavedIncident } from "../incidents/incident-store";
import { writeAudit } from "../licensing/audit-log";
import type { LicenceGate } from "../licensing/licence-gate";
import type { ReflectionStore, SavedReflection } from "../reflections/reflection-store";
import { erasedMarker, pseudonymOf } from "./pseudonym";

/**
 * Everything the bot holds about one person, for `mina data`: what to list, what to export, and
 * what to erase. The person is named by every id the bot has for them: the Entra object id (what
 * the domain tables use), the Bot Framework channel id (what teams-ai's state keys use) and the
 * conversations they had with the bot.
 */
export interface DataSubject {
  userId: string;
  tenantId?: string;
  /** `activity.from.id`, e.g. `29:...`; teams-ai keys user state by it. */
  channelUserId?: string;
  /** The conversation the request came from; others are found through the stored conversation references. */
  conversationIds: string[];
}

export interface MembershipData {
  organisation: string;
  role: string;
  email: string | null;
  displayName: string | null;
  grantedAt: Date;
}

export interface ProgressData {
  themeId: string;
  stepId: string;
  stepIndex: number;
  stepCount: number;
  startedAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface OrderData {
  number: string;
  organisation: string;
  orgNumber: string;
  status: string;
  ordererName: string;
  ordererEmail: string;
  ordererPhone: string;
  invoiceReference: string;
  createdAt: Date;
  decidedAt: Date | null;
}

/** Everything, opened (decrypted) for the person themselves. */
export interface UserData {
  userId: string;
  tenantId: string | null;
  memberships: MembershipData[];
  directory: Array<{ email: string | null; displayName: string | null; lookedUpAt: Date }>;
  progress: ProgressData[];
  reflections: SavedReflection[];
  incidents: SavedIncident[];
  /** Summaries the person sent to security officers: to whom, when, and what they answered (no content). */
  handovers: Array<{ officer: string | null; status: string; sentAt: Date; answeredAt: Date | null; expiresAt: Date }>;
  orders: OrderData[];
  /** Files waiting behind a download link (their content is what was exported or downloaded). */
  downloads: Array<{ fileName: string; createdAt: Date; expiresAt: Date }>;
  /** That the bot can reach the person in a personal chat (ids and a service address only). */
  conversationReferences: number;
  lastSeenAt: Date | null;
  /** Audit log entries about changes the person made or that concern their access. */
  auditEntries: Array<{ at: Date; action: string }>;
}

export interface UserDataCounts {
  memberships: number;
  progress: number;
  reflections: number;
  incidents: number;
  orders: number;
  downloads: number;
  other: number;
}

export type EraseResult =
  | { kind: "erased"; erased: UserDataCounts & { auditEntries: number; conversationState: number } }
  /** A security officer who is the last one of an organisation: someone else must take over first. */
  | { kind: "lastOfficer"; organisations: string[] };

export { erasedMarker };

export class UserDataService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly reflections: ReflectionStore,
    private readonly incidents: IncidentStore,
    private readonly gate?: LicenceGate,
  ) {}

  /** Everything about the person, opened, for the export and the `mina data` card. */
  async collect(subject: DataSubject): Promise<UserData> {
    const { userId } = subject;
    const [memberships, directory, progress, reflections, incidents, orders, downloads, references, activity] =
      await Promise.all([
        this.prisma.membership.findMany({
          where: { userId },
          include: { organisation: { select: { name: true } } },
          orderBy: { grantedAt: "asc" },
        }),
        this.prisma.directoryEntry.findMany({ where: { userId } }),
        this.prisma.themeProgress.findMany({ where: { userId }, orderBy: { startedAt: "asc" } }),
        this.reflections.listForUser(userId),
        this.incidents.listForUser(userId),
        this.prisma.order.findMany({ where: { ordererUserId: userId }, orderBy: { createdAt: "asc" } }),
        this.prisma.download.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
        this.prisma.conversationReference.count({ where: { userId } }),
        this.prisma.userActivity.findUnique({ where: { userId } }),
      ]);
    const handovers = await this.prisma.incidentHandover.findMany({
      where: { officialUserId: userId },
      orderBy: { sentAt: "asc" },
    });
    const audit = await this.prisma.auditEntry.findMany({
      where: auditAbout(
        userId,
        memberships.map((m) => m.id),
      ),
      orderBy: { at: "asc" },
    });
    return {
      userId,
      tenantId: subject.tenantId ?? null,
      memberships: memberships.map((m) => ({
        organisation: m.organisation.name,
        role: m.role,
        email: m.email,
        displayName: m.displayName,
        grantedAt: m.grantedAt,
      })),
      directory: directory.map((d) => ({ email: d.email, displayName: d.displayName, lookedUpAt: d.lookedUpAt })),
      progress: progress.map((p) => ({
        themeId: p.themeId,
        stepId: p.stepId,
        stepIndex: p.stepIndex,
        stepCount: p.stepCount,
        startedAt: p.startedAt,
        updatedAt: p.updatedAt,
        completedAt: p.completedAt,
      })),
      reflections,
      incidents,
      handovers: handovers.map((h) => ({
        officer: h.officerName,
        status: h.status,
        sentAt: h.sentAt,
        answeredAt: h.answeredAt,
        expiresAt: h.expiresAt,
      })),
      orders: orders.map((o) => ({
        number: o.number,
        organisation: o.orgName,
        orgNumber: o.orgNumber,
        status: o.status,
        ordererName: o.ordererName,
        ordererEmail: o.ordererEmail,
        ordererPhone: o.ordererPhone,
        invoiceReference: o.invoiceReference,
        createdAt: o.createdAt,
        decidedAt: o.decidedAt,
      })),
      downloads: downloads.map((d) => ({ fileName: d.fileName, createdAt: d.createdAt, expiresAt: d.expiresAt })),
      conversationReferences: references,
      lastSeenAt: activity?.lastSeenAt ?? null,
      auditEntries: audit.map((a) => ({ at: a.at, action: a.action })),
    };
  }

  /** How many of each there are, for the `mina data` card (nothing is decrypted). */
  async counts(subject: DataSubject): Promise<UserDataCounts> {
    const { userId } = subject;
    const [memberships, progress, reflections, incidents, orders, downloads, directory, references] = await Promise.all(
      [
        this.prisma.membership.count({ where: { userId } }),
        this.prisma.themeProgress.count({ where: { userId } }),
        this.prisma.reflection.count({ where: { userId } }),
        this.prisma.incident.count({ where: { userId, expiresAt: { gt: new Date() } } }),
        this.prisma.order.count({ where: { ordererUserId: userId } }),
        this.prisma.download.count({ where: { userId } }),
        this.prisma.directoryEntry.count({ where: { userId } }),
        this.prisma.conversationReference.count({ where: { userId } }),
      ],
    );
    return { memberships, progress, reflections, incidents, orders, downloads, other: directory + references };
  }

  /**
   * Erases everything about the person in one transaction. The person is who Teams says they are:
   * only rows keyed by their own ids are touched, never rows that merely carry an e-mail or a name
   * they could have typed (an order form's contact details are data about the order, not an identity).
   * Kept, because another legal duty needs it: orders (bookkeeping), with the orderer's name, e-mail,
   * phone and user id replaced by "raderad". Audit entries about the person (found by their ids) keep
   * what was done and when, with the person's ids replaced by a pseudonym and their personal fields
   * by a marker. A last security officer is refused, since an organisation without one cannot manage
   * its access; another officer must be added first.
   */
  async erase(subject: DataSubject): Promise<EraseResult> {
    const { userId } = subject;

    const result = await this.prisma.$transaction(async (tx): Promise<EraseResult> => {
      const ownMemberships = await tx.membership.findMany({
        where: { userId },
        include: { organisation: { include: { tenants: true } } },
      });
      const blocking: string[] = [];
      for (const role of ownMemberships.filter((m) => m.role === "officer")) {
        const others = await tx.membership.count({
          where: { organisationId: role.organisationId, role: "officer", id: { not: role.id } },
        });
        if (others === 0) blocking.push(role.organisation.name);
      }
      if (blocking.length > 0) return { kind: "lastOfficer", organisations: [...new Set(blocking)] };

      // The e-mail addresses Teams reported for this user, per workspace: the only e-mails that are theirs.
      const reported = await tx.directoryEntry.findMany({ where: { userId } });
      const reportedEmails = unique(reported.map((d) => d.email)).map((email) => email.toLowerCase());

      const references = await tx.conversationReference.findMany({ where: { userId } });
      const conversationIds = new Set(subject.conversationIds);
      for (const reference of references) {
        const id = (reference.reference as { conversation?: { id?: unknown } } | null)?.conversation?.id;
        if (typeof id === "string") conversationIds.add(id);
      }

      const pseudonym = pseudonymOf(userId);
      const auditEntries = await pseudonymiseAudit(tx, {
        userId,
        channelUserId: subject.channelUserId,
        membershipIds: ownMemberships.map((m) => m.id),
        reportedEmails,
        pseudonym,
      });
      await tx.membership.updateMany({
        where: { grantedBy: `officer:${userId}` },
        data: { grantedBy: `officer:${pseudonym}` },
      });

      // Their own address as the emergency contact of an organisation they belong to, as Teams reported
      // it in one of that organisation's workspaces: removed; the other officers are asked by the admin
      // card to fill in a new one. Any other contact address is the organisation's, and stays.
      for (const membership of ownMemberships) {
        const contact = membership.organisation.contactEmail?.toLowerCase();
        const tenants = new Set(membership.organisation.tenants.map((t) => t.tenantId));
        const theirs = reported.some((d) => tenants.has(d.tenantId) && d.email?.toLowerCase() === contact);
        if (contact && theirs)
          await tx.organisation.update({ where: { id: membership.organisationId }, data: { contactEmail: null } });
      }

      const memberships = await tx.membership.deleteMany({ where: { userId } });
      const progress = await tx.themeProgress.deleteMany({ where: { userId } });
      const reflections = await tx.reflection.deleteMany({ where: { userId } });
      const incidents = await tx.incident.deleteMany({ where: { userId } });
      // What they handed over to security officers; as an officer, their answers stay with the official's
      // record under a pseudonym, without their name or where their chat is.
      const handovers = await tx.incidentHandover.deleteMany({ where: { officialUserId: userId } });
      await tx.incidentHandover.updateMany({
        where: { officerUserId: userId },
        data: { officerUserId: pseudonym, officerName: erasedMarker, officerConversation: {}, officerActivityIds: [] },
      });
      const downloads = await tx.download.deleteMany({ where: { userId } });
      const directory = await tx.directoryEntry.deleteMany({ where: { userId } });
      const referencesDeleted = await tx.conversationReference.deleteMany({ where: { userId } });
      const activity = await tx.userActivity.deleteMany({ where: { userId } });
      await tx.conversationGreeting.deleteMany({ where: { conversationId: { in: [...conversationIds] } } });
      // Remembered redeliveries can hold a replayed invoke response (e.g. an admin card listing e-mails).
      await tx.processedActivity.deleteMany({ where: { conversationId: { in: [...conversationIds] } } });

      // teams-ai keys: <channel>/<bot>/users/<from.id> and <channel>/<bot>/conversations/<conversation id>.
      let conversationState = 0;
      for (const needle of [userId, subject.channelUserId].filter(isPresent)) {
        conversationState += await tx.$executeRaw`DELETE FROM bot_state WHERE strpos(key, ${needle}) > 0`;
      }
      for (const conversationId of conversationIds) {
        const suffix = `/conversations/${conversationId}`;
        conversationState += await tx.$executeRaw`
          DELETE FROM bot_state WHERE right(key, ${suffix.length}) = ${suffix}`;
      }

      // Rate-limit counters keyed by the user's id (shared limiter), if that table exists.
      const [{ present }] = await tx.$queryRaw<Array<{ present: boolean }>>`
        SELECT to_regclass('public.rate_limit') IS NOT NULL AS present`;
      if (present)
        for (const needle of [userId, subject.channelUserId].filter(isPresent))
          await tx.$executeRaw`DELETE FROM rate_limit WHERE strpos(key, ${needle}) > 0`;

      const orders = await tx.order.updateMany({
        where: { ordererUserId: userId },
        data: {
          ordererUserId: null,
          ordererName: erasedMarker,
          ordererEmail: erasedMarker,
          ordererPhone: erasedMarker,
        },
      });

      const erased = {
        memberships: memberships.count,
        progress: progress.count,
        reflections: reflections.count,
        incidents: incidents.count,
        orders: orders.count,
        downloads: downloads.count,
        other: directory.count + referencesDeleted.count + activity.count + handovers.count,
        auditEntries,
        conversationState,
      };
      // Whose (by pseudonym) and which organisations the person left, so the operator can follow it.
      const organisationIds = [...new Set(ownMemberships.map((m) => m.organisationId))];
      await writeAudit(tx, {
        actor: `user:${pseudonym}`,
        action: "privacy.erase",
        subject: `user:${pseudonym}`,
        subjectUserId: pseudonym,
        organisationId: organisationIds.length === 1 ? organisationIds[0] : null,
        after: { ...erased, tenantId: subject.tenantId ?? null, organisationIds },
      });
      return { kind: "erased", erased };
    });
    if (result.kind === "erased") this.gate?.invalidate(subject.tenantId);
    return result;
  }
}

/** The audit entries about a person, by id: what they did as an officer, and what concerned them or their access. */
function auditAbout(userId: string, membershipIds: string[]): Prisma.AuditEntryWhereInput {
  return {
    OR: [
      { actor: `officer:${userId}` },
      { subjectUserId: userId },
      { subject: { in: membershipIds.map((id) => `membership:${id}`) } },
    ],
  };
}

/** Fields of an audit entry's before/after that hold who a person is. */
const personalFields = new Set([
  "email",
  "officerEmail",
  "contactEmail",
  "displayName",
  "name",
  "ordererName",
  "ordererEmail",
]);

/**
 * Pseudonymises the audit entries about a person, found by their ids only. In each, the person's ids
 * become the pseudonym; in an entry about them, their personal fields become the marker; in an entry
 * of something they did to someone else, only their own Teams-reported address is replaced, so the
 * record of whom they granted stays.
 */
async function pseudonymiseAudit(
  tx: Prisma.TransactionClient,
  who: {
    userId: string;
    channelUserId?: string;
    membershipIds: string[];
    reportedEmails: string[];
    pseudonym: string;
  },
): Promise<number> {
  const entries = await tx.auditEntry.findMany({ where: auditAbout(who.userId, who.membershipIds) });
  const ownSubjects = new Set(who.membershipIds.map((id) => `membership:${id}`));
  const ids = [who.userId, who.channelUserId].filter(isPresent);
  const withoutIds = (text: string) => ids.reduce((t, id) => t.split(id).join(who.pseudonym), text);
  for (const entry of entries) {
    const aboutThem = entry.subjectUserId === who.userId || ownSubjects.has(entry.subject);
    const scrub = (value: unknown, key?: string): unknown => {
      if (typeof value === "string") {
        if (key && personalFields.has(key) && (aboutThem || who.reportedEmails.includes(value.toLowerCase())))
          return erasedMarker;
        return withoutIds(value);
      }
      if (Array.isArray(value)) return value.map((item) => scrub(item));
      if (value && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
      return value;
    };
    await tx.auditEntry.update({
      where: { id: entry.id },
      data: {
        actor: withoutIds(entry.actor),
        subject: withoutIds(entry.subject),
        subjectUserId: entry.subjectUserId === who.userId ? who.pseudonym : entry.subjectUserId,
        before: jsonOrNull(scrub(entry.before)),
        after: jsonOrNull(scrub(entry.after)),
      },
    });
  }
  return entries.length;
}

function jsonOrNull(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined && value !== "";
}

function unique(values: Array<string | null | undefined>): string[] {
  return [
    ...new Set(
      values
        .filter(isPresent)
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}
