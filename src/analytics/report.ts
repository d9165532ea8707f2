import type { CaseRecord } from '../escalation/caseStore';
import type { FeedbackRecord, UnansweredRecord } from '../storage/contentLog';
import type { DocumentStore, Store } from '../storage/ports';
import { daysBetween, type TurnEvent } from './events';
import { inboxMarks, questionKey } from './inboxMarks';
import { groupQuestions, type InboxGroup, type InboxQuestion } from './inbox';
import { judge, sessionsOf, type Judgement, type Outcome } from './outcomes';
import { summariseInPostgres } from './postgresSummary';
import { PostgresStore } from '../storage/postgres/postgresStore';

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
  /** Groups an author marked, with the mark: they leave the open inbox until asked in a new wording. */
  marked: (InboxGroup & { mark: 'covered' | 'out-of-scope'; article?: string })[];
}

export interface ReportOptions {
  now: Date;
  sessionTimeoutMinutes: number;
}

/**
 * The report: event figures from SQL on PostgreSQL, else from the range's events read day by day (one
 * tagged lookup each); then the content log and the cases.
 */
export async function buildReport(store: DocumentStore & Pick<Store, 'logs'>, range: ReportRange, options: ReportOptions): Promise<Report> {
  const figures = store instanceof PostgresStore ? await summariseInPostgres(store.connections, range, options) : summarise(await eventsOf(store, range), options);
  const inRange = (at: string): boolean => at.slice(0, 10) >= range.from && at.slice(0, 10) <= range.to;
  const [feedback, unanswered, cases, marks] = await Promise.all([
    store.list<FeedbackRecord>('feedback'),
    store.list<UnansweredRecord>('unanswered'),
    store.list<CaseRecord>('cases'),
    inboxMarks(store),
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
    ...figures,
    queue: queueFigures(cases.map((d) => d.value).filter((r) => inRange(r.case.createdAt))),
    unanswered: groupQuestions(questions.filter((q) => !marks.has(questionKey(q.query)))),
    marked: groupQuestions(questions.filter((q) => marks.has(questionKey(q.query)))).map((group) => {
      const mark = marks.get(questionKey(group.example))!;
      return { ...group, mark: mark.mark, ...(mark.article ? { article: mark.article } : {}) };
    }),
  };
}

export type EventFigures = Omit<Report, keyof ReportRange | 'now' | 'sessionTimeoutMinutes' | 'queue' | 'unanswered' | 'marked'>;

/** Sessions of one day with the same verdict (one session each when judged here, a group from SQL). */
export interface SessionVerdict {
  day: string;
  verdict: Judgement;
  /** Whether the session searched before its outcome. */
  searched: boolean;
  count: number;
}

/** Counts over the events themselves, not their sessions. */
export interface EventTallies {
  ratings: number[];
  articleEvents: { article: string; route: string; reason?: string; count: number }[];
  /** Turns per route, for the account intents and menu leaves. */
  routeCounts: { route: string; count: number }[];
}

/** The figures that come from events alone, judged here: pure, so the rules are tested as tables. */
export function summarise(events: readonly TurnEvent[], options: ReportOptions): EventFigures {
  const timeoutMs = options.sessionTimeoutMinutes * 60_000;
  const verdicts = sessionsOf(events, timeoutMs).map((session) => ({
    day: session.start.slice(0, 10),
    verdict: judge(session, options.now, timeoutMs),
    searched: session.events.some((e) => e.route.startsWith('search.')),
    count: 1,
  }));
  const articleEvents = events.flatMap((e) => (e.article ? [{ article: e.article, route: e.route, ...(e.reason ? { reason: e.reason } : {}), count: 1 }] : []));
  const routeCounts = events.filter((e) => e.route.startsWith('account.') || e.route === 'menu.leaf').map((e) => ({ route: e.route, count: 1 }));
  const ratings = events.flatMap((e) => (e.route === 'escalation.rate' && e.rating !== undefined ? [e.rating] : []));
  return foldSessions(verdicts, { ratings, articleEvents, routeCounts });
}

/** Adds up judged sessions and event tallies, wherever they were computed (here or in PostgreSQL). */
export function foldSessions(verdicts: readonly SessionVerdict[], tallies: EventTallies): EventFigures {
  const counts = { open: 0, resolved: 0, resolvedConfirmed: 0, resolvedImplied: 0, escalated: 0, escalatedResolved: 0, abandoned: 0, unengaged: 0 };
  const days = new Map<string, DayFigures>();
  let searchesEscalated = 0;
  for (const { day, verdict, searched, count } of verdicts) {
    if (verdict.outcome === 'open') {
      counts.open += count;
      continue;
    }
    counts[verdict.outcome] += count;
    if (verdict.outcome === 'resolved') counts[verdict.how === 'confirmed' ? 'resolvedConfirmed' : 'resolvedImplied'] += count;
    if (verdict.outcome === 'escalated' && verdict.agentResolved) counts.escalatedResolved += count;
    if (verdict.outcome === 'escalated' && searched) searchesEscalated += count;
    const figures = days.get(day) ?? { day, sessions: 0, resolved: 0, escalated: 0, abandoned: 0, unengaged: 0 };
    figures.sessions += count;
    figures[verdict.outcome satisfies Outcome] += count;
    days.set(day, figures);
  }
  const sessions = counts.resolved + counts.escalated + counts.abandoned + counts.unengaged;
  const engaged = sessions - counts.unengaged;
  const intents = new Map<string, number>();
  for (const { route, count } of tallies.routeCounts) {
    if (route.startsWith('account.') && !route.startsWith('account.confirm')) intents.set(route.slice('account.'.length), (intents.get(route.slice('account.'.length)) ?? 0) + count);
  }
  return {
    sessions,
    ...counts,
    deflectionRate: engaged === 0 ? 0 : round(counts.resolved / engaged),
    csat: csatOf(tallies.ratings),
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    articles: articleFigures(tallies.articleEvents),
    menuLeaves: tallies.routeCounts.filter((r) => r.route === 'menu.leaf').reduce((sum, r) => sum + r.count, 0),
    searchesEscalated,
    accountIntents: [...intents].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([intent, count]) => ({ intent, count })),
  };
}

async function eventsOf(store: Pick<Store, 'logs'>, range: ReportRange): Promise<TurnEvent[]> {
  const events: TurnEvent[] = [];
  for (const day of daysBetween(range.from, range.to)) {
    events.push(...(await store.logs.read<TurnEvent>('events', day)));
  }
  return events;
}

function csatOf(given: readonly number[]): Report['csat'] {
  const ratings = given.filter((rating) => Number.isInteger(rating) && rating >= 1 && rating <= 5);
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const rating of ratings) distribution[String(rating) as keyof typeof distribution]++;
  const average = ratings.length === 0 ? null : round(ratings.reduce((a, b) => a + b, 0) / ratings.length);
  return { average, count: ratings.length, distribution };
}

/** Articles by how often they failed (not related + didn't answer), then by answers. */
function articleFigures(tallies: EventTallies['articleEvents']): ArticleFigures[] {
  const figures = new Map<string, ArticleFigures>();
  for (const { article, route, reason, count } of tallies) {
    const found = figures.get(article) ?? { article, answers: 0, helpful: 0, notRelated: 0, notAnswered: 0 };
    figures.set(article, found);
    if (!route.startsWith('feedback.')) found.answers += count;
    else if (route === 'feedback.helpful') found.helpful += count;
    else if (route === 'feedback.reason' && reason === 'not-related') found.notRelated += count;
    else if (route === 'feedback.reason' && reason === 'not-answered') found.notAnswered += count;
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

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
