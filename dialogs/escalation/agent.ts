import type { Activity } from 'botbuilder';
import type { Clock } from '../../src/clock';
import { conversationKeyOf, type Notifier } from '../../src/bot/notifier';
import type { Messenger } from '../../src/escalation';
import type { Agent } from '../../src/domain/accounts/schema';
import { caseAnnouncement, formatTranscript, isWaiting, parseAgentInput, readerTimeZone, type AgentCommand, type CaseAgent } from '../../src/domain/escalation';
import type { AccountRepository } from '../../src/storage/accountRepository';
import type { CaseStore, EscalationDesk } from '../../src/escalation';
import { MAX_TEXT_LENGTH } from '../mainDialog';
import { parseSubmission } from '../submissions';
import type { Turn } from '../turn';
import { parseAgentSubmission } from './actions';
import type { AgentViews } from './agentViews';
import { channelConversationId } from './channel';

export interface AgentRouteServices {
  desk: EscalationDesk;
  cases: CaseStore;
  notifier: Notifier;
  messenger: Messenger;
  accounts: AccountRepository;
  views: AgentViews;
  clock: Clock;
}

/**
 * The agent's side. In their personal chat with a case in hand, plain text goes to the user and `/…` are
 * commands; otherwise they get their home card, and the case cards' buttons work from any conversation.
 */
export class AgentRoutes {
  constructor(private readonly s: AgentRouteServices) {}

  /**
   * False when the turn is not the desk's: an agent's question (or a menu button) is answered like anyone's.
   * The agent's home card answers a greeting, "home" and its own button.
   */
  async handle(turn: Turn, agent: Agent): Promise<boolean> {
    const me: CaseAgent = { id: agent.id, name: agent.name };
    const here = conversationKeyOf(turn.context.activity);
    const personal = await this.isPersonalChat(turn);
    if (personal) await this.rememberPersonalChat(turn, me.id);
    const value = turn.context.activity.value;
    if (value !== undefined && value !== null) {
      if (parseSubmission(value)?.verb !== 'escalation') return false;
      await this.button(turn, me, personal ? here : undefined, value);
      return true;
    }
    const text = turn.context.activity.type === 'message' ? (turn.context.activity.text ?? '').trim().slice(0, MAX_TEXT_LENGTH) : '';
    const input = text ? parseAgentInput(text) : undefined;
    if (input?.kind === 'command') return this.command(turn, me, input.command).then(() => true);
    if (input?.kind === 'unknown-command') {
      turn.route('agent.unknown-command');
      await turn.send(this.s.views.unknownCommand(input.text));
      return true;
    }
    const holding = input ? await this.s.desk.activeCaseOf(me.id) : undefined;
    if (input && holding && holding.agentConversationKey === here) {
      turn.route('agent.relay');
      if (!(await this.s.desk.relayFromAgent(turn.unit, holding, me, input.text))) await turn.send(this.s.views.notDelivered());
      return true;
    }
    if (text !== '' && !asksForHome(text)) return false;
    await this.home(turn, me);
    return true;
  }

  /** `personalChat`: the key of this conversation when it is the agent's personal chat with the bot. */
  private async button(turn: Turn, me: CaseAgent, personalChat: string | undefined, value: unknown): Promise<void> {
    const submission = parseSubmission(value);
    const action = submission?.verb === 'escalation' ? parseAgentSubmission(submission) : undefined;
    if (!action) return this.home(turn, me);
    turn.route(`agent.${action.action}`);
    switch (action.action) {
      case 'accept':
        return this.accept(turn, me, personalChat, action.caseId);
      case 'available':
      case 'away':
        await this.s.cases.updateDesk(turn.unit, me.id, (desk) => ({ ...desk, available: action.action === 'available' }));
        return this.home(turn, me);
      case 'queue':
        return this.queue(turn);
      case 'home':
        return this.home(turn, me);
    }
  }

