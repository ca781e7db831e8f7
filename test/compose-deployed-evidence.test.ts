/**
 * Evidence that a Compose project keeping no data anywhere is deployed as written (src/compose/query.ts
 * deploymentEvidence): the settings a service sets that only a stack run for a long time, or on a swarm,
 * needs (src/compose/service-settings.ts serviceOperations), and a header saying the file is for
 * self-hosting (src/compose/purpose.ts selfHostingStatement); and how `volint model` shows them.
 */
import assert from 'node:assert/strict';
import { deploymentEvidence } from '../src/compose/query.js';
import type { ComposeModel } from '../src/compose/types.js';
import { composeModelToJson, describeComposeModel } from '../src/report/compose-model.js';
import { selfHostingStatement } from '../src/compose/purpose.js';
import { commentStatementCases, composeService, lintComposeProject } from './helpers/compose.js';

describe('the settings only a stack run for a long time, or on a swarm, needs', () => {
  it('reads log rotation, swarm settings and the overlay networks a service joins, in that order; not resource limits', async () => {
    const result = await lintComposeProject({
      'compose.yaml': [
        'services:',
        '  api:',
        '    image: ghcr.io/example/api:2.0',
        '    networks: [front, mesh]',
        '    logging:',
        '      driver: json-file',
        '      options:',
        '        max-file: "3"',
        '    cpus: 1.5',
        '    mem_limit: 1g',
        '    deploy:',
        '      mode: global',
        '      placement:',
        '        constraints: [node.role == worker]',
        '      resources:',
        '        limits:',
        '          memory: 512M',
        '  worker:',
        '    image: ghcr.io/example/worker:2.0',
        '    restart: always',
        '    ports: ["9000:9000"]',
        '    logging:',
        '      driver: syslog',
        '    deploy:',
        '      mode: replicated',
        '      resources:',
        '        reservations:',
        '          devices: [{ capabilities: [gpu] }]',
        '    networks:',
        '      mesh:',
        '        aliases: [jobs]',
        'networks:',
        '  front:',
        '  mesh:',
        '    driver: overlay',
        '',
      ].join('\n'),
    });
    assert.deepEqual(
      composeService(result, 'api').operations.map((o) => [o.kind, o.setting, o.location.range.start.line]),
      [
        ['log-rotation', 'logging.options.max-file: 3', 7],
        ['swarm', 'deploy.mode: global', 11],
        ['swarm', 'deploy.placement', 13],
        ['swarm', 'networks: mesh (driver: overlay)', 3],
      ],
    );
    // A restart policy, published ports, another logging driver, GPU reservations and `mode: replicated` are none
    // (nor are api's `cpus`, `mem_limit` and `deploy.resources.limits` above);
    // the overlay network joined in the map form is.
    assert.deepEqual(composeService(result, 'worker').operations.map((o) => o.setting), ['networks: mesh (driver: overlay)']);
  });
});

describe('the header saying a compose file is for self-hosting', () => {
  const said: ReadonlyArray<[string, string]> = [
    [
      'To make it easier to self-host, we have a preset docker compose config that also\nhas a container with a Postgres instance running.\nYou can tweak around this file to match your instances',
      'To make it easier to self-host, we have a preset docker compose config that also has a container with a Postgres instance running.',
    ],
    ['this file is an example docker compose configuration for self hosting', 'this file is an example docker compose configuration for self hosting'],
    ['Notes: the selfhosted edition, with its database', 'Notes: the selfhosted edition, with its database'],
  ];
  const elsewhere: readonly string[] = [
    'see: https://formbricks.com/docs/self-hosting/configuration',
    'For self-hosting, see docs/self-hosting.md.',
    'Follow the documentation to self-host it properly.',
    'This is not meant for self-hosting.',
    'Neither file is for self-hosting',
    'Local playground for the API, with a mail catcher',
  ];
  commentStatementCases(selfHostingStatement, said, elsewhere, 'does not');
});

describe('a project that keeps no data anywhere and looks deployed', () => {
  const db = ['  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: example'];

  it('names the first evidence: a self-hosting header before the services\' settings', async () => {
    const result = await lintComposeProject({
      'compose.yaml': ['# The stack to self-host the shop.', 'services:', '  web:', '    image: ghcr.io/example/shop:1.4', '    deploy:', '      placement:', '        constraints: [node.role == worker]', ...db, ''].join('\n'),
    });
    assert.deepEqual(deploymentEvidence(result.model)?.words, 'the header of compose.yaml says "The stack to self-host the shop."');
    const vol022 = result.findings.filter((f) => f.ruleId === 'VOL022');
    assert.equal(vol022.length, 1);
    assert.equal(
      vol022[0]!.explanation?.[1],
      'No service of the project keeps data anywhere, which is how a throw-away stack is written, but this one looks deployed: the header of compose.yaml says "The stack to self-host the shop." A deployment\'s data must survive `down` and `up`, so this VOLUME was most likely forgotten.',
    );
    assert.deepEqual(
      vol022[0]!.related?.map((r) => [r.message, r.range.start.line]),
      [['the project looks deployed', 0]],
    );
  });

  it('a restart policy, published ports, a healthcheck and resource limits are no evidence; in a development stack nothing is', async () => {
    const quickStart = ['services:', '  web:', '    image: ghcr.io/example/shop:1.4', '    restart: always', '    ports: ["80:80"]', '    mem_limit: 1g', '    healthcheck:', '      test: ["CMD", "true"]', ...db, ''].join('\n');
    const plain = await lintComposeProject({ 'compose.yaml': quickStart });
    assert.equal(deploymentEvidence(plain.model), null);
    assert.deepEqual(plain.findings.filter((f) => f.ruleId === 'VOL022'), []);
    const limited = ['services:', '  web:', '    image: ghcr.io/example/shop:1.4', '    logging:', '      options:', '        max-size: 10m', ...db, ''].join('\n');
    const deployed = await lintComposeProject({ 'compose.yaml': limited });
    assert.equal(deploymentEvidence(deployed.model)?.words, 'service web sets `logging.options.max-size: 10m`, log rotation, which only a container that runs for a long time needs');
    assert.equal(deployed.findings.filter((f) => f.ruleId === 'VOL022').length, 1);
    const development = await lintComposeProject({ 'compose.dev.yaml': limited }, { main: 'compose.dev.yaml' });
    assert.equal(deploymentEvidence(development.model), null);
    assert.deepEqual(development.findings.filter((f) => f.ruleId === 'VOL022'), []);
  });
});

