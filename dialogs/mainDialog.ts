import type { Activity, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { requestAgent } from './agentRoute';
import { parseGlobalCommand, type GlobalCommand } from './commands';
import { emptyMemory, rememberBotReplies, type ConversationMemory } from './memory';
import { goBack, promptForSearch, showHome, showMenuNode } from './menuRoutes';
import { buttons } from './replies';
import { answerQuestion, noneOfThese, recordFeedback, recordFeedbackReason, showArticle } from './searchRoutes';
import { answerSmallTalk } from './smallTalk';
import { parseSubmission, type Submission, type SubmissionOf, type Verb } from './submissions';
import { noteTurn, setRoute, unitOf } from '../src/bot/turnFacts';
import { displayName, type DialogServices, type Turn } from './turn';

export const MAIN_DIALOG_ID = 'main';

/** The longest message the bot reads; the rest of a huge paste is ignored rather than refused. */
export const MAX_TEXT_LENGTH = 2000;

type SubmissionRoutes = { [V in Verb]: (turn: Turn, submission: SubmissionOf<V>) => Promise<void> };

/**
 * The turn router: feature interceptions (a live agent chat), card submissions, global commands, feature
 * intents (account questions, requests for a person), then knowledge search. It stays active for the
 * whole conversation; its state is the conversation's memory.
 */
export class MainDialog extends Dialog {
  private readonly submissions: SubmissionRoutes = {
    menu: async (turn, s) => {
      const node = turn.services.menu.node(s.node);
      await (node ? showMenuNode(turn, node) : this.stale(turn));
    },
    back: (turn, s) => goBack(turn, s.from),
    home: (turn) => showHome(turn),
    article: async (turn, s) => {
      const article = turn.services.knowledge.get(s.id);
      turn.route('search.article');
      await (article ? showArticle(turn, article) : this.stale(turn));
    },
    'search-start': (turn) => promptForSearch(turn),
    feedback: (turn, s) => recordFeedback(turn, s),
    'feedback-reason': (turn, s) => recordFeedbackReason(turn, s),
    'none-of-these': (turn, s) => noneOfThese(turn, s),
    agent: (turn) => requestAgent(turn, 'button'),
    // Feature verbs: reaching here means no feature claimed the submission.
    account: (turn) => this.stale(turn),
    confirm: (turn) => this.stale(turn),
    escalation: (turn) => this.stale(turn),
  };

  constructor(private readonly services: DialogServices) {
    super(MAIN_DIALOG_ID);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const memory = emptyMemory();
    dc.activeDialog!.state = memory;
    await this.route(dc.context, memory);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const memory = (dc.activeDialog!.state as ConversationMemory | undefined) ?? emptyMemory();
    dc.activeDialog!.state = memory;
    await this.route(dc.context, memory);
    return Dialog.EndOfTurn;
  }

  private async route(context: TurnContext, memory: ConversationMemory): Promise<void> {
    const turn = this.turn(context, memory);
    for (const feature of this.services.features) {
      if (await feature.intercept?.(turn)) return;
    }
    const activity = context.activity;
    if (activity.value !== undefined && activity.value !== null) {
      await this.routeSubmission(turn, activity.value);
      return;
    }
    const text = (activity.text ?? '').trim().slice(0, MAX_TEXT_LENGTH);
    if (text === '') {
      turn.route('empty');
      await turn.send(this.services.replies.welcome(displayName(turn)));
      return;
    }
    await this.routeText(turn, text);
  }

  private async routeSubmission(turn: Turn, value: unknown): Promise<void> {
    const submission = parseSubmission(value);
    if (!submission) {
      await this.stale(turn);
      return;
    }
    for (const feature of this.services.features) {
      if (await feature.submission?.(turn, submission)) return;
    }
    turn.route(`submit.${submission.verb}`);
    await (this.submissions[submission.verb] as (turn: Turn, s: Submission) => Promise<void>)(turn, submission);
  }

  private async routeText(turn: Turn, text: string): Promise<void> {
    const command = parseGlobalCommand(text);
    if (command) {
      turn.route(`command.${command}`);
      await this.runCommand(turn, command);
      return;
    }
    for (const feature of this.services.features) {
      if (await feature.text?.(turn, text)) return;
    }
    if (await answerSmallTalk(turn, text, displayName(turn))) return;
    await answerQuestion(turn, text);
  }

  private async runCommand(turn: Turn, command: GlobalCommand): Promise<void> {
    const { replies } = this.services;
    switch (command) {
      case 'menu':
        return showHome(turn);
      case 'back':
        return goBack(turn, turn.memory.menuNode);
      case 'search':
        return promptForSearch(turn);
      case 'help':
        return turn.send(replies.help());
      case 'start-over':
        Object.assign(turn.memory, emptyMemory());
        return turn.send(replies.welcome(displayName(turn)));
      case 'cancel':
        turn.memory.features = {};
        return turn.send(
          replies.notice({ lines: ['OK, cancelled. What would you like to do next?'], actions: [buttons.getHelp(), buttons.search(), buttons.agent()] }),
        );
    }
  }

  private async stale(turn: Turn): Promise<void> {
    turn.route('submit.stale');
    await turn.send(
      this.services.replies.notice({
        title: 'That button is no longer active',
        lines: ['It may belong to an older message. Here is the Get Help menu; you can also type your question.'],
      }),
    );
    await showHome(turn);
    turn.route('submit.stale');
  }

  private turn(context: TurnContext, memory: ConversationMemory): Turn {
    return {
      context,
      memory,
      unit: unitOf(context),
      services: this.services,
      send: async (...activities: Partial<Activity>[]) => {
        await context.sendActivities(activities);
        rememberBotReplies(memory, activities, this.services.clock.now());
      },
      route: (name) => setRoute(context, name),
      note: (notes) => noteTurn(context, notes),
    };
  }
}
