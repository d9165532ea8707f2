import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Collection, Tags } from '../ports';
import { tagsMatch } from '../ports';
import { writeTextFile } from './documentFiles';

const snapshot = z.record(z.string(), z.record(z.string(), z.string()));

/**
 * The tags of every tagged document, by collection, held in memory so `find` never scans a folder. Saved to
 * `<dataDir>/.tags/<collection>.json` at checkpoints; what the journal adds after a save is replayed on open.
 */
export class TagIndex {
  private readonly byCollection = new Map<string, Map<string, Tags>>();
  private readonly changed = new Set<string>();

  private constructor(private readonly folder: string) {}

  static async load(dataDir: string): Promise<TagIndex> {
    const index = new TagIndex(path.join(dataDir, '.tags'));
    let names: string[] = [];
    try {
      names = await readdir(index.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const name of names.filter((file) => file.endsWith('.json') && !file.startsWith('.'))) {
      const parsed = snapshot.safeParse(JSON.parse(await readFile(path.join(index.folder, name), 'utf8')));
      if (!parsed.success) throw new Error(`${path.join(index.folder, name)} is not a tag index: delete the .tags folder and the journal is replayed into a new one.`);
      index.byCollection.set(name.slice(0, -'.json'.length), new Map(Object.entries(parsed.data)));
    }
    return index;
  }

  set(collection: Collection | string, id: string, tags: Tags | undefined): void {
    let documents = this.byCollection.get(collection);
    const has = tags !== undefined && Object.keys(tags).length > 0;
    if (!documents) {
      if (!has) return;
      documents = new Map();
      this.byCollection.set(collection, documents);
    }
    if (has) documents.set(id, { ...tags });
    else if (!documents.delete(id)) return;
    this.changed.add(collection);
  }

  /** Ids of the documents whose tags hold every pair of `where`, in id order. */
  matching(collection: Collection, where: Tags): string[] {
    const documents = this.byCollection.get(collection);
    if (!documents) return [];
    return [...documents].filter(([, tags]) => tagsMatch(tags, where)).map(([id]) => id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Writes the collections changed since the last save. */
  async save(): Promise<void> {
    if (this.changed.size === 0) return;
    await mkdir(this.folder, { recursive: true });
    for (const collection of [...this.changed]) {
      this.changed.delete(collection);
      const documents = this.byCollection.get(collection) ?? new Map();
      await writeTextFile(path.join(this.folder, `${collection}.json`), JSON.stringify(Object.fromEntries(documents)));
    }
  }
}
