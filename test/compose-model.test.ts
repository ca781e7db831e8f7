/**
 * The Compose model: interpolation and .env, the short and long volume syntaxes, merging with the
 * override file, the image behind each service (Dockerfile with build args and target, catalogue,
 * unknown), the user, image VOLUMEs, volumes_from, and bad input as problems at their line.
 */
import assert from 'node:assert/strict';
import { interpolate, parseDotenv } from '../src/compose/interpolate.js';
import { parseShortVolume } from '../src/compose/short-syntax.js';
import { parseByteSize } from '../src/compose/model.js';
import type { ComposeMount, ComposeService } from '../src/compose/types.js';
import { COMPOSE_ERROR_ID } from '../src/engine/compose-linter.js';
import { composeService, lintComposeProject } from './helpers/compose.js';

function vars(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

const service = composeService;

function mountAt(s: ComposeService, target: string): ComposeMount {
  const found = s.mounts.find((m) => m.target === target);
  assert.ok(found, `no mount at ${target} in ${s.mounts.map((m) => m.target).join(', ')}`);
  return found;
}

function problems(result: Awaited<ReturnType<typeof lintComposeProject>>): string[] {
  return result.findings.filter((f) => f.ruleId === COMPOSE_ERROR_ID).map((f) => `${f.file}:${f.range.start.line + 1} ${f.severity} ${f.message}`);
}

describe('compose interpolation', () => {
  const v = vars({ SET: 'value', EMPTY: '' });
  for (const [template, expected] of [
    ['$SET and ${SET}', 'value and value'],
    ['${UNSET:-default}', 'default'],
    ['${EMPTY:-default}', 'default'],
    ['${EMPTY-default}', ''],
    ['${UNSET-default}', 'default'],
    ['${SET:+alt}', 'alt'],
    ['${UNSET:+alt}', ''],
    ['$$SET costs $$5', '$SET costs $5'],
    ['${UNSET:-${SET}/x}', 'value/x'],
    ['a$', 'a$'],
  ] as const) {
    it(`${template} → ${JSON.stringify(expected)}`, () => {
      assert.equal(interpolate(template, v).value, expected);
    });
  }

  it('${X:?message} with X unset is an error naming the message', () => {
    const result = interpolate('${DB_PASSWORD:?set it in .env}', v);
    assert.equal(result.issues.length, 1);
    assert.equal(result.issues[0]!.kind, 'required');
    assert.equal(result.issues[0]!.message, 'required variable DB_PASSWORD is missing a value: set it in .env');
  });

  it('${X:?} accepts a set variable, ${EMPTY?} an empty one, ${EMPTY:?} does not', () => {
    assert.deepEqual(interpolate('${SET:?no}', v).issues, []);
    assert.deepEqual(interpolate('${EMPTY?no}', v).issues, []);
    assert.equal(interpolate('${EMPTY:?no}', v).issues[0]?.kind, 'required');
  });

  it('names the variables it reads, in defaults only where the default is taken, never a `$$` escape', () => {
    assert.deepEqual(interpolate('$SET/${UNSET:-${SET}}/$${ESCAPED}/${SET:-$OTHER}', v).names, ['SET', 'UNSET', 'SET', 'SET']);
    assert.deepEqual(interpolate('no variables', v).names, []);
  });

  it('an unset variable without a default becomes empty, with an issue', () => {
    const result = interpolate('/data/${UNSET}', v);
    assert.equal(result.value, '/data/');
    assert.equal(result.issues[0]?.kind, 'unset');
  });

  it('an unclosed ${ is an invalid interpolation, not a crash', () => {
    assert.equal(interpolate('${OPEN', v).issues[0]?.kind, 'invalid');
  });
});

describe('.env files', () => {
  it('reads KEY=value, export, quotes, comments, and ${…} from earlier lines', () => {
    const { values, issues } = parseDotenv(
      ['# comment', 'A=1', 'export B=two # trailing', "C='${A} literal'", 'D="${A}-x\\ny"', 'E=${A}${B}', '', 'F'].join('\n'),
      vars({ F: 'from-env' }),
    );
    assert.deepEqual(Object.fromEntries(values), { A: '1', B: 'two', C: '${A} literal', D: '1-x\ny', E: '1two', F: 'from-env' });
    assert.deepEqual(issues, []);
  });

  it('a line that is not KEY=value is an issue with its line', () => {
    const { issues } = parseDotenv('A=1\nnot valid line=2\n', new Map());
    assert.equal(issues[0]?.line, 1);
  });
});

describe('compose short volume syntax', () => {
  for (const [spec, expected] of [
    ['/data', { source: null, target: '/data', modes: [], bind: false }],
    ['db:/var/lib/postgresql/data', { source: 'db', target: '/var/lib/postgresql/data', modes: [], bind: false }],
    ['./src:/app:ro', { source: './src', target: '/app', modes: ['ro'], bind: true }],
    ['~/cache:/root/.cache:rw,z', { source: '~/cache', target: '/root/.cache', modes: ['rw', 'z'], bind: true }],
    ['C:\\data:/data', { source: 'C:\\data', target: '/data', modes: [], bind: true }],
    ['deps:/app/node_modules:nocopy', { source: 'deps', target: '/app/node_modules', modes: ['nocopy'], bind: false }],
  ] as const) {
    it(spec, () => assert.deepEqual(parseShortVolume(spec), expected));
  }

  it('too many colons and empty sections are errors', () => {
    assert.throws(() => parseShortVolume('vol:/b:ro:x'), /too many colons/);
    // A single letter before a colon is a Windows drive, as Compose reads it.
    assert.deepEqual(parseShortVolume('a:b:ro'), { source: 'a:b', target: 'ro', modes: [], bind: true });
    assert.throws(() => parseShortVolume('vol::/b'), /empty section/);
  });

  it('sizes as Docker reads them', () => {
    assert.equal(parseByteSize('64m'), 64 * 1024 * 1024);
    assert.equal(parseByteSize('1g'), 1024 ** 3);
    assert.equal(parseByteSize(1000), 1000);
    assert.equal(parseByteSize('lots'), null);
  });
});

const NODE_DOCKERFILE = [
  'FROM node:20 AS deps',
  'WORKDIR /app',
  'COPY package.json ./',
  'RUN npm install',
  'FROM deps AS dev',
  'USER node',
  'FROM deps AS prod',
  'ARG OUT=/srv/out',
  'COPY . $OUT',
  'VOLUME /var/cache/app',
  '',
].join('\n');

describe('the compose model', () => {
  it('the program\'s database: the directory the build names for it, and the server its bound configuration names', async () => {
    const result = await lintComposeProject({
      'compose.yaml': [
        'services:',
        '  relay:',
        '    build: .',
        '    volumes:',
        '      - ./relay.conf:/etc/relay.conf:ro',
        '      - ./notes.txt:/etc/notes.txt:ro',
        '  web:',
        '    build: .',
        '    volumes:',
        '      - ./web.yaml:/etc/web.yaml:ro',
        '',
      ].join('\n'),
      Dockerfile: ['FROM debian:bookworm-slim', 'RUN ./configure --prefix=/usr --userdbdir=/var/lib/relay --state-db-path /srv/state && make install', 'VOLUME /var/lib/relay', 'CMD ["relayd"]', ''].join('\n'),
      'relay.conf': ['mysql-userdb="host=mysql dbname=relay"', 'redis-userdb="ip=127.0.0.1 dbname=0"', 'userdb=/var/lib/relay/users.sqlite', 'state_dir = /srv/state', ''].join('\n'),
      'notes.txt': 'database_url = postgres://notes@db/notes\n',
      'web.yaml': ['database_url: "postgresql://app:secret@db:5432/app"', 'cache_db_url: sqlite:///var/lib/relay/cache.db', 'session_db: localhost', ''].join('\n'),
    });
    const relay = service(result, 'relay');
    assert.deepEqual(
      relay.databaseDirectories.map((d) => [d.option, d.path]),
      [
        ['--userdbdir', '/var/lib/relay'],
        ['--state-db-path', '/srv/state'],
      ],
    );
    // The bound .conf is read; a bound file not named like configuration is not; localhost and a path are no server.
    assert.deepEqual(relay.configuredServers.map((c) => [c.setting, c.server, c.imagePath]), [['mysql-userdb', 'mysql', '/etc/relay.conf']]);
    assert.deepEqual(relay.configuredDirectories.map((c) => [c.setting, c.path]), [['state_dir', '/srv/state']]);
    assert.deepEqual(service(result, 'web').configuredServers.map((c) => [c.setting, c.server]), [['database_url', 'db']]);
  });

  it('a COPY --from of a stage holding context files where a tool volint cannot follow ran: stageContext.tools; a tool that writes a known environment there makes it content', async () => {
    const stage = (run: string) => ['FROM python:3.12 AS deps', 'WORKDIR /srv/shop', 'COPY pyproject.toml /srv/shop/', run, '', 'FROM python:3.12-slim', 'COPY --from=deps /srv/shop /srv/shop', ''].join('\n');
    const copyStep = async (run: string) => {
      const result = await lintComposeProject({ 'compose.yaml': 'services:\n  shop:\n    build: .\n    volumes:\n      - .:/srv/shop\n', Dockerfile: stage(run), 'pyproject.toml': '[project]\nname = "shop"\n' });
      const step = mountAt(service(result, 'shop'), '/srv/shop').image.steps.find((s) => s.effect.kind === 'copy' && s.effect.from === 'deps');
      assert.ok(step);
      return step;
    };
    // pip installs the groups into the interpreter's environment: only the context's file is there.
    const plain = await copyStep('RUN pip install --group main');
    assert.deepEqual([plain.stageContext?.steps.length, plain.stageContext?.tools.length], [1, 0]);
    // An editable install builds the project there: its files are unknown, not absent.
    const editable = await copyStep('RUN pip install -e .');
    assert.deepEqual(editable.stageContext?.tools.map((t) => [t.kind, t.command, t.path]), [['opaque', 'RUN pip install', '/srv/shop']]);
    // uv sync writes .venv there: the stage's content is the build's own, no stageContext.
    const synced = await copyStep('RUN uv sync --frozen --no-install-project');
    assert.equal(synced.stageContext, undefined);
  });

  it("the container's environment: env_file: (a path, a list, { path, required }; a later file wins) under environment:, an unreadable file gives nothing", async () => {
    const result = await lintComposeProject({
      'compose.yaml': [
        'services:',
        '  db:',
        '    image: postgres:16',
        '    env_file:',
        '      - env/base.env',
        '      - path: env/local.env',
        '        required: false',
        '      - env/missing.env',
        '    environment:',
        '      POSTGRES_USER: app',
        '  one:',
        '    image: postgres:16',
        '    env_file: env/local.env',
        '    environment:',
        '      - PGDATA=/var/lib/postgresql/data',
        '      - FROM_SHELL',
        '',
      ].join('\n'),
      'env/base.env': 'PGDATA=/srv/base\nPOSTGRES_USER=base\nPOSTGRES_DB=shop\n',
      'env/local.env': '# the local one\nPGDATA=/data/postgres\nDB_HOME=${PGDATA}/..\n',
    });
    assert.deepEqual(Object.fromEntries(service(result, 'db').environment), { POSTGRES_USER: 'app', PGDATA: '/data/postgres', POSTGRES_DB: 'shop', DB_HOME: '/data/postgres/..' });
    assert.deepEqual(Object.fromEntries(service(result, 'one').environment), { PGDATA: '/var/lib/postgresql/data', FROM_SHELL: null, DB_HOME: '/data/postgres/..' });
    assert.deepEqual(problems(result), []);
  });

  it('a service built from a Dockerfile: mounts, what the image holds there, the user and the image VOLUME', async () => {
    const result = await lintComposeProject({
      'compose.yaml': [
        'services:',
        '  web:',
        '    build:',
        '      context: ./app',
        '      target: prod',
        '      args:',
        '        OUT: /srv/site',
        '    volumes:',
        '      - ./app:/app',
        '      - deps:/app/node_modules',
        '      - type: tmpfs',
        '        target: /tmp/work',
        '        tmpfs:',
        '          size: 64m',
        '          mode: 01777',
        '    tmpfs: /run:size=1m,mode=755',
        'volumes:',
        '  deps: {}',
        '',
      ].join('\n'),
      'app/Dockerfile': NODE_DOCKERFILE,
    });
    assert.deepEqual(problems(result), []);
    const web = service(result, 'web');
    assert.equal(web.image.kind, 'build');
    if (web.image.kind !== 'build') return;
    assert.equal(web.image.build.dockerfile, 'app/Dockerfile');
    assert.equal(web.image.stage.name, 'prod');
    assert.deepEqual(result.model.dockerfiles, ['/project/app/Dockerfile']);

    const bind = mountAt(web, '/app');
    assert.equal(bind.cover, 'bind');
    assert.equal(bind.hostPath, '/project/app');
    assert.equal(bind.createHostPath, true);
    assert.deepEqual(bind.location?.range.start, { line: 8, character: 8 });
    assert.equal(bind.image.known, true);
    assert.equal(bind.image.filled, true);
    assert.ok(bind.image.steps.some((s) => s.effect.command === 'COPY' && s.reach === 'inside'));

    const deps = mountAt(web, '/app/node_modules');
    assert.equal(deps.cover, 'named-volume');
    assert.equal(deps.volume?.name, 'project_deps');
    assert.ok(deps.image.steps.some((s) => s.effect.instruction.keyword === 'RUN'), 'npm install writes node_modules');
    assert.equal(deps.image.filled, true);

    const tmp = mountAt(web, '/tmp/work');
    assert.equal(tmp.cover, 'tmpfs');
    assert.equal(tmp.tmpfsSize, 64 * 1024 * 1024);
    assert.equal(tmp.tmpfsMode, 0o1777);
    const run = mountAt(web, '/run');
    assert.equal(run.syntax, 'tmpfs');
    assert.equal(run.tmpfsSize, 1024 * 1024);
    assert.equal(run.tmpfsMode, 0o755);

    // The build arg reaches the Dockerfile: COPY goes to /srv/site.
    assert.ok(mountAt(web, '/var/cache/app'));
    const out = web.image.stage.effects.find((e) => e.command === 'COPY' && e.path.startsWith('/srv'));
    assert.equal(out?.path, '/srv/site');

    // The image VOLUME nobody mounts: an anonymous volume, pointing at the VOLUME line.
    const anonymous = mountAt(web, '/var/cache/app');
    assert.equal(anonymous.cover, 'image-volume');
    assert.equal(anonymous.location, null);
    const declared = web.imageVolumes.find((v) => v.path === '/var/cache/app');
    assert.equal(declared?.mountedBy, null);
    assert.equal(declared?.site?.file, 'app/Dockerfile');
    assert.equal(declared?.site?.range.start.line, 9);

    // No USER in the prod chain and node:20 in the catalogue or not: never claimed non-root.
    assert.notEqual(web.user.root, false);
  });

  it('`user:` overrides the image USER; the Dockerfile USER is the fallback', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  a:\n    build: {context: ., target: dev}\n  b:\n    build: {context: ., target: dev}\n    user: "0"\n',
      'Dockerfile': NODE_DOCKERFILE,
    });
    const a = service(result, 'a').user;
    assert.equal(a.value, 'node');
    assert.equal(a.source, 'image');
    assert.equal(a.root, false);
    assert.deepEqual(a.location, { file: 'Dockerfile', range: a.location!.range });
    assert.equal(a.location!.range.start.line, 5);
    const b = service(result, 'b').user;
    assert.deepEqual([b.value, b.source, b.root], ['0', 'compose', true]);
  });

  it('an image from the catalogue brings its VOLUMEs; an explicit mount of one ties them', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pg:/var/lib/postgresql/data\n  other:\n    image: postgres:16\nvolumes:\n  pg:\n',
    });
    const db = service(result, 'db');
    assert.equal(db.image.kind, 'catalog');
    const volume = db.imageVolumes.find((v) => v.path === '/var/lib/postgresql/data');
    assert.ok(volume?.mountedBy);
    assert.equal(volume.mountedBy.cover, 'named-volume');
    assert.equal(mountAt(db, '/var/lib/postgresql/data').replacesImageVolume, volume);
    assert.equal(mountAt(db, '/var/lib/postgresql/data').image.known, false);
    const other = service(result, 'other');
    assert.equal(mountAt(other, '/var/lib/postgresql/data').cover, 'image-volume');
  });

  it('an image volint does not know is said to be unknown', async () => {
    const result = await lintComposeProject({ 'compose.yaml': 'services:\n  app:\n    image: example.invalid/thing:1\n    volumes: [/data]\n' });
    const app = service(result, 'app');
    assert.equal(app.image.kind, 'unknown');
    assert.match(app.image.kind === 'unknown' ? app.image.reason : '', /not in volint's catalogue/);
    assert.equal(app.user.root, null);
    assert.equal(mountAt(app, '/data').cover, 'anonymous-volume');
    assert.equal(mountAt(app, '/data').image.known, false);
  });

  it('an image tag from a variable with no value is not read as latest: the catalogue answers only where every tag agrees (B2)', async () => {
    // mattermost/docker writes `postgres:${POSTGRES_IMAGE_TAG}` and ships only env.example: without
    // the value Compose runs `postgres:` (Docker: invalid reference format), not postgres 18.
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  db:\n    image: postgres:${PG_TAG}\n    restart: always\n  cache:\n    image: mysql:${MYSQL_TAG}\n  app:\n    image: ${REGISTRY}/team/app:1\n  kept:\n    image: postgres:${PG_TAG_SET}\n  web:\n    image: nginx\n    volumes: [site:/usr/share/nginx/html]\nvolumes:\n  site:\n',
      '.env': 'PG_TAG_SET=16\n',
    });
    const db = service(result, 'db');
    assert.equal(db.image.kind, 'unknown');
    assert.equal(db.image.kind === 'unknown' ? db.image.reason : '', 'image postgres:${PG_TAG} depends on PG_TAG, which has no value here (in the environment or .env): which image runs is not known');
    assert.equal(db.imageVolumes.length, 0);
    const cache = service(result, 'cache');
    assert.equal(cache.image.kind, 'catalog', 'every mysql entry declares /var/lib/mysql');
    assert.equal(cache.image.kind === 'catalog' ? cache.image.ref.raw : '', 'mysql:${MYSQL_TAG}');
    assert.equal(service(result, 'app').image.kind, 'unknown');
    const kept = service(result, 'kept');
    assert.deepEqual(kept.imageVolumes.map((v) => v.path), ['/var/lib/postgresql/data'], 'PG_TAG_SET=16 from .env');
    assert.ok(!result.findings.some((f) => f.message.startsWith('Service db ')), 'no finding claims a VOLUME of an image whose tag is not known');
  });

  it('an image tag the catalogue cannot place is unknown, and the model says why (E1)', async () => {
    // postgres:alpine-14 is no published tag: it was read as the catch-all (18) and its VOLUME reported.
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  db:\n    image: postgres:alpine-14\n    volumes: [./data/postgres:/var/lib/postgresql/data]\n  ok:\n    image: postgres:16.4-bookworm\n  latest:\n    image: postgres\n  cache:\n    image: mysql:alpine-14\n',
    });
    const db = service(result, 'db');
    assert.equal(db.image.kind, 'unknown');
    assert.match(db.image.kind === 'unknown' ? db.image.reason : '', /^the tag alpine-14 of postgres does not say which release it is .* volint's catalogue knows postgres releases that differ/);
    assert.equal(db.imageVolumes.length, 0);
    assert.ok(!result.findings.some((f) => f.message.startsWith('Service db ')), 'nothing claimed of an image whose release is not known');
    assert.deepEqual(service(result, 'ok').imageVolumes.map((v) => v.path), ['/var/lib/postgresql/data']);
    assert.deepEqual(service(result, 'latest').imageVolumes.map((v) => v.path), ['/var/lib/postgresql']);
    assert.equal(service(result, 'cache').image.kind, 'catalog', 'every mysql entry agrees');
  });

  it('a COPY --from of a parent directory brings the source stage\'s steps below the mount point (D9)', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - bundle_data:/usr/local/bundle/gems\n      - other:/usr/local/bundle/cache\nvolumes:\n  bundle_data:\n  other:\n',
      Dockerfile: 'FROM ruby:3.3.8-alpine AS build\nWORKDIR /usr/src/app\nCOPY Gemfile ./\nRUN bundle install\nFROM ruby:3.3.8-alpine\nCOPY --from=build /usr/local/bundle/ /usr/local/bundle/\n',
      Gemfile: "source 'https://rubygems.org'\n",
    });
    const web = service(result, 'web');
    const gems = mountAt(web, '/usr/local/bundle/gems');
    const inside = gems.image.steps.filter((s) => s.reach === 'inside');
    assert.deepEqual(inside.map((s) => [s.effect.command, s.effect.path, s.stage.name, s.via?.map((h) => h.copy.instruction.range.start.line + 1)]), [['RUN bundle install', '/usr/local/bundle/gems', 'build', [6]]]);
    assert.equal(gems.image.filled, true);
    assert.match(gems.image.description, /In another stage, RUN bundle install at line 4 \(stage build\) may put files at or below \/usr\/local\/bundle\/gems, and the COPY --from=build at line 6 brings them here\.$/);
    // Nothing of the build stage lands in cache/: only the COPY of the parent, as before.
    assert.deepEqual(mountAt(web, '/usr/local/bundle/cache').image.steps.filter((s) => s.reach === 'inside'), []);
    const finding = result.findings.find((f) => f.ruleId === 'VOL021');
    assert.ok(finding, 'VOL021 reports the gems volume');
    assert.match(finding.message, /RUN bundle install at Dockerfile:4 in stage build, brought by COPY --from=build at Dockerfile:6/);
  });

  it('what the copying stage removes after a COPY --from, or the source stage before it, does not seed the volume (D9)', async () => {
    const files = (dockerfile: string) => ({
      'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - bundle_data:/usr/local/bundle/gems\nvolumes:\n  bundle_data:\n',
      Dockerfile: dockerfile,
    });
    const after = await lintComposeProject(files('FROM ruby:3.3 AS build\nRUN bundle install\nFROM ruby:3.3\nCOPY --from=build /usr/local/bundle /usr/local/bundle\nRUN rm -rf /usr/local/bundle/gems\n'));
    assert.ok(!after.findings.some((f) => f.ruleId === 'VOL021'), after.findings.map((f) => f.message).join('\n'));
    const before = await lintComposeProject(files('FROM ruby:3.3 AS build\nRUN bundle install && rm -rf /usr/local/bundle/gems\nFROM ruby:3.3\nCOPY --from=build /usr/local/bundle /usr/local/bundle\n'));
    assert.ok(!before.findings.some((f) => f.ruleId === 'VOL021'), before.findings.map((f) => f.message).join('\n'));
    const kept = await lintComposeProject(files('FROM ruby:3.3 AS build\nRUN rm -rf /usr/local/bundle/gems\nRUN bundle install\nFROM ruby:3.3\nCOPY --from=build /usr/local/bundle /usr/local/bundle\n'));
    assert.ok(kept.findings.some((f) => f.ruleId === 'VOL021'), 'removed before the install: the gems are there');
  });

  it('long syntax: bind with create_host_path, volume with nocopy and subpath, read_only, npipe, image', async () => {
    const result = await lintComposeProject({
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: busybox',
        '    volumes:',
        '      - {type: bind, source: ~/conf, target: /etc/app, read_only: true, bind: {create_host_path: true}}',
        '      - {type: volume, source: data, target: /data, volume: {nocopy: true, subpath: sub}}',
        '      - {type: volume, target: /scratch}',
        '      - {type: npipe, source: \'\\\\.\\pipe\\docker_engine\', target: \'\\\\.\\pipe\\docker_engine\'}',
        '      - {type: image, source: tools:1, target: /tools}',
        'volumes:',
        '  data:',
        '    external: true',
        '',
      ].join('\n'),
    });
    assert.deepEqual(problems(result), []);
    const app = service(result, 'app');
    const conf = mountAt(app, '/etc/app');
    assert.deepEqual([conf.cover, conf.hostPath, conf.readOnly, conf.createHostPath], ['bind', '/home/user/conf', true, true]);
    const data = mountAt(app, '/data');
    assert.deepEqual([data.cover, data.nocopy, data.subpath, data.volume?.external, data.volume?.name], ['named-volume', true, 'sub', true, 'data']);
    assert.equal(mountAt(app, '/scratch').cover, 'anonymous-volume');
    assert.equal(mountAt(app, '/tools').cover, 'image');
    assert.equal(app.mounts.find((m) => m.cover === 'npipe')?.target, null);
  });

  it('the override file merges: volumes by target, build args by key, the later value wins', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - ./a:/app\n      - /cache\n',
      'compose.override.yaml': 'services:\n  web:\n    build:\n      args: {OUT: /o}\n    volumes:\n      - ./b:/app\n      - logs:/logs\nvolumes:\n  logs:\n',
      'Dockerfile': NODE_DOCKERFILE,
    });
    assert.deepEqual(problems(result), []);
    const web = service(result, 'web');
    assert.deepEqual(web.mounts.filter((m) => m.cover !== 'image-volume').map((m) => [m.target, m.cover, m.location?.file]), [
      ['/app', 'bind', 'compose.override.yaml'],
      ['/cache', 'anonymous-volume', 'compose.yaml'],
      ['/logs', 'named-volume', 'compose.override.yaml'],
    ]);
    assert.equal(mountAt(web, '/app').hostPath, '/project/b');
    if (web.image.kind === 'build') assert.equal(web.image.build.args.get('OUT'), '/o');
    assert.deepEqual(result.model.files.map((f) => [f.file, f.role]), [['compose.yaml', 'compose'], ['compose.override.yaml', 'override']]);
  });

  it('!reset in the override removes what the compose file set', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes: [./a:/app]\n',
      'compose.override.yaml': 'services:\n  web:\n    volumes: !reset []\n',
    });
    assert.deepEqual(service(result, 'web').mounts, []);
  });

  it('a later entry for the same target replaces the earlier one inside one file too', async () => {
    const result = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes: [./a:/app, ./b:/app]\n' });
    const mounts = service(result, 'web').mounts;
    assert.equal(mounts.length, 1);
    assert.equal(mounts[0]!.hostPath, '/project/b');
  });

  it('interpolates from the environment and .env (the environment wins), in paths and build args', async () => {
    const result = await lintComposeProject(
      {
        'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - ${SRC:-./src}:${DEST}\n      - ${DATA_DIR}/x:/x\n',
        '.env': 'DEST=/from-dotenv\nDATA_DIR=/dotenv\n',
      },
      { environment: { DATA_DIR: '/env' } },
    );
    const web = service(result, 'web');
    assert.equal(mountAt(web, '/from-dotenv').hostPath, '/project/src');
    assert.equal(mountAt(web, '/x').hostPath, '/env/x');
    assert.deepEqual(result.model.files.map((f) => f.role), ['compose', 'env']);
  });

  it('extends within the file and volumes_from another service', async () => {
    const result = await lintComposeProject({
      'compose.yaml': [
        'services:',
        '  base:',
        '    image: busybox',
        '    volumes: [data:/data]',
        '  child:',
        '    extends: base',
        '    volumes: [/extra]',
        '  reader:',
        '    image: busybox',
        '    volumes_from: ["base:ro", "container:other"]',
        'volumes:',
        '  data:',
        '',
      ].join('\n'),
    });
    assert.deepEqual(problems(result), []);
    assert.deepEqual(service(result, 'child').mounts.map((m) => m.target), ['/data', '/extra']);
    const reader = service(result, 'reader');
    const taken = mountAt(reader, '/data');
    assert.deepEqual([taken.cover, taken.readOnly, taken.from?.name], ['volumes-from', true, 'base']);
    assert.deepEqual(reader.volumesFrom.map((v) => [v.kind, v.name]), [['service', 'base'], ['container', 'other']]);
  });

  it("reads the data directories the program's own configuration file names, where the start command names the file and the build copies it", async () => {
    const conf = [
      '# comment: work_dir = /commented',
      'work_dir = /data',
      'dbPath: "/srv/db"  # quoted, with a comment',
      'datadir /var/lib/store',
      'pidfile = /run/app.pid',
      'logpath = /var/log/app',
      'ssl_cert_dir = /etc/ssl',
      'path.data: /usr/share/app/data',
      'relative_dir = data',
      '',
    ].join('\n');
    const dockerfile = 'FROM alpine:3.20\nCOPY app.conf /etc/app/\nCOPY other.conf /etc/app/other.conf\nENTRYPOINT ["/usr/bin/app"]\nCMD ["--config=/etc/app/app.conf"]\n';
    const files = { 'Dockerfile': dockerfile, 'app.conf': conf, 'other.conf': 'data_dir = /other\n' };
    const compose = 'services:\n  app:\n    build: .\n  other:\n    build: .\n    command: ["-c", "/etc/app/other.conf"]\n  replaced:\n    build: .\n    entrypoint: ["/usr/bin/app"]\n';
    const result = await lintComposeProject({ ...files, 'compose.yaml': compose });
    const settings = (name: string) => service(result, name).configuredDirectories.map((c) => `${c.setting} ${c.path} ${c.imagePath}`);
    assert.deepEqual(settings('app'), ['work_dir /data /etc/app/app.conf', 'dbPath /srv/db /etc/app/app.conf', 'datadir /var/lib/store /etc/app/app.conf', 'path.data /usr/share/app/data /etc/app/app.conf']);
    // `command:` replaces CMD: the other file is read.
    assert.deepEqual(settings('other'), ['data_dir /other /etc/app/other.conf']);
    // `entrypoint:` drops the image's CMD: no file is named.
    assert.deepEqual(settings('replaced'), []);
  });

  it('reads the program a service starts and the configuration file its command names where the build brought them from the context: through COPY --from and a directory copy, not what .dockerignore leaves out, not a script as configuration', async () => {
    const dockerfile = [
      'FROM debian:12 AS files',
      'COPY scripts/ /scripts/',
      'FROM postgres:16',
      'COPY --from=files /scripts/entrypoint.sh /entrypoint.sh',
      'COPY conf/ /etc/app/',
      'COPY . /app/',
      'ENTRYPOINT ["/entrypoint.sh"]',
      'CMD ["cron", "-f", "--config=/etc/app/app.conf", "/app/jobs.py"]',
      '',
    ].join('\n');
    const entrypoint = '#!/bin/sh\nexec "$@"\n';
    const project = (dockerignore: string) =>
      lintComposeProject({
        'compose.yaml': 'services:\n  backup:\n    build: .\n',
        Dockerfile: dockerfile,
        'scripts/entrypoint.sh': entrypoint,
        'conf/app.conf': 'work_dir = /data\n',
        'jobs.py': 'DATA_DIR = "/var/lib/jobs"\n',
        '.dockerignore': dockerignore,
      });
    const read = service(await project('*.md\n'), 'backup');
    assert.deepEqual(read.start?.built, { path: '/entrypoint.sh', text: entrypoint });
    assert.deepEqual(read.configuredDirectories.map((c) => [c.setting, c.path, c.source, c.imagePath]), [['work_dir', '/data', '/project/conf/app.conf', '/etc/app/app.conf']]);
    const ignored = service(await project('conf\n*/entrypoint.sh\n'), 'backup');
    assert.deepEqual(ignored.start?.built, { path: '/entrypoint.sh', text: null });
    assert.deepEqual(ignored.configuredDirectories, []);
  });

  it('a COPY of the whole context under a volume: the context path after .dockerignore, exceptions (`!`) taking files back in', async () => {
    const fromContext = async (dockerignore: string, files: Record<string, string>) => {
      const result = await lintComposeProject({
        'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - media:/app/media\nvolumes:\n  media:\n',
        Dockerfile: 'FROM busybox\nCOPY . /app\n',
        '.dockerignore': dockerignore,
        ...files,
      });
      const steps = mountAt(service(result, 'web'), '/app/media').image.steps.filter((s) => s.effect.kind === 'copy');
      return steps.map((s) => s.fromContext ?? s.reach);
    };
    const both = { 'media/.gitkeep': '', 'media/logo.png': 'png' };
    assert.deepEqual(await fromContext('', both), [{ path: 'media', empty: false }]);
    assert.deepEqual(await fromContext('media\n', both), [], 'left out: the COPY puts nothing there');
    assert.deepEqual(await fromContext('*\n!media\n', both), [{ path: 'media', empty: false }], 'everything out, media back in');
    assert.deepEqual(await fromContext('media/*\n!media/.gitkeep\n', both), [{ path: 'media', empty: true }], 'only the keep file is taken back in');
    // A directory left out still brings what an exception below it takes back in, and nothing when no exception reaches it.
    assert.deepEqual(await fromContext('media\n!media/logo.png\n', both), [{ path: 'media', empty: false }], 'logo.png taken back in');
    assert.deepEqual(await fromContext('media\n!media/.gitkeep\n', both), [{ path: 'media', empty: true }], 'only the keep file taken back in');
    assert.deepEqual(await fromContext('media\n!README.md\n', both), [], 'an exception elsewhere: nothing there');
  });

  it('the legacy version-1 format is read as services, without a finding about the format', async () => {
    const result = await lintComposeProject({ 'docker-compose.yml': 'web:\n  image: busybox\n  volumes:\n    - data:/data\n' }, { main: 'docker-compose.yml' });
    assert.deepEqual(problems(result), []);
    assert.equal(mountAt(service(result, 'web'), '/data').cover, 'named-volume');
  });

  it('what a service\'s own command line writes at every start, from its working_dir or the image\'s WORKDIR (startWrites)', async () => {
    const result = await lintComposeProject({
      Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      'package.json': '{}\n',
      'compose.yaml': [
        'services:',
        '  dev:',
        '    build: .',
        '    volumes: [".:/app"]',
        '    command: ["sh", "-c", "npm ci && npm run dev"]',
        '  elsewhere:',
        '    build: .',
        '    working_dir: /srv',
        '    volumes: [".:/app"]',
        '    command: npm install',
        '  branch:',
        '    build: .',
        '    volumes: [".:/app"]',
        '    command: sh -c "test -n \\"$$X\\" && npm ci; npm start"',
        '  image:',
        '    build: .',
        '    volumes: [".:/app"]',
        '',
      ].join('\n'),
    });
    const written = (name: string): string[] => service(result, name).startWrites.map((w) => w.path);
    assert.deepEqual(written('dev'), ['/app/node_modules']);
    assert.deepEqual(written('elsewhere'), ['/srv/node_modules', '/srv/package-lock.json']);
    // An install after an undecided test, and no command of the service's own: nothing certain.
    assert.deepEqual(written('branch'), []);
    assert.deepEqual(written('image'), []);
  });

  it('the sources a start compiles and runs (startSourceRuns) and the programs it runs by path (startPrograms): the service\'s command line, else the image\'s CMD', async () => {
    const result = await lintComposeProject({
      Dockerfile: 'FROM golang:1.22\nWORKDIR /app/api\nCOPY . .\nRUN go build -o server .\nCMD ["go", "run", "./cmd/worker"]\n',
      'compose.yaml': [
        'services:',
        '  dev:',
        '    build: .',
        '    volumes: [".:/app/api"]',
        '    command: ["sh", "-c", "reflex -s -- go run . && ./server"]',
        '  cmd:',
        '    build: .',
        '    volumes: [".:/app/api"]',
        '  branch:',
        '    build: .',
        '    volumes: [".:/app/api"]',
        '    command: sh -c "test -n \\"$$DEV\\" && go run ."',
        '  unbound:',
        '    build: .',
        '',
      ].join('\n'),
    });
    const runs = (name: string): string[] => service(result, name).startSourceRuns.map((r) => `${r.command} ${r.path}`);
    assert.deepEqual(runs('dev'), ['go run /app/api']);
    assert.deepEqual(service(result, 'dev').startPrograms, ['/app/api/server']);
    assert.deepEqual(runs('cmd'), ['go run /app/api/cmd/worker']);
    assert.deepEqual(runs('branch'), []);
    assert.deepEqual(runs('unbound'), []);
  });

  it('a start command reads the container\'s environment: the image\'s ENV under `environment:` (startWrites where the service mounts a volume)', async () => {
    const result = await lintComposeProject({
      Dockerfile: 'FROM busybox\nARG BUILD_ONLY=/argdir\nENV BUNDLE_PATH=/bundles\nWORKDIR /app\n',
      'compose.yaml': [
        'services:',
        '  image-env:',
        '    build: .',
        '    volumes: ["gems:/bundles"]',
        '    command: sh -c "bundle install"',
        '  service-env:',
        '    build: .',
        '    environment: { BUNDLE_PATH: /gems }',
        '    volumes: ["gems:/gems"]',
        '    command: bundle install',
        '  from-shell:',
        '    build: .',
        '    environment: [BUNDLE_PATH]',
        '    volumes: ["gems:/bundles"]',
        '    command: bundle install',
        '  arg-only:',
        '    build: .',
        '    volumes: ["gems:/bundles"]',
        '    command: sh -c "BUNDLE_PATH=$$BUILD_ONLY bundle install"',
        'volumes:',
        '  gems:',
        '',
      ].join('\n'),
    });
    const written = (name: string): string[] => service(result, name).startWrites.map((w) => w.path);
    assert.deepEqual(written('image-env'), ['/bundles']);
    assert.deepEqual(written('service-env'), ['/gems']);
    // Taken from the shell that runs Compose: unknown, and it hides the image's value.
    assert.deepEqual(written('from-shell'), []);
    // An ARG does not reach the container.
    assert.deepEqual(written('arg-only'), []);
  });

  it('what a container copies back at start from a copy the image keeps (startRestores): from its start script or its command, certainly or only when a path is missing, into that directory', async () => {
    const dockerfile = (keep: string, script: string) =>
      `FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\n${keep}\nCOPY ${script} /usr/local/bin/start.sh\nENTRYPOINT ["start.sh"]\nCMD ["node", "server.js"]\n`;
    const result = await lintComposeProject({
      Dockerfile: dockerfile('RUN cp -a /app /opt/app-dist', 'start.sh'),
      'into.Dockerfile': dockerfile('RUN mkdir -p /opt/app-dist && cp -r /app /opt/app-dist', 'start.sh'),
      'deleted.Dockerfile': dockerfile('RUN cp -a /app /opt/app-dist && rm -rf /opt/app-dist/node_modules', 'start.sh'),
      'branch.Dockerfile': dockerfile('RUN cp -a /app /opt/app-dist', 'branch.sh'),
      'start.sh': '#!/bin/sh\nset -e\ncp -a /opt/app-dist/. /app\nexec "$@"\n',
      'branch.sh': '#!/bin/sh\n[ -d /app/node_modules ] || cp -a /opt/app-dist/. /app\nexec "$@"\n',
      'other.sh': '#!/bin/sh\n[ -n "$SEED" ] && cp -a /opt/app-dist/. /app\nexec "$@"\n',
      'other.Dockerfile': dockerfile('RUN cp -a /app /opt/app-dist', 'other.sh'),
      'package.json': '{}\n',
      'compose.yaml': [
        'services:',
        '  script:',
        '    build: .',
        '    volumes: [".:/app"]',
        '  command:',
        '    build: .',
        '    volumes: [".:/app"]',
        '    entrypoint: ["sh", "-c", "rsync -a /opt/app-dist/ /app && exec node server.js"]',
        '  non-root:',
        '    build: .',
        '    user: "1000"',
        '    volumes: [".:/app"]',
        '  into:',
        '    build: { context: ., dockerfile: into.Dockerfile }',
        '    volumes: [".:/app"]',
        '  deleted:',
        '    build: { context: ., dockerfile: deleted.Dockerfile }',
        '    volumes: [".:/app"]',
        '  branch:',
        '    build: { context: ., dockerfile: branch.Dockerfile }',
        '    volumes: [".:/app"]',
        '  other:',
        '    build: { context: ., dockerfile: other.Dockerfile }',
        '    volumes: [".:/app"]',
        '',
      ].join('\n'),
    });
    const restores = (name: string) => service(result, name).startRestores.map((r) => ({ path: r.path, from: r.from, where: r.where, keptLine: r.kept.instruction.range.start.line + 1, ...(r.when ? { when: r.when } : {}) }));
    assert.deepEqual(restores('script'), [{ path: '/app', from: '/opt/app-dist', where: { kind: 'script', path: '/usr/local/bin/start.sh', line: 3 }, keptLine: 5 }]);
    assert.deepEqual(restores('command'), [{ path: '/app', from: '/opt/app-dist', where: { kind: 'command' }, keptLine: 5 }]);
    // Only when /app/node_modules is missing: the host directory here lacks it.
    assert.deepEqual(restores('branch'), [
      { path: '/app', from: '/opt/app-dist', where: { kind: 'script', path: '/usr/local/bin/start.sh', line: 2 }, keptLine: 5, when: { path: '/app/node_modules', hostHolds: false } },
    ]);
    // Known to run as non-root; a cp -r onto a directory made before (the copy is /opt/app-dist/app); a copy a later step deletes from; a copy under another condition.
    assert.deepEqual(restores('non-root'), []);
    assert.deepEqual(restores('into'), []);
    assert.deepEqual(restores('deleted'), []);
    assert.deepEqual(restores('other'), []);
  });

  it('a missing bind source that a one-off job the service waits for chowns (hostPreparedByJob): the job\'s command, its target, the owner', async () => {
    const result = await lintComposeProject({
      Dockerfile: 'FROM busybox\nUSER 1001\n',
      'compose.yaml': [
        'services:',
        '  app:',
        '    build: .',
        '    volumes: [".data/uploads:/var/uploads", ".data/logs:/var/log/app"]',
        '    depends_on:',
        '      permissions: {condition: service_completed_successfully}',
        '      racer: {condition: service_started}',
        '  permissions:',
        '    image: alpine:3.20',
        '    volumes: [".data/uploads:/uploads"]',
        '    command: ["sh", "-c", "chown -R 1001:1001 /uploads"]',
        '  racer:',
        '    image: alpine:3.20',
        '    volumes: [".data/logs:/logs"]',
        '    command: chown 1001 /logs',
        '',
      ].join('\n'),
    });
    const app = service(result, 'app');
    const job = mountAt(app, '/var/uploads').hostPreparedByJob;
    assert.deepEqual(job && { service: job.service, line: job.location.range.start.line + 1, kind: job.kind, setting: job.setting, ownerUid: job.ownerUid, target: job.target }, { service: 'permissions', line: 11, kind: 'chown', setting: '1001:1001', ownerUid: '1001', target: '/uploads' });
    // Started with the app, not awaited: a race, not a preparation.
    assert.equal(mountAt(app, '/var/log/app').hostPreparedByJob, null);
  });

  it('a job that binds the directory above a missing bind source prepares it only where its command makes it there first (hostPreparedByJob.above)', async () => {
    const result = await lintComposeProject({
      Dockerfile: 'FROM busybox\nUSER 1001\n',
      'compose.yaml': [
        'services:',
        '  app:',
        '    build: .',
        '    volumes: ["./data/logs:/var/logs", "./data/dags:/var/dags", "./data/config:/var/config"]',
        '    depends_on:',
        '      init: {condition: service_completed_successfully}',
        '  init:',
        '    image: alpine:3.20',
        '    volumes: ["./data:/sources"]',
        '    command: ["sh", "-c", "mkdir -p /sources/logs && chown -R 1001:0 /sources/logs /sources/config && mkdir /sources/dags"]',
        '',
      ].join('\n'),
    });
    const app = service(result, 'app');
    const job = mountAt(app, '/var/logs').hostPreparedByJob;
    assert.deepEqual(job && { service: job.service, setting: job.setting, target: job.target, above: job.above }, { service: 'init', setting: '1001:0', target: '/sources/logs', above: '/sources' });
    // Chowned but not made (Compose makes nothing below the job's bind), made only after the chown: neither is prepared.
    assert.equal(mountAt(app, '/var/config').hostPreparedByJob, null);
    assert.equal(mountAt(app, '/var/dags').hostPreparedByJob, null);
  });
});

