import type { AuditRecord } from '../domain/accounts';
import type { Store } from './ports';
import type { UnitOfWork } from './unitOfWork';

/** An action that was asked for and not carried out: who, what, and why, without what they could not see. */
export interface RefusalRecord {
  requestId: string;
  tenant?: string;
  who: { id: string; name?: string };
  action: string;
  /** 'refused' (their role may not), 'not-possible' (the account's rules), 'not-found', 'no-account'. */
  outcome: string;
  reason: string;
  at: string;
}

export type AuditEntry = AuditRecord | RefusalRecord;

/**
 * The audit log of account actions: one document per request id, inserted in the same commit as the change
 * it records. Two confirmations of one request can never both commit, so each applies once, whatever the
 * number of clicks or replicas.
 */
export class AuditLog {
  constructor(private readonly store: Store) {}

  /** The record joins the unit: it commits with the change, or fails the commit if the request was settled meanwhile. */
  record(unit: UnitOfWork, entry: AuditEntry): void {
    unit.insert('audit', entry.requestId, entry);
  }

  async has(requestId: string, unit?: UnitOfWork): Promise<boolean> {
    const entry = unit ? await unit.get<AuditEntry>('audit', requestId) : (await this.store.get<AuditEntry>('audit', requestId))?.value;
    return entry !== undefined && 'before' in entry;
  }

  async entries(): Promise<AuditEntry[]> {
    return (await this.store.list<AuditEntry>('audit')).map((doc) => doc.value);
  }
}
