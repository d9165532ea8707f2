import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SEARCH_COMMAND_ID, SEARCH_PARAMETER } from '../../bot/teams/searchCommand';

/**
 * Stands in for the bot's Microsoft App ID until `MicrosoftAppId` is configured: a valid GUID (so the
 * package still validates) that no Azure Bot has. Upload a package built with it and Teams cannot reach the bot.
 */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

/** Stands in for the bot's public host name until `--domain` is given. */
export const PLACEHOLDER_DOMAIN = 'your-bot-host.example.com';

const guid = z.string().regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'must be a GUID such as 1fe8457a-721e-4b39-a416-209ae3faa022');

export const manifestSettings = z.strictObject({
  /** The Azure Bot's Microsoft App ID; the placeholder when none is configured. */
  botId: guid.default(PLACEHOLDER_BOT_ID),
  /** The Teams app's own id; stays the same from version to version. */
  teamsAppId: guid.default('1fe8457a-721e-4b39-a416-209ae3faa022'),
  /** The public host of the messaging endpoint, without scheme or path. */
  domain: z
    .string()
    .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a host name such as bot.contoso.com (no https://, no path)')
    .default(PLACEHOLDER_DOMAIN),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 1.0.0').default('1.0.0'),
});

export type ManifestSettings = z.input<typeof manifestSettings>;

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** Fills the template's ${{NAME}} placeholders; every placeholder must have a value. */
export function buildManifest(templateFolder: string, input: ManifestSettings): Record<string, unknown> {
  const parsed = manifestSettings.safeParse(input);
  if (!parsed.success) throw new ManifestError(`Invalid Teams package settings:\n${z.prettifyError(parsed.error)}`);
  const settings = parsed.data;
  const values: Record<string, string> = {
    APP_VERSION: settings.version,
    TEAMS_APP_ID: settings.teamsAppId,
    BOT_ID: settings.botId,
    BOT_DOMAIN: settings.domain,
    SEARCH_COMMAND_ID,
    SEARCH_PARAMETER,
  };
  const template: unknown = JSON.parse(readFileSync(join(templateFolder, 'manifest.template.json'), 'utf8'));
  return fill(template, values) as Record<string, unknown>;
}

function fill(node: unknown, values: Record<string, string>): unknown {
  if (typeof node === 'string') {
    return node.replace(/\$\{\{(\w+)\}\}/g, (_match, name: string) => {
      const value = values[name];
      if (value === undefined) throw new ManifestError(`The manifest template uses \${{${name}}}, which has no value: add it to buildManifest.`);
      return value;
    });
  }
  if (Array.isArray(node)) return node.map((item) => fill(item, values));
  if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value, values)]));
  return node;
}
