import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Who a token speaks for and in which conversation; the endpoint trusts nothing else about the sender. */
export const tokenClaims = z.strictObject({
  /** The channel user id the bot sees as `from.id`. */
  sub: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  /** The one conversation this token may read and write. */
  conv: z.string().min(1).max(100),
  /** Expiry, in seconds since the epoch. */
  exp: z.number().int().positive(),
});

export type TokenClaims = z.infer<typeof tokenClaims>;

export type TokenProblem = 'malformed' | 'bad-signature' | 'expired';

export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(readonly problem: TokenProblem) {
    super(
      problem === 'expired'
        ? 'The Direct Line token has expired: get a new one from /v3/directline/tokens/generate.'
        : 'The Direct Line token is not valid: get a new one from /v3/directline/tokens/generate.',
    );
  }
}

const PREFIX = 'dl1';

/** Mints and checks HMAC-SHA256 signed tokens; the secret comes from config or is made at start. */
export class TokenIssuer {
  private readonly key: Buffer;

  constructor(
    secret: string | undefined,
    /** Seconds a token stays valid. */
    readonly lifetime = 3600,
    private readonly now: () => number = Date.now,
  ) {
    this.key = Buffer.from(secret ?? randomBytes(32).toString('base64url'), 'utf8');
  }

  mint(subject: Omit<TokenClaims, 'exp'>): { token: string; expiresIn: number } {
    const claims: TokenClaims = { ...subject, exp: Math.floor(this.now() / 1000) + this.lifetime };
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return { token: `${PREFIX}.${payload}.${this.sign(payload)}`, expiresIn: this.lifetime };
  }

  /** The token's claims; throws TokenError when it is forged, altered or expired. */
  verify(token: string): TokenClaims {
    const [prefix, payload, signature, extra] = token.split('.');
    if (prefix !== PREFIX || !payload || !signature || extra !== undefined) throw new TokenError('malformed');
    const expected = Buffer.from(this.sign(payload), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new TokenError('bad-signature');
    const claims = tokenClaims.safeParse(parseJson(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!claims.success) throw new TokenError('malformed');
    if (claims.data.exp * 1000 <= this.now()) throw new TokenError('expired');
    return claims.data;
  }

  /** A value derived from the secret, for other unguessable names (the connector path). */
  derive(purpose: string): string {
    return createHmac('sha256', this.key).update(`derive:${purpose}`).digest('base64url').slice(0, 32);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
