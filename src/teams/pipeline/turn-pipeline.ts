import type { TurnContext } from "botbuilder";
import type { UiText } from "../../domain/content/ui-text-schema";
import type { ActivityDeduplicator } from "../../platform/reliability/activity-dedup";
import type { RateLimits } from "../../platform/reliability/rate-limits";
import type { BotServices } from "../bot-services";
import type { TypedRouteState } from "../route-declaration";
import type { RouteTable } from "../route-table";
import { activityBookkeeping } from "./activity-bookkeeping";
import { chosenLanguage, type LanguageState } from "./chosen-language";
import { chosenRoute } from "./chosen-route";
import { conflictRetry } from "./conflict-retry";
import { conversationLock } from "./conversation-lock";
import { deduplication } from "./deduplication";
import { degradedMode } from "./degraded-mode";
import { groupConversations } from "./group-conversations";
import { emergencyHelp } from "./emergency-help";
import { heldReplies } from "./held-replies";
import { licenceGate } from "./licence-gate";
import { namedUser } from "./named-user";
import { oneTransaction, type TurnTransaction } from "./one-transaction";
import type { PipelineStats } from "./pipeline-stats";
import { rateLimit } from "./rate-limit";
import type { BeforeRouteStep, TurnStep } from "./turn-step";

/**
 * The turn policy: what happens to one activity, in order, top to bottom. Each step is a small file in
 * this folder whose comment says why it sits where it does. A step either answers and stops the turn,
 * or runs the rest inside it (the lock, the retry, the held replies and the transaction wrap everything
 * below them). docs/architecture.md draws it.
 */
export function turnPipeline(parts: {
  /** The quick-help feature's emergency and crisis responder: `true` when it answered. */
  emergency: (context: TurnContext) => Promise<boolean>;
  databasePrepared: () => boolean;
  databaseAnswers: () => Promise<boolean>;
  transaction: TurnTransaction;
  dedup: ActivityDeduplicator;
  rateLimits: RateLimits;
  ui: (context: TurnContext) => UiText;
  stats: PipelineStats;
  /** The Teams application: loads state, runs `beforeRouteSteps` below, then the one route; saves state. */
  app: { run: (context: TurnContext) => Promise<unknown> };
}): TurnStep[] {
  const { stats, ui } = parts;
  return [
    emergencyHelp(parts.emergency), //           akut and crisis help: no database, no licence
    degradedMode({ ...parts }), //               database not ready or gone: "temporarily unavailable"
    conversationLock(), //                       one turn per conversation in this instance
    conflictRetry(stats), //                     an eTag conflict runs the rest again on fresh state
    heldReplies(), //                            replies leave only after COMMIT (reply-collector.ts)
    oneTransaction(parts.transaction), //        BEGIN … COMMIT around everything below
    deduplication(parts.dedup, stats), //        a redelivery is acknowledged here, before it counts
    rateLimit({ rateLimits: parts.rateLimits, ui, stats }), // per user and per workspace
    async (context) => void (await parts.app.run(context)), // routing: the steps below, then one route
  ];
}

/**
 * The steps inside the Teams application, once it has loaded the user's state and before it picks a
 * route (app.ts installs them as its only `beforeTurn` handler). The last is the running documentation's
 * focus, decided by the incidents feature: whether typed text answers its open question.
 */
export function beforeRouteSteps<TState extends LanguageState & TypedRouteState>(parts: {
  services: BotServices;
  routes: RouteTable;
  ui: (context: TurnContext) => UiText;
  conversationFocus: BeforeRouteStep<TState>;
}): BeforeRouteStep<TState>[] {
  return [
    chosenLanguage(), //                                  the user's chosen language, for everything below
    chosenRoute(parts.routes), //                         the one route this turn takes, for every step below
    namedUser(parts.ui), //                               an activity that names no user is answered and stops
    groupConversations(parts.ui, parts.routes), //        in a group chat or channel only group routes run
    licenceGate(parts.services, parts.routes), //         unlicensed: only routes declared open run
    activityBookkeeping(parts.services, parts.routes), // conversation reference, the day's use
    parts.conversationFocus, //                           a running documentation paused or answered
  ];
}
