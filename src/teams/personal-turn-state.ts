import type { Storage, TurnContext } from "botbuilder";
import { TurnState } from "@microsoft/teams-ai";
import { DatabaseStorage } from "./bot-state-storage";
import { isGroupConversation, userOf } from "./turn-facts";

/**
 * teams-ai's turn state, saved with its owner recorded beside each key, so an erasure finds a person's
 * state by owner (src/teams/bot-state-personal-data.ts):
 * - user state is the turn's person's, wherever they write;
 * - the conversation state of a personal chat is that person's too;
 * - the conversation state of a group chat or a channel is nobody's: it is shared by everyone in it, so
 *   nothing personal may be kept there (no route that keeps any runs in a group: each route's `worksInGroups`,
 *   src/teams/route-declaration.ts; a group session lives in its own tables).
 */
export class PersonalTurnState<TConversationState, TUserState> extends TurnState<TConversationState, TUserState> {
  override save(context: TurnContext, storage?: Storage): Promise<void> {
    const person = userOf(context)?.userId;
    const sharedKey = isGroupConversation(context) ? this.getScope("conversation")?.storageKey : undefined;
    const owned =
      storage instanceof DatabaseStorage ? storage.ownedBy((key) => (key === sharedKey ? undefined : person)) : storage;
    return super.save(context, owned);
  }
}
