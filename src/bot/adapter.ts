import {
  CallerIdConstants,
  CardFactory,
  type Activity,
  type BotAdapter,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import type { ResourceResponse } from 'botbuilder';
import { AuthenticationError, AuthenticationConstants } from 'botframework-connector';
import { isLoopbackHost, type Config } from '../config';
import type { Logger } from '../logger';
import { repliesDelivered, routeOf } from './turnFacts';
import { heldReplies, heldResponses, TurnConflictError } from './turnTransaction';
import type { CardRenderer } from '../../cards/render';
import { ChannelTimeoutError } from './outbound';
import { ConversationRateLimit, GuardedAuthentication, isLoopbackServiceUrl } from './senders';

type Logic = (context: TurnContext) => Promise<void>;

/**
 * The Bot Framework adapter, checking who may send before a turn starts. With an app id the token's claims
 * decide (botbuilder's checks, with any failure a 401). Without one nobody is authenticated, so only this
 * machine is believed: an activity sent from elsewhere, or whose serviceUrl is elsewhere, is refused before
 * any outbound call, and each conversation is rate limited. Every call to a channel has a deadline.
 */
export class ChannelAdapter extends CloudAdapter {
  private readonly rateLimit: ConversationRateLimit | undefined;

  constructor(
    auth: GuardedAuthentication,
    readonly outboundTimeoutMs: number,
    private readonly senders: { authenticated: boolean; rateLimitPerConversation: number; logger?: Logger | undefined },
  ) {
    super(auth);
    this.rateLimit = senders.authenticated ? undefined : new ConversationRateLimit(senders.rateLimitPerConversation);
  }

  override process(req: Request, res: Response, logic: Logic): Promise<void>;
  override process(req: Request, socket: unknown, head: unknown, logic: Logic): Promise<void>;
  // Only the HTTP request/response form is handled here; the streaming (socket) forms go to CloudAdapter as they are.
  override async process(req: Request, resOrSocket: unknown, logicOrHead: unknown, maybeLogic?: unknown): Promise<void> {
    if (maybeLogic !== undefined) return super.process(req, resOrSocket as never, logicOrHead as never, maybeLogic as never);
    const res = resOrSocket as Response;
    const end = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      for (const [name, value] of Object.entries(headers)) res.header(name, value);
      res.status(status);
      if (body !== undefined) res.send(body);
      res.end();
    };
    const activity = withDates(req.body as unknown as Activity);
    const refusal = this.refusal(activity, peerAddress(req));
    if (refusal) {
      this.senders.logger?.warn({ route: '/api/messages', status: refusal.status, reason: refusal.code }, 'refused an activity');
      end(refusal.status, { error: refusal.code, message: refusal.message }, refusal.headers);
      return;
    }
    const authHeader = String(req.headers?.authorization ?? req.headers?.Authorization ?? '');
    try {
      const invokeResponse = await this.processActivity(authHeader, activity, logicOrHead as Logic);
      end(invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      this.senders.logger?.warn({ route: '/api/messages', status: 401, reason: error.message.slice(0, 300) }, 'refused an unauthenticated activity');
      end(401, { error: 'Unauthorized', message: 'This endpoint accepts activities from the Bot Framework only, with a valid token.' });
    }
  }

  /** Holds a turn's replies while its unit of work is open (see turnTransaction); sends everything else at once. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const held = heldReplies(context);
    if (!held) return super.sendActivities(context, activities);
    held.push(...activities);
    return heldResponses(activities);
  }

  private refusal(activity: Activity, peer: string | undefined): { status: number; code: string; message: string; headers?: Record<string, string> } | undefined {
    if (this.senders.authenticated) return undefined;
    if (peer !== undefined && !isLoopbackHost(peer)) {
      return {
        status: 403,
        code: 'SenderNotAllowed',
        message: 'Without MicrosoftAppId this endpoint accepts activities from this machine only; set MicrosoftAppId to accept them from the Bot Framework.',
      };
    }
    if (!isLoopbackServiceUrl(activity.serviceUrl)) {
      return {
        status: 403,
        code: 'ServiceUrlNotAllowed',
        message: 'Without MicrosoftAppId this bot replies only to channels on this machine (a loopback serviceUrl such as http://localhost:port).',
      };
    }
    const wait = this.rateLimit?.take(activity.conversation.id) ?? 0;
    if (wait === 0) return undefined;
    return {
      status: 429,
      code: 'TooManyRequests',
      message: `This conversation sent more than ${this.senders.rateLimitPerConversation} activities in a minute; try again in ${wait} s.`,
      headers: { 'Retry-After': String(wait) },
    };
  }
}

/** The address the request came from, when the server framework tells (restify and Node's http do). */
function peerAddress(req: Request): string | undefined {
  const address = (req as Request & { socket?: { remoteAddress?: unknown } }).socket?.remoteAddress;
  return typeof address === 'string' ? address : undefined;
}

/** As botbuilder's own HTTP handler does: ISO timestamps become Dates, the raw strings kept beside them. */
function withDates(activity: Activity): Activity {
  const raw = activity as Activity & Record<string, unknown>;
  for (const [field, rawField] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[rawField] = value;
      raw[field] = new Date(value);
    }
  }
  return activity;
}

export function createAdapter(config: Config, logger?: Logger): ChannelAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftApp.appId,
    MicrosoftAppPassword: config.microsoftApp.appPassword,
    MicrosoftAppType: config.microsoftApp.appType,
    MicrosoftAppTenantId: config.microsoftApp.tenantId,
    ...botFrameworkEndpoints(config),
  });
  return new ChannelAdapter(new GuardedAuthentication(auth, config.outboundTimeoutMs), config.outboundTimeoutMs, {
    authenticated: config.microsoftApp.appId !== '',
    rateLimitPerConversation: config.rateLimitPerConversation,
    logger,
  });
}

