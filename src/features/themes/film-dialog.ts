import type { TaskModuleTaskInfo } from "botbuilder";
import type { z } from "zod/v4";
import { adaptiveCard, openUrl, paragraph, submit, type AdaptiveCard } from "../../cards/adaptive-card";
import type { playFilmAction } from "../../cards/card-actions";
import { noticeCard } from "../../cards/notice-card";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import { filmPlayback } from "../../domain/films/film-files";
import { filmPagePath } from "../../domain/films/film-page-url";
import type { TurnView } from "../../teams/turn-view";

export interface FilmServices {
  content: ContentCatalog;
  /** PUBLIC_URL without a trailing slash: the film player is one of the bot's own pages. */
  publicBaseUrl: string;
}

type PlayFilm = z.output<typeof playFilmAction>;

/**
 * The answer to the film card's task/fetch: a Teams dialog with the bot's own player page in it.
 * The licence gate has already run (the film is part of the material); a step that is not, or no
 * longer, a film the bot serves gets a message in the dialog instead of a broken player.
 */
export function filmDialog(turn: TurnView, films: FilmServices, action: PlayFilm): TaskModuleTaskInfo | string {
  const film = ownFilm(turn, films, action);
  if (!film) return turn.ui.errors.unknownAction;
  return { title: film.title, url: film.url, fallbackUrl: film.url, height: "large", width: "large" };
}

/**
 * A client without dialogs may send the same button as a plain submit (the Agents Playground does):
 * it gets the player page as a link, rather than "unknown action".
 */
export function filmLinkCard(turn: TurnView, films: FilmServices, action: PlayFilm): AdaptiveCard {
  const { ui } = turn;
  const film = ownFilm(turn, films, action);
  if (!film) return noticeCard(ui, ui.errors.unknownAction);
  return adaptiveCard(
    [{ ...paragraph(film.title), weight: "Bolder" }],
    [openUrl(ui.film.openInBrowser, film.url), submit(ui.menu.title, { verb: "showMenu" })],
  );
}

function ownFilm(turn: TurnView, films: FilmServices, action: PlayFilm): { title: string; url: string } | undefined {
  const { language } = turn;
  const theme = films.content.theme(language, action.themeId);
  const step = theme?.steps.find((candidate) => candidate.id === action.stepId);
  if (!theme || step?.type !== "film" || filmPlayback(step.film, language).kind !== "own") return undefined;
  return { title: step.title, url: `${films.publicBaseUrl}${filmPagePath(language, theme.id, step.id)}` };
}
