/**
 * --fix, --fix-unsafe and --fix-dry-run end to end: the built CLI (`node bin/volint.js`) in a
 * temporary directory. Files keep their mode, line endings and BOM; a dry run writes nothing; a
 * second --fix changes nothing; after fixing, the report shows what remains.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyFixes } from '../src/engine/fix.js';
import type { Fix } from '../src/engine/types.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'volint.js');

function cli(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// VOL001 (safe fix: double quotes), VOL003 (unsafe fix: WORKDIR-based absolute path).
const LINES = ['FROM alpine:3.20', 'WORKDIR /app', "VOLUME ['/x']", 'VOLUME data', ''];
const SAFE_FIXED = ['FROM alpine:3.20', 'WORKDIR /app', 'VOLUME ["/x"]', 'VOLUME data', ''];
const ALL_FIXED = ['FROM alpine:3.20', 'WORKDIR /app', 'VOLUME ["/x"]', 'VOLUME /app/data', ''];

describe('fixes from the command line', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'volint-fix-'));
    file = join(dir, 'Dockerfile');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--fix applies only safe fixes, re-lints, and reports what remains', () => {
    writeFileSync(file, LINES.join('\n'));
    const r = cli(['--fix', '-f', 'compact', 'Dockerfile'], dir);
    assert.equal(readFileSync(file, 'utf8'), SAFE_FIXED.join('\n'));
    assert.equal(r.stderr, 'volint: fixed Dockerfile (1 fix)\n', 'says what it changed, per file');
    assert.doesNotMatch(r.stdout, /VOL001/, 'the fixed finding is gone from the report');
    assert.match(r.stdout, /^Dockerfile:4:8: warning .*\[VOL003\]$/m, 'the finding with an unsafe fix remains');
    assert.equal(r.code, 0, 'only a warning remains');
  });

  it('--fix-unsafe also applies unsafe fixes', () => {
    writeFileSync(file, LINES.join('\n'));
    const r = cli(['--fix-unsafe', '-f', 'compact', 'Dockerfile'], dir);
    assert.equal(readFileSync(file, 'utf8'), ALL_FIXED.join('\n'));
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0);
  });

  it('--fix-dry-run prints a unified diff and writes nothing', () => {
    writeFileSync(file, LINES.join('\n'));
    const before = statSync(file);
    const r = cli(['--fix-dry-run', '-f', 'compact', 'Dockerfile'], dir);
    assert.equal(readFileSync(file, 'utf8'), LINES.join('\n'));
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    assert.ok(
      r.stdout === ['--- a/Dockerfile', '+++ b/Dockerfile', '@@ -1,4 +1,4 @@', ' FROM alpine:3.20', ' WORKDIR /app', "-VOLUME ['/x']", '+VOLUME ["/x"]', ' VOLUME data', ''].join('\n'),
      r.stdout,
    );
    // Standard output is the patch alone; the exit code is that of the file as it is (the error is still there).
    assert.equal(r.code, 1);
    assert.deepEqual(readdirSync(dir), ['Dockerfile']);
  });

  it('--fix-dry-run with --fix-unsafe shows the unsafe edits too', () => {
    writeFileSync(file, LINES.join('\n'));
    const r = cli(['--fix-dry-run', '--fix-unsafe', '-f', 'compact', 'Dockerfile'], dir);
    assert.match(r.stdout, /^-VOLUME data\n\+VOLUME \/app\/data$/m);
    assert.equal(readFileSync(file, 'utf8'), LINES.join('\n'));
  });

  it('keeps CRLF line endings, the file mode and a BOM, and leaves no temporary file', () => {
    const crlf = '\ufeff' + LINES.join('\r\n');
    writeFileSync(file, crlf);
    chmodSync(file, 0o640);
    const r = cli(['--fix-unsafe', '-f', 'compact', 'Dockerfile'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const after = readFileSync(file, 'utf8');
    assert.equal(after, '\ufeff' + ALL_FIXED.join('\r\n'));
    assert.doesNotMatch(after.replace(/\r\n/g, ''), /[\r\n]/, 'no lone LF or CR was introduced');
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['Dockerfile']);
  });

  it('removes an unused suppression line without breaking CRLF', () => {
    writeFileSync(file, ['FROM alpine:3.20', '# volint ignore=VOL004 -- nothing to silence', 'VOLUME /data', ''].join('\r\n'));
    const r = cli(['--fix', '--report-unused-ignores', '-f', 'compact', 'Dockerfile'], dir);
    assert.equal(readFileSync(file, 'utf8'), ['FROM alpine:3.20', 'VOLUME /data', ''].join('\r\n'));
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0);
  });

  it('is idempotent: a second --fix changes nothing and a dry run then prints no diff', () => {
    writeFileSync(file, LINES.join('\n'));
    cli(['--fix-unsafe', '-f', 'compact', 'Dockerfile'], dir);
    const once = readFileSync(file, 'utf8');
    const mtime = statSync(file).mtimeMs;
    const second = cli(['--fix-unsafe', '-f', 'compact', 'Dockerfile'], dir);
    assert.equal(readFileSync(file, 'utf8'), once);
    assert.equal(statSync(file).mtimeMs, mtime, 'the file was not rewritten');
    assert.equal(second.stdout, '');
    const dry = cli(['--fix-dry-run', '--fix-unsafe', '-f', 'compact', 'Dockerfile'], dir);
    assert.equal(dry.stdout, '');
  });

  it('fixes every file of a directory walk and leaves clean files untouched', () => {
    writeFileSync(file, LINES.join('\n'));
    const clean = join(dir, 'Containerfile');
    writeFileSync(clean, 'FROM alpine:3.20\nVOLUME /data\n');
    const cleanMtime = statSync(clean).mtimeMs;
    const r = cli(['--fix', '-f', 'compact', '.'], dir);
    assert.equal(readFileSync(file, 'utf8'), SAFE_FIXED.join('\n'));
    assert.equal(statSync(clean).mtimeMs, cleanMtime);
    assert.equal(r.code, 0);
  });
});

describe('applyFixes', () => {
  const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
  const fix = (description: string, line: number, from: number, to: number, text: string): Fix => ({
    description,
    safety: 'safe',
    edits: [{ range: range(line, from, to), text }],
  });

  it('applies non-overlapping edits on CRLF text by line and column', () => {
    const text = 'FROM a\r\nVOLUME x\r\nVOLUME y\r\n';
    const out = applyFixes(text, [fix('x', 1, 7, 8, '/x'), fix('y', 2, 7, 8, '/y')]);
    assert.equal(out.text, 'FROM a\r\nVOLUME /x\r\nVOLUME /y\r\n');
    assert.equal(out.applied, 2);
  });

  it('leaves the text unchanged and names both fixes when they overlap', () => {
    const text = 'FROM a\nVOLUME data logs\n';
    const out = applyFixes(text, [fix('Quote the list', 1, 7, 16, '["data", "logs"]'), fix('Make data absolute', 1, 7, 11, '/data')]);
    assert.equal(out.text, text);
    assert.equal(out.applied, 0);
    assert.match(out.conflict ?? '', /"Make data absolute" and "Quote the list" change the same text/);
  });

  it('two identical edits from different findings are applied once', () => {
    const out = applyFixes('VOLUME x\n', [fix('a', 0, 7, 8, '/x'), fix('b', 0, 7, 8, '/x')]);
    assert.equal(out.text, 'VOLUME /x\n');
  });
});
