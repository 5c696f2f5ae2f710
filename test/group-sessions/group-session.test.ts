import { randomUUID } from "node:crypto";
import { TurnContext, type Activity, type BotAdapter } from "botbuilder";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { groupSessionLifetimeMs } from "../../src/domain/group-sessions/group-session-retention";
import type { AccessMode } from "../../src/domain/licensing/access";
import { organisationStatistics } from "../../src/domain/licensing/usage-statistics";
import { DatabaseStorage } from "../../src/teams/bot-state-storage";
import { PersonalTurnState } from "../../src/teams/personal-turn-state";
import { fill } from "../../src/domain/content/ui-text-schema";
import { randomOrgNumber } from "../incidents/incident-helpers";
import { databaseKindsHere } from "../support/database-targets";
import { useBotUnderTest } from "../support/test-bot";
import { allActions, cardText, cardsOf, type Card, type TestUser } from "../support/test-user";

/**
 * Group sessions, over HTTP as Teams sends them: a group chat with a facilitator, two colleagues and a
 * guest from another workspace. One shared card updated in place, answers that stay hidden until three
 * have answered and are then shown without names, and nothing of anyone's own in front of the group.
 */
const content = loadContent();
const sv = content.ui("sv");
const themeOne = content.themes("sv").find((theme) => theme.order === 1)!;
const firstReflection = themeOne.steps.findIndex((step) => step.type === "reflection");

const botMention = { type: "mention", mentioned: { id: "28:bot", name: "Stå kvar" }, text: "<at>Stå kvar</at>" };

