import { CardFactory, MessageFactory, type TurnContext } from "botbuilder";
import type { AdaptiveCard } from "../cards/adaptive-card";

export async function sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}
