import {
  actionRequest,
  actionRequestFor,
  applyAction,
  contractManagerSeat,
  describeAction,
  insights,
  newRequestId,
  purchaseHistory,
  renewalStatus,
  subscriptionTeams,
  type AccountData,
  type ActionOutcome,
  type ActionRequest,
  type AuditRecord,
  type Identity,
  type Tenant,
} from '../../../src/domain/accounts';
import { redact } from '../../../src/domain/redaction';
import { ana, ben, chloe, demo, dev, fay, nobody, NOW } from './demo';

/** What the dialog does around applyAction: store the tenant, append the audit record, remember the request id. */
class AccountBook {
  data: AccountData = demo;
  readonly audit: AuditRecord[] = [];
  readonly applied = new Set<string>();

  act(who: Identity, request: ActionRequest, now = NOW): ActionOutcome {
    const outcome = applyAction(this.data, who, now, request, this.applied);
    if (outcome.kind === 'applied') {
      this.data = { ...this.data, tenants: this.data.tenants.map((t) => (t.id === outcome.tenant.id ? outcome.tenant : t)) };
      this.audit.push(outcome.audit);
      this.applied.add(request.id);
    }
    return outcome;
  }
}

const text = (reply: { lines: string[] }): string => reply.lines.join('\n');

describe('Ana turns auto-renew off for AutoCAD', () => {
  const request: ActionRequest = { id: 'req-auto-renew-0001', kind: 'set-auto-renew', target: 'S-102', on: false };

  test('the confirmation card says what changes, before → after, and that the whole contract is affected', () => {
    const preview = describeAction(demo, ana, NOW, request);
    expect(preview).toMatchObject({ kind: 'confirm', title: 'Turn auto-renew off', before: { autoRenew: true }, after: { autoRenew: false } });
    expect(text(preview)).toMatch(/Auto-renew for contract C-100 \(AEC Collection and AutoCAD\): on → off/);
    expect(text(preview)).toMatch(/every subscription on the contract: AEC Collection and AutoCAD/);
  });

  test('once confirmed it is reported as off and is in the audit log; a second click changes nothing', () => {
    const book = new AccountBook();
    expect(book.act(ana, request)).toMatchObject({ kind: 'applied', lines: [expect.stringMatching(/Auto-renew is now off for contract C-100/), expect.any(String)] });
    expect(book.act(ana, request)).toMatchObject({ kind: 'already-applied' });
    expect(book.audit).toEqual([
      { requestId: 'req-auto-renew-0001', tenant: 'contoso', who: { id: 'u-ana', name: 'Ana Ruiz' }, action: 'set-auto-renew', target: 'C-100', at: '2026-12-01T15:00:00.000Z', before: { autoRenew: true }, after: { autoRenew: false } },
    ]);
    const status = renewalStatus(book.data, ana, NOW, { subscription: 'S-102' });
    expect(status).toMatchObject({ kind: 'answer', data: [expect.objectContaining({ autoRenew: false, renewsBy: 'manual' })] });
    expect(text(status)).toMatch(/AutoCAD \(S-102\).*Auto-renew is off/);
  });

  test('the data given is left as it was', () => {
    const before = JSON.stringify(demo);
    new AccountBook().act(ana, request);
    expect(JSON.stringify(demo)).toBe(before);
  });

  test('another request turning it off again says it is already off', () => {
    const book = new AccountBook();
    book.act(ana, request);
    expect(book.act(ana, { ...request, id: 'req-auto-renew-0002' })).toMatchObject({ kind: 'not-possible', reason: expect.stringMatching(/already off/) });
  });
});

describe('early renewal', () => {
  test('C-100 within the 90-day window: an order in the purchase history and the renewal date one year on', () => {
    const book = new AccountBook();
    const outcome = book.act(ana, { id: 'req-early-c100-01', kind: 'renew-early', target: 'C-100' });
    expect(outcome).toMatchObject({ kind: 'applied', audit: { before: { renewalDate: '2027-01-15' }, after: { renewalDate: '2028-01-15', order: 'O-9005', total: 4_687_500 } } });
    const history = purchaseHistory(book.data, ana, NOW);
    expect(history).toMatchObject({ kind: 'answer', data: { orders: [{ id: 'O-9005', date: '2026-12-01', contract: 'C-100', description: 'Early renewal: AEC Collection x10, AutoCAD x5', total: 4_687_500 }, expect.anything(), expect.anything(), expect.anything(), expect.anything()] } });
    const renewed = expect.objectContaining({ renewalDate: '2028-01-15' });
    expect(renewalStatus(book.data, ana, NOW, { contract: 'C-100' })).toMatchObject({ data: [renewed, renewed] });
    expect(book.act(ana, { id: 'req-early-c100-02', kind: 'renew-early', target: 'C-100' })).toMatchObject({ kind: 'not-possible', from: '2027-10-17' });
  });

  test('C-110 outside the window says from which date', () => {
    const outcome = applyAction(demo, ana, NOW, { id: 'req-early-c110-01', kind: 'renew-early', target: 'C-110' }, new Set());
    expect(outcome).toMatchObject({ kind: 'not-possible', from: '2027-07-02' });
    expect(text(outcome as { lines: string[] })).toMatch(/can be renewed early from July 2, 2027/);
  });

  test('the window opens on the day, 90 days before', () => {
    const request: ActionRequest = { id: 'req-early-c110-02', kind: 'renew-early', target: 'C-110' };
    expect(applyAction(demo, ana, new Date('2027-07-01T23:59:00Z'), request, new Set()).kind).toBe('not-possible');
    expect(applyAction(demo, ana, new Date('2027-07-02T00:01:00Z'), request, new Set()).kind).toBe('applied');
  });
});

