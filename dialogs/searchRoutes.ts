import type { Article } from '../src/search/knowledge';
import { relatedOf } from './menuRoutes';
import { rememberArticle, rememberFeedback, rememberSearch } from './memory';
import { buttons } from './replies';
import type { SubmissionOf } from './submissions';
import type { Turn } from './turn';

/** Answers free text from the knowledge base: a confident answer, a "Did you mean", or an honest fallback. */
export async function answerQuestion(turn: Turn, query: string): Promise<void> {
  const { knowledge, replies } = turn.services;
  rememberSearch(turn.memory, query);
  const outcome = knowledge.search(query);
  if (outcome.kind === 'answer') {
    turn.route('search.answer');
    turn.memory.failedSearches = 0;
    await showArticle(turn, outcome.hit.article);
    return;
  }
  if (outcome.kind === 'did-you-mean') {
    turn.route('search.did-you-mean');
    await turn.send(
      replies.choices({
        title: 'Did you mean…',
        text: "I'm not sure which of these answers your question. Pick the closest one:",
        choices: [
          ...outcome.choices.slice(0, 3).map((hit) => buttons.article(hit.article)),
          { title: 'None of these', data: { verb: 'none-of-these', query: query.slice(0, 500) } },
        ],
        actions: [buttons.agent()],
      }),
    );
    return;
  }
  turn.route('search.no-match');
  await noAnswer(turn, query, 'no-match');
}

export async function showArticle(turn: Turn, article: Article): Promise<void> {
  const { menu, replies } = turn.services;
  rememberArticle(turn.memory, article.id, article.title);
  const place = turn.memory.menuNode ? menu.node(turn.memory.menuNode) : undefined;
  const from = place && place.id !== menu.root.id ? place : undefined;
  await turn.send(replies.answer(article, relatedOf(turn, article).slice(0, 3), from));
}

export async function noneOfThese(turn: Turn, submission: SubmissionOf<'none-of-these'>): Promise<void> {
  turn.route('search.none-of-these');
  await noAnswer(turn, submission.query, 'none-of-these');
}

async function noAnswer(turn: Turn, query: string, outcome: 'no-match' | 'none-of-these'): Promise<void> {
  const { replies, contentLog, menu } = turn.services;
  turn.memory.failedSearches += 1;
  await contentLog.recordUnanswered(query.slice(0, 1000), outcome);
  const place = turn.memory.menuNode ? menu.node(turn.memory.menuNode) : undefined;
  await turn.send(
    replies.notice({
      title: "I couldn't find an answer to that",
      lines: [
        'Try rephrasing it in a few words, such as "renew early" or "update billing info", or browse the Get Help menu. ' +
          'A support agent can also help.',
      ],
      actions: [
        buttons.getHelp(),
        buttons.agent(),
        ...(place && place.id !== menu.root.id ? [buttons.menuNode(place, `Back to ${place.label}`)] : []),
      ],
    }),
  );
  for (const feature of turn.services.features) await feature.afterFailedSearch?.(turn);
}

export async function recordFeedback(turn: Turn, submission: SubmissionOf<'feedback'>): Promise<void> {
  const { replies, contentLog } = turn.services;
  const query = turn.memory.searches.at(-1);
  if (submission.helpful) {
    turn.route('feedback.helpful');
    rememberFeedback(turn.memory, submission.article, 'helpful');
    await contentLog.recordFeedback({ article: submission.article, helpful: true, ...(query ? { query } : {}) });
    await turn.send(replies.notice({ lines: ['Thanks, glad that helped. Ask me anything else at any time.'], actions: [buttons.getHelp()] }));
    return;
  }
  turn.route('feedback.not-helpful');
  rememberFeedback(turn.memory, submission.article, 'not-helpful');
  await turn.send(
    replies.choices({
      title: 'Sorry about that. What went wrong?',
      choices: [
        { title: "It's not related to my question", data: { verb: 'feedback-reason', article: submission.article, reason: 'not-related' } },
        { title: "It didn't answer my question", data: { verb: 'feedback-reason', article: submission.article, reason: 'not-answered' } },
      ],
      actions: [buttons.agent()],
    }),
  );
}

export async function recordFeedbackReason(turn: Turn, submission: SubmissionOf<'feedback-reason'>): Promise<void> {
  const { replies, contentLog } = turn.services;
  turn.route('feedback.reason');
  const query = turn.memory.searches.at(-1);
  rememberFeedback(turn.memory, submission.article, submission.reason);
  await contentLog.recordFeedback({
    article: submission.article,
    helpful: false,
    reason: submission.reason,
    ...(query ? { query } : {}),
  });
  await turn.send(
    replies.notice({
      lines: ['Thanks for telling us; it helps us improve the articles. You can rephrase your question, browse the menu, or talk to a person.'],
      actions: [buttons.getHelp(), buttons.agent()],
    }),
  );
}
