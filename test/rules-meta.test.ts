/**
 * One test over all rules: shape, file names, order, documentation, messages, docs examples,
 * `fixable` against behaviour, fixture coverage, and the generated docs being up to date.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateRules } from '../src/engine/linter.js';
import type { AnyRule, Finding } from '../src/engine/types.js';
import { RULES_TABLE_END, RULES_TABLE_START, renderRuleDoc, renderRulesTable } from '../src/report/rule-docs.js';
import { rules } from '../rules/index.js';
import { REPO_ROOT, lintComposeExample, lintComposeFixture, lintFixture, listComposeFixtureCases, listFixtureCases, parseComposeFixture, parseFixture } from './fixture-cases.js';

/** assert.ok without the useless "true !== false" diff: the message says it all. */
function ok(condition: boolean, message: string): void {
  if (!condition) assert.fail(message);
}

/**
 * `docs.why` is a few sentences: what goes wrong at run time. When a rule reports and when not, and
 * its settings, go in `reports`, `notReported`, `sections` and `options`.
 */
const WHY_MAX = 1000;

const placeholders = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
/** A docs example: a Dockerfile, or for a rule of kind compose a compose file with the Dockerfile it builds. */
const lintDocsExample = (text: string, rule: AnyRule): Promise<Finding[]> =>
  rule.kind === 'compose'
    ? lintComposeExample(text, rule.docs.dockerfile, rules)
    : lintFixture(text, `docs/rules/${rule.name}.Dockerfile`, { builder: 'any', unsafe: false }, rules);

