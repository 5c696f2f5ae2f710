import { ActivityTypes, type TurnContext } from "botbuilder";
import { logger } from "../../platform/logger";
import type { ActivityDeduplicator } from "../../platform/reliability/activity-dedup";
import { PersonalTurnState } from "../personal-turn-state";
import type { PipelineStats } from "./pipeline-stats";
import { ReplyCollector } from "./reply-collector";
import type { TurnStep } from "./turn-step";

export interface ActivityKey {
  conversationId: string;
  activityId: string;
}

/** Teams' redeliveries carry the same conversation and activity id; an activity without them is never deduplicated. */
export function activityKeyOf(context: TurnContext): ActivityKey | undefined {
  const conversationId = context.activity.conversation?.id;
  const activityId = context.activity.id;
  return conversationId && activityId ? { conversationId, activityId } : undefined;
}

/**
 * Seventh, the first thing inside the transaction: the activity is claimed (a unique key). A redelivery, to
 * this or another instance, waits on that key until the first delivery commits, and is then acknowledged
 * (an invoke gets the response stored with it) before anything else counts or runs: a duplicate uses no
 * rate limit and reaches no route. The finish, with the invoke response the turn gave, is the last write
 * of the transaction, so a turn rolled back is claimed by nobody and runs again on redelivery. The claim
 * reads the turn's state in the same round trip, for the application to load.
 */
export function deduplication(dedup: ActivityDeduplicator, stats: PipelineStats): TurnStep {
  return async (context, next) => {
    const key = activityKeyOf(context);
    if (!key) return next();
    const stateKeys = await PersonalTurnState.storageKeysOf(context);
    const claim = await dedup.claim(key.conversationId, key.activityId, stateKeys);
    if (claim.kind === "done") {
      stats.duplicatesAcknowledged++;
      logger.info({ activityType: context.activity.type }, "redelivered activity acknowledged");
      if (context.activity.type === ActivityTypes.Invoke) {
        const value = claim.invokeResponse ?? { status: 200, body: {} };
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value });
      }
      return;
    }
    PersonalTurnState.readWithClaim(context, stateKeys, claim.state);
    await next();
    await dedup.finish(key.conversationId, key.activityId, ReplyCollector.of(context).invokeResponse());
  };
}
