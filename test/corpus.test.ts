/**
 * The corpus (fixtures/corpus/) holds correct Dockerfiles modelled on official images: they prepare
 * their volume directories before declaring the VOLUME last, and never write into a base image's
 * volume. The rules about steps after a declaration must stay silent on all of them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixture-cases.js';
import { lint } from './helpers/lint.js';

const CORPUS = join(FIXTURES_DIR, 'corpus');
/** volume-write-discarded, volume-copy-after-declare, volume-mountpoint-ownership. */
const SILENT = new Set(['VOL004', 'VOL012', 'VOL016']);

describe('corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.Dockerfile')).sort();

  it('holds the realistic Dockerfiles', () => assert.ok(files.length >= 40, `only ${files.length} corpus files`));

  for (const file of files) {
    it(`${file}: no ${[...SILENT].join(', ')} finding`, async () => {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const result = await lint(text, `fixtures/corpus/${file}`);
      const internal = result.findings.filter((f) => f.ruleId === 'volint-internal-error');
      const wrong = result.findings.filter((f) => SILENT.has(f.ruleId));
      const listed = [...internal, ...wrong].map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.message}`);
      assert.equal(listed.length, 0, `${file}:\n${listed.join('\n')}`);
    });
  }
});
