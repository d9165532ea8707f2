import type { ConversationReference } from 'botbuilder';
import { buttonsOf, cardsOf, proseOf } from '../support/cards';
import type { SentActivity } from '../support/connector';
import { BotHarness } from '../support/harness';
import { AGENTS_CHANNEL, ana, BOT, channelThread, eve, mentioning, personalChat, sam, send, teamsActivity } from './teamsSupport';

let bot: BotHarness;

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: '2026-12-01T15:00:00Z' } });
});

afterAll(async () => {
  await bot.stop();
});

interface ExtensionResult {
  composeExtension: {
    type: string;
    text?: string;
    attachments?: { contentType: string; content: unknown; preview?: { content: { title: string; tap?: { type: string; value: unknown } } } }[];
  };
}

async function searchExtension(query: string | undefined): Promise<{ status: number; result: ExtensionResult }> {
  const parameters = query === undefined ? [{ name: 'initialRun', value: 'true' }] : [{ name: 'query', value: query }];
  const { status, body } = await send(
    bot,
    teamsActivity(bot, personalChat('a:ana-search'), ana, {
      type: 'invoke',
      name: 'composeExtension/query',
      value: { commandId: 'searchArticles', parameters, queryOptions: { skip: 0, count: 25 } },
    }),
  );
  return { status, result: body as ExtensionResult };
}

const titlesOf = (result: ExtensionResult): string[] => (result.composeExtension.attachments ?? []).map((a) => a.preview?.content.title ?? '');

describe('messaging extension: search articles from the compose box', () => {
  test('a clear question lists the answering article first, as a card with a preview', async () => {
    const { status, result } = await searchExtension('can I renew early?');
    expect(status).toBe(200);
    expect(result.composeExtension.type).toBe('result');
    const [first] = result.composeExtension.attachments ?? [];
    expect(first?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(proseOf([{ type: 'message', attachments: [first!] }])).toMatch(/90 days/);
    expect(first?.preview?.content.tap).toEqual({ type: 'invoke', title: expect.any(String), value: { article: 'renew-early' } });
  });

  test('an empty search lists the most useful articles', async () => {
    const { result } = await searchExtension(undefined);
    const popular = bot.app.runtime.knowledge.index.popular(10).map((article) => article.title);
    expect(titlesOf(result)).toEqual(popular);
  });

  test('an out-of-scope search says so honestly instead of listing near misses', async () => {
    const { result } = await searchExtension('what is the capital of Australia?');
    expect(result.composeExtension).toEqual({ type: 'message', text: expect.stringMatching(/couldn't find an article/) });
  });

  test('picking an article returns its full card, steps included', async () => {
    const { status, body } = await send(
      bot,
      teamsActivity(bot, personalChat('a:ana-search'), ana, { type: 'invoke', name: 'composeExtension/selectItem', value: { article: 'renew-early' } }),
    );
    expect(status).toBe(200);
    const attachments = (body as ExtensionResult).composeExtension.attachments ?? [];
    expect(attachments).toHaveLength(1);
    const prose = proseOf([{ type: 'message', attachments }]);
    expect(prose).toMatch(/Renew a subscription early/i);
    expect(prose).toMatch(/^1\. /m);
    expect(buttonsOf([{ type: 'message', attachments }])).toEqual([]);
  });

  test.each([
    ['a query without parameters list', 'composeExtension/query', { commandId: 'searchArticles', parameters: 'renew' }],
    ['a selection without an article id', 'composeExtension/selectItem', { id: 'renew-early' }],
  ])('%s is refused with 400', async (_case, name, value) => {
    const { status } = await send(bot, teamsActivity(bot, personalChat('a:ana-search'), ana, { type: 'invoke', name, value }));
    expect(status).toBe(400);
  });
});

describe('Universal Actions: cards update in place in Teams', () => {
  test('in Teams every card button is an Action.Execute carrying the same payload as the Submit elsewhere', async () => {
    const { sent } = await send(bot, teamsActivity(bot, personalChat('a:ana-menu'), ana, { type: 'message', text: 'menu' }));
    const actions = allActions(sent);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((action) => action.type === 'Action.Execute')).toBe(true);
    expect(actions).toContainEqual(
      expect.objectContaining({ title: 'Post-purchase support', verb: 'menu', data: { verb: 'menu', node: 'post-purchase-support' } }),
    );

    const web = await bot.conversation('web-visitor').say('menu');
    expect(allActions(web).every((action) => action.type === 'Action.Submit')).toBe(true);
  });

  test('adaptiveCard/action runs the same routing as a submit and answers with the next card', async () => {
    await send(bot, teamsActivity(bot, personalChat('a:ana-menu-2'), ana, { type: 'message', text: 'menu' }));
    const data = { verb: 'menu', node: 'post-purchase-support' };
    const { status, body, sent } = await send(
      bot,
      teamsActivity(bot, personalChat('a:ana-menu-2'), ana, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'menu', data }, trigger: 'manual' },
      }),
    );
    expect(status).toBe(200);
    const response = body as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(response).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const card = [{ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: response.value }] }];
    expect(proseOf(card)).toContain('Get Help > Post-purchase support');
    expect(buttonsOf(card).map((b) => b.title)).toContain('Subscription management');
    expect(allActions(card).every((action) => action.type === 'Action.Execute')).toBe(true);
    expect(sent).toEqual([]);
  });

  test('a press that is not a step of the same card (feedback) keeps the card and replies with a message', async () => {
    const { status, body, sent } = await send(
      bot,
      teamsActivity(bot, personalChat('a:ana-feedback'), ana, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'feedback', data: { verb: 'feedback', article: 'renew-early', helpful: true } }, trigger: 'manual' },
      }),
    );
    expect(status).toBe(200);
    expect(body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.any(String) });
    expect(proseOf(sent)).toMatch(/glad that helped/);
  });

  test('an Action.Execute from a stale card gets the "no longer active" card in place and the menu as a message', async () => {
    const { body, sent } = await send(
      bot,
      teamsActivity(bot, personalChat('a:ana-stale'), ana, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'menu', data: { verb: 'menu', node: 'no-such-node' } }, trigger: 'manual' },
      }),
    );
    const card = [{ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: (body as { value: unknown }).value }] }];
    expect(proseOf(card)).toMatch(/no longer active/);
    expect(buttonsOf(sent).map((b) => b.title)).toContain('Post-purchase support');
  });
});

