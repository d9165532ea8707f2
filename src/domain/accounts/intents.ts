import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { findPhrase, sameWord, words } from './text';
import { accountIntents, type AccountIntent } from './topics';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by dashes');

export const intentDefinition = z.strictObject({
  name: z.enum(accountIntents),
  /** An action changes the account behind a confirmation card; an answer only reads. */
  kind: z.enum(['answer', 'action']),
  description: z.string().min(10),
  /** Personal phrasings ("our", "my", a product): general how-to questions belong to the articles. */
  examples: z.array(z.string().min(3)).min(3),
  /** Articles to link under the answer. */
  articles: z.array(slug).default([]),
});

export const productName = z.strictObject({
  name: z.string().min(2),
  /** Other names people use: "AEC Collection", "Civil3D". */
  aliases: z.array(z.string().min(2)).default([]),
});

export const intentsFile = z.strictObject({
  intents: z.array(intentDefinition),
  /** The vendor's product names, so a product the viewer does not have reads as "not found". */
  products: z.array(productName).default([]),
});

export type IntentDefinition = z.infer<typeof intentDefinition>;
export type ProductName = z.infer<typeof productName>;
export type IntentCatalog = z.infer<typeof intentsFile>;

export class IntentsError extends Error {
  override readonly name = 'IntentsError';
}

/** Parses knowledge/intents.yaml (its text); every account intent must be defined exactly once. */
export function loadIntents(yamlText: string): IntentCatalog {
  const parsed = intentsFile.safeParse(parseYaml(yamlText));
  if (!parsed.success) throw new IntentsError(`intents.yaml: ${z.prettifyError(parsed.error)}`);
  const names = parsed.data.intents.map((i) => i.name);
  const missing = accountIntents.filter((name) => !names.includes(name));
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (missing.length > 0) throw new IntentsError(`intents.yaml: add the intents ${missing.join(', ')}.`);
  if (twice.length > 0) throw new IntentsError(`intents.yaml: ${twice.join(', ')} defined more than once; keep one of each.`);
  return parsed.data;
}

export interface IntentMatch {
  intent: AccountIntent;
  /** 0..1: how closely the text matches the intent's best example. */
  confidence: number;
}

/** Below this, the text is not taken for any account intent. */
export const INTENT_THRESHOLD = 0.5;

/**
 * An account intent for a personal account question ("when does our AutoCAD renew?"), or undefined
 * for anything else, including general how-to questions ("how do I turn off auto-renew?") that the
 * articles answer. `names` adds the viewer's own product and team names as signals.
 */
export function classifyAccountIntent(text: string, catalog: IntentCatalog, names: readonly string[] = []): IntentMatch | undefined {
  if (personalScore(text, catalog, names) < PERSONAL_THRESHOLD) return undefined;
  return matchIntent(text, catalog);
}

/** The closest intent by example phrases, regardless of whether the question is personal. */
export function matchIntent(text: string, catalog: IntentCatalog): IntentMatch | undefined {
  const typed = intentTerms(withoutProducts(text, prepared(catalog).productPhrases));
  if (typed.length === 0) return undefined;
  let best: IntentMatch | undefined;
  for (const { intent, terms } of prepared(catalog).examples) {
    const confidence = similarity(typed, terms);
    if (!best || confidence > best.confidence) best = { intent, confidence };
  }
  return best && best.confidence >= INTENT_THRESHOLD ? { intent: best.intent, confidence: Math.round(best.confidence * 100) / 100 } : undefined;
}

/** What every question is compared with, worked out once per catalog rather than on every turn. */
interface PreparedCatalog {
  /** Product names and aliases as words, longest first. */
  productPhrases: string[][];
  examples: { intent: AccountIntent; terms: string[] }[];
}

// Catalogs are loaded once and never changed, so what is prepared from one stays right.
const preparedCatalogs = new WeakMap<IntentCatalog, PreparedCatalog>();

function prepared(catalog: IntentCatalog): PreparedCatalog {
  let ready = preparedCatalogs.get(catalog);
  if (!ready) {
    const productPhrases = catalog.products.flatMap((p) => [p.name, ...p.aliases]).map(words).sort((a, b) => b.length - a.length);
    const examples = catalog.intents.flatMap((intent) =>
      intent.examples.map((example) => ({ intent: intent.name, terms: intentTerms(withoutProducts(example, productPhrases)) })),
    );
    ready = { productPhrases, examples };
    preparedCatalogs.set(catalog, ready);
  }
  return ready;
}

/** Half how much of the example the text covers, half how little else the text says (Dice); verbs weigh double. */
function similarity(typed: readonly string[], example: readonly string[]): number {
  const weight = (terms: readonly string[]): number => terms.reduce((sum, term) => sum + (VERBS.has(term) ? 2 : 1), 0);
  const shared = weight(example.filter((term) => typed.some((t) => sameWord(t, term))));
  const whole = weight(example);
  return whole === 0 ? 0 : 0.5 * (shared / whole) + 0.5 * ((2 * shared) / (weight(typed) + whole));
}

/** What to do decides between intents that talk about the same thing ("unassign the seat" vs "the seat"). */
const VERBS = new Set(['unassign', 'remove', 'free', 'move', 'put', 'transfer', 'turn', 'on', 'off']);

