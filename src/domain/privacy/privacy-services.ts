import type { Language } from "../content/language";
import type { PrivacyNotice } from "./privacy-notice";
import type { UserActivityLog } from "./user-activity";
import type { UserDataService } from "./user-data";

/** What `mina data` and `integritet` need; built once in src/runtime.ts. */
export interface PrivacyServices {
  userData: UserDataService;
  activity: UserActivityLog;
  notices: Record<Language, PrivacyNotice>;
}
