import { ConversationState, MemoryStorage, type StoreItems, TestAdapter, type TurnContext } from 'botbuilder';
import { TrackedConversationState } from '../../../src/bot/conversationState';

/** botbuilder's MemoryStorage, counting writes. */
class CountingStorage extends MemoryStorage {
  writes = 0;
  override write(changes: StoreItems): Promise<void> {
    this.writes++;
    return super.write(changes);
  }
}

type Step = (state: ConversationState, context: TurnContext) => Promise<void>;

const steps: Record<string, Step> = {
  'reads only': async (state, context) => {
    await state.createProperty<number>('count').get(context);
  },
  'sets a new value': async (state, context) => {
    const count = state.createProperty<number>('count');
    await count.set(context, (await count.get(context, 0)) + 1);
  },
  'sets the same value': async (state, context) => {
    const count = state.createProperty<number>('count');
    await count.set(context, await count.get(context, 0));
  },
  'changes a nested object in place': async (state, context) => {
    const profile = await state.createProperty<{ topics: string[] }>('profile').get(context, { topics: [] });
    profile.topics.push('renewals');
  },
  'clears the state': async (state, context) => {
    await state.load(context);
    await state.clear(context);
  },
  'deletes the state': async (state, context) => {
    await state.delete(context);
  },
  'does not touch the state': async () => {},
};

/** Plays the same turns against botbuilder's ConversationState and ours: the writes and what is stored must agree. */
async function play(kind: typeof ConversationState, turns: string[], force = false) {
  const storage = new CountingStorage();
  const state = new kind(storage);
  const adapter = new TestAdapter(async (context) => {
    await steps[context.activity.text ?? '']!(state, context);
    await state.saveChanges(context, force);
    await context.sendActivity('done');
  });
  let test = adapter.send(turns[0]!).assertReply('done');
  for (const turn of turns.slice(1)) test = test.send(turn).assertReply('done');
  await test.startTest();
  const stored = await storage.read(['test/conversations/Convo1/']);
  const { eTag: _eTag, ...value } = stored['test/conversations/Convo1/'] ?? {};
  return { writes: storage.writes, stored: stored['test/conversations/Convo1/'] ? value : undefined };
}

describe('TrackedConversationState', () => {
  test.each([
    [['reads only'], 0],
    [['sets a new value', 'sets a new value', 'reads only'], 2],
    [['sets a new value', 'sets the same value', 'sets the same value'], 1],
    [['changes a nested object in place', 'changes a nested object in place', 'reads only'], 2],
    [['sets a new value', 'clears the state', 'reads only', 'sets a new value'], 3],
    [['sets a new value', 'deletes the state', 'reads only', 'sets a new value'], 2],
    [['does not touch the state', 'sets a new value', 'does not touch the state'], 1],
  ])('writes exactly when botbuilder would: %j', async (turns, writes) => {
    const theirs = await play(ConversationState, turns);
    const ours = await play(TrackedConversationState, turns);
    expect(ours).toEqual(theirs);
    expect(ours.writes).toBe(writes);
  });

  test('a forced save writes even when nothing changed, as botbuilder does', async () => {
    const turns = ['does not touch the state', 'reads only', 'sets the same value'];
    const theirs = await play(ConversationState, turns, true);
    const ours = await play(TrackedConversationState, turns, true);
    expect(ours).toEqual(theirs);
    expect(ours.writes).toBe(3);
  });

  test('saves nothing for a turn that only reads, and once for a turn that changes', async () => {
    expect((await play(TrackedConversationState, ['reads only', 'reads only'])).writes).toBe(0);
    expect(await play(TrackedConversationState, ['sets a new value', 'reads only', 'sets a new value'])).toEqual({ writes: 2, stored: { count: 2 } });
  });

  test('load(force) reads the stored state again', async () => {
    const storage = new MemoryStorage();
    const state = new TrackedConversationState(storage);
    const adapter = new TestAdapter(async (context) => {
      const first = await state.load(context);
      await storage.write({ 'test/conversations/Convo1/': { count: 7, eTag: '*' } });
      expect(await state.load(context)).toBe(first);
      expect(await state.load(context, true)).toMatchObject({ count: 7 });
      expect(state.get(context)).toMatchObject({ count: 7 });
      await context.sendActivity('done');
    });
    await adapter.send('hi').assertReply('done').startTest();
  });
});
