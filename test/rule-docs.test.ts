/**
 * A rule's structured docs as readers see them: the page docs/rules/<name>.md shows the examples
 * and the fix first, then "When it reports", "When it does not report", the rule's own sections and
 * its settings, with nested cases indented; the plain-text form (SARIF help.text, `volint explain`)
 * has the same lists. The engine refuses malformed lists at load.
 */
import assert from 'node:assert/strict';
import { ConfigError, validateConfig } from '../src/engine/config.js';
import { validateRules } from '../src/engine/linter.js';
import { defineRule, type AnyRule, type RuleDocs } from '../src/engine/types.js';
import { docsDetails, renderRuleDoc } from '../src/report/rule-docs.js';
import { rules } from '../rules/index.js';

const BASE_DOCS: RuleDocs = {
  summary: 'A test rule.',
  why: 'Docker does something at run time.',
  bad: 'FROM alpine\nVOLUME /data\n',
  good: 'FROM alpine\n',
  fix: 'Remove the VOLUME.',
  references: ['https://docs.docker.com/reference/dockerfile/#volume'],
};

function ruleWith(docs: Partial<RuleDocs>): AnyRule {
  return defineRule({
    id: 'VOL999',
    name: 'test-rule',
    severity: 'warning',
    fixable: 'none',
    tags: [],
    messages: { found: 'found' },
    docs: { ...BASE_DOCS, ...docs },
    check() {},
  }) as AnyRule;
}

const STRUCTURED: Partial<RuleDocs> = {
  reports: ['A VOLUME at /data.'],
  notReported: ['A VOLUME at /tmp: scratch space.', { text: 'A cache:', items: ['below /var/cache;', 'a directory named cache.'] }],
  sections: [{ title: 'What counts as data', intro: 'By its path:', items: ['/var/lib'] }],
  options: [{ setting: 'compose.deployed', flag: '--compose-deployed', editor: 'volint.compose.deployed', effect: 'Reports throw-away stacks too.' }],
};

describe('rule docs rendering', () => {
  it('a page shows the examples and the fix, then the lists, then the settings in Configuration', () => {
    const page = renderRuleDoc(ruleWith(STRUCTURED));
    const order = ['## Why is this bad?', '## Example', '## Use instead', '## Fix', '## Fix safety', '## When it reports', '## When it does not report', '## What counts as data', '## Configuration', '## References'];
    const at = order.map((heading) => page.indexOf(`\n${heading}\n`));
    assert.ok(at.every((i) => i > 0), `missing heading: ${order.filter((_, i) => at[i]! < 0).join(', ')}`);
    assert.deepEqual([...at].sort((a, b) => a - b), at, 'headings out of order');
    assert.match(page, /\n## When it reports\n\n- A VOLUME at \/data\.\n\n/);
    assert.match(page, /\n- A cache:\n {2}- below \/var\/cache;\n {2}- a directory named cache\.\n/);
    assert.match(page, /\n## What counts as data\n\nBy its path:\n\n- \/var\/lib\n/);
    assert.match(page, /\n## Configuration\n\n- `compose\.deployed` in `\.volint\.yaml`; `--compose-deployed` on the command line; `volint\.compose\.deployed` in the language server's settings\. Reports throw-away stacks too\.\n\nChange the severity/);
  });

  it('a rule without lists keeps the page it had: no empty sections', () => {
    const page = renderRuleDoc(ruleWith({}));
    assert.doesNotMatch(page, /When it|What counts/);
    assert.match(page, /## Fix safety\n\nThis rule has no automatic fix\.\n\n## Configuration\n\nChange the severity/);
    assert.equal(docsDetails(BASE_DOCS, 'text'), '');
  });

  it('the plain-text form has every list with its items, cases indented, and the settings', () => {
    const text = docsDetails({ ...BASE_DOCS, ...STRUCTURED }, 'text');
    assert.equal(
      text,
      [
        'When it reports:',
        '  - A VOLUME at /data.',
        '',
        'When it does not report:',
        '  - A VOLUME at /tmp: scratch space.',
        '  - A cache:',
        '    - below /var/cache;',
        '    - a directory named cache.',
        '',
        'What counts as data:',
        'By its path:',
        '  - /var/lib',
        '',
        'Settings:',
        "  - `compose.deployed` in `.volint.yaml`; `--compose-deployed` on the command line; `volint.compose.deployed` in the language server's settings. Reports throw-away stacks too.",
      ].join('\n'),
    );
    const markdown = docsDetails({ ...BASE_DOCS, ...STRUCTURED }, { heading: '###' });
    assert.match(markdown, /^### When it reports\n\n- A VOLUME at \/data\.\n\n### When it does not report\n/);
  });

  it('the engine refuses malformed lists at load', () => {
    validateRules([ruleWith(STRUCTURED)]);
    assert.throws(() => validateRules([ruleWith({ reports: [] })]), /docs\.reports must be a non-empty list/);
    assert.throws(() => validateRules([ruleWith({ notReported: [{ text: 'A cache:', items: [] }] })]), /docs\.notReported must be a non-empty list/);
    assert.throws(() => validateRules([ruleWith({ sections: [{ title: '', items: ['x'] }] })]), /docs\.sections/);
    assert.throws(() => validateRules([ruleWith({ options: [{ setting: 'compose.deployed', effect: ' ' }] })]), /docs\.options/);
  });

  it('every setting a rule documents is one .volint.yaml accepts, and a misspelt one is refused', () => {
    /** A value for each documented setting: a new option needs one here. */
    const VALUES: Record<string, unknown> = { 'compose.deployed': true, builder: 'legacy', targets: { good: ['/x'] } };
    const configWith = (setting: string, value: unknown): unknown =>
      setting.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
    const options = rules.flatMap((r) => (r.docs.options ?? []).map((o) => ({ id: r.id, setting: o.setting })));
    assert.ok(options.length > 0);
    for (const { id, setting } of options) {
      const value = setting.startsWith('targets.') ? ['/x'] : VALUES[setting];
      assert.ok(value !== undefined, `${id}: no test value for ${setting}`);
      validateConfig(configWith(setting, value), '.volint.yaml', rules);
    }
    assert.throws(() => validateConfig(configWith('compose.deploy', true), '.volint.yaml', rules), ConfigError);
  });

  it('VOL022 lists its exceptions: the throw-away stack, replicas, data containers, throw-away state, and compose.deployed', () => {
    const docs = rules.find((r) => r.id === 'VOL022')!.docs;
    const text = docsDetails(docs, 'text');
    for (const fact of [/a project that keeps no data anywhere, taken for a throw-away stack/, /several replicas/, /`volumes_from` \(a data container\)/, /login sessions/, /`--compose-deployed` on the command line/]) {
      assert.match(text, fact);
    }
    assert.ok(docs.why.length < 1000, `VOL022 docs.why is ${docs.why.length} characters`);
  });
});
