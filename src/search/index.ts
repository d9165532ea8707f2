import { TermCorrector } from '../language/correction';
import { isEnglishWord } from '../language/englishWords';
import { STOP_WORDS } from '../language/lexicon';
import { stem } from '../language/stemmer';
import { decide, type Verdict } from './gate';
import { InvertedIndex, type FieldTexts } from './inverted-index';
import type { Article } from './knowledge';
import { parseSearchOptions, type SearchOptions, type SearchOptionsInput } from './options';
import { PhrasingIndex, type QuestionText } from './phrasing-index';
import { popularity } from './popularity';
import { QueryAnalyser } from './query';
import { Scorer, type Ranked } from './scorer';
import { synonymTable } from '../language/synonyms';
import { Vocabulary, type NotCoveredTopic } from '../language/vocabulary';

export { KnowledgeError, loadArticles, type Article } from './knowledge';
export { SearchOptionsError, type SearchOptionsInput } from './options';

export interface SearchHit {
  article: Article;
  /** 0..1: BM25F over its upper bound for the question, blended with the similarity of the nearest phrasing. */
  score: number;
}

export type SearchOutcome =
  | { kind: 'answer'; hit: SearchHit; alternatives: SearchHit[] }
  | { kind: 'did-you-mean'; choices: SearchHit[] }
  /**
   * `nearest` are only for "you could also look at": never present them as the answer. `notCovered` is set
   * when the question names a topic the articles don't cover, with where such questions go.
   */
  | { kind: 'none'; nearest: SearchHit[]; notCovered?: NotCoveredTopic };

/** A query equal to a keyword is less surely about the article than one equal to a phrasing. */
const KEYWORD_TRUST = 0.8;

/** How many ranked articles the confidence gate looks at. */
const GATE_DEPTH = 5;

/** Offline search over the knowledge articles: ranked hits and a confidence-gated outcome. */
export class KnowledgeIndex {
  private readonly byId: ReadonlyMap<string, Article>;
  private readonly byPopularity: readonly Article[];

  private constructor(
    private readonly articles: readonly Article[],
    private readonly analyser: QueryAnalyser,
    private readonly scorer: Scorer,
    private readonly options: SearchOptions,
    /** The vocabulary the index was built with, for other readers of the same questions (account intents). */
    readonly vocabulary: Vocabulary,
    private readonly inverted: InvertedIndex,
    private readonly corrector: TermCorrector | undefined,
  ) {
    this.byId = new Map(articles.map((article) => [article.id, article]));
    this.byPopularity = popularity(articles);
  }

  /** Indexes the articles; throws `SearchOptionsError` when options are invalid. */
  static build(articles: readonly Article[], options?: SearchOptionsInput): KnowledgeIndex {
    const settings = parseSearchOptions(options);
    const index = InvertedIndex.build(articles.map(fieldTexts), settings.fields, settings.k1);
    const corrector = settings.typoCorrection ? new TermCorrector(index) : undefined;
    const vocabulary = new Vocabulary({ synonyms: settings.synonyms, phrases: settings.phrases, notCovered: settings.notCovered });
    const analyser = new QueryAnalyser(index, synonymTable(settings.synonyms), corrector, vocabulary, {
      maxTokens: settings.maxQueryTokens,
      synonymWeight: settings.synonymWeight,
    });
    const phrasings = PhrasingIndex.build(articles.map(questionTexts), index);
    const scorer = new Scorer(index, phrasings, {
      k1: settings.k1,
      phraseWeight: settings.phraseWeight,
      phrasingWeight: settings.phrasingWeight,
      // A field weighted 0 would let a document hold a word without scoring it, which the bounds do not cover.
      pruning: settings.pruning && Object.values(settings.fields).every((field) => field.weight > 0),
    });
    return new KnowledgeIndex(articles, analyser, scorer, settings, vocabulary, index, corrector);
  }

