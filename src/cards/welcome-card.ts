import type { UiText } from "../content/ui-text-schema";
import { adaptiveCard, heading, paragraph, submit, type AdaptiveCard } from "./adaptive-card";

/** Sent once when the app is installed: what this is, what is stored, and the way in. */
export function welcomeCard(ui: UiText): AdaptiveCard {
  return adaptiveCard(
    [
      ...heading(ui.welcome.title),
      paragraph(ui.welcome.body),
      { type: "TextBlock", text: ui.welcome.privacyTitle, wrap: true, weight: "Bolder", spacing: "Medium" },
      paragraph(ui.welcome.privacy),
    ],
    [submit(ui.welcome.showMenu, { verb: "showMenu" }, "positive")],
  );
}
