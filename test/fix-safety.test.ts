/**
 * `--fix` never loses data: a temporary file in the same directory renamed into place, no temporary
 * file left behind, permissions, line endings and BOM preserved, the original untouched on any
 * error, and a file that changed since volint read it is not overwritten.
 */
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryPathFor, writeAtomically, WriteError } from '../src/cli/write.js';
import { applyFixes, selectFixes } from '../src/engine/fix.js';
import { assertNoCrash, BUILT, canDropPrivileges, IS_ROOT, NOBODY, removeDir, runCli, tempDir, type CliOptions } from './helpers/cli.js';
import { lint } from './helpers/lint.js';

const stampOf = (path: string) => {
  const s = statSync(path);
  return { mtimeMs: s.mtimeMs, size: s.size };
};
const modeOf = (path: string) => statSync(path).mode & 0o7777;
const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.includes('.volint-') || name.endsWith('.tmp'));

describe('writeAtomically (src/cli/write.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('volint-write-');
  });
  afterEach(() => {
    chmodSync(dir, 0o755);
    removeDir(dir);
  });

  for (const mode of [0o640, 0o755, 0o600, 0o444]) {
    it(`replaces the file, keeps mode ${mode.toString(8)}, leaves no temporary file`, async () => {
      const file = join(dir, 'Dockerfile');
      writeFileSync(file, 'old\n');
      chmodSync(file, mode);
      const before = statSync(file);
      await writeAtomically(file, 'new text\r\n', stampOf(file));
      assert.equal(readFileSync(file, 'utf8'), 'new text\r\n');
      assert.equal(modeOf(file), mode);
      assert.notEqual(statSync(file).ino, before.ino, 'a new inode: renamed into place, not rewritten in place');
      assert.deepEqual(leftovers(dir), []);
    });
  }

  it('the temporary file is in the same directory (same file system: rename is atomic)', () => {
    const temp = temporaryPathFor(join(dir, 'Dockerfile'));
    assert.equal(join(temp, '..'), dir);
    assert.notEqual(temporaryPathFor(join(dir, 'Dockerfile')), temp, 'unique per call');
  });

  it('refuses to overwrite a file that changed since it was read (content and mtime)', async () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM a\n');
    const stamp = stampOf(file);
    writeFileSync(file, 'FROM b\nRUN x\n');
    await assert.rejects(writeAtomically(file, 'fixed\n', stamp), (err: Error) => err instanceof WriteError && /changed on disk/.test(err.message));
    assert.equal(readFileSync(file, 'utf8'), 'FROM b\nRUN x\n');
    assert.deepEqual(leftovers(dir), []);
  });

  it('refuses when only the mtime changed (same size, other bytes)', async () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM a\n');
    const stamp = stampOf(file);
    writeFileSync(file, 'FROM b\n');
    const later = new Date(stamp.mtimeMs + 5000);
    utimesSync(file, later, later);
    await assert.rejects(writeAtomically(file, 'fixed\n', stamp), /changed on disk/);
    assert.equal(readFileSync(file, 'utf8'), 'FROM b\n');
  });

  it('a file removed since it was read: a one-line error, nothing created', async () => {
    const file = join(dir, 'Dockerfile');
    await assert.rejects(writeAtomically(file, 'x', { mtimeMs: 0, size: 0 }), (err: Error) => err instanceof WriteError && !err.message.includes('\n'));
    assert.deepEqual(readdirSync(dir), []);
  });

  it('through a symlink: the target is replaced, the link stays a link', async () => {
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'Dockerfile');
    writeFileSync(target, 'old\n');
    const link = join(dir, 'Dockerfile');
    symlinkSync(join('real', 'Dockerfile'), link);
    await writeAtomically(link, 'new\n', stampOf(link));
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), join('real', 'Dockerfile'));
    assert.equal(readFileSync(target, 'utf8'), 'new\n');
    assert.deepEqual(leftovers(join(dir, 'real')), []);
  });

  it('a directory where the temporary file cannot be created: clear error, original unchanged', async function () {
    if (IS_ROOT) return this.skip(); // root writes into read-only directories; the CLI test below runs as nobody
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'original\n');
    chmodSync(dir, 0o555);
    await assert.rejects(writeAtomically(file, 'x', stampOf(file)), /permission denied.*unchanged/);
    assert.equal(readFileSync(file, 'utf8'), 'original\n');
  });
});

describe('edits computed on CRLF, CR and BOM text apply to that text', () => {
  for (const [name, eol] of [['CRLF', '\r\n'], ['CR', '\r'], ['LF', '\n']] as const) {
    it(`${name}: the fixed text keeps every line ending and changes only the fixed words`, async () => {
      const lines = ['FROM alpine', 'WORKDIR /srv', "VOLUME ['/data', '/logs']", 'RUN echo \\', '  hi', 'VOLUME app', ''];
      const text = lines.join(eol);
      const result = await lint(text);
      const outcome = applyFixes(text, selectFixes(result.findings, 'unsafe'));
      assert.equal(outcome.conflict, undefined);
      const expected = ['FROM alpine', 'WORKDIR /srv', 'VOLUME ["/data", "/logs"]', 'RUN echo \\', '  hi', 'VOLUME /srv/app', ''].join(eol);
      assert.equal(outcome.text, expected);
    });
  }
});

