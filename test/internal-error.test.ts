/**
 * A rule that throws is contained: its failure becomes a `volint-internal-error` finding naming the
 * rule, the other rules' findings are still reported, and the CLI exits with 2.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineRule, INTERNAL_ERROR_ID, type AnyRule } from '../src/engine/types.js';
import { validateRules } from '../src/engine/linter.js';
import { assertValidSarif } from './helpers/sarif-schema.js';
import { REPO, removeDir, tempDir } from './helpers/cli.js';
import { lineLengths, lint, rules } from './helpers/lint.js';
import { loadShellAnalyzer } from '../src/model/shell/index.js';
import { Analysis } from '../src/model/shell/analysis.js';
import type { ScriptParser } from '../src/model/shell/tree-sitter.js';
import type { ShellAnalyzer } from '../src/model/shell-types.js';

function throwingRule(thrown: () => unknown, reportFirst = false): AnyRule {
  return defineRule({
    id: 'VOL999',
    name: 'volume-throws',
    severity: 'error',
    fixable: 'none',
    tags: [],
    messages: { before: 'reported before the failure' },
    docs: { summary: 's', why: 'w', bad: 'VOLUME x\n', good: 'VOLUME /x\n', fix: 'f', references: ['https://example.invalid'] },
    check(model, context) {
      if (reportFirst && model.volumeInstructions[0]) {
        context.report({ range: model.volumeInstructions[0].instruction.range, messageId: 'before', explanation: [] });
      }
      throw thrown();
    },
  }) as AnyRule;
}

const TEXT = 'FROM alpine\nWORKDIR /srv\nVOLUME app\n';

describe('internal errors are contained', () => {
  for (const [label, thrown] of [
    ['an Error', () => new TypeError('cannot read properties of undefined')],
    ['a string', () => 'plain string'],
    ['undefined', () => undefined],
    ['an object with no message', () => ({ code: 42 })],
  ] as Array<[string, () => unknown]>) {
    it(`a rule that throws ${label}: one internal-error finding, the other rules still report`, async () => {
      const bad = throwingRule(thrown);
      validateRules([...rules, bad]);
      const result = await lint(TEXT, 'Dockerfile', { rules: [bad, ...rules] });
      const internal = result.findings.filter((f) => f.ruleId === INTERNAL_ERROR_ID);
      assert.equal(internal.length, 1);
      const finding = internal[0]!;
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /VOL999/);
      assert.match(finding.message, /volume-throws/);
      assert.ok(!finding.message.includes('\n    at '), 'no stack trace in the message');
      const lengths = lineLengths(TEXT);
      assert.ok(finding.range.start.line < lengths.length && finding.range.end.line < lengths.length, 'a location inside the file');
      assert.equal(finding.file, 'Dockerfile');
      assert.ok(result.findings.some((f) => f.ruleId === 'VOL003'), 'VOL003 still reported after the failing rule');
    });
  }

  it('findings the rule reported before it threw are kept, and the failure is still reported', async () => {
    const result = await lint(TEXT, 'Dockerfile', { rules: [...rules, throwingRule(() => new Error('late'), true)] });
    assert.ok(result.findings.some((f) => f.ruleId === 'VOL999'));
    assert.ok(result.findings.some((f) => f.ruleId === INTERNAL_ERROR_ID && /late/.test(f.message)));
  });

  describe('through the CLI (the TypeScript build, with a throwing rule added by a preload)', function () {
    this.timeout(60_000);
    let dir: string;
    before(() => {
      dir = tempDir('volint-internal-');
      writeFileSync(join(dir, 'Dockerfile'), TEXT);
      const rulesUrl = pathToFileURL(join(REPO, 'build', 'rules', 'index.js')).href;
      writeFileSync(
        join(dir, 'preload.mjs'),
        `import { rules } from ${JSON.stringify(rulesUrl)};\n` +
          `rules.push({ id: 'VOL999', name: 'volume-throws', severity: 'error', fixable: 'none', tags: [], messages: { x: 'x' },\n` +
          `  docs: { summary: 's', why: 'w', bad: 'b', good: 'g', fix: 'f', references: ['r'] },\n` +
          `  check(model) { if (model.volumeInstructions.length > 0) throw new TypeError('boom'); } });\n`,
      );
    });
    after(() => removeDir(dir));

    const run = (args: string[]) => {
      const result = spawnSync(process.execPath, ['--import', join(dir, 'preload.mjs'), join(REPO, 'build', 'src', 'cli.js'), ...args], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
        encoding: 'utf8',
      });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    it('exit code 2, the internal error and the other findings in the JSON output, no stack trace', () => {
      const result = run(['Dockerfile', '-f', 'json']);
      assert.equal(result.code, 2, result.stderr);
      assert.doesNotMatch(result.stdout + result.stderr, /^\s+at .*:\d+:\d+/m);
      const out = JSON.parse(result.stdout) as { files: Array<{ findings: Array<{ ruleId: string; message: string; line: number }> }> };
      const findings = out.files[0]!.findings;
      const internal = findings.find((f) => f.ruleId === INTERNAL_ERROR_ID);
      assert.ok(internal && /VOL999/.test(internal.message) && /boom/.test(internal.message));
      assert.ok(findings.some((f) => f.ruleId === 'VOL003'));
    });

    it('exit code 2 even with --quiet and with the failing rule\'s findings below the fail level', () => {
      assert.equal(run(['Dockerfile', '--quiet']).code, 2);
      assert.equal(run(['Dockerfile', '--rule', 'VOL003=off', '--max-warnings', '100']).code, 2);
    });

    it('SARIF with an internal error validates against the schema', () => {
      const result = run(['Dockerfile', '-f', 'sarif']);
      assert.equal(result.code, 2);
      const log = JSON.parse(result.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
      assert.ok(log.runs[0]!.results.some((r) => r.ruleId === INTERNAL_ERROR_ID));
      assertValidSarif(log);
    });
  });
});

describe('an analysis error is never a silent miss', () => {
  const TEXT = 'FROM alpine:3.20\nVOLUME /data\nRUN touch /data/a\nRUN cp a b c /data/\n';

  async function realAnalyzer(): Promise<ShellAnalyzer> {
    return loadShellAnalyzer();
  }

  it('an analyzer that throws on a step: an internal-error finding names that step, the other steps are still reported', async () => {
    const real = await realAnalyzer();
    const failing: ShellAnalyzer = {
      analyzeScript(script, context) {
        if (script.startsWith('cp ')) throw new TypeError("Cannot read properties of undefined (reading 'value')");
        return real.analyzeScript(script, context);
      },
      analyzeArgv: (argv, context) => real.analyzeArgv(argv, context),
    };
    const result = await lint(TEXT, 'Dockerfile', { loadShellAnalyzer: async () => failing });
    const internal = result.findings.filter((f) => f.ruleId === INTERNAL_ERROR_ID);
    assert.equal(internal.length, 1);
    assert.equal(internal[0]!.range.start.line, 3, 'the finding is on the failing RUN');
    assert.match(internal[0]!.message, /RUN at line 4/);
    assert.match(internal[0]!.message, /TypeError/);
    assert.equal(internal[0]!.severity, 'error');
    assert.ok(result.findings.some((f) => f.ruleId === 'VOL004' && f.range.start.line === 2), 'the step before is still analysed');
    assert.deepEqual(result.model.analysisErrors.map((e) => e.instruction.range.start.line), [3]);
  });

  it('an error inside the analysis keeps the effects found before it and reaches the caller through onError', () => {
    let calls = 0;
    const parser: ScriptParser = {
      parse() {
        calls++;
        throw new TypeError('broken tree');
      },
    };
    const errors: unknown[] = [];
    const effects = new Analysis(parser, 'touch /data/x', { cwd: '/', lookup: () => undefined, onError: (e) => errors.push(e) }).runScript();
    assert.equal(calls, 1);
    assert.deepEqual(effects, []);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /broken tree/);
  });

  it('the real analysis of `cp a b c /data/` reports no error and finds every write', async () => {
    const result = await lint(TEXT, 'Dockerfile', { builder: 'legacy' });
    assert.deepEqual(result.model.analysisErrors, []);
    const paths = result.model.stages[0]!.effects.filter((e) => e.instruction.range.start.line === 3).map((e) => e.path);
    assert.deepEqual(paths, ['/data/a', '/data/b', '/data/c']);
    assert.ok(result.findings.some((f) => f.ruleId === 'VOL004' && f.range.start.line === 3));
  });
});
