/**
 * The script a container starts, read from the build context (src/model/start-script.ts): which
 * file of the context it is, through COPY, ADD of a directory and COPY --from of an earlier stage,
 * and when volint does not read it (.dockerignore, a RUN that rewrote it, another interpreter).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { diskBuildContext } from '../src/cli/run.js';
import type { BuilderSetting, Stage } from '../src/model/types.js';
import { describeModel } from '../src/report/model.js';
import { lint } from './helpers/lint.js';
import { MAX_COPY_FROM_HOPS } from '../src/model/query.js';

const CHOWN = '#!/bin/sh\nset -e\nchown -R app:app /data\nif [ -n "$DEBUG" ]; then chmod 777 /data; fi\nexec "$@"\n';

async function startStage(dockerfile: string, files: Record<string, string>, builder: BuilderSetting = 'any'): Promise<{ stage: Stage; read: string[]; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'volint-start-script-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const read: string[] = [];
    const result = await lint(dockerfile, join(dir, 'Dockerfile'), { builder, buildContext: diskBuildContext(dir, (p) => read.push(p.slice(dir.length + 1)), 'Dockerfile') });
    assert.ok(result.model.target);
    return { stage: result.model.target, read, text: describeModel(result.model) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('model: the start script read from the build context', () => {
  it('reads the ENTRYPOINT a COPY brings from the context and analyses it like a RUN step', async () => {
    const { stage } = await startStage('FROM debian:12\nCOPY docker-entrypoint.sh /usr/local/bin/\nVOLUME /data\nENTRYPOINT ["docker-entrypoint.sh"]\n', { 'docker-entrypoint.sh': CHOWN });
    const script = stage.startScript;
    assert.ok(script);
    assert.equal(script.path, '/usr/local/bin/docker-entrypoint.sh');
    assert.equal(script.source, 'docker-entrypoint.sh');
    assert.equal(script.copy.command, 'COPY');
    const chown = script.effects.find((e) => e.kind === 'chown');
    assert.deepEqual(chown && { path: chown.path, recursive: chown.recursive, setting: chown.setting, line: chown.line, conditional: chown.conditional }, { path: '/data', recursive: true, setting: 'app:app', line: 3, conditional: undefined });
    const chmod = script.effects.find((e) => e.kind === 'chmod');
    assert.equal(chmod?.conditional, true, 'a branch volint cannot decide');
  });

  it('volint model prints it under its stage, each change with its line', async () => {
    const { text } = await startStage('FROM debian:12\nCOPY docker-entrypoint.sh /usr/local/bin/\nVOLUME /data\nENTRYPOINT ["docker-entrypoint.sh"]\n', { 'docker-entrypoint.sh': CHOWN });
    assert.match(text, /starts \/usr\/local\/bin\/docker-entrypoint\.sh: docker-entrypoint\.sh in the build context \(COPY at line 2\), read by volint\n    its line 3: chown \(recursive\) app:app \/data\n    its line 4: chmod 777 \/data \(in a branch volint cannot decide\)/);
  });

  it('follows ADD of the whole context and COPY --from of an earlier stage back to the file', async () => {
    const whole = await startStage('FROM debian:12\nADD . /app\nVOLUME /data\nCMD ["/app/bin/start.sh"]\n', { 'bin/start.sh': CHOWN });
    assert.equal(whole.stage.startScript?.source, 'bin/start.sh');
    const staged = await startStage('FROM debian:12 AS files\nCOPY common/ /common/\nFROM debian:12\nCOPY --from=files /common/entry.sh /entrypoint.sh\nVOLUME /data\nENTRYPOINT ["/entrypoint.sh"]\n', { 'common/entry.sh': CHOWN });
    assert.equal(staged.stage.startScript?.source, 'common/entry.sh');
  });

  it(`follows a chain of COPY --from back to the context as far as stage-copies follows steps: ${MAX_COPY_FROM_HOPS} hops, not one more`, async () => {
    const chain = (hops: number): string => {
      const lines = ['FROM debian:12 AS s0', 'COPY entry.sh /x/entry.sh'];
      for (let i = 1; i < hops; i++) lines.push(`FROM debian:12 AS s${i}`, `COPY --from=s${i - 1} /x /x`);
      return [...lines, 'FROM debian:12', `COPY --from=s${hops - 1} /x/entry.sh /entrypoint.sh`, 'VOLUME /data', 'ENTRYPOINT ["/entrypoint.sh"]', ''].join('\n');
    };
    assert.equal((await startStage(chain(MAX_COPY_FROM_HOPS), { 'entry.sh': CHOWN })).stage.startScript?.source, 'entry.sh');
    assert.equal((await startStage(chain(MAX_COPY_FROM_HOPS + 1), { 'entry.sh': CHOWN })).stage.startScript ?? null, null);
  });

  it('does not read a file .dockerignore leaves out: the last pattern matching it or a directory above it decides, `!` takes it back in', async () => {
    const source = async (dockerignore: string, files: Record<string, string> = { 'start.sh': CHOWN }) =>
      (await startStage('FROM debian:12\nCOPY . /app\nVOLUME /data\nCMD ["/app/bin/start.sh"]\n', { ...files, '.dockerignore': dockerignore })).stage.startScript?.source ?? null;
    const bin = { 'bin/start.sh': CHOWN };
    assert.equal(await source('*.sh\n', { 'start.sh': CHOWN }), null);
    assert.equal(await source('bin\n', bin), null, 'a directory above it');
    assert.equal(await source('docs\n!docs/keep.md\n', bin), 'bin/start.sh', 'an exception elsewhere');
    assert.equal(await source('*\n!bin\n', bin), 'bin/start.sh', 'everything out, its directory back in');
    assert.equal(await source('*\n!bin/start.sh\n', bin), 'bin/start.sh');
    assert.equal(await source('*\n!bin\nbin/*.sh\n', bin), null, 'a later pattern leaves it out again');
    assert.equal(await source('bin\n!bin/start.sh\n# comment\n\n', bin), 'bin/start.sh');
    assert.equal(await source('  # bin\n!bin/start.sh\n', { '# bin/start.sh': CHOWN }), null, 'an indented `#` starts a pattern, not a comment');
  });

  it("reads the Dockerfile's own ignore file (Dockerfile.dockerignore) where the builder does: BuildKit, Buildah and Kaniko, not the legacy builder", async () => {
    const files = { 'bin/start.sh': CHOWN, '.dockerignore': 'docs\n', 'Dockerfile.dockerignore': 'bin\n' };
    const dockerfile = 'FROM debian:12\nCOPY . /app\nVOLUME /data\nCMD ["/app/bin/start.sh"]\n';
    const source = async (builder: BuilderSetting) => (await startStage(dockerfile, files, builder)).stage.startScript?.source ?? null;
    assert.equal(await source('legacy'), 'bin/start.sh');
    assert.equal(await source('buildkit'), null);
    assert.equal(await source('buildah'), null);
    assert.equal(await source('any'), null, 'in the build under one builder, out of it under others: not read');
    const any = await startStage(dockerfile, files, 'any');
    assert.deepEqual(any.stage.startScriptUndecided, { path: '/app/bin/start.sh', source: 'bin/start.sh' });
    assert.match(any.text, /starts \/app\/bin\/start\.sh: bin\/start\.sh in the build context, not read: the ignore files leave it in the build under some builders or versions and out under others/);
    assert.equal((await startStage(dockerfile, files, 'buildkit')).stage.startScriptUndecided, undefined, 'out under the one builder asked about: no question');
    const { read } = await startStage(dockerfile, files, 'buildah');
    assert.ok(read.includes('Dockerfile.dockerignore'), 'the cache key covers the ignore file read');
  });

  it('takes a file two sources put in the same directory from the later source, which COPY copies last', async () => {
    const { stage } = await startStage('FROM debian:12\nCOPY defaults/ site/ /app/\nVOLUME /data\nCMD ["/app/start.sh"]\n', { 'defaults/start.sh': '#!/bin/sh\nexec "$@"\n', 'site/start.sh': CHOWN });
    assert.equal(stage.startScript?.source, 'site/start.sh');
    assert.ok(stage.startScript?.effects.some((e) => e.kind === 'chown'));
  });

  it('does not read a script a RUN rewrote, one for another interpreter, or a source with a wildcard', async () => {
    const rewritten = await startStage('FROM debian:12\nCOPY start.sh /start.sh\nRUN sed -i s/x/y/ /start.sh\nVOLUME /data\nCMD ["/start.sh"]\n', { 'start.sh': CHOWN });
    assert.equal(rewritten.stage.startScript, null);
    const chmodded = await startStage('FROM debian:12\nCOPY start.sh /start.sh\nRUN chmod +x /start.sh\nVOLUME /data\nCMD ["/start.sh"]\n', { 'start.sh': CHOWN });
    assert.ok(chmodded.stage.startScript, 'a chmod leaves the content');
    const python = await startStage('FROM debian:12\nCOPY start /start\nVOLUME /data\nCMD ["/start"]\n', { start: '#!/usr/bin/env python3\nimport os\n' });
    assert.equal(python.stage.startScript, null);
    const wildcard = await startStage('FROM debian:12\nCOPY *.sh /\nVOLUME /data\nCMD ["/start.sh"]\n', { 'start.sh': CHOWN });
    assert.equal(wildcard.stage.startScript, null);
  });

  it('has no start script without a build context (standard input)', async () => {
    const result = await lint('FROM debian:12\nCOPY start.sh /start.sh\nVOLUME /data\nCMD ["/start.sh"]\n');
    assert.equal(result.model.target?.startScript, null);
  });
});