interface ExecuteAction {
  type: string;
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

function executeAction(card: Card, title: string): ExecuteAction {
  const action = allActions(card).find((a) => a.title === title && a.type === "Action.Execute");
  if (!action) throw new Error(`No "${title}" on ${JSON.stringify(card).slice(0, 500)}`);
  return action as unknown as ExecuteAction;
}

/** Presses an Action.Execute button of `card` as `user`, with the inputs filled in; resolves with the card Teams shows them. */
function press(user: TestUser, card: Card, title: string, inputs: Record<string, string> = {}): Promise<Card> {
  const action = executeAction(card, title);
  return user.execute(action.verb, { ...action.data, ...inputs });
}

describe("group sessions", async () => {
  describe.each(await databaseKindsHere())("on %s", (kind, available) => {
    const harness = useBotUnderTest(kind, { LOG_LEVEL: "error" });

    const prisma = () => harness.bot.database.prisma;

    /** Who Teams' member directory says `user` is: which workspace they belong to, and their role there. */
    const inDirectory = (user: TestUser, tenantId: string, userRole: "user" | "guest" | "anonymous" = "user") =>
      harness.connector.members.set(`29:${user.userId}`, { tenantId, userRole });

    /**
     * A licensed workspace and a group chat in it. In granted mode (the default) only the facilitator has
     * been granted access. The guest is a user of another workspace (external access), and says so in the
     * activity and in Teams' directory; everyone else is in the directory as the workspace's own.
     */
    async function licensedGroup(accessMode: AccessMode = "granted") {
      const tenantId = randomUUID();
      const conversationId = `19:group-${randomUUID()}@thread.v2`;
      const { licensing } = harness.bot.services;
      const licence = await licensing.licences.grant(
        { tenantId, orgName: `Gruppkommun ${tenantId.slice(0, 4)}`, orgNumber: randomOrgNumber(), kind: "kommun" },
        "test",
      );
      await licensing.organisations.setAccessMode(licence.organisationId, accessMode, "test");
      const member = (options: { homeTenantId?: string } = {}) => {
        const user = harness.newUser({ tenantId, conversationId, conversationType: "groupChat", ...options });
        inDirectory(user, options.homeTenantId ?? tenantId);
        return user;
      };
      const facilitator = member();
      await prisma().membership.create({
        data: {
          id: randomUUID(),
          organisationId: licence.organisationId,
          userId: facilitator.userId,
          email: `ledare.${tenantId.slice(0, 8)}@gruppkommun.se`,
          role: "official",
        },
      });
      return {
        tenantId,
        conversationId,
        organisationId: licence.organisationId,
        facilitator,
        colleagues: [member(), member()],
        guest: member({ homeTenantId: randomUUID() }),
        member,
      };
    }

    const messagesIn = (conversationId: string) => harness.connector.forConversation(conversationId);
    const updatesIn = (conversationId: string) =>
      harness.connector.updates.filter((update) => update.conversationId === conversationId);
    const lastUpdateCard = (conversationId: string) => cardsOf(updatesIn(conversationId).at(-1)!.activity)[0];

    /** `@Stå kvar starta tema 1` as the facilitator; resolves with the shared card and its session id. */
    async function startThemeOne(group: Awaited<ReturnType<typeof licensedGroup>>) {
      const replies = await group.facilitator.post({
        type: "message",
        text: "<at>Stå kvar</at> starta tema 1",
        entities: [botMention],
      });
      expect(replies.status).toBe(200);
      const [shared] = replies.replies.flatMap(cardsOf) as Array<Card & { refresh?: RefreshOf }>;
      expect(shared).toBeDefined();
      return { shared, sessionId: String(shared.refresh!.action.data.sessionId) };
    }
    type RefreshOf = { action: { type: string; verb: string; data: Record<string, unknown> }; userIds: string[] };

    /** The facilitator's view (what their client's refresh fetches), moved on to the first reflection step. */
    async function atFirstReflection(group: Awaited<ReturnType<typeof licensedGroup>>, sessionId: string) {
      let card = await group.facilitator.execute("groupRefresh", { sessionId });
      for (let step = 0; step < firstReflection; step++) card = await press(group.facilitator, card, sv.group.next);
      return card;
    }

    it.skipIf(!available)(
      "welcomes a group with what a group session is, a start button per theme and each theme's guide",
      async () => {
        const group = await licensedGroup();
        const { replies } = await group.facilitator.post({
          type: "conversationUpdate",
          membersAdded: [{ id: "28:bot" }],
        });
        const [welcome] = replies.flatMap(cardsOf);
        expect(cardText(welcome)).toContain(sv.group.welcomeTitle);
        const actions = allActions(welcome) as unknown as Array<ExecuteAction & { url?: string }>;
        const starts = actions.filter((a) => a.type === "Action.Execute");
        const path = content.paths("sv")[0];
        expect(starts.map((a) => a.title)).toEqual([
          ...[1, 2, 3, 4].map((n) => fill(sv.group.startTheme, { number: n })),
          fill(sv.group.startPath, { title: path.title }),
        ]);
        const guides = actions.filter((a) => a.url?.includes("/guide/")).map((a) => new URL(a.url!).pathname);
        expect(guides).toEqual([...content.themes("sv"), path].map((t) => `/guide/sv/${t.id}`));

        // The button starts the theme for the group: the welcome card says so, and the shared card is posted.
        const before = messagesIn(group.conversationId).length;
        const answered = await press(group.facilitator, welcome, fill(sv.group.startTheme, { number: 2 }));
        const themeTwo = content.themes("sv").find((t) => t.order === 2)!;
        expect(cardText(answered)).toContain(fill(sv.group.started, { title: themeTwo.title }));
        const posted = messagesIn(group.conversationId).slice(before).flatMap(cardsOf);
        expect(posted).toHaveLength(1);
        expect(cardText(posted[0])).toContain(themeTwo.title);

        // The path "Stötta en kollega" is taken the same way, from its own button.
        const pathCard = await press(group.facilitator, welcome, fill(sv.group.startPath, { title: path.title }));
        expect(cardText(pathCard)).toContain(fill(sv.group.started, { title: path.title }));
        expect(cardText(messagesIn(group.conversationId).flatMap(cardsOf).at(-1)!)).toContain(path.steps[0].title);
      },
    );

    it.skipIf(!available)(
      "walks a theme on one shared card: two answers stay hidden, the third lets the facilitator show them without names",
      async () => {
        const group = await licensedGroup();
        const { shared, sessionId } = await startThemeOne(group);
        // The message is the participants' view; the refresh names the facilitator, whose client gets the controls.
        const refresh = (shared as Card & { refresh: RefreshOf }).refresh;
        expect(refresh.action).toMatchObject({ type: "Action.Execute", verb: "groupRefresh" });
        expect(refresh.userIds).toEqual([`29:${group.facilitator.userId}`]);
        expect(allActions(shared).map((a) => a.title)).not.toContain(sv.group.next);
        const messagesAfterStart = messagesIn(group.conversationId).length;

        let card = await atFirstReflection(group, sessionId);
        expect(cardText(card)).toContain(themeOne.steps[firstReflection].title);
        // The answer to a press is the presser's alone: with a refresh, teams-ai would put it in the shared message.
        expect((card as Card & { refresh?: RefreshOf }).refresh).toBeUndefined();
        // Every move replaced the one shared message: no new card per step.
        const updates = updatesIn(group.conversationId);
        expect(updates).toHaveLength(firstReflection);
        expect(new Set(updates.map((u) => u.activityId)).size).toBe(1);
        expect(messagesIn(group.conversationId)).toHaveLength(messagesAfterStart);

        const [first, second] = group.colleagues;
        const sharedNow = lastUpdateCard(group.conversationId);
        await press(first, sharedNow, sv.group.sendAnswer, { groupAnswer: "Ödmjukhet inför det som hänt" });
        const secondAnswer = await press(second, sharedNow, sv.group.sendAnswer, {
          groupAnswer: "Att vi pratar om det",
        });
        expect(cardText(secondAnswer)).toContain(sv.group.answerSaved);
        expect(cardText(lastUpdateCard(group.conversationId))).toContain(fill(sv.group.answerCount, { count: 2 }));

        // Two answers: the facilitator is told why not, and nothing is shown to anyone.
        const updatesBeforeReveal = updatesIn(group.conversationId).length;
        card = await press(group.facilitator, card, sv.group.reveal);
        expect(cardText(card)).toContain(fill(sv.group.revealTooFew, { min: 3, count: 2 }));
        expect(cardText(card)).not.toContain("Ödmjukhet");
        expect(updatesIn(group.conversationId)).toHaveLength(updatesBeforeReveal);

        // A guest from another workspace takes part under the group's licence; a second answer replaces the first.
        await press(group.guest, sharedNow, sv.group.sendAnswer, { groupAnswer: "Först tänkte jag så här" });
        const changed = await press(group.guest, sharedNow, sv.group.sendAnswer, {
          groupAnswer: "Bättre stöd från partiet",
        });
        expect(cardText(changed)).toContain(sv.group.answerReplaced);
        expect(cardText(lastUpdateCard(group.conversationId))).toContain(fill(sv.group.answerCount, { count: 3 }));

        card = await press(group.facilitator, card, sv.group.reveal);
        const revealed = cardText(lastUpdateCard(group.conversationId));
        expect(revealed).toContain(sv.group.revealedTitle);
        const answers = ["Att vi pratar om det", "Bättre stöd från partiet", "Ödmjukhet inför det som hänt"];
        // In alphabetical order, not in the order they came; the replaced answer is gone; no names.
        const positions = answers.map((answer) => revealed.indexOf(answer));
        expect(positions.every((p) => p >= 0)).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        expect(revealed).not.toContain("Först tänkte jag");
        expect(revealed).not.toContain("Test Testsson");
        expect(cardText(card)).toContain(sv.group.revealedTitle);

        // Nothing in the session's tables names a participant or holds an answer's words.
        const ids = [first, second, group.guest].flatMap((u) => [u.userId, `29:${u.userId}`]);
        const rows = [
          ...(await prisma().$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "group_session_answer"`)),
          ...(await prisma().$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "group_session"`)),
        ];
        const stored = rows
          .map((row) =>
            JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v)),
          )
          .join("\n");
        for (const needle of [...ids, ...answers, "Ödmjukhet", "partiet"]) expect(stored).not.toContain(needle);
        // The session never touches anyone's own progress.
        expect(
          await prisma().themeProgress.count({ where: { userId: { in: [group.facilitator.userId, ...ids] } } }),
        ).toBe(0);
      },
    );

    it.skipIf(!available)("lets only the facilitator move the session, and moves once for a double press", async () => {
      const group = await licensedGroup();
      const { sessionId } = await startThemeOne(group);
      const facilitatorCard = await group.facilitator.execute("groupRefresh", { sessionId });
      const stepOf = async () =>
        (await prisma().groupSession.findUniqueOrThrow({ where: { id: sessionId } })).stepIndex;

      // A colleague pressing the facilitator's button (the data is the same) is told so, and nothing changes.
      const [colleague] = group.colleagues;
      const refused = await press(colleague, facilitatorCard, sv.group.next);
      expect(cardText(refused)).toContain(sv.group.onlyFacilitator);
      expect(allActions(refused).map((a) => a.title)).not.toContain(sv.group.next);
      await expect(press(colleague, facilitatorCard, sv.group.end)).resolves.toSatisfy((card: Card) =>
        cardText(card).includes(sv.group.onlyFacilitator),
      );
      expect(await stepOf()).toBe(0);
      expect(updatesIn(group.conversationId)).toHaveLength(0);
      // An answer to a step the group is not on is not kept, and the sender is told.
      const stale = await colleague.execute("groupAnswer", {
        sessionId,
        stepId: themeOne.steps[firstReflection].id,
        groupAnswer: "För tidigt",
      });
      expect(cardText(stale)).toContain(sv.group.movedOn);
      expect(await prisma().groupSessionAnswer.count({ where: { sessionId } })).toBe(0);

      // The same Nästa pressed twice from the same card: one step, one update.
      await press(group.facilitator, facilitatorCard, sv.group.next);
      const again = await press(group.facilitator, facilitatorCard, sv.group.next);
      expect(await stepOf()).toBe(1);
      expect(updatesIn(group.conversationId)).toHaveLength(1);
      expect(cardText(again)).toContain(themeOne.steps[1].title);
    });

    it.skipIf(!available)(
      "refuses a press that carries the session's id from another chat, even the facilitator's own",
      async () => {
        const group = await licensedGroup();
        const { sessionId } = await startThemeOne(group);
        const card = await atFirstReflection(group, sessionId);
        const elsewhere = `19:other-${randomUUID()}@thread.v2`;
        const outsider = harness.newUser({
          tenantId: group.tenantId,
          conversationId: elsewhere,
          conversationType: "groupChat",
        });
        const facilitatorElsewhere = harness.newUser({
          tenantId: group.tenantId,
          conversationId: elsewhere,
          conversationType: "groupChat",
          userId: group.facilitator.userId,
        });
        const stepBefore = (await prisma().groupSession.findUniqueOrThrow({ where: { id: sessionId } })).stepIndex;
        const updatesBefore = updatesIn(group.conversationId).length;

        const answered = await press(outsider, card, sv.group.sendAnswer, { groupAnswer: "Från fel chatt" });
        const led = await press(facilitatorElsewhere, card, sv.group.next);
        const peeked = await outsider.execute("groupRefresh", { sessionId });

        for (const reply of [answered, led, peeked]) {
          expect(cardText(reply)).toContain(sv.group.gone);
          expect(cardText(reply)).not.toContain(themeOne.steps[firstReflection].title);
        }
        expect(await prisma().groupSessionAnswer.count({ where: { sessionId } })).toBe(0);
        expect((await prisma().groupSession.findUniqueOrThrow({ where: { id: sessionId } })).stepIndex).toBe(
          stepBefore,
        );
        expect(updatesIn(group.conversationId)).toHaveLength(updatesBefore);
        // The same card still works in its own chat.
        await press(group.colleagues[0], card, sv.group.sendAnswer, { groupAnswer: "Från rätt chatt" });
        expect(await prisma().groupSessionAnswer.count({ where: { sessionId } })).toBe(1);
      },
    );

    it.skipIf(!available)(
      "gives the compose-box search in the group only to those with their own access, not to those who take part",
      async () => {
        const group = await licensedGroup();
        type Result = { composeExtension: { attachments: Array<{ content: Card }> } };
        const search = async (user: TestUser) => {
          const { status, body } = await user.invoke("composeExtension/query", {
            commandId: "searchHelp",
            parameters: [{ name: "query", value: "spara bevis skärmbild" }],
          });
          expect(status).toBe(200);
          return (body as Result).composeExtension.attachments.map((a) => a.content);
        };
        const article = content.article("sv", "spara-bevis")!;

        const found = await search(group.facilitator);
        expect(found.map((card) => JSON.stringify(card)).join()).toContain(article.title);
        for (const user of [group.colleagues[0], group.guest]) {
          const refused = await search(user);
          expect(refused).toHaveLength(1);
          expect(cardText(refused[0])).toContain(sv.access.notGrantedTitle);
          expect(JSON.stringify(refused)).not.toContain(article.title);
        }
      },
    );

    it.skipIf(!available)(
      "deletes the answers when the facilitator ends the session, and keeps a count with no one in it",
      async () => {
        const group = await licensedGroup();
        const { sessionId } = await startThemeOne(group);
        const card = await atFirstReflection(group, sessionId);
        await press(group.colleagues[0], lastUpdateCard(group.conversationId), sv.group.sendAnswer, {
          groupAnswer: "Ett svar som ska raderas",
        });
        expect(await prisma().groupSessionAnswer.count({ where: { sessionId } })).toBe(1);

        const ended = await press(group.facilitator, card, sv.group.end);
        expect(cardText(ended)).toContain(fill(sv.group.ended, { theme: themeOne.title }));
        expect(cardText(lastUpdateCard(group.conversationId))).toContain(
          fill(sv.group.ended, { theme: themeOne.title }),
        );
        expect(await prisma().groupSessionAnswer.count({ where: { sessionId } })).toBe(0);
        expect(await prisma().groupSession.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({
          facilitatorUserId: null,
          facilitatorChannelId: null,
          conversationId: null,
          salt: null,
        });
        // A press on the old card after the end finds nothing to act on.
        expect(
          cardText(await press(group.colleagues[0], card, sv.group.sendAnswer, { groupAnswer: "Sent" })),
        ).toContain(sv.group.gone);

        const statistics = await organisationStatistics(prisma(), group.organisationId, [themeOne.id]);
        expect(statistics.themes[0].groupSessions).toEqual({ kind: "fewerThan", limit: 5 });
        expect(await prisma().groupSession.count({ where: { tenantId: group.tenantId, themeId: themeOne.id } })).toBe(
          1,
        );
      },
    );

    it.skipIf(!available)("deletes a session's answers 24 hours after it started, in the retention sweep", async () => {
      const group = await licensedGroup();
      const { sessionId } = await startThemeOne(group);
      await atFirstReflection(group, sessionId);
      await press(group.colleagues[1], lastUpdateCard(group.conversationId), sv.group.sendAnswer, {
        groupAnswer: "Ett svar för ett dygn",
      });
      const { groupSessions } = harness.bot.services;
      const started = (await prisma().groupSession.findUniqueOrThrow({ where: { id: sessionId } })).startedAt;

      await groupSessions.purgeExpired(new Date(started.getTime() + groupSessionLifetimeMs - 1000));
      expect(await prisma().groupSessionAnswer.count({ where: { sessionId } })).toBe(1);

      await groupSessions.purgeExpired(new Date(started.getTime() + groupSessionLifetimeMs));
      expect(await prisma().groupSessionAnswer.count({ where: { sessionId } })).toBe(0);
      expect((await prisma().groupSession.findUniqueOrThrow({ where: { id: sessionId } })).endedAt).not.toBeNull();
    });

    it.skipIf(!available)(
      "answers personal routes in a group with a pointer to the personal chat, and shows nothing of anyone's",
      async () => {
        const group = await licensedGroup();
        const { facilitator } = group;
        const reflectionStep = themeOne.steps[firstReflection];
        await harness.bot.services.reflections.save(
          { userId: facilitator.userId, tenantId: group.tenantId },
          themeOne.id,
          reflectionStep.id,
          "Min egen hemliga reflektion",
        );
        const personal: Array<Record<string, unknown>> = [
          { type: "message", text: "mina reflektioner" },
          { type: "message", text: "mina data" },
          { type: "message", text: "meny" },
          { type: "message", text: "dokumentera" },
          { type: "message", text: "mina händelser" },
          { type: "message", text: "admin" },
          { type: "message", text: "beställ" },
          { type: "message", text: "påminn mig om en vecka" },
          { type: "message", text: "vad är sexistiskt hat" },
          { type: "message", value: { verb: "showMyReflections" } },
          { type: "message", value: { verb: "openTheme", themeId: themeOne.id } },
          { type: "message", value: { verb: "privacyExport" } },
        ];
        for (const activity of personal) {
          const { status, replies } = await facilitator.post(activity);
          expect(status).toBe(200);
          const cards = replies.flatMap(cardsOf);
          expect(cards, JSON.stringify(activity)).toHaveLength(1);
          expect(cardText(cards[0])).toContain(sv.group.personalOnly);
          expect(JSON.stringify(cards[0])).not.toContain("hemliga");
          expect(allActions(cards[0]).map((a) => a.type)).toEqual(["Action.OpenUrl"]);
        }
        // A universal action of a personal card is refused in the invoke response the same way.
        const { body } = await facilitator.invoke("adaptiveCard/action", {
          action: { type: "Action.Execute", verb: "adminGrant", data: {} },
        });
        expect(JSON.stringify(body)).toContain(sv.group.personalOnly.slice(0, 30));
        // Help in the group is the group's own; akut works everywhere.
        const help = (await facilitator.say("hjälp")).flatMap(cardsOf);
        expect(cardText(help[0])).toContain(sv.group.help.title);
        const urgent = (await facilitator.say("akut")).flatMap(cardsOf);
        expect(urgent.length).toBeGreaterThan(0);
        expect(urgent.map(cardText).join("\n")).not.toContain(sv.group.personalOnly);
      },
    );

    it.skipIf(!available)(
      "keeps a group conversation's bot state nobody's, and a person's own state theirs",
      async () => {
        const group = await licensedGroup();
        const [colleague] = group.colleagues;
        await colleague.say("english");
        const rows = await prisma().botState.findMany({
          where: { OR: [{ key: { contains: group.conversationId } }, { key: { contains: colleague.userId } }] },
        });
        const userState = rows.filter((row) => row.key.includes("/users/"));
        expect(userState.map((row) => row.userId)).toEqual([colleague.userId]);
        for (const row of rows.filter((r) => r.key.includes("/conversations/"))) expect(row.userId).toBeNull();
        // Whatever a turn in the group writes to the conversation's state is saved without an owner.
        const activity = colleague.activity({ type: "message", text: "hej" });
        const context = new TurnContext({} as BotAdapter, activity as Partial<Activity>);
        const state = new PersonalTurnState<Record<string, unknown>, Record<string, unknown>>();
        const storage = new DatabaseStorage(harness.bot.database.hot);
        await state.load(context, storage);
        state.conversation.shared = true;
        state.user.own = true;
        await state.save(context, storage);
        const saved = await prisma().botState.findMany({
          where: {
            OR: [
              { key: { endsWith: `/conversations/${group.conversationId}` } },
              { key: { endsWith: `/users/29:${colleague.userId}` } },
            ],
          },
        });
        expect(saved.map((row) => [row.key.includes("/users/"), row.userId]).sort()).toEqual([
          [false, null],
          [true, colleague.userId],
        ]);
        // In a group the language is followed by the group's help, not the person's own menu and progress.
        expect(cardText(colleague.lastCard())).toContain(content.ui("en").group.help.title);
      },
    );

    it.skipIf(!available)("tells an unlicensed group how to order, and starts nothing", async () => {
      const conversationId = `19:group-${randomUUID()}@thread.v2`;
      const someone = harness.newUser({ tenantId: randomUUID(), conversationId, conversationType: "groupChat" });
      const cards = (await someone.say("starta tema 1")).flatMap(cardsOf);
      expect(cards).toHaveLength(1);
      expect(cardText(cards[0])).toContain(sv.group.unlicensed);
      expect(await prisma().groupSession.count({ where: { tenantId: someone.tenantId } })).toBe(0);
    });

    it.skipIf(!available)(
      "lets someone without their own access take part, but not lead, where the organisation grants access",
      async () => {
        const group = await licensedGroup();
        const cards = (await group.colleagues[0].say("starta tema 1")).flatMap(cardsOf);
        expect(cardText(cards[0])).toContain(sv.group.needsAccessToLead);
        expect(await prisma().groupSession.count({ where: { tenantId: group.tenantId } })).toBe(0);
      },
    );

    it.skipIf(!available)(
      "lets only the organisation's own lead where everyone in it has access: not a guest, not a user of another workspace",
      async () => {
        const group = await licensedGroup("everyone");
        // A guest account lives in the host's directory, and the activity may name the host's workspace:
        // only the role Teams gives it tells it apart.
        const guest = group.member();
        inDirectory(guest, group.tenantId, "guest");
        const anonymous = group.member();
        inDirectory(anonymous, group.tenantId, "anonymous");
        for (const outsider of [guest, anonymous, group.guest]) {
          const before = messagesIn(group.conversationId).length;
          const cards = (await outsider.say("starta tema 1")).flatMap(cardsOf);
          expect(cards).toHaveLength(1);
          expect(cardText(cards[0])).toContain(sv.group.onlyOwnLead);
          expect(messagesIn(group.conversationId).slice(before).flatMap(cardsOf)).toHaveLength(1);
        }
        // The welcome card's start button answers the same.
        const { replies } = await guest.post({ type: "conversationUpdate", membersAdded: [{ id: "28:bot" }] });
        const pressed = await press(guest, replies.flatMap(cardsOf)[0], fill(sv.group.startTheme, { number: 1 }));
        expect(cardText(pressed)).toContain(sv.group.onlyOwnLead);
        expect(await prisma().groupSession.count({ where: { tenantId: group.tenantId } })).toBe(0);

        // One of the workspace's own, with no grant of their own (everyone has access here), leads.
        const { shared, sessionId } = await startThemeOne({ ...group, facilitator: group.colleagues[0] });
        expect(cardText(shared)).toContain(themeOne.title);
        expect((await prisma().groupSession.findUniqueOrThrow({ where: { id: sessionId } })).facilitatorChannelId).toBe(
          `29:${group.colleagues[0].userId}`,
        );
        // And the guest takes part in it.
        const card = await atFirstReflection({ ...group, facilitator: group.colleagues[0] }, sessionId);
        expect(cardText(card)).toContain(themeOne.steps[firstReflection].title);
        const answered = await press(guest, lastUpdateCard(group.conversationId), sv.group.sendAnswer, {
          groupAnswer: "Ett svar från en gäst",
        });
        expect(cardText(answered)).toContain(sv.group.answerSaved);
      },
    );

    it.skipIf(!available)(
      "starts nothing, and asks to try again, when Teams cannot say who is starting the session",
      async () => {
        const group = await licensedGroup();
        const directoryKey = `29:${group.facilitator.userId}`;
        const failures = {
          "the member API is down": () => harness.connector.members.set(directoryKey, { unavailable: true }),
          "the member API does not know them": () => harness.connector.members.delete(directoryKey),
        };
        for (const [failure, arrange] of Object.entries(failures)) {
          arrange();
          const replies = await group.facilitator.post({
            type: "message",
            text: "<at>Stå kvar</at> starta tema 1",
            entities: [botMention],
          });
          expect(replies.status, failure).toBe(200);
          const cards = replies.replies.flatMap(cardsOf);
          expect(cards, failure).toHaveLength(1);
          expect(cardText(cards[0]), failure).toContain(sv.group.leaderUnknown);
        }
        expect(await prisma().groupSession.count({ where: { tenantId: group.tenantId } })).toBe(0);

        // Once Teams answers again, the same start goes through.
        inDirectory(group.facilitator, group.tenantId);
        await startThemeOne(group);
        expect(await prisma().groupSession.count({ where: { tenantId: group.tenantId } })).toBe(1);
      },
    );
  });
});
