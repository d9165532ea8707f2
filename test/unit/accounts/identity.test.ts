import { identify, type Identity, type Sender } from '../../../src/domain/accounts';
import { demo } from './demo';

function describeIdentity(identity: Identity): string {
  switch (identity.kind) {
    case 'customer':
      return `${identity.user.name} of ${identity.tenant.id} (${identity.role})`;
    case 'agent':
      return `agent ${identity.agent.name}`;
    case 'anonymous':
      return 'anonymous';
  }
}

test.each<[string, Sender, string]>([
  ['web chat, channel user id', { channelId: 'webchat', fromId: 'ana' }, 'Ana Ruiz of contoso (primary-admin)'],
  ['Emulator, secondary admin', { channelId: 'emulator', fromId: 'ben' }, 'Ben Okafor of contoso (secondary-admin)'],
  ['Emulator, plain user', { channelId: 'emulator', fromId: 'dev' }, 'Dev Patel of contoso (user)'],
  ['Emulator, other tenant', { channelId: 'emulator', fromId: 'fay' }, 'Fay Lindqvist of fabrikam (primary-admin)'],
  ['Teams, AAD object id and own tenant', { channelId: 'msteams', fromId: '29:1abc', aadObjectId: 'aad-chloe-0003', tenantId: 'tid-contoso-0001' }, 'Chloe Martin of contoso (secondary-admin)'],
  ['Teams, right person from another Microsoft tenant', { channelId: 'msteams', fromId: '29:1abc', aadObjectId: 'aad-ana-0001', tenantId: 'tid-fabrikam-0002' }, 'anonymous'],
  ['Teams, no tenant id', { channelId: 'msteams', fromId: '29:1abc', aadObjectId: 'aad-ana-0001' }, 'anonymous'],
  ['Teams, channel user id only', { channelId: 'msteams', fromId: 'ana' }, 'anonymous'],
  ['Teams, unknown AAD object id', { channelId: 'msteams', fromId: '29:1abc', aadObjectId: 'aad-nobody', tenantId: 'tid-contoso-0001' }, 'anonymous'],
  ['web chat, an AAD object id is not enough', { channelId: 'webchat', fromId: 'visitor-17', aadObjectId: 'aad-ana-0001' }, 'anonymous'],
  ['Teams, support agent', { channelId: 'msteams', fromId: '29:1eve', aadObjectId: 'aad-eve-0101', tenantId: 'tid-vendor' }, 'agent Eve Sato'],
  ['Emulator, support agent', { channelId: 'emulator', fromId: 'agent-raj' }, 'agent Raj Iyer'],
  ['unknown channel user', { channelId: 'webchat', fromId: 'someone' }, 'anonymous'],
])('%s → %s', (_case, sender, expected) => {
  expect(describeIdentity(identify(demo, sender))).toBe(expected);
});
