/**
 * The properties every document must satisfy, as plain async checks that throw on violation.
 * Shared by test/properties.test.ts (fast slice) and scripts/fuzz.mjs (long run).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { applyFixes, fixUntilStable, selectFixes, type FixMode } from '../../src/engine/fix.js';
import { INTERNAL_ERROR_ID, type Finding } from '../../src/engine/types.js';
import type { Range } from '../../src/parse/types.js';
import { formatSarif } from '../../src/report/sarif.js';
import { comparable, lineLengths, lint, rules } from './lint.js';
import { assertValidSarif, SARIF_SCHEMA_PATH } from './sarif-schema.js';

function assertRangeInside(lengths: number[], range: Range, what: string): void {
  for (const [label, pos] of [['start', range.start], ['end', range.end]] as const) {
    assert.ok(Number.isInteger(pos.line) && pos.line >= 0 && pos.line < lengths.length, `${what}: ${label} line ${pos.line} outside 0..${lengths.length - 1}`);
    assert.ok(Number.isInteger(pos.character) && pos.character >= 0 && pos.character <= lengths[pos.line]!, `${what}: ${label} column ${pos.character} outside line ${pos.line} of length ${lengths[pos.line]}`);
  }
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(ordered, `${what}: start ${JSON.stringify(range.start)} after end ${JSON.stringify(range.end)}`);
}

/** Never throws, no rule fails, every range (finding, related, fix edit) inside the document. */
export async function checkLintsCleanly(text: string): Promise<Finding[]> {
  const { findings } = await lint(text);
  const internal = findings.filter((f) => f.ruleId === INTERNAL_ERROR_ID);
  assert.deepEqual(internal.map((f) => f.message), [], 'a rule threw');
  const lengths = lineLengths(text);
  for (const f of findings) {
    assertRangeInside(lengths, f.range, `${f.ruleId} "${f.message}"`);
    f.related.forEach((r, i) => assertRangeInside(lengths, r.range, `${f.ruleId} related[${i}]`));
    for (const fix of [...(f.fix ? [f.fix] : []), ...f.suggestions]) {
      fix.edits.forEach((e, i) => assertRangeInside(lengths, e.range, `${f.ruleId} fix "${fix.description}" edit[${i}]`));
    }
  }
  return findings;
}

/** Same input twice → same findings. */
export async function checkDeterministic(text: string): Promise<void> {
  const a = await lint(text);
  const b = await lint(text);
  assert.deepEqual(comparable(b.findings), comparable(a.findings));
}

/** The directory part of the file name changes nothing but the `file` field. */
export async function checkDirectoryIndependent(text: string): Promise<void> {
  const a = await lint(text, 'Dockerfile');
  const b = await lint(text, 'deeply/nested/dir with space/Dockerfile');
  assert.deepEqual(comparable(b.findings), comparable(a.findings));
}

/**
 * --fix (safe, and unsafe), as the CLI does it (fixUntilStable): the fixed text lints cleanly and
 * has no fixable finding of the applied kind left, and fixing again changes nothing. A conflict in
 * the first pass leaves the text unchanged.
 */
export async function checkFixes(text: string): Promise<void> {
  const relint = async (t: string) => (await lint(t)).findings;
  const { findings } = await lint(text);
  for (const mode of ['safe', 'unsafe'] as FixMode[]) {
    const outcome = await fixUntilStable(text, findings, mode, relint);
    if (outcome.conflict) {
      if (outcome.applied === 0) assert.equal(outcome.text, text, 'a conflict applies nothing');
      continue;
    }
    if (outcome.applied === 0) continue;
    const after = await checkLintsCleanly(outcome.text);
    assert.deepEqual(
      selectFixes(after, mode).map((f) => f.description),
      [],
      `--fix (${mode}) left fixable findings:\n--- fixed text ---\n${outcome.text}\n---`,
    );
    const again = await fixUntilStable(outcome.text, after, mode, relint);
    assert.equal(again.text, outcome.text, `a second --fix (${mode}) changed the text`);
    // One pass of plain applyFixes on the result is a no-op too.
    assert.equal(applyFixes(outcome.text, selectFixes(after, mode)).text, outcome.text);
  }
}

export const SARIF_SCHEMA_PRESENT = existsSync(SARIF_SCHEMA_PATH);

/** SARIF for the document validates against the official 2.1.0 schema. */
export async function checkSarif(text: string): Promise<void> {
  const { findings } = await lint(text, 'dir/Dockerfile');
  const output = formatSarif(
    [{ path: 'dir/Dockerfile', absolutePath: '/work/dir/Dockerfile', text, findings }],
    { cwd: '/work', version: '0.0.0-test', rules, color: false, explain: true, docsBase: 'https://example.invalid/docs/rules' },
  );
  assertValidSarif(JSON.parse(output));
}

export const PROPERTIES: Array<{ name: string; check: (text: string) => Promise<unknown>; needsSchema?: boolean }> = [
  { name: 'never throws; ranges inside the document', check: checkLintsCleanly },
  { name: 'deterministic', check: checkDeterministic },
  { name: 'independent of the directory in the file name', check: checkDirectoryIndependent },
  { name: '--fix output re-lints without fixable findings; a second fix is a no-op', check: checkFixes },
  { name: 'SARIF validates against the 2.1.0 schema', check: checkSarif, needsSchema: true },
];
