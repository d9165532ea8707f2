import type { CardAction } from '../../cards/render';
import type { Article } from '../../src/search/knowledge';
import type { Turn } from '../turn';
import { accountCard, type ShownReply } from './accountViews';

/**
 * Sends an account answer's card. A refusal is also noted for the turn's analytics event, so the report
 * can say which intents people asked for and were refused: by their role, or because they named
 * something they don't have.
 */
export async function sendAccountReply(turn: Turn, title: string, reply: ShownReply, articles: Article[] = [], offers: CardAction[] = []): Promise<void> {
  if (reply.kind === 'refused') turn.note({ refusal: 'role' });
  if (reply.kind === 'not-found') turn.note({ refusal: 'not-found' });
  await turn.send(accountCard(turn.services.replies, title, reply, articles, offers));
}
