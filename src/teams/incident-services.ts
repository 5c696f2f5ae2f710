import type { DownloadStore } from "../domain/incidents/download-store";
import type { HandoverStore } from "../domain/incidents/handover-store";
import type { IncidentStore } from "../domain/incidents/incident-store";
import type { FieldCipher } from "../platform/crypto/field-cipher";
import type { ConversationReferences } from "./conversation-references";

/** What the incident documentation needs beyond the other services; built once in src/runtime.ts. */
export interface IncidentServices {
  store: IncidentStore;
  downloads: DownloadStore;
  /** Summaries handed over to security officers: where each copy is and what the officer answered. */
  handovers: HandoverStore;
  references: ConversationReferences;
  /** Seals the draft kept in dialog state while the user answers. */
  draftCipher: FieldCipher;
  /** Days a saved incident is kept (INCIDENT_RETENTION_DAYS). */
  retentionDays: number;
  /** `PUBLIC_URL` without a trailing slash; download links are `${publicBaseUrl}/files/<token>`. */
  publicBaseUrl: string;
  /** The bot's app id, for proactive messages; empty in anonymous development. */
  botAppId?: string;
}
