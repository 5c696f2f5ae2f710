import { Prisma, type PrismaClient } from "../../generated/prisma";
import type { PersonalDataStore } from "../privacy/personal-data";
import { idsOf } from "../privacy/personal-data";
import { erasedMarker, pseudonymOf } from "../privacy/pseudonym";

export interface AuditData {
  at: Date;
  action: string;
}

/**
 * Audit log entries about changes the person made or that concern their access, found by their ids
 * only. Erasing keeps what was done and when (the operator's and the organisation's record) and
 * pseudonymises the person in it. Registered before the memberships and directory stores: it finds
 * the entries through the person's memberships and replaces only the addresses Teams reported for them.
 */
export function auditPersonalData(prisma: PrismaClient): PersonalDataStore<{ auditEntries: AuditData[] }> {
  const membershipIdsOf = async (client: Prisma.TransactionClient, userId: string) =>
    (await client.membership.findMany({ where: { userId }, select: { id: true } })).map((m) => m.id);
  return {
    name: "auditEntries",
    models: ["AuditEntry"],
    async export({ userId }) {
      const entries = await prisma.auditEntry.findMany({
        where: auditAbout(userId, await membershipIdsOf(prisma, userId)),
        orderBy: { at: "asc" },
      });
      return { auditEntries: entries.map((a) => ({ at: a.at, action: a.action })) };
    },
    async count() {
      return {};
    },
    async erase(subject, tx) {
      const { userId } = subject;
      const reported = await tx.directoryEntry.findMany({ where: { userId }, select: { email: true } });
      const pseudonym = pseudonymOf(userId);
      const auditEntries = await pseudonymiseAudit(tx, {
        userId,
        ids: idsOf(subject),
        membershipIds: await membershipIdsOf(tx, userId),
        reportedEmails: [
          ...new Set(reported.map((d) => d.email?.trim().toLowerCase()).filter((e): e is string => !!e)),
        ],
        pseudonym,
      });
      return { auditEntries };
    },
  };
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
 * In each entry about the person, their ids become the pseudonym; in an entry about them, their
 * personal fields become the marker; in an entry of something they did to someone else, only their own
 * Teams-reported address is replaced, so the record of whom they granted stays.
 */
async function pseudonymiseAudit(
  tx: Prisma.TransactionClient,
  who: { userId: string; ids: string[]; membershipIds: string[]; reportedEmails: string[]; pseudonym: string },
): Promise<number> {
  const entries = await tx.auditEntry.findMany({ where: auditAbout(who.userId, who.membershipIds) });
  const ownSubjects = new Set(who.membershipIds.map((id) => `membership:${id}`));
  const withoutIds = (text: string) => who.ids.reduce((t, id) => t.split(id).join(who.pseudonym), text);
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
