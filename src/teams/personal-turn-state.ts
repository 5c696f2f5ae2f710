import type { Storage, TurnContext } from "botbuilder";
import { TurnState } from "@microsoft/teams-ai";
import type { StateRow } from "../platform/storage/hot-statements";
import { DatabaseStorage } from "./bot-state-storage";
import { isGroupConversation, userOf } from "./turn-facts";

const rowsReadWithClaim = Symbol("rowsReadWithClaim");

interface RowsRead {
  keys: readonly string[];
  rows: StateRow[];
}

/**
 * teams-ai's turn state, saved with its owner recorded beside each key, so an erasure finds a person's
 * state by owner (src/teams/bot-state-personal-data.ts):
 * - user state is the turn's person's, wherever they write;
 * - the conversation state of a personal chat is that person's too;
 * - the conversation state of a group chat or a channel is nobody's: it is shared by everyone in it, so
 *   nothing personal may be kept there (no route that keeps any runs in a group: each route's `worksInGroups`,
 *   src/teams/route-declaration.ts; a group session lives in its own tables).
 * It loads from the rows the dedup claim read in the same round trip (see `storageKeysOf`), when there are.
 */
export class PersonalTurnState<TConversationState, TUserState> extends TurnState<TConversationState, TUserState> {
  /** The `bot_state` keys this turn's state loads; none for an activity that lacks what they are made of. */
  static async storageKeysOf(context: TurnContext): Promise<string[]> {
    try {
      return Object.values(await new PersonalTurnState().onComputeStorageKeys(context));
    } catch {
      return [];
    }
  }

  /** Hands the turn's state rows, read with the claim, to the load that follows in the same attempt. */
  static readWithClaim(context: TurnContext, keys: readonly string[], rows: StateRow[]): void {
    context.turnState.set(rowsReadWithClaim, { keys, rows } satisfies RowsRead);
  }

  override load(context: TurnContext, storage?: Storage): Promise<boolean> {
    const read = context.turnState.get(rowsReadWithClaim) as RowsRead | undefined;
    context.turnState.delete(rowsReadWithClaim);
    const preloaded = read && storage instanceof DatabaseStorage ? storage.withRowsRead(read.keys, read.rows) : storage;
    return super.load(context, preloaded);
  }

  override save(context: TurnContext, storage?: Storage): Promise<void> {
    const person = userOf(context)?.userId;
    const sharedKey = isGroupConversation(context) ? this.getScope("conversation")?.storageKey : undefined;
    const owned =
      storage instanceof DatabaseStorage ? storage.ownedBy((key) => (key === sharedKey ? undefined : person)) : storage;
    return super.save(context, owned);
  }
}
