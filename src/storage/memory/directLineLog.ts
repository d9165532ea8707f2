import {
  type ActivityListener,
  type ActivitySet,
  ActivityTooLargeError,
  type ConversationLimits,
  ConversationNotFoundError,
  DEFAULT_LIMITS,
  type DirectLineLog,
  type StoredActivity,
} from '../directLine';

interface Entry {
  watermark: number;
  id: string;
  /** The activity as JSON: what is counted is what is held. */
  json: string;
  bytes: number;
}

interface Conversation {
  id: string;
  /** The id of the one user the conversation belongs to. */
  userId: string;
  entries: Entry[];
  bytes: number;
  nextWatermark: number;
  typingCount: number;
}

/**
 * The conversation log of one process, in memory. Bounded by count and by bytes in every direction, so a
 * long-running server holds recent conversations only: a client that comes back to a dropped conversation
 * is told it ended (404) and starts a new one.
 */
export class MemoryDirectLineLog implements DirectLineLog {
  private readonly conversations = new Map<string, Conversation>();
  private readonly listeners = new Map<string, Set<ActivityListener>>();
  private totalBytes = 0;
  private readonly limits: ConversationLimits;

  constructor(
    limits: Partial<ConversationLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  async open(id: string, userId: string): Promise<boolean> {
    const existing = this.conversations.get(id);
    if (existing) {
      this.touch(existing);
      return false;
    }
    this.conversations.set(id, { id, userId, entries: [], bytes: 0, nextWatermark: 1, typingCount: 0 });
    this.evict(id);
    return true;
  }

  async has(id: string): Promise<boolean> {
    return this.conversations.has(id);
  }

  async append(conversationId: string, activity: Record<string, unknown>): Promise<StoredActivity> {
    const conversation = this.get(conversationId);
    if (activity.type === 'typing') return this.passTyping(conversation, activity);
    const watermark = conversation.nextWatermark;
    const stored = this.stamp(activity, `${conversationId}|${String(watermark).padStart(7, '0')}`);
    this.store(conversation, stored);
    return stored;
  }

  async replace(conversationId: string, activityId: string, activity: Record<string, unknown>): Promise<StoredActivity> {
    const conversation = this.get(conversationId);
    const stored = this.stamp(activity, activityId);
    this.store(conversation, stored, activityId);
    return stored;
  }

  async since(conversationId: string, watermark: number): Promise<ActivitySet> {
    const conversation = this.get(conversationId);
    const activities = conversation.entries.filter((entry) => entry.watermark > watermark).map((entry) => JSON.parse(entry.json) as StoredActivity);
    return { activities, watermark: String(conversation.nextWatermark - 1) };
  }

  async ownerOf(conversationId: string): Promise<string> {
    return this.get(conversationId).userId;
  }

  subscribe(conversationId: string, listener: ActivityListener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(conversationId) === set) this.listeners.delete(conversationId);
    };
  }

  get size(): number {
    return this.conversations.size;
  }

  /** JSON bytes held across all conversations. */
  get bytes(): number {
    return this.totalBytes;
  }

  private stamp(activity: Record<string, unknown>, id: string): StoredActivity {
    return { ...activity, type: typeof activity.type === 'string' ? activity.type : 'message', id, timestamp: new Date(this.now()).toISOString() };
  }

  private passTyping(conversation: Conversation, activity: Record<string, unknown>): StoredActivity {
    const stored = this.stamp(activity, `${conversation.id}|typing-${++conversation.typingCount}`);
    this.measure(stored);
    this.publish(conversation, stored);
    return stored;
  }

  private store(conversation: Conversation, stored: StoredActivity, replacing?: string): void {
    const { json, bytes } = this.measure(stored);
    if (replacing !== undefined) {
      const old = conversation.entries.filter((entry) => entry.id === replacing);
      conversation.entries = conversation.entries.filter((entry) => entry.id !== replacing);
      for (const entry of old) this.release(conversation, entry);
    }
    conversation.entries.push({ watermark: conversation.nextWatermark++, id: stored.id, json, bytes });
    conversation.bytes += bytes;
    this.totalBytes += bytes;
    while (conversation.entries.length > this.limits.maxActivities || conversation.bytes > this.limits.maxConversationBytes) {
      const oldest = conversation.entries.shift();
      if (!oldest) break;
      this.release(conversation, oldest);
    }
    this.evict(conversation.id);
    this.publish(conversation, stored);
  }

  /** The activity as JSON; refused over the per-activity limit before anything is kept. */
  private measure(stored: StoredActivity): { json: string; bytes: number } {
    const json = JSON.stringify(stored);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > this.limits.maxActivityBytes) throw new ActivityTooLargeError(bytes, this.limits.maxActivityBytes);
    return { json, bytes };
  }

  private release(conversation: Conversation, entry: Entry): void {
    conversation.bytes -= entry.bytes;
    this.totalBytes -= entry.bytes;
  }

  private publish(conversation: Conversation, stored: StoredActivity): void {
    const listeners = this.listeners.get(conversation.id);
    if (!listeners) return;
    const update: ActivitySet = { activities: [stored], watermark: String(conversation.nextWatermark - 1) };
    for (const listener of [...listeners]) listener(update);
  }

  private get(id: string): Conversation {
    const conversation = this.conversations.get(id);
    if (!conversation) throw new ConversationNotFoundError(id);
    this.touch(conversation);
    return conversation;
  }

  // Map keeps insertion order: re-inserting on use makes the first entry the least recently used.
  private touch(conversation: Conversation): void {
    this.conversations.delete(conversation.id);
    this.conversations.set(conversation.id, conversation);
  }

  /** Drops least recently used conversations (never `keep`, the one being written) until within the limits. */
  private evict(keep: string): void {
    for (const [id, conversation] of this.conversations) {
      if (this.conversations.size <= this.limits.maxConversations && this.totalBytes <= this.limits.maxTotalBytes) return;
      if (id === keep) continue;
      this.conversations.delete(id);
      this.totalBytes -= conversation.bytes;
    }
  }
}
