import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { incidentQuestionKeys } from "../../src/domain/incidents/incident-record";
import { useBotUnderTest } from "../support/test-bot";
import { allActions, cardText, cardsOf, type TestUser } from "../support/test-user";
import { flat, readPdf } from "../support/pdf-text";
import { documentIncident, fullAnswers, organisationWithOfficer, textOf, type Answers } from "./incident-helpers";

const content = loadContent();
const sv = content.ui("sv");
const en = content.ui("en");

const harness = useBotUnderTest("pglite");

const incidentRows = (userId: string) => harness.bot.database.prisma.incident.count({ where: { userId } });

/** What a person reads on the summary, line by line, after its timestamp. */
function expectedSummaryLines(answers: Answers, ui = sv): string[] {
  return [
    ui.incident.summaryTitle,
    ...incidentQuestionKeys.flatMap((key) => [ui.incident.questions[key].label, answers[key] ?? ui.incident.notGiven]),
    ui.incident.summaryIntro,
  ];
}

describe("the questions", () => {
  it("asks the eight questions one at a time, each with next and skip", async () => {
    const user = harness.newUser();
    await user.say("dokumentera");
    for (const [i, key] of incidentQuestionKeys.entries()) {
      const card = user.lastCard();
      expect(cardText(card)).toContain(sv.incident.questions[key].question);
      expect(cardText(card)).toContain(`Fråga ${i + 1} av 8`);
      expect(allActions(card).map((a) => a.title)).toEqual([sv.incident.next, sv.incident.skip]);
      await user.press(sv.incident.skip);
    }
    expect(cardText(user.lastCard())).toContain(sv.incident.summaryTitle);
  });

  it.each(["dokumentera", "dokumentera händelse", "document"])("starts on %j", async (word) => {
    const user = harness.newUser();
    await user.say(word);
    expect(cardText(user.lastCard())).toContain(sv.incident.questions.what.question);
  });

  it("starts from the emergency checklist's button too", async () => {
    const user = harness.newUser();
    await user.submit({ verb: "runCommand", command: "document" });
    expect(cardText(user.lastCard())).toContain(sv.incident.questions.what.question);
  });

  it("says that naming someone is sensitive when it asks who it is", async () => {
    expect(sv.incident.questions.who.hint).toMatch(/känsligt/);
    expect(en.incident.questions.who.hint).toMatch(/sensitive/);
  });
});

describe("the summary contains exactly what was given", () => {
  const cases = [
    ...incidentQuestionKeys.map((skipped) => ({
      name: `every question answered but "${skipped}"`,
      answers: Object.fromEntries(Object.entries(fullAnswers).filter(([key]) => key !== skipped)) as Answers,
    })),
    ...incidentQuestionKeys.map((only) => ({
      name: `only "${only}" answered`,
      answers: { [only]: fullAnswers[only] } as Answers,
    })),
    { name: "every question skipped", answers: {} as Answers },
    { name: "every question answered", answers: fullAnswers as Answers },
  ];

  it.each(cases)("$name", async ({ answers }) => {
    const user = harness.newUser();
    const replies = await documentIncident(user, sv, answers);
    const lines = textOf(replies).split("\n");
    expect(lines[0]).toMatch(/^Dokumenterad \d{1,2} \w+ \d{4} (kl\. )?\d{2}[:.]\d{2}$/);
    expect(lines.slice(1)).toEqual(expectedSummaryLines(answers));
    // Nothing is kept before the user chooses to save.
    expect(await incidentRows(user.userId)).toBe(0);
  });

  it("in English for an English Teams client", async () => {
    const user = harness.newUser({ locale: "en-GB" });
    await user.say("document");
    for (const key of incidentQuestionKeys) {
      if (key === "when") await user.press(en.incident.next, { incidentAnswer: "Last Tuesday" });
      else await user.press(en.incident.skip);
    }
    const lines = cardText(user.lastCard()).split("\n");
    expect(lines[0]).toMatch(/^Documented /);
    expect(lines.slice(1)).toEqual(expectedSummaryLines({ when: "Last Tuesday" }, en));
  });
});