describe('Teams conversations', () => {
  test('Ana is identified by Azure AD object id and tenant in her personal chat', async () => {
    const { sent } = await send(bot, teamsActivity(bot, personalChat('a:ana-personal'), ana, { type: 'message', text: 'when does AutoCAD renew?' }));
    expect(proseOf(sent)).toMatch(/January 15, 2027/);
  });

  test('the same object id from another tenant is not Ana', async () => {
    const { sent } = await send(
      bot,
      teamsActivity(bot, personalChat('a:ana-elsewhere', 'tid-someone-else'), ana, { type: 'message', text: 'when does AutoCAD renew?' }),
    );
    expect(proseOf(sent)).not.toMatch(/January 15, 2027/);
  });

  test('in a channel the bot ignores messages that do not mention it', async () => {
    const { status, sent } = await send(bot, teamsActivity(bot, channelThread(AGENTS_CHANNEL, '100'), eve, { type: 'message', text: 'lunch anyone?' }));
    expect(status).toBe(200);
    expect(sent).toEqual([]);
    expect(bot.logs).toContainEqual(expect.objectContaining({ msg: 'turn', route: 'teams.not-mentioned' }));
  });

  test('an @mention in a channel is answered, with the mention taken out of the question', async () => {
    const { sent } = await send(bot, teamsActivity(bot, channelThread('19:general@thread.tacv2', '7'), sam, mentioning('how do I renew early?')));
    expect(proseOf(sent)).toMatch(/90 days/);
  });

  test('an @mention in the agents channel is answered and the channel is remembered for announcements', async () => {
    const { sent } = await send(bot, teamsActivity(bot, channelThread(AGENTS_CHANNEL, '101'), eve, mentioning('hello')));
    expect(sent.length).toBeGreaterThan(0);
    const reference = await bot.app.runtime.store.get<Partial<ConversationReference>>('references', `msteams:${AGENTS_CHANNEL}`);
    expect(reference?.value.conversation?.id).toBe(AGENTS_CHANNEL);
    expect(reference?.value.serviceUrl).toBe(bot.connector.url);
  });

  test('a conversationUpdate in a personal chat does not greet twice: the installation already did', async () => {
    const { sent } = await send(
      bot,
      teamsActivity(bot, personalChat('a:ana-joined'), ana, { type: 'conversationUpdate', membersAdded: [{ id: ana.id }, { id: BOT.id }] }),
    );
    expect(sent).toEqual([]);
  });

  test('a member joining a channel is not greeted', async () => {
    const { sent } = await send(
      bot,
      teamsActivity(bot, channelThread('19:general@thread.tacv2', '1'), eve, { type: 'conversationUpdate', membersAdded: [{ id: '29:newcomer' }] }),
    );
    expect(sent).toEqual([]);
  });
});

describe('installation', () => {
  test('installed in a personal chat: the welcome card, and the chat is remembered', async () => {
    const { sent } = await send(bot, teamsActivity(bot, personalChat('a:ana-install'), ana, { type: 'installationUpdate', action: 'add' }));
    expect(proseOf(sent)).toMatch(/account help bot/);
    expect(buttonsOf(sent).map((b) => b.title)).toEqual(['Get Help', 'Search articles', 'Contact a support agent']);
    expect(await bot.app.runtime.store.get('references', 'msteams:a:ana-install')).toBeDefined();
  });

  test('installed in a team: a short note on how to ask, then forgotten when uninstalled', async () => {
    const channel = channelThread('19:support-general@thread.tacv2', '0');
    const added = await send(bot, teamsActivity(bot, channel, eve, { type: 'installationUpdate', action: 'add' }));
    expect(proseOf(added.sent)).toMatch(/Mention me/);
    expect(await bot.app.runtime.store.get('references', 'msteams:19:support-general@thread.tacv2')).toBeDefined();

    const removed = await send(bot, teamsActivity(bot, channel, eve, { type: 'installationUpdate', action: 'remove' }));
    expect(removed.sent).toEqual([]);
    expect(await bot.app.runtime.store.get('references', 'msteams:19:support-general@thread.tacv2')).toBeUndefined();
  });
});

interface CardAction {
  type: string;
  title?: string;
  verb?: string;
  data?: unknown;
}

function allActions(activities: SentActivity[]): CardAction[] {
  const actions: CardAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const element = node as Record<string, unknown>;
    if (typeof element.type === 'string' && element.type.startsWith('Action.')) actions.push(element as unknown as CardAction);
    Object.entries(element).forEach(([key, value]) => key !== 'data' && walk(value));
  };
  walk(cardsOf(activities));
  return actions;
}
