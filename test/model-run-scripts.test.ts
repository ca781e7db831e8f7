/**
 * The build context above the Dockerfile's folder (src/model/context-files.ts chooseBuildContext,
 * src/cli/run.ts diskBuildContext's `enclosing`), and the scripts RUN steps run that the build
 * brought from the build context (src/model/run-scripts.ts): read there and analysed as a part of
 * the step. Set 9 alert B3 (huginn's docker/multi-process/Dockerfile) and set 10 alert D7 (plane's
 * apps/live/Dockerfile.dev), rebuilt.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { diskBuildContext } from '../src/cli/run.js';
import type { LintResult } from '../src/engine/linter.js';
import { programsBroughtIn } from '../src/model/query.js';
import { describeModel, modelToJson } from '../src/report/model.js';
import { lint } from './helpers/lint.js';

/**
 * Lints `dockerfile` written at `at` (relative) in a folder holding `files` (a path ending in `/` is
 * a directory: `.git/` makes the folder a repository's checkout), read as the CLI reads a Dockerfile
 * on the disk.
 */
async function lintIn(dockerfile: string, at: string, files: Record<string, string>): Promise<LintResult & { read: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'volint-run-scripts-'));
  try {
    for (const [path, content] of Object.entries({ ...files, [at]: dockerfile })) {
      if (path.endsWith('/')) {
        mkdirSync(join(dir, path), { recursive: true });
        continue;
      }
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const read: string[] = [];
    const file = join(dir, at);
    const result = await lint(dockerfile, file, { buildContext: diskBuildContext(dirname(file), (p) => read.push(p.slice(dir.length + 1)), 'Dockerfile') });
    return { ...result, read };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** huginn's multi-process image, shortened: a script from the context installs mysql-server and gives /var/lib/mysql to group 0. */
const HUGINN = [
  'FROM ubuntu:22.04',
  'COPY docker/multi-process/scripts/standalone-packages /scripts/',
  'RUN /scripts/standalone-packages',
  'RUN useradd -u 1001 -g 0 -d /app default',
  'USER 1001',
  'COPY ["docker/multi-process/scripts/init", "docker/scripts/setup_env", "/scripts/"]',
  'CMD ["/scripts/init"]',
  'VOLUME /var/lib/mysql',
  '',
].join('\n');
const PACKAGES = '#!/bin/bash\nset -e\napt-get update\napt-get install -y mysql-server supervisor\nmkdir -p /var/log/mysql\nchgrp -R 0 /var/lib/mysql /var/log/mysql\nchmod -R g=u /var/lib/mysql /var/log/mysql\n';
const HUGINN_FILES = {
  'docker/multi-process/scripts/standalone-packages': PACKAGES,
  'docker/multi-process/scripts/init': '#!/bin/bash\nexec supervisord\n',
  'docker/scripts/setup_env': '#!/bin/bash\n',
};

describe('model: the build context above the Dockerfile, and the scripts RUN steps run from it', () => {
  it("reads the repository's root as the context of a Dockerfile whose COPY sources are relative to it, and the script the RUN runs from there (B3)", async () => {
    const result = await lintIn(HUGINN, 'docker/multi-process/Dockerfile', { ...HUGINN_FILES, '.git/': '' });
    const stage = result.model.target!;
    const chgrp = stage.effects.find((e) => e.kind === 'chown' && e.path === '/var/lib/mysql');
    assert.deepEqual(chgrp && { command: chgrp.command, line: chgrp.instruction.range.start.line + 1, script: chgrp.script, setting: chgrp.setting }, {
      command: 'RUN chgrp',
      line: 3,
      script: { path: '/scripts/standalone-packages', source: 'docker/multi-process/scripts/standalone-packages', line: 6 },
      setting: ':0',
    });
    assert.ok(stage.effects.some((e) => e.packages?.includes('mysql-server') && e.script?.line === 4), 'the apt-get install of the script');
    assert.deepEqual(programsBroughtIn(stage), [], 'the program the RUN runs is read: not one volint cannot read');
    assert.equal(stage.startScript?.source, 'docker/multi-process/scripts/init', 'the start script is read in the same context');
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'VOL016'), []);
    assert.match(describeModel(result.model), /line 3 RUN chgrp \(in \/scripts\/standalone-packages, its line 6: docker\/multi-process\/scripts\/standalone-packages in the build context, read by volint\) changes its owner/);
    const json = modelToJson(result.model) as { stages: Array<{ volumes: Array<{ steps: Array<{ command: string; script?: unknown }> }> }> };
    assert.deepEqual(
      json.stages[0]?.volumes[0]?.steps.filter((step) => step.script).map((step) => [step.command, step.script]),
      [
        ['RUN chgrp', { path: '/scripts/standalone-packages', source: 'docker/multi-process/scripts/standalone-packages', line: 6 }],
        ['RUN chmod', { path: '/scripts/standalone-packages', source: 'docker/multi-process/scripts/standalone-packages', line: 7 }],
      ],
    );
  });

  it('outside a git repository, or without the files above, reads no folder above: the script is a program volint cannot read, as before', async () => {
    const unread: Array<Record<string, string>> = [HUGINN_FILES, { '.git/': '' }];
    for (const files of unread) {
      const result = await lintIn(HUGINN, 'docker/multi-process/Dockerfile', files);
      assert.equal(programsBroughtIn(result.model.target!).length, 1);
      const vol016 = result.findings.filter((f) => f.ruleId === 'VOL016');
      assert.deepEqual(vol016.map((f) => [f.messageId, f.confidence]), [['missingUnseen', 'possible']]);
    }
  });

  it("stops at the repository's root: a folder above it is not the context", async () => {
    const result = await lintIn(HUGINN, 'repo/docker/multi-process/Dockerfile', { ...Object.fromEntries(Object.entries(HUGINN_FILES)), 'repo/.git/': '' });
    assert.equal(programsBroughtIn(result.model.target!).length, 1);
  });

  it("takes the Dockerfile's own folder where it holds the sources, and the nearest folder above that does otherwise", async () => {
    const dockerfile = 'FROM debian:12\nCOPY setup.sh /opt/\nRUN /opt/setup.sh\nVOLUME /data\n';
    const script = (owner: string) => `#!/bin/sh\nmkdir -p /data\nchown ${owner} /data\n`;
    const here = await lintIn(dockerfile, 'a/b/Dockerfile', { '.git/': '', 'a/b/setup.sh': script('here'), 'a/setup.sh': script('above'), 'setup.sh': script('root') });
    assert.equal(here.model.target!.effects.find((e) => e.kind === 'chown')?.setting, 'here');
    const above = await lintIn(dockerfile, 'a/b/Dockerfile', { '.git/': '', 'a/setup.sh': script('above'), 'setup.sh': script('root') });
    assert.equal(above.model.target!.effects.find((e) => e.kind === 'chown')?.setting, 'above');
    assert.ok(above.read.includes('.git'), 'the cache key covers the repository marker');
  });

  it('reads the script as the RUN finds it: the last copy before the step, not one a later COPY into the same directory makes, nor one the step rewrites first', async () => {
    const files = { 'Dockerfile.setup': '', 'setup.sh': '#!/bin/sh\nmkdir -p /data\n', 'other.sh': '#!/bin/sh\n' };
    const later = await lintIn('FROM debian:12\nCOPY setup.sh /opt/\nRUN sh /opt/setup.sh\nCOPY other.sh /opt/\nVOLUME /data\n', 'Dockerfile', files);
    assert.equal(later.model.target!.effects.find((e) => e.kind === 'mkdir' && e.path === '/data')?.script?.source, 'setup.sh');
    const rewritten = await lintIn('FROM debian:12\nCOPY setup.sh /opt/\nRUN sed -i s/a/b/ /opt/setup.sh && /opt/setup.sh\nVOLUME /data\n', 'Dockerfile', files);
    assert.equal(rewritten.model.target!.effects.find((e) => e.path === '/data'), undefined);
    assert.equal(programsBroughtIn(rewritten.model.target!).length, 1);
  });

  it('does not read a script for another interpreter, a download, or a script a read script runs', async () => {
    const python = await lintIn('FROM debian:12\nCOPY setup /opt/\nRUN /opt/setup\nVOLUME /data\n', 'Dockerfile', { setup: '#!/usr/bin/env python3\nimport os\n' });
    assert.equal(programsBroughtIn(python.model.target!).length, 1);
    const downloaded = await lintIn('FROM debian:12\nRUN curl -fsSL -o /opt/setup.sh https://example.com/setup.sh && sh /opt/setup.sh\nVOLUME /data\n', 'Dockerfile', { 'setup.sh': '#!/bin/sh\nmkdir /data\n' });
    assert.equal(programsBroughtIn(downloaded.model.target!).length, 1);
    const nested = await lintIn('FROM debian:12\nCOPY a.sh b.sh /opt/\nRUN /opt/a.sh\nVOLUME /data\n', 'Dockerfile', { 'a.sh': '#!/bin/sh\n/opt/b.sh\n', 'b.sh': '#!/bin/sh\nmkdir /data\n' });
    assert.deepEqual(programsBroughtIn(nested.model.target!).map((p) => p.run.path), ['/opt/b.sh'], 'b.sh, run by the script read, stays unread');
  });
});

