/**
 * Compose files through the built CLI: found in directory walks and accepted on the command line,
 * an override file standing for its project, bad input reported per file without stopping the
 * others, `volint model compose.yaml` in text and JSON, standard input with --stdin-filename, and
 * --cache keyed on the Dockerfiles and .env a project reads.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoCrash, removeDir, runCli, tempDir } from './helpers/cli.js';

interface JsonOut {
  files: Array<{ path: string; error?: string; findings: Array<{ ruleId: string; severity: string; message: string; line: number; column: number }> }>;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function lintJson(dir: string, args: string[], env?: NodeJS.ProcessEnv): { code: number | null; out: JsonOut; stderr: string } {
  const result = runCli(['--format', 'json', ...args], { cwd: dir, ...(env ? { env } : {}) });
  assertNoCrash(result, args.join(' '));
  return { code: result.code, out: JSON.parse(result.stdout) as JsonOut, stderr: result.stderr };
}

function summary(out: JsonOut): string[] {
  return out.files.flatMap((f) => (f.error ? [`${f.path} error ${f.error}`] : f.findings.map((x) => `${f.path}:${x.line}:${x.column} ${x.ruleId} ${x.message}`)));
}

describe('compose files through the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('volint-compose-');
  });
  afterEach(() => removeDir(dir));

  it('a directory walk finds compose files beside Dockerfiles; bad ones are reported, the others still linted', () => {
    write(dir, {
      'good/compose.yaml': 'services:\n  web:\n    build: .\n    volumes: [./src:/app]\n',
      'good/Dockerfile': 'FROM busybox\nCOPY . /app\n',
      'typo/docker-compose.yml': 'version: "3"\nsevices:\n  web:\n    image: busybox\n',
      'broken/compose.yml': 'services:\n  web: [unclosed\n',
      'missing/compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: api.Dockerfile\n',
      'notes.yml': 'not: a compose file\n',
    });
    const { code, out } = lintJson(dir, ['.']);
    assert.equal(code, 1);
    const lines = summary(out);
    assert.ok(lines.some((l) => /^typo\/docker-compose\.yml:2:1 volint-compose-error unknown top-level key "sevices"/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^broken\/compose\.yml:\d+:\d+ volint-compose-error not valid YAML: /.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('missing/compose.yaml:5:19 volint-compose-error service api: Dockerfile missing/api.Dockerfile cannot be read (no such file or directory)')), lines.join('\n'));
    assert.deepEqual(out.files.map((f) => f.path).sort(), ['broken/compose.yml', 'good/Dockerfile', 'good/compose.yaml', 'missing/compose.yaml', 'typo/docker-compose.yml']);
  });

  it('a walk skips a project template\'s directory ({{cookiecutter.project_slug}}, {% … %}): its files are templates until rendered; named, they are linted', () => {
    write(dir, {
      '{{cookiecutter.project_slug}}/docker-compose.yml': 'services:\n  web:\n    build: .\n{% if cookiecutter.use_celery == "y" %}\n  celery:\n    build: .\n{% endif %}\n',
      '{{cookiecutter.project_slug}}/Dockerfile': 'FROM python:{{ cookiecutter.python_version }}-slim\nVOLUME {{ cookiecutter.data_dir }}\n',
      '{% if cookiecutter.docker %}docker{% endif %}/Dockerfile': 'FROM busybox\n',
      'app/Dockerfile': 'FROM busybox\n',
    });
    const walked = lintJson(dir, ['.']);
    assert.deepEqual(walked.out.files.map((f) => f.path), ['app/Dockerfile']);
    assert.equal(walked.code, 0);
    // A folder holding only a template: nothing to lint, and no "no Dockerfile matches" error either.
    const only = lintJson(dir, ['{{cookiecutter.project_slug}}/..', '--ignore-pattern', 'app/**']);
    assert.deepEqual([only.code, only.out.files.map((f) => f.path)], [0, []]);
    const named = lintJson(dir, ['{{cookiecutter.project_slug}}/docker-compose.yml']);
    assert.ok(summary(named.out).some((l) => l.includes('not valid YAML')), summary(named.out).join('\n'));
  });

  it('an override file named on the command line lints its project; its findings name it', () => {
    write(dir, {
      'compose.yaml': 'services:\n  web:\n    image: busybox\n',
      'compose.override.yaml': 'services:\n  web:\n    volumes:\n      - ${REQUIRED:?set REQUIRED}:/data\n',
      '.env': 'OTHER=1\n',
    });
    const { code, out } = lintJson(dir, ['compose.override.yaml', 'compose.yaml']);
    assert.equal(code, 1);
    assert.deepEqual(summary(out), ['compose.override.yaml:4:9 volint-compose-error required variable REQUIRED is missing a value: set REQUIRED']);
    const ok = lintJson(dir, ['compose.yaml'], { REQUIRED: '/srv' });
    assert.equal(ok.code, 0);
  });

  it('an unset variable the .env lacks: one warning per project at its first use, naming the others (also as SARIF related locations), exit 0 as Compose', () => {
    write(dir, {
      '.env': 'OTHER=1\n',
      'compose.yaml': 'services:\n  web:\n    image: busybox\n    environment:\n      A: ${ORACLE_SID}\n      B: ${ORACLE_SID}\n',
      'compose.override.yaml': 'services:\n  web:\n    command: echo ${ORACLE_SID}\n',
    });
    const { code, out } = lintJson(dir, ['compose.yaml'], { ORACLE_SID: undefined });
    assert.equal(code, 0);
    assert.deepEqual(summary(out), [
      'compose.yaml:5:10 volint-compose-error variable ORACLE_SID is not set (in the environment or .env): Compose substitutes an empty string; used 3 times: here, line 6, compose.override.yaml:3',
    ]);
    const sarif = runCli(['--format', 'sarif', 'compose.yaml'], { cwd: dir, env: { ORACLE_SID: undefined } });
    const result = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ level: string; relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> }).runs[0]!.results[0]!;
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.relatedLocations?.map((r) => `${r.physicalLocation.artifactLocation.uri.replace(/^.*\//, '')}:${r.physicalLocation.region.startLine}`), ['compose.yaml:6', 'compose.override.yaml:3']);
    // With --env-file, the warning names the files the variables came from instead of .env.
    write(dir, { 'prod.env': 'OTHER=1\n' });
    assert.deepEqual(summary(lintJson(dir, ['compose.yaml', '--env-file', 'prod.env'], { ORACLE_SID: undefined }).out).map((m) => m.slice(0, 111)), [
      'compose.yaml:5:10 volint-compose-error variable ORACLE_SID is not set (in the environment or prod.env): Compose',
    ]);
    // Set in the environment, there is nothing to say.
    assert.deepEqual(summary(lintJson(dir, ['compose.yaml'], { ORACLE_SID: 'ORCL' }).out), []);
  });

  it('.env beside the compose file feeds interpolation', () => {
    write(dir, { 'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes: ["${DATA:?no DATA}:/data"]\n', '.env': 'DATA=./data\n' });
    assert.equal(lintJson(dir, ['compose.yaml']).code, 0);
  });

  it('volint model compose.yaml prints the run-time model, in text and JSON', () => {
    write(dir, {
      'compose.yaml': 'services:\n  web:\n    build: .\n    user: "1000"\n    volumes:\n      - deps:/app/node_modules\nvolumes:\n  deps:\n',
      Dockerfile: 'FROM busybox\nWORKDIR /app\nCOPY . .\nRUN mkdir -p /app/node_modules/x\nVOLUME /data\n',
    });
    const text = runCli(['model', 'compose.yaml'], { cwd: dir });
    assertNoCrash(text);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /service web \(compose\.yaml:2:3\)/);
    assert.match(text.stdout, /runs as: 1000 \(not root\), from `user:`/);
    assert.match(text.stdout, /\/app\/node_modules {2}named volume: volume deps/);
    assert.match(text.stdout, /Dockerfile:4 RUN mkdir mkdir \/app\/node_modules\/x/);
    assert.match(text.stdout, /\/data {2}anonymous volume for an image VOLUME/);
    const json = runCli(['model', 'compose.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 0, json.stderr);
    const model = JSON.parse(json.stdout) as { kind: string; services: Array<{ user: { value: string }; mounts: Array<{ target: string; cover: string; location: { line: number } | null }> }> };
    assert.equal(model.kind, 'compose');
    assert.deepEqual(model.services[0]!.mounts.map((m) => [m.target, m.cover, m.location?.line ?? null]), [
      ['/app/node_modules', 'named-volume', 6],
      ['/data', 'image-volume', null],
    ]);
  });

  it('volint model compose.yaml shows what the rules read beside the mounts: the host\'s dependency directory and directories, what a service starts, its configuration, its dependencies', () => {
    write(dir, {
      'compose.yaml': [
        'services:',
        '  web:',
        '    build: .',
        '    depends_on: [cache]',
        '    volumes:',
        '      - .:/app',
        '      - ./node_modules:/app/node_modules',
        '  cache:',
        '    image: redis:7',
        '    command: ["redis-server", "/usr/local/etc/redis/redis.conf", "--requirepass", "${REDIS_PASSWORD}"]',
        '    volumes:',
        '      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro',
        '',
      ].join('\n'),
      '.env': 'REDIS_PASSWORD=hunter2\n',
      Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCOPY start.sh /usr/local/bin/start.sh\nCMD ["start.sh"]\n',
      'start.sh': '#!/bin/sh\nexec node server.js\n',
      'package.json': '{"name": "web", "dependencies": {"express": "4"}}\n',
      'node_modules/express/index.js': 'module.exports = {};\n',
      'redis.conf': 'appendonly yes\n',
    });
    const text = runCli(['model', 'compose.yaml'], { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /\/app\/node_modules {2}bind mount: host \S+\/node_modules \(exists: the host's dependency directory, `npm install` makes it, package\.json beside it\)/);
    assert.match(text.stdout, /the host directory holds directories where the build puts files: \/app\/node_modules\n/);
    assert.match(text.stdout, /starts: start\.sh \(the base image's ENTRYPOINT receives it\); runs \/usr\/local\/bin\/start\.sh, put there by the build from the build context \(read\)/);
    assert.match(text.stdout, /Dockerfile:3 COPY copy \/app\/node_modules \(the build context's node_modules\)/);
    assert.match(text.stdout, /depends on: cache \(depends_on\)/);
    assert.match(text.stdout, /persistence setting: appendonly yes \(redis\.conf at \/usr\/local\/etc\/redis\/redis\.conf\)/);
    assert.doesNotMatch(text.stdout, /hunter2/, 'the command line past its first word is not printed');
    const json = runCli(['model', 'compose.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 0, json.stderr);
    assert.doesNotMatch(json.stdout, /hunter2/);
    type Mount = { target: string; hostDependencies: { command: string; manifest: string } | null; hostDirectories: string[] };
    type Service = { name: string; start: { command: string; program: { path: string; read: boolean } | null } | null; configuration: { persistence: Array<{ setting: string; value: string }> }; dependencies: Array<{ name: string; via: string }>; mounts: Mount[] };
    const model = JSON.parse(json.stdout) as { version: number; services: Service[] };
    assert.equal(model.version, 1);
    const web = model.services.find((s) => s.name === 'web')!;
    const cache = model.services.find((s) => s.name === 'cache')!;
    assert.deepEqual(web.mounts.map((m) => [m.target, m.hostDependencies?.command ?? null, m.hostDirectories]), [
      ['/app', null, ['/app/node_modules']],
      ['/app/node_modules', 'npm install', []],
    ]);
    assert.deepEqual(web.start?.program, { path: '/usr/local/bin/start.sh', read: true });
    assert.deepEqual(web.dependencies.map((d) => [d.name, d.via]), [['cache', 'depends_on']]);
    assert.deepEqual(cache.configuration.persistence.map((p) => [p.setting, p.value]), [['appendonly', 'yes']]);
    assert.equal(cache.start, null, 'an image: service has no build to start from');
  });

  it('standard input with --stdin-filename compose.yaml is linted as a compose file', () => {
    write(dir, { Dockerfile: 'FROM busybox\n' });
    const result = runCli(['--format', 'json', '--stdin-filename', 'compose.yaml', '-'], { cwd: dir, input: 'services:\n  web:\n    build: {context: ., target: nope}\n' });
    assertNoCrash(result);
    const out = JSON.parse(result.stdout) as JsonOut;
    assert.match(summary(out).join('\n'), /compose\.yaml:3:\d+ volint-compose-error service web: build target nope is not a stage of Dockerfile/);
  });

  it('--cache keys a compose file on the Dockerfile and .env it reads', () => {
    write(dir, {
      'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      target: ${TARGET}\n',
      '.env': 'TARGET=app\n',
      Dockerfile: 'FROM busybox AS app\n',
    });
    const first = lintJson(dir, ['--cache', 'compose.yaml']);
    assert.deepEqual(summary(first.out), []);
    write(dir, { Dockerfile: 'FROM busybox AS other\n' });
    const second = lintJson(dir, ['--cache', 'compose.yaml']);
    assert.match(summary(second.out).join('\n'), /build target app is not a stage of Dockerfile/);
    write(dir, { '.env': 'TARGET=other\n' });
    assert.deepEqual(summary(lintJson(dir, ['--cache', 'compose.yaml']).out), []);
    // The environment wins over .env, and is part of the key too.
    assert.match(summary(lintJson(dir, ['--cache', 'compose.yaml'], { TARGET: 'app' }).out).join('\n'), /build target app/);
  });

  it('--cache keys a compose file on every file its project reads and every variable it takes (each change is a miss)', () => {
    write(dir, {
      // include:, extends: {file}, a Dockerfile with a build arg from the environment, a .yarnrc in the context.
      'compose.yaml':
        'include:\n  - inc/compose.yaml\nservices:\n  web:\n    extends: {file: base.yaml, service: base}\n    build:\n      context: .\n      args: [VOLDIR]\n' +
        '  css:\n    build: yarn\n    volumes:\n      - ./yarn:/app\n  db:\n    image: busybox\n    volumes:\n      - deps:/deps\nvolumes:\n  deps:\n',
      'inc/compose.yaml': 'services:\n  inc:\n    build: {context: ., target: app}\n',
      'inc/Dockerfile': 'FROM busybox AS app\n',
      'base.yaml': 'services:\n  base:\n    build: {target: app}\n',
      Dockerfile: 'FROM busybox AS app\nARG VOLDIR=/default\nVOLUME $VOLDIR\n',
      'yarn/Dockerfile': 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json .yarnrc ./\nRUN yarn install\n',
      'yarn/package.json': '{}\n',
      'yarn/.yarnrc': '--modules-folder /node_modules\n',
      'vars/dev': 'UNUSED=1\n',
    });
    const env = { VOLDIR: '/a', COMPOSE_PROJECT_NAME: undefined };
    // css binds its sources (./yarn over /app) and makes the project a development stack: --compose-deployed keeps
    // VOL020 and VOL022 reporting there, so that each change shows in the findings.
    const run = (extra: NodeJS.ProcessEnv = {}, args: string[] = []): string =>
      summary(lintJson(dir, ['--cache', '--compose-deployed', 'compose.yaml', ...args], { ...env, ...extra }).out).join('\n');
    const base = run();
    assert.match(base, /VOL022 .*\/a/);
    assert.doesNotMatch(base, /VOL020|volint-compose-error/);
    // Each change below alters the findings only if the file or variable is read afresh (the extended
    // file last: its change leaves web's image unknown).
    const changes: Array<[string, () => void, RegExp, NodeJS.ProcessEnv?]> = [
      ['a Dockerfile', () => write(dir, { Dockerfile: 'FROM busybox AS app\nARG VOLDIR=/default\nVOLUME $VOLDIR /more\n' }), /\/more/],
      ['a build arg taken from the environment', () => undefined, /VOL022 .*\/b/, { VOLDIR: '/b' }],
      ['a .yarnrc in the build context', () => write(dir, { 'yarn/.yarnrc': '# no modules folder\n' }), /VOL020/],
      ['the included file', () => write(dir, { 'inc/compose.yaml': 'services:\n  inc:\n    build: {context: ., target: nope}\n' }), /inc\/compose\.yaml:3:\d+ volint-compose-error .*target nope/],
      ['the extended file', () => write(dir, { 'base.yaml': 'services:\n  base:\n    build: {target: gone}\n' }), /target gone/],
    ];
    for (const [what, change, expected, extra] of changes) {
      change();
      assert.match(run(extra), expected, what);
    }
    // An env file of any name, and COMPOSE_PROJECT_NAME from the environment (no .env names it).
    const name = (extra: NodeJS.ProcessEnv, args: string[] = []): string => {
      const result = runCli(['--format', 'json', '--cache', 'compose.yaml', '--rule', 'VOL021=error', ...args], { cwd: dir, env: { ...env, ...extra } });
      return result.stdout;
    };
    write(dir, { 'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - deps:/app\nvolumes:\n  deps:\n', Dockerfile: 'FROM busybox\nCOPY . /app\n' });
    assert.match(name({ COMPOSE_PROJECT_NAME: 'one' }), /one_deps/);
    assert.match(name({ COMPOSE_PROJECT_NAME: 'two' }), /two_deps/);
    assert.match(name({}, ['--env-file', 'vars/dev']), new RegExp(`${dir.split('/').pop()!.toLowerCase().replace(/[^a-z0-9_-]/g, '')}_deps`));
    write(dir, { 'vars/dev': 'COMPOSE_PROJECT_NAME=three\n' });
    assert.match(name({}, ['--env-file', 'vars/dev']), /three_deps/);
    write(dir, { 'vars/dev': 'COMPOSE_PROJECT_NAME\n' });
    assert.match(name({ COMPOSE_PROJECT_NAME: 'four' }, ['--env-file', 'vars/dev']), /four_deps/);
  });

  it('--cache keys every compose project of a repository on its workflows, also the projects whose workflows the run had read already', () => {
    const project = 'services:\n  pad:\n    image: example/pad\n    volumes:\n      - ./data:/pad/blob\n';
    write(dir, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      Dockerfile: 'FROM alpine:3.20\nRUN adduser -D -u 4001 pad\nRUN mkdir -p /pad/blob && chown pad /pad/blob\nUSER pad\nVOLUME /pad/blob\n',
      'a/compose.yaml': project,
      'b/compose.yaml': project,
    });
    const vol024 = (): string[] => summary(lintJson(dir, ['--cache', 'a/compose.yaml', 'b/compose.yaml'], { VOLINT_WORKERS: '0' }).out).filter((f) => / VOL024 /.test(f)).map((f) => f.split(':')[0]!);
    assert.deepEqual(vol024(), [], 'nothing builds example/pad: its image is unknown');
    write(dir, { '.github/workflows/release.yml': 'on: push\njobs:\n  image:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          tags: example/pad:latest\n' });
    assert.deepEqual(vol024(), ['a/compose.yaml', 'b/compose.yaml']);
  });

  it("--cache keys a compose file on the program's configuration file it read in the build context", () => {
    write(dir, {
      'compose.yaml': 'services:\n  kv:\n    build: .\n    volumes:\n      - ./data:/data\n',
      Dockerfile: 'FROM busybox\nVOLUME /opt/kv/var\nCOPY kv.conf /opt/kv/kv.conf\nCMD ["/opt/kv/server", "/opt/kv/kv.conf"]\n',
      'kv.conf': 'work_dir = /data\n',
      'data/.keep': '',
    });
    assert.deepEqual(summary(lintJson(dir, ['--cache', 'compose.yaml']).out), []);
    write(dir, { 'kv.conf': 'work_dir = /opt/kv/var\n' });
    assert.match(summary(lintJson(dir, ['--cache', 'compose.yaml']).out).join('\n'), /VOL022/);
  });

  it('--cache keys a compose file on the configuration file a service binds from the project', () => {
    write(dir, {
      'compose.yaml': 'services:\n  relay:\n    build: .\n    volumes:\n      - ./relay.conf:/etc/relay.conf:ro\n',
      Dockerfile: 'FROM busybox\nRUN ./configure --userdbdir=/var/lib/relay && make install\nVOLUME /var/lib/relay\nCMD ["relayd"]\n',
      'relay.conf': 'psql-userdb="host=db dbname=relay"\n',
    });
    // The project keeps no data anywhere: --compose-deployed reports its anonymous volumes.
    assert.deepEqual(summary(lintJson(dir, ['--cache', '--compose-deployed', 'compose.yaml']).out), []);
    write(dir, { 'relay.conf': 'userdb=/var/lib/relay/users.sqlite\n' });
    assert.match(summary(lintJson(dir, ['--cache', '--compose-deployed', 'compose.yaml']).out).join('\n'), /VOL022/);
  });

  it('--cache keys a compose file on --compose-deployed and on compose.deployed of the configuration', () => {
    write(dir, { 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n' });
    const lines = (args: string[]): string[] => summary(lintJson(dir, ['--cache', ...args, 'compose.yaml']).out).map((l) => l.split(' ').slice(0, 2).join(' '));
    assert.deepEqual(lines([]), []);
    assert.deepEqual(lines(['--compose-deployed']), ['compose.yaml:2:3 VOL022']);
    assert.deepEqual(lines([]), []);
    write(dir, { '.volint.yaml': 'compose:\n  deployed: true\n' });
    assert.deepEqual(lines([]), ['compose.yaml:2:3 VOL022']);
  });

  it('--cache keys a compose file on the build context directories it listed (COPY . under a volume)', () => {
    write(dir, {
      'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - media:/app/media\nvolumes:\n  media:\n',
      Dockerfile: 'FROM busybox\nCOPY . /app\n',
      'media/.gitkeep': '',
    });
    // Only a keep file: COPY . makes the directory, nothing of the image is frozen in the volume.
    assert.deepEqual(summary(lintJson(dir, ['--cache', 'compose.yaml']).out), []);
    write(dir, { 'media/logo.png': 'png' });
    assert.match(summary(lintJson(dir, ['--cache', 'compose.yaml']).out).join('\n'), /VOL021/);
  });

  it('--cache keys a compose file on whether its bind sources exist (VOL024 reports a missing one)', () => {
    write(dir, { 'compose.yaml': 'services:\n  web:\n    image: busybox\n    user: "1000"\n    volumes:\n      - ./data:/data\n' });
    const missing = summary(lintJson(dir, ['--cache', 'compose.yaml']).out).join('\n');
    assert.match(missing, /VOL024 Service web runs as 1000, but the host path \.\/data does not exist/);
    mkdirSync(join(dir, 'data'));
    assert.deepEqual(summary(lintJson(dir, ['--cache', 'compose.yaml']).out), []);
    rmSync(join(dir, 'data'), { recursive: true });
    assert.match(summary(lintJson(dir, ['--cache', 'compose.yaml']).out).join('\n'), /VOL024/);
  });

  it('--cache keys a compose file on the manifests that make a missing bind source a dependency directory (VOL024)', () => {
    write(dir, {
      'compose.yaml': 'services:\n  web:\n    image: node:20\n    user: node\n    volumes:\n      - ./node_modules:/app/node_modules\n',
      'package.json': '{ "name": "web", "packageManager": "yarn@4.5.0" }\n',
      '.yarnrc.yml': 'nodeLinker: node-modules\n',
    });
    // `yarn install` makes node_modules: the developer's directory, not Compose's.
    assert.deepEqual(summary(lintJson(dir, ['--cache', 'compose.yaml']).out), []);
    // Plug'n'Play makes none: Compose creates it, root-owned.
    write(dir, { '.yarnrc.yml': 'nodeLinker: pnp\n' });
    assert.match(summary(lintJson(dir, ['--cache', 'compose.yaml']).out).join('\n'), /VOL024 Service web runs as node, but the host path \.\/node_modules does not exist/);
    write(dir, { '.yarnrc.yml': 'nodeLinker: node-modules\n' });
    assert.deepEqual(summary(lintJson(dir, ['--cache', 'compose.yaml']).out), []);
    rmSync(join(dir, 'package.json'));
    assert.match(summary(lintJson(dir, ['--cache', 'compose.yaml']).out).join('\n'), /VOL024/);
  });

  it('--cache keys a compose file on the project scripts that prepare a missing bind source (VOL024)', () => {
    write(dir, {
      'compose.yaml': 'services:\n  pics:\n    image: busybox\n    user: "991:991"\n    volumes:\n      - ./volumes/pics:/mnt\n',
      'update.sh': '#!/bin/sh\nmkdir -p volumes/pics\nsudo chown -R 991:991 volumes/pics\ndocker compose up -d\n',
    });
    assert.deepEqual(summary(lintJson(dir, ['--cache', 'compose.yaml']).out), []);
    // Given to another account: pics (991) still cannot write there.
    write(dir, { 'update.sh': '#!/bin/sh\nmkdir -p volumes/pics\nsudo chown -R 1000:1000 volumes/pics\ndocker compose up -d\n' });
    assert.match(summary(lintJson(dir, ['--cache', 'compose.yaml']).out).join('\n'), /VOL024 Service pics runs as 991:991, but the host path \.\/volumes\/pics does not exist/);
    write(dir, { 'update.sh': '#!/bin/sh\nmkdir -p volumes/pics\nchmod 777 volumes/pics\n' });
    assert.deepEqual(summary(lintJson(dir, ['--cache', 'compose.yaml']).out), []);
    rmSync(join(dir, 'update.sh'));
    assert.match(summary(lintJson(dir, ['--cache', 'compose.yaml']).out).join('\n'), /VOL024/);
  });
});
