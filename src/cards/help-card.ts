import type { Theme } from "../domain/content/content-schema";
import type { UiText } from "../domain/content/ui-text-schema";
import { actionSet, adaptiveCard, heading, paragraph, submit, type AdaptiveCard } from "./adaptive-card";

/** The words the bot understands, in the user's language, and a way straight into each path. */
export function helpCard(ui: UiText, paths: readonly Theme[] = []): AdaptiveCard {
  return adaptiveCard(
    [
      ...heading(ui.help.title, { size: "Medium" }),
      paragraph(ui.help.intro),
      {
        type: "FactSet",
        facts: ui.help.commands.map(({ command, description }) => ({ title: command, value: description })),
      },
      ...(paths.length > 0
        ? [
            paragraph(ui.help.pathsIntro),
            actionSet(paths.map((path) => submit(path.title, { verb: "openTheme", themeId: path.id }, "positive"))),
          ]
        : []),
    ],
    [submit(ui.menu.title, { verb: "showMenu" }, "positive")],
  );
}
