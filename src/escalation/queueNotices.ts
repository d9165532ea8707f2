import type { Clock } from '../clock';
import { caseAnnouncement, estimateWait, isWaiting } from '../domain/escalation';
import type { Logger } from '../logger';
import type { Store } from '../storage/ports';
import { transact, type UnitOfWork } from '../storage/unitOfWork';
import type { AnnouncementRef, CaseRecord, CaseStore } from './caseStore';
import type { Messenger, QueuePlace } from './notices';

/** The conversation key of the agents' channel, from the support directory. */
export function agentsChannelKey(channel: { channelId: string; conversationId: string }): string {
  return `${channel.channelId}:${channel.conversationId}`;
}

export interface QueueNoticeServices {
  store: Store;
  cases: CaseStore;
  messenger: Messenger;
  /** Where case cards go: the agents' channel (once known) and available agents' chats. */
  announcementTargets(who: 'channel' | 'everyone'): Promise<string[]>;
  clock: Clock;
  logger: Logger;
}

/**
 * What the desk tells people about the queue: case cards to agents (kept up to date in place) and queue
 * positions to waiting users (only when they change).
 */
export class QueueNotices {
  constructor(private readonly s: QueueNoticeServices) {}

  /** The user's place in the queue now, with an estimate when there is enough history. */
  async placeOf(caseId: string): Promise<QueuePlace | undefined> {
    const index = (await this.s.cases.waiting()).findIndex((record) => record.case.id === caseId);
    return index < 0 ? undefined : this.placeAfter(caseId, index + 1);
  }

  async placeAfter(caseId: string, position: number): Promise<QueuePlace> {
    const estimate = estimateWait(await this.s.cases.waitSamples(), position);
    return { caseId, position, ...(estimate === undefined ? {} : { estimate }) };
  }

  /**
   * Posts the case card to the agents' channel and, for a case in the queue, to every available agent's
   * personal chat; a ticket goes to the channel only, for whoever answers tickets by email. The cards go
   * out with the commit; each delivered card's id comes back through `recordAnnouncement`.
   */
  async announce(unit: UnitOfWork, record: CaseRecord): Promise<void> {
    const targets = await this.s.announcementTargets(record.case.status === 'ticket' ? 'channel' : 'everyone');
    const notice = { kind: 'case-card' as const, announcement: caseAnnouncement(record.case, this.s.clock.now()) };
    for (const target of targets) this.s.messenger.send(unit, target, notice, { caseId: record.case.id, status: record.case.status });
  }

  /** A case card reached an agent: keep where it is, and bring it up to date if the case moved on meanwhile. */
  async recordAnnouncement(caseId: string, ref: AnnouncementRef, shownStatus: string): Promise<void> {
    await transact(this.s.store, async (unit) => {
      const record = await this.s.cases.get(caseId, unit);
      if (!record) return;
      this.s.cases.put(unit, { ...record, announcements: [...record.announcements, ref] });
      if (record.case.status !== shownStatus) this.updateAnnouncements(unit, record, [ref]);
    });
  }

  /** Replaces every card of the case with its current state (who took it, or that it is waiting again). */
  updateAnnouncements(unit: UnitOfWork, record: CaseRecord, refs: readonly AnnouncementRef[] = record.announcements): void {
    const notice = { kind: 'case-card' as const, announcement: caseAnnouncement(record.case, this.s.clock.now()) };
    for (const ref of refs) this.s.messenger.update(unit, ref.conversationKey, ref.activityId, notice);
  }

  /** Tells every waiting user whose position changed their new place; each in a commit of its own. */
  async refreshPositions(): Promise<void> {
    try {
      const waiting = await this.s.cases.waiting();
      for (const [index, current] of waiting.entries()) {
        const position = index + 1;
        if (current.toldPosition === position) continue;
        const place = await this.placeAfter(current.case.id, position);
        await transact(this.s.store, async (unit) => {
          const record = await this.s.cases.get(current.case.id, unit);
          if (!record || !isWaiting(record.case) || record.toldPosition === position) return;
          this.s.cases.put(unit, { ...record, toldPosition: position });
          this.s.messenger.send(unit, record.case.user.conversationKey, { kind: 'position', place });
        });
      }
    } catch (error) {
      // Positions are a courtesy: the next change or sweep tells them again.
      this.s.logger.warn({ err: (error as Error).message }, 'queue positions not refreshed');
    }
  }
}
