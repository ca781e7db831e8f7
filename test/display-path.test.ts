/**
 * displayPathOf (src/cli/run.ts) takes a short cut for a normal path below or outside a normal
 * working directory; every answer must be the one path.relative gives.
 */
import assert from 'node:assert/strict';
import { relative, sep } from 'node:path';
import { displayPathOf } from '../src/cli/run.js';

function reference(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return (rel.startsWith('..') ? absolute : rel).split(sep).join('/');
}

describe('display paths', () => {
  it('are what path.relative gives, for paths below, at, beside and above the working directory', () => {
    const dirs = ['/', '/work', '/work/', '/work/wt', '/work//wt', '/work/./wt', '/work/wt/..', '/w', '/work/w'];
    const segments = ['work', 'wt', 'w', 'wtx', '.', '..', '', 'Dockerfile', 'a.Dockerfile'];
    const paths = new Set<string>(dirs);
    // Every path of up to four segments from the list: normal ones and every kind of odd one.
    const grow = (prefix: string, depth: number): void => {
      if (depth === 0) return;
      for (const segment of segments) {
        const path = `${prefix}/${segment}`;
        paths.add(path);
        grow(path, depth - 1);
      }
    };
    grow('', 4);
    let checked = 0;
    for (const cwd of dirs) {
      for (const path of paths) {
        assert.equal(displayPathOf(cwd, path), reference(cwd, path), `cwd ${cwd}, path ${path}`);
        checked++;
      }
    }
    assert.ok(checked > 50000, `${checked} pairs`);
  });
});
