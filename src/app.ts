import { ActivityTypes, type Storage, type TurnContext } from "botbuilder";
import { Application, TurnState, type TeamsAdapter } from "@microsoft/teams-ai";
import { DialogRunner } from "../dialogs/dialog-runner";
import { recognizeCommand, type Command } from "../dialogs/commands";
import { ThemeDialog, type ThemeDialogOptions } from "../dialogs/theme-dialog";
import { moveStepAction, openThemeAction, reflectionChoiceAction } from "./cards/card-actions";
import type { BotServices } from "./bot/bot-services";
import { Screens } from "./bot/screens";
import { knownUserOf, languageOf, userOf } from "./bot/turn-facts";
import { logger } from "./logger";

interface ConversationState {
  welcomed?: boolean;
}
type BotTurnState = TurnState<ConversationState>;

export interface AppDependencies {
  services: BotServices;
  storage: Storage;
  adapter: TeamsAdapter;
  botAppId?: string;
}

/** Builds the Teams application: handlers registered by intent, card actions by verb, the catch-all last. */
export function createApp({ services, storage, adapter, botAppId }: AppDependencies): Application<BotTurnState> {
  const app = new Application<BotTurnState>({
    adapter,
    botAppId,
    storage,
    startTypingTimer: false,
    removeRecipientMention: true,
    turnStateFactory: () => new TurnState<ConversationState>(),
  });
  const screens = new Screens(services);
  const dialogs = new DialogRunner(services);

  // Nothing can be stored for an activity that names no user, so it gets an answer and stops here.
  app.turn("beforeTurn", async (context) => {
    if (userOf(context)) return true;
    if (context.activity.type === ActivityTypes.Message) await screens.notice(context, (ui) => ui.errors.generic);
    return false;
  });

  const welcomeOnce = async (context: TurnContext, state: BotTurnState) => {
    if (state.conversation.welcomed) return;
    state.conversation.welcomed = true;
    await screens.welcome(context);
  };
  app.activity(ActivityTypes.InstallationUpdate, async (context, state) => {
    if (context.activity.action?.startsWith("add")) await welcomeOnce(context, state);
  });
  app.conversationUpdate("membersAdded", async (context, state) => {
    const botId = context.activity.recipient?.id;
    if (context.activity.membersAdded?.some((member) => member.id === botId)) await welcomeOnce(context, state);
  });

  // Typed commands interrupt whatever theme is running; progress is in the database, so nothing is lost.
  const onCommand = (command: Command, handler: (context: TurnContext, state: BotTurnState) => Promise<void>) =>
    app.message(async (context) => recognizeCommand(context.activity.text) === command, handler);

  const showMenu = async (context: TurnContext, state: BotTurnState) => {
    await (await dialogs.open(context, state)).cancelAllDialogs();
    await screens.menu(context);
  };
  onCommand("menu", showMenu);
  onCommand("help", (context) => screens.help(context));
  onCommand("myReflections", (context) => screens.myReflections(context));
  onCommand("resume", async (context, state) => {
    const unfinished = await services.progress.lastUnfinished(knownUserOf(context).userId);
    if (!unfinished) {
      await screens.notice(context, (ui) => ui.resume.nothingToResume);
      return showMenu(context, state);
    }
    await beginTheme(context, state, { themeId: unfinished.themeId, stepId: unfinished.stepId });
  });

  const beginTheme = async (context: TurnContext, state: BotTurnState, options: ThemeDialogOptions) => {
    const dc = await dialogs.open(context, state);
    await dc.cancelAllDialogs();
    await dc.beginDialog(ThemeDialog.id, options);
  };

  app.adaptiveCards.actionSubmit("showMenu", showMenu);
  app.adaptiveCards.actionSubmit("showHelp", (context) => screens.help(context));
  app.adaptiveCards.actionSubmit("showMyReflections", (context) => screens.myReflections(context));
  app.adaptiveCards.actionSubmit("openTheme", async (context, state, data) => {
    const action = openThemeAction.safeParse(data);
    if (!action.success || !themeExists(context, action.data.themeId)) return unknownAction(context, state);
    await beginTheme(context, state, { themeId: action.data.themeId, stepId: action.data.stepId });
  });
  app.adaptiveCards.actionSubmit(["moveStep", "reflectionChoice"], async (context, state, data) => {
    const action = moveStepAction.safeParse(data).data ?? reflectionChoiceAction.safeParse(data).data;
    if (!action || !themeExists(context, action.themeId)) return unknownAction(context, state);
    const dc = await dialogs.open(context, state);
    // A press on an old card after the theme was left starts the theme again from that card.
    if (dc.activeDialog?.id === ThemeDialog.id) await dc.continueDialog();
    else await beginTheme(context, state, { themeId: action.themeId, action });
  });

  const themeExists = (context: TurnContext, themeId: string) =>
    services.content.theme(languageOf(context), themeId) !== undefined;
  const unknownAction = async (context: TurnContext, state: BotTurnState) => {
    await screens.notice(context, (ui) => ui.errors.unknownAction);
    await showMenu(context, state);
  };

  // Catch-all, last: typed text inside a theme goes to the theme; anything else gets a pointer.
  app.activity(ActivityTypes.Message, async (context, state) => {
    if (context.activity.value !== undefined && !context.activity.text) return unknownAction(context, state);
    const dc = await dialogs.open(context, state);
    if (dc.activeDialog) {
      await dc.continueDialog();
      return;
    }
    await screens.notice(context, (ui) => ui.fallback.text);
  });

  // One answer for every failure, whether in a handler (app.error) or around it (loading state).
  const replyWithError = async (context: TurnContext, error: Error) => {
    logger.error(
      { err: { name: error.name, message: error.message, stack: error.stack }, activityType: context.activity.type },
      "turn failed",
    );
    await screens.notice(context, (ui) => ui.errors.generic).catch(() => undefined);
  };
  app.error(replyWithError);
  adapter.onTurnError = replyWithError;

  return app;
}
