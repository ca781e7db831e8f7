/**
 * What says a Compose project keeps data (src/compose/query.ts): the mounts that keep it, and a server's
 * persistence turned on by its command or by the configuration file the command names.
 */
import assert from 'node:assert/strict';
import { developmentFile, fileDatabaseLeftOver, keepsDataElsewhere, keptData, persistenceOn, statelessVolumeReason, throwAwayEvidence } from '../src/compose/query.js';
import { throwAwayStatement } from '../src/compose/purpose.js';
import { boundConfiguration, environmentDatabaseServer, PERSISTENCE_SETTINGS } from '../src/compose/service-settings.js';
import { loadDefaultCatalogEntries } from '../src/model/base-images.js';
import { commentStatementCases, composeService, lintComposeProject, memoryIO } from './helpers/compose.js';


const service = composeService;

function redis(name: string, lines: string[]): string[] {
  return [`  ${name}:`, '    image: redis:7', ...lines];
}

describe('what keeps data in a compose project', () => {
  it('reads the persistence settings of a bound configuration file in its order, and nothing else as such', async () => {
    const text = ['# snapshots', 'save 900 1', 'save ""', 'appendonly yes', 'appendfsync everysec', 'dir /data', 'Save 60 1', ''].join('\n');
    const read = await boundConfiguration([{ hostPath: '/project/redis.conf', sourceRaw: './redis.conf', target: '/etc/redis.conf' }], memoryIO({ 'redis.conf': text }));
    assert.deepEqual(
      read.persistence.map((s) => [s.setting, s.value, s.imagePath]),
      [
        ['save', '900 1', '/etc/redis.conf'],
        ['save', '""', '/etc/redis.conf'],
        ['appendonly', 'yes', '/etc/redis.conf'],
      ],
    );
    assert.deepEqual(read.directories.map((d) => d.setting), ['dir']);
  });

  it('leaves out a bound configuration file it cannot read after finding it (gone, no permission): no error, the others are read', async () => {
    const files = memoryIO({ 'redis.conf': 'appendonly yes\n', 'other.conf': 'save 60 1\n' });
    const io = { ...files, readText: async (path: string) => (path.endsWith('/redis.conf') ? Promise.reject(new Error('permission denied')) : files.readText(path)) };
    const read = await boundConfiguration(
      [
        { hostPath: '/project/redis.conf', sourceRaw: './redis.conf', target: '/etc/redis.conf' },
        { hostPath: '/project/other.conf', sourceRaw: './other.conf', target: '/etc/other.conf' },
      ],
      io,
    );
    assert.deepEqual(read.persistence.map((s) => [s.setting, s.imagePath]), [['save', '/etc/other.conf']]);
  });

  it('PERSISTENCE_SETTINGS names exactly the options of the catalogue\'s volumeState entries', () => {
    const options = new Set(loadDefaultCatalogEntries().flatMap((e) => (e.volumeState ?? []).flatMap((s) => (s.options ?? []).map((o) => o.name))));
    assert.deepEqual([...options].sort(), [...PERSISTENCE_SETTINGS].sort());
  });

  it('persistence turned on: by the command (also in a shell\'s command line), or by the configuration file the command names', async () => {
    const result = await lintComposeProject({
      'compose.yaml': [
        'services:',
        ...redis('aof', ['    command: ["redis-server", "--appendonly", "yes"]']),
        ...redis('snapshots', ['    command: redis-server --save 60 1 --loglevel warning']),
        ...redis('shell', ['    command: ["sh", "-c", "redis-server --appendonly yes --requirepass $$PASS"]']),
        ...redis('file', ['    command: ["redis-server", "/usr/local/etc/redis/redis.conf"]', '    volumes:', '      - ./on.conf:/usr/local/etc/redis/redis.conf:ro']),
        ...redis('overridden', ['    command: ["redis-server", "/usr/local/etc/redis/redis.conf", "--appendonly", "no"]', '    volumes:', '      - ./on.conf:/usr/local/etc/redis/redis.conf:ro']),
        ...redis('unnamed', ['    volumes:', '      - ./on.conf:/usr/local/etc/redis/redis.conf:ro']),
        ...redis('reset', ['    command: ["redis-server", "/usr/local/etc/redis/redis.conf"]', '    volumes:', '      - ./reset.conf:/usr/local/etc/redis/redis.conf:ro']),
        ...redis('off', ['    command: ["redis-server", "--save", "", "--appendonly", "no"]']),
        ...redis('plain', []),
        ...redis('client', ['    command: ["redis-cli", "-h", "aof", "--appendonly", "yes"]']),
        '  built:',
        '    build: .',
        '',
      ].join('\n'),
      'on.conf': 'appendonly yes\n',
      'reset.conf': ['save 60 1', 'save ""', ''].join('\n'),
      Dockerfile: ['FROM redis:7', 'COPY redis.conf /usr/local/etc/redis/redis.conf', 'CMD ["redis-server", "/usr/local/etc/redis/redis.conf"]', ''].join('\n'),
      'redis.conf': 'save 300 10\n',
    });
    const on = (name: string) => persistenceOn(service(result, name));
    assert.deepEqual(on('aof'), { setting: '--appendonly yes', file: null });
    assert.deepEqual(on('snapshots'), { setting: '--save 60 1', file: null });
    assert.deepEqual(on('shell'), { setting: '--appendonly yes', file: null });
    assert.deepEqual(on('file'), { setting: 'appendonly yes', file: '/usr/local/etc/redis/redis.conf' });
    assert.deepEqual(on('built'), { setting: 'save 300 10', file: '/usr/local/etc/redis/redis.conf' });
    for (const name of ['overridden', 'unnamed', 'reset', 'off', 'plain', 'client']) assert.equal(on(name), null, name);
  });

  it('a service that turns persistence on keeps data: the project is no throw-away stack, and the related location is the setting', async () => {
    const result = await lintComposeProject({
      'compose.yaml': ['services:', '  db:', '    image: postgres:16', ...redis('queue', ['    command: ["redis-server", "--appendonly", "yes"]']), ''].join('\n'),
    });
    const kept = keptData(result.model);
    assert.deepEqual(
      kept.map((k) => [k.service.name, k.mount, k.how, k.location.range.start.line + 1]),
      [['queue', null, 'persistence turned on by `--appendonly yes`', 6]],
    );
    const vol022 = result.findings.filter((f) => f.ruleId === 'VOL022');
    assert.deepEqual(
      vol022.map((f) => f.message),
      [
        'Service db does not mount /var/lib/postgresql/data, a VOLUME of the image postgres:16, while the project keeps its data (service queue\'s persistence turned on by `--appendonly yes`): Compose creates an anonymous volume there, re-attaches it on every recreate, and `down` leaves it behind.',
        'Service queue does not mount /data, a VOLUME of the image redis:7, while the project keeps its data (its own persistence turned on by `--appendonly yes`): Compose creates an anonymous volume there, re-attaches it on every recreate, and `down` leaves it behind.',
      ],
    );
    assert.match(vol022[1]!.explanation?.[1] ?? '', /^The command of service queue turns the server's persistence on \(`--appendonly yes`\)/);
  });
});

describe('the project\'s own words that a compose file is for development or testing only', () => {
  const said: ReadonlyArray<[string, string]> = [
    ['## FOR TEST AND DEVELOPMENT ONLY, DO NOT USE IN PRODUCTION   ##\n## Setup: https://example.org/setup/ ##', 'FOR TEST AND DEVELOPMENT ONLY, DO NOT USE IN PRODUCTION'],
    ['FOR ARMv7 TEST AND DEVELOPMENT ONLY', 'FOR ARMv7 TEST AND DEVELOPMENT ONLY'],
    ['DO NOT USE THIS!\nThis is only intended for testing the PostgreSQL support while developing the app.', 'This is only intended for testing the PostgreSQL support while developing the app.'],
    ['THIS IS NOT TO BE USED FOR PERSONAL DEPLOYMENTS! Internal image for testing deployments.', 'THIS IS NOT TO BE USED FOR PERSONAL DEPLOYMENTS!'],
    ['This configuration file is for the **development** setup.\nFor a production example see the setup repository.', 'This configuration file is for the **development** setup.'],
    ['Warning: This docker-compose file is made for development purposes.', 'Warning: This docker-compose file is made for development purposes.'],
    ['-- DEV STACK --\n-- DO NOT USE IN PRODUCTION! --', '-- DEV STACK --'],
    ['Shop\n-- DO NOT USE IN PRODUCTION! --', '-- DO NOT USE IN PRODUCTION!'],
    ['NOTE: please do not use this configuration for production setups.', 'NOTE: please do not use this configuration for production setups.'],
    ['compose file for local development, with a mail catcher', 'compose file for local development, with a mail catcher'],
    ['Test-only override: throwaway named volumes for the release tests', 'Test-only override: throwaway named volumes for the release tests'],
    ['This file is used to test the setup utility', 'This file is used to test the setup utility'],
    ['Development only', 'Development only'],
    ['This stack is not intended for production.', 'This stack is not intended for production.'],
    ["Intended for testing with the dh-file container.", 'Intended for testing with the dh-file container.'],
  ];
  const mentions: readonly string[] = [
    'for production, change the password',
    'The default API token is insecure and should not be used in production.',
    'Default credentials are admin / admin - DO NOT use in production.',
    'ALLOW_EMPTY_PASSWORD is recommended only for development.',
    'trust incoming connections blindly (DON\'T DO THIS IN PRODUCTION!)',
    'This docker-compose.yml file is not intended for production use without first changing the passwords.',
    'For development, mount the source code with compose.dev.yaml.',
    'This compose file can be used in development to run both the database and the app',
    'This setup works for development and production alike.',
    'PhotoPrism Development Environment (PostgreSQL)',
    'Use postgres/example user/password credentials',
    'Run "docker compose --profile prometheus up" to start your development environment with Prometheus.',
  ];
  commentStatementCases(throwAwayStatement, said, mentions, 'merely mentions it');

  it('reads the header and the comment above each service, with the yaml package\'s comment data', async () => {
    const result = await lintComposeProject({
      'compose.yaml': ['# Shop: the stack to start from.', '', 'services:', '  # The web front.', '  web:', '    image: nginx', '', '  ## The database', '  ## (used only for testing)', '  db:', '    image: postgres:16', ''].join('\n'),
    });
    const comments = result.model.files.find((f) => f.file === 'compose.yaml')?.comments;
    assert.equal(comments?.header, 'Shop: the stack to start from.');
    assert.deepEqual([...(comments?.services ?? [])], [
      ['web', 'The web front.'],
      ['db', 'The database\n(used only for testing)'],
    ]);
  });
});

describe('one definition of keeping data (keptDataMount) for the project, the service and the Redis /data', () => {
  it('a named volume for certificates keeps no data, a bind of an uploads directory does, whichever question is asked', async () => {
    const result = await lintComposeProject({
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: ghcr.io/example/shop:1.4',
        '    volumes:',
        '      - ./uploads:/app/uploads',
        ...redis('cache', ['    volumes:', '      - redis-tls:/usr/local/etc/redis/tls']),
        ...redis('store', ['    volumes:', '      - ./store-data:/srv/store']),
        'volumes:',
        '  redis-tls:',
        '',
      ].join('\n'),
    });
    const dir = result.model.projectDir;
    const app = service(result, 'app');
    const cache = service(result, 'cache');
    const store = service(result, 'store');
    assert.equal(keepsDataElsewhere(app, dir), true);
    assert.equal(keepsDataElsewhere(cache, dir), false);
    assert.deepEqual(keptData(result.model).map((k) => `${k.service.name}: ${k.how}`), ['app: host path ./uploads at /app/uploads', 'store: host path ./store-data at /srv/store']);
    // The certificates' volume says nothing of /data; the bind of a data directory elsewhere says the Redis means to keep data.
    assert.notEqual(statelessVolumeReason(cache, cache.imageVolumes[0]!, dir), null);
    assert.equal(statelessVolumeReason(store, store.imageVolumes[0]!, dir), null);
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === 'VOL022').map((f) => f.message.slice(0, 40)),
      ['Service store does not mount /data, a VO'],
    );
  });

  it('a named volume that shares a socket keeps no data: by its name, or by the unix socket the service\'s environment names there (B5)', async () => {
    // kestra's docker-compose-dind.yml: `dind-socket:/dind` with DOCKER_HOST naming a socket in it.
    const result = await lintComposeProject({
      'compose.yaml': [
        'services:',
        '  dind:',
        '    image: docker:dind-rootless',
        '    environment:',
        '      DOCKER_HOST: unix:///run-dir/docker.sock',
        '    volumes:',
        '      - engine:/run-dir',
        '      - dind-socket:/dind',
        '  db:',
        '    image: postgres:16',
        'volumes:',
        '  engine:',
        '  dind-socket:',
        '',
      ].join('\n'),
    });
    const dind = service(result, 'dind');
    assert.equal(keepsDataElsewhere(dind, result.model.projectDir), false);
    assert.deepEqual(keptData(result.model), []);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'VOL022'), [], 'a project that keeps no data is a throw-away stack');
    // Without the socket evidence the same volume is the service's data, and the project keeps data.
    const kept = await lintComposeProject({
      'compose.yaml': 'services:\n  dind:\n    image: docker:dind-rootless\n    volumes:\n      - engine:/run-dir\nvolumes:\n  engine:\n',
    });
    assert.deepEqual(keptData(kept.model).map((k) => k.how), ['volume engine at /run-dir']);
  });

  it('a bind of a directory named for a key pair or a key store keeps no data, under /data too (cp-all-in-one\'s ./keypair:/data)', async () => {
    const stack = (dir: string): string =>
      ['services:', '  init-certificates:', '    image: ghcr.io/example/make-certs:1', '    volumes:', `      - ./${dir}:/data`, '  prometheus:', '    image: prom/prometheus:v2.53.0', ''].join('\n');
    for (const dir of ['keypair', 'keystore', 'truststore']) {
      const result = await lintComposeProject({ 'compose.yaml': stack(dir) });
      assert.deepEqual(keptData(result.model), [], dir);
      assert.deepEqual(result.findings.filter((f) => f.ruleId === 'VOL022'), [], `${dir}: a project that keeps no data is a throw-away stack`);
    }
    const kept = await lintComposeProject({ 'compose.yaml': stack('keydb') });
    assert.deepEqual(kept.findings.filter((f) => f.ruleId === 'VOL022').map((f) => f.messageId), ['unmountedKept']);
  });
});

