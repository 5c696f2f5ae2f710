import { z } from "zod/v4";
import { triggerPhrasesSchema } from "./trigger-phrases";

/**
 * The crisis card (content/<lang>/kris.yaml): for someone who writes that they cannot go on or do not
 * want to live. Shown at once, before anything else, to everyone, even with the database down.
 */
const text = z.string().trim().min(1, "must not be empty");

const callSchema = z.strictObject({
  title: text,
  url: z.string().regex(/^(tel:\+?[0-9]+|https:\/\/\S+)$/, "must be a tel: link (digits only) or an https:// link"),
});

export const crisisSchema = z
  .strictObject({
    /** Phrases that open this card wherever they stand in a message. */
    triggers: triggerPhrasesSchema,
    title: text,
    intro: text,
    /** One support line per entry, in Markdown; phone numbers as tel: links. */
    lines: z.array(text).min(1).max(8),
    closing: text,
    /** Buttons that call or open a line straight away, the most urgent first. */
    calls: z.array(callSchema).min(1).max(4),
    emergencyHelp: text,
  })
  .superRefine((crisis, ctx) => {
    // The one number nobody may have to look for.
    if (crisis.calls[0].url !== "tel:112") {
      ctx.addIssue({ code: "custom", path: ["calls", 0, "url"], message: "the first button must call 112" });
    }
    crisis.calls.forEach((call, index) => {
      const shown = call.title.replace(/\D/g, "");
      if (shown && call.url.startsWith("tel:") && shown !== call.url.replace(/\D/g, "")) {
        ctx.addIssue({
          code: "custom",
          path: ["calls", index, "url"],
          message: `the button says ${shown} but calls ${call.url.slice("tel:".length)}`,
        });
      }
    });
  });

export type CrisisText = z.infer<typeof crisisSchema>;
