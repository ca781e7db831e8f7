/**
 * Mocha's global set-up (loaded by .mocharc.json and the builder suite's command): the built CLI
 * keeps a V8 code cache, and the RUN analysis's kept results, in the user's cache directory, one
 * entry per checkout location (src/launch.ts). The tests run copies of the CLI from temporary
 * places (pre-commit's environments, clones), each a new location whose entry nobody removes: the
 * whole run uses a temporary cache directory instead, removed at the end. A test that is about the
 * cache names its own directory; VOLINT_COMPILE_CACHE set by the caller is kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let made: string | null = null;

export function mochaGlobalSetup(): void {
  if (process.env.VOLINT_COMPILE_CACHE !== undefined) return;
  // A directory of its own, not the temporary directory itself: launch uses only a private one.
  made = join(mkdtempSync(join(tmpdir(), 'volint-test-cache-')), 'volint');
  process.env.VOLINT_COMPILE_CACHE = made;
}

export function mochaGlobalTeardown(): void {
  if (made === null) return;
  rmSync(join(made, '..'), { recursive: true, force: true });
  delete process.env.VOLINT_COMPILE_CACHE;
  made = null;
}
