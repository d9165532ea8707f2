import { randomBytes } from 'node:crypto';

/** An activity as stored for polling: JSON the bot or the client sent, with the id and timestamp we gave it. */
export type StoredActivity = Record<string, unknown> & { id: string; type: string; timestamp: string };

interface Conversation {
  id: string;
  /** The id of the one user the conversation belongs to. */
  userId: string;
  activities: { watermark: number; activity: StoredActivity }[];
  nextWatermark: number;
}

export interface ConversationLimits {
  /** Oldest-used conversations are dropped beyond this many. */
  maxConversations: number;
  /** Per conversation; a client that polls keeps up long before this. */
  maxActivities: number;
}

export class ConversationNotFoundError extends Error {
  override readonly name = 'ConversationNotFoundError';
  constructor(readonly conversationId: string) {
    super(`No conversation ${conversationId}: start a new one with POST /v3/directline/conversations.`);
  }
}

/**
 * The activities of each Direct Line conversation, kept in memory for polling. Bounded in both
 * directions, so a long-running server holds recent conversations only: a client that comes back
 * to a dropped conversation is told it ended (404) and starts a new one.
 */
export class ConversationLog {
  private readonly conversations = new Map<string, Conversation>();

  constructor(
    private readonly limits: ConversationLimits = { maxConversations: 5000, maxActivities: 500 },
    private readonly now: () => number = Date.now,
  ) {}

  static newId(): string {
    return `dl-${randomBytes(12).toString('base64url')}`;
  }

  /** Opens the conversation if it is new; returns true when it was. */
  open(id: string, userId: string): boolean {
    const existing = this.conversations.get(id);
    if (existing) {
      this.touch(existing);
      return false;
    }
    this.conversations.set(id, { id, userId, activities: [], nextWatermark: 1 });
    this.evict();
    return true;
  }

  has(id: string): boolean {
    return this.conversations.has(id);
  }

  /** Stores an activity under a new id and returns it as stored. */
  append(conversationId: string, activity: Record<string, unknown>): StoredActivity {
    const conversation = this.get(conversationId);
    const watermark = conversation.nextWatermark++;
    const stored: StoredActivity = {
      ...activity,
      type: typeof activity.type === 'string' ? activity.type : 'message',
      id: `${conversationId}|${String(watermark).padStart(7, '0')}`,
      timestamp: new Date(this.now()).toISOString(),
    };
    this.push(conversation, watermark, stored);
    return stored;
  }

  /** Stores a new version of an existing activity (the bot updated a card); clients see it again with the same id. */
  replace(conversationId: string, activityId: string, activity: Record<string, unknown>): StoredActivity {
    const conversation = this.get(conversationId);
    const watermark = conversation.nextWatermark++;
    const stored: StoredActivity = {
      ...activity,
      type: typeof activity.type === 'string' ? activity.type : 'message',
      id: activityId,
      timestamp: new Date(this.now()).toISOString(),
    };
    conversation.activities = conversation.activities.filter((entry) => entry.activity.id !== activityId);
    this.push(conversation, watermark, stored);
    return stored;
  }

  /** Activities after the watermark, oldest first, and the watermark to ask with next time. */
  since(conversationId: string, watermark: number): { activities: StoredActivity[]; watermark: string } {
    const conversation = this.get(conversationId);
    const activities = conversation.activities.filter((entry) => entry.watermark > watermark).map((entry) => entry.activity);
    return { activities, watermark: String(conversation.nextWatermark - 1) };
  }

  ownerOf(conversationId: string): string {
    return this.get(conversationId).userId;
  }

  get size(): number {
    return this.conversations.size;
  }

  private get(id: string): Conversation {
    const conversation = this.conversations.get(id);
    if (!conversation) throw new ConversationNotFoundError(id);
    this.touch(conversation);
    return conversation;
  }

  private push(conversation: Conversation, watermark: number, activity: StoredActivity): void {
    conversation.activities.push({ watermark, activity });
    const excess = conversation.activities.length - this.limits.maxActivities;
    if (excess > 0) conversation.activities.splice(0, excess);
  }

  // Map keeps insertion order: re-inserting on use makes the first entry the least recently used.
  private touch(conversation: Conversation): void {
    this.conversations.delete(conversation.id);
    this.conversations.set(conversation.id, conversation);
  }

  private evict(): void {
    while (this.conversations.size > this.limits.maxConversations) {
      const oldest = this.conversations.keys().next().value;
      if (oldest === undefined) return;
      this.conversations.delete(oldest);
    }
  }
}
