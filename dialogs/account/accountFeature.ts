import {
  accountIntents,
  actionRequestFor,
  answerAccountQuestion,
  classifyAccountIntent,
  matchIntent,
  newRequestId,
  decide,
  namesOneUnnamed,
  resellersAsWord,
  resellerNames,
  refused,
  isActionIntent,
  noAccount,
  notFound,
  sayingMissing,
  teamNotFound,
  teamNamesFor,
  unknownTeamNamed,
  recognizeTargets,
  resolveTarget,
  type AccountIntent,
  type AccountSource,
  type Permission,
  type ActionIntent,
  type Choice,
  type Identity,
  type IntentCatalog,
  type Target,
  type AccountReply,
  type AnswerIntent,
  type Recognition,
} from '../../src/domain/accounts';
import type { MenuNode } from '../../src/domain/menu';
import type { Article } from '../../src/search/knowledge';
import type { AccountRepository } from '../../src/storage/accountRepository';
import { identityOf } from '../../src/bot/identity';
import { rememberSearch } from '../memory';
import { answerQuestion, showArticle } from '../searchRoutes';
import type { SubmissionOf, Submission } from '../submissions';
import type { Feature, Turn } from '../turn';
import { sendAccountReply } from './accountReply';
import { answerTitles, offersFor, whichOneCard } from './accountViews';
import { Confirmations } from './confirmations';

type ActionName = ActionIntent | 'renew-early';
/** How closely a general question must match an account intent's examples to add the customer's own data. */
const OWN_DATA_CONFIDENCE = 0.75;
/** Words that make a question about the asker's own account. */
const OWN_ACCOUNT = /\b(our|ours|my|mine|we|us)\b/i;

const isKnownIntent = (name: string): name is AccountIntent | 'renew-early' => name === 'renew-early' || (accountIntents as readonly string[]).includes(name);

/**
 * Account answers and actions for identified customers: free text classified into an account intent,
 * menu leaves with an `account` answer, and buttons under answers. Every read and action goes through
 * the domain's access rules; this feature only decides what to show.
 */
export class AccountFeature implements Feature {
  readonly name = 'account';

  constructor(
    private readonly accounts: AccountRepository,
    private readonly catalog: IntentCatalog,
    private readonly confirmations: Confirmations,
  ) {}

  async text(turn: Turn, text: string): Promise<boolean> {
    const identity = identityOf(turn.context);
    if (identity.kind === 'agent') return false;
    const read = identity.kind === 'customer' ? resellersAsWord(text, identity.tenant) : text;
    const match = classifyAccountIntent(text, this.catalog, namesOf(identity), turn.services.knowledge.vocabulary, turn.services.knowledge.spellChecked(read));
    if (!match) return this.articleWithOwnData(turn, identity, read);
    // "Cancel AutoCAD and get a refund", "add a new user to our Design team": a topic the articles leave out gets the
    // honest answer saying where it goes, not the nearest account view, unless the account's own data answers it.
    const uncovered = turn.services.knowledge.vocabulary.notCovered(read);
    if (uncovered && !uncovered.accountData) return false;
    if (identity.kind === 'anonymous') {
      // Only a question about "our"/"my" account needs the sign-in note; anything else is a general question.
      if (!OWN_ACCOUNT.test(text)) return false;
      return this.answerVisitor(turn, match.intent, text);
    }
    turn.route(`account.${match.intent}`);
    const data = await this.data(turn, identity);
    const recognition = targetsFor(match.intent, recognizeTargets(data, identity, text, this.catalog.products));
    const resolution = resolveTarget(recognition);
    const unknownTeam = TEAM_INTENTS.has(match.intent) && recognition.teams.length === 0 ? unknownTeamNamed(data, identity, text) : undefined;
    if (unknownTeam !== undefined && resolution.kind !== 'not-found') {
      await sendAccountReply(turn, answerTitles[match.intent], teamNotFound(unknownTeam, teamNamesFor(data, identity)), []);
    } else if (resolution.kind === 'not-found') {
      await sendAccountReply(turn, answerTitles[match.intent], notFound(resolution.what), []);
    } else if (resolution.kind === 'hidden') {
      // Named, in their own company, but not theirs to see or change: say so and who can, not "you have none".
      const decision = decide(identity, permissionFor(match.intent), { subscription: resolution.subscription });
      const reply = decision.allowed ? notFound(resolution.what) : refused(decision);
      await sendAccountReply(turn, answerTitles[match.intent], reply, this.articles(turn, match.intent));
    } else if (resolution.kind === 'several' && resolution.named && !isActionIntent(match.intent)) {
      await this.respondForEach(turn, identity, match.intent, resolution.choices.map((choice) => choice.target), recognition.notFound);
    } else if (resolution.kind === 'several') {
      await this.askWhichOne(turn, identity, match.intent, resolution.choices);
    } else if (resolution.kind === 'none' && !isActionIntent(match.intent) && ONE_TARGET.has(match.intent) && namesOneUnnamed(text)) {
      await this.askWhichOne(turn, identity, match.intent, this.subscriptionChoices(identity, data, turn.services.clock.now()));
    } else {
      await this.respond(turn, identity, match.intent, resolution.kind === 'one' ? resolution.target : {}, recognition.notFound);
    }
    return true;
  }

