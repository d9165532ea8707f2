import type { CaseRecord } from '../escalation/caseStore';
import type { DocumentStore, Store } from '../storage/ports';
import { daysBetween, type TurnEvent } from './events';
import { foldFigures, type CaseTallies, type FigureSource, type Figures, type MenuEnd, type ReportOptions, type ReportRange } from './figures';
import { judge, sessionsOf, type Session } from './outcomes';

/**
 * The figures computed in this process: the range's events read day by day from the events log, and
 * its cases. The same rules as postgresSummary.ts writes in SQL, folded by the same `foldFigures`.
 */
export function figuresInProcess(store: DocumentStore & Pick<Store, 'logs'>): FigureSource {
  return async (range, options) => {
    const [events, cases] = await Promise.all([eventsOf(store, range), store.list<CaseRecord>('cases')]);
    const inRange = (at: string): boolean => at.slice(0, 10) >= range.from && at.slice(0, 10) <= range.to;
    return summarise(events, cases.map((d) => d.value).filter((r) => inRange(r.case.createdAt)), options);
  };
}

/** The figures of the given events and cases, judged here: pure, so the rules are tested as tables. */
export function summarise(events: readonly TurnEvent[], cases: readonly CaseRecord[], options: ReportOptions): Figures {
  const timeoutMs = options.sessionTimeoutMinutes * 60_000;
  const sessions = sessionsOf(events, timeoutMs);
  const verdicts = sessions.map((session) => ({
    day: session.start.slice(0, 10),
    verdict: judge(session, options.now, timeoutMs),
    searched: session.events.some((e) => e.route.startsWith('search.')),
    count: 1,
  }));
  const articleEvents = events.flatMap((e) => (e.article ? [{ article: e.article, route: e.route, ...(e.reason ? { reason: e.reason } : {}), count: 1 }] : []));
  const routeCounts = events.filter(isTallied).map((e) => ({ route: e.route, ...(e.refusal ? { refusal: e.refusal } : {}), ...(e.ticket ? { ticket: e.ticket } : {}), count: 1 }));
  const ratings = events.flatMap((e) => (e.route === 'escalation.rate' && e.rating !== undefined ? [e.rating] : []));
  return foldFigures(verdicts, { ratings, articleEvents, routeCounts, menuEnds: menuEndsOf(sessions), cases: caseTallies(cases) });
}

/** The turns `routeCounts` holds; postgresSummary.ts selects the same ones. */
function isTallied(event: TurnEvent): boolean {
  return event.route.startsWith('account.') || event.route.startsWith('search+account.') || event.route === 'menu.leaf' || event.ticket !== undefined;
}

/**
 * A walk through the menu is a run of turns that each showed a menu node (down, Back, Home); it ends at the
 * node shown last before the person did something else (read on, typed a question, asked for an agent) or
 * the session ended. Where it ended says which path they took.
 */
function menuEndsOf(sessions: readonly Session[]): MenuEnd[] {
  const ends = new Map<string, number>();
  for (const { events } of sessions) {
    events.forEach((event, index) => {
      if (event.menuNode && events[index + 1]?.menuNode === undefined) ends.set(event.menuNode, (ends.get(event.menuNode) ?? 0) + 1);
    });
  }
  return [...ends].map(([node, count]) => ({ node, count }));
}

/** Per case: the first time it joined the queue, was accepted, and heard from its agent. */
export function caseTallies(records: readonly CaseRecord[]): CaseTallies {
  const tallies: CaseTallies = { accepted: 0, waitMs: 0, longestWaitMs: null, answered: 0, firstResponseMs: 0, tickets: 0, cancelled: 0 };
  for (const { case: c } of records) {
    const queued = c.history.find((change) => change.status === 'queued');
    const accepted = c.history.find((change) => change.status === 'accepted');
    const firstAnswer = c.transcript.find((entry) => entry.from === 'agent');
    if (queued && accepted) {
      const wait = Date.parse(accepted.at) - Date.parse(queued.at);
      tallies.accepted++;
      tallies.waitMs += wait;
      tallies.longestWaitMs = Math.max(tallies.longestWaitMs ?? 0, wait);
    }
    if (queued && firstAnswer) {
      tallies.answered++;
      tallies.firstResponseMs += Date.parse(firstAnswer.at) - Date.parse(queued.at);
    }
    if (c.history.some((change) => change.status === 'ticket')) tallies.tickets++;
    if (c.status === 'cancelled') tallies.cancelled++;
  }
  return tallies;
}

async function eventsOf(store: Pick<Store, 'logs'>, range: ReportRange): Promise<TurnEvent[]> {
  const events: TurnEvent[] = [];
  for (const day of daysBetween(range.from, range.to)) events.push(...(await store.logs.read<TurnEvent>('events', day)));
  return events;
}
