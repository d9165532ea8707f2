import type { Activity } from 'botbuilder';
import type { CardAction, CardData, CardFact } from '../../cards/render';
import type { CaseAnnouncement } from '../../src/domain/escalation';
import type { QueuePlace } from '../../src/escalation';
import { buttons, textActivity, type Replies } from '../replies';
import { escalationData } from './actions';

/** What a new case will carry, shown to the user before it is sent. */
export interface RequestSummary {
  question?: string;
  menuPath?: string;
  /** Set when no agent can take it now: a ticket will be created instead. */
  ticket?: { opening?: string; email?: string };
  /** Names this card's request, so an old card's button is recognised. */
  token: string;
  /** The bot offers a person by itself (after failed searches). */
  offer?: boolean;
}

export type { QueuePlace } from '../../src/escalation';

const leaveQueue = (caseId: string): CardAction => ({ title: 'Leave the queue', data: escalationData('cancel', { caseId }) });
const endChat = (caseId: string): CardAction => ({ title: 'End chat', data: escalationData('end', { caseId }) });

/** The user's side of escalation: every message the user reads about their case. */
export class CustomerViews {
  constructor(private readonly replies: Replies) {}

  confirm(summary: RequestSummary): Partial<Activity> {
    const facts: CardFact[] = [];
    if (summary.question) facts.push({ name: 'Question', value: summary.question });
    if (summary.menuPath) facts.push({ name: 'From the menu', value: summary.menuPath });
    const ticket = summary.ticket;
    const lines = ticket
      ? [
          `No support agent can chat right now${ticket.opening ? ` (support opens again ${ticket.opening})` : ''}. ` +
            `I can create a ticket instead, and an agent will reply by email${ticket.email ? ` to ${ticket.email}` : ''}.`,
          'The ticket will include:',
        ]
      : ['A support agent will see this, so you do not have to repeat yourself:'];
    return this.replies.card('escalationRequest', {
      title: ticket ? 'Leave a message for support' : summary.offer ? 'Shall I ask a support agent?' : 'Contact a support agent',
      lines: [...lines, ...(facts.length === 0 ? ['(no question yet: add a line below)'] : [])],
      facts: [...facts, { name: 'Also sent', value: 'your recent conversation with me' }],
      inputLabel: 'Anything to add? (optional)',
      inputPlaceholder: 'For example: I was charged twice for order O-9001',
      inputStyle: 'text',
      actions: [
        { title: ticket ? 'Create a ticket' : 'Send to an agent', data: escalationData('confirm', { token: summary.token }) },
        { title: 'Not now', data: escalationData('dismiss') },
      ],
    });
  }

  queued(place: QueuePlace): Partial<Activity> {
    return this.replies.notice({
      title: `Case ${place.caseId} is open`,
      lines: [
        `You're number ${place.position} in the queue.${estimateText(place.estimate)}`,
        'A support agent will join this chat and see what you have already tried. You can keep using the bot while you wait.',
      ],
      actions: [leaveQueue(place.caseId)],
    });
  }

  position(place: QueuePlace): Partial<Activity> {
    return this.replies.notice({
      lines: [`You're now number ${place.position} in the queue (case ${place.caseId}).${estimateText(place.estimate)}`],
      actions: [leaveQueue(place.caseId)],
    });
  }

  alreadyWaiting(place: QueuePlace): Partial<Activity> {
    return this.replies.notice({
      lines: [`You're already in the queue for case ${place.caseId}: number ${place.position}.${estimateText(place.estimate)}`],
      actions: [leaveQueue(place.caseId)],
    });
  }

  dismissed(): Partial<Activity> {
    return this.replies.notice({ lines: ['OK, no agent for now. Ask me anything, or browse the Get Help menu.'], actions: [buttons.getHelp(), buttons.agent()] });
  }

