/**
 * Unset variables in a compose project (src/compose/unset-variables.ts): one note for the
 * deployer's values where the project has no .env, a warning per variable where its .env (or an
 * --env-file) lacks one, a warning for a container's variable that Compose replaces, and no rule
 * finding from what an empty variable does to an entry; `$PWD` as the project directory.
 */
import assert from 'node:assert/strict';
import { usePlace } from '../src/compose/unset-variables.js';
import { COMPOSE_ERROR_ID } from '../src/engine/compose-linter.js';
import { composeService, lintComposeProject, PROJECT_DIR } from './helpers/compose.js';

type Result = Awaited<ReturnType<typeof lintComposeProject>>;

function problems(result: Result): string[] {
  return result.findings.filter((f) => f.ruleId === COMPOSE_ERROR_ID).map((f) => `${f.file}:${f.range.start.line + 1} ${f.severity} ${f.message}`);
}

function rules(result: Result): string[] {
  return result.findings.filter((f) => f.ruleId !== COMPOSE_ERROR_ID).map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
}

/** A stack whose variables are the deployer's: pass-through environment values, a volume source, a build, a user. */
const STACK = [
  'services:',
  '  db:',
  '    image: postgres:16',
  '    volumes:',
  '      - ${DB_DIR}:/var/lib/postgresql/data',
  '    environment:',
  '      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}',
  '      - TZ=${TZ}',
  '  app:',
  '    image: busybox',
  '    user: ${UID}',
  '    environment:',
  '      TZ: ${TZ}',
  '    volumes:',
  '      - app-data:/data',
  'volumes:',
  '  app-data:',
  '',
].join('\n');

