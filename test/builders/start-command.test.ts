/**
 * The command line a container starts with (startCommand, src/model/start.ts) against the image
 * configuration each builder writes: an exec-form ENTRYPOINT receives a shell-form CMD as
 * `/bin/sh -c "<cmd>"` (or the SHELL's), a shell-form ENTRYPOINT is run by the shell, and a CMD
 * that a base stage set is reset once a later stage sets ENTRYPOINT.
 */
import assert from 'node:assert/strict';
import { startCommand } from '../../src/model/start.js';
import { BASE, build, ENGINES, imageStart } from '../helpers/engines.js';
import { lint } from '../helpers/lint.js';
import { withBuilders } from './gate.js';

const DOCKERFILE = [
  `FROM ${BASE} AS base`,
  'CMD ["serve"]',
  'FROM base AS reset',
  'ENTRYPOINT ["/entry.sh"]',
  'FROM base AS keep',
  'CMD ["x"]',
  'ENTRYPOINT ["/entry.sh"]',
  'FROM reset AS shellcmd',
  'CMD run --port 80',
  'FROM reset AS shellform',
  'SHELL ["/bin/sh", "-e", "-c"]',
  'CMD run --port 80',
  'FROM base AS shellentry',
  'ENTRYPOINT exec /entry.sh',
  '',
].join('\n');

withBuilders('builders: the command line a container starts with (startCommand)', () => {
  for (const engine of ENGINES) {
    for (const target of ['reset', 'keep', 'shellcmd', 'shellform']) {
      it(`${engine}: --target ${target}`, async () => {
        const result = build(engine, DOCKERFILE, { target });
        assert.ok(result.ok, result.log);
        const { entrypoint, cmd } = imageStart(engine, result.image);
        const model = (await lint(DOCKERFILE, 'Dockerfile', { target })).model;
        if (engine === 'buildah' && target === 'shellform') {
          // Buildah 1.28 writes the OCI image format by default, which has no SHELL: it warns and
          // keeps /bin/sh -c. The model follows Docker's builders (the SHELL's shell): a known difference.
          assert.deepEqual([...entrypoint, ...cmd], ['/entry.sh', '/bin/sh', '-c', 'run --port 80']);
          assert.deepEqual(startCommand(model.target!), ['/entry.sh', '/bin/sh', '-e', '-c', 'run --port 80']);
          return;
        }
        assert.deepEqual(startCommand(model.target!), [...entrypoint, ...cmd]);
      });
    }
    it(`${engine}: a shell-form ENTRYPOINT is run by the shell and drops the inherited CMD`, async () => {
      const result = build(engine, DOCKERFILE, { target: 'shellentry' });
      assert.ok(result.ok, result.log);
      const { entrypoint, cmd } = imageStart(engine, result.image);
      assert.deepEqual([entrypoint, cmd], [['/bin/sh', '-c', 'exec /entry.sh'], []]);
      const model = (await lint(DOCKERFILE, 'Dockerfile', { target: 'shellentry' })).model;
      // The model gives the words the shell runs.
      assert.deepEqual(startCommand(model.target!), ['exec', '/entry.sh']);
    });
  }
});
