import { DialogTurnStatus } from "botbuilder-dialogs";
import { describe, expect, it } from "vitest";
import { IncidentDialog } from "../../dialogs/incident-dialog";
import { loadContent } from "../../src/domain/content/content-catalog";
import { incidentQuestionKeys, type IncidentQuestionKey } from "../../src/domain/incidents/incident-record";
import { fill } from "../../src/domain/content/ui-text-schema";
import type { SentActivity } from "../support/fake-connector";
import { DialogTestClient, useDialogServices } from "../support/dialog-test-client";
import { allActions, cardsOf, cardText } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const texts = sv.incident;
const count = incidentQuestionKeys.length;
const save = fill(texts.save, { days: 30 });

const dialogServices = useDialogServices();

function incidentClient(): DialogTestClient {
  return new DialogTestClient(new IncidentDialog(dialogServices.services));
}

const textOf = (replies: SentActivity[]) => replies.flatMap(cardsOf).map(cardText).join("\n");
const asks = (key: IncidentQuestionKey) => [
  texts.questions[key].question,
  fill(texts.progress, { number: incidentQuestionKeys.indexOf(key) + 1, count }),
];

/** What the user does on one turn: presses a button (on the newest card that has it, or the first card), or types. */
type Input = { press: string; inputs?: Record<string, string>; onFirstCard?: boolean } | { say: string };

async function play(client: DialogTestClient, input: Input): Promise<SentActivity[]> {
  if ("say" in input) return client.send(input.say);
  if (!input.onFirstCard) return client.press(input.press, input.inputs);
  const action = allActions(client.cards()[0]).find((a) => a.title === input.press)!;
  return client.send({ value: { ...action.data, ...input.inputs } });
}

const next = (answer: string): Input => ({ press: texts.next, inputs: { incidentAnswer: answer } });
const skip: Input = { press: texts.skip };
const skipAll = (from = 0): Input[] => incidentQuestionKeys.slice(from).map(() => skip);

interface Case {
  name: string;
  inputs: Input[];
  /** Texts the last turn's replies show. */
  shows: string[];
  /** Buttons the last turn's cards must not have. */
  hides?: string[];
  /** Buttons the last turn's cards have. */
  buttons?: string[];
  /** Incidents stored for the user afterwards. */
  stored?: number;
  ended?: boolean;
}

const questionCases: Case[] = [
  { name: "asks the first question when it begins", inputs: [], shows: asks("what") },
  { name: "an answer with next goes on to the next question", inputs: [next("Ett hotbrev")], shows: asks("when") },
  { name: "a typed chat message is the answer", inputs: [{ say: "Någon ringde" }], shows: asks("when") },
  { name: "skip goes on to the next question", inputs: [skip], shows: asks("when") },
  {
    name: "an answer over 2 000 characters is given back and the same question asked again",
    inputs: [next("å".repeat(2001))],
    shows: [fill(texts.tooLong, { max: 2000, length: 2001 }), ...asks("what")],
  },
  {
    name: "a press on an older question's card does not answer the current one",
    inputs: [skip, { press: texts.next, inputs: { incidentAnswer: "Fel fråga" }, onFirstCard: true }],
    shows: [texts.oldCard, ...asks("when")],
  },
  {
    name: "after the last question comes the summary of what was given",
    inputs: [next("Hotbrev i brevlådan"), next("I går"), ...skipAll(2)],
    shows: [texts.summaryTitle, "Hotbrev i brevlådan", "I går", texts.notGiven],
    buttons: [save, texts.download, texts.sendToOfficer, texts.finishWithoutSaving],
    stored: 0,
  },
  {
    name: "next with an empty box is a skip, never an empty answer",
    inputs: [next("   "), ...skipAll(1)],
    shows: [texts.questions.what.label, texts.notGiven],
  },
];

