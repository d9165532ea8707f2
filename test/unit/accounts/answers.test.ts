import {
  accountAnswers,
  addedSeats,
  answerAccountQuestion,
  admins,
  billingInfo,
  contractManagerSeat,
  earlyRenewal,
  expiringItems,
  insights,
  purchaseHistory,
  renewalStatus,
  seatUsage,
  subscriptionTeams,
  tokenUsage,
  upcomingExpirations,
  upcomingPayments,
  type AccountReply,
  type AnswerIntent,
} from '../../../src/domain/accounts';
import { subscriptionList } from '../../../src/domain/accounts/answers/holdings';
import { ana, ben, chloe, demo, dev, fay, nobody, NOW } from './demo';

/** The answer's data, failing the test with the reply's lines when it is not an answer. */
function dataOf<T>(reply: AccountReply<T>): T {
  if (reply.kind !== 'answer') throw new Error(`expected an answer, got ${reply.kind}: ${reply.lines.join(' ')}`);
  return reply.data;
}

const text = (reply: AccountReply<unknown>): string => reply.lines.join('\n');

describe('Ana, primary admin', () => {
  test('AutoCAD and the AEC Collection renew on January 15, 2027, auto-renew on, paid with Visa ending 4242', () => {
    const reply = renewalStatus(demo, ana, NOW, { contract: 'C-100' });
    expect(dataOf(reply)).toEqual([
      expect.objectContaining({ subscription: 'S-101', renewalDate: '2027-01-15', autoRenew: true, renewsBy: 'auto-renew', paymentMethod: 'Visa ending 4242' }),
      expect.objectContaining({ subscription: 'S-102', renewalDate: '2027-01-15', autoRenew: true, renewsBy: 'auto-renew', paymentMethod: 'Visa ending 4242' }),
    ]);
    expect(text(reply)).toMatch(/AEC Collection.*January 15, 2027\. Auto-renew is on\. It is paid with Visa ending 4242/);
    expect(text(reply)).toMatch(/AutoCAD \(S-102\).*January 15, 2027\. Auto-renew is on/);
  });

  test.each([
    ['C-100', 'open', '2026-10-17', /can be renewed early now/],
    ['C-110', 'not-yet', '2027-07-02', /Product Design & Manufacturing Collection\) renews on September 30, 2027: early renewal will be possible from July 2, 2027/],
    ['C-120', 'open', '2026-09-21', /can be renewed early now/],
    ['C-200', 'through-reseller', '2026-12-31', /only the reseller can renew it early: Northwind CAD Solutions, renewals@northwind\.example, \+1 555 0100/],
  ])('early renewal of %s: %s (window opens %s)', (contract, status, opens, line) => {
    const reply = earlyRenewal(demo, ana, NOW, { contract });
    expect(dataOf(reply)).toEqual([expect.objectContaining({ contract, status, windowOpens: opens, canRenew: true })]);
    expect(text(reply)).toMatch(line);
  });

  test('F-300 (120 tokens left) expires December 10, 2026; Revit single-user (C-120, manual renewal) December 20, 2026', () => {
    const reply = upcomingExpirations(demo, ana, NOW);
    expect(dataOf(reply)).toEqual([
      expect.objectContaining({ kind: 'flex-tokens', id: 'F-300', remaining: 120, expiresOn: '2026-12-10', daysLeft: 9, next: 'view-details' }),
      expect.objectContaining({ kind: 'single-user', id: 'S-121', contract: 'C-120', renewsBy: 'manual-only', expiresOn: '2026-12-20', daysLeft: 19, next: 'manage-renewals' }),
    ]);
    expect(text(reply)).toMatch(/F-300: the 120 tokens left expire on December 10, 2026/);
    expect(text(reply)).toMatch(/Revit \(S-121\) single-user subscription, on contract C-120 \(manual renewal\), expires on December 20, 2026/);
  });

  test.each([
    ['2026-11-10T12:00:00Z', ['F-300']],
    ['2026-11-09T12:00:00Z', []],
    ['2026-12-15T12:00:00Z', ['S-121']],
    ['2026-12-21T12:00:00Z', []],
  ])('the 30-day expiration window on %s holds %j', (now, ids) => {
    expect(expiringItems(demo.tenants[0]!, new Date(now)).map((i) => i.id)).toEqual(ids);
  });

  test('her automatic seat on AutoCAD has never been used', () => {
    const reply = contractManagerSeat(demo, ana, NOW, { contract: 'C-100' });
    expect(dataOf(reply)).toEqual([
      expect.objectContaining({ subscription: 'S-101', manager: 'Ana Ruiz', neverUsed: false, lastUsed: '2026-11-28' }),
      expect.objectContaining({ subscription: 'S-102', manager: 'Ana Ruiz', neverUsed: true, lastUsed: null }),
    ]);
    expect(text(reply)).toMatch(/Ana Ruiz, contract manager of C-100, was given a seat on AutoCAD \(S-102\) automatically and has never used it/);
  });

  test('upcoming payments: date, amount, payment method and the teams that pay', () => {
    const reply = upcomingPayments(demo, ana, NOW);
    const data = dataOf(reply);
    expect(data.payments.map((p) => [p.contract, p.date, p.amount, p.paymentMethod])).toEqual([
      ['C-100', '2027-01-15', 4_687_500, 'Visa ending 4242'],
      ['C-110', '2027-09-30', 1_260_000, 'Visa ending 4242'],
    ]);
    expect(data.notScheduled).toEqual(['C-120']);
    expect(data.throughReseller).toEqual([{ contract: 'C-200', reseller: 'Northwind CAD Solutions' }]);
    expect(text(reply)).toMatch(/January 15, 2027: \$46,875\.00 for contract C-100 \(AEC Collection \$36,750\.00, cost attributed to Design; AutoCAD \$10,125\.00, cost attributed to Field Ops\), charged to Visa ending 4242/);
  });

  test('purchase history: online orders newest first, and why the reseller contract has none', () => {
    const reply = purchaseHistory(demo, ana, NOW);
    expect(dataOf(reply).orders.map((o) => o.id)).toEqual(['O-9004', 'O-9001', 'O-9003', 'O-9002']);
    expect(text(reply)).toMatch(/Northwind CAD Solutions: purchase history and order records exist only for subscriptions bought online/);
  });

  test('purchase history of one order, named by its id', () => {
    expect(dataOf(purchaseHistory(demo, ana, NOW, { order: 'O-9003', contract: 'C-120' })).orders.map((o) => o.id)).toEqual(['O-9003']);
    expect(text(purchaseHistory(demo, ana, NOW, { order: 'o9004' }))).toMatch(/order O-9004, Flex tokens x500, \$1,500\.00/);
  });

  test('insights, seat usage and token usage', () => {
    expect(dataOf(seatUsage(demo, ana, NOW, { team: 'field ops' }))).toEqual([
      expect.objectContaining({ subscription: 'S-102', assigned: 5, usedLast30Days: 3, usedBy: { named: ['Ben Okafor'], others: 2 }, notUsed: [{ user: 'Ana Ruiz', lastUsed: null }, { user: 'ext-06', lastUsed: '2026-10-01' }] }),
      expect.objectContaining({ subscription: 'S-201', assigned: 8, usedLast30Days: 7, usedBy: { named: ['Ben Okafor'], others: 6 }, notUsed: [{ user: 'ext-18', lastUsed: null }] }),
    ]);
    expect(text(seatUsage(demo, ana, NOW, { subscription: 'S-201' }))).toMatch(/8 assigned, 7 used in the last 30 days \(Ben Okafor and 6 other users\); not used: ext-18 \(never used\)/);
    const tokens = dataOf(tokenUsage(demo, ana, NOW));
    expect(tokens.balances).toEqual([{ flex: 'F-300', team: 'Design', purchased: 500, used: 380, remaining: 120, expiresOn: '2026-12-10' }]);
    expect(tokens.byProduct).toEqual([{ product: 'Revit', tokens: 240 }, { product: 'Inventor', tokens: 80 }, { product: 'AutoCAD', tokens: 60 }]);
    expect(tokens.byUser).toEqual([{ user: 'Chloe Martin', tokens: 140 }, { user: 'ext-02', tokens: 100 }, { user: 'ext-04', tokens: 80 }, { user: 'ext-01', tokens: 60 }]);
    expect(tokens.byTeam).toEqual([{ team: 'Design', tokens: 380 }]);
    expect(dataOf(tokenUsage(demo, ana, NOW, { team: 'Field Ops' })).balances).toEqual([]);
    expect(tokenUsage(demo, ana, NOW, { team: 'Shop Floor' }).kind).toBe('not-found');
  });

  test('teams: which team a subscription is in, pays for it, and gets added seats', () => {
    expect(dataOf(subscriptionTeams(demo, ana, NOW, { subscription: 'S-101' }))).toEqual([
      { subscription: 'S-101', product: 'Architecture, Engineering & Construction Collection', contract: 'C-100', team: 'Design', seats: 10, costAttributedTo: 'Design', annualPrice: 3_675_000 },
    ]);
    const seats = addedSeats(demo, ana, NOW, { subscription: 's102' });
    expect(dataOf(seats)).toEqual([{ subscription: 'S-102', product: 'AutoCAD', team: 'Field Ops' }]);
    expect(text(seats)).toMatch(/Seats added to AutoCAD \(S-102\) stay in its team, Field Ops/);
  });

  test('who the admins and contract managers are', () => {
    expect(dataOf(admins(demo, ana, NOW))).toEqual({
      primaryAdmins: ['Ana Ruiz'],
      secondaryAdmins: ['Ben Okafor', 'Chloe Martin'],
      contractManagers: [
        { contract: 'C-100', manager: 'Ana Ruiz' },
        { contract: 'C-110', manager: 'Ana Ruiz' },
        { contract: 'C-120', manager: 'Ana Ruiz' },
        { contract: 'C-200', manager: 'Ben Okafor' },
      ],
    });
  });
});

