import { canSeeContract, canSeeSubscription } from './access';
import { isAdmin, viewerIn, type Identity, type Viewer } from './identity';
import type { ProductName } from './intents';
import { fuzzyNames } from './fuzzyNames';
import { canonicalId, findContract, findHolding, holdings, sameId, shortProductName, type Holding } from './lookup';
import type { Team, Tenant } from './schema';
import { contractLabel, visibleHoldings, type AccountSource, type Target } from './scope';
import { findPhrase, words } from './text';

/**
 * Recognises the subscriptions, contracts and teams a message names, by id ("S-102", "s102"),
 * product name or fragment ("civil", "aec collection") or team name ("field ops"). Only what the
 * viewer can see is ever matched: anything else they name comes back in `notFound`.
 */

export interface SubscriptionRef {
  id: string;
  contract: string;
  /** For a button: "AEC Collection (S-101)" */
  label: string;
}

export interface ContractRef {
  id: string;
  label: string;
}

export interface TeamRef {
  id: string;
  label: string;
}

export interface OrderRef {
  id: string;
  /** Unset for a Flex token order. */
  contract?: string;
}

export interface Recognition {
  subscriptions: SubscriptionRef[];
  contracts: ContractRef[];
  teams: TeamRef[];
  /** Orders named by id, of contracts the viewer can see (or, for Flex tokens, of the tenant). */
  orders: OrderRef[];
  /** Ids and product names in the text that the viewer does not have (or may not see). */
  notFound: string[];
  /** Products of the viewer's own company, named in the text, that their role doesn't show them. */
  hidden: SubscriptionRef[];
  /** Set when a word that fits several names ("the collection") matched them all: the viewer meant one. */
  loose?: true;
}

const ID = /\b([sco])[\s-]?(\d{3,4})\b/gi;

/** Words too common in product names to pick a product on their own. */
/** Words that name a kind of product: on their own they match every product of that kind. */
const LOOSE = new Set(['collection', 'suite']);

const GENERIC = new Set(['collection', 'product', 'products', 'suite', 'design', 'manufacturing', 'construction', 'engineering', 'architecture', 'media', 'entertainment', 'team', 'teams', 'group']);

export function recognizeTargets(data: AccountSource, identity: Identity, text: string, products: readonly ProductName[] = []): Recognition {
  const viewer = viewerIn(data, identity);
  const ids = [...text.matchAll(ID)].map((m) => canonicalId(`${m[1] ?? ''}-${m[2] ?? ''}`));
  if (!viewer) return { subscriptions: [], contracts: [], teams: [], orders: [], notFound: ids, hidden: [] };
  const result: Recognition = { subscriptions: [], contracts: [], teams: [], orders: [], notFound: [], hidden: [] };
  for (const id of ids) recognizeId(viewer, id, result);

  const typed = words(text.replace(ID, ' '));
  const used = new Set<number>();
  const teamWords = new Set(viewer.tenant.teams.flatMap((t) => words(t.name)));
  for (const holding of visibleHoldings(viewer)) {
    const spans = productPhrases(holding, products, teamWords).flatMap((phrase) => findPhrase(typed, phrase).map((start) => ({ start, length: phrase.length })));
    if (spans.length === 0) continue;
    for (const span of spans) for (let i = span.start; i < span.start + span.length; i++) used.add(i);
    addSubscription(result, holding);
  }
  if (result.subscriptions.length === 0 && ids.length === 0) matchLoosely(viewer, typed, teamWords, used, result);
  for (const team of visibleTeams(viewer)) {
    const hit = teamPhrases(team).some((phrase) => findPhrase(typed, phrase).some((start) => phrase.every((_, j) => !used.has(start + j))));
    if (hit && !result.teams.some((t) => t.id === team.id)) result.teams.push({ id: team.id, label: team.name });
  }
  if (result.subscriptions.length === 0 && result.teams.length === 0 && ids.length === 0) matchFuzzily(viewer, text, products, result);
  result.hidden.push(...hiddenHoldings(viewer, typed, products, teamWords));
  const hiddenProducts = new Set(result.hidden.map((h) => h.label));
  result.notFound.push(...productsNotHeld(viewer, typed, products).filter((name) => !hiddenProducts.has(name)));
  return result;
}