  /** The chat continues in the agent's personal chat: this one, or the one the bot knows (from the channel). */
  private async accept(turn: Turn, me: CaseAgent, personalChat: string | undefined, caseId: string): Promise<void> {
    const { desk, views } = this.s;
    const here = conversationKeyOf(turn.context.activity);
    const chatIn = personalChat ?? (await this.s.cases.desk(me.id, turn.unit)).conversationKey ?? here;
    const outcome = await desk.accept(turn.unit, caseId, me, chatIn);
    if (!outcome.ok) {
      if (outcome.reason === 'taken') return turn.send(views.taken(caseId, outcome.by));
      if (outcome.reason === 'busy') return turn.send(views.busy(outcome.record.case.id, outcome.record.case.user.name ?? 'the user'));
      if (outcome.reason === 'closed' || outcome.reason === 'not-allowed') return turn.send(views.notWaiting(caseId, outcome.status));
      return turn.send(views.notWaiting(caseId, 'cancelled'));
    }
    const { support } = await this.s.accounts.supportDirectory();
    const welcome = views.accepted(caseAnnouncement(outcome.record.case, this.s.clock.now()), formatTranscript(outcome.record.case, readerTimeZone(turn.context.activity.localTimezone, support.timeZone)));
    if (chatIn === here) return turn.send(...welcome);
    this.s.messenger.send(turn.unit, chatIn, { kind: 'chat-opened', announcement: caseAnnouncement(outcome.record.case, this.s.clock.now()), transcript: formatTranscript(outcome.record.case, readerTimeZone(turn.context.activity.localTimezone, support.timeZone)) });
    await turn.send(views.movedToPersonalChat(caseId));
  }

  private async command(turn: Turn, me: CaseAgent, command: AgentCommand): Promise<void> {
    const { desk, views } = this.s;
    turn.route(`agent.command.${command}`);
    if (command === 'queue') return this.queue(turn);
    if (command === 'transcript') {
      const holding = await desk.activeCaseOf(me.id);
      if (!holding) return turn.send(views.notInChat());
      const { support } = await this.s.accounts.supportDirectory();
      return turn.send(views.transcript(holding.case.id, formatTranscript(holding.case, readerTimeZone(turn.context.activity.localTimezone, support.timeZone))));
    }
    const outcome = command === 'end' ? await desk.endByAgent(turn.unit, me.id) : await desk.release(turn.unit, me.id);
    if (!outcome.ok) return turn.send(views.notInChat());
    const c = outcome.record.case;
    // Ending closes with one short line; releasing shows the home card, for the next case.
    if (command === 'end') return turn.send(views.ended(c.id, c.user.name ?? 'the user', 'you'));
    await turn.send(views.released(c.id), await this.homeCard(turn, me));
  }

  private async queue(turn: Turn): Promise<void> {
    const now = this.s.clock.now();
    const waiting = await this.s.desk.waitingCases();
    await turn.send(this.s.views.waitingList(waiting.map((c) => caseAnnouncement(c, now))));
  }

  private async home(turn: Turn, me: CaseAgent): Promise<void> {
    turn.route(turn.context.activity.type === 'message' ? 'agent.home' : 'agent.welcome');
    await turn.send(await this.homeCard(turn, me));
  }

  private async homeCard(turn: Turn, me: CaseAgent): Promise<Partial<Activity>> {
    // Read through the turn's unit: a case this turn took, released or ended shows as it will be once committed.
    const [desk, waitingNow, heldNow] = await Promise.all([this.s.cases.desk(me.id, turn.unit), this.s.desk.waitingCases(), this.s.desk.activeCaseOf(me.id)]);
    const current = await Promise.all(waitingNow.map((c) => this.s.desk.get(c.id, turn.unit)));
    const waiting = current.filter((record) => record !== undefined && isWaiting(record.case));
    const held = heldNow ? await this.s.desk.get(heldNow.case.id, turn.unit) : undefined;
    const holding = held?.case.status === 'accepted' && held.case.agent?.id === me.id ? held : undefined;
    return this.s.views.home({
      agentName: me.name,
      available: desk.available,
      waiting: waiting.length,
      ...(holding ? { active: { caseId: holding.case.id, userName: holding.case.user.name ?? 'the user' } } : {}),
    });
  }

  /** A one-to-one chat with the bot: not the agents' channel, not a group chat. */
  private async isPersonalChat(turn: Turn): Promise<boolean> {
    const conversation = turn.context.activity.conversation;
    if (!conversation || conversation.isGroup || (conversation.conversationType && conversation.conversationType !== 'personal')) return false;
    const channel = (await this.s.accounts.supportDirectory()).support.agentsChannel;
    return channelConversationId(conversation.id) !== channel.conversationId;
  }

  private async rememberPersonalChat(turn: Turn, agentId: string): Promise<void> {
    const key = await this.s.notifier.remember(turn.context, turn.unit);
    await this.s.cases.updateDesk(turn.unit, agentId, (desk) => (desk.conversationKey === key ? undefined : { ...desk, conversationKey: key }));
  }
}

/** A greeting or "home": the agent wants their home card, not an answer. */
function asksForHome(text: string): boolean {
  return /^(?:hi|hello|hey|hiya|home|agent home|good (?:morning|afternoon|evening))(?: there)?[\s!.]*$/i.test(text.trim());
}
