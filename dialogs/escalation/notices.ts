import type { Clock } from '../../src/clock';
import { caseAnnouncement, estimateWait, isWaiting } from '../../src/domain/escalation';
import type { Notifier } from '../../src/bot/notifier';
import type { AccountRepository } from '../../src/storage/accountRepository';
import { CaseNotFoundError, type AnnouncementRef, type CaseRecord, type CaseRepository } from '../../src/storage/caseRepository';
import type { AgentViews } from './agentViews';
import type { CustomerViews, QueuePlace } from './views';

/** The conversation key of the agents' channel, from the support directory. */
export function agentsChannelKey(channel: { channelId: string; conversationId: string }): string {
  return `${channel.channelId}:${channel.conversationId}`;
}

/**
 * What the bot tells people proactively about the queue: case cards to agents (kept up to date in place)
 * and queue positions to waiting users (only when they change).
 */
export class QueueNotices {
  constructor(
    private readonly cases: CaseRepository,
    private readonly notifier: Notifier,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    private readonly customer: CustomerViews,
    private readonly agent: AgentViews,
  ) {}

  /** The user's place in the queue now, with an estimate when there is enough history. */
  async placeOf(caseId: string): Promise<QueuePlace | undefined> {
    const waiting = await this.cases.waitingIds();
    const index = waiting.indexOf(caseId);
    if (index < 0) return undefined;
    const estimate = estimateWait(await this.cases.waitSamples(), index + 1);
    return { caseId, position: index + 1, ...(estimate === undefined ? {} : { estimate }) };
  }

  /**
   * Claims `place` as the position the user is told, unless a concurrent refresh already told them one:
   * then that one is what they know, and it is the one to repeat.
   */
  async claimTold(place: QueuePlace): Promise<QueuePlace> {
    const told = await this.cases.change(place.caseId, (record) =>
      record.toldPosition === undefined ? { next: { ...record, toldPosition: place.position }, result: place.position } : { result: record.toldPosition },
    );
    return { ...place, position: told };
  }

  /**
   * Posts the case card to the agents' channel (once seen) and, for a case in the queue, to every available
   * agent's personal chat; a ticket goes to the channel only, for whoever answers tickets by email.
   */
  async announce(record: CaseRecord): Promise<void> {
    const targets = await this.announcementTargets(record.case.status === 'ticket' ? 'channel' : 'everyone');
    const card = this.agent.caseCard(caseAnnouncement(record.case, this.clock.now()));
    const sent = await Promise.all(
      targets.map(async (conversationKey) => {
        const ids = await this.notifier.trySend(conversationKey, card);
        return ids?.[0] ? [{ conversationKey, activityId: ids[0] }] : [];
      }),
    );
    const refs = sent.flat();
    if (refs.length === 0) return;
    const latest = await this.cases.change(record.case.id, (current) => {
      const next = { ...current, announcements: [...current.announcements, ...refs] };
      return { next, result: next };
    });
    // Taken (or left) while the cards were on their way: bring them up to date at once.
    if (latest.case.status !== record.case.status) await this.updateAnnouncements(latest, refs);
  }

  /** Replaces every card of the case with its current state (who took it, or that it is waiting again). */
  async updateAnnouncements(record: CaseRecord, refs: readonly AnnouncementRef[] = record.announcements): Promise<void> {
    const card = this.agent.caseCard(caseAnnouncement(record.case, this.clock.now()));
    await Promise.all(refs.map((ref) => this.notifier.tryUpdate(ref.conversationKey, ref.activityId, card)));
  }

  /** Tells every waiting user whose position changed their new place. */
  async refreshPositions(): Promise<void> {
    const waiting = await this.cases.waitingIds();
    const samples = await this.cases.waitSamples();
    await Promise.all(
      waiting.map(async (caseId, index) => {
        const position = index + 1;
        const changed = await this.tellPosition(caseId, position);
        if (!changed) return;
        const estimate = estimateWait(samples, position);
        await this.notifier.trySend(changed.case.user.conversationKey, this.customer.position({ caseId, position, ...(estimate === undefined ? {} : { estimate }) }));
      }),
    );
  }

  /** Records the new position; undefined when there is nothing to tell (unchanged, or no longer waiting). */
  private async tellPosition(caseId: string, position: number): Promise<CaseRecord | undefined> {
    try {
      return await this.cases.change(caseId, (record) => {
        if (!isWaiting(record.case) || record.toldPosition === position) return { result: undefined };
        const next = { ...record, toldPosition: position };
        return { next, result: next };
      });
    } catch (error) {
      if (error instanceof CaseNotFoundError) return undefined; // still being opened: its own turn tells the user
      throw error;
    }
  }

  private async announcementTargets(who: 'channel' | 'everyone'): Promise<string[]> {
    const [directory, desks] = await Promise.all([this.accounts.supportDirectory(), this.cases.desks()]);
    const channel = agentsChannelKey(directory.support.agentsChannel);
    const personal = who === 'channel' ? [] : Object.values(desks).flatMap((desk) => (desk.available && desk.conversationKey ? [desk.conversationKey] : []));
    const targets = (await this.notifier.knows(channel)) ? [channel, ...personal] : personal;
    return [...new Set(targets)];
  }
}
