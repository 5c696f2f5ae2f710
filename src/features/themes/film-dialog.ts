import type { TurnContext } from "botbuilder";
import type { TaskModuleTaskInfo } from "botbuilder";
import { adaptiveCard, openUrl, paragraph, submit, type AdaptiveCard } from "../../cards/adaptive-card";
import { playFilmAction } from "../../cards/card-actions";
import { noticeCard } from "../../cards/notice-card";
import { filmPlayback } from "../../domain/films/film-files";
import { filmPagePath } from "../../domain/films/film-page-url";
import type { BotServices } from "../../teams/bot-services";
import { languageOf } from "../../teams/turn-facts";

/**
 * The answer to the film card's task/fetch: a Teams dialog with the bot's own player page in it.
 * The licence gate has already run (the film is part of the material); a step that is not, or no
 * longer, a film the bot serves gets a message in the dialog instead of a broken player.
 */
export function filmDialog(context: TurnContext, services: BotServices, data: unknown): TaskModuleTaskInfo | string {
  const film = ownFilm(context, services, data);
  if (!film) return services.content.ui(languageOf(context)).errors.unknownAction;
  return { title: film.title, url: film.url, fallbackUrl: film.url, height: "large", width: "large" };
}

/**
 * A client without dialogs may send the same button as a plain submit (the Agents Playground does):
 * it gets the player page as a link, rather than "unknown action".
 */
export function filmLinkCard(context: TurnContext, services: BotServices, data: unknown): AdaptiveCard {
  const ui = services.content.ui(languageOf(context));
  const film = ownFilm(context, services, data);
  if (!film) return noticeCard(ui, ui.errors.unknownAction);
  return adaptiveCard(
    [{ ...paragraph(film.title), weight: "Bolder" }],
    [openUrl(ui.film.openInBrowser, film.url), submit(ui.menu.title, { verb: "showMenu" })],
  );
}

function ownFilm(
  context: TurnContext,
  services: BotServices,
  data: unknown,
): { title: string; url: string } | undefined {
  const language = languageOf(context);
  const action = playFilmAction.safeParse(data);
  const theme = action.success ? services.content.theme(language, action.data.themeId) : undefined;
  const step = theme?.steps.find((candidate) => action.success && candidate.id === action.data.stepId);
  if (!theme || step?.type !== "film" || filmPlayback(step.film, language).kind !== "own") return undefined;
  return { title: step.title, url: `${services.publicBaseUrl}${filmPagePath(language, theme.id, step.id)}` };
}
