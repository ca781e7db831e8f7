/**
 * What a Dockerfile lint loads: not the YAML parser, which only compose files (and YAML
 * configuration files) need. The compose rules are in the rule list every run loads, and walk
 * compose trees with src/compose/tree.ts, apart from the reader (src/compose/yaml-tree.ts) that
 * imports `yaml`. Checked on the compiled sources (the bundle has the same imports) with a module
 * hook that refuses `yaml`.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, removeDir, tempDir } from './helpers/cli.js';

const HOOK = `export async function resolve(specifier, context, next) {
  if (specifier === 'yaml' || specifier.startsWith('yaml/')) throw new Error('the YAML parser was loaded by ' + context.parentURL);
  return next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`;
const CLI = join(REPO, 'build', 'src', 'cli.js');

describe('modules a Dockerfile lint loads', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nVOLUME /data\nRUN chown 1000 /data\n');
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  db:\n    image: postgres:16\n');
  });
  afterEach(() => {
    if (dir) removeDir(dir);
  });

  const lint = (file: string) =>
    spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, CLI, '--no-config', '-f', 'json', file], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, VOLINT_WORKERS: '0' },
    });

  it('a Dockerfile is linted without the YAML parser', () => {
    const r = lint('Dockerfile');
    assert.doesNotMatch(r.stderr + r.stdout, /YAML parser was loaded/);
    const report = JSON.parse(r.stdout) as { files: Array<{ error: string | null; findings: unknown[] }> };
    assert.equal(report.files[0]!.error, null);
    assert.ok(report.files[0]!.findings.length > 0, r.stdout);
  });

  it('a compose file needs it (the hook refuses it: the check can fail)', () => {
    const r = lint('compose.yaml');
    assert.match(r.stdout + r.stderr, /YAML parser was loaded by .*yaml-tree\.js/);
  });
});
