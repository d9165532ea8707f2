import { Agent } from 'node:http';
import type { Socket } from 'node:net';
import { ConnectorFactory, type ConnectorClient } from 'botframework-connector';

/** A channel (the service URL of a turn or a stored reference) that did not answer in time. */
export class ChannelTimeoutError extends Error {
  override readonly name = 'ChannelTimeoutError';
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`The channel at ${new URL(url).origin} did not answer within ${timeoutMs} ms; the call was abandoned.`);
  }
}

/** The parts of @azure/core-rest-pipeline a deadline needs; the connector client builds its calls on it. */
interface PipelineRequest {
  url: string;
  abortSignal?: AbortSignal | undefined;
  agent?: Agent | undefined;
}
type SendRequest = (request: PipelineRequest) => Promise<unknown>;
interface Pipeline {
  addPolicy(policy: { name: string; sendRequest(request: PipelineRequest, next: SendRequest): Promise<unknown> }, options?: { phase?: string }): void;
}

/**
 * Bounds every call the client makes: connecting, signing (token acquisition), retries and reading the answer
 * all share one deadline, after which the request is aborted and the call fails with ChannelTimeoutError.
 * botframework-connector keeps its core-client ServiceClient in a private field and rebuilds its own policy
 * list, so the deadline is added to that pipeline; if a later version moves it, this throws rather than
 * sending without a timeout.
 */
export function withDeadline(client: ConnectorClient, timeoutMs: number): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (typeof pipeline?.addPolicy !== 'function') {
    throw new Error('botframework-connector no longer exposes its request pipeline: outbound calls cannot be given a timeout. Update src/bot/outbound.ts.');
  }
  // The Serialize phase runs before signing, retries and the transport, so the deadline encloses all of them.
  pipeline.addPolicy({ name: 'accountHelpBotDeadline', sendRequest: (request, next) => sendWithin(request, next, timeoutMs) }, { phase: 'Serialize' });
  pipeline.addPolicy({ name: 'accountHelpBotIpv6Literal', sendRequest: (request, next) => next(withIpv6LiteralAgent(request)) }, { phase: 'Serialize' });
  return client;
}

/**
 * The connector's HTTP client hands a URL's host to the socket as written, brackets and all, so
 * http://[::1]:3978 fails with ENOTFOUND: this agent unwraps an IPv6 literal before connecting.
 */
class Ipv6LiteralAgent extends Agent {
  override createConnection(options: { host?: string | null }, callback?: (error: Error | null, socket: Socket) => void): Socket {
    const host = options.host?.replace(/^\[(.*)\]$/, '$1');
    const create = Agent.prototype.createConnection as (this: Agent, options: object, callback?: unknown) => Socket;
    return create.call(this, { ...options, host }, callback);
  }
}

const ipv6LiteralAgent = new Ipv6LiteralAgent({ keepAlive: true });

function withIpv6LiteralAgent(request: PipelineRequest): PipelineRequest {
  if (request.agent === undefined && /^http:\/\/\[/i.test(request.url)) request.agent = ipv6LiteralAgent;
  return request;
}

async function sendWithin(request: PipelineRequest, next: SendRequest, timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  const outer = request.abortSignal;
  const forward = () => controller.abort();
  outer?.addEventListener('abort', forward);
  request.abortSignal = controller.signal;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ChannelTimeoutError(request.url, timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([next(request), expired]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', forward);
  }
}

/** Every connector client it makes has the deadline. */
export class DeadlineConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return withDeadline(await this.inner.create(serviceUrl, audience), this.timeoutMs);
  }
}

/** Settles as `work` does, or rejects with `failure()` after `timeoutMs`: for calls outside the connector's pipeline. */
export async function within<T>(work: Promise<T>, timeoutMs: number, failure: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(failure()), timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
