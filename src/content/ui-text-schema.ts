import { z } from "zod/v4";

/** The texts on the bot's own cards and buttons (content/<lang>/ui.yaml). Every language has every key. */
const text = z.string().trim().min(1, "must not be empty");

export const uiTextSchema = z.strictObject({
  welcome: z.strictObject({ title: text, body: text, privacyTitle: text, privacy: text, showMenu: text }),
  menu: z.strictObject({
    title: text,
    intro: text,
    notStarted: text,
    inProgress: text,
    completed: text,
    open: text,
    continue: text,
    restart: text,
    myReflections: text,
    help: text,
  }),
  step: z.strictObject({ position: text, next: text, back: text, finish: text, toMenu: text }),
  film: z.strictObject({
    open: text,
    comingSoon: text,
    toggleTranscript: text,
    transcriptTitle: text,
    captions: text,
    duration: text,
  }),
  reflection: z.strictObject({
    label: text,
    placeholder: text,
    save: text,
    skip: text,
    saved: text,
    empty: text,
    tooLong: text,
  }),
  themeDone: z.strictObject({ title: text, body: text, toMenu: text }),
  myReflections: z.strictObject({ title: text, intro: text, empty: text, savedAt: text }),
  help: z.strictObject({
    title: text,
    intro: text,
    commands: z.array(z.strictObject({ command: text, description: text })).min(1),
  }),
  fallback: z.strictObject({ text }),
  resume: z.strictObject({ nothingToResume: text }),
  errors: z.strictObject({ generic: text, unknownAction: text, useButtons: text }),
});

export type UiText = z.infer<typeof uiTextSchema>;

/** Fills `{name}` placeholders; a missing value is left visible rather than silently dropped. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
