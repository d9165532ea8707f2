import { ConcurrencyError, type Store } from '../../src/storage/ports';
import { proseOf } from '../support/cards';
import { BotHarness } from '../support/harness';
import { acceptData, availableAgent, caseIdOf, requestAgent, storedCase, tuesday } from './escalationChat';

let bot: BotHarness;

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: tuesday } });
});

afterAll(async () => {
  await bot.stop();
});

/**
 * Makes case reads answer a few milliseconds late, as a busy disk or a remote database would, so both presses
 * read the case before either writes: the race is then decided by the conditional write, every time.
 * Returns how many case writes were refused for a stale version.
 */
function slowCaseReads(store: Store): { conflicts: number } {
  const counter = { conflicts: 0 };
  const get = store.get.bind(store);
  const commit = store.commit.bind(store);
  store.get = async (collection, id) => {
    const doc = await get(collection, id);
    if (collection === 'cases') await new Promise((resolve) => setTimeout(resolve, 5));
    return doc as never;
  };
  store.commit = async (change) => {
    try {
      return await commit(change);
    } catch (error) {
      if (error instanceof ConcurrencyError && error.collection === 'cases') counter.conflicts++;
      throw error;
    }
  };
  return counter;
}

const ROUNDS = 50;

test(`Eve and Raj pressing Accept in the same instant, ${ROUNDS} times over: exactly one wins, the other is told who has it`, async () => {
  const eve = await availableAgent(bot, 'agent-eve');
  const raj = await availableAgent(bot, 'agent-raj');
  const wins = { 'Eve Sato': 0, 'Raj Iyer': 0 };
  const writes = slowCaseReads(bot.app.runtime.store);

  for (let round = 1; round <= ROUNDS; round++) {
    const user = bot.conversation(`racer-${round}`);
    const caseId = caseIdOf(await requestAgent(user));
    // Whose request leaves first alternates, so either can win.
    const agents = round % 2 === 0 ? [eve, raj] : [raj, eve];
    const seen = await Promise.all(agents.map((agent) => agent.submit(acceptData(caseId))));
    const [eveSees, rajSees] = (round % 2 === 0 ? seen : [...seen].reverse()).map(proseOf) as [string, string];

    const won = /You're now chatting with/;
    expect([won.test(eveSees), won.test(rajSees)].filter(Boolean)).toHaveLength(1);
    const [winner, loserSaw, holder] = won.test(eveSees) ? ([eve, rajSees, 'Eve Sato'] as const) : ([raj, eveSees, 'Raj Iyer'] as const);
    expect(loserSaw).toBe(`${holder} already has ${caseId}.`);
    wins[holder]++;

    const stored = await storedCase(bot, caseId);
    expect(stored.agent?.name).toBe(holder);
    expect(stored.history.filter((change) => change.status === 'accepted')).toHaveLength(1);
    await winner.say('/end');
  }
  expect(wins['Eve Sato'] + wins['Raj Iyer']).toBe(ROUNDS);
  expect(wins['Eve Sato']).toBeGreaterThan(0);
  expect(wins['Raj Iyer']).toBeGreaterThan(0);
  // Most rounds were true races: the loser's write was refused and decided again on the winner's case.
  expect(writes.conflicts).toBeGreaterThanOrEqual(ROUNDS / 2);
}, 90_000);
