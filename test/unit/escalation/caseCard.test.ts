import { CardRenderer } from '../../../cards/render';
import { caseCardData } from '../../../dialogs/escalation/views';
import { accept, caseAnnouncement, type CaseStatus } from '../../../src/domain/escalation';
import { cardsOf, proseOf, buttonsOf } from '../../support/cards';
import { caseIn, eve, minutesAfter, queuedCase, t0 } from './sampleCases';

const renderer = new CardRenderer();
const render = (data: ReturnType<typeof caseCardData>) => [{ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: renderer.render('case', data) }] }];

describe('the case card agents see', () => {
  test('a waiting case shows who, what they tried, their subscriptions, the wait and Accept', () => {
    const card = render(caseCardData(caseAnnouncement(queuedCase(), minutesAfter(3))));
    const prose = proseOf(card);
    for (const line of [
      'CASE-000042: Ana Ruiz',
      'Waiting for an agent',
      'Tenant Contoso Engineering',
      'Role Primary admin',
      'Email ana@contoso.example',
      'Question why was I charged twice?',
      'Menu path Post-purchase support > Subscription management > Billing & orders',
      'Waited 3 minutes',
      '- refund double charge',
      '- Update billing information (not helpful)',
      '- See your purchase history (no answer)',
      '- Civil 3D (S-201): renews 2027-03-31, bought through Northwind CAD Solutions',
    ]) {
      expect(prose).toContain(line);
    }
    expect(buttonsOf(card)).toEqual([{ title: 'Accept', data: { verb: 'escalation', action: 'accept', caseId: 'CASE-000042' } }]);
    expect(JSON.stringify(cardsOf(card))).not.toContain('${');
  });

  test('once taken it says by whom and Accept is gone', () => {
    const taken = accept(queuedCase(), eve, t0);
    if (!taken.ok) throw new Error('accept refused');
    const card = render(caseCardData(caseAnnouncement(taken.case, t0)));
    expect(proseOf(card)).toContain('Taken by Eve Sato');
    expect(buttonsOf(card)).toEqual([]);
  });

  test.each<[CaseStatus, string, boolean]>([
    ['released', 'Back in the queue: waiting for an agent', true],
    ['timed-out', 'Waiting for an agent', true],
    ['cancelled', 'The user left the queue', false],
    ['ticket', 'Turned into a ticket (reply by email)', false],
  ])('%s: "%s"', (status, line, canAccept) => {
    const card = render(caseCardData(caseAnnouncement(caseIn(status), t0)));
    expect(proseOf(card)).toContain(line);
    expect(buttonsOf(card).length > 0).toBe(canAccept);
  });
});
