import type { Collection, Tags } from './ports';

/** A document as this replica last read or wrote it. */
export interface CachedDocument {
  version: number;
  json: string;
  tags?: Tags;
}

export interface ReadCacheOptions {
  /** Documents kept at most (least recently used go first). */
  maxDocuments?: number;
  /** Their JSON's length in all, at most. */
  maxChars?: number;
  /** How long a document that another replica changed is read from the store every time. */
  contestedMs?: number;
  now?: () => number;
}

/**
 * What one replica remembers of the documents it read and wrote, for stores that are a round trip away
 * (PostgreSQL). A unit of work that reads a document from here proves at commit that it was still that
 * version: a write carries the version anyway, and a document only read gets a check. A commit that finds
 * another version fails, the document is forgotten, and the turn runs again on what the store holds. A
 * document that another replica changed is read from the store for a while (`contestedMs`), so
 * conversations spread across replicas by a load balancer do not keep running their turns twice.
 */
export class ReadCache {
  private readonly documents = new Map<string, CachedDocument>();
  private readonly contested = new Map<string, number>();
  private chars = 0;
  private readonly maxDocuments: number;
  private readonly maxChars: number;
  private readonly contestedMs: number;
  private readonly now: () => number;

  constructor(
    private readonly collections: ReadonlySet<Collection>,
    options: ReadCacheOptions = {},
  ) {
    this.maxDocuments = options.maxDocuments ?? 10_000;
    this.maxChars = options.maxChars ?? 64 * 1024 * 1024;
    this.contestedMs = options.contestedMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether documents of this collection are kept here. */
  holds(collection: Collection): boolean {
    return this.collections.has(collection);
  }

  lookup(collection: Collection, id: string): CachedDocument | undefined {
    const key = keyOf(collection, id);
    const found = this.documents.get(key);
    if (!found) return undefined;
    this.documents.delete(key);
    this.documents.set(key, found);
    return found;
  }

  /** The document is this version with this JSON in the store (just read or committed). */
  remember(collection: Collection, id: string, document: CachedDocument): void {
    if (!this.holds(collection)) return;
    const key = keyOf(collection, id);
    const until = this.contested.get(key);
    if (until !== undefined) {
      if (until > this.now()) return;
      this.contested.delete(key);
    }
    this.drop(key);
    if (document.json.length > this.maxChars) return;
    this.documents.set(key, document);
    this.chars += document.json.length;
    while (this.documents.size > this.maxDocuments || this.chars > this.maxChars) {
      const oldest = this.documents.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
  }

  forget(collection: Collection, id: string): void {
    this.drop(keyOf(collection, id));
  }

  /** Another replica changed the document: forgotten, and not kept again for a while. */
  contest(collection: Collection, id: string): void {
    const key = keyOf(collection, id);
    this.drop(key);
    if (!this.holds(collection)) return;
    this.contested.delete(key);
    this.contested.set(key, this.now() + this.contestedMs);
    while (this.contested.size > this.maxDocuments) {
      const oldest = this.contested.keys().next().value;
      if (oldest === undefined) break;
      this.contested.delete(oldest);
    }
  }

  get size(): number {
    return this.documents.size;
  }

  private drop(key: string): void {
    const found = this.documents.get(key);
    if (!found) return;
    this.documents.delete(key);
    this.chars -= found.json.length;
  }
}

function keyOf(collection: Collection, id: string): string {
  return `${collection}/${id}`;
}