describe('rules (meta)', () => {
  /** Every finding of every fixture case and docs example, by rule id. */
  const seen = new Map<string, Finding[]>();
  /** Per rule: fixture cases that expect it, and cases in its directory that do not. */
  const coverage = new Map<string, { expecting: string[]; valid: string[] }>();

  before(async function () {
    this.timeout(120_000);
    for (const rule of rules) coverage.set(rule.id, { expecting: [], valid: [] });
    const byName = new Map(rules.map((r) => [r.name, r]));
    for (const c of listFixtureCases()) {
      const spec = parseFixture(c.text);
      for (const f of await lintFixture(c.text, c.file, spec.options, rules)) seen.set(f.ruleId, [...(seen.get(f.ruleId) ?? []), f]);
      const owner = byName.get(c.dir);
      if (!owner) continue;
      const expects = spec.expectations.some((e) => e.ruleId === owner.id || e.ruleId === owner.name);
      coverage.get(owner.id)![expects ? 'expecting' : 'valid'].push(c.file);
    }
    for (const c of listComposeFixtureCases()) {
      for (const f of await lintComposeFixture(c.path, rules)) seen.set(f.ruleId, [...(seen.get(f.ruleId) ?? []), f]);
      const owner = byName.get(c.dir);
      if (!owner) continue;
      const expects = parseComposeFixture(c.text).some((e) => e.ruleId === owner.id || e.ruleId === owner.name);
      coverage.get(owner.id)![expects ? 'expecting' : 'valid'].push(c.file);
    }
    for (const rule of rules) {
      for (const f of await lintDocsExample(rule.docs.bad, rule)) seen.set(f.ruleId, [...(seen.get(f.ruleId) ?? []), f]);
    }
  });

  it('pass the engine\'s shape validation', () => {
    validateRules(rules);
  });

  it('are listed in rules/index.ts sorted by id, ids and names unique', () => {
    const ids = rules.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort(), 'rules/index.ts must list the rules sorted by id');
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule id');
    assert.equal(new Set(rules.map((r) => r.name)).size, rules.length, 'duplicate rule name');
  });

  for (const rule of rules) {
    describe(`${rule.id} ${rule.name}`, () => {
      it('lives in rules/<name>.ts', () => {
        ok(existsSync(join(REPO_ROOT, 'rules', `${rule.name}.ts`)), `rules/${rule.name}.ts does not exist`);
      });

      it('has complete docs', () => {
        const d = rule.docs;
        ok(d.summary.trim() !== '' && !d.summary.includes('\n'), 'docs.summary must be one line');
        for (const key of ['why', 'bad', 'good', 'fix'] as const) ok(d[key].trim() !== '', `docs.${key} is empty`);
        ok(d.references.length > 0, 'docs.references is empty');
        for (const ref of d.references) assert.equal(new URL(ref).protocol, 'https:', `reference ${ref} is not an https URL`);
        if (rule.fixable === 'none') assert.equal(d.fixSafety, undefined, 'docs.fixSafety on a rule without fixes');
      });

      it(`keeps docs.why to a few sentences (at most ${WHY_MAX} characters)`, () => {
        ok(rule.docs.why.length <= WHY_MAX, `docs.why has ${rule.docs.why.length} characters: move when it reports and when not into docs.reports / docs.notReported`);
      });

      it('uses every message, with every placeholder filled', () => {
        const findings = seen.get(rule.id) ?? [];
        for (const [messageId, template] of Object.entries(rule.messages)) {
          const uses = findings.filter((f) => f.messageId === messageId);
          ok(uses.length > 0, `message "${messageId}" is never reported by a fixture or the docs example: add a fixture case`);
          for (const f of uses) {
            for (const name of placeholders(template)) {
              ok(!f.message.includes(`{${name}}`), `message "${messageId}" left {${name}} unfilled: ${f.message}`);
            }
          }
        }
      });

      it('is triggered by its bad example and not by its good example', async () => {
        const bad = await lintDocsExample(rule.docs.bad, rule);
        ok(bad.some((f) => f.ruleId === rule.id), `docs.bad does not trigger ${rule.id}`);
        const good = await lintDocsExample(rule.docs.good, rule);
        const wrong = good.filter((f) => f.ruleId === rule.id || f.severity === 'error');
        assert.deepEqual(wrong.map((f) => `${f.ruleId} line ${f.range.start.line + 1}: ${f.message}`), [], 'docs.good has findings');
      });

      it('offers fixes as its `fixable` says', () => {
        const fixes = (seen.get(rule.id) ?? []).flatMap((f) => (f.fix ? [f.fix] : []));
        if (rule.fixable === 'none') assert.deepEqual(fixes.map((f) => f.description), [], 'fixable is none but fixes were offered');
        else ok(fixes.length > 0, `fixable is ${rule.fixable} but no fixture case or docs example gets a fix`);
        if (rule.fixable === 'safe') {
          assert.deepEqual(fixes.filter((f) => f.safety !== 'safe').map((f) => f.description), [], 'fixable is safe but an unsafe fix was offered');
        }
      });

      it('has fixtures: a case expecting it and a valid case', () => {
        const cover = coverage.get(rule.id)!;
        ok(cover.expecting.length > 0, `no case in fixtures/${rule.name}/ expects ${rule.id}`);
        ok(cover.valid.length > 0, `no case in fixtures/${rule.name}/ is free of ${rule.id}`);
      });
    });
  }

  describe('generated docs', () => {
    for (const rule of rules) {
      it(`docs/rules/${rule.name}.md is up to date`, () => {
        const path = join(REPO_ROOT, 'docs', 'rules', `${rule.name}.md`);
        ok(existsSync(path), `docs/rules/${rule.name}.md is missing: run npm run docs`);
        assert.equal(readFileSync(path, 'utf8'), renderRuleDoc(rule), `docs/rules/${rule.name}.md is stale: run npm run docs`);
      });
    }

    it('the README rules table is up to date', () => {
      const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
      const start = readme.indexOf(RULES_TABLE_START);
      const end = readme.indexOf(RULES_TABLE_END);
      ok(start >= 0 && end > start, 'README.md lacks the rules markers');
      assert.equal(readme.slice(start + RULES_TABLE_START.length, end).trim(), renderRulesTable(rules), 'README rules table is stale: run npm run docs');
    });
  });
});