describe('Ben, secondary admin and contract manager of reseller contract C-200', () => {
  test('billing asked about as a whole says which contracts it leaves out and who sees them', () => {
    for (const answer of [purchaseHistory, billingInfo, upcomingPayments]) {
      expect(text(answer(demo, ben, NOW))).toMatch(/only the contracts you manage: the [a-z ]+ of contracts C-100, C-110 and C-120 are for Ana Ruiz \(primary admin\)\./);
      expect(text(answer(demo, ben, NOW, { contract: 'C-200' }))).not.toMatch(/contracts you manage/);
      expect(text(answer(demo, ana, NOW))).not.toMatch(/contracts you manage/);
    }
  });

  test('Civil 3D renews March 31, 2027 through Northwind CAD Solutions', () => {
    const reply = renewalStatus(demo, ben, NOW, { subscription: 'S-201' });
    expect(dataOf(reply)).toEqual([expect.objectContaining({ renewalDate: '2027-03-31', renewsBy: 'reseller', reseller: 'Northwind CAD Solutions' })]);
    expect(text(reply)).toMatch(/Civil 3D \(S-201\), on contract C-200, renews on March 31, 2027 through the reseller Northwind CAD Solutions/);
    expect(text(reply)).toMatch(/the reseller manages its renewal \(email renewals@northwind\.example or call \+1 555 0100\)/);
    expect(text(renewalStatus(demo, chloe, NOW, { subscription: 'S-201' }))).not.toMatch(/northwind\.example|555/);
  });

  test('updating the card gets the reseller’s email and phone', () => {
    const reply = billingInfo(demo, ben, NOW);
    expect(dataOf(reply)).toEqual([{ contract: 'C-200', purchasedVia: 'reseller', reseller: { name: 'Northwind CAD Solutions', email: 'renewals@northwind.example', phone: '+1 555 0100' } }]);
    expect(text(reply)).toMatch(/renewals@northwind\.example.*\+1 555 0100/);
  });

  test('no upcoming payments or purchase history for C-200, and the reason', () => {
    const payments = upcomingPayments(demo, ben, NOW);
    expect(dataOf(payments)).toEqual({ payments: [], notScheduled: [], throughReseller: [{ contract: 'C-200', reseller: 'Northwind CAD Solutions' }] });
    expect(text(payments)).toMatch(/exist only for subscriptions bought online/);
    expect(dataOf(purchaseHistory(demo, ben, NOW)).orders).toEqual([]);
  });

  test.each<[string, () => AccountReply<unknown>]>([
    ['billing info of C-100', () => billingInfo(demo, ben, NOW, { contract: 'C-100' })],
    ['upcoming payments of AutoCAD', () => upcomingPayments(demo, ben, NOW, { subscription: 'S-102' })],
    ['purchase history of C-110', () => purchaseHistory(demo, ben, NOW, { contract: 'C-110' })],
  ])('no billing details of Ana’s contracts: %s', (_case, ask) => {
    const reply = ask();
    expect(reply).toMatchObject({ kind: 'refused', whoCan: 'Ana Ruiz (primary admin)' });
    expect(JSON.stringify(reply)).not.toMatch(/Visa|4242|\$|O-90/);
  });

  test('a Flex token order is the primary admin’s', () => {
    const reply = purchaseHistory(demo, ben, NOW, { order: 'O-9004' });
    expect(reply).toMatchObject({ kind: 'refused', whoCan: 'Ana Ruiz (primary admin)' });
    expect(JSON.stringify(reply)).not.toMatch(/\$|x500/);
  });

  test('asked for Seat Usage, he gets what Insights shows him and who has the report', () => {
    const reply = answerAccountQuestion('seat-usage', demo, ben, NOW, { team: 'Design' });
    expect(reply).toMatchObject({ kind: 'answer', intent: 'insights' });
    expect(text(reply)).toMatch(/AEC Collection, S-101\), Design team, is under-assigned: 7 of 10 seats assigned, 3 free/);
    expect(text(reply)).toMatch(/Seat Usage report, which is for the primary admin: Ana Ruiz \(primary admin\) can help/);
    expect(text(reply)).not.toMatch(/last used|never used|ext-03/);
  });

  test('all of his answers together never show Ana’s payment method or orders', () => {
    const everything = (Object.keys(accountAnswers) as AnswerIntent[]).map((intent) => accountAnswers[intent](demo, ben, NOW));
    expect(JSON.stringify(everything)).not.toMatch(/Visa|Mastercard|O-900\d|\$46,875/);
  });
});

