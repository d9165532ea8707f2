import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DocumentStore } from '../storage/ports';

/** What an author decided about a group of unanswered questions. */
export const inboxMarkRequest = z.strictObject({
  mark: z.enum(['covered', 'out-of-scope']),
  /** The group's wordings, as the inbox showed them. */
  questions: z.array(z.string().min(1).max(1000)).min(1).max(50),
  /** For `covered`: the article that answers them. */
  article: z.string().min(1).max(100).optional(),
});

export type InboxMarkRequest = z.infer<typeof inboxMarkRequest>;

export interface InboxMark extends InboxMarkRequest {
  by: string;
  at: string;
}

/** Questions are matched as written, ignoring case and spacing: a new wording comes back to the inbox. */
export function questionKey(query: string): string {
  return query.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** One document per question, so marking a group twice, or from two replicas, is the same write. */
export async function markQuestions(store: DocumentStore, request: InboxMarkRequest, by: string, at: Date): Promise<void> {
  const mark: InboxMark = { ...request, by, at: at.toISOString() };
  for (const question of new Set(request.questions.map(questionKey))) {
    await store.put('inbox', createHash('sha256').update(question).digest('hex').slice(0, 32), { ...mark, questions: [question] });
  }
}

/** Each marked question (by its key) and its mark. */
export async function inboxMarks(store: DocumentStore): Promise<Map<string, InboxMark>> {
  const marks = new Map<string, InboxMark>();
  for (const { value } of await store.list<InboxMark>('inbox')) for (const question of value.questions) marks.set(question, value);
  return marks;
}

/** The wordings authors marked as covered, by article: they become the article's phrasings when knowledge loads. */
export async function coveredPhrasings(store: DocumentStore): Promise<Map<string, string[]>> {
  const byArticle = new Map<string, string[]>();
  for (const mark of (await inboxMarks(store)).values()) {
    if (mark.mark !== 'covered' || !mark.article) continue;
    byArticle.set(mark.article, [...new Set([...(byArticle.get(mark.article) ?? []), ...mark.questions.filter((q) => q.length >= 3)])]);
  }
  return byArticle;
}
