/**
 * A new user's first hour (issue 16): each case does what the user did, through the built CLI,
 * and pins what they should have got.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoCrash, BIN, BUILT, REPO, removeDir, runCli, tempDir } from './helpers/cli.js';

const RELATIVE = 'FROM alpine:3.20\nVOLUME data\n';
const DUPLICATE = 'FROM alpine:3.20\nVOLUME ["/a", "/a"]\n';
const BAD_JSON = "FROM alpine:3.20\nVOLUME ['/data']\n";

function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

function git(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('git', ['-c', 'user.email=t@volint.invalid', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('first hour: a new user on the command line (issue 16)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(function () {
    if (!BUILT) this.skip();
    dir = tempDir('volint-first-hour-');
  });
  afterEach(() => {
    if (dir) removeDir(dir);
  });

  describe('1. paths after --', () => {
    it('lints exactly the paths after `--`, as action.yml passes them', () => {
      write(dir, { Dockerfile: RELATIVE, 'svc/Dockerfile': DUPLICATE });
      const r = runCli(['-f', 'compact', '--', 'svc/Dockerfile'], { cwd: dir });
      assertNoCrash(r);
      assert.match(r.stdout, /^svc\/Dockerfile:2:\d+: note .*\[VOL010\]$/m);
      assert.doesNotMatch(r.stdout, /^Dockerfile:/m, 'the working directory is not linted');
    });

    it('action.yml still runs volint with `--` before the paths', () => {
      const action = readFileSync(join(REPO, 'action.yml'), 'utf8');
      assert.match(action, /-- "\$\{paths\[@\]\}"/);
    });
  });

  describe('2. a closed pipe', () => {
    for (const format of ['stylish', 'json', 'sarif']) {
      it(`volint -f ${format} … | head -c 1 ends quietly, without a stack trace`, () => {
        const files: Record<string, string> = {};
        for (let i = 0; i < 400; i++) files[`d${i}/Dockerfile`] = BAD_JSON + RELATIVE.replace('FROM alpine:3.20\n', '');
        write(dir, files);
        const script = `set -o pipefail; "${process.execPath}" "${BIN}" -f ${format} . | head -c 1 >/dev/null; echo "status=\${PIPESTATUS[0]}" >&2`;
        const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        assert.doesNotMatch(r.stderr, /EPIPE|Error|\s+at /, r.stderr);
        assert.match(r.stderr, /^status=(141|0|1)\n$/, r.stderr);
      });
    }

    it('two checkouts keep their own compile cache entries, named by their own location', () => {
      const cache = join(dir, 'cache');
      for (const name of ['a', 'b']) {
        for (const part of ['bin', 'dist']) cpSync(join(REPO, part), join(dir, name, part), { recursive: true });
        symlinkSync(join(REPO, 'node_modules'), join(dir, name, 'node_modules'));
      }
      write(dir, { 'work/Dockerfile': RELATIVE });
      const run = (name: string) =>
        spawnSync(process.execPath, [join(dir, name, 'bin', 'volint.js'), '-f', 'compact', 'Dockerfile'], {
          cwd: join(dir, 'work'),
          encoding: 'utf8',
          env: { ...process.env, VOLINT_COMPILE_CACHE: cache, NO_COLOR: '1' },
        });
      for (const name of ['a', 'b', 'a', 'b']) assert.equal(run(name).stderr, '');
      const entries = readdirSync(cache).filter((f) => f.startsWith('volint.js.files-'));
      assert.equal(entries.length, 2, `one entry per checkout: ${entries.join(', ')}`);
    });
  });

  describe('3. --fix-dry-run', () => {
    for (const [label, text] of [
      ['a fix on the last line', RELATIVE],
      ['a fix on the last line without a final newline', RELATIVE.trimEnd()],
      ['a fix in the middle of a longer file', 'FROM alpine:3.20\nVOLUME data\nRUN true\nRUN true\nRUN true\nRUN true\nCMD ["sh"]\n'],
      ['a CRLF file', RELATIVE.replace(/\n/g, '\r\n')],
    ] as const) {
      it(`prints a patch that git apply accepts, and only the patch (${label})`, () => {
        write(dir, { Dockerfile: text });
        assert.equal(git(['init', '--quiet'], dir).status, 0);
        const r = runCli(['--fix-dry-run', '--fix-unsafe', 'Dockerfile'], { cwd: dir });
        assertNoCrash(r);
        assert.match(r.stdout, /^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@ /);
        assert.doesNotMatch(r.stdout, /warning|problem|VOL003/, 'no lint report on standard output');
        writeFileSync(join(dir, 'fixes.patch'), r.stdout);
        const check = git(['apply', '--check', 'fixes.patch'], dir);
        assert.equal(check.status, 0, `${check.stderr}\n${r.stdout}`);
        assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), text, 'the file is unchanged');
        assert.equal(git(['apply', 'fixes.patch'], dir).status, 0);
        assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), text.replace('VOLUME data', 'VOLUME /data'));
      });
    }

    it('with standard input, prints the patch alone', () => {
      const r = runCli(['--fix-dry-run', '--fix-unsafe', '--stdin', '--stdin-filename', 'Dockerfile'], { cwd: dir, input: RELATIVE });
      assertNoCrash(r);
      assert.equal(r.stdout, '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n FROM alpine:3.20\n-VOLUME data\n+VOLUME /data\n');
    });
  });

  describe('5. binary files', () => {
    it('a binary Dockerfile.tar.gz found by a walk is skipped with a notice', () => {
      write(dir, { 'Dockerfile.tar.gz': Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]), Dockerfile: DUPLICATE });
      const r = runCli(['-f', 'compact', '.'], { cwd: dir });
      assertNoCrash(r);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stderr, /^volint: skipped Dockerfile\.tar\.gz: not a text file/m);
      assert.doesNotMatch(r.stdout, /tar\.gz/);
      const fix = runCli(['--fix', '.'], { cwd: dir });
      assert.equal(fix.code, 0, fix.stdout + fix.stderr);
      assert.match(fix.stderr, /skipped Dockerfile\.tar\.gz/);
    });

    it('the same file named on the command line is an error', () => {
      write(dir, { 'Dockerfile.tar.gz': Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]) });
      const r = runCli(['-f', 'compact', 'Dockerfile.tar.gz'], { cwd: dir });
      assertNoCrash(r);
      assert.equal(r.code, 2);
      assert.match(r.stdout, /Dockerfile\.tar\.gz.*not a text file/);
    });
  });

  describe('7. -o -', () => {
    it('writes to standard output', () => {
      write(dir, { Dockerfile: RELATIVE });
      const r = runCli(['-f', 'compact', '-o', '-', 'Dockerfile'], { cwd: dir });
      assertNoCrash(r);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /^Dockerfile:2:8: warning .*\[VOL003\]$/m);
      assert.ok(!existsSync(join(dir, '-')));
    });

    it('pairs with a second format written to a file', () => {
      write(dir, { Dockerfile: RELATIVE });
      const r = runCli(['-f', 'json', '-o', 'report.json', '-f', 'compact', '-o', '-', 'Dockerfile'], { cwd: dir });
      assert.match(r.stdout, /\[VOL003\]/);
      assert.equal((JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { files: unknown[] }).files.length, 1);
    });
  });

  describe('8. values that mean nothing are usage errors', () => {
    it('--target names a stage that is not there: exit 2 naming the flag and the stages', () => {
      write(dir, { Dockerfile: 'FROM alpine AS build\nFROM alpine AS runtime\nVOLUME /data\n' });
      const r = runCli(['-f', 'compact', '--target', 'nope', 'Dockerfile'], { cwd: dir });
      assertNoCrash(r);
      assert.equal(r.code, 2);
      assert.match(r.stdout, /--target nope: no stage of that name \(stages: build, runtime\)/);
      assert.equal(runCli(['-f', 'compact', '--target', 'BUILD', 'Dockerfile'], { cwd: dir }).code, 0);
    });

    for (const value of ['abc', '1.5', '-2', '']) {
      it(`--max-warnings ${JSON.stringify(value)}: exit 2 naming the flag`, () => {
        write(dir, { Dockerfile: RELATIVE });
        const r = runCli(['--max-warnings', value, 'Dockerfile'], { cwd: dir });
        assertNoCrash(r);
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stderr, /^volint: .*--max-warnings/m);
        assert.equal(r.stdout, '');
      });
    }

    it('going over --max-warnings says so, with --quiet too', () => {
      write(dir, { Dockerfile: RELATIVE });
      const loud = runCli(['--max-warnings', '0', 'Dockerfile'], { cwd: dir });
      assert.equal(loud.code, 1);
      assert.match(loud.stderr, /^volint: too many warnings: 1, more than --max-warnings 0 allows\n$/);
      const quiet = runCli(['-q', '--max-warnings', '0', 'Dockerfile'], { cwd: dir });
      assert.equal(quiet.code, 1);
      assert.equal(quiet.stdout, '');
      assert.match(quiet.stderr, /too many warnings: 1, more than --max-warnings 0 allows \(--quiet hides them\)/);
      const within = runCli(['--max-warnings', '1', 'Dockerfile'], { cwd: dir });
      assert.equal(within.code, 0);
      assert.equal(within.stderr, '');
    });
  });

  describe('9. a path or glob that matches no Dockerfile', () => {
    for (const pattern of ['*.foo', 'empty', 'services/**/Dockerfile.prod']) {
      it(`"${pattern}" exits 2 naming the pattern`, () => {
        write(dir, { 'empty/README.md': 'x\n', 'services/api/Dockerfile': DUPLICATE });
        const r = runCli(['-f', 'compact', pattern], { cwd: dir });
        assertNoCrash(r);
        assert.equal(r.code, 2);
        assert.ok(r.stdout.includes(`${pattern}:1:1: error no Dockerfile matches this path or pattern`), r.stdout);
        const allowed = runCli(['-f', 'compact', '--no-error-on-unmatched-pattern', pattern], { cwd: dir });
        assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
        assert.equal(allowed.stdout, '');
      });
    }

    it('the other patterns are still linted; one that matches is no error', () => {
      write(dir, { 'services/api/Dockerfile': BAD_JSON });
      const r = runCli(['-f', 'compact', 'services', 'nothing-*.Dockerfile'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stdout, /^services\/api\/Dockerfile:2:8: error/m);
      assert.match(r.stdout, /^nothing-\*\.Dockerfile:1:1: error no Dockerfile matches/m);
      assert.equal(runCli(['-f', 'compact', 'services/**/Dockerfile'], { cwd: dir }).code, 1);
    });

    it('stylish names the pattern too; the yargs command line takes the flag', () => {
      const r = runCli(['--builder', 'any', 'missing-dir/*.Dockerfile'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stdout, /missing-dir/);
      mkdirSync(join(dir, 'empty'));
      assert.equal(runCli(['--format=stylish', '--no-error-on-unmatched-pattern', 'empty'], { cwd: dir }).code, 0);
    });
  });

  describe('6. volint model', () => {
    it('--help lists the model options only, with the model formats', () => {
      const r = runCli(['model', '--help'], { cwd: dir });
      assert.equal(r.code, 0);
      assert.match(r.stdout, /--format\s+Output format\s+\[string\] \[choices: "text", "json"\]/);
      assert.match(r.stdout, /--image-config/);
      for (const lintOnly of ['--max-warnings', '--fix', '--cache', 'sarif', '--rule', '--quiet']) assert.ok(!r.stdout.includes(lintOnly), `${lintOnly} in model --help`);
    });

    it('takes --image-config', () => {
      write(dir, {
        'img.json': JSON.stringify([{ RepoTags: ['myimg:1'], RepoDigests: [], Config: { Volumes: { '/srv/data': {} }, Env: [] } }]),
        Dockerfile: 'FROM myimg:1\nRUN touch /srv/data/x\n',
      });
      const without = runCli(['model', 'Dockerfile'], { cwd: dir });
      assert.match(without.stdout, /not in volint's catalog/);
      const r = runCli(['model', 'Dockerfile', '--image-config', 'img.json'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /volume \/srv\/data .*\n\s+from the base image myimg:1 \(img\.json\)/);
      const json = runCli(['model', '-f', 'json', 'Dockerfile', '--image-config', 'img.json'], { cwd: dir });
      assert.match(json.stdout, /"source": "img\.json"/);
    });

    it('a missing file is named in the error', () => {
      const r = runCli(['model', 'missing-file'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'volint: missing-file: no such file or directory\n');
    });
  });

  describe('10. configuration that was silent', () => {
    it('an ignore comment naming no rule is reported without --report-unused-ignores', () => {
      write(dir, { Dockerfile: 'FROM alpine:3.20\n# volint ignore=VOL999\nVOLUME /x\n' });
      const r = runCli(['-f', 'compact', 'Dockerfile'], { cwd: dir });
      assert.equal(r.stdout, 'Dockerfile:2:1: warning Suppression of VOL999 silences nothing (VOL999 is not a volint rule). [volint-unused-ignore]\n');
    });

    it('a YAML or JSON config error gives the line and column', () => {
      write(dir, { '.volint.yaml': 'rules:\n  VOL003: off\n  VOL003: warning\n', Dockerfile: RELATIVE });
      const yaml = runCli(['Dockerfile'], { cwd: dir });
      assert.equal(yaml.code, 2);
      assert.match(yaml.stderr, /\.volint\.yaml: not valid YAML at line 3, column 3 \(Map keys must be unique/);
      removeDir(join(dir, '.volint.yaml'));
      write(dir, { '.volint.json': '{\n  "rules": {,}\n}\n' });
      const json = runCli(['Dockerfile'], { cwd: dir });
      assert.equal(json.code, 2);
      assert.match(json.stderr, /\.volint\.json: not valid JSON at line 2, column 13 /);
    });

    it('.volint.yaml and .volint.json in one folder: an error naming both', () => {
      write(dir, { '.volint.yaml': 'rules: {}\n', '.volint.json': '{}\n', Dockerfile: RELATIVE });
      const r = runCli(['Dockerfile'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^volint: .*: \.volint\.yaml and \.volint\.json are both here; volint reads one config file per directory/);
    });

    it('an --image-config whose images no FROM names is named in a warning', () => {
      write(dir, {
        'img.json': JSON.stringify([{ RepoTags: ['myimg:1'], RepoDigests: [], Config: { Volumes: { '/srv/data': {} }, Env: [] } }]),
        Dockerfile: RELATIVE,
        'b/Dockerfile': 'FROM myimg:1\n',
      });
      const unused = runCli(['-f', 'compact', '--image-config', 'img.json', 'Dockerfile'], { cwd: dir });
      assert.equal(unused.stderr, 'volint: warning: --image-config img.json: no FROM in the linted files names its images\n');
      for (const extra of [[], ['--fix'], ['--cache']]) {
        const used = runCli(['-f', 'compact', '--image-config', 'img.json', ...extra, '.'], { cwd: dir });
        assert.equal(used.stderr.replace(/^volint: fixed .*\n/m, ''), '', `${extra.join(' ')}: ${used.stderr}`);
      }
      const stdin = runCli(['-f', 'compact', '--image-config', 'img.json', '-'], { cwd: dir, input: RELATIVE });
      assert.match(stdin.stderr, /no FROM in the linted files names its images/);
    });

    it('--stdin-filename without --stdin is a usage error instead of linting the directory', () => {
      write(dir, { Dockerfile: BAD_JSON });
      const r = runCli(['--stdin-filename', 'Dockerfile'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^volint: --stdin-filename Dockerfile: only with --stdin/);
    });
  });

  describe('11. --cache and --fix', () => {
    it('--cache-location newdir/ puts .volintcache in that directory, creating it', () => {
      write(dir, { Dockerfile: RELATIVE });
      const r = runCli(['--cache', '--cache-location', 'newdir/', 'Dockerfile'], { cwd: dir });
      assert.equal(r.stderr, '');
      assert.ok(existsSync(join(dir, 'newdir', '.volintcache')));
      mkdirSync(join(dir, 'existing'));
      assert.equal(runCli(['--cache', '--cache-location', 'existing', 'Dockerfile'], { cwd: dir }).stderr, '');
      assert.ok(existsSync(join(dir, 'existing', '.volintcache')));
    });

    it('a --cache-location whose parent directories are missing creates them, without a warning', () => {
      write(dir, { Dockerfile: RELATIVE });
      const r = runCli(['--cache', '--cache-location', 'a/b/volint.cache', 'Dockerfile'], { cwd: dir });
      assert.equal(r.stderr, '');
      assert.ok(existsSync(join(dir, 'a', 'b', 'volint.cache')));
    });

    it('the README says to keep .volintcache out of version control', () => {
      assert.match(readFileSync(join(REPO, 'README.md'), 'utf8'), /\.volintcache[^\n]*\.gitignore|\.gitignore[^\n]*\.volintcache/);
    });

    it('--fix says per file what it changed', () => {
      write(dir, { Dockerfile: BAD_JSON, 'b/Dockerfile': BAD_JSON, 'c/Dockerfile': 'FROM alpine:3.20\nVOLUME /x\n' });
      const r = runCli(['--fix', '.'], { cwd: dir });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.stderr, 'volint: fixed Dockerfile (1 fix)\nvolint: fixed b/Dockerfile (1 fix)\n');
    });
  });

  describe('12. the output is short by default', () => {
    const visible = (line: string): number => [...line].length;
    const examples = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli([...args, 'examples/'], { cwd: REPO, env });

    it('npx volint examples/: message, code frame, a why and a fix line per finding, wrapped to 80 columns', () => {
      const json = JSON.parse(examples(['-f', 'json']).stdout) as { files: Array<{ findings: Array<{ message: string; explanation: string[] }> }> };
      const findings = json.files.flatMap((f) => f.findings);
      const files = json.files.filter((f) => f.findings.length > 0).length;
      const r = examples([]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, '');
      const lines = r.stdout.trimEnd().split('\n');
      for (const line of lines) assert.ok(visible(line) <= 80, `wider than 80 columns: ${line}`);
      // Per finding at most three lines of message, the code and caret lines and two of the fix; per file its name and a blank line.
      assert.ok(lines.length <= findings.length * 7 + files * 2 + 1, `${lines.length} lines for ${findings.length} findings:\n${r.stdout}`);
      assert.ok(lines.filter((l) => /^ {2}\d+:\d+ /.test(l)).length === findings.length);
      assert.equal(lines.filter((l) => /^ {4}help: /.test(l)).length, findings.length, 'a fix line per finding');
      // The carets carry the why: the start of the first explanation sentence.
      for (const f of findings) {
        const why = f.explanation[0]!.slice(0, 20);
        assert.ok(lines.some((l) => /^\s+\| +\^+ /.test(l) && l.includes(why)), `no why for: ${f.message}`);
      }
      // Not the whole explanation: a sentence past the first is not printed.
      const later = findings.flatMap((f) => f.explanation.slice(1)).filter((s) => !s.startsWith('Fix: ') && s.length > 40);
      assert.ok(later.length > 0);
      for (const sentence of later) assert.ok(!r.stdout.includes(sentence), `printed without --explain: ${sentence}`);
      const perFive = (lines.length / findings.length) * 5;
      console.log(`      (examples/: ${findings.length} findings in ${lines.length} lines at 80 columns, ${perFive.toFixed(1)} per five findings)`);
    });

    it("the README's first sample is what npx volint examples/app/Dockerfile prints", () => {
      const sample = /```text\n\$ npx volint examples\/app\/Dockerfile\n([\s\S]*?)```/.exec(readFileSync(join(REPO, 'README.md'), 'utf8'))?.[1];
      assert.ok(sample);
      assert.equal(runCli(['examples/app/Dockerfile'], { cwd: REPO }).stdout, sample);
    });

    it('--explain prints every sentence of every explanation; --no-explain only the message and the code', () => {
      const json = JSON.parse(examples(['-f', 'json']).stdout) as { files: Array<{ findings: Array<{ explanation: string[] }> }> };
      const full = examples(['--explain']).stdout;
      for (const sentence of json.files.flatMap((f) => f.findings.flatMap((x) => x.explanation))) assert.ok(full.includes(`= ${sentence}`), sentence);
      const bare = examples(['--no-explain']).stdout;
      assert.doesNotMatch(bare, /^ {4}(=|help:)/m);
      assert.match(bare, /VOL005 volume-code-target/);
    });

    it('wraps to the terminal width (COLUMNS when standard output is not a terminal)', () => {
      const wide = examples([], { COLUMNS: '140' }).stdout.trimEnd().split('\n');
      assert.ok(wide.some((l) => visible(l) > 100));
      for (const line of wide) assert.ok(visible(line) <= 140, line);
      assert.ok(wide.length < examples([]).stdout.trimEnd().split('\n').length);
    });

    it('GitHub annotations carry the message and the fix, not the explanation', () => {
      const r = examples(['-f', 'github']);
      const annotations = r.stdout.trimEnd().split('\n');
      assert.equal(annotations.length, 8);
      for (const a of annotations) {
        const [message, fix, ...rest] = a.slice(a.indexOf('::', 2) + 2).split('%0A');
        assert.ok(message && message.length > 20, a);
        assert.match(fix ?? '', /^Fix: \S/, a);
        assert.deepEqual(rest, [], a);
      }
      const full = examples(['-f', 'github', '--explain']).stdout;
      assert.ok(full.length > r.stdout.length * 2);
    });
  });

  describe('13. small things', () => {
    it('--list-rules aligns the summary column for rules with and without a fix', () => {
      const r = runCli(['--list-rules'], { cwd: dir });
      const columns = r.stdout.trimEnd().split('\n').map((line) => /^VOL\d{3} +\S+ +\S+ +(?:fix:\S+ +)?/.exec(line)?.[0].length);
      assert.ok(columns.length >= 17);
      assert.equal(new Set(columns).size, 1, r.stdout);
    });

    it('an unused-ignore finding names its rule once', () => {
      write(dir, { Dockerfile: 'FROM alpine:3.20\n# volint ignore=VOL004\nVOLUME /x\n' });
      for (const format of ['stylish', 'github', 'checkstyle', 'gitlab', 'junit']) {
        const r = runCli(['-f', format, '--report-unused-ignores', 'Dockerfile'], { cwd: dir });
        assert.match(r.stdout, /volint-unused-ignore/, format);
        assert.doesNotMatch(r.stdout, /volint-unused-ignore volint-unused-ignore/, format);
      }
    });

    it("docs/editors.md's compact sample is what volint prints", () => {
      const sample = /\n(path\/to\/Dockerfile:3:8: .*)\n/.exec(readFileSync(join(REPO, 'docs', 'editors.md'), 'utf8'))?.[1];
      assert.ok(sample);
      write(dir, { 'path/to/Dockerfile': 'FROM alpine:3.20\nWORKDIR /srv\nVOLUME data\n' });
      const r = runCli(['--stdin', '--stdin-filename', 'path/to/Dockerfile', '--format', 'compact'], { cwd: dir, input: 'FROM alpine:3.20\n\nVOLUME data\n' });
      assert.equal(r.stdout, `${sample}\n`);
    });

    it("docs/ci.md and the README list every file name pattern the walk selects", async () => {
      const { DOCKERFILE_PATTERNS } = await import('../src/cli/files.js');
      for (const file of ['README.md', 'docs/ci.md']) {
        const text = readFileSync(join(REPO, file), 'utf8').replace(/\n/g, ' ');
        for (const pattern of DOCKERFILE_PATTERNS) assert.ok(text.includes(`\`${pattern}\``), `${file} lacks ${pattern}`);
      }
    });

    it('npm ci has no dependency install script left unreviewed (npm 11 warns of those first)', () => {
      const r = spawnSync('npm', ['install-scripts', 'ls', '--json'], { cwd: REPO, encoding: 'utf8' });
      const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
      assert.equal(pkg.allowScripts?.esbuild, false, "esbuild's postinstall is not needed: its binary comes as an optional dependency");
      if (r.status === 0) assert.deepEqual((JSON.parse(r.stdout) as { allowScripts: unknown[] }).allowScripts, [], r.stdout);
      else assert.match(r.stderr + r.stdout, /Unknown command|install-scripts/, 'an npm without install-scripts does not warn either');
    });

    it('npx volint examples/ prints nothing on standard error', () => {
      const r = spawnSync(process.execPath, [BIN, 'examples/'], { cwd: REPO, encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, '');
    });

    it('README and --help describe --cache alike', () => {
      const help = runCli(['--help'], { cwd: dir }).stdout.replace(/\s+/g, ' ');
      const readme = /\| `--cache` \| ([^|]*) \|/.exec(readFileSync(join(REPO, 'README.md'), 'utf8'))?.[1];
      assert.ok(readme);
      assert.ok(help.toLowerCase().includes(readme.toLowerCase()), `${readme}\n${help}`);
    });
  });
});
