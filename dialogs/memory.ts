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
