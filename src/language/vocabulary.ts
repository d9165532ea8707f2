import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SPELLINGS } from './lexicon';
import { TextCache } from './textCache';

const member = z.string().trim().min(1).regex(/^[a-z0-9]+( [a-z0-9]+)?$/, 'use one or two lower-case words');

export const vocabularyFile = z.strictObject({
  /** Groups of interchangeable words; the first member names the group. */
  synonyms: z.array(z.array(member).min(2, 'a group needs two members or more')).default([]),
  /** A longer expression → the word it means ("ahead of time" → "early"). */
  phrases: z.record(z.string().trim().min(3), z.string().trim().min(2)).default({}),
  /** Near-domain topics the articles don't cover, the phrases that name them and where such questions go. */
  notCovered: z
    .array(
      z.strictObject({
        topic: z.string().min(2),
        phrases: z.array(z.string().trim().min(2)).min(1),
        where: z.string().min(10),
        /** Whether a signed-in customer's own account data answers such questions ("what does our AutoCAD cost?"). */
        accountData: z.boolean().default(false),
      }),
    )
    .default([]),
});

export type VocabularyData = z.infer<typeof vocabularyFile>;
export type NotCoveredTopic = VocabularyData['notCovered'][number];

/** A phrase as a pattern of whole words, any whitespace between them. */
function wholeWords(phrase: string, flags: string): RegExp {
  const escaped = american(phrase.toLowerCase()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`, flags);
}

const BRITISH = SPELLINGS.map(([pattern, spelling]): [RegExp, string] => [new RegExp(pattern.source, 'gi'), spelling]);

/** British spellings read as American ones, so a phrase written either way matches a question written either way. */
function american(text: string): string {
  return BRITISH.reduce((result, [pattern, spelling]) => result.replace(pattern, spelling), text);
}

export class VocabularyError extends Error {
  override readonly name = 'VocabularyError';
}

/**
 * The words people use for the portal's terms (knowledge/vocabulary.yaml), shared by knowledge search and
 * account intents so the two never drift apart.
 */
export class Vocabulary {
  private readonly rewrites: [RegExp, string][];
  private readonly uncovered: { pattern: RegExp; topic: NotCoveredTopic }[];
  private readonly rewritten = new TextCache(512);

  constructor(readonly data: VocabularyData) {
    // Longest first, so "before the renewal date" wins over a shorter phrase inside it.
    this.rewrites = Object.entries(data.phrases)
      .sort(([a], [b]) => b.length - a.length)
      .map(([phrase, meaning]) => [wholeWords(phrase, 'gi'), meaning]);
    this.uncovered = data.notCovered.map((topic) => ({ pattern: new RegExp(topic.phrases.map((p) => wholeWords(p, '').source).join('|'), 'i'), topic }));
  }

  /** The near-domain topic the articles don't cover that a question names, if any. */
  notCovered(text: string): NotCoveredTopic | undefined {
    const plain = american(text.toLowerCase().replace(/[\u2018\u2019]/g, "'"));
    return this.uncovered.find(({ pattern }) => pattern.test(plain))?.topic;
  }

  static empty(): Vocabulary {
    return new Vocabulary({ synonyms: [], phrases: {}, notCovered: [] });
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
    // Each turn rewrites its message for intents and for search alike: recent texts are remembered.
    return this.rewritten.get(text, (fresh) => this.rewrites.reduce((result, [pattern, meaning]) => result.replace(pattern, meaning), american(fresh)));
  }
}
