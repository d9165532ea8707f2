import type { TurnEvent } from '../../../src/analytics/events';
import { reportRange } from '../../../src/analytics/range';
import { purgeEvents } from '../../../src/analytics/retention';
import { loadConfig } from '../../../src/config';
import { MemoryDocumentStore } from '../../../src/storage/memory/memoryDocumentStore';

const event = (at: string): TurnEvent => ({ conversation: 'emulator:c', day: at.slice(0, 10), at, route: 'search.answer', kind: 'message' });

describe('retention', () => {
  test('events older than the retention are purged, newer ones kept', async () => {
    const store = new MemoryDocumentStore();
    const times = ['2026-10-01T10:00:00Z', '2026-10-30T10:00:00Z', '2026-10-31T10:00:00Z', '2026-11-01T10:00:00Z', '2026-12-01T10:00:00Z'];
    await store.commit({ changes: [], records: times.map((at) => ({ log: 'events', day: at.slice(0, 10), id: at, value: event(at) })) });
    expect(await purgeEvents(store, new Date('2026-12-01T12:00:00Z'), 30)).toBe(3);
    const kept = [...(await store.logs.read<TurnEvent>('events', '2026-11-01')), ...(await store.logs.read<TurnEvent>('events', '2026-12-01'))];
    expect(kept.map((e) => e.at)).toEqual(['2026-11-01T10:00:00Z', '2026-12-01T10:00:00Z']);
    expect(await store.logs.read('events', '2026-10-31')).toEqual([]);
  });
});

describe('settings and ranges', () => {
  test('defaults, and bad values named', () => {
    expect(loadConfig({}).analytics).toEqual({ sessionTimeoutMinutes: 30, retentionDays: 400, recordEvents: true });
    expect(loadConfig({ ANALYTICS_TOKEN: 'a-long-enough-token', SESSION_TIMEOUT_MINUTES: '45' }).analytics).toMatchObject({ token: 'a-long-enough-token', sessionTimeoutMinutes: 45 });
    expect(() => loadConfig({ ANALYTICS_TOKEN: 'short' })).toThrow(/ANALYTICS_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ ANALYTICS_RETENTION_DAYS: '0' })).toThrow(/ANALYTICS_RETENTION_DAYS/);
  });

  test.each([
    [{}, { from: '2026-11-02', to: '2026-12-01' }],
    [{ from: '2026-12-01', to: '2026-12-01' }, { from: '2026-12-01', to: '2026-12-01' }],
  ])('range %j', (given, expected) => {
    expect(reportRange(given, new Date('2026-12-01T15:00:00Z'))).toEqual(expected);
  });

  test.each([
    [{ from: '2026-12-05', to: '2026-12-01' }, /after/],
    [{ from: '2026-13-01' }, /from .*YYYY-MM-DD/],
    [{ to: 'yesterday' }, /to must be a day/],
  ])('refused range %j', (given, message) => {
    expect(() => reportRange(given, new Date('2026-12-01T15:00:00Z'))).toThrow(message);
  });
});
