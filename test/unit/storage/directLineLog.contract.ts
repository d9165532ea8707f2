import { ActivityTooLargeError, ConversationNotFoundError, type ActivitySet, type ConversationLimits, type DirectLineLog } from '../../../src/storage/directLine';

/** Two logs over the same conversations: one replica's and another's (the same object for a single process). */
export interface LogsUnderTest {
  log: DirectLineLog;
  other: DirectLineLog;
  dispose(): Promise<void>;
}

const text = (n: number) => ({ type: 'message', text: `message ${n}`, from: { id: 'user-1' } });

/** What every Direct Line log must do, in memory or shared by replicas. */
export function describeDirectLineLogContract(name: string, open: (limits?: Partial<ConversationLimits>) => Promise<LogsUnderTest>): void {
  describe(`${name} honours the Direct Line log contract`, () => {
    let subject: LogsUnderTest | undefined;
    const use = async (limits?: Partial<ConversationLimits>) => (subject = await open(limits));
    afterEach(async () => subject?.dispose());

    test('a conversation is opened once, by its owner, and unknown ones are not found', async () => {
      const { log, other } = await use();
      expect(await log.open('dl-a', 'user-1')).toBe(true);
      expect(await other.open('dl-a', 'user-2')).toBe(false);
      expect(await other.ownerOf('dl-a')).toBe('user-1');
      expect(await other.has('dl-a')).toBe(true);
      expect(await log.has('dl-none')).toBe(false);
      await expect(log.since('dl-none', 0)).rejects.toThrow(ConversationNotFoundError);
      await expect(log.append('dl-none', text(1))).rejects.toThrow(ConversationNotFoundError);
    });

    test('activities get increasing ids and watermarks; a poll from any replica sees what came after its watermark', async () => {
      const { log, other } = await use();
      await log.open('dl-a', 'user-1');
      const first = await log.append('dl-a', text(1));
      const second = await other.append('dl-a', text(2));
      expect(first.id < second.id).toBe(true);
      const all = await other.since('dl-a', 0);
      expect(all.activities.map((activity) => activity['text'])).toEqual(['message 1', 'message 2']);
      expect(all.activities[0]).toMatchObject({ id: first.id, type: 'message', timestamp: expect.any(String) });
      const later = await log.since('dl-a', Number(all.watermark) - 1);
      expect(later.activities.map((activity) => activity['text'])).toEqual(['message 2']);
      expect((await log.since('dl-a', Number(all.watermark))).activities).toEqual([]);
    });

    test('a replaced activity keeps its id and is seen again after the watermark', async () => {
      const { log, other } = await use();
      await log.open('dl-a', 'user-1');
      const card = await log.append('dl-a', { type: 'message', text: 'waiting' });
      const seen = await log.since('dl-a', 0);
      await other.replace('dl-a', card.id, { type: 'message', text: 'taken by Eve' });
      const after = await log.since('dl-a', Number(seen.watermark));
      expect(after.activities).toEqual([expect.objectContaining({ id: card.id, text: 'taken by Eve' })]);
      expect((await log.since('dl-a', 0)).activities.map((activity) => activity['text'])).toEqual(['taken by Eve']);
    });

    test('typing is passed to streams but never stored', async () => {
      const { log } = await use();
      await log.open('dl-a', 'user-1');
      await log.append('dl-a', { type: 'typing' });
      expect((await log.since('dl-a', 0)).activities).toEqual([]);
    });

    test('a conversation keeps its newest activities within its count and byte limits; a too-big activity is refused', async () => {
      const { log } = await use({ maxActivities: 3, maxConversationBytes: 1_000, maxActivityBytes: 600 });
      await log.open('dl-a', 'user-1');
      for (let n = 1; n <= 5; n++) await log.append('dl-a', text(n));
      expect((await log.since('dl-a', 0)).activities.map((activity) => activity['text'])).toEqual(['message 3', 'message 4', 'message 5']);
      await expect(log.append('dl-a', { type: 'message', text: 'x'.repeat(700) })).rejects.toThrow(ActivityTooLargeError);
      for (let n = 0; n < 3; n++) await log.append('dl-a', { type: 'message', text: 'y'.repeat(400) });
      const kept = (await log.since('dl-a', 0)).activities;
      expect(kept.length).toBeLessThanOrEqual(2);
      expect(JSON.stringify(kept).length).toBeLessThanOrEqual(1_000);
    });

    test('a subscriber hears what is appended from now on, on whichever replica it is written', async () => {
      const { log, other } = await use();
      await log.open('dl-a', 'user-1');
      await log.append('dl-a', text(0));
      const heard: ActivitySet[] = [];
      const unsubscribe = log.subscribe('dl-a', (update) => heard.push(update));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await other.append('dl-a', text(1));
      await other.append('dl-a', text(2));
      for (let wait = 0; wait < 50 && heard.flatMap((update) => update.activities).length < 2; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
      unsubscribe();
      expect(heard.flatMap((update) => update.activities).map((activity) => activity['text'])).toEqual(['message 1', 'message 2']);
      expect(Number(heard.at(-1)!.watermark)).toBeGreaterThanOrEqual(3);
    });
  });
}
