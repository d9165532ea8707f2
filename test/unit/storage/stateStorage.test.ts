import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConversationState, type Storage, TestAdapter } from 'botbuilder';
import { openLowdbStore } from '../../../src/storage/lowdb/lowdbDocumentStore';
import { MemoryDocumentStore } from '../../../src/storage/memory/memoryDocumentStore';
import type { Store } from '../../../src/storage/ports';
import { DocumentStateStorage, StateConflictError } from '../../../src/storage/stateStorage';

const KEY = 'msteams/conversations/19:abc@thread.tacv2';

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'state-storage-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

function storageOver(store: Store = new MemoryDocumentStore()) {
  return { store, storage: new DocumentStateStorage(store) };
}

describe('DocumentStateStorage', () => {
  test('reads only the items that exist, each with its version as eTag', async () => {
    const { store, storage } = storageOver();
    await store.put('state', KEY, { topic: 'renewals' });
    await store.put('state', KEY, { topic: 'billing' });
    expect(await storage.read([KEY, 'missing'])).toEqual({ [KEY]: { topic: 'billing', eTag: '2' } });
  });

  test('stores the item without its eTag', async () => {
    const { store, storage } = storageOver();
    await storage.write({ [KEY]: { topic: 'renewals', eTag: '*' } });
    expect(await store.get('state', KEY)).toEqual({ id: KEY, version: 1, value: { topic: 'renewals' } });
  });

  // As botbuilder's MemoryStorage: only a specific eTag on an existing item can conflict.
  test.each`
    stored       | eTag         | outcome
    ${'nothing'} | ${undefined} | ${'written'}
    ${'nothing'} | ${'*'}       | ${'written'}
    ${'nothing'} | ${'7'}       | ${'written'}
    ${'v2'}      | ${undefined} | ${'written'}
    ${'v2'}      | ${''}        | ${'written'}
    ${'v2'}      | ${'*'}       | ${'written'}
    ${'v2'}      | ${'2'}       | ${'written'}
    ${'v2'}      | ${'1'}       | ${'rejected'}
    ${'v2'}      | ${'3'}       | ${'rejected'}
    ${'v2'}      | ${'02'}      | ${'rejected'}
    ${'v2'}      | ${'W/"x"'}   | ${'rejected'}
  `('with $stored stored, a write with eTag $eTag is $outcome', async ({ stored, eTag, outcome }) => {
    const { store, storage } = storageOver();
    if (stored === 'v2') {
      await store.put('state', KEY, { turn: 1 });
      await store.put('state', KEY, { turn: 2 });
    }
    const item = eTag === undefined ? { turn: 'mine' } : { turn: 'mine', eTag };
    const attempt = storage.write({ [KEY]: item });
    if (outcome === 'written') {
      await expect(attempt).resolves.toBeUndefined();
      expect((await storage.read([KEY]))[KEY]?.['turn']).toBe('mine');
    } else {
      await expect(attempt).rejects.toThrow(StateConflictError);
      await expect(attempt).rejects.toThrow(/changed by another turn/);
      expect((await storage.read([KEY]))[KEY]).toEqual({ turn: 2, eTag: '2' });
    }
  });

  test('of two turns that read the same version, the second to write is rejected', async () => {
    const { storage } = storageOver();
    await storage.write({ [KEY]: { count: 0 } });
    const [first, second] = [(await storage.read([KEY]))[KEY], (await storage.read([KEY]))[KEY]];
    await storage.write({ [KEY]: { ...first, count: 1 } });
    await expect(storage.write({ [KEY]: { ...second, count: 2 } })).rejects.toThrow(StateConflictError);
    expect((await storage.read([KEY]))[KEY]).toEqual({ count: 1, eTag: '2' });
  });

  test('writes and deletes several keys at once', async () => {
    const { storage } = storageOver();
    await storage.write({ a: { n: 1 }, b: { n: 2 }, c: { n: 3 } });
    await storage.delete(['a', 'c', 'never-written']);
    expect(await storage.read(['a', 'b', 'c'])).toEqual({ b: { n: 2, eTag: '1' } });
  });

  test.each`
    adapter
    ${'memory'}
    ${'lowdb'}
  `("plugs into botbuilder's ConversationState over the $adapter store", async ({ adapter: kind }) => {
    const { store, storage } = storageOver(kind === 'lowdb' ? await openLowdbStore(await tempDir()) : undefined);
    const conversationState = new ConversationState(storage satisfies Storage);
    const turns = conversationState.createProperty<number>('turns');
    const adapter = new TestAdapter(async (context) => {
      const count = (await turns.get(context, 0)) + 1;
      await turns.set(context, count);
      await conversationState.saveChanges(context);
      await context.sendActivity(`turn ${count}`);
    });
    await adapter.send('hi').assertReply('turn 1').send('again').assertReply('turn 2').startTest();
    const [saved] = await store.list<{ turns: number }>('state');
    expect(saved).toMatchObject({ id: 'test/conversations/Convo1/', version: 2, value: { turns: 2 } });
    await store.close();
  });
});
