import { ActivityEventNames, type Activity, type Middleware, type ResourceResponse, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { ConcurrencyError, backOff, type Store } from '../storage/ports';
import { KeyedMutex } from '../keyedMutex';
import type { ReadCache } from '../storage/readCache';
import { UnitOfWork } from '../storage/unitOfWork';
import { markRepliesDelivered, routeOf, setUnit } from './turnFacts';

const BUFFER_KEY = Symbol('replyBuffer');
const ATTEMPTS = 5;

/** A turn that kept losing the race for its conversation's state. */
export class TurnConflictError extends Error {
  override readonly name = 'TurnConflictError';
  constructor(readonly conversationId: string | undefined) {
    super(`Conversation ${conversationId ?? '(none)'} was changed by ${ATTEMPTS} other turns while this one ran: the user was asked to try again.`);
  }
}

/** Replies held back until the turn's unit of work is committed. */
export function heldReplies(context: TurnContext): Partial<Activity>[] | undefined {
  return context.turnState.get(BUFFER_KEY) as Partial<Activity>[] | undefined;
}

/**
 * Makes a turn all-or-nothing. Everything the turn writes (conversation state, cases, audit, outbox
 * messages) goes into one unit of work committed after the bot's logic; the replies wait for that commit.
 * When another turn changed what this one read (two presses of one button, two replicas), nothing of this
 * attempt is kept, no reply was sent, and the turn runs again on fresh state. A turn that fails sends no
 * half-done replies: the error handler apologises instead. `committed` runs after the replies went out
 * (the unit's after-commit hooks, the delivery of its outbox messages). With a read cache, the
 * conversation's state as this replica last wrote it is read from there and checked at commit.
 */
export function turnTransaction(
  store: Store,
  logger: Logger,
  committed: (unit: UnitOfWork) => Promise<void> = (unit) => unit.settle(),
  cache?: ReadCache,
): Middleware {
  // Turns of one conversation take turns on this replica; only turns on different replicas can race.
  const conversations = new KeyedMutex();

  const proactive = async (context: TurnContext, next: () => Promise<void>): Promise<void> => {
    // Sent by whoever delivers the outbox, maybe from inside a turn of the same conversation: not queued
    // behind it, and its activities go out as they are sent.
    const unit = new UnitOfWork(store, cache);
    setUnit(context, unit);
    await next();
    await unit.commit();
    await unit.settle();
  };

  const turn = async (context: TurnContext, next: () => Promise<void>): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const unit = new UnitOfWork(store, cache);
      const held: Partial<Activity>[] = [];
      setUnit(context, unit);
      context.turnState.set(BUFFER_KEY, held);
      try {
        await next();
        await unit.commit();
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        logger.info({ conversationId: context.activity.conversation?.id, route: routeOf(context), attempt, document: `${error.collection}/${error.id}` }, 'turn lost a race; running it again');
        if (attempt >= ATTEMPTS) throw new TurnConflictError(context.activity.conversation?.id);
        await backOff(attempt);
        continue;
      } finally {
        context.turnState.delete(BUFFER_KEY);
      }
      if (held.length > 0) {
        await context.adapter.sendActivities(context, held);
        markRepliesDelivered(context);
      }
      await committed(unit);
      return;
    }
  };

  return {
    onTurn: (context, next) =>
      context.activity.name === ActivityEventNames.ContinueConversation
        ? proactive(context, next)
        : conversations.run(`${context.activity.channelId}:${context.activity.conversation?.id}`, () => turn(context, next)),
  };
}

/** What a held reply reports as sent; the real ids come when the replies go out after the commit. */
export function heldResponses(activities: Partial<Activity>[]): ResourceResponse[] {
  return activities.map(() => ({ id: '' }));
}
