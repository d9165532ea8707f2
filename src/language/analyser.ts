import { phraseKey } from './phrases';
import { cachedStem, words } from './tokenizer';
import type { Vocabulary } from './vocabulary';

/**
 * Comparable terms for short texts (account questions and their example phrases): the same normaliser,
 * tokenizer, stemmer and vocabulary as knowledge search, with each word read as its synonym group's first
 * member, so "licence", "license" and "seat" are one term and "turn off" is "cancel". `keep` are stop
 * words that matter to the caller ("on" and "off" tell two actions apart).
 */
export class TermAnalyser {
  private readonly canonical: ReadonlyMap<string, string>;

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly keep: ReadonlySet<string> = new Set(),
  ) {
    const canonical = new Map<string, string>();
    for (const group of vocabulary.synonyms) {
      const [head] = group.map((member) => this.key(member));
      if (head === undefined) continue;
      for (const member of group) canonical.set(this.key(member), head);
    }
    this.canonical = canonical;
  }

  /** The text's terms, in order, each as its group's name when it has one. */
  terms(text: string): string[] {
    const stems = words(this.vocabulary.rewrite(text))
      .filter(({ word, stop }) => !stop || this.keep.has(word))
      .map(({ word }) => cachedStem(word));
    const terms: string[] = [];
    for (let i = 0; i < stems.length; i++) {
      const word = stems[i] ?? '';
      const pair = i + 1 < stems.length ? this.canonical.get(phraseKey(word, stems[i + 1] ?? '')) : undefined;
      if (pair !== undefined) {
        terms.push(pair);
        i++;
      } else terms.push(this.canonical.get(word) ?? word);
    }
    return terms;
  }

  /** A vocabulary member as the analyser reads it: stems, joined as a phrase key. */
  private key(member: string): string {
    return words(member)
      .map(({ word }) => cachedStem(word))
      .join(' ');
  }
}
