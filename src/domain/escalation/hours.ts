import { z } from 'zod';

/** Support opening hours, kept in the support team's time zone (Intl only: no time-zone package). */

export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

const clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'use HH:MM, 00:00 to 24:00');

const openingHours = z
  .tuple([clock, clock])
  .refine(([opens, closes]) => minutesOf(opens) < minutesOf(closes), 'a day must open before it closes');

export const supportHours = z.strictObject({
  timeZone: z.string().refine(isTimeZone, 'use an IANA time zone, e.g. America/New_York'),
  /** Weekdays without an entry are closed. Closing time is exclusive. */
  hours: z
    .partialRecord(z.enum(weekdays), openingHours)
    .refine((hours) => Object.keys(hours).length > 0, 'support must open on at least one day'),
});

export interface SupportHours {
  timeZone: string;
  hours: Partial<Record<Weekday, readonly [string, string]>>;
}

export class SupportHoursError extends Error {
  override readonly name = 'SupportHoursError';
}

export function isOpen(support: SupportHours, now: Date): boolean {
  const local = localParts(now, support.timeZone);
  const day = support.hours[weekdays[local.weekday] ?? 'sun'];
  return day !== undefined && local.minutes >= minutesOf(day[0]) && local.minutes < minutesOf(day[1]);
}

/** The next moment support opens; `now` itself when support is open. */
export function nextOpening(support: SupportHours, now: Date): Date {
  if (isOpen(support, now)) return now;
  const local = localParts(now, support.timeZone);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const date = new Date(Date.UTC(local.year, local.month - 1, local.day + ahead));
    const day = support.hours[weekdays[date.getUTCDay()] ?? 'sun'];
    if (!day || (ahead === 0 && local.minutes >= minutesOf(day[0]))) continue;
    return zonedTime(date, minutesOf(day[0]), support.timeZone);
  }
  throw new SupportHoursError('support hours name no open day: add opening hours for at least one weekday.');
}

/** "Monday, December 7 at 8:00 AM (America/New_York)". */
export function formatOpening(date: Date, timeZone: string): string {
  const parts = partsOf(date, timeZone, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  });
  return `${parts.weekday}, ${parts.month} ${parts.day} at ${parts.hour}:${parts.minute} ${parts.dayPeriod} (${timeZone})`;
}

/** "09:05": the 24-hour wall-clock time in a time zone. */
export function clockTime(date: Date, timeZone: string): string {
  const local = localParts(date, timeZone);
  return `${pad(Math.floor(local.minutes / 60))}:${pad(local.minutes % 60)}`;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday, as Date.getUTCDay. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
  second: number;
}

function localParts(date: Date, timeZone: string): LocalParts {
  const parts = partsOf(date, timeZone, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  return {
    year,
    month,
    day,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The instant at which the wall clock in `timeZone` shows `minutes` past midnight on `date`'s calendar day. */
function zonedTime(date: Date, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 0, minutes);
  const first = wall - offsetAt(new Date(wall), timeZone);
  // Across a DST change the offset at the guess differs from the offset at the answer: correct once.
  const second = wall - offsetAt(new Date(first), timeZone);
  return new Date(second);
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: Date, timeZone: string): number {
  const local = localParts(instant, timeZone);
  const wall = Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes, local.second);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function partsOf(date: Date, timeZone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    formats.set(key, format);
  }
  return Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function minutesOf(clockTime: string): number {
  const [hours, minutes] = clockTime.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
