import { conversationTypeOf, isSharedConversation, mentionsBot, channelConversationId } from '../../../src/bot/teams/activity';
import { toUniversalActions } from '../../../src/bot/teams/universalActions';

describe('Universal Actions', () => {
  test.each([
    [
      'a submit becomes an execute with the verb of its data, data kept',
      { type: 'Action.Submit', title: 'Get Help', data: { verb: 'home' } },
      { type: 'Action.Execute', title: 'Get Help', verb: 'home', data: { verb: 'home' } },
    ],
    [
      'a submit without a verb gets a neutral one',
      { type: 'Action.Submit', title: 'Go', data: { x: 1 } },
      { type: 'Action.Execute', title: 'Go', verb: 'submit', data: { x: 1 } },
    ],
    ['other actions stay as they are', { type: 'Action.OpenUrl', title: 'Docs', url: 'https://example.com' }, { type: 'Action.OpenUrl', title: 'Docs', url: 'https://example.com' }],
    [
      'data that looks like an action is not rewritten',
      { type: 'Action.Submit', title: 'Odd', data: { verb: 'x', nested: { type: 'Action.Submit' } } },
      { type: 'Action.Execute', title: 'Odd', verb: 'x', data: { verb: 'x', nested: { type: 'Action.Submit' } } },
    ],
  ])('%s', (_case, action, expected) => {
    expect(toUniversalActions(action)).toEqual(expected);
  });

  test('actions anywhere in a card are converted: card actions, action sets, select actions', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Yes', data: { verb: 'feedback' } }] },
        { type: 'Container', selectAction: { type: 'Action.Submit', data: { verb: 'article' } }, items: [] },
      ],
      actions: [{ type: 'Action.Submit', title: 'Home', data: { verb: 'home' } }],
    };
    expect(JSON.stringify(toUniversalActions(card))).not.toContain('Action.Submit');
  });
});

describe('Teams conversations', () => {
  const bot = { id: '28:bot', name: 'Account help' };
  const mention = (id: string) => [{ type: 'mention', mentioned: { id } }];

  test.each([
    ['a personal chat', { conversationType: 'personal' }, [], 'personal', false, false],
    ['a chat without a type (older personal chats)', {}, [], 'personal', false, false],
    ['a channel, the bot mentioned', { conversationType: 'channel' }, mention(bot.id), 'channel', true, true],
    ['a group chat, someone else mentioned', { conversationType: 'groupChat' }, mention('29:ben'), 'groupChat', true, false],
  ])('%s', (_case, conversation, entities, type, shared, mentioned) => {
    const activity = { channelId: 'msteams', recipient: bot, conversation: { id: 'c', ...conversation } as never, entities };
    expect([conversationTypeOf(activity), isSharedConversation(activity), mentionsBot(activity)]).toEqual([type, shared, mentioned]);
  });

  test('a thread reply is filed under its channel', () => {
    expect(channelConversationId('19:abc@thread.tacv2;messageid=1700000000')).toBe('19:abc@thread.tacv2');
  });
});
