import { ActivityTypes, type Activity, type TurnContext } from "botbuilder";
import { recognizeCommand, type Command } from "./commands";

/**
 * Which route takes an activity, and whether that route works without a licence: the one place both the
 * licence gate and the routing read. Every route is registered with a selector from `routeIs` below, so
 * the route the gate judges is the route that runs, whatever mix of `text`, `value` and `name` arrives.
 * Adding a command or a verb means choosing here whether it is open: the records must be complete.
 */

/** Action.Submit buttons: a message with a `value` object and no text, routed on `value.verb`. */
const submitVerbsOpen = {
  showMenu: false,
  showHelp: false,
  showMyReflections: false,
  downloadMyReflections: false,
  showAdmin: false,
  openTheme: false,
  moveStep: false,
  reflectionChoice: false,
  openArticle: false,
  runCommand: false,
  incidentAnswer: false,
  incidentChoice: false,
  incidentResume: false,
  showMyIncidents: false,
  savedIncident: false,
  withdrawHandover: false,
  // Ordering a licence, and the user's own data rights, must work without one.
  openOrderForm: true,
  showPrivacy: true,
  showMyData: true,
  privacyExport: true,
  privacyErase: true,
  privacyEraseConfirm: true,
  privacyEraseCancel: true,
  remindMe: false,
  stopReminders: false,
} as const satisfies Record<string, boolean>;

/** Action.Execute buttons (universal actions): an `adaptiveCard/action` invoke, routed on `value.action.verb`. */
const executeVerbsOpen = {
  submitOrder: true,
  adminSetMode: false,
  adminGrant: false,
  adminRevoke: false,
  adminAddOfficer: false,
  adminRemoveOfficer: false,
  adminAcceptOfficer: false,
  adminDeclineOfficer: false,
  adminSaveContact: false,
  adminInvite: false,
  handoverReceived: false,
  handoverContacting: false,
  // A group session (src/features/group-sessions): start, the facilitator's refresh and controls, an answer.
  groupStart: false,
  groupRefresh: false,
  groupMove: false,
  groupAnswer: false,
  groupReveal: false,
  groupEnd: false,
} as const satisfies Record<string, boolean>;

/** Typed commands: a message whose text (the bot's @mention removed) is a command word. */
const commandsOpen: Record<Command, boolean> = {
  menu: false,
  resume: false,
  help: false,
  myReflections: false,
  admin: false,
  document: false,
  myIncidents: false,
  order: true,
  swedish: true,
  english: true,
  myData: true,
  privacy: true,
  remind: false,
  stopReminders: false,
  startGroupSession: false,
};

/** Compose-box searches: a `composeExtension/query` invoke, routed on `value.commandId`. */
const composeCommandsOpen = { searchHelp: false } as const satisfies Record<string, boolean>;

export type SubmitVerb = keyof typeof submitVerbsOpen;
export type ExecuteVerb = keyof typeof executeVerbsOpen;
export type ComposeCommand = keyof typeof composeCommandsOpen;

export type Route =
  | { kind: "command"; command: Command }
  | { kind: "submit"; verb: SubmitVerb }
  | { kind: "execute"; verb: ExecuteVerb }
  | { kind: "composeSearch"; commandId: ComposeCommand }
  /** Any other text, or a message with neither text nor value: a question, or the answer to an open incident question. */
  | { kind: "typed" }
  /** A message with a value but no known verb: answered with "unknown action" and the menu. */
  | { kind: "unknownSubmit" }
  /** The bot was added: a welcome. */
  | { kind: "greeting" }
  /** No route takes it (other invokes and events); an invoke gets an empty 200. */
  | { kind: "none" };

const adaptiveCardActionInvoke = "adaptiveCard/action";
const composeQueryInvoke = "composeExtension/query";

const isKey = <T extends object>(record: T, key: unknown): key is keyof T =>
  typeof key === "string" && Object.prototype.hasOwnProperty.call(record, key);

/**
 * The route an activity takes. Called after teams-ai has removed the bot's @mention from the text, as the
 * gate and the route selectors both run after that. Text wins over a value, as in teams-ai's own
 * Action.Submit selector (a submit is a message with no text).
 */
