import { join } from 'node:path';
import { smallTalkOf } from '../../../dialogs/smallTalk';
import { loadQuestionSets } from '../../../bench/evalSets';
import { loadKnowledgeBase } from '../../../src/knowledgeBase';
import { projectRoot } from '../../../src/paths';
test('probe', () => {
  const kb = loadKnowledgeBase(join(projectRoot(), 'knowledge'));
  const out: string[] = [];
  for (const s of loadQuestionSets(projectRoot())) for (const c of s.set.cases) { const k = smallTalkOf(c.q, (t) => kb.index.englishShare(t)); if (k) out.push(`${k} ${c.q}`); }
  console.log(out.join('\n'));
});
