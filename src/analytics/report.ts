import type { FeedbackRecord, UnansweredRecord } from '../storage/contentLog';
import type { DocumentStore } from '../storage/ports';
import type { FigureSource, Figures, ReportOptions, ReportRange } from './figures';
import { inboxMarks, questionKey } from './inboxMarks';
import { groupQuestions, type InboxGroup, type InboxQuestion } from './inbox';

export type { ArticleFigures, DayFigures, IntentFigures, QueueFigures, ReportOptions, ReportRange } from './figures';

/** How many menu paths a report lists, most taken first. */
export const TOP_MENU_PATHS = 20;

/** A path through the Get Help menu and how many walks ended there. */
export interface MenuPathFigures {
  /** "Get Help > Post-purchase support > Subscription management". */
  path: string;
  node: string;
  count: number;
}

/** Everything the page and `npm run report` show, for one range, judged as of `now`. */
export interface Report extends ReportRange, Omit<Figures, 'menuEnds'> {
  now: string;
  sessionTimeoutMinutes: number;
  /** The most taken first, at most TOP_MENU_PATHS. */
  menuPaths: MenuPathFigures[];
  unanswered: InboxGroup[];
  /** Groups an author marked, with the mark: they leave the open inbox until asked in a new wording. */
  marked: (InboxGroup & { mark: 'covered' | 'out-of-scope'; article?: string })[];
}

/** What a report reads: the store (content log, inbox marks), where its figures are computed, the menu tree. */
export interface ReportSources {
  store: DocumentStore;
  figures: FigureSource;
  /** A menu node's path as people saw it; a node no longer in the tree keeps its id. */
  menuPath(node: string): string;
}

/** The report: the figures from their source, the menu paths named, and the unanswered inbox from the content log. */
export async function buildReport(sources: ReportSources, range: ReportRange, options: ReportOptions): Promise<Report> {
  const { store } = sources;
  const inRange = (at: string): boolean => at.slice(0, 10) >= range.from && at.slice(0, 10) <= range.to;
  const [{ menuEnds, ...figures }, feedback, unanswered, marks] = await Promise.all([
    sources.figures(range, options),
    store.list<FeedbackRecord>('feedback'),
    store.list<UnansweredRecord>('unanswered'),
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
    menuPaths: menuEnds
      .map(({ node, count }) => ({ path: sources.menuPath(node) || node, node, count }))
      .sort((a, b) => b.count - a.count || a.path.localeCompare(b.path))
      .slice(0, TOP_MENU_PATHS),
    unanswered: groupQuestions(questions.filter((q) => !marks.has(questionKey(q.query)))),
    marked: groupQuestions(questions.filter((q) => marks.has(questionKey(q.query)))).map((group) => {
      const mark = marks.get(questionKey(group.example))!;
      return { ...group, mark: mark.mark, ...(mark.article ? { article: mark.article } : {}) };
    }),
  };
}
