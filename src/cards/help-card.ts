import type { UiText } from "../content/ui-text-schema";
import { adaptiveCard, heading, paragraph, submit, type AdaptiveCard } from "./adaptive-card";

/** The words the bot understands, in the user's language. */
export function helpCard(ui: UiText): AdaptiveCard {
  return adaptiveCard(
    [
      ...heading(ui.help.title, { size: "Medium" }),
      paragraph(ui.help.intro),
      {
        type: "FactSet",
        facts: ui.help.commands.map(({ command, description }) => ({ title: command, value: description })),
      },
    ],
    [submit(ui.menu.title, { verb: "showMenu" }, "positive")],
  );
}
