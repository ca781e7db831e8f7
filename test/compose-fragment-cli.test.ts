/**
 * Compose fragments through the built CLI (src/cli/run.ts asFragment): a compose file in a subfolder
 * written relative to the root compose file (a launcher merges `-f docker-compose.yml -f
 * services/<name>/docker-compose.yml`), linted alone, is one note naming the root, not an error per
 * entry; a subfolder file whose paths resolve from its own folder, or only some of them from the root,
 * keeps its errors.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoCrash, removeDir, runCli, tempDir } from './helpers/cli.js';

interface JsonOut {
  files: Array<{ path: string; findings: Array<{ ruleId: string; severity: string; message: string; line: number }> }>;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function lint(dir: string, args: string[]): { code: number | null; lines: string[] } {
  const result = runCli(['--format', 'json', '--no-config', ...args], { cwd: dir });
  assertNoCrash(result, args.join(' '));
  const out = JSON.parse(result.stdout) as JsonOut;
  return { code: result.code, lines: out.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.ruleId} ${x.severity} ${x.message}`)) };
}

const ROOT = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:\n  adata:\n',
  'app/Dockerfile': 'FROM alpine:3.20\nRUN true\n',
  'start.sh': '#!/bin/sh\nfor f in services/*/docker-compose.yml; do ARGS="$ARGS -f $f"; done\ndocker compose -f docker-compose.yml $ARGS up\n',
};

describe('compose fragments through the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('volint-fragment-');
  });
  afterEach(() => removeDir(dir));

  it('a subfolder compose file written relative to the root compose file is one note naming the root, walked or named', () => {
    write(dir, { ...ROOT, 'services/a/docker-compose.yml': 'services:\n  a:\n    build:\n      context: ./app\n    volumes:\n      - adata:/data\n' });
    const walk = lint(dir, ['.']);
    assert.equal(walk.code, 0);
    assert.equal(walk.lines.length, 1, walk.lines.join('\n'));
    assert.match(walk.lines[0]!, /^services\/a\/docker-compose\.yml:3 volint-compose-error note docker-compose\.yml resolves its paths from \. \(where docker-compose\.yml is\), not from its own folder: alone, service a: Dockerfile .*services\/a\/app\/Dockerfile cannot be read .*; service a mounts volume adata, which the top-level `volumes:` does not declare .*Lint them together: volint --compose-file docker-compose\.yml --compose-file services\/a\/docker-compose\.yml$/);
    const named = lint(dir, ['services/a/docker-compose.yml']);
    assert.deepEqual(named.lines, walk.lines);
    // Linted together, as the launcher runs it: nothing to report.
    const together = lint(dir, ['--compose-file', 'docker-compose.yml', '--compose-file', 'services/a/docker-compose.yml', 'docker-compose.yml']);
    assert.deepEqual(together.lines, []);
  });

  it('a subfolder compose file whose own paths resolve is its own project: a volume no file declares stays an error', () => {
    write(dir, {
      ...ROOT,
      'services/c/docker-compose.yml': 'services:\n  c:\n    build: .\n    volumes:\n      - cdata:/data\n',
      'services/c/Dockerfile': 'FROM alpine:3.20\nRUN true\n',
    });
    const { code, lines } = lint(dir, ['services/c/docker-compose.yml']);
    assert.equal(code, 1);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^services\/c\/docker-compose\.yml:5 volint-compose-error error service c mounts volume cdata, which the top-level `volumes:` does not declare/);
  });

  it('a subfolder compose file only some of whose failing paths resolve from the root keeps its errors', () => {
    write(dir, { ...ROOT, 'services/d/docker-compose.yml': 'services:\n  d:\n    build: ./app\n  e:\n    build: ./missing\n' });
    const { code, lines } = lint(dir, ['services/d/docker-compose.yml']);
    assert.equal(code, 1);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.ok(lines.every((l) => / error service [de]: Dockerfile .* cannot be read/.test(l)), lines.join('\n'));
  });
});
