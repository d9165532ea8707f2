import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { projectRoot } from '../paths';
import { buildAppPackage } from './teamsPackage/appPackage';
import type { ManifestSettings } from './teamsPackage/manifest';

const USAGE = 'npm run package:teams -- [--domain=bot.contoso.com] [--version=1.0.0] [--app-id=<Teams app GUID>]';

/** `npm run package:teams`: builds the Teams app package (zip) from teams/manifest.template.json and the configuration. */
function main(): void {
  const config = loadConfig(process.env);
  const args = options(process.argv.slice(2));
  const settings: ManifestSettings = {
    ...(config.microsoftApp.appId ? { botId: config.microsoftApp.appId } : {}),
    ...(args.domain ? { domain: args.domain } : {}),
    ...(args.version ? { version: args.version } : {}),
    ...(args['app-id'] ? { teamsAppId: args['app-id'] } : {}),
  };
  const root = projectRoot();
  const built = buildAppPackage(join(root, 'teams'), settings);
  const folder = join(root, 'dist', 'teams');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, built.placeholders.length > 0 ? 'account-help-teams-app.PLACEHOLDERS.zip' : 'account-help-teams-app.zip');
  writeFileSync(file, built.zip);
  process.stdout.write(`Teams app package: ${file}\n`);
  for (const placeholder of built.placeholders) process.stdout.write(`  placeholder: ${placeholder}\n`);
  if (built.placeholders.length > 0) process.stdout.write('  Replace the placeholders and build again before uploading it to Teams.\n');
}

function options(argv: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const arg of argv) {
    const match = /^--(domain|version|app-id)=(.+)$/.exec(arg);
    if (!match?.[1] || !match[2]) throw new Error(`Unknown argument "${arg}". Usage: ${USAGE}`);
    result[match[1]] = match[2];
  }
  return result;
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
