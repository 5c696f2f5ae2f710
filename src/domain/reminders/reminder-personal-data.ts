import type { PrismaClient } from "../../generated/prisma";
import type { DataSubject, PersonalDataStore } from "../privacy/personal-data";

export interface ReminderData {
  themeId: string;
  dueAt: Date;
  status: string;
}

/** Reminders the person asked for about a theme, sent or still to come. */
export function reminderPersonalData(prisma: PrismaClient): PersonalDataStore<{ reminders: ReminderData[] }> {
  return {
    name: "reminders",
    models: ["Reminder"],
    async export({ userId }: DataSubject) {
      const rows = await prisma.reminder.findMany({
        where: { userId },
        orderBy: { dueAt: "asc" },
        select: { themeId: true, dueAt: true, status: true },
      });
      return { reminders: rows };
    },
    async count({ userId }) {
      return { other: await prisma.reminder.count({ where: { userId } }) };
    },
    async erase({ userId }, tx) {
      return { other: (await tx.reminder.deleteMany({ where: { userId } })).count };
    },
  };
}
