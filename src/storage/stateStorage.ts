import { ConcurrencyError, type DocumentStore } from './ports';

/** Structurally botbuilder's StoreItem, declared here so storage stays free of the SDK. */
export type StoreItem = { eTag?: string; [key: string]: unknown };
export type StoreItems = Record<string, StoreItem>;

/** A state write whose eTag no longer matches what is stored. */
export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';
  constructor(
    readonly key: string,
    readonly eTag: string,
  ) {
    super(`State "${key}" was changed by another turn since it was read (eTag ${eTag}): read it again and retry.`);
  }
}

/**
 * botbuilder's Storage (read/write/delete of keyed items) over a DocumentStore, collection 'state'.
 * eTags follow botbuilder's MemoryStorage: items are read with their version as eTag; a write carrying
 * an eTag other than '*' lands only on that version (or on a missing item); no eTag or '*' always lands.
 * Note that BotState.saveChanges writes with '*', so conversation and user state are last-write-wins.
 */
export class DocumentStateStorage {
  constructor(private readonly store: DocumentStore) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const documents = await Promise.all(keys.map((key) => this.store.get<StoreItem>('state', key)));
    for (const document of documents) {
      if (document) items[document.id] = { ...document.value, eTag: String(document.version) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, item]) => this.writeItem(key, item)));
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.store.delete('state', key)));
  }

  private async writeItem(key: string, { eTag, ...value }: StoreItem): Promise<void> {
    if (eTag === undefined || eTag === '*' || eTag === '') {
      await this.store.put('state', key, value);
      return;
    }
    try {
      await this.store.put('state', key, value, { expectedVersion: versionOf(eTag) });
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (error.actual !== 'absent') throw new StateConflictError(key, eTag);
      await this.putIfStillAbsent(key, eTag, value);
    }
  }

  // MemoryStorage writes an item that is gone whatever its eTag; only a concurrent creation conflicts.
  private async putIfStillAbsent(key: string, eTag: string, value: Omit<StoreItem, 'eTag'>): Promise<void> {
    try {
      await this.store.put('state', key, value, { expectedVersion: 'absent' });
    } catch (error) {
      throw error instanceof ConcurrencyError ? new StateConflictError(key, eTag) : error;
    }
  }
}

/** An eTag this storage did not issue can never match a version. */
function versionOf(eTag: string): number {
  return /^[1-9]\d*$/.test(eTag) ? Number(eTag) : -1;
}
