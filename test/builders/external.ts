/**
 * Dockerfiles written by someone else, held against the builders like the suite's own cases: an
 * opt-in mode for measuring the model outside the project. VOLINT_BT_EXTERNAL names a folder with
 * one sub-folder per Dockerfile (its `Dockerfile` and the build context's files); nothing of it is
 * part of the project, and without the variable there are no such cases. Each FROM must already name
 * the local base image (engines.ts BASE) or an earlier stage: the builds refuse anything else.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BuilderCase } from './observe.js';

/** Files a folder holds besides its Dockerfile (and a SOURCE note), by path relative to it. */
function contextFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (at !== dir || (name !== 'Dockerfile' && name !== 'SOURCE')) files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  visit(dir);
  return files;
}

/** The cases of the folder VOLINT_BT_EXTERNAL names, or none. */
export function externalCases(): BuilderCase[] {
  const root = process.env.VOLINT_BT_EXTERNAL;
  if (!root) return [];
  if (!existsSync(root)) throw new Error(`VOLINT_BT_EXTERNAL=${root}: no such folder`);
  return readdirSync(root)
    .sort()
    .filter((name) => existsSync(join(root, name, 'Dockerfile')))
    .map((name) => {
      const dir = join(root, name);
      const source = existsSync(join(dir, 'SOURCE')) ? readFileSync(join(dir, 'SOURCE'), 'utf8').split('\n')[0]!.trim() : name;
      return { id: `X-${name}`, title: source, dockerfile: readFileSync(join(dir, 'Dockerfile'), 'utf8'), files: contextFiles(dir) };
    });
}
