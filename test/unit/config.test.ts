import { ConfigError, loadConfig, loopbackUrlHost } from '../../src/config';
import { clockStartingAt } from '../../src/clock';
import { parseGlobalCommand } from '../../dialogs/commands';

describe('configuration from the environment', () => {
  test('defaults need nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3978, escalationTimeoutMinutes: 10, handoffTarget: 'agents', webDemoSignIn: true });
    expect(config.dataDir).toMatch(/\.data$/);
    expect(config.botNow).toBeUndefined();
  });

  test('BOT_NOW starts the clock at that instant and it runs on', () => {
    let real = 1_000;
    const clock = clockStartingAt(new Date(loadConfig({ BOT_NOW: '2026-12-01T15:00:00Z' }).botNow!), () => real);
    expect(clock.now().toISOString()).toBe('2026-12-01T15:00:00.000Z');
    real += 60_000;
    expect(clock.now().toISOString()).toBe('2026-12-01T15:01:00.000Z');
  });

  test('an empty variable counts as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3978);
  });

  test('demo sign-in is off when an app id is configured', () => {
    expect(loadConfig({ MicrosoftAppId: 'abc' }).webDemoSignIn).toBe(false);
  });

  test('listens on loopback unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', loopbackOnly: true, outboundTimeoutMs: 8_000 });
  });

  test.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.1.2.3', false],
  ])('HOST=%s is loopback: %s', (host, loopback) => {
    expect(loadConfig({ HOST: host, MicrosoftAppId: 'app' }).loopbackOnly).toBe(loopback);
  });

  test('another interface without an app id refuses to start, saying why and what to do', () => {
    const attempt = () => loadConfig({ HOST: '0.0.0.0' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/without MicrosoftAppId[\s\S]*claim to be any customer or agent[\s\S]*ALLOW_UNAUTHENTICATED_NETWORK=true/);
  });

  test('the loud opt-in lets it listen unauthenticated, but never with demo sign-in on by default', () => {
    expect(loadConfig({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED_NETWORK: 'true' })).toMatchObject({ loopbackOnly: false, webDemoSignIn: false });
  });

  test('with an app id another interface is fine and demo sign-in stays off', () => {
    expect(loadConfig({ HOST: '0.0.0.0', MicrosoftAppId: 'app' })).toMatchObject({ host: '0.0.0.0', webDemoSignIn: false });
  });

  test('demo sign-in on a network needs its own opt-in', () => {
    const network = { HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED_NETWORK: 'true', WEB_DEMO_SIGNIN: 'true' };
    expect(() => loadConfig(network)).toThrow(/demo sign-in[\s\S]*ALLOW_DEMO_SIGNIN_ON_NETWORK=true/);
    expect(loadConfig({ ...network, ALLOW_DEMO_SIGNIN_ON_NETWORK: 'true' }).webDemoSignIn).toBe(true);
    expect(loadConfig({ WEB_DEMO_SIGNIN: 'true' }).webDemoSignIn).toBe(true);
  });

  test.each([
    ['PORT', 'eighty', /PORT/],
    ['HOST', 'bot.example.com', /HOST[\s\S]*IP address/],
    ['ALLOW_UNAUTHENTICATED_NETWORK', 'yes please', /ALLOW_UNAUTHENTICATED_NETWORK/],
    ['OUTBOUND_TIMEOUT_MS', '0', /OUTBOUND_TIMEOUT_MS/],
    ['RATE_LIMIT_PER_CONVERSATION', '-1', /RATE_LIMIT_PER_CONVERSATION/],
    ['PORT', '70000', /PORT/],
    ['BOT_NOW', 'next tuesday', /BOT_NOW[\s\S]*ISO date-time/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['HANDOFF_TARGET', 'pigeon', /HANDOFF_TARGET/],
    ['ESCALATION_TIMEOUT_MINUTES', '-3', /ESCALATION_TIMEOUT_MINUTES/],
    ['WEB_TOKEN_SECRET', 'short', /WEB_TOKEN_SECRET[\s\S]*16 characters/],
  ])('a bad %s (%s) stops start-up with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

describe('global commands match whole messages only', () => {
  test.each([
    ['menu', 'menu'],
    ['Menu!', 'menu'],
    ['get help', 'menu'],
    ['  BACK ', 'back'],
    ['start over', 'start-over'],
    ['help', 'help'],
    ['?', 'help'],
    ['cancel', 'cancel'],
    ['never mind', 'cancel'],
    ['how do I cancel auto-renew?', undefined],
    ['I need help with billing', undefined],
    ['go back to the menu please and then show me renewals', undefined],
  ])('"%s" → %s', (text, command) => {
    expect(parseGlobalCommand(text)).toBe(command);
  });
});

describe('loopbackUrlHost: how the bot reaches itself from the address a request came in on', () => {
  test.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.0.0.5', '127.0.0.5'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::1', '[::1]'],
    ['10.0.0.4', '127.0.0.1'],
    ['::', '127.0.0.1'],
    [undefined, '127.0.0.1'],
  ])('%s -> %s', (address, host) => {
    expect(loopbackUrlHost(address)).toBe(host);
  });
});
