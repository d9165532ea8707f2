import type { Middleware, TurnContext } from 'botbuilder';
import { identify, type Identity } from '../domain/accounts/identity';
import type { AccountRepository } from '../storage/accountRepository';

const IDENTITY_KEY = Symbol('identity');

/** Who the sender is, as identified for this turn (anonymous when not found). */
export function identityOf(context: TurnContext): Identity {
  return (context.turnState.get(IDENTITY_KEY) as Identity | undefined) ?? { kind: 'anonymous' };
}

/** Identifies the sender on every turn: Teams by Azure AD object id and tenant, other channels by channel user id. */
export function identifySender(accounts: AccountRepository): Middleware {
  return {
    onTurn: async (context, next) => {
      const activity = context.activity;
      if (activity.from?.id) {
        const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
        context.turnState.set(
          IDENTITY_KEY,
          identify(await accounts.directory(), {
            channelId: activity.channelId,
            fromId: activity.from.id,
            aadObjectId: activity.from.aadObjectId,
            tenantId: channelData?.tenant?.id ?? activity.conversation?.tenantId,
          }),
        );
      }
      await next();
    },
  };
}
