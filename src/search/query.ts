import type { TermCorrector } from './correction';
import { phraseKey, type InvertedIndex } from './inverted-index';
import { tokenize } from './tokenizer';

/** One way a query word can match: an indexed term (or phrase) and how much a match counts. */
export interface Variant {
  term: string;
  weight: number;
}

/** A content word of the query with everything it may match in the articles. */
export interface Concept {
  word: string;
  variants: Variant[];
  /** How well the knowledge vocabulary knows this word: 1 as written, less via a synonym or a correction, 0 unknown. */
  credit: number;
  /** The idf the concept is worth: its word's (or correction's), else its best synonym's; 0 unknown. */
  weight: number;
}

export interface AnalysedQuery {
  concepts: Concept[];
  /** Adjacent query terms that also occur together in the articles. */
  phrases: string[];
  /** Mean credit of the concepts: the share of the question the knowledge speaks about. */
  coverage: number;
}

/** Term -> the index keys of its synonyms (single terms or phrases). */
export type SynonymTable = ReadonlyMap<string, readonly string[]>;

export function synonymTable(groups: ReadonlyArray<ReadonlyArray<string>>): SynonymTable {
  const table = new Map<string, string[]>();
  for (const group of groups) {
    const keys = group.map(memberKey).filter((key): key is string => key !== undefined);
    for (const key of keys) {
      if (key.includes(' ')) continue;
      const others = keys.filter((other) => other !== key);
      table.set(key, [...(table.get(key) ?? []), ...others]);
    }
  }
  return table;
}

function memberKey(member: string): string | undefined {
  const [first, second, ...rest] = tokenize(member).map((token) => token.term);
  if (first === undefined || rest.length > 0) return undefined;
  return second === undefined ? first : phraseKey(first, second);
}

export interface QueryAnalyserOptions {
  maxTokens: number;
  synonymWeight: number;
}

/** Turns a user's message into weighted concepts: exact terms, synonyms and corrected typos. */
export class QueryAnalyser {
  constructor(
    private readonly index: InvertedIndex,
    private readonly synonyms: SynonymTable,
    private readonly corrector: TermCorrector | undefined,
    private readonly options: QueryAnalyserOptions,
  ) {}

  analyse(query: string): AnalysedQuery {
    const concepts: Concept[] = [];
    const primaries: (string | undefined)[] = [];
    const seen = new Set<string>();
    for (const token of tokenize(query, this.options.maxTokens)) {
      const { concept, primary } = this.concept(token.word, token.term);
      const key = primary ?? token.term;
      if (seen.has(key)) continue;
      seen.add(key);
      concepts.push(concept);
      primaries.push(primary);
    }
    const coverage = concepts.length === 0 ? 0 : concepts.reduce((sum, c) => sum + c.credit, 0) / concepts.length;
    return { concepts, phrases: this.phrases(primaries), coverage };
  }

  private concept(word: string, term: string): { concept: Concept; primary: string | undefined } {
    let primary: Variant | undefined;
    if (this.index.has(term)) primary = { term, weight: 1 };
    else {
      const correction = this.corrector?.correct(word);
      if (correction) primary = { term: correction.term, weight: correction.similarity };
    }
    const base = primary?.weight ?? 1;
    const synonyms = (this.synonyms.get(primary?.term ?? term) ?? [])
      .filter((key) => this.index.has(key))
      .map((key) => ({ term: key, weight: base * this.options.synonymWeight }));
    const variants = primary ? [primary, ...synonyms] : synonyms;
    const credit = variants.reduce((best, variant) => Math.max(best, variant.weight), 0);
    const worth = (variant: Variant): number => (this.index.postingsOf(variant.term)?.idf ?? 0) * variant.weight;
    const weight = primary ? worth(primary) : Math.max(0, ...variants.map(worth));
    return { concept: { word, variants, credit, weight }, primary: primary?.term };
  }

  private phrases(primaries: (string | undefined)[]): string[] {
    const phrases: string[] = [];
    primaries.forEach((first, i) => {
      const second = primaries[i + 1];
      if (first === undefined || second === undefined) return;
      const key = phraseKey(first, second);
      if (this.index.has(key)) phrases.push(key);
    });
    return phrases;
  }
}
