/**
 * Dev Container configurations through the built CLI (src/compose/devcontainer.ts): a directory walk
 * lints the Compose project a devcontainer.json defines (its `dockerComposeFile` list merged in order),
 * not the files of its `.devcontainer` folder alone, and each finding once; a broken or wrong
 * configuration is a one-line finding in it, never a crash.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoCrash, removeDir, runCli, tempDir } from './helpers/cli.js';

interface JsonOut {
  files: Array<{ path: string; error?: string | null; findings: Array<{ ruleId: string; severity: string; message: string; line: number; column: number }> }>;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

const CLEAN = { COMPOSE_FILE: undefined, COMPOSE_PROJECT_NAME: undefined, COMPOSE_PROFILES: undefined };

function lintJson(dir: string, args: string[]): { code: number | null; out: JsonOut; stderr: string } {
  const result = runCli(['--no-config', '--format', 'json', ...args], { cwd: dir, env: CLEAN });
  assertNoCrash(result, args.join(' '));
  return { code: result.code, out: JSON.parse(result.stdout) as JsonOut, stderr: result.stderr };
}

function summary(out: JsonOut): string[] {
  return out.files.flatMap((f) => (f.error ? [`${f.path} error ${f.error}`] : f.findings.map((x) => `${f.path}:${x.line}:${x.column} ${x.ruleId}`))).sort();
}

const DOCKERFILE = 'FROM busybox\nWORKDIR /app\nCOPY . .\nRUN mkdir -p node_modules/x dist && echo 1 > node_modules/x/index.js && echo 1 > dist/app.js\n';

/**
 * rubygems.org's layout: the overlay first, the repository's compose file second. The overlay names
 * a service (`search`) without an image: alone, Compose refuses it; merged, the second file gives it one.
 */
const REPO_WITH_OVERLAY = {
  'docker-compose.yml': 'services:\n  app:\n    build: .\n    volumes:\n      - deps:/app/node_modules\n  search:\n    image: busybox\nvolumes:\n  deps:\n',
  Dockerfile: DOCKERFILE,
  '.devcontainer/Dockerfile': DOCKERFILE,
  '.devcontainer/devcontainer.json':
    '// For format details, see https://aka.ms/devcontainer.json.\n{\n  "name": "app",\n  "dockerComposeFile": [\n    "docker-compose.yml",\n    "../docker-compose.yml", // the repository\'s\n  ],\n  /* the container the editor attaches to */\n  "service": "web",\n  "runServices": ["app", "search"],\n}\n',
  '.devcontainer/docker-compose.yml': 'services:\n  web:\n    build:\n      context: .\n    tmpfs: [/app/dist]\n  search:\n    environment:\n      - "node.store.allow_mmap=false"\n',
};