describe('a development stack: persistence settings keep nothing there', () => {
  it('a compose file in a development/ folder, or named .dev, is a development stack; compose.yaml elsewhere is not', async () => {
    const text = ['services:', ...redis('queue', ['    command: ["redis-server", "--appendonly", "yes"]']), ''].join('\n');
    const inFolder = await lintComposeProject({ 'development/docker-compose.yml': text }, { main: 'development/docker-compose.yml' });
    assert.equal(developmentFile(inFolder.model), 'development/docker-compose.yml');
    assert.deepEqual(keptData(inFolder.model), []);
    assert.deepEqual(inFolder.findings.filter((f) => f.ruleId === 'VOL022'), []);
    const named = await lintComposeProject({ 'compose.dev.yaml': text }, { main: 'compose.dev.yaml' });
    assert.equal(developmentFile(named.model), 'compose.dev.yaml');
    const plain = await lintComposeProject({ 'deploy/compose.yaml': text, 'deploy/devices.txt': '' }, { main: 'deploy/compose.yaml' });
    assert.equal(developmentFile(plain.model), null);
    assert.equal(plain.findings.filter((f) => f.ruleId === 'VOL022').length, 1);
  });
});

describe('a SQLite volume the service no longer uses keeps nothing', () => {
  it('a variable named for the database connects to a server only with a database server\'s URL to another host', () => {
    const server = (entries: Record<string, string | null>) => environmentDatabaseServer(new Map(Object.entries(entries)));
    assert.deepEqual(server({ LOG_LEVEL: 'trace', DSN: 'postgres://kratos:secret@postgresd:5432/kratos?sslmode=disable' }), { variable: 'DSN', server: 'postgresd' });
    assert.deepEqual(server({ KRATOS_DSN: 'cockroach://root@cockroachd:26257/defaultdb' }), { variable: 'KRATOS_DSN', server: 'cockroachd' });
    assert.deepEqual(server({ DATABASE_URL: 'mysql://root:secret@mysqld:3306/app' }), { variable: 'DATABASE_URL', server: 'mysqld' });
    // A file database, the container itself, a host from a variable, an error reporter's DSN, a name that is no database setting.
    assert.equal(server({ DSN: 'sqlite:///var/lib/sqlite/db.sqlite?_fk=true' }), null);
    assert.equal(server({ DATABASE_URL: 'postgres://app@localhost/app' }), null);
    assert.equal(server({ DB_URL: 'postgres://app@${DB_HOST}/app' }), null);
    assert.equal(server({ SENTRY_DSN: 'https://key@sentry.example.com/7' }), null);
    assert.equal(server({ UPSTREAM: 'postgres://app@db/app', DSN: null }), null);
  });

  it('an override that switches the DSN to a server leaves the SQLite volume keeping nothing; a path in the volume, or no server, keeps it', async () => {
    const base = [
      'services:',
      '  identity:',
      '    image: ghcr.io/example/identity:2.1',
      '    environment:',
      '      - DSN=sqlite:///var/lib/sqlite/db.sqlite?_fk=true',
      '    volumes:',
      '      - identity-sqlite:/var/lib/sqlite',
      'volumes:',
      '  identity-sqlite:',
      '',
    ].join('\n');
    const postgres = ['services:', '  identity:', '    environment:', '      - DSN=postgres://identity:secret@postgres:5432/identity', '  postgres:', '    image: postgres:16', ''].join('\n');
    const alone = await lintComposeProject({ 'compose.yaml': base });
    assert.deepEqual(keptData(alone.model).map((k) => k.how), ['volume identity-sqlite at /var/lib/sqlite']);
    const merged = await lintComposeProject({ 'compose.yaml': base, 'quickstart-postgres.yml': postgres }, { moreFiles: ['quickstart-postgres.yml'] });
    const identity = service(merged, 'identity');
    assert.deepEqual(fileDatabaseLeftOver(identity, identity.mounts.find((m) => m.target === '/var/lib/sqlite')!), { variable: 'DSN', server: 'postgres' });
    assert.deepEqual(keptData(merged.model), []);
    assert.deepEqual(merged.findings.filter((f) => f.ruleId === 'VOL022'), []);
    // Another variable still names a file in the volume: the volume keeps it.
    const sessions = postgres.replace('  postgres:', '      - SESSIONS=/var/lib/sqlite/sessions.db\n  postgres:');
    const kept = await lintComposeProject({ 'compose.yaml': base, 'quickstart-postgres.yml': sessions }, { moreFiles: ['quickstart-postgres.yml'] });
    assert.deepEqual(keptData(kept.model).map((k) => k.how), ['volume identity-sqlite at /var/lib/sqlite']);
    assert.equal(kept.findings.filter((f) => f.ruleId === 'VOL022').length, 1);
  });
});

