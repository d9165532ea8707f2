import type { TurnEvent } from './events';

/**
 * Session outcomes, the usual definitions (Copilot Studio, Zendesk answer bot):
 * - resolved: the user said an answer helped, or the session ended after an answer with no escalation and
 *   no negative feedback after it (implied);
 * - escalated: a case or ticket was opened and not left; "resolved after an agent chat" is counted here, as
 *   `agentResolved`, so the deflection rate (resolved by the bot alone) is not inflated by agents' work;
 * - abandoned: the user left during a flow, in the queue, after a failed search, a refused account answer or
 *   negative feedback;
 * - unengaged: nothing but the welcome.
 */
export type Outcome = 'resolved' | 'escalated' | 'abandoned' | 'unengaged';

export interface Session {
  conversation: string;
  start: string;
  end: string;
  events: TurnEvent[];
}

export type Judgement =
  | { outcome: 'open' }
  | { outcome: 'resolved'; how: 'confirmed' | 'implied' }
  | { outcome: 'escalated'; agentResolved?: boolean }
  | { outcome: 'abandoned' | 'unengaged' };

/** Routes that show the welcome and nothing else. */
const WELCOME = new Set(['empty', 'command.start-over', 'teams.not-mentioned']);
const ANSWERS = new Set(['search.answer', 'search.article', 'menu.leaf']);
const NEGATIVE = new Set(['feedback.not-helpful', 'feedback.reason']);
const UNRESOLVED = new Set(['search.no-match', 'search.none-of-these', 'search.did-you-mean']);

/** Turns of agents and proactive deliveries are not customer sessions. */
export function isCustomerEvent(event: TurnEvent): boolean {
  return !event.route.startsWith('agent.') && event.route !== 'proactive';
}

/** Cuts each conversation's events into sessions at every gap longer than `timeoutMs`. */
export function sessionsOf(events: readonly TurnEvent[], timeoutMs: number): Session[] {
  const byConversation = new Map<string, TurnEvent[]>();
  for (const event of events) {
    if (!isCustomerEvent(event)) continue;
    const list = byConversation.get(event.conversation) ?? [];
    list.push(event);
    byConversation.set(event.conversation, list);
  }
  const sessions: Session[] = [];
  for (const [conversation, list] of byConversation) {
    list.sort((a, b) => a.at.localeCompare(b.at));
    let current: TurnEvent[] = [];
    for (const event of list) {
      const last = current.at(-1);
      if (last && Date.parse(event.at) - Date.parse(last.at) > timeoutMs) {
        sessions.push(session(conversation, current));
        current = [];
      }
      current.push(event);
    }
    if (current.length > 0) sessions.push(session(conversation, current));
  }
  return sessions.sort((a, b) => a.start.localeCompare(b.start));
}

function session(conversation: string, events: TurnEvent[]): Session {
  return { conversation, start: events[0]!.at, end: events.at(-1)!.at, events };
}

/** A session's outcome as of `now`; one still inside its timeout is open. */
export function judge(session: Session, now: Date, timeoutMs: number): Judgement {
  if (now.getTime() - Date.parse(session.end) <= timeoutMs) return { outcome: 'open' };
  const events = session.events;
  if (events.every((event) => WELCOME.has(event.route))) return { outcome: 'unengaged' };
  const opened = events.findIndex((event) => event.route === 'escalation.confirm');
  if (opened >= 0) return judgeEscalation(events.slice(opened + 1));
  let state: 'none' | 'answer' | 'helpful' | 'negative' | 'unresolved' | 'flow' = 'none';
  for (const { route, refusal } of events) {
    // A refused account answer says who can help, not the answer: the session is not resolved by it.
    if (route.startsWith('account.') && refusal) state = 'unresolved';
    else if (ANSWERS.has(route) || route.startsWith('account.') || route.startsWith('search+account.')) state = 'answer';
    else if (route === 'feedback.helpful') state = 'helpful';
    else if (NEGATIVE.has(route)) state = 'negative';
    else if (UNRESOLVED.has(route)) state = 'unresolved';
    else if (route.startsWith('escalation.request.')) state = 'flow';
  }
  if (state === 'helpful') return { outcome: 'resolved', how: 'confirmed' };
  if (state === 'answer') return { outcome: 'resolved', how: 'implied' };
  return { outcome: 'abandoned' };
}

function judgeEscalation(after: TurnEvent[]): Judgement {
  const said = after.filter((event) => event.route === 'escalation.resolved').at(-1);
  const chatted = after.some((event) => event.route === 'escalation.relay' || event.route === 'escalation.end' || event.route === 'escalation.rate' || said);
  if (!chatted && after.some((event) => event.route === 'escalation.cancel')) return { outcome: 'abandoned' };
  return said?.resolved === undefined ? { outcome: 'escalated' } : { outcome: 'escalated', agentResolved: said.resolved };
}