describe('Dev Container configurations through the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('volint-devcontainer-');
  });
  afterEach(() => removeDir(dir));

  it('a walk lints the overlay within the dev container project (no error), each finding once, in the file that holds the entry', () => {
    write(dir, REPO_WITH_OVERLAY);
    const { code, out } = lintJson(dir, ['.']);
    assert.equal(code, 0);
    // The repository's compose file alone (`docker compose up` at the root): VOL021. The dev container's
    // project (relative paths against .devcontainer/, the first file's directory: app is built from
    // .devcontainer/Dockerfile there): the same VOL021, shown once, and the overlay's tmpfs over the
    // image's /app/dist (VOL026).
    assert.deepEqual(summary(out), ['.devcontainer/docker-compose.yml:5:13 VOL026', 'docker-compose.yml:5:9 VOL021']);
    assert.equal(out.files.filter((f) => f.path === 'docker-compose.yml').length, 1, 'one report per file');
    assert.ok(out.files.some((f) => f.path === '.devcontainer/devcontainer.json'), 'the configuration is linted');
  });

  it('without the configuration the overlay is merged onto the compose file above that defines its image-less service (src/compose/overlay.ts); named alone without a base, one note says so', () => {
    const { '.devcontainer/devcontainer.json': _config, ...rest } = REPO_WITH_OVERLAY;
    write(dir, rest);
    const { code, out } = lintJson(dir, ['.']);
    assert.equal(code, 0);
    assert.deepEqual(summary(out), ['.devcontainer/docker-compose.yml:5:13 VOL026', 'docker-compose.yml:5:9 VOL021']);
    write(dir, { 'docker-compose.yml': 'services:\n  app:\n    build: .\n' });
    const named = lintJson(dir, ['.devcontainer/docker-compose.yml']);
    assert.equal(named.code, 0);
    assert.deepEqual(summary(named.out), ['.devcontainer/docker-compose.yml:6:3 volint-compose-error']);
    assert.match(named.out.files[0]!.findings[0]!.message, /looks like an overlay of another compose file .* volint --compose-file BASE --compose-file \.devcontainer\/docker-compose\.yml$/);
  });

  it('the overlay or the configuration named on the command line (pre-commit) lints the dev container project', () => {
    write(dir, REPO_WITH_OVERLAY);
    for (const named of ['.devcontainer/docker-compose.yml', '.devcontainer/devcontainer.json']) {
      const { code, out } = lintJson(dir, [named]);
      assert.equal(code, 0, named);
      assert.deepEqual(summary(out), ['.devcontainer/docker-compose.yml:5:13 VOL026', 'docker-compose.yml:5:9 VOL021'], named);
    }
    // The repository's compose file named alone is the project `docker compose up` runs there.
    assert.deepEqual(summary(lintJson(dir, ['docker-compose.yml']).out), ['docker-compose.yml:5:9 VOL021']);
  });

  it('--cache: a change to a listed file (not the devcontainer.json) lints the project again', () => {
    write(dir, REPO_WITH_OVERLAY);
    const cached = (): string[] => summary(lintJson(dir, ['--cache', '.']).out);
    assert.deepEqual(cached(), ['.devcontainer/docker-compose.yml:5:13 VOL026', 'docker-compose.yml:5:9 VOL021']);
    assert.deepEqual(cached(), ['.devcontainer/docker-compose.yml:5:13 VOL026', 'docker-compose.yml:5:9 VOL021']);
    write(dir, { '.devcontainer/docker-compose.yml': 'services:\n  web:\n    build:\n      context: .\n  search:\n    environment: [A=1]\n' });
    assert.deepEqual(cached(), ['docker-compose.yml:5:9 VOL021']);
  });

  it('dockerComposeFile as one path; runServices: the services not started are not linted', () => {
    write(dir, {
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "docker-compose.yml", "service": "app", "runServices": ["app"] }',
      '.devcontainer/docker-compose.yml':
        'services:\n  app:\n    build:\n      context: ..\n      dockerfile: Dockerfile\n    tmpfs: [/app/dist]\n  tools:\n    build: ..\n    tmpfs: [/app/dist]\n',
      Dockerfile: DOCKERFILE,
    });
    const { code, out } = lintJson(dir, ['.']);
    assert.equal(code, 0);
    assert.deepEqual(summary(out), ['.devcontainer/docker-compose.yml:6:13 VOL026']);
    // `.devcontainer.json` at the root, and a configuration one folder below .devcontainer, are read too.
    removeDir(join(dir, '.devcontainer'));
    write(dir, {
      '.devcontainer.json': '{ "dockerComposeFile": ["dev.yml"], "service": "app" }',
      'dev.yml': 'services:\n  app:\n    build: .\n    tmpfs: [/app/dist]\n',
      '.devcontainer/other/devcontainer.json': '{ "dockerComposeFile": ["../../dev.yml", "extra.yml"], "service": "app" }',
      '.devcontainer/other/extra.yml': 'services:\n  app:\n    volumes: [deps:/app/node_modules]\nvolumes:\n  deps:\n',
    });
    assert.deepEqual(summary(lintJson(dir, ['.']).out), ['.devcontainer/other/extra.yml:3:15 VOL021', 'dev.yml:4:13 VOL026']);
  });

  it('a broken devcontainer.json: a one-line warning naming the file and the place, exit 0 (1 with --max-warnings 0)', () => {
    write(dir, {
      '.devcontainer/devcontainer.json': '{\n  "dockerComposeFile": ["docker-compose.yml" "../docker-compose.yml"],\n  "service": "web"\n}\n',
      '.devcontainer/compose.dev.yml': 'services: {}\n',
    });
    const result = runCli(['--no-config', '--format', 'compact', '.'], { cwd: dir, env: CLEAN });
    assertNoCrash(result, 'broken devcontainer.json');
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim().split('\n').length, 1, result.stdout);
    assert.match(
      result.stdout,
      /^\.devcontainer\/devcontainer\.json:2:46: warning \.devcontainer\/devcontainer\.json is not valid JSON with comments \(line 2, column 46: expected , or \] in a list, found "\\""\)/,
    );
    assert.equal(runCli(['--no-config', '--max-warnings', '0', '.'], { cwd: dir, env: CLEAN }).code, 1);
    for (const text of ['', '{ "dockerComposeFile": "a.yml", /* not closed', '[1, 2]', '{ "dockerComposeFile": 3 }', '\u0000{"dockerComposeFile": "x"}']) {
      write(dir, { '.devcontainer/devcontainer.json': text });
      const r = runCli(['--no-config', '--format', 'compact', '.devcontainer/devcontainer.json'], { cwd: dir, env: CLEAN });
      assertNoCrash(r, JSON.stringify(text));
      assert.ok(r.code === 0 || r.code === 2, `${JSON.stringify(text)}: exit ${r.code}`);
      assert.ok(r.stdout.split('\n').filter((l) => l.includes('devcontainer.json')).length <= 1, r.stdout);
    }
  });

  it('a listed file missing, a service the files do not define: errors at the entry in devcontainer.json, exit 1', () => {
    write(dir, {
      '.devcontainer/devcontainer.json': '{\n  "dockerComposeFile": ["../docker-compose.yml", "missing.yml"],\n  "service": "web"\n}\n',
      'docker-compose.yml': 'services:\n  web:\n    image: busybox\n',
    });
    let { code, out } = lintJson(dir, ['.']);
    assert.equal(code, 1);
    const config = out.files.find((f) => f.path === '.devcontainer/devcontainer.json')!;
    assert.deepEqual(config.findings.map((f) => `${f.line}:${f.column} ${f.severity}`), ['2:50 error']);
    assert.match(config.findings[0]!.message, /^"dockerComposeFile" in \.devcontainer\/devcontainer\.json lists \.devcontainer\/missing\.yml, which cannot be read \(no such file or directory\)/);
    write(dir, { '.devcontainer/devcontainer.json': '{\n  "dockerComposeFile": "../docker-compose.yml",\n  "service": "api"\n}\n' });
    ({ code, out } = lintJson(dir, ['.']));
    assert.equal(code, 1);
    const unknown = out.files.find((f) => f.path === '.devcontainer/devcontainer.json')!.findings;
    assert.deepEqual(unknown.map((f) => `${f.line}:${f.column}`), ['3:14']);
    assert.match(unknown[0]!.message, /^"service" in \.devcontainer\/devcontainer\.json names api, which is no service of its compose files .*; the services are web$/);
  });

  it('a devcontainer.json without dockerComposeFile (an image or a Dockerfile) is no Compose project: the walk does not list it', () => {
    write(dir, { '.devcontainer/devcontainer.json': '{ "image": "mcr.microsoft.com/devcontainers/base" }', Dockerfile: 'FROM busybox\n' });
    const { code, out } = lintJson(dir, ['.']);
    assert.equal(code, 0);
    assert.deepEqual(out.files.map((f) => f.path), ['Dockerfile']);
  });
});
