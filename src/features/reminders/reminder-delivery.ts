import type { ConversationReference } from "botbuilder";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import { reminderCard } from "../../cards/reminder-card";
import type { DeliveryOutcome } from "../../domain/reminders/delivery-schedule";
import type { DueReminder } from "../../domain/reminders/reminder-store";
import type { BotServices } from "../../teams/bot-services";
import { sendCard } from "../../teams/send-card";

/**
 * Delivers one due reminder in the official's personal chat, if it is still wanted: the theme is still
 * unfinished and they still have access (a licence or grant that ended takes its reminders with it).
 */
export function reminderDelivery(
  adapter: TeamsAdapter,
  services: BotServices,
  botAppId: string | undefined,
): (reminder: DueReminder) => Promise<DeliveryOutcome> {
  return async (reminder) => {
    const access = await services.licensing.gate.accessFor(reminder.tenantId, reminder.userId);
    if (access.kind !== "granted") return "notWanted";
    const progress = (await services.progress.listForUser(reminder.userId)).find((p) => p.themeId === reminder.themeId);
    const theme = services.content.theme(reminder.language, reminder.themeId);
    if (!progress || progress.completedAt || !theme) return "notWanted";
    const reference = await services.incidents.references.referenceOf(reminder.userId, reminder.tenantId);
    if (!reference) return "notWanted";
    const card = reminderCard(services.content.ui(reminder.language), {
      themeTitle: theme.title,
      themeId: theme.id,
      stepId: progress.stepId,
      step: progress.stepIndex + 1,
      count: progress.stepCount,
    });
    await adapter.continueConversationAsync(botAppId ?? "", reference as Partial<ConversationReference>, (context) =>
      sendCard(context, card),
    );
    return "sent";
  };
}
