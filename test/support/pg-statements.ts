import { Client } from "pg";
import { vi } from "vitest";

/** A statement the pg driver sent: its text, and its name when it was a prepared (named) statement. */
export interface SentStatement {
  text: string;
  name?: string;
}

/** Every statement the pg driver sends while `work` runs, in this process, on any pool or client. */
export async function statementsDuring(work: () => Promise<unknown>): Promise<SentStatement[]> {
  const sent: SentStatement[] = [];
  const original = Client.prototype.query;
  const spy = vi.spyOn(Client.prototype, "query").mockImplementation(function (this: Client, ...args: unknown[]) {
    const query = args[0] as string | { text?: string; name?: string };
    sent.push(typeof query === "string" ? { text: query } : { text: query?.text ?? "", name: query?.name });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return sent;
}
