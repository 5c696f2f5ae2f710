import type { TurnContext } from "botbuilder";
import type { Application, TurnState } from "@microsoft/teams-ai";
import { noticeCard } from "../../cards/notice-card";
import { remindMeAction } from "../../cards/card-actions";
import { formatDate } from "../../domain/content/local-time";
import { fill } from "../../domain/content/ui-text-schema";
import { dueAfterDays, reminderDelayDays } from "../../domain/reminders/reminder-delay";
import type { BotServices } from "../../teams/bot-services";
import { routeIs } from "../../teams/route-table";
import { sendCard } from "../../teams/send-card";
import { knownUserOf, languageOf, tenantOf } from "../../teams/turn-facts";

/**
 * "påminn mig om en vecka" / "remind me tomorrow", the reminder button on the menu, and "sluta påminna".
 * A reminder is only ever made here, by the official's own request, for a theme they have begun.
 */
export function registerReminderRoutes<TState extends TurnState>(
  app: Application<TState>,
  { services }: { services: BotServices },
): void {
  const notice = (context: TurnContext, text: string) =>
    sendCard(context, noticeCard(services.content.ui(languageOf(context)), text));

  const remind = async (context: TurnContext, themeId: string | undefined, days: number) => {
    const language = languageOf(context);
    const ui = services.content.ui(language);
    const { userId } = knownUserOf(context);
    const tenantId = tenantOf(context);
    const progress = (await services.progress.listForUser(userId)).filter((p) => !p.completedAt);
    const target = themeId
      ? progress.find((p) => p.themeId === themeId)
      : progress.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
    const theme = target && services.content.theme(language, target.themeId);
    if (!target || !theme || !tenantId) return notice(context, ui.reminders.nothingToRemind);
    const dueAt = dueAfterDays(new Date(), days);
    const { replaced } = await services.reminders.request({ userId, tenantId, themeId: theme.id, language, dueAt });
    const scheduled = fill(ui.reminders.scheduled, { theme: theme.title, date: formatDate(language, dueAt) });
    await notice(context, replaced ? `${scheduled} ${ui.reminders.replaced}` : scheduled);
  };

  const stop = async (context: TurnContext) => {
    const ui = services.content.ui(languageOf(context));
    const count = await services.reminders.stopAll(knownUserOf(context).userId);
    await notice(context, count > 0 ? fill(ui.reminders.stopped, { count }) : ui.reminders.nothingToStop);
  };

  app.message(routeIs.command("remind"), (context) =>
    remind(context, undefined, reminderDelayDays(context.activity.text ?? "")),
  );
  app.message(routeIs.command("stopReminders"), stop);
  app.adaptiveCards.actionSubmit(routeIs.submit("remindMe"), async (context, _state, data) => {
    const action = remindMeAction.safeParse(data);
    // The button's own words say "in a week".
    await remind(context, action.success ? action.data.themeId : undefined, 7);
  });
  app.adaptiveCards.actionSubmit(routeIs.submit("stopReminders"), stop);
}
