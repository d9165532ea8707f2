import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { DocumentStore } from './ports';
import type { UnitOfWork } from './unitOfWork';

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

  /**
   * Stores feedback on one shown answer and returns its record id. Pass the id of an earlier record to
   * replace it: a second press on the same card updates the first record instead of adding another.
   */
  recordFeedback(unit: UnitOfWork, record: Omit<FeedbackRecord, 'at'>, id: string = this.newId()): string {
    unit.put('feedback', id, { ...record, at: this.clock.now().toISOString() });
    return id;
  }

  /** Both join the turn's unit: a turn that runs again after losing a race records them once. */
  recordUnanswered(unit: UnitOfWork, query: string, outcome: UnansweredOutcome): void {
    unit.put('unanswered', this.newId(), { query, outcome, at: this.clock.now().toISOString() });
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
