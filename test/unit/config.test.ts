import { ConfigError, loadConfig } from '../../src/config';
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

  test.each([
    ['PORT', 'eighty', /PORT/],
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
