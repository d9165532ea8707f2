import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { AccountRepository } from '../storage/accountRepository';
import type { Store } from '../storage/ports';
import { CaseStore } from './caseStore';
import { EscalationDesk, type EscalationSettings } from './desk';
import type { Messenger } from './notices';
import { agentsChannelKey, QueueNotices } from './queueNotices';

export { CaseNotFoundError, CaseStore, caseRecord, caseTags, type AgentDesk, type AnnouncementRef, type CaseRecord } from './caseStore';
export { EscalationDesk, endWithLine, withLine, type CaseRequest, type EscalationSettings, type Moved, type Opened, type Refusal } from './desk';
export { externalAgent, externalStatus } from './handoff';
export type { AnnouncementReceipt, EscalationNotice, Messenger, QueuePlace } from './notices';
export { agentsChannelKey, QueueNotices } from './queueNotices';

export interface SupportDeskDependencies {
  store: Store;
  accounts: AccountRepository;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
  settings: EscalationSettings;
}

/** The escalation desk as an application service: cases, the queue and its notices, over the storage and messenger ports. */
export interface SupportDesk {
  desk: EscalationDesk;
  cases: CaseStore;
  notices: QueueNotices;
}

export function createSupportDesk(deps: SupportDeskDependencies): SupportDesk {
  const { store, accounts, messenger, clock, logger, settings } = deps;
  const cases = new CaseStore(store);
  const announcementTargets = async (who: 'channel' | 'everyone'): Promise<string[]> => {
    const [directory, desks] = await Promise.all([accounts.supportDirectory(), cases.desks()]);
    const channel = agentsChannelKey(directory.support.agentsChannel);
    const personal = who === 'channel' ? [] : Object.values(desks).flatMap((desk) => (desk.available && desk.conversationKey ? [desk.conversationKey] : []));
    const known = (await store.get('references', channel)) !== undefined;
    return [...new Set(known ? [channel, ...personal] : personal)];
  };
  const notices = new QueueNotices({ store, cases, messenger, announcementTargets, clock, logger });
  const desk = new EscalationDesk({ store, cases, notices, messenger, support: () => accounts.supportDirectory(), clock, logger, settings });
  return { desk, cases, notices };
}
