/**
 * How a Compose project's files combine (src/compose/project-files.ts): a `-f` list merged in order
 * with relative paths against the first file's directory, env files and their precedence, the
 * project name, `extends: {file}` and `include:` followed with their own directories, and the bad
 * input among them (a missing file, a loop, invalid YAML in a file brought in) as one problem at
 * the entry that led to it.
 */
import assert from 'node:assert/strict';
import type { ComposeMount, ComposeService } from '../src/compose/types.js';
import { COMPOSE_ERROR_ID } from '../src/engine/compose-linter.js';
import { composeService, lintComposeProject } from './helpers/compose.js';
import { readListedFiles, readRegularFile, type ComposeIO } from '../src/compose/project-files.js';
import { diskComposeIO } from '../src/cli/run.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Result = Awaited<ReturnType<typeof lintComposeProject>>;

const service = composeService;

function mountAt(s: ComposeService, target: string): ComposeMount {
  const found = s.mounts.find((m) => m.target === target);
  assert.ok(found, `no mount at ${target} in ${s.mounts.map((m) => m.target).join(', ')}`);
  return found;
}

/** Each mount as `target cover source @file:line`. */
function mounts(s: ComposeService): string[] {
  return s.mounts.map((m) => `${m.target} ${m.cover} ${m.hostPath ?? m.volume?.name ?? m.volumeKey ?? ''} @${m.location ? `${m.location.file}:${m.location.range.start.line + 1}` : '-'}`);
}

function problems(result: Result): string[] {
  return result.findings.filter((f) => f.ruleId === COMPOSE_ERROR_ID).map((f) => `${f.file}:${f.range.start.line + 1} ${f.severity} ${f.message}`);
}

describe('compose project files: a -f list', () => {
  const files = {
    'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - ./data:/data\n      - cache:/cache\nvolumes:\n  cache:\n',
    'deploy/prod.yaml': 'services:\n  web:\n    volumes:\n      - ./other:/data\n      - ./logs:/logs\n',
    'compose.override.yaml': 'services:\n  web:\n    volumes:\n      - ./override:/override\n',
  };

  it('merges the files in order; a later entry at the same target replaces the earlier one; paths are against the first file\'s directory', async () => {
    const result = await lintComposeProject(files, { moreFiles: ['deploy/prod.yaml'] });
    assert.deepEqual(mounts(service(result, 'web')), [
      '/cache named-volume project_cache @compose.yaml:6',
      '/data bind /project/other @deploy/prod.yaml:4',
      '/logs bind /project/logs @deploy/prod.yaml:5',
    ]);
    // With a list, the override file is not read (as `docker compose -f`).
    assert.deepEqual(result.model.files.map((f) => `${f.file} ${f.role}`), ['compose.yaml compose', 'deploy/prod.yaml compose']);
    assert.deepEqual(problems(result), []);
  });

  it('without a list, the override file is merged as before', async () => {
    const result = await lintComposeProject(files);
    assert.ok(mounts(service(result, 'web')).includes('/override bind /project/override @compose.override.yaml:4'));
  });

  it('a file of the list that cannot be read or is not YAML is an error in that file; the rest is modelled', async () => {
    const missing = await lintComposeProject(files, { moreFiles: ['nope.yaml'] });
    assert.deepEqual(problems(missing), ['nope.yaml:1 error compose file nope.yaml cannot be read (no such file or directory)']);
    assert.equal(service(missing, 'web').mounts.length, 2);
    const bad = await lintComposeProject({ ...files, 'bad.yaml': 'services:\n  web: [unclosed\n' }, { moreFiles: ['bad.yaml'] });
    assert.equal(problems(bad).length, 1);
    assert.match(problems(bad)[0]!, /^bad\.yaml:\d+ error not valid YAML: /);
  });
});

