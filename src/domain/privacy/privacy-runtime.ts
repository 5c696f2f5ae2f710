import type { PrivacyServices } from "./privacy-services";
import type { Config } from "../../platform/config";
import type { PrismaClient } from "../../generated/prisma";
import type { HotStatements } from "../../platform/storage/hot-statements";
import type { LicenceGate } from "../licensing/licence-gate";
import { setLogHashSecret } from "../../platform/logger";
import type { EncryptionKey } from "../../platform/crypto/field-cipher";
import type { PersonalDataRegistry } from "./personal-data";
import { loadPrivacyNotices } from "./privacy-notice";
import { auditPurge, inactiveUserPurge } from "./privacy-retention";
import type { Purgeable } from "./retention";
import { UserActivityLog } from "./user-activity";
import { UserDataService } from "./user-data";

/**
 * The privacy parts of the composition root, in one place: the privacy notice (checked at start like
 * other content), `mina data`, the activity log, and the keyed hash for ids in logs.
 */
export function privacyServices(options: {
  prisma: PrismaClient;
  hot: HotStatements;
  /** Every store that holds personal data, composed in src/runtime.ts. */
  personalData: PersonalDataRegistry;
  gate: LicenceGate;
  key: EncryptionKey;
}): PrivacyServices {
  // Ids in logs are hashed with a secret derived from the encryption key: the same on every instance.
  setLogHashSecret(options.key.key);
  return {
    notices: loadPrivacyNotices(),
    activity: new UserActivityLog(options.hot),
    userData: new UserDataService(options.prisma, options.personalData, options.gate),
  };
}

/** The purges the retention schedule runs besides incidents and downloads. */
export function privacyPurges(
  prisma: PrismaClient,
  config: Pick<Config, "INACTIVE_USER_RETENTION_MONTHS" | "AUDIT_RETENTION_MONTHS">,
): Record<string, Purgeable> {
  return {
    inactiveUsers: inactiveUserPurge(prisma, config.INACTIVE_USER_RETENTION_MONTHS),
    auditEntries: auditPurge(prisma, config.AUDIT_RETENTION_MONTHS),
  };
}
