import { z } from "zod/v4";
import { triggerPhrasesSchema } from "./trigger-phrases";

/** The emergency help (content/<lang>/akut.yaml): the first steps after a threat, in the user's language. */
const text = z.string().trim().min(1, "must not be empty");

export const emergencySchema = z.strictObject({
  /** Phrases that open the emergency help when a message is, or starts with, one of them. */
  triggers: triggerPhrasesSchema,
  /**
   * A question typed to the search that describes a threat of harm or violence (one of these phrases
   * anywhere in it) gets this help as its first answer, before the material.
   */
  searchLead: z.strictObject({ phrases: triggerPhrasesSchema, title: text, excerpt: text }),
  askTitle: text,
  askBody: text,
  yes: text,
  no: text,
  danger: z.strictObject({
    title: text,
    body: text,
    call: text,
    sosApp: text,
    sosAppLink: z.url({ protocol: /^https$/ }),
  }),
  checklist: z.strictObject({
    title: text,
    intro: text,
    showDetails: text,
    /** `{contact}` in an item's details is replaced by the organisation's security officer contact. */
    items: z
      .array(z.strictObject({ title: text, details: text }))
      .min(1)
      .max(10),
    generalContact: text,
    contactPhone: text,
    contactEmail: text,
    routine: text,
    document: text,
    resume: text,
    toMenu: text,
  }),
});

export type EmergencyText = z.infer<typeof emergencySchema>;
