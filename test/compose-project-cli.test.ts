/**
 * A Compose project made of several files, through the built CLI: --compose-file lists merged in
 * order (findings in the file that holds each entry), --compose-env (COMPOSE_FILE and
 * COMPOSE_PATH_SEPARATOR, from the environment or ./.env), --env-file, --project-name, and the bad
 * input among them (a missing -f file, a missing env file, a cycle, invalid YAML in an included
 * file): a one-line error naming the file and the cause, a non-zero exit, never a crash.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoCrash, removeDir, REPO, runCli, tempDir } from './helpers/cli.js';

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  explanation?: string[];
}
interface JsonOut {
  files: Array<{ path: string; error?: string | null; findings: JsonFinding[] }>;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** No COMPOSE_* from the environment the tests run in. */
const CLEAN = { COMPOSE_FILE: undefined, COMPOSE_PATH_SEPARATOR: undefined, COMPOSE_PROJECT_NAME: undefined, COMPOSE_PROFILES: undefined };

function lintJson(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; out: JsonOut; stderr: string } {
  const result = runCli(['--format', 'json', ...args], { cwd: dir, env: { ...CLEAN, ...env } });
  assertNoCrash(result, args.join(' '));
  return { code: result.code, out: JSON.parse(result.stdout) as JsonOut, stderr: result.stderr };
}

function summary(out: JsonOut): string[] {
  return out.files.flatMap((f) => (f.error ? [`${f.path} error ${f.error}`] : f.findings.map((x) => `${f.path}:${x.line}:${x.column} ${x.ruleId}`)));
}

const PROJECT = {
  'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - deps:/app/node_modules\nvolumes:\n  deps:\n',
  Dockerfile: 'FROM busybox\nWORKDIR /app\nCOPY . .\nRUN mkdir -p node_modules/x dist && echo 1 > node_modules/x/index.js && echo 1 > dist/app.js\n',
  // Relative paths of every -f file are against the first file's directory: ./src is the project's.
  'deploy/dev.yaml': 'services:\n  web:\n    volumes:\n      - ./src:/app\n',
  'compose.override.yaml': 'services:\n  web:\n    tmpfs: [/app/dist]\n',
};

