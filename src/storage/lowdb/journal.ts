import { open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** One line of the journal: a document's new version, or its deletion. */
export const journalEntry = z.union([
  z.strictObject({ c: z.string(), id: z.string(), v: z.number().int().positive(), value: z.unknown() }),
  z.strictObject({ c: z.string(), id: z.string(), deleted: z.literal(true) }),
]);
export type JournalEntry = z.infer<typeof journalEntry>;

/** A new version whose value the caller has already serialised; its line embeds that JSON as `value`. */
export interface SerialisedVersion {
  c: string;
  id: string;
  v: number;
  json: string;
}

const FILE = /^journal-(\d+)\.log$/;

interface Batch {
  lines: string[];
  written: ((generation: number) => void)[];
  done: Promise<void>;
}

/**
 * A write-ahead journal: each write is one appended line, far cheaper than creating and renaming a file,
 * and the documents' own files are brought up to date at checkpoints. A crash mid-append leaves a torn
 * last line, which replay skips, so the previous version stays readable. Lines are appended in order.
 */
export class Journal {
  private handle: FileHandle | undefined;
  private tail: Promise<void> = Promise.resolve();
  /** Lines waiting for the write under way to finish. */
  private batch: Batch | undefined;
  private written = 0;

  private constructor(
    private readonly folder: string,
    private generationNumber: number,
  ) {}

  /** Opens a fresh journal after the generations already on disk (which the caller replays first). */
  static async open(folder: string, after: number): Promise<Journal> {
    const journal = new Journal(folder, after + 1);
    journal.handle = await open(journal.fileOf(journal.generationNumber), 'a');
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
   * Appends one line. `written` runs as soon as the line is on disk and before any later rotation, with the
   * generation that holds it, so a checkpoint always knows every document its generation touched.
   * Lines that arrive while a write is under way go out together in the next write (in arrival order), so
   * busy turns share one system call instead of queueing one each.
   */
  append(entry: JournalEntry | SerialisedVersion, written: (generation: number) => void): Promise<void> {
    const batch = this.batch ?? this.startBatch();
    batch.lines.push(lineOf(entry));
    batch.written.push(written);
    return batch.done;
  }

  private startBatch(): Batch {
    const batch: Batch = { lines: [], written: [], done: Promise.resolve() };
    batch.done = this.tail.then(async () => {
      this.batch = undefined; // from here on, lines wait for the next write
      const text = batch.lines.join('');
      await this.handle!.write(text);
      this.written += Buffer.byteLength(text);
      for (const written of batch.written) written(this.generationNumber);
    });
    this.tail = batch.done.catch(() => undefined);
    this.batch = batch;
    return batch;
  }

  /** Starts the next generation; returns the one that was current, whose lines are all on disk. */
  async rotate(): Promise<number> {
    const previous = this.generationNumber;
    const next = await open(this.fileOf(previous + 1), 'a');
    const closing = this.tail.then(async () => {
      const old = this.handle!;
      this.handle = next;
      this.generationNumber = previous + 1;
      this.written = 0;
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

function lineOf(entry: JournalEntry | SerialisedVersion): string {
  if (!('json' in entry)) return `${JSON.stringify(entry)}\n`;
  return `{"c":${JSON.stringify(entry.c)},"id":${JSON.stringify(entry.id)},"v":${entry.v},"value":${entry.json}}\n`;
}

/** The journal generations on disk, oldest first, with their entries (a torn or invalid line ends a file). */
export async function readJournals(folder: string): Promise<{ generation: number; entries: JournalEntry[] }[]> {
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
      entries: parseLines(await readFile(path.join(folder, `journal-${generation}.log`), 'utf8')),
    })),
  );
}

function parseLines(text: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const parsed = journalEntry.safeParse(JSON.parse(line));
      if (!parsed.success) break;
      entries.push(parsed.data);
    } catch {
      break; // a torn last line: everything before it was complete
    }
  }
  return entries;
}
