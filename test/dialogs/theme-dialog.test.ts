import { DialogTurnStatus } from "botbuilder-dialogs";
import { describe, expect, it } from "vitest";
import { ThemeDialog, type ThemeDialogOptions } from "../../dialogs/theme-dialog";
import { loadContent } from "../../src/domain/content/content-catalog";
import { fill } from "../../src/domain/content/ui-text-schema";
import { DialogTestClient, useDialogServices } from "../support/dialog-test-client";
import { allActions, cardText } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const forovarna = content.theme("sv", "forovarna")!;
const withReflection = content.theme("sv", "vad-ar-sexistiskt-hot-och-hat")!;
const reflectionStep = withReflection.steps.find((step) => step.type === "reflection")!;
const reflectionIndex = withReflection.steps.indexOf(reflectionStep);
const filmIndex = forovarna.steps.findIndex((step) => step.type === "film");

const dialogServices = useDialogServices();

function themeClient(options: ThemeDialogOptions, userId?: string): DialogTestClient<ThemeDialogOptions> {
  return new DialogTestClient(new ThemeDialog(dialogServices.services), { initialOptions: options, userId });
}

const position = (theme: typeof forovarna, step: number) =>
  fill(sv.step.position, { theme: theme.order, step, count: theme.steps.length });

/** What the user does on one turn: presses a button (on the newest card that has it, or on the n-th card), types, or sends raw card data. */
type Input =
  | { press: string; inputs?: Record<string, string>; onCard?: number }
  | { say: string }
  | { submit: Record<string, unknown> };

async function play(client: DialogTestClient<ThemeDialogOptions>, input: Input) {
  if ("say" in input) return client.send(input.say);
  if ("submit" in input) return client.send({ value: input.submit });
  if (input.onCard === undefined) return client.press(input.press, input.inputs);
  const action = allActions(client.cards()[input.onCard]).find((a) => a.title === input.press)!;
  return client.send({ value: { ...action.data, ...input.inputs } });
}

interface Case {
  name: string;
  opens: ThemeDialogOptions;
  inputs: Input[];
  /** Texts the last card shows. */
  shows: string[];
  buttons?: string[];
  noButtons?: string[];
  /** Reflections stored for the user afterwards. */
  reflections?: number;
  ended?: boolean;
}

const next: Input = { press: sv.step.next };
const cases: Case[] = [
  {
    name: "opens at the first step, without a back button",
    opens: { themeId: forovarna.id },
    inputs: [],
    shows: [position(forovarna, 1), forovarna.steps[0].title],
    buttons: [sv.step.next],
    noButtons: [sv.step.back],
  },
  {
    name: "opens at the step it is given",
    opens: { themeId: forovarna.id, stepId: forovarna.steps[5].id },
    inputs: [],
    shows: [position(forovarna, 6), forovarna.steps[5].title],
    buttons: [sv.step.back, sv.step.next],
  },
  {
    name: "next moves one step forward",
    opens: { themeId: forovarna.id },
    inputs: [next],
    shows: [position(forovarna, 2)],
  },
  {
    name: "back moves one step back",
    opens: { themeId: forovarna.id },
    inputs: [next, next, { press: sv.step.back }],
    shows: [position(forovarna, 2)],
  },
  {
    name: "back from the first step (an old or forged press) stays on it",
    opens: { themeId: forovarna.id },
    inputs: [{ submit: { verb: "moveStep", move: "back", themeId: forovarna.id, stepId: forovarna.steps[0].id } }],
    shows: [position(forovarna, 1)],
  },
  {
    name: "a press on an older card is applied to that card's step",
    opens: { themeId: forovarna.id },
    inputs: [next, next, next, { press: sv.step.next, onCard: 0 }],
    shows: [position(forovarna, 2)],
  },
  {
    name: "a press from a card whose step no longer exists goes on where the user was",
    opens: { themeId: forovarna.id },
    inputs: [next, next, { submit: { verb: "moveStep", move: "next", themeId: forovarna.id, stepId: "finns-inte" } }],
    shows: [position(forovarna, 3)],
  },
  {
    name: "typed text in the middle of a step is answered with a nudge and the same step",
    opens: { themeId: forovarna.id },
    inputs: [next, { say: "ska jag polisanmäla" }],
    shows: [sv.errors.useButtons, position(forovarna, 2)],
  },
  {
    name: "a film step shows its film with the text version and the way on",
    opens: { themeId: forovarna.id, stepId: forovarna.steps[filmIndex - 1].id },
    inputs: [next],
    shows: [position(forovarna, filmIndex + 1)],
    buttons: [sv.film.toggleTranscript, sv.step.back, sv.step.next],
  },
  {
    name: "a reflection saved is stored and the theme goes on to the next step",
    opens: { themeId: withReflection.id, stepId: reflectionStep.id },
    inputs: [{ press: sv.reflection.save, inputs: { reflectionAnswer: "Jag blev rädd" } }],
    shows: [sv.reflection.saved, position(withReflection, reflectionIndex + 2)],
    reflections: 1,
  },
  {
    name: "a reflection skipped stores nothing, whatever was typed, and goes on",
    opens: { themeId: withReflection.id, stepId: reflectionStep.id },
    inputs: [{ press: sv.reflection.skip, inputs: { reflectionAnswer: "Det här ska inte sparas" } }],
    shows: [position(withReflection, reflectionIndex + 2)],
    reflections: 0,
  },
  {
    name: "a reflection saved empty is refused on the same step",
    opens: { themeId: withReflection.id, stepId: reflectionStep.id },
    inputs: [{ press: sv.reflection.save, inputs: { reflectionAnswer: "   " } }],
    shows: [sv.reflection.empty, position(withReflection, reflectionIndex + 1)],
    reflections: 0,
  },
  {
    name: "a reflection over the limit is refused on the same step",
    opens: { themeId: withReflection.id, stepId: reflectionStep.id },
    inputs: [{ press: sv.reflection.save, inputs: { reflectionAnswer: "å".repeat(2001) } }],
    shows: [fill(sv.reflection.tooLong, { max: 2000, length: 2001 }), position(withReflection, reflectionIndex + 1)],
    reflections: 0,
  },
  {
    name: "a reflection saved twice from the same card is stored once",
    opens: { themeId: withReflection.id, stepId: reflectionStep.id },
    inputs: [
      { press: sv.reflection.save, inputs: { reflectionAnswer: "Första" } },
      { press: sv.reflection.save, inputs: { reflectionAnswer: "Andra" }, onCard: 0 },
    ],
    shows: [sv.reflection.alreadySaved, position(withReflection, reflectionIndex + 2)],
    reflections: 1,
  },
  {
    name: "finishing the last step ends the theme with its done card",
    opens: { themeId: forovarna.id, stepId: forovarna.steps.at(-1)!.id },
    inputs: [{ press: sv.step.finish }],
    shows: [sv.themeDone.title, forovarna.title],
    ended: true,
  },
];

