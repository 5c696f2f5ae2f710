import { z } from "zod/v4";
import { incidentQuestionKeys } from "../domain/incidents/incident-record";
import { handoverAnswerVerbs } from "./handover-cards";

/**
 * What the incident cards' buttons send back. Parsed before anything acts on a submit; the bot routes
 * on `verb`. Answers are not length-checked here: an overlong answer is given back to shorten, not lost.
 */
export const incidentAnswerInputId = "incidentAnswer";

export const incidentAnswerAction = z.object({
  verb: z.literal("incidentAnswer"),
  question: z.enum(incidentQuestionKeys),
  move: z.enum(["next", "skip"]),
  [incidentAnswerInputId]: z.string().optional(),
});
export const incidentChoiceAction = z.object({
  verb: z.literal("incidentChoice"),
  choice: z.enum(["save", "download", "send", "confirmSend", "cancelSend", "finish"]),
});
export const incidentResumeAction = z.object({
  verb: z.literal("incidentResume"),
  choice: z.enum(["continue", "startOver"]),
});
export const savedIncidentAction = z.object({
  verb: z.literal("savedIncident"),
  id: z.string().min(1).max(100),
  act: z.enum(["view", "download", "delete", "confirmDelete"]),
});
/** The official withdraws a summary they sent: "ask" shows the confirmation, "confirm" withdraws it. */
export const withdrawHandoverAction = z.object({
  verb: z.literal("withdrawHandover"),
  recordId: z.string().min(1).max(100),
  act: z.enum(["ask", "confirm"]),
});
/** An officer's answer (Action.Execute data): the hand-over id only; who answers is who Teams says presses. */
export const handoverAnswerAction = z.object({
  verb: z.enum([handoverAnswerVerbs.received, handoverAnswerVerbs.contacting]),
  handoverId: z.string().min(1).max(100),
});
export const showMyIncidentsAction = z.object({ verb: z.literal("showMyIncidents") });

export type IncidentAnswerAction = z.infer<typeof incidentAnswerAction>;
export type IncidentChoiceAction = z.infer<typeof incidentChoiceAction>;
export type IncidentActionData =
  | IncidentAnswerAction
  | IncidentChoiceAction
  | z.infer<typeof incidentResumeAction>
  | z.infer<typeof savedIncidentAction>
  | z.infer<typeof withdrawHandoverAction>
  | z.infer<typeof showMyIncidentsAction>;
