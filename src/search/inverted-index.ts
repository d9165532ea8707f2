import { tokenize, type Token } from '../language/tokenizer';

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
  /** The largest of `scores`: what the term can add to any one document. */
  maxScore: number;
}

/** Joins two adjacent terms into the key under which the phrase is indexed. */
export { phraseKey } from '../language/phrases';
import { phraseKey } from '../language/phrases';

/**
 * Phrases are indexed from the fields that say what an article is about; phrases in the body
 * are many, mostly accidental, and would multiply the index size.
 */
const PHRASE_FIELDS: ReadonlySet<FieldName> = new Set(['title', 'phrasings', 'keywords', 'summary']);

/** Every posting of every term, laid out term after term (compressed sparse rows). */
interface Layout {
  terms: Map<string, number>;
  offsets: Int32Array;
  docs: Int32Array;
  scores: Float32Array;
  idf: Float64Array;
  maxScore: Float32Array;
}

/**
 * Term -> documents, scored with BM25F. The per-document part of BM25F does not depend on
 * the query, so each posting stores its final contribution and a query only adds them up.
 * Adjacent terms are indexed too, as phrases ("turn off", "purchase history").
 */
export class InvertedIndex {
  private constructor(
    readonly size: number,
    private readonly layout: Layout,
    /** Every content word written in the documents, with the term it stems to. */
    readonly words: ReadonlyMap<string, string>,
  ) {}

  static build(docs: readonly FieldTexts[], specs: Record<FieldName, FieldSpec>, k1: number): InvertedIndex {
    const words = new Map<string, string>();
    const tokenized = docs.map((doc) => FIELD_NAMES.map((field) => doc[field].map((text) => tokenize(text))));
    for (const fields of tokenized) for (const texts of fields) for (const tokens of texts) for (const t of tokens) words.set(t.word, t.term);
    const averages = FIELD_NAMES.map((_, f) => mean(tokenized.map((fields) => fieldLength(fields[f] ?? []))));
    const collected = new PostingCollector();
    tokenized.forEach((fields, doc) => collected.add(doc, weightedTermFrequencies(fields, averages, specs)));
    return new InvertedIndex(docs.length, collected.layout(docs.length, k1), words);
  }

  postingsOf(term: string): Postings | undefined {
    const id = this.layout.terms.get(term);
    if (id === undefined) return undefined;
    const { offsets, docs, scores, idf, maxScore } = this.layout;
    const start = offsets[id] ?? 0;
    const end = offsets[id + 1] ?? start;
    return {
      docs: docs.subarray(start, end),
      scores: scores.subarray(start, end),
      idf: idf[id] ?? 0,
      maxScore: maxScore[id] ?? 0,
    };
  }

  /** The term's inverse document frequency, 0 when it is not indexed. */
  idf(term: string): number {
    const id = this.layout.terms.get(term);
    return id === undefined ? 0 : (this.layout.idf[id] ?? 0);
  }

  has(term: string): boolean {
    return this.layout.terms.has(term);
  }

  /** How many documents hold the term. */
  frequency(term: string): number {
    const id = this.layout.terms.get(term);
    return id === undefined ? 0 : (this.layout.offsets[id + 1] ?? 0) - (this.layout.offsets[id] ?? 0);
  }
}

/** Gathers (term, document, weighted frequency) triples, then lays them out term by term. */
class PostingCollector {
  private readonly terms = new Map<string, number>();
  private readonly termOf: number[] = [];
  private readonly docOf: number[] = [];
  private readonly tfOf: number[] = [];

  add(doc: number, frequencies: Map<string, number>): void {
    for (const [term, tf] of frequencies) {
      let id = this.terms.get(term);
      if (id === undefined) {
        id = this.terms.size;
        this.terms.set(term, id);
      }
      this.termOf.push(id);
      this.docOf.push(doc);
      this.tfOf.push(tf);
    }
  }

  layout(size: number, k1: number): Layout {
    const count = this.terms.size;
    const offsets = new Int32Array(count + 1);
    for (const id of this.termOf) offsets[id + 1] = (offsets[id + 1] ?? 0) + 1;
    for (let id = 0; id < count; id++) offsets[id + 1] = (offsets[id + 1] ?? 0) + (offsets[id] ?? 0);
    const idf = Float64Array.from({ length: count }, (_, id) => {
      const df = (offsets[id + 1] ?? 0) - (offsets[id] ?? 0);
      return Math.log(1 + (size - df + 0.5) / (df + 0.5));
    });
    const next = offsets.slice(0, count);
    const docs = new Int32Array(this.termOf.length);
    const scores = new Float32Array(this.termOf.length);
    this.termOf.forEach((id, i) => {
      const at = next[id] ?? 0;
      next[id] = at + 1;
      const tf = this.tfOf[i] ?? 0;
      docs[at] = this.docOf[i] ?? 0;
      scores[at] = ((idf[id] ?? 0) * tf * (k1 + 1)) / (tf + k1);
    });
    const maxScore = new Float32Array(count);
    for (let id = 0; id < count; id++) {
      for (let at = offsets[id] ?? 0; at < (offsets[id + 1] ?? 0); at++) maxScore[id] = Math.max(maxScore[id] ?? 0, scores[at] ?? 0);
    }
    return { terms: this.terms, offsets, docs, scores, idf, maxScore };
  }
}

/**
 * The score of `doc` in postings, or undefined when the document does not hold the term.
 * Postings are laid out in document order, so a binary search finds it.
 */
export function scoreIn({ docs, scores }: Postings, doc: number): number | undefined {
  let low = 0;
  let high = docs.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = docs[middle] ?? 0;
    if (found === doc) return scores[middle];
    if (found < doc) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** BM25F: each field's term frequency, length-normalised and weighted, summed before saturation. */
function weightedTermFrequencies(
  fields: Token[][][],
  averages: number[],
  specs: Record<FieldName, FieldSpec>,
): Map<string, number> {
  const result = new Map<string, number>();
  FIELD_NAMES.forEach((field, f) => {
    const texts = fields[f] ?? [];
    const { weight, b } = specs[field];
    const norm = 1 - b + (b * fieldLength(texts)) / (averages[f] || 1);
    const add = (key: string): void => {
      result.set(key, (result.get(key) ?? 0) + weight / norm);
    };
    for (const tokens of texts) {
      tokens.forEach((token, i) => {
        add(token.term);
        const next = tokens[i + 1];
        if (next && PHRASE_FIELDS.has(field)) add(phraseKey(token.term, next.term));
      });
    }
  });
  return result;
}

function fieldLength(texts: Token[][]): number {
  return texts.reduce((sum, tokens) => sum + tokens.length, 0);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
