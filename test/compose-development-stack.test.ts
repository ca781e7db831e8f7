/**
 * The development stack evidence of a Compose project (src/compose/query.ts developmentStack,
 * sourceTreeBind): what makes a project a development or test stack, where it is written, and what
 * VOL020 and VOL022 leave out there unless the compose files are deployed as written.
 */
import assert from 'node:assert/strict';
import { developmentStack, sourceTreeBind, writtenMounts } from '../src/compose/query.js';
import { composeModelToJson, describeComposeModel } from '../src/report/compose-model.js';
import { composeService, lintComposeProject } from './helpers/compose.js';

const NODE_APP = 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\nCMD ["node", "server.js"]\n';
const SOURCES = { Dockerfile: NODE_APP, 'package.json': '{"name": "shop"}\n', 'server.js': '\n' };

/** A database left out beside another service's uploads volume: reported in a stack that is no development stack. */
const DATABASE = ['  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: example'];

function compose(web: string[]): string {
  return ['services:', '  web:', '    build: .', ...web, ...DATABASE, 'volumes:', '  uploads:', ''].join('\n');
}

describe('development stack evidence', () => {
  it('a bind of the build context over the directory the build copied it to is a bind of the sources; of a data directory, or elsewhere, it is not', async () => {
    const result = await lintComposeProject({
      ...SOURCES,
      'compose.yaml': compose(['    volumes:', '      - .:/app', '      - ./data:/srv/data', '      - .:/opt/other', '      - uploads:/srv/uploads']),
    });
    const web = composeService(result, 'web');
    const bySource = new Map(writtenMounts(web).map((m) => [`${m.sourceRaw}:${m.target}`, sourceTreeBind(web, m)]));
    assert.deepEqual(Object.fromEntries(bySource), { '.:/app': true, './data:/srv/data': false, '.:/opt/other': false, 'uploads:/srv/uploads': false });
    const evidence = developmentStack(result.model);
    assert.deepEqual(evidence && { kind: evidence.kind, words: evidence.words, line: evidence.location.range.start.line + 1 }, {
      kind: 'source-bind',
      words: "service web binds the project's sources (.) over its application directory /app",
      line: 5,
    });
    assert.equal(developmentStack(result.model), evidence, 'computed once per model');
  });

  it('a directory of the context a COPY brings to the mount point is a bind of the sources too', async () => {
    const result = await lintComposeProject({
      'Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt ./\nCOPY src /srv/app\nCMD ["python", "-m", "app"]\n',
      'requirements.txt': '\n',
      'src/__init__.py': '\n',
      'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - ./src:/srv/app\n',
    });
    const web = composeService(result, 'web');
    assert.deepEqual(writtenMounts(web).map((m) => sourceTreeBind(web, m)), [true]);
  });

  it('so is the context bound over the directory a COPY --from brings where that stage copied the context (sources built in place)', async () => {
    const dockerfile = (from: string): string =>
      `FROM maven:3.9-eclipse-temurin-17 AS compile\nWORKDIR /openmrs_core\nCOPY . .\nRUN mvn install\n\nFROM tomcat:9\nCOPY --from=compile ${from} /openmrs_core\nCMD ["catalina.sh", "run"]\n`;
    const bound = async (from: string): Promise<boolean[]> => {
      const result = await lintComposeProject({ Dockerfile: dockerfile(from), 'pom.xml': '<project/>\n', 'compose.yaml': 'services:\n  api:\n    build: .\n    volumes:\n      - ./:/openmrs_core\n' });
      const api = composeService(result, 'api');
      return writtenMounts(api).map((m) => sourceTreeBind(api, m));
    };
    assert.deepEqual(await bound('/openmrs_core'), [true]);
    // The stage's build output alone (its target/ directory) is not where the sources are.
    assert.deepEqual(await bound('/openmrs_core/target'), [false]);
  });

  it('a COPY --from source written with an ARG of the parent stage is that directory where the Dockerfile is one for BuildKit', async () => {
    const dockerfile = (buildkit: boolean): string =>
      `${buildkit ? '# syntax=docker/dockerfile:1\n' : ''}FROM ubuntu:22.04 AS common\nARG APP_DIR=/webapp\nWORKDIR $APP_DIR\n\nFROM common AS build\nCOPY . ./\nRUN make\n\nFROM common AS app\nCOPY --from=build $APP_DIR ./\n`;
    const bound = async (buildkit: boolean): Promise<{ bind: boolean[]; sources: unknown }> => {
      const result = await lintComposeProject({ Dockerfile: dockerfile(buildkit), Makefile: 'all:\n', 'compose.yaml': 'services:\n  api:\n    build: .\n    volumes:\n      - .:/webapp\n' });
      const api = composeService(result, 'api');
      const copy = writtenMounts(api)[0]!.image.steps.find((s) => s.effect.from === 'build');
      return { bind: writtenMounts(api).map((m) => sourceTreeBind(api, m)), sources: copy?.effect.sources };
    };
    // BuildKit passes the parent stage's ARGs on: the source is /webapp, where the build stage copied the context.
    assert.deepEqual(await bound(true), { bind: [true], sources: ['/webapp'] });
    // Any builder: the legacy builder and Kaniko do not, and the source stays as written.
    assert.deepEqual(await bound(false), { bind: [false], sources: ['$APP_DIR'] });
  });

  it('an image-only service binds no sources of the project; without other evidence the project is no development stack', async () => {
    const result = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    image: node:20\n    volumes:\n      - .:/app\n      - uploads:/srv/uploads\n' + DATABASE.join('\n') + '\nvolumes:\n  uploads:\n' });
    assert.equal(developmentStack(result.model), null);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'VOL022').map((f) => f.messageId), ['unmountedKept']);
  });

  it('a file named for development or for tests, a test run, a purpose header: each with its words and place, in that order', async () => {
    const plain = ['services:', '  web:', '    image: ghcr.io/example/shop:1', ...DATABASE, ''].join('\n');
    const cases: Array<[Record<string, string>, string, string, string]> = [
      [{ 'compose.dev.yaml': plain }, 'compose.dev.yaml', 'development-file', 'compose.dev.yaml is named for development'],
      [{ '.devcontainer/docker-compose.yml': plain }, '.devcontainer/docker-compose.yml', 'development-file', '.devcontainer/docker-compose.yml is in a folder named for development (.devcontainer/)'],
      [{ 'compose.ci.yaml': plain }, 'compose.ci.yaml', 'test-file', 'compose.ci.yaml is named for a test or CI run'],
      [{ 'tests/compose.yaml': plain }, 'tests/compose.yaml', 'test-file', 'tests/compose.yaml is in a folder of the tests or CI (tests/)'],
      [{ 'test/docker-compose.yml': plain }, 'test/docker-compose.yml', 'test-file', 'test/docker-compose.yml is in a folder of the tests or CI (test/)'],
      [{ '.github/docker-compose.yml': plain }, '.github/docker-compose.yml', 'test-file', '.github/docker-compose.yml is in a folder of the tests or CI (.github/)'],
      [{ 'pwd-stack.yml': plain }, 'pwd-stack.yml', 'playground', 'pwd-stack.yml is named for Play with Docker (pwd), a playground whose sessions are deleted after four hours'],
      [{ 'compose.yaml': plain.replace('image: ghcr.io/example/shop:1', 'image: ghcr.io/example/shop:1\n    command: pytest -x') }, 'compose.yaml', 'test-run', "service web runs the project's tests (its command runs `pytest`)"],
      [{ 'compose.yaml': plain.replace('image: ghcr.io/example/shop:1', 'image: grafana/k6:1.5.0\n    command: ["run", "/scripts/load.js"]') }, 'compose.yaml', 'test-run', "service web runs the project's tests (its image, grafana/k6, runs tests or a load test)"],
      [{ 'compose.yaml': `# For local development only.\n${plain}` }, 'compose.yaml', 'statement', 'the header of compose.yaml says "For local development only."'],
    ];
    for (const [files, main, kind, words] of cases) {
      const result = await lintComposeProject(files, { main });
      const evidence = developmentStack(result.model);
      assert.deepEqual(evidence && { kind: evidence.kind, words: evidence.words, file: evidence.location.file }, { kind, words, file: main }, main);
    }
  });

  it('a folder of the tests counts by its whole name, the compose file\'s own folder only; a word of another name does not', async () => {
    const plain = ['services:', '  web:', '    image: ghcr.io/example/shop:1', ...DATABASE, ''].join('\n');
    for (const main of ['ab-test-service/compose.yaml', 'ci/compose.yaml', 'deploy/latest/compose.yaml', 'tests/shop/compose.yaml', 'contest/compose.yaml']) {
      const result = await lintComposeProject({ [main]: plain }, { main });
      assert.equal(developmentStack(result.model), null, main);
    }
  });

  it('a test runner\'s image counts only from its own repository and started by a plain `up`', async () => {
    const plain = ['services:', '  web:', '    image: IMAGE', ...DATABASE, ''].join('\n');
    for (const image of ['ghcr.io/grafana/k6:1', 'example/k6:1', 'grafana/k6-operator:1']) {
      const result = await lintComposeProject({ 'compose.yaml': plain.replace('IMAGE', image) });
      assert.equal(developmentStack(result.model), null, image);
    }
    const profiled = await lintComposeProject({ 'compose.yaml': plain.replace('IMAGE', 'grafana/k6:1\n    profiles: ["load"]') });
    assert.equal(developmentStack(profiled.model), null, 'only with a profile');
  });

  it('VOL022: a database of a test folder\'s stack is its fixture, beside a volume the stack keeps; at the root it is reported', async () => {
    const keeps = ['services:', '  web:', '    image: ghcr.io/example/shop:1', '    volumes:', '      - uploads:/srv/uploads', ...DATABASE, 'volumes:', '  uploads:', ''].join('\n');
    const vol022 = async (main: string): Promise<string[]> => (await lintComposeProject({ [main]: keeps }, { main })).findings.filter((f) => f.ruleId === 'VOL022').map((f) => f.messageId ?? '');
    assert.deepEqual(await vol022('compose.yaml'), ['unmountedKept']);
    assert.deepEqual(await vol022('integration-tests/compose.yaml'), []);
  });
});

