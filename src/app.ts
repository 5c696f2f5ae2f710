import { ActivityTypes, type Storage, type TurnContext } from "botbuilder";
import { Application, TurnState, type TeamsAdapter } from "@microsoft/teams-ai";
import { DialogRunner } from "../dialogs/dialog-runner";
import { recognizeCommand, type Command } from "../dialogs/commands";
import { ThemeDialog, type ThemeDialogOptions } from "../dialogs/theme-dialog";
import {
  adminVerbs,
  moveStepAction,
  openArticleAction,
  openThemeAction,
  playFilmVerb,
  reflectionChoiceAction,
  runCommandAction,
} from "./cards/card-actions";
import { articleCard, searchResultsCard } from "./cards/search-results-card";
import { searchHelpForComposeBox } from "./bot/help-search-extension";
import { submitOrderVerb } from "./cards/order-form-card";
import { checkAccess, refuseTurn } from "./bot/access-check";
import { AdminFlow } from "./bot/admin-flow";
import type { BotServices } from "./bot/bot-services";
import { OrderFlow } from "./bot/order-flow";
import { registerIncidentRoutes } from "./bot/incident-routes";
import { privacyOpenCommands, privacyOpenVerbs, registerPrivacyRoutes } from "./bot/privacy-routes";
import { Screens } from "./bot/screens";
import { filmDialog, filmLinkCard } from "./bot/film-dialog";
import { answerWithCard, sendCard } from "./bot/send-card";
import { knownUserOf, languageOf, useChosenLanguage, userOf } from "./bot/turn-facts";
import { noticeCard } from "./cards/notice-card";
import type { Language } from "./content/language";
import { logger } from "./logger";

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

/** What must work without a licence: ordering one, choosing a language, and the user's own data rights. */
const openCommands: ReadonlySet<Command> = new Set<Command>(["order", "swedish", "english", ...privacyOpenCommands]);
const openVerbs: ReadonlySet<string> = new Set(["openOrderForm", submitOrderVerb, ...privacyOpenVerbs]);

