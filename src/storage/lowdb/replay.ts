import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileNameFor, readDocumentFile, writeDocumentFile } from './documentFiles';
import type { JournalCommit, JournalEntry } from './journal';
import { appendReplayedRecords } from './logFiles';
import type { TagIndex } from './tagIndex';

/**
 * Brings documents' files (and the tag index) and the logs' day files up to date with the commits of a run
 * that stopped before its checkpoint.
 */
export async function replay(root: string, commits: JournalCommit[], tags: TagIndex): Promise<void> {
  const latest = new Map<string, JournalEntry>();
  for (const entry of commits.flatMap((commit) => commit.entries)) latest.set(`${entry.c}/${entry.id}`, entry);
  for (const entry of latest.values()) {
    const file = path.join(root, entry.c, fileNameFor(entry.id));
    if ('deleted' in entry) {
      await rm(file, { force: true });
      tags.set(entry.c, entry.id, undefined);
      continue;
    }
    await mkdir(path.dirname(file), { recursive: true });
    // A file the journal already supersedes may be torn or corrupt: it is replaced either way.
    const onDisk = await readDocumentFile(file, entry.id).then((db) => db.data?.version ?? 0, () => 0);
    if (onDisk > entry.v) continue;
    await writeDocumentFile(file, { id: entry.id, version: entry.v, value: entry.value, ...(entry.t ? { tags: entry.t } : {}) });
    tags.set(entry.c, entry.id, entry.t);
  }
  const records = commits.flatMap((commit) => commit.records);
  await appendReplayedRecords(root, records.map((record) => ({ log: record.log, day: record.day, id: record.id, json: JSON.stringify(record.value) })));
}