export function routeOf(activity: Partial<Activity>): Route {
  const { type, text, value, name } = activity;
  if (type === ActivityTypes.Message) {
    if (text) {
      const command = recognizeCommand(text);
      return command ? { kind: "command", command } : { kind: "typed" };
    }
    if (value === undefined) return { kind: "typed" };
    const verb = typeof value === "object" && value !== null ? (value as { verb?: unknown }).verb : undefined;
    return isKey(submitVerbsOpen, verb) ? { kind: "submit", verb } : { kind: "unknownSubmit" };
  }
  if (type === ActivityTypes.Invoke) {
    const invokeValue = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
    if (name === adaptiveCardActionInvoke) {
      const action = invokeValue.action as { type?: unknown; verb?: unknown } | undefined;
      if (action?.type === "Action.Execute" && isKey(executeVerbsOpen, action.verb))
        return { kind: "execute", verb: action.verb };
    }
    if (name === composeQueryInvoke && isKey(composeCommandsOpen, invokeValue.commandId))
      return { kind: "composeSearch", commandId: invokeValue.commandId };
    return { kind: "none" };
  }
  if (type === ActivityTypes.InstallationUpdate || type === ActivityTypes.ConversationUpdate)
    return { kind: "greeting" };
  return { kind: "none" };
}

/** Whether the route works for a user without a licence (or without access in a licensed workspace). */
export function isOpenWithoutLicence(route: Route): boolean {
  switch (route.kind) {
    case "command":
      return commandsOpen[route.command];
    case "submit":
      return submitVerbsOpen[route.verb];
    case "execute":
      return executeVerbsOpen[route.verb];
    case "composeSearch":
      return composeCommandsOpen[route.commandId];
    case "greeting":
      return true;
    case "typed":
    case "unknownSubmit":
    case "none":
      return false;
  }
}

/**
 * The routes that run in a group chat or a team channel, where everyone in the conversation sees the
 * answer: help, the language, the group welcome and the group session (akut and crisis help are answered
 * before any route, everywhere). Every other route touches a person's own records or a personal
 * dialog, so in a group it is answered with a pointer to the personal chat and never run
 * (src/teams/pipeline/group-conversations.ts). A new route is personal unless it is added here.
 */
const worksInGroupConversations: {
  command: readonly Command[];
  submit: readonly SubmitVerb[];
  execute: readonly ExecuteVerb[];
  composeSearch: readonly ComposeCommand[];
} = {
  command: ["help", "swedish", "english", "startGroupSession"],
  submit: [],
  execute: ["groupStart", "groupRefresh", "groupMove", "groupAnswer", "groupReveal", "groupEnd"],
  // The search's results go to the person searching, who chooses what to post.
  composeSearch: ["searchHelp"],
};

/** Whether the route may run in a group chat or a channel (see `worksInGroupConversations`). */
export function worksInGroups(route: Route): boolean {
  switch (route.kind) {
    case "command":
      return worksInGroupConversations.command.includes(route.command);
    case "submit":
      return worksInGroupConversations.submit.includes(route.verb);
    case "execute":
      return worksInGroupConversations.execute.includes(route.verb);
    case "composeSearch":
      return worksInGroupConversations.composeSearch.includes(route.commandId);
    // The group welcome; and events and other invokes (a film's dialog), which show no one's records.
    case "greeting":
    case "none":
      return true;
    case "typed":
    case "unknownSubmit":
      return false;
  }
}

type Selector = (context: TurnContext) => Promise<boolean>;
const selector =
  (matches: (route: Route) => boolean): Selector =>
  async (context) =>
    matches(routeOf(context.activity));

/** Route selectors for registering handlers: each matches exactly the activities `routeOf` gives that route. */
export const routeIs = {
  command: (command: Command) => selector((r) => r.kind === "command" && r.command === command),
  submit: (...verbs: SubmitVerb[]) => selector((r) => r.kind === "submit" && verbs.includes(r.verb)),
  execute: (...verbs: ExecuteVerb[]) => selector((r) => r.kind === "execute" && verbs.includes(r.verb)),
  composeSearch: (commandId: ComposeCommand) =>
    selector((r) => r.kind === "composeSearch" && r.commandId === commandId),
  typed: selector((r) => r.kind === "typed"),
  unknownSubmit: selector((r) => r.kind === "unknownSubmit"),
  greeting: selector((r) => r.kind === "greeting"),
};
