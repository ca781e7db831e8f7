/**
 * VOL024's evidence that the program writes at a missing bind source's mount point (src/compose/write-evidence.ts):
 * each kind is said in its own words, and only a write volint saw is called one ("suggests" for a name).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rules } from '../rules/index.js';
import { FIXTURES_DIR, lintComposeFixture } from './fixture-cases.js';
import { isDataWord } from '../src/compose/write-evidence.js';

const CASE = join(FIXTURES_DIR, 'compose-mountpoint-not-writable', 'invalid-bind-source-write-evidence', 'compose.yaml');
const DOCKERFILE = 'fixtures/compose-mountpoint-not-writable/invalid-bind-source-write-evidence/plain/Dockerfile';

describe('VOL024 write evidence', () => {
  it('names the evidence for each missing bind source of a build: service, in the explanation after the user', async () => {
    const findings = (await lintComposeFixture(CASE, rules)).filter((f) => f.ruleId === 'VOL024');
    const evidence = new Map(findings.map((f) => [f.range.start.line + 1, f.explanation[1]]));
    assert.deepEqual(Object.fromEntries(evidence), {
      9: 'The start script /usr/local/bin/entrypoint.sh makes the directory /srv/app/spool/outgoing (line 3: `mkdir`) when the container starts.',
      16: "The service's own command line writes /srv/app/marks/started (`touch`) every time its container starts.",
      22: "The image declares VOLUME /srv/app/vault (fixtures/compose-mountpoint-not-writable/invalid-bind-source-write-evidence/with-volume/Dockerfile line 5): a directory its author expects containers to keep files in.",
      30: "APP_DATA_DIR=/srv/app/shelf (the service's environment) names it as the program's place for data.",
      32: "APP_STORAGE_PATH=/srv/app/attic (the image's ENV) names it as the program's place for data.",
      39: "`--data-dir /srv/app/drawer` in the start command names it as the program's place for data.",
      45: `The image puts the database file /srv/app/keep/seed.sqlite3 there (COPY at line 5 of ${DOCKERFILE}): a program opens its database to write.`,
      51: 'The name `uploads` of the mount point /srv/app/uploads suggests the program writes there (a name only: volint saw no write).',
      53: 'The name `cache` in the host path ./var/cache suggests the program writes there (a name only: volint saw no write).',
      59: 'The image\'s start command (CMD at line 6 of fixtures/compose-mountpoint-not-writable/invalid-bind-source-write-evidence/shell-form/Dockerfile) makes the directory /srv/app/ledger/today (`mkdir`).',
    });
    // "writes" only where a write was seen: the start script, the command line, the image's start command.
    for (const [line, sentence] of evidence) if (line !== 9 && line !== 16 && line !== 59) assert.doesNotMatch(sentence!, /(writes|wrote) \//);
  });

  it('reads data words from the Compose rules\' list and a few more', () => {
    for (const word of ['data', 'pgdata', 'db', 'storage', 'uploads', 'media', 'cache', 'logs', 'state', 'sqlite3']) assert.ok(isDataWord(word), word);
    for (const word of ['config', 'settings', 'templates', 'src', 'app', 'etc']) assert.ok(!isDataWord(word), word);
  });
});
