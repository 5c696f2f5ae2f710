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
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Notice,
} from "./adaptive-card";
import { groupAnswerInputId, groupVerbs } from "./group-session-actions";
import { plainText } from "./plain-text";
import { answerField, stepContent, stepPosition, type StepContentInput } from "./theme-step-card";

export interface GroupSessionCardView extends StepContentInput {
  sessionId: string;
  /** The participants' view, or the facilitator's own version of it with the controls. */
  role: "participant" | "facilitator";
  /**
   * On the shared message only: the facilitator's Teams user id, whose client then refreshes it into their
   * view. Never on a card that answers a press: teams-ai would then replace the shared message with it.
   */
  refreshFor?: string;
  guideUrl: string;
  /** On a reflection step: how many have answered, and the answers once the facilitator has shown them. */
  answerCount: number;
  revealedAnswers?: string[];
  /** What the press that answered with this card did, for the person who pressed. */
  notice?: Notice;
}

/**
 * The one card of a group session, updated in place as the facilitator moves on. The message in the chat
 * is the participants' view; its `refresh` names the facilitator, whose Teams client fetches the same
 * step with the controls (Nästa, Tillbaka, Visa svaren, Avsluta) instead. A press is answered with the
 * presser's own view, for them alone.
 */
export function groupSessionCard(view: GroupSessionCardView): AdaptiveCard {
  const { ui, theme, stepIndex } = view;
  const step = theme.steps[stepIndex];
  const position = stepPosition(ui.group, theme, stepIndex);
  const body: CardElement[] = [
    ...(view.notice ? [noticeBlock(view.notice)] : []),
    ...heading(step.title, { size: "Medium", subtle: `${position} · ${theme.title}` }),
    ...stepContent(view, step),
    ...(step.type === "reflection" ? reflectionPart(view, step.id) : []),
    ...(view.role === "participant" ? [paragraph(ui.group.ledBy, { subtle: true })] : []),
  ];
  const guide = guideLink(ui, theme, view.guideUrl);
  const actions = view.role === "facilitator" ? [...facilitatorControls(view, step), guide] : [guide];
  const card = adaptiveCard(body, actions);
  if (!view.refreshFor) return card;
  const refresh = execute(theme.title, groupVerbs.refresh, { sessionId: view.sessionId });
  return { ...card, refresh: { action: refresh, userIds: [view.refreshFor] } };
}

/**
 * Teams refuses a card over 28 KB, and a large group's answers could pass it: the card shows this many,
 * each cut to this length, and says how many more there are (the group can talk about them instead).
 */
export const mostAnswersShown = 15;
export const longestAnswerShown = 300;

function revealedPart(ui: UiText, answers: readonly string[]): CardElement {
  const shown = answers.slice(0, mostAnswersShown).map((answer) => {
    const cut = answer.length > longestAnswerShown ? `${answer.slice(0, longestAnswerShown)}…` : answer;
    return paragraph(`– ${plainText(cut)}`);
  });
  const more = answers.length - shown.length;
  return {
    type: "Container",
    style: "emphasis",
    items: [
      { type: "TextBlock", text: ui.group.revealedTitle, wrap: true, weight: "Bolder" },
      ...shown,
      ...(more > 0 ? [paragraph(fill(ui.group.revealedMore, { count: more }), { subtle: true })] : []),
    ],
  };
}

function reflectionPart(view: GroupSessionCardView, stepId: string): CardElement[] {
  const { ui } = view;
  const revealed = view.revealedAnswers ? [revealedPart(ui, view.revealedAnswers)] : [];
  return [
    paragraph(ui.group.anonymous, { subtle: true }),
    answerField({ id: groupAnswerInputId, label: ui.group.answerLabel, placeholder: ui.group.answerPlaceholder }),
    actionSet([execute(ui.group.sendAnswer, groupVerbs.answer, { sessionId: view.sessionId, stepId }, "positive")]),
    { ...paragraph(fill(ui.group.answerCount, { count: view.answerCount })), weight: "Bolder" },
    ...revealed,
  ];
}

function facilitatorControls(view: GroupSessionCardView, step: { id: string; type: string }): CardAction[] {
  const { ui, theme, stepIndex, sessionId } = view;
  const move = (direction: "next" | "back") => ({ sessionId, move: direction, fromStep: stepIndex });
  const isLast = stepIndex === theme.steps.length - 1;
  const mayRevealNow = step.type === "reflection" && !view.revealedAnswers;
  return [
    ...(isLast ? [] : [execute(ui.group.next, groupVerbs.move, move("next"), "positive")]),
    ...(mayRevealNow ? [execute(ui.group.reveal, groupVerbs.reveal, { sessionId, stepId: step.id })] : []),
    ...(stepIndex > 0 ? [execute(ui.group.back, groupVerbs.move, move("back"))] : []),
    execute(ui.group.end, groupVerbs.end, { sessionId }, isLast ? "positive" : "destructive"),
  ];
}

/** A theme's facilitator guide, by its number; a path's, by its title. */
export function guideLink(ui: UiText, theme: Theme, url: string): CardAction {
  const title =
    theme.kind === "path"
      ? fill(ui.group.guidePath, { title: theme.title })
      : fill(ui.group.guide, { number: theme.order });
  return openUrl(title, url);
}

/** What the shared card becomes when the session ends: its answers are gone, the guide stays. */
export function endedGroupSessionCard(ui: UiText, theme: Theme, guideUrl: string): AdaptiveCard {
  return adaptiveCard([paragraph(fill(ui.group.ended, { theme: theme.title }))], [guideLink(ui, theme, guideUrl)]);
}