/** Loosely spelt names, by fuse.js, when nothing matched as written. */
function matchFuzzily(viewer: Viewer, text: string, products: readonly ProductName[], result: Recognition): void {
  type Named = { holding: Holding } | { team: Team };
  const names: { name: string; thing: Named }[] = [
    ...visibleHoldings(viewer).flatMap((holding) => productNames(holding, products).map((name) => ({ name, thing: { holding } as Named }))),
    ...visibleTeams(viewer).map((team) => ({ name: team.name, thing: { team } as Named })),
  ];
  for (const found of fuzzyNames(text, names, GENERIC)) {
    if ('holding' in found) addSubscription(result, found.holding);
    else if (!result.teams.some((t) => t.id === found.team.id)) result.teams.push({ id: found.team.id, label: found.team.name });
  }
}

function productNames({ subscription }: Holding, products: readonly ProductName[]): string[] {
  const aliases = products.filter((p) => sameName(p.name, subscription.product)).flatMap((p) => p.aliases);
  return [subscription.product, shortProductName(subscription.product), ...aliases];
}

/**
 * Subscriptions of the viewer's company that the text names by product but the viewer may not see (a user
 * naming a product they hold no seat on): they are told they can't see it and who can, not "you have none".
 */
function hiddenHoldings(viewer: Viewer, typed: readonly string[], products: readonly ProductName[], teamWords: ReadonlySet<string>): SubscriptionRef[] {
  const visible = new Set(visibleHoldings(viewer).map((h) => h.subscription.id));
  return holdings(viewer.tenant)
    .filter((h) => !visible.has(h.subscription.id))
    .filter((h) => productNames(h, products).some((name) => findPhrase(typed, words(name)).length > 0) || productPhrases(h, products, teamWords).some((p) => p.length > 1 && findPhrase(typed, p).length > 0))
    .map((h) => ({ id: h.subscription.id, contract: h.contract.id, label: h.subscription.product }));
}

/** "the collection" names every collection (the dialog asks which). */
function matchLoosely(viewer: Viewer, typed: readonly string[], teamWords: ReadonlySet<string>, used: Set<number>, result: Recognition): void {
  for (const holding of visibleHoldings(viewer)) {
    const loose = words(holding.subscription.product).filter((w) => LOOSE.has(w) && !teamWords.has(w));
    const at = typed.findIndex((w) => loose.includes(w));
    if (at < 0) continue;
    used.add(at);
    addSubscription(result, holding);
    result.loose = true;
  }
}

function recognizeId(viewer: Viewer, id: string, result: Recognition): void {
  if (id.startsWith('O')) {
    recognizeOrder(viewer, id, result);
    return;
  }
  const holding = id.startsWith('S') ? findHolding(viewer.tenant, id) : undefined;
  const contract = id.startsWith('C') ? findContract(viewer.tenant, id) : undefined;
  if (holding && canSeeSubscription(viewer, holding.subscription)) addSubscription(result, holding);
  else if (contract && canSeeContract(viewer, contract)) {
    if (!result.contracts.some((c) => c.id === contract.id)) result.contracts.push({ id: contract.id, label: contractLabel(viewer, contract) });
  } else if (!result.notFound.includes(id)) result.notFound.push(id);
}

/** An order of a contract the viewer can see, or a Flex token order (whose billing rule the answer applies). */
function recognizeOrder(viewer: Viewer, id: string, result: Recognition): void {
  const order = viewer.tenant.orders.find((o) => sameId(o.id, id));
  const contract = order && 'contract' in order ? findContract(viewer.tenant, order.contract) : undefined;
  if (order && 'contract' in order && contract && canSeeContract(viewer, contract)) result.orders.push({ id: order.id, contract: contract.id });
  else if (order && 'flex' in order) result.orders.push({ id: order.id });
  else if (!result.notFound.includes(id)) result.notFound.push(id);
}

