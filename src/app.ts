import type { Storage, TurnContext } from "botbuilder";
import { Application, type TeamsAdapter, type TurnState } from "@microsoft/teams-ai";
import { DialogRunner } from "../dialogs/dialog-runner";
import { noticeCard } from "./cards/notice-card";
import type { Language } from "./domain/content/language";
import { adminRoutes } from "./features/administration/admin-routes";
import { GroupSessionFlow } from "./features/group-sessions/group-session-flow";
import { groupSessionRoutes } from "./features/group-sessions/group-session-routes";
import { commandButtonRoute, home as homeOf, homeRoutes } from "./features/home/home-routes";
import { Screens } from "./features/home/screens";
import { incidentFocus } from "./features/incidents/incident-focus";
import { incidentRoutes } from "./features/incidents/incident-routes";
import { orderRoutes } from "./features/ordering/order-routes";
import { privacyRoutes } from "./features/privacy/privacy-routes";
import { reminderRoutes } from "./features/reminders/reminder-routes";
import { searchRoutes } from "./features/search/search-routes";
import { themeRoutes, themeStarter } from "./features/themes/theme-routes";
import { logger } from "./platform/logger";
import type { BotServices } from "./teams/bot-services";
import { PersonalTurnState } from "./teams/personal-turn-state";
import { beforeRouteSteps } from "./teams/pipeline/turn-pipeline";
import { beforeRouting } from "./teams/pipeline/turn-step";
import { RouteTable } from "./teams/route-table";
import { registerRoutes } from "./teams/router";
import { answerWithCard } from "./teams/send-card";
import { uiTextsOf } from "./teams/turn-view";

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

/**
 * Every route the bot has, from the features that own them, each given the services it needs. The order
 * of the list changes nothing: the table refuses a command or verb declared twice, and the router's
 * selectors exclude each other.
 */
export function botRoutes(services: BotServices, dialogs: DialogRunner): RouteTable {
  const { content, licensing, progress, reflections, reminders, invitations, incidents, privacy } = services;
  const { groupSessions, publicBaseUrl, staticBaseUrl } = services;
  const { downloads, references, botAppId } = incidents;
  const screens = new Screens({ content, licensing, progress, reflections, downloads, publicBaseUrl });
  const home = homeOf(screens, dialogs);
  // Group chats and channels: the group welcome, the group's help and the group session.
  const groups = new GroupSessionFlow({ content, groupSessions, publicBaseUrl, staticBaseUrl });
  const beginTheme = themeStarter(dialogs);
  const routes: RouteTable = new RouteTable([
    ...homeRoutes({ screens, home, groups, greetings: services.greetings, content }),
    ...themeRoutes({ dialogs, home, progress, films: { content, publicBaseUrl } }),
    ...groupSessionRoutes({ groups, home, beginTheme: (turn, themeId) => beginTheme(turn, { themeId }) }),
    ...searchRoutes({ search: { content, search: services.search }, home }),
    ...incidentRoutes({ dialogs, sharing: { content, incidents } }),
    ...privacyRoutes({ content, privacy, downloads, publicBaseUrl }),
    ...orderRoutes(licensing),
    ...adminRoutes({
      content,
      licensing,
      reminders,
      invitations: { content, references, rounds: invitations, botAppId },
    }),
    ...reminderRoutes({ content, progress, reminders }),
    commandButtonRoute(() => routes, home),
  ]);
  return routes;
}

/** Builds the Teams application: the before-route steps, then the one route the route table chooses. */
export function createApp({ services, storage, adapter, botAppId }: AppDependencies): {
  app: Application<BotTurnState>;
  routes: RouteTable;
} {
  const app = new Application<BotTurnState>({
    adapter,
    botAppId,
    storage,
    startTypingTimer: false,
    removeRecipientMention: true,
    turnStateFactory: () => new PersonalTurnState<ConversationState, UserState>(),
  });
  // teams-ai 1.7's run() starts its typing timer on every message turn and never reads `startTypingTimer`:
  // a send handler and a timer per turn (~3 µs), and a typing activity for a turn that takes over a second,
  // held with the replies until COMMIT and so arriving after the answer. This bot shows no typing indicator.
  app.startTypingTimer = () => undefined;
  const ui = uiTextsOf(services.content);
  const routes = botRoutes(services, new DialogRunner(services));

  // The turn policy's steps inside the application (src/teams/pipeline/turn-pipeline.ts): the chosen
  // language, the licence gate, the bookkeeping. The only beforeTurn handler.
  app.turn(
    "beforeTurn",
    beforeRouting(beforeRouteSteps<BotTurnState>({ services, routes, ui, conversationFocus: incidentFocus(routes) })),
  );
  registerRoutes(app, routes, services.content);

  // One answer for every failure, whether in a handler (app.error) or around it (loading state).
  const replyWithError = async (context: TurnContext, error: Error) => {
    logger.error(
      { err: { name: error.name, message: error.message, stack: error.stack }, activityType: context.activity.type },
      "turn failed",
    );
    await answerWithCard(context, noticeCard(ui(context), ui(context).errors.generic)).catch(() => undefined);
  };
  app.error(replyWithError);
  adapter.onTurnError = replyWithError;

  return { app, routes };
}
