import type { Store } from '../storage/ports';

/** Deletes the events of the days before the retention limit: run daily, that keeps the store at `retentionDays`. */
export async function purgeEvents(store: Pick<Store, 'logs'>, now: Date, retentionDays: number): Promise<number> {
  const oldestKept = new Date(now.getTime() - retentionDays * 86_400_000).toISOString().slice(0, 10);
  return store.logs.purge('events', oldestKept);
}
