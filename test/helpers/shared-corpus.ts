/**
 * The shared corpus of real Dockerfiles (`../shared/corpus` from the project, README there), which
 * the tests and the benchmark read in place when it is present (it is never copied into the
 * project). `VOLINT_SHARED_CORPUS` names another folder; otherwise the first `shared/corpus` found
 * beside the project or one of its parent folders (a git worktree may sit deeper than a clone).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { REPO } from './cli.js';

/** The corpus folder (holding `files/`), or null when there is none. */
export function sharedCorpusDir(): string | null {
  const named = process.env.VOLINT_SHARED_CORPUS;
  if (named) return existsSync(join(named, 'files')) ? resolve(named) : null;
  for (let dir = REPO; ; dir = dirname(dir)) {
    const candidate = join(dirname(dir), 'shared', 'corpus');
    if (existsSync(join(candidate, 'files'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** The corpus's Dockerfiles (absolute paths, sorted), or null when the corpus is not there. */
export function sharedCorpusFiles(): string[] | null {
  const dir = sharedCorpusDir();
  if (!dir) return null;
  return readdirSync(join(dir, 'files')).sort().map((name) => join(dir, 'files', name));
}