/** plane's apps/live/Dockerfile.dev: a VOLUME below a COPY of the whole context. */
const PLANE = 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN pnpm install\nVOLUME ["/app/node_modules", "/app/live/node_modules"]\nCMD ["pnpm", "dev"]\n';

describe('model: a COPY of the whole build context fills a path below it only where the context holds it (D7)', () => {
  const vol005 = (result: LintResult) => result.findings.filter((f) => f.ruleId === 'VOL005' && f.message.includes('/app/live/node_modules'));

  it("reads the repository's root, where .dockerignore marks the context, for a Dockerfile whose folder names nothing: no live/node_modules there, no finding", async () => {
    const result = await lintIn(PLANE, 'apps/live/Dockerfile', { '.git/': '', '.dockerignore': '.git\n', 'package.json': '{}\n', 'apps/live/package.json': '{}\n' });
    assert.deepEqual(vol005(result), []);
    assert.deepEqual(result.model.target!.contextCopies.map((c) => [c.path, c.brings]), [['/app/node_modules', false], ['/app/live/node_modules', false]]);
  });

  it('reports the path where the context holds files there that .dockerignore lets in, as filled by the COPY', async () => {
    const files = { '.git/': '', 'package.json': '{}\n', 'live/node_modules/left-pad/index.js': 'module.exports = 1;\n' };
    const [finding] = vol005(await lintIn(PLANE, 'apps/live/Dockerfile', { ...files, '.dockerignore': '.git\n' }));
    assert.match(finding?.message ?? '', /\(filled by COPY at line 3\)/);
    assert.equal(finding?.confidence, 'certain');
    assert.deepEqual(vol005(await lintIn(PLANE, 'apps/live/Dockerfile', { ...files, '.dockerignore': '**/node_modules/\n' })), [], '.dockerignore leaves it out');
  });

  it('keeps "may fill" where the context is not known: outside a repository, or no folder with a .dockerignore', async () => {
    const unknown: Array<Record<string, string>> = [{ '.dockerignore': '.git\n' }, { '.git/': '' }];
    for (const files of unknown) {
      const [finding] = vol005(await lintIn(PLANE, 'apps/live/Dockerfile', files));
      assert.match(finding?.message ?? '', /COPY of the build context at line 3 may fill it/);
      assert.equal(finding?.confidence, 'possible');
    }
  });
});
