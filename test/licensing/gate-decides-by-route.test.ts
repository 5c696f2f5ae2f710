import { ActivityTypes, type Activity } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import type { Access } from "../../src/domain/licensing/access";
import type { BotServices } from "../../src/teams/bot-services";
import { wordsOf } from "../../src/teams/commands";
import { chosenRoute } from "../../src/teams/pipeline/chosen-route";
import { groupConversations } from "../../src/teams/pipeline/group-conversations";
import { licenceGate } from "../../src/teams/pipeline/licence-gate";
import { beforeRouting } from "../../src/teams/pipeline/turn-step";
import { verbsOf, type RouteDeclaration } from "../../src/teams/route-declaration";
import { RecordingAdapter } from "../support/recording-adapter";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { cardText, cardsOf, type Card } from "../support/test-user";

/**
 * The licence gate judges the route that will run, not a field the router ignores. Every activity below
 * comes from a workspace without a licence and mixes fields the way an attacker would; the only answers
 * allowed are the refusal and the routes that are open without a licence.
 */
const content = loadContent();
const sv = content.ui("sv");
const accessCardTitle = sv.access.noLicenceTitle;

type Answer = "refused" | "orderForm" | "myData" | "nothing";
const markerOf: Record<Exclude<Answer, "nothing">, string> = {
  refused: accessCardTitle,
  orderForm: sv.order.intro,
  myData: sv.privacy.myData.title,
};

const botMention = {
  type: "mention",
  mentioned: { id: "28:bot", name: "Bot" },
  text: "<at>Bot</at>",
};
const execute = (verb: string, extra: Record<string, unknown> = {}) => ({
  type: "invoke",
  name: "adaptiveCard/action",
  value: { action: { type: "Action.Execute", verb, data: {} } },
  ...extra,
});

