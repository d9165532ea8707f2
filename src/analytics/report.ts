import type { CaseRecord } from '../escalation/caseStore';
import type { FeedbackRecord, UnansweredRecord } from '../storage/contentLog';
import type { DocumentStore } from '../storage/ports';
import { daysBetween, type TurnEvent } from './events';
import { groupQuestions, type InboxGroup, type InboxQuestion } from './inbox';
import { judge, sessionsOf, type Judgement, type Outcome } from './outcomes';

export interface ReportRange {
  /** First and last UTC day, both included (YYYY-MM-DD). */
  from: string;
  to: string;
}

export interface DayFigures {
  day: string;
  sessions: number;
  resolved: number;
  escalated: number;
  abandoned: number;
  unengaged: number;
}

export interface ArticleFigures {
  article: string;
  answers: number;
  helpful: number;
  notRelated: number;
  notAnswered: number;
}

/** Everything the page and `npm run report` show, for one range, judged as of `now`. */
export interface Report extends ReportRange {
  now: string;
  sessionTimeoutMinutes: number;
  /** Sessions that ended in the range (open ones are counted apart). */
  sessions: number;
  open: number;
  resolved: number;
  resolvedConfirmed: number;
  resolvedImplied: number;
  escalated: number;
  /** Escalated sessions where the user then said the agent resolved the issue. */
  escalatedResolved: number;
  abandoned: number;
  unengaged: number;
  /** Resolved by the bot alone, of the engaged sessions (0 when there were none). */
  deflectionRate: number;
  csat: { average: number | null; count: number; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
  days: DayFigures[];
  articles: ArticleFigures[];
  menuLeaves: number;
  /** Sessions whose searches ended in an escalation. */
  searchesEscalated: number;
  accountIntents: { intent: string; count: number }[];
  queue: { accepted: number; averageWaitSeconds: number | null; tickets: number; cancelled: number };
  unanswered: InboxGroup[];
}

export interface ReportOptions {
  now: Date;
  sessionTimeoutMinutes: number;
}

/** Reads the range's events day by day (each day one tagged lookup), then the content log and cases. */
export async function buildReport(store: DocumentStore, range: ReportRange, options: ReportOptions): Promise<Report> {
  const events: TurnEvent[] = [];
  for (const day of daysBetween(range.from, range.to)) {
    for (const document of await store.find<TurnEvent>('events', { day })) events.push(document.value);
  }
  const inRange = (at: string): boolean => at.slice(0, 10) >= range.from && at.slice(0, 10) <= range.to;
  const [feedback, unanswered, cases] = await Promise.all([
    store.list<FeedbackRecord>('feedback'),
    store.list<UnansweredRecord>('unanswered'),
    store.list<CaseRecord>('cases'),
  ]);
  const questions: InboxQuestion[] = [
    ...unanswered.map((d) => d.value).filter((r) => inRange(r.at)).map((r) => ({ query: r.query, at: r.at, why: r.outcome })),
    ...feedback
      .map((d) => d.value)
      .filter((r): r is FeedbackRecord & { query: string } => !r.helpful && r.query !== undefined && inRange(r.at))
      .map((r) => ({ query: r.query, at: r.at, why: r.reason ?? ('not-helpful' as const) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    ...range,
    now: options.now.toISOString(),
    sessionTimeoutMinutes: options.sessionTimeoutMinutes,
    ...summarise(events, options),
    queue: queueFigures(cases.map((d) => d.value).filter((r) => inRange(r.case.createdAt))),
    unanswered: groupQuestions(questions),
  };
}

type EventFigures = Omit<Report, keyof ReportRange | 'now' | 'sessionTimeoutMinutes' | 'queue' | 'unanswered'>;

/** The figures that come from events alone: pure, so the rules are tested as tables. */
export function summarise(events: readonly TurnEvent[], options: ReportOptions): EventFigures {
  const timeoutMs = options.sessionTimeoutMinutes * 60_000;
  const counts = { open: 0, resolved: 0, resolvedConfirmed: 0, resolvedImplied: 0, escalated: 0, escalatedResolved: 0, abandoned: 0, unengaged: 0 };
  const days = new Map<string, DayFigures>();
  let searchesEscalated = 0;
  for (const session of sessionsOf(events, timeoutMs)) {
    const verdict: Judgement = judge(session, options.now, timeoutMs);
    if (verdict.outcome === 'open') {
      counts.open++;
      continue;
    }
    counts[verdict.outcome]++;
    if (verdict.outcome === 'resolved') counts[verdict.how === 'confirmed' ? 'resolvedConfirmed' : 'resolvedImplied']++;
    if (verdict.outcome === 'escalated' && verdict.agentResolved) counts.escalatedResolved++;
    if (verdict.outcome === 'escalated' && session.events.some((e) => e.route.startsWith('search.'))) searchesEscalated++;
    const day = session.start.slice(0, 10);
    const figures = days.get(day) ?? { day, sessions: 0, resolved: 0, escalated: 0, abandoned: 0, unengaged: 0 };
    figures.sessions++;
    figures[verdict.outcome satisfies Outcome]++;
    days.set(day, figures);
  }
  const sessions = counts.resolved + counts.escalated + counts.abandoned + counts.unengaged;
  const engaged = sessions - counts.unengaged;
  return {
    sessions,
    ...counts,
    deflectionRate: engaged === 0 ? 0 : round(counts.resolved / engaged),
    csat: csatOf(events),
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    articles: articleFigures(events),
    menuLeaves: events.filter((e) => e.route === 'menu.leaf').length,
    searchesEscalated,
    accountIntents: tally(events.filter((e) => e.route.startsWith('account.') && !e.route.startsWith('account.confirm')).map((e) => e.route.slice('account.'.length))).map(([intent, count]) => ({ intent, count })),
  };
}

function csatOf(events: readonly TurnEvent[]): Report['csat'] {
  const ratings = events.flatMap((e) => (e.route === 'escalation.rate' && e.rating !== undefined && e.rating >= 1 && e.rating <= 5 ? [e.rating] : []));
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const rating of ratings) distribution[String(rating) as keyof typeof distribution]++;
  const average = ratings.length === 0 ? null : round(ratings.reduce((a, b) => a + b, 0) / ratings.length);
  return { average, count: ratings.length, distribution };
}

/** Articles by how often they failed (not related + didn't answer + plain no), then by answers. */
function articleFigures(events: readonly TurnEvent[]): ArticleFigures[] {
  const figures = new Map<string, ArticleFigures>();
  const of = (article: string): ArticleFigures => {
    const found = figures.get(article) ?? { article, answers: 0, helpful: 0, notRelated: 0, notAnswered: 0 };
    figures.set(article, found);
    return found;
  };
  for (const e of events) {
    if (!e.article) continue;
    if (!e.route.startsWith('feedback.')) of(e.article).answers++;
    else if (e.route === 'feedback.helpful') of(e.article).helpful++;
    else if (e.route === 'feedback.reason' && e.reason === 'not-related') of(e.article).notRelated++;
    else if (e.route === 'feedback.reason' && e.reason === 'not-answered') of(e.article).notAnswered++;
  }
  const failures = (a: ArticleFigures): number => a.notRelated + a.notAnswered;
  return [...figures.values()].sort((a, b) => failures(b) - failures(a) || b.answers - a.answers || a.article.localeCompare(b.article));
}

function queueFigures(records: readonly CaseRecord[]): Report['queue'] {
  const waits: number[] = [];
  let tickets = 0;
  let cancelled = 0;
  for (const { case: c } of records) {
    const queued = c.history.find((change) => change.status === 'queued');
    const accepted = c.history.find((change) => change.status === 'accepted');
    if (queued && accepted) waits.push((Date.parse(accepted.at) - Date.parse(queued.at)) / 1000);
    if (c.history.some((change) => change.status === 'ticket')) tickets++;
    if (c.status === 'cancelled') cancelled++;
  }
  const averageWaitSeconds = waits.length === 0 ? null : Math.round(waits.reduce((a, b) => a + b, 0) / waits.length);
  return { accepted: waits.length, averageWaitSeconds, tickets, cancelled };
}

function tally(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
