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

/** Renders a message and its Adaptive Cards as plain text, numbering the buttons so they can be picked. */
export function activityAsText(activity: Partial<Activity>): { lines: string[]; buttons: TextButton[] } {
  const lines: string[] = activity.text ? [activity.text] : [];
  const buttons: TextButton[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const element = node as Element;
    if (element.type === 'TextBlock' && element.text) lines.push(element.text.replace(/\*\*/g, ''));
    if (element.type === 'FactSet') for (const fact of element.facts ?? []) lines.push(`  ${fact.title}: ${fact.value}`);
    if ((element.type === 'Action.Submit' || element.type === 'Action.Execute') && element.title) {
      buttons.push({ title: element.title, data: element.data });
    }
    for (const key of ['body', 'items', 'columns', 'actions']) visit(element[key]);
  };
  for (const attachment of activity.attachments ?? []) visit(attachment.content);
  return { lines, buttons };
}