describe("answering", () => {
  it("takes a typed chat message as the answer to the open question", async () => {
    const user = harness.newUser();
    await user.say("dokumentera");
    await user.say("Någon ringde och hotade mig på kontoret");
    expect(cardText(user.lastCard())).toContain(sv.incident.questions.when.question);
    for (let i = 1; i < incidentQuestionKeys.length; i++) await user.press(sv.incident.skip);
    expect(cardText(user.lastCard())).toContain("Någon ringde och hotade mig på kontoret");
  });

  it("treats next with an empty box as a skip, never as an empty answer", async () => {
    const user = harness.newUser();
    await user.say("dokumentera");
    await user.press(sv.incident.next, { incidentAnswer: "   " });
    for (let i = 1; i < incidentQuestionKeys.length; i++) await user.press(sv.incident.skip);
    expect(cardText(user.lastCard()).split("\n").slice(1)).toEqual(expectedSummaryLines({}));
  });

  it("gives an answer over 2 000 characters back in the box and asks the same question again", async () => {
    const user = harness.newUser();
    const long = "å".repeat(2001);
    await user.say("dokumentera");
    await user.press(sv.incident.next, { incidentAnswer: long });
    const card = user.lastCard();
    expect(cardText(card)).toContain("högst 2000 tecken");
    expect(cardText(card)).toContain("2001");
    expect(cardText(card)).toContain(sv.incident.questions.what.question);
    expect(JSON.stringify(card)).toContain(long);

    await user.press(sv.incident.next, { incidentAnswer: "å".repeat(2000) });
    expect(cardText(user.lastCard())).toContain(sv.incident.questions.when.question);
  });

  it("does not let a press on an older question's card answer the current one", async () => {
    const user = harness.newUser();
    await user.say("dokumentera");
    const firstNext = user.findAction(sv.incident.next).data!;
    await user.press(sv.incident.skip);
    await user.submit({ ...firstNext, incidentAnswer: "Fel fråga" });
    expect(cardText(user.lastCard())).toContain(sv.incident.oldCard);
    expect(cardText(user.lastCard())).toContain(sv.incident.questions.when.question);
  });

  it("keeps the draft through the menu, and dokumentera offers to continue where the user was", async () => {
    const user = harness.newUser();
    await user.say("dokumentera");
    await user.press(sv.incident.next, { incidentAnswer: "Hotbrev i brevlådan" });
    await user.say("meny");
    expect(cardText(user.lastCard())).toContain(sv.menu.intro);
    // Free text while the documentation is paused is not taken as an answer.
    await user.say("vad gör jag om någon hotar mig?");
    await user.say("dokumentera");
    expect(cardText(user.lastCard())).toContain(sv.incident.unfinished);
    await user.press(sv.incident.continue);
    expect(cardText(user.lastCard())).toContain(sv.incident.questions.when.question);
    await user.say("I går");
    for (let i = 2; i < incidentQuestionKeys.length; i++) await user.press(sv.incident.skip);
    const summary = cardText(user.lastCard());
    expect(summary).toContain("Hotbrev i brevlådan");
    expect(summary).toContain("I går");
    expect(summary).not.toContain("vad gör jag");
  });

  it("starts over with nothing kept when the user chooses to", async () => {
    const user = harness.newUser();
    await user.say("dokumentera");
    await user.press(sv.incident.next, { incidentAnswer: "Det här ska bort" });
    await user.say("dokumentera");
    await user.press(sv.incident.startOver);
    for (const _key of incidentQuestionKeys) await user.press(sv.incident.skip);
    expect(cardText(user.lastCard())).not.toContain("Det här ska bort");
  });

  it("keeps the answers out of the bot's state table in plain text while the user answers", async () => {
    const user = harness.newUser();
    await user.say("dokumentera");
    await user.press(sv.incident.next, { incidentAnswer: "Grävlingen77 skickade ett sms" });
    await user.press(sv.incident.next, { incidentAnswer: "Söndag morgon" });
    const rows = await harness.bot.database.prisma.botState.findMany();
    const raw = JSON.stringify(rows);
    expect(raw).toContain("incidentDialogState");
    expect(raw).not.toContain("Grävlingen77");
    expect(raw).not.toContain("Söndag");
  });
});

