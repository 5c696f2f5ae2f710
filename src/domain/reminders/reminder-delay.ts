const dayMs = 24 * 60 * 60 * 1000;

/**
 * How far ahead a typed request asks for: "imorgon" / "tomorrow" is one day, anything else (a week,
 * next week, or just "påminn mig") a week. The command words themselves are in src/teams/commands.ts.
 */
export function reminderDelayDays(typed: string): number {
  return /morgon|tomorrow/i.test(typed) ? 1 : 7;
}

export function dueAfterDays(now: Date, days: number): Date {
  return new Date(now.getTime() + days * dayMs);
}
