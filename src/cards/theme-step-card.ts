import type { FilmStep, ReflectionStep, Step, TextStep, Theme } from "../domain/content/content-schema";
import { fill, type UiText } from "../domain/content/ui-text-schema";
import { maxReflectionLength } from "../domain/reflections/reflection-store";
import {
  actionSet,
  adaptiveCard,
  heading,
  noticeBlock,
  image,
  openUrl,
  paragraph,
  paragraphs,
  submit,
  toggleVisibility,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Notice,
} from "./adaptive-card";
import { reflectionInputId } from "./card-actions";
import { playsInsideTeamsCard } from "./inline-video-hosts";
import type { Language } from "../domain/content/language";
import { filmPlayback } from "../domain/films/film-files";
import { filmPagePath } from "../domain/films/film-page-url";

/** What a step's content is drawn from, whether one person walks it or a group does (group-session-card.ts). */
export interface StepContentInput {
  ui: UiText;
  theme: Theme;
  stepIndex: number;
  language: Language;
  /** The bot's public URL (PUBLIC_URL), where its own film player page is. */
  publicBaseUrl: string;
  /** Base URL the bot serves its static files from (PUBLIC_URL/static). */
  staticBaseUrl: string;
}

export interface StepCardInput extends StepContentInput {
  /** What the user typed before a failed save, so nothing they wrote is lost. */
  draftAnswer?: string;
  /** Goes back with "save", so a second save from this same card is recognised as one. */
  cardId?: string;
  /** A short note above the step: a confirmation ("saved") or why something did not go through. */
  notice?: Notice;
}

/** One step of a theme: text, graphic, film or reflection question, with the way forward and back. */
export function themeStepCard(input: StepCardInput): AdaptiveCard {
  const { ui, theme, stepIndex } = input;
  const step = theme.steps[stepIndex];
  const position = stepPosition(ui.step, theme, stepIndex);
  const body: CardElement[] = [
    ...(input.notice ? [noticeBlock(input.notice)] : []),
    ...heading(step.title, { size: "Medium", subtle: `${position} · ${theme.title}` }),
    ...stepContent(input, step),
    ...(step.type === "reflection" ? [reflectionInput(input)] : []),
  ];
  return adaptiveCard(body, [...stepActions(input, step), submit(ui.step.toMenu, { verb: "showMenu" })]);
}

/** The step itself: its text and graphic, its film, or its reflection question (without the answer field). */
/** "Tema 2 · steg 3 av 9" (or the path's own wording), from the texts of the card that shows the step. */
export function stepPosition(
  texts: { position: string; pathPosition: string },
  theme: Theme,
  stepIndex: number,
): string {
  return fill(theme.kind === "path" ? texts.pathPosition : texts.position, {
    theme: theme.order,
    step: stepIndex + 1,
    count: theme.steps.length,
  });
}

export function stepContent(input: StepContentInput, step: Step): CardElement[] {
  switch (step.type) {
    case "text":
      return textBody(input, step);
    case "film":
      return filmBody(input, step);
    case "reflection":
      return reflectionQuestion(input, step);
  }
}

function textBody({ staticBaseUrl }: StepContentInput, step: TextStep): CardElement[] {
  return [
    ...paragraphs(step.body),
    ...(step.image ? [image(`${staticBaseUrl}/${step.image.src}`, step.image.alt)] : []),
  ];
}

const transcriptId = "film-transcript";

