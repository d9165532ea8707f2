import { accept, toTicket, type CaseAgent } from '../domain/escalation';
import type { UnitOfWork } from '../storage/unitOfWork';
import type { CaseRecord } from './caseStore';
import { endWithLine, withLine, type EscalationDesk, type Moved, type Refusal } from './desk';

/** The agent an external hub's agent is recorded as (HANDOFF_TARGET=external). */
export const externalAgent: CaseAgent = { id: 'external-hub', name: 'A support agent' };

/** The hub took, finished or gave up the conversation of a handed-off case. */
export function externalStatus(desk: EscalationDesk, unit: UnitOfWork, record: CaseRecord, state: 'accepted' | 'completed' | 'failed'): Promise<Moved | Refusal> {
  const id = record.case.id;
  if (state === 'accepted') return desk.move(unit, id, () => undefined, (c, now) => withLine(accept(c, externalAgent, now), 'A support agent joined the chat', now));
  if (state === 'completed') return desk.close(unit, id, undefined, (c, now) => endWithLine(c, externalAgent.id, 'The support agent ended the chat', now));
  return desk.close(unit, id, undefined, (c, now) => toTicket(c, now));
}
