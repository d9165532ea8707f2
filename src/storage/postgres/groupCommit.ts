/**
 * Group commit: writes that arrive while earlier ones are still at the database leave together, as one
 * statement. Nothing waits on purpose: with fewer than `concurrency` statements out, a write leaves at
 * once, alone. Under load the queue fills while the statements out are running, and the next one takes
 * everything queued, so the database does one commit (one WAL flush, one round trip) for many turns.
 */
export class GroupCommit<Item, Result> {
  private readonly queue: Pending<Item, Result>[] = [];
  private running = 0;

  constructor(
    /** Writes the items as one statement: one result per item, in their order, or throws for them all. */
    private readonly write: (items: readonly Item[]) => Promise<Result[]>,
    /** Items that must never share a statement (the same document twice) have the same key. */
    private readonly keyOf: (item: Item) => string,
    private readonly concurrency = 2,
    private readonly maxBatch = 32,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** How many items are waiting for a statement. */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const batch = this.take();
      this.running++;
      void this.send(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** The oldest items, one per key; an item whose key is taken stays, in order, for the next statement. */
  private take(): Pending<Item, Result>[] {
    const batch: Pending<Item, Result>[] = [];
    const keys = new Set<string>();
    let kept = 0;
    for (const pending of this.queue) {
      const key = this.keyOf(pending.item);
      if (batch.length >= this.maxBatch || keys.has(key)) {
        this.queue[kept++] = pending;
        continue;
      }
      keys.add(key);
      batch.push(pending);
    }
    this.queue.length = kept;
    return batch;
  }

  private async send(batch: readonly Pending<Item, Result>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((pending) => pending.item));
      if (results.length !== batch.length) throw new Error(`A group commit of ${batch.length} gave ${results.length} results.`);
      batch.forEach((pending, i) => pending.resolve(results[i]!));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}
