import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

const isoDateTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO date-time such as 2026-12-01T15:00:00Z');

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** botbuilder's own setting names, for a private cloud or a local OpenID metadata server (the offline tests). */
const BOT_FRAMEWORK_ENDPOINTS = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
] as const;

const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z
    .string()
    .refine((value) => value === 'localhost' || isIP(value) !== 0, 'must be an IP address to listen on (127.0.0.1, ::1, 0.0.0.0, ::) or localhost')
    .default('127.0.0.1'),
  ALLOW_UNAUTHENTICATED_NETWORK: booleanFlag.default(false),
  ALLOW_DEMO_SIGNIN_ON_NETWORK: booleanFlag.default(false),
  OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8_000),
  RATE_LIMIT_PER_CONVERSATION: z.coerce.number().int().min(1).default(300),
  DATA_DIR: z.string().min(1).default('./.data'),
  BOT_NOW: isoDateTime.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL connection string such as postgres://user@127.0.0.1:5432/bot')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  ESCALATION_TIMEOUT_MINUTES: z.coerce.number().positive().default(10),
  HANDOFF_TARGET: z.enum(['agents', 'external']).default('agents'),
  ANALYTICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SESSION_TIMEOUT_MINUTES: z.coerce.number().positive().default(30),
  ANALYTICS_RETENTION_DAYS: z.coerce.number().int().positive().default(400),
  ANALYTICS_EVENTS: booleanFlag.default(true),
  WEB_DEMO_SIGNIN: booleanFlag.optional(),
  WEB_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).default(''),
  MicrosoftAppTenantId: z.string().default(''),
  ...Object.fromEntries(BOT_FRAMEWORK_ENDPOINTS.map((name) => [name, z.url().optional()])),
});

export interface Config {
  port: number;
  /** The interface the server listens on; loopback unless told otherwise. */
  host: string;
  /** True when `host` is a loopback address: only this machine can reach the server. */
  loopbackOnly: boolean;
  /** Every outbound HTTP call (replies, proactive messages) fails after this long, connection and answer included. */
  outboundTimeoutMs: number;
  /** Activities per minute one conversation may post to /api/messages when no app id is set. */
  rateLimitPerConversation: number;
  dataDir: string;
  /** PostgreSQL for state, cases and the outbox (several replicas); without it, lowdb files under dataDir. */
  databaseUrl?: string;
  /** When set, the bot's clock starts at this instant and runs on from there. */
  botNow?: Date;
  logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  maxBodyBytes: number;
  escalationTimeoutMinutes: number;
  handoffTarget: 'agents' | 'external';
  /** Outcomes and the /analytics page: bearer token, session inactivity limit, days events are kept. */
  analytics: { token?: string; sessionTimeoutMinutes: number; retentionDays: number; recordEvents: boolean };
  webDemoSignIn: boolean;
  webTokenSecret?: string;
  microsoftApp: { appId: string; appPassword: string; appType: string; tenantId: string };
  /** Overrides of botbuilder's authentication endpoints; empty means the public cloud. */
  botFrameworkEndpoints: Partial<Record<(typeof BOT_FRAMEWORK_ENDPOINTS)[number], string>>;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates the environment; the only reader of process.env is the composition root, which passes it here. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = environment.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration, fix these environment variables:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  const loopbackOnly = isLoopbackHost(e.HOST);
  refuseUnsafeExposure(e, loopbackOnly);
  return {
    port: e.PORT,
    host: e.HOST,
    loopbackOnly,
    outboundTimeoutMs: e.OUTBOUND_TIMEOUT_MS,
    rateLimitPerConversation: e.RATE_LIMIT_PER_CONVERSATION,
    dataDir: resolve(e.DATA_DIR),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    ...(e.BOT_NOW ? { botNow: new Date(e.BOT_NOW) } : {}),
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    escalationTimeoutMinutes: e.ESCALATION_TIMEOUT_MINUTES,
    handoffTarget: e.HANDOFF_TARGET,
    analytics: { ...(e.ANALYTICS_TOKEN ? { token: e.ANALYTICS_TOKEN } : {}), sessionTimeoutMinutes: e.SESSION_TIMEOUT_MINUTES, retentionDays: e.ANALYTICS_RETENTION_DAYS, recordEvents: e.ANALYTICS_EVENTS },
    webDemoSignIn: e.WEB_DEMO_SIGNIN ?? (e.MicrosoftAppId === '' && loopbackOnly),
    ...(e.WEB_TOKEN_SECRET ? { webTokenSecret: e.WEB_TOKEN_SECRET } : {}),
    microsoftApp: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType || 'MultiTenant',
      tenantId: e.MicrosoftAppTenantId,
    },
    botFrameworkEndpoints: endpointsOf(e),
  };
}

function endpointsOf(e: Record<string, unknown>): Config['botFrameworkEndpoints'] {
  const endpoints: Config['botFrameworkEndpoints'] = {};
  for (const name of BOT_FRAMEWORK_ENDPOINTS) {
    const value = e[name];
    if (typeof value === 'string') endpoints[name] = value;
  }
  return endpoints;
}

/** Loopback addresses: 127.0.0.0/8, ::1 (also IPv4-mapped) and the name localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  // URL parsing writes an IPv4-mapped address in hex: [::ffff:7f00:1] is 127.0.0.1.
  if (/^7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(v4) && bare.startsWith('::ffff:')) return true;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * How to reach this process over loopback from an address it was reached on, as a URL's host: that very
 * address when it is loopback ("[::1]" for IPv6, an IPv4-mapped one unwrapped), else 127.0.0.1 (a
 * wildcard listener answers there). The bot posts its replies to itself this way.
 */
export function loopbackUrlHost(localAddress: string | undefined): string {
  const bare = (localAddress ?? '').toLowerCase();
  const mapped = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  if (isIP(mapped) === 4 && mapped.startsWith('127.')) return mapped;
  if (bare === '::1') return '[::1]';
  return '127.0.0.1';
}

/**
 * Without an app id nobody is authenticated: the bot believes whatever user id a caller claims, and demo
 * sign-in mints tokens for anyone. That is right for this machine (the Emulator, the Agents Playground),
 * wrong for a network, so listening beyond loopback needs an opt-in named after the risk.
 */
function refuseUnsafeExposure(e: z.infer<typeof environment>, loopbackOnly: boolean): void {
  if (loopbackOnly) return;
  if (e.MicrosoftAppId === '' && !e.ALLOW_UNAUTHENTICATED_NETWORK) {
    throw new ConfigError(
      `Refusing to listen on ${e.HOST} without MicrosoftAppId: anyone who can reach this address could claim to be any ` +
        'customer or agent, read account data and accept support cases. Set MicrosoftAppId (and MicrosoftAppPassword) ' +
        'so only the Bot Framework can send activities, or listen on loopback (HOST=127.0.0.1). If the network is ' +
        'yours alone and you accept the risk, set ALLOW_UNAUTHENTICATED_NETWORK=true.',
    );
  }
  if (e.WEB_DEMO_SIGNIN === true && !e.ALLOW_DEMO_SIGNIN_ON_NETWORK) {
    throw new ConfigError(
      `Refusing to offer demo sign-in on ${e.HOST}: it lets any visitor of the web page be any customer or agent. ` +
        'Unset WEB_DEMO_SIGNIN, listen on loopback (HOST=127.0.0.1), or, for a demo on a network you trust, set ' +
        'ALLOW_DEMO_SIGNIN_ON_NETWORK=true as well.',
    );
  }
}

/** Empty variables count as unset, so `PORT= npm start` takes the default. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') result[key] = value;
  return result;
}
