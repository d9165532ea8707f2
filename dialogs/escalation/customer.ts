import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Clock } from '../../src/clock';
import { identityOf } from '../../src/bot/identity';
import type { Notifier } from '../../src/bot/notifier';
import { wasRedacted } from '../../src/bot/redaction';
import { isClosed, isWaiting, parseUserEscalationIntent, requestTopic } from '../../src/domain/escalation';
import type { CaseRecord, EscalationDesk, Moved, Refusal } from '../../src/escalation';
import { parseGlobalCommand } from '../commands';
import { MAX_TEXT_LENGTH } from '../mainDialog';
import { emptyMemory } from '../memory';
import { parseSubmission, type SubmissionOf } from '../submissions';
import { displayName, type Turn } from '../turn';
import { parseCustomerSubmission, type CustomerSubmission } from './actions';
import { handoffInitiation } from './handoff';
import { escalationMemoryOf, rememberUserLine, setCurrentCase } from './memory';
import { caseRequestOf, caseUserIdOf, requestSummaryOf } from './request';
import type { CustomerViews } from './views';

export interface CustomerRouteServices {
  desk: EscalationDesk;
  notifier: Notifier;
  views: CustomerViews;
  clock: Clock;
}

/** The user's side: asking for a person, the queue, the live chat (where the bot stays out of the way), rating. */
export class CustomerRoutes {
  constructor(private readonly s: CustomerRouteServices) {}

  /** Runs first on every customer turn: the card warning, and a live chat taking the conversation over. */
  async intercept(turn: Turn): Promise<boolean> {
    const { context, memory } = turn;
    if (wasRedacted(context) && !memory.cardWarningGiven) {
      memory.cardWarningGiven = true;
      await turn.send(this.s.views.cardWarning());
    }
    const text = messageText(context);
    const state = escalationMemoryOf(memory);
    if (state.caseId) {
      const record = await this.s.desk.get(state.caseId, turn.unit);
      if (!record || isClosed(record.case)) setCurrentCase(memory, undefined);
      else if (await this.duringCase(turn, record, text)) return true;
    }
    if (text) rememberUserLine(memory, text, this.s.clock.now());
    return false;
  }

  async text(turn: Turn, text: string): Promise<boolean> {
    if (parseUserEscalationIntent(text) !== 'request-agent') return false;
    const topic = requestTopic(text);
    const state = escalationMemoryOf(turn.memory);
    if (topic) state.topic = topic;
    else delete state.topic;
    return this.requestAgent(turn, 'text');
  }

  /** Shows what will be sent and lets the user add a line; says it will be a ticket when no agent can chat. */
  async requestAgent(turn: Turn, reason: 'button' | 'text' | 'offer'): Promise<boolean> {
    const current = await this.currentCase(turn);
    if (current && isWaiting(current.case)) {
      turn.route('escalation.already-waiting');
      const place = await this.s.desk.placeOf(current.case.id);
      if (place) await turn.send(this.s.views.alreadyWaiting(place));
      return true;
    }
    const reach = await this.s.desk.reachability();
    const identity = identityOf(turn.context);
    const email = identity.kind === 'customer' ? identity.user.email : undefined;
    const state = escalationMemoryOf(turn.memory);
    if (reason !== 'text') delete state.topic;
    state.pendingRequest = randomUUID();
    turn.route(`escalation.request.${reason}`);
    await turn.send(
      this.s.views.confirm({
        ...requestSummaryOf(turn.memory, turn.services.menu),
        token: state.pendingRequest,
        ...(reach.live ? {} : { ticket: { ...(reach.opening ? { opening: reach.opening } : {}), ...(email ? { email } : {}) } }),
        offer: reason === 'offer',
      }),
    );
    return true;
  }

  /** After two failed searches in a row, the bot offers a person by itself. */
  async afterFailedSearch(turn: Turn): Promise<void> {
    if (turn.memory.failedSearches === 2) await this.requestAgent(turn, 'offer');
  }

  async submission(turn: Turn, submission: SubmissionOf<'escalation'>): Promise<boolean> {
    const action = parseCustomerSubmission(submission);
    if (!action) return false;
    turn.route(`escalation.${action.action}`);
    await this.act(turn, action);
    return true;
  }

  private async act(turn: Turn, action: CustomerSubmission): Promise<void> {
    const { desk, views } = this.s;
    const userId = this.userId(turn);
    switch (action.action) {
      case 'confirm':
        return this.open(turn, action.text?.trim(), action.token);
      case 'dismiss':
        return turn.send(views.dismissed());
      case 'cancel':
        return this.reply(turn, await desk.cancel(turn.unit, action.caseId, userId), () => views.cancelled(action.caseId), true);
      case 'ticket':
        return this.reply(turn, await desk.toTicket(turn.unit, action.caseId, userId), (r) => views.ticket(r.case.id, emailOf(r)), true);
      case 'wait': {
        const moved = await desk.keepWaiting(turn.unit, action.caseId, userId);
        const place = moved.ok ? await desk.placeOf(action.caseId) : undefined;
        return turn.send(place ? views.alreadyWaiting(place) : views.stale());
      }
      case 'end': {
        const moved = await desk.endByUser(turn.unit, action.caseId, userId);
        if (moved.ok) setCurrentCase(turn.memory, undefined);
        return turn.send(...(moved.ok ? views.ended(action.caseId, 'you') : [views.stale()]));
      }
      case 'resolved':
        return this.reply(turn, await desk.rate(turn.unit, action.caseId, userId, { resolved: action.text === 'yes' }), () => views.rating(action.caseId));
      case 'rate':
        return this.reply(turn, await desk.rate(turn.unit, action.caseId, userId, { rating: Number(action.text) }), (r) => views.thanks(r.case.resolution.resolved));
      case 'email': {
        const email = z.email().safeParse(action.text?.trim());
        if (!email.success) return turn.send(views.emailInvalid(action.caseId, action.text?.trim() ?? ''));
        return this.reply(turn, await desk.setEmail(turn.unit, action.caseId, userId, email.data), () => views.emailSaved(action.caseId, email.data));
      }
    }
  }

