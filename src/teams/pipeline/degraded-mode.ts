import type { TurnContext } from "botbuilder";
import { noticeCard } from "../../cards/notice-card";
import type { UiText } from "../../domain/content/ui-text-schema";
import { logger } from "../../platform/logger";
import type { ActivityDeduplicator } from "../../platform/reliability/activity-dedup";
import { answerWithCard } from "../send-card";
import { activityKeyOf } from "./deduplication";
import type { PipelineStats } from "./pipeline-stats";
import type { TurnStep } from "./turn-step";

export interface DegradedModeDependencies {
  /** Migrations applied: turns may use the database. */
  databasePrepared: () => boolean;
  /** Answers within a short time whether the database answers now. */
  databaseAnswers: () => Promise<boolean>;
  dedup: ActivityDeduplicator;
  ui: (context: TurnContext) => UiText;
  stats: PipelineStats;
}

/**
 * Second, right after the emergency help and around everything that needs the database: before the
 * migrations are applied every turn is told "temporarily unavailable", and a turn that fails decides here
 * what its redelivery does. It sits outside the lock and the transaction, so it sees a turn that was
 * rolled back whole (claim included):
 * - the database is gone: the user is told, and Teams' redelivery runs the turn again once it is back;
 * - the database answers: the failure is no outage, a redelivery would fail the same way, so the activity
 *   is marked done (acknowledged, not looped) and the error goes on to the adapter's error answer.
 */
export function degradedMode(deps: DegradedModeDependencies): TurnStep {
  const unavailable = async (context: TurnContext) => {
    deps.stats.unavailableAnswers++;
    const ui = deps.ui(context);
    await answerWithCard(context, noticeCard(ui, ui.reliability.temporarilyUnavailable));
  };
  return async (context, next) => {
    if (!deps.databasePrepared()) return unavailable(context);
    try {
      await next();
    } catch (error) {
      if (!(await deps.databaseAnswers())) {
        logger.warn(
          { err: { name: (error as Error)?.name, message: (error as Error)?.message } },
          "turn failed: database unavailable",
        );
        return unavailable(context);
      }
      const key = activityKeyOf(context);
      if (key) await deps.dedup.markFailed(key.conversationId, key.activityId).catch(() => undefined);
      throw error;
    }
    await deps.dedup.pruneNowAndThen();
  };
}
