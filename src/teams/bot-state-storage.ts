import { randomUUID } from "node:crypto";
import type { Storage, StoreItem, StoreItems } from "botbuilder";
import type { HotStatements, StateRow } from "../platform/storage/hot-statements";

/**
 * botbuilder `Storage` over the `bot_state` table, with the semantics of botbuilder's MemoryStorage:
 * - read returns each stored item with its current `eTag`; missing keys are left out;
 * - write without an eTag, or with `*`, overwrites; with the stored eTag it succeeds and the item
 *   gets a new eTag; with any other eTag it fails ("eTag conflict"), unless nothing is stored yet;
 * - items round-trip through JSON (dates come back as strings).
 * Every key is one SQL statement, so the eTag check and the update are atomic across instances.
 * `read` locks the rows it returns (FOR UPDATE): meant to run inside the turn's transaction, whose first
 * statement, the dedup claim, usually read them already (`withRowsRead`).
 * Each row records whose it is (`user_id`): the view `ownedBy` returns writes the owner it is given beside
 * each key, so an erasure finds a person's state by that column and never by looking inside keys.
 */
export class DatabaseStorage implements Storage {
  constructor(
    private readonly hot: HotStatements,
    /** Whose each key is (an Entra object id), or no one's; a row written without an owner keeps the one it has. */
    private readonly ownerOf: (key: string) => string | undefined = () => undefined,
    /** Rows read already in this turn (with the dedup claim), and the keys that read asked for. */
    private readonly alreadyRead?: { keys: readonly string[]; rows: StateRow[] },
  ) {}

  /** The same storage, recording `ownerOf(key)` as the owner of each key it writes. */
  ownedBy(ownerOf: (key: string) => string | undefined): DatabaseStorage {
    return new DatabaseStorage(this.hot, ownerOf, this.alreadyRead);
  }

  /** The same storage, answering a read of `keys` (or fewer) with `rows` instead of asking the database again. */
  withRowsRead(keys: readonly string[], rows: StateRow[]): DatabaseStorage {
    return new DatabaseStorage(this.hot, this.ownerOf, { keys, rows });
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) {
      throw new ReferenceError("Keys are required when reading.");
    }
    if (keys.length === 0) {
      return {};
    }
    // Inside a turn's transaction (src/platform/storage/turn-transaction.ts) the rows stay locked until it
    // commits, so the next turn of the same conversation, on any instance, reads the state this one
    // saves instead of failing its eTag check later and running again. The eTag check in the write still
    // decides for rows not yet stored.
    const read = this.alreadyRead;
    const rows =
      read && keys.every((key) => read.keys.includes(key))
        ? read.rows.filter((row) => keys.includes(row.key))
        : await this.hot.readState(keys);
    const items: StoreItems = {};
    for (const row of rows) {
      items[row.key] = { ...row.data, eTag: row.etag };
    }
    return items;
  }

  /**
   * Like MemoryStorage, a conflict on one key does not stop the other keys from being written;
   * the first failure (in key order) is thrown once all writes have finished.
   */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) {
      throw new ReferenceError("Changes are required when writing.");
    }
    const results = await Promise.allSettled(
      Object.entries(changes).map(([key, item]) => this.writeItem(key, item as StoreItem)),
    );
    const failure = results.find((result) => result.status === "rejected");
    if (failure) {
      throw failure.reason;
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) {
      return;
    }
    await this.hot.deleteState(keys);
  }

  private async writeItem(key: string, item: StoreItem): Promise<void> {
    // Object spread, like MemoryStorage's Object.assign clone; the eTag lives in its own column.
    const { eTag, ...data } = { ...item };
    const written = await this.hot.saveState({
      key,
      etag: randomUUID(),
      json: JSON.stringify(data),
      owner: this.ownerOf(key) ?? null,
      // Without an eTag, or with `*`, the write overwrites.
      expectedEtag: !eTag || eTag === "*" ? undefined : String(eTag),
    });
    if (!written) {
      throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
    }
  }
}
