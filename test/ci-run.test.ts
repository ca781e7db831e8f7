/**
 * `.ci/run` itself (issue 16, item 14), run in a scratch copy with stand-ins for npm, apt-get and
 * pre-commit on a PATH that holds nothing else: under CI=true a pre-commit that cannot be installed
 * fails the run before any test, and the closing line counts skipped (pending) tests too.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, removeDir, tempDir } from './helpers/cli.js';

/** Tools .ci/run and .ci/precommit-deps.sh use, linked from the system into the scratch PATH. */
const TOOLS = ['bash', 'sh', 'grep', 'mktemp', 'rm', 'dirname', 'cat'];

function which(tool: string): string {
  const r = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${tool} is not installed`);
  return r.stdout.trim();
}

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

describe('.ci/run (item 14)', function () {
  this.timeout(60_000);
  let dir: string;
  let bin: string;
  beforeEach(() => {
    dir = tempDir('volint-ci-run-');
    mkdirSync(join(dir, '.ci'));
    copyFileSync(join(REPO, '.ci', 'run'), join(dir, '.ci', 'run'));
    copyFileSync(join(REPO, '.ci', 'precommit-deps.sh'), join(dir, '.ci', 'precommit-deps.sh'));
    // The builders are another script's concern: here they are present.
    script(join(dir, '.ci', 'builders.sh'), 'exit 0');
    writeFileSync(join(dir, 'package.json'), '{}\n');
    bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of TOOLS) symlinkSync(which(tool), join(bin, tool));
    symlinkSync(process.execPath, join(bin, 'node'));
    // npm: `ci` succeeds; `test` writes the JSON summary the reporter writes (3 passed, 2 pending).
    script(
      join(bin, 'npm'),
      `echo "npm $*" >> "${join(dir, 'npm.log')}"
if [ "$1" = test ]; then echo '{"stats":{"passes":3,"failures":0,"pending":2},"failures":[]}' > "$VOLINT_MOCHA_JSON"; fi
exit 0`,
    );
    // apt-get cannot install anything here (no network, as a broken mirror would be).
    script(join(bin, 'apt-get'), 'echo "E: Unable to locate package pre-commit" >&2; exit 100');
  });
  afterEach(() => {
    if (dir) removeDir(dir);
  });

  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(join(dir, '.ci', 'run'), [], { cwd: dir, encoding: 'utf8', env: { PATH: bin, HOME: dir, ...env } });

  it('CI=true and pre-commit cannot be installed: the run fails before any test', () => {
    const r = run({ CI: 'true' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /pre-commit could not be installed\n0 passed, 1 failed, 0 skipped\n$/);
    assert.doesNotMatch(`${r.stdout}`, /npm/);
  });

  it('outside CI a missing pre-commit is a warning; the closing line counts the skipped tests', () => {
    const r = run({});
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /warning: could not install pre-commit/);
    assert.match(r.stdout, /\n3 passed, 0 failed, 2 skipped\n$/);
  });

  it('with pre-commit installed, CI=true runs the tests and ends with the three counts', () => {
    script(join(bin, 'pre-commit'), 'echo "pre-commit 3.0.0"');
    script(join(bin, 'git'), 'exit 0');
    const r = run({ CI: 'true' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /(^|\n)3 passed, 0 failed, 2 skipped\n$/);
  });

  it('runs npm run precision after the tests, and a failing precision check fails the run', () => {
    writeFileSync(join(dir, 'package.json'), '{"scripts":{"precision":"node scripts/precision.mjs"}}\n');
    mkdirSync(join(dir, 'scripts'));
    writeFileSync(join(dir, 'scripts', 'precision.mjs'), '');
    const passing = run({});
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    assert.deepEqual(readFileSync(join(dir, 'npm.log'), 'utf8').trim().split('\n'), ['npm ci --no-audit --no-fund', 'npm test', 'npm run precision']);
    // A finding without a verdict: the script exits 1.
    script(
      join(bin, 'npm'),
      `if [ "$1" = test ]; then echo '{"stats":{"passes":3,"failures":0,"pending":0},"failures":[]}' > "$VOLINT_MOCHA_JSON"; fi
if [ "$1 $2" = "run precision" ]; then echo "precision: 1 findings have no verdict" >&2; exit 1; fi
exit 0`,
    );
    const failing = run({});
    assert.equal(failing.status, 1, failing.stdout + failing.stderr);
    assert.match(failing.stdout, /npm run precision failed/);
    // The closing line counts the failed check.
    assert.match(failing.stdout, /\n3 passed, 1 failed, 0 skipped\n$/);
  });
});
