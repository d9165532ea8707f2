import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TermAnalyser } from '../../language/analyser';
import { Vocabulary } from '../../language/vocabulary';
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
 * articles answer. `names` adds the viewer's own product, team and reseller names as signals; `read` is the
 * text as the intent is matched, when the caller has rewritten names in it ("Northwind" as "our reseller").
 */
export function classifyAccountIntent(text: string, catalog: IntentCatalog, names: readonly string[] = [], vocabulary: Vocabulary = NO_VOCABULARY, read = text): IntentMatch | undefined {
  if (personalScore(text, catalog, names) < PERSONAL_THRESHOLD) return undefined;
  const match = matchIntent(read, catalog, vocabulary, names);
  if (!match) return undefined;
  const status = YES_NO.test(text) ? STATUS_OF[match.intent] : undefined;
  const cost = PRICE.test(text) && !PAST.test(text) ? COST_OF[match.intent] : undefined;
  // "When does my Revit expire?" asks one subscription's date, not what is about to expire.
  const date = match.intent === 'upcoming-expirations' && /\bwhen\b/i.test(text) && namesProduct(words(text), catalog) ? 'renewal-status' : undefined;
  // "Who has a seat on Revit?" asks who holds it, not what they have: Insights name the holders.
  const holders = match.intent === 'subscriptions' && HOLDERS.test(text) ? 'insights' : undefined;
  // "The invoice from when we bought Revit" is in the purchase history, not the card on file.
  const bought = match.intent === 'billing-info' && INVOICE.test(text) && BOUGHT.test(text) ? 'purchase-history' : undefined;
  // "Who do I ask for more licences?" asks who looks after the subscriptions: the admins.
  const whom = match.intent === 'subscriptions' && ASK_WHOM.test(text) ? 'admins' : undefined;
  const intent = status ?? cost ?? date ?? holders ?? bought ?? whom;
  return intent ? { ...match, intent } : match;
}

/**
 * "How much will the AEC Collection cost when it renews?" asks for a price, however much of it is about
 * renewing: answers that show no amount (the renewal date, the card on file, what they have) give way to the
 * renewal's cost. Past payments are the purchase history's, which the examples already tell apart.
 */
const COST_OF: Partial<Record<AccountIntent, AccountIntent>> = {
  'renewal-status': 'renewal-cost',
  'billing-info': 'renewal-cost',
  subscriptions: 'renewal-cost',
  'contract-details': 'renewal-cost',
};
const PRICE = /\b(how much|costs?|costing|prices?|priced)\b/i;
const PAST = /\b(did|paid|was|were|last|previous|ago)\b/i;

/** "Which contracts do I manage?": which of them are the asker's. */
const MINE = /\bwhich (contracts?|subscriptions?|licen[cs]es?|seats?|teams?|products?) (do|did) (i|we) (have|manage|own|hold|use|pay for|look after)\b/i;
const ASK_WHOM = /\bwho (do|should|can|could|would) (i|we) (ask|contact|talk to|speak to|speak with|go to|turn to|email|call)\b/i;
const INVOICE = /\b(invoices?|receipts?|bills?)\b/i;
const BOUGHT = /\b(bought|purchased|ordered|paid|last (year|month|time)|previous|ago)\b/i;

const HOLDERS = /\bwho(\s+all)?\s+(has|have|holds?|gets?|got|is\s+(on|assigned|using))\b[^?.]*\b(seats?|licen[cs]es?|assigned|it)\b|\bwho(\s+all)?\s+(is|are)\s+(assigned|using)\b/i;

/** "Is auto-renew switched on?" asks how things are: the answer that shows it, not the action that changes it. */
const STATUS_OF: Partial<Record<AccountIntent, AccountIntent>> = {
  'auto-renew-off': 'auto-renew',
  'auto-renew-on': 'auto-renew',
  'move-subscription': 'subscription-teams',
  'unassign-seat': 'contract-manager-seat',
};
const YES_NO = /^\s*([^?.!]{1,60}?\s*[-–—:,]\s*)?(is|are|was|were|does|do|did|has|have)\b(?!\s+(you|we|i)\s+(want|need|wish)\b)/i;

