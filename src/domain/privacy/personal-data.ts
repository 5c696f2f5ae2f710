import type { Prisma } from "../../generated/prisma";

/**
 * The person a `mina data` request is about, named by every id Teams gives for them: the Entra object
 * id (what the tables use), the Bot Framework channel id (`activity.from.id`, e.g. `29:...`) and the
 * conversations they had with the bot. Never anything they typed.
 */
export interface DataSubject {
  userId: string;
  tenantId?: string;
  channelUserId?: string;
  /** The conversation the request came from; stores that know others add them (`conversationsOf`). */
  conversationIds: string[];
}

/** The rows of the `mina data` card. What a store holds that is none of the others counts as "other". */
export interface UserDataCounts {
  memberships: number;
  progress: number;
  reflections: number;
  incidents: number;
  orders: number;
  downloads: number;
  other: number;
}

/** What an erasure did, for the receipt card and the audit entry. */
export type ErasedCounts = UserDataCounts & { auditEntries: number; conversationState: number };

/**
 * The contract every store that can hold something about a person fulfils, implemented next to the
 * store (it alone knows its tables) and registered once, in src/runtime.ts. `mina data` counts, exports
 * and erases by iterating the registered stores; nothing else reads another module's tables.
 */
export interface PersonalDataStore<TExport extends object = object> {
  /** Names the store in logs and test failures. */
  readonly name: string;
  /** The Prisma models whose rows about a person this store answers for (a test checks every model is covered). */
  readonly models: readonly string[];
  /** The person's records, opened (decrypted): sections of the export, merged with the other stores'. */
  export(subject: DataSubject): Promise<TExport>;
  /** How many records of each kind, for the card; nothing is decrypted. */
  count(subject: DataSubject): Promise<Partial<UserDataCounts>>;
  /** Deletes (or detaches, where another legal duty keeps a record) the person's rows; idempotent. */
  erase(subject: DataSubject, tx: Prisma.TransactionClient): Promise<ErasedPart>;
  /** Why the person cannot be erased yet (e.g. the last security officer of an organisation), if so. */
  refuseErase?(subject: DataSubject, tx: Prisma.TransactionClient): Promise<EraseRefusal | undefined>;
  /** Conversations with the person this store knows of, so stores keyed by conversation find theirs. */
  conversationsOf?(subject: DataSubject, tx: Prisma.TransactionClient): Promise<string[]>;
}

/** One store's share of an erasure. */
export type ErasedPart = Partial<ErasedCounts> & {
  /** Organisations the person left, so the operator finds the erasure in each one's audit log. */
  organisationIds?: string[];
};

/** A security officer who is the last one of an organisation: someone else must take over first. */
export interface EraseRefusal {
  kind: "lastOfficer";
  organisations: string[];
}

/**
 * A store whose rows are where a chat or a turn stands, not records the person keeps: never exported
 * or counted, but erased with the person all the same.
 */
export function eraseOnlyPersonalData(
  store: Pick<PersonalDataStore<object>, "name" | "models" | "erase">,
): PersonalDataStore<object> {
  return { ...store, export: async () => ({}), count: async () => ({}) };
}

/** The registered stores, in the order an erasure visits them. */
export type PersonalDataRegistry = readonly PersonalDataStore[];

export function emptyCounts(): UserDataCounts {
  return { memberships: 0, progress: 0, reflections: 0, incidents: 0, orders: 0, downloads: 0, other: 0 };
}

/** Adds `part` into `total`, key by key. */
export function addCounts<T extends UserDataCounts>(total: T, part: Partial<T>): T {
  for (const key of Object.keys(part) as Array<keyof T>) {
    const value = part[key];
    if (typeof value === "number") (total[key] as number) += value;
  }
  return total;
}

/** The subject's ids as the tables store them: the Entra object id, and the channel id where it differs. */
export function idsOf(subject: DataSubject): string[] {
  return [...new Set([subject.userId, subject.channelUserId].filter((id): id is string => !!id))];
}
