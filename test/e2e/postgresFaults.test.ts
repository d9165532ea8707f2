import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { proseOf, buttonsOf } from '../support/cards';
import { BotHarness } from '../support/harness';
import { describeWithPostgres } from '../support/describeWithPostgres';
import { TEST_DATABASE_URL, TestSchema } from '../support/postgres';
import { buildServer, ServerProcess } from '../support/serverProcess';

/** A TCP proxy in front of PostgreSQL that can be cut, as when the database server goes away, and restored. */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private open = true;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      if (!this.open) return client.destroy();
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  cut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.open = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describeWithPostgres()('PostgreSQL going away', () => {
  let schema: TestSchema;
  let proxy: CuttableProxy;
  let bot: BotHarness;

  beforeAll(async () => {
    schema = await TestSchema.create();
    const target = new URL(TEST_DATABASE_URL);
    proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const port = await proxy.start();
    const url = new URL(schema.url);
    url.port = String(port);
    bot = await BotHarness.start({ env: { DATABASE_URL: url.toString(), BOT_NOW: '2026-12-01T15:00:00Z' } });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await proxy?.stop();
    await schema?.drop();
  });

  const health = async () => (await fetch(`${bot.url}/healthz`)).status;

  test('turns apologise and offer an agent, /healthz is unhealthy, and the bot recovers by itself with nothing lost', async () => {
    const ana = bot.conversation('ana');
    await ana.join();
    await ana.submit({ verb: 'menu', node: 'billing-and-orders' });
    expect(await health()).toBe(200);

    proxy.cut();
    const during = await ana.say('how do I renew early?');
    expect(proseOf(during)).toMatch(/something went wrong/i);
    expect(buttonsOf(during).map((b) => b.title)).toContain('Contact a support agent');
    expect(await health()).toBe(503);

    proxy.restore();
    let recovered = false;
    for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
      recovered = (await health()) === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered).toBe(true);
    // The menu place acknowledged before the outage is still there: "back" goes up from Billing & orders.
    expect(proseOf(await ana.say('back'))).toMatch(/Subscription management/);
    expect(proseOf(await ana.say('how do I renew early?'))).toMatch(/90 days/);
  }, 60_000);
});

describeWithPostgres()('PostgreSQL at start', () => {
  beforeAll(() => buildServer(), 60_000);

  test('a database that does not answer stops the bot with a message naming DATABASE_URL', async () => {
    const start = ServerProcess.start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/bot' });
    await expect(start).rejects.toThrow(/exited \(1\)/);
    await expect(start).rejects.toThrow(/DATABASE_URL=postgres:\/\/postgres@127\.0\.0\.1:1\/bot cannot be reached/);
  });

  test('a schema that is behind stops the bot with a message naming npm run db:migrate', async () => {
    const empty = new URL(TEST_DATABASE_URL);
    empty.searchParams.set('options', '-c search_path=never_migrated');
    await expect(ServerProcess.start({ DATABASE_URL: empty.toString() })).rejects.toThrow(/schema is behind[\s\S]*npm run db:migrate/);
  });
});
