import type { Pool } from 'pg';
import { foldFigures, type CaseTallies, type FigureSource, type Figures, type ReportOptions, type ReportRange, type SessionVerdict } from './figures';
import type { Judgement } from './outcomes';

/** The figures computed by PostgreSQL, for a store kept there. */
export function figuresInPostgres(pool: Pool): FigureSource {
  return (range, options) => summariseInPostgres(pool, range, options);
}

/**
 * The figures computed by PostgreSQL: sessions cut with window functions over the range's events
 * (the primary key's id order is time order, so the range is an index scan), judged by the same rules
 * as `judge` in outcomes.ts, and grouped by day and outcome; the other tallies grouped likewise, and the
 * cases' waits summed; only the groups and sums come back. The contract test runs both on one set of
 * events and cases and expects the same figures.
 */
export async function summariseInPostgres(pool: Pool, range: ReportRange, options: ReportOptions): Promise<Figures> {
  const after = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const params = [range.from, after, options.sessionTimeoutMinutes * 60_000, options.now.toISOString()];
  const [sessions, ratings, articles, routes, menuEnds, cases] = await Promise.all([
    pool.query<{ day: string; outcome: string; confirmed: boolean | null; agent_resolved: boolean | null; searched: boolean; n: string }>(SESSIONS, params),
    pool.query<{ rating: number; n: string }>(`${EVENTS} SELECT (v->>'rating')::int AS rating, count(*) AS n FROM e WHERE v->>'route' = 'escalation.rate' AND v ? 'rating' GROUP BY 1`, params.slice(0, 2)),
    pool.query<{ article: string; route: string; reason: string | null; n: string }>(
      `${EVENTS} SELECT v->>'article' AS article, v->>'route' AS route, v->>'reason' AS reason, count(*) AS n FROM e WHERE v ? 'article' GROUP BY 1, 2, 3`,
      params.slice(0, 2),
    ),
    pool.query<{ route: string; refusal: string | null; ticket: string | null; n: string }>(ROUTES, params.slice(0, 2)),
    pool.query<{ node: string; n: string }>(MENU_ENDS, params.slice(0, 3)),
    pool.query<CaseRow>(CASES, [range.from, range.to]),
  ]);
  const verdicts: SessionVerdict[] = sessions.rows.map((row) => ({ day: row.day, verdict: verdictOf(row), searched: row.searched, count: Number(row.n) }));
  return foldFigures(verdicts, {
    ratings: ratings.rows.flatMap((row) => Array<number>(Number(row.n)).fill(row.rating)),
    articleEvents: articles.rows.map((row) => ({ article: row.article, route: row.route, ...(row.reason ? { reason: row.reason } : {}), count: Number(row.n) })),
    routeCounts: routes.rows.map((row) => ({ route: row.route, ...(row.refusal ? { refusal: row.refusal } : {}), ...(row.ticket ? { ticket: row.ticket } : {}), count: Number(row.n) })),
    menuEnds: menuEnds.rows.map((row) => ({ node: row.node, count: Number(row.n) })),
    cases: caseTalliesOf(cases.rows[0]),
  });
}

interface CaseRow {
  accepted: string;
  wait_ms: string;
  longest_wait_ms: string | null;
  answered: string;
  first_response_ms: string;
  tickets: string;
  cancelled: string;
}

function caseTalliesOf(row: CaseRow | undefined): CaseTallies {
  if (!row) throw new Error('PostgreSQL returned no row for the cases\' sums: an aggregate without GROUP BY always returns one.');
  return {
    accepted: Number(row.accepted),
    waitMs: Number(row.wait_ms),
    longestWaitMs: row.longest_wait_ms === null ? null : Number(row.longest_wait_ms),
    answered: Number(row.answered),
    firstResponseMs: Number(row.first_response_ms),
    tickets: Number(row.tickets),
    cancelled: Number(row.cancelled),
  };
}