/**
 * The closest intent by example phrases, regardless of whether the question is personal. Both are read by
 * the language layer with the knowledge's vocabulary, as search reads questions.
 */
export function matchIntent(text: string, catalog: IntentCatalog, vocabulary: Vocabulary = NO_VOCABULARY, names: readonly string[] = []): IntentMatch | undefined {
  const ready = prepared(catalog, vocabulary);
  const phrases = [...ready.productPhrases, ...names.map(words)].sort((a, b) => b.length - a.length);
  const rest = withoutProducts(text, phrases);
  const typed = ready.terms(rest);
  // Nothing but a name ("do we have Revit?", "AutoCAD?"): what they have of it.
  if (typed.length === 0) return rest.length < words(text).length ? { intent: 'subscriptions', confidence: 1 } : undefined;
  let best: IntentMatch | undefined;
  for (const { intent, terms } of ready.examples) {
    const confidence = similarity(typed, terms, ready.verbs);
    if (!best || confidence > best.confidence) best = { intent, confidence };
  }
  return best && best.confidence >= INTENT_THRESHOLD ? { intent: best.intent, confidence: Math.round(best.confidence * 100) / 100 } : undefined;
}

/** What every question is compared with, worked out once per catalog rather than on every turn. */
interface PreparedCatalog {
  /** Product names and aliases as words, longest first. */
  productPhrases: string[][];
  examples: { intent: AccountIntent; terms: string[] }[];
  /** A question's words (products taken out) as comparable terms. */
  terms: (typed: readonly string[]) => string[];
  verbs: ReadonlySet<string>;
}

const NO_VOCABULARY = Vocabulary.empty();

/**
 * Stop words to search, but "on", "off" and "not" tell "turn auto-renew on" from "off" and "don't renew";
 * "when" asks for a date ("when does it expire") where a bare "expiring" asks what is about to; and "will"
 * asks what is coming ("what will we pay") rather than how things are ("what card do we pay with"), and "did" what
 * is past ("how much did we pay": the purchase history).
 */
const KEPT_STOP_WORDS = new Set(['on', 'off', 'not', 'now', 'when', 'will', 'did']);

// Catalogs and vocabularies are loaded once and never changed, so what is prepared from them stays right.
const preparedCatalogs = new WeakMap<IntentCatalog, WeakMap<Vocabulary, PreparedCatalog>>();

function prepared(catalog: IntentCatalog, vocabulary: Vocabulary): PreparedCatalog {
  const byVocabulary = preparedCatalogs.get(catalog) ?? new WeakMap<Vocabulary, PreparedCatalog>();
  preparedCatalogs.set(catalog, byVocabulary);
  let ready = byVocabulary.get(vocabulary);
  if (!ready) {
    const analyser = new TermAnalyser(vocabulary, KEPT_STOP_WORDS);
    // Once each: "which card do we pay with" is about payment once, not twice. A named month is a time, as "next month" is.
    const terms = (typed: readonly string[]): string[] => [...new Set(analyser.terms(typed.map((word) => (MONTHS.has(word) ? 'month' : word)).join(' ')))];
    const productPhrases = catalog.products.flatMap((p) => [p.name, ...p.aliases]).map(words).sort((a, b) => b.length - a.length);
    const examples = catalog.intents.flatMap((intent) =>
      intent.examples.map((example) => ({ intent: intent.name, terms: terms(withoutProducts(example, productPhrases)) })),
    );
    ready = { productPhrases, examples, terms, verbs: new Set(VERBS.flatMap((verb) => analyser.terms(verb))) };
    byVocabulary.set(vocabulary, ready);
  }
  return ready;
}

/** Half how much of the example the text covers, half how little else the text says (Dice); verbs weigh double. */
function similarity(typed: readonly string[], example: readonly string[], verbs: ReadonlySet<string>): number {
  const weight = (terms: readonly string[]): number => terms.reduce((sum, term) => sum + (verbs.has(term) ? 2 : 1), 0);
  const shared = weight(example.filter((term) => typed.some((t) => sameWord(t, term))));
  const whole = weight(example);
  return whole === 0 ? 0 : 0.5 * (shared / whole) + 0.5 * ((2 * shared) / (weight(typed) + whole));
}

