import { MemoryDocumentStore } from '../../../src/storage/memory/memoryDocumentStore';
import { ConcurrencyError, toStoredJson } from '../../../src/storage/ports';
import { ReadCache } from '../../../src/storage/readCache';
import { UnitOfWork } from '../../../src/storage/unitOfWork';

/** One replica's view (its cache) of a store that another replica writes to directly. */
function replica(options: ConstructorParameters<typeof ReadCache>[1] = {}) {
  const store = new MemoryDocumentStore();
  const cache = new ReadCache(new Set(['state']), options);
  const turn = async (change: (n: number | undefined) => number | undefined) => {
    const unit = new UnitOfWork(store, cache);
    const current = await unit.get<{ n: number }>('state', 'conv');
    const next = change(current?.n);
    if (next !== undefined) unit.putJson('state', 'conv', toStoredJson({ n: next }));
    await unit.commit();
    return current?.n;
  };
  return { store, cache, turn };
}

describe('a replica reads the conversation state it last wrote from its cache, and the commit proves it current', () => {
  test('a turn after its own write reads the cache, not the store', async () => {
    const { store, cache, turn } = replica();
    await turn(() => 1);
    const reads = jest.spyOn(store, 'get');
    expect(await turn((n) => (n ?? 0) + 1)).toBe(1);
    expect(reads).not.toHaveBeenCalled();
    expect((await store.get('state', 'conv'))?.value).toEqual({ n: 2 });
    expect(cache.lookup('state', 'conv')?.version).toBe(2);
  });

  test('a write on a version another replica replaced fails, and the next attempt reads what the store holds', async () => {
    const { store, turn } = replica();
    await turn(() => 1);
    await store.put('state', 'conv', { n: 10 }); // another replica's turn
    await expect(turn((n) => (n ?? 0) + 1)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await turn((n) => (n ?? 0) + 1)).toBe(10);
    expect((await store.get('state', 'conv'))?.value).toEqual({ n: 11 });
  });

  test('a turn that only reads is checked too: a stale read never passes as current', async () => {
    const { store, turn } = replica();
    await turn(() => 1);
    await store.put('state', 'conv', { n: 10 });
    await expect(turn(() => undefined)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await turn(() => undefined)).toBe(10);
  });

  test('a document another replica changed is read from the store for a while, then cached again', async () => {
    let now = 0;
    const { store, cache, turn } = replica({ contestedMs: 1_000, now: () => now });
    await turn(() => 1);
    await store.put('state', 'conv', { n: 10 });
    await expect(turn((n) => (n ?? 0) + 1)).rejects.toBeInstanceOf(ConcurrencyError);
    await turn((n) => (n ?? 0) + 1);
    expect(cache.lookup('state', 'conv')).toBeUndefined();
    now = 1_001;
    await turn((n) => (n ?? 0) + 1);
    expect(cache.lookup('state', 'conv')).toMatchObject({ version: 4, json: '{"n":12}' });
  });

  test('only the collections it was given, and at most its bounds', async () => {
    const cache = new ReadCache(new Set(['state']), { maxDocuments: 2, maxChars: 10 });
    cache.remember('cases', 'c', { version: 1, json: '{}' });
    expect(cache.lookup('cases', 'c')).toBeUndefined();
    cache.remember('state', 'a', { version: 1, json: '"aaaa"' });
    cache.remember('state', 'b', { version: 1, json: '"bb"' });
    cache.lookup('state', 'a'); // a is now the most recently used
    cache.remember('state', 'c', { version: 1, json: '"c"' });
    expect([cache.lookup('state', 'a'), cache.lookup('state', 'b'), cache.lookup('state', 'c')].map((found) => found?.json)).toEqual(['"aaaa"', undefined, '"c"']);
    cache.remember('state', 'd', { version: 1, json: '"ddddddd"' }); // 9 characters: only it fits beside none
    expect(cache.size).toBe(1);
    cache.remember('state', 'huge', { version: 1, json: '"more than ten"' });
    expect(cache.lookup('state', 'huge')).toBeUndefined();
  });
});
