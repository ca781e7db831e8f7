/**
 * File-system faults, through the built CLI: each is reported with its path and cause, the other
 * files are still linted, and the exit code is 2.
 *
 * Permission faults need a process that permission bits stop. As root (CAP_DAC_OVERRIDE) chmod 000
 * blocks nothing, so there the CLI runs as `nobody` through `setpriv`; when that is impossible the
 * permission assertions are skipped with the reason.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoCrash, BUILT, canDropPrivileges, IS_ROOT, NOBODY, removeDir, runCli, tempDir, type CliOptions, type CliResult } from './helpers/cli.js';

interface JsonOut {
  files: Array<{ path: string; error: string | null; findings: Array<{ ruleId: string }> }>;
}

const BAD = 'FROM alpine\nVOLUME app\n';

function parse(result: CliResult): Map<string, JsonOut['files'][number]> {
  const out = JSON.parse(result.stdout) as JsonOut;
  return new Map(out.files.map((f) => [f.path, f]));
}

describe('file-system faults (built CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  let dropPrivileges = false;

  before(function () {
    if (!BUILT) throw new Error('dist/volint.js is missing: run `npm run build` first');
    dropPrivileges = canDropPrivileges();
  });
  beforeEach(() => {
    dir = tempDir('volint-fs-');
    chmodSync(dir, 0o755); // `nobody` must be able to enter it
    writeFileSync(join(dir, 'good.Dockerfile'), BAD);
  });
  afterEach(() => {
    // Give every path back its permissions so that the temporary tree can be removed.
    execFileSync('chmod', ['-R', 'u+rwx', dir]);
    removeDir(dir);
  });

  /** Options for a run in which permission bits count, or null (with the reason) when none can. */
  function permissionRun(): { options: CliOptions } | { skip: string } {
    if (!IS_ROOT) return { options: { cwd: dir } };
    if (dropPrivileges) return { options: { cwd: dir, asUser: NOBODY } };
    return { skip: 'running as root and setpriv cannot drop to nobody: chmod 000 does not stop root from reading' };
  }

  function expectFault(result: CliResult, path: string, cause: RegExp): void {
    assertNoCrash(result, path);
    assert.equal(result.code, 2, `exit code: ${result.stdout}${result.stderr}`);
    const files = parse(result);
    const report = files.get(path);
    assert.ok(report, `a report for ${path} among ${[...files.keys()].join(', ')}`);
    assert.match(report.error ?? '', cause);
    assert.ok(!(report.error ?? '').includes('\n'), 'one-line error');
    const good = files.get('good.Dockerfile');
    assert.ok(good && good.error === null && good.findings.some((f) => f.ruleId === 'VOL003'), 'the good file is still linted');
  }

  it('an unreadable file', function () {
    writeFileSync(join(dir, 'secret.Dockerfile'), BAD);
    chmodSync(join(dir, 'secret.Dockerfile'), 0o000);
    const run = permissionRun();
    if ('skip' in run) this.skip();
    else expectFault(runCli(['.', '-f', 'json'], run.options), 'secret.Dockerfile', /permission denied/);
  });

  it('an unreadable file named on the command line, in stylish output', function () {
    writeFileSync(join(dir, 'secret.Dockerfile'), BAD);
    chmodSync(join(dir, 'secret.Dockerfile'), 0o000);
    const run = permissionRun();
    if ('skip' in run) return this.skip();
    const result = runCli(['secret.Dockerfile', 'good.Dockerfile', '--no-color'], run.options);
    assertNoCrash(result);
    assert.equal(result.code, 2);
    assert.match(result.stdout, /secret\.Dockerfile\s+error\s+permission denied/);
    assert.match(result.stdout, /good\.Dockerfile[\s\S]*VOL003/);
  });

  it('a configuration file a compose service binds that cannot be read: the project is linted without it', function () {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  cache:\n    image: redis:7\n    command: ["redis-server", "/etc/redis.conf"]\n    volumes:\n      - ./redis.conf:/etc/redis.conf:ro\n');
    writeFileSync(join(dir, 'redis.conf'), 'appendonly yes\n');
    chmodSync(join(dir, 'redis.conf'), 0o000);
    const run = permissionRun();
    if ('skip' in run) return this.skip();
    const result = runCli(['compose.yaml', '-f', 'json'], run.options);
    assertNoCrash(result);
    const report = parse(result).get('compose.yaml');
    assert.ok(report, result.stdout);
    assert.equal(report.error, null, `linted: ${result.stdout}`);
  });

  it('a directory of the build context that cannot be searched: the Dockerfile is still linted', function () {
    mkdirSync(join(dir, 'app', 'storage'), { recursive: true });
    writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM alpine\nCOPY . /app\nVOLUME /app/storage/logs\nVOLUME app\n');
    writeFileSync(join(dir, 'app', '.dockerignore'), '.git\n');
    chmodSync(join(dir, 'app', 'storage'), 0o000);
    const run = permissionRun();
    if ('skip' in run) return this.skip();
    const result = runCli(['app/Dockerfile', '-f', 'json'], run.options);
    assertNoCrash(result);
    const report = parse(result).get('app/Dockerfile');
    assert.ok(report, result.stdout);
    assert.equal(report.error, null, `linted: ${result.stdout}`);
    assert.ok(report.findings.some((f) => f.ruleId === 'VOL003'), result.stdout);
  });

  it('a bind source below a directory that cannot be searched is not said to be missing', function () {
    mkdirSync(join(dir, 'locked', 'logs'), { recursive: true });
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  app:\n    image: redis:7\n    user: "1000"\n    volumes:\n      - ./locked/logs:/var/log/app\n');
    chmodSync(join(dir, 'locked'), 0o000);
    const run = permissionRun();
    if ('skip' in run) return this.skip();
    const result = runCli(['compose.yaml', '-f', 'json'], run.options);
    assertNoCrash(result);
    const report = parse(result).get('compose.yaml');
    assert.ok(report, result.stdout);
    assert.equal(report.error, null, `linted: ${result.stdout}`);
    assert.deepEqual(report.findings.map((f) => f.ruleId), [], result.stdout);
  });

  it('a directory without permission', function () {
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'Dockerfile'), BAD);
    chmodSync(join(dir, 'locked'), 0o000);
    const run = permissionRun();
    if ('skip' in run) return this.skip();
    expectFault(runCli(['.', '-f', 'json'], run.options), 'locked', /permission denied/);
  });

  it('a symlink loop in the tree walk (a directory link back up the tree, a self link)', () => {
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    symlinkSync('self', join(dir, 'self'));
    writeFileSync(join(dir, 'sub', 'Dockerfile'), BAD);
    const result = runCli(['.', '-f', 'json'], { cwd: dir, timeoutMs: 30_000 });
    expectFault(result, 'sub/up', /symlink loop/);
    const files = parse(result);
    assert.match(files.get('self')?.error ?? '', /symlink loop/);
    assert.ok(files.get('sub/Dockerfile')?.findings.some((f) => f.ruleId === 'VOL003'), 'the file beside the loop is linted');
  });

  it('a dangling symlink named Dockerfile', () => {
    symlinkSync('does-not-exist', join(dir, 'Dockerfile'));
    expectFault(runCli(['.', '-f', 'json'], { cwd: dir }), 'Dockerfile', /broken symbolic link/);
  });

  it('a path that does not exist (vanished) among real ones', () => {
    const result = runCli(['good.Dockerfile', 'gone/Dockerfile', '-f', 'json'], { cwd: dir });
    expectFault(result, 'gone/Dockerfile', /no such file or directory/);
  });

  it('a FIFO named Dockerfile (found by the walk and named directly) does not block the run', () => {
    mkdirSync(join(dir, 'pipe'));
    execFileSync('mkfifo', [join(dir, 'pipe', 'Dockerfile')]);
    const walked = runCli(['.', '-f', 'json'], { cwd: dir, timeoutMs: 30_000 });
    expectFault(walked, 'pipe/Dockerfile', /not a regular file/);
    const named = runCli(['pipe/Dockerfile', 'good.Dockerfile', '-f', 'json'], { cwd: dir, timeoutMs: 30_000 });
    expectFault(named, 'pipe/Dockerfile', /not a regular file/);
  });

  it('a device named on the command line', () => {
    const result = runCli(['/dev/null', 'good.Dockerfile', '-f', 'json'], { cwd: dir });
    expectFault(result, '/dev/null', /not a regular file/);
  });

  it('--output into a missing directory is a clear one-line error, exit 2', () => {
    const result = runCli(['good.Dockerfile', '-f', 'sarif', '-o', 'missing/dir/out.sarif'], { cwd: dir });
    assertNoCrash(result);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /missing\/dir\/out\.sarif/);
    assert.match(result.stderr, /no such file or directory/i);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });
});
