import { open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StorageUnavailableError } from '../ports';
import type { SerialisedRecord } from './logFiles';

const tags = z.record(z.string(), z.string());

/** One change in the journal: a document's new version (with its tags, if any), or its deletion. */
export const journalEntry = z.union([
  z.strictObject({ c: z.string(), id: z.string(), v: z.number().int().positive(), value: z.unknown(), t: tags.optional() }),
  z.strictObject({ c: z.string(), id: z.string(), deleted: z.literal(true) }),
]);
export type JournalEntry = z.infer<typeof journalEntry>;

/** A record appended to a log, in the same line as the commit's document changes. */
export const journalRecord = z.strictObject({ log: z.string(), day: z.string(), id: z.string(), value: z.unknown() });
export type JournalRecord = z.infer<typeof journalRecord>;

/** One line: the changes of one commit, applied together on replay or not at all. */
const journalLine = z.strictObject({ tx: z.array(z.union([journalEntry, journalRecord])).min(1) });

/** What one journal line holds, split into document changes and log records. */
export interface JournalCommit {
  entries: JournalEntry[];
  records: JournalRecord[];
}

/** A new version whose value the caller has already serialised; its line embeds that JSON as `value`. */
export interface SerialisedVersion {
  c: string;
  id: string;
  v: number;
  json: string;
  t?: Readonly<Record<string, string>>;
}

export type Appended = JournalEntry | SerialisedVersion | SerialisedRecord;

const FILE = /^journal-(\d+)\.log$/;

interface Batch {
  lines: string[];
  written: ((generation: number) => void)[];
  done: Promise<void>;
}

/** Where the journal's bytes go; a test can hand in one that fails like a full disk. */
export interface JournalFile {
  write(text: string): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export type OpenJournalFile = (file: string) => Promise<JournalFile>;

const openForAppend: OpenJournalFile = async (file) => {
  const handle: FileHandle = await open(file, 'a');
  return {
    write: (text) => handle.write(text),
    datasync: () => handle.datasync(),
    truncate: (length) => handle.truncate(length),
    close: () => handle.close(),
  };
};

/**
 * A write-ahead journal: each commit is one appended line, synced to disk before it is acknowledged, and
 * the documents' own files are brought up to date at checkpoints. A line that could not be written whole
 * (a full disk, an I/O error) is cut off again and its commit fails, so the file holds only whole lines;
 * should even that fail, the next write starts on a new line, and replay skips any line that is not whole.
 */
export class Journal {
  private handle: JournalFile | undefined;
  private tail: Promise<void> = Promise.resolve();
  /** Lines waiting for the write under way to finish. */
  private batch: Batch | undefined;
  private written = 0;
  /** A failed write may have left bytes that could not be cut off: the next write begins with a line break. */
  private dirtyTail = false;

  private constructor(
    private readonly folder: string,
    private generationNumber: number,
    private readonly openFile: OpenJournalFile,
  ) {}

  /** Opens a fresh journal after the generations already on disk (which the caller replays first). */
  static async open(folder: string, after: number, openFile: OpenJournalFile = openForAppend): Promise<Journal> {
    const journal = new Journal(folder, after + 1, openFile);
    journal.handle = await openFile(journal.fileOf(journal.generationNumber));
    return journal;
  }

  get generation(): number {
    return this.generationNumber;
  }

  /** Bytes appended to the current generation. */
  get size(): number {
    return this.written;
  }

  /**
   * Appends the changes of one commit as one line. `written` runs as soon as the line is on disk and before
   * any later rotation, with the generation that holds it, so a checkpoint knows every document its
   * generation touched. Lines that arrive while a write is under way go out together in the next write
   * (in arrival order) and share its sync.
   */
  append(entries: readonly Appended[], written: (generation: number) => void): Promise<void> {
    const batch = this.batch ?? this.startBatch();
    batch.lines.push(lineOf(entries));
    batch.written.push(written);
    return batch.done;
  }

