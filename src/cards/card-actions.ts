import { z } from "zod/v4";
import type { IncidentActionData } from "./incident-actions";

/**
 * What our cards' buttons send back (Action.Submit data, plus the inputs Teams merges in): one schema per
 * verb. The route that declares a schema (src/features/<feature>/) is routed on its literal `verb`, and
 * its handler gets the press only once it has passed the schema (src/teams/router.ts).
 */
const id = z.string().min(1).max(100);

export const showMenuAction = z.object({ verb: z.literal("showMenu") });
export const showHelpAction = z.object({ verb: z.literal("showHelp") });
export const showMyReflectionsAction = z.object({ verb: z.literal("showMyReflections") });
export const downloadMyReflectionsAction = z.object({ verb: z.literal("downloadMyReflections") });
export const openThemeAction = z.object({ verb: z.literal("openTheme"), themeId: id, stepId: id.optional() });
export const moveStepAction = z.object({
  verb: z.literal("moveStep"),
  themeId: id,
  stepId: id,
  move: z.enum(["next", "back"]),
});
export const reflectionChoiceAction = z.object({
  verb: z.literal("reflectionChoice"),
  themeId: id,
  stepId: id,
  choice: z.enum(["save", "skip"]),
  /** The card this press came from (a new id each time a step card is shown): one save per card. */
  cardId: id.optional(),
  /** The Input.Text value; its length is checked where it is saved, so an overlong answer is not lost. */
  reflectionAnswer: z.string().optional(),
});

export const showAdminAction = z.object({ verb: z.literal("showAdmin") });
export const openOrderFormAction = z.object({ verb: z.literal("openOrderForm") });

/**
 * Order form and administration buttons are Action.Execute: Teams sends them as an invoke and shows
 * the card the bot answers with in place of the old one, so a form keeps its place in the chat.
 */
const input = z.string().max(20_000).optional();
export const submitOrderAction = z.object({
  verb: z.literal("submitOrder"),
  orgName: input,
  orgNumber: input,
  kind: input,
  ordererName: input,
  ordererEmail: input,
  ordererPhone: input,
  invoiceReference: input,
  acceptPrice: input,
});
export const adminActions = z.discriminatedUnion("verb", [
  z.object({ verb: z.literal("adminSetMode"), accessMode: z.enum(["granted", "everyone"]) }),
  z.object({ verb: z.literal("adminGrant"), emails: z.string().max(20_000).default("") }),
  z.object({ verb: z.literal("adminRevoke"), membershipId: id }),
  z.object({ verb: z.literal("adminAddOfficer"), officerEmail: z.string().max(300).default("") }),
  z.object({ verb: z.literal("adminRemoveOfficer"), membershipId: id }),
  /** An order for this organisation from another tenant, approved by the operator with --link-existing. */
  z.object({ verb: z.literal("adminAcceptOfficer"), orderId: id }),
  z.object({ verb: z.literal("adminDeclineOfficer"), orderId: id }),
  z.object({
    verb: z.literal("adminSaveContact"),
    contactPhone: z.string().max(40).default(""),
    contactEmail: z.string().max(254).default(""),
    routineUrl: z.string().max(500).default(""),
  }),
  /**
   * Invites the organisation's officials who have the app installed (src/features/reminders/invitations.ts);
   * the round key is new on every admin card, so pressing the same card again is the same round.
   */
  z.object({ verb: z.literal("adminInvite"), invitationRound: z.uuid() }),
]);
export type AdminAction = z.infer<typeof adminActions>;

export const emergencyAnswerAction = z.object({
  verb: z.literal("emergencyAnswer"),
  inDanger: z.boolean(),
  language: z.enum(["sv", "en"]),
});
/** A button that does what a typed command does, e.g. "fortsätt" on the emergency checklist. */
export const runCommandAction = z.object({
  verb: z.literal("runCommand"),
  command: z.enum(["resume", "document", "menu", "emergency"]),
  language: z.enum(["sv", "en"]).optional(),
});
export const openArticleAction = z.object({ verb: z.literal("openArticle"), articleId: id });
/** A film the bot serves itself, opened in a Teams dialog (task/fetch): src/features/themes/film-dialog.ts. */
export const playFilmAction = z.object({
  verb: z.literal("playFilm"),
  themeId: id,
  stepId: id,
  msteams: z.object({ type: z.literal("task/fetch") }),
});
/** `mina data` and the privacy notice (src/features/privacy/privacy-routes.ts). */
export const showPrivacyAction = z.object({ verb: z.literal("showPrivacy") });
export const showMyDataAction = z.object({ verb: z.literal("showMyData") });
export const privacyExportAction = z.object({ verb: z.literal("privacyExport") });
export const privacyEraseAction = z.object({ verb: z.literal("privacyErase") });
export const privacyEraseConfirmAction = z.object({ verb: z.literal("privacyEraseConfirm") });
export const privacyEraseCancelAction = z.object({ verb: z.literal("privacyEraseCancel") });
/** Reminders (src/features/reminders/reminder-routes.ts): one for a theme in progress, or none any more. */
export const remindMeAction = z.object({ verb: z.literal("remindMe"), themeId: id });
export const stopRemindersAction = z.object({ verb: z.literal("stopReminders") });

export type ShowMenuAction = z.infer<typeof showMenuAction>;
export type OpenThemeAction = z.infer<typeof openThemeAction>;
export type MoveStepAction = z.infer<typeof moveStepAction>;
export type ReflectionChoiceAction = z.infer<typeof reflectionChoiceAction>;
export type CardActionData =
  | ShowMenuAction
  | z.infer<typeof showHelpAction>
  | z.infer<typeof showMyReflectionsAction>
  | z.infer<typeof downloadMyReflectionsAction>
  | OpenThemeAction
  | MoveStepAction
  | ReflectionChoiceAction
  | z.infer<typeof showAdminAction>
  | z.infer<typeof openOrderFormAction>
  | z.infer<typeof emergencyAnswerAction>
  | z.infer<typeof runCommandAction>
  | z.infer<typeof openArticleAction>
  | z.infer<typeof playFilmAction>
  | z.infer<typeof showPrivacyAction>
  | z.infer<typeof showMyDataAction>
  | z.infer<typeof privacyExportAction>
  | z.infer<typeof privacyEraseAction>
  | z.infer<typeof privacyEraseConfirmAction>
  | z.infer<typeof privacyEraseCancelAction>
  | z.infer<typeof remindMeAction>
  | z.infer<typeof stopRemindersAction>
  | IncidentActionData;

/** The id of the reflection card's text input; Teams sends its value under this name. */
export const reflectionInputId = "reflectionAnswer";
