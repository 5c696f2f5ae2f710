import { PGlite } from "@electric-sql/pglite";
import { vi } from "vitest";

/**
 * What reached PGlite's Postgres, read from the wire messages it was sent: a simple query ("BEGIN") or a
 * statement parsed without a name (PGlite's `query`, hence every Prisma query) by its text; a call of a
 * named statement by its name; the parse of a named statement as `parse:<name>`.
 */
export async function pgliteStatementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  return (await pgliteEntriesDuring(work)).flat();
}

/** The same, one list for each entry into Postgres (each message PGlite was given to run at once). */
export async function pgliteEntriesDuring(work: () => Promise<unknown>): Promise<string[][]> {
  const sent: string[][] = [];
  const original = PGlite.prototype.execProtocolStream;
  const spy = vi.spyOn(PGlite.prototype, "execProtocolStream").mockImplementation(function (
    this: PGlite,
    message,
    options,
  ) {
    sent.push(statementsIn(message));
    return original.call(this, message, options);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return sent;
}

// Frontend messages: a type byte, a length (itself included), a body starting with C strings.
function statementsIn(message: Uint8Array): string[] {
  const statements: string[] = [];
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  for (let at = 0; at < message.length; at += 1 + view.getInt32(at + 1)) {
    const [first, second] = cStrings(message, at + 5, 2);
    const type = String.fromCharCode(message[at]);
    if (type === "Q") statements.push(first.trim());
    else if (type === "P") statements.push(first === "" ? second.trim() : `parse:${first}`);
    else if (type === "B" && second !== "") statements.push(second);
  }
  return statements;
}

function cStrings(message: Uint8Array, from: number, count: number): string[] {
  const strings: string[] = [];
  let start = from;
  while (strings.length < count && start < message.length) {
    const end = message.indexOf(0, start);
    strings.push(Buffer.from(message.subarray(start, end)).toString("utf8"));
    start = end + 1;
  }
  return strings;
}
