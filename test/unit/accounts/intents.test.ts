import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { accountIntents, classifyAccountIntent, IntentsError, loadIntents, matchIntent, type AccountIntent } from '../../../src/domain/accounts';
import { catalog, vocabulary } from './demo';

describe('knowledge/intents.yaml', () => {
  test('defines every account intent once, with examples', () => {
    expect(catalog.intents.map((i) => i.name).sort()).toEqual([...accountIntents].sort());
    for (const intent of catalog.intents) expect(intent.examples.length).toBeGreaterThanOrEqual(3);
  });

  test.each([
    ['a missing intent', 'intents: []', /add the intents renewal-status/],
    ['an unknown intent name', 'intents: [{ name: refunds, kind: answer, description: Refund status here, examples: [a b c, d e f, g h i] }]', /name/],
    ['too few examples', 'intents: [{ name: admins, kind: answer, description: Who the admins are, examples: [who] }]', /examples/],
  ])('rejects %s with a message that says what to fix', (_case, yaml, message) => {
    expect(() => loadIntents(yaml)).toThrow(IntentsError);
    expect(() => loadIntents(yaml)).toThrow(message);
  });

  test('every linked article exists', () => {
    const articles = new Set(readdirSync(join(__dirname, '..', '..', '..', 'knowledge', 'articles')).map((file) => file.replace(/\.md$/, '')));
    const missing = catalog.intents.flatMap((i) => i.articles.filter((id) => !articles.has(id)).map((id) => `${i.name} → ${id}`));
    expect(missing).toEqual([]);
  });

  test('each example is classified as its own intent', () => {
    for (const intent of catalog.intents) {
      for (const example of intent.examples) expect([example, matchIntent(example, catalog, vocabulary)?.intent]).toEqual([example, intent.name]);
    }
  });
});