export const PERSONAL_THRESHOLD = 2;

const ID = /\b[sc]-?\d{3}\b/i;
const OWNER = /\b(our|ours|my|mine|we|us|we're|we've)\b/gi;
const DATA_QUESTION =
  /\b(when (does|do|will|is|are|did)|how much|how many|are we|do we|have we|did we|(is|are) (our|my)|who (is|are|was) (our|my)|(for|to) (us|me)|which team (pays|is|does)|what (is|are|was) (our|my)|what's (our|my)|(in|on|for|with|across) (our|my) (account|company|organi[sz]ation|subscriptions))\b/i;
const HOW_TO =
  /\b(how (do|can|should|would|could|does) (i|we|you|one|a|an|the)|how to|(can|could|may) (i|we)|is it possible|where (do|can|should|is|are|would|does)|why|what (is|are|does|do) (the|a|an)|what (happens|causes)|what's the|which (admins|products|roles|users|people)|who can)\b/i;
const COMMAND = /^\s*(please\s+)?(turn|switch|disable|enable|cancel|stop|renew|move|unassign|remove|free|show|list|give|tell|check|update|change|transfer|put|reassign|set)\b/i;
const FOR_SOMETHING = /\b(for|of|in)\s+(?!(a|an|the|my|our|me|us|it|this|that|them|you|all|each)\b)[a-z0-9]/i;

/**
 * How personal a question is: who owns it (our, my, we), what it names (a product, an id, the
 * viewer's teams), whether it is a command, against how-to phrasing (how do I, can I, why).
 */
export function personalScore(text: string, catalog: IntentCatalog, names: readonly string[] = []): number {
  const lower = text.toLowerCase();
  const isQuestion = HOW_TO.test(lower) || /\?\s*$/.test(lower) || /^\s*(who|what|when|where|which|why|how|is|are|do|does|can)\b/.test(lower);
  let score = Math.min(2, (lower.match(OWNER) ?? []).length);
  const typed = words(text);
  if (ID.test(lower) || namesProduct(typed, catalog) || names.some((name) => findPhrase(typed, words(name)).length > 0)) score += 3;
  if (COMMAND.test(lower)) score += 2;
  if (DATA_QUESTION.test(lower)) score += 1;
  if (HOW_TO.test(lower)) score -= 2;
  if (!isQuestion && FOR_SOMETHING.test(lower)) score += 2;
  return score;
}

function namesProduct(typed: readonly string[], catalog: IntentCatalog): boolean {
  return prepared(catalog).productPhrases.some((phrase) => findPhrase(typed, phrase).length > 0);
}

const PREPOSITIONS = new Set(['on', 'for', 'of', 'in', 'to', 'from']);
const DETERMINERS = new Set(['the', 'our', 'my', 'a', 'an']);

/** The text without product names and ids (and the "on", "for" before them), so they do not dilute the match. */
function withoutProducts(text: string, productPhrases: readonly string[][]): string[] {
  let typed = words(text.replace(new RegExp(ID.source, 'gi'), ' target '));
  for (const phrase of productPhrases) {
    for (const start of findPhrase(typed, phrase).reverse()) typed = [...typed.slice(0, start), 'target', ...typed.slice(start + phrase.length)];
  }
  return typed.filter((word, i) => word !== 'target' && !(PREPOSITIONS.has(word) && leadsToTarget(typed, i + 1)));
}

function leadsToTarget(typed: readonly string[], from: number): boolean {
  let i = from;
  while (DETERMINERS.has(typed[i] ?? '')) i++;
  return typed[i] === 'target';
}

const STOP = new Set(
  'a an the is are am be been do does did i me my our ours we us you your it its this that these those to for of in at by with from about please can could would should will there any some so just also up out me then than if as or and show tell give list see know let want need like get got have has what'.split(' '),
);

/** One spelling per idea: "auto-renewal", "automatic renewal" and "autorenew" are all "autorenew". */
const PHRASES: [RegExp, string][] = [
  [/\bauto ?renew(al|ing|s|ed)?\b|\bautomatic(ally)? renew(al)?\b|\brenew(s)? automatically\b/g, 'autorenew'],
  [/\bover ?assign(ed|ment)?\b/g, 'overassign'],
  [/\bunder ?assign(ed|ment)?\b/g, 'underassign'],
  [/\b(credit card|card|payment details|payment method|billing info(rmation)?|billing details)\b/g, 'payment'],
  [/\b(disable|deactivate|cancel|stop)\b/g, 'turn off'],
  [/\b(enable|activate|reactivate)\b/g, 'turn on'],
  [/\bswitch\b/g, 'turn'],
];

const SYNONYMS: Record<string, string> = { usage: 'use', used: 'use', using: 'use', bought: 'buy', purchased: 'buy', order: 'purchase', invoice: 'purchase', expiring: 'expire', expiry: 'expire', expiration: 'expire' };

/** Words reduced to comparable terms: phrases unified, stop words dropped, endings trimmed. */
export function intentTerms(typed: readonly string[]): string[] {
  let text = typed.join(' ');
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  return text
    .split(' ')
    .filter((w) => w.length > 0 && !STOP.has(w))
    .map((w) => SYNONYMS[w] ?? stem(w))
    .map((w) => SYNONYMS[w] ?? w);
}

function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('al') && word.length > 6) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
