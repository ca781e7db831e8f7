/**
 * The compose edits rules offer as suggestions (src/compose/edits.ts), applied to the text as the
 * editor would: a named volume for VOL022's anonymous one, in the file's own layout, and nothing
 * where the file cannot be edited safely.
 */
import assert from 'node:assert/strict';
import { applyFixes } from '../src/engine/fix.js';
import { lintComposeProject } from './helpers/compose.js';

// These projects keep no data anywhere: linted as deployed (`compose.deployed`), their anonymous volumes are reported.
const DEPLOYED = { settings: { composeDeployed: true } };

async function suggested(text: string): Promise<string | null> {
  const result = await lintComposeProject({ 'compose.yaml': text }, DEPLOYED);
  const finding = result.findings.find((f) => f.ruleId === 'VOL022');
  assert.ok(finding, 'a VOL022 finding');
  const fix = finding.suggestions[0];
  if (!fix) return null;
  const outcome = applyFixes(text, [fix]);
  assert.equal(outcome.conflict, undefined);
  // The edited file is a project volint reads without VOL022 there.
  const after = await lintComposeProject({ 'compose.yaml': outcome.text }, DEPLOYED);
  assert.deepEqual(after.findings.filter((f) => f.ruleId === 'VOL022' || f.ruleId === 'volint-compose-error').map((f) => f.message), []);
  return outcome.text;
}

describe('compose edits offered as suggestions', () => {
  it('adds the entry to an existing list and the declaration to the top-level volumes', async () => {
    const text = ['services:', '  db:', '    image: mysql:8', '    volumes:', '      - ./conf:/etc/mysql/conf.d:ro', 'volumes:', '  other:', ''].join('\n');
    assert.equal(
      await suggested(text),
      ['services:', '  db:', '    image: mysql:8', '    volumes:', '      - ./conf:/etc/mysql/conf.d:ro', '      - db-mysql:/var/lib/mysql', 'volumes:', '  db-mysql:', '  other:', ''].join('\n'),
    );
  });

  it('adds a volumes key to the service and a top-level volumes at the end (no final newline, CRLF kept)', async () => {
    const text = ['services:', '  cache:', '    image: mongo:7', '    restart: always'].join('\r\n');
    assert.equal(
      await suggested(text),
      ['services:', '  cache:', '    volumes:', '      - cache-db:/data/db', '      - cache-configdb:/data/configdb', '    image: mongo:7', '    restart: always', 'volumes:', '  cache-db:', '  cache-configdb:', ''].join('\r\n'),
    );
  });

  it('offers nothing where the file cannot be edited safely', async () => {
    // A flow-style list, an empty top-level volumes key.
    assert.equal(await suggested(['services:', '  db:', '    image: mysql:8', '    volumes: ["./conf:/etc/mysql/conf.d"]', ''].join('\n')), null);
    assert.equal(await suggested(['services:', '  db:', '    image: mysql:8', 'volumes: {}', ''].join('\n')), null);
  });
});