describe('compose project files: env files and the project name', () => {
  const compose = 'services:\n  web:\n    image: busybox\n    volumes:\n      - /h${X:-default}:/x\n      - data:/data\nvolumes:\n  data:\n';

  it('.env by default; --env-file replaces it, a later one winning; the shell wins over all', async () => {
    const files = { 'compose.yaml': compose, '.env': 'X=dotenv\n', 'a.env': 'X=a\nY=a\n', 'b.env': 'X=b-${Y}\n' };
    const host = async (options: Parameters<typeof lintComposeProject>[1]) => mountAt(service(await lintComposeProject(files, options), 'web'), '/x').hostPath;
    assert.equal(await host({}), '/hdotenv');
    assert.equal(await host({ envFiles: ['a.env'] }), '/ha');
    assert.equal(await host({ envFiles: ['a.env', 'b.env'] }), '/hb-a');
    assert.equal(await host({ envFiles: ['a.env', 'b.env'], environment: { X: 'shell' } }), '/hshell');
    const read = await lintComposeProject(files, { envFiles: ['a.env', 'b.env'] });
    assert.deepEqual(read.model.files.map((f) => `${f.file} ${f.role}`), ['compose.yaml compose', 'a.env env', 'b.env env']);
  });

  it('a named env file that cannot be read is an error naming it; a bad line names its file', async () => {
    const result = await lintComposeProject({ 'compose.yaml': compose, 'b.env': 'X=1\nnot a line\n' }, { envFiles: ['missing.env', 'b.env'] });
    assert.deepEqual(problems(result), ['b.env:2 warning b.env line 2: "not a line" is not a variable name', 'missing.env:1 error env file missing.env cannot be read (no such file or directory)']);
    assert.equal(mountAt(service(result, 'web'), '/x').hostPath, '/h1');
  });

  it('volume names take the project name: --project-name, COMPOSE_PROJECT_NAME (shell, then env file), `name:`, the directory', async () => {
    const name = async (files: Record<string, string>, options: Parameters<typeof lintComposeProject>[1] = {}) =>
      mountAt(service(await lintComposeProject(files, options), 'web'), '/data').volume?.name;
    const named = compose + 'name: fromfile\n';
    assert.equal(await name({ 'compose.yaml': compose }), 'project_data');
    assert.equal(await name({ 'compose.yaml': named }), 'fromfile_data');
    assert.equal(await name({ 'compose.yaml': named, '.env': 'COMPOSE_PROJECT_NAME=FromEnv.File\n' }), 'fromenvfile_data');
    assert.equal(await name({ 'compose.yaml': named, '.env': 'COMPOSE_PROJECT_NAME=fromenvfile\n' }, { environment: { COMPOSE_PROJECT_NAME: 'shell' } }), 'shell_data');
    assert.equal(await name({ 'compose.yaml': named }, { environment: { COMPOSE_PROJECT_NAME: 'shell' }, projectName: 'flag' }), 'flag_data');
  });

  it('${COMPOSE_PROJECT_NAME} in the files is the project name, however it was set (compose-spec 04-version-and-name.md), in included files too', async () => {
    const uses = 'services:\n  web:\n    image: busybox\n    volumes:\n      - /h/${COMPOSE_PROJECT_NAME}:/x\n';
    const host = async (files: Record<string, string>, options: Parameters<typeof lintComposeProject>[1] = {}) => {
      const result = await lintComposeProject(files, options);
      assert.deepEqual(problems(result), []);
      return mountAt(service(result, 'web'), '/x').hostPath;
    };
    assert.equal(await host({ 'compose.yaml': uses }), '/h/project');
    assert.equal(await host({ 'compose.yaml': uses + 'name: My.App\n' }), '/h/myapp');
    // The last file of a -f list that writes `name:` wins.
    assert.equal(await host({ 'compose.yaml': uses + 'name: first\n', 'b.yaml': 'name: ${SECOND:-second}\n' }, { moreFiles: ['b.yaml'] }), '/h/second');
    assert.equal(await host({ 'compose.yaml': uses + 'name: fromfile\n', '.env': 'COMPOSE_PROJECT_NAME=fromenv\n' }), '/h/fromenv');
    assert.equal(await host({ 'compose.yaml': uses + 'name: fromfile\n' }, { projectName: 'flag' }), '/h/flag');
    const included = await lintComposeProject({ 'compose.yaml': 'name: top\ninclude:\n  - sub/compose.yaml\n', 'sub/compose.yaml': uses });
    assert.equal(mountAt(service(included, 'web'), '/x').hostPath, '/h/top');
  });
});

