/**
 * The fixture harness: every `fixtures/<rule-name>/*.Dockerfile` is linted with all rules and its
 * findings must equal its `# expect:` comments exactly (see test/fixture-cases.ts for the syntax).
 * Then its fixes are applied: the result must equal `<case>.fixed.Dockerfile`, and re-linting it
 * must offer no fix of the kind applied (fixes are idempotent).
 */
import assert from 'node:assert/strict';
import { applyFixes, selectFixes } from '../src/engine/fix.js';
import type { Finding } from '../src/engine/types.js';
import { rules } from '../rules/index.js';
import { compareFindings, fixedFileOf, lintFixture, listFixtureCases, parseFixture } from './fixture-cases.js';

const finding = (ruleId: string, line: number, column: number, severity: Finding['severity']): Finding => ({
  ruleId, ruleName: ruleId, severity, messageId: 'm', message: 'm', file: 'f',
  range: { start: { line: line - 1, character: column - 1 }, end: { line: line - 1, character: column } },
  explanation: [], related: [], suggestions: [], confidence: 'certain',
});

describe('fixture expectations', () => {
  it('reads ids, columns, severities, repeats and options, and applies them to the next instruction', () => {
    const text = [
      '# escape=`',
      '# volint-fixture: builder=legacy target=app unsafe',
      'FROM alpine:3.20 AS app',
      '# expect: VOL003:8(warning), VOL003, VOL009(error)',
      'VOLUME a `',
      '  b',
      '',
      '# expect: VOL001',
      'volume [/x]',
    ].join('\n');
    const spec = parseFixture(text);
    assert.deepEqual(spec.options, { builder: 'legacy', target: 'app', unsafe: true });
    assert.deepEqual(spec.expectations, [
      { ruleId: 'VOL003', fromLine: 5, toLine: 6, column: 8, severity: 'warning' },
      { ruleId: 'VOL003', fromLine: 5, toLine: 6 },
      { ruleId: 'VOL009', fromLine: 5, toLine: 6, severity: 'error' },
      { ruleId: 'VOL001', fromLine: 9, toLine: 9 },
    ]);
    assert.throws(() => parseFixture('FROM a\n# expect: VOL3\nVOLUME /x\n'), /cannot read expectation "VOL3"/);
    assert.throws(() => parseFixture('FROM a\n# expect: VOL003\n'), /no instruction after it/);
    assert.throws(() => parseFixture('# volint-fixture: builder=docker\nFROM a\n'), /unknown fixture option/);
  });

  it('compares findings as a multiset in both directions', () => {
    const [a, b] = parseFixture('FROM a\n# expect: VOL003, VOL003:12\nVOLUME x y\n').expectations;
    assert.ok(a && b);
    assert.deepEqual(compareFindings([a, b], [finding('VOL003', 3, 12, 'warning'), finding('VOL003', 3, 8, 'warning')]), []);
    assert.deepEqual(compareFindings([a, b], [finding('VOL003', 3, 8, 'warning')]), ['too few: expected VOL003 at line 3:12']);
    assert.deepEqual(compareFindings([a], [finding('VOL003', 3, 8, 'warning'), finding('VOL009', 2, 1, 'error')]), [
      'too many: VOL009 at line 2:1 (error): m',
    ]);
  });
});

describe('fixtures', () => {
  const cases = listFixtureCases();
  const names = new Set(rules.map((r) => r.name));

  it('are found', () => assert.ok(cases.length > 0, 'no fixture cases under fixtures/'));

  for (const c of cases) {
    it(c.file, async () => {
      if (!names.has(c.dir)) assert.fail(`fixtures/${c.dir}/ is not named after a rule (${[...names].join(', ')})`);
      const spec = parseFixture(c.text);
      const findings = await lintFixture(c.text, c.file, spec.options, rules);
      const problems = compareFindings(spec.expectations, findings);
      if (problems.length > 0) assert.fail(`${c.file}:\n  ${problems.join('\n  ')}`);

      const mode = spec.options.unsafe ? 'unsafe' : 'safe';
      const outcome = applyFixes(c.text, selectFixes(findings, mode));
      assert.equal(outcome.conflict, undefined, `${c.file}: ${outcome.conflict}`);
      const expected = fixedFileOf(c);
      if (expected === null) {
        assert.equal(outcome.text, c.text, `${c.file}: the ${mode} fixes change the file; add ${c.file.replace(/\.Dockerfile$/, '.fixed.Dockerfile')}`);
        return;
      }
      assert.notEqual(outcome.text, c.text, `${c.file}: no ${mode} fix changes the file, but a .fixed.Dockerfile exists`);
      assert.equal(outcome.text, expected, `${c.file}: the fixed text differs from the .fixed.Dockerfile`);
      const again = await lintFixture(outcome.text, c.file, spec.options, rules);
      const left = again.filter((f) => f.fix && (mode === 'unsafe' || f.fix.safety === 'safe'));
      assert.deepEqual(
        left.map((f) => `${f.ruleId} at line ${f.range.start.line + 1}: ${f.fix!.description}`),
        [],
        `${c.file}: the fixed text still has ${mode} fixes`,
      );
    });
  }
});
