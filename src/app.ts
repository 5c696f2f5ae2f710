import { ActivityTypes, type Storage, type TurnContext } from "botbuilder";
import { Application, type TeamsAdapter, type TurnState } from "@microsoft/teams-ai";
import { DialogRunner } from "../dialogs/dialog-runner";
import { groupThemeNumberOf, type Command } from "./teams/commands";
import { stepActionOf, ThemeDialog, type ThemeDialogOptions } from "../dialogs/theme-dialog";
import { adminVerbs, openArticleAction, openThemeAction, playFilmVerb, runCommandAction } from "./cards/card-actions";
import { articleCard, searchResultsCard } from "./cards/search-results-card";
import { searchHelpForComposeBox } from "./features/search/help-search-extension";
import { AdminFlow } from "./features/administration/admin-flow";
import type { BotServices } from "./teams/bot-services";
import { OrderFlow } from "./features/ordering/order-flow";
import { registerIncidentRoutes } from "./features/incidents/incident-routes";
import { registerPrivacyRoutes } from "./features/privacy/privacy-routes";
import { registerReminderRoutes } from "./features/reminders/reminder-routes";
import { registerGroupSessionRoutes } from "./features/group-sessions/group-session-routes";
import { routeIs } from "./teams/route-table";
import { beforeRouteSteps } from "./teams/pipeline/turn-pipeline";
import { beforeRouting } from "./teams/pipeline/turn-step";
import { incidentFocus } from "./features/incidents/incident-focus";
import { Screens } from "./features/home/screens";
import { filmDialog, filmLinkCard } from "./features/themes/film-dialog";
import { answerWithCard, sendCard } from "./teams/send-card";
import { isGroupConversation, knownUserOf, languageOf, useChosenLanguage } from "./teams/turn-facts";
import { noticeCard } from "./cards/notice-card";
import { PersonalTurnState } from "./teams/personal-turn-state";
import type { Language } from "./domain/content/language";
import { logger } from "./platform/logger";

type ConversationState = Record<string, never>;
interface UserState {
  language?: Language;
}
type BotTurnState = TurnState<ConversationState, UserState>;

export interface AppDependencies {
  services: BotServices;
  storage: Storage;
  adapter: TeamsAdapter;
  botAppId?: string;
}