const MONTHS = new Set(['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

/** What to do decides between intents that talk about the same thing ("unassign the seat" vs "the seat"). */
const VERBS = ['unassign', 'remove', 'free', 'move', 'put', 'transfer', 'turn', 'on', 'off', 'cancel', 'enable'];

export const PERSONAL_THRESHOLD = 2;

/** A subscription, contract or order id: "S-102", "C-100", "O-9003". */
const ID = /\b([sc]-?\d{3}|o-?\d{4})\b/i;
const OWNER = /\b(our|ours|my|mine|we|us|we're|we've)\b/gi;
const DATA_QUESTION =
  /\b(when (does|do|will|is|are|did)|where (do|does) (we|i) have\b(?! to)|how much|what (will|do|did|must|should) (we|i) (pay|owe|be charged)|what (we|i) (will|must|have to|are going to) pay|how many|are we|do we|have we|did we|(is|are|does|do|did|has|have) (our|my)|who (is|are|was) (our|my)|who['’]s (our|my)|(for|to) (us|me)|which team (pays|is|does)|what (is|are|was) (our|my)|what's (our|my)|(in|on|for|with|across) (our|my) (account|company|organi[sz]ation|subscriptions))\b/i;
const HOW_TO =
  /\b(how (do|can|should|would|could|does) (i|we|you|one|a|an|the)|how to|(can|could|may) (i|we)|is it possible|where (?!(do|does) (we|i) have\b(?! to))(do|can|should|is|are|would|does)|why|what (is|are|does|do) (the|a|an)|what (happens|causes)|what's the|which (admins|products|roles|users|people)(?! (do|did) (i|we) (have|own|hold|use|manage|pay for))|who can|(tell|show|explain to|teach) (me|us) how (?!many|much|long|often))\b/i;
const COMMAND =
  /^\s*(please\s+)?((can|could|would|will) you\s+(please\s+)?|(can|could|may) (i|we)\s+)?(turn|switch|disable|enable|cancel|stop|renew|move|unassign|remove|free|show|list|give|tell|check|update|change|transfer|put|reassign|set|send|email)\b/i;
/** "Renewal date & cost pls": a bare request for something, signed off like one. */
const PLEASE = /\b(pls|plz|please)\W*$/i;
/** "How many tokens are left?", "how many seats are free?", "flex tokens remaining": a count of what the asker has. */
const STOCK = /\bhow (many|much)\b[^?.]*\b(left|remaining|spare|free|unassigned|available)\b|\b(tokens?|seats?|licen[cs]es?)\s+(left|remaining|available|spare)\b/i;
/** "Any over-assignment?", "anything expiring?", "is anything running out?": short for "do we have any". */
const ANY_OF_OURS = /^\s*((is|are|will|has|have|do|does|did)\s+(there\s+)?)?(any(thing|one|body)?)\b(?!\s*way\b)/i;
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
  if (COMMAND.test(lower) || ANY_OF_OURS.test(lower) || PLEASE.test(lower)) score += 2;
  if (DATA_QUESTION.test(lower)) score += 1;
  if (STOCK.test(lower) || ASK_WHOM.test(lower) || MINE.test(lower)) score += 2;
  if (HOW_TO.test(lower)) score -= 2;
  if (!isQuestion && FOR_SOMETHING.test(lower)) score += 2;
  return score;
}

function namesProduct(typed: readonly string[], catalog: IntentCatalog): boolean {
  return prepared(catalog, NO_VOCABULARY).productPhrases.some((phrase) => findPhrase(typed, phrase).length > 0);
}

const PREPOSITIONS = new Set(['on', 'for', 'of', 'in', 'to', 'from']);
const DETERMINERS = new Set(['the', 'our', 'my', 'a', 'an']);

/** The text without names and ids (and the "on", "for" before them), so they do not dilute the match. */
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
