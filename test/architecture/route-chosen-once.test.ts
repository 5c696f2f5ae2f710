import { afterEach, describe, expect, it, vi } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { RouteTable } from "../../src/teams/route-table";
import { useBotUnderTest } from "../support/test-bot";
import { cardText } from "../support/test-user";

const sv = loadContent().ui("sv");
const harness = useBotUnderTest("pglite");

/**
 * The group step, the licence gate, the bookkeeping, the documentation's focus and the router all read
 * the one route the turn chose (src/teams/pipeline/chosen-route.ts): a turn reads its activity's route once,
 * however many routes are declared.
 */
describe("a turn chooses its route once", () => {
  const routeOf = vi.spyOn(RouteTable.prototype, "routeOf");
  afterEach(() => routeOf.mockClear());

  it.each([
    ["a typed command", { type: "message", text: "meny" }],
    ["a typed question", { type: "message", text: "hot i sociala medier" }],
    ["a button", { type: "message", value: { verb: "openTheme", themeId: "tema-1", stepId: "intro" } }],
    ["an old or forged button", { type: "message", value: { verb: "noSuchVerb" } }],
    ["a command after the bot's @mention", { type: "message", text: "<at>Bot</at> hjälp", entities: [mention()] }],
  ])("%s", async (_name, fields) => {
    const user = harness.newUser();
    await user.say("meny");
    routeOf.mockClear();
    const { status, replies } = await user.post(fields);
    expect(status).toBe(200);
    expect(replies.length).toBeGreaterThan(0);
    expect(routeOf).toHaveBeenCalledTimes(1);
  });

  it("an answer to the running documentation's open question, typed", async () => {
    const user = harness.newUser();
    await user.say("dokumentera");
    routeOf.mockClear();
    await user.say("Någon ringde och hotade mig på kontoret");
    expect(routeOf).toHaveBeenCalledTimes(1);
    expect(cardText(user.lastCard())).toContain(sv.incident.questions.when.question);
  });

  it("an invoke", async () => {
    const user = harness.newUser();
    await user.say("meny");
    routeOf.mockClear();
    const { status } = await user.invoke("composeExtension/query", {
      commandId: "searchHelp",
      parameters: [{ name: "query", value: "hot" }],
    });
    expect(status).toBe(200);
    expect(routeOf).toHaveBeenCalledTimes(1);
  });
});

function mention() {
  return { type: "mention", mentioned: { id: "28:bot", name: "Bot" }, text: "<at>Bot</at>" };
}
