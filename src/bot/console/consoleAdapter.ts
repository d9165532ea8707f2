import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

/** A Bot Framework adapter for a terminal: the same bot code, with activities printed instead of posted. */
export class ConsoleAdapter extends BotAdapter {
  private readonly reference: ConversationReference;

  constructor(
    private readonly print: (activity: Partial<Activity>) => void,
    userId = 'console-user',
  ) {
    super();
    this.reference = {
      channelId: 'console',
      serviceUrl: 'console://local',
      user: { id: userId, name: userId },
      bot: { id: 'bot', name: 'Account help bot' },
      conversation: { id: `console-${randomUUID()}`, isGroup: false, conversationType: 'personal', name: 'console' },
    };
  }

  /** Runs one turn for an incoming activity built from what the user typed or picked. */
  async receive(fields: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Message, id: randomUUID(), timestamp: new Date(), ...fields },
      this.reference,
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity as Activity), logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const activity of activities) if (activity.type === ActivityTypes.Message) this.print(activity);
    return activities.map(() => ({ id: randomUUID() }));
  }

  override async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<void> {
    this.print(activity);
  }

  override async deleteActivity(): Promise<void> {}

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continue' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity as Activity), logic);
  }
}
