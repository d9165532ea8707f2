import { z } from 'zod';
import { checkReferences } from './references';

/** A calendar date, YYYY-MM-DD, read as a UTC day. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a real date');

const id = z.string().min(1);
/** Money in minor units (cents). */
const cents = z.number().int().nonnegative();
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');

export const adminRoles = ['primary-admin', 'secondary-admin'] as const;
export type AdminRole = (typeof adminRoles)[number];

export const user = z.strictObject({
  id,
  name: z.string().min(1),
  email: z.email(),
  aadObjectId: id.optional(),
  channelUserIds: z.array(id).default([]),
  /** Empty: a plain user. */
  roles: z.array(z.enum(adminRoles)).default([]),
});

export const team = z.strictObject({ id, name: z.string().min(1) });

export const subscription = z
  .strictObject({
    id,
    product: z.string().min(1),
    type: z.enum(['single-user', 'multi-user']),
    seats: z.number().int().positive(),
    /** Seats before the last renewal, when it renewed fewer (a partial renewal). */
    previousSeats: z.number().int().positive().optional(),
    team: id,
    annualPrice: cents,
  })
  .refine((s) => s.type === 'multi-user' || s.seats === 1, { message: 'a single-user subscription has exactly 1 seat', path: ['seats'] });

export const reseller = z.strictObject({ name: z.string().min(1), email: z.email(), phone: z.string().min(3) });

const contractFields = {
  id,
  contractManager: id,
  renewalDate: isoDate,
  autoRenew: z.boolean(),
  /** Some subscriptions can only be renewed by hand. */
  renewal: z.literal('manual-only').optional(),
  subscriptions: z.array(subscription).min(1),
};

export const onlineContract = z.strictObject({
  ...contractFields,
  purchasedVia: z.literal('online'),
  paymentMethod: z.string().min(1),
});

export const resellerContract = z.strictObject({
  ...contractFields,
  purchasedVia: z.literal('reseller'),
  reseller,
});

export const contract = z.discriminatedUnion('purchasedVia', [onlineContract, resellerContract]);

export const flexTokens = z.strictObject({
  id,
  purchasedVia: z.enum(['online', 'reseller']),
  team: id,
  purchased: z.number().int().nonnegative(),
  remaining: z.number().int().nonnegative(),
  expiresOn: isoDate,
});

export const seatAssignment = z.strictObject({
  subscription: id,
  /** A tenant user's id, or the id of someone the bot does not know (e.g. "ext-01"). */
  user: id,
  lastUsed: isoDate.nullable(),
});

export const tokenUse = z.strictObject({ flex: id, date: isoDate, product: z.string().min(1), user: id, tokens: z.number().int().positive() });

const orderFields = { id, date: isoDate, description: z.string().min(1), total: cents };
export const contractOrder = z.strictObject({ ...orderFields, contract: id });
export const flexOrder = z.strictObject({ ...orderFields, flex: id });
export const order = z.union([contractOrder, flexOrder]);

export const tenant = z.strictObject({
  id,
  name: z.string().min(1),
  msTenantId: id,
  teams: z.array(team).min(1),
  users: z.array(user).min(1),
  contracts: z.array(contract),
  flexTokens: z.array(flexTokens).default([]),
  seatAssignments: z.array(seatAssignment).default([]),
  tokenUsage: z.array(tokenUse).default([]),
  orders: z.array(order).default([]),
});

export const agent = z.strictObject({
  id,
  name: z.string().min(1),
  email: z.email(),
  aadObjectId: id.optional(),
  channelUserIds: z.array(id).default([]),
  skills: z.array(z.string().min(1)).default([]),
});

/**
 * Someone who may read the outcomes and analytics (the /analytics page) without being a support agent:
 * never offered cases, never a customer.
 */
export const analyst = z.strictObject({
  id,
  name: z.string().min(1),
  email: z.email(),
  aadObjectId: id.optional(),
  channelUserIds: z.array(id).default([]),
});

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const support = z.strictObject({
  /** IANA time zone of the hours below. */
  timeZone: z.string().min(1),
  hours: z.partialRecord(z.enum(weekdays), z.tuple([clock, clock])),
  agentsChannel: z.strictObject({ channelId: id, teamId: id, conversationId: id }),
});

export const accountData = z.strictObject({
  about: z.string().optional(),
  asOf: isoDate,
  tenants: z.array(tenant),
  agents: z.array(agent),
  analysts: z.array(analyst).default([]),
  support,
});

export type User = z.infer<typeof user>;
export type Team = z.infer<typeof team>;
export type Subscription = z.infer<typeof subscription>;
export type Reseller = z.infer<typeof reseller>;
export type OnlineContract = z.infer<typeof onlineContract>;
export type ResellerContract = z.infer<typeof resellerContract>;
export type Contract = z.infer<typeof contract>;
export type FlexTokens = z.infer<typeof flexTokens>;
export type SeatAssignment = z.infer<typeof seatAssignment>;
export type TokenUse = z.infer<typeof tokenUse>;
export type ContractOrder = z.infer<typeof contractOrder>;
export type FlexOrder = z.infer<typeof flexOrder>;
export type Order = z.infer<typeof order>;
export type Tenant = z.infer<typeof tenant>;
export type Agent = z.infer<typeof agent>;
export type Analyst = z.infer<typeof analyst>;
export type Support = z.infer<typeof support>;
export type AccountData = z.infer<typeof accountData>;

/** The account data is invalid; the message names the field and what to fix. */
export class AccountDataError extends Error {
  override readonly name = 'AccountDataError';
}

/** Validates account data (e.g. the parsed fixtures/demo-accounts.json) and its cross-references. */
export function parseAccountData(raw: unknown): AccountData {
  const parsed = accountData.safeParse(raw);
  if (!parsed.success) throw new AccountDataError(`account data: ${z.prettifyError(parsed.error)}`);
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) {
    throw new AccountDataError(`account data: fix these references:\n${problems.map((p) => `  ✖ ${p}`).join('\n')}`);
  }
  return parsed.data;
}

/** Validates one stored tenant document (the storage port keeps one per tenant). */
export function parseTenant(raw: unknown): Tenant {
  const parsed = tenant.safeParse(raw);
  if (!parsed.success) throw new AccountDataError(`tenant: ${z.prettifyError(parsed.error)}`);
  const problems = checkReferences({ tenants: [parsed.data], agents: [], analysts: [] });
  if (problems.length > 0) throw new AccountDataError(`tenant ${parsed.data.id}: ${problems.join('; ')}`);
  return parsed.data;
}