describe('compose project files: extends from another file', () => {
  const base = 'services:\n  base:\n    build: ./ctx\n    volumes:\n      - ./rel:/rel\n      - ./shared:/shared\n      - data:/data\n';
  const main = 'services:\n  web:\n    extends:\n      file: common/base.yaml\n      service: base\n    volumes:\n      - ./here:/here\n      - ./over:/shared\nvolumes:\n  data:\n';

  it('inherits the service; its relative paths are against its own file\'s directory; the service\'s entries win', async () => {
    const result = await lintComposeProject({ 'compose.yaml': main, 'common/base.yaml': base, 'common/ctx/Dockerfile': 'FROM busybox\nCOPY . /app\n' });
    const web = service(result, 'web');
    assert.deepEqual(mounts(web), [
      '/data named-volume project_data @common/base.yaml:7',
      '/here bind /project/here @compose.yaml:7',
      '/rel bind /project/common/rel @common/base.yaml:5',
      '/shared bind /project/over @compose.yaml:8',
    ]);
    assert.equal(web.image.kind, 'build');
    assert.equal(web.image.kind === 'build' ? web.image.build.dockerfile : null, 'common/ctx/Dockerfile');
    assert.deepEqual(result.model.files.map((f) => `${f.file} ${f.role}`), ['compose.yaml compose', 'common/base.yaml extends']);
    assert.deepEqual(problems(result), []);
  });

  it('the extended file\'s top-level volumes are not imported (Compose: declare them in the project)', async () => {
    const result = await lintComposeProject({ 'compose.yaml': main.replace(/volumes:\n  data:\n$/, ''), 'common/base.yaml': base + 'volumes:\n  data:\n', 'common/ctx/Dockerfile': 'FROM busybox\n' });
    assert.deepEqual(problems(result), ['common/base.yaml:7 error service web mounts volume data, which the top-level `volumes:` does not declare (Compose refuses this)']);
  });

  it('a missing file, a missing service, invalid YAML, a loop across files: one error at the entry; the service is modelled without it', async () => {
    const missing = await lintComposeProject({ 'compose.yaml': main });
    // Only the cause: not also that web, without what it inherits, has neither image nor build.
    assert.deepEqual(problems(missing), ['compose.yaml:4 error extended file common/base.yaml cannot be read (no such file or directory)']);
    assert.deepEqual(mounts(service(missing, 'web')).map((m) => m.split(' ')[0]), ['/here', '/shared']);

    const noService = await lintComposeProject({ 'compose.yaml': main, 'common/base.yaml': 'services:\n  other:\n    image: busybox\n' });
    assert.deepEqual(problems(noService), ['compose.yaml:4 error service web extends base, which is not defined in common/base.yaml']);

    const bad = await lintComposeProject({ 'compose.yaml': main, 'common/base.yaml': 'services:\n  base: [unclosed\n' });
    const badProblems = problems(bad);
    assert.equal(badProblems.length, 2, badProblems.join('\n'));
    assert.match(badProblems[0]!, /^compose\.yaml:4 error extended file common\/base\.yaml is not valid: not valid YAML: /);
    assert.match(badProblems[1]!, /^common\/base\.yaml:\d+ error not valid YAML: /);

    const loop = await lintComposeProject({
      'compose.yaml': 'services:\n  web:\n    image: busybox\n    extends:\n      file: a.yaml\n      service: a\n',
      'a.yaml': 'services:\n  a:\n    extends:\n      file: b.yaml\n      service: b\n',
      'b.yaml': 'services:\n  b:\n    extends:\n      file: a.yaml\n      service: a\n',
    });
    assert.deepEqual(problems(loop), ['b.yaml:4 error service b: `extends` loops (a → b → a)']);
  });

  it('a loop within the file is an error too', async () => {
    const result = await lintComposeProject({ 'compose.yaml': 'services:\n  a:\n    image: busybox\n    extends: b\n  b:\n    extends:\n      service: a\n' });
    // Each service of the loop is reported at its own `extends`.
    assert.deepEqual(problems(result), ['compose.yaml:4 error service a: `extends` loops (b → a → b)', 'compose.yaml:7 error service b: `extends` loops (a → b → a)']);
  });
});