  /** Buttons of the viewer's own subscriptions; with only one there is nothing to ask, so that one is answered. */
  private async askWhichOne(turn: Turn, identity: Identity, intent: AccountIntent | 'renew-early', choices: Choice[]): Promise<void> {
    const [only] = choices;
    if (only && choices.length === 1) await this.respond(turn, identity, intent, only.target);
    else if (choices.length === 0) await this.respond(turn, identity, intent, {});
    else await turn.send(whichOneCard(turn.services.replies, intent, choices));
  }

  /**
   * "When do AutoCAD and Civil 3D renew?": one answer covering each thing named. `missing`: what else the
   * question named that the viewer doesn't have ("AutoCAD vs Civil 3D"), said first.
   */
  private async respondForEach(turn: Turn, identity: Identity, intent: AnswerIntent, targets: Target[], missing: readonly string[] = []): Promise<void> {
    const data = await this.data(turn, identity);
    const now = turn.services.clock.now();
    const replies = targets.map((target) => answerAccountQuestion(intent, data, identity, now, target));
    await sendAccountReply(turn, answerTitles[intent], sayingMissing(combined(replies), missing), this.articles(turn, intent));
  }

  async submission(turn: Turn, submission: Submission): Promise<boolean> {
    if (submission.verb === 'confirm') return this.confirmations.settle(turn, submission);
    if (submission.verb !== 'account') return false;
    if (!isKnownIntent(submission.intent)) return false;
    turn.route(`account.${submission.intent}`);
    await this.respond(turn, identityOf(turn.context), submission.intent, targetOf(submission));
    return true;
  }

  /**
   * A visitor asking about "our" account is told to sign in, and gets the general article: the search's
   * answer when it has one, else the article the intent links first (it is about the same thing).
   */
  private async answerVisitor(turn: Turn, intent: AccountIntent, text: string): Promise<boolean> {
    const outcome = turn.services.knowledge.search(text);
    const general = outcome.kind === 'answer' ? outcome.hit.article : outcome.kind === 'none' && outcome.notCovered ? undefined : this.articles(turn, intent)[0];
    // A topic the articles don't cover ("my AutoCAD crashes"): not an account question, so the honest fallback.
    if (!general) return false;
    rememberSearch(turn.memory, text);
    await sendAccountReply(turn, answerTitles[intent], noAccount(), []);
    await showArticle(turn, general, text);
    turn.route(`account.${intent}.visitor`);
    return true;
  }

