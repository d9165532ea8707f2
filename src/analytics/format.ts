import type { Report } from './report';

const percent = (part: number, whole: number): string => (whole === 0 ? '-' : `${Math.round((part / whole) * 100)}%`);

/** The report as a terminal reads it: the outcomes, CSAT, failing articles, the unanswered inbox. */
export function reportText(report: Report): string {
  const { sessions } = report;
  const lines = [
    `Outcomes ${report.from} to ${report.to} (as of ${report.now}; a session ends after ${report.sessionTimeoutMinutes} min without activity)`,
    '',
    `  sessions     ${sessions}${report.open > 0 ? `  (+${report.open} still open)` : ''}`,
    `  resolved     ${report.resolved}  ${percent(report.resolved, sessions)}  (${report.resolvedConfirmed} confirmed, ${report.resolvedImplied} implied)`,
    `  escalated    ${report.escalated}  ${percent(report.escalated, sessions)}  (${report.escalatedResolved} said resolved by the agent)`,
    `  abandoned    ${report.abandoned}  ${percent(report.abandoned, sessions)}`,
    `  unengaged    ${report.unengaged}  ${percent(report.unengaged, sessions)}`,
    `  deflection   ${Math.round(report.deflectionRate * 100)}% of engaged sessions resolved by the bot alone`,
    `  CSAT         ${report.csat.average ?? '-'} from ${report.csat.count} rating(s)  ${Object.entries(report.csat.distribution).map(([score, n]) => `${score}:${n}`).join(' ')}`,
    `  queue        ${report.queue.accepted} accepted, average wait ${report.queue.averageWaitSeconds ?? '-'} s; ${report.queue.tickets} ticket(s); ${report.queue.cancelled} left the queue`,
    '',
    'Articles (most failing first): answers, helpful, not related, didn\'t answer',
    ...(report.articles.length === 0 ? ['  none'] : report.articles.slice(0, 15).map((a) => `  ${a.article.padEnd(36)} ${a.answers}  ${a.helpful}  ${a.notRelated}  ${a.notAnswered}`)),
    '',
    'Unanswered questions, grouped by meaning: count, example',
    ...(report.unanswered.length === 0 ? ['  none'] : report.unanswered.slice(0, 20).map((g) => `  ${String(g.count).padStart(3)}  ${g.example}`)),
    '',
  ];
  return lines.join('\n');
}