describe('volint model: whether the project keeps data and counts as deployed', () => {
  const db = ['  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: example'];
  const rotated = ['services:', '  web:', '    image: ghcr.io/example/shop:1.4', '    logging:', '      options:', '        max-size: 10m', ...db, ''].join('\n');
  type Json = {
    keepsData: Array<{ service: string; how: string; location: { line: number } }>;
    deployment: { configured: boolean; evidence: { words: string; location: { file: string; line: number; column: number } } | null; developmentFile: string | null };
    services: Array<{ name: string; operations: Array<{ kind: string; setting: string; location: { line: number; column: number } }> }>;
  };
  const json = (model: ComposeModel): Json => JSON.parse(JSON.stringify(composeModelToJson(model))) as Json;

  it('shows the evidence that it is deployed and each service\'s settings for a long run or a swarm, with their places, in text and JSON', async () => {
    const result = await lintComposeProject({ 'compose.yaml': rotated });
    const text = describeComposeModel(result.model);
    const setting = composeService(result, 'web').operations[0]!.location.range.start;
    const place = `compose.yaml:${setting.line + 1}:${setting.character + 1}`;
    assert.equal(place, 'compose.yaml:6:19');
    assert.match(text, /\n {2}keeps data: nowhere \(no service mounts a named volume or a data directory, or turns persistence on\)\n/);
    assert.ok(text.includes(`\n  looks deployed: service web sets \`logging.options.max-size: 10m\`, log rotation, which only a container that runs for a long time needs (${place})\n`), text);
    assert.ok(text.includes(`\n  set for a long run or a swarm: \`logging.options.max-size: 10m\` (log rotation, ${place})\n`), text);
    const out = json(result.model);
    assert.deepEqual(out.keepsData, []);
    assert.deepEqual(out.deployment.evidence && [out.deployment.evidence.words, out.deployment.evidence.location.line], [deploymentEvidence(result.model)!.words, 6]);
    assert.equal(out.deployment.configured, false);
    assert.deepEqual(out.services.find((s) => s.name === 'web')!.operations.map((o) => [o.kind, o.setting, o.location.line, o.location.column]), [['log-rotation', 'logging.options.max-size: 10m', 6, 19]]);
    assert.deepEqual(out.services.find((s) => s.name === 'db')!.operations, []);
  });

  it('shows where the project keeps data; a project keeping none that nothing says is deployed is a throw-away stack; the configuration and a development file say so', async () => {
    const kept = await lintComposeProject({ 'compose.yaml': ['services:', ...db, '    volumes:', '      - pgdata:/var/lib/postgresql/data', 'volumes:', '  pgdata:', ''].join('\n') });
    const keptText = describeComposeModel(kept.model);
    assert.match(keptText, /\n {2}keeps data: service db's volume pgdata at \/var\/lib\/postgresql\/data \(compose\.yaml:7:9\)\n {2}deployed: nothing says so\n/);
    assert.deepEqual(json(kept.model).keepsData.map((k) => [k.service, k.how, k.location.line]), [['db', 'volume pgdata at /var/lib/postgresql/data', 7]]);

    const quickStart = ['services:', ...db, ''].join('\n');
    assert.match(describeComposeModel((await lintComposeProject({ 'compose.yaml': quickStart })).model), /\n {2}deployed: nothing says so; keeping no data, the project is taken for a throw-away stack\n/);
    const configured = await lintComposeProject({ 'compose.yaml': quickStart }, { settings: { composeDeployed: true } });
    assert.match(describeComposeModel(configured.model), /\n {2}deployed: as written, the configuration says so \(compose\.deployed, --compose-deployed\)\n/);
    assert.equal(json(configured.model).deployment.configured, true);
    const development = await lintComposeProject({ 'compose.dev.yaml': rotated }, { main: 'compose.dev.yaml' });
    assert.match(describeComposeModel(development.model), /\n {2}deployed: not looked for, compose\.dev\.yaml is a development stack's file \(it copies the deployment's settings\); keeping no data, the project is taken for a throw-away stack\n/);
    assert.deepEqual(json(development.model).deployment, { configured: false, evidence: null, developmentFile: 'compose.dev.yaml' });
  });
});
