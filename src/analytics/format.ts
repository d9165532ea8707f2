import type { Report } from './report';

const percent = (part: number, whole: number): string => (whole === 0 ? '-' : `${Math.round((part / whole) * 100)}%`);
const seconds = (value: number | null): string => (value === null ? '-' : `${value} s`);
const noneOr = (lines: string[]): string[] => (lines.length === 0 ? ['  none'] : lines);

/** The report as a terminal reads it: the outcomes, CSAT, the queue, failing articles, menu paths, account intents, the unanswered inbox. */
export function reportText(report: Report): string {
  const { sessions, queue } = report;
  const lines = [
    `Outcomes ${report.from} to ${report.to} (as of ${report.now}; a session ends after ${report.sessionTimeoutMinutes} min without activity)`,
    '',
    `  sessions     ${sessions}${report.open > 0 ? `  (+${report.open} still open)` : ''}`,
    `  resolved     ${report.resolved}  ${percent(report.resolved, sessions)}  (${report.resolvedConfirmed} confirmed, ${report.resolvedImplied} implied)`,
    `  escalated    ${report.escalated}  ${percent(report.escalated, sessions)}  (${report.escalatedResolved} said resolved by the agent; ${report.searchesEscalated} after searching)`,
    `  abandoned    ${report.abandoned}  ${percent(report.abandoned, sessions)}`,
    `  unengaged    ${report.unengaged}  ${percent(report.unengaged, sessions)}`,
    `  deflection   ${Math.round(report.deflectionRate * 100)}% of engaged sessions resolved by the bot alone`,
    `  CSAT         ${report.csat.average ?? '-'} from ${report.csat.count} rating(s)  ${Object.entries(report.csat.distribution).map(([score, n]) => `${score}:${n}`).join(' ')}`,
    '',
    `  queue        ${queue.accepted} accepted; wait ${seconds(queue.averageWaitSeconds)} on average, ${seconds(queue.longestWaitSeconds)} at most; ${queue.cancelled} left the queue`,
    `  first reply  ${seconds(queue.averageFirstResponseSeconds)} on average from joining the queue, in ${queue.answered} case(s)`,
    `  tickets      ${queue.tickets}  (opened at once: ${queue.ticketsOutOfHours} out of hours, ${queue.ticketsNoAgent} with no agent available)`,
    '',
    'Articles (most failing first): answers, helpful, not related, didn\'t answer',
    ...noneOr(report.articles.slice(0, 15).map((a) => `  ${a.article.padEnd(36)} ${a.answers}  ${a.helpful}  ${a.notRelated}  ${a.notAnswered}`)),
    '',
    'Menu paths taken (where walks through the menu ended): walks, path',
    ...noneOr(report.menuPaths.map((p) => `  ${String(p.count).padStart(3)}  ${p.path}`)),
    '',
    'Account intents: asked, refused (role), not found',
    ...noneOr(report.accountIntents.map((i) => `  ${i.intent.padEnd(36)} ${i.asked}  ${i.refused}  ${i.notFound}`)),
    '',
    'Unanswered questions, grouped by meaning: count, example',
    ...noneOr(report.unanswered.slice(0, 20).map((g) => `  ${String(g.count).padStart(3)}  ${g.example}`)),
    '',
  ];
  return lines.join('\n');
}
