import { ActivityTypes, type Activity, type TurnContext } from "botbuilder";
import { recognizeCommand, type Command } from "./commands";
import { verbsOf, type RouteDeclaration, type RouteMatch, type TypedRouteState } from "./route-declaration";

type Declared<K extends RouteMatch["kind"]> = Extract<RouteDeclaration, { match: { kind: K } }>;

const adaptiveCardActionInvoke = "adaptiveCard/action";
const taskFetchInvoke = "task/fetch";
const composeQueryInvoke = "composeExtension/query";

const chosenRouteKey = Symbol("chosenRoute");

const objectOrEmpty = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/**
 * Which declared route takes an activity, whether it works without a licence and whether in a group: the
 * one place the licence gate, the group step and the router (src/teams/router.ts) read, built from the
 * features' route declarations.
 * Every command, verb and compose command is declared once; a second declaration stops the start.
 */
export class RouteTable {
  private readonly commands = new Map<Command, Declared<"command">>();
  private readonly submits = new Map<string, Declared<"submit">>();
  private readonly executes = new Map<string, Declared<"execute">>();
  private readonly taskFetches = new Map<string, Declared<"taskFetch">>();
  private readonly composeSearches = new Map<string, Declared<"composeSearch">>();
  private readonly typedAnswers: Declared<"typed">[] = [];
  private greeting?: Declared<"greeting">;
  private typed?: Declared<"typed">;
  private unknownSubmit?: Declared<"unknownSubmit">;

  constructor(readonly declarations: readonly RouteDeclaration[]) {
    for (const declaration of declarations) this.add(declaration);
    // The licence gate and the group step read the route's attributes; a typed route's claim must not change them.
    for (const answer of this.typedAnswers)
      if (
        this.typed &&
        (answer.openWithoutLicence !== this.typed.openWithoutLicence ||
          answer.worksInGroups !== this.typed.worksInGroups)
      )
        throw new Error("Typed text must be as open in every typed route: the steps decide before the focus");
  }

  /**
   * The route an activity takes, or undefined when none does (other invokes and events: an invoke gets
   * an empty 200). Called after teams-ai has removed the bot's @mention from the text. Text wins over a
   * value, as in teams-ai's own Action.Submit selector (a submit is a message with no text).
   */
  routeOf(activity: Partial<Activity>): RouteDeclaration | undefined {
    const { type, text, value, name } = activity;
    if (type === ActivityTypes.Message) {
      if (text) {
        const command = recognizeCommand(text);
        return command ? (this.commands.get(command) ?? this.typed) : this.typed;
      }
      if (value === undefined) return this.typed;
      const verb = objectOrEmpty(value).verb;
      return (typeof verb === "string" && this.submits.get(verb)) || this.unknownSubmit;
    }
    if (type === ActivityTypes.Invoke) {
      const invokeValue = objectOrEmpty(value);
      const verbIn = (routes: Map<string, RouteDeclaration>, field: unknown) =>
        typeof field === "string" ? routes.get(field) : undefined;
      if (name === adaptiveCardActionInvoke) {
        const action = objectOrEmpty(invokeValue.action);
        return action.type === "Action.Execute" ? verbIn(this.executes, action.verb) : undefined;
      }
      if (name === taskFetchInvoke) return verbIn(this.taskFetches, objectOrEmpty(invokeValue.data).verb);
      if (name === composeQueryInvoke) return verbIn(this.composeSearches, invokeValue.commandId);
      return undefined;
    }
    if (type === ActivityTypes.InstallationUpdate || type === ActivityTypes.ConversationUpdate) return this.greeting;
    return undefined;
  }

  /**
   * Decides the route that runs, once per attempt of a turn (src/teams/pipeline/chosen-route.ts), for every
   * step after it and the router to read with `chosenRouteOf`: `routeOf`, with typed text given to the typed
   * route whose condition claims it.
   */
  choose(context: TurnContext, state: TypedRouteState): void {
    const route = this.routeOf(context.activity);
    const chosen =
      route === this.typed && typeof context.activity.text === "string" ? this.claimingTyped(state, route) : route;
    context.turnState.set(chosenRouteKey, { route: chosen });
  }

  /** The route `choose` decided for this turn; undefined when none takes the activity. */
  chosenRouteOf(context: TurnContext): RouteDeclaration | undefined {
    const chosen = context.turnState.get(chosenRouteKey) as { route?: RouteDeclaration } | undefined;
    if (!chosen) throw new Error("A step read the turn's route before the route was chosen");
    return chosen.route;
  }

  private claimingTyped(state: TypedRouteState, route: RouteDeclaration | undefined): RouteDeclaration | undefined {
    const claimed = this.typedAnswers.filter((answer) => answer.match.while?.(state));
    // Conditions exclude each other, so no answer depends on the order the routes were declared in.
    if (claimed.length > 1) throw new Error("Two typed routes claim the same text");
    return claimed[0] ?? route;
  }

  /** Whether the route works for a user without a licence (or without access in a licensed workspace). */
  isOpenWithoutLicence(route: RouteDeclaration | undefined): boolean {
    return route?.openWithoutLicence ?? false;
  }

  /**
   * Whether the route may run in a group chat or a channel (src/teams/pipeline/group-conversations.ts).
   * What no route takes (events, other invokes) shows nobody's records, so it goes on to the next steps.
   */
  worksInGroups(route: RouteDeclaration | undefined): boolean {
    return route?.worksInGroups ?? true;
  }

  /** The one answer to an old or forged button, also given to a value its route's schema refuses. */
  get unknownSubmitRoute(): Declared<"unknownSubmit"> | undefined {
    return this.unknownSubmit;
  }

  /** The route of a typed command, for a button that does what the command does. */
  commandRoute(command: Command): Declared<"command"> | undefined {
    return this.commands.get(command);
  }

  private get byVerb() {
    return { submit: this.submits, execute: this.executes, taskFetch: this.taskFetches };
  }

  private add(declaration: RouteDeclaration): void {
    const once = <T>(routes: Map<string, T>, key: string, value: T) => {
      if (routes.has(key)) throw new Error(`Route declared twice: ${declaration.match.kind} ${key}`);
      routes.set(key, value);
    };
    const single = <T>(current: T | undefined, value: T): T => {
      if (current) throw new Error(`Route declared twice: ${declaration.match.kind}`);
      return value;
    };
    switch (declaration.match.kind) {
      case "command":
        return once(this.commands, declaration.match.command, declaration as Declared<"command">);
      case "submit":
      case "execute":
      case "taskFetch": {
        const routes = this.byVerb[declaration.match.kind] as Map<string, RouteDeclaration>;
        for (const verb of verbsOf(declaration.match.action)) once(routes, verb, declaration);
        return;
      }
      case "composeSearch":
        return once(this.composeSearches, declaration.match.commandId, declaration as Declared<"composeSearch">);
      case "greeting":
        this.greeting = single(this.greeting, declaration as Declared<"greeting">);
        return;
      case "typed":
        if (declaration.match.while) this.typedAnswers.push(declaration as Declared<"typed">);
        else this.typed = single(this.typed, declaration as Declared<"typed">);
        return;
      case "unknownSubmit":
        this.unknownSubmit = single(this.unknownSubmit, declaration as Declared<"unknownSubmit">);
        return;
    }
  }
}