function addSubscription(result: Recognition, { subscription, contract }: Holding): void {
  if (result.subscriptions.some((s) => s.id === subscription.id)) return;
  result.subscriptions.push({ id: subscription.id, contract: contract.id, label: `${shortProductName(subscription.product)} (${subscription.id})` });
}

/** Full name, short name ("aec collection", "aec"), catalog aliases, any two neighbouring words, and telling single words ("civil"). */
function productPhrases({ subscription }: Holding, products: readonly ProductName[], teamWords: ReadonlySet<string>): string[][] {
  const name = words(subscription.product);
  const short = words(shortProductName(subscription.product));
  const acronym = short.length === 2 && short[1] === 'collection' ? [[short[0] ?? '']] : [];
  const aliases = products.filter((p) => sameName(p.name, subscription.product)).flatMap((p) => p.aliases.map(words));
  const pairs = name.slice(1).map((w, i) => [name[i] ?? '', w]);
  const singles = name.filter((w) => w.length >= 4 && !GENERIC.has(w) && !teamWords.has(w)).map((w) => [w]);
  return [name, short, ...acronym, ...aliases, ...pairs, ...singles].filter((phrase) => phrase.length > 0);
}

function teamPhrases(team: Team): string[][] {
  const name = words(team.name);
  return [name, ...name.filter((w) => w.length >= 4 && !GENERIC.has(w)).map((w) => [w])];
}

/** Words before "team" that are no team's name: "our team", "the support team", "which department". */
const NOT_A_TEAM = new Set(
  `the a an our my your their his her its this that these those which what whose each every any all some no one another other
  different same new whole entire single specific particular right wrong support help service customer account admin of in on for to
  with from by and or is are was`.split(/\s+/),
);
const TEAM_WORD = /^(team|teams|department|departments|dept|group|groups)$/;

/**
 * A team the text names that the viewer's company doesn't have ("the Marketing team", "Sales department"), as
 * typed; undefined when every team named is theirs or none is named. Only the word before "team" is read.
 */
