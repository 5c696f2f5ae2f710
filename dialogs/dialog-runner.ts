import type { TurnContext } from "botbuilder";
import { DialogSet, type DialogContext } from "botbuilder-dialogs";
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

  constructor(services: ThemeDialogServices & Pick<BotServices, "incidents">) {
    this.themeDialog = new ThemeDialog(services);
    this.incidentDialog = new IncidentDialog(services);
  }

  async open(context: TurnContext, state: TurnState): Promise<DialogContext> {
    const dialogs = new DialogSet(conversationProperty(state, "dialogState"));
    dialogs.add(this.themeDialog);
    return dialogs.createContext(context);
  }

  /**
   * The incident documentation keeps its own stack, so `meny`, a theme or the emergency help in
   * between does not throw the user's draft away; `dokumentera` offers to continue it.
   */
  async openIncident(context: TurnContext, state: TurnState): Promise<DialogContext> {
    const dialogs = new DialogSet(conversationProperty(state, incidentDialogStateProperty));
    dialogs.add(this.incidentDialog);
    return dialogs.createContext(context);
  }
}

export const incidentDialogStateProperty = "incidentDialogState";

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
