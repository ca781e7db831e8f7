/**
 * The engine with rules of kind `compose`: a rule gets the Compose model and no other, reports on
 * a volume entry with related locations in the Dockerfile, suppressions above a compose entry
 * work (and unused ones are reported), findings in the override file name it, and every output
 * format carries the related file (SARIF lists both files as artifacts and stays valid).
 * The rule here is a test rule: the real compose rules have their own fixtures.
 */
import assert from 'node:assert/strict';
import type { Log } from 'sarif';
import { defineRule, type AnyRule } from '../src/engine/types.js';
import { validateRules } from '../src/engine/linter.js';
import { formatAll, splitLines, type FileReport, type FormatContext } from '../src/report/types.js';
import { FORMATS, loadStreamingFormatter, type FormatName } from '../src/report/index.js';
import { lintComposeProject } from './helpers/compose.js';
import { lint, rules } from './helpers/lint.js';
import { assertValidSarif } from './helpers/sarif-schema.js';

/** Reports every bind mount over a path the image fills, with the steps as related locations. */
const bindRule = defineRule({
  id: 'VOL998',
  name: 'test-bind-over-content',
  kind: 'compose',
  severity: 'warning',
  fixable: 'none',
  tags: ['test'],
  messages: { hides: 'The bind mount at {target} hides what the image holds there.' },
  docs: {
    summary: 's',
    why: 'w',
    bad: 'services:\n  web:\n    build: .\n    volumes: [.:/app]\n',
    good: 'services:\n  web:\n    build: .\n',
    dockerfile: 'FROM busybox\nCOPY . /app\n',
    fix: 'f',
    references: ['https://docs.docker.com/engine/storage/bind-mounts/'],
  },
  check(model, context) {
    for (const service of model.services) {
      for (const mount of service.mounts) {
        if (mount.cover !== 'bind' || !mount.location || !mount.image.filled) continue;
        context.report({
          file: mount.location.file,
          range: mount.location.range,
          messageId: 'hides',
          data: { target: mount.target ?? mount.targetRaw },
          explanation: [mount.image.description],
          related: mount.image.steps.map((s) => ({ file: s.file, range: s.effect.range, message: `${s.effect.command} puts files there` })),
        });
      }
    }
  },
}) as AnyRule;

const PROJECT = {
  'compose.yaml': [
    'services:',
    '  web:',
    '    build: .',
    '    volumes:',
    '      # volint ignore=VOL998 -- the source is mounted on purpose',
    '      - .:/app',
    '      - ./conf:/etc/app',
    '      # volint ignore=VOL001',
    '      - /cache',
    '',
  ].join('\n'),
  'compose.override.yaml': 'services:\n  web:\n    volumes:\n      - ./site:/srv/site\n',
  Dockerfile: 'FROM busybox\nWORKDIR /app\nCOPY . .\nCOPY conf /etc/app\nCOPY site /srv/site\n',
};

function settings(extra: Partial<Parameters<typeof lintComposeProject>[1]> = {}) {
  return { settings: { rules: [...rules, bindRule], reportUnusedIgnores: true }, ...extra };
}

