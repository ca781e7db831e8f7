/**
 * Running the built CLI as a user would (`node bin/volint.js`), in temporary directories, and the
 * checks every hostile-input and file-system test makes on its output.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (build/test/helpers → ../../..). */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BIN = join(REPO, 'bin', 'volint.js');
export const BUILT = existsSync(join(REPO, 'dist', 'volint.js'));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  input?: string | Buffer;
  /** Run as another user (uid, gid): used as root, where permission bits do not stop reads. */
  asUser?: { uid: number; gid: number };
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export function runCli(args: string[], options: CliOptions): CliResult {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env };
  delete env.FORCE_COLOR;
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd,
    env,
    input: options.input,
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 512 * 1024 * 1024,
  };
  let command = process.execPath;
  let argv = [BIN, ...args];
  if (options.asUser) {
    command = 'setpriv';
    argv = [`--reuid=${options.asUser.uid}`, `--regid=${options.asUser.gid}`, '--clear-groups', process.execPath, BIN, ...args];
  }
  const result = spawnSync(command, argv, spawnOptions);
  if (result.error) throw result.error;
  return {
    code: result.status,
    signal: result.signal,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
}

/** A V8 stack frame line (`    at fn (file:1:2)`). */
const STACK_LINE = /^\s+at .*(\(|:\d+:\d+)/m;

/** No stack trace and no "internal error" in either stream; the process exited on its own. */
export function assertNoCrash(result: CliResult, context = ''): void {
  const where = context ? ` (${context})` : '';
  assert.equal(result.signal, null, `killed by ${result.signal}${where}: ${result.stderr.slice(0, 500)}`);
  for (const [name, text] of [['stdout', result.stdout], ['stderr', result.stderr]] as const) {
    const match = STACK_LINE.exec(text);
    assert.equal(match, null, `stack trace in ${name}${where}: ${text.slice(Math.max(0, (match?.index ?? 0) - 300), (match?.index ?? 0) + 300)}`);
    assert.ok(!/internal error/i.test(text), `internal error in ${name}${where}: ${text.slice(0, 1000)}`);
  }
}

export function tempDir(prefix = 'volint-test-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** Whether `setpriv` can drop to `nobody` here (root in a container usually can). */
export function canDropPrivileges(): boolean {
  if (!IS_ROOT) return false;
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', 'process.exit(process.getuid() === 65534 ? 0 : 1)']);
  return probe.status === 0;
}

export const NOBODY = { uid: 65534, gid: 65534 };

/** JSON output of a CLI run: the file reports. */
export interface JsonReport {
  files: Array<{ path: string; error?: string; findings: Array<{ ruleId: string; range: unknown }> }>;
}
