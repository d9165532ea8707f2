import type { Decision } from './access';
import type { AccountIntent } from './topics';

/** An answer from the account data: structured facts for a card, and the same as plain sentences. */
export interface Answer<T> {
  kind: 'answer';
  intent: AccountIntent;
  data: T;
  lines: string[];
}

/** The viewer's role does not allow it; says who can, and nothing of the data. */
export interface Refused {
  kind: 'refused';
  reason: string;
  whoCan: string;
  lines: string[];
}

/** The sender is not an identified customer. */
export interface NoAccount {
  kind: 'no-account';
  lines: string[];
}

/** The target is not in the viewer's account, or not visible to them: the two read the same. */
export interface NotFound {
  kind: 'not-found';
  lines: string[];
}

export type AccountReply<T> = Answer<T> | Refused | NoAccount | NotFound;

export function answer<T>(intent: AccountIntent, data: T, lines: string[]): Answer<T> {
  return { kind: 'answer', intent, data, lines };
}

export function noAccount(): NoAccount {
  return {
    kind: 'no-account',
    lines: [
      "I can't see an account for you, so I can't answer questions about your own subscriptions, renewals or billing.",
      'Sign in (chat with me from the account portal, or from Microsoft Teams with your work account) to see your own subscriptions. Meanwhile, here is the general answer; the Get Help menu and a support agent are here for you too.',
    ],
  };
}

/** `what` is what the viewer named (their own words or ids), never anything looked up. */
export function notFound(what?: string | readonly string[]): NotFound {
  const named = what === undefined ? [] : typeof what === 'string' ? [what] : [...what];
  const thing = named.length > 0 ? quotedList(named) : 'that';
  // Product names read as "you have none"; ids are only echoed back, quoted.
  const products = named.filter((name) => !isId(name));
  const none = products.length > 0 ? [missingProducts(products)] : [];
  return {
    kind: 'not-found',
    lines: [...none, `I couldn't find ${thing} among the subscriptions and contracts you can see in your account.`, 'Check the name or id, or ask me to list your subscriptions.'],
  };
}

/**
 * An answer about the things a question named that the viewer has, saying first which products it named that
 * they don't ("AutoCAD vs Civil 3D"); ids they named are not echoed here.
 */
export function sayingMissing<T>(reply: AccountReply<T>, named: readonly string[]): AccountReply<T> {
  const products = named.filter((name) => !isId(name));
  return products.length === 0 || reply.kind === 'not-found' ? reply : { ...reply, lines: [missingProducts(products), ...reply.lines] };
}

function missingProducts(names: readonly string[]): string {
  return `You have no ${quotedList(names)} subscription or contract that I can see.`;
}

/** A team the viewer named that their company doesn't have (or they can't see), with the teams they can. */
export function teamNotFound(name: string, teams: readonly string[]): NotFound {
  const known = teams.length > 0 ? [`The teams I can see for you: ${teams.join(', ')}.`] : [];
  return { kind: 'not-found', lines: [`You have no team called "${name}" that I can see.`, ...known] };
}

const isId = (name: string): boolean => /^[a-z]+-?\d+$/i.test(name);
const quotedList = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(' or ');

export function refused(decision: Extract<Decision, { allowed: false }>): Refused {
  const ask = decision.whoCan ? [`${decision.whoCan} can help with this.`] : [];
  return { kind: 'refused', reason: decision.reason, whoCan: decision.whoCan, lines: [decision.reason, ...ask] };
}
