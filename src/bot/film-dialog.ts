import type { TurnContext } from "botbuilder";
import type { TaskModuleTaskInfo } from "botbuilder";
import { playFilmAction } from "../cards/card-actions";
import { filmPlayback } from "../films/film-files";
import { filmPagePath } from "../films/film-page-url";
import type { BotServices } from "./bot-services";
import { languageOf } from "./turn-facts";

/**
 * The answer to the film card's task/fetch: a Teams dialog with the bot's own player page in it.
 * The licence gate has already run (the film is part of the material); a step that is not, or no
 * longer, a film the bot serves gets a message in the dialog instead of a broken player.
 */
export function filmDialog(context: TurnContext, services: BotServices, data: unknown): TaskModuleTaskInfo | string {
  const language = languageOf(context);
  const ui = services.content.ui(language);
  const action = playFilmAction.safeParse(data);
  const theme = action.success ? services.content.theme(language, action.data.themeId) : undefined;
  const step = theme?.steps.find((candidate) => action.success && candidate.id === action.data.stepId);
  if (!action.success || step?.type !== "film" || filmPlayback(step.film, language).kind !== "own") {
    return ui.errors.unknownAction;
  }
  const url = `${services.publicBaseUrl}${filmPagePath(language, action.data.themeId, step.id)}`;
  return { title: step.title, url, fallbackUrl: url, height: "large", width: "large" };
}
