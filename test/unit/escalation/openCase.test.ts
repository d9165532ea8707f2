import { openCase } from '../../../src/domain/escalation';
import { anaContext, t0 } from './sampleCases';

describe('opening a case redacts what people typed, not the ids that reach them', () => {
  // 10-1795912599440 passes the Luhn check, like any digits-and-dashes id may by chance.
  const user = { id: 'emulator:10-1795912599440', name: 'Card 4111 1111 1111 1111', conversationKey: 'emulator:conv-10-1795912599440' };

  test.each([
    ['the user id', (c: ReturnType<typeof openCase>) => c.user.id, 'emulator:10-1795912599440'],
    ['the conversation key', (c: ReturnType<typeof openCase>) => c.user.conversationKey, 'emulator:conv-10-1795912599440'],
    ['the name', (c: ReturnType<typeof openCase>) => c.user.name, 'Card [card ending 1111]'],
  ])('%s', (_what, read, expected) => {
    expect(read(openCase({ sequence: 1, user, context: anaContext }, t0))).toBe(expected);
  });
});
