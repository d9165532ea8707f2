import type { SentActivity } from '../support/connector';
import type { BotHarness } from '../support/harness';

export const CONTOSO_TENANT = 'tid-contoso-0001';
export const BOT = { id: '28:account-help-bot', name: 'Account help' };
export const AGENTS_CHANNEL = '19:escalations@thread.tacv2';

export interface TeamsPlace {
  conversation: { id: string; conversationType: 'personal' | 'channel' | 'groupChat'; tenantId: string };
  channelData: Record<string, unknown>;
}

export const personalChat = (id: string, tenantId = CONTOSO_TENANT): TeamsPlace => ({
  conversation: { id, conversationType: 'personal', tenantId },
  channelData: { tenant: { id: tenantId } },
});

/** A thread in a team channel: Teams appends ";messageid=" to the channel's id. */
export const channelThread = (channelId: string, thread: string, tenantId = CONTOSO_TENANT): TeamsPlace => ({
  conversation: { id: `${channelId};messageid=${thread}`, conversationType: 'channel', tenantId },
  channelData: { tenant: { id: tenantId }, team: { id: '19:support-team@thread.tacv2' }, channel: { id: channelId } },
});

export interface TeamsPerson {
  id: string;
  name: string;
  aadObjectId: string;
}

export const ana: TeamsPerson = { id: '29:ana', name: 'Ana Ruiz', aadObjectId: 'aad-ana-0001' };
export const eve: TeamsPerson = { id: '29:eve', name: 'Eve Sato', aadObjectId: 'aad-eve-0101' };
/** Someone in the tenant the account data does not know. */
export const sam: TeamsPerson = { id: '29:sam', name: 'Sam Lee', aadObjectId: 'aad-sam-9999' };

let sequence = 0;

/** An activity as Teams sends it: tenant, Azure AD object id, conversation type. */
export function teamsActivity(bot: BotHarness, place: TeamsPlace, from: TeamsPerson, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `teams-${++sequence}`,
    channelId: 'msteams',
    serviceUrl: bot.connector.url,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from,
    recipient: BOT,
    conversation: place.conversation,
    channelData: place.channelData,
    ...fields,
  };
}

/** "<at>Account help</at> question", with the mention entity Teams adds. */
export function mentioning(text: string): Record<string, unknown> {
  const at = `<at>${BOT.name}</at>`;
  return { type: 'message', text: `${at} ${text}`, entities: [{ type: 'mention', text: at, mentioned: BOT }] };
}

/** Posts one activity over HTTP and returns what the bot sent to the conversation in that turn. */
export async function send(bot: BotHarness, activity: Record<string, unknown>): Promise<{ status: number; body: unknown; sent: SentActivity[] }> {
  const before = bot.connector.calls.length;
  const response = await bot.post(activity);
  const text = await response.text();
  const conversationId = (activity.conversation as { id: string }).id;
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, sent: bot.connector.activitiesFor(conversationId, before) };
}
