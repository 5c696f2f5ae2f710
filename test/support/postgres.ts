import { randomBytes } from "node:crypto";
import { Client } from "pg";

const HOST = "127.0.0.1";
const PORT = 5432;
const USER = "postgres";
/**
 * A server that is not there refuses at once; a slow answer is a loaded machine (two cores, several
 * suites at once took longer than 2 s), and treating it as absent silently skipped the PostgreSQL half.
 */
const CONNECT_TIMEOUT_MS = 10_000;

export const POSTGRES_ADDRESS = `${HOST}:${PORT}`;

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function serverUrl(database: string): string {
  return `postgresql://${USER}@${HOST}:${PORT}/${database}`;
}

async function withAdminClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl("postgres"), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function isPostgresReachable(): Promise<boolean> {
  try {
    await withAdminClient((client) => client.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

/** Resolved once per test file; skip PostgreSQL suites with `describe.skipIf(!(await postgresAvailable))`. */
export const postgresAvailable: Promise<boolean> = isPostgresReachable().then((reachable) => {
  if (!reachable) {
    console.warn(`PostgreSQL not reachable at ${POSTGRES_ADDRESS}: skipping PostgreSQL tests`);
  }
  return reachable;
});

/** A fresh, empty database `tsf_test_<random>`, or undefined when PostgreSQL is not reachable. */
export async function createTestDatabase(): Promise<TestDatabase | undefined> {
  if (!(await postgresAvailable)) {
    return undefined;
  }
  const name = `tsf_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: serverUrl(name),
    drop: () =>
      withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