  /** A ticket: when support opens, where the reply goes (or a field asking for an email address). */
  ticket(caseId: string, details: { opening?: string; email?: string; problem?: string }): Partial<Activity> {
    const when = details.opening ? `Support is closed right now; it opens again ${details.opening}.` : 'No support agent is free to chat right now.';
    if (details.email) {
      return this.replies.notice({
        title: `Ticket ${caseId} is created`,
        lines: [when, `A support agent will reply by email to ${details.email}. Your case id is ${caseId}.`],
        actions: [buttons.getHelp()],
      });
    }
    return this.replies.card('escalationRequest', {
      title: `Ticket ${caseId} is created`,
      lines: [...(details.problem ? [details.problem] : [when]), `A support agent will reply by email. Where should the reply go? Your case id is ${caseId}.`],
      inputLabel: 'Your email address',
      inputPlaceholder: 'name@example.com',
      inputStyle: 'email',
      actions: [{ title: 'Save email', data: escalationData('email', { caseId }) }],
    });
  }

  emailSaved(caseId: string, email: string): Partial<Activity> {
    return this.replies.notice({ lines: [`Thanks. A support agent will reply to ${email} about case ${caseId}.`], actions: [buttons.getHelp()] });
  }

  emailInvalid(caseId: string, given: string): Partial<Activity> {
    const what = given === '' ? 'The email address was empty' : `"${given.slice(0, 80)}" is not an email address`;
    return this.ticket(caseId, { problem: `${what}: it needs a name, an @ and a domain, like name@example.com. Please type it again.` });
  }

  /** An old "Send to an agent" card: its request was sent already. */
  alreadySent(caseId: string): Partial<Activity> {
    return this.replies.notice({
      lines: [`That request was already sent as case ${caseId}, so I didn't open another one.`],
      actions: [buttons.getHelp(), buttons.agent()],
    });
  }

  cancelled(caseId: string): Partial<Activity> {
    return this.replies.notice({ lines: [`You've left the queue and case ${caseId} is closed. Ask me anything, or contact an agent again at any time.`], actions: [buttons.getHelp(), buttons.agent()] });
  }

  timeoutOffer(caseId: string, minutes: number, email?: string): Partial<Activity> {
    return this.replies.notice({
      title: 'Still waiting for an agent',
      lines: [
        `No agent has been free to take case ${caseId} in the last ${minutes} minutes, sorry.`,
        `I can turn it into a ticket and an agent will reply by email${email ? ` to ${email}` : ''}, or you can keep waiting.`,
      ],
      actions: [
        { title: 'Create a ticket', data: escalationData('ticket', { caseId }) },
        { title: 'Keep waiting', data: escalationData('wait', { caseId }) },
      ],
    });
  }

  agentJoined(caseId: string, agentName: string): Partial<Activity> {
    return this.replies.notice({
      lines: [`${agentName} from support joined the chat (case ${caseId}). Everything you type now goes to ${agentName}.`],
      actions: [endChat(caseId)],
    });
  }

  agentLeft(agentName: string, place: QueuePlace): Partial<Activity> {
    return this.replies.notice({
      lines: [`${agentName} left the chat. You're back in the queue at number ${place.position} (case ${place.caseId}).`],
      actions: [leaveQueue(place.caseId)],
    });
  }

  inLiveChat(caseId: string, agentName: string): Partial<Activity> {
    return this.replies.notice({ lines: [`You're chatting with ${agentName}. Type your message, or end the chat to go back to the bot.`], actions: [endChat(caseId)] });
  }

  /** The chat is over: who ended it, then "Was your issue resolved?". */
  ended(caseId: string, endedBy: string): Partial<Activity>[] {
    return [
      textActivity(endedBy === 'you' ? 'You ended the chat.' : `${endedBy} ended the chat.`),
      this.replies.notice({
        title: 'Was your issue resolved?',
        lines: [`Case ${caseId}`],
        actions: [
          { title: 'Yes', data: escalationData('resolved', { caseId, text: 'yes' }) },
          { title: 'No', data: escalationData('resolved', { caseId, text: 'no' }) },
        ],
      }),
    ];
  }

  rating(caseId: string): Partial<Activity> {
    return this.replies.notice({
      title: 'How would you rate the help you got?',
      lines: ['From 1 (poor) to 5 (excellent).'],
      actions: ['1', '2', '3', '4', '5'].map((score) => ({ title: score, data: escalationData('rate', { caseId, text: score }) })),
    });
  }

