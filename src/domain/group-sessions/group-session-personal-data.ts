import type { PrismaClient } from "../../generated/prisma";
import { idsOf, type DataSubject, type PersonalDataStore } from "../privacy/personal-data";
import { endSessions } from "./group-session-store";

export interface GroupSessionData {
  themeId: string;
  startedAt: Date;
}

const ledBy = (subject: DataSubject) => {
  const ids = idsOf(subject);
  return { OR: [{ facilitatorUserId: { in: ids } }, { facilitatorChannelId: { in: ids } }] };
};

/**
 * The group sessions the person leads right now: a session names its facilitator while it runs. Erasing
 * ends them, answers and all. The answers are nobody's: stored under a salted key, in no one's export.
 */
export function groupSessionPersonalData(
  prisma: PrismaClient,
): PersonalDataStore<{ groupSessions: GroupSessionData[] }> {
  return {
    name: "groupSessions",
    models: ["GroupSession"],
    async export(subject) {
      const rows = await prisma.groupSession.findMany({
        where: { ...ledBy(subject), endedAt: null },
        orderBy: { startedAt: "asc" },
        select: { themeId: true, startedAt: true },
      });
      return { groupSessions: rows };
    },
    async count(subject) {
      return { other: await prisma.groupSession.count({ where: { ...ledBy(subject), endedAt: null } }) };
    },
    async erase(subject, tx) {
      return { other: await endSessions(tx, ledBy(subject), new Date()) };
    },
  };
}
