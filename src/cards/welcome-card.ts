import type { UiText } from "../domain/content/ui-text-schema";
import { adaptiveCard, heading, paragraph, submit, type AdaptiveCard } from "./adaptive-card";

/**
 * Sent once when the app is installed: what this is, what is stored, and the way in. Without access
 * the card that follows explains why, so there is no "show themes" button leading nowhere.
 */
export function welcomeCard(ui: UiText, options: { hasAccess: boolean }): AdaptiveCard {
  return adaptiveCard(
    [
      ...heading(ui.welcome.title),
      paragraph(ui.welcome.body),
      { type: "TextBlock", text: ui.welcome.privacyTitle, wrap: true, weight: "Bolder", spacing: "Medium" },
      paragraph(ui.welcome.privacy),
    ],
    [
      ...(options.hasAccess ? [submit(ui.welcome.showMenu, { verb: "showMenu" }, "positive")] : []),
      submit(ui.privacy.myData.notice, { verb: "showPrivacy" }),
    ],
  );
}