const toSummary: Input[] = [next("Ett hot på mötet"), ...skipAll(1)];
const choiceCases: Case[] = [
  {
    name: "save stores the incident once and says until when",
    inputs: [...toSummary, { press: save }],
    shows: [texts.saved.slice(0, texts.saved.indexOf("{date}"))],
    hides: [save],
    stored: 1,
  },
  {
    name: "save pressed again on the summary's card stores nothing new",
    inputs: [...toSummary, { press: save }, { press: save }],
    shows: [texts.useButtons],
    stored: 1,
  },
  {
    name: "download gives a link to the copy and stores no incident",
    inputs: [...toSummary, { press: texts.download }],
    shows: [fill(texts.downloadReady, { minutes: 15 })],
    stored: 0,
  },
  {
    name: "send says honestly that no officer can be reached, and offers the download",
    inputs: [...toSummary, { press: texts.sendToOfficer }],
    shows: [texts.noOfficer],
    buttons: [texts.download],
    stored: 0,
  },
  {
    name: "typed text at the summary is answered with the way on",
    inputs: [...toSummary, { say: "vad händer nu?" }],
    shows: [texts.useButtons],
  },
  {
    name: "finishing without saving discards the draft and ends the dialog",
    inputs: [...toSummary, { press: texts.finishWithoutSaving }],
    shows: [texts.discarded],
    stored: 0,
    ended: true,
  },
  {
    name: "finishing after a save ends the dialog and points to the saved incident",
    inputs: [...toSummary, { press: save }, { press: texts.finish }],
    shows: [texts.finished],
    stored: 1,
    ended: true,
  },
];

describe("the incident dialog, turn by turn", () => {
  it.each([...questionCases, ...choiceCases])("$name", async ({ inputs, shows, hides, buttons, stored, ended }) => {
    const client = incidentClient();
    let replies = await client.send("dokumentera");
    for (const input of inputs) replies = await play(client, input);

    const said = textOf(replies);
    for (const text of shows) expect(said).toContain(text);
    const titles = replies
      .flatMap(cardsOf)
      .flatMap(allActions)
      .map((action) => action.title);
    for (const title of buttons ?? []) expect(titles).toContain(title);
    for (const title of hides ?? []) expect(titles).not.toContain(title);
    if (stored !== undefined)
      expect(await dialogServices.services.incidents.store.listForUser(client.userId)).toHaveLength(stored);
    expect(client.lastResult?.status).toBe(ended ? DialogTurnStatus.complete : DialogTurnStatus.waiting);
  });
});

describe("the incident dialog across turns", () => {
  it("asks the open question again when it is resumed", async () => {
    const client = incidentClient();
    await client.send("dokumentera");
    await play(client, next("Hotbrev"));
    const replies = await client.reprompt();
    expect(textOf(replies)).toContain(texts.questions.when.question);
  });

  it("shows the summary again when it is resumed at the choices", async () => {
    const client = incidentClient();
    await client.send("dokumentera");
    for (const input of toSummary) await play(client, input);
    expect(textOf(await client.reprompt())).toContain("Ett hot på mötet");
  });

  it("goes on from its stored stack with a new dialog object, keeping the answers given", async () => {
    const client = incidentClient();
    await client.send("dokumentera");
    await play(client, next("Hotbrev i brevlådan"));
    client.restartWith(new IncidentDialog(dialogServices.services));
    await play(client, next("I söndags"));
    let replies: SentActivity[] = [];
    for (const input of skipAll(2)) replies = await play(client, input);
    expect(textOf(replies)).toContain("Hotbrev i brevlådan");
    expect(textOf(replies)).toContain("I söndags");
  });

  it("keeps the stack the same depth and size however often a question is refused or the summary is pressed", async () => {
    const client = incidentClient();
    await client.send("dokumentera");
    const refused = async (times: number) => {
      for (let i = 0; i < times; i++) await play(client, next("å".repeat(2001)));
      return { bytes: await client.storedStateBytes(), depth: await client.storedStackDepth() };
    };
    const afterOne = await refused(1);
    const afterFifty = await refused(50);
    expect(afterFifty).toEqual(afterOne);

    for (const input of toSummary) await play(client, input);
    const atSummary = { bytes: await client.storedStateBytes(), depth: await client.storedStackDepth() };
    for (let i = 0; i < 30; i++) await play(client, { say: "hallå?" });
    expect({ bytes: await client.storedStateBytes(), depth: await client.storedStackDepth() }).toEqual(atSummary);
  });
});
