import type { FieldCipher } from "../../platform/crypto/field-cipher";
import { parseIncidentRecord, type IncidentRecord } from "./incident-record";

/**
 * While the user answers, the draft lives in the dialog state, which the bot keeps in its state table.
 * This is the one place typed text outlives a turn without the user pressing save, and it is allowed
 * because the documentation is several turns long by nature (eight questions, each its own message) and
 * a threatened official who steps away to `meny` or `akut` in the middle must not lose what they have
 * told so far. It is sealed there, bound to the conversation, so no row ever holds it in plain text, and
 * it lives only as long as the dialog: finishing, starting over or erasing one's data removes the
 * dialog's state and the draft with it.
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
