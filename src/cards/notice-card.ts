import type { UiText } from "../domain/content/ui-text-schema";
import { adaptiveCard, paragraph, submit, type AdaptiveCard } from "./adaptive-card";

/** A short message with the way back to the menu: for pointers, confirmations and errors alike. */
export function noticeCard(ui: UiText, text: string): AdaptiveCard {
  return adaptiveCard([paragraph(text)], [submit(ui.menu.title, { verb: "showMenu" })]);
}
