import { ActivityTypes, type TurnContext } from "botbuilder";
import { noticeCard } from "../../cards/notice-card";
import type { UiText } from "../../domain/content/ui-text-schema";
import { logger } from "../../platform/logger";
import type { RateDecision, RateLimits } from "../../platform/reliability/rate-limits";
import { answerWithCard } from "../send-card";
import { tenantOf, userOf } from "../turn-facts";
import type { PipelineStats } from "./pipeline-stats";
import type { TurnStep } from "./turn-step";

const decisionKey = Symbol("rateDecision");

/**
 * Eighth, after the dedup claim: a redelivery is acknowledged without counting against anyone, and a
 * message or an invoke over the user's or the workspace's limit is told so before the Teams application
 * loads any state. The decision is taken once per delivery and kept on the turn, so a conflict retry
 * does not count the same activity twice. Before the licence gate, so an unlicensed flood costs no lookups.
 */
export function rateLimit(deps: {
  rateLimits: RateLimits;
  ui: (context: TurnContext) => UiText;
  stats: PipelineStats;
}): TurnStep {
  return async (context, next) => {
    const { type } = context.activity;
    const user = userOf(context);
    if (!user || (type !== ActivityTypes.Message && type !== ActivityTypes.Invoke)) return next();
    let decision = context.turnState.get(decisionKey) as RateDecision | undefined;
    if (!decision) {
      decision = await deps.rateLimits.take(user.userId, tenantOf(context));
      context.turnState.set(decisionKey, decision);
    }
    if (decision.allowed) return next();
    deps.stats.rateLimited++;
    logger.warn({ scope: decision.scope, retryAfterMs: decision.retryAfterMs }, "rate limit exceeded");
    const ui = deps.ui(context);
    await answerWithCard(
      context,
      noticeCard(ui, decision.scope === "user" ? ui.reliability.rateLimitedUser : ui.reliability.rateLimitedTenant),
    );
  };
}