function verdictOf(row: { outcome: string; confirmed: boolean | null; agent_resolved: boolean | null }): Judgement {
  switch (row.outcome) {
    case 'resolved':
      return { outcome: 'resolved', how: row.confirmed ? 'confirmed' : 'implied' };
    case 'escalated':
      return row.agent_resolved === null ? { outcome: 'escalated' } : { outcome: 'escalated', agentResolved: row.agent_resolved };
    case 'open':
    case 'abandoned':
    case 'unengaged':
      return { outcome: row.outcome };
    default:
      throw new Error(`PostgreSQL judged a session "${row.outcome}", which outcomes.ts does not know: the two sets of rules have drifted apart.`);
  }
}

/** The range's events: from its first day up to the day after its last. */
const EVENTS = `WITH e AS (SELECT value::jsonb AS v FROM log_records WHERE log = 'events' AND day >= $1 AND day < $2)`;

/** Customer turns only (not agents' chats nor proactive deliveries), as `isCustomerEvent` in outcomes.ts. */
const CUSTOMER = `v->>'route' NOT LIKE 'agent.%' AND v->>'route' <> 'proactive'`;

/** The turns `isTallied` in summarise.ts keeps: account asks, menu leaves, tickets opened. */
const ROUTES = `${EVENTS}
SELECT v->>'route' AS route, v->>'refusal' AS refusal, v->>'ticket' AS ticket, count(*) AS n FROM e
WHERE v->>'route' LIKE 'account.%' OR v->>'route' LIKE 'search+account.%' OR v->>'route' = 'menu.leaf' OR v ? 'ticket'
GROUP BY 1, 2, 3`;

/** Menu steps whose next turn in the conversation is not a menu step, or comes after the session timeout (`menuEndsOf`). */
const MENU_ENDS = `${EVENTS},
m AS (
  SELECT v->>'menuNode' AS node,
    lead(v ? 'menuNode') OVER w AS next_is_menu,
    lead((v->>'at')::timestamptz) OVER w - (v->>'at')::timestamptz AS gap
  FROM e WHERE ${CUSTOMER}
  WINDOW w AS (PARTITION BY v->>'conversation' ORDER BY (v->>'at')::timestamptz)
)
SELECT node, count(*) AS n FROM m
WHERE node IS NOT NULL AND (next_is_menu IS NOT TRUE OR gap > $3 * interval '1 millisecond')
GROUP BY 1`;

/**
 * The cases created in the range, as `caseTallies` in summarise.ts: per case the first queued, accepted and
 * agent's line (in the arrays' order), then sums in whole milliseconds.
 */
const CASES = `
WITH c AS (
  SELECT value::jsonb->'case' AS c FROM documents
  WHERE collection = 'cases' AND substr(value::jsonb->'case'->>'createdAt', 1, 10) BETWEEN $1 AND $2
),
r AS (
  SELECT c->>'status' AS status,
    (SELECT (h->>'at')::timestamptz FROM jsonb_array_elements(c->'history') WITH ORDINALITY AS x(h, i) WHERE h->>'status' = 'queued' ORDER BY i LIMIT 1) AS queued,
    (SELECT (h->>'at')::timestamptz FROM jsonb_array_elements(c->'history') WITH ORDINALITY AS x(h, i) WHERE h->>'status' = 'accepted' ORDER BY i LIMIT 1) AS accepted,
    (SELECT (t->>'at')::timestamptz FROM jsonb_array_elements(c->'transcript') WITH ORDINALITY AS y(t, i) WHERE t->>'from' = 'agent' ORDER BY i LIMIT 1) AS answered,
    EXISTS (SELECT 1 FROM jsonb_array_elements(c->'history') AS h WHERE h->>'status' = 'ticket') AS ticket
  FROM c
),
w AS (SELECT *, round(extract(epoch FROM accepted - queued) * 1000) AS wait_ms, round(extract(epoch FROM answered - queued) * 1000) AS response_ms FROM r)
SELECT count(wait_ms) AS accepted, coalesce(sum(wait_ms), 0) AS wait_ms, max(wait_ms) AS longest_wait_ms,
  count(response_ms) AS answered, coalesce(sum(response_ms), 0) AS first_response_ms,
  count(*) FILTER (WHERE ticket) AS tickets, count(*) FILTER (WHERE status = 'cancelled') AS cancelled
FROM w`;

