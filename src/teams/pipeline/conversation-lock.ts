import type { TurnStep } from "./turn-step";

/**
 * Third, before the transaction opens: one turn at a time per conversation in this instance, the next
 * waiting for the previous whatever its outcome. Taken outside the transaction so a waiting turn holds no
 * database connection (PGlite has one), and around the conflict retry so a retried turn keeps its place.
 * Turns of one conversation on different instances meet at the database instead (the dedup claim and the
 * state's eTag).
 */
export function conversationLock(): TurnStep {
  const lock = new KeyedLock();
  return (context, next) => lock.run(context.activity.conversation?.id ?? "", next);
}

class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const tail = new Promise<void>((resolve) => (done = resolve));
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
