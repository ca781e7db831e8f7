/**
 * An overlay (a compose file written for `-f base -f overlay`, src/compose/overlay.ts) is linted as
 * Compose runs it: merged onto its base, every relative path against the FIRST file's folder. Checked
 * against Debian's docker-compose 1.29 (`docker-compose -f … -f … config`, which builds and runs
 * nothing): the overlay's `./logs` in deploy/ is the base's folder's logs, not deploy/logs.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { diskComposeIO, lintComposeFile } from '../../src/cli/run.js';
import { removeDir, tempDir } from '../helpers/cli.js';
import { COMPOSE, exec } from '../helpers/engines.js';
import { defaultSettings } from '../helpers/lint.js';
import { withBuilders } from './gate.js';

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

withBuilders('a compose overlay linted alone, against docker-compose 1.29 config', () => {
  it('the base a Makefile names (-f ../compose.yaml -f compose.prod.yaml): merged in order, the overlay\'s relative paths against the base\'s folder', async () => {
    const dir = tempDir('volint-compose-overlay-');
    try {
      write(dir, {
        '.git/HEAD': 'ref: refs/heads/main\n',
        'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - ./data:/data\n',
        'deploy/compose.prod.yaml': 'services:\n  web:\n    volumes:\n      - ./logs:/logs\n      - ./prod-data:/data\n',
        'deploy/Makefile': 'up:\n\tdocker compose -f ../compose.yaml -f compose.prod.yaml up -d\n',
      });
      // As the Makefile runs it, from deploy/.
      const result = exec(COMPOSE, ['--ansi', 'never', '-f', '../compose.yaml', '-f', 'compose.prod.yaml', 'config'], { cwd: join(dir, 'deploy'), env: { COMPOSE_FILE: undefined } });
      assert.equal(result.code, 0, result.stderr);
      const config = parse(result.stdout) as { services: { web: { volumes: string[] } } };
      const expected = config.services.web.volumes.map((v) => `${v.split(':')[1]} ${v.split(':')[0]}`).sort();
      assert.deepEqual(expected, [`/data ${join(dir, 'prod-data')}`, `/logs ${join(dir, 'logs')}`], '1.29 resolves the overlay\'s paths against the first file\'s folder');

      const overlay = join(dir, 'deploy/compose.prod.yaml');
      const linted = await lintComposeFile(readFileSync(overlay, 'utf8'), overlay, 'deploy/compose.prod.yaml', defaultSettings(), dir, diskComposeIO, undefined, null, false);
      const web = linted.model.services.find((s) => s.name === 'web');
      assert.ok(web, 'the merged project has the service');
      assert.deepEqual(web.mounts.filter((m) => m.syntax === 'short').map((m) => `${m.targetRaw} ${m.hostPath}`).sort(), expected);
      assert.deepEqual(linted.findings.filter((f) => f.severity === 'error'), [], 'no error: the overlay is not linted alone');
    } finally {
      removeDir(dir);
    }
  });
});
