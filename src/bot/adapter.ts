import {
  CardFactory,
  type BotAdapter,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import type { Activity, ResourceResponse } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { repliesDelivered, routeOf } from './turnFacts';
import { heldReplies, heldResponses, TurnConflictError } from './turnTransaction';
import type { CardRenderer } from '../../cards/render';

/** The Bot Framework adapter. With no app id it accepts unauthenticated activities (Emulator, local clients). */
export function createAdapter(config: Config): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftApp.appId,
    MicrosoftAppPassword: config.microsoftApp.appPassword,
    MicrosoftAppType: config.microsoftApp.appType,
    MicrosoftAppTenantId: config.microsoftApp.tenantId,
  });
  return new TransactionalCloudAdapter(auth);
}

/** Holds a turn's replies while its unit of work is open (see turnTransaction); sends everything else at once. */
export class TransactionalCloudAdapter extends CloudAdapter {
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const held = heldReplies(context);
    if (!held) return super.sendActivities(context, activities);
    held.push(...activities);
    return heldResponses(activities);
  }
}

/** One handler for every turn that throws: log it with context, apologise, and offer a person. */
export function handleTurnErrors(adapter: BotAdapter, logger: Logger, cards: CardRenderer): void {
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(
      {
        conversationId: context.activity.conversation?.id,
        activityType: context.activity.type,
        route: routeOf(context),
        err: { name: error.name, message: error.message, stack: error.stack },
      },
      'turn failed',
    );
    if (context.activity.type === 'invoke' || repliesDelivered(context)) return;
    const raced = error instanceof TurnConflictError;
    try {
      const card = cards.render('notice', {
        title: raced ? 'That arrived together with another message' : 'Sorry, something went wrong on my side',
        lines: [
          raced
            ? 'Several messages changed this conversation at the same moment, so I did nothing with this one. Please send it again.'
            : "I couldn't finish that, and nothing was changed. Please try again, or ask a support agent for help.",
        ],
        actions: [
          { title: 'Contact a support agent', data: { verb: 'agent' } },
          { title: 'Get Help', data: { verb: 'home' } },
        ],
      });
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    } catch (sendError) {
      logger.error({ err: (sendError as Error).message }, 'could not send the apology');
    }
  };
}
