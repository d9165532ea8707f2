import type { TermCorrector } from '../language/correction';
import { phraseKey, type InvertedIndex } from './inverted-index';
import { questionCues } from '../language/lexicon';
import { stem } from '../language/stemmer';
import type { SynonymTable } from '../language/synonyms';
import { words } from '../language/tokenizer';
import type { Vocabulary } from '../language/vocabulary';

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
  /** Question words asked ("where", "why"...), as a bit mask. */
  cues: number;
}

export interface QueryAnalyserOptions {
  maxTokens: number;
  synonymWeight: number;
}

/** What a repaired stop word counts ("turn of" read as "turn off"). */
const REPAIR_WEIGHT = 0.7;

interface Entry {
  word: string;
  term: string;
  /** Set when the word was repaired from a stop word. */
  weight?: number;
}

/** Turns a user's message into weighted concepts: exact terms, synonyms and corrected typos. */
export class QueryAnalyser {
  constructor(
    private readonly index: InvertedIndex,
    private readonly synonyms: SynonymTable,
    private readonly corrector: TermCorrector | undefined,
    private readonly vocabulary: Vocabulary,
    private readonly options: QueryAnalyserOptions,
  ) {}

  analyse(query: string): AnalysedQuery {
    const stream = words(this.vocabulary.rewrite(query), this.options.maxTokens);
    const concepts: Concept[] = [];
    const primaries: (string | undefined)[] = [];
    const seen = new Set<string>();
    for (const entry of this.entries(stream)) {
      const { concept, primary } = this.concept(entry);
      if (concept.credit === 0 && this.isNoise(entry.word)) continue;
      const key = primary ?? entry.term;
      if (seen.has(key)) continue;
      seen.add(key);
      concepts.push(concept);
      primaries.push(primary);
    }
    const coverage = concepts.length === 0 ? 0 : concepts.reduce((sum, c) => sum + c.credit, 0) / concepts.length;
    return { concepts, phrases: this.phrases(primaries), coverage, cues: questionCues(stream) };
  }

  /**
   * The share of a message's words that are English stop words or words of the articles as written (no
   * typo correction): low for a message in another language, whose words only look like typos.
   */
  englishShare(query: string): number {
    const stream = words(query, this.options.maxTokens);
    if (stream.length === 0) return 1;
    return stream.filter(({ word, stop }) => stop || this.index.has(stem(word))).length / stream.length;
  }

  /** The content words, plus any stop word that is really a typo completing a known phrase. */
  private entries(stream: readonly { word: string; stop: boolean }[]): Entry[] {
    const entries: Entry[] = [];
    let afterContent = false;
    for (const { word, stop } of stream) {
      const previous = entries.at(-1);
      const repaired: Entry | undefined =
        stop && afterContent && previous ? this.corrector?.repairStopWord(word, previous.term) : undefined;
      if (!stop) entries.push({ word, term: stem(word) });
      else if (repaired) entries.push({ ...repaired, weight: REPAIR_WEIGHT });
      afterContent = !stop || repaired !== undefined;
    }
    return entries;
  }

  private concept(entry: Entry): { concept: Concept; primary: string | undefined } {
    const primary = this.primary(entry);
    const base = primary?.weight ?? 1;
    const synonyms = (this.synonyms.get(primary?.term ?? entry.term) ?? [])
      .filter((key) => this.index.has(key))
      .map((key) => ({ term: key, weight: base * this.options.synonymWeight }));
    const variants = primary ? [primary, ...synonyms] : synonyms;
    const credit = variants.reduce((best, variant) => Math.max(best, variant.weight), 0);
    const worth = (variant: Variant): number => this.index.idf(variant.term) * variant.weight;
    const weight = primary ? worth(primary) : Math.max(0, ...variants.map(worth));
    return { concept: { word: entry.word, variants, credit, weight }, primary: primary?.term };
  }

  /** An unknown word that says nothing: a misspelt stop word ("befor", "wher"). */
  private isNoise(word: string): boolean {
    return this.corrector?.isMisspeltStopWord(word) === true;
  }

  /** The term a word matches as written, else as corrected, else none. */
  private primary({ word, term, weight }: Entry): Variant | undefined {
    if (this.index.has(term)) return { term, weight: weight ?? 1 };
    const correction = this.corrector?.correct(word);
    return correction && { term: correction.term, weight: correction.similarity };
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