describe('what a development stack leaves out, and compose.deployed brings back', () => {
  const files = { ...SOURCES, 'compose.yaml': compose(['    volumes:', '      - .:/app', '      - uploads:/srv/uploads']) };

  it('VOL022: a VOLUME left out by a service that shows no intent of its own; VOL020: the bind of the sources only where the project says so', async () => {
    // The bind alone: VOL022 leaves the database out, VOL020 reports the bind (a base file serves production runs too).
    const quiet = await lintComposeProject(files);
    assert.deepEqual(quiet.findings.filter((f) => f.ruleId === 'VOL020' || f.ruleId === 'VOL022').map((f) => [f.ruleId, f.range.start.line + 1]), [['VOL020', 5]]);
    assert.ok(!(quiet.findings.find((f) => f.ruleId === 'VOL020')?.explanation ?? []).some((line) => line.includes('development stack')));
    const withBind = await lintComposeProject(files, { settings: { composeDeployed: true } });
    const evidence22 = (withBind.findings.find((f) => f.ruleId === 'VOL022')?.explanation ?? []).find((line) => line.includes('development stack'));
    assert.ok(evidence22?.includes("service web binds the project's sources (.) over its application directory /app") && evidence22.includes('`compose.deployed`'), evidence22);
    // A file named for development: both left out by default, both reported with compose.deployed, naming the evidence.
    const dev = { ...SOURCES, 'compose.dev.yaml': files['compose.yaml']! };
    const devQuiet = await lintComposeProject(dev, { main: 'compose.dev.yaml' });
    assert.deepEqual(devQuiet.findings.filter((f) => f.ruleId === 'VOL020' || f.ruleId === 'VOL022'), []);
    const deployed = await lintComposeProject(dev, { main: 'compose.dev.yaml', settings: { composeDeployed: true } });
    const found = deployed.findings.filter((f) => f.ruleId === 'VOL020' || f.ruleId === 'VOL022');
    assert.deepEqual(found.map((f) => [f.ruleId, f.range.start.line + 1]).sort(), [['VOL020', 5], ['VOL022', 7]]);
    for (const f of found) {
      const said = (f.explanation ?? []).find((line) => line.includes('development stack'));
      assert.ok(said?.includes('compose.dev.yaml is named for development') && said.includes('`compose.deployed`'), `${f.ruleId}: ${(f.explanation ?? []).join(' | ')}`);
    }
  });

  it('VOL022 still reports a service that mounts its own data at the wrong place in a development stack', async () => {
    const own = await lintComposeProject({
      ...SOURCES,
      'compose.yaml': ['services:', '  web:', '    build: .', '    volumes:', '      - .:/app', '  db:', '    image: mariadb:11', '    volumes:', '      - mariadb-data:/var/lib/MARIADB', 'volumes:', '  mariadb-data:', ''].join('\n'),
    });
    assert.notEqual(developmentStack(own.model), null);
    assert.deepEqual(own.findings.filter((f) => f.ruleId === 'VOL022').map((f) => f.messageId), ['unmountedKept']);
  });

  it('a service built from the Dockerfile\'s stage named for development is the project\'s word: VOL020 leaves its source bind out', async () => {
    const dockerfile = NODE_APP.replace('FROM node:20-slim', 'FROM node:20-slim AS dev') + 'FROM dev AS production\n';
    const project = (target: string): Record<string, string> => ({ ...SOURCES, Dockerfile: dockerfile, 'compose.yaml': ['services:', '  web:', '    build:', '      context: .', `      target: ${target}`, '    volumes:', '      - .:/app', ''].join('\n') });
    const dev = await lintComposeProject(project('dev'));
    const evidence = developmentStack(dev.model);
    assert.deepEqual(evidence && { kind: evidence.kind, words: evidence.words, line: evidence.location.range.start.line + 1 }, { kind: 'build-target', words: 'service web builds the stage dev of Dockerfile, named for development', line: 5 });
    assert.deepEqual(dev.findings.filter((f) => f.ruleId === 'VOL020'), []);
    const production = await lintComposeProject(project('production'));
    assert.equal(developmentStack(production.model)?.kind, 'source-bind');
    assert.equal(production.findings.filter((f) => f.ruleId === 'VOL020').length, 1);
  });

  it('volint model shows the evidence, in the text and the JSON', async () => {
    const result = await lintComposeProject(files);
    assert.ok(describeComposeModel(result.model).includes("\n  development stack: service web binds the project's sources (.) over its application directory /app (compose.yaml:5:9)\n"));
    assert.deepEqual((composeModelToJson(result.model) as { development: unknown }).development, {
      kind: 'source-bind',
      words: "service web binds the project's sources (.) over its application directory /app",
      location: { file: 'compose.yaml', line: 5, column: 9, endLine: 5, endColumn: 15 },
    });
    const none = await lintComposeProject({ 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n' });
    assert.ok(describeComposeModel(none.model).includes('\n  development stack: nothing says so\n'));
    assert.equal((composeModelToJson(none.model) as { development: unknown }).development, null);
  });

  it('VOL021 leaves out the anonymous volume restoring dependencies under the bind of the sources in a development stack; compose.deployed reports it, saying why', async () => {
    const compose = 'services:\n  web:\n    build: .\n    volumes:\n      - .:/app\n      - /app/node_modules\n';
    const files = { ...SOURCES, 'compose.dev.yaml': compose, 'compose.yaml': compose };
    const notes = async (main: string, deployed: boolean): Promise<string[][]> => {
      const result = await lintComposeProject(files, { main, settings: { composeDeployed: deployed } });
      return result.findings.filter((f) => f.ruleId === 'VOL021').map((f) => f.explanation);
    };
    assert.equal((await notes('compose.dev.yaml', false)).length, 0);
    // The bind alone is no development stack for VOL021, as for VOL020: compose.yaml keeps the note.
    assert.equal((await notes('compose.yaml', false)).length, 1);
    const deployed = await notes('compose.dev.yaml', true);
    assert.equal(deployed.length, 1);
    assert.ok(deployed[0]!.some((l) => l.includes('the project looks like a development stack (compose.dev.yaml is named for development)')), deployed[0]!.join('\n'));
  });
});
