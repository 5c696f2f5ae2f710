import type { Theme } from "../domain/content/content-schema";
import { fill, type UiText } from "../domain/content/ui-text-schema";
import {
  actionSet,
  adaptiveCard,
  execute,
  heading,
  noticeBlock,
  openUrl,
  paragraph,
  paragraphs,
  type AdaptiveCard,
  type CardElement,
  type Notice,
} from "./adaptive-card";
import { groupVerbs } from "./group-session-actions";
import { guideLink } from "./group-session-card";

export interface GroupWelcomeInput {
  ui: UiText;
  themes: readonly Theme[];
  guideUrl: (themeId: string) => string;
  /** Whether the workspace's licence admits group sessions; without one the card says how to order. */
  licensed: boolean;
  personalChatUrl: string;
  notice?: Notice;
}

/**
 * Sent once when the bot is added to a group chat or a team: what a group session is, a button per theme
 * to start one for the group (Action.Execute, so the card stays as it is), and each theme's guide.
 */
export function groupWelcomeCard(input: GroupWelcomeInput): AdaptiveCard {
  const { ui } = input;
  const themeRows: CardElement[] = input.licensed
    ? input.themes.map((theme) => ({
        type: "Container",
        separator: true,
        items: [
          { type: "TextBlock", text: theme.title, wrap: true, weight: "Bolder" },
          actionSet([
            execute(
              theme.kind === "path"
                ? fill(ui.group.startPath, { title: theme.title })
                : fill(ui.group.startTheme, { number: theme.order }),
              groupVerbs.start,
              { themeId: theme.id },
            ),
            guideLink(ui, theme, input.guideUrl(theme.id)),
          ]),
        ],
      }))
    : [paragraph(ui.group.unlicensed)];
  return adaptiveCard(
    [
      ...(input.notice ? [noticeBlock(input.notice)] : []),
      ...heading(ui.group.welcomeTitle),
      ...paragraphs(ui.group.welcomeBody),
      ...themeRows,
      paragraph(ui.group.welcomePersonal, { subtle: true }),
    ],
    [openUrl(ui.group.openPersonalChat, input.personalChatUrl)],
  );
}
