import type { PreparedStatement, SqlConnection } from "./sql-connection";
import { currentTurnConnection } from "./turn-transaction";

/** A `bot_state` row: botbuilder state of one key, with its optimistic-concurrency token. */
export interface StateRow {
  key: string;
  etag: string;
  data: Record<string, unknown>;
}

export interface ProgressRow {
  themeId: string;
  stepId: string;
  stepIndex: number;
  stepCount: number;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface MembershipRow {
  organisationId: string;
  role: string;
}

export interface ReflectionInsert {
  id: string;
  userId: string;
  themeId: string;
  stepId: string;
  keyId: string;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  saveKey: string | null;
}

/*
 * The tables' timestamps are `timestamp without time zone` holding UTC, as Prisma writes and reads them;
 * `utcNow` and `AT TIME ZONE 'UTC'` keep that whatever the session's time zone.
 */
const utcNow = "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')";

/*
 * The claim and the state read in one round trip. A row of a finished turn is only ever visible committed
 * together with everything that turn did, so it is stamped finished when claimed. The state CTE locks the
 * rows (FOR UPDATE, in key order so two turns cannot deadlock): after a concurrent turn commits, the lock
 * returns the row as that turn left it. One row per state row, or one row of NULLs when there is none.
 */
const claimWithState: PreparedStatement = {
  name: "hot_claim_activity_with_state",
  text: `WITH claim AS (
      INSERT INTO processed_activity (conversation_id, activity_id, claimed_at, finished_at)
      VALUES ($1, $2, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
      ON CONFLICT (conversation_id, activity_id) DO UPDATE
      SET claimed_at = CURRENT_TIMESTAMP, finished_at = CURRENT_TIMESTAMP, invoke_response = NULL
      WHERE processed_activity.claimed_at < CURRENT_TIMESTAMP - make_interval(secs => $3::double precision)
      RETURNING 1
    ), state AS (
      SELECT key, etag, data FROM bot_state WHERE key = ANY($4::text[]) ORDER BY key FOR UPDATE
    )
    SELECT EXISTS (SELECT 1 FROM claim) AS claimed, state.key, state.etag, state.data
    FROM (SELECT 1) AS one LEFT JOIN state ON true`,
};

const rememberInvokeResponse: PreparedStatement = {
  name: "hot_remember_invoke_response",
  text: `UPDATE processed_activity SET invoke_response = $3::jsonb
    WHERE conversation_id = $1 AND activity_id = $2`,
};

const readState: PreparedStatement = {
  name: "hot_read_state",
  text: "SELECT key, etag, data FROM bot_state WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE",
};

const deleteState: PreparedStatement = {
  name: "hot_delete_state",
  text: "DELETE FROM bot_state WHERE key = ANY($1::text[])",
};

/*
 * With `$5` (the eTag the turn read) the write succeeds only over that version; without, it overwrites.
 * With no stored row the INSERT wins, as MemoryStorage accepts any eTag for a new key. Under concurrency
 * Postgres re-checks the WHERE on the latest row version, so of two writers holding the same eTag exactly
 * one updates the row.
 */
const saveState: PreparedStatement = {
  name: "hot_save_state",
  text: `INSERT INTO bot_state (key, etag, data, updated_at, user_id)
    VALUES ($1, $2, $3::jsonb, CURRENT_TIMESTAMP, $4)
    ON CONFLICT (key) DO UPDATE
    SET etag = EXCLUDED.etag, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at,
        user_id = COALESCE(EXCLUDED.user_id, bot_state.user_id)
    WHERE $5::text IS NULL OR bot_state.etag = $5::text
    RETURNING 1 AS written`,
};

// Going through a completed theme again keeps it completed: the menu shows what was achieved.
const recordStep: PreparedStatement = {
  name: "hot_record_step",
  text: `INSERT INTO theme_progress (user_id, tenant_id, theme_id, step_id, step_index, step_count, started_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, ${utcNow}, ${utcNow})
    ON CONFLICT (user_id, theme_id) DO UPDATE
    SET step_id = EXCLUDED.step_id, step_index = EXCLUDED.step_index, step_count = EXCLUDED.step_count,
        tenant_id = EXCLUDED.tenant_id, updated_at = EXCLUDED.updated_at`,
};

const markCompleted: PreparedStatement = {
  name: "hot_mark_completed",
  text: `INSERT INTO theme_progress
      (user_id, tenant_id, theme_id, step_id, step_index, step_count, started_at, updated_at, completed_at)
    VALUES ($1, $2, $3, '', $4, $5, ${utcNow}, ${utcNow}, ${utcNow})
    ON CONFLICT (user_id, theme_id) DO UPDATE
    SET completed_at = EXCLUDED.completed_at, updated_at = EXCLUDED.updated_at`,
};

const progressOfUser: PreparedStatement = {
  name: "hot_progress_of_user",
  text: `SELECT theme_id AS "themeId", step_id AS "stepId", step_index AS "stepIndex", step_count AS "stepCount",
      updated_at AT TIME ZONE 'UTC' AS "updatedAt", completed_at AT TIME ZONE 'UTC' AS "completedAt"
    FROM theme_progress WHERE user_id = $1 ORDER BY theme_id`,
};

const insertReflection: PreparedStatement = {
  name: "hot_insert_reflection",
  text: `INSERT INTO reflection (id, user_id, theme_id, step_id, key_id, nonce, ciphertext, created_at, save_key)
    VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, ${utcNow}, $8)
    ON CONFLICT DO NOTHING
    RETURNING 1 AS inserted`,
};

/*
 * The bookkeeping of a user's first turn (per process, and per day for the activity): Prisma's compiler
 * cost more than the rest of such a turn. `$2` is an ISO instant, as the log's clock may not be the database's.
 */
const touchUserActivity: PreparedStatement = {
  name: "hot_touch_user_activity",
  text: `INSERT INTO user_activity (user_id, last_seen_at) VALUES ($1, $2::timestamptz AT TIME ZONE 'UTC')
    ON CONFLICT (user_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at`,
};

const rememberConversationReference: PreparedStatement = {
  name: "hot_remember_conversation_reference",
  text: `INSERT INTO conversation_reference (user_id, tenant_id, reference, updated_at)
    VALUES ($1, $2, $3::jsonb, ${utcNow})
    ON CONFLICT (user_id, tenant_id) DO UPDATE SET reference = EXCLUDED.reference, updated_at = EXCLUDED.updated_at`,
};

// What the licence gate reads for each user again once its cache's TTL is over: one statement per active user and TTL.
const membershipsOfUser: PreparedStatement = {
  name: "hot_memberships_of_user",
  text: `SELECT organisation_id::text AS "organisationId", role FROM membership
    WHERE user_id = $1 AND organisation_id = ANY($2::uuid[])`,
};

/**
 * The statements every turn of "meny", "Nästa" or a saved reflection runs, and those of a user's first turn,
 * as prepared SQL straight through the driver: Prisma stays the owner of the schema, the migrations and every other (cold) query. Inside a
 * turn each runs on the connection of the turn's transaction (turn-transaction.ts), so it commits or rolls
 * back with everything Prisma did in that turn; outside a turn, on the database's own pool.
 */
export class HotStatements {
  constructor(private readonly outsideTurns: SqlConnection) {}

