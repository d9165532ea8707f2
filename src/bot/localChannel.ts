import type { Activity, TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  MicrosoftAppCredentials,
  type AuthenticateRequestResult,
} from 'botframework-connector';
import type { ChannelAdapter } from './adapter';
import { withDeadline } from './outbound';

/**
 * Replies to the embedded Direct Line endpoint go to this same process over loopback, to a connector path
 * only it knows; they need no Azure AD token, whatever the bot's app registration.
 */
class LoopbackConnectorFactory extends ConnectorFactory {
  constructor(private readonly timeoutMs: number) {
    super();
  }

  async create(serviceUrl: string): Promise<ConnectorClient> {
    return withDeadline(new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: serviceUrl }), this.timeoutMs);
  }
}

/**
 * Runs activities from the embedded Direct Line endpoint through the same CloudAdapter as every other
 * channel. The endpoint has already authenticated the user with its signed token, so the turn is
 * authenticated as coming from the bot itself rather than by a Bot Framework JWT.
 */
export function localChannelDelivery(
  adapter: ChannelAdapter,
  botAppId: string,
  logic: (context: TurnContext) => Promise<void>,
): (activity: Record<string, unknown>) => Promise<void> {
  const auth: AuthenticateRequestResult = {
    audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
    claimsIdentity: new ClaimsIdentity(
      [
        { type: AuthenticationConstants.AudienceClaim, value: botAppId },
        { type: AuthenticationConstants.AppIdClaim, value: botAppId },
      ],
      true,
    ),
    connectorFactory: new LoopbackConnectorFactory(adapter.outboundTimeoutMs),
  };
  return (activity) => adapter.processActivityDirect(auth, activity as unknown as Activity, logic);
}
