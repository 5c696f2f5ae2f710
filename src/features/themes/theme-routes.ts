import { ThemeDialog, type StepAction, type ThemeDialogOptions } from "../../../dialogs/theme-dialog";
import type { DialogRunner } from "../../../dialogs/dialog-runner";
import { moveStepAction, openThemeAction, playFilmAction, reflectionChoiceAction } from "../../cards/card-actions";
import type { ProgressStore } from "../../domain/progress/progress-store";
import { alsoInGroups, licensedOnly, route, type RouteDeclaration } from "../../teams/route-declaration";
import { sendCard } from "../../teams/send-card";
import { sendNotice, type TurnView } from "../../teams/turn-view";
import type { Home } from "../home/home-routes";
import { filmDialog, filmLinkCard, type FilmServices } from "./film-dialog";

/** Leaves whatever dialog runs and begins the theme (at a step, or answering a press on its card). */
export function themeStarter(dialogs: DialogRunner) {
  return async (turn: TurnView, options: ThemeDialogOptions): Promise<void> => {
    const dc = await dialogs.open(turn.context, turn.state);
    await dc.cancelAllDialogs();
    await dc.beginDialog(ThemeDialog.id, options);
  };
}

/**
 * The themes: opening one, its step cards' buttons, `fortsätt`, and its films. A theme runs in the theme
 * dialog (dialogs/theme-dialog.ts); each press names its theme and step, so an old card still works.
 */
export function themeRoutes(deps: {
  dialogs: DialogRunner;
  home: Home;
  progress: ProgressStore;
  films: FilmServices;
}): RouteDeclaration[] {
  const { dialogs, home, progress, films } = deps;
  const themeExists = (turn: TurnView, themeId: string) => films.content.theme(turn.language, themeId) !== undefined;
  const beginTheme = themeStarter(dialogs);
  const resume = async (turn: TurnView) => {
    const unfinished = await progress.lastUnfinished(turn.user.userId);
    if (!unfinished) {
      await sendNotice(turn, turn.ui.resume.nothingToResume);
      return home.showMenu(turn);
    }
    await beginTheme(turn, { themeId: unfinished.themeId, stepId: unfinished.stepId });
  };
  const pressStep = async (turn: TurnView, action: StepAction) => {
    if (!themeExists(turn, action.themeId)) return home.unknownAction(turn);
    const dc = await dialogs.open(turn.context, turn.state);
    // A press on an old card after the theme was left starts the theme again from that card.
    if (dc.activeDialog?.id === ThemeDialog.id) await dc.continueDialog();
    else await beginTheme(turn, { themeId: action.themeId, action });
  };

  return [
    route.command("resume", licensedOnly, resume),
    route.submit(openThemeAction, licensedOnly, async (turn, action) => {
      if (!themeExists(turn, action.themeId)) return home.unknownAction(turn);
      await beginTheme(turn, { themeId: action.themeId, stepId: action.stepId });
    }),
    route.submit(moveStepAction, licensedOnly, pressStep),
    // The typed answer stays out of the dialog's options (bot state); the dialog reads it from the activity.
    route.submit(reflectionChoiceAction, licensedOnly, (turn, { reflectionAnswer: _typed, ...action }) =>
      pressStep(turn, action),
    ),
    // A film the bot serves opens in a Teams dialog, seen by the presser only (so in a group too); a client
    // without dialogs sends the press as a submit, answered in the conversation.
    route.taskFetch(playFilmAction, alsoInGroups(licensedOnly), async (turn, action) =>
      filmDialog(turn, films, action),
    ),
    route.submit(playFilmAction, licensedOnly, (turn, action) =>
      sendCard(turn.context, filmLinkCard(turn, films, action)),
    ),
  ];
}
