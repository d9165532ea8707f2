import { parseArgs } from 'node:util';
import type { Directory } from '../../domain/accounts/identity';

/** Who the terminal chat speaks as when no --user is given: nobody the account data knows. */
export const ANONYMOUS_TERMINAL_USER = 'console-user';

export const CHAT_USAGE = 'Usage: npm run chat -- [--user=<id>]   (the "--" hands the flag to the chat, not to npm)';

export class TerminalUserError extends Error {
  override readonly name = 'TerminalUserError';
}

/** A demo person the terminal may chat as: their channel user id and who they are. */
export interface TerminalPerson {
  id: string;
  label: string;
}

/** Everyone in the account data with a channel user id: customers, then agents. */
export function terminalPeople(directory: Directory): TerminalPerson[] {
  const customers = directory.tenants.flatMap((tenant) =>
    tenant.users.flatMap((user) => (user.channelUserIds[0] ? [{ id: user.channelUserIds[0], label: `${user.name}, ${tenant.name}` }] : [])),
  );
  const agents = directory.agents.flatMap((agent) => (agent.channelUserIds[0] ? [{ id: agent.channelUserIds[0], label: `${agent.name}, support agent` }] : []));
  return [...customers, ...agents];
}

/**
 * The user id from the command line: `--user=ana` or `--user ana`, any case, checked against the demo people.
 * `npm run chat --user=ana` (no "--") reaches the chat only as npm's config `npm_config_user`; it is taken, and
 * `notice` says how to write it. Throws TerminalUserError, listing the people, for anyone else.
 */
export function terminalUser(
  argv: readonly string[],
  npmConfigUser: string | undefined,
  people: readonly TerminalPerson[],
): { userId: string; notice?: string } {
  let values: { user?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { user: { type: 'string', short: 'u' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    throw new TerminalUserError(`${(error as Error).message}\n${CHAT_USAGE}`);
  }
  if (values.help) throw new TerminalUserError(`${CHAT_USAGE}\n${listOf(people)}`);
  const fromNpm = values.user === undefined && npmConfigUser !== undefined && npmConfigUser !== '' ? npmConfigUser : undefined;
  const wanted = values.user ?? fromNpm;
  if (wanted === undefined) return { userId: ANONYMOUS_TERMINAL_USER };
  const person = people.find((candidate) => candidate.id.toLowerCase() === wanted.trim().toLowerCase());
  if (!person) throw new TerminalUserError(`No demo user "${wanted}".\n${listOf(people)}`);
  return fromNpm === undefined
    ? { userId: person.id }
    : { userId: person.id, notice: `Chatting as ${person.id}. Next time write: npm run chat -- --user=${person.id}` };
}

function listOf(people: readonly TerminalPerson[]): string {
  return `Demo users (--user=<id>):\n${people.map((person) => `  ${person.id.padEnd(10)} ${person.label}`).join('\n')}`;
}
