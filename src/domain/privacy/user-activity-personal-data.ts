import type { PrismaClient } from "../../generated/prisma";
import type { PersonalDataStore } from "./personal-data";

/** The day the person last used the bot (what the inactivity retention counts from); not a row on the card. */
export function userActivityPersonalData(prisma: PrismaClient): PersonalDataStore<{ lastSeenAt: Date | null }> {
  return {
    name: "userActivity",
    models: ["UserActivity"],
    async export({ userId }) {
      const activity = await prisma.userActivity.findUnique({ where: { userId } });
      return { lastSeenAt: activity?.lastSeenAt ?? null };
    },
    async count() {
      return {};
    },
    async erase({ userId }, tx) {
      return { other: (await tx.userActivity.deleteMany({ where: { userId } })).count };
    },
  };
}
