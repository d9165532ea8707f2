import type { Report } from './report';

export const csvTables = ['days', 'articles', 'unanswered'] as const;
export type CsvTable = (typeof csvTables)[number];

/** One table of the report as CSV (RFC 4180 quoting; cells that a spreadsheet would run as formulas are defused). */
export function reportCsv(report: Report, table: CsvTable): string {
  const rows: (string | number)[][] =
    table === 'days'
      ? [['day', 'sessions', 'resolved', 'escalated', 'abandoned', 'unengaged'], ...report.days.map((d) => [d.day, d.sessions, d.resolved, d.escalated, d.abandoned, d.unengaged])]
      : table === 'articles'
        ? [['article', 'answers', 'helpful', 'not_related', 'not_answered'], ...report.articles.map((a) => [a.article, a.answers, a.helpful, a.notRelated, a.notAnswered])]
        : [['count', 'example', 'terms', 'examples'], ...report.unanswered.map((g) => [g.count, g.example, g.terms.join(' '), g.examples.join(' | ')])];
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