describe('a compose project of several files through the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('volint-compose-files-');
    write(dir, PROJECT);
  });
  afterEach(() => removeDir(dir));

  it('--compose-file lists are merged in order; each finding points into the file that holds the entry; no override file', () => {
    const { code, out } = lintJson(dir, ['--compose-file', 'compose.yaml', '--compose-file', 'deploy/dev.yaml']);
    assert.equal(code, 0);
    assert.deepEqual(summary(out), ['compose.yaml:5:9 VOL021', 'deploy/dev.yaml:4:9 VOL020']);
    // Without the list: the compose file and its override file (its tmpfs over /app/dist is reported).
    assert.deepEqual(summary(lintJson(dir, ['compose.yaml']).out), ['compose.yaml:5:9 VOL021', 'compose.override.yaml:3:13 VOL026']);
  });

  it('with paths too, a file of the list is not linted on its own; a walk still lints the others', () => {
    write(dir, { 'other/compose.yaml': 'services:\n  db:\n    image: busybox\n    volumes: [nope:/data]\n' });
    const { out } = lintJson(dir, ['.', 'deploy/dev.yaml', '--compose-file', 'compose.yaml', '--compose-file', 'deploy/dev.yaml']);
    assert.deepEqual(summary(out), ['compose.yaml:5:9 VOL021', 'deploy/dev.yaml:4:9 VOL020', 'other/compose.yaml:4:15 volint-compose-error']);
  });

  it('a missing first file is an error for that path (exit 2); a missing later file is an error in it (exit 1)', () => {
    const first = lintJson(dir, ['--compose-file', 'nope.yaml', '--compose-file', 'compose.yaml']);
    assert.equal(first.code, 2);
    assert.deepEqual(summary(first.out), ['nope.yaml error no such file or directory']);
    const later = lintJson(dir, ['--compose-file', 'compose.yaml', '--compose-file', 'nope.yaml']);
    assert.equal(later.code, 1);
    const files = later.out.files.map((f) => `${f.path}: ${f.findings.map((x) => `${x.line} ${x.severity} ${x.message}`).join('; ')}`);
    assert.deepEqual(files, ['compose.yaml: 5 warning ' + later.out.files[0]!.findings[0]!.message, 'nope.yaml: 1 error compose file nope.yaml cannot be read (no such file or directory)']);
  });

  it('--compose-env: COMPOSE_FILE from ./.env or the environment (COMPOSE_PATH_SEPARATOR), else the default file with its override', () => {
    write(dir, { '.env': 'COMPOSE_FILE=compose.yaml:deploy/dev.yaml\n' });
    assert.deepEqual(summary(lintJson(dir, ['--compose-env']).out), ['compose.yaml:5:9 VOL021', 'deploy/dev.yaml:4:9 VOL020']);
    const separated = lintJson(dir, ['--compose-env'], { COMPOSE_FILE: 'compose.yaml,deploy/dev.yaml', COMPOSE_PATH_SEPARATOR: ',' });
    assert.deepEqual(summary(separated.out), ['compose.yaml:5:9 VOL021', 'deploy/dev.yaml:4:9 VOL020']);
    write(dir, { '.env': '' });
    mkdirSync(join(dir, 'deploy', 'empty'), { recursive: true });
    // No COMPOSE_FILE: the nearest default compose file, with its override file, as Compose looks it up.
    const { out } = lintJson(join(dir, 'deploy', 'empty'), ['--compose-env']);
    assert.deepEqual(summary(out), [`${dir}/compose.yaml:5:9 VOL021`, `${dir}/compose.override.yaml:3:13 VOL026`]);
  });

  it('--compose-env with --compose-file, or with nothing to find, is a usage error', () => {
    const both = runCli(['--compose-env', '--compose-file', 'compose.yaml'], { cwd: dir, env: CLEAN });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--compose-env reads the files COMPOSE_FILE names: not with --compose-file/);
    const none = tempDir('volint-compose-files-none-');
    try {
      const result = runCli(['--compose-env'], { cwd: none, env: CLEAN });
      assertNoCrash(result);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--compose-env: COMPOSE_FILE is not set and no compose\.yaml, .* is in /);
    } finally {
      removeDir(none);
    }
  });

  it('--env-file replaces .env (a later one wins, the environment over all); a missing one is an error naming it', () => {
    write(dir, {
      'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      target: ${TARGET:?set TARGET}\n',
      Dockerfile: 'FROM busybox AS app\n',
      '.env': 'TARGET=app\n',
      'a.env': 'TARGET=nope\n',
      'b.env': 'TARGET=app\n',
    });
    assert.deepEqual(summary(lintJson(dir, ['compose.yaml']).out), []);
    assert.deepEqual(summary(lintJson(dir, ['compose.yaml', '--env-file', 'a.env']).out), ['compose.yaml:5:15 volint-compose-error']);
    assert.deepEqual(summary(lintJson(dir, ['compose.yaml', '--env-file', 'a.env', '--env-file', 'b.env']).out), []);
    assert.deepEqual(summary(lintJson(dir, ['compose.yaml', '--env-file', 'b.env'], { TARGET: 'nope' }).out), ['compose.yaml:5:15 volint-compose-error']);
    // A missing env file: Node 20 itself reads `--env-file` anywhere on its command line and stops
    // with `node: missing.env: not found` (exit 9) before volint runs (nodejs/node#54232); where it
    // does not, volint reports it in the file. Either way: one line naming the file, not 0.
    const missing = runCli(['--format', 'json', 'compose.yaml', '--env-file', 'missing.env'], { cwd: dir, env: CLEAN });
    assertNoCrash(missing);
    if (missing.code === 9) {
      assert.match(missing.stderr.trim(), /^\S*node: missing\.env: not found$/);
    } else {
      assert.equal(missing.code, 1);
      const out = JSON.parse(missing.stdout) as JsonOut;
      assert.deepEqual(
        out.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.message}`)),
        ['compose.yaml:5 required variable TARGET is missing a value: set TARGET', 'missing.env:1 env file missing.env cannot be read (no such file or directory)'],
      );
    }
  });

  it('--project-name names the volumes (COMPOSE_PROJECT_NAME in .env otherwise); an invalid one is a usage error', () => {
    const explanation = (args: string[], env: NodeJS.ProcessEnv = {}): string =>
      (lintJson(dir, ['compose.yaml', ...args], env).out.files.find((f) => f.path === 'compose.yaml')!.findings[0]!.explanation ?? []).join(' ');
    assert.match(explanation([]), new RegExp(`docker volume rm ${dir.split('/').pop()!.toLowerCase().replace(/[^a-z0-9_-]/g, '')}_deps`));
    write(dir, { '.env': 'COMPOSE_PROJECT_NAME=fromenv\n' });
    assert.match(explanation([]), /docker volume rm fromenv_deps/);
    assert.match(explanation(['--project-name', 'shop']), /docker volume rm shop_deps/);
    const bad = runCli(['--project-name', 'Shop!', 'compose.yaml'], { cwd: dir, env: CLEAN });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--project-name Shop!: expected lower-case letters/);
  });

  it('extends from a missing file, an include cycle, invalid YAML in an included file: one-line errors at the entry, exit 1', () => {
    write(dir, {
      'compose.yaml': 'include:\n  - inc/compose.yaml\n  - bad/compose.yaml\nservices:\n  web:\n    image: busybox\n    extends:\n      file: gone.yaml\n      service: base\n',
      'inc/compose.yaml': 'include: [../compose.yaml]\nservices:\n  db:\n    image: busybox\n',
      'bad/compose.yaml': 'services:\n  x: [unclosed\n',
    });
    const { code, out } = lintJson(dir, ['compose.yaml']);
    assert.equal(code, 1);
    const lines = out.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.severity} ${x.message}`));
    const yamlError = 'not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]';
    assert.deepEqual(lines.slice(0, 3), [
      `compose.yaml:3 error included file bad/compose.yaml is not valid: ${yamlError}`,
      'compose.yaml:8 error extended file gone.yaml cannot be read (no such file or directory)',
      `bad/compose.yaml:3 error ${yamlError}`,
    ]);
    assert.ok(lines.includes('inc/compose.yaml:1 error `include:` loops: compose.yaml → inc/compose.yaml → compose.yaml'), lines.join('\n'));
  });

  it('a walk lints a file another compose file includes only within that project; services naming an unreadable extended file get that one error', () => {
    // A folder of its own: the project of the other tests has an override file.
    const root = join(dir, 'walk');
    write(root, {
      'compose.yaml':
        'include:\n  - path: db/compose.yml\n    project_directory: .\nservices:\n  a:\n    extends:\n      file: gone.yaml\n      service: a\n  b:\n    extends:\n      file: gone.yaml\n      service: b\n',
      '.env': 'DB_TAG=16\n',
      // On its own (without the root's .env) DB_TAG would be unset: a broken project repeating the root's findings.
      'db/compose.yml': 'services:\n  db:\n    image: postgres:${DB_TAG}\n',
    });
    // Deployed as written: the database's anonymous volume is reported although the project keeps no data.
    const walk = lintJson(root, ['--compose-deployed', '.']);
    assert.deepEqual(
      walk.out.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.ruleId} ${x.ruleId === 'volint-compose-error' ? x.message : ''}`.trim())),
      ['compose.yaml:7 volint-compose-error extended file gone.yaml cannot be read (no such file or directory)', 'db/compose.yml:2 VOL022'],
    );
    // Named on the command line, the fragment is linted as the project it is on its own.
    const named = lintJson(root, ['db/compose.yml']);
    assert.ok(summary(named.out).some((line) => line.startsWith('db/compose.yml:3:') && line.endsWith('volint-compose-error')), summary(named.out).join('\n'));
  });

  it('a walk does not lint alone a compose file that an overlay beside a compose file of the walk includes (meant for -f base -f overlay)', () => {
    const root = join(dir, 'overlay');
    write(root, {
      'docker-compose.yml': 'services:\n  app:\n    image: busybox\n    volumes:\n      - data:/data\nvolumes:\n  data:\n',
      // Used as `-f docker-compose.yml -f docker-compose.alt.yml`: its include supplies the env file the fragment needs.
      'docker-compose.alt.yml': 'include:\n  - path: alt/compose.yml\n    env_file: alt/defaults.env\n',
      'alt/defaults.env': 'ALT_TAG=16\n',
      'alt/compose.yml': 'services:\n  app-alt:\n    image: postgres:${ALT_TAG}\n    volumes:\n      - data:/var/lib/postgresql/data\n',
    });
    const walk = lintJson(root, ['.']);
    assert.deepEqual(walk.out.files.map((f) => f.path).sort(), ['docker-compose.yml']);
    assert.deepEqual(summary(walk.out), []);
    // The combination the overlay is written for lints the fragment with its env file.
    const both = lintJson(root, ['--compose-file', 'docker-compose.yml', '--compose-file', 'docker-compose.alt.yml']);
    assert.deepEqual(summary(both.out), []);
    // Alone (named), the fragment is what Compose would see: ALT_TAG unset, `data` undeclared.
    const alone = lintJson(root, ['alt/compose.yml']).out.files.flatMap((f) => f.findings.map((x) => x.message));
    assert.ok(alone.some((m) => /variable ALT_TAG is not set/.test(m)), alone.join('\n'));
  });

  describe('volint model takes the project flags, with the lint\'s meaning', () => {
    interface ModelJson {
      file: string;
      project: string;
      files: Array<{ file: string; role: string }>;
      volumes: Array<{ key: string; name: string }>;
      services: Array<{ name: string; mounts: Array<{ target: string; cover: string; location: { file: string; line: number } | null }> }>;
    }
    const model = (args: string[], env: NodeJS.ProcessEnv = {}, cwd = dir): { code: number | null; json: ModelJson; stderr: string } => {
      const result = runCli(['model', ...args, '--format', 'json'], { cwd, env: { ...CLEAN, ...env } });
      assertNoCrash(result, args.join(' '));
      assert.equal(result.code, 0, result.stderr);
      return { code: result.code, json: JSON.parse(result.stdout) as ModelJson, stderr: result.stderr };
    };
    const mounts = (m: ModelJson): string[] => m.services.flatMap((s) => s.mounts.map((x) => `${s.name} ${x.target} ${x.cover} ${x.location ? `${x.location.file}:${x.location.line}` : '-'}`));

    it('--compose-file: the merged project, no override file (JSON and text)', () => {
      const { json } = model(['--compose-file', 'compose.yaml', '--compose-file', 'deploy/dev.yaml']);
      assert.equal(json.file, 'compose.yaml');
      assert.deepEqual(mounts(json), ['web /app bind deploy/dev.yaml:4', 'web /app/node_modules named-volume compose.yaml:5']);
      // Without the list: the override file's tmpfs, not dev.yaml's bind.
      assert.deepEqual(mounts(model(['compose.yaml']).json), ['web /app/dist tmpfs compose.override.yaml:3', 'web /app/node_modules named-volume compose.yaml:5']);
      const text = runCli(['model', '--compose-file', 'compose.yaml', '--compose-file', 'deploy/dev.yaml', '--project-name', 'shop'], { cwd: dir, env: CLEAN });
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^compose\.yaml: project shop, 1 service\n {2}also read: deploy\/dev\.yaml \(compose\)/);
      assert.match(text.stdout, /\/app {2}bind mount: host .*\/src/);
      assert.match(text.stdout, /volume deps \(engine name shop_deps\)/);
      assert.equal(text.stderr, '');
    });

    it('--compose-env, --env-file and --project-name', () => {
      write(dir, { '.env': 'COMPOSE_FILE=compose.yaml:deploy/dev.yaml\n', 'name.env': 'COMPOSE_PROJECT_NAME=fromfile\n' });
      assert.deepEqual(mounts(model(['--compose-env']).json), ['web /app bind deploy/dev.yaml:4', 'web /app/node_modules named-volume compose.yaml:5']);
      assert.equal(model(['compose.yaml', '--env-file', 'name.env']).json.project, 'fromfile');
      assert.deepEqual(model(['compose.yaml', '--env-file', 'name.env']).json.files.filter((f) => f.role === 'env').map((f) => f.file), ['name.env']);
      const named = model(['compose.yaml', '--env-file', 'name.env', '--project-name', 'shop']).json;
      assert.equal(named.project, 'shop');
      assert.deepEqual(named.volumes.map((v) => `${v.key} ${v.name}`), ['deps shop_deps']);
    });

    it('a file and a --compose-file project, or neither, is a usage error; flags that reach no compose project are said so', () => {
      const both = runCli(['model', 'deploy/dev.yaml', '--compose-file', 'compose.yaml'], { cwd: dir, env: CLEAN });
      assert.equal(both.code, 2);
      assert.match(both.stderr, /^volint: model: deploy\/dev\.yaml and the --compose-file project compose\.yaml are two models: name one\n$/);
      const none = runCli(['model', '--project-name', 'shop'], { cwd: dir, env: CLEAN });
      assert.equal(none.code, 2);
      assert.match(none.stderr, /name a Dockerfile or compose file, or a project with --compose-file or --compose-env/);
      // The same file as the list's first: one model.
      assert.equal(model(['compose.yaml', '--compose-file', 'compose.yaml', '--compose-file', 'deploy/dev.yaml']).json.services[0]!.mounts.length, 2);
      const dockerfile = runCli(['model', 'Dockerfile', '--project-name', 'shop'], { cwd: dir, env: CLEAN });
      assert.equal(dockerfile.code, 0);
      assert.match(dockerfile.stderr, /^volint: warning: --project-name applied to no compose project/);
    });
  });

  describe('--env-file and --project-name belong to one project', () => {
    // Each project needs TARGET: from its own .env it is `app`; a.env makes it a stage that does not exist.
    const needs = 'services:\n  web:\n    build:\n      context: .\n      target: ${TARGET:?set TARGET}\n';
    beforeEach(() =>
      write(dir, {
        'compose.yaml': needs,
        Dockerfile: 'FROM busybox AS app\n',
        '.env': 'TARGET=app\n',
        'other/compose.yaml': needs,
        'other/Dockerfile': 'FROM busybox AS app\n',
        'other/.env': 'TARGET=app\n',
        'a.env': 'TARGET=nope\n',
      }),
    );

    it('a walk: the working directory\'s compose file takes them, the others keep their own, and stderr says so', () => {
      const { out, stderr } = lintJson(dir, ['.', '--env-file', 'a.env', '--project-name', 'shop']);
      assert.deepEqual(summary(out), ['compose.yaml:5:15 volint-compose-error']);
      assert.equal(stderr, 'volint: note: --env-file and --project-name applied to compose.yaml only; 1 other compose project (found by a walk or glob) used its own .env and name\n');
    });

    it('compose files named on the command line take them; a walk beside them does not', () => {
      const named = lintJson(dir, ['other/compose.yaml', '--env-file', 'a.env']);
      assert.deepEqual(summary(named.out), ['other/compose.yaml:5:15 volint-compose-error']);
      assert.equal(named.stderr, '');
      const both = lintJson(dir, ['other/compose.yaml', 'compose.yaml', '--env-file', 'a.env']);
      assert.deepEqual(summary(both.out), ['other/compose.yaml:5:15 volint-compose-error', 'compose.yaml:5:15 volint-compose-error']);
      const mixed = lintJson(dir, ['other/compose.yaml', '.', '--env-file', 'a.env']);
      assert.deepEqual(summary(mixed.out), ['other/compose.yaml:5:15 volint-compose-error']);
      assert.match(mixed.stderr, /applied to other\/compose\.yaml only; 1 other compose project/);
    });

    it('with --compose-file, only its project; with no compose project to take them, a warning', () => {
      const listed = lintJson(dir, ['.', '--compose-file', 'other/compose.yaml', '--env-file', 'a.env']);
      assert.deepEqual(summary(listed.out), ['other/compose.yaml:5:15 volint-compose-error']);
      assert.match(listed.stderr, /applied to other\/compose\.yaml only/);
      const walkBelow = lintJson(join(dir, 'other'), ['..', '--env-file', '../a.env']);
      // From other/, the working directory's compose file is other/compose.yaml.
      assert.deepEqual(summary(walkBelow.out), ['compose.yaml:5:15 volint-compose-error']);
      const none = lintJson(dir, ['Dockerfile', '--project-name', 'shop']);
      assert.equal(none.code, 0);
      assert.match(none.stderr, /^volint: warning: --project-name applied to no compose project: it applies to the --compose-file project, else to the compose files named on the command line, else to the working directory's compose\.yaml/);
    });
  });

  describe('profiles', () => {
    // web always starts; tools only with profile debug (checked with docker-compose 1.29 `up --no-start`:
    // no profile or --profile other creates web alone; --profile debug or COMPOSE_PROFILES=debug both).
    beforeEach(() =>
      write(dir, {
        'compose.yaml':
          'services:\n  web:\n    build: .\n    volumes:\n      - deps:/app/node_modules\n  tools:\n    build: .\n    profiles: [debug, ops]\n    volumes:\n      - tools:/app\nvolumes:\n  deps:\n  tools:\n',
        'compose.override.yaml': 'services: {}\n',
      }),
    );
    const messages = (args: string[], env: NodeJS.ProcessEnv = {}): string[] =>
      lintJson(dir, ['compose.yaml', ...args], env).out.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.ruleId} ${x.message}`));

    it('without a profile every service is linted, and a finding on a service with profiles says which start it', () => {
      const all = messages([]);
      assert.equal(all.length, 2, all.join('\n'));
      assert.match(all[0]!, /^compose\.yaml:5 VOL021 /);
      assert.doesNotMatch(all[0]!, /profile/);
      assert.match(all[1]!, /^compose\.yaml:10 VOL021 .*\(Service tools starts only with profile `debug` or `ops` active: `--profile debug`\.\)$/);
    });

    it('--profile and COMPOSE_PROFILES (environment or .env) lint the services Compose starts, as Compose', () => {
      assert.deepEqual(messages(['--profile', 'other']).map((m) => m.slice(0, 22)), ['compose.yaml:5 VOL021 ']);
      const debug = messages(['--profile', 'debug']);
      assert.equal(debug.length, 2);
      assert.ok(debug.every((m) => !m.includes('starts only with profile')), debug.join('\n'));
      assert.equal(messages(['--profile', '*']).length, 2);
      assert.equal(messages([], { COMPOSE_PROFILES: 'ops' }).length, 2);
      assert.equal(messages([], { COMPOSE_PROFILES: 'other,else' }).length, 1);
      write(dir, { '.env': 'COMPOSE_PROFILES=nope\n' });
      assert.equal(messages([]).length, 1);
      // --profile wins over COMPOSE_PROFILES.
      assert.equal(messages(['--profile', 'ops']).length, 2);
    });

    it('volint model shows the profiles (text and JSON)', () => {
      const text = runCli(['model', 'compose.yaml', '--profile', 'other'], { cwd: dir, env: CLEAN });
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /\n {2}profiles: other active; not started: tools \(debug, ops\)\n/);
      assert.doesNotMatch(text.stdout, /service tools/);
      const all = runCli(['model', 'compose.yaml', '--format', 'json'], { cwd: dir, env: CLEAN });
      const json = JSON.parse(all.stdout) as { profiles: { active: string[] | null; inactive: unknown[] }; services: Array<{ name: string; profiles: string[] }> };
      assert.deepEqual(json.profiles, { active: null, selected: null, inactive: [] });
      assert.deepEqual(json.services.map((x) => `${x.name}:${x.profiles.join(',')}`), ['web:', 'tools:debug,ops']);
      const plain = runCli(['model', 'compose.yaml'], { cwd: dir, env: CLEAN }).stdout;
      assert.match(plain, /service tools .*\n {2}profiles: debug, ops \(started only with one of them active; none was given\)\n/);
    });
  });

  describe('--service (docker compose up SERVICE)', () => {
    // web depends on db; tools (profile debug) on cache (debug) through depends_on; report (ops)
    // takes volumes from db. Checked with docker-compose 1.29 in test/builders/compose-config.test.ts.
    beforeEach(() =>
      write(dir, {
        'compose.yaml':
          'services:\n  web:\n    build: .\n    depends_on: [db]\n    volumes:\n      - deps:/app/node_modules\n' +
          '  db:\n    build: .\n    volumes:\n      - db:/app\n' +
          '  tools:\n    build: .\n    profiles: [debug]\n    depends_on:\n      cache:\n        condition: service_started\n    volumes:\n      - tools:/app\n' +
          '  cache:\n    build: .\n    profiles: [debug]\n' +
          '  report:\n    build: .\n    profiles: [ops]\n    volumes_from: [tools]\n' +
          'volumes:\n  deps:\n  db:\n  tools:\n',
        'compose.override.yaml': 'services: {}\n',
      }),
    );
    const lines = (args: string[]): string[] =>
      lintJson(dir, ['compose.yaml', ...args]).out.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.ruleId} ${x.severity}`));

    it('lints the named service and what it depends on, its profile activated, and nothing else', () => {
      assert.deepEqual(lines(['--service', 'web']), ['compose.yaml:6 VOL021 warning', 'compose.yaml:10 VOL021 warning']);
      assert.deepEqual(lines(['--service', 'tools']), ['compose.yaml:18 VOL021 warning']);
      const model = runCli(['model', 'compose.yaml', '--service', 'tools'], { cwd: dir, env: CLEAN });
      assert.equal(model.code, 0, model.stderr);
      assert.match(model.stdout, /\n {2}services tools named \(with what they depend on\); profiles: debug active; not started: web, db, report \(ops\)\n/);
      assert.match(model.stdout, /\nservice cache /);
      const json = JSON.parse(runCli(['model', 'compose.yaml', '--service', 'web', '--format', 'json'], { cwd: dir, env: CLEAN }).stdout) as { profiles: { active: string[]; selected: string[] }; services: Array<{ name: string }> };
      assert.deepEqual([json.profiles.active, json.profiles.selected, json.services.map((x) => x.name)], [[], ['web'], ['web', 'db']]);
    });

    it('a dependency the profiles leave out, and an unknown service, are errors as Compose refuses them', () => {
      const refused = lintJson(dir, ['compose.yaml', '--service', 'report']);
      assert.equal(refused.code, 1);
      const errors = refused.out.files[0]!.findings.filter((f) => f.ruleId === 'volint-compose-error');
      assert.deepEqual(errors.map((f) => `${f.line}:${f.column}`), ["25:20"]);
      assert.match(errors[0]!.message, /^service report depends on tools \(volumes_from\), which the active profiles do not start: Compose refuses this .*activate a profile of tools \(debug\)$/);
      // With the dependency's profile active, report takes tools' volume.
      assert.deepEqual(lines(['--service', 'report', '--profile', 'debug']), ['compose.yaml:18 VOL021 warning']);
      const unknown = lintJson(dir, ['compose.yaml', '--service', 'nope']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.out.files[0]!.findings[0]!.message, /^--service nope: no such service \("no such service: nope", Compose says\); the services are cache, db, report, tools, web$/);
    });

    it('without --service, a started service depending on one the active profiles leave out is an error (depends_on too)', () => {
      const out = lintJson(dir, ['compose.yaml', '--profile', 'ops']).out.files[0]!.findings.filter((f) => f.ruleId === 'volint-compose-error');
      assert.deepEqual(out.map((f) => f.line), [25]);
      write(dir, { 'compose.yaml': 'services:\n  web:\n    image: busybox\n    depends_on:\n      db:\n        required: false\n      cache: {}\n  db:\n    image: busybox\n    profiles: [x]\n  cache:\n    image: busybox\n    profiles: [x]\n' });
      const deps = lintJson(dir, ['compose.yaml', '--profile', 'y']).out.files[0]!.findings;
      // `required: false` (Compose v2): db may stay out; cache may not.
      assert.deepEqual(deps.map((f) => `${f.line} ${f.message.slice(0, 41)}`), ['7 service web depends on cache (depends_on)']);
    });

    it('applies to the one project of --env-file: another project of the walk is linted whole, and stderr says so', () => {
      write(dir, { 'other/compose.yaml': 'services:\n  a:\n    image: busybox\n  b:\n    image: busybox\n' });
      const run = lintJson(dir, ['compose.yaml', 'other', '--service', 'web']);
      assert.match(run.stderr, /^volint: note: --service applied to compose\.yaml only; 1 other compose project/);
    });
  });

  it('--help and the README flags table name the compose options; the table names every option --help lists', () => {
    const help = runCli(['--help'], { cwd: dir }).stdout;
    const table = /<!-- flags:start -->([\s\S]*)<!-- flags:end -->/.exec(readFileSync(join(REPO, 'README.md'), 'utf8'))![1]!;
    for (const flag of ['--compose-file', '--compose-env', '--env-file', '--project-name', '--profile', '--service']) {
      assert.match(help, new RegExp(`${flag}\\b`), flag);
      assert.match(table, new RegExp(`\\| \`${flag}( <[a-z]+>)?\` \\|`), flag);
    }
    // Every option --help lists is in the table (a boolean may be there as its --no- form only).
    const options = [...help.matchAll(/^\s+(?:-\w, )?--([a-z-]+)/gm)].map((m) => m[1]!);
    assert.ok(options.length >= 30, `options read from --help: ${options.join(' ')}`);
    for (const option of options) assert.match(table, new RegExp(`\`(?:-\\w, )?--(?:no-)?${option}(?![\\w-])`), `--${option} is missing from the README flags table`);
  });
});
