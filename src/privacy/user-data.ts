import { createHash } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma";
import type { IncidentStore, SavedIncident } from "../incidents/incident-store";
import { writeAudit } from "../licensing/audit-log";
import type { LicenceGate } from "../licensing/licence-gate";
import type { ReflectionStore, SavedReflection } from "../reflections/reflection-store";

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

/** What erased personal fields on a kept order are set to. */
export const erasedMarker = "raderad";

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
    const identity = await this.identityOf(subject);
    const [memberships, directory, progress, reflections, incidents, orders, downloads, references, activity] =
      await Promise.all([
        this.prisma.membership.findMany({
          where: { OR: [{ userId }, ...emailFilter(identity.emails)] },
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
    const audit = await this.auditRowsAbout(this.prisma, identity.needles);
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
    const identity = await this.identityOf(subject);
    const [memberships, progress, reflections, incidents, orders, downloads, directory, references] = await Promise.all(
      [
        this.prisma.membership.count({ where: { OR: [{ userId }, ...emailFilter(identity.emails)] } }),
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
   * Erases everything about the person in one transaction. Kept, because another legal duty needs it:
   * orders (bookkeeping), with the orderer's name, e-mail, phone and user id replaced by "raderad".
   * Audit entries that name the person keep what was done and when, with the person's ids, e-mail
   * addresses and names replaced by a marker. A last security officer is refused, since an
   * organisation without one cannot manage its access; another officer must be added first.
   */
  async erase(subject: DataSubject): Promise<EraseResult> {
    const { userId } = subject;
    const identity = await this.identityOf(subject);

    const result = await this.prisma.$transaction(async (tx): Promise<EraseResult> => {
      const officerRoles = await tx.membership.findMany({
        where: { role: "officer", OR: [{ userId }, ...emailFilter(identity.emails)] },
        include: { organisation: { select: { name: true } } },
      });
      const blocking: string[] = [];
      for (const role of officerRoles) {
        const officers = await tx.membership.findMany({
          where: { organisationId: role.organisationId, role: "officer" },
        });
        const others = officers.filter(
          (o) => o.userId !== userId && !(o.email !== null && identity.emails.includes(o.email.toLowerCase())),
        );
        if (others.length === 0) blocking.push(role.organisation.name);
      }
      if (blocking.length > 0) return { kind: "lastOfficer", organisations: [...new Set(blocking)] };

      const references = await tx.conversationReference.findMany({ where: { userId } });
      const conversationIds = new Set(subject.conversationIds);
      for (const reference of references) {
        const id = (reference.reference as { conversation?: { id?: unknown } } | null)?.conversation?.id;
        if (typeof id === "string") conversationIds.add(id);
      }

      const memberships = await tx.membership.deleteMany({
        where: { OR: [{ userId }, ...emailFilter(identity.emails)] },
      });
      const progress = await tx.themeProgress.deleteMany({ where: { userId } });
      const reflections = await tx.reflection.deleteMany({ where: { userId } });
      const incidents = await tx.incident.deleteMany({ where: { userId } });
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
        where: { OR: [{ ordererUserId: userId }, ...identity.emails.map((ordererEmail) => ({ ordererEmail }))] },
        data: {
          ordererUserId: null,
          ordererName: erasedMarker,
          ordererEmail: erasedMarker,
          ordererPhone: erasedMarker,
        },
      });

      // The person's e-mail as their organisation's contact for the emergency help: removed, the other
      // officers are asked by the admin card to fill in a new one.
      if (identity.emails.length > 0)
        await tx.organisation.updateMany({
          where: {
            OR: identity.emails.map((email) => ({ contactEmail: { equals: email, mode: "insensitive" as const } })),
          },
          data: { contactEmail: null },
        });

      const pseudonym = `${erasedMarker}-${createHash("sha256").update(userId).digest("hex").slice(0, 8)}`;
      let auditEntries = 0;
      for (const needle of identity.needles) {
        auditEntries += await tx.$executeRaw`
          UPDATE audit_entry SET
            actor = replace(actor, ${needle}, ${pseudonym}),
            subject = replace(subject, ${needle}, ${pseudonym}),
            before = replace(before::text, ${needle}, ${pseudonym})::jsonb,
            after = replace(after::text, ${needle}, ${pseudonym})::jsonb
          WHERE strpos(actor, ${needle}) > 0 OR strpos(subject, ${needle}) > 0
             OR strpos(coalesce(before::text, ''), ${needle}) > 0 OR strpos(coalesce(after::text, ''), ${needle}) > 0`;
        await tx.$executeRaw`
          UPDATE membership SET granted_by = replace(granted_by, ${needle}, ${pseudonym})
          WHERE strpos(granted_by, ${needle}) > 0`;
      }

      const erased = {
        memberships: memberships.count,
        progress: progress.count,
        reflections: reflections.count,
        incidents: incidents.count,
        orders: orders.count,
        downloads: downloads.count,
        other: directory.count + referencesDeleted.count + activity.count,
        auditEntries,
        conversationState,
      };
      // That an erasure happened, and of how much, without anything that points to whom.
      await writeAudit(tx, { actor: "user", action: "privacy.erase", subject: "user", after: erased });
      return { kind: "erased", erased };
    });
    if (result.kind === "erased") this.gate?.invalidate(subject.tenantId);
    return result;
  }

  /** The e-mail addresses and names the bot has for the person, and every string that points to them. */
  private async identityOf(subject: DataSubject): Promise<{ emails: string[]; needles: string[] }> {
    const { userId } = subject;
    const [directory, memberships, orders] = await Promise.all([
      this.prisma.directoryEntry.findMany({ where: { userId } }),
      this.prisma.membership.findMany({ where: { userId } }),
      this.prisma.order.findMany({ where: { ordererUserId: userId } }),
    ]);
    const emails = unique([
      ...directory.map((d) => d.email),
      ...memberships.map((m) => m.email),
      ...orders.map((o) => o.ordererEmail),
    ]).map((email) => email.toLowerCase());
    const names = unique([
      ...directory.map((d) => d.displayName),
      ...memberships.map((m) => m.displayName),
      ...orders.map((o) => o.ordererName),
    ]).filter((name) => name.length >= 3 && name !== erasedMarker);
    const needles = unique([userId, subject.channelUserId, ...emails, ...names]).filter((n) => n !== erasedMarker);
    return { emails: emails.filter((e) => e !== erasedMarker), needles };
  }

  private async auditRowsAbout(db: PrismaClient | Prisma.TransactionClient, needles: string[]) {
    if (needles.length === 0) return [];
    const rows = await db.$queryRaw<Array<{ at: Date; action: string; matches: boolean }>>`
      SELECT at, action FROM audit_entry
      WHERE EXISTS (
        SELECT 1 FROM unnest(${needles}::text[]) AS needle
        WHERE strpos(actor, needle) > 0 OR strpos(subject, needle) > 0
           OR strpos(coalesce(before::text, ''), needle) > 0 OR strpos(coalesce(after::text, ''), needle) > 0
      )
      ORDER BY at`;
    return rows;
  }
}

function emailFilter(emails: string[]): Array<{ email: string }> {
  return emails.map((email) => ({ email }));
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
