import type { Activity } from 'botbuilder';
import {
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { isLoopbackHost } from '../config';
import { DeadlineConnectorFactory, within } from './outbound';

const UNAUTHORIZED = 401;

/** True for http(s) URLs whose host is this machine: the Emulator, the Agents Playground, the local Direct Line. */
export function isLoopbackServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
}

/**
 * The Bot Framework authentication the adapter uses, with two guarantees added: whatever goes wrong while
 * checking a token (signing keys that cannot be fetched or never arrive, a signature from another key, a
 * malformed token) is a 401, never a 500; and every connector client it hands out has a deadline.
 */
export class GuardedAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.checked(this.inner.authenticateRequest(activity, authHeader));
    return this.bounded(result);
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.checked(this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
    return this.bounded(result);
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.checked(this.inner.authenticateChannelRequest(authHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new DeadlineConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), this.timeoutMs);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  private bounded(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return result.connectorFactory ? { ...result, connectorFactory: new DeadlineConnectorFactory(result.connectorFactory, this.timeoutMs) } : result;
  }

  private async checked<T>(work: Promise<T>): Promise<T> {
    try {
      return await within(work, this.timeoutMs, () => new AuthenticationError(`Unauthorized: the token could not be checked within ${this.timeoutMs} ms.`, UNAUTHORIZED));
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new AuthenticationError(`Unauthorized: the token could not be verified (${reason.slice(0, 200)}).`, UNAUTHORIZED);
    }
  }
}

/**
 * A token bucket per conversation: `perMinute` activities at once, refilled evenly over a minute. The
 * conversations it remembers are bounded (the least recently seen are forgotten first).
 */
export class ConversationRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
    private readonly maxConversations = 10_000,
  ) {}

  /** 0 when the activity may pass (and is counted); otherwise the whole seconds to wait. */
  take(conversationId: string): number {
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(conversationId) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.delete(conversationId);
    this.buckets.set(conversationId, bucket);
    if (this.buckets.size > this.maxConversations) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }
}
