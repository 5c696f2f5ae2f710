import type { PrismaClient } from "../../generated/prisma";
import type { PersonalDataStore } from "../privacy/personal-data";
import type { IncidentStore, SavedIncident } from "./incident-store";

/** The incidents the person documented and saved (until their retention ends), opened for the export. */
export function incidentPersonalData(
  prisma: PrismaClient,
  incidents: IncidentStore,
): PersonalDataStore<{ incidents: SavedIncident[] }> {
  return {
    name: "incidents",
    models: ["Incident"],
    async export({ userId }) {
      return { incidents: await incidents.listForUser(userId) };
    },
    async count({ userId }) {
      return { incidents: await prisma.incident.count({ where: { userId, expiresAt: { gt: new Date() } } }) };
    },
    async erase({ userId }, tx) {
      return { incidents: (await tx.incident.deleteMany({ where: { userId } })).count };
    },
  };
}
