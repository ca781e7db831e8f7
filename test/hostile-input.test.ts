/**
 * Hostile input: every input gives findings or a clear one-line error, never a stack trace, both
 * through lintText and through the built CLI as a user runs it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDockerfile } from '../src/cli/run.js';
import { INTERNAL_ERROR_ID } from '../src/engine/types.js';
import { assertNoCrash, BUILT, removeDir, runCli, tempDir } from './helpers/cli.js';
import { lineLengths, lint } from './helpers/lint.js';

interface HostileCase {
  name: string;
  content: string | Buffer;
  /** Expected one-line error (the file is skipped), or undefined: the file is linted. */
  error?: RegExp;
  /** Rule ids that must be among the findings (proves the file was really linted). */
  expectRules?: string[];
}

const nested = (depth: number): string => {
  let word = 'end';
  for (let i = depth - 1; i >= 0; i--) word = `\${V${i}:-${word}}`;
  return word;
};

const CASES: HostileCase[] = [
  { name: 'empty', content: '' },
  { name: 'only-comments', content: '# a comment\n# another\n#\n' },
  { name: 'only-directives', content: '# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\n' },
  { name: 'binary', content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe]), error: /not a text file/ },
  { name: 'nul-bytes', content: 'FROM alpine\nVOLUME /da\u0000ta\n', error: /not a text file/ },
  { name: 'nul-late', content: 'FROM alpine\n' + '# pad\n'.repeat(3000) + 'VOLUME /x\u0000\n', error: /not a text file/ },
  { name: 'invalid-utf8', content: Buffer.concat([Buffer.from('FROM alpine\nVOLUME /d'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\n')]), error: /not valid UTF-8/ },
  { name: 'bom', content: '\ufeffFROM alpine\nVOLUME app\n', expectRules: ['VOL003'] },
  { name: 'crlf', content: 'FROM alpine\r\nWORKDIR /srv\r\nVOLUME app\r\n', expectRules: ['VOL003'] },
  { name: 'cr-only', content: 'FROM alpine\rWORKDIR /srv\rVOLUME app\r', expectRules: ['VOL003'] },
  { name: 'no-final-newline', content: 'FROM alpine\nVOLUME app', expectRules: ['VOL003'] },
  { name: 'continuations-10000', content: 'FROM alpine\nRUN echo \\\n' + '  a \\\n'.repeat(10_000) + '  b\nVOLUME app\n', expectRules: ['VOL003'] },
  { name: 'single-line-5mb', content: 'FROM alpine\nRUN echo ' + 'x'.repeat(5 * 1024 * 1024) + '\nVOLUME app\n', expectRules: ['VOL003'] },
  { name: 'instructions-100000', content: 'FROM alpine\n' + 'ENV A=1\n'.repeat(100_000 - 2) + 'VOLUME app\n', expectRules: ['VOL003'] },
  { name: 'nested-variables-1000', content: `FROM alpine\nARG X=${nested(1000)}\nVOLUME ${nested(1000)}\nVOLUME app\n`, expectRules: ['VOL003'] },
  { name: 'unterminated-heredoc', content: 'FROM alpine\nVOLUME app\nRUN <<EOF\necho hi > /data/x\n' },
  { name: 'unterminated-heredoc-copy', content: 'FROM alpine\nCOPY <<EOF /etc/x\nhello\n' },
  { name: 'unterminated-json', content: 'FROM alpine\nVOLUME ["/data", "/logs"\nCMD ["a", \n', expectRules: ['VOL001'] },
  { name: 'unterminated-quotes', content: 'FROM alpine\nVOLUME "/data\nVOLUME \'/x\nWORKDIR "${A\n' },
  { name: 'unknown-instructions', content: 'FROM alpine\nFROBNICATE /x\nVOLUMES /data\n\u00e9t\u00e9 x\nVOLUME app\n', expectRules: ['VOL003'] },
  { name: 'onbuild-onbuild', content: 'FROM alpine\nONBUILD ONBUILD VOLUME app\nONBUILD\nONBUILD ONBUILD\nONBUILD VOLUME app\n' },
  { name: 'volume-10000-paths', content: 'FROM alpine\nVOLUME ' + Array.from({ length: 10_000 }, (_, i) => `/data/p${i}`).join(' ') + '\nVOLUME app\n', expectRules: ['VOL003'] },
  { name: 'volume-10000-json', content: 'FROM alpine\nVOLUME [' + Array.from({ length: 10_000 }, (_, i) => `"/data/p${i}"`).join(', ') + ']\n' },
  { name: 'volume-before-from', content: 'VOLUME app\nARG\nFROM\nFROM --platform= AS\n' },
  { name: 'escape-directive-odd', content: '# escape=x\n# escape=`\nFROM alpine\nVOLUME C:`\n' },
  { name: 'lone-surrogate-free-unicode', content: 'FROM alpine\nLABEL x="\u{1F600}\u{1F600}"\nVOLUME /d\u00e4t\u00e4 \u{1F600}\n' },
  { name: 'only-whitespace', content: ' \t\n\n   \r\n\t' },
  // Found by `npm run fuzz` (seed 1234): dockerfile-ast's getHeredocs threw on this.
  { name: 'continuation-then-escaped-hash', content: 'FROM node\nVOLUME app\nRUN set -eux; \\\n\tcd x; \\\n\t\\# keep\n\tmv a b\n', expectRules: ['VOL003'] },
  // Found by the property test's mutated fixtures: a volume path segment with a parenthesis was read as a regular expression.
  { name: 'regex-characters-in-a-volume-path', content: 'FROM debian:12-slim\nRUN apt-get install -y mosquitto\nVOLUME /etc/broker.conf):\nVOLUME "/etc/a(b" /etc/x[y /etc/p+q* /etc/m?n\nVOLUME app\n', expectRules: ['VOL003'] },
  { name: 'many-flags', content: 'FROM alpine\nCOPY ' + '--chown=a '.repeat(5000) + 'x y\nVOLUME app\n', expectRules: ['VOL003'] },
];

/** A range lies inside the document: lines exist, columns within the line (end may be at its end). */
function assertInside(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, what: string): void {
  const lengths = lineLengths(text);
  for (const pos of [range.start, range.end]) {
    assert.ok(pos.line >= 0 && pos.line < lengths.length, `${what}: line ${pos.line} outside 0..${lengths.length - 1}`);
    assert.ok(pos.character >= 0 && pos.character <= lengths[pos.line]!, `${what}: column ${pos.character} outside line ${pos.line} (length ${lengths[pos.line]})`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: start after end`);
}

describe('hostile input', function () {
  this.timeout(180_000);

  describe('through lintText', () => {
    for (const c of CASES) {
      it(c.name, async () => {
        const buffer = typeof c.content === 'string' ? Buffer.from(c.content, 'utf8') : c.content;
        let text: string;
        try {
          text = decodeDockerfile(buffer).text;
        } catch (err) {
          assert.ok(c.error, `decoding failed unexpectedly: ${(err as Error).message}`);
          assert.match((err as Error).message, c.error);
          assert.ok(!(err as Error).message.includes('\n'), 'the error is one line');
          return;
        }
        assert.equal(c.error, undefined, `expected the decoder to refuse it with ${c.error}`);
        const result = await lint(text);
        const internal = result.findings.filter((f) => f.ruleId === INTERNAL_ERROR_ID);
        assert.deepEqual(internal.map((f) => f.message), [], 'no rule failed');
        for (const f of result.findings) {
          assertInside(text, f.range, `${f.ruleId} ${f.message}`);
          for (const r of f.related) assertInside(text, r.range, `${f.ruleId} related`);
        }
        for (const id of c.expectRules ?? []) {
          assert.ok(result.findings.some((f) => f.ruleId === id), `expected ${id} among ${result.findings.map((f) => f.ruleId).join(', ')}`);
        }
      });
    }
  });

  describe('through the built CLI', function () {
    let dir: string;
    before(function () {
      if (!BUILT) throw new Error('dist/volint.js is missing: run `npm run build` first');
      dir = tempDir('volint-hostile-');
      for (const c of CASES) writeFileSync(join(dir, `${c.name}.Dockerfile`), c.content);
    });
    after(() => removeDir(dir));

    for (const c of CASES) {
      it(c.name, () => {
        const file = `${c.name}.Dockerfile`;
        const result = runCli([file, '--format', 'json'], { cwd: dir });
        assertNoCrash(result, c.name);
        const out = JSON.parse(result.stdout) as { files: Array<{ path: string; error: string | null; findings: Array<{ ruleId: string }> }> };
        assert.equal(out.files.length, 1);
        const report = out.files[0]!;
        assert.equal(report.path, file);
        if (c.error) {
          assert.equal(result.code, 2, `exit code for ${c.name}: ${result.stderr}`);
          assert.match(report.error ?? '', c.error);
          assert.ok(!(report.error ?? '').includes('\n'), 'one-line error');
          // The human format names the file and the cause.
          const stylish = runCli([file, '--no-color'], { cwd: dir });
          assertNoCrash(stylish, `${c.name} stylish`);
          assert.equal(stylish.code, 2);
          assert.ok(stylish.stdout.includes(file), `stylish output names ${file}: ${stylish.stdout}`);
          assert.match(stylish.stdout, c.error);
        } else {
          assert.equal(report.error, null, `unexpected error: ${report.error}`);
          assert.ok(result.code === 0 || result.code === 1, `exit code ${result.code}: ${result.stderr.slice(0, 500)}`);
          assert.ok(!report.findings.some((f) => f.ruleId === INTERNAL_ERROR_ID), 'no internal error');
          for (const id of c.expectRules ?? []) assert.ok(report.findings.some((f) => f.ruleId === id), `expected ${id}`);
        }
      });
    }

    it('a binary file among good ones found by the walk is skipped with a notice; named, it is an error', () => {
      const mixed = join(dir, 'mixed');
      mkdirSync(mixed);
      for (const c of CASES.filter((k) => ['binary', 'invalid-utf8', 'crlf', 'bom', 'nul-bytes'].includes(k.name))) {
        writeFileSync(join(mixed, `${c.name}.Dockerfile`), c.content);
      }
      const walked = runCli(['.', '-f', 'json'], { cwd: mixed });
      assertNoCrash(walked, 'directory run');
      assert.equal(walked.code, 0, 'only warnings in the text files');
      assert.equal(
        walked.stderr,
        [
          'volint: skipped binary.Dockerfile: not a text file (it contains NUL bytes)',
          'volint: skipped invalid-utf8.Dockerfile: not valid UTF-8 text',
          'volint: skipped nul-bytes.Dockerfile: not a text file (it contains NUL bytes)',
          '',
        ].join('\n'),
      );
      assert.deepEqual((JSON.parse(walked.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path), ['bom.Dockerfile', 'crlf.Dockerfile']);
      const result = runCli(['binary.Dockerfile', 'invalid-utf8.Dockerfile', 'crlf.Dockerfile', 'bom.Dockerfile', '-f', 'json'], { cwd: mixed });
      assertNoCrash(result, 'files named');
      assert.equal(result.code, 2);
      const out = JSON.parse(result.stdout) as { files: Array<{ path: string; error: string | null; findings: Array<{ ruleId: string }> }> };
      const byPath = new Map(out.files.map((f) => [f.path, f]));
      assert.match(byPath.get('binary.Dockerfile')?.error ?? '', /not a text file/);
      assert.match(byPath.get('invalid-utf8.Dockerfile')?.error ?? '', /not valid UTF-8/);
      assert.equal(byPath.get('crlf.Dockerfile')?.error, null);
      assert.ok(byPath.get('crlf.Dockerfile')?.findings.some((f) => f.ruleId === 'VOL003'), 'the CRLF file was linted');
      assert.ok(byPath.get('bom.Dockerfile')?.findings.some((f) => f.ruleId === 'VOL003'), 'the BOM file was linted');
    });

    it('standard input: binary is a one-line error with exit 2', () => {
      const result = runCli(['--stdin', '--stdin-filename', 'x/Dockerfile', '-f', 'json'], { cwd: dir, input: Buffer.from([0, 1, 2, 3]) });
      assertNoCrash(result, 'stdin');
      assert.equal(result.code, 2);
      const out = JSON.parse(result.stdout) as { files: Array<{ path: string; error: string | null }> };
      assert.match(out.files[0]?.error ?? '', /not a text file/);
    });

    it('a YAML config with an alias bomb is refused with a clear error, not expanded', () => {
      const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 10; i++) {
        const prev = String.fromCharCode(96 + i);
        const cur = String.fromCharCode(97 + i);
        lines.push(`${cur}: &${cur} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
      }
      lines.push('rules: *j');
      writeFileSync(join(dir, 'bomb.yaml'), lines.join('\n') + '\n');
      const result = runCli(['crlf.Dockerfile', '--config', 'bomb.yaml'], { cwd: dir, timeoutMs: 30_000 });
      assertNoCrash(result, 'alias bomb');
      assert.equal(result.code, 2);
      assert.match(result.stderr, /bomb\.yaml/);
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
    });
  });
});
