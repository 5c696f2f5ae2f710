import type { ContentCatalog } from "../domain/content/content-catalog";
import type { GreetingLog } from "../domain/conversations/greeting-log";
import type { GroupSessionStore } from "../domain/group-sessions/group-session-store";
import type { Licensing } from "../domain/licensing/licensing";
import type { IncidentServices } from "./incident-services";
import type { PrivacyServices } from "../domain/privacy/privacy-services";
import type { ProgressStore } from "../domain/progress/progress-store";
import type { ReflectionStore } from "../domain/reflections/reflection-store";
import type { InvitationStore } from "../domain/reminders/invitation-store";
import type { ReminderStore } from "../domain/reminders/reminder-store";
import type { HelpSearch } from "../domain/search/help-search";

/** The domain services the Teams layer calls; built once at start in src/runtime.ts. */
export interface BotServices {
  content: ContentCatalog;
  greetings: GreetingLog;
  licensing: Licensing;
  progress: ProgressStore;
  reflections: ReflectionStore;
  /** Reminders officials asked for; delivered by the sweep started in src/runtime.ts. */
  reminders: ReminderStore;
  /** Who a security officer's invitation reached, and when (src/features/reminders/invitations.ts). */
  invitations: InvitationStore;
  search: HelpSearch;
  /** Themes taken together in group chats and channels; their answers are ended by the retention sweep. */
  groupSessions: GroupSessionStore;
  incidents: IncidentServices;
  /** `mina data` (list, export, erase), the privacy notice and the activity the retention counts from. */
  privacy: PrivacyServices;
  /** Where card images are served from: `${PUBLIC_URL}/static`. */
  staticBaseUrl: string;
  /** PUBLIC_URL without a trailing slash: the bot's own pages, such as the film player. */
  publicBaseUrl: string;
}
