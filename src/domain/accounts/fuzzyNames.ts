import Fuse from 'fuse.js';
import { words } from './text';

/** A name the viewer has (a product, short name, alias or team) and what it stands for. */
export interface NamedThing<T> {
  name: string;
  thing: T;
}

/** Fuse scores run 0 (exact) to 1; past this, "renew" would start to look like "Revit". */
const MAX_SCORE = 0.2;
/** Shorter fragments match too much by chance. */
const MIN_LENGTH = 5;

/**
 * The viewer's own names a message spells loosely ("feild ops", "civl 3d", "autocadd"), by fuse.js over
 * the message's runs of one to three words. The candidate list is the viewer's few names, where
 * fuzzy matching is fast and right; exact and one-typo matches are found before this is asked.
 */
export function fuzzyNames<T>(text: string, names: readonly NamedThing<T>[], ignore: ReadonlySet<string>): T[] {
  if (names.length === 0) return [];
  const fuse = new Fuse(names, { keys: ['name'], includeScore: true, threshold: MAX_SCORE, ignoreLocation: true, isCaseSensitive: false });
  const typed = words(text);
  const found: T[] = [];
  for (let size = 3; size >= 1; size--) {
    for (let start = 0; start + size <= typed.length; start++) {
      const run = typed.slice(start, start + size);
      if (run.every((word) => ignore.has(word))) continue;
      const phrase = run.join(' ');
      if (phrase.length < MIN_LENGTH) continue;
      const [best] = fuse.search(phrase);
      if (best && (best.score ?? 1) <= MAX_SCORE && Math.abs(best.item.name.length - phrase.length) <= 3 && !found.includes(best.item.thing)) found.push(best.item.thing);
    }
    if (found.length > 0) return found;
  }
  return found;
}
