import { resolve } from 'node:path';
import { z } from 'zod';

const isoDateTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO date-time such as 2026-12-01T15:00:00Z');

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
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
  WEB_DEMO_SIGNIN: booleanFlag.optional(),
  WEB_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).default(''),
  MicrosoftAppTenantId: z.string().default(''),
});

export interface Config {
  port: number;
  dataDir: string;
  /** PostgreSQL for state, cases and the outbox (several replicas); without it, lowdb files under dataDir. */
  databaseUrl?: string;
  /** When set, the bot's clock starts at this instant and runs on from there. */
  botNow?: Date;
  logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  maxBodyBytes: number;
  escalationTimeoutMinutes: number;
  handoffTarget: 'agents' | 'external';
  webDemoSignIn: boolean;
  webTokenSecret?: string;
  microsoftApp: { appId: string; appPassword: string; appType: string; tenantId: string };
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
  return {
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    ...(e.BOT_NOW ? { botNow: new Date(e.BOT_NOW) } : {}),
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    escalationTimeoutMinutes: e.ESCALATION_TIMEOUT_MINUTES,
    handoffTarget: e.HANDOFF_TARGET,
    webDemoSignIn: e.WEB_DEMO_SIGNIN ?? e.MicrosoftAppId === '',
    ...(e.WEB_TOKEN_SECRET ? { webTokenSecret: e.WEB_TOKEN_SECRET } : {}),
    microsoftApp: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType || 'MultiTenant',
      tenantId: e.MicrosoftAppTenantId,
    },
  };
}

/** Empty variables count as unset, so `PORT= npm start` takes the default. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') result[key] = value;
  return result;
}
