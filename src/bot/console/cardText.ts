import type { Activity } from 'botbuilder';

export interface TextButton {
  title: string;
  data: unknown;
}

interface Element {
  type?: string;
  text?: string;
  title?: string;
  data?: unknown;
  facts?: { title: string; value: string }[];
  [key: string]: unknown;
}

/**
 * A text or TextBlock as terminal lines. Lists are Markdown, one item per line ("1. …", "- …", separated by
 * "\r" in cards and "\n" in messages), which a terminal shows as they are; bold markers are dropped.
 */
export function textLines(text: string): string[] {
  return text
    .replace(/\*\*/g, '')
    .split(/\r\n?|\n/)
    .filter((line) => line.trim() !== '');
}

/** Renders a message and its Adaptive Cards as plain text, numbering the buttons so they can be picked. */
export function activityAsText(activity: Partial<Activity>): { lines: string[]; buttons: TextButton[] } {
  const lines: string[] = activity.text ? textLines(activity.text) : [];
  const buttons: TextButton[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const element = node as Element;
    if (element.type === 'TextBlock' && element.text) lines.push(...textLines(element.text));
    if (element.type === 'FactSet') for (const fact of element.facts ?? []) lines.push(`  ${fact.title}: ${fact.value}`);
    if ((element.type === 'Action.Submit' || element.type === 'Action.Execute') && element.title) {
      buttons.push({ title: element.title, data: element.data });
    }
    for (const key of ['body', 'items', 'columns', 'actions']) visit(element[key]);
  };
  for (const attachment of activity.attachments ?? []) visit(attachment.content);
  return { lines, buttons };
}
