import type { UiText } from "../domain/content/ui-text-schema";
import { adaptiveCard, openUrl, paragraph, type AdaptiveCard } from "./adaptive-card";

/**
 * A short answer in a group chat or a channel, with the way to the personal chat: for what the bot does
 * only there, and for why a group session cannot start. Never a button that would act in the group.
 */
export function groupNoticeCard(ui: UiText, text: string, personalChatUrl: string): AdaptiveCard {
  return adaptiveCard([paragraph(text)], [openUrl(ui.group.openPersonalChat, personalChatUrl)]);
}