/** Personal account questions get an account intent; general how-to questions are left to the articles. */
const table: [string, AccountIntent | undefined][] = [
  // personal: the customer's own account
  ['when does our autocad renew', 'renewal-status'],
  ['When does my subscription renew?', 'renewal-status'],
  ['when does C-100 renew?', 'renewal-status'],
  ['renewal date for S-102', 'renewal-status'],
  ['When do we renew Civil 3D?', 'renewal-status'],
  ['turn off auto-renew for civil 3d', 'auto-renew-off'],
  ['Turn off auto-renew for AutoCAD', 'auto-renew-off'],
  ['disable autorenewal on C-100', 'auto-renew-off'],
  ['turn on auto-renew for Civil 3D', 'auto-renew-on'],
  ['enable auto renew for our revit', 'auto-renew-on'],
  ['is auto-renew on for our AutoCAD?', 'auto-renew'],
  ['does our civil 3d renew automatically?', 'auto-renew'],
  ['can we renew C-100 early?', 'early-renewal'],
  ['renew the PDM collection early', 'early-renewal'],
  ['renew early', 'early-renewal'],
  ['which team pays for the AEC collection', 'subscription-teams'],
  ['which team is our AutoCAD in?', 'subscription-teams'],
  ['are we over-assigned anywhere', 'insights'],
  ['are we under-assigned on the AEC Collection?', 'insights'],
  ['seat usage for field ops', 'seat-usage'],
  ['show seat usage for Design', 'seat-usage'],
  ['show token usage by product', 'token-usage'],
  ['how many flex tokens do we have left?', 'token-usage'],
  ['what are our upcoming payments?', 'upcoming-payments'],
  ['when is our next payment?', 'upcoming-payments'],
  ['show our purchase history', 'purchase-history'],
  // a request to the bot, or one signed off with "pls", is for the asker's own data
  ['can you send me last years invoices', 'purchase-history'],
  ['Is there an invoice from when we bought the Revit licence last December?', 'purchase-history'],
  // a yes/no question after the thing it is about
  ['AEC collection - is it set to auto renew?', 'auto-renew'],
  // whom to ask about the subscriptions: the admins
  ['who do I ask for more licences', 'admins'],
  ['who should I contact to get another seat', 'admins'],
  // "can I" before a task on a product of theirs, and "which … do I have"
  ['can I renew civil 3d early', 'early-renewal'],
  ['Can I turn off auto-renew for AutoCAD?', 'auto-renew-off'],
  ['which contracts do I manage', 'admins'],
  ['which products do I have', 'subscriptions'],
  ['Renewal date & cost pls', 'renewal-cost'],
  ['what was order O-9003', 'purchase-history'],
  ['what we will pay in february?', 'upcoming-payments'],
  ['what does PDMC cost us per year', 'renewal-cost'],
  ['update the card', 'billing-info'],
  ['update our billing info for Civil 3D', 'billing-info'],
  ['what is about to expire for us?', 'upcoming-expirations'],
  ['are our flex tokens expiring?', 'upcoming-expirations'],
  ['who is our contract manager?', 'admins'],
  ['who are our admins', 'admins'],
  ['has our contract manager used their AutoCAD seat?', 'contract-manager-seat'],
  ['if we add seats to AutoCAD which team are they in', 'added-seats'],
  ['move AutoCAD to the Design team', 'move-subscription'],
  ['put Civil 3D in Design', 'move-subscription'],
  ["unassign the contract manager's unused seat on S-102", 'unassign-seat'],
  ['is anything running out in the next couple of weeks?', 'upcoming-expirations'],
  ['any licences sitting unassigned?', 'insights'],
  ['how many licences are on the AEC collection in total?', 'subscriptions'],
  ['who is our partner for civil 3d and how do i reach them', 'reseller-contact'],
  ['how much did we pay for the flex tokens', 'purchase-history'],
  ["what we'll be charged when the AEC collection renews", 'renewal-cost'],
  ['how much r we paying for autocad each yr', 'renewal-cost'],
  // A price asked about something that renews is the renewal's cost; a past payment is the purchase history.
  ['how much is the AEC collection going to cost us when it renews?', 'renewal-cost'],
  ['how much is our Civil 3D contract', 'renewal-cost'],
  ['how much did we pay last time', 'purchase-history'],
  ['when does our AEC collection renew', 'renewal-status'],
  ['how many tokens are left and when do they expire?', 'upcoming-expirations'],
  ['any spare autocad licences going?', 'insights'],
  ['who is assigned to our Revit?', 'insights'],
  ['who has got a seat on our AEC Collection', 'insights'],
  ['which users hold our Civil 3D seats', 'insights'],
  ['who used our AutoCAD seats this month', 'seat-usage'],
  ['what licences do we have?', 'subscriptions'],
  ['when does my Revit expire', 'renewal-status'],
  ['flex tokens remaining', 'upcoming-expirations'],
  ['What subscriptions does our company have?', 'subscriptions'],
  ['C-500 details', 'contract-details'],
  ['when do our flex tokens expire', 'upcoming-expirations'],
  // general how-to questions: the articles answer these
  ['How do I turn off auto-renew?', undefined],
  // asked of the bot, but how things work
  ['Can you tell me how auto-renew works?', undefined],
  ['show me how to turn off auto-renew', undefined],
  ['Can I renew early?', undefined],
  ['Can I renew my subscription early?', undefined],
  ['Who is the contract manager?', undefined],
  ['I purchased our subscription. Am I automatically the primary admin?', undefined],
  ['Which admins can see Billing and Orders?', undefined],
  ['What are the two ways to buy a subscription?', undefined],
  ['Do subscriptions renew automatically?', undefined],
  ['I bought through a reseller. How do I update my payment details?', undefined],
  ['Can I set up auto-renew on a contract from a reseller?', undefined],
  ['Where can I see which subscriptions are about to expire?', undefined],
  ['My Flex tokens are expiring soon', undefined],
  ['My single-user subscription is about to expire', undefined],
  ['Where do I manage upcoming payments?', undefined],
  ['Why is Upcoming Payments not available for my subscription?', undefined],
  ['How can I see my purchase history?', undefined],
  ['I added seats to my subscription. Which team are they in?', undefined],
  ['How do I move a subscription to a different team?', undefined],
  ['Why can\'t I see the over-assignment report?', undefined],
  ['How do I see how many seats one team is using?', undefined],
  ['Which products are in the Architecture, Engineering & Construction tools?', undefined],
  ['how do i turn of autorenewal', undefined],
  ['purchse histroy', undefined],
  ['How do I draw a wall in Revit?', undefined],
  ['Tell me a joke about penguins', undefined],
  ['What is the capital of Australia?', undefined],
];

test.each(table)('%s → %s', (text, intent) => {
  expect(classifyAccountIntent(text, catalog, [], vocabulary)?.intent).toBe(intent);
});

test('the viewer’s own team names count as a personal signal', () => {
  expect(classifyAccountIntent('how busy is shop floor with seat usage', catalog)).toBeUndefined();
  expect(classifyAccountIntent('seat usage shop floor', catalog, ['Shop Floor'], vocabulary)?.intent).toBe('seat-usage');
});
