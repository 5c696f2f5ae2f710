import { idsOf, type PersonalDataStore } from "../domain/privacy/personal-data";
import { forgetConversations } from "../platform/reliability/activity-dedup";
import { forgetUserCounters } from "../platform/reliability/rate-limits";

/**
 * The turn pipeline's own bookkeeping: remembered activities (per conversation, minutes) and rate-limit
 * counters (per user id, a minute). Neither is shown or exported: they hold ids and counts, not what the
 * person did. An erasure still drops the person's rows at once.
 */
export function turnBookkeepingPersonalData(): PersonalDataStore<object> {
  return {
    name: "turnBookkeeping",
    models: ["ProcessedActivity", "RateLimit"],
    async export() {
      return {};
    },
    async count() {
      return {};
    },
    async erase(subject, tx) {
      await forgetConversations(tx, subject.conversationIds);
      await forgetUserCounters(tx, idsOf(subject));
      return {};
    },
  };
}
