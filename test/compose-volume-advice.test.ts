/**
 * VOL021 and VOL022 on a VOLUME where the service's build puts files: their ways out agree. VOL021's
 * "drop the volume" would leave Docker's anonymous volume at the VOLUME, frozen the same way and reported
 * by VOL022; VOL022's "name it" would give VOL021's finding. Both say to take the files out of the VOLUME.
 */
import assert from 'node:assert/strict';
import { lintComposeProject } from './helpers/compose.js';

const DOCKERFILE = 'FROM node:20-slim\nWORKDIR /srv/shop\nCOPY package.json ./\nRUN npm install\nCOPY . .\nVOLUME /srv/shop/plugins\nCMD ["node", "server.js"]\n';
const FILES = { Dockerfile: DOCKERFILE, 'package.json': '{}\n', 'server.js': '\n', 'plugins/payments/index.js': 'module.exports = {};\n' };
const fix = (lines: readonly string[]): string => lines.find((l) => l.startsWith('Fix:')) ?? '';

describe('VOL021 and VOL022 on a VOLUME the build fills', () => {
  it('VOL021 at a volume mounted at the VOLUME: not "drop the volume", but take the files out of the VOLUME', async () => {
    const result = await lintComposeProject({ ...FILES, 'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - plugins:/srv/shop/plugins\n      - uploads:/srv/shop/uploads\nvolumes:\n  plugins:\n  uploads:\n' });
    const found = result.findings.filter((f) => f.ruleId === 'VOL021' || f.ruleId === 'VOL022');
    assert.deepEqual(found.map((f) => f.ruleId), ['VOL021']);
    const line = fix(found[0]!.explanation);
    assert.match(line, /^Fix: the Dockerfile declares VOLUME \/srv\/shop\/plugins, so dropping this entry would not help/);
    assert.match(line, /remove `VOLUME \/srv\/shop\/plugins` from the Dockerfile/);
    assert.match(line, /`docker volume rm project_plugins`/);
    assert.ok(found[0]!.related.some((r) => r.message === 'VOLUME /srv/shop/plugins is declared here'));
  });

  it('VOL022 at the VOLUME left to Compose: not "mount a named volume there", and no such suggestion', async () => {
    const result = await lintComposeProject({ ...FILES, 'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - uploads:/srv/shop/uploads\nvolumes:\n  uploads:\n' });
    const found = result.findings.filter((f) => f.ruleId === 'VOL021' || f.ruleId === 'VOL022');
    assert.deepEqual(found.map((f) => f.ruleId), ['VOL022']);
    const lines = found[0]!.explanation;
    assert.match(fix(lines), /^Fix: the build puts files at \/srv\/shop\/plugins \(COPY at Dockerfile:5\).*so naming it is no fix: remove the VOLUME line from the Dockerfile/);
    assert.ok(!lines.some((l) => /forgotten/.test(l)), lines.join('\n'));
    assert.deepEqual(found[0]!.suggestions, []);
  });

  it('VOL022 at a VOLUME the build leaves empty: name it, as before', async () => {
    const result = await lintComposeProject({ ...FILES, Dockerfile: DOCKERFILE.replace('VOLUME /srv/shop/plugins', 'VOLUME /srv/shop/sessions-store'), 'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - uploads:/srv/shop/uploads\nvolumes:\n  uploads:\n' });
    const found = result.findings.filter((f) => f.ruleId === 'VOL022');
    assert.equal(found.length, 1);
    assert.match(fix(found[0]!.explanation), /^Fix: mount a named volume there \(`- web-data:\/srv\/shop\/sessions-store`/);
    assert.equal(found[0]!.suggestions.length, 1);
  });
});
