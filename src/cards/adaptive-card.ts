import type { CardActionData } from "./card-actions";

/**
 * The small typed subset of Adaptive Cards 1.5 the bot uses. 1.5 is the newest schema Teams renders;
 * every card is built through these helpers so that version and shape are decided in one place.
 */
export const adaptiveCardVersion = "1.5";

export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: string; title: string };

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: typeof adaptiveCardVersion;
  body: CardElement[];
  actions?: CardAction[];
  /** Lets Teams on desktop use the full chat width, so steps with images read well. */
  msteams: { width: "Full" };
  /**
   * Universal Actions: the clients of the users named fetch their own version of the card with this
   * Action.Execute when they show it (a group session's facilitator gets the controls this way).
   */
  refresh?: { action: CardAction; userIds: string[] };
}

export function adaptiveCard(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: adaptiveCardVersion,
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: "Full" },
  };
}

export function heading(text: string, options: { size?: "Medium" | "Large"; subtle?: string } = {}): CardElement[] {
  const title: CardElement = {
    type: "TextBlock",
    text,
    wrap: true,
    weight: "Bolder",
    size: options.size ?? "Large",
    style: "heading",
  };
  if (!options.subtle) return [title];
  return [
    { type: "TextBlock", text: options.subtle, wrap: true, isSubtle: true, size: "Small", spacing: "None" },
    title,
  ];
}

export function paragraph(
  text: string,
  options: { subtle?: boolean; id?: string; isVisible?: boolean } = {},
): CardElement {
  return {
    type: "TextBlock",
    text,
    wrap: true,
    ...(options.subtle ? { isSubtle: true } : {}),
    ...(options.id ? { id: options.id } : {}),
    ...(options.isVisible === false ? { isVisible: false } : {}),
  };
}

/**
 * Content text with blank lines between paragraphs becomes one TextBlock per paragraph: not every
 * Teams client keeps blank lines inside a TextBlock, and separate blocks read better on a phone.
 */
export function paragraphs(text: string): CardElement[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => paragraph(block));
}

/** The outcome of what the user just did, shown at the top of the card that answers it. */
export interface Notice {
  text: string;
  tone: "good" | "attention";
}

export function noticeBlock(notice: Notice): CardElement {
  return {
    type: "TextBlock",
    text: notice.text,
    wrap: true,
    weight: "Bolder",
    color: notice.tone === "good" ? "Good" : "Attention",
  };
}

export function image(url: string, altText: string): CardElement {
  return { type: "Image", url, altText, size: "Stretch" };
}

export function submit(title: string, data: CardActionData, style?: "positive" | "destructive"): CardAction {
  return { type: "Action.Submit", title, data, ...(style ? { style } : {}) };
}

/** Universal action: answered with a card that replaces this one in place. */
export function execute(
  title: string,
  verb: string,
  data: Record<string, unknown> = {},
  style?: "positive" | "destructive",
): CardAction {
  return { type: "Action.Execute", title, verb, data, ...(style ? { style } : {}) };
}

export function openUrl(title: string, url: string): CardAction {
  return { type: "Action.OpenUrl", title, url };
}

export function toggleVisibility(title: string, targetIds: string[]): CardAction {
  return { type: "Action.ToggleVisibility", title, targetElements: targetIds };
}

export function actionSet(actions: CardAction[]): CardElement {
  return { type: "ActionSet", actions };
}
