import Fuse from 'fuse.js';
import { join } from 'node:path';
import { loadVocabulary, vocabularyOptions } from '../src/knowledgeBase';
import { projectRoot } from '../src/paths';
import { KnowledgeIndex } from '../src/search';
import { loadArticles, type Article } from '../src/search/knowledge';
import { articlesFolder, evaluate, loadDevSet, type Answerer, type DevSet } from './eval-dev';
import { percentile, printTable, round } from './stats';

/** One engine over one corpus. */
export interface Row {
  corpus: string;
  articles: number;
  engine: 'knowledge index' | 'exhaustive baseline' | 'fuse baseline';
  /** How many queries the percentiles are over (each timed as the median of its runs). */
  samples: number;
  buildMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Share of the development set answered as the end-to-end check requires (0..1). */
  devAccuracy: number;
}

/** The size of the large corpus: the shipped articles plus generated ones. */
const LARGE_CORPUS = 10_000;

/** A small fast seeded PRNG (mulberry32): the same seed gives the same corpus on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAIN = `subscription subscriptions renewal renew renewing auto-renew billing payment payments invoice invoices
  reseller partner seat seats license licenses team teams admin admins primary secondary contract contracts
  manager purchase purchased history order orders upcoming expiration expiring expire token tokens flex usage
  report reports reporting insights assignment assigned over-assignment under-assigned product products account
  portal user users access role roles cost price plan plans term annual monthly credit card bank transfer tax
  refund discount quote checkout cart trial upgrade downgrade cancel cancellation suspend reactivate migrate
  export import filter dashboard notification email contact support agent ticket menu collection bundle
  single-user multi-user named network deployment download install activate serial number region currency`
  .split(/\s+/)
  .filter(Boolean);

const COMMON = `the a of to and in for on with as by at from about into over after before between during without
  your our their this that these those can will may should must need want make take give keep find show change
  update manage view select open choose review check confirm add remove move set see use help learn know
  new old first last next other same different each every many more most some any all several only also still
  time day week month year date page section list table button link field option setting step detail details
  company business office group project people person customer owner member staff work process system data`
  .split(/\s+/)
  .filter(Boolean);

const SYLLABLES = 'ka lo mi ne ru sa te vo zi pa de bi go fu ha ji ku le mo na ri so ta ve wu xo ya ze'.split(' ');

/** Invented words, so the vocabulary grows like a real knowledge base's rather than staying tiny. */
function fillerWords(random: () => number, count: number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    const length = 2 + Math.floor(random() * 3);
    words.add(Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''));
  }
  return [...words];
}

/** Skewed towards the start of the list, as word frequencies are. */
function pick<T>(random: () => number, list: readonly T[]): T {
  const value = list[Math.floor(list.length * random() ** 2)];
  if (value === undefined) throw new RangeError('pick from an empty list');
  return value;
}

function sentence(random: () => number, length: number, vocabularies: readonly (readonly string[])[]): string {
  const vocabulary = (): readonly string[] => vocabularies[Math.floor(random() * vocabularies.length)] ?? [];
  const text = Array.from({ length }, () => pick(random, vocabulary())).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Between `min` and `max` (inclusive) things made by `make`. */
function some<T>(random: () => number, min: number, max: number, make: () => T): T[] {
  return Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, make);
}

interface Vocabularies {
  /** What titles, phrasings and keywords are made of. */
  about: readonly (readonly string[])[];
  /** What summaries and bodies are made of. */
  prose: readonly (readonly string[])[];
}

function generatedArticle(random: () => number, n: number, { about, prose }: Vocabularies): Article {
  const words = (min: number, max: number, from: Vocabularies[keyof Vocabularies]): string =>
    sentence(random, min + Math.floor(random() * (max - min + 1)), from);
  const paragraphs = some(random, 2, 5, () => some(random, 2, 4, () => words(8, 19, prose)).join('. '));
  const steps = random() < 0.4 ? some(random, 3, 3, () => words(6, 6, prose)) : [];
  return {
    id: `generated-${String(n).padStart(5, '0')}`,
    title: words(3, 6, about),
    summary: words(14, 25, prose),
    phrasings: some(random, 3, 6, () => `How do I ${words(4, 4, about).toLowerCase()}?`),
    keywords: some(random, 2, 5, () => words(1, 2, about).toLowerCase()),
    related: [],
    menu: [],
    body: [...paragraphs, ...steps.map((step, i) => `${i + 1}. ${step}`)].join('\n\n'),
    steps,
    paragraphs,
  };
}

/**
 * `count` realistic, varied articles: titles, phrasings and keywords mostly from subscription
 * and billing words, bodies mixing those with common and invented words.
 */
export function generatedArticles(count: number, seed = 20261201): Article[] {
  const random = seededRandom(seed);
  const filler = fillerWords(random, 4000);
  const vocabularies = { about: [DOMAIN, DOMAIN, filler], prose: [DOMAIN, COMMON, COMMON, filler, filler] };
  return Array.from({ length: count }, (_, i) => generatedArticle(random, i + 1, vocabularies));
}

/** The dev questions and variations of them: lower-cased, keywords only, a typo, chatty, cut short. */
export function benchQueries(set: DevSet): string[] {
  const random = seededRandom(7);
  const questions = set.cases.map((devCase) => devCase.q);
  const variations = questions.flatMap((question) => {
    const words = question.replace(/[?.!,]/g, '').split(/\s+/);
    const long = words.filter((word) => word.length > 4);
    return [
      question.toLowerCase(),
      long.join(' '),
      withTypo(question, random),
      `Hi, ${question} Thanks a lot!`,
      `${words.slice(0, Math.ceil(words.length / 2)).join(' ')}`,
    ];
  });
  return [...questions, ...variations].filter((query) => query.trim().length > 0);
}

