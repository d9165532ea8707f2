import type { Activity } from 'botbuilder';

/** What the bot remembers about one conversation. Persisted in the main dialog's state. */
export interface ConversationMemory {
  /** Where the user is in the Get Help menu. */
  menuNode?: string;
  /** Recent questions, newest last, for the agent's context (redacted before they get here). */
  searches: string[];
  /** Recent articles shown and what the user said about them. */
  articlesShown: ShownArticle[];
  /** Searches in a row that found nothing. */
  failedSearches: number;
  /** Set once the user was told not to share card details. */
  cardWarningGiven?: boolean;
  /** Extra state owned by feature routes (account confirmations, escalation), keyed by feature. */
  features: Record<string, unknown>;
  /** What the bot said lately, one line per reply, for the transcript an agent reads. */
  botLines?: { text: string; at: string }[];
}

export interface ShownArticle {
  id: string;
  title: string;
  feedback?: 'helpful' | 'not-related' | 'not-answered' | 'not-helpful';
}

const RECENT = 10;

export function emptyMemory(): ConversationMemory {
  return { searches: [], articlesShown: [], failedSearches: 0, features: {} };
}

export function rememberSearch(memory: ConversationMemory, query: string): void {
  memory.searches = [...memory.searches, query.slice(0, 300)].slice(-RECENT);
}

export function rememberArticle(memory: ConversationMemory, id: string, title: string): void {
  memory.articlesShown = [...memory.articlesShown.filter((shown) => shown.id !== id), { id, title }].slice(-RECENT);
}

export function rememberFeedback(memory: ConversationMemory, id: string, feedback: NonNullable<ShownArticle['feedback']>): void {
  memory.articlesShown = memory.articlesShown.map((shown) => (shown.id === id ? { ...shown, feedback } : shown));
}

/** One line per reply: its text, or a card's title and first line. */
export function rememberBotReplies(memory: ConversationMemory, activities: readonly Partial<Activity>[], at: Date): void {
  const lines = activities.map(replyLine).filter((line): line is string => line !== undefined);
  if (lines.length === 0) return;
  memory.botLines = [...(memory.botLines ?? []), ...lines.map((text) => ({ text, at: at.toISOString() }))].slice(-RECENT);
}

function replyLine(activity: Partial<Activity>): string | undefined {
  if (activity.type !== undefined && activity.type !== 'message') return undefined;
  const card = activity.attachments?.find((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive')?.content as { body?: unknown } | undefined;
  const texts = typeof activity.text === 'string' && activity.text !== '' ? [activity.text] : textBlocks(card?.body).slice(0, 2);
  const line = texts.join(' - ').replace(/\s+/g, ' ').trim();
  return line === '' ? undefined : line.slice(0, 300);
}

/** The TextBlocks of a card body, in order, however deeply they sit in containers and columns. */
function textBlocks(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textBlocks);
  if (typeof node !== 'object' || node === null) return [];
  const element = node as { type?: unknown; text?: unknown; items?: unknown; columns?: unknown; body?: unknown };
  if (element.type === 'TextBlock' && typeof element.text === 'string') return [element.text];
  return [...textBlocks(element.items), ...textBlocks(element.columns), ...textBlocks(element.body)];
}
