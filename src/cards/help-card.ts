import type { Theme } from "../domain/content/content-schema";
import type { UiText } from "../domain/content/ui-text-schema";
import {
  actionSet,
  adaptiveCard,
  heading,
  paragraph,
  submit,
  type AdaptiveCard,
  type CardElement,
} from "./adaptive-card";

/** The words to type and what each does, as one list (the group's help shows its own, group-help-card.ts). */
export function commandFacts(commands: ReadonlyArray<{ command: string; description: string }>): CardElement {
  return {
    type: "FactSet",
    facts: commands.map(({ command, description }) => ({ title: command, value: description })),
  };
}

/** The words the bot understands, in the user's language, and a way straight into each path. */
export function helpCard(ui: UiText, paths: readonly Theme[] = []): AdaptiveCard {
  return adaptiveCard(
    [
      ...heading(ui.help.title, { size: "Medium" }),
      paragraph(ui.help.intro),
      commandFacts(ui.help.commands),
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
