import type { Theme } from "../domain/content/content-schema";
import { fill, type UiText } from "../domain/content/ui-text-schema";
import type { ProgressStatus } from "../domain/progress/progress-store";
import {
  actionSet,
  adaptiveCard,
  heading,
  paragraph,
  submit,
  type AdaptiveCard,
  type CardElement,
} from "./adaptive-card";

export interface MenuEntry {
  theme: Theme;
  status: ProgressStatus;
}

/**
 * The four themes with the user's progress on each, then the paths under a heading of their own, so a path
 * never looks like a fifth theme; any of them can be opened from here.
 */
export function menuCard(ui: UiText, entries: MenuEntry[], options: { isOfficer?: boolean } = {}): AdaptiveCard {
  const themes = entries.filter((entry) => entry.theme.kind === "theme");
  const paths = entries.filter((entry) => entry.theme.kind === "path");
  return adaptiveCard(
    [
      ...heading(ui.menu.title),
      paragraph(ui.menu.intro),
      ...themes.map((entry) => themeEntry(ui, entry)),
      ...(paths.length > 0
        ? [
            {
              type: "Container",
              separator: true,
              spacing: "Large",
              style: "emphasis",
              items: [
                { type: "TextBlock", text: ui.menu.pathsTitle, wrap: true, weight: "Bolder", size: "Medium" },
                ...paths.map((entry) => themeEntry(ui, entry)),
              ],
            },
          ]
        : []),
    ],
    [
      submit(ui.menu.myReflections, { verb: "showMyReflections" }),
      submit(ui.menu.help, { verb: "showHelp" }),
      // Only security officers see the way to the administration.
      ...(options.isOfficer ? [submit(ui.menu.admin, { verb: "showAdmin" })] : []),
    ],
  );
}

function themeEntry(ui: UiText, { theme, status }: MenuEntry): CardElement {
  const statusText =
    status.kind === "notStarted"
      ? ui.menu.notStarted
      : status.kind === "completed"
        ? `✓ ${ui.menu.completed}`
        : fill(ui.menu.inProgress, { step: status.step, count: status.count });
  const isPath = theme.kind === "path";
  const buttons = isPath
    ? { open: ui.menu.pathOpen, restart: ui.menu.pathRestart, continue: ui.menu.pathContinue }
    : { open: ui.menu.open, restart: ui.menu.restart, continue: ui.menu.continue };
  const buttonTitle =
    status.kind === "notStarted" ? buttons.open : status.kind === "completed" ? buttons.restart : buttons.continue;
  const completed = status.kind === "completed";
  return {
    type: "Container",
    separator: !isPath,
    spacing: "Medium",
    items: [
      // "1. Title" would render as a numbered list, so the number sits on its own line. A path has none.
      ...(isPath
        ? []
        : [
            {
              type: "TextBlock",
              text: fill(ui.menu.themeNumber, { number: theme.order }),
              wrap: true,
              isSubtle: true,
              size: "Small",
            },
          ]),
      { type: "TextBlock", text: theme.title, wrap: true, weight: "Bolder", spacing: isPath ? "Small" : "None" },
      paragraph(theme.summary, { subtle: true }),
      {
        type: "TextBlock",
        text: statusText,
        wrap: true,
        weight: "Bolder",
        color: completed ? "Good" : "Default",
        spacing: "Small",
      },
      actionSet([
        submit(
          fill(buttonTitle, { number: theme.order, title: theme.title }),
          { verb: "openTheme", themeId: theme.id },
          status.kind === "inProgress" ? "positive" : undefined,
        ),
        ...(status.kind === "inProgress"
          ? [submit(ui.reminders.remindButton, { verb: "remindMe", themeId: theme.id })]
          : []),
      ]),
    ],
  };
}
