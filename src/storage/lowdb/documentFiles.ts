import { createHash } from 'node:crypto';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { z } from 'zod';

/** What one document file holds. The id is kept inside because file names may be hashed. */
const documentFileSchema = z.strictObject({
  id: z.string(),
  version: z.number().int().positive(),
  value: z.unknown(),
  /** What `find` filters on; only documents that need finding have them. */
  tags: z.record(z.string(), z.string()).optional(),
});
export type DocumentFile = z.infer<typeof documentFileSchema>;

/** A document file that cannot be read as a document, e.g. after being edited by hand. */
export class CorruptDocumentError extends Error {
  override readonly name = 'CorruptDocumentError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `${file} is not a readable document (${reason}). ` +
        'Fix its JSON or restore it from a backup; deleting the file drops that one document.',
    );
  }
}

// Filename limit is 255 bytes; leave room for ".json" and the writer's ".<name>.tmp" temp file.
const MAX_ENCODED_LENGTH = 200;
const READABLE_PREFIX_LENGTH = 100;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * The file name for a document id: lower-case letters, digits, '-' and '_' are kept, everything else becomes
 * %XX (upper-case letters too, so ids differing only in case stay apart on case-insensitive disks).
 * Ids too long or unsafe to spell out get a readable prefix and a sha256 of the id.
 */
export function fileNameFor(id: string): string {
  const encoded = encodeId(id);
  const spelledOut = encoded !== undefined && encoded.length > 0 && encoded.length <= MAX_ENCODED_LENGTH;
  if (spelledOut && !WINDOWS_RESERVED.test(encoded)) return `${encoded}.json`;
  const hash = createHash('sha256').update(Buffer.from(id, 'utf16le')).digest('hex');
  const prefix = (encoded ?? '').slice(0, READABLE_PREFIX_LENGTH).replace(/%[0-9A-F]?$/, '');
  return `${prefix}~${hash}.json`;
}

/** Undefined for strings that are not valid UTF-16 (lone surrogates), which then go by hash alone. */
function encodeId(id: string): string | undefined {
  let encoded: string;
  try {
    encoded = encodeURIComponent(id);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
  return encoded.replace(/%[0-9A-F]{2}|[^a-z0-9_-]/g, (match) =>
    match.length === 3 ? match : `%${match.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Document files end in .json; the writer's temp files start with '.' and are never documents. */
export function isDocumentFileName(name: string): boolean {
  return name.endsWith('.json') && !name.startsWith('.');
}

export type DocumentDb = Low<DocumentFile | null>;

/**
 * Opens and reads one document file, kept as compact JSON (it is read by the bot, not by people; indenting
 * made every state write bigger). Writes go through lowdb's DataFile, i.e. steno, which writes
 * `.<name>.tmp` and renames it over the file: a crash mid-write leaves the previous version readable.
 * Files are written at checkpoints, from the journal, which is synced: a power cut loses nothing the journal holds.
 */
export async function readDocumentFile(file: string, expectedId?: string): Promise<DocumentDb> {
  const adapter = new DataFile<DocumentFile | null>(file, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) });
  const db: DocumentDb = new Low(adapter, null);
  try {
    await db.read();
  } catch (error) {
    if (error instanceof SyntaxError) throw new CorruptDocumentError(file, `invalid JSON: ${error.message}`);
    throw error;
  }
  if (db.data === null) return db;
  const parsed = documentFileSchema.safeParse(db.data);
  if (!parsed.success) throw new CorruptDocumentError(file, z.prettifyError(parsed.error).replaceAll('\n', ' '));
  const heldId = parsed.data.id;
  if ((expectedId !== undefined && heldId !== expectedId) || fileNameFor(heldId) !== path.basename(file)) {
    throw new CorruptDocumentError(file, `it holds document "${heldId}", which belongs in ${fileNameFor(heldId)}`);
  }
  db.data = parsed.data;
  return db;
}

/** A document db for `file` that holds nothing, whatever the file holds (deleting a corrupt document). */
export function emptyDocumentDb(file: string): DocumentDb {
  const adapter = new DataFile<DocumentFile | null>(file, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) });
  return new Low(adapter, null);
}

/** Writes a whole document file through lowdb (temporary file, then rename). */
export async function writeDocumentFile(file: string, data: DocumentFile): Promise<void> {
  const adapter = new DataFile<DocumentFile>(file, { parse: JSON.parse, stringify: (value) => JSON.stringify(value) });
  await new Low(adapter, data).write();
}

/** Writes a text file the way lowdb does (temporary file, then rename), for the store's own bookkeeping files. */
export async function writeTextFile(file: string, text: string): Promise<void> {
  const adapter = new DataFile<string>(file, { parse: (raw) => raw, stringify: (value) => value });
  await new Low(adapter, text).write();
}