  /**
   * A general question ("token usage by team", "can I renew early?") from an identified customer gets the
   * article as anyone would, and under it their own answer when the question clearly names a read intent.
   */
  private async articleWithOwnData(turn: Turn, identity: Identity, text: string): Promise<boolean> {
    if (identity.kind !== 'customer') return false;
    const named = matchIntent(text, this.catalog, turn.services.knowledge.vocabulary);
    if (!named || named.confidence < OWN_DATA_CONFIDENCE || isActionIntent(named.intent)) return false;
    const data = await this.data(turn, identity);
    const resolution = resolveTarget(recognizeTargets(data, identity, text, this.catalog.products));
    const target = resolution.kind === 'one' ? resolution.target : {};
    if (resolution.kind === 'not-found' || resolution.kind === 'hidden') return false;
    const reply = answerAccountQuestion(named.intent, data, identity, turn.services.clock.now(), target);
    // Their own answer, or why they can't see it and who can; "not found" under a general answer is noise.
    if (reply.kind !== 'answer' && reply.kind !== 'refused') return false;
    await answerQuestion(turn, text);
    await sendAccountReply(turn, answerTitles[named.intent], reply, [], offersFor(reply));
    turn.route(`search+account.${named.intent}`);
    return true;
  }

  /** Under a menu leaf's article, an identified customer also gets their own answer. */
  async leaf(turn: Turn, node: MenuNode): Promise<void> {
    const identity = identityOf(turn.context);
    if (!node.account || identity.kind !== 'customer' || !isKnownIntent(node.account)) return;
    await this.respond(turn, identity, node.account, {});
  }

  private async respond(turn: Turn, identity: Identity, intent: AccountIntent | 'renew-early', target: Target, missing: readonly string[] = []): Promise<void> {
    const data = await this.data(turn, identity);
    if (intent === 'renew-early' || isActionIntent(intent)) {
      await this.prepareAction(turn, identity, data, intent, target);
      return;
    }
    const reply = sayingMissing(answerAccountQuestion(intent, data, identity, turn.services.clock.now(), target), missing);
    await sendAccountReply(turn, answerTitles[intent], reply, this.articles(turn, intent), offersFor(reply));
  }

  private async prepareAction(turn: Turn, identity: Identity, data: AccountSource, action: ActionName, target: Target): Promise<void> {
    const request = actionRequestFor(action === 'renew-early' ? 'early-renewal' : action, newRequestId(), target);
    if (!request) {
      await this.askForTarget(turn, identity, data, action, target);
      return;
    }
    await this.confirmations.propose(turn, identity, data, request, answerTitles[action]);
  }

  /** The action needs a subscription (and, to move one, a team): offer the ones this viewer can act on. */
  private async askForTarget(turn: Turn, identity: Identity, data: AccountSource, action: ActionName, target: Target): Promise<void> {
    if (identity.kind !== 'customer') {
      await sendAccountReply(turn, answerTitles[action], noAccount(), []);
      return;
    }
    // Someone who may not do this to any subscription is told so and who can, rather than asked which one.
    const decision = decide(identity, action === 'renew-early' ? 'manage-renewal' : permissionFor(action));
    if (!decision.allowed) {
      await sendAccountReply(turn, answerTitles[action], refused(decision), []);
      return;
    }
    const options =
      action === 'move-subscription' && target.subscription
        ? identity.tenant.teams.map((team) => ({ label: team.name, target: { ...target, team: team.id } }))
        : this.subscriptionChoices(identity, data, turn.services.clock.now());
    const [only] = options;
    // One subscription (and no team to pick): nothing to ask, so go on with it.
    if (only && options.length === 1 && !(action === 'move-subscription' && target.subscription)) await this.prepareAction(turn, identity, data, action, { ...target, ...only.target });
    else await turn.send(whichOneCard(turn.services.replies, action, options));
  }

