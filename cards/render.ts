import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { projectRoot } from '../src/paths';

/** A button: its title and the payload the client posts back when it is pressed. */
export interface CardAction {
  title: string;
  data: Record<string, unknown>;
}

export interface CardFact {
  name: string;
  value: string;
}

/** The data each template in cards/ expects. */
export interface CardData {
  welcome: { title: string; intro: string; actions: CardAction[] };
  menu: { breadcrumb: string; title: string; prompt?: string; choices: CardAction[]; navigation: CardAction[] };
  answer: {
    breadcrumb?: string;
    title: string;
    summary: string;
    paragraphs: string[];
    steps: string[];
    related: CardAction[];
    feedback?: { yes: Record<string, unknown>; no: Record<string, unknown> };
    actions: CardAction[];
  };
  choices: { breadcrumb?: string; title: string; text?: string; choices: CardAction[]; actions: CardAction[] };
  notice: { title?: string; lines: string[]; facts?: CardFact[]; actions?: CardAction[] };
  /** A support case as agents see it; `status` says whether it waits or who took it. */
  case: {
    title: string;
    status: string;
    statusColor: 'Default' | 'Good' | 'Attention' | 'Accent' | 'Warning';
    facts: CardFact[];
    searches: string[];
    articles: string[];
    subscriptions: string[];
    actions: CardAction[];
  };
  /** A question with one free-text answer (posted back as `text`): the line added to a case, an email address. */
  escalationRequest: {
    title: string;
    lines: string[];
    facts?: CardFact[];
    inputLabel: string;
    inputPlaceholder: string;
    inputStyle: 'text' | 'email';
    actions: CardAction[];
  };
}

export type CardName = keyof CardData;
export const cardNames: readonly CardName[] = ['welcome', 'menu', 'answer', 'choices', 'notice', 'case', 'escalationRequest'];

/** An Adaptive Card, as plain JSON. */
export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; body: unknown[]; actions?: unknown[] } & Record<string, unknown>;

/** How many expanded cards are kept: answers and menu steps repeat, and expanding a template costs more than a copy. */
const EXPANDED_CACHE_SIZE = 500;

/** Expands the JSON templates in cards/ with adaptivecards-templating; templates are read once. */
export class CardRenderer {
  private readonly templates = new Map<CardName, Template>();
  private readonly expanded = new Map<string, AdaptiveCard>();

  constructor(private readonly folder: string = join(projectRoot(), 'cards')) {}

  /** Cards are shared between calls and frozen: derive a changed card (as Teams' Universal Actions do) instead of editing one. */
  render<N extends CardName>(name: N, data: CardData[N]): AdaptiveCard {
    return this.cached(`${name}:${JSON.stringify(data)}`, () => this.expand(name, data));
  }

  /**
   * As render, for data that a short key fully determines (an answer: its article, related articles and menu
   * place), so the data is built and serialised only when the card is not cached yet.
   */
  renderKeyed<N extends CardName>(name: N, key: string, data: () => CardData[N]): AdaptiveCard {
    return this.cached(`${name}#${key}`, () => this.expand(name, data()));
  }

  private cached(key: string, expand: () => AdaptiveCard): AdaptiveCard {
    let card = this.expanded.get(key);
    if (card === undefined) {
      card = expand();
      if (this.expanded.size >= EXPANDED_CACHE_SIZE) this.expanded.delete(this.expanded.keys().next().value as string);
      this.expanded.set(key, card);
    }
    return card;
  }

  private expand<N extends CardName>(name: N, data: CardData[N]): AdaptiveCard {
    return deepFreeze(this.template(name).expand({ $root: { ...withDefaults(data), ...lists(data) } }) as AdaptiveCard);
  }

  private template(name: CardName): Template {
    let template = this.templates.get(name);
    if (!template) {
      template = new Template(JSON.parse(readFileSync(join(this.folder, `${name}.json`), 'utf8')));
      this.templates.set(name, template);
    }
    return template;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Lists as one Markdown list in one TextBlock, items separated by "\r" (the form Teams documents for
 * Adaptive Cards; Web Chat's Markdown reads it as a line break; the terminal splits on it). One TextBlock per
 * item made Web Chat number every step "1." and ran bullet lines into one paragraph.
 */
export function markdownList(items: readonly string[], style: 'numbered' | 'bulleted'): string {
  return items
    .map((item) => item.replace(/^\s*(\d+[.)]|[-*•])\s+/, '').replace(/\s*[\r\n]+\s*/g, ' ').trim())
    .map((item, index) => (style === 'numbered' ? `${index + 1}. ${item}` : `- ${item}`))
    .join('\r');
}

/** A paragraph whose lines are bullets ("• " from the article's "- ") as a Markdown list; other lines stay lines. */
export function markdownParagraph(paragraph: string): string {
  return paragraph
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*[•*-]\s+/, '- '))
    .join('\r');
}

/** The list fields the templates show as one TextBlock each (`stepList`, `searchList`...). */
function lists(data: object): Record<string, unknown> {
  const value = data as Partial<Record<'steps' | 'searches' | 'articles' | 'subscriptions' | 'paragraphs', string[]>>;
  return {
    stepList: markdownList(value.steps ?? [], 'numbered'),
    searchList: markdownList(value.searches ?? [], 'bulleted'),
    articleList: markdownList(value.articles ?? [], 'bulleted'),
    subscriptionList: markdownList(value.subscriptions ?? [], 'bulleted'),
    paragraphs: (value.paragraphs ?? []).map(markdownParagraph),
  };
}

/** Templates test `count(list)`, so lists are always present. */
function withDefaults(data: object): Record<string, unknown> {
  return { facts: [], actions: [], lines: [], paragraphs: [], steps: [], related: [], choices: [], navigation: [], searches: [], articles: [], subscriptions: [], ...data };
}