const SESSIONS = `
WITH e AS (SELECT value::jsonb AS v FROM log_records WHERE log = 'events' AND day >= $1 AND day < $2),
c AS (
  SELECT v->>'conversation' AS conv, (v->>'at')::timestamptz AS at, v->>'route' AS route, (v->>'resolved')::boolean AS resolved,
    CASE
      WHEN v->>'route' LIKE 'account.%' AND v ? 'refusal' THEN 'unresolved'
      WHEN v->>'route' IN ('search.answer', 'search.article', 'menu.leaf') OR v->>'route' LIKE 'account.%' OR v->>'route' LIKE 'search+account.%' THEN 'answer'
      WHEN v->>'route' = 'feedback.helpful' THEN 'helpful'
      WHEN v->>'route' IN ('feedback.not-helpful', 'feedback.reason') THEN 'negative'
      WHEN v->>'route' IN ('search.no-match', 'search.none-of-these', 'search.did-you-mean') THEN 'unresolved'
      WHEN v->>'route' LIKE 'escalation.request.%' THEN 'flow'
    END AS state
  FROM e WHERE ${CUSTOMER}
),
g AS (
  SELECT *, CASE WHEN at - lag(at) OVER (PARTITION BY conv ORDER BY at) <= $3 * interval '1 millisecond' THEN 0 ELSE 1 END AS starts FROM c
),
s AS (SELECT *, sum(starts) OVER (PARTITION BY conv ORDER BY at ROWS UNBOUNDED PRECEDING) AS session FROM g),
o AS (SELECT conv, session, min(at) AS opened FROM s WHERE route = 'escalation.confirm' GROUP BY 1, 2),
per AS (
  SELECT s.conv, s.session, min(s.at) AS start, max(s.at) AS finish,
    bool_and(s.route IN ('empty', 'command.start-over', 'teams.not-mentioned')) AS welcome_only,
    max(o.opened) AS opened,
    coalesce(bool_or(s.at > o.opened AND s.route IN ('escalation.relay', 'escalation.end', 'escalation.rate', 'escalation.resolved')), false) AS chatted,
    coalesce(bool_or(s.at > o.opened AND s.route = 'escalation.cancel'), false) AS cancelled,
    (array_agg(s.resolved ORDER BY s.at DESC) FILTER (WHERE s.at > o.opened AND s.route = 'escalation.resolved'))[1] AS agent_resolved,
    (array_agg(s.state ORDER BY s.at DESC) FILTER (WHERE s.state IS NOT NULL))[1] AS last_state,
    bool_or(s.route LIKE 'search.%') AS searched
  FROM s LEFT JOIN o ON o.conv = s.conv AND o.session = s.session
  GROUP BY 1, 2
),
judged AS (
  SELECT to_char(start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, searched, last_state = 'helpful' AS confirmed,
    CASE WHEN opened IS NOT NULL AND NOT (NOT chatted AND cancelled) THEN agent_resolved END AS agent_resolved,
    CASE
      WHEN $4::timestamptz - finish <= $3 * interval '1 millisecond' THEN 'open'
      WHEN welcome_only THEN 'unengaged'
      WHEN opened IS NOT NULL AND NOT chatted AND cancelled THEN 'abandoned'
      WHEN opened IS NOT NULL THEN 'escalated'
      WHEN last_state IN ('helpful', 'answer') THEN 'resolved'
      ELSE 'abandoned'
    END AS outcome
  FROM per
)
SELECT day, outcome, confirmed, agent_resolved, searched, count(*) AS n FROM judged GROUP BY 1, 2, 3, 4, 5`;
