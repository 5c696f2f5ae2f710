import { z } from "zod/v4";

/**
 * The shape of a theme file (content/<lang>/*.yaml). Content editors change these files, never
 * TypeScript; this schema is what tells them, at start-up and in `npm run content:check`, what a
 * file must hold.
 */

const nonEmptyText = z.string().trim().min(1, "must not be empty");

/** A slug that stays the same across languages and edits, so saved progress survives reordering. */
const stableId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case letters, digits and dashes (e.g. 'vad-ar-hat')");

export const imageSchema = z.strictObject({
  /** Path under public/, served by the bot at PUBLIC_URL/static/<src>. */
  src: z.string().regex(/^images\/[a-z0-9-]+\.png$/, "must be images/<name>.png"),
  /** Alt text is required: WCAG 2.1 AA applies to Swedish public-sector digital services. */
  alt: nonEmptyText,
});

/** A file the bot serves itself from public/films/ (at PUBLIC_URL/static/films/…). */
const ownFilmFile = (extension: string) =>
  z.string().regex(new RegExp(`^films/[a-z0-9][a-z0-9.-]*\\.${extension}$`), `must be films/<name>.${extension}`);

export const filmSchema = z
  .strictObject({
    /**
     * Where the film plays: an https URL on a video host (YouTube, Vimeo, Dailymotion, OneDrive/SharePoint
     * or Stream play inside the Teams card), or an MP4 the bot serves itself (films/<name>.mp4 under
     * public/). Empty while a film is being produced; left out for a film rendered from a script.
     */
    url: z
      .union([
        z.literal(""),
        z.url({ protocol: /^https$/, message: "must be an https URL, films/<name>.mp4 or empty" }),
        ownFilmFile("mp4"),
      ])
      .optional(),
    /** A film the bot renders itself: content/<lang>/films/<script>.yaml, rendered by `npm run films`. */
    script: stableId.optional(),
    /** The captions of a film with a URL (WCAG 1.2.2), a WebVTT file under public/: films/<name>.vtt. */
    captions: ownFilmFile("vtt").optional(),
    poster: imageSchema,
    /** A text alternative is required for pre-recorded video (WCAG 1.2.1 / 1.2.3); it says what the captions say. */
    transcript: nonEmptyText,
    durationMinutes: z.number().positive().optional(),
  })
  .superRefine((film, ctx) => {
    if (film.script && (film.url || film.captions)) {
      ctx.addIssue({
        code: "custom",
        path: ["script"],
        message: "a film rendered from a script gets its video and captions from it: leave url and captions out",
      });
    }
    if (film.url && !film.captions) {
      ctx.addIssue({
        code: "custom",
        path: ["captions"],
        message: "a film with a URL needs captions: a WebVTT file films/<name>.vtt under public/",
      });
    }
  });

const stepBase = {
  id: stableId,
  title: nonEmptyText,
};

export const textStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal("text"),
  /** Plain text with the small Markdown subset Adaptive Cards render (bold, italics, lists, links). */
  body: nonEmptyText,
  image: imageSchema.optional(),
});

export const filmStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal("film"),
  body: nonEmptyText.optional(),
  film: filmSchema,
});

export const reflectionStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal("reflection"),
  /** Shown before a question that asks people to recall their own experience, so nobody is caught off guard. */
  contentNote: nonEmptyText.optional(),
  body: nonEmptyText.optional(),
  question: nonEmptyText,
  /** The same question for someone who has not been exposed themselves (a bystander, a colleague, the group). */
  alternativeQuestion: nonEmptyText.optional(),
});

export const stepSchema = z.discriminatedUnion("type", [textStepSchema, filmStepSchema, reflectionStepSchema], {
  error: (issue) =>
    issue.code === "invalid_union" ? "unknown step type: must be one of text, film, reflection" : undefined,
});

/**
 * The files that hold something a user walks step by step: the numbered themes (tema-*.yaml) and the
 * shorter paths (stig-*.yaml), such as the one for supporting a colleague.
 */
export const themeFilePattern = /^(tema|stig)-.+\.ya?ml$/;

/**
 * A theme is one of the material's four parts, with film and graphics, shown with its number. A path is a
 * short, practical walk for a particular reader (a supporter, say): no number, no film required, 5–8 steps,
 * listed on the menu after the themes. Both are walked, saved and counted in the same way.
 */
export const themeKinds = ["theme", "path"] as const;
const maxPathSteps = 8;

export const themeSchema = z
  .strictObject({
    id: stableId,
    kind: z.enum(themeKinds, { error: "must be theme or path" }).default("theme"),
    /** Position on the menu among its own kind; themes stand alone, so this is only the order they are listed in. */
    order: z.number().int().positive(),
    title: nonEmptyText,
    summary: nonEmptyText,
    steps: z.array(stepSchema).min(5, "a theme needs at least 5 steps").max(16, "a theme has at most 16 steps"),
    /** Every source the theme rests on, listed when the theme is done; a figure names its source beside it too. */
    sources: z.array(nonEmptyText).min(1, "a theme lists its sources"),
  })
  .superRefine((theme, ctx) => {
    const seen = new Set<string>();
    theme.steps.forEach((step, index) => {
      if (seen.has(step.id)) {
        ctx.addIssue({ code: "custom", path: ["steps", index, "id"], message: `duplicate step id '${step.id}'` });
      }
      seen.add(step.id);
    });
    if (theme.steps.filter((s) => s.type === "reflection").length < 2) {
      ctx.addIssue({ code: "custom", path: ["steps"], message: `a ${theme.kind} needs at least two reflection steps` });
    }
    if (theme.kind === "path") {
      if (theme.steps.length > maxPathSteps) {
        ctx.addIssue({ code: "custom", path: ["steps"], message: `a path has at most ${maxPathSteps} steps` });
      }
      return;
    }
    if (!theme.steps.some((s) => s.type === "text" && s.image)) {
      ctx.addIssue({ code: "custom", path: ["steps"], message: "a theme needs at least one step with an image" });
    }
    if (!theme.steps.some((s) => s.type === "film")) {
      ctx.addIssue({ code: "custom", path: ["steps"], message: "a theme needs at least one film step" });
    }
  });

export type Image = z.infer<typeof imageSchema>;
export type Film = z.infer<typeof filmSchema>;
export type Step = z.infer<typeof stepSchema>;
export type TextStep = z.infer<typeof textStepSchema>;
export type FilmStep = z.infer<typeof filmStepSchema>;
export type ReflectionStep = z.infer<typeof reflectionStepSchema>;
export type Theme = z.infer<typeof themeSchema>;
export type ThemeKind = Theme["kind"];
