import type { Storage, TurnContext } from "botbuilder";
import { TurnState } from "@microsoft/teams-ai";
import { DatabaseStorage } from "./bot-state-storage";
import { userOf } from "./turn-facts";

/**
 * teams-ai's turn state, saved with the turn's person recorded as the owner of every key it writes. The
 * bot talks only in personal chats (appPackage/manifest.json), so a turn's conversation and user state
 * are both that person's; an erasure then finds them by owner (src/teams/bot-state-personal-data.ts).
 */
export class PersonalTurnState<TConversationState, TUserState> extends TurnState<TConversationState, TUserState> {
  override save(context: TurnContext, storage?: Storage): Promise<void> {
    const owned = storage instanceof DatabaseStorage ? storage.ownedBy(userOf(context)?.userId) : storage;
    return super.save(context, owned);
  }
}