describe('a service that runs the project\'s tests makes the project a test stack', () => {
  const project = (tests: string[]): Record<string, string> => ({
    'compose.yaml': [
      'services:',
      '  tests:',
      ...tests,
      '  app:',
      '    image: ghcr.io/example/shop:1.4',
      '    volumes:',
      '      - uploads:/srv/shop/uploads',
      '  db:',
      '    image: postgres:16',
      'volumes:',
      '  uploads:',
      '',
    ].join('\n'),
    'Dockerfile.test': 'FROM golang:1.22\nCOPY . /src\n',
    'Dockerfile': 'FROM golang:1.22\nCOPY . /src\n',
  });
  const evidence = async (tests: string[]): Promise<string | null> => {
    const result = await lintComposeProject(project(tests));
    return throwAwayEvidence(result.model, service(result, 'db'));
  };

  it('reads the Dockerfile\'s name and each command of the start command line', async () => {
    assert.equal(await evidence(['    build:', '      context: .', '      dockerfile: Dockerfile.test']), "service tests runs the project's tests (its Dockerfile, Dockerfile.test, is named for tests)");
    const runs = async (command: string): Promise<string | null> => evidence(['    image: ghcr.io/example/tools:1', `    command: ${command}`]);
    assert.equal(await runs('["./scripts/test_unit.sh"]'), "service tests runs the project's tests (its command runs `./scripts/test_unit.sh`)");
    assert.equal(await runs('go test -race ./...'), "service tests runs the project's tests (its command runs `go test`)");
    assert.equal(await runs('["sh", "-c", "npm ci && npm run test:e2e"]'), "service tests runs the project's tests (its command runs `npm run test:e2e`)");
    assert.equal(await runs('bundle exec rspec'), "service tests runs the project's tests (its command runs `rspec`)");
    assert.equal(await runs('["python", "-m", "pytest", "-x"]'), "service tests runs the project's tests (its command runs `pytest`)");
    assert.equal(await runs('make -j4 e2e'), "service tests runs the project's tests (its command runs `make -j4 e2e`)");
  });

  it('not an install, the shell\'s test builtin, a program in a folder named for tests, a Dockerfile elsewhere, or a service started only with a profile', async () => {
    const runs = async (command: string): Promise<string | null> => evidence(['    image: ghcr.io/example/tools:1', `    command: ${command}`]);
    assert.equal(await runs('["sh", "-c", "npm ci && npm start"]'), null);
    assert.equal(await runs('["sh", "-c", "test -f /srv/ready || exec /srv/server"]'), null);
    assert.equal(await runs('go run ./cmd/test-server'), null);
    assert.equal(await runs('["pip", "install", "pytest"]'), null);
    assert.equal(await runs('["/srv/tests/bin/serve"]'), null);
    assert.equal(await evidence(['    build: .']), null);
    assert.equal(await evidence(['    image: ghcr.io/example/tools:1', '    profiles: ["test"]', '    command: go test ./...']), null);
  });
});