describe('unset variables in a compose project', () => {
  it('without a .env, the deployer\'s values are one note at the first use, naming them, with every use as a related location', async () => {
    const result = await lintComposeProject({ 'compose.yaml': STACK });
    assert.deepEqual(problems(result), [
      "compose.yaml:5 note 4 variables (DB_DIR, POSTGRES_PASSWORD, TZ and UID) are not set here, and there is no .env beside the compose file: Compose substitutes an empty string for each. They are the deployer's values (to lint with them: --env-file FILE); volint does not judge what they empty: service db, whose volume entry at line 5 DB_DIR empties (Compose refuses it as written); which user service app runs as (UID, line 11)",
    ]);
    const note = result.findings.find((f) => f.ruleId === COMPOSE_ERROR_ID)!;
    assert.deepEqual(
      note.related.map((r) => `${r.range.start.line + 1} ${r.message}`),
      ['7 POSTGRES_PASSWORD is used here', '8 TZ is used here', '13 TZ is used here', '11 UID is used here: volint does not judge which user service app runs as (UID, line 11)'],
    );
    // The entry DB_DIR empties is left out: the image VOLUME it mounts is not reported as anonymous (VOL022), an artifact of the missing value.
    assert.deepEqual(rules(result), []);
    // The user the deployer gives is not known: VOL024 does not judge it.
    assert.equal(composeService(result, 'app').user.source, 'unknown');
  });

  it('with a .env that lacks them, each variable is a warning, and what Compose refuses is an error; still no rule finding from the emptied entry', async () => {
    const result = await lintComposeProject({ 'compose.yaml': STACK, '.env': 'TZ=UTC\n' });
    assert.deepEqual(problems(result), [
      'compose.yaml:5 error service db: invalid volume ":/var/lib/postgresql/data": empty section between colons, because DB_DIR has no value: Compose refuses it (docker-compose 1.29 only warns)',
      'compose.yaml:7 warning variable POSTGRES_PASSWORD is not set (in the environment or .env): Compose substitutes an empty string',
      'compose.yaml:11 warning variable UID is not set (in the environment or .env): Compose substitutes an empty string',
    ]);
    assert.deepEqual(rules(result), []);
    // An --env-file is the deployer's file too: what it lacks is a warning, named after it.
    const named = await lintComposeProject({ 'compose.yaml': STACK, 'prod.env': 'TZ=UTC\nDB_DIR=/srv/db\nUID=1000\n' }, { envFiles: ['prod.env'] });
    assert.deepEqual(problems(named), ['compose.yaml:7 warning variable POSTGRES_PASSWORD is not set (in the environment or prod.env): Compose substitutes an empty string']);
  });

  it('a build an unset variable empties: the missing Dockerfile is said in the note, not as an error of the file; with a .env, the error names the variable', async () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    build: ${APP_DIR}/docker\n    volumes:\n      - ./src:/app\n', 'src/main.py': '' };
    assert.deepEqual(problems(await lintComposeProject(files)), [
      "compose.yaml:3 note variable APP_DIR is not set here, and there is no .env beside the compose file: Compose substitutes an empty string. It is the deployer's value (to lint with it: --env-file FILE); volint does not judge what it empties: service app, whose build at line 3 APP_DIR empties (its Dockerfile is not found)",
    ]);
    assert.deepEqual(problems(await lintComposeProject({ ...files, '.env': 'OTHER=1\n' })), [
      'compose.yaml:3 error service app: Dockerfile ../docker/Dockerfile cannot be read (no such file or directory), because APP_DIR has no value',
    ]);
  });

  it('a long-syntax bind whose source or target a variable empties: the error names it at the value (with a .env), the note says so (without)', async () => {
    const compose = 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - type: bind\n        source: ${PGDATA_HOST}\n        target: /var/lib/postgresql/data\n      - type: volume\n        source: logs\n        target: ${LOG_DIR}\nvolumes:\n  logs:\n';
    assert.deepEqual(problems(await lintComposeProject({ 'compose.yaml': compose, '.env': 'OTHER=1\n' })), [
      'compose.yaml:6 error service db: a bind mount whose `source` is empty, because PGDATA_HOST has no value: Compose refuses it',
      'compose.yaml:10 error service db: a `volumes:` entry whose `target` is empty, because LOG_DIR has no value: Compose refuses it',
    ]);
    const bare = await lintComposeProject({ 'compose.yaml': compose });
    assert.deepEqual(problems(bare), [
      "compose.yaml:6 note 2 variables (PGDATA_HOST and LOG_DIR) are not set here, and there is no .env beside the compose file: Compose substitutes an empty string for each. They are the deployer's values (to lint with them: --env-file FILE); volint does not judge what they empty: service db, whose volume entry at line 6 PGDATA_HOST empties (Compose refuses it as written); service db, whose volume entry at line 10 LOG_DIR empties (Compose refuses it as written)",
    ]);
    assert.deepEqual(rules(bare), []);
  });

  it('a bind source partly emptied is not judged: no rule finding at that entry', async () => {
    const files = {
      'compose.yaml': 'services:\n  app:\n    build: .\n    volumes:\n      - ${DATA}/app:/app\n',
      Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nCOPY . .\n',
      'package.json': '{}',
    };
    const result = await lintComposeProject(files);
    assert.deepEqual(rules(result), []);
    assert.match(problems(result)[0]!, /volint does not judge what it empties: the volume entry of service app at line 5 \(DATA\)$/);
  });

  it('a finding about the container path alone stays where a variable emptied only the host path: a mount under root\'s home that pgAdmin does not use, whatever the host path', async () => {
    const compose = (target: string): Record<string, string> => ({ 'compose.yaml': `services:\n  pgadmin:\n    image: dpage/pgadmin4\n    volumes:\n      - \${PGADMIN_DIR}/pgadmin:${target}\n` });
    const result = await lintComposeProject(compose('/root/.pgadmin'));
    assert.deepEqual(rules(result), ['VOL022@5']);
    assert.match(result.findings.find((f) => f.ruleId === 'VOL022')!.message, /mounts the host path \$\{PGADMIN_DIR\}\/pgadmin at \/root\/\.pgadmin, which the image dpage\/pgadmin4 does not use/);
    assert.match(problems(result)[0]!, /PGADMIN_DIR/);
    // A container path written with the variable is not judged.
    assert.deepEqual(rules(await lintComposeProject({ 'compose.yaml': 'services:\n  pgadmin:\n    image: dpage/pgadmin4\n    volumes:\n      - pgadmin:${PGADMIN_HOME}/root/.pgadmin\nvolumes:\n  pgadmin:\n' })), []);
  });

  it('a variable the service\'s environment sets, written in its healthcheck or command: a warning to escape it, with or without a .env', async () => {
    const compose = [
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      - POSTGRES_USER=app',
      '      - POSTGRES_DB=${POSTGRES_DB}',
      '    healthcheck:',
      '      test: ["CMD-SHELL", "pg_isready -U ${POSTGRES_USER} -d ${POSTGRES_DB}"]',
      '    volumes:',
      '      - db:/var/lib/postgresql/data',
      'volumes:',
      '  db:',
      '',
    ].join('\n');
    const warning = 'compose.yaml:8 warning variable POSTGRES_USER is not set here, so Compose writes an empty string in service db\'s `healthcheck:` before the container starts; the service\'s `environment:` sets POSTGRES_USER for the container: write $${POSTGRES_USER} (or $$POSTGRES_USER) for the container\'s shell to expand it';
    // POSTGRES_DB is passed through from the deployer's values: the healthcheck agrees with the environment, part of the note.
    assert.deepEqual(problems(await lintComposeProject({ 'compose.yaml': compose })), [
      "compose.yaml:6 note variable POSTGRES_DB is not set here, and there is no .env beside the compose file: Compose substitutes an empty string. It is the deployer's value (to lint with it: --env-file FILE)",
      warning,
    ]);
    assert.deepEqual(problems(await lintComposeProject({ 'compose.yaml': compose, '.env': 'POSTGRES_DB=app\n' })), [warning]);
  });

  it('a variable the service\'s environment sets, in a command no shell reads: Compose\'s substitution is the only one, no warning to escape it', async () => {
    const compose = (command: string): string =>
      ['services:', '  web:', '    image: busybox', '    environment:', '      - URL=http://api', `    command: ${command}`, ''].join('\n');
    const escapeWarnings = async (command: string): Promise<string[]> =>
      problems(await lintComposeProject({ 'compose.yaml': compose(command), '.env': 'OTHER=1\n' })).filter((p) => p.includes("for the container's shell"));
    // Exec form and a string command (split into words, not given to a shell): the words reach the process as written.
    assert.deepEqual(await escapeWarnings('["wget", "-O-", "${URL}"]'), []);
    assert.deepEqual(await escapeWarnings('wget -O- ${URL}'), []);
    // A shell's script: the container's shell would have expanded it.
    assert.equal((await escapeWarnings('["sh", "-c", "wget -O- ${URL}"]')).length, 1);
    assert.equal((await escapeWarnings('sh -c "wget -O- ${URL}"')).length, 1);
  });

  it('a required variable without a .env is the deployer\'s too: in the note, not an error', async () => {
    const result = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n    environment:\n      KEY: ${SECRET_KEY:?set SECRET_KEY}\n' });
    assert.deepEqual(problems(result), [
      "compose.yaml:5 note required variable SECRET_KEY has no value (Compose refuses the file until it has one), and there is no .env beside the compose file: it is the deployer's value (to lint with it: --env-file FILE)",
    ]);
  });

  it('env-file templates by the names projects ship them under: env-example, env.template, .env-template, env.dist', async () => {
    for (const name of ['env-example', 'env.template', '.env-template', 'env.dist']) {
      const result = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - ${DATA}:/data\n', [name]: 'DATA=./data\n' });
      assert.equal(composeService(result, 'web').mounts.find((m) => m.target === '/data')?.sourceRaw, './data', name);
      assert.match(problems(result)[0]!, new RegExp(`volint read the variables from ${name.replace('.', '\\.')}, the template`), name);
    }
  });

  it('$PWD is the project directory, where the user runs `docker compose`, not the directory volint runs in', async () => {
    const result = await lintComposeProject(
      { 'compose.yaml': 'services:\n  app:\n    build: ${PWD}\n    volumes:\n      - ${PWD}/data:/data\n', Dockerfile: 'FROM busybox\n' },
      { environment: { PWD: '/somewhere/else' } },
    );
    assert.deepEqual(problems(result), []);
    const app = composeService(result, 'app');
    assert.equal(app.mounts.find((m) => m.target === '/data')?.hostPath, `${PROJECT_DIR}/data`);
    assert.equal(app.image.kind, 'build');
  });

  it('says what an entry is for from where it is written', () => {
    assert.deepEqual(usePlace(['services', 'db', 'volumes', '[]']), { role: 'volume', service: 'db', volume: null });
    assert.deepEqual(usePlace(['services', 'db', 'volumes', '[]', 'source']), { role: 'volume', service: 'db', volume: null });
    assert.deepEqual(usePlace(['services', 'app', 'build', 'context']), { role: 'build', service: 'app', volume: null });
    assert.deepEqual(usePlace(['services', 'app', 'build', 'args', 'VERSION']), { role: 'other', service: 'app', volume: null });
    assert.deepEqual(usePlace(['services', 'app', 'environment', '[]']), { role: 'environment', service: 'app', volume: null });
    assert.deepEqual(usePlace(['services', 'app', 'healthcheck', 'test', '[]']), { role: 'command', service: 'app', volume: null });
    assert.deepEqual(usePlace(['volumes', 'data', 'driver_opts', 'device']), { role: 'volume', service: null, volume: 'data' });
    // A version-1 file: services at the top level.
    assert.deepEqual(usePlace(['web', 'image']), { role: 'image', service: 'web', volume: null });
    assert.deepEqual(usePlace(['x-common', 'environment']).role, 'other');
  });
});
