import { TokenError, TokenIssuer } from '../../../src/server/directLine/tokens';

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
