import type { PrismaClient } from "../../generated/prisma";
import type { PersonalDataStore } from "../privacy/personal-data";
import type { ReflectionStore, SavedReflection } from "./reflection-store";

/** The reflections the person chose to save, opened for the export. */
export function reflectionPersonalData(
  prisma: PrismaClient,
  reflections: ReflectionStore,
): PersonalDataStore<{ reflections: SavedReflection[] }> {
  return {
    name: "reflections",
    models: ["Reflection"],
    async export({ userId }) {
      return { reflections: await reflections.listForUser(userId) };
    },
    async count({ userId }) {
      return { reflections: await prisma.reflection.count({ where: { userId } }) };
    },
    async erase({ userId }, tx) {
      return { reflections: (await tx.reflection.deleteMany({ where: { userId } })).count };
    },
  };
}
