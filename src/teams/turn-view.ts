import type { TurnContext } from "botbuilder";
import type { TurnState } from "@microsoft/teams-ai";
import { noticeCard } from "../cards/notice-card";
import type { ContentCatalog } from "../domain/content/content-catalog";
import type { Language } from "../domain/content/language";
import type { UiText } from "../domain/content/ui-text-schema";
import type { Access } from "../domain/licensing/access";
import type { UserRef } from "../domain/progress/progress-store";
import { accessOf } from "./access-check";
import { sendCard } from "./send-card";
import { knownUserOf, languageOf, tenantOf } from "./turn-facts";

/**
 * What a route's handler knows about its turn, read once when the route is chosen: who pressed or typed
 * (from Teams, never from the text), in which workspace, in which language and with which texts, the
 * access the licence gate decided, and the turn's context and state (for replies and dialogs).
 */
export interface TurnView {
  readonly context: TurnContext;
  readonly state: TurnState;
  readonly language: Language;
  readonly ui: UiText;
  readonly user: UserRef;
  readonly tenantId: string | undefined;
  /** The licence gate's decision for this user (src/teams/pipeline/licence-gate.ts). */
  readonly access: Access | undefined;
}

/** Built by the router for the one route that runs (the named-user step has made sure there is a user). */
export function turnViewOf(context: TurnContext, state: TurnState, content: ContentCatalog): TurnView {
  const language = languageOf(context);
  return {
    context,
    state,
    language,
    ui: content.ui(language),
    user: knownUserOf(context),
    tenantId: tenantOf(context),
    access: accessOf(context),
  };
}

/** The texts in the turn's language, for the steps that run before a route (and its view) is chosen. */
export function uiTextsOf(content: ContentCatalog): (context: TurnContext) => UiText {
  return (context) => content.ui(languageOf(context));
}

/** Whether the user is a security officer of the organisation whose access the gate granted. */
export function officerOrganisationOf(turn: TurnView) {
  const access = turn.access;
  return access?.kind === "granted" && access.role === "officer" ? access.organisation : undefined;
}

/** A short message card with the way back to the menu. */
export function sendNotice(turn: TurnView, text: string): Promise<void> {
  return sendCard(turn.context, noticeCard(turn.ui, text));
}
