import { TurnContext, type Activity, type BotAdapter, type ConversationReference } from 'botbuilder';
import type { ClaimsIdentity } from 'botframework-connector';
import { isLoopbackHost } from '../config';
import type { Logger } from '../logger';
import type { Store } from '../storage/ports';
import type { UnitOfWork } from '../storage/unitOfWork';
import { setRoute } from './turnFacts';

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
 * True when the turn's activity came with a verified Bot Framework token (or from the bot's own Direct Line,
 * whose tokens it signed). Without an app id botbuilder calls every caller authenticated "anonymously", with no
 * claims: not here.
 */
export function isAuthenticatedTurn(context: TurnContext): boolean {
  const identity = context.turnState.get(context.adapter.BotIdentityKey) as ClaimsIdentity | undefined;
  return identity?.isAuthenticated === true && identity.claims.length > 0;
}

/** A stored reference may move to another service host only on the word of an authenticated activity. */
export function mayReplaceReference(current: Partial<ConversationReference> | undefined, next: Partial<ConversationReference>, authenticated: boolean): boolean {
  return current === undefined || authenticated || hostOf(current.serviceUrl) === hostOf(next.serviceUrl);
}

/**
 * Conversation references for proactive messages, kept in the 'references' collection so any replica can
 * write to a conversation it is not in (through `continueConversationAsync`). References are written in the
 * turn's unit of work; one never moves to another service host on the word of an unauthenticated activity.
 */
export class Notifier {
  private adapter?: BotAdapter;
  private directLinePort: number | undefined;
  /** What was last stored per key, so an unchanged reference costs no write. */
  private readonly stored = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly appId: string,
  ) {}

  attach(adapter: BotAdapter): void {
    this.adapter = adapter;
  }

  /**
   * This replica's port: a web chat conversation is written to through this replica's own Direct Line
   * connector (on loopback, with the same key on every replica), whichever replica the browser talked to.
   */
  servesDirectLineAt(port: number): void {
    this.directLinePort = port;
  }

  /** Stores the reference of the turn's conversation (in the turn's unit) and returns its key. */
  async remember(context: TurnContext, unit: UnitOfWork): Promise<string> {
    const key = conversationKeyOf(context.activity);
    await this.rememberAs(unit, key, TurnContext.getConversationReference(context.activity), isAuthenticatedTurn(context));
    return key;
  }

  async rememberAs(unit: UnitOfWork, key: string, reference: Partial<ConversationReference>, authenticated: boolean): Promise<void> {
    const { activityId: _activityId, ...lasting } = reference;
    const json = JSON.stringify(lasting);
    if (this.stored.get(key) === json) return;
    const current = await unit.get<Partial<ConversationReference>>('references', key);
    if (!mayReplaceReference(current, lasting, authenticated)) {
      this.logger.warn({ conversationKey: key, from: hostOf(current?.serviceUrl), to: hostOf(lasting.serviceUrl) }, 'kept a conversation reference: an unauthenticated activity may not move it to another host');
      return;
    }
    if (JSON.stringify(current) !== json) unit.put('references', key, lasting);
    unit.afterCommit(() => void this.stored.set(key, json));
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

  private async continue(key: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    if (!this.adapter) throw new NotifierDetachedError();
    const stored = (await this.store.get<Partial<ConversationReference>>('references', key))?.value;
    if (!stored) throw new UnreachableConversationError(key);
    const serviceUrl = stored.channelId === 'directline' && this.directLinePort ? onPort(stored.serviceUrl, this.directLinePort) : stored.serviceUrl;
    const reference: Partial<ConversationReference> = serviceUrl === undefined ? stored : { ...stored, serviceUrl };
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      setRoute(context, 'proactive');
      // The continuation event's own id is no message of that conversation: a reply to it would make Web Chat
      // wait for an activity it never gets (about 5 s) before showing the message.
      delete (context.activity as { id?: string }).id;
      await logic(context);
    });
  }
}

/** The same loopback connector URL on another port. */
function onPort(url: string | undefined, port: number): string | undefined {
  if (url === undefined) return undefined;
  const parsed = new URL(url);
  if (!isLoopbackHost(parsed.hostname)) return url;
  parsed.port = String(port);
  return parsed.toString().replace(/\/$/, '');
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return '';
  }
}
