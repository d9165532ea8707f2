/** Commands that work at any point in a conversation, matched on the whole message, never on a substring. */
export type GlobalCommand = 'menu' | 'back' | 'start-over' | 'help' | 'cancel' | 'search';

const phrases: Record<GlobalCommand, readonly string[]> = {
  menu: ['menu', 'get help', 'main menu', 'show menu', 'open menu', 'home'],
  back: ['back', 'go back', 'previous'],
  'start-over': ['start over', 'restart', 'reset', 'start again', 'begin again'],
  help: ['help', 'what can you do', 'what can you do for me', 'commands', '?'],
  cancel: ['cancel', 'stop', 'never mind', 'nevermind', 'quit', 'exit'],
  search: ['search', 'search articles'],
};

const lookup = new Map<string, GlobalCommand>(
  Object.entries(phrases).flatMap(([command, list]) => list.map((phrase) => [phrase, command as GlobalCommand] as const)),
);

export function normalizeCommandText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[!.?,;:]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseGlobalCommand(text: string): GlobalCommand | undefined {
  const normalized = normalizeCommandText(text);
  if (normalized.length > 40) return undefined;
  return lookup.get(normalized) ?? (text.trim() === '?' ? 'help' : undefined);
}
