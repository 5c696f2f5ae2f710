import { afterEach, describe, expect, it } from "vitest";
import { logger, tapLogs } from "../../src/platform/logger";

/**
 * A Prisma error as it looks from bundled code: the message carries a code frame whose source line is the
 * whole minified file. Logged anywhere, it once made a single warning line of 33 KB.
 */
const minifiedSource = `var a=${"function(b){return b&&b.c?b.d:null},".repeat(900)}e;`;
const prismaError = Object.assign(
  new Error(
    "\nInvalid `prisma.processedActivity.create()` invocation in\n/app/dist/src/index.js:1:48213\n\n" +
      `  1 | ${minifiedSource}\n→ 1 | ${minifiedSource}\n\n` +
      "Unique constraint failed on the fields: (`id`)",
  ),
  { name: "PrismaClientKnownRequestError", code: "P2002" },
);

let untap: (() => void) | undefined;
const level = logger.level;
afterEach(() => {
  untap?.();
  logger.level = level;
});

describe("errors in the log", () => {
  it.each([
    ["the error itself", prismaError],
    ["its name and message, as most callers pass them", { name: prismaError.name, message: prismaError.message }],
  ])("keep the reason and drop the code frame: %s makes a short line", (_name, err) => {
    const lines: string[] = [];
    logger.level = "warn";
    untap = tapLogs((line) => lines.push(line));
    logger.warn({ err }, "could not mark the activity as processed");
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(6000);
    const logged = JSON.parse(lines[0]) as { err: { name: string; message: string } };
    expect(logged.err.name).toBe("PrismaClientKnownRequestError");
    expect(logged.err.message).toContain("Unique constraint failed on the fields: (`id`)");
    expect(logged.err.message).toContain("Invalid `prisma.processedActivity.create()` invocation");
    expect(logged.err.message).not.toContain("function(b)");
  });

  it("caps a message with no frame at all", () => {
    const lines: string[] = [];
    logger.level = "warn";
    untap = tapLogs((line) => lines.push(line));
    logger.error({ err: { message: "x".repeat(40_000) } }, "request failed");
    expect(lines[0].length).toBeLessThan(2000);
    expect(lines[0]).toContain("more characters");
  });
});
