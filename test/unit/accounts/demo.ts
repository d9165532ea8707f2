import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identify, loadIntents, parseAccountData, type Identity } from '../../../src/domain/accounts';
import { loadVocabulary } from '../../../src/knowledgeBase';

const root = join(__dirname, '..', '..', '..');

/** The project's demo account data, as `npm start` loads it. */
export const demo = parseAccountData(JSON.parse(readFileSync(join(root, 'fixtures', 'demo-accounts.json'), 'utf8')));

export const catalog = loadIntents(readFileSync(join(root, 'knowledge', 'intents.yaml'), 'utf8'));

/** The knowledge's vocabulary, which account intents read questions with, as search does. */
export const vocabulary = loadVocabulary(join(root, 'knowledge'));

/** BOT_NOW of the acceptance scenarios. */
export const NOW = new Date('2026-12-01T15:00:00Z');

/** A person as the Emulator or web chat identifies them: by channel user id. */
export function person(channelUserId: string): Identity {
  return identify(demo, { channelId: 'emulator', fromId: channelUserId });
}

export const ana = person('ana');
export const ben = person('ben');
export const chloe = person('chloe');
export const dev = person('dev');
export const fay = person('fay');
export const nobody = person('someone-else');