describe('compose project files: include', () => {
  const main = 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: busybox\n    volumes:\n      - shared:/shared\n';
  const db = 'services:\n  db:\n    build: .\n    volumes:\n      - ./init:/docker-entrypoint-initdb.d\n      - ${DB_DATA:-dbdata}:/var/lib/data\nvolumes:\n  dbdata:\n  shared:\n  fromenv:\n';

  it('copies the included project\'s services and volumes in; its paths are against its own directory; volume names take this project\'s name', async () => {
    const result = await lintComposeProject({ 'compose.yaml': main, 'db/compose.yaml': db, 'db/Dockerfile': 'FROM busybox\n' });
    assert.deepEqual(result.model.services.map((s) => s.name), ['web', 'db']);
    assert.deepEqual(mounts(service(result, 'db')), [
      '/docker-entrypoint-initdb.d bind /project/db/init @db/compose.yaml:5',
      '/var/lib/data named-volume project_dbdata @db/compose.yaml:6',
    ]);
    assert.equal(mountAt(service(result, 'web'), '/shared').volume?.name, 'project_shared');
    assert.equal(service(result, 'db').image.kind, 'build');
    assert.deepEqual(problems(result), []);
  });

  it('the included project\'s .env gives defaults; the including project\'s variables win', async () => {
    const files = { 'compose.yaml': main, 'db/compose.yaml': db, 'db/Dockerfile': 'FROM busybox\n', 'db/.env': 'DB_DATA=fromenv\n' };
    assert.equal(mountAt(service(await lintComposeProject(files), 'db'), '/var/lib/data').volume?.name, 'project_fromenv');
    assert.equal(mountAt(service(await lintComposeProject({ ...files, '.env': 'DB_DATA=dbdata\n' }), 'db'), '/var/lib/data').volume?.name, 'project_dbdata');
  });

  it('the long syntax: a list of paths merged, project_directory, env_file', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'include:\n  - path:\n      - db/compose.yaml\n      - db/more.yaml\n    project_directory: db/sub\n    env_file: db/x.env\n',
      'db/compose.yaml': db,
      'db/more.yaml': 'services:\n  db:\n    volumes:\n      - ./more:/more\n',
      'db/x.env': 'DB_DATA=fromenv\n',
      'db/sub/Dockerfile': 'FROM busybox\n',
    });
    assert.deepEqual(mounts(service(result, 'db')), [
      '/docker-entrypoint-initdb.d bind /project/db/sub/init @db/compose.yaml:5',
      '/more bind /project/db/sub/more @db/more.yaml:4',
      '/var/lib/data named-volume project_fromenv @db/compose.yaml:6',
    ]);
    assert.deepEqual(problems(result), []);
  });

  it('a name the project defines too is merged over the included definition (compose-go 3d3411d, Compose v5), each side\'s paths against its own directory', async () => {
    const own = main + '  db:\n    shm_size: 256mb\n    volumes:\n      - ./own:/own\n      - ./replaced:/docker-entrypoint-initdb.d\nvolumes:\n  shared:\n    name: own-shared\n';
    const result = await lintComposeProject({ 'compose.yaml': own, 'db/compose.yaml': db, 'db/Dockerfile': 'FROM busybox\n' });
    assert.deepEqual(problems(result), []);
    const s = service(result, 'db');
    // The included build stays (the project's partial definition has none); the project's entry at the same target wins.
    assert.equal(s.image.kind, 'build');
    assert.deepEqual(mounts(s), [
      '/docker-entrypoint-initdb.d bind /project/replaced @compose.yaml:12',
      '/own bind /project/own @compose.yaml:11',
      '/var/lib/data named-volume project_dbdata @db/compose.yaml:6',
    ]);
    assert.equal(mountAt(service(result, 'web'), '/shared').volume?.name, 'own-shared');
    // !override replaces the included definition's key whole.
    const replaced = await lintComposeProject({
      'compose.yaml': main + '  db:\n    volumes: !override\n      - ./only:/only\nvolumes:\n  shared:\n',
      'db/compose.yaml': db,
      'db/Dockerfile': 'FROM busybox\n',
    });
    assert.deepEqual(mounts(service(replaced, 'db')), ['/only bind /project/only @compose.yaml:10']);
  });

  it('an extends in an included file reads its file with the included project\'s variables; so do its value-less build args', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'include:\n  - path: alt/compose.yaml\n    env_file: base/defaults.env\n',
      'alt/compose.yaml': 'services:\n  app-2:\n    extends:\n      file: ../base/compose.yaml\n      service: app\n    build:\n      context: ../base\n      args:\n        - MODE\nvolumes:\n  appdata:\n',
      'base/compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      args:\n        - VERSION=${APP_VERSION}\n    volumes:\n      - ${APP_DATA}:/data\n',
      'base/defaults.env': 'APP_VERSION=2\nAPP_DATA=appdata\nMODE=fast\n',
      'base/Dockerfile': 'FROM busybox\n',
    });
    assert.deepEqual(problems(result), []);
    const s = service(result, 'app-2');
    assert.deepEqual(mounts(s), ['/data named-volume project_appdata @base/compose.yaml:8']);
    assert.ok(s.image.kind === 'build');
    assert.deepEqual([...s.image.build.args], [['VERSION', '2'], ['MODE', 'fast']]);
  });

  it('a missing file, invalid YAML, a loop: one problem at the include entry; never a crash', async () => {
    assert.deepEqual(problems(await lintComposeProject({ 'compose.yaml': main })), [
      'compose.yaml:2 error included file db/compose.yaml cannot be read (no such file or directory)',
      'compose.yaml:7 error service web mounts volume shared, which the top-level `volumes:` does not declare (Compose refuses this)',
    ]);
    const bad = problems(await lintComposeProject({ 'compose.yaml': main, 'db/compose.yaml': 'services: [\n' }));
    assert.equal(bad.length, 3, bad.join('\n'));
    assert.match(bad[0]!, /^compose\.yaml:2 error included file db\/compose\.yaml is not valid: not valid YAML: /);
    assert.match(bad[1]!, /^compose\.yaml:7 error service web mounts volume shared, which/);
    assert.match(bad[2]!, /^db\/compose\.yaml:\d+ error not valid YAML: /);
    const loop = await lintComposeProject({ 'compose.yaml': 'include: [a.yaml]\nservices: {}\n', 'a.yaml': 'include: [b.yaml]\nservices: {}\n', 'b.yaml': 'include: [a.yaml]\nservices: {}\n' });
    assert.deepEqual(problems(loop), ['b.yaml:1 error `include:` loops: a.yaml → b.yaml → a.yaml']);
    const self = await lintComposeProject({ 'compose.yaml': 'include: [compose.yaml]\nservices: {}\n' });
    assert.deepEqual(problems(self), ['compose.yaml:1 error `include:` loops: compose.yaml → compose.yaml']);
    assert.deepEqual(problems(await lintComposeProject({ 'compose.yaml': 'include: [{env_file: x.env}]\nservices: {}\n' })), [
      'compose.yaml:1 error `include:` entry without a `path` (a file name, or a mapping with `path:`)',
    ]);
  });
});

