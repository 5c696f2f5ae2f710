import { randomUUID } from "node:crypto";
import type { Storage, StoreItem, StoreItems } from "botbuilder";
import type { PrismaClient } from "../generated/prisma";

/**
 * botbuilder `Storage` over the `bot_state` table, with the semantics of botbuilder's MemoryStorage:
 * - read returns each stored item with its current `eTag`; missing keys are left out;
 * - write without an eTag, or with `*`, overwrites; with the stored eTag it succeeds and the item
 *   gets a new eTag; with any other eTag it fails ("eTag conflict"), unless nothing is stored yet;
 * - items round-trip through JSON (dates come back as strings).
 * Every key is one SQL statement, so the eTag check and the update are atomic across instances.
 * `read` locks the rows it returns (FOR UPDATE): meant to run inside the turn's transaction.
 * Each row records whose it is (`user_id`): the view `ownedBy` returns writes the owner it is given beside
 * each key, so an erasure finds a person's state by that column and never by looking inside keys.
 */
export class DatabaseStorage implements Storage {
  constructor(
    private readonly prisma: PrismaClient,
    /** Whose each key is (an Entra object id), or no one's; a row written without an owner keeps the one it has. */
    private readonly ownerOf: (key: string) => string | undefined = () => undefined,
  ) {}

  /** The same storage, recording `ownerOf(key)` as the owner of each key it writes. */
  ownedBy(ownerOf: (key: string) => string | undefined): DatabaseStorage {
    return new DatabaseStorage(this.prisma, ownerOf);
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
    // saves instead of failing its eTag check later and running again. In key order, so two turns
    // locking the same rows cannot deadlock. The eTag check below still decides for rows not yet stored.
    const rows = await this.prisma.$queryRaw<Array<{ key: string; etag: string; data: unknown }>>`
      SELECT key, etag, data FROM bot_state WHERE key = ANY(${keys}) ORDER BY key FOR UPDATE`;
    const items: StoreItems = {};
    for (const row of rows) {
      items[row.key] = { ...(row.data as object), eTag: row.etag };
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
    await this.prisma.botState.deleteMany({ where: { key: { in: keys } } });
  }

  private async writeItem(key: string, item: StoreItem): Promise<void> {
    // Object spread, like MemoryStorage's Object.assign clone; the eTag lives in its own column.
    const { eTag, ...data } = { ...item };
    const json = JSON.stringify(data);
    const newEtag = randomUUID();
    const owner = this.ownerOf(key) ?? null;
    if (!eTag || eTag === "*") {
      await this.prisma.$executeRaw`
        INSERT INTO bot_state (key, etag, data, updated_at, user_id)
        VALUES (${key}, ${newEtag}, ${json}::jsonb, CURRENT_TIMESTAMP, ${owner})
        ON CONFLICT (key) DO UPDATE
        SET etag = EXCLUDED.etag, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at,
            user_id = COALESCE(EXCLUDED.user_id, bot_state.user_id)`;
      return;
    }
    // With no stored row the INSERT wins, as MemoryStorage accepts any eTag for a new key.
    // Under concurrency Postgres re-checks the WHERE on the latest row version, so of two writers
    // holding the same eTag exactly one updates the row.
    const written = await this.prisma.$executeRaw`
      INSERT INTO bot_state (key, etag, data, updated_at, user_id)
      VALUES (${key}, ${newEtag}, ${json}::jsonb, CURRENT_TIMESTAMP, ${owner})
      ON CONFLICT (key) DO UPDATE
      SET etag = EXCLUDED.etag, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at,
          user_id = COALESCE(EXCLUDED.user_id, bot_state.user_id)
      WHERE bot_state.etag = ${String(eTag)}`;
    if (written === 0) {
      throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
    }
  }
}
