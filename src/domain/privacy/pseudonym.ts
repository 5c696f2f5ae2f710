import { createHash } from "node:crypto";

/** What erased personal fields on kept records (orders, audit entries) are set to. */
export const erasedMarker = "raderad";

/**
 * What stands for an erased person in the audit log: the same in every entry about them, so the
 * operator can still follow one person's history, and not traceable to them without their id.
 */
export function pseudonymOf(userId: string): string {
  return `${erasedMarker}-${createHash("sha256").update(`audit-pseudonym:${userId}`).digest("hex").slice(0, 16)}`;
}
