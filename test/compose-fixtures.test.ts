/**
 * The Compose fixture harness: every `fixtures/<rule-name>/<case>/` folder with a compose file is
 * linted with all rules, and its findings must equal the `# expect:` comments of the compose file
 * exactly, in both directions (see test/fixture-cases.ts). Errors reading the project count too.
 */
import assert from 'node:assert/strict';
import { rules } from '../rules/index.js';
import { compareFindings, lintComposeFixture, listComposeFixtureCases, parseComposeFixture } from './fixture-cases.js';

describe('compose fixture expectations', () => {
  it('apply to the next line that is neither blank nor a comment', () => {
    const text = 'services:\n  # expect: VOL022(warning)\n\n  # a note\n  db:\n    volumes:\n      # expect: VOL021, VOL025:9\n      - a:/x\n';
    assert.deepEqual(parseComposeFixture(text), [
      { ruleId: 'VOL022', fromLine: 5, toLine: 5, severity: 'warning' },
      { ruleId: 'VOL021', fromLine: 8, toLine: 8 },
      { ruleId: 'VOL025', fromLine: 8, toLine: 8, column: 9 },
    ]);
    assert.throws(() => parseComposeFixture('services:\n# expect: VOL021\n'), /no line after it/);
    assert.throws(() => parseComposeFixture('# expect: VOL21\nservices:\n'), /cannot read expectation "VOL21"/);
  });
});

describe('compose fixtures', () => {
  const cases = listComposeFixtureCases();
  const names = new Set(rules.map((r) => r.name));

  it('are found', () => assert.ok(cases.length > 0, 'no compose fixture under fixtures/*/*/'));

  for (const c of cases) {
    it(c.file, async () => {
      if (!names.has(c.dir)) assert.fail(`fixtures/${c.dir}/ is not named after a rule`);
      const findings = await lintComposeFixture(c.path, rules);
      // Findings in the compose file are compared with its comments; none may land elsewhere.
      const elsewhere = findings.filter((f) => f.file !== c.file);
      assert.deepEqual(elsewhere.map((f) => `${f.file}:${f.range.start.line + 1} ${f.ruleId}: ${f.message}`), [], `${c.file}: findings in other files`);
      const problems = compareFindings(parseComposeFixture(c.text), findings);
      if (problems.length > 0) assert.fail(`${c.file}:\n  ${problems.join('\n  ')}`);
    });
  }
});
