import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { KeyedMutex } from '../../keyedMutex';
import { isLogDay, type LogName, type LogRecord, type Logs } from '../ports';

/** A record whose value the caller has already serialised, as the journal and the day files hold it. */
export interface SerialisedRecord {
  log: string;
  day: string;
  id: string;
  json: string;
}

interface Pending extends SerialisedRecord {
  /** The journal generation whose line holds the record. */
  generation: number;
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * The embedded store's append-only logs: `<dataDir>/logs/<log>/<day>.jsonl`, one record per line. A commit's
 * records travel in its journal line; a checkpoint appends them to their day's file (synced) before that
 * journal generation is removed, and until then reads find them here in memory. A crash between the two
 * appends a record twice at worst, and reads keep one line per id, so every acknowledged record is read once.
 */
export class LogFiles implements Logs {
  private readonly pending = new Map<string, Pending[]>();
  private readonly locks = new KeyedMutex();

  constructor(private readonly root: string) {}

  /** The commit holding `records` is on disk in journal generation `generation`. */
  add(records: readonly SerialisedRecord[], generation: number): void {
    for (const record of records) {
      const key = dayKey(record.log, record.day);
      const day = this.pending.get(key);
      if (day) day.push({ ...record, generation });
      else this.pending.set(key, [{ ...record, generation }]);
    }
  }

  read<T>(log: LogName, day: string): Promise<T[]> {
    const key = dayKey(log, day);
    return this.locks.run(key, async () => {
      const byId = new Map<string, string>();
      for (const line of await readLines(this.fileOf(log, day))) {
        const record = parseLine(line);
        if (record && !byId.has(record.id)) byId.set(record.id, record.json);
      }
      for (const record of this.pending.get(key) ?? []) if (!byId.has(record.id)) byId.set(record.id, record.json);
      return [...byId].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, json]) => JSON.parse(json) as T);
    });
  }

  async purge(log: LogName, before: string): Promise<number> {
    const days = new Set([...(await dayFiles(this.folderOf(log))), ...[...this.pending.keys()].filter((key) => key.startsWith(`${log}/`)).map((key) => key.slice(log.length + 1))]);
    let removed = 0;
    for (const day of [...days].filter((candidate) => candidate < before)) {
      removed += (await this.read(log, day)).length;
      await this.locks.run(dayKey(log, day), async () => {
        this.pending.delete(dayKey(log, day));
        await rm(this.fileOf(log, day), { force: true });
      });
    }
    return removed;
  }

  /** Appends to their day files every record of generations up to `generation`, synced, and forgets them here. */
  async checkpoint(generation: number): Promise<void> {
    for (const [key, records] of [...this.pending]) {
      const due = records.filter((record) => record.generation <= generation);
      if (due.length === 0) continue;
      await this.locks.run(key, async () => {
        const [first] = due;
        await appendLines(this.fileOf(first!.log, first!.day), due);
        const left = (this.pending.get(key) ?? []).filter((record) => record.generation > generation);
        if (left.length > 0) this.pending.set(key, left);
        else this.pending.delete(key);
      });
    }
  }

  private folderOf(log: string): string {
    return path.join(this.root, 'logs', log);
  }

  private fileOf(log: string, day: string): string {
    if (!isLogDay(log, day)) throw new TypeError(`Not a log day: ${log}/${day}.`);
    return path.join(this.folderOf(log), `${day}.jsonl`);
  }
}

/** Replay: the records of journal lines a previous run wrote but did not checkpoint go to their day files. */
export async function appendReplayedRecords(root: string, records: readonly SerialisedRecord[]): Promise<void> {
  const files = new LogFiles(root);
  files.add(records, 0);
  await files.checkpoint(0);
}

/** The record as a journal entry's fields: `value` is the record's own JSON, embedded as it is. */
export function serialisedRecord(record: LogRecord, json: string): SerialisedRecord {
  return { log: record.log, day: record.day, id: record.id, json };
}

function dayKey(log: string, day: string): string {
  return `${log}/${day}`;
}

function lineOf(record: SerialisedRecord): string {
  return `{"id":${JSON.stringify(record.id)},"value":${record.json}}\n`;
}

function parseLine(line: string): { id: string; json: string } | undefined {
  try {
    const parsed = JSON.parse(line) as { id?: unknown; value?: unknown };
    return typeof parsed.id === 'string' && parsed.value !== undefined ? { id: parsed.id, json: JSON.stringify(parsed.value) } : undefined;
  } catch {
    return undefined; // a line torn by a crash: its record is still in the journal, which appends it again
  }
}

/**
 * Appends whole lines and syncs them. A file that ends mid-line (a crash during an earlier append) gets a line
 * break first, so the torn line cannot swallow the first new one.
 */
async function appendLines(file: string, records: readonly SerialisedRecord[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.write(prefix + records.map(lineOf).join(''));
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function readLines(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function dayFiles(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).map((name) => DAY_FILE.exec(name)?.[1]).filter((day): day is string => day !== undefined);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
