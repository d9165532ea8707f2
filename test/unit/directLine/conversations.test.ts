import { ActivityTooLargeError, ConversationNotFoundError, type ActivitySet } from '../../../src/storage/directLine';
import { MemoryDirectLineLog } from '../../../src/storage/memory/directLineLog';

const text = (set: ActivitySet): unknown[] => set.activities.map((a) => a.text);

describe('the conversation log', () => {
  test('polling returns what came after the watermark, and a replaced activity comes again under its id', async () => {
    const log = new MemoryDirectLineLog();
    await log.open('dl-1', 'ana');
    const first = await log.append('dl-1', { type: 'message', text: 'one' });
    const { watermark } = await log.since('dl-1', 0);
    await log.append('dl-1', { type: 'message', text: 'two' });
    await log.replace('dl-1', first.id, { type: 'message', text: 'one, edited' });
    expect((await log.since('dl-1', Number(watermark))).activities.map((a) => [a.id === first.id, a.text])).toEqual([
      [false, 'two'],
      [true, 'one, edited'],
    ]);
  });

  test('holds a bounded number of activities and conversations, dropping the oldest', async () => {
    const log = new MemoryDirectLineLog({ maxConversations: 2, maxActivities: 3 });
    for (const id of ['a', 'b', 'c']) await log.open(id, 'u');
    expect(await log.has('a')).toBe(false);
    for (let i = 0; i < 5; i++) await log.append('c', { type: 'message', text: String(i) });
    expect(text(await log.since('c', 0))).toEqual(['2', '3', '4']);
    await expect(log.append('a', { type: 'message' })).rejects.toThrow(ConversationNotFoundError);
  });

  test('an activity over the byte limit is refused and nothing is kept', async () => {
    const log = new MemoryDirectLineLog({ maxActivityBytes: 1000 });
    await log.open('c', 'u');
    await expect(log.append('c', { type: 'message', text: 'x'.repeat(2000) })).rejects.toThrow(ActivityTooLargeError);
    await expect(log.append('c', { type: 'typing', channelData: { padding: 'x'.repeat(2000) } })).rejects.toThrow(ActivityTooLargeError);
    expect(log.bytes).toBe(0);
  });

  test('bytes are bounded per conversation (oldest activities go) and in total (least recently used conversations go)', async () => {
    const log = new MemoryDirectLineLog({ maxActivityBytes: 2000, maxConversationBytes: 5000, maxTotalBytes: 12_000 });
    const big = { type: 'message', text: 'x'.repeat(1500) };
    await log.open('a', 'u');
    for (let i = 0; i < 10; i++) await log.append('a', { ...big, text: `${i}${big.text}` });
    const kept = (await log.since('a', 0)).activities;
    expect(kept.length).toBe(3);
    expect(String(kept[0]?.text).startsWith('7')).toBe(true);
    for (const id of ['b', 'c', 'd']) {
      await log.open(id, 'u');
      for (let i = 0; i < 3; i++) await log.append(id, big);
    }
    expect(log.bytes).toBeLessThanOrEqual(12_000);
    expect(await log.has('a')).toBe(false);
    expect(await log.has('d')).toBe(true);
  });

  test('typing activities reach subscribers and are never stored', async () => {
    const log = new MemoryDirectLineLog();
    await log.open('c', 'u');
    const seen: ActivitySet[] = [];
    const unsubscribe = log.subscribe('c', (update) => seen.push(update));
    await log.append('c', { type: 'typing' });
    await log.append('c', { type: 'message', text: 'hi' });
    unsubscribe();
    await log.append('c', { type: 'message', text: 'after' });
    expect(seen.map((update) => update.activities.map((a) => a.type))).toEqual([['typing'], ['message']]);
    expect(seen[1]?.watermark).toBe('1');
    expect(text(await log.since('c', 0))).toEqual(['hi', 'after']);
    expect(log.bytes).toBeGreaterThan(0);
  });
});
