import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type MessagingExtensionResult,
  type TurnContext,
} from "botbuilder";
import type { AdaptiveCard } from "../cards/adaptive-card";

export async function sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  await sendCardKeepingId(context, card);
}

/** Sends a card as a message; resolves with the id the Bot Connector gave it (to replace it later), if any. */
export async function sendCardKeepingId(context: TurnContext, card: AdaptiveCard): Promise<string | undefined> {
  const response = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  return response?.id;
}

/** Replaces a message the bot sent earlier in this conversation with another card. */
export async function replaceCard(context: TurnContext, activityId: string, card: AdaptiveCard): Promise<void> {
  await context.updateActivity({
    id: activityId,
    type: ActivityTypes.Message,
    attachments: [CardFactory.adaptiveCard(card)],
  });
}

/**
 * A card as a message, or inside the invoke response when the turn is an invoke. Invokes always get a
 * 200 with a body Teams understands: on an error status Teams retries and then shows "unable to reach app".
 */
export async function answerWithCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  if (context.activity.type === ActivityTypes.Invoke) {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 200, body: invokeBodyWithCard(context.activity.name, card) },
    });
    return;
  }
  if (context.activity.type === ActivityTypes.Message) await sendCard(context, card);
}

/** A compose-box search answered with one card in place of the results, saying why there are none. */
export function composeResultWithCard(card: AdaptiveCard): MessagingExtensionResult {
  const attachment = { contentType: "application/vnd.microsoft.card.adaptive", content: card };
  return { type: "result", attachmentLayout: "list", attachments: [{ ...attachment, preview: attachment }] };
}

function invokeBodyWithCard(invokeName: string | undefined, card: AdaptiveCard): unknown {
  const attachment = { contentType: "application/vnd.microsoft.card.adaptive", content: card };
  switch (invokeName) {
    case "adaptiveCard/action":
      return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card };
    case "task/fetch":
      // A dialog that may not open (e.g. no licence) shows the card that says why, inside the dialog.
      return { task: { type: "continue", value: { card: attachment } } };
    case "composeExtension/query":
      return { composeExtension: composeResultWithCard(card) };
    default:
      return {};
  }
}
