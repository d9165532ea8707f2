import {
  openCase,
  type CaseContext,
  type CaseResult,
  type CaseStatus,
  type EscalationCase,
  type CaseUser,
} from '../../../src/domain/escalation';

export const t0 = new Date('2026-12-01T15:00:00Z');
export const minutesAfter = (minutes: number, from = t0): Date => new Date(from.getTime() + minutes * 60_000);

export const eve = { id: 'a-eve', name: 'Eve Sato' };
export const raj = { id: 'a-raj', name: 'Raj Iyer' };

export const ana: CaseUser = {
  id: 'u-ana',
  name: 'Ana Ruiz',
  email: 'ana@contoso.example',
  tenantName: 'Contoso Engineering',
  role: 'primary-admin',
  conversationKey: 'webchat/conv-ana',
};

export const anaContext: CaseContext = {
  question: 'why was I charged twice?',
  menuPath: 'Post-purchase support > Subscription management > Billing & orders',
  searches: ['charged twice', 'refund double charge'],
  articlesShown: [
    { id: 'update-billing-info', title: 'Update billing information', feedback: 'not-helpful' },
    { id: 'purchase-history', title: 'See your purchase history' },
  ],
  subscriptions: [
    { id: 'S-101', product: 'AEC Collection', renewalDate: '2027-01-15', purchasedVia: 'online' },
    { id: 'S-201', product: 'Civil 3D', renewalDate: '2027-03-31', purchasedVia: 'reseller', reseller: 'Northwind CAD Solutions' },
  ],
};

export function queuedCase(sequence = 42, at = t0, user: CaseUser = ana): EscalationCase {
  return openCase({ sequence, user, context: anaContext }, at);
}

/** A case brought into `status` by the ordinary route. */
export function caseIn(status: CaseStatus, at = t0): EscalationCase {
  const queued = queuedCase(42, at);
  const change = (to: CaseStatus, by?: string) => ({ status: to, at: at.toISOString(), ...(by ? { by } : {}) });
  switch (status) {
    case 'queued':
      return queued;
    case 'accepted':
      return { ...queued, status, agent: eve, history: [...queued.history, change('accepted', eve.id)] };
    case 'released':
      return { ...queued, status, history: [...queued.history, change('accepted', eve.id), change('released', eve.id)] };
    case 'ended':
      return { ...queued, status, agent: eve, history: [...queued.history, change('accepted', eve.id), change('ended', eve.id)] };
    default:
      return { ...queued, status, history: [...queued.history, change(status)] };
  }
}

/** The case a transition returned; fails the test with the refusal's reason otherwise. */
export function ok(result: CaseResult): EscalationCase {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.case;
}
