import type { Storage, TurnContext } from "botbuilder";
import { TurnState } from "@microsoft/teams-ai";
import type { StateRow } from "../platform/storage/hot-statements";
import { DatabaseStorage } from "./bot-state-storage";
import { userOf } from "./turn-facts";

const rowsReadWithClaim = Symbol("rowsReadWithClaim");

interface RowsRead {
  keys: readonly string[];
  rows: StateRow[];
}

/**
 * teams-ai's turn state, saved with the turn's person recorded as the owner of every key it writes. The
 * bot talks only in personal chats (appPackage/manifest.json), so a turn's conversation and user state
 * are both that person's; an erasure then finds them by owner (src/teams/bot-state-personal-data.ts).
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
    const owned = storage instanceof DatabaseStorage ? storage.ownedBy(userOf(context)?.userId) : storage;
    return super.save(context, owned);
  }
}
