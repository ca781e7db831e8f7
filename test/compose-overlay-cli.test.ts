/**
 * Compose overlays through the built CLI (src/compose/overlay.ts): a file named on the command line
 * linted merged onto the base its Makefile or its header names, only its own findings kept; an
 * overlay without a base is one note (exit 0), walked or named; `$PWD` from the root Makefile; a --compose-file
 * list is linted as given; --cache keys an overlay on its base; `volint model` shows the merge.
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

function lint(dir: string, args: string[], env?: NodeJS.ProcessEnv): { code: number | null; lines: string[] } {
  const result = runCli(['--format', 'json', '--no-config', ...args], { cwd: dir, ...(env ? { env } : {}) });
  assertNoCrash(result, args.join(' '));
  const out = JSON.parse(result.stdout) as JsonOut;
  return { code: result.code, lines: out.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.ruleId} ${x.severity} ${x.message}`)) };
}

const PROJECT = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'compose.yaml': 'services:\n  web:\n    build: .\n',
  'Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nCOPY . .\nCMD ["node", "index.js"]\n',
  'package.json': '{}\n',
  'compose.dev.yaml': 'services:\n  web:\n    volumes:\n      - .:/app\n',
  'Makefile': 'dev:\n\tdocker compose -f compose.yaml -f compose.dev.yaml up\n',
};
/**
 * The overlays bind the sources over /app, a development stack's bind that VOL020 reports only when the files are deployed
 * as written: these tests show what an overlay is linted with through that finding, so they say so.
 */
const DEPLOYED = '--compose-deployed';