/** Builds the Teams application: the licence gate first, handlers by intent, card actions by verb, the catch-all last. */
export function createApp({ services, storage, adapter, botAppId }: AppDependencies): Application<BotTurnState> {
  const app = new Application<BotTurnState>({
    adapter,
    botAppId,
    storage,
    startTypingTimer: false,
    removeRecipientMention: true,
    turnStateFactory: () => new TurnState<ConversationState, UserState>(),
  });
  const screens = new Screens(services);
  const dialogs = new DialogRunner(services);
  const orders = new OrderFlow(services);
  const admin = new AdminFlow(services);

  // The one gate, before any routing, for every kind of activity that could serve the material.
  app.turn("beforeTurn", async (context, state) => {
    useChosenLanguage(context, state.user.language);
    if (!userOf(context)) {
      // Nothing can be stored for an activity that names no user, so it gets an answer and stops here.
      await answerWithCard(context, noticeCard(screens.ui(context), screens.ui(context).errors.generic));
      return false;
    }
    const access = await checkAccess(context, services);
    if (access.kind === "granted" || !servesMaterial(context)) return true;
    await refuseTurn(context, services, access);
    return false;
  });

  const welcomeOnce = async (context: TurnContext) => {
    if (await services.greetings.claimFirstGreeting(context.activity.conversation.id)) await screens.welcome(context);
  };
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    if (context.activity.action?.startsWith("add")) await welcomeOnce(context);
  });
  app.conversationUpdate("membersAdded", async (context) => {
    const botId = context.activity.recipient?.id;
    if (context.activity.membersAdded?.some((member) => member.id === botId)) await welcomeOnce(context);
  });

  // Typed commands interrupt whatever theme is running; progress is in the database, so nothing is lost.
  const onCommand = (command: Command, handler: (context: TurnContext, state: BotTurnState) => Promise<void>) =>
    app.message(async (context) => recognizeCommand(context.activity.text) === command, handler);

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
    await screens.home(context);
  };

  onCommand("menu", showMenu);
  onCommand("help", (context) => screens.help(context));
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
  onCommand("order", async (context) => sendCard(context, await orders.formOrReason(context)));
  onCommand("admin", async (context) => sendCard(context, await admin.card(context)));

  app.adaptiveCards.actionSubmit("showMenu", showMenu);
  app.adaptiveCards.actionSubmit("showHelp", (context) => screens.help(context));
  app.adaptiveCards.actionSubmit("showMyReflections", (context) => screens.myReflections(context));
  app.adaptiveCards.actionSubmit("showAdmin", async (context) => sendCard(context, await admin.card(context)));
  app.adaptiveCards.actionSubmit("openOrderForm", async (context) =>
    sendCard(context, await orders.formOrReason(context)),
  );
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

  // A film the bot serves opens in a Teams dialog; task/fetch is an invoke, so the licence gate above covers it.
  app.taskModules.fetch(playFilmVerb, async (context, _state, data) => filmDialog(context, services, data));
  app.adaptiveCards.actionSubmit(playFilmVerb, async (context, _state, data) =>
    sendCard(context, filmLinkCard(context, services, data)),
  );

  // Universal actions answer with the card that replaces the pressed one.
  app.adaptiveCards.actionExecute(submitOrderVerb, (context, _state, data) => orders.submit(context, data));
  app.adaptiveCards.actionExecute(adminVerbs, (context, _state, data) =>
    admin.act(context, String((context.activity.value as { action?: { verb?: string } })?.action?.verb), data),
  );

  const themeExists = (context: TurnContext, themeId: string) =>
    services.content.theme(languageOf(context), themeId) !== undefined;
  const unknownAction = async (context: TurnContext, state: BotTurnState) => {
    await screens.notice(context, (ui) => ui.errors.unknownAction);
    await showMenu(context, state);
  };

  app.adaptiveCards.actionSubmit("openArticle", async (context, state, data) => {
    const action = openArticleAction.safeParse(data);
    const language = languageOf(context);
    const card = action.success && articleCard(screens.ui(context), services.content, language, action.data.articleId);
    if (!card) return unknownAction(context, state);
    await sendCard(context, card);
  });
  app.adaptiveCards.actionSubmit("runCommand", async (context, state, data) => {
    const action = runCommandAction.safeParse(data);
    if (!action.success) return unknownAction(context, state);
    if (action.data.command === "resume") return resume(context, state);
    if (action.data.command === "document") return incidents.startDocumenting(context, state);
    return showMenu(context, state);
  });

  app.messageExtensions.query("searchHelp", async (context, _state, query) =>
    searchHelpForComposeBox(context, services, String(query.parameters?.query ?? "")),
  );

  // Privacy (mina data, integritet): its own file, before the catch-all.
  registerPrivacyRoutes(app, { services });

  // Incident documentation (dokumentera, mina incidenter): its own file, after every other route.
  const incidents = registerIncidentRoutes(app, { services, dialogs });

  // Catch-all, last: any other text is a question. A theme in progress keeps waiting for its buttons,
  // so someone who asks something in the middle of a step gets an answer and can go on from there.
  app.activity(ActivityTypes.Message, async (context, state) => {
    if (context.activity.value !== undefined && !context.activity.text) return unknownAction(context, state);
    const question = context.activity.text ?? "";
    const language = languageOf(context);
    const hits = services.search.search(language, question.slice(0, 500), 3);
    const themeTitle = (themeId: string) => services.content.theme(language, themeId)?.title ?? themeId;
    await sendCard(context, searchResultsCard(screens.ui(context), language, question, hits, themeTitle));
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

/** Messages and invokes can carry the material; installs and other events only get a greeting. */
function servesMaterial(context: TurnContext): boolean {
  const { type } = context.activity;
  if (type === ActivityTypes.Message) {
    const command = recognizeCommand(context.activity.text);
    const verb = (context.activity.value as { verb?: unknown } | undefined)?.verb;
    return !(command && openCommands.has(command)) && !(typeof verb === "string" && openVerbs.has(verb));
  }
  if (type === ActivityTypes.Invoke) {
    const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    return !(context.activity.name === "adaptiveCard/action" && typeof verb === "string" && openVerbs.has(verb));
  }
  return false;
}
