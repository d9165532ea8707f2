import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const member = z.string().trim().min(1).regex(/^[a-z0-9]+( [a-z0-9]+)?$/, 'use one or two lower-case words');

export const vocabularyFile = z.strictObject({
  /** Groups of interchangeable words; the first member names the group. */
  synonyms: z.array(z.array(member).min(2, 'a group needs two members or more')).default([]),
  /** A longer expression → the word it means ("ahead of time" → "early"). */
  phrases: z.record(z.string().trim().min(3), z.string().trim().min(2)).default({}),
});

export type VocabularyData = z.infer<typeof vocabularyFile>;

export class VocabularyError extends Error {
  override readonly name = 'VocabularyError';
}

/**
 * The words people use for the portal's terms (knowledge/vocabulary.yaml), shared by knowledge search and
 * account intents so the two never drift apart.
 */
export class Vocabulary {
  private readonly rewrites: [RegExp, string][];

  constructor(readonly data: VocabularyData) {
    // Longest first, so "before the renewal date" wins over a shorter phrase inside it.
    this.rewrites = Object.entries(data.phrases)
      .sort(([a], [b]) => b.length - a.length)
      .map(([phrase, meaning]) => [new RegExp(`\\b${phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}\\b`, 'gi'), meaning]);
  }

  static empty(): Vocabulary {
    return new Vocabulary({ synonyms: [], phrases: {} });
  }

  /** Parses and checks the YAML text; a word in two groups is refused, naming both. */
  static parse(yamlText: string): Vocabulary {
    const parsed = vocabularyFile.safeParse(parseYaml(yamlText));
    if (!parsed.success) throw new VocabularyError(`vocabulary.yaml: ${z.prettifyError(parsed.error)}`);
    const seen = new Map<string, string>();
    for (const group of parsed.data.synonyms) {
      for (const word of group) {
        const other = seen.get(word);
        if (other) throw new VocabularyError(`vocabulary.yaml: "${word}" is in the groups of "${other}" and "${group[0] ?? ''}"; keep it in one.`);
        seen.set(word, group[0] ?? word);
      }
    }
    return new Vocabulary(parsed.data);
  }

  get synonyms(): string[][] {
    return this.data.synonyms;
  }

  /** The text with each known expression replaced by the word it means. */
  rewrite(text: string): string {
    return this.rewrites.reduce((result, [pattern, meaning]) => result.replace(pattern, meaning), text);
  }
}
