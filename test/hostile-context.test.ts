/**
 * Hostile files around the file linted: what volint reads beside a Dockerfile or a compose file (the
 * build context, the scripts a RUN or an overlay's Makefile names, the stages a COPY --from follows)
 * must never hang a run or crash it. Each case ran for minutes (or for ever) before its bound.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writtenLists } from '../src/compose/overlay.js';
import { lineAt } from '../src/model/start-script.js';
import { assertNoCrash, BUILT, removeDir, runCli, tempDir, type CliResult } from './helpers/cli.js';

/** `FROM busybox AS s<k>` stages, each copying `sources` directories of the one before to its root. */
function copyChain(stages: number, sources: number): string[] {
  const lines: string[] = [];
  for (let k = 1; k < stages; k++) {
    lines.push(`FROM busybox AS s${k}`, `COPY --from=s${k - 1} ${Array.from({ length: sources }, (_, i) => `/d${i}`).join(' ')} /`);
  }
  return lines;
}

/** Linted within the time given, no crash, no internal error, the usual exit codes. */
function expectLinted(result: CliResult, what: string): Array<{ ruleId: string }> {
  assertNoCrash(result, what);
  assert.ok(result.code === 0 || result.code === 1, `exit code ${result.code}: ${result.stderr.slice(0, 500)}`);
  const out = JSON.parse(result.stdout) as { files: Array<{ error: string | null; findings: Array<{ ruleId: string }> }> };
  assert.ok(out.files.length > 0 && out.files.every((f) => f.error === null), result.stdout.slice(0, 500));
  return out.files.flatMap((f) => f.findings);
}

describe('hostile build contexts and neighbours', function () {
  this.timeout(60_000);
  let dir: string;
  before(function () {
    if (!BUILT) throw new Error('dist/volint.js is missing: run `npm run build` first');
  });
  beforeEach(() => {
    dir = tempDir('volint-hostile-context-');
  });
  afterEach(() => removeDir(dir));

  it('a script a RUN runs, brought through COPY --from chains of many sources each, is looked for in a bounded number of places', () => {
    writeFileSync(join(dir, 'Dockerfile'), ['FROM busybox AS s0', 'COPY x.sh /x.sh', ...copyChain(6, 30), 'VOLUME /data', 'RUN /x.sh', 'CMD ["/x.sh"]', ''].join('\n'));
    writeFileSync(join(dir, 'x.sh'), '#!/bin/sh\nmkdir -p /data/a\n');
    expectLinted(runCli(['Dockerfile', '-f', 'json'], { cwd: dir, timeoutMs: 10_000 }), 'COPY --from fan-out');
  });

  it('a volume over what COPY --from chains of many sources each bring: a bounded number of copies is followed', () => {
    writeFileSync(join(dir, 'Dockerfile'), ['FROM busybox AS s0', 'RUN mkdir -p /vol && touch /vol/f', ...copyChain(10, 12), ''].join('\n'));
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  app:\n    build: .\n    volumes:\n      - data:/vol\nvolumes:\n  data:\n');
    expectLinted(runCli(['compose.yaml', '-f', 'json'], { cwd: dir, timeoutMs: 10_000 }), 'stage copies fan-out');
  });

  it('a script of NUL bytes in the build context is not read as a script', () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nCOPY x.sh /x.sh\nVOLUME /data\nRUN /x.sh\n');
    writeFileSync(join(dir, 'x.sh'), Buffer.concat([Buffer.from('#!/bin/sh\n'), Buffer.alloc(200_000)]));
    const findings = expectLinted(runCli(['Dockerfile', '-f', 'json'], { cwd: dir, timeoutMs: 10_000 }), 'NUL script');
    assert.deepEqual(findings.map((f) => f.ruleId), []);
  });

  it("a FIFO named like a script in an overlay's folder does not block the search for its base", () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  app:\n    image: busybox\n');
    writeFileSync(join(dir, 'compose.gpu.yaml'), 'services:\n  app:\n    volumes:\n      - ./data:/data\n');
    mkdirSync(join(dir, '.git'));
    execFileSync('mkfifo', [join(dir, 'run.sh')]);
    expectLinted(runCli(['compose.gpu.yaml', '-f', 'json'], { cwd: dir, timeoutMs: 10_000 }), 'FIFO beside an overlay');
  });

  it('a Makefile of a quarter megabyte of continued lines is read, its -f list found', () => {
    const text = `up:\n\tdocker compose -f compose.yaml -f compose.gpu.yaml up\n${'\tx \\\n'.repeat(60_000)}\ty\n`;
    const lists = writtenLists(text);
    assert.deepEqual(lists[0], { names: ['compose.yaml', 'compose.gpu.yaml'], line: 2 });
  });

  it('the line of each effect of a long script, asked in turn, is the line counted from the start', () => {
    const script = '#!/bin/sh\n' + 'echo hello > /data/x\n'.repeat(10_000);
    const other = 'a\nb\n\nc';
    const naive = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;
    for (const [text, offset] of [[other, 0], [other, 1], [other, 2], [other, 4], [other, 5], [other, 99], [script, 0], [script, 10], [script, 11], [script, script.length]] as const) {
      assert.equal(lineAt(text, offset), naive(text, offset), `offset ${offset}`);
    }
    // In turn, as the callers ask (the cost of that is for `npm run bench`, not for a test).
    for (let i = 0; i < 10_000; i += 997) assert.equal(lineAt(script, 10 + i * 21 + 5), i + 2);
    assert.equal(lineAt(script, 10 + 9_999 * 21 + 5), 10_001);
  });
});
