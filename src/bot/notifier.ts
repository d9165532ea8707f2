import { TurnContext, type Activity, type BotAdapter, type ConversationReference } from 'botbuilder';
import { setRoute } from '../../dialogs/turn';
import type { Logger } from '../logger';
import type { DocumentStore } from '../storage/ports';

/** Names a conversation the bot may write to later: "<channelId>:<conversation id>". */
export function conversationKeyOf(activity: Pick<Partial<Activity>, 'channelId' | 'conversation'>): string {
  return `${activity.channelId ?? 'unknown'}:${activity.conversation?.id ?? 'unknown'}`;
}

/** No conversation reference is stored under this key: the bot has never seen that conversation. */
export class UnreachableConversationError extends Error {
  override readonly name = 'UnreachableConversationError';
  constructor(readonly key: string) {
    super(`The bot has no reference for conversation ${key}: it can write there only after receiving an activity from it.`);
  }
}

/** The adapter has not been attached yet (the runtime was built but no adapter prepared). */
export class NotifierDetachedError extends Error {
  override readonly name = 'NotifierDetachedError';
  constructor() {
    super('Proactive messages need an adapter: call runtime.prepare(adapter) before sending.');
  }
}

/**
 * Proactive messages: conversation references are kept in the 'references' collection, so any turn (or a
 * replica after a restart) can write to a conversation it is not in, through `continueConversationAsync`.
 */
export class Notifier {
  private adapter?: BotAdapter;
  /** What was last stored per key, so an unchanged reference costs no write. */
  private readonly stored = new Map<string, string>();

  constructor(
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly appId: string,
  ) {}

  attach(adapter: BotAdapter): void {
    this.adapter = adapter;
  }

  /** Stores the reference of the turn's conversation and returns its key. */
  async remember(context: TurnContext): Promise<string> {
    const key = conversationKeyOf(context.activity);
    await this.rememberAs(key, TurnContext.getConversationReference(context.activity));
    return key;
  }

  async rememberAs(key: string, reference: Partial<ConversationReference>): Promise<void> {
    const { activityId: _activityId, ...lasting } = reference;
    const json = JSON.stringify(lasting);
    if (this.stored.get(key) === json) return;
    await this.store.put('references', key, lasting);
    this.stored.set(key, json);
  }

  async knows(key: string): Promise<boolean> {
    return (await this.store.get('references', key)) !== undefined;
  }

  /** Sends to a stored conversation; returns the ids the channel gave the activities. */
  async send(key: string, ...activities: Partial<Activity>[]): Promise<string[]> {
    let ids: string[] = [];
    await this.continue(key, async (context) => {
      ids = (await context.sendActivities(activities)).map((response) => response?.id ?? '');
    });
    return ids;
  }

  /** Replaces an activity the bot sent earlier (e.g. a case card, to show who took the case). */
  async update(key: string, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.continue(key, async (context) => {
      await context.updateActivity({ ...activity, id: activityId, conversation: context.activity.conversation });
    });
  }

  /** Like send, but a failure is logged and reported as undefined: for notices that must not fail a turn. */
  async trySend(key: string, ...activities: Partial<Activity>[]): Promise<string[] | undefined> {
    try {
      return await this.send(key, ...activities);
    } catch (error) {
      this.logger.warn({ conversationKey: key, err: describe(error) }, 'proactive message not delivered');
      return undefined;
    }
  }

  async tryUpdate(key: string, activityId: string, activity: Partial<Activity>): Promise<boolean> {
    try {
      await this.update(key, activityId, activity);
      return true;
    } catch (error) {
      this.logger.warn({ conversationKey: key, err: describe(error) }, 'proactive update not delivered');
      return false;
    }
  }

  private async continue(key: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    if (!this.adapter) throw new NotifierDetachedError();
    const reference = (await this.store.get<Partial<ConversationReference>>('references', key))?.value;
    if (!reference) throw new UnreachableConversationError(key);
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      setRoute(context, 'proactive');
      await logic(context);
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
