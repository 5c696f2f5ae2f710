import type { UiText } from "../domain/content/ui-text-schema";
import { adaptiveCard, heading, openUrl, paragraph, type AdaptiveCard } from "./adaptive-card";
import { commandFacts } from "./help-card";

/** `hjälp` in a group chat or a channel: only what works there, and the way to the personal chat. */
export function groupHelpCard(ui: UiText, personalChatUrl: string): AdaptiveCard {
  const help = ui.group.help;
  return adaptiveCard(
    [
      ...heading(help.title, { size: "Medium" }),
      paragraph(help.intro),
      commandFacts(help.commands),
      paragraph(ui.group.welcomePersonal, { subtle: true }),
    ],
    [openUrl(ui.group.openPersonalChat, personalChatUrl)],
  );
}
