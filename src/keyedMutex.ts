/**
 * Runs tasks one at a time per key, in call order. A key's entry is dropped once its queue is idle,
 * so memory stays proportional to the keys busy right now, not to every key ever seen.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(ignore, ignore);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Runs `task` holding every key's turn; keys are taken in sorted order, so two such calls never deadlock. */
  runAll<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const hold = (index: number): Promise<T> => (index === sorted.length ? task() : this.run(sorted[index]!, () => hold(index + 1)));
    return hold(0);
  }

  /** Settles once every task queued so far has finished (failed ones included). */
  async idle(): Promise<void> {
    await Promise.all(this.tails.values());
  }

  get busyKeys(): number {
    return this.tails.size;
  }
}

// A failed task must not block the next one on the same key; its caller still sees the failure.
function ignore(): void {}
