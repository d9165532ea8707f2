import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clockTime, formatOpening, isOpen, nextOpening, supportHours } from '../../../src/domain/escalation';

const demo: unknown = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/demo-accounts.json'), 'utf8'));
const { agentsChannel: _channel, ...demoHours } = (demo as { support: Record<string, unknown> }).support;
const support = supportHours.parse(demoHours);

describe('support hours in America/New_York (Mon-Thu 08:00-20:00, Fri 08:00-18:00)', () => {
  test.each([
    ['Tuesday 10:00', '2026-12-01T15:00:00Z', true, '2026-12-01T15:00:00.000Z'],
    ['Tuesday 07:59', '2026-12-01T12:59:00Z', false, '2026-12-01T13:00:00.000Z'],
    ['Tuesday 08:00 (opens)', '2026-12-01T13:00:00Z', true, '2026-12-01T13:00:00.000Z'],
    ['Tuesday 20:00 (closes)', '2026-12-02T01:00:00Z', false, '2026-12-02T13:00:00.000Z'],
    ['Friday 17:59', '2026-12-04T22:59:00Z', true, '2026-12-04T22:59:00.000Z'],
    ['Friday 18:00', '2026-12-04T23:00:00Z', false, '2026-12-07T13:00:00.000Z'],
    ['Saturday 10:00', '2026-12-05T15:00:00Z', false, '2026-12-07T13:00:00.000Z'],
    ['Sunday 23:30', '2026-12-07T04:30:00Z', false, '2026-12-07T13:00:00.000Z'],
    // UTC is already on the next day while New York is still within the day's hours.
    ['Thursday 19:30 (Friday 00:30 UTC)', '2026-12-04T00:30:00Z', true, '2026-12-04T00:30:00.000Z'],
    ['Friday 19:30 (Saturday 00:30 UTC)', '2026-12-05T00:30:00Z', false, '2026-12-07T13:00:00.000Z'],
    // Daylight saving time starts Sunday 2026-03-08: EST (UTC-5) before, EDT (UTC-4) after.
    ['Saturday before DST starts', '2026-03-07T15:00:00Z', false, '2026-03-09T12:00:00.000Z'],
    ['Friday 07:30 EST', '2026-03-06T12:30:00Z', false, '2026-03-06T13:00:00.000Z'],
    ['Monday 08:30 EDT', '2026-03-09T12:30:00Z', true, '2026-03-09T12:30:00.000Z'],
    ['Monday 07:30 EDT', '2026-03-09T11:30:00Z', false, '2026-03-09T12:00:00.000Z'],
    // Daylight saving time ends Sunday 2026-11-01: EDT before, EST after.
    ['Saturday before DST ends', '2026-10-31T15:00:00Z', false, '2026-11-02T13:00:00.000Z'],
    ['Friday 19:00 EDT', '2026-10-30T23:00:00Z', false, '2026-11-02T13:00:00.000Z'],
    ['Monday 08:00 EST', '2026-11-02T13:00:00Z', true, '2026-11-02T13:00:00.000Z'],
    ['Monday 07:30 EST', '2026-11-02T12:30:00Z', false, '2026-11-02T13:00:00.000Z'],
  ])('%s (%s): open %s, next opening %s', (_when, now, open, opening) => {
    expect(isOpen(support, new Date(now))).toBe(open);
    expect(nextOpening(support, new Date(now)).toISOString()).toBe(opening);
  });

  test.each([
    ['2026-12-07T13:00:00Z', 'America/New_York', 'Monday, December 7 at 8:00 AM (America/New_York)'],
    ['2026-03-09T12:00:00Z', 'America/New_York', 'Monday, March 9 at 8:00 AM (America/New_York)'],
    ['2026-12-07T13:00:00Z', 'Europe/Paris', 'Monday, December 7 at 2:00 PM (Europe/Paris)'],
  ])('formatOpening(%s, %s) = %j', (date, timeZone, expected) => {
    expect(formatOpening(new Date(date), timeZone)).toBe(expected);
  });

  test.each([
    ['2026-12-01T15:05:00Z', 'America/New_York', '10:05'],
    ['2026-12-02T04:59:00Z', 'America/New_York', '23:59'],
    ['2026-12-02T05:00:00Z', 'America/New_York', '00:00'],
  ])('clockTime(%s, %s) = %s', (date, timeZone, expected) => {
    expect(clockTime(new Date(date), timeZone)).toBe(expected);
  });
});

describe('other time zones and shapes of hours', () => {
  test.each([
    // Australia/Sydney is ahead of UTC: Monday 09:00 there is Sunday 22:00 UTC (AEDT, UTC+11).
    ['Australia/Sydney', { mon: ['09:00', '17:00'] as const }, '2026-12-06T12:00:00Z', '2026-12-06T22:00:00.000Z'],
    ['UTC', { sun: ['00:00', '24:00'] as const }, '2026-12-05T23:59:00Z', '2026-12-06T00:00:00.000Z'],
    ['Asia/Kolkata', { wed: ['10:30', '11:00'] as const }, '2026-12-02T05:30:00Z', '2026-12-09T05:00:00.000Z'],
  ])('%s %j from %s -> %s', (timeZone, hours, now, opening) => {
    expect(nextOpening({ timeZone, hours }, new Date(now)).toISOString()).toBe(opening);
  });

  test.each([
    [{ timeZone: 'Mars/Olympus', hours: { mon: ['08:00', '20:00'] } }, 'IANA time zone'],
    [{ timeZone: 'UTC', hours: {} }, 'at least one day'],
    [{ timeZone: 'UTC', hours: { mon: ['20:00', '08:00'] } }, 'open before it closes'],
    [{ timeZone: 'UTC', hours: { mon: ['8am', '20:00'] } }, 'HH:MM'],
    [{ timeZone: 'UTC', hours: { monday: ['08:00', '20:00'] } }, ''],
  ])('rejects %j', (raw, message) => {
    const parsed = supportHours.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.message).toContain(message);
  });
});