/**
 * botbuilder takes either none of its endpoint settings (the public cloud) or all of them; an override of
 * one (a private cloud, or a local OpenID server in tests) is completed with the public cloud's values.
 */
function botFrameworkEndpoints(config: Config): Record<string, string | boolean> {
  const overrides = config.botFrameworkEndpoints;
  if (Object.keys(overrides).length === 0) return {};
  return {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
    ...overrides,
  };
}

/** Dialogs wrap what a turn threw (DialogContextError.error); errors may also carry a `cause`. */
function causedByChannelTimeout(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof ChannelTimeoutError) return true;
    const wrapper = current as Error & { error?: unknown };
    current = wrapper.error ?? wrapper.cause;
  }
  return false;
}

/** One handler for every turn that throws: log it with context, apologise, and offer a person. */
export function handleTurnErrors(adapter: BotAdapter, logger: Logger, cards: CardRenderer): void {
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(
      {
        conversationId: context.activity.conversation?.id,
        activityType: context.activity.type,
        route: routeOf(context),
        err: { name: error.name, message: error.message, stack: error.stack },
      },
      'turn failed',
    );
    // An apology would go to the channel that just failed to answer, and wait as long again.
    if (context.activity.type === 'invoke' || repliesDelivered(context) || causedByChannelTimeout(error)) return;
    const raced = error instanceof TurnConflictError;
    try {
      const card = cards.render('notice', {
        title: raced ? 'That arrived together with another message' : 'Sorry, something went wrong on my side',
        lines: [
          raced
            ? 'Several messages changed this conversation at the same moment, so I did nothing with this one. Please send it again.'
            : "I couldn't finish that, and nothing was changed. Please try again, or ask a support agent for help.",
        ],
        actions: [
          { title: 'Contact a support agent', data: { verb: 'agent' } },
          { title: 'Get Help', data: { verb: 'home' } },
        ],
      });
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    } catch (sendError) {
      logger.error({ err: (sendError as Error).message }, 'could not send the apology');
    }
  };
}
