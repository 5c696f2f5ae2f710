import type { Prisma, PrismaClient } from "../generated/prisma";
import type { PersonalDataStore } from "../domain/privacy/personal-data";

/**
 * Where the bot can reach the person in a personal chat (ids and a service address only). It also
 * tells an erasure which conversations were the person's, for the stores keyed by conversation.
 */
export function conversationReferencePersonalData(
  prisma: PrismaClient,
): PersonalDataStore<{ conversationReferences: number }> {
  const count = (client: PrismaClient | Prisma.TransactionClient, userId: string) =>
    client.conversationReference.count({ where: { userId } });
  return {
    name: "conversationReferences",
    models: ["ConversationReference"],
    async export({ userId }) {
      return { conversationReferences: await count(prisma, userId) };
    },
    async count({ userId }) {
      return { other: await count(prisma, userId) };
    },
    async conversationsOf({ userId }, tx) {
      const references = await tx.conversationReference.findMany({ where: { userId }, select: { reference: true } });
      return references
        .map((row) => (row.reference as { conversation?: { id?: unknown } } | null)?.conversation?.id)
        .filter((id): id is string => typeof id === "string");
    },
    async erase({ userId }, tx) {
      return { other: (await tx.conversationReference.deleteMany({ where: { userId } })).count };
    },
  };
}