describe("saving", () => {
  it("stores nothing when the user finishes without saving", async () => {
    const user = harness.newUser();
    await documentIncident(user, sv, fullAnswers);
    await user.press(sv.incident.finishWithoutSaving);
    expect(cardText(user.lastCard())).toContain(sv.incident.discarded);
    expect(await incidentRows(user.userId)).toBe(0);
    await user.say("mina incidenter");
    expect(cardText(user.lastCard())).toContain(sv.incident.myIncidents.empty);
  });

  it("stores a chosen incident encrypted: the row holds no plaintext, and the list shows it", async () => {
    const user = harness.newUser();
    await documentIncident(user, sv, fullAnswers);
    expect(await incidentRows(user.userId)).toBe(0);
    await user.press(sv.incident.save.replace("{days}", "30"));
    expect(cardText(user.lastCard())).toMatch(/Sparat och krypterat\. Det raderas automatiskt \d{1,2} \w+ \d{4}/);
    expect(allActions(user.lastCard()).map((a) => a.title)).not.toContain(sv.incident.save.replace("{days}", "30"));

    const rows = await harness.bot.database.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT * FROM incident WHERE user_id = $1`,
      user.userId,
    );
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v));
    for (const word of ["Grävlingen77", "Facebook", "skolnedläggningen", "Åsa", "rädd", "Skärmbilder"]) {
      expect(raw).not.toContain(word);
      expect(raw).not.toContain(Buffer.from(word, "utf8").toString("latin1"));
    }
    const days = ((rows[0].expires_at as Date).getTime() - (rows[0].created_at as Date).getTime()) / 86_400_000;
    expect(days).toBe(30);

    await user.press(sv.incident.finish);
    expect(cardText(user.lastCard())).toContain(sv.incident.finished);
    await user.say("mina incidenter");
    const list = cardText(user.lastCard());
    expect(list).toContain(sv.incident.myIncidents.intro);
    expect(list).toContain("En man skrev hotfulla kommentarer om min kropp under mitt inlägg om");
    expect(list).not.toContain("Grävlingen77");
  });

  it("does not save twice when an older save button is pressed again", async () => {
    const user = harness.newUser();
    await documentIncident(user, sv, { what: "Ett samtal" });
    const save = user.findAction(sv.incident.save.replace("{days}", "30")).data!;
    await user.submit(save);
    await user.submit(save);
    expect(await incidentRows(user.userId)).toBe(1);
  });
});

describe("mina incidenter", () => {
  async function savedIncident(user: TestUser, what: string): Promise<string> {
    await documentIncident(user, sv, { what, evidence: "Skärmbild" });
    await user.press(sv.incident.save.replace("{days}", "30"));
    await user.press(sv.incident.finish);
    const row = await harness.bot.database.prisma.incident.findFirstOrThrow({
      where: { userId: user.userId },
      orderBy: { createdAt: "desc" },
    });
    return row.id;
  }

  it("shows a saved incident in full and deletes it after a confirmation", async () => {
    const user = harness.newUser();
    await savedIncident(user, "Någon följde efter mig från kommunhuset");
    await user.say("mina incidenter");
    await user.press(sv.incident.myIncidents.view);
    const view = cardText(user.lastCard());
    expect(view).toContain("Någon följde efter mig från kommunhuset");
    expect(view).toContain("Skärmbild");
    expect(view).toContain(sv.incident.notGiven);

    await user.press(sv.incident.myIncidents.delete);
    expect(cardText(user.lastCard())).toMatch(/Vill du radera händelsen/);
    expect(await incidentRows(user.userId)).toBe(1);
    await user.press(sv.incident.myIncidents.deleteYes);
    expect(await incidentRows(user.userId)).toBe(0);
    expect(cardText(user.lastCard())).toContain(sv.incident.myIncidents.empty);
  });

  it("lets no other user see, download or delete someone's incident", async () => {
    const owner = harness.newUser();
    const id = await savedIncident(owner, "Ett hotfullt mejl till jobbadressen");
    const other = harness.newUser();
    for (const act of ["view", "download", "delete", "confirmDelete"]) {
      const replies = await other.submit({ verb: "savedIncident", id, act });
      expect(textOf(replies)).toContain(sv.incident.myIncidents.notFound);
      expect(textOf(replies)).not.toContain("hotfullt mejl");
    }
    await other.say("mina incidenter");
    expect(cardText(other.lastCard())).toContain(sv.incident.myIncidents.empty);
    expect(await incidentRows(owner.userId)).toBe(1);
  });

  it("answers an id that is not an incident id with the not-found notice", async () => {
    const user = harness.newUser();
    const replies = await user.submit({ verb: "savedIncident", id: "not-a-uuid", act: "view" });
    expect(textOf(replies)).toContain(sv.incident.myIncidents.notFound);
  });
});

describe("downloading a copy", () => {
  function tokenPath(url: string): string {
    return new URL(url).pathname;
  }

  it("gives a link that serves the record as a PDF with the answers, then 404 once it has expired", async () => {
    const user = harness.newUser();
    await documentIncident(user, sv, {
      what: "Ett brev med hot – ”vi vet var du bor”",
      who: "Okänd avsändare, poststämpel Göteborg",
      evidence: "Brevet i original\nFoto av kuvertet",
    });
    await user.press(sv.incident.download);
    expect(cardText(user.lastCard())).toContain(sv.incident.downloadReady.replace("{minutes}", "15"));
    const link = allActions(user.lastCard()).find((a) => a.type === "Action.OpenUrl")!;
    expect(link.title).toBe(sv.incident.downloadOpen);
    expect(link.url).toMatch(/\/files\/[A-Za-z0-9_-]{43}$/);

    const response = await fetch(`${harness.url}${tokenPath(link.url!)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="handelse-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const text = flat((await readPdf(new Uint8Array(await response.arrayBuffer()))).text);
    expect(text).toContain("Ett brev med hot – ”vi vet var du bor”");
    expect(text).toContain("Okänd avsändare, poststämpel Göteborg");
    expect(text).toContain(`${sv.incident.questions.when.label} ${sv.incident.notGiven}`);
    expect(text).toContain(`${sv.incident.file.evidenceHeading} • Brevet i original • Foto av kuvertet`);
    expect(text).toMatch(/Skriven av dig själv i Stå kvar den \d{1,2} \w+ \d{4} kl\. \d{2}:\d{2}/);

    // It works more than once while valid (a browser may retry), and nothing is stored as an incident.
    expect((await fetch(`${harness.url}${tokenPath(link.url!)}`)).status).toBe(200);
    expect(await incidentRows(user.userId)).toBe(0);

    await harness.bot.database.prisma.download.updateMany({
      where: { userId: user.userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await fetch(`${harness.url}${tokenPath(link.url!)}`);
    expect(expired.status).toBe(404);
    expect(await expired.text()).toContain(sv.incident.linkExpired);
  });

  it("answers 404 for an unknown or malformed token", async () => {
    for (const token of ["A".repeat(43), "nope", "..%2F..%2Fetc"]) {
      const response = await fetch(`${harness.url}/files/${token}`);
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("stores the file encrypted, and only a hash of the link's token", async () => {
    const user = harness.newUser();
    await documentIncident(user, sv, { what: "Kommentarer om mitt utseende på Instagram" });
    await user.press(sv.incident.download);
    const token = allActions(user.lastCard())
      .find((a) => a.type === "Action.OpenUrl")!
      .url!.split("/")
      .pop()!;
    const rows = await harness.bot.database.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT * FROM download WHERE user_id = $1`,
      user.userId,
    );
    const raw = JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v));
    expect(raw).not.toContain("Instagram");
    expect(raw).not.toContain(token);
  });
});

describe("sending to the security officer", () => {
  it("sends nothing before the separate confirmation, then reaches the officer in their own chat", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    await documentIncident(official, sv, { what: "Hot i ett sms", evidence: "Skärmbild av sms:et" });
    const officerMessagesBefore = harness.connector.forConversation(org.officer.conversationId).length;

    await official.press(sv.incident.sendToOfficer);
    const confirmation = cardText(official.lastCard());
    expect(confirmation).toContain(sv.incident.confirmSendTitle);
    expect(confirmation).toContain("Sara Säkerhetsansvarig");
    expect(allActions(official.lastCard()).map((a) => a.title)).toEqual([sv.incident.send, sv.incident.cancel]);
    expect(harness.connector.forConversation(org.officer.conversationId)).toHaveLength(officerMessagesBefore);

    await official.press(sv.incident.send);
    expect(cardText(official.lastCard())).toContain(sv.incident.sent.replace("{count}", "1"));
    const received = harness.connector.forConversation(org.officer.conversationId).slice(officerMessagesBefore);
    // The summary, then the card the officer answers on.
    expect(received).toHaveLength(2);
    expect(allActions(cardsOf(received[1])[0]).map((a) => a.title)).toEqual([
      sv.incident.handover.received,
      sv.incident.handover.contacting,
    ]);
    const officerText = textOf(received);
    expect(officerText).toContain("Dokumenterad händelse från Test Testsson");
    expect(officerText).toMatch(/Test Testsson har valt att skicka den här sammanfattningen till dig/);
    expect(officerText).toContain("Hot i ett sms");
    expect(officerText).toContain("Skärmbild av sms:et");
    // Sending does not save anything.
    expect(await incidentRows(official.userId)).toBe(0);
  });

  it("sends nothing when the user cancels, nor for a stale send button afterwards", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    await documentIncident(official, sv, { what: "Någon filmade mig utanför mitt hem" });
    const before = harness.connector.forConversation(org.officer.conversationId).length;
    await official.press(sv.incident.sendToOfficer);
    const staleSend = official.findAction(sv.incident.send).data!;
    await official.press(sv.incident.cancel);
    expect(cardText(official.lastCard())).toContain(sv.incident.sendCancelled);
    await official.submit(staleSend);
    // The stale press only asks again.
    expect(cardText(official.lastCard())).toContain(sv.incident.confirmSendTitle);
    expect(harness.connector.forConversation(org.officer.conversationId)).toHaveLength(before);
  });

  it("writes to the officer in the officer's language", async () => {
    const org = await organisationWithOfficer(harness, { officerLocale: "en-GB" });
    const official = org.newOfficial();
    await documentIncident(official, sv, { what: "Hotfullt samtal" });
    const before = harness.connector.forConversation(org.officer.conversationId).length;
    await official.press(sv.incident.sendToOfficer);
    await official.press(sv.incident.send);
    const officerText = textOf(harness.connector.forConversation(org.officer.conversationId).slice(before));
    expect(officerText).toContain("Documented incident from Test Testsson");
    expect(officerText).toContain("Hotfullt samtal");
    expect(officerText).toContain(en.incident.notGiven);
  });

  it("says honestly that no officer can be reached yet, and offers the download", async () => {
    const org = await organisationWithOfficer(harness, { officerTalksFirst: false });
    const official = org.newOfficial();
    await documentIncident(official, sv, { what: "Ett hot på ett möte" });
    await official.press(sv.incident.sendToOfficer);
    expect(cardText(official.lastCard())).toContain(sv.incident.noOfficer);
    expect(allActions(official.lastCard()).map((a) => a.title)).toContain(sv.incident.download);
    expect(harness.connector.forConversation(org.officer.conversationId)).toHaveLength(0);
  });

  it("says so in the demo workspace, which has no officer at all", async () => {
    const user = harness.newUser();
    await documentIncident(user, sv, { what: "Ett hot" });
    await user.press(sv.incident.sendToOfficer);
    expect(cardText(user.lastCard())).toContain(sv.incident.noOfficer);
  });
});

describe("old cards", () => {
  it("answers a press on a finished documentation's card with a pointer to start a new one", async () => {
    const user = harness.newUser();
    await documentIncident(user, sv, { what: "Ett hot" });
    await user.press(sv.incident.finishWithoutSaving);
    await user.submit({ verb: "incidentChoice", choice: "save" });
    expect(cardText(user.lastCard())).toContain(sv.incident.noDraft);
    expect(await incidentRows(user.userId)).toBe(0);
  });
});
