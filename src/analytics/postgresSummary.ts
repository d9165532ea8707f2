import type { Pool } from 'pg';
import type { Judgement } from './outcomes';
import { foldSessions, type EventFigures, type ReportOptions, type SessionVerdict } from './report';
import type { ReportRange } from './report';

/**
 * The event figures computed by PostgreSQL: sessions cut with window functions over the range's events
 * (the primary key's id order is time order, so the range is an index scan), judged by the same rules
 * as `judge` in outcomes.ts, and grouped by day and outcome; only the groups come back. The contract
 * test runs both on one set of events and expects the same figures.
 */
export async function summariseInPostgres(pool: Pool, range: ReportRange, options: ReportOptions): Promise<EventFigures> {
  const after = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const params = [range.from, after, options.sessionTimeoutMinutes * 60_000, options.now.toISOString()];
  const [sessions, ratings, articles, intents] = await Promise.all([
    pool.query<{ day: string; outcome: string; confirmed: boolean | null; agent_resolved: boolean | null; searched: boolean; n: string }>(SESSIONS, params),
    pool.query<{ rating: number; n: string }>(`${EVENTS} SELECT (v->>'rating')::int AS rating, count(*) AS n FROM e WHERE v->>'route' = 'escalation.rate' AND v ? 'rating' GROUP BY 1`, params.slice(0, 2)),
    pool.query<{ article: string; route: string; reason: string | null; n: string }>(
      `${EVENTS} SELECT v->>'article' AS article, v->>'route' AS route, v->>'reason' AS reason, count(*) AS n FROM e WHERE v ? 'article' GROUP BY 1, 2, 3`,
      params.slice(0, 2),
    ),
    pool.query<{ route: string; n: string }>(`${EVENTS} SELECT v->>'route' AS route, count(*) AS n FROM e WHERE v->>'route' LIKE 'account.%' OR v->>'route' = 'menu.leaf' GROUP BY 1`, params.slice(0, 2)),
  ]);
  const verdicts: SessionVerdict[] = sessions.rows.map((row) => ({ day: row.day, verdict: verdictOf(row), searched: row.searched, count: Number(row.n) }));
  return foldSessions(verdicts, {
    ratings: ratings.rows.flatMap((row) => Array<number>(Number(row.n)).fill(row.rating)),
    articleEvents: articles.rows.map((row) => ({ article: row.article, route: row.route, ...(row.reason ? { reason: row.reason } : {}), count: Number(row.n) })),
    routeCounts: intents.rows.map((row) => ({ route: row.route, count: Number(row.n) })),
  });
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

/** The range's events: ids start with the event's ISO time, so `id` between two days is the range. */
const EVENTS = `WITH e AS (SELECT value::jsonb AS v FROM log_records WHERE log = 'events' AND id >= $1 AND id < $2)`;

const SESSIONS = `
WITH e AS (SELECT value::jsonb AS v FROM log_records WHERE log = 'events' AND id >= $1 AND id < $2),
c AS (
  SELECT v->>'conversation' AS conv, (v->>'at')::timestamptz AS at, v->>'route' AS route, (v->>'resolved')::boolean AS resolved,
    CASE
      WHEN v->>'route' IN ('search.answer', 'search.article', 'menu.leaf') OR v->>'route' LIKE 'account.%' OR v->>'route' LIKE 'search+account.%' THEN 'answer'
      WHEN v->>'route' = 'feedback.helpful' THEN 'helpful'
      WHEN v->>'route' IN ('feedback.not-helpful', 'feedback.reason') THEN 'negative'
      WHEN v->>'route' IN ('search.no-match', 'search.none-of-these', 'search.did-you-mean') THEN 'unresolved'
      WHEN v->>'route' LIKE 'escalation.request.%' THEN 'flow'
    END AS state
  FROM e WHERE v->>'route' NOT LIKE 'agent.%' AND v->>'route' <> 'proactive'
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
