import type { AuditRecord } from '../domain/accounts';
import { ConcurrencyError, type DocumentStore } from './ports';

type AuditEntry = AuditRecord | { requestId: string; claimedAt: string };

/**
 * The audit log of account actions: one document per request id. Claiming the id before the change is
 * applied makes a confirmation take effect once, whatever the number of clicks or replicas.
 */
export class AuditLog {
  constructor(private readonly store: DocumentStore) {}

  /** True for the first caller only. */
  async claim(requestId: string, at: Date): Promise<boolean> {
    try {
      await this.store.put<AuditEntry>('audit', requestId, { requestId, claimedAt: at.toISOString() }, { expectedVersion: 'absent' });
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
  }

  /** Gives a claim back when the action turned out not to be possible. */
  async release(requestId: string): Promise<void> {
    await this.store.delete('audit', requestId);
  }

  async record(entry: AuditRecord): Promise<void> {
    await this.store.put<AuditEntry>('audit', entry.requestId, entry);
  }

  async has(requestId: string): Promise<boolean> {
    return (await this.store.get('audit', requestId)) !== undefined;
  }

  async entries(): Promise<AuditRecord[]> {
    return (await this.store.list<AuditEntry>('audit')).map((doc) => doc.value).filter((entry): entry is AuditRecord => 'action' in entry);
  }
}
