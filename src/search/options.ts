import { z } from 'zod';
import { gateOptions } from './gate';

const fieldSpec = z.strictObject({
  weight: z.number().min(0),
  b: z.number().min(0).max(1),
});

/** Title, phrasings and keywords say what an article is about; the summary and body only mention things. */
const fields = z.strictObject({
  title: fieldSpec.default({ weight: 3, b: 0.5 }),
  phrasings: fieldSpec.default({ weight: 3, b: 0.3 }),
  keywords: fieldSpec.default({ weight: 2.5, b: 0.3 }),
  summary: fieldSpec.default({ weight: 1.5, b: 0.5 }),
  body: fieldSpec.default({ weight: 1, b: 0.75 }),
});

export const searchOptions = z.strictObject({
  fields: fields.prefault({}),
  /** BM25 term-frequency saturation. */
  k1: z.number().positive().default(2),
  /** How much a matched phrase (two adjacent query words) adds, relative to a word. */
  phraseWeight: z.number().min(0).default(1),
  /** The share of the score given by the nearest phrasing (title, phrasing or keyword) rather than by BM25F. */
  phrasingWeight: z.number().min(0).max(1).default(0.7),
  /** How much a synonym counts, relative to the word itself. */
  synonymWeight: z.number().min(0).max(1).default(0.7),
  /** Synonym groups, from knowledge/vocabulary.yaml (see `Vocabulary`); none by default. */
  synonyms: z.array(z.array(z.string().min(1)).min(2)).default([]),
  /** Expressions rewritten in questions before they are read ("ahead of time" → "early"). */
  phrases: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Near-domain topics the articles don't cover (see `Vocabulary.notCovered`): honestly declined. */
  notCovered: z
    .array(z.strictObject({ topic: z.string(), phrases: z.array(z.string()).min(1), where: z.string(), accountData: z.boolean().default(false) }))
    .default([]),
  /** Correct misspelled query words against the articles' vocabulary. */
  typoCorrection: z.boolean().default(true),
  /** Only the first words of a message are read, so a pasted essay costs no more than a question. */
  maxQueryTokens: z.number().int().min(1).max(1000).default(64),
  /**
   * Skip the postings of common words that cannot change the top results (see `Scorer.rank`); the ranking
   * is the same either way, `false` adds up every posting.
   */
  pruning: z.boolean().default(true),
  gate: gateOptions.prefault({}),
});

export type SearchOptionsInput = z.input<typeof searchOptions>;
export type SearchOptions = z.infer<typeof searchOptions>;

export class SearchOptionsError extends Error {
  override readonly name = 'SearchOptionsError';
}

export function parseSearchOptions(input: SearchOptionsInput = {}): SearchOptions {
  const parsed = searchOptions.safeParse(input);
  if (!parsed.success) {
    throw new SearchOptionsError(`Invalid knowledge search options; fix or remove them: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
