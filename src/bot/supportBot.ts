import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationState,
  type InvokeResponse,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import { type Dialog, DialogSet, DialogTurnStatus, type DialogState, type DialogStateManagerConfiguration } from 'botbuilder-dialogs';
import type { TeamsChannel } from './teams';

/** The turn-state key under which botbuilder-dialogs looks for a ready dialog memory configuration. */
const DIALOG_STATE_CONFIGURATION = 'DialogStateManagerConfiguration';

/** Routes activities to the main dialog and saves conversation state after every turn. Teams specifics live in teams/. */
export class SupportBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  /** Dialog memory scopes, collected on the first turn and reused, as botbuilder's DialogManager does. */
  private dialogStateConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(
    private readonly conversationState: ConversationState,
    /** The dialog every conversation runs (the turn router); it stays active for the whole conversation. */
    private readonly dialog: Dialog,
    private readonly teams: TeamsChannel,
  ) {
    super();
    const accessor: StatePropertyAccessor<DialogState> = conversationState.createProperty('dialogState');
    this.dialogs = new DialogSet(accessor).add(dialog);

    this.onMessage(async (context, next) => {
      await this.runDialog(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).some((member) => member.id !== context.activity.recipient?.id);
      if (joined && this.teams.welcomesNewMembers(context)) await this.runDialog(context);
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      await this.teams.installationUpdate(context, () => this.runDialog(context));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    return (await this.teams.invoke(context)) ?? super.onInvokeActivity(context);
  }

  /** An `Action.Execute` press: the same routing as a card submit, answered with the updated card. */
  protected override onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return this.teams.cardAction(context, invoke, () => this.runDialog(context));
  }

  private async runDialog(context: TurnContext): Promise<void> {
    if (this.dialogStateConfiguration) context.turnState.set(DIALOG_STATE_CONFIGURATION, this.dialogStateConfiguration);
    const dc = await this.dialogs.createContext(context);
    this.dialogStateConfiguration ??= dc.state.configuration;
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.dialog.id);
  }
}