  private subscriptionChoices(identity: Identity, data: AccountSource, now: Date): Choice[] {
    const reply = answerAccountQuestion('renewal-status', data, identity, now);
    if (reply.kind !== 'answer') return [];
    return (reply.data as { subscription: string; product: string }[]).map((row) => ({
      label: `${row.product} (${row.subscription})`,
      target: { subscription: row.subscription },
    }));
  }

  private articles(turn: Turn, intent: AccountIntent | 'renew-early'): Article[] {
    const name = intent === 'renew-early' ? 'early-renewal' : intent;
    const ids = this.catalog.intents.find((definition) => definition.name === name)?.articles ?? [];
    return ids.map((id) => turn.services.knowledge.get(id)).filter((article): article is Article => article !== undefined);
  }

  /** The viewer's own tenant, read afresh in the turn's unit (another replica may just have changed it). */
  private async data(turn: Turn, identity: Identity): Promise<AccountSource> {
    if (identity.kind !== 'customer') return { tenants: [] };
    return { tenants: [(await this.accounts.tenantIn(turn.unit, identity.tenant.id)) ?? identity.tenant] };
  }
}

/** Intents about one subscription or contract at a time: "my subscription" among several needs a choice. */
const ONE_TARGET: ReadonlySet<AccountIntent> = new Set(['renewal-status', 'auto-renew', 'early-renewal', 'renewal-cost', 'contract-details', 'subscription-teams', 'added-seats']);

/** Intents whose answer can be about one team: a team named that the viewer doesn't have is said missing. */
const TEAM_INTENTS: ReadonlySet<AccountIntent> = new Set(['subscription-teams', 'seat-usage', 'token-usage', 'insights', 'subscriptions', 'added-seats', 'move-subscription']);

/** Several answers as one: every line once; a refusal or not-found among answers keeps its lines. */
function combined(replies: AccountReply<unknown>[]): AccountReply<unknown> {
  const [first] = replies;
  if (!first || replies.length === 1) return first ?? notFound();
  const lines = [...new Set(replies.flatMap((reply) => reply.lines))];
  const answered = replies.find((reply) => reply.kind === 'answer');
  return answered ? { ...answered, data: replies.flatMap((reply) => (reply.kind === 'answer' ? [reply.data].flat() : [])), lines } : { ...first, lines };
}

function targetOf(submission: SubmissionOf<'account'>): Target {
  const target: Target = {};
  if (submission.subscription) target.subscription = submission.subscription;
  if (submission.contract) target.contract = submission.contract;
  if (submission.team) target.team = submission.team;
  return target;
}

/** What a viewer would need for an intent on a subscription they can't see. */
function permissionFor(intent: AccountIntent): Permission {
  if (intent === 'move-subscription' || intent === 'unassign-seat') return 'manage-teams';
  if (intent === 'auto-renew-off' || intent === 'auto-renew-on' || intent === 'early-renewal') return 'manage-renewal';
  return 'see-subscription';
}

/** The viewer's own product, team and reseller names help tell "our AutoCAD" or "Northwind's phone" from a general question. */
function namesOf(identity: Identity): string[] {
  if (identity.kind !== 'customer') return [];
  const contracts = identity.tenant.contracts;
  const products = contracts.flatMap((contract) => contract.subscriptions.map((subscription) => subscription.product));
  const resellers = contracts.flatMap((contract) => (contract.purchasedVia === 'reseller' ? resellerNames(contract.reseller.name) : []));
  return [...new Set([...products, ...identity.tenant.teams.map((team) => team.name), ...resellers])];
}

/**
 * Flex tokens are used by product but belong to no subscription: "token usage for Inventor" is answered from
 * the report, which names every product that used tokens, rather than as a subscription the viewer lacks.
 */
function targetsFor(intent: AccountIntent, recognition: Recognition): Recognition {
  return intent === 'token-usage' ? { ...recognition, subscriptions: [], contracts: [], notFound: [], hidden: [] } : recognition;
}
