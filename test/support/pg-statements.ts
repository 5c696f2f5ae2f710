import { Client } from "pg";
import { vi } from "vitest";
import { BeginThenStatement } from "../../src/platform/storage/begin-with-first-statement";

/**
 * What one query of the pg driver sent: its text, its name when it was a prepared (named) statement, and
 * whether a BEGIN went in front of it. Each is one round trip: pg waits for a query's answer before the next.
 */
export interface SentStatement {
  text: string;
  name?: string;
  withBegin?: true;
}

/** Every statement the pg driver sends while `work` runs, in this process, on any pool or client. */
export async function statementsDuring(work: () => Promise<unknown>): Promise<SentStatement[]> {
  const sent: SentStatement[] = [];
  const original = Client.prototype.query;
  const spy = vi.spyOn(Client.prototype, "query").mockImplementation(function (this: Client, ...args: unknown[]) {
    const query = args[0] as string | { text?: string; name?: string };
    if (typeof query === "string") sent.push({ text: query });
    else
      sent.push({
        text: query?.text ?? "",
        name: query?.name,
        ...(query instanceof BeginThenStatement && { withBegin: true }),
      });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return sent;
}
