import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../src/paths';
import { loadVocabulary, vocabularyOptions } from '../src/knowledgeBase';
import { KnowledgeIndex } from '../src/search';
import { loadArticles, type Article } from '../src/search/knowledge';

const devCase = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('in'), q: z.string().min(1), expect: z.array(z.string()).min(1) }),
  z.strictObject({ kind: z.literal('out'), q: z.string().min(1) }),
]);

const devSet = z.strictObject({
  about: z.string(),
  fallback: z.string(),
  cases: z.array(devCase).min(1),
});

export type DevCase = z.infer<typeof devCase>;
export type DevSet = z.infer<typeof devSet>;

/** The article a search engine presents as the answer to a question, or undefined when it gives none. */
export type Answerer = (question: string) => Article | undefined;

export interface DevFailure {
  question: string;
  why: string;
}

export interface DevReport {
  passed: number;
  total: number;
  failures: DevFailure[];
}

export const articlesFolder = (root = projectRoot()): string => join(root, 'knowledge', 'articles');

export function hasArticles(root = projectRoot()): boolean {
  const folder = articlesFolder(root);
  return existsSync(folder) && readdirSync(folder).some((name) => name.endsWith('.md'));
}

export function loadDevSet(root = projectRoot()): DevSet {
  return loadQuestionSet(join(root, 'test', 'e2e', 'qa-dev.json'));
}

/** A question set shaped like the development set (the development set itself, or one in bench/questions). */
export function loadQuestionSet(file: string): DevSet {
  const parsed = devSet.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** What a reader sees of an article: title, summary, paragraphs and steps. */
export function prose(article: Article): string {
  return [article.title, article.summary, ...article.paragraphs, ...article.steps].join('\n');
}

/** Scores an answerer the way the end-to-end check does: 'in' needs an answer matching every pattern, 'out' needs none. */
export function evaluate(answer: Answerer, set: DevSet): DevReport {
  const failures = set.cases.flatMap((devCase) => {
    const why = judge(devCase, answer(devCase.q));
    return why === undefined ? [] : [{ question: devCase.q, why }];
  });
  return { passed: set.cases.length - failures.length, total: set.cases.length, failures };
}

function judge(devCase: DevCase, article: Article | undefined): string | undefined {
  if (devCase.kind === 'out') return article ? `answered out-of-scope question with ${article.id}` : undefined;
  if (!article) return 'no answer';
  const text = withoutQuestion(prose(article), devCase.q);
  const missing = devCase.expect.filter((pattern) => !new RegExp(pattern, 'i').test(text));
  return missing.length === 0 ? undefined : `answered with ${article.id}, which lacks /${missing.join('/, /')}/`;
}

function withoutQuestion(text: string, question: string): string {
  const escaped = question.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(escaped, 'gi'), '');
}

/** Our engine as an answerer: only a confident answer counts. */
export function knowledgeAnswerer(index: KnowledgeIndex): Answerer {
  return (question) => {
    const outcome = index.search(question);
    return outcome.kind === 'answer' ? outcome.hit.article : undefined;
  };
}

export function formatReport(name: string, report: DevReport): string {
  const percent = ((100 * report.passed) / report.total).toFixed(1);
  const lines = [`${name}: ${report.passed}/${report.total} (${percent}%)`];
  for (const failure of report.failures) lines.push(`  FAIL ${JSON.stringify(failure.question)}: ${failure.why}`);
  return lines.join('\n');
}

if (require.main === module) {
  const index = KnowledgeIndex.build(loadArticles(articlesFolder()), vocabularyOptions(loadVocabulary(join(projectRoot(), 'knowledge'))));
  const report = evaluate(knowledgeAnswerer(index), loadDevSet());
  console.log(formatReport('knowledge search, development set', report));
  process.exitCode = report.failures.length === 0 ? 0 : 1;
}
