import {
  CardFactory,
  MessageFactory,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import type { CardRenderer } from '../../../cards/render';
import type { KnowledgeIndex } from '../../search';
import { conversationTypeOf, isTeams } from './activity';
import { answerCardAction, type VerbOf } from './cardActions';
import { TeamsInstallations } from './installations';
import { ArticleSearchExtension, InvalidInvokeError } from './messagingExtension';

type InvokeName = 'composeExtension/query' | 'composeExtension/selectItem';

/** What the bot does differently in Teams; the SupportBot delegates here so the core stays channel-neutral. */
export class TeamsChannel {
  readonly installations: TeamsInstallations;
  private readonly invokes: Record<InvokeName, (value: unknown) => MessagingExtensionResponse>;

  constructor(
    knowledge: KnowledgeIndex,
    private readonly cards: CardRenderer,
    private readonly verbOf: VerbOf,
  ) {
    this.installations = new TeamsInstallations();
    const search = new ArticleSearchExtension(knowledge, cards);
    this.invokes = {
      'composeExtension/query': (value) => search.query(value),
      'composeExtension/selectItem': (value) => search.selectItem(value),
    };
  }

  /** Answers the messaging extension's invokes; undefined for any other invoke. */
  async invoke(context: TurnContext): Promise<InvokeResponse | undefined> {
    const name = context.activity.name;
    if (name !== 'composeExtension/query' && name !== 'composeExtension/selectItem') return undefined;
    try {
      return { status: 200, body: this.invokes[name](context.activity.value) };
    } catch (error) {
      if (!(error instanceof InvalidInvokeError)) throw error;
      return { status: 400, body: { error: { code: 'BadRequest', message: error.message } } };
    }
  }

  cardAction(context: TurnContext, value: AdaptiveCardInvokeValue, route: () => Promise<void>): Promise<AdaptiveCardInvokeResponse> {
    return answerCardAction(context, value, this.verbOf, route);
  }

  /**
   * Installed: remember where (for proactive messages) and say hello: the welcome card in a personal
   * chat, a short note on how to reach the bot in a team or group chat. Uninstalled: forget it.
   */
  async installationUpdate(context: TurnContext, welcome: () => Promise<void>): Promise<void> {
    const action = context.activity.action ?? '';
    if (action.startsWith('remove')) {
      await this.installations.forget(context);
      return;
    }
    if (!action.startsWith('add')) return;
    await this.installations.remember(context);
    if (action !== 'add') return;
    if (conversationTypeOf(context.activity) === 'personal') {
      await welcome();
      return;
    }
    const card = this.cards.render('notice', {
      title: "Hi, I'm the account help bot",
      lines: [
        'Mention me with a question about subscriptions, renewals or billing and I will answer here.',
        'For answers about your own account, chat with me privately.',
      ],
    });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /**
   * In Teams the welcome comes with the installation (installationUpdate), which arrives alongside the
   * conversationUpdate; members joining a channel or group chat later are not greeted one by one.
   */
  welcomesNewMembers(context: TurnContext): boolean {
    return !isTeams(context.activity);
  }
}
