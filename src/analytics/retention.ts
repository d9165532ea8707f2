import type { DocumentStore } from '../storage/ports';
import { daysBetween } from './events';

/**
 * Deletes the events of the `lookBackDays` days before the retention limit, day by day (a tagged lookup
 * each). Run daily, that keeps the store at `retentionDays`; the first run after a long pause looks further.
 */
export async function purgeEvents(store: DocumentStore, now: Date, retentionDays: number, lookBackDays = 31): Promise<number> {
  const last = new Date(now.getTime() - (retentionDays + 1) * 86_400_000);
  const first = new Date(last.getTime() - (lookBackDays - 1) * 86_400_000);
  let removed = 0;
  for (const day of daysBetween(first.toISOString().slice(0, 10), last.toISOString().slice(0, 10))) {
    for (const document of await store.find('events', { day })) {
      await store.delete('events', document.id);
      removed++;
    }
  }
  return removed;
}
