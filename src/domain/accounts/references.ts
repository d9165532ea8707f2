import type { Agent, Analyst, Tenant } from './schema';

/** The people in the account data: customers (in their tenants), support agents and analysts. */
type People = { tenants: readonly Tenant[]; agents: readonly Agent[]; analysts: readonly Analyst[] };

/** Every reference inside the data points at something that exists; returns one line per problem, with where it is. */
export function checkReferences(data: People): string[] {
  return [
    ...uniqueAcross(data.tenants.map((t) => t.id), 'tenants[].id'),
    ...uniqueAcross(data.tenants.map((t) => t.msTenantId), 'tenants[].msTenantId'),
    ...uniqueIdentities(data),
    ...data.tenants.flatMap((t, index) => tenantProblems(t, `tenants[${index}] (${t.id})`)),
  ];
}

function tenantProblems(tenant: Tenant, at: string): string[] {
  const users = new Set(tenant.users.map((u) => u.id));
  const teams = new Set(tenant.teams.map((t) => t.id));
  const contracts = new Set(tenant.contracts.map((c) => c.id));
  const subscriptions = tenant.contracts.flatMap((c) => c.subscriptions);
  const subscriptionIds = new Set(subscriptions.map((s) => s.id));
  const flex = new Set(tenant.flexTokens.map((f) => f.id));
  const problems = [
    ...uniqueAcross(tenant.teams.map((t) => t.id), `${at}.teams[].id`),
    ...uniqueAcross(tenant.users.map((u) => u.id), `${at}.users[].id`),
    ...uniqueAcross([...tenant.contracts.map((c) => c.id), ...subscriptions.map((s) => s.id), ...tenant.flexTokens.map((f) => f.id)], `${at} contract, subscription and Flex ids`),
    ...uniqueAcross(tenant.orders.map((o) => o.id), `${at}.orders[].id`),
    ...uniqueAcross(tenant.seatAssignments.map((s) => `${s.subscription}/${s.user}`), `${at}.seatAssignments (subscription/user)`),
  ];
  if (!tenant.users.some((u) => u.roles.includes('primary-admin'))) problems.push(`${at}: no user has the role "primary-admin"; give one user that role.`);
  tenant.contracts.forEach((c, i) => {
    if (!users.has(c.contractManager)) problems.push(`${at}.contracts[${i}].contractManager: "${c.contractManager}" is not a user of this tenant.`);
    c.subscriptions.forEach((s, j) => {
      if (!teams.has(s.team)) problems.push(`${at}.contracts[${i}].subscriptions[${j}].team: "${s.team}" is not a team of this tenant.`);
    });
  });
  tenant.flexTokens.forEach((f, i) => {
    if (!teams.has(f.team)) problems.push(`${at}.flexTokens[${i}].team: "${f.team}" is not a team of this tenant.`);
    if (f.remaining > f.purchased) problems.push(`${at}.flexTokens[${i}].remaining: more than purchased (${f.purchased}).`);
  });
  tenant.seatAssignments.forEach((s, i) => {
    if (!subscriptionIds.has(s.subscription)) problems.push(`${at}.seatAssignments[${i}].subscription: "${s.subscription}" is not a subscription of this tenant.`);
  });
  tenant.tokenUsage.forEach((u, i) => {
    if (!flex.has(u.flex)) problems.push(`${at}.tokenUsage[${i}].flex: "${u.flex}" is not a Flex token balance of this tenant.`);
  });
  tenant.orders.forEach((o, i) => {
    if ('contract' in o && !contracts.has(o.contract)) problems.push(`${at}.orders[${i}].contract: "${o.contract}" is not a contract of this tenant.`);
    if ('flex' in o && !flex.has(o.flex)) problems.push(`${at}.orders[${i}].flex: "${o.flex}" is not a Flex token balance of this tenant.`);
  });
  return problems;
}

/**
 * Identification must be unambiguous across every tenant, the support agents and the analysts: one person
 * is a customer, an agent or an analyst, never two of them.
 */
function uniqueIdentities(data: People): string[] {
  const people = [...data.tenants.flatMap((t) => t.users), ...data.agents, ...data.analysts];
  return [
    ...uniqueAcross(people.flatMap((p) => (p.aadObjectId ? [p.aadObjectId] : [])), 'aadObjectId of users, agents and analysts'),
    ...uniqueAcross(people.flatMap((p) => p.channelUserIds), 'channelUserIds of users, agents and analysts'),
    ...uniqueAcross(data.agents.map((a) => a.id), 'agents[].id'),
    ...uniqueAcross(data.analysts.map((a) => a.id), 'analysts[].id'),
  ];
}

function uniqueAcross(values: readonly string[], what: string): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice].map((value) => `${what}: "${value}" is used more than once; each must be unique.`);
}