describe('Chloe, secondary admin, not a contract manager', () => {
  test.each([['upcoming payments', upcomingPayments], ['purchase history', purchaseHistory]] as const)('refused %s', (_what, answer) => {
    const reply = answer(demo, chloe, NOW);
    expect(reply).toMatchObject({ kind: 'refused', whoCan: 'Ana Ruiz (primary admin) or Ben Okafor (contract manager of C-200)' });
    expect(text(reply)).not.toMatch(/Visa|\$|O-90/);
  });

  test('Insights: Civil 3D over-assigned after a partial renewal, AEC Collection under-assigned', () => {
    const reply = insights(demo, chloe, NOW);
    const data = dataOf(reply);
    expect(data.subscriptions[0]).toEqual({ subscription: 'S-201', product: 'Civil 3D', team: 'Field Ops', seats: 6, assigned: 8, state: 'over-assigned', holders: { named: ['Ben Okafor'], others: 7 }, partialRenewal: { from: 8, to: 6 } });
    expect(data.subscriptions.find((s) => s.subscription === 'S-101')).toMatchObject({ seats: 10, assigned: 7, state: 'under-assigned' });
    expect(data.teams.find((t) => t.team === 'Field Ops')).toMatchObject({ seats: 11, assigned: 13, overAssigned: ['Civil 3D'] });
    expect(text(reply)).toMatch(/Civil 3D \(S-201\), Field Ops team, is over-assigned by 2: 8 users on 6 seats\. This follows a partial renewal from 8 seats to 6/);
    expect(text(reply)).toMatch(/AEC Collection, S-101\), Design team, is under-assigned: 7 of 10 seats assigned/);
  });

  test('Insights name who holds the seats of one product, and count people outside the account', () => {
    const reply = insights(demo, chloe, NOW, { subscription: 'S-121' });
    expect(dataOf(reply).subscriptions).toEqual([expect.objectContaining({ subscription: 'S-121', holders: { named: ['Dev Patel'], others: 0 } })]);
    expect(text(reply)).toMatch(/Revit \(S-121\), Design team, is fully assigned: 1 of 1 seat[^.]*\. Assigned to Dev Patel\./);
    expect(text(insights(demo, chloe, NOW, { subscription: 'S-101' }))).toMatch(/Assigned to Ana Ruiz, Chloe Martin, Dev Patel and 4 other users\./);
  });
});