  private async open(turn: Turn, note: string | undefined, token: string | undefined): Promise<void> {
    const current = await this.currentCase(turn);
    if (current && !isClosed(current.case)) {
      await this.requestAgent(turn, 'button');
      return;
    }
    const state = escalationMemoryOf(turn.memory);
    if (token !== undefined && token !== state.pendingRequest && state.lastCaseId) {
      turn.route('escalation.already-sent');
      await turn.send(this.s.views.alreadySent(state.lastCaseId));
      return;
    }
    const { desk, notifier, views } = this.s;
    const conversationKey = await notifier.remember(turn.context, turn.unit);
    const request = caseRequestOf({
      identity: identityOf(turn.context),
      activity: turn.context.activity,
      conversationKey,
      memory: turn.memory,
      menu: turn.services.menu,
      ...(note ? { note } : {}),
    });
    const opened = await desk.open(turn.unit, request);
    const caseId = opened.record.case.id;
    delete state.pendingRequest;
    delete state.topic;
    state.lastCaseId = caseId;
    if (opened.kind === 'ticket') {
      turn.note({ ticket: opened.why });
      await turn.send(views.ticket(caseId, { ...(opened.opening ? { opening: opened.opening } : {}), ...emailOf(opened.record) }));
      return;
    }
    setCurrentCase(turn.memory, caseId);
    if (opened.kind === 'queued') {
      await turn.send(views.queued(opened.place));
      return;
    }
    await turn.send(views.handoffStarted(caseId), handoffInitiation(turn.context, opened.record, this.s.clock.now()));
  }

  /** A waiting user may leave the queue by typing; a user in a live chat talks to the agent. */
  private async duringCase(turn: Turn, record: CaseRecord, text: string): Promise<boolean> {
    if (record.case.status === 'accepted') return this.inLiveChat(turn, record, text);
    if (!isWaiting(record.case) || !text) return false;
    const command = parseGlobalCommand(text);
    if (command === 'start-over') {
      // The conversation starts over with the bot; the user keeps their place in the queue.
      turn.route('command.start-over');
      Object.assign(turn.memory, emptyMemory());
      setCurrentCase(turn.memory, record.case.id);
      await turn.send(turn.services.replies.welcome(displayName(turn)));
      return true;
    }
    if (command === 'cancel' || parseUserEscalationIntent(text) === 'end-chat') {
      turn.route('escalation.cancel');
      const moved = await this.s.desk.cancel(turn.unit, record.case.id, record.case.user.id);
      if (moved.ok) setCurrentCase(turn.memory, undefined);
      await turn.send(moved.ok ? this.s.views.cancelled(record.case.id) : this.s.views.stale());
      return true;
    }
    await this.s.desk.noteWhileWaiting(turn.unit, record.case.id, record.case.user.name, text);
    return false;
  }

  private async inLiveChat(turn: Turn, record: CaseRecord, text: string): Promise<boolean> {
    const { context } = turn;
    const caseId = record.case.id;
    await this.s.notifier.remember(context, turn.unit);
    if (context.activity.value !== undefined && context.activity.value !== null) {
      if (parseSubmission(context.activity.value)?.verb === 'escalation') return false;
      turn.route('escalation.live-button');
      await turn.send(this.s.views.inLiveChat(caseId, record.case.agent?.name ?? 'the agent'));
      return true;
    }
    if (!text) return true;
    if (record.handoff === 'agents' && parseUserEscalationIntent(text) === 'end-chat') {
      turn.route('escalation.end');
      const moved = await this.s.desk.endByUser(turn.unit, caseId, record.case.user.id);
      if (moved.ok) setCurrentCase(turn.memory, undefined);
      await turn.send(...(moved.ok ? this.s.views.ended(caseId, 'you') : [this.s.views.stale()]));
      return true;
    }
    turn.route('escalation.relay');
    if (!(await this.s.desk.relayFromUser(turn.unit, caseId, text))) await turn.send(this.s.views.notDelivered());
    return true;
  }

  private async reply(turn: Turn, outcome: Moved | Refusal, then: (record: CaseRecord) => Parameters<Turn['send']>[0], leaves = false): Promise<void> {
    if (!outcome.ok) {
      await turn.send(this.s.views.stale());
      return;
    }
    if (leaves) setCurrentCase(turn.memory, undefined);
    await turn.send(then(outcome.record));
  }

  private async currentCase(turn: Turn): Promise<CaseRecord | undefined> {
    const caseId = escalationMemoryOf(turn.memory).caseId;
    return caseId ? this.s.desk.get(caseId, turn.unit) : undefined;
  }

  private userId(turn: Turn): string {
    return caseUserIdOf(identityOf(turn.context), turn.context.activity);
  }
}

function messageText(context: TurnContext): string {
  const activity = context.activity;
  if (activity.type !== 'message' || (activity.value !== undefined && activity.value !== null)) return '';
  return (activity.text ?? '').trim().slice(0, MAX_TEXT_LENGTH);
}

function emailOf(record: CaseRecord): { email?: string } {
  return record.case.user.email ? { email: record.case.user.email } : {};
}
