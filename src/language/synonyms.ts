import { phraseKey } from './phrases';
import { cachedStem, words } from './tokenizer';

/** Term -> the index keys of its synonyms (single terms or phrases). */
export type SynonymTable = ReadonlyMap<string, readonly string[]>;

/**
 * Stems each group's members; a multi-word member becomes a phrase key, matched only as a
 * phrase. Stop words count here, so "owns" (stem "own") can find "belongs".
 */
export function synonymTable(groups: ReadonlyArray<ReadonlyArray<string>>): SynonymTable {
  const table = new Map<string, string[]>();
  for (const group of groups) {
    const keys = group.map(memberKey).filter((key): key is string => key !== undefined);
    for (const key of keys) {
      if (key.includes(' ')) continue;
      const others = keys.filter((other) => other !== key);
      table.set(key, [...(table.get(key) ?? []), ...others]);
    }
  }
  return table;
}

function memberKey(member: string): string | undefined {
  const [first, second, ...rest] = words(member).map(({ word }) => cachedStem(word));
  if (first === undefined || rest.length > 0) return undefined;
  return second === undefined ? first : phraseKey(first, second);
}
