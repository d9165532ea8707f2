/**
 * The least an incoming activity needs before it is handed to the adapter, and every field that reaches a
 * log line (type, channelId, conversation.id, locale) in a shape safe to log; the rest is the adapter's
 * business. Written out by hand rather than as a schema: it runs on every request, and a schema library's
 * general machinery cost 50-70 µs a request inside the server (a few per cent of a knowledge turn), this 9-11 µs.
 */

/** No control characters (they would forge log lines or terminal output). */
const CONTROL = /\p{Cc}/u;
const TYPE = /^[A-Za-z]{1,64}$/;
const CHANNEL_ID = /^[A-Za-z0-9._-]{1,64}$/;
const LOCALE = /^[A-Za-z0-9_-]{0,35}$/;
const HTTP_URL = /^https?:$/;
const MAX_ID = 1024;
const MAX_NAME = 1024;
const MAX_SERVICE_URL = 2048;

type Problem = [path: string, message: string];

export function describeInvalidActivity(body: unknown): string | undefined {
  if (!isRecord(body)) return 'the body must be a JSON object (an activity)';
  const problems: Problem[] = [];
  matching(problems, 'type', body.type, TYPE, 'must be an activity type such as "message"');
  if (body.id !== undefined) identifier(problems, 'id', body.id);
  matching(problems, 'channelId', body.channelId, CHANNEL_ID, 'must be a channel id such as "msteams" or "emulator"');
  serviceUrl(problems, body.serviceUrl);
  account(problems, 'conversation', body.conversation);
  if (body.from !== undefined) account(problems, 'from', body.from);
  if (body.recipient !== undefined) account(problems, 'recipient', body.recipient);
  if (body.locale !== undefined) matching(problems, 'locale', body.locale, LOCALE, 'must be a language tag such as "en-US"');
  if (body.text !== undefined && typeof body.text !== 'string') problems.push(['text', 'must be a string']);
  if (problems.length === 0 && body.type === 'message' && body.from === undefined) problems.push(['from', 'a message activity needs "from"']);
  return problems.length === 0 ? undefined : problems.map(([path, message]) => `${message} (at ${path})`).join('; ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the value is a string; a problem is noted when it is missing or something else. */
function isString(problems: Problem[], path: string, value: unknown): value is string {
  if (typeof value === 'string') return true;
  problems.push([path, value === undefined ? 'is required' : 'must be a string']);
  return false;
}

function matching(problems: Problem[], path: string, value: unknown, pattern: RegExp, message: string): void {
  if (isString(problems, path, value) && !pattern.test(value)) problems.push([path, message]);
}

function identifier(problems: Problem[], path: string, value: unknown): void {
  if (!isString(problems, path, value)) return;
  if (value.length === 0 || value.length > MAX_ID) problems.push([path, `must be 1 to ${MAX_ID} characters`]);
  else if (CONTROL.test(value)) problems.push([path, 'must not contain control characters']);
}

function account(problems: Problem[], path: string, value: unknown): void {
  if (!isRecord(value)) {
    problems.push([path, value === undefined ? 'is required' : 'must be an object with an "id"']);
    return;
  }
  identifier(problems, `${path}.id`, value.id);
  const name = value.name;
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NAME)) problems.push([`${path}.name`, `must be a string of at most ${MAX_NAME} characters`]);
}

function serviceUrl(problems: Problem[], value: unknown): void {
  if (!isString(problems, 'serviceUrl', value)) return;
  if (value.length > MAX_SERVICE_URL) problems.push(['serviceUrl', `must be at most ${MAX_SERVICE_URL} characters`]);
  else if (!HTTP_URL.test(protocolOf(value))) problems.push(['serviceUrl', 'must be an http or https URL']);
}

function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}