describe('what the model knows an image holds without seeing it', () => {
  it('names an official image\'s software, a runtime directory of an image it cannot see, and keeps "not known" elsewhere', async () => {
    const result = await lintComposeProject({
      'compose.yaml': [
        'services:',
        '  api:',
        '    build: .',
        '    volumes:',
        '      - bin:/usr/local/bin',
        '      - /srv/api/data',
        '  portal:',
        '    image: example.org/portal:2',
        '    volumes:',
        '      - /usr/local/lib/python3.11/site-packages',
        '  web:',
        '    image: nginx:1.27',
        '    volumes:',
        '      - /usr/share/nginx/html',
        'volumes:',
        '  bin: {}',
        '',
      ].join('\n'),
      Dockerfile: 'FROM python:3.12-slim\nCOPY app.py /srv/api/app.py\n',
    });
    assert.match(mountAt(service(result, 'api'), '/usr/local/bin').image.description, /The official image python:3\.12-slim holds Python's programs .* at \/usr\/local\/bin \(its Dockerfile: https:\/\/github\.com\/docker-library\/python/);
    assert.doesNotMatch(mountAt(service(result, 'api'), '/srv/api/data').image.description, /official image/);
    assert.match(mountAt(service(result, 'portal'), '/usr/local/lib/python3.11/site-packages').image.description, /^volint cannot see example\.org\/portal:2\. Only a Python installed with the prefix \/usr\/local/);
    assert.match(mountAt(service(result, 'web'), '/usr/share/nginx/html').image.description, /^The official image nginx:1\.27 holds nginx's default pages/);
  });
});

describe('bad compose input: one finding naming the file, line and cause, never a crash', () => {
  it('invalid YAML', async () => {
    const result = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    image: [busybox\n' });
    const found = problems(result);
    assert.equal(found.length, 1);
    assert.match(found[0]!, /^compose\.yaml:\d+ error not valid YAML: /);
    assert.deepEqual(result.model.services, []);
  });

  it('an unknown top-level key', async () => {
    const result = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    image: busybox\nsevices: {}\n' });
    assert.deepEqual(problems(result), ['compose.yaml:4 error unknown top-level key "sevices" (Compose refuses the file)']);
    assert.equal(result.model.services.length, 1, 'the rest is still modelled');
  });

  it('a missing Dockerfile', async () => {
    const result = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile.dev\n' });
    assert.deepEqual(problems(result), ['compose.yaml:5 error service web: Dockerfile docker/Dockerfile.dev cannot be read (no such file or directory)']);
    const web = service(result, 'web');
    assert.equal(web.image.kind, 'unknown');
  });

  it('a build target that is not a stage', async () => {
    const result = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    build: {context: ., target: nope}\n', 'Dockerfile': NODE_DOCKERFILE });
    assert.match(problems(result)[0]!, /build target nope is not a stage of Dockerfile/);
  });

  it('${X:?message} with X unset gives its message; ${X} unset a warning once per variable, none where an error names it (the project has a .env)', async () => {
    const result = await lintComposeProject({
      '.env': 'OTHER=1\n',
      'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - ${DATA:?set DATA in .env}:/data\n      - ${LOGS}:/logs\n      - ${LOGS}:/logs2\n',
    });
    const refused = 'empty section between colons, because LOGS has no value: Compose refuses it (docker-compose 1.29 only warns)';
    assert.deepEqual(problems(result), [
      'compose.yaml:5 error required variable DATA is missing a value: set DATA in .env',
      // What each entry becomes with LOGS empty: Compose v2 refuses it; one error per entry, naming the variable.
      `compose.yaml:6 error service web: invalid volume ":/logs": ${refused}`,
      `compose.yaml:7 error service web: invalid volume ":/logs2": ${refused}`,
    ]);
    // LOGS used elsewhere first: its warning stays there.
    const elsewhere = await lintComposeProject({ '.env': 'OTHER=1\n', 'compose.yaml': 'services:\n  web:\n    image: busybox\n    environment:\n      L: ${LOGS}\n    volumes:\n      - ${LOGS}:/logs\n' });
    assert.deepEqual(problems(elsewhere), [
      'compose.yaml:5 warning variable LOGS is not set (in the environment or .env): Compose substitutes an empty string',
      `compose.yaml:7 error service web: invalid volume ":/logs": ${refused}`,
    ]);
  });

  it('without .env, the env-file template the project ships gives the variables, said once; a required variable it leaves empty is one note', async () => {
    const files = {
      'compose.yaml': 'services:\n  db:\n    image: postgres:${PG_TAG}\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?set it}\n      OTHER: ${DB_PASSWORD:?set it}\n    volumes:\n      - ${DATA_ROOT}/db:/var/lib/postgresql/data\n      - ${LOGS}:/logs\n',
      '.env.example': '# copy to .env\nPG_TAG=16\nDATA_ROOT=./state\nDB_PASSWORD=\n',
    };
    const result = await lintComposeProject(files);
    assert.deepEqual(problems(result), [
      'compose.yaml:1 note there is no .env beside the compose file: volint read the variables from .env.example, the template the project ships for it (Compose reads only .env: copy the template to .env before `docker compose up`)' +
        // A variable the template does not give either is the deployer's too: said in the same note, the entry it empties not judged.
        "; variable LOGS is not set here, nor in .env.example: Compose substitutes an empty string. It is the deployer's value (to lint with it: --env-file FILE); volint does not judge what it empties: service db, whose volume entry at line 9 LOGS empties (Compose refuses it as written)",
      'compose.yaml:5 note required variable DB_PASSWORD is empty in .env.example, for the user to fill in: Compose refuses the file until .env gives it a value; used 2 times',
    ]);
    const db = result.model.services.find((s) => s.name === 'db')!;
    assert.equal(db.image.kind === 'catalog' ? db.image.ref.raw : db.image.kind, 'postgres:16');
    assert.equal(mountAt(db, '/var/lib/postgresql/data').sourceRaw, './state/db');
    // A .env wins: the template is not read.
    const withEnv = await lintComposeProject({ ...files, '.env': 'PG_TAG=15\nDATA_ROOT=/srv\nDB_PASSWORD=x\nLOGS=/var/log/app\n' });
    assert.deepEqual(problems(withEnv), []);
    // An env file named by the user wins too (--env-file): the template is not read in its place.
    const named = await lintComposeProject({ ...files, 'prod.env': 'PG_TAG=16\n' }, { envFiles: ['prod.env'] });
    assert.ok(!problems(named).some((p) => p.includes('.env.example')), problems(named).join('\n'));
    // A compose file that interpolates none of the template's variables (an application's own .env.example; `$${X}` is an escaped `$`): no note.
    const unused = await lintComposeProject({ 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: pg_isready -U $${PG_TAG}\n', '.env.example': 'PG_TAG=16\nSECRET_KEY_BASE=\n' });
    assert.deepEqual(problems(unused), []);
  });

  it('an unset variable the .env lacks is one warning for the whole project, at its first use, naming every other use (related locations too)', async () => {
    const result = await lintComposeProject({
      '.env': 'OTHER=1\n',
      'compose.yaml': 'services:\n  a:\n    image: busybox\n    environment:\n      X: ${ORACLE_SID}\n      Y: ${ORACLE_SID}-${PDB}\n  b:\n    image: busybox\n    command: echo ${ORACLE_SID}\n',
      'compose.override.yaml': 'services:\n  b:\n    environment:\n      Z: ${ORACLE_SID}\n      W: ${PDB:-pdb1}\n',
    });
    assert.deepEqual(problems(result), [
      'compose.yaml:5 warning variable ORACLE_SID is not set (in the environment or .env): Compose substitutes an empty string; used 4 times: here, line 6, line 9, compose.override.yaml:4',
      'compose.yaml:6 warning variable PDB is not set (in the environment or .env): Compose substitutes an empty string',
    ]);
    const sid = result.findings.find((f) => f.message.includes('ORACLE_SID'))!;
    assert.deepEqual(sid.related.map((r) => `${r.file ?? sid.file}:${r.range.start.line + 1} ${r.message}`), [
      'compose.yaml:6 ORACLE_SID is used here too',
      'compose.yaml:9 ORACLE_SID is used here too',
      'compose.override.yaml:4 ORACLE_SID is used here too',
    ]);
  });

  it('`image: ${IMAGE}` with IMAGE unset (the project has a .env): an error per service naming the variable (Compose v2 refuses it), the image unknown; a required bind source is one error', async () => {
    const result = await lintComposeProject({
      '.env': 'OTHER=1\n',
      'compose.yaml': 'services:\n  a:\n    image: ${IMAGE}\n  b:\n    image: ${REGISTRY}/app:${TAG:-1}\n  c:\n    image: ${IMAGE}\n    volumes:\n      - type: bind\n        source: ${SRC:?set SRC}\n        target: /src\n',
      'compose.override.yaml': 'services:\n  b:\n    image: ${REGISTRY:-r}\n',
    });
    const empty = (name: string, v: string, line: number): string =>
      `compose.yaml:${line} error service ${name}: \`image:\` is empty because ${v} has no value: Compose refuses a service with neither an image nor a build context (docker-compose 1.29 only warns)`;
    assert.deepEqual(problems(result), [
      empty('a', 'IMAGE', 3),
      'compose.yaml:5 warning variable REGISTRY is not set (in the environment or .env): Compose substitutes an empty string',
      empty('c', 'IMAGE', 7),
      'compose.yaml:10 error required variable SRC is missing a value: set SRC',
    ]);
    const image = service(result, 'a').image;
    assert.ok(image.kind === 'unknown' && /IMAGE has no value/.test(image.reason), JSON.stringify(image));
  });

  it('volumes_from a service the active profiles do not start: Compose refuses it (1.29 and v2), an error at the entry, nothing taken', async () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    image: busybox\n    volumes_from:\n      - data:ro\n  data:\n    image: busybox\n    profiles: [seed, init]\n    volumes:\n      - /srv:/srv\n' };
    const other = await lintComposeProject(files, { environment: { COMPOSE_PROFILES: 'other' } });
    assert.deepEqual(problems(other), [
      'compose.yaml:5 error service app depends on data (volumes_from), which the active profiles do not start: Compose refuses this ("Service \"data\" was pulled in as a dependency of service \"app\" but is not enabled by the active profiles"); activate a profile of data (seed, init)',
    ]);
    assert.deepEqual(service(other, 'app').mounts.map((m) => m.target), []);
    // Its profile active, or none given (every service linted): the mounts are taken, no error.
    for (const environment of [{ COMPOSE_PROFILES: 'init' }, {}] as Array<Record<string, string>>) {
      const result = await lintComposeProject(files, { environment });
      assert.deepEqual(problems(result), []);
      assert.deepEqual(service(result, 'app').mounts.map((m) => `${m.target} ${m.cover}`), ['/srv volumes-from']);
    }
  });

  it('services with neither image nor build: Compose\'s words, one error for the project at the first of them (mostly an override file linted alone)', async () => {
    const hint = 'if the file overrides another compose file, lint them together (--compose-file base.yaml --compose-file override.yaml)';
    const one = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n  worker:\n    environment: {A: 1}\n' });
    assert.deepEqual(problems(one), [`compose.yaml:4 error service worker has neither an image nor a build context specified (Compose refuses the file); ${hint}`]);
    const overlay = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    command: dev\n  db:\n    image: postgres:16\n  cache: {}\n  queue:\n    ports: [5672]\n' });
    assert.deepEqual(problems(overlay), [`compose.yaml:2 error services web, cache and queue have neither an image nor a build context specified (Compose refuses the file); ${hint}`]);
    assert.equal(overlay.model.services.length, 4, 'every service is still modelled');
  });

  it('a named volume that the top-level volumes do not declare, an empty entry, a bad type', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - nope:/data\n      - {type: weird, target: /w}\n      - {source: x}\n',
    });
    assert.deepEqual(problems(result), [
      'compose.yaml:5 error service web mounts volume nope, which the top-level `volumes:` does not declare (Compose refuses this)',
      'compose.yaml:6 error service web: unknown volume type "weird" (bind, volume, tmpfs, npipe, image, cluster)',
      'compose.yaml:7 error service web: a `volumes:` entry has no `target`',
    ]);
  });

  it('an alias bomb is cut off with one finding, not expanded', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    lines.push('services:', '  web:', '    image: busybox', '    labels: *a9', '');
    const result = await lintComposeProject({ 'compose.yaml': lines.join('\n') });
    assert.deepEqual(problems(result), ['compose.yaml:1 error too large: more than 200000 nodes once aliases are expanded']);
  });

  it('odd shapes: a list at the top, a scalar service, an alias loop, an empty file', async () => {
    for (const text of ['- a\n- b\n', 'services:\n  web: 3\n', 'services: &s\n  web:\n    image: busybox\n    x: *s\n', '', 'services:\n']) {
      const result = await lintComposeProject({ 'compose.yaml': text });
      assert.ok(Array.isArray(result.findings));
    }
  });
});