const cases: Array<[string, Record<string, unknown>, Answer]> = [
  [
    "a menu command with an open verb in its value",
    { type: "message", text: "meny", value: { verb: "openOrderForm" } },
    "refused",
  ],
  [
    "a question with an open verb in its value",
    { type: "message", text: "hot i sociala medier", value: { verb: "openOrderForm" } },
    "refused",
  ],
  [
    "`fortsätt` with a privacy verb in its value",
    { type: "message", text: "fortsätt", value: { verb: "showPrivacy" } },
    "refused",
  ],
  [
    "`dokumentera` with a privacy verb in its value",
    { type: "message", text: "dokumentera", value: { verb: "privacyEraseCancel" } },
    "refused",
  ],
  [
    "`hjälp` with the erase verb in its value",
    { type: "message", text: "hjälp", value: { verb: "privacyEraseConfirm" } },
    "refused",
  ],
  ["an upper-case command", { type: "message", text: "MENY!" }, "refused"],
  [
    "a command after the bot's @mention",
    { type: "message", text: "<at>Bot</at> meny", entities: [botMention], value: { verb: "openOrderForm" } },
    "refused",
  ],
  [
    "`beställ` after the bot's @mention",
    { type: "message", text: "<at>Bot</at> beställ", entities: [botMention] },
    "orderForm",
  ],
  ["`beställ` typed", { type: "message", text: "Beställ" }, "orderForm"],
  ["`mina data` typed", { type: "message", text: "mina data" }, "myData"],
  [
    "blank text with an open verb (a question of spaces)",
    { type: "message", text: "   ", value: { verb: "openOrderForm" } },
    "refused",
  ],
  [
    "empty text with the order form's verb (a real button press)",
    { type: "message", text: "", value: { verb: "openOrderForm" } },
    "orderForm",
  ],
  ["empty text with the menu's verb", { type: "message", text: "", value: { verb: "showMenu" } }, "refused"],
  ["the order's Action.Execute verb sent as a submit", { type: "message", value: { verb: "submitOrder" } }, "refused"],
  ["an open verb in another case", { type: "message", value: { verb: "OPENORDERFORM" } }, "refused"],
  ["an unknown verb", { type: "message", value: { verb: "doesNotExist" } }, "refused"],
  ["a verb that is not a string", { type: "message", value: { verb: ["openOrderForm"] } }, "refused"],
  ["a value that is a string", { type: "message", value: "openOrderForm" }, "refused"],
  ["a value that is null", { type: "message", value: null }, "refused"],
  ["an inherited property as the verb", { type: "message", value: { verb: "constructor" } }, "refused"],
  [
    "an adaptiveCard/action invoke that is no Action.Execute, with an open verb and a command as text",
    {
      type: "invoke",
      name: "adaptiveCard/action",
      text: "meny",
      value: { action: { type: "Action.Submit", verb: "openOrderForm" } },
    },
    "refused",
  ],
  ["an Action.Execute with a submit verb", execute("showMenu"), "refused"],
  ["an Action.Execute of the administration", execute("adminGrant"), "refused"],
  ["an Action.Execute of an open verb with a command as text", execute("openOrderForm", { text: "meny" }), "refused"],
  ["the order form's Action.Execute", execute("submitOrder"), "orderForm"],
  [
    "a compose-box search",
    {
      type: "invoke",
      name: "composeExtension/query",
      value: { commandId: "searchHelp", parameters: [{ name: "query", value: "hot" }] },
    },
    "refused",
  ],
  [
    "a compose-box query naming an open verb as its command",
    { type: "invoke", name: "composeExtension/query", value: { commandId: "openOrderForm", parameters: [] } },
    "refused",
  ],
  [
    "a task/fetch with an open verb and a command as text",
    { type: "invoke", name: "task/fetch", text: "meny", value: { data: { verb: "openOrderForm" } } },
    "refused",
  ],
  [
    "a message reaction carrying a command as text",
    { type: "messageReaction", text: "meny", reactionsAdded: [{ type: "like" }] },
    "nothing",
  ],
  [
    "an event carrying a command as text",
    { type: "event", name: "anything", text: "meny", value: { verb: "openOrderForm" } },
    "nothing",
  ],
  [
    "a conversation update that adds nobody, with a command as text",
    { type: "conversationUpdate", text: "meny" },
    "nothing",
  ],
  [
    "an uninstall carrying a command as text",
    { type: "installationUpdate", action: "remove", text: "meny" },
    "nothing",
  ],
];

let harness: BotUnderTest;
let tenantCounter = 0;
const newTenant = () => `bbbbbbbb-0000-0000-0000-${String(++tenantCounter).padStart(12, "0")}`;

beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
});
afterAll(() => harness?.stop());