describe('compose rules in the engine', () => {
  it('validates a rule kind; a bad one is refused', () => {
    validateRules([...rules, bindRule]);
    assert.throws(() => validateRules([{ ...bindRule, kind: 'helm' } as unknown as AnyRule]), /bad kind/);
  });

  it('a compose rule sees the Compose model; Dockerfile rules do not run on compose files and compose rules not on Dockerfiles', async () => {
    const result = await lintComposeProject(PROJECT, settings());
    const ids = new Set(result.findings.map((f) => f.ruleId));
    assert.ok(ids.has('VOL998'));
    assert.ok([...ids].every((id) => id === 'VOL998' || id.startsWith('volint-')), [...ids].join(', '));
    const dockerfile = await lint(PROJECT.Dockerfile, 'Dockerfile', { rules: [...rules, bindRule] });
    assert.ok(dockerfile.findings.every((f) => f.ruleId !== 'VOL998'));
  });

  it('findings point at the volume entry, with related steps in the Dockerfile; the override entry names the override file', async () => {
    const result = await lintComposeProject(PROJECT, settings());
    const found = result.findings.filter((f) => f.ruleId === 'VOL998');
    const summary = found.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}${f.suppression ? ' suppressed' : ''}`);
    assert.deepEqual(summary, ['compose.yaml:6:9 suppressed', 'compose.yaml:7:9', 'compose.override.yaml:4:9']);
    const conf = found[1]!;
    assert.deepEqual(conf.related.map((r) => [r.file, r.range.start.line + 1]), [['Dockerfile', 4]]);
    assert.equal(conf.suppression, undefined);
    assert.equal(found[0]!.suppression?.justification, 'the source is mounted on purpose');
  });

  it('an entry shared by two services through a YAML anchor gives one finding, not one per service', async () => {
    const result = await lintComposeProject({
      'compose.yaml': ['x-app: &app', '  build: .', '  volumes:', '    - .:/app', 'services:', '  web:', '    <<: *app', '  worker:', '    <<: *app', ''].join('\n'),
      Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n',
      // `.:/app` binds the sources over the application directory, a development stack's bind: VOL020 reports it when the files are deployed as written.
    }, { settings: { composeDeployed: true } });
    assert.equal(result.model.services.length, 2);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'VOL020').map((f) => `${f.file}:${f.range.start.line + 1}`), ['compose.yaml:4']);
  });

  it('a suppression that silences nothing above a compose entry is reported', async () => {
    const result = await lintComposeProject(PROJECT, settings());
    const unused = result.findings.filter((f) => f.ruleId === 'volint-unused-ignore');
    assert.deepEqual(unused.map((f) => [f.file, f.range.start.line + 1, f.message]), [['compose.yaml', 8, 'Suppression of VOL001 silences nothing.']]);
  });

  it('every format prints compose findings; SARIF has both files as artifacts and validates', async () => {
    const result = await lintComposeProject(PROJECT, settings());
    const own = result.findings.filter((f) => f.file === 'compose.yaml');
    const report: FileReport = { path: 'compose.yaml', absolutePath: '/project/compose.yaml', text: PROJECT['compose.yaml'], lines: splitLines(PROJECT['compose.yaml']), findings: own };
    const context: FormatContext = { cwd: '/project', version: '0.0.0-test', rules: [...rules, bindRule], color: false, explain: true, fullExplain: true, docsBase: 'https://example.invalid/docs' };
    for (const format of FORMATS) {
      const out = formatAll(await loadStreamingFormatter(format as FormatName), [report], context);
      assert.match(out, /hides what the image holds there/, format);
    }
    const log = JSON.parse(formatAll(await loadStreamingFormatter('sarif'), [report], context)) as Log;
    assertValidSarif(log);
    const run = log.runs[0]!;
    assert.deepEqual(run.artifacts?.map((a) => a.location?.uri), ['compose.yaml', 'Dockerfile']);
    const result0 = run.results!.find((r) => r.ruleId === 'VOL998' && !r.suppressions)!;
    assert.equal(result0.locations![0]!.physicalLocation!.artifactLocation!.uri, 'compose.yaml');
    assert.equal(result0.relatedLocations![0]!.physicalLocation!.artifactLocation!.uri, 'Dockerfile');
    assert.ok(run.tool.driver.rules!.some((r) => r.id === 'volint-compose-error'));
    const json = JSON.parse(formatAll(await loadStreamingFormatter('json'), [report], context)) as { files: Array<{ findings: Array<{ related: Array<{ file?: string }> }> }> };
    assert.ok(json.files[0]!.findings.some((f) => f.related.some((r) => r.file === 'Dockerfile')));
    const stylish = formatAll(await loadStreamingFormatter('stylish'), [report], context);
    assert.match(stylish, /Dockerfile:4: COPY puts files there/);
  });

  it('a problem in the project is a finding of volint-compose-error at its line; the rules still run', async () => {
    const result = await lintComposeProject({ ...PROJECT, 'compose.yaml': PROJECT['compose.yaml'] + 'networkz: {}\n' }, settings());
    const problem = result.findings.find((f) => f.ruleId === 'volint-compose-error');
    assert.equal(problem?.range.start.line, 9);
    assert.ok(result.findings.some((f) => f.ruleId === 'VOL998'));
  });
});
