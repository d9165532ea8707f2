import { Writable } from 'node:stream';
import { TestAdapter, type TurnContext } from 'botbuilder';
import { turnLogger } from '../../../src/bot/middleware';
import { createLogger } from '../../../src/logger';
import { describeInvalidActivity } from '../../../src/server/activityBody';

function capture(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { lines, sink };
}

describe('log lines never carry a card number', () => {
  test.each([
    ['a field', (log: ReturnType<typeof createLogger>) => log.info({ text: 'paid with 4111.1111.1111.1111' }, 'relayed')],
    ['a nested field', (log: ReturnType<typeof createLogger>) => log.debug({ turn: { value: { note: ['4111 1111 1111 1111'] } } }, 'turn')],
    ['the message', (log: ReturnType<typeof createLogger>) => log.warn('could not send 4111\u00a01111\u00a01111\u00a01111')],
    ['an error', (log: ReturnType<typeof createLogger>) => log.error({ err: new Error('bad input 4111-1111-1111-1111') }, 'failed')],
  ])('in %s', (_where, write) => {
    const { lines, sink } = capture();
    write(createLogger('debug', sink));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.replace(/\\u00a0/g, '').replace(/\D/g, '')).not.toContain('4111111111111111');
    expect(lines[0]).toContain('[card ending 1111]');
  });
});

describe('fields that reach a log are validated at the edge', () => {
  const valid = { type: 'message', channelId: 'emulator', serviceUrl: 'http://localhost:5000', conversation: { id: 'c' }, from: { id: 'u' }, locale: 'en-US' };

  test('a well-formed activity passes, with fields the adapter reads beyond these', () => {
    expect(describeInvalidActivity(valid)).toBeUndefined();
    expect(describeInvalidActivity({ ...valid, id: 'm-1', text: 'hi', recipient: { id: 'bot', name: 'Bot', role: 'bot' }, serviceUrl: 'https://smba.trafficmanager.net/emea/', channelData: { tenant: { id: 't' } } })).toBeUndefined();
    expect(describeInvalidActivity({ ...valid, type: 'conversationUpdate', from: undefined })).toBeUndefined();
  });

  test.each([null, [], 'text', 42])('a body that is no object (%p) is refused', (body) => {
    expect(describeInvalidActivity(body)).toMatch(/JSON object/);
  });

  test.each([
    ['a non-string locale', { locale: { toString: 'x' } }, /locale/],
    ['a locale with a newline', { locale: 'en\n{"level":"fatal"}' }, /locale/],
    ['a conversation id with a newline', { conversation: { id: 'c\n{"level":"fatal"}' } }, /control characters[\s\S]*conversation\.id/],
    ['a type that is no activity type', { type: 'message\r\nforged' }, /type/],
    ['a channel id with spaces', { channelId: 'ms teams' }, /channelId/],
    ['a serviceUrl that is no http URL', { serviceUrl: 'javascript:alert(1)' }, /serviceUrl/],
    ['a numeric from.id', { from: { id: 42 } }, /from\.id/],
    ['no conversation', { conversation: undefined }, /required[\s\S]*conversation/],
    ['an empty conversation id', { conversation: { id: '' } }, /conversation\.id/],
    ['a conversation id of 2,000 characters', { conversation: { id: 'c'.repeat(2000) } }, /conversation\.id/],
    ['a recipient name that is no string', { recipient: { id: 'b', name: ['x'] } }, /recipient\.name/],
    ['a serviceUrl that does not parse', { serviceUrl: 'http//nowhere' }, /serviceUrl/],
    ['a serviceUrl of 3,000 characters', { serviceUrl: `http://localhost/${'a'.repeat(3000)}` }, /serviceUrl/],
    ['a text that is no string', { text: { html: '<b>' } }, /text/],
    ['a message without from', { from: undefined }, /needs "from"/],
  ])('%s is refused', (_name, fields, problem) => {
    expect(describeInvalidActivity({ ...valid, ...fields })).toMatch(problem);
  });

  test('turn lines hold strings only, without control characters', async () => {
    const { lines, sink } = capture();
    const adapter = new TestAdapter(async (_context: TurnContext) => undefined);
    adapter.use(turnLogger(createLogger('info', sink)));
    await adapter.send({ type: 'message', text: 'hi', channelId: 'test\u0007', conversation: { id: 'c\n{"forged":true}', isGroup: false, conversationType: '', name: '' } } as never);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ conversationId: 'c{"forged":true}', channelId: 'test' });
  });
});
