import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { DocumentStore } from './ports';

export type FeedbackReason = 'not-related' | 'not-answered';

export interface FeedbackRecord {
  article: string;
  helpful: boolean;
  reason?: FeedbackReason;
  /** The question that led to the article, when there was one. */
  query?: string;
  at: string;
}

export type UnansweredOutcome = 'no-match' | 'none-of-these';

export interface UnansweredRecord {
  query: string;
  outcome: UnansweredOutcome;
  at: string;
}

/** What content authors read: feedback on articles and the questions nobody could answer. One document per record. */
export class ContentLog {
  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
  ) {}

  async recordFeedback(record: Omit<FeedbackRecord, 'at'>): Promise<void> {
    await this.store.put('feedback', this.newId(), { ...record, at: this.clock.now().toISOString() });
  }

  async recordUnanswered(query: string, outcome: UnansweredOutcome): Promise<void> {
    await this.store.put('unanswered', this.newId(), { query, outcome, at: this.clock.now().toISOString() });
  }

  async feedback(): Promise<FeedbackRecord[]> {
    return (await this.store.list<FeedbackRecord>('feedback')).map((doc) => doc.value);
  }

  async unanswered(): Promise<UnansweredRecord[]> {
    return (await this.store.list<UnansweredRecord>('unanswered')).map((doc) => doc.value);
  }

  /** Time-ordered ids, so a listing reads oldest first. */
  private newId(): string {
    return `${this.clock.now().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  }
}
