import type { Judgement, Outcome } from './outcomes';

export interface ReportRange {
  /** First and last UTC day, both included (YYYY-MM-DD). */
  from: string;
  to: string;
}

export interface ReportOptions {
  now: Date;
  sessionTimeoutMinutes: number;
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

/** An account intent: how often it was asked, and how often the answer was refused. */
export interface IntentFigures {
  intent: string;
  asked: number;
  /** The viewer's role may not see it (a user asking for billing, say). */
  refused: number;
  /** The question named something the viewer does not have or cannot see. */
  notFound: number;
}

/** Where walks through the Get Help menu ended, by node (the report names it by its path). */
export interface MenuEnd {
  node: string;
  count: number;
}

/** The cases opened in the range, as the people waiting for an agent lived them. */
export interface QueueFigures {
  /** Cases an agent accepted. */
  accepted: number;
  /** From joining the queue to an agent's Accept. */
  averageWaitSeconds: number | null;
  longestWaitSeconds: number | null;
  /** Cases in which an agent wrote to the user. */
  answered: number;
  /** From joining the queue to the agent's first message to the user. */
  averageFirstResponseSeconds: number | null;
  /** Cases that became tickets: at once (the two below) or when the user chose one after waiting. */
  tickets: number;
  /** Tickets opened at once because support was closed. */
  ticketsOutOfHours: number;
  /** Tickets opened at once, in support hours, because no agent was available. */
  ticketsNoAgent: number;
  /** Cases the user left while waiting. */
  cancelled: number;
}

/** Everything a report counts from the stored events and cases (the inbox comes from the content log). */
export interface Figures {
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
  /** Most taken first. */
  menuEnds: MenuEnd[];
  /** Sessions whose searches ended in an escalation. */
  searchesEscalated: number;
  accountIntents: IntentFigures[];
  queue: QueueFigures;
}

/**
 * Computes a range's figures from the stored events and cases. The composition root picks one: in this
 * process over the range's documents, or in PostgreSQL, so only the results cross the network.
 */
export type FigureSource = (range: ReportRange, options: ReportOptions) => Promise<Figures>;

/** Sessions of one day with the same verdict (one session each when judged here, a group from SQL). */
export interface SessionVerdict {
  day: string;
  verdict: Judgement;
  /** Whether the session searched before its outcome. */
  searched: boolean;
  count: number;
}

/** Counts over the events themselves, not their sessions, and over the range's cases. */
export interface Tallies {
  ratings: number[];
  articleEvents: { article: string; route: string; reason?: string; count: number }[];
  /** Turns that asked for an account intent, showed a menu leaf or opened a ticket, by route and notes. */
  routeCounts: { route: string; refusal?: string; ticket?: string; count: number }[];
  menuEnds: MenuEnd[];
  cases: CaseTallies;
}

/** Sums rather than averages, so the database and this process add up exactly the same milliseconds. */
export interface CaseTallies {
  accepted: number;
  waitMs: number;
  longestWaitMs: number | null;
  answered: number;
  firstResponseMs: number;
  tickets: number;
  cancelled: number;
}

/**
 * The account intent a turn asked for, from its route: `account.<intent>`, a visitor's
 * `account.<intent>.visitor`, or `search+account.<intent>` (an article with the asker's own answer under
 * it). Confirmations (`account.confirm.yes`) answer an earlier ask and are not asks themselves.
 */
export function askedIntent(route: string): string | undefined {
  const intent = /^(?:search\+)?account\.([^.]+)(?:\.visitor)?$/.exec(route)?.[1];
  return intent === 'confirm' ? undefined : intent;
}

/** Adds up judged sessions and tallies, wherever they were computed (here or in PostgreSQL). */
export function foldFigures(verdicts: readonly SessionVerdict[], tallies: Tallies): Figures {
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
  return {
    sessions,
    ...counts,
    deflectionRate: engaged === 0 ? 0 : round(counts.resolved / engaged),
    csat: csatOf(tallies.ratings),
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    articles: articleFigures(tallies.articleEvents),
    menuLeaves: tallies.routeCounts.filter((r) => r.route === 'menu.leaf').reduce((sum, r) => sum + r.count, 0),
    menuEnds: [...tallies.menuEnds].sort((a, b) => b.count - a.count || a.node.localeCompare(b.node)),
    searchesEscalated,
    accountIntents: intentFigures(tallies.routeCounts),
    queue: queueFigures(tallies),
  };
}

function csatOf(given: readonly number[]): Figures['csat'] {
  const ratings = given.filter((rating) => Number.isInteger(rating) && rating >= 1 && rating <= 5);
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const rating of ratings) distribution[String(rating) as keyof typeof distribution]++;
  const average = ratings.length === 0 ? null : round(ratings.reduce((a, b) => a + b, 0) / ratings.length);
  return { average, count: ratings.length, distribution };
}

/** Articles by how often they failed (not related + didn't answer), then by answers. */
function articleFigures(tallies: Tallies['articleEvents']): ArticleFigures[] {
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

/** Most asked first. */
function intentFigures(routeCounts: Tallies['routeCounts']): IntentFigures[] {
  const intents = new Map<string, IntentFigures>();
  for (const { route, refusal, count } of routeCounts) {
    const intent = askedIntent(route);
    if (!intent) continue;
    const figures = intents.get(intent) ?? { intent, asked: 0, refused: 0, notFound: 0 };
    intents.set(intent, figures);
    figures.asked += count;
    if (refusal === 'role') figures.refused += count;
    if (refusal === 'not-found') figures.notFound += count;
  }
  return [...intents.values()].sort((a, b) => b.asked - a.asked || a.intent.localeCompare(b.intent));
}

function queueFigures({ cases, routeCounts }: Tallies): QueueFigures {
  const ticketsOpened = (why: string): number => routeCounts.filter((r) => r.ticket === why).reduce((sum, r) => sum + r.count, 0);
  const seconds = (ms: number, n: number): number | null => (n === 0 ? null : Math.round(ms / n / 1000));
  return {
    accepted: cases.accepted,
    averageWaitSeconds: seconds(cases.waitMs, cases.accepted),
    longestWaitSeconds: cases.longestWaitMs === null ? null : Math.round(cases.longestWaitMs / 1000),
    answered: cases.answered,
    averageFirstResponseSeconds: seconds(cases.firstResponseMs, cases.answered),
    tickets: cases.tickets,
    ticketsOutOfHours: ticketsOpened('out-of-hours'),
    ticketsNoAgent: ticketsOpened('no-agent'),
    cancelled: cases.cancelled,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
