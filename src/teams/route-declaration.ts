import type { MessagingExtensionResult, TaskModuleTaskInfo } from "botbuilder";
import type { z } from "zod/v4";
import type { AdaptiveCard } from "../cards/adaptive-card";
import type { Command } from "./commands";
import type { TurnView } from "./turn-view";

/**
 * A route says how it is matched, what the turn policy must know about it, and what it does. Each feature
 * exports its routes (src/features/<feature>/); src/app.ts hands them all to one RouteTable
 * (src/teams/route-table.ts), from which both the licence gate and the router read.
 */

/** A card action's schema: an object whose literal `verb` (or enum or union of verbs) routes it. */
export type ActionSchema = z.ZodType<{ verb: string }>;

/**
 * What a pipeline step reads about a route. A new policy per route is one more field here, set in the
 * declarations and read by its step through the route table.
 */
export interface RouteAttributes {
  /** Works for a user without a licence, or without access in a licensed workspace (the licence gate). */
  readonly openWithoutLicence: boolean;
  /**
   * Runs in a group chat or a team channel, where everyone in the conversation reads the answer
   * (src/teams/pipeline/group-conversations.ts). A route that shows or touches a person's own records,
   * or runs a personal dialog, must not: in a group it is answered with a pointer to the personal chat.
   */
  readonly worksInGroups: boolean;
  /** Erases the user's own data, so the turn records no day's use behind it (activity-bookkeeping.ts). */
  readonly erasesTheUser?: boolean;
}

/** Material, tools and records: for users with access only, in their personal chat. */
export const licensedOnly: RouteAttributes = { openWithoutLicence: false, worksInGroups: false };
/** Ordering a licence, the language, and the user's own data rights: for everyone, in their personal chat. */
export const openToAll: RouteAttributes = { openWithoutLicence: true, worksInGroups: false };
/**
 * The same route, in a group chat or a channel too: only for what shows nobody's own records there (the
 * group session, help, the language, the welcome). Every route is personal unless it says this.
 */
export const alsoInGroups = (attributes: RouteAttributes): RouteAttributes => ({ ...attributes, worksInGroups: true });

type Reply = Promise<void>;

/**
 * What a typed route's condition reads: the conversation's state as teams-ai loaded it, before any step
 * (the route is chosen first, src/teams/pipeline/chosen-route.ts).
 */
export interface TypedRouteState {
  readonly conversation?: Record<string, unknown>;
}

export type RouteMatch =
  /** A message whose text (the bot's @mention removed) is a command word (src/teams/commands.ts). */
  | { kind: "command"; command: Command }
  /** Action.Submit: a message with a `value` and no text, routed on `value.verb`, parsed by `action`. */
  | { kind: "submit"; action: ActionSchema }
  /** Action.Execute: an `adaptiveCard/action` invoke on `value.action.verb`; answered with the replacing card. */
  | { kind: "execute"; action: ActionSchema }
  /** A Teams dialog's `task/fetch` invoke on `value.data.verb`; answered with the dialog (or a message). */
  | { kind: "taskFetch"; action: ActionSchema }
  /** A compose-box search: a `composeExtension/query` invoke on `value.commandId`. */
  | { kind: "composeSearch"; commandId: string }
  /** The bot was added to a conversation. */
  | { kind: "greeting" }
  /**
   * Any other text, or a message with neither text nor value. With `while`, only typed text the
   * condition claims (the open incident question); the one route without it takes the rest.
   */
  | { kind: "typed"; while?: (state: TypedRouteState) => boolean }
  /** A message with a value but no declared verb: an old or forged button. */
  | { kind: "unknownSubmit" };

/** The handler each kind of match gets, as the router calls it (`never`: the action its schema parsed). */
export type RouteHandlers = {
  command: (turn: TurnView) => Reply;
  submit: (turn: TurnView, action: never) => Reply;
  execute: (turn: TurnView, action: never) => Promise<AdaptiveCard>;
  taskFetch: (turn: TurnView, action: never) => Promise<TaskModuleTaskInfo | string>;
  composeSearch: (turn: TurnView, query: string) => Promise<MessagingExtensionResult>;
  greeting: (turn: TurnView) => Reply;
  typed: (turn: TurnView) => Reply;
  unknownSubmit: (turn: TurnView) => Reply;
};

export type RouteDeclaration = {
  [K in RouteMatch["kind"]]: RouteAttributes & { match: Extract<RouteMatch, { kind: K }>; handle: RouteHandlers[K] };
}[RouteMatch["kind"]];

/** The route's handler as the router calls it, with the action its schema has parsed. */
export type ParsedAction<S extends ActionSchema> = z.output<S>;

/** Builders that tie each handler's argument to its match, so a handler gets its action typed. */
export const route = {
  command: (command: Command, attributes: RouteAttributes, handle: (turn: TurnView) => Reply): RouteDeclaration => ({
    ...attributes,
    match: { kind: "command", command },
    handle,
  }),
  submit: <S extends ActionSchema>(
    action: S,
    attributes: RouteAttributes,
    handle: (turn: TurnView, action: ParsedAction<S>) => Reply,
  ): RouteDeclaration => ({ ...attributes, match: { kind: "submit", action }, handle }),
  execute: <S extends ActionSchema>(
    action: S,
    attributes: RouteAttributes,
    handle: (turn: TurnView, action: ParsedAction<S>) => Promise<AdaptiveCard>,
  ): RouteDeclaration => ({ ...attributes, match: { kind: "execute", action }, handle }),
  taskFetch: <S extends ActionSchema>(
    action: S,
    attributes: RouteAttributes,
    handle: (turn: TurnView, action: ParsedAction<S>) => Promise<TaskModuleTaskInfo | string>,
  ): RouteDeclaration => ({ ...attributes, match: { kind: "taskFetch", action }, handle }),
  composeSearch: (
    commandId: string,
    attributes: RouteAttributes,
    handle: (turn: TurnView, query: string) => Promise<MessagingExtensionResult>,
  ): RouteDeclaration => ({ ...attributes, match: { kind: "composeSearch", commandId }, handle }),
  greeting: (attributes: RouteAttributes, handle: (turn: TurnView) => Reply): RouteDeclaration => ({
    ...attributes,
    match: { kind: "greeting" },
    handle,
  }),
  typed: (
    attributes: RouteAttributes,
    handle: (turn: TurnView) => Reply,
    options: { while?: (state: TypedRouteState) => boolean } = {},
  ): RouteDeclaration => ({ ...attributes, match: { kind: "typed", ...options }, handle }),
  unknownSubmit: (attributes: RouteAttributes, handle: (turn: TurnView) => Reply): RouteDeclaration => ({
    ...attributes,
    match: { kind: "unknownSubmit" },
    handle,
  }),
};

/** The verbs a card action's schema accepts: its literal, enum or union of literals for `verb`. */
export function verbsOf(action: ActionSchema): string[] {
  const verbs = action._zod.propValues?.verb;
  if (!verbs || verbs.size === 0) throw new Error("A card action's schema needs a literal verb to be routed on");
  return [...verbs].map(String);
}
