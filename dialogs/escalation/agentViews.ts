import type { Activity } from 'botbuilder';
import type { CaseAnnouncement, CaseStatus } from '../../src/domain/escalation';
import { agentCommands } from '../../src/domain/escalation';
import { textActivity, type Replies } from '../replies';
import { escalationData } from './actions';
import { caseCardData, minutesText } from './views';

export interface HomeState {
  agentName: string;
  available: boolean;
  waiting: number;
  active?: { caseId: string; userName: string };
}

const commandList = agentCommands.map((command) => `/${command}`).join(', ');

/** The agent's side of escalation: home card, case cards, and every notice about a case. */
export class AgentViews {
  constructor(private readonly replies: Replies) {}

  home(state: HomeState): Partial<Activity> {
    return this.replies.notice({
      title: `Agent home: ${state.agentName}`,
      lines: [
        state.available
          ? "You're available: new cases are announced here."
          : "You're away: new cases are not announced to you. Go available to take cases.",
      ],
      facts: [
        { name: 'Status', value: state.available ? 'Available' : 'Away' },
        { name: 'Waiting cases', value: String(state.waiting) },
        { name: 'Your chat', value: state.active ? `${state.active.caseId} with ${state.active.userName}` : 'none' },
      ],
      actions: [
        state.available
          ? { title: 'Go away', data: escalationData('away') }
          : { title: 'Go available', data: escalationData('available') },
        { title: 'Waiting cases', data: escalationData('queue') },
      ],
    });
  }

  caseCard(announcement: CaseAnnouncement): Partial<Activity> {
    const activity = this.replies.card('case', caseCardData(announcement));
    return { ...activity, summary: `${announcement.caseId}: ${announcement.user.name}` };
  }

  accepted(announcement: CaseAnnouncement, transcript: string): Partial<Activity>[] {
    return [
      textActivity(
        `You're now chatting with ${announcement.user.name} (${announcement.caseId}). ` +
          `What you type here goes to them as "your name: message". Commands: ${commandList}.`,
      ),
      ...(transcript ? [textActivity(`Conversation so far:\n\n${transcript}`)] : []),
    ];
  }

  taken(caseId: string, by: string): Partial<Activity> {
    return textActivity(`${by} already has ${caseId}.`);
  }

  notWaiting(caseId: string, status: CaseStatus): Partial<Activity> {
    const why: Partial<Record<CaseStatus, string>> = { cancelled: 'the user left the queue', ticket: 'it became a ticket', ended: 'the chat has ended' };
    return textActivity(`${caseId} is no longer waiting: ${why[status] ?? status}.`);
  }

  busy(caseId: string, userName: string): Partial<Activity> {
    return textActivity(`You're still chatting with ${userName} (${caseId}). Type /end or /release first, then accept the next case.`);
  }

  waitingList(cases: readonly CaseAnnouncement[]): Partial<Activity> {
    if (cases.length === 0) return this.replies.notice({ lines: ['No cases are waiting.'], actions: [{ title: 'Agent home', data: escalationData('home') }] });
    return this.replies.choices({
      title: `Waiting cases (${cases.length})`,
      choices: cases.map((c) => ({
        title: `Accept ${c.caseId}: ${c.user.name}, waited ${minutesText(c.waitedMinutes)}`,
        data: escalationData('accept', { caseId: c.caseId }),
      })),
      actions: [{ title: 'Agent home', data: escalationData('home') }],
    });
  }

  transcript(caseId: string, text: string): Partial<Activity> {
    return textActivity(text ? `Transcript of ${caseId}:\n\n${text}` : `${caseId} has no messages yet.`);
  }

  movedToPersonalChat(caseId: string): Partial<Activity> {
    return textActivity(`You have ${caseId}. The chat continues in your personal chat with me.`);
  }

  notInChat(): Partial<Activity> {
    return textActivity("You're not in a chat. Accept a waiting case first (/queue lists them).");
  }

  unknownCommand(text: string): Partial<Activity> {
    return textActivity(`I don't know ${text.slice(0, 40)}; it was not sent to the user. Commands: ${commandList}.`);
  }

  released(caseId: string): Partial<Activity> {
    return textActivity(`${caseId} is back in the queue, in its original place.`);
  }

  ended(caseId: string, userName: string, endedBy: 'you' | 'user'): Partial<Activity> {
    return textActivity(endedBy === 'you' ? `You ended the chat with ${userName} (${caseId}).` : `${userName} ended the chat (${caseId}).`);
  }

  /** A line from the user, as the agent reads it. */
  fromUser(userName: string, text: string): Partial<Activity> {
    return textActivity(`${userName}: ${text}`);
  }

  notDelivered(): Partial<Activity> {
    return textActivity("That message could not be delivered to the user. Try again, or /release the case.");
  }
}
