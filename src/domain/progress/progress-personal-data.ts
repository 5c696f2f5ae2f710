import type { PrismaClient } from "../../generated/prisma";
import type { DataSubject, PersonalDataStore } from "../privacy/personal-data";

export interface ProgressData {
  themeId: string;
  stepId: string;
  stepIndex: number;
  stepCount: number;
  startedAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

/** Where the person is in each theme. */
export function progressPersonalData(prisma: PrismaClient): PersonalDataStore<{ progress: ProgressData[] }> {
  return {
    name: "progress",
    models: ["ThemeProgress"],
    async export({ userId }: DataSubject) {
      const progress = await prisma.themeProgress.findMany({
        where: { userId },
        orderBy: { startedAt: "asc" },
        select: {
          themeId: true,
          stepId: true,
          stepIndex: true,
          stepCount: true,
          startedAt: true,
          updatedAt: true,
          completedAt: true,
        },
      });
      return { progress };
    },
    async count({ userId }) {
      return { progress: await prisma.themeProgress.count({ where: { userId } }) };
    },
    async erase({ userId }, tx) {
      return { progress: (await tx.themeProgress.deleteMany({ where: { userId } })).count };
    },
  };
}