/** Swaps two adjacent letters in one longer word: "purchase" -> "purchsae". */
function withTypo(question: string, random: () => number): string {
  const words = question.split(' ');
  const candidates = words.map((word, i) => [word, i] as const).filter(([word]) => /^[a-z]{6,}$/i.test(word));
  const chosen = candidates[Math.floor(random() * candidates.length)];
  if (!chosen) return question;
  const [word, i] = chosen;
  const at = 1 + Math.floor(random() * (word.length - 3));
  words[i] = word.slice(0, at) + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2);
  return words.join(' ');
}

interface Engine {
  build(articles: Article[]): Answerer;
}

/** Our search, pruned (as it ships) or adding up every posting of every query word (the same answers). */
function knowledgeEngine(pruning: boolean): Engine {
  return {
    build(articles) {
      const vocabulary = vocabularyOptions(loadVocabulary(join(projectRoot(), 'knowledge')));
      const index = KnowledgeIndex.build(articles, { ...vocabulary, pruning });
      return (question) => {
        const outcome = index.search(question);
        return outcome.kind === 'answer' ? outcome.hit.article : undefined;
      };
    },
  };
}

const ENGINES: Record<Row['engine'], Engine> = {
  'knowledge index': knowledgeEngine(true),
  'exhaustive baseline': knowledgeEngine(false),
  'fuse baseline': {
    build(articles) {
      const fuse = new Fuse(articles, { keys: ['title', 'body'] });
      return (question) => fuse.search(question, { limit: 1 })[0]?.item;
    },
  },
};

/**
 * Each query's latency is the median of a few runs, so a garbage collection or another
 * process taking the CPU for a moment does not pass for the cost of a query; p50 and p99 are
 * then over the queries. The runs are rounds over all the queries, never one query again and
 * again, so a query does not find its own postings still in the CPU cache. Plain Fuse takes
 * up to a second a query over 10,000 articles, so there it runs once on an evenly spread
 * sample of the queries.
 */
const ROUNDS = 5;
const BASELINE_SAMPLE = 60;

function plan(engine: Row['engine'], queries: string[], articles: number): { timed: string[]; rounds: number } {
  if (engine !== 'fuse baseline' || articles <= 1000) return { timed: queries, rounds: ROUNDS };
  const step = queries.length / BASELINE_SAMPLE;
  const timed = Array.from({ length: Math.min(BASELINE_SAMPLE, queries.length) }, (_, i) => queries[Math.floor(i * step)] ?? '');
  return { timed, rounds: 1 };
}

/** Each query's median over `rounds` rounds of all the queries. */
function latenciesOf(answer: Answerer, queries: string[], rounds: number): number[] {
  const runs = queries.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    queries.forEach((query, i) => {
      const started = performance.now();
      answer(query);
      runs[i]?.push(performance.now() - started);
    });
  }
  return runs.map((times) => percentile(times, 50));
}

function measure(corpus: string, articles: Article[], engine: Row['engine'], queries: string[], set: DevSet): Row {
  const started = performance.now();
  const answer = ENGINES[engine].build(articles);
  const buildMs = performance.now() - started;
  const { timed, rounds } = plan(engine, queries, articles.length);
  for (const query of rounds > 1 ? timed : timed.slice(0, 3)) answer(query);
  const latencies = latenciesOf(answer, timed, rounds);
  const report = evaluate(answer, set);
  return {
    corpus,
    articles: articles.length,
    engine,
    samples: latencies.length,
    buildMs: round(buildMs, 1),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    devAccuracy: round(report.passed / report.total, 3),
  };
}

/**
 * Build time, query latency and dev-set accuracy of our index, of the same index adding up every
 * posting (no pruning), and of a plain Fuse index, on the shipped and a 10,000-article corpus.
 */
export async function benchSearch(): Promise<Row[]> {
  const shipped = loadArticles(articlesFolder());
  const large = [...shipped, ...generatedArticles(LARGE_CORPUS - shipped.length)];
  const set = loadDevSet();
  const queries = benchQueries(set);
  const rows: Row[] = [];
  for (const [corpus, articles] of [['shipped', shipped], ['generated 10k', large]] as const) {
    for (const engine of ['knowledge index', 'exhaustive baseline', 'fuse baseline'] as const) {
      rows.push(measure(corpus, articles, engine, queries, set));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  printRows(rows, queries.length);
  return rows;
}

function printRows(rows: Row[], queries: number): void {
  const ours = (corpus: string) => rows.find((row) => row.corpus === corpus && row.engine === 'knowledge index');
  printTable(
    `Knowledge search (${queries} queries, each timed as the median of its runs; ratio = a baseline's p99 / ours)`,
    rows.map((row) => {
      const reference = ours(row.corpus);
      const ratio = row.engine !== 'knowledge index' && reference ? `${round(row.p99Ms / reference.p99Ms, 1)}x` : '';
      return { ...row, devAccuracy: `${round(row.devAccuracy * 100, 1)}%`, ratio };
    }),
  );
}

if (require.main === module) {
  benchSearch().catch((error: unknown) => {
    process.stderr.write(`Search benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
