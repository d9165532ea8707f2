import {
  accept,
  appendTranscript,
  caseAnnouncement,
  formatTranscript,
  readerTimeZone,
  openCase,
  roleLabel,
} from '../../../src/domain/escalation';
import { anaContext, eve, minutesAfter, ok, queuedCase, t0 } from './sampleCases';

describe('the case card', () => {
  test("shows who the user is, what they tried and how long they've waited", () => {
    expect(caseAnnouncement(queuedCase(), minutesAfter(3.5))).toEqual({
      caseId: 'CASE-000042',
      status: 'queued',
      user: { name: 'Ana Ruiz', tenant: 'Contoso Engineering', role: 'Primary admin', email: 'ana@contoso.example' },
      question: 'why was I charged twice?',
      menuPath: 'Post-purchase support > Subscription management > Billing & orders',
      searches: ['charged twice', 'refund double charge'],
      articles: [
        { id: 'update-billing-info', title: 'Update billing information', feedback: 'not helpful' },
        { id: 'purchase-history', title: 'See your purchase history', feedback: 'no answer' },
      ],
      subscriptions: [
        { id: 'S-101', product: 'AEC Collection', renewalDate: '2027-01-15', purchase: 'online' },
        { id: 'S-201', product: 'Civil 3D', renewalDate: '2027-03-31', purchase: 'through Northwind CAD Solutions' },
      ],
      waitedMinutes: 3,
    });
  });

  test('once accepted it says by whom', () => {
    const accepted = ok(accept(queuedCase(), eve, minutesAfter(2)));
    expect(caseAnnouncement(accepted, minutesAfter(2))).toMatchObject({ status: 'accepted', takenBy: 'Eve Sato' });
  });

  test('an unidentified user with no context', () => {
    const anonymous = openCase(
      {
        sequence: 5,
        user: { id: 'webchat-123', conversationKey: 'webchat/123' },
        context: { searches: [], articlesShown: [], subscriptions: [], note: 'please email me' },
      },
      t0,
    );
    expect(caseAnnouncement(anonymous, t0)).toEqual({
      caseId: 'CASE-000005',
      status: 'queued',
      user: { name: 'Unidentified user' },
      note: 'please email me',
      searches: [],
      articles: [],
      subscriptions: [],
      waitedMinutes: 0,
    });
  });

  test.each([
    ['primary-admin', 'Primary admin'],
    ['secondary-admin', 'Secondary admin'],
    ['contract-manager', 'Contract manager'],
    ['user', 'User'],
  ])('role %s reads %s', (role, label) => {
    expect(roleLabel(role)).toBe(label);
  });
});

describe('/transcript', () => {
  test('a Markdown list, one "- HH:MM Name: text" line per message, in the time zone given', () => {
    let current = ok(accept(openCase({ sequence: 42, user: { id: 'u-ana', name: 'Ana Ruiz', conversationKey: 'k' }, context: anaContext }, t0), eve, t0));
    const lines = [
      { from: 'user', text: 'my card 4111 1111 1111 1111 was charged twice' },
      { from: 'bot', text: 'Eve Sato joined the chat.' },
      { from: 'agent', text: 'Hi Ana, let me check.' },
      { from: 'agent', name: 'Eve (support)', text: 'Refunded.' },
    ] as const;
    lines.forEach((line, minute) => {
      current = ok(appendTranscript(current, line, minutesAfter(minute + 0.5)));
    });
    expect(formatTranscript(current, 'America/New_York')).toBe(
      [
        '- 10:00 Ana Ruiz: my card [card ending 1111] was charged twice',
        '- 10:01 Bot: Eve Sato joined the chat.',
        '- 10:02 Eve Sato: Hi Ana, let me check.',
        '- 10:03 Eve (support): Refunded.',
      ].join('\n'),
    );
  });

  test('a message over several lines stays on its line', () => {
    const current = ok(appendTranscript(queuedCase(), { from: 'user', text: 'first\nsecond\r\n\nthird' }, t0));
    expect(formatTranscript(current, 'UTC')).toMatch(/^- \d\d:\d\d .+: first second third$/);
  });

  test.each([
    ['Europe/Paris', 'Europe/Paris'],
    ['Mars/Olympus', 'America/New_York'],
    [42, 'America/New_York'],
    [undefined, 'America/New_York'],
  ])('the reader reported %p: times in %s', (reported, zone) => {
    expect(readerTimeZone(reported, 'America/New_York')).toBe(zone);
  });

  test('an empty transcript is empty', () => {
    expect(formatTranscript(queuedCase(), 'America/New_York')).toBe('');
  });
});
