import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { buildAppPackage } from '../../../src/cli/teamsPackage/appPackage';
import { buildManifest, ManifestError, PLACEHOLDER_BOT_ID } from '../../../src/cli/teamsPackage/manifest';
import { projectRoot } from '../../../src/paths';

const TEMPLATES = join(projectRoot(), 'teams');
const BOT_ID = '4c1e2f7a-9b3d-4e6f-8a1b-2c3d4e5f6a7b';

/** The Teams app manifest schema as shipped in @microsoft/app-manifest: validated offline, no download. */
function teamsSchema(version: string): Record<string, unknown> {
  const file = join(projectRoot(), 'node_modules/@microsoft/app-manifest/build/json-schemas/teams', `v${version}`, 'MicrosoftTeams.schema.json');
  // The published schema has a "\a" in one pattern that JavaScript regular expressions reject.
  return JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\x07')) as Record<string, unknown>;
}

async function schemaErrors(manifest: Record<string, unknown>): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as never, teamsSchema(String(manifest.manifestVersion)) as never);
}

describe('the Teams app manifest', () => {
  test.each([
    ['with the configured bot id and domain', { botId: BOT_ID, domain: 'bot.contoso.com', version: '1.2.3' }],
    ['with placeholders when nothing is configured', {}],
  ])('is valid against the Teams schema %s', async (_case, settings) => {
    expect(await schemaErrors(buildManifest(TEMPLATES, settings))).toEqual([]);
  });

  test('the bot works in personal chats, teams and group chats, and the messaging extension searches articles', () => {
    const manifest = buildManifest(TEMPLATES, { botId: BOT_ID, domain: 'bot.contoso.com' }) as {
      bots: { botId: string; scopes: string[] }[];
      composeExtensions: { botId: string; commands: { id: string; type: string; parameters: { name: string }[] }[] }[];
      validDomains: string[];
    };
    expect(manifest.bots[0]).toMatchObject({ botId: BOT_ID, scopes: ['personal', 'team', 'groupChat'] });
    expect(manifest.composeExtensions[0]).toMatchObject({
      botId: BOT_ID,
      commands: [{ id: 'searchArticles', type: 'query', parameters: [{ name: 'query' }] }],
    });
    expect(manifest.validDomains).toContain('bot.contoso.com');
  });

  test('without MicrosoftAppId the bot id is the named placeholder', () => {
    const manifest = buildManifest(TEMPLATES, {}) as { bots: { botId: string }[] };
    expect(manifest.bots[0]?.botId).toBe(PLACEHOLDER_BOT_ID);
  });

  test.each([
    ['a bot id that is not a GUID', { botId: 'my-bot' }, /must be a GUID[\s\S]*at botId/],
    ['a domain given as a URL', { domain: 'https://bot.contoso.com/api' }, /must be a host name[\s\S]*at domain/],
    ['a version that is not semver', { version: 'v1' }, /must be a version[\s\S]*at version/],
  ])('%s is refused with a message naming the setting', (_case, settings, message) => {
    expect(() => buildManifest(TEMPLATES, settings)).toThrow(ManifestError);
    expect(() => buildManifest(TEMPLATES, settings)).toThrow(message);
  });
});

describe('the app package', () => {
  const built = buildAppPackage(TEMPLATES, { botId: BOT_ID, domain: 'bot.contoso.com' });
  const zip = new AdmZip(built.zip);

  test('holds exactly the manifest and the two icons, at the root', async () => {
    expect(zip.getEntries().map((entry) => entry.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as Record<string, unknown>;
    expect(await schemaErrors(manifest)).toEqual([]);
    expect(built.placeholders).toEqual([]);
  });

  test.each([
    ['color.png', 192],
    ['outline.png', 32],
  ])('%s is a %i-pixel square RGBA PNG', (name, size) => {
    const png = readPng(zip.readFile(name)!);
    expect(png).toMatchObject({ width: size, height: size, colourType: 6 });
  });

  test('the outline icon is white on a transparent background', () => {
    const png = readPng(zip.readFile('outline.png')!);
    const pixels = Array.from({ length: png.width * png.height }, (_, i) => png.pixel(i % png.width, Math.floor(i / png.width)));
    expect(png.pixel(0, 0)).toEqual([0, 0, 0, 0]);
    const drawn = pixels.filter((p) => (p[3] ?? 0) > 0);
    expect(drawn.length).toBeGreaterThan(50);
    expect(drawn.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
  });

  test('the colour icon is opaque where it is drawn and uses the accent colour', () => {
    const png = readPng(zip.readFile('color.png')!);
    expect(png.pixel(96, 20)).toEqual([0x0f, 0x62, 0xa8, 255]);
  });

  test('names what is still a placeholder', () => {
    expect(buildAppPackage(TEMPLATES, {}).placeholders).toEqual([expect.stringMatching(/MicrosoftAppId/), expect.stringMatching(/--domain/)]);
  });
});

/** Reads back the PNGs this project writes (8-bit RGBA, filter 0), checking the signature and chunk layout. */
function readPng(file: Buffer): { width: number; height: number; colourType: number; pixel(x: number, y: number): number[] } {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks = new Map<string, Buffer>();
  for (let offset = 8; offset < file.length; ) {
    const length = file.readUInt32BE(offset);
    chunks.set(file.toString('ascii', offset + 4, offset + 8), file.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const header = chunks.get('IHDR')!;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(chunks.get('IDAT')!);
  const stride = width * 4 + 1;
  return {
    width,
    height,
    colourType: header.readUInt8(9),
    pixel: (x, y) => Array.from(raw.subarray(y * stride + 1 + x * 4, y * stride + 1 + x * 4 + 4)),
  };
}
