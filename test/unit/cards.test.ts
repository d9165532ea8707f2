import { CardRenderer, cardNames, markdownList, type CardData } from '../../cards/render';
import { activityAsText } from '../../src/bot/console';

const action = { title: 'Go', data: { verb: 'home' } };

/** Sample data for every template: a new template without a sample fails here. */
const samples: { [N in keyof CardData]: CardData[N] } = {
  welcome: { title: 'Hi', intro: 'I can help.', actions: [action] },
  menu: { breadcrumb: 'Get Help > Renewals', title: 'Renewals', prompt: 'Pick one', choices: [action], navigation: [action] },
  answer: {
    breadcrumb: 'Get Help',
    title: 'Renew early',
    summary: 'Within 90 days.',
    paragraphs: ['One', 'Two'],
    steps: ['1. Sign in'],
    related: [action],
    feedback: { yes: { verb: 'feedback' }, no: { verb: 'feedback' } },
    actions: [action],
  },
  choices: { title: 'Did you mean…', text: 'Pick one', choices: [action, action], actions: [action] },
  notice: { title: 'Note', lines: ['A line'], facts: [{ name: 'Renews', value: 'January 15, 2027' }], actions: [action] },
  case: {
    title: 'CASE-000042: Ana Ruiz',
    status: 'Waiting for an agent',
    statusColor: 'Attention',
    facts: [{ name: 'Tenant', value: 'Contoso' }],
    searches: ['charged twice'],
    articles: ['Update billing information (not helpful)'],
    subscriptions: ['AutoCAD (S-102): renews 2027-01-15, bought online'],
    actions: [action],
  },
  escalationRequest: {
    title: 'Contact a support agent',
    lines: ['A line'],
    facts: [{ name: 'Question', value: 'Why?' }],
    inputLabel: 'Anything to add?',
    inputPlaceholder: 'Optional',
    inputStyle: 'text',
    actions: [action],
  },
};

function walk(node: unknown, visit: (element: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) return node.forEach((item) => walk(item, visit));
  if (typeof node !== 'object' || node === null) return;
  visit(node as Record<string, unknown>);
  for (const value of Object.values(node)) walk(value, visit);
}

const renderer = new CardRenderer();

describe('card templates', () => {
  test.each(cardNames.map((name) => [name]))('%s expands with sample data into an Adaptive Card 1.5', (name) => {
    const card = renderer.render(name, samples[name] as never);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(JSON.stringify(card)).not.toContain('${');
    walk(card, (element) => {
      if (element.type === 'Action.Submit') expect(element).toEqual(expect.objectContaining({ title: expect.any(String), data: expect.any(Object) }));
      if (element.type === 'TextBlock') expect(typeof element.text).toBe('string');
    });
  });

  test('optional parts disappear when there is nothing to show', () => {
    const card = renderer.render('answer', { title: 'T', summary: 'S', paragraphs: [], steps: [], related: [], actions: [] });
    const text = JSON.stringify(card);
    expect(text).not.toContain('Steps');
    expect(text).not.toContain('Related articles');
    expect(text).not.toContain('Did this help?');
  });

  test('a keyed card is built once per key and matches the same card rendered from its data', () => {
    const cards = new CardRenderer();
    const data = { title: 'Renew early', summary: 'Within 90 days of renewal.', paragraphs: [], steps: ['Open Billing and Orders.'], related: [], actions: [] };
    const build = jest.fn(() => data);
    const first = cards.renderKeyed('answer', 'renew-early||', build);
    expect(cards.renderKeyed('answer', 'renew-early||', build)).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
    expect(first).toEqual(cards.render('answer', data));
    cards.renderKeyed('answer', 'renew-early||billing', build);
    expect(build).toHaveBeenCalledTimes(2);
  });
});

describe('lists, in the one form Web Chat, Teams and the terminal all show as lists', () => {
  const textBlocks = (card: unknown): string[] => {
    const texts: string[] = [];
    walk(card, (element) => {
      if (element.type === 'TextBlock' && typeof element.text === 'string') texts.push(element.text);
    });
    return texts;
  };
  const answer = renderer.render('answer', {
    title: 'Turn off auto-renew',
    summary: 'You can.',
    paragraphs: ['You stay in control:\n• Turn off auto-renew.\n• Renew early.'],
    steps: ['1. Sign in.', '2. Open Billing and Orders.', '3. Turn off auto-renew.'],
    related: [],
    actions: [],
  });

  test('steps are one TextBlock holding a numbered Markdown list, items separated by "\\r" as Teams documents', () => {
    expect(textBlocks(answer)).toContain('1. Sign in.\r2. Open Billing and Orders.\r3. Turn off auto-renew.');
  });

  test("a paragraph's bullet lines become a Markdown bullet list", () => {
    expect(textBlocks(answer)).toContain('You stay in control:\r- Turn off auto-renew.\r- Renew early.');
  });

  test('the case card lists searches, articles and subscriptions as one list each', () => {
    const card = renderer.render('case', { ...samples.case, searches: ['charged twice', 'refund'] });
    expect(textBlocks(card)).toContain('- charged twice\r- refund');
  });

  test('the terminal shows each item on its own line', () => {
    const { lines } = activityAsText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: answer }] });
    expect(lines).toEqual(expect.arrayContaining(['1. Sign in.', '2. Open Billing and Orders.', '3. Turn off auto-renew.', '- Renew early.']));
  });

  test('list items that span lines, or come numbered already, are one numbered item each', () => {
    expect(markdownList(['3) first\nline', 'second'], 'numbered')).toBe('1. first line\r2. second');
  });
});
