import { join } from 'node:path';
import { KnowledgeIndex, SearchOptionsError, type SearchOutcome } from '../../../src/search';
import { loadArticles } from '../../../src/search/knowledge';
import { loadVocabulary, vocabularyOptions } from '../../../src/knowledgeBase';
import { projectRoot } from '../../../src/paths';

const articles = loadArticles(join(__dirname, 'fixtures'));
const vocabulary = vocabularyOptions(loadVocabulary(join(projectRoot(), 'knowledge')));
const index = KnowledgeIndex.build(articles, vocabulary);

/** What the user would be shown: the answer's id, the choices' ids, or "none". */
function shown(outcome: SearchOutcome): string {
  switch (outcome.kind) {
    case 'answer':
      return outcome.hit.article.id;
    case 'did-you-mean':
      return `did you mean ${outcome.choices.map((hit) => hit.article.id).join(' | ')}`;
    case 'none':
      return 'none';
  }
}

describe('knowledge index over a small set of articles', () => {
  test.each([
    ['How do I turn off auto-renew?', 'turn-off-auto-renew'],
    ['how do i turn of autorenewal', 'turn-off-auto-renew'],
    ['how can I stop auto-renew', 'turn-off-auto-renew'],
    ['Do subscriptions renew automatically?', 'auto-renew'],
    ['purchse histroy', 'purchase-history'],
    ['where are my previous orders', 'purchase-history'],
    ['I bought it from a partner, how do I change my card?', 'reseller-billing'],
    ['overassigned users', 'over-assignment'],
    ['more users than licenses after a partial renewal', 'over-assignment'],
    ['What is the capital of Australia?', 'none'],
    ['Tell me a joke about penguins', 'none'],
    ['qwzx plok vrrt', 'none'],
    ['', 'none'],
    ['?!', 'none'],
  ])('%j -> %s', (question, expected) => {
    expect(shown(index.search(question))).toBe(expected);
  });

  test('a one-word question with several matching articles asks which one', () => {
    expect(shown(index.search('renewal'))).toMatch(/^did you mean /);
  });

  test('scores are between 0 and 1, best first', () => {
    const hits = index.rank('turn off auto-renew', 5);
    expect(hits.length).toBeGreaterThan(1);
    for (const hit of hits) expect(hit.score).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.score).toBeLessThanOrEqual(1);
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
  });

  test('rank returns at most the limit', () => {
    expect(index.rank('subscription', 2)).toHaveLength(2);
    expect(index.rank('subscription', 0)).toEqual([]);
  });

  test('get finds an article by id', () => {
    expect(index.get('purchase-history')?.title).toBe('See your purchase history');
    expect(index.get('no-such-article')).toBeUndefined();
  });

  test('popular puts the most referenced articles first', () => {
    expect(index.popular(3).map((article) => article.id)).toEqual([
      'auto-renew',
      'turn-off-auto-renew',
      'purchase-history',
    ]);
    expect(index.popular(0)).toEqual([]);
  });

  test('a 20,000-character message is cut to its first words and still answered', () => {
    const message = `How do I turn off auto-renew? ${'Some more context about my day. '.repeat(700)}`;
    expect(message.length).toBeGreaterThan(20_000);
    expect(shown(index.search(message))).toBe('turn-off-auto-renew');
  });

  test('a 20,000-character message of nonsense gets no answer', () => {
    expect(index.search('zq '.repeat(7000)).kind).toBe('none');
  });

  test('an empty index answers nothing', () => {
    const empty = KnowledgeIndex.build([]);
    expect(empty.search('turn off auto-renew')).toEqual({ kind: 'none', nearest: [] });
    expect(empty.popular(3)).toEqual([]);
  });

  test('typo correction can be switched off', () => {
    const strict = KnowledgeIndex.build(articles, { ...vocabulary, typoCorrection: false });
    expect(strict.search('purchse histroy').kind).toBe('none');
  });

  test('custom synonyms replace the default ones', () => {
    const custom = KnowledgeIndex.build(articles, { synonyms: [['receipt', 'invoice']] });
    expect(shown(custom.search('where is my receipt'))).toBe('purchase-history');
  });

  test.each([
    [{ k1: -1 }, /k1/],
    [{ gate: { minScore: 2 } }, /gate\.minScore/],
    [{ fields: { title: { weight: 1, b: 3 } } }, /fields\.title\.b/],
    [{ unknownOption: true } as never, /unknownOption/],
  ])('rejects invalid options %j with a message naming the option', (options, message) => {
    expect(() => KnowledgeIndex.build(articles, options)).toThrow(SearchOptionsError);
    expect(() => KnowledgeIndex.build(articles, options)).toThrow(message);
  });
});

describe('spelling a message as the articles do, for readers without typo correction of their own', () => {
  const shipped = KnowledgeIndex.build(loadArticles(join(projectRoot(), 'knowledge', 'articles')), vocabularyOptions(loadVocabulary(join(projectRoot(), 'knowledge'))));

  test.each([
    ['wen is the autocad renewel date?', 'wen is the autocad renewal date?'],
    ['civil3d renewaldate?', 'civil3d renewal date?'],
    ['purchse histroy please', 'purchase history please'],
    ['flextokens left', 'flex tokens left'],
    ['my pasword reset', 'my pasword reset'],
    ['which currency do we pay in', 'which currency do we pay in'],
    ['When does Northwind renew?', 'When does Northwind renew?'],
    ['is Dev Patel an admin', 'is Dev Patel an admin'],
    ['Renewel date', 'renewal date'],
  ])('%j -> %j', (text, expected) => {
    expect(shipped.spellChecked(text)).toBe(expected);
  });
});
