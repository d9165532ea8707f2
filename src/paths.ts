import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json: content (knowledge/, cards/, fixtures/) is read relative to it, from source or from dist/. */
export function projectRoot(start: string = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}: run the bot from inside the project.`);
    dir = parent;
  }
  return dir;
}
