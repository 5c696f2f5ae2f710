import type { PersonalDataStore } from "../domain/privacy/personal-data";
import { idsOf } from "../domain/privacy/personal-data";

/**
 * The Bot Framework state of the person's chats (dialog steps, the language they chose), found by the
 * owner `DatabaseStorage` records beside each key, never by reading keys. Not exported or counted: it
 * is where a chat stands, not a record the person keeps.
 */
export function botStatePersonalData(): PersonalDataStore<object> {
  return {
    name: "botState",
    models: ["BotState"],
    async export() {
      return {};
    },
    async count() {
      return {};
    },
    async erase(subject, tx) {
      const { count } = await tx.botState.deleteMany({ where: { userId: { in: idsOf(subject) } } });
      return { conversationState: count };
    },
  };
}