  private startBatch(): Batch {
    const batch: Batch = { lines: [], written: [], done: Promise.resolve() };
    batch.done = this.tail.then(async () => {
      this.batch = undefined; // from here on, lines wait for the next write
      const text = (this.dirtyTail ? '\n' : '') + batch.lines.join('');
      await this.writeWhole(text);
      for (const written of batch.written) written(this.generationNumber);
    });
    this.tail = batch.done.catch(() => undefined);
    this.batch = batch;
    return batch;
  }

  private async writeWhole(text: string): Promise<void> {
    const handle = this.handle!;
    const bytes = Buffer.byteLength(text);
    try {
      const { bytesWritten } = await handle.write(text);
      if (bytesWritten !== bytes) throw new Error(`only ${bytesWritten} of ${bytes} bytes were written`);
      await handle.datasync();
    } catch (error) {
      await handle.truncate(this.written).then(
        () => (this.dirtyTail = false),
        () => (this.dirtyTail = true),
      );
      throw new StorageUnavailableError(`The journal in ${this.folder} could not be written (${(error as Error).message}): free disk space and retry.`, error);
    }
    this.written += bytes;
    this.dirtyTail = false;
  }

  /** Starts the next generation; returns the one that was current, whose lines are all on disk. */
  async rotate(): Promise<number> {
    const previous = this.generationNumber;
    const next = await this.openFile(this.fileOf(previous + 1));
    const closing = this.tail.then(async () => {
      const old = this.handle!;
      this.handle = next;
      this.generationNumber = previous + 1;
      this.written = 0;
      this.dirtyTail = false;
      await old.close();
    });
    this.tail = closing.catch(() => undefined);
    await closing;
    return previous;
  }

  async remove(generation: number): Promise<void> {
    await rm(this.fileOf(generation), { force: true });
  }

  async close(): Promise<void> {
    await this.tail;
    await this.handle?.close();
    this.handle = undefined;
  }

  private fileOf(generation: number): string {
    return path.join(this.folder, `journal-${generation}.log`);
  }
}

function lineOf(entries: readonly Appended[]): string {
  return `{"tx":[${entries.map(entryJson).join(',')}]}\n`;
}

function entryJson(entry: Appended): string {
  if (!('json' in entry)) return JSON.stringify(entry);
  if ('log' in entry) return `{"log":${JSON.stringify(entry.log)},"day":${JSON.stringify(entry.day)},"id":${JSON.stringify(entry.id)},"value":${entry.json}}`;
  const tagsJson = entry.t && Object.keys(entry.t).length > 0 ? `,"t":${JSON.stringify(entry.t)}` : '';
  return `{"c":${JSON.stringify(entry.c)},"id":${JSON.stringify(entry.id)},"v":${entry.v},"value":${entry.json}${tagsJson}}`;
}

/** The journal generations on disk, oldest first, with their commits (lines that are not whole are skipped). */
export async function readJournals(folder: string): Promise<{ generation: number; commits: JournalCommit[] }[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const generations = names
    .map((name) => Number(FILE.exec(name)?.[1] ?? Number.NaN))
    .filter((generation) => Number.isInteger(generation))
    .sort((a, b) => a - b);
  return Promise.all(
    generations.map(async (generation) => ({
      generation,
      commits: parseLines(await readFile(path.join(folder, `journal-${generation}.log`), 'utf8')),
    })),
  );
}

function parseLines(text: string): JournalCommit[] {
  const commits: JournalCommit[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parsed = journalLine.safeParse(parseJson(line));
    // A torn line (a crash or a full disk mid-write) was never acknowledged: skip it, keep the rest.
    if (parsed.success) commits.push(splitCommit(parsed.data.tx));
  }
  return commits;
}

function splitCommit(tx: (JournalEntry | JournalRecord)[]): JournalCommit {
  const commit: JournalCommit = { entries: [], records: [] };
  for (const item of tx) {
    if ('log' in item) commit.records.push(item);
    else commit.entries.push(item);
  }
  return commit;
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
