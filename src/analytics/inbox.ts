import { terms } from '../language/tokenizer';

/** A question nobody could answer, or one whose answer was rated down. */
export interface InboxQuestion {
  query: string;
  at: string;
  why: 'no-match' | 'none-of-these' | 'not-related' | 'not-answered' | 'not-helpful';
}

export interface InboxGroup {
  /** The most frequent wording of the group. */
  example: string;
  count: number;
  /** The stems the group's questions share (the search's own analysis). */
  terms: string[];
  examples: string[];
}

/**
 * Groups questions that mean the same by the search's analysis: two questions join when they share at
 * least half the stems of the shorter one (single link), so "pay with bitcoin", "bitcoin payments" and
 * "do you take bitcoin" become one group.
 */
export function groupQuestions(questions: readonly InboxQuestion[]): InboxGroup[] {
  const stems = questions.map((question) => [...new Set(terms(question.query))]);
  const parent = questions.map((_, index) => index);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      if (related(stems[i]!, stems[j]!)) parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, number[]>();
  questions.forEach((_, index) => groups.set(root(index), [...(groups.get(root(index)) ?? []), index]));
  return [...groups.values()]
    .map((members) => describe(members.map((index) => questions[index]!.query), members.map((index) => stems[index]!)))
    .sort((a, b) => b.count - a.count || a.example.localeCompare(b.example));
}

function related(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const shared = a.filter((term) => b.includes(term)).length;
  return shared >= Math.ceil(Math.min(a.length, b.length) / 2);
}

function describe(queries: string[], stems: string[][]): InboxGroup {
  const counts = new Map<string, number>();
  for (const query of queries) counts.set(query, (counts.get(query) ?? 0) + 1);
  // Most asked first; among equals, the first asked (the questions come in time order).
  const wordings = [...counts].sort((a, b) => b[1] - a[1]);
  const shared = stems.reduce((common, list) => common.filter((term) => list.includes(term)), stems[0] ?? []);
  return { example: wordings[0]![0], count: queries.length, terms: shared, examples: wordings.slice(0, 50).map(([query]) => query) };
}