describe('compose overlays through the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('volint-overlay-');
  });
  afterEach(() => removeDir(dir));

  it('an overlay named on the command line is linted merged onto the base its Makefile names: its own findings only', () => {
    write(dir, PROJECT);
    const { code, lines } = lint(dir, [DEPLOYED, 'compose.dev.yaml']);
    assert.equal(code, 0);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^compose\.dev\.yaml:4 VOL020 warning The bind mount of \. over \/app hides \/app\/node_modules/);
    const json = JSON.parse(runCli(['--format', 'json', '--no-config', DEPLOYED, 'compose.dev.yaml'], { cwd: dir }).stdout) as { files: Array<{ findings: Array<{ explanation: string[] }> }> };
    assert.equal(json.files[0]!.findings[0]!.explanation.at(-1), 'compose.dev.yaml is an overlay: volint linted it as `docker compose -f compose.yaml -f compose.dev.yaml` (as Makefile:2 runs it).');
  });

  it('an overlay without a base is one note (exit 0), in a walk and named on the command line alike; a --compose-file list is linted as given', () => {
    write(dir, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'tools/docker-compose.yml': 'services:\n  app:\n    ports: ["8080:80"]\n    volumes:\n      - ${DATA:?set DATA}:/data\n',
    });
    const walk = lint(dir, ['.']);
    assert.equal(walk.code, 0);
    assert.equal(walk.lines.length, 1, walk.lines.join('\n'));
    assert.match(walk.lines[0]!, /^tools\/docker-compose\.yml:2 volint-compose-error note docker-compose\.yml looks like an overlay of another compose file .*--compose-file BASE --compose-file tools\/docker-compose\.yml$/);
    const named = lint(dir, ['tools/docker-compose.yml']);
    assert.equal(named.code, 0);
    assert.deepEqual(named.lines, walk.lines);
    const listed = lint(dir, ['--compose-file', 'tools/docker-compose.yml', 'tools/docker-compose.yml']);
    assert.equal(listed.code, 1);
    assert.ok(listed.lines.some((l) => /neither an image nor a build context/.test(l)), listed.lines.join('\n'));
  });

  it('a walk lints a default-named overlay onto the default compose file above that defines its services; the base\'s findings stay the base\'s', () => {
    const { 'compose.dev.yaml': _dev, Makefile: _make, ...rest } = PROJECT;
    write(dir, { ...rest, 'dev/compose.yaml': 'services:\n  web:\n    volumes:\n      - ./:/app\n' });
    const { code, lines } = lint(dir, [DEPLOYED, '.']);
    assert.equal(code, 0);
    // `./` is the first file's folder (Compose's rule): the project, over /app.
    assert.deepEqual(lines.map((l) => l.split(' ').slice(0, 2).join(' ')), ['dev/compose.yaml:4 VOL020'], lines.join('\n'));
  });

  it('--cache keys an overlay on its base: a change of the base is a miss', () => {
    write(dir, PROJECT);
    const run = (): string[] => lint(dir, ['--cache', DEPLOYED, 'compose.dev.yaml'], { VOLINT_WORKERS: '0' }).lines.map((l) => l.split(' ').slice(0, 2).join(' '));
    assert.deepEqual(run(), ['compose.dev.yaml:4 VOL020']);
    assert.deepEqual(run(), ['compose.dev.yaml:4 VOL020']);
    write(dir, { 'compose.yaml': 'services:\n  web:\n    image: busybox\n' });
    assert.deepEqual(run(), []);
  });

  it('an overlay named on the command line whose header gives the -f list: merged onto that base, `$PWD` the folder the header runs it from', () => {
    write(dir, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.25\nvolumes:\n  media:\n',
      'deploy/nginx/docker-compose.override.nginx.yml':
        '# To test this setup run:\n# docker-compose -f ../../docker-compose.yml -f docker-compose.override.nginx.yml up\nservices:\n  proxy:\n    image: nginx:1.25\n    volumes:\n      - $PWD/nginx.conf:/etc/nginx/nginx.conf:ro\n      - media:/srv/media\n',
      'deploy/nginx/nginx.conf': 'events {}\n',
    });
    const alone = lint(dir, ['deploy/nginx/docker-compose.override.nginx.yml']);
    assert.deepEqual(alone.lines, []);
    assert.equal(alone.code, 0);
    const result = runCli(['model', 'deploy/nginx/docker-compose.override.nginx.yml'], { cwd: dir });
    assertNoCrash(result, 'model');
    assert.match(result.stdout, /^docker-compose\.yml: project /);
    assert.match(result.stdout, /\/etc\/nginx\/nginx\.conf\s+bind mount: host \S*\/deploy\/nginx\/nginx\.conf /);
  });

  it('a walk: `$PWD` is the root where its Makefile runs `-f deploy/compose.yml`; where nothing says so, an error resting on the guess is a note', () => {
    const files = {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'deploy/compose.yml': 'services:\n  app:\n    build:\n      context: $PWD\n      dockerfile: $PWD/deploy/Dockerfile\n',
      'deploy/Dockerfile': 'FROM busybox\n',
    };
    write(dir, files);
    const guessed = lint(dir, ['.']);
    assert.equal(guessed.code, 0);
    assert.equal(guessed.lines.length, 1, guessed.lines.join('\n'));
    assert.match(guessed.lines[0]!, /^deploy\/compose\.yml:5 volint-compose-error note `\$PWD` is the directory `docker compose` runs in, .* from \.\. \(the repository's root\) it names a path that exists/);
    write(dir, { Makefile: 'up:\n\tdocker compose -f deploy/compose.yml up -d\n' });
    const shown = lint(dir, ['.']);
    assert.deepEqual(shown.lines, []);
    assert.equal(shown.code, 0);
  });

  it('volint model of an overlay shows the merged project', () => {
    write(dir, PROJECT);
    const result = runCli(['model', 'compose.dev.yaml'], { cwd: dir });
    assertNoCrash(result, 'model');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^compose\.yaml: project /);
    assert.match(result.stdout, /also read: compose\.dev\.yaml/);
    assert.match(result.stdout, /\/app\s+bind mount/);
  });
});
