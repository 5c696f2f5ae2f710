import type { TurnContext } from "botbuilder";
import { DialogSet, type DialogContext, type DialogStateManagerConfiguration } from "botbuilder-dialogs";
import type { TurnState } from "@microsoft/teams-ai";
import type { StatePropertyAccessor } from "botbuilder";
import type { BotServices } from "../src/teams/bot-services";
import { IncidentDialog } from "./incident-dialog";
import { ThemeDialog, type ThemeDialogServices } from "./theme-dialog";

/**
 * Bridges botbuilder-dialogs into teams-ai: the dialog stack lives in the conversation's turn state,
 * which teams-ai loads before and saves after every turn through the shared database storage.
 */
export class DialogRunner {
  private readonly themeDialog: ThemeDialog;
  private readonly incidentDialog: IncidentDialog;
  /** The memory scopes of the first dialog context, the same for every turn (see `contextOf`). */
  private stateConfiguration?: DialogStateManagerConfiguration;

  constructor(services: ThemeDialogServices & Pick<BotServices, "incidents">) {
    this.themeDialog = new ThemeDialog(services);
    this.incidentDialog = new IncidentDialog(services);
  }

  async open(context: TurnContext, state: TurnState): Promise<DialogContext> {
    const dialogs = new DialogSet(conversationProperty(state, "dialogState"));
    dialogs.add(this.themeDialog);
    return this.contextOf(dialogs, context);
  }

  /**
   * The incident documentation keeps its own stack, so `meny`, a theme or the emergency help in
   * between does not throw the user's draft away; `dokumentera` offers to continue it.
   */
  async openIncident(context: TurnContext, state: TurnState): Promise<DialogContext> {
    const dialogs = new DialogSet(conversationProperty(state, incidentDialogStateProperty));
    dialogs.add(this.incidentDialog);
    return this.contextOf(dialogs, context);
  }

  /**
   * botbuilder-dialogs builds its memory scopes anew on every turn whose turn state has none (a service
   * collection and nine scope objects, ~1.5 % of a turn's CPU), though they hold nothing of the turn. The
   * first context's are kept and put where the library looks for them (its own turn-state key).
   */
  private async contextOf(dialogs: DialogSet, context: TurnContext): Promise<DialogContext> {
    if (this.stateConfiguration && !context.turnState.has(stateConfigurationKey))
      context.turnState.set(stateConfigurationKey, this.stateConfiguration);
    const dc = await dialogs.createContext(context);
    this.stateConfiguration ??= dc.state.configuration;
    return dc;
  }
}

export const incidentDialogStateProperty = "incidentDialogState";

/** Where botbuilder-dialogs' DialogStateManager keeps a turn's memory scopes (its DIALOG_STATE_MANAGER_CONFIGURATION). */
const stateConfigurationKey = "DialogStateManagerConfiguration";

/**
 * A property of the conversation's turn state as botbuilder-dialogs expects it. (teams-ai's own
 * TurnStateProperty takes `get(defaultValue)`, so DialogSet's `get(context, {})` stored the whole
 * TurnContext, the activity with the user's name and typed text included, in the bot state.)
 */
function conversationProperty<T>(state: TurnState, name: string): StatePropertyAccessor<T> {
  const scope = () => state.conversation as Record<string, unknown>;
  return {
    get: async (_context: TurnContext, defaultValue?: T) => {
      if (scope()[name] === undefined && defaultValue !== undefined) scope()[name] = defaultValue;
      return scope()[name] as T;
    },
    set: async (_context: TurnContext, value: T) => {
      scope()[name] = value;
    },
    delete: async () => {
      scope()[name] = undefined;
    },
  };
}
