import {
  CardFactory,
  type BotAdapter,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { routeOf } from '../../dialogs/turn';
import type { CardRenderer } from '../../cards/render';

/** The Bot Framework adapter. With no app id it accepts unauthenticated activities (Emulator, local clients). */
export function createAdapter(config: Config): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftApp.appId,
    MicrosoftAppPassword: config.microsoftApp.appPassword,
    MicrosoftAppType: config.microsoftApp.appType,
    MicrosoftAppTenantId: config.microsoftApp.tenantId,
  });
  return new CloudAdapter(auth);
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
    if (context.activity.type === 'invoke' || context.responded) return;
    try {
      const card = cards.render('notice', {
        title: 'Sorry, something went wrong on my side',
        lines: ["I couldn't finish that. Please try again, or ask a support agent for help."],
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
