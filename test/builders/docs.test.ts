/**
 * docs/model.md names, for each behavioural claim, the builder test that shows it: every id it names
 * is a case here, and every case is named.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/cli.js';
import { BUILD_CASES } from './build-cases.js';

function ids(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b([BR])(\d\d)(?:–([BR])(\d\d))?\b/g)) {
    const from = Number(m[2]);
    const to = m[4] ? Number(m[4]) : from;
    for (let n = from; n <= to; n++) out.add(`${m[1]}${String(n).padStart(2, '0')}`);
  }
  return out;
}

describe('docs/model.md names the builder tests', () => {
  const section = readFileSync(join(REPO, 'docs', 'model.md'), 'utf8').split('## Which builder test shows each claim')[1] ?? '';
  const runtime = readFileSync(join(REPO, 'test', 'builders', 'runtime.test.ts'), 'utf8');
  const known = new Set([...BUILD_CASES.map((c) => c.id), ...[...runtime.matchAll(/it\('(R\d\d) /g)].map((m) => m[1]!)]);

  it('has the section', () => assert.ok(section.includes('| Claim | Tests |')));

  it('names only cases that exist, and every case', () => {
    const named = ids(section.split('| Claim | Tests |')[1] ?? '');
    assert.deepEqual([...named].filter((id) => !known.has(id)), [], 'named in docs/model.md but no such case');
    assert.deepEqual([...known].filter((id) => !named.has(id)), [], 'a case docs/model.md does not name');
  });
});
