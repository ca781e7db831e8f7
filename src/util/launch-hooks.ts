/**
 * What src/launch.ts leaves on globalThis for the bundle it runs (the two are separate bundles, so
 * they meet through a registered symbol, not a shared module instance).
 */

/**
 * A run on at most this many named files (or standard input) is a run on a few files: it keeps
 * RUN analyses between runs (src/cli.ts) and takes the code cache of such runs (src/launch.ts's
 * runKind).
 */
export const FEW_FILES = 16;

/**
 * A function to call before V8 flags change (src/util/v8-flags.ts): with 'flags', this thread is
 * about to change them; with 'workers', it is about to start worker threads (when they do all the
 * linting, what this thread compiled is no cache for a later run: see WorkerLaunch.lintedHere).
 */
export const BEFORE_V8_FLAGS = Symbol.for('volint.launch.beforeV8Flags');

export type BeforeV8Flags = (why: 'flags' | 'workers') => void;

/**
 * A function the bundle leaves for src/launch.ts once it has changed V8 flags
 * (src/util/v8-flags.ts): it sets them back to what they were, so that a code cache taken at exit
 * carries the flags of the compile; false when it does not know how to undo one of them.
 */
export const RESTORE_V8_FLAGS = Symbol.for('volint.launch.restoreV8Flags');

export type RestoreV8Flags = () => boolean;

/**
 * The user's cache directory (private: checked by launch) and the content hash of the running
 * bundle, when src/launch.ts runs it with caching on: the RUN analysis keeps its results there for
 * the next run (src/model/shell/effects-store.ts). Absent otherwise (tests, worker threads).
 */
export const LAUNCH_CACHE = Symbol.for('volint.launch.cache');

export interface LaunchCache {
  dir: string;
  /** A key of the bundle's location (each checkout has entries of its own). */
  location: string;
  build: string;
}

/** What launch left for this bundle, if anything. */
export function launchCache(): LaunchCache | undefined {
  return (globalThis as { [LAUNCH_CACHE]?: LaunchCache })[LAUNCH_CACHE];
}

/**
 * What src/launch.ts leaves for the worker threads a run starts: each runs the same bundle
 * (dist/cli/worker-thread.js calls `launchWorker`), with a code cache of its own. The main thread
 * changes V8 flags before it starts workers (src/cli/workers.ts), and V8 refuses a code cache made
 * under other flags: the workers' cache is the main thread's compiled code taken under the flags
 * they start with, written at exit when a worker found none it could use.
 */
export const WORKER_LAUNCH = Symbol.for('volint.launch.worker');

/** What a worker thread is given (in its workerData, as `launch`) to run the bundle with its code cache. */
export interface WorkerCode {
  /** The workers' code cache file, or null when caching is off. */
  cacheFile: string | null;
}

export interface WorkerLaunch {
  code: WorkerCode;
  /** A worker thread found no code cache it could use: write one at exit. */
  refused(): void;
  /** This thread linted a file beside the workers: what it compiled is worth caching. */
  lintedHere(): void;
}

/** What launch left for starting worker threads, if anything. */
export function workerLaunch(): WorkerLaunch | undefined {
  return (globalThis as { [WORKER_LAUNCH]?: WorkerLaunch })[WORKER_LAUNCH];
}

/**
 * In a worker thread that `launchWorker` runs the bundle in: its workerData, and whether the
 * bundle's code came from the cache (the worker says so when it is ready).
 */
export const WORKER_START = Symbol.for('volint.launch.workerStart');

export interface WorkerStart {
  data: unknown;
  cacheUsed: boolean;
}

export function workerStart(): WorkerStart | undefined {
  return (globalThis as { [WORKER_START]?: WorkerStart })[WORKER_START];
}

/**
 * What the run did, told to src/launch.ts for its code-cache policy: the cache holds the code the
 * run that wrote it compiled, so a later run that does more (more files with a model, tree-sitter,
 * a compose file, another format) is rewritten with the union of both. Each kind of work counts
 * (`files`, `model`, `tree-sitter`, `compose`, `fix`, `format:<name>`); the launcher compares the
 * counts with those recorded in the cache. Absent outside the launcher (tests, worker threads).
 */
export const LAUNCH_WORK = Symbol.for('volint.launch.work');

export type LaunchWork = (kind: string, count: number) => void;

/** Tells the launcher this run did `count` more of `kind` (nothing when not run by the launcher). */
export function noteWork(kind: string, count = 1): void {
  const hook = (globalThis as { [LAUNCH_WORK]?: LaunchWork })[LAUNCH_WORK];
  if (hook !== undefined) hook(kind, count);
}

/** No more noteWork from here on: the work that follows runs code of another bundle (the language server's). */
export function stopNotingWork(): void {
  delete (globalThis as { [LAUNCH_WORK]?: LaunchWork })[LAUNCH_WORK];
}
