import { z } from 'zod';
import type { ReportRange } from './figures';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day such as 2026-12-01').refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'is not a real day');

export class ReportRangeError extends Error {
  override readonly name = 'ReportRangeError';
}

/** A report's days: the given ones, or the 30 days up to `now`; at most ten years. */
export function reportRange(given: { from?: string | undefined; to?: string | undefined }, now: Date): ReportRange {
  const to = checked('to', given.to ?? now.toISOString().slice(0, 10));
  const from = checked('from', given.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10));
  if (from > to) throw new ReportRangeError(`from (${from}) is after to (${to}): swap them.`);
  if (Date.parse(to) - Date.parse(from) > 3650 * 86_400_000) throw new ReportRangeError('The range is longer than ten years: give a shorter one.');
  return { from, to };
}

function checked(name: 'from' | 'to', value: string): string {
  const parsed = day.safeParse(value);
  if (!parsed.success) throw new ReportRangeError(`${name} ${parsed.error.issues[0]?.message ?? 'is not a day'}: give YYYY-MM-DD.`);
  return parsed.data;
}