  thanks(resolved: boolean | undefined): Partial<Activity> {
    const line =
      resolved === false
        ? "Thanks for your feedback. Sorry it isn't sorted yet: ask me anything, or contact an agent again."
        : "Thanks for your feedback. I'm here if you need anything else.";
    return this.replies.notice({ lines: [line], actions: [buttons.getHelp(), buttons.search(), buttons.agent()] });
  }

  /** A button of a case that has moved on (already taken, ended, or someone else's). */
  stale(): Partial<Activity> {
    return this.replies.notice({ lines: ['That case has moved on, so the button no longer applies. Ask me anything, or contact an agent again.'], actions: [buttons.getHelp(), buttons.agent()] });
  }

  notDelivered(): Partial<Activity> {
    return this.replies.notice({ lines: ["Sorry, that message didn't reach the agent. Please send it again."] });
  }

  cardWarning(): Partial<Activity> {
    return this.replies.notice({
      lines: [
        "For your safety, please don't share card numbers or security codes in chat. " +
          "I've hidden what you typed, so nobody (me or a support agent) will see it.",
      ],
    });
  }

  /** A line from the agent, as the user reads it. */
  fromAgent(agentName: string, text: string): Partial<Activity> {
    return textActivity(`${agentName}: ${text}`);
  }

  handoffStarted(caseId: string): Partial<Activity> {
    return this.replies.notice({ lines: [`I'm handing you over to a support agent (case ${caseId}). They will see what you've already tried.`] });
  }

  handoffAccepted(caseId: string): Partial<Activity> {
    return this.replies.notice({ lines: [`A support agent has joined (case ${caseId}). Everything you type now goes to them.`] });
  }
}

function estimateText(minutes: number | undefined): string {
  if (minutes === undefined) return '';
  return minutes === 1 ? ' Estimated wait: about 1 minute.' : ` Estimated wait: about ${minutes} minutes.`;
}

/** Data for the agents' case card: who, what they tried, their subscriptions, and Accept while it waits. */
export function caseCardData(announcement: CaseAnnouncement): CardData['case'] {
  const { user } = announcement;
  const facts: CardFact[] = [{ name: 'User', value: user.name }];
  if (user.tenant) facts.push({ name: 'Tenant', value: user.tenant });
  if (user.role) facts.push({ name: 'Role', value: user.role });
  if (user.email) facts.push({ name: 'Email', value: user.email });
  if (announcement.question) facts.push({ name: 'Question', value: announcement.question });
  if (announcement.menuPath) facts.push({ name: 'Menu path', value: announcement.menuPath });
  if (announcement.note) facts.push({ name: 'Added', value: announcement.note });
  facts.push({ name: 'Waited', value: minutesText(announcement.waitedMinutes) });
  const waiting = announcement.status === 'queued' || announcement.status === 'released' || announcement.status === 'timed-out';
  return {
    title: `${announcement.caseId}: ${user.name}`,
    ...caseStatus(announcement, waiting),
    facts,
    searches: announcement.searches,
    articles: announcement.articles.map((article) => `${article.title} (${article.feedback})`),
    subscriptions: announcement.subscriptions.map((s) => `${s.product} (${s.id}): renews ${s.renewalDate}, bought ${s.purchase}`),
    actions: waiting ? [{ title: 'Accept', data: escalationData('accept', { caseId: announcement.caseId }) }] : [],
  };
}

function caseStatus(announcement: CaseAnnouncement, waiting: boolean): Pick<CardData['case'], 'status' | 'statusColor'> {
  if (announcement.takenBy) return { status: `Taken by ${announcement.takenBy}`, statusColor: 'Good' };
  if (waiting) return { status: announcement.status === 'released' ? 'Back in the queue: waiting for an agent' : 'Waiting for an agent', statusColor: 'Attention' };
  const closed: Record<string, string> = { cancelled: 'The user left the queue', ticket: 'Turned into a ticket (reply by email)', ended: 'Chat ended' };
  return { status: closed[announcement.status] ?? announcement.status, statusColor: 'Default' };
}

export function minutesText(minutes: number): string {
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
