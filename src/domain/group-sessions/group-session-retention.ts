/**
 * A group session and its answers last at most this long: a session that is never ended with "Avsluta"
 * is ended by the retention sweep (src/domain/privacy/retention.ts) once this has passed since it started.
 */
export const groupSessionLifetimeMs = 24 * 60 * 60 * 1000;

export function groupSessionExpiry(startedAt: Date): Date {
  return new Date(startedAt.getTime() + groupSessionLifetimeMs);
}
