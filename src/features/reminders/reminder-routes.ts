import { remindMeAction, stopRemindersAction } from "../../cards/card-actions";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import { formatDate } from "../../domain/content/local-time";
import { fill } from "../../domain/content/ui-text-schema";
import type { ProgressStore } from "../../domain/progress/progress-store";
import { dueAfterDays, reminderDelayDays } from "../../domain/reminders/reminder-delay";
import type { ReminderStore } from "../../domain/reminders/reminder-store";
import { licensedOnly, route, type RouteDeclaration } from "../../teams/route-declaration";
import { sendNotice, type TurnView } from "../../teams/turn-view";

/** The button's own words say "in a week". */
const reminderButtonDays = 7;

/**
 * "påminn mig om en vecka" / "remind me tomorrow", the reminder button on the menu, and "sluta påminna".
 * A reminder is only ever made here, by the official's own request, for a theme they have begun.
 */
export function reminderRoutes(services: {
  content: ContentCatalog;
  progress: ProgressStore;
  reminders: ReminderStore;
}): RouteDeclaration[] {
  const remind = async (turn: TurnView, themeId: string | undefined, days: number) => {
    const { language, ui, tenantId } = turn;
    const { userId } = turn.user;
    const progress = (await services.progress.listForUser(userId)).filter((p) => !p.completedAt);
    const target = themeId
      ? progress.find((p) => p.themeId === themeId)
      : progress.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
    const theme = target && services.content.theme(language, target.themeId);
    if (!target || !theme || !tenantId) return sendNotice(turn, ui.reminders.nothingToRemind);
    const dueAt = dueAfterDays(new Date(), days);
    const { replaced } = await services.reminders.request({ userId, tenantId, themeId: theme.id, language, dueAt });
    const scheduled = fill(ui.reminders.scheduled, { theme: theme.title, date: formatDate(language, dueAt) });
    await sendNotice(turn, replaced ? `${scheduled} ${ui.reminders.replaced}` : scheduled);
  };

  const stop = async (turn: TurnView) => {
    const count = await services.reminders.stopAll(turn.user.userId);
    await sendNotice(turn, count > 0 ? fill(turn.ui.reminders.stopped, { count }) : turn.ui.reminders.nothingToStop);
  };

  return [
    route.command("remind", licensedOnly, (turn) =>
      remind(turn, undefined, reminderDelayDays(turn.context.activity.text ?? "")),
    ),
    route.command("stopReminders", licensedOnly, stop),
    route.submit(remindMeAction, licensedOnly, (turn, action) => remind(turn, action.themeId, reminderButtonDays)),
    route.submit(stopRemindersAction, licensedOnly, stop),
  ];
}
