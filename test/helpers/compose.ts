/**
 * Linting a Compose project held in memory: file names relative to a virtual project directory,
 * read through the same ComposeIO interface the CLI gives the disk. For unit tests and fixtures.
 */
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import type { ComposeIO } from '../../src/compose/model.js';
import type { ComposeService } from '../../src/compose/types.js';
import { lintComposeText, type ComposeLintResult } from '../../src/engine/compose-linter.js';
import type { LintSettings } from '../../src/engine/linter.js';
import { defaultSettings } from './lint.js';

export const PROJECT_DIR = '/project';

export function memoryIO(files: Readonly<Record<string, string>>, root = PROJECT_DIR): ComposeIO {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [posix.resolve(root, name), text]));
  return {
    async readText(path) {
      const text = byPath.get(path);
      if (text === undefined) throw new Error('no such file or directory');
      return text;
    },
    async isFile(path) {
      return byPath.has(path);
    },
    async exists(path) {
      // A file, or a directory that holds one (a bind source `./data` with `data/.keep`).
      return byPath.has(path) || [...byPath.keys()].some((file) => file.startsWith(`${path}/`));
    },
    async list(path) {
      const entries = new Map<string, boolean>();
      for (const file of byPath.keys()) {
        if (!file.startsWith(`${path}/`)) continue;
        const rest = file.slice(path.length + 1).split('/');
        entries.set(rest[0]!, rest.length > 1 || entries.get(rest[0]!) === true);
      }
      if (entries.size === 0) throw new Error('not a directory');
      return [...entries].map(([name, directory]) => ({ name, directory })).sort((a, b) => (a.name < b.name ? -1 : 1));
    },
  };
}

export interface ComposeProjectOptions {
  /** The compose file linted (default compose.yaml). */
  main?: string;
  environment?: Record<string, string>;
  settings?: Partial<LintSettings>;
  overrides?: boolean;
  /** Files merged after `main`, in order (`-f main -f …`), relative to the project directory. */
  moreFiles?: string[];
  /** `--env-file`s, relative to the project directory. */
  envFiles?: string[];
  projectName?: string;
}

/** Lints `files[main]` as a compose project whose other files are `files`; display paths are relative to the project. */
export function lintComposeProject(files: Readonly<Record<string, string>>, options: ComposeProjectOptions = {}): Promise<ComposeLintResult> {
  const main = options.main ?? 'compose.yaml';
  const text = files[main];
  if (text === undefined) throw new Error(`no ${main} in the project`);
  return lintComposeText(
    {
      text,
      file: main,
      absolutePath: posix.resolve(PROJECT_DIR, main),
      io: memoryIO(files),
      displayPath: (abs) => posix.relative(PROJECT_DIR, abs) || '.',
      environment: { HOME: '/home/user', ...(options.environment ?? {}) },
      overrides: options.overrides ?? true,
      ...(options.moreFiles ? { moreFiles: options.moreFiles.map((f) => posix.resolve(PROJECT_DIR, f)) } : {}),
      ...(options.envFiles ? { envFiles: options.envFiles.map((f) => posix.resolve(PROJECT_DIR, f)) } : {}),
      ...(options.projectName ? { projectName: options.projectName } : {}),
    },
    defaultSettings(options.settings),
  );
}

/** The service of that name in a linted project's model (fails the test, listing the services, when there is none). */
export function composeService(result: ComposeLintResult, name: string): ComposeService {
  const found = result.model.services.find((s) => s.name === name);
  assert.ok(found, `no service ${name} in ${result.model.services.map((s) => s.name).join(', ')}`);
  return found;
}

/**
 * Tests of a reader of a compose file's comments (src/compose/purpose.ts): each comment of `said` gives
 * the sentence paired with it, each of `others` gives null.
 */
export function commentStatementCases(read: (comment: string) => string | null, said: ReadonlyArray<readonly [string, string]>, others: readonly string[], otherwise: string): void {
  for (const [comment, sentence] of said) {
    it(`says so: ${JSON.stringify(comment.split('\n')[0])}`, () => assert.equal(read(comment), sentence));
  }
  for (const comment of others) {
    it(`${otherwise}: ${JSON.stringify(comment)}`, () => assert.equal(read(comment), null));
  }
}
