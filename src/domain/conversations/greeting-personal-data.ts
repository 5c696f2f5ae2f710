import { eraseOnlyPersonalData, type PersonalDataStore } from "../privacy/personal-data";

/**
 * The greeting log holds a conversation id and when it was greeted: no content, but a personal chat's
 * id is the person's, so their chats' marks go with an erasure (the next install greets again).
 */
export function greetingPersonalData(): PersonalDataStore<object> {
  return eraseOnlyPersonalData({
    name: "greetings",
    models: ["ConversationGreeting"],
    async erase({ conversationIds }, tx) {
      await tx.conversationGreeting.deleteMany({ where: { conversationId: { in: conversationIds } } });
      return {};
    },
  });
}