describe("the theme dialog, turn by turn", () => {
  it.each(cases)("$name", async ({ opens, inputs, shows, buttons, noButtons, reflections, ended }) => {
    const client = themeClient(opens);
    await client.send({ value: { verb: "openTheme", ...opens } });
    for (const input of inputs) await play(client, input);

    const card = client.lastCard();
    for (const text of shows) expect(cardText(card)).toContain(text);
    const titles = allActions(card).map((action) => action.title);
    for (const title of buttons ?? []) expect(titles).toContain(title);
    for (const title of noButtons ?? []) expect(titles).not.toContain(title);
    if (reflections !== undefined)
      expect(await dialogServices.services.reflections.listForUser(client.userId)).toHaveLength(reflections);
    expect(client.lastResult?.status).toBe(ended ? DialogTurnStatus.complete : DialogTurnStatus.waiting);
  });
});

describe("the theme dialog across turns", () => {
  it("marks the theme completed when its last step is finished", async () => {
    const client = themeClient({ themeId: forovarna.id, stepId: forovarna.steps.at(-1)!.id });
    await client.send({ value: { verb: "openTheme", themeId: forovarna.id } });
    await client.press(sv.step.finish);
    const [progress] = await dialogServices.services.progress.listForUser(client.userId);
    expect(progress).toMatchObject({ themeId: forovarna.id, completedAt: expect.any(Date) });
  });

  it("resumes where the user left the theme when it is opened again without a step", async () => {
    const first = themeClient({ themeId: forovarna.id });
    await first.send({ value: { verb: "openTheme", themeId: forovarna.id } });
    for (let i = 0; i < 3; i++) await first.press(sv.step.next);

    const again = themeClient({ themeId: forovarna.id }, first.userId);
    await again.send({ value: { verb: "openTheme", themeId: forovarna.id } });
    expect(cardText(again.lastCard())).toContain(position(forovarna, 4));
  });

  it("goes on from its stored stack with a new dialog object, as after a restart or on another instance", async () => {
    const client = themeClient({ themeId: forovarna.id });
    await client.send({ value: { verb: "openTheme", themeId: forovarna.id } });
    await client.press(sv.step.next);
    client.restartWith(new ThemeDialog(dialogServices.services));
    await client.press(sv.step.next);
    expect(cardText(client.lastCard())).toContain(position(forovarna, 3));
  });
});

describe("the theme dialog's stored state stays the same size however long the user walks", () => {
  /** Opens theme 3 and presses next and back alternately, as the load benchmark does. */
  async function afterPresses(presses: number) {
    const client = themeClient({ themeId: forovarna.id });
    await client.send({ value: { verb: "openTheme", themeId: forovarna.id } });
    for (let i = 0; i < presses; i++) await client.press(i % 2 === 0 ? sv.step.next : sv.step.back);
    return { bytes: await client.storedStateBytes(), depth: await client.storedStackDepth() };
  }

  it("after 100 presses in one theme the dialog state is no larger, and the stack no deeper, than after 5", async () => {
    const five = await afterPresses(5);
    const hundred = await afterPresses(100);
    console.info(`theme dialog state: ${five.bytes} B after 5 presses, ${hundred.bytes} B after 100`);
    expect(hundred.depth).toBe(five.depth);
    expect(hundred.bytes).toBeLessThanOrEqual(five.bytes);
  });
});
