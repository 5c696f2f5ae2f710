import type { TurnContext } from "botbuilder";
import { DialogSet, type DialogContext } from "botbuilder-dialogs";
import type { TurnState } from "@microsoft/teams-ai";
import { TurnStateProperty } from "@microsoft/teams-ai/lib/TurnStateProperty";
import type { BotServices } from "../src/bot/bot-services";
import { ThemeDialog } from "./theme-dialog";

/**
 * Bridges botbuilder-dialogs into teams-ai: the dialog stack lives in the conversation's turn state,
 * which teams-ai loads before and saves after every turn through the shared database storage.
 */
export class DialogRunner {
  private readonly themeDialog: ThemeDialog;

  constructor(services: BotServices) {
    this.themeDialog = new ThemeDialog(services);
  }

  async open(context: TurnContext, state: TurnState): Promise<DialogContext> {
    const dialogs = new DialogSet(new TurnStateProperty(state, "conversation", "dialogState"));
    dialogs.add(this.themeDialog);
    return dialogs.createContext(context);
  }
}
