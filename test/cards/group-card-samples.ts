import type { AdaptiveCard } from "../../src/cards/adaptive-card";
import { groupHelpCard } from "../../src/cards/group-help-card";
import { groupNoticeCard } from "../../src/cards/group-notice-card";
import { endedGroupSessionCard, groupSessionCard, mostAnswersShown } from "../../src/cards/group-session-card";
import { groupWelcomeCard } from "../../src/cards/group-welcome-card";
import type { ContentCatalog } from "../../src/domain/content/content-catalog";
import { facilitatorGuideUrl } from "../../src/domain/content/facilitator-guide-url";
import type { Language } from "../../src/domain/content/language";
import { maxReflectionLength } from "../../src/domain/reflections/reflection-store";

/** More answers than a card shows, at the limit, in the characters that cost the most bytes once escaped. */
const longestAnswers = Array.from({ length: mostAnswersShown + 5 }, (_, i) =>
  (i % 2 === 0 ? "*_[]" : "😡åä").repeat(maxReflectionLength).slice(0, maxReflectionLength),
);

/** Every group card, in each of its shapes: every step of every theme, for the facilitator and the group. */
export function everyGroupCard(
  content: ContentCatalog,
  language: Language,
  urls: { publicBaseUrl: string; staticBaseUrl: string },
): Array<[string, AdaptiveCard]> {
  const ui = content.ui(language);
  const themes = [...content.themes(language), ...content.paths(language)];
  const personalChatUrl = "https://teams.microsoft.com/l/chat/0/0?users=28%3Abot";
  const guideUrl = (themeId: string) => facilitatorGuideUrl(urls.publicBaseUrl, language, themeId);
  const cards: Array<[string, AdaptiveCard]> = [
    [`${language} group welcome`, groupWelcomeCard({ ui, themes, guideUrl, licensed: true, personalChatUrl })],
    [
      `${language} group welcome, unlicensed`,
      groupWelcomeCard({ ui, themes, guideUrl, licensed: false, personalChatUrl }),
    ],
    [`${language} group help`, groupHelpCard(ui, personalChatUrl)],
    [`${language} group notice`, groupNoticeCard(ui, ui.group.personalOnly, personalChatUrl)],
  ];
  for (const theme of themes) {
    cards.push([`${language} group session ended (${theme.id})`, endedGroupSessionCard(ui, theme, guideUrl(theme.id))]);
    theme.steps.forEach((step, stepIndex) => {
      for (const role of ["participant", "facilitator"] as const) {
        cards.push([
          `${language} group session ${theme.id} step ${step.id} (${role})`,
          groupSessionCard({
            ui,
            theme,
            stepIndex,
            language,
            ...urls,
            sessionId: "00000000-0000-4000-8000-000000000009",
            role,
            refreshFor: role === "participant" ? "29:facilitator" : undefined,
            guideUrl: guideUrl(theme.id),
            answerCount: 12,
            revealedAnswers: step.type === "reflection" ? longestAnswers : undefined,
            notice: { text: ui.group.onlyFacilitator, tone: "attention" },
          }),
        ]);
      }
    });
  }
  return cards;
}
