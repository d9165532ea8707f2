import type { CaseStatus, EscalationCase, TranscriptEntry } from './case';
import { clockTime } from './hours';
import { waitedMinutes } from './queue';

/** What an agent sees about a case: the plain data behind the case card, and the transcript for /transcript. */

export interface CaseAnnouncement {
  caseId: string;
  status: CaseStatus;
  user: { name: string; tenant?: string; role?: string; email?: string };
  question?: string;
  menuPath?: string;
  note?: string;
  searches: string[];
  articles: { id: string; title: string; feedback: 'helpful' | 'not helpful' | 'no answer' }[];
  /** `purchase` reads "online" or "through <reseller>". */
  subscriptions: { id: string; product: string; renewalDate: string; purchase: string }[];
  waitedMinutes: number;
  /** The agent who took the case (kept after the chat ends, gone when released): the card shows it was taken. */
  takenBy?: string;
}

export function caseAnnouncement(current: EscalationCase, now: Date): CaseAnnouncement {
  const { user, context } = current;
  return {
    caseId: current.id,
    status: current.status,
    user: {
      name: user.name ?? 'Unidentified user',
      ...optional('tenant', user.tenantName),
      ...optional('role', user.role === undefined ? undefined : roleLabel(user.role)),
      ...optional('email', user.email),
    },
    ...optional('question', context.question),
    ...optional('menuPath', context.menuPath),
    ...optional('note', context.note),
    searches: [...context.searches],
    articles: context.articlesShown.map(({ id, title, feedback }) => ({
      id,
      title,
      feedback: feedback === undefined ? 'no answer' : feedback === 'helpful' ? 'helpful' : 'not helpful',
    })),
    subscriptions: context.subscriptions.map(({ id, product, renewalDate, purchasedVia, reseller }) => ({
      id,
      product,
      renewalDate,
      purchase: purchasedVia === 'online' ? 'online' : `through ${reseller ?? 'a reseller'}`,
    })),
    waitedMinutes: waitedMinutes(current, now),
    ...optional('takenBy', current.agent?.name),
  };
}

/** "primary-admin" -> "Primary admin". */
export function roleLabel(role: string): string {
  const words = role.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The transcript for /transcript and "Conversation so far": a Markdown list, one "- HH:MM Name: text" line per
 * message, times in `timeZone` (the reader's; see `readerTimeZone`). A list is what Web Chat, Teams and the
 * terminal all show as separate lines; plain lines ran into one paragraph in Web Chat and Teams.
 */
export function formatTranscript(current: EscalationCase, timeZone: string): string {
  return current.transcript.map((entry) => transcriptLine(current, entry, timeZone)).join('\n');
}

function transcriptLine(current: EscalationCase, entry: TranscriptEntry, timeZone: string): string {
  const text = entry.text.replace(/\s*[\r\n]+\s*/g, ' ');
  return `- ${clockTime(new Date(entry.at), timeZone)} ${speaker(current, entry)}: ${text}`;
}

/**
 * The time zone to show times in for whoever reads them: the IANA zone their client reported (an activity's
 * `localTimezone`, or Teams' clientInfo `timezone`) when it is a real one, else `fallback` (support's zone).
 */
export function readerTimeZone(reported: unknown, fallback: string): string {
  if (typeof reported !== 'string' || reported.length === 0 || reported.length > 64) return fallback;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: reported }).resolvedOptions().timeZone;
  } catch {
    return fallback; // RangeError: not a time zone this runtime knows
  }
}

function speaker(current: EscalationCase, entry: TranscriptEntry): string {
  if (entry.name) return entry.name;
  if (entry.from === 'user') return current.user.name ?? 'User';
  if (entry.from === 'agent') return current.agent?.name ?? 'Agent';
  return 'Bot';
}

/** Spreads `{ key: value }` only when there is a value (exactOptionalPropertyTypes forbids explicit undefined). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
