import type { FieldCipher } from "../privacy/field-cipher";
import { parseIncidentRecord, type IncidentRecord } from "./incident-record";

/**
 * While the user answers, the draft lives in the dialog state, which the bot keeps in its state table.
 * It is sealed there too, bound to the conversation, so no row in the database ever holds what the
 * user wrote in plain text, not even an abandoned draft.
 */
export function sealDraft(cipher: FieldCipher, record: IncidentRecord, conversationId: string): string {
  const sealed = cipher.seal(JSON.stringify(record), associatedData(conversationId));
  return [
    sealed.keyId,
    Buffer.from(sealed.nonce).toString("base64url"),
    Buffer.from(sealed.ciphertext).toString("base64url"),
  ].join(".");
}

export function openDraft(cipher: FieldCipher, sealed: string, conversationId: string): IncidentRecord {
  const [keyId, nonce, ciphertext] = sealed.split(".");
  const json = cipher.open(
    { keyId, nonce: Buffer.from(nonce, "base64url"), ciphertext: Buffer.from(ciphertext, "base64url") },
    associatedData(conversationId),
  );
  return parseIncidentRecord(json);
}

function associatedData(conversationId: string): string {
  return `incident-draft:${conversationId}`;
}