describe('files of a listing read only when small enough (readListedFiles, readRegularFile)', () => {
  /** A folder of three scripts, one of 300 KB, as an IO that tells sizes or not, and the paths it read. */
  function folder(withSizes: boolean): { io: ComposeIO; read: string[] } {
    const files = new Map([['/p/a.sh', 'echo a\n'], ['/p/big.sh', 'x'.repeat(300 * 1024)], ['/p/c.sh', 'echo c\n']]);
    const read: string[] = [];
    const io: ComposeIO = {
      readText: async (path) => {
        read.push(path);
        const text = files.get(path);
        if (text === undefined) throw new Error('no such file or directory');
        return text;
      },
      isFile: async (path) => files.has(path),
      list: async () => [...files.keys()].map((path) => ({ name: path.slice(3), directory: false })),
      ...(withSizes ? { fileSize: async (path: string) => (files.has(path) ? Buffer.byteLength(files.get(path)!) : null) } : {}),
    };
    return { io, read };
  }

  it('a file larger than the limit is left out without being read where the IO tells sizes', async () => {
    const { io, read } = folder(true);
    assert.deepEqual((await readListedFiles(io, '/p', /\.sh$/, 40, 256 * 1024)).map((f) => f.path), ['/p/a.sh', '/p/c.sh']);
    assert.deepEqual(read, ['/p/a.sh', '/p/c.sh']);
    await assert.rejects(readRegularFile(io, '/p/big.sh', 256 * 1024), /larger than 262144 bytes/);
    await assert.rejects(readRegularFile(io, '/p/none.sh'), /no such file or directory/);
    assert.equal((await readRegularFile(io, '/p/big.sh')).length, 300 * 1024);
  });

  it('without sizes, the same files are left out once read', async () => {
    const { io, read } = folder(false);
    assert.deepEqual((await readListedFiles(io, '/p', /\.sh$/, 40, 256 * 1024)).map((f) => f.path), ['/p/a.sh', '/p/c.sh']);
    assert.deepEqual(read, ['/p/a.sh', '/p/big.sh', '/p/c.sh']);
  });

  it('the disk IO tells the size of a regular file and null for a directory or nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'volint-size-'));
    try {
      writeFileSync(join(dir, 'f.sh'), 'echo hi\n');
      assert.equal(await diskComposeIO.fileSize!(join(dir, 'f.sh')), 8);
      assert.equal(await diskComposeIO.fileSize!(dir), null);
      assert.equal(await diskComposeIO.fileSize!(join(dir, 'none')), null);
      await assert.rejects(diskComposeIO.list!(join(dir, 'none')), /no such file or directory/);
      await assert.rejects(diskComposeIO.list!(join(dir, 'f.sh')), /not a directory/);
      assert.deepEqual(await diskComposeIO.list!(dir), [{ name: 'f.sh', directory: false }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