describe('reseller contract C-200', () => {
  test.each<[string, ActionRequest]>([
    ['turning auto-renew on', { id: 'req-c200-on-0001', kind: 'set-auto-renew', target: 'C-200', on: true }],
    ['renewing early', { id: 'req-c200-early-01', kind: 'renew-early', target: 'S-201' }],
  ])('%s gets the reseller’s contact instead', (_case, request) => {
    const outcome = applyAction(demo, ben, NOW, request, new Set());
    expect(outcome).toMatchObject({ kind: 'not-possible', reseller: { name: 'Northwind CAD Solutions', email: 'renewals@northwind.example', phone: '+1 555 0100' } });
    expect(text(outcome as { lines: string[] })).toMatch(/renewals@northwind\.example or call \+1 555 0100/);
  });
});

describe('teams and seats', () => {
  test('moving AutoCAD to Design moves its cost and where added seats go', () => {
    const book = new AccountBook();
    const request: ActionRequest = { id: 'req-move-s102-01', kind: 'move-subscription', target: 'S-102', team: 'design' };
    expect(describeAction(book.data, chloe, NOW, request)).toMatchObject({ kind: 'confirm', before: { team: 'Field Ops' }, after: { team: 'Design' } });
    expect(book.act(chloe, request)).toMatchObject({ kind: 'applied', audit: { who: { name: 'Chloe Martin' }, action: 'move-subscription', target: 'S-102' } });
    expect(subscriptionTeams(book.data, chloe, NOW, { subscription: 'S-102' })).toMatchObject({ data: [{ team: 'Design', costAttributedTo: 'Design' }] });
    expect(book.act(chloe, { ...request, id: 'req-move-s102-02' })).toMatchObject({ kind: 'not-possible', reason: expect.stringMatching(/already in the Design team/) });
  });

  test('unassigning Ana’s unused AutoCAD seat frees it', () => {
    const book = new AccountBook();
    expect(book.act(ben, { id: 'req-seat-s102-01', kind: 'unassign-contract-manager-seat', target: 'S-102' })).toMatchObject({
      kind: 'applied',
      audit: { before: { seat: 'Ana Ruiz', lastUsed: null }, after: { seat: null } },
    });
    expect(contractManagerSeat(book.data, ana, NOW, { subscription: 'S-102' })).toMatchObject({ kind: 'answer', data: [] });
    expect(insights(book.data, ana, NOW, { subscription: 'S-102' })).toMatchObject({ data: { subscriptions: [{ assigned: 4, seats: 5, state: 'under-assigned' }] } });
  });

  test.each<[string, string, RegExp]>([
    ['a seat that has been used', 'S-101', /was used on November 28, 2026/],
    ['a subscription where the contract manager holds no seat', 'S-111', /holds no seat/],
  ])('will not unassign %s', (_case, target, reason) => {
    const outcome = applyAction(demo, ana, NOW, { id: 'req-seat-other-01', kind: 'unassign-contract-manager-seat', target }, new Set());
    expect(outcome).toMatchObject({ kind: 'not-possible', reason: expect.stringMatching(reason) });
  });

  test('Revit can only be renewed manually: auto-renew stays off', () => {
    expect(applyAction(demo, ana, NOW, { id: 'req-revit-on-001', kind: 'set-auto-renew', target: 'S-121', on: true }, new Set())).toMatchObject({
      kind: 'not-possible',
      reason: expect.stringMatching(/can only be renewed manually/),
    });
  });
});

