import type { Report } from './report';

export const csvTables = ['days', 'articles', 'menu-paths', 'account-intents', 'unanswered'] as const;
export type CsvTable = (typeof csvTables)[number];

type Row = (string | number)[];

const tables: { [T in CsvTable]: (report: Report) => Row[] } = {
  days: (report) => [['day', 'sessions', 'resolved', 'escalated', 'abandoned', 'unengaged'], ...report.days.map((d) => [d.day, d.sessions, d.resolved, d.escalated, d.abandoned, d.unengaged])],
  articles: (report) => [['article', 'answers', 'helpful', 'not_related', 'not_answered'], ...report.articles.map((a) => [a.article, a.answers, a.helpful, a.notRelated, a.notAnswered])],
  'menu-paths': (report) => [['path', 'node', 'walks'], ...report.menuPaths.map((p) => [p.path, p.node, p.count])],
  'account-intents': (report) => [['intent', 'asked', 'refused', 'not_found'], ...report.accountIntents.map((i) => [i.intent, i.asked, i.refused, i.notFound])],
  unanswered: (report) => [['count', 'example', 'terms', 'examples'], ...report.unanswered.map((g) => [g.count, g.example, g.terms.join(' '), g.examples.join(' | ')])],
};

/** One table of the report as CSV (RFC 4180 quoting; cells that a spreadsheet would run as formulas are defused). */
export function reportCsv(report: Report, table: CsvTable): string {
  return tables[table](report).map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