  /**
   * Claims the activity (taking over a claim older than `windowSeconds`) and reads and locks the state
   * rows of `stateKeys`. `claimed` false: the activity was processed already; the state is then empty.
   */
  async claimWithState(
    activity: { conversationId: string; activityId: string },
    windowSeconds: number,
    stateKeys: readonly string[],
  ): Promise<{ claimed: boolean; state: StateRow[] }> {
    const rows = await this.run<ClaimRow>(claimWithState, [
      activity.conversationId,
      activity.activityId,
      windowSeconds,
      stateKeys,
    ]);
    const claimed = rows[0]?.claimed === true;
    const state = claimed ? rows.filter(isStateRow).map(({ key, etag, data }) => ({ key, etag, data })) : [];
    return { claimed, state };
  }

  /** Keeps a finished invoke's (sealed) response with its claim, for a redelivery to get again. */
  async rememberInvokeResponse(
    activity: { conversationId: string; activityId: string },
    sealedResponse: unknown,
  ): Promise<void> {
    await this.run(rememberInvokeResponse, [
      activity.conversationId,
      activity.activityId,
      JSON.stringify(sealedResponse),
    ]);
  }

  /** Reads and locks the state rows of `keys` (inside a turn: until it commits). */
  async readState(keys: readonly string[]): Promise<StateRow[]> {
    return this.run<StateRow>(readState, [keys]);
  }

  async deleteState(keys: readonly string[]): Promise<void> {
    await this.run(deleteState, [keys]);
  }

  /** Writes one key's state; with `expectedEtag` only over that version. False: another version is stored. */
  async saveState(row: { key: string; etag: string; json: string; owner: string | null; expectedEtag?: string }) {
    const written = await this.run(saveState, [row.key, row.etag, row.json, row.owner, row.expectedEtag ?? null]);
    return written.length > 0;
  }

  async recordStep(
    user: { userId: string; tenantId?: string },
    themeId: string,
    step: { stepId: string; stepIndex: number; stepCount: number },
  ): Promise<void> {
    await this.run(recordStep, [
      user.userId,
      user.tenantId ?? null,
      themeId,
      step.stepId,
      step.stepIndex,
      step.stepCount,
    ]);
  }

  async markCompleted(user: { userId: string; tenantId?: string }, themeId: string, stepCount: number): Promise<void> {
    await this.run(markCompleted, [user.userId, user.tenantId ?? null, themeId, stepCount - 1, stepCount]);
  }

  async progressOfUser(userId: string): Promise<ProgressRow[]> {
    return this.run<ProgressRow>(progressOfUser, [userId]);
  }

  /** False: a reflection with the same (user, save key) is stored already, and nothing was. */
  async insertReflection(reflection: ReflectionInsert): Promise<boolean> {
    const inserted = await this.run(insertReflection, [
      reflection.id,
      reflection.userId,
      reflection.themeId,
      reflection.stepId,
      reflection.keyId,
      reflection.nonce,
      reflection.ciphertext,
      reflection.saveKey,
    ]);
    return inserted.length > 0;
  }

  /** When the user last used the bot (what the inactivity retention counts from). */
  async touchUserActivity(userId: string, at: Date): Promise<void> {
    await this.run(touchUserActivity, [userId, at.toISOString()]);
  }

  /** Where the bot can reach the user in that workspace: the reference of their personal chat. */
  async rememberConversationReference(userId: string, tenantId: string, reference: object): Promise<void> {
    await this.run(rememberConversationReference, [userId, tenantId, JSON.stringify(reference)]);
  }

  /** The user's memberships (organisation and role) in those organisations. */
  async membershipsOfUser(userId: string, organisationIds: readonly string[]): Promise<MembershipRow[]> {
    return this.run<MembershipRow>(membershipsOfUser, [userId, organisationIds]);
  }

  private run<Row = unknown>(statement: PreparedStatement, values: readonly unknown[]): Promise<Row[]> {
    return (currentTurnConnection() ?? this.outsideTurns).query<Row>(statement, values);
  }
}

type ClaimRow = { claimed: boolean } & (StateRow | { key: null });

function isStateRow(row: ClaimRow): row is ClaimRow & StateRow {
  return row.key !== null;
}