describe('stale or forged submissions change nothing and get a clear answer', () => {
  test.each<[string, Identity, ActionRequest, string]>([
    ['Fay names a Contoso contract', fay, { id: 'req-forged-00001', kind: 'set-auto-renew', target: 'C-100', on: false }, 'not-found'],
    ['Fay names a Contoso subscription', fay, { id: 'req-forged-00002', kind: 'move-subscription', target: 'S-102', team: 'Shop Floor' }, 'not-found'],
    ['Ana names a Fabrikam subscription', ana, { id: 'req-forged-00003', kind: 'renew-early', target: 'S-501' }, 'not-found'],
    ['Ana moves AutoCAD into a Fabrikam team', ana, { id: 'req-forged-00004', kind: 'move-subscription', target: 'S-102', team: 't-shop' }, 'not-found'],
    ['Dev names a subscription he has no seat on', dev, { id: 'req-forged-00005', kind: 'unassign-contract-manager-seat', target: 'S-102' }, 'not-found'],
    ['Dev acts on a subscription he does see', dev, { id: 'req-forged-00006', kind: 'set-auto-renew', target: 'S-101', on: false }, 'refused'],
    ['Chloe turns off auto-renew of Ana’s contract', chloe, { id: 'req-forged-00007', kind: 'set-auto-renew', target: 'C-100', on: false }, 'refused'],
    ['Ben renews Ana’s contract early', ben, { id: 'req-forged-00008', kind: 'renew-early', target: 'C-100' }, 'refused'],
    ['an unknown id', ana, { id: 'req-forged-00009', kind: 'renew-early', target: 'C-999' }, 'not-found'],
    ['someone unidentified', nobody, { id: 'req-forged-00010', kind: 'renew-early', target: 'C-100' }, 'no-account'],
  ])('%s → %s', (_case, who, request, kind) => {
    const book = new AccountBook();
    const outcome = book.act(who, request);
    expect(outcome.kind).toBe(kind);
    expect(book.data).toBe(demo);
    expect(book.audit).toEqual([]);
    expect(JSON.stringify(outcome)).not.toMatch(/Visa|Amex|\$|January 15|February 1/);
    expect(describeAction(demo, who, NOW, request).kind).toBe(kind);
  });

  test('the same request id applies once, whoever clicks', () => {
    const book = new AccountBook();
    const request: ActionRequest = { id: 'req-double-click-1', kind: 'move-subscription', target: 'S-201', team: 'Design' };
    expect(book.act(ben, request).kind).toBe('applied');
    expect(book.act(ben, request).kind).toBe('already-applied');
    expect(book.act(chloe, request).kind).toBe('already-applied');
    expect(book.audit).toHaveLength(1);
  });

  test.each([
    ['no id', { kind: 'renew-early', target: 'C-100' }],
    ['an unknown kind', { id: 'req-00000001', kind: 'cancel-contract', target: 'C-100' }],
    ['auto-renew without on/off', { id: 'req-00000002', kind: 'set-auto-renew', target: 'C-100' }],
    ['an extra field', { id: 'req-00000003', kind: 'renew-early', target: 'C-100', tenant: 'fabrikam' }],
  ])('a card submission with %s is rejected at the edge', (_case, payload) => {
    expect(actionRequest.safeParse(payload).success).toBe(false);
  });
});

test.each<[Parameters<typeof actionRequestFor>[0], Parameters<typeof actionRequestFor>[2], ActionRequest | undefined]>([
  ['auto-renew-off', { subscription: 'S-102' }, { id: 'r-1', kind: 'set-auto-renew', target: 'S-102', on: false }],
  ['auto-renew-on', { contract: 'C-200' }, { id: 'r-1', kind: 'set-auto-renew', target: 'C-200', on: true }],
  ['early-renewal', { contract: 'C-100' }, { id: 'r-1', kind: 'renew-early', target: 'C-100' }],
  ['move-subscription', { subscription: 'S-102', team: 't-design' }, { id: 'r-1', kind: 'move-subscription', target: 'S-102', team: 't-design' }],
  ['move-subscription', { subscription: 'S-102' }, undefined],
  ['unassign-seat', { subscription: 'S-102' }, { id: 'r-1', kind: 'unassign-contract-manager-seat', target: 'S-102' }],
  ['auto-renew-off', {}, undefined],
])('the %s card for %j carries %j', (intent, target, request) => {
  expect(actionRequestFor(intent, 'r-1', target)).toEqual(request);
});

test('tenants other than the actor’s are untouched', () => {
  const book = new AccountBook();
  book.act(ana, { id: 'req-isolation-001', kind: 'set-auto-renew', target: 'C-100', on: false });
  const fabrikam = (data: AccountData): Tenant | undefined => data.tenants.find((t) => t.id === 'fabrikam');
  expect(fabrikam(book.data)).toBe(fabrikam(demo));
});

test('a confirmation token never looks like a card number, so redaction leaves it whole (a UUID did about once in 800)', () => {
  const ids = Array.from({ length: 20_000 }, () => newRequestId());
  expect(ids.filter((id) => redact(id).text !== id)).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(actionRequestFor('auto-renew-off', ids[0]!, { subscription: 'S-102' })).toBeDefined();
});
