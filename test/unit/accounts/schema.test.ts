import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccountDataError, parseAccountData, parseTenant } from '../../../src/domain/accounts';
import { demo } from './demo';

type Raw = ReturnType<typeof raw>;
const raw = (): { tenants: { contracts: Record<string, unknown>[]; users: Record<string, unknown>[]; seatAssignments: Record<string, unknown>[]; [key: string]: unknown }[]; agents: Record<string, unknown>[]; analysts: Record<string, unknown>[]; [key: string]: unknown } =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'demo-accounts.json'), 'utf8'));

const contoso = (data: Raw) => data.tenants[0]!;

test('the demo data parses: two tenants, two agents, an analyst, support hours', () => {
  expect(demo.tenants.map((t) => t.id)).toEqual(['contoso', 'fabrikam']);
  expect(demo.agents.map((a) => a.name)).toEqual(['Eve Sato', 'Raj Iyer']);
  expect(demo.analysts.map((a) => [a.name, a.channelUserIds])).toEqual([['Nora Quinn', ['analyst-nora']]]);
  expect(demo.support.timeZone).toBe('America/New_York');
  expect(demo.tenants[0]?.contracts.find((c) => c.id === 'C-200')).toMatchObject({ purchasedVia: 'reseller', reseller: { name: 'Northwind CAD Solutions' } });
});

test.each<[string, (data: Raw) => void, RegExp]>([
  ['a contract manager who is not a user', (d) => { contoso(d).contracts[0]!.contractManager = 'u-zed'; }, /contracts\[0\]\.contractManager: "u-zed" is not a user of this tenant/],
  ['a subscription in an unknown team', (d) => { (contoso(d).contracts[1]!.subscriptions as Record<string, unknown>[])[0]!.team = 't-nope'; }, /subscriptions\[0\]\.team: "t-nope" is not a team/],
  ['a seat on an unknown subscription', (d) => { contoso(d).seatAssignments[0]!.subscription = 'S-999'; }, /seatAssignments\[0\]\.subscription: "S-999"/],
  ['the same channel user id twice', (d) => { contoso(d).users[1]!.channelUserIds = ['ana']; }, /channelUserIds .*"ana" is used more than once/],
  ['a reseller contract without its reseller', (d) => { delete contoso(d).contracts[3]!.reseller; }, /reseller/],
  ['an online contract without a payment method', (d) => { delete contoso(d).contracts[0]!.paymentMethod; }, /paymentMethod/],
  ['a date that does not exist', (d) => { contoso(d).contracts[0]!.renewalDate = '2027-02-30'; }, /not a real date[\s\S]*contracts\[0\]\.renewalDate/],
  ['a single-user subscription with two seats', (d) => { (contoso(d).contracts[2]!.subscriptions as Record<string, unknown>[])[0]!.seats = 2; }, /single-user subscription has exactly 1 seat/],
  ['a tenant without a primary admin', (d) => { contoso(d).users[0]!.roles = ['secondary-admin']; }, /no user has the role "primary-admin"/],
  ['an unknown role', (d) => { contoso(d).users[3]!.roles = ['owner']; }, /roles/],
  ['an unexpected field', (d) => { contoso(d).contracts[0]!.discount = 10; }, /discount/],
  ['an analyst who is also an agent', (d) => { d.analysts[0]!.channelUserIds = ['agent-eve']; }, /channelUserIds of users, agents and analysts: "agent-eve" is used more than once/],
  ['an analyst who is also a customer', (d) => { d.analysts[0]!.aadObjectId = contoso(d).users[0]!.aadObjectId; }, /aadObjectId of users, agents and analysts: .* is used more than once/],
  ['two analysts with one id', (d) => { d.analysts.push({ ...d.analysts[0]!, aadObjectId: 'aad-other', channelUserIds: ['other'] }); }, /analysts\[\]\.id: "n-nora" is used more than once/],
  ['an analyst without an email', (d) => { delete d.analysts[0]!.email; }, /analysts[\s\S]*email/],
])('rejects %s, naming where and what to fix', (_case, spoil, message) => {
  const data = raw();
  spoil(data);
  expect(() => parseAccountData(data)).toThrow(AccountDataError);
  expect(() => parseAccountData(data)).toThrow(message);
});

test('account data without analysts still loads: there are none', () => {
  const data = raw();
  delete (data as Partial<Raw>).analysts;
  expect(parseAccountData(data).analysts).toEqual([]);
});

test('a stored tenant document is validated on its own', () => {
  expect(parseTenant(raw().tenants[1]).name).toBe('Fabrikam Fabrication');
  const spoiled = raw().tenants[1]!;
  spoiled.seatAssignments[0]!.subscription = 'S-101';
  expect(() => parseTenant(spoiled)).toThrow(/"S-101" is not a subscription of this tenant/);
});