describe('Dev, user', () => {
  test('his subscriptions, and that the company’s others are for its admins', () => {
    const reply = subscriptionList(demo, dev, NOW);
    expect(dataOf(reply).map((r) => r.subscription)).toEqual(['S-101', 'S-121']);
    expect(text(reply)).toMatch(/other subscriptions are shown to its admins: Ana Ruiz \(primary admin\), Ben Okafor \(secondary admin\) or Chloe Martin \(secondary admin\)\./);
    expect(text(subscriptionList(demo, dev, NOW, { subscription: 'S-121' }))).not.toMatch(/other subscriptions/);
    expect(text(subscriptionList(demo, ana, NOW))).not.toMatch(/other subscriptions/);
  });

  test('sees the AEC Collection and Revit only', () => {
    expect(dataOf(renewalStatus(demo, dev, NOW)).map((r) => r.product)).toEqual(['Architecture, Engineering & Construction Collection', 'Revit']);
    expect(renewalStatus(demo, dev, NOW, { subscription: 'S-102' }).kind).toBe('not-found');
  });

  test.each(['billing-info', 'upcoming-payments', 'purchase-history', 'insights', 'seat-usage', 'token-usage', 'upcoming-expirations', 'contract-manager-seat'] as const)('refused %s', (intent) => {
    expect(accountAnswers[intent](demo, dev, NOW).kind).toBe('refused');
  });

  test('his teams are those of his own subscriptions, and he is told who sees every team', () => {
    const reply = subscriptionTeams(demo, dev, NOW);
    expect(dataOf(reply).map((row) => row.team)).toEqual(['Design', 'Design']);
    expect(text(reply)).toMatch(/subscriptions you hold a seat on; Ana Ruiz \(primary admin\), Ben Okafor \(secondary admin\) or Chloe Martin \(secondary admin\) can see every team/);
    expect(answerAccountQuestion('seat-usage', demo, dev, NOW).kind).toBe('refused');
  });

  test('nothing about billing in anything he can ask', () => {
    const everything = (Object.keys(accountAnswers) as AnswerIntent[]).map((intent) => accountAnswers[intent](demo, dev, NOW));
    expect(JSON.stringify(everything)).not.toMatch(/Visa|Mastercard|\$\d|O-90|AutoCAD|Civil|S-102|S-201|C-200/);
  });
});

describe('Fay, Fabrikam', () => {
  test('sees only Fabrikam’s AutoCAD', () => {
    expect(dataOf(renewalStatus(demo, fay, NOW))).toEqual([expect.objectContaining({ subscription: 'S-501', product: 'AutoCAD', renewalDate: '2027-02-01' })]);
  });

  test.each([{ subscription: 'S-102' }, { subscription: 'S-201' }, { contract: 'C-100' }, { contract: 'c200' }, { team: 'Field Ops' }])('Contoso’s %j is not found for her', (target) => {
    const reply = renewalStatus(demo, fay, NOW, target);
    expect(reply.kind).toBe('not-found');
  });
});

describe('an unidentified user', () => {
  test.each(Object.keys(accountAnswers) as AnswerIntent[])('%s: no account data, and what to do', (intent) => {
    const reply = accountAnswers[intent](demo, nobody, NOW, { subscription: 'S-102' });
    expect(reply.kind).toBe('no-account');
    expect(text(reply)).toMatch(/I can't see an account for you/);
    expect(JSON.stringify(reply)).not.toMatch(/S-\d|C-\d|Ana|Contoso|January/);
  });
});