/** Builds the Teams application: the licence gate first, handlers by intent, card actions by verb, the catch-all last. */
export function createApp({ services, storage, adapter, botAppId }: AppDependencies): Application<BotTurnState> {
  const app = new Application<BotTurnState>({
    adapter,
    botAppId,
    storage,
    startTypingTimer: false,
    removeRecipientMention: true,
    turnStateFactory: () => new PersonalTurnState<ConversationState, UserState>(),
  });
  const screens = new Screens(services);
  const dialogs = new DialogRunner(services);
  const orders = new OrderFlow(services);
  const admin = new AdminFlow(services);
  // Group chats and channels: the group welcome, the group's help and the group session.
  const groups = registerGroupSessionRoutes(app, { services });

  // The turn policy's steps inside the application (src/teams/pipeline/turn-pipeline.ts): the chosen
  // language, the licence gate, the bookkeeping. The only beforeTurn handler: no route relies on its order.
  app.turn(
    "beforeTurn",
    beforeRouting(
      beforeRouteSteps({ services, ui: (context) => screens.ui(context), conversationFocus: incidentFocus }),
    ),
  );

  const welcomeOnce = async (context: TurnContext) => {
    if (!(await services.greetings.claimFirstGreeting(context.activity.conversation.id))) return;
    await (isGroupConversation(context) ? groups.welcome(context) : screens.welcome(context));
  };
  app.activity(routeIs.greeting, async (context) => {
    const { type, action, membersAdded, recipient } = context.activity;
    const added =
      type === ActivityTypes.InstallationUpdate
        ? action?.startsWith("add")
        : membersAdded?.some((member) => member.id === recipient?.id);
    if (added) await welcomeOnce(context);
  });

  // Typed commands interrupt whatever theme is running; progress is in the database, so nothing is lost.
  const onCommand = (command: Command, handler: (context: TurnContext, state: BotTurnState) => Promise<void>) =>
    app.message(routeIs.command(command), handler);

  const showMenu = async (context: TurnContext, state: BotTurnState) => {
    await (await dialogs.open(context, state)).cancelAllDialogs();
    await screens.menu(context);
  };
  const beginTheme = async (context: TurnContext, state: BotTurnState, options: ThemeDialogOptions) => {
    const dc = await dialogs.open(context, state);
    await dc.cancelAllDialogs();
    await dc.beginDialog(ThemeDialog.id, options);
  };
  const chooseLanguage = (language: Language) => async (context: TurnContext, state: BotTurnState) => {
    state.user.language = language;
    useChosenLanguage(context, language);
    // The home screen shows the person's own progress: in a group, the group's help instead.
    await (isGroupConversation(context) ? groups.help(context) : screens.home(context));
  };

  onCommand("menu", showMenu);
  onCommand("help", (context) => (isGroupConversation(context) ? groups.help(context) : screens.help(context)));
  onCommand("myReflections", (context) => screens.myReflections(context));
  onCommand("swedish", chooseLanguage("sv"));
  onCommand("english", chooseLanguage("en"));
  const resume = async (context: TurnContext, state: BotTurnState) => {
    const unfinished = await services.progress.lastUnfinished(knownUserOf(context).userId);
    if (!unfinished) {
      await screens.notice(context, (ui) => ui.resume.nothingToResume);
      return showMenu(context, state);
    }
    await beginTheme(context, state, { themeId: unfinished.themeId, stepId: unfinished.stepId });
  };
  onCommand("resume", resume);
  // "starta tema 2": for the group in a group chat or a channel; in a personal chat, the theme itself.
  onCommand("startGroupSession", async (context, state) => {
    const number = groupThemeNumberOf(context.activity.text);
    if (isGroupConversation(context)) return groups.startTyped(context, number);
    const theme = number === undefined ? undefined : groups.themeNumbered(languageOf(context), number);
    if (!theme) return unknownAction(context, state);
    await beginTheme(context, state, { themeId: theme.id });
  });
  onCommand("order", async (context) => sendCard(context, await orders.formOrReason(context)));
  onCommand("admin", async (context) => sendCard(context, await admin.card(context)));

  app.adaptiveCards.actionSubmit(routeIs.submit("showMenu"), showMenu);
  app.adaptiveCards.actionSubmit(routeIs.submit("showHelp"), (context) => screens.help(context));
  app.adaptiveCards.actionSubmit(routeIs.submit("showMyReflections"), (context) => screens.myReflections(context));
  app.adaptiveCards.actionSubmit(routeIs.submit("downloadMyReflections"), (context) =>
    screens.downloadMyReflections(context),
  );
  app.adaptiveCards.actionSubmit(routeIs.submit("showAdmin"), async (context) =>
    sendCard(context, await admin.card(context)),
  );
  app.adaptiveCards.actionSubmit(routeIs.submit("openOrderForm"), async (context) =>
    sendCard(context, await orders.formOrReason(context)),
  );
  app.adaptiveCards.actionSubmit(routeIs.submit("openTheme"), async (context, state, data) => {
    const action = openThemeAction.safeParse(data);
    if (!action.success || !themeExists(context, action.data.themeId)) return unknownAction(context, state);
    await beginTheme(context, state, { themeId: action.data.themeId, stepId: action.data.stepId });
  });
  app.adaptiveCards.actionSubmit(routeIs.submit("moveStep", "reflectionChoice"), async (context, state, data) => {
    const action = stepActionOf(data);
    if (!action || !themeExists(context, action.themeId)) return unknownAction(context, state);
    const dc = await dialogs.open(context, state);
    // A press on an old card after the theme was left starts the theme again from that card.
    if (dc.activeDialog?.id === ThemeDialog.id) await dc.continueDialog();
    else await beginTheme(context, state, { themeId: action.themeId, action });
  });

  // A film the bot serves opens in a Teams dialog; task/fetch is an invoke, so the licence gate above covers it.
  app.taskModules.fetch(playFilmVerb, async (context, _state, data) => filmDialog(context, services, data));
  app.adaptiveCards.actionSubmit(playFilmVerb, async (context, _state, data) =>
    sendCard(context, filmLinkCard(context, services, data)),
  );

  // Universal actions answer with the card that replaces the pressed one.
  app.adaptiveCards.actionExecute(routeIs.execute("submitOrder"), (context, _state, data) =>
    orders.submit(context, data),
  );
  app.adaptiveCards.actionExecute(routeIs.execute(...adminVerbs), (context, _state, data) =>
    admin.act(context, String((context.activity.value as { action?: { verb?: string } })?.action?.verb), data),
  );

  const themeExists = (context: TurnContext, themeId: string) =>
    services.content.theme(languageOf(context), themeId) !== undefined;
  const unknownAction = async (context: TurnContext, state: BotTurnState) => {
    await screens.notice(context, (ui) => ui.errors.unknownAction);
    await showMenu(context, state);
  };

  app.adaptiveCards.actionSubmit(routeIs.submit("openArticle"), async (context, state, data) => {
    const action = openArticleAction.safeParse(data);
    const language = languageOf(context);
    const card = action.success && articleCard(screens.ui(context), services.content, language, action.data.articleId);
    if (!card) return unknownAction(context, state);
    await sendCard(context, card);
  });
  app.adaptiveCards.actionSubmit(routeIs.submit("runCommand"), async (context, state, data) => {
    const action = runCommandAction.safeParse(data);
    if (!action.success) return unknownAction(context, state);
    if (action.data.command === "resume") return resume(context, state);
    if (action.data.command === "document") return incidents.startDocumenting(context, state);
    return showMenu(context, state);
  });

  app.messageExtensions.query(routeIs.composeSearch("searchHelp"), async (context, _state, query) =>
    searchHelpForComposeBox(context, services, String(query.parameters?.query ?? "")),
  );

  // Privacy (mina data, integritet): its own file, before the catch-all.
  registerPrivacyRoutes(app, { services });
  registerReminderRoutes(app, { services });

  // Incident documentation (dokumentera, mina incidenter): its own file, after every other route.
  const incidents = registerIncidentRoutes(app, { services, dialogs });

  // A value without a known verb is an old or forged button. Then the catch-all, last: any other text is a
  // question. A theme in progress keeps waiting for its buttons, so someone who asks something in the
  // middle of a step gets an answer and can go on from there.
  app.activity(routeIs.unknownSubmit, unknownAction);
  app.activity(routeIs.typed, async (context) => {
    const question = context.activity.text ?? "";
    const language = languageOf(context);
    const hits = services.search.search(language, question.slice(0, 500), 3);
    const themeOf = (themeId: string) => services.content.theme(language, themeId);
    await sendCard(context, searchResultsCard(screens.ui(context), language, question, hits, themeOf));
  });

  // One answer for every failure, whether in a handler (app.error) or around it (loading state).
  const replyWithError = async (context: TurnContext, error: Error) => {
    logger.error(
      { err: { name: error.name, message: error.message, stack: error.stack }, activityType: context.activity.type },
      "turn failed",
    );
    await answerWithCard(context, noticeCard(screens.ui(context), screens.ui(context).errors.generic)).catch(
      () => undefined,
    );
  };
  app.error(replyWithError);
  adapter.onTurnError = replyWithError;

  return app;
}
