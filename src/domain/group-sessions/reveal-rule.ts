/**
 * The answers of a reflection step are shown to the group only once at least this many have answered:
 * with fewer, the group could tell who wrote what.
 */
export const fewestAnswersToReveal = 3;

export function mayReveal(answerCount: number): boolean {
  return answerCount >= fewestAnswersToReveal;
}

/** The order answers are shown in: alphabetical, so it says nothing about who answered, or when. */
export function revealOrder(answers: readonly string[]): string[] {
  return [...answers].sort((a, b) => a.localeCompare(b, "sv"));
}
