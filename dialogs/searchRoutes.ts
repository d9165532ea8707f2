import { z } from 'zod';
import type { Article } from '../src/search/knowledge';
import { relatedOf } from './menuRoutes';
import { rememberArticle, rememberFeedback, rememberSearch } from './memory';
import { buttons } from './replies';
import type { FeedbackReason } from '../src/storage/contentLog';
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
    await showArticle(turn, outcome.hit.article, query);
    return;
  }
  if (outcome.kind === 'did-you-mean') {
    turn.route('search.did-you-mean');
    const state = feedbackState(turn);
    state.offered = { query: query.slice(0, 300), articles: outcome.choices.slice(0, 3).map((hit) => hit.article.id) };
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
  await noAnswer(turn, query, 'no-match', outcome.notCovered?.where);
}

/** Shows an article; `query` is the question it answers (an article picked from "Did you mean" answers that one). */
export async function showArticle(turn: Turn, article: Article, query?: string): Promise<void> {
  const { menu, replies } = turn.services;
  rememberArticle(turn.memory, article.id, article.title);
  rememberShown(turn, article.id, query);
  turn.note({ article: article.id });
  const place = turn.memory.menuNode ? menu.node(turn.memory.menuNode) : undefined;
  const from = place && place.id !== menu.root.id ? place : undefined;
  await turn.send(replies.answer(article, relatedOf(turn, article).slice(0, 3), from));
}

export async function noneOfThese(turn: Turn, submission: SubmissionOf<'none-of-these'>): Promise<void> {
  turn.route('search.none-of-these');
  await noAnswer(turn, submission.query, 'none-of-these');
}

async function noAnswer(turn: Turn, query: string, outcome: 'no-match' | 'none-of-these', where?: string): Promise<void> {
  const { replies, contentLog, menu } = turn.services;
  turn.memory.failedSearches += 1;
  contentLog.recordUnanswered(turn.unit, query.slice(0, 1000), outcome);
  const place = turn.memory.menuNode ? menu.node(turn.memory.menuNode) : undefined;
  await turn.send(
    replies.notice({
      title: "I couldn't find an answer to that",
      lines: [
        ...(where ? [where] : []),
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
  const { replies } = turn.services;
  if (submission.helpful) {
    turn.route('feedback.helpful');
    rememberFeedback(turn.memory, submission.article, 'helpful');
    await storeFeedback(turn, submission.article, { helpful: true });
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
  const { replies } = turn.services;
  turn.route('feedback.reason');
  rememberFeedback(turn.memory, submission.article, submission.reason);
  await storeFeedback(turn, submission.article, { helpful: false, reason: submission.reason });
  await turn.send(
    replies.notice({
      lines: ['Thanks for telling us; it helps us improve the articles. You can rephrase your question, browse the menu, or talk to a person.'],
      actions: [buttons.getHelp(), buttons.agent()],
    }),
  );
}

/**
 * Per article shown in this conversation: the question that led to it and, once feedback was given, the
 * id of its record, so pressing an old Yes/No again updates that record. The card's buttons carry only the
 * article id (answer cards are cached per article), so an article shown twice counts as its latest showing.
 */
const feedbackMemory = z.object({
  shown: z.array(z.object({ article: z.string(), query: z.string().optional(), record: z.string().optional() })).default([]),
  offered: z.object({ query: z.string(), articles: z.array(z.string()) }).optional(),
});
type FeedbackMemory = z.infer<typeof feedbackMemory>;
type ShownAnswer = FeedbackMemory['shown'][number];

const FEEDBACK_KEY = 'feedback';
const RECENT_SHOWN = 10;

function feedbackState(turn: Turn): FeedbackMemory {
  const parsed = feedbackMemory.safeParse(turn.memory.features[FEEDBACK_KEY] ?? {});
  const state = parsed.success ? parsed.data : { shown: [] };
  turn.memory.features[FEEDBACK_KEY] = state;
  return state;
}

function rememberShown(turn: Turn, article: string, query: string | undefined): void {
  const state = feedbackState(turn);
  const asked = query ?? (state.offered?.articles.includes(article) ? state.offered.query : undefined);
  const shown: ShownAnswer = { article, ...(asked ? { query: asked.slice(0, 300) } : {}) };
  state.shown = [...state.shown.filter((entry) => entry.article !== article), shown].slice(-RECENT_SHOWN);
  delete state.offered;
}

async function storeFeedback(turn: Turn, article: string, verdict: { helpful: boolean; reason?: FeedbackReason }): Promise<void> {
  const state = feedbackState(turn);
  const shown = state.shown.find((entry) => entry.article === article);
  const record = { article, ...verdict, ...(shown?.query ? { query: shown.query } : {}) };
  const id = turn.services.contentLog.recordFeedback(turn.unit, record, ...(shown?.record ? [shown.record] : []));
  if (shown) shown.record = id;
}
