import { AsyncLocalStorage } from 'node:async_hooks';

/** Marks the async context that holds the lock; `held` turns false when its turn ends. */
interface Turn {
  held: boolean;
}

/**
 * A re-entrant promise queue standing in for the database's isolation: an in-memory transaction
 * holds the lock for its whole run, and every port call from outside waits for it, so nobody sees
 * (or writes into) a transaction's state before it committed or was rolled back. Calls made from
 * inside the holder's async context (the transaction's own work, a nested run) go straight through,
 * so work that calls a port never waits for itself.
 */
export class InMemoryLock {
  private readonly turn = new AsyncLocalStorage<Turn>();
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.turn.getStore()?.held) return work();
    const result = this.tail.then(async () => {
      const turn: Turn = { held: true };
      try {
        return await this.turn.run(turn, work);
      } finally {
        turn.held = false;
      }
    });
    // The queue moves on whatever the outcome; the caller sees the outcome through `result`.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The port with every method call run under the lock. Properties that are not functions are
 * passed through; `instanceof` still sees the adapter's class.
 */
export function serialised<T extends object>(port: T, lock: InMemoryLock): T {
  return new Proxy(port, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => lock.run(async () => value.apply(target, args));
    },
  });
}
