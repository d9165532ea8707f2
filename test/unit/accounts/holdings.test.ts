import { answerAccountQuestion, type AnswerIntent, type Identity, type Target } from '../../../src/domain/accounts';
import { ana, ben, chloe, demo, dev, fay, NOW } from './demo';

const ask = (intent: AnswerIntent, who: Identity, target: Target = {}) => {
  const reply = answerAccountQuestion(intent, { tenants: demo.tenants }, who, NOW, target);
  return { kind: reply.kind, text: reply.lines.join('\n') };
};

describe('what the customer has, what renewing costs, their reseller and contracts, by role', () => {
  test.each<[string, AnswerIntent, Identity, Target, string, RegExp[], RegExp[]]>([
    ['Ana sees every subscription', 'subscriptions', ana, {}, 'answer', [/AutoCAD \(S-102\): 5 seats, team Field Ops/, /Civil 3D/, /Revit/], [/\$/]],
    ['Dev sees only his seats', 'subscriptions', dev, {}, 'answer', [/You hold a seat/, /S-101/, /S-121/], [/S-102|S-201|S-111/]],
    ['Fay sees Fabrikam only', 'subscriptions', fay, {}, 'answer', [/S-501/], [/S-1\d\d|Contoso/]],
    ['Ana: the AutoCAD renewal cost', 'renewal-cost', ana, { subscription: 'S-102' }, 'answer', [/\$10,125\.00/, /January 15, 2027/], [/36,750/]],
    ['Ana: Revit renews by hand', 'renewal-cost', ana, { subscription: 'S-121' }, 'answer', [/\$3,050\.00 to renew by hand/], []],
    ['Ben may not see the AutoCAD price', 'renewal-cost', ben, { subscription: 'S-102' }, 'refused', [/Ana Ruiz \(primary admin\)/], [/\$/]],
    ['Ben sees his own reseller contract', 'renewal-cost', ben, {}, 'answer', [/C-200/, /reseller/], [/10,125|36,750/]],
    ['Chloe sees no price at all', 'renewal-cost', chloe, {}, 'refused', [/Ana Ruiz/], [/\$/]],
    ['Ana: the reseller with contacts', 'reseller-contact', ana, {}, 'answer', [/Northwind CAD Solutions: email renewals@northwind\.example or call \+1 555 0100/], []],
    ['Chloe: the reseller, contacts with Ana or Ben', 'reseller-contact', chloe, {}, 'answer', [/Northwind/, /Ana Ruiz|Ben Okafor/], [/555 0100/]],
    ['Fay: no reseller', 'reseller-contact', fay, {}, 'answer', [/No reseller/], [/Northwind/]],
    ['Ana: the Civil 3D contract', 'contract-details', ana, { subscription: 'S-201' }, 'answer', [/Contract C-200: bought through the reseller Northwind CAD Solutions, renews on March 31, 2027/, /8 assigned/], []],
    ['Chloe: C-100 without its card', 'contract-details', chloe, { contract: 'C-100' }, 'answer', [/C-100: bought online/], [/4242/, /\$/]],
    ['Ana: C-110 with what it costs and how it is paid', 'contract-details', ana, { contract: 'C-110' }, 'answer', [/It costs \$12,600\.00 a year, paid with Visa ending 4242\./], []],
    ['Ana: the reseller contract at its list price', 'contract-details', ana, { contract: 'C-200' }, 'answer', [/lists at \$14,700\.00 a year; the reseller sets the price/], [/paid with/]],
    ['Ben: his own contract priced, not Ana’s', 'contract-details', ben, { contract: 'C-100' }, 'answer', [/C-100: bought online/], [/\$/, /4242/]],
    ['Fay: no Civil 3D', 'contract-details', fay, { subscription: 'S-201' }, 'not-found', [/couldn't find/], [/March/]],
  ])('%s', (_case, intent, who, target, kind, shows, hides) => {
    const reply = ask(intent, who, target);
    expect(reply.kind).toBe(kind);
    for (const pattern of shows) expect(reply.text).toMatch(pattern);
    for (const pattern of hides) expect(reply.text).not.toMatch(pattern);
  });
});