export function unknownTeamNamed(data: AccountSource, identity: Identity, text: string): string | undefined {
  const viewer = viewerIn(data, identity);
  if (!viewer) return undefined;
  const known = new Set(viewer.tenant.teams.flatMap((team) => words(team.name)));
  const original = text.split(/[^A-Za-z0-9&'’-]+/).filter(Boolean);
  const typed = original.map((word) => words(word).join(''));
  for (let i = 1; i < typed.length; i++) {
    const name = typed[i - 1] ?? '';
    if (!TEAM_WORD.test(typed[i] ?? '') || name.length < 2 || /\d/.test(name) || NOT_A_TEAM.has(name) || known.has(name)) continue;
    return original[i - 1];
  }
  return undefined;
}

/** The names of the teams the viewer may name. */
export function teamNamesFor(data: AccountSource, identity: Identity): string[] {
  const viewer = viewerIn(data, identity);
  return viewer ? visibleTeams(viewer).map((team) => team.name) : [];
}

/** Admins may name any team of their tenant; users only the teams of subscriptions they hold. */
function visibleTeams(viewer: Viewer): Team[] {
  if (isAdmin(viewer)) return viewer.tenant.teams;
  const own = new Set(visibleHoldings(viewer).map((h) => h.subscription.team));
  return viewer.tenant.teams.filter((t) => own.has(t.id));
}

/** Catalog products the text names that none of the viewer's visible subscriptions is, by the name the text uses ("BIM 360"). */
function productsNotHeld(viewer: Viewer, typed: readonly string[], products: readonly ProductName[]): string[] {
  const held = visibleHoldings(viewer).map((h) => h.subscription.product);
  return products
    .filter((p) => !held.some((product) => sameName(product, p.name)))
    .flatMap((p) => [p.name, ...p.aliases].filter((name) => findPhrase(typed, words(name)).length > 0).slice(0, 1));
}

function sameName(a: string, b: string): boolean {
  return words(a).join(' ') === words(b).join(' ');
}

export interface Choice {
  label: string;
  target: Target;
}

export type TargetResolution =
  | { kind: 'none' }
  | { kind: 'one'; target: Target; label: string }
  /** `named` when the text named each of them ("AutoCAD and Civil 3D"), not one word that fits several. */
  | { kind: 'several'; choices: Choice[]; named: boolean }
  | { kind: 'not-found'; what: string[] }
  /** Something of the viewer's company their role doesn't show them. */
  | { kind: 'hidden'; what: string; subscription: string };

/**
 * What the dialog should do with a recognition: ask which one (several), answer for one, or say
 * not found. A subscription with one team keeps the team too: for "move AutoCAD to Design" it is the
 * destination.
 */
export function resolveTarget(recognition: Recognition): TargetResolution {
  const { subscriptions, contracts, teams, orders, notFound } = recognition;
  const team = teams.length === 1 && teams[0] ? { team: teams[0].id } : {};
  const named = recognition.loose !== true;
  if (subscriptions.length > 1) return { kind: 'several', named, choices: subscriptions.map((s) => ({ label: s.label, target: { subscription: s.id, ...team } })) };
  const [subscription] = subscriptions;
  if (subscription) return { kind: 'one', target: { subscription: subscription.id, ...team }, label: subscription.label };
  if (contracts.length > 1) return { kind: 'several', named, choices: contracts.map((c) => ({ label: c.label, target: { contract: c.id } })) };
  const [contract] = contracts;
  if (contract) return { kind: 'one', target: { contract: contract.id, ...team }, label: contract.label };
  const [order] = orders;
  if (order && orders.length === 1) return { kind: 'one', target: { order: order.id, ...(order.contract === undefined ? {} : { contract: order.contract }) }, label: order.id };
  const [hidden] = recognition.hidden;
  if (hidden) return { kind: 'hidden', what: hidden.label, subscription: hidden.id };
  if (notFound.length > 0) return { kind: 'not-found', what: notFound };
  if (teams.length > 1) return { kind: 'several', named, choices: teams.map((t) => ({ label: t.label, target: { team: t.id } })) };
  const [only] = teams;
  return only ? { kind: 'one', target: { team: only.id }, label: only.label } : { kind: 'none' };
}

/**
 * The company's resellers named in a text read as "our reseller" ("Northwind's phone number"), so the question
 * is understood as one about the reseller. Only resellers of the viewer's own tenant are known.
 */
export function resellersAsWord(text: string, tenant: Tenant): string {
  const names = new Set(tenant.contracts.flatMap((c) => (c.purchasedVia === 'reseller' ? [c.reseller.name] : [])));
  let result = text;
  for (const name of names) {
    const forms = resellerNames(name).map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    result = result.replace(new RegExp(`\\b(${forms.join('|')})(['’]s)?\\b`, 'gi'), 'our reseller');
  }
  return result;
}

/** What people call a reseller: its name, or its first word when that is telling ("Northwind"). */
export function resellerNames(name: string): string[] {
  const [first] = name.split(/\s+/);
  return [name, ...(first && first.length >= 5 ? [first] : [])];
}

/**
 * "When does my subscription renew?": one subscription or contract, named by kind only. With several to
 * choose from, the viewer is asked which.
 */
export function namesOneUnnamed(text: string): boolean {
  const lower = text.toLowerCase();
  return ONE_UNNAMED.test(lower) && !SEVERAL.test(lower);
}

const ONE_UNNAMED = /\b(my|our|the|this|that) (subscription|contract|licen[cs]e|plan|product)\b(?!s)/;
const SEVERAL = /\b(subscriptions|contracts|licen[cs]es|plans|products|all|every|each|both|any)\b/;
