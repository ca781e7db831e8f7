/**
 * The RUN analysis's results kept on disk for the next run of the command line (behind the
 * in-memory EffectsMemo of index.ts, with the same keys and entries).
 *
 * Why: a one-file run spends most of its time on the RUN analysis in code that has not run yet,
 * and when a script needs tree-sitter, on loading its WebAssembly (docker-library's postgres 17
 * Dockerfile: about half of the run). Between two runs on the same Dockerfile (an editor's
 * on-save check, a pre-commit hook, a re-run after fixing one line) the RUN scripts rarely change,
 * and an analysis depends only on the script, the directory, the home and the variables it reads
 * (index.ts), so its result is kept by exactly that.
 *
 * Where: in a folder of the user's cache directory that src/launch.ts checked to be the user's own
 * (the code cache's, `VOLINT_COMPILE_CACHE`, `0` turns both off), named by the content hash of the
 * running bundle and the size and time of tree-sitter's grammar file: another build of volint, or
 * another tree-sitter, starts an empty folder and the other folders are removed. One file per
 * script (its name a hash of the key; the file holds the whole key, checked on reading). The
 * folder is listed once, at the first look-up, so a script with no file costs no file-system call.
 * A run writes at exit at most MAX_WRITES new files, and the folder keeps at most MAX_FILES (the
 * oldest go). Any failure to read or write only costs the analysis it would have saved: a file that
 * cannot be read or parsed, or does not hold the key, is not used.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ShellEffect } from '../shell-types.js';
import { fnvKey } from '../../util/fnv.js';
import { LANGUAGE_FILE, wasmDirectory } from './wasm-modules.js';

/** One kept analysis: the variables it read with their values, and its effects. */
export interface StoredAnalysis {
  lookups: Array<[name: string, value: string | undefined]>;
  effects: readonly ShellEffect[];
}

export interface EffectsStore {
  /** The analyses kept for `key`, or undefined. */
  get(key: string): StoredAnalysis[] | undefined;
  /** Keeps `analyses` for `key` (written later: see flush). */
  put(key: string, analyses: readonly StoredAnalysis[]): void;
}

const FORMAT = 1;
const PREFIX = 'run-effects-';
/** New files one run writes at most (a run over a large tree does not fill the folder). */
const MAX_WRITES = 64;
/** Files the folder keeps at most. */
const MAX_FILES = 2000;

/** A file's content: the whole key, and each analysis (lookups with `null` for an unset variable). */
interface StoredFile {
  format: number;
  key: string;
  analyses: Array<{ lookups: Array<[string, string | null]>; effects: ShellEffect[] }>;
}

export class DiskEffectsStore implements EffectsStore {
  private present: Set<string> | undefined;
  private readonly pending = new Map<string, readonly StoredAnalysis[]>();

  /** `folder`: this build's folder (see effectsFolder). */
  constructor(
    readonly folder: string,
    private readonly limits: { writes: number; files: number } = { writes: MAX_WRITES, files: MAX_FILES },
  ) {}

  private static fileName(key: string): string {
    return `${fnvKey(key)}-${key.length.toString(36)}.json`;
  }

  get(key: string): StoredAnalysis[] | undefined {
    if (!this.present) {
      try {
        this.present = new Set(readdirSync(this.folder));
      } catch {
        this.present = new Set();
      }
    }
    const name = DiskEffectsStore.fileName(key);
    if (!this.present.has(name)) return undefined;
    try {
      const stored = JSON.parse(readFileSync(join(this.folder, name), 'utf8')) as StoredFile;
      if (stored.format !== FORMAT || stored.key !== key || !Array.isArray(stored.analyses)) return undefined;
      return stored.analyses.map((a) => {
        if (!Array.isArray(a.lookups) || !Array.isArray(a.effects)) throw new Error('not an analysis');
        return { lookups: a.lookups.map(([n, v]) => [n, v ?? undefined]), effects: a.effects };
      });
    } catch {
      return undefined;
    }
  }

  put(key: string, analyses: readonly StoredAnalysis[]): void {
    if (this.pending.has(key) || this.pending.size < this.limits.writes) this.pending.set(key, analyses);
  }

  /** Writes what `put` was given (each file whole, by renaming), then trims the folder. */
  flush(): void {
    if (this.pending.size === 0) return;
    try {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      removeOtherFolders(this.folder);
      for (const [key, analyses] of this.pending) {
        const stored: StoredFile = {
          format: FORMAT,
          key,
          analyses: analyses.map((a) => ({ lookups: a.lookups.map(([n, v]) => [n, v ?? null]), effects: [...a.effects] })),
        };
        const file = join(this.folder, DiskEffectsStore.fileName(key));
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(stored));
        renameSync(temporary, file);
      }
      this.pending.clear();
      this.trim();
    } catch {
      // A read-only or full disk: the next run analyses again.
    }
  }

  /** Removes the oldest files beyond the limit. */
  private trim(): void {
    const names = readdirSync(this.folder).filter((n) => n.endsWith('.json'));
    if (names.length <= this.limits.files) return;
    const dated = names.map((n) => {
      try {
        return { n, t: statSync(join(this.folder, n)).mtimeMs };
      } catch {
        return { n, t: 0 };
      }
    });
    dated.sort((a, b) => a.t - b.t);
    for (const { n } of dated.slice(0, names.length - this.limits.files)) {
      try {
        unlinkSync(join(this.folder, n));
      } catch {
        // Removed meanwhile by another run.
      }
    }
  }
}

/**
 * Folders of other builds (or another tree-sitter) of the same checkout beside `folder` are of no
 * further use; those of other checkouts are theirs.
 */
function removeOtherFolders(folder: string): void {
  const name = basename(folder);
  // Only folders named by effectsFolder: `run-effects-<location>-<build>`.
  const checkout = /^run-effects-[0-9a-f]+-/.exec(name)?.[0];
  if (!checkout) return;
  const parent = dirname(folder);
  for (const entry of readdirSync(parent)) {
    if (entry.startsWith(checkout) && entry !== name) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

/**
 * This build's folder in the cache directory: named by the checkout (`location`, as the code
 * cache's files are), the bundle's identity (`build`) and the size and modification time of
 * tree-sitter's grammar (`grammar`, a path), which the trees behind the analysis come from. Null
 * when the grammar cannot be found.
 */
export function effectsFolder(cache: { dir: string; location: string; build: string }, grammar: string): string | null {
  try {
    const info = statSync(grammar);
    return join(cache.dir, `${PREFIX}${cache.location}-${fnvKey(`${cache.build}\0${info.size}\0${info.mtimeMs}`)}`);
  } catch {
    return null;
  }
}

/**
 * The store of a run that src/launch.ts started with caching on (`cache`), written at the
 * process's exit; null without one, or when tree-sitter's grammar cannot be found.
 */
export function openEffectsStore(cache: { dir: string; location: string; build: string } | undefined): DiskEffectsStore | null {
  if (!cache) return null;
  const folder = effectsFolder(cache, join(wasmDirectory(), LANGUAGE_FILE));
  if (!folder) return null;
  const store = new DiskEffectsStore(folder);
  process.once('exit', () => store.flush());
  return store;
}
