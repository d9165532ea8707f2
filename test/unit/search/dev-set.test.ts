import { articlesFolder, evaluate, formatReport, hasArticles, knowledgeAnswerer, loadDevSet } from '../../../bench/eval-dev';
import { join } from 'node:path';
import { loadVocabulary, vocabularyOptions } from '../../../src/knowledgeBase';
import { projectRoot } from '../../../src/paths';
import { KnowledgeIndex } from '../../../src/search';
import { loadArticles } from '../../../src/search/knowledge';

const articlesWritten = hasArticles();
if (!articlesWritten) {
  console.warn(`Skipping the development set: ${articlesFolder()} has no articles yet.`);
}

(articlesWritten ? describe : describe.skip)('knowledge search on the development set', () => {
  test('answers every in-scope question with a matching article and none of the out-of-scope ones', () => {
    const index = KnowledgeIndex.build(loadArticles(articlesFolder()), vocabularyOptions(loadVocabulary(join(projectRoot(), 'knowledge'))));
    const report = evaluate(knowledgeAnswerer(index), loadDevSet());
    expect(formatReport('development set', report)).toBe(`development set: ${report.total}/${report.total} (100.0%)`);
  });
});
