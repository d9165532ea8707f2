import type { SentActivity } from './connector';

interface CardElement {
  type?: string;
  text?: string;
  title?: string;
  value?: string;
  data?: unknown;
  facts?: { title: string; value: string }[];
  [key: string]: unknown;
}

/** Every Adaptive Card the activities carry. */
export function cardsOf(activities: SentActivity[]): CardElement[] {
  return activities.flatMap((activity) =>
    (activity.attachments ?? [])
      .filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((attachment) => attachment.content as CardElement),
  );
}

function walk(node: unknown, visit: (element: CardElement) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const element = node as CardElement;
  visit(element);
  for (const key of ['body', 'items', 'columns', 'actions', 'card']) walk(element[key], visit);
}

/** The prose a person reads: message text and card text, not button titles. */
export function proseOf(activities: SentActivity[]): string {
  const parts: string[] = activities.map((activity) => activity.text ?? '').filter(Boolean);
  for (const card of cardsOf(activities)) {
    walk(card, (element) => {
      if (element.type === 'TextBlock' && element.text) parts.push(element.text);
      if (element.type === 'FactSet') for (const fact of element.facts ?? []) parts.push(`${fact.title} ${fact.value}`);
    });
  }
  return parts.join('\n');
}

export interface Button {
  title: string;
  data: unknown;
}

/** Every Action.Submit / Action.Execute button, in reading order. */
export function buttonsOf(activities: SentActivity[]): Button[] {
  const buttons: Button[] = [];
  for (const card of cardsOf(activities)) {
    walk(card, (element) => {
      if ((element.type === 'Action.Submit' || element.type === 'Action.Execute') && element.title) {
        buttons.push({ title: element.title, data: element.data });
      }
    });
  }
  return buttons;
}

export function findButton(activities: SentActivity[], title: string | RegExp): Button {
  const button = buttonsOf(activities).find((b) => (typeof title === 'string' ? b.title === title : title.test(b.title)));
  if (!button) {
    throw new Error(`No button "${String(title)}" among: ${buttonsOf(activities).map((b) => b.title).join(' | ')}`);
  }
  return button;
}
