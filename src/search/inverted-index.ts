import { tokenize } from './tokenizer';

export const FIELD_NAMES = ['title', 'phrasings', 'keywords', 'summary', 'body'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** How much a match in a field counts, and how much the field's length dampens it (BM25 `b`). */
export interface FieldSpec {
  weight: number;
  b: number;
}

/** A document as the index sees it: each field a list of separate texts (phrases never join across texts). */
export type FieldTexts = Record<FieldName, readonly string[]>;

/** The documents holding a term, each with the term's precomputed BM25F contribution. */
export interface Postings {
  docs: Int32Array;
  scores: Float32Array;
  /** Inverse document frequency (BM25). */
  idf: number;
}

/** Joins two adjacent terms into the key under which the phrase is indexed. */
export const phraseKey = (first: string, second: string): string => `${first} ${second}`;

interface DocCounts {
  counts: Map<string, number>[];
  lengths: number[];
}

/**
 * Term -> documents, scored with BM25F. The per-document part of BM25F does not depend on
 * the query, so each posting stores its final contribution and a query only adds them up.
 * Adjacent terms are indexed too, as phrases ("turn off", "purchase history").
 */
export class InvertedIndex {
  private constructor(
    readonly size: number,
    private readonly postings: ReadonlyMap<string, Postings>,
    /** Every content word written in the documents, with the term it stems to. */
    readonly words: ReadonlyMap<string, string>,
  ) {}

  static build(docs: readonly FieldTexts[], specs: Record<FieldName, FieldSpec>, k1: number): InvertedIndex {
    const words = new Map<string, string>();
    const counted = docs.map((doc) => countDoc(doc, words));
    const averages = FIELD_NAMES.map((_, f) => mean(counted.map((doc) => doc.lengths[f] ?? 0)));
    const byTerm = new Map<string, { docs: number[]; tfs: number[] }>();
    counted.forEach((doc, d) => {
      for (const [term, tf] of weightedTermFrequencies(doc, averages, specs)) {
        const entry = byTerm.get(term) ?? { docs: [], tfs: [] };
        if (entry.docs.length === 0) byTerm.set(term, entry);
        entry.docs.push(d);
        entry.tfs.push(tf);
      }
    });
    const postings = new Map<string, Postings>();
    for (const [term, entry] of byTerm) postings.set(term, toPostings(entry, docs.length, k1));
    return new InvertedIndex(docs.length, postings, words);
  }

  postingsOf(term: string): Postings | undefined {
    return this.postings.get(term);
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** How many documents hold the term. */
  frequency(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }
}

function countDoc(doc: FieldTexts, words: Map<string, string>): DocCounts {
  const counts: Map<string, number>[] = [];
  const lengths: number[] = [];
  for (const field of FIELD_NAMES) {
    const fieldCounts = new Map<string, number>();
    let length = 0;
    for (const text of doc[field]) {
      const tokens = tokenize(text);
      length += tokens.length;
      tokens.forEach((token, i) => {
        words.set(token.word, token.term);
        increment(fieldCounts, token.term);
        const next = tokens[i + 1];
        if (next) increment(fieldCounts, phraseKey(token.term, next.term));
      });
    }
    counts.push(fieldCounts);
    lengths.push(length);
  }
  return { counts, lengths };
}

/** BM25F: each field's term frequency, length-normalised and weighted, summed before saturation. */
function weightedTermFrequencies(
  doc: DocCounts,
  averages: number[],
  specs: Record<FieldName, FieldSpec>,
): Map<string, number> {
  const result = new Map<string, number>();
  FIELD_NAMES.forEach((field, f) => {
    const { weight, b } = specs[field];
    const average = averages[f] || 1;
    const norm = 1 - b + (b * (doc.lengths[f] ?? 0)) / average;
    for (const [term, tf] of doc.counts[f] ?? []) {
      result.set(term, (result.get(term) ?? 0) + (weight * tf) / norm);
    }
  });
  return result;
}

function toPostings(entry: { docs: number[]; tfs: number[] }, size: number, k1: number): Postings {
  const df = entry.docs.length;
  const idf = Math.log(1 + (size - df + 0.5) / (df + 0.5));
  const scores = Float32Array.from(entry.tfs, (tf) => (idf * tf * (k1 + 1)) / (tf + k1));
  return { docs: Int32Array.from(entry.docs), scores, idf };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