function filmBody(input: StepContentInput, step: FilmStep): CardElement[] {
  const { ui, staticBaseUrl, language, theme } = input;
  const { film } = step;
  const poster = `${staticBaseUrl}/${film.poster.src}`;
  const playback = filmPlayback(film, language);
  const duration = film.durationMinutes
    ? [paragraph(fill(ui.film.duration, { minutes: film.durationMinutes }), { subtle: true })]
    : [];
  const transcriptButton = toggleVisibility(ui.film.toggleTranscript, [transcriptId]);
  let player: CardElement[];
  let buttons: CardAction[];
  switch (playback.kind) {
    case "none":
      // Not produced yet: the poster and the transcript, never a dead player.
      player = [image(poster, film.poster.alt), paragraph(ui.film.comingSoon, { subtle: true })];
      buttons = [];
      break;
    case "elsewhere":
      // Teams plays these hosts inside the card; the poster stands in where a client cannot.
      player = playsInsideTeamsCard(playback.url)
        ? [
            {
              type: "Media",
              poster,
              altText: film.poster.alt,
              sources: [{ mimeType: "video/mp4", url: playback.url }],
              fallback: image(poster, film.poster.alt),
            },
          ]
        : [image(poster, film.poster.alt)];
      buttons = [
        openUrl(ui.film.open, playback.url),
        transcriptButton,
        openUrl(ui.film.captions, `${staticBaseUrl}/${playback.captions}`),
      ];
      break;
    case "own": {
      // Our own films play on our player page, in a Teams dialog; the browser link is for clients without dialogs.
      const dialog = submit(
        ui.film.play,
        { verb: "playFilm", themeId: theme.id, stepId: step.id, msteams: { type: "task/fetch" } },
        "positive",
      );
      player = [{ ...image(poster, film.poster.alt), selectAction: dialog }];
      const page = `${input.publicBaseUrl}${filmPagePath(language, theme.id, step.id)}`;
      buttons = [dialog, openUrl(ui.film.openInBrowser, page), transcriptButton];
      break;
    }
  }
  return [
    ...(step.body ? paragraphs(step.body) : []),
    ...player,
    ...duration,
    ...(buttons.length > 0 ? [actionSet(buttons)] : []),
    {
      type: "Container",
      id: transcriptId,
      isVisible: playback.kind === "none",
      items: [
        { type: "TextBlock", text: ui.film.transcriptTitle, wrap: true, weight: "Bolder" },
        ...paragraphs(film.transcript),
      ],
    },
  ];
}

function reflectionQuestion({ ui }: StepContentInput, step: ReflectionStep): CardElement[] {
  return [
    // A content note stands apart from the text, so it is read before the question, not skimmed past.
    ...(step.contentNote ? [{ type: "Container", style: "emphasis", items: paragraphs(step.contentNote) }] : []),
    ...(step.body ? paragraphs(step.body) : []),
    { type: "TextBlock", text: step.question, wrap: true, weight: "Bolder", size: "Medium" },
    ...(step.alternativeQuestion
      ? [paragraph(fill(ui.reflection.alternative, { question: step.alternativeQuestion }))]
      : []),
  ];
}

/** The answer field of a reflection step; the group's is labelled anonymous (group-session-card.ts). */
export function answerField(field: { id: string; label: string; placeholder: string; value?: string }): CardElement {
  return {
    type: "Input.Text",
    id: field.id,
    label: field.label,
    placeholder: field.placeholder,
    isMultiline: true,
    // The client limit helps; the server checks again, since a client can send anything.
    maxLength: maxReflectionLength,
    ...(field.value ? { value: field.value } : {}),
  };
}

function reflectionInput({ ui, draftAnswer }: StepCardInput): CardElement {
  return answerField({
    id: reflectionInputId,
    label: ui.reflection.label,
    placeholder: ui.reflection.placeholder,
    value: draftAnswer,
  });
}

function stepActions({ ui, theme, stepIndex, cardId }: StepCardInput, step: Step): CardAction[] {
  const position = { themeId: theme.id, stepId: step.id };
  const isLast = stepIndex === theme.steps.length - 1;
  const back = stepIndex > 0 ? [submit(ui.step.back, { verb: "moveStep", move: "back", ...position })] : [];
  if (step.type === "reflection") {
    return [
      submit(
        ui.reflection.save,
        { verb: "reflectionChoice", choice: "save", ...position, ...(cardId ? { cardId } : {}) },
        "positive",
      ),
      submit(ui.reflection.skip, { verb: "reflectionChoice", choice: "skip", ...position }),
      ...back,
    ];
  }
  return [
    submit(isLast ? ui.step.finish : ui.step.next, { verb: "moveStep", move: "next", ...position }, "positive"),
    ...back,
  ];
}
