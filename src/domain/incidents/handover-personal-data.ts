import type { PrismaClient } from "../../generated/prisma";
import type { DataSubject, PersonalDataStore } from "../privacy/personal-data";
import { erasedMarker, pseudonymOf } from "../privacy/pseudonym";

export interface HandoverData {
  officer: string | null;
  status: string;
  sentAt: Date;
  answeredAt: Date | null;
  expiresAt: Date;
}

/**
 * Summaries the person handed over to security officers: to whom, when, and what they answered (never
 * the record's words). As an officer, their answers stay with the official's record under a pseudonym,
 * without their name or where their chat is.
 */
export function handoverPersonalData(prisma: PrismaClient): PersonalDataStore<{ handovers: HandoverData[] }> {
  return {
    name: "incident hand-overs",
    models: ["IncidentHandover"],
    async export({ userId }: DataSubject) {
      const rows = await prisma.incidentHandover.findMany({
        where: { officialUserId: userId },
        orderBy: { sentAt: "asc" },
        select: { officerName: true, status: true, sentAt: true, answeredAt: true, expiresAt: true },
      });
      return { handovers: rows.map(({ officerName, ...handover }) => ({ officer: officerName, ...handover })) };
    },
    async count({ userId }) {
      return { other: await prisma.incidentHandover.count({ where: { officialUserId: userId } }) };
    },
    async erase({ userId }, tx) {
      const handedOver = await tx.incidentHandover.deleteMany({ where: { officialUserId: userId } });
      await tx.incidentHandover.updateMany({
        where: { officerUserId: userId },
        data: {
          officerUserId: pseudonymOf(userId),
          officerName: erasedMarker,
          officerConversation: {},
          officerActivityIds: [],
        },
      });
      return { other: handedOver.count };
    },
  };
}
