/**
 * PostgreSQL text cannot hold NUL or unpaired surrogates, which ids from the outside (conversation ids,
 * hostile ones included) may contain. Such strings are kept as their JSON spelling behind a marker, so every
 * id reads back exactly as it was written.
 */
const MARKER = '~json:';

export function encodeText(text: string): string {
  if (text.isWellFormed() && !text.includes('\u0000') && !text.startsWith(MARKER)) return text;
  return MARKER + JSON.stringify(text);
}

export function decodeText(stored: string): string {
  return stored.startsWith(MARKER) ? (JSON.parse(stored.slice(MARKER.length)) as string) : stored;
}

export function encodeTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [encodeText(key), encodeText(value)]));
}

export function decodeTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [decodeText(key), decodeText(value)]));
}
