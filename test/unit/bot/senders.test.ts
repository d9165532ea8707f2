import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { ChannelTimeoutError, withDeadline } from '../../../src/bot/outbound';
import { ConversationRateLimit, isLoopbackServiceUrl } from '../../../src/bot/senders';

describe('service URLs on this machine', () => {
  test.each([
    ['http://localhost:3978', true],
    ['http://127.0.0.1:56150/', true],
    ['https://127.0.0.2/path', true],
    ['http://[::1]:9000', true],
    ['http://[::ffff:127.0.0.1]:9000', true],
    ['https://smba.trafficmanager.net/emea/', false],
    ['http://127.0.0.1.attacker.example/', false],
    ['http://localhost.attacker.example/', false],
    ['http://0.0.0.0:3978', false],
    ['http://[fd00::2]:80', false],
    ['ftp://127.0.0.1/', false],
    ['not a url', false],
    [42, false],
  ])('%s → %s', (serviceUrl, loopback) => {
    expect(isLoopbackServiceUrl(serviceUrl)).toBe(loopback);
  });
});

describe('the per-conversation rate limit', () => {
  test('a burst of the limit passes, then one per refill, each conversation on its own', () => {
    let now = 0;
    const limit = new ConversationRateLimit(60, () => now);
    const burst = Array.from({ length: 61 }, () => limit.take('a'));
    expect(burst.slice(0, 60).every((wait) => wait === 0)).toBe(true);
    expect(burst[60]).toBe(1);
    expect(limit.take('b')).toBe(0);
    now += 1000;
    expect(limit.take('a')).toBe(0);
    expect(limit.take('a')).toBe(1);
  });

  test('remembers a bounded number of conversations', () => {
    const limit = new ConversationRateLimit(1, () => 0, 3);
    for (const id of ['a', 'b', 'c', 'd']) limit.take(id);
    expect(limit.take('a')).toBe(0); // forgotten, so it starts afresh
    expect(limit.take('d')).toBeGreaterThan(0);
  });
});

describe('a deadline on the connector client', () => {
  test('a channel that accepts and never answers fails the call with ChannelTimeoutError', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const client = withDeadline(new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri }), 300);
      const started = performance.now();
      await expect(client.conversations.sendToConversation('c', { type: 'message', text: 'hi' } as never)).rejects.toBeInstanceOf(ChannelTimeoutError);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
