import { TokenError, TokenIssuer } from '../../../src/server/directLine/tokens';
import { ConversationLog, ConversationNotFoundError } from '../../../src/server/directLine/conversations';

const ana = { sub: 'ana', name: 'Ana Ruiz', conv: 'dl-1' };

describe('Direct Line tokens', () => {
  test('a minted token verifies to the same person and conversation', () => {
    const tokens = new TokenIssuer('a-secret-of-sixteen-chars');
    expect(tokens.verify(tokens.mint(ana).token)).toMatchObject(ana);
  });

  test.each([
    ['signed with another secret', () => new TokenIssuer('another-secret-of-16-chars').mint(ana).token, 'bad-signature'],
    ['with its payload swapped', (t: string) => t.replace(/\.[^.]+\./, `.${Buffer.from(JSON.stringify({ ...ana, sub: 'fay', exp: 9e9 })).toString('base64url')}.`), 'bad-signature'],
    ['truncated', (t: string) => t.split('.').slice(0, 2).join('.'), 'malformed'],
    ['not a token at all', () => 'Bearer-nonsense', 'malformed'],
  ])('a token %s is refused as %s', (_case, tamper, problem) => {
    const tokens = new TokenIssuer('a-secret-of-sixteen-chars');
    const token = tamper(tokens.mint(ana).token);
    expect(() => tokens.verify(token)).toThrow(expect.objectContaining({ name: 'TokenError', problem }));
  });

  test('an expired token is refused with a message saying how to get a new one', () => {
    let now = 1_000_000;
    const tokens = new TokenIssuer('a-secret-of-sixteen-chars', 60, () => now);
    const { token } = tokens.mint(ana);
    now += 61_000;
    expect(() => tokens.verify(token)).toThrow(TokenError);
    expect(() => tokens.verify(token)).toThrow(/expired: get a new one/);
  });

  test('without a configured secret each issuer makes its own, so tokens end with the process', () => {
    const first = new TokenIssuer(undefined);
    expect(() => new TokenIssuer(undefined).verify(first.mint(ana).token)).toThrow(TokenError);
  });
});

describe('the conversation log', () => {
  test('polling returns what came after the watermark, and a replaced activity comes again under its id', () => {
    const log = new ConversationLog();
    log.open('dl-1', 'ana');
    const first = log.append('dl-1', { type: 'message', text: 'one' });
    const { watermark } = log.since('dl-1', 0);
    log.append('dl-1', { type: 'message', text: 'two' });
    log.replace('dl-1', first.id, { type: 'message', text: 'one, edited' });
    expect(log.since('dl-1', Number(watermark)).activities.map((a) => [a.id === first.id, a.text])).toEqual([
      [false, 'two'],
      [true, 'one, edited'],
    ]);
  });

  test('holds a bounded number of activities and conversations, dropping the oldest', () => {
    const log = new ConversationLog({ maxConversations: 2, maxActivities: 3 });
    for (const id of ['a', 'b', 'c']) log.open(id, 'u');
    expect(log.has('a')).toBe(false);
    for (let i = 0; i < 5; i++) log.append('c', { type: 'message', text: String(i) });
    expect(log.since('c', 0).activities.map((a) => a.text)).toEqual(['2', '3', '4']);
    expect(() => log.append('a', { type: 'message' })).toThrow(ConversationNotFoundError);
  });
});