  /** Answer, "Did you mean…" or an honest no-answer, for one user message. */
  search(query: string): SearchOutcome {
    const notCovered = this.vocabulary.notCovered(query);
    if (notCovered) return { kind: 'none', nearest: [], notCovered };
    const analysed = this.analyser.analyse(query);
    const ranked = this.scorer.rank(analysed, GATE_DEPTH);
    const question = { coverage: analysed.coverage, words: analysed.concepts.length };
    return this.toOutcome(decide(ranked, question, this.options.gate));
  }

  /**
   * The message with its misspelt words written as the articles spell them ("wen is the renewel date" keeps
   * "wen", reads "renewal"), and a word run together from two of theirs split ("renewaldate"): for readers
   * of the same questions that have no typo correction of their own (account intents).
   */
  spellChecked(text: string): string {
    if (!this.corrector) return text;
    const corrector = this.corrector;
    return text.replace(/[A-Za-z]{5,}/g, (word, at: number) => {
      const lower = word.toLowerCase();
      // A capital inside the message is a name ("Dev Patel"), not a typo.
      const name = at > 0 && word[0] !== lower[0];
      if (name || this.inverted.has(stem(lower)) || STOP_WORDS.has(lower) || isEnglishWord(lower)) return word;
      return splitRunTogether(lower, (part) => this.inverted.has(stem(part))) ?? corrector.correct(lower)?.word ?? word;
    });
  }

  /** The share of a message's words an English reader of the articles knows (see `QueryAnalyser.englishShare`). */
  englishShare(query: string): number {
    return this.analyser.englishShare(query);
  }

  /** The best articles for a query, best first, without any confidence judgement. */
  rank(query: string, limit = 5): SearchHit[] {
    return this.scorer.rank(this.analyser.analyse(query), limit).map((ranked) => this.toHit(ranked));
  }

  get(id: string): Article | undefined {
    return this.byId.get(id);
  }

  /** Articles to suggest before anything is asked: the most referenced first (see `popularity`). */
  popular(limit: number): Article[] {
    return this.byPopularity.slice(0, Math.max(0, limit));
  }

  get size(): number {
    return this.articles.length;
  }

  private toOutcome(verdict: Verdict<Ranked>): SearchOutcome {
    const hits = (list: Ranked[]): SearchHit[] => list.map((ranked) => this.toHit(ranked));
    switch (verdict.kind) {
      case 'answer':
        return { kind: 'answer', hit: this.toHit(verdict.hit), alternatives: hits(verdict.alternatives) };
      case 'did-you-mean':
        return { kind: 'did-you-mean', choices: hits(verdict.choices) };
      case 'none':
        return { kind: 'none', nearest: hits(verdict.nearest) };
    }
  }

  private toHit(ranked: Ranked): SearchHit {
    const article = this.articles[ranked.doc];
    if (!article) throw new RangeError(`No article at position ${ranked.doc}: the index and its articles disagree.`);
    return { article, score: ranked.score };
  }
}

/** What an article answers, each text a whole question of its own; a bare keyword is weaker evidence. */
function questionTexts(article: Article): QuestionText[] {
  const questions = [article.title, ...article.phrasings].map((text) => ({ text, weight: 1 }));
  return [...questions, ...article.keywords.map((text) => ({ text, weight: KEYWORD_TRUST }))];
}

/** "renewaldate" as "renewal date": the one split into two known words of 3+ letters, if there is exactly one. */
function splitRunTogether(word: string, known: (part: string) => boolean): string | undefined {
  const splits: string[] = [];
  for (let at = 3; at <= word.length - 3; at++) {
    const [first, second] = [word.slice(0, at), word.slice(at)];
    if (known(first) && known(second)) splits.push(`${first} ${second}`);
  }
  return splits.length === 1 ? splits[0] : undefined;
}

function fieldTexts(article: Article): FieldTexts {
  return {
    title: [article.title],
    phrasings: article.phrasings,
    keywords: article.keywords,
    summary: [article.summary],
    body: [...article.paragraphs, ...article.steps],
  };
}
