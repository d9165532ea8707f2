import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadQuestionSet, type DevSet } from './eval-dev';

/** Patterns are regular expressions, checked case-insensitively; a bad one fails at load, naming the file. */
const pattern = z.string().min(1).refine((source) => {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const accountCase = z.strictObject({
  user: z.string().min(1),
  q: z.string().min(1),
  expect: z.array(pattern).min(1),
  /** Wrong for this question though not a leak (a [Confirm] button where the action isn't allowed). */
  not: z.array(pattern).optional(),
  /** Leaks for this question besides the user's own list (someone else's name in a refused answer). */
  leak: z.array(pattern).optional(),
});

const accountSet = z.strictObject({
  about: z.string(),
  /** Per user, what their role or tenant may never see: any of it in a reply is a leak. */
  users: z.record(z.string(), z.strictObject({ role: z.string(), leak: z.array(pattern) })),
  cases: z.array(accountCase).min(1),
});

export type AccountCase = z.infer<typeof accountCase>;
export type AccountSet = z.infer<typeof accountSet>;

/** The lowest share of a set's questions that may pass before CI fails; `in`/`out` split knowledge sets. */
const floor = z.union([z.number().min(0).max(1), z.strictObject({ in: z.number().min(0).max(1), out: z.number().min(0).max(1) })]);
const floors = z.record(z.string(), floor);
export type Floor = z.infer<typeof floor>;

export type QuestionSet =
  | { name: string; kind: 'knowledge'; set: DevSet; untouched: boolean }
  | { name: string; kind: 'account'; set: AccountSet; untouched: boolean };

/** Every question set: the development set, bench/questions/ (knowledge) and eval/ (knowledge-*, accounts-*; *-untouched and *-holdout* are never tuned on). */
export function loadQuestionSets(root: string): QuestionSet[] {
  const sets: QuestionSet[] = [{ name: 'development', kind: 'knowledge', set: loadQuestionSet(join(root, 'test', 'e2e', 'qa-dev.json')), untouched: false }];
  for (const [folder, file] of jsonFiles(join(root, 'bench', 'questions'))) {
    sets.push({ name: file, kind: 'knowledge', set: loadQuestionSet(join(folder, `${file}.json`)), untouched: false });
  }
  for (const [folder, file] of jsonFiles(join(root, 'eval'))) {
    if (file === 'floors') continue;
    // Never tuned on: they predict how questions nobody has seen will fare.
    const untouched = /-(untouched|holdout\d*)$/.test(file);
    const path = join(folder, `${file}.json`);
    if (file.startsWith('accounts-')) sets.push({ name: file, kind: 'account', set: loadAccountSet(path), untouched });
    else sets.push({ name: file, kind: 'knowledge', set: loadQuestionSet(path), untouched });
  }
  return sets;
}

export function loadAccountSet(file: string): AccountSet {
  const parsed = accountSet.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  const unknown = parsed.data.cases.filter((c) => !(c.user in parsed.data.users)).map((c) => c.user);
  if (unknown.length > 0) throw new Error(`${file}: cases name users missing from "users": ${[...new Set(unknown)].join(', ')}`);
  return parsed.data;
}

/** eval/floors.json: set name → floor. A set without one has no gate (reported only). */
export function loadFloors(root: string): Record<string, Floor> {
  const file = join(root, 'eval', 'floors.json');
  const parsed = floors.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function jsonFiles(folder: string): [string, string][] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [folder, name.replace(/\.json$/, '')]);
}