describe('--fix through the built CLI', function () {
  this.timeout(60_000);
  let dir: string;
  before(function () {
    if (!BUILT) throw new Error('dist/volint.js is missing: run `npm run build` first');
  });
  beforeEach(() => {
    dir = tempDir('volint-fix-');
    chmodSync(dir, 0o755);
  });
  afterEach(() => {
    chmodSync(dir, 0o755);
    removeDir(dir);
  });

  const CRLF_IN = "FROM alpine\r\nWORKDIR /srv\r\nVOLUME ['/data', '/logs']\r\nVOLUME app\r\nRUN echo \\\r\n  hi\r\n";
  const CRLF_OUT = 'FROM alpine\r\nWORKDIR /srv\r\nVOLUME ["/data", "/logs"]\r\nVOLUME /srv/app\r\nRUN echo \\\r\n  hi\r\n';

  it('CRLF, mode 0640 and 0755 preserved; no temporary file left; a second --fix is a no-op', () => {
    for (const mode of [0o640, 0o755]) {
      const file = join(dir, `m${mode.toString(8)}.Dockerfile`);
      writeFileSync(file, CRLF_IN);
      chmodSync(file, mode);
      const first = runCli([file, '--fix-unsafe', '-f', 'json'], { cwd: dir });
      assertNoCrash(first);
      assert.equal(readFileSync(file, 'utf8'), CRLF_OUT);
      assert.equal(modeOf(file), mode);
      assert.deepEqual(leftovers(dir), []);
      const stamp = stampOf(file);
      const second = runCli([file, '--fix-unsafe', '-f', 'json'], { cwd: dir });
      assertNoCrash(second);
      assert.equal(readFileSync(file, 'utf8'), CRLF_OUT);
      assert.deepEqual(stampOf(file), stamp, 'the second run did not write');
    }
  });

  it('a UTF-8 BOM and CR-only line endings are preserved', () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, "\ufeffFROM alpine\rVOLUME ['/data']\r");
    runCli([file, '--fix-unsafe'], { cwd: dir });
    assert.equal(readFileSync(file, 'utf8'), '\ufeffFROM alpine\rVOLUME ["/data"]\r');
  });

  it('a file with nothing to fix is not rewritten', () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM alpine\nVOLUME /data\n');
    const before = statSync(file);
    runCli([file, '--fix-unsafe'], { cwd: dir });
    assert.equal(statSync(file).ino, before.ino);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
  });

  it('a read-only directory: clear error naming the file, exit 2, original unchanged, nothing left behind', function () {
    let options: CliOptions = { cwd: dir };
    if (IS_ROOT) {
      if (!canDropPrivileges()) return this.skip(); // root writes into read-only directories
      options = { cwd: dir, asUser: NOBODY };
    }
    const sub = join(dir, 'ro');
    mkdirSync(sub);
    const file = join(sub, 'Dockerfile');
    writeFileSync(file, CRLF_IN);
    chmodSync(file, 0o666); // writable file, but the directory refuses new entries
    chmodSync(sub, 0o555);
    const result = runCli(['ro/Dockerfile', '--fix-unsafe', '--no-color'], options);
    assertNoCrash(result);
    assert.equal(result.code, 2);
    assert.match(result.stdout, /ro\/Dockerfile/);
    assert.match(result.stdout, /cannot write the fix: permission denied.*unchanged/);
    assert.equal(readFileSync(file, 'utf8'), CRLF_IN);
    assert.deepEqual(leftovers(sub), []);
  });

  it('--fix on standard input prints the fixed text; the exit code reflects what is left', () => {
    const left = runCli(['--stdin', '--fix'], { cwd: dir, input: 'FROM alpine\r\nVOLUME /proc\r\n' });
    assertNoCrash(left);
    assert.equal(left.stdout, 'FROM alpine\r\nVOLUME /proc\r\n');
    assert.equal(left.code, 1, 'an error finding is left: exit 1');
    const clean = runCli(['--stdin', '--fix'], { cwd: dir, input: 'FROM alpine\nVOLUME /data\n' });
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, 'FROM alpine\nVOLUME /data\n');
  });

  it('--fix-dry-run prints a diff and changes nothing', () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, CRLF_IN);
    const before = statSync(file);
    const result = runCli(['Dockerfile', '--fix-unsafe', '--fix-dry-run'], { cwd: dir });
    assertNoCrash(result);
    assert.match(result.stdout, /^\+VOLUME \["\/data", "\/logs"\]/m);
    assert.equal(readFileSync(file, 'utf8'), CRLF_IN);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
  });
});
