import type { TurnState } from "@microsoft/teams-ai";
import { ActivityTypes, type TurnContext } from "botbuilder";
import type { DialogRunner } from "../../../dialogs/dialog-runner";
import {
  downloadMyReflectionsAction,
  runCommandAction,
  showHelpAction,
  showMenuAction,
  showMyReflectionsAction,
} from "../../cards/card-actions";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import type { Language } from "../../domain/content/language";
import type { GreetingLog } from "../../domain/conversations/greeting-log";
import { alsoInGroups, licensedOnly, openToAll, route, type RouteDeclaration } from "../../teams/route-declaration";
import type { RouteTable } from "../../teams/route-table";
import { isGroupConversation, useChosenLanguage } from "../../teams/turn-facts";
import { sendNotice, type TurnView } from "../../teams/turn-view";
import type { Screens } from "./screens";

/** The way back to the menu, which the other features answer with too. */
export interface Home {
  /** Leaves a running theme (its progress is in the database) and shows the menu. */
  showMenu(turn: TurnView): Promise<void>;
  /** The one answer to a button the bot does not know (an old or forged card): a notice and the menu. */
  unknownAction(turn: TurnView): Promise<void>;
}

export function home(screens: Screens, dialogs: DialogRunner): Home {
  const showMenu = async (turn: TurnView) => {
    await (await dialogs.open(turn.context, turn.state)).cancelAllDialogs();
    await screens.menu(turn);
  };
  return {
    showMenu,
    unknownAction: async (turn) => {
      await sendNotice(turn, turn.ui.errors.unknownAction);
      await showMenu(turn);
    },
  };
}

/** What a group chat or a channel sees instead of a person's screens (src/features/group-sessions/). */
export interface GroupScreens {
  welcome(context: TurnContext): Promise<void>;
  help(context: TurnContext): Promise<void>;
}

/** The user's chosen language, kept in their state: `svenska` / `english`. */
interface LanguageState extends TurnState {
  user: TurnState["user"] & { language?: Language };
}

/**
 * The welcome, the menu, help, `mina reflektioner`, the language, and the answer to an unknown button.
 * Typed commands interrupt whatever theme is running; progress is in the database, so nothing is lost.
 * The welcome, help and the language work in a group too, where they show the group's own cards.
 */
export function homeRoutes(deps: {
  screens: Screens;
  home: Home;
  groups: GroupScreens;
  greetings: GreetingLog;
  content: ContentCatalog;
}): RouteDeclaration[] {
  const { screens, home, groups, greetings, content } = deps;
  const inGroup = (turn: TurnView) => isGroupConversation(turn.context);
  const welcome = async (turn: TurnView) => {
    const { type, action, membersAdded, recipient, conversation } = turn.context.activity;
    const added =
      type === ActivityTypes.InstallationUpdate
        ? action?.startsWith("add")
        : membersAdded?.some((member) => member.id === recipient?.id);
    if (!added || !(await greetings.claimFirstGreeting(conversation.id))) return;
    await (inGroup(turn) ? groups.welcome(turn.context) : screens.welcome(turn));
  };
  const chooseLanguage = (language: Language) => async (turn: TurnView) => {
    (turn.state as LanguageState).user.language = language;
    useChosenLanguage(turn.context, language);
    // The home screen shows the person's own progress: in a group, the group's help instead.
    await (inGroup(turn) ? groups.help(turn.context) : screens.home({ ...turn, language, ui: content.ui(language) }));
  };
  const help = (turn: TurnView) => (inGroup(turn) ? groups.help(turn.context) : screens.help(turn));
  const myReflections = (turn: TurnView) => screens.myReflections(turn);
  return [
    route.greeting(alsoInGroups(openToAll), welcome),
    route.command("menu", licensedOnly, home.showMenu),
    route.command("help", alsoInGroups(licensedOnly), help),
    route.command("myReflections", licensedOnly, myReflections),
    route.command("swedish", alsoInGroups(openToAll), chooseLanguage("sv")),
    route.command("english", alsoInGroups(openToAll), chooseLanguage("en")),
    route.submit(showMenuAction, licensedOnly, home.showMenu),
    route.submit(showHelpAction, licensedOnly, (turn) => screens.help(turn)),
    route.submit(showMyReflectionsAction, licensedOnly, myReflections),
    route.submit(downloadMyReflectionsAction, licensedOnly, (turn) => screens.downloadMyReflections(turn)),
    route.unknownSubmit(licensedOnly, home.unknownAction),
  ];
}

/**
 * A button that does what a typed command does ("fortsätt" on the emergency checklist): the command's own
 * route runs. Its `emergency` is answered by the turn pipeline before routing; anything else not declared
 * as a command shows the menu.
 */
export function commandButtonRoute(routes: () => RouteTable, home: Home): RouteDeclaration {
  return route.submit(runCommandAction, licensedOnly, async (turn, action) => {
    const command = action.command === "emergency" ? undefined : routes().commandRoute(action.command);
    await (command ? command.handle(turn) : home.showMenu(turn));
  });
}