/** Every card the bot showed for one activity: in messages it sent, and in the invoke response. */
async function cardsShownFor(fields: Record<string, unknown>, where: { inGroupChat?: boolean } = {}): Promise<Card[]> {
  const group = where.inGroupChat
    ? { conversationType: "groupChat", conversationId: `19:group-${++tenantCounter}@thread.v2` }
    : {};
  const user = harness.newUser({ tenantId: newTenant(), ...group });
  const before = harness.connector.forConversation(user.conversationId).length;
  const response = await fetch(`${harness.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user.activity(fields)),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as {
    type?: string;
    value?: Card;
    composeExtension?: { attachments?: Array<{ content: Card }> };
    task?: { value?: { card?: { content: Card } } };
  };
  const messages = harness.connector.forConversation(user.conversationId).slice(before).flatMap(cardsOf);
  const inInvoke = [
    ...(body.type === "application/vnd.microsoft.card.adaptive" && body.value ? [body.value] : []),
    ...(body.composeExtension?.attachments ?? []).map((a) => a.content),
    ...(body.task?.value?.card ? [body.task.value.card.content] : []),
  ];
  return [...messages, ...inInvoke];
}

describe("the licence gate decides from the route that will run", () => {
  it.each(cases)("%s: answers only with what is open without a licence", async (_name, fields, answer) => {
    const cards = await cardsShownFor(fields);
    if (answer === "nothing") {
      expect(cards).toEqual([]);
      return;
    }
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(cardText(card)).toContain(markerOf[answer]);
    if (answer !== "refused") for (const card of cards) expect(cardText(card)).not.toContain(accessCardTitle);
  });

  it("erases nothing when a typed command carries the erase button's verb", async () => {
    const user = harness.newUser({ tenantId: newTenant() });
    await user.say("mina data");
    await user.post({ type: "message", text: "meny", value: { verb: "privacyEraseConfirm" } });
    expect(cardText(user.lastCard())).toContain(accessCardTitle);
    expect(cardText(user.lastCard())).not.toContain(sv.privacy.erase.cancelled);
  });

  it("reads a route from text first, as teams-ai's own submit selector does", () => {
    const { routes } = harness.bot;
    expect(routes.routeOf({ type: "message", text: "meny", value: { verb: "openOrderForm" } })?.match).toEqual({
      kind: "command",
      command: "menu",
    });
    expect(routes.routeOf({ type: "message", text: "", value: { verb: "openOrderForm" } })?.match).toMatchObject({
      kind: "submit",
    });
    expect(routes.routeOf({ type: "messageReaction", text: "meny" })).toBeUndefined();
  });
});

/** Every activity that takes the route: each command word, each verb its schema routes, the one kind. */
function activitiesTaking(declaration: RouteDeclaration): Partial<Activity>[] {
  const { match } = declaration;
  switch (match.kind) {
    case "command":
      return wordsOf(match.command).map((text) => ({ type: ActivityTypes.Message, text }));
    case "submit":
      return verbsOf(match.action).map((verb) => ({ type: ActivityTypes.Message, value: { verb } }));
    case "execute":
      return verbsOf(match.action).map((verb) => execute(verb) as Partial<Activity>);
    case "taskFetch":
      return verbsOf(match.action).map((verb) => ({ type: "invoke", name: "task/fetch", value: { data: { verb } } }));
    case "composeSearch":
      return [{ type: "invoke", name: "composeExtension/query", value: { commandId: match.commandId } }];
    case "greeting":
      return [{ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: "28:bot", name: "Bot" }] }];
    case "typed":
      // A typed route with a condition claims text only once the gate has let it through.
      return match.while ? [] : [{ type: ActivityTypes.Message, text: "hot i sociala medier" }];
    case "unknownSubmit":
      return [{ type: ActivityTypes.Message, value: { verb: "noSuchVerb" } }];
  }
}

const nameOf = (declaration: RouteDeclaration) => {
  const { match } = declaration;
  if (match.kind === "command") return `the command ${match.command}`;
  if (match.kind === "composeSearch") return `the compose command ${match.commandId}`;
  if ("action" in match) return `the ${match.kind} of ${verbsOf(match.action).join(", ")}`;
  return `the ${match.kind} route`;
};

describe("for a workspace without a licence, the gate decides every declared route by its declaration", () => {
  const noLicence: Access = { kind: "noLicence", problem: "unlicensed" };

  /** The gate step itself (after the turn's route is chosen), with the bot's own route table and a licence check that says "no licence". */
  async function gateLetsThrough(activity: Partial<Activity>) {
    const services = {
      content,
      licensing: { gate: { accessFor: async () => noLicence }, orders: { pendingFor: async () => undefined } },
    } as unknown as BotServices;
    const adapter = new RecordingAdapter();
    const { routes } = harness.bot;
    const passed = await beforeRouting([chosenRoute(routes), licenceGate(services, routes)])(
      adapter.contextFor(activity),
      {},
    );
    return { passed, refusals: adapter.sent.length };
  }

  it("declares some routes open and the rest closed, and finds an activity for nearly every one", () => {
    const { declarations } = harness.bot.routes;
    expect(declarations.filter((d) => d.openWithoutLicence).length).toBeGreaterThan(0);
    expect(declarations.filter((d) => !d.openWithoutLicence).length).toBeGreaterThan(0);
    for (const declaration of declarations.filter((d) => d.match.kind !== "typed" || !d.match.while))
      expect(activitiesTaking(declaration).length, nameOf(declaration)).toBeGreaterThan(0);
  });

  it("lets through exactly the routes declared open, and answers the others with the licence notice", async () => {
    for (const declaration of harness.bot.routes.declarations)
      for (const activity of activitiesTaking(declaration)) {
        const what = `${nameOf(declaration)}: ${JSON.stringify(activity)}`;
        expect(harness.bot.routes.routeOf(activity), what).toBe(declaration);
        const { passed, refusals } = await gateLetsThrough(activity);
        expect(passed, what).toBe(declaration.openWithoutLicence);
        expect(refusals, what).toBe(declaration.openWithoutLicence ? 0 : 1);
      }
  });

  it("shows nothing but the licence notice for a closed route, over HTTP from a real unlicensed tenant", async () => {
    for (const declaration of harness.bot.routes.declarations.filter((d) => !d.openWithoutLicence))
      for (const activity of activitiesTaking(declaration)) {
        const cards = await cardsShownFor(activity as Record<string, unknown>);
        const what = `${nameOf(declaration)}: ${JSON.stringify(activity)}`;
        expect(cards.length, what).toBeGreaterThan(0);
        for (const card of cards) expect(cardText(card), what).toContain(accessCardTitle);
      }
  });
});

describe("in a group chat, every declared route runs or not by its declaration", () => {
  const personalChatNotice = sv.group.personalOnly.split(",")[0];
  const groupChat = {
    id: "19:group@thread.v2",
    tenantId: "tenant-1",
    isGroup: true,
    name: "",
    conversationType: "groupChat",
  };

  /** The group step itself (after the turn's route is chosen), with the bot's own route table. */
  async function groupStepLetsThrough(activity: Partial<Activity>) {
    const adapter = new RecordingAdapter();
    const { routes } = harness.bot;
    const passed = await beforeRouting([chosenRoute(routes), groupConversations(() => sv, routes)])(
      adapter.contextFor({ ...activity, conversation: groupChat }),
      {},
    );
    return { passed, notices: adapter.sent.length };
  }

  it("declares the group session, help, the language, the welcome, the film and the search for groups, and no other", () => {
    const inGroups = harness.bot.routes.declarations.filter((d) => d.worksInGroups).map(nameOf);
    expect(inGroups.sort()).toEqual(
      [
        "the greeting route",
        "the command help",
        "the command swedish",
        "the command english",
        "the command startGroupSession",
        "the compose command searchHelp",
        "the taskFetch of playFilm",
        ...["groupStart", "groupRefresh", "groupMove", "groupAnswer", "groupReveal", "groupEnd"].map(
          (verb) => `the execute of ${verb}`,
        ),
      ].sort(),
    );
  });

  it("lets through exactly the routes declared to work in groups, and points the others to the personal chat", async () => {
    for (const declaration of harness.bot.routes.declarations)
      for (const activity of activitiesTaking(declaration)) {
        const what = `${nameOf(declaration)}: ${JSON.stringify(activity)}`;
        const { passed, notices } = await groupStepLetsThrough(activity);
        expect(passed, what).toBe(declaration.worksInGroups);
        expect(notices, what).toBe(declaration.worksInGroups ? 0 : 1);
      }
  });

  it("answers a personal-only route in a group chat with the personal-chat notice, over HTTP, before the licence", async () => {
    const personal = harness.bot.routes.declarations.filter((d) => !d.worksInGroups);
    expect(personal.map(nameOf)).toEqual(expect.arrayContaining(["the command myReflections", "the typed route"]));
    for (const declaration of personal)
      for (const activity of activitiesTaking(declaration)) {
        const cards = await cardsShownFor(activity as Record<string, unknown>, { inGroupChat: true });
        const what = `${nameOf(declaration)}: ${JSON.stringify(activity)}`;
        expect(cards.length, what).toBe(1);
        expect(cardText(cards[0]), what).toContain(personalChatNotice);
        expect(cardText(cards[0]), what).not.toContain(accessCardTitle);
      }
  });
});
