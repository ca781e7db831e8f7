/**
 * --cache end to end, with the built CLI in a temporary directory: a second run gives the same
 * output from the cache; a changed file, config or flag is linted again; a corrupt cache file is
 * ignored. Also: linting across worker threads gives the same output as in one thread.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileCostHint, spareCores, WORKER_THRESHOLD } from '../src/cli/workers.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'volint.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function volint(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', VOLINT_WORKERS: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface CacheFile {
  volintCache: number;
  entries: Record<string, [string, unknown[]]>;
}

function readCache(path: string): CacheFile {
  return JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
}

const BAD = 'FROM debian:12\nVOLUME [\'/data\']\nVOLUME data\n';
const GOOD = 'FROM debian:12\nRUN apt-get update\nCMD ["bash"]\n';

describe('--cache (built CLI)', function () {
  this.timeout(120_000);
  let dir: string;

  before(function () {
    if (!existsSync(join(REPO, 'dist', 'volint.js'))) this.skip();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'volint-cache-'));
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'Dockerfile'), BAD);
    writeFileSync(join(dir, 'b', 'Dockerfile'), GOOD);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores findings and gives identical output on the second run', () => {
    const first = volint(dir, ['--cache', '--format', 'json', '.']);
    assert.equal(first.code, 1, first.stderr);
    const cachePath = join(dir, '.volintcache');
    assert.ok(existsSync(cachePath), 'the default cache file is .volintcache in the working directory');
    const stored = readCache(cachePath);
    assert.equal(Object.keys(stored.entries).length, 2);
    // A run over the unchanged tree leaves the file as it is (not even rewritten).
    const written = statSync(cachePath);
    utimesSync(cachePath, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const second = volint(dir, ['--cache', '--format', 'json', '.']);
    assert.equal(second.code, first.code);
    assert.equal(second.stdout, first.stdout);
    assert.equal(statSync(cachePath).mtime.getFullYear(), 2000);
    assert.equal(statSync(cachePath).ino, written.ino);
    // A changed file is stored: the cache is written again.
    writeFileSync(join(dir, 'b', 'Dockerfile'), `${GOOD}# changed\n`);
    volint(dir, ['--cache', '--format', 'json', '.']);
    assert.notEqual(statSync(cachePath).mtime.getFullYear(), 2000);
    writeFileSync(join(dir, 'b', 'Dockerfile'), GOOD);
    volint(dir, ['--cache', '--format', 'json', '.']);
    // Stylish needs the text of files with findings (code frames): it is read again, not cached.
    const stylishFirst = volint(dir, ['--cache', '.']);
    const stylishUncached = volint(dir, ['.']);
    assert.equal(stylishFirst.stdout, stylishUncached.stdout);
    assert.match(stylishFirst.stdout, /\| VOLUME \['\/data'\]/);
  });

  it('lints a changed file again and keeps the entry of an unchanged one', () => {
    volint(dir, ['--cache', '--format', 'json', '.']);
    const cachePath = join(dir, '.volintcache');
    const before = readCache(cachePath).entries;
    writeFileSync(join(dir, 'b', 'Dockerfile'), GOOD + 'VOLUME ./x:/y\n');
    const run = volint(dir, ['--cache', '--format', 'json', '.']);
    const after = readCache(cachePath).entries;
    const a = join(dir, 'a', 'Dockerfile');
    const b = join(dir, 'b', 'Dockerfile');
    assert.equal(after[a]![0], before[a]![0]);
    assert.notEqual(after[b]![0], before[b]![0]);
    const report = JSON.parse(run.stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string }> }> };
    const findingsOfB = report.files.find((f) => f.path === 'b/Dockerfile')!.findings.map((f) => f.ruleId);
    assert.ok(findingsOfB.includes('VOL002'), `b/Dockerfile is linted again: ${findingsOfB.join(',')}`);
    assert.equal(run.stdout, volint(dir, ['--format', 'json', '.']).stdout);
  });

  it('keys a Dockerfile on the start script it reads from its build context', () => {
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'Dockerfile'), 'FROM debian:12\nRUN useradd --system app\nCOPY . /srv/app\nVOLUME /srv/app/data\nRUN chown -R app:app /srv/app\nENTRYPOINT ["/srv/app/entrypoint.sh"]\n');
    writeFileSync(join(app, 'entrypoint.sh'), '#!/bin/sh\nchown -R app:app /srv/app/data\nexec "$@"\n');
    const rules = (run: Run): string[] => (JSON.parse(run.stdout) as { files: Array<{ findings: Array<{ ruleId: string }> }> }).files.flatMap((f) => f.findings.map((x) => x.ruleId));
    assert.deepEqual(rules(volint(app, ['--cache', '--format', 'json', 'Dockerfile'])), [], 'the entrypoint redoes the chown');
    writeFileSync(join(app, 'entrypoint.sh'), '#!/bin/sh\nexec "$@"\n');
    assert.deepEqual(rules(volint(app, ['--cache', '--format', 'json', 'Dockerfile'])), ['VOL004'], 'a changed script is read again');
    rmSync(join(app, 'entrypoint.sh'));
    assert.deepEqual(rules(volint(app, ['--cache', '--format', 'json', 'Dockerfile'])), ['VOL004']);
    writeFileSync(join(app, 'entrypoint.sh'), '#!/bin/sh\nchown -R app:app /srv/app/data\nexec "$@"\n');
    assert.deepEqual(rules(volint(app, ['--cache', '--format', 'json', 'Dockerfile'])), [], 'a file that appears again is read again');
  });

  it("keys a compose file on the execute bit of a file of the sources a RUN step makes executable", () => {
    const app = join(dir, 'app');
    mkdirSync(app);
    mkdirSync(join(app, '.git'));
    writeFileSync(join(app, 'Dockerfile'), 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN dos2unix /app/entrypoint.sh && chmod +x /app/entrypoint.sh\nENTRYPOINT ["/app/entrypoint.sh"]\n');
    writeFileSync(join(app, 'entrypoint.sh'), '#!/bin/sh\nexec "$@"\n');
    writeFileSync(join(app, '.gitattributes'), '*.sh text eol=lf\n');
    chmodSync(join(app, 'entrypoint.sh'), 0o644);
    writeFileSync(join(app, 'compose.yaml'), 'services:\n  web:\n    build: .\n    volumes:\n      - .:/app\n');
    const rules = (run: Run): string[] => (JSON.parse(run.stdout) as { files: Array<{ findings: Array<{ ruleId: string }> }> }).files.flatMap((f) => f.findings.map((x) => x.ruleId));
    assert.deepEqual(rules(volint(app, ['--cache', '--format', 'json', 'compose.yaml'])), ['VOL020'], 'the bind shows the copy before chmod +x');
    chmodSync(join(app, 'entrypoint.sh'), 0o755);
    assert.deepEqual(rules(volint(app, ['--cache', '--format', 'json', 'compose.yaml'])), [], 'the project keeps it executable: read again');
  });

  it('lints again when the config, a --rule flag or the builder changes', () => {
    const plain = volint(dir, ['--cache', '--format', 'json', '.']);
    writeFileSync(join(dir, '.volint.json'), JSON.stringify({ rules: { VOL001: 'off' } }));
    const withConfig = volint(dir, ['--cache', '--format', 'json', '.']);
    assert.notEqual(withConfig.stdout, plain.stdout);
    assert.doesNotMatch(withConfig.stdout, /"VOL001"/);
    assert.equal(withConfig.stdout, volint(dir, ['--format', 'json', '.']).stdout);
    rmSync(join(dir, '.volint.json'));
    const ruleOff = volint(dir, ['--cache', '--format', 'json', '--rule', 'VOL003=off', '.']);
    assert.doesNotMatch(ruleOff.stdout, /"VOL003"/);
    const again = volint(dir, ['--cache', '--format', 'json', '.']);
    assert.equal(again.stdout, plain.stdout);
    const builder = volint(dir, ['--cache', '--format', 'json', '--builder', 'buildkit', '.']);
    assert.equal(builder.stdout, volint(dir, ['--format', 'json', '--builder', 'buildkit', '.']).stdout);
    const keys = Object.values(readCache(join(dir, '.volintcache')).entries).map((e) => e[0]);
    const plainKeys = (() => {
      volint(dir, ['--cache', '--format', 'json', '.']);
      return Object.values(readCache(join(dir, '.volintcache')).entries).map((e) => e[0]);
    })();
    assert.notDeepEqual(keys, plainKeys, 'the builder is part of the key');
  });

  it('ignores a corrupt cache file, rewrites it, and honours --cache-location', () => {
    const expected = volint(dir, ['--format', 'json', '.']).stdout;
    for (const garbage of ['{not json', '[]', '{"volintCache":1,"entries":{"x":42}}', '\u0000\u0001']) {
      writeFileSync(join(dir, '.volintcache'), garbage);
      const run = volint(dir, ['--cache', '--format', 'json', '.']);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, expected);
      assert.equal(readCache(join(dir, '.volintcache')).volintCache, 1);
    }
    const custom = join(dir, 'sub', 'lint.cache');
    mkdirSync(join(dir, 'sub'));
    const run = volint(dir, ['--cache', '--cache-location', custom, '--format', 'json', '.']);
    assert.equal(run.stdout, expected);
    assert.ok(existsSync(custom));
  });

  it('is bypassed by --fix', () => {
    volint(dir, ['--cache', '--format', 'json', '.']);
    const run = volint(dir, ['--cache', '--fix', '--format', 'json', '.']);
    assert.notEqual(run.code, 2, run.stderr);
    assert.match(readFileSync(join(dir, 'a', 'Dockerfile'), 'utf8'), /VOLUME \["\/data"\]/);
  });
});

describe('worker threads (built CLI)', function () {
  this.timeout(120_000);

  it('give the same output, in the same order, as one thread', function () {
    if (!existsSync(join(REPO, 'dist', 'volint.js'))) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'volint-workers-'));
    try {
      const texts = [BAD, GOOD, 'FROM postgres:16\nRUN echo hi > /var/lib/postgresql/data/x\n', 'FROM alpine\nVOLUME /tmp/cache\n'];
      for (let i = 0; i < 24; i++) {
        mkdirSync(join(dir, `p${i}`));
        writeFileSync(join(dir, `p${i}`, 'Dockerfile'), texts[i % texts.length]!);
      }
      // Named on the command line (a walk would skip it): an error in every thread.
      writeFileSync(join(dir, 'p5', 'Dockerfile'), Buffer.from([0, 1, 2, 3]));
      const args = ['--format', 'json', '.', 'p5/Dockerfile'];
      const single = volint(dir, args, { VOLINT_WORKERS: '0' });
      const threaded = volint(dir, args, { VOLINT_WORKERS: '2' });
      assert.equal(threaded.code, single.code);
      assert.equal(threaded.stdout, single.stdout);
      assert.equal(single.code, 2, 'the binary file is an error');
      // One worker, with this thread linting beside it.
      assert.equal(volint(dir, args, { VOLINT_WORKERS: '1' }).stdout, single.stdout);
      const stylish = volint(dir, ['.'], { VOLINT_WORKERS: '2' });
      assert.equal(stylish.stdout, volint(dir, ['.'], { VOLINT_WORKERS: '0' }).stdout);
      assert.equal(stylish.stderr, 'volint: skipped p5/Dockerfile: not a text file (it contains NUL bytes)\n', 'found by the walk: skipped');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('start while the walk goes on (over WORKER_THRESHOLD files) and still report the paths it could not search first', function () {
    if (!existsSync(join(REPO, 'dist', 'volint.js'))) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'volint-stream-'));
    try {
      const texts = [BAD, GOOD, 'FROM postgres:16\nRUN echo hi > /var/lib/postgresql/data/x\n', 'FROM alpine\nVOLUME /tmp/cache\n'];
      const count = WORKER_THRESHOLD + 60;
      for (let i = 0; i < count; i++) {
        const sub = join(dir, `d${String(i).padStart(5, '0')}`);
        mkdirSync(sub);
        writeFileSync(join(sub, 'Dockerfile'), texts[i % texts.length]!);
      }
      // Found last by the walk (name order): its error must still come before every report.
      mkdirSync(join(dir, 'zzz'));
      symlinkSync(join(dir, 'nowhere'), join(dir, 'zzz', 'Dockerfile'));
      const single = volint(dir, ['--format', 'json', '.'], { VOLINT_WORKERS: '0' });
      // The default (a worker once the walk passes WORKER_THRESHOLD files, where a core is spare),
      // one worker asked for (started at the first file: its first batches come from the front of
      // the list while the walk goes on, the others from the back once it is over) and two.
      for (const env of [{}, { VOLINT_WORKERS: '1' }, { VOLINT_WORKERS: '2' }]) {
        const streamed = volint(dir, ['--format', 'json', '.'], env);
        assert.equal(streamed.code, single.code);
        assert.equal(streamed.stdout, single.stdout);
      }
      const reports = (JSON.parse(single.stdout) as { files: Array<{ path: string; error: string | null }> }).files;
      assert.equal(reports.length, count + 1);
      assert.equal(reports[0]!.path, 'zzz/Dockerfile');
      assert.match(reports[0]!.error ?? '', /broken symbolic link/);
      assert.deepEqual(reports.slice(1).map((r) => r.path), reports.slice(1).map((r) => r.path).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a worker for a small tree of costly files', function () {
  this.timeout(120_000);

  it('is judged by what the files hold, and the output is that of one thread', function () {
    if (!existsSync(join(REPO, 'dist', 'volint.js'))) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'volint-costly-'));
    try {
      const script = Array.from({ length: 80 }, (_, i) => `    && mkdir -p /srv/data/d${i} && chown app /srv/data/d${i} \\`).join('\n');
      const costly = (i: number): string => `FROM debian:12\nRUN useradd app \\\n${script}\n    && echo ${i} > /srv/data/n\nVOLUME /srv/data\nRUN chown -R app /srv/data\nUSER app\n`;
      const cheap = 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["curl", "--version"]\n';
      for (let i = 0; i < 240; i++) {
        mkdirSync(join(dir, `s${String(i).padStart(3, '0')}`));
        writeFileSync(join(dir, `s${String(i).padStart(3, '0')}`, 'Dockerfile'), i % 3 === 2 ? cheap : costly(i));
      }
      assert.ok(fileCostHint(join(dir, 's000', 'Dockerfile')) > 1, 'a file with a VOLUME and a long RUN script is costly');
      assert.ok(fileCostHint(join(dir, 's002', 'Dockerfile')) < 0.2, 'a file without one is cheap');
      assert.ok(fileCostHint(join(dir, 'missing')) < 0.2, 'an unreadable file is cheap');
      assert.ok(240 <= WORKER_THRESHOLD, 'below the count at which the walk starts a worker');
      const single = volint(dir, ['--format', 'json', '.'], { VOLINT_WORKERS: '0' });
      assert.ok((JSON.parse(single.stdout) as { files: unknown[] }).files.length === 240, single.stderr);
      // The default: a worker where a core is spare (the 160 costly files are estimated above
      // WORTH_A_WORKER_MS), one thread otherwise; the same output either way.
      const byDefault = volint(dir, ['--format', 'json', '.']);
      assert.equal(byDefault.code, single.code);
      assert.equal(byDefault.stdout, single.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('spare cores for worker threads', () => {
  it('count the threads ready to run now, not the 1-minute load average, where the system says', () => {
    // Two cores, only this thread running: one worker, whatever ran in the last minute.
    assert.equal(spareCores(2, 0.2, 1), 1);
    assert.equal(spareCores(2, 1.3, 1), 1, 'back-to-back runs keep the average near 1');
    // Another thread running now: none.
    assert.equal(spareCores(2, 0.2, 2), 0);
    assert.equal(spareCores(2, 1.3, 3), 0);
    // A machine loaded on average with a thread more than its cores: none, whatever the moment shows.
    assert.equal(spareCores(2, 3.1, 1), 0);
    assert.equal(spareCores(8, 2, 3), 5);
    assert.equal(spareCores(8, 0, 1), 7);
    assert.equal(spareCores(1, 0, 1), 0);
  });

  it('fall back to the 1-minute load average where the system does not say what runs now', () => {
    assert.equal(spareCores(2, 0.4, null), 1);
    assert.equal(spareCores(2, 0.6, null), 0);
    assert.equal(spareCores(8, 2.2, null), 5);
    assert.equal(spareCores(4, 0, null), 3);
  });
});
