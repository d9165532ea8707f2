/**
 * The port for the web chat's Direct Line conversations: who owns each, and its activities for polling and
 * streaming. The in-memory log serves one process; the PostgreSQL one lets every replica serve every browser.
 */

/** An activity as stored for polling: JSON the bot or the client sent, with the id and timestamp we gave it. */
export type StoredActivity = Record<string, unknown> & { id: string; type: string; timestamp: string };

/** What a client gets from a poll or a stream message: activities after its watermark, and the one to ask with next. */
export interface ActivitySet {
  activities: StoredActivity[];
  watermark: string;
}

/** Called with each new or replaced activity of a conversation, as a stream sends it. */
export type ActivityListener = (update: ActivitySet) => void;

export interface DirectLineLog {
  /** Opens the conversation if it is new; resolves true when it was. */
  open(id: string, userId: string): Promise<boolean>;
  has(id: string): Promise<boolean>;
  /** Stores an activity under a new id and returns it as stored; throws ActivityTooLargeError over the byte limit. */
  append(conversationId: string, activity: Record<string, unknown>): Promise<StoredActivity>;
  /** Stores a new version of an existing activity (the bot updated a card); clients see it again under the same id. */
  replace(conversationId: string, activityId: string, activity: Record<string, unknown>): Promise<StoredActivity>;
  /** Activities after the watermark, oldest first, and the watermark to ask with next time. */
  since(conversationId: string, watermark: number): Promise<ActivitySet>;
  ownerOf(conversationId: string): Promise<string>;
  subscribe(conversationId: string, listener: ActivityListener): () => void;
}

export class ConversationNotFoundError extends Error {
  override readonly name = 'ConversationNotFoundError';
  constructor(readonly conversationId: string) {
    super(`No conversation ${conversationId}: start a new one with POST /v3/directline/conversations.`);
  }
}

export class ActivityTooLargeError extends Error {
  override readonly name = 'ActivityTooLargeError';
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`The activity is ${bytes} bytes; the most this conversation takes is ${limit}. Send less (a shorter message).`);
  }
}

export interface ConversationLimits {
  /** Least recently used conversations are dropped beyond this many. */
  maxConversations: number;
  /** Per conversation; a client that polls or streams keeps up long before this. */
  maxActivities: number;
  /** One activity as stored (JSON bytes): a bigger one is refused. */
  maxActivityBytes: number;
  /** Per conversation: the oldest activities are dropped beyond this. */
  maxConversationBytes: number;
  /** All conversations together: the least recently used conversations are dropped beyond this. */
  maxTotalBytes: number;
}

/** Enough for long chats full of cards, and at most about 32 MiB of JSON held in all. */
export const DEFAULT_LIMITS: ConversationLimits = {
  maxConversations: 5000,
  maxActivities: 500,
  maxActivityBytes: 128 * 1024,
  maxConversationBytes: 512 * 1024,
  maxTotalBytes: 32 * 1024 * 1024,
};
