/**
 * Linting many files: in this thread for a few, across worker threads (one per core) for many.
 *
 * Every file goes through `FileLinter.lint`, here or in a worker: read, hash for the cache,
 * configuration for its directory, parse, model, rules. A worker keeps nothing of a file once its
 * report is posted, and a report keeps the file's text only when it has findings (formatters need
 * the text for code frames and fingerprints, nothing else), so memory stays flat however many
 * files there are. Results come back in any order and are put in input order, so the output is the
 * same with or without workers. Fixes (--fix) are not linted here: they write files and stay in
 * the CLI.
 *
 * A worker thread starts from worker-thread.ts, which builds its own Runner from the same options
 * and lints the batches it is sent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from '../util/fs-async.js';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessagePort, Worker } from 'node:worker_threads';
import { ConfigError, type VolintConfig } from '../engine/config.js';
import { lintFindings, lintText, preferBaselineWasm, type LintSettings } from '../engine/linter.js';
import type { Severity, SeveritySetting } from '../engine/types.js';
import type { BuilderSetting } from '../model/types.js';
import type { FileReport } from '../report/types.js';
import type { LintCache } from './cache.js';
import { describeFsError } from './files.js';
import { isDevcontainerName } from '../compose/names.js';
import { decodeDockerfile, diskBuildContext, diskComposeIO, displayPathOf, isExecutableFile, imageConfigsUsed, isComposeFile, lintComposeFile, lintDevcontainerFile, NotTextError, Runner, type ComposeRunOptions, type RunOptions } from './run.js';
import { composeDependencies, EXECUTABLE_DEP_SUFFIX, LISTING_DEP_SUFFIX, recordingIO, VARIABLE_DEP } from './compose-deps.js';
import { splitReport } from './split.js';
import { builtin } from '../util/builtin.js';
import { beforeV8FlagsChange, setV8Flags } from '../util/v8-flags.js';
import { workerLaunch, type WorkerCode } from '../util/launch-hooks.js';
import { compileBashModules, useCompiledBash, type CompiledBash } from '../model/shell/wasm-modules.js';
import { declaresVolumesHint } from '../model/build.js';

/**
 * A file's report as the CLI collects it: `ignored` by config, and the fail level that applies.
 * `notText`: the error is that the file is not text (a walk skips such files with a notice).
 * A compose project's report may hold findings in other files (its override file, `.env`):
 * `otherTexts` keeps those files' texts, and splitReport makes one report per file.
 */
export type LintedReport = FileReport & {
  ignored?: boolean;
  failLevel?: Severity | undefined;
  notText?: boolean;
  /** With --image-config, when the file was linted (not taken from the cache): the files its FROMs used. */
  imageConfigs?: string[];
  otherTexts?: Record<string, string>;
  /** For a report split off a compose project's (splitReport): the compose file whose linting produced it. */
  partOf?: string;
};

/**
 * Up to this many files, one thread lints them all. Every thread warms up on its own: V8 allocates
 * feedback, resolves inline caches, builds object shapes and compiles regular expressions again in
 * each (the compiled code itself comes from the code cache, src/launch.ts), which on real
 * Dockerfiles costs a thread about 0.2-0.25 s of CPU, against about 0.5 ms a parsed file once warm.
 * A worker thread pays for itself once it takes a few hundred files off the main thread.
 */
export const WORKER_THRESHOLD = 500;

/**
 * A tree of up to WORKER_THRESHOLD files gets a worker where its files' estimated cost in one
 * thread (fileCostHint) reaches this, and it has at least MIN_FILES_FOR_A_WORKER files. A worker
 * costs 40-100 ms to start and 0.15-0.25 s of warming up on the other core. Measured on 2 cores
 * (alternating runs, one worker against one thread): the evaluation's held-out set 4 (482 files,
 * estimate 285 ms) 0.55 → 0.50 s wall, set 3 (484, 451 ms) 0.57 → 0.50 s, set 2 (304, 225 ms)
 * 0.34 → 0.33 s for 46% more CPU, set 5 (393, 88 ms) 0.24 → 0.29 s.
 */
const WORTH_A_WORKER_MS = 250;
const MIN_FILES_FOR_A_WORKER = 64;

/** Stands for "no configuration file" where a configuration object is a key. */
const NO_CONFIG = {};

export interface FileJob {
  index: number;
  file: string;
  /** Named on the command line (not found by a walk): a compose overlay without a base keeps its error (src/compose/overlay.ts). */
  named?: boolean;
  /** The cached entry's key, when there is one; its findings stay in the main thread. */
  expect?: { key: string; hasFindings: boolean; deps?: string[] };
}

export interface FileOutcome {
  index: number;
  report: LintedReport;
  /** The cache key computed for this file (when the cache is on and the file was read). */
  key?: string;
  /** What else the key covers: every file a compose project read or looked for, and `$NAME` environment variables (compose-deps.ts). */
  deps?: string[];
  /** The key equals the expected one: the cached findings apply. */
  hit: boolean;
}

/** The Runner options that cross to a worker (rules are code: each thread imports its own). */
interface PortableRunOptions {
  cwd: string;
  config?: string | false;
  builder?: BuilderSetting;
  target?: string;
  ruleOverrides: Array<[string, SeveritySetting]>;
  imageConfigs: string[];
  reportUnusedIgnores: boolean;
  compose?: ComposeRunOptions;
  composeDeployed?: boolean;
}

export interface WorkerInit {
  volintWorker: 1;
  /**
   * The worker's end of its channel with the main thread: jobs come in and results go out on it
   * (not on the worker's own port), so that the main thread can take results between two of its
   * own files without a turn of its event loop (receiveMessageOnPort).
   */
  port?: MessagePort;
  options: PortableRunOptions;
  /** Identifies the volint build for cache keys, or null when the cache is off. */
  cacheCode: string | null;
  /** The shell parser's WebAssembly, compiled by the main thread; null: each worker compiles its own. */
  bash: CompiledBash | null;
  /** The workers' code cache (src/launch.ts), when the CLI runs from its bundle. */
  launch?: WorkerCode;
}

export type ToWorker = { type: 'jobs'; jobs: FileJob[] };
export type FromWorker =
  /** `cacheUsed`: the worker's code came from the workers' code cache (its first jobs are already waiting). */
  | { type: 'ready'; cacheUsed: boolean }
  | { type: 'results'; results: FileOutcome[] }
  | { type: 'fatal'; message: string; config: boolean };

function portable(options: RunOptions): PortableRunOptions {
  return {
    cwd: options.cwd,
    ...(options.config !== undefined ? { config: options.config } : {}),
    ...(options.builder ? { builder: options.builder } : {}),
    ...(options.target ? { target: options.target } : {}),
    ruleOverrides: [...options.ruleOverrides],
    imageConfigs: options.imageConfigs,
    reportUnusedIgnores: options.reportUnusedIgnores,
    ...(options.compose ? { compose: options.compose } : {}),
    ...(options.composeDeployed ? { composeDeployed: true } : {}),
  };
}

/** Lints one file at a time with a Runner; the same code in the main thread and in workers. */
export class FileLinter {
  private imageConfigText: Promise<string> | undefined;
  /** Loaded with the first file when the cache is on (it brings node:crypto). */
  private cacheModule: Promise<typeof import('./cache.js')> | undefined;

  constructor(
    private readonly runner: Runner,
    /** Identifies the volint build for cache keys, or null when the cache is off. */
    private readonly cacheCode: string | null,
  ) {}

  private imageConfigs(): Promise<string> {
    this.imageConfigText ??= Promise.all(
      this.runner.options.imageConfigs.map((f) => readFile(resolve(this.runner.options.cwd, f), 'utf8').catch(() => '')),
    ).then((texts) => JSON.stringify([this.runner.options.imageConfigs, texts]));
    return this.imageConfigText;
  }

  /**
   * settingsFingerprint, computed once per configuration and per set of the settings that vary
   * between files of one configuration (severities from overrides): the files of a tree nearly all
   * share one.
   */
  private fingerprint(
    compute: typeof import('./cache.js').settingsFingerprint,
    settings: LintSettings,
    config: VolintConfig | null,
    imageConfigs: string,
  ): string {
    const configKey = config ?? NO_CONFIG;
    let byVariant = this.fingerprints.get(configKey);
    if (!byVariant) this.fingerprints.set(configKey, (byVariant = new Map()));
    const variant = JSON.stringify([settings.builder, settings.target ?? null, [...settings.severities], settings.reportUnusedIgnores ?? false, imageConfigs]);
    let value = byVariant.get(variant);
    if (value === undefined) byVariant.set(variant, (value = compute(this.cacheCode!, settings, config, imageConfigs)));
    return value;
  }

  /**
   * A compose file's key extended with what its findings also depend on (composeDependencies):
   * the bytes of each file (or whether the path exists, for a directory or a missing file) and the
   * value of each environment variable (`$NAME`).
   */
  private dependentKey(key: string, deps: readonly string[]): string {
    const { createHash } = builtin<typeof import('node:crypto')>('node:crypto');
    const hash = createHash('sha256').update(key);
    for (const dep of deps) {
      hash.update('\0').update(dep).update('\0');
      if (dep.startsWith(VARIABLE_DEP)) {
        const value = process.env[dep.slice(VARIABLE_DEP.length)];
        hash.update(value === undefined ? '0' : `1${value}`);
        continue;
      }
      if (dep.endsWith(EXECUTABLE_DEP_SUFFIX)) {
        // A file's execute bit (a RUN step's `chmod +x` of a file the host keeps executable hides nothing).
        hash.update(isExecutableFile(dep.slice(0, -EXECUTABLE_DEP_SUFFIX.length)) ? '5' : '4');
        continue;
      }
      if (dep.endsWith(LISTING_DEP_SUFFIX)) {
        // A directory's entries: their names and which are directories.
        try {
          const entries = readdirSync(dep.slice(0, -LISTING_DEP_SUFFIX.length), { withFileTypes: true });
          hash.update('3').update(entries.map((e) => `${e.name}${e.isDirectory() ? '/' : ''}`).sort().join('\0'));
        } catch {
          hash.update('0');
        }
        continue;
      }
      try {
        hash.update('1').update(readFileSync(dep));
      } catch {
        // Missing, or not a file: a bind source directory counts by its existence.
        hash.update(existsSync(dep) ? '2' : '0');
      }
    }
    return hash.digest('hex');
  }

  /** Fingerprints by configuration object (NO_CONFIG without one), then by settings variant. */
  private readonly fingerprints = new WeakMap<object, Map<string, string>>();

  async lint(job: FileJob): Promise<FileOutcome> {
    const { file, index } = job;
    const path = displayPathOf(this.runner.options.cwd, file);
    const report: LintedReport = { path, absolutePath: file, findings: [] };
    let key: string | undefined;
    let deps: string[] | undefined;
    let baseKey: string | undefined;
    try {
      const { settings, ignored, failLevel } = await this.runner.settingsFor(file);
      report.failLevel = failLevel;
      if (ignored) return { index, report: { ...report, ignored: true }, hit: false };
      let buffer: Buffer;
      try {
        // Synchronous: one syscall sequence, no promise round trip per file (this thread has
        // nothing else to do meanwhile; 5,000 small files read measurably faster).
        buffer = readFileSync(file);
      } catch (err) {
        throw new Error(describeFsError(err));
      }
      if (this.cacheCode !== null) {
        const { entryKey, settingsFingerprint } = await (this.cacheModule ??= import('./cache.js'));
        const prepared = await this.runner.prepare(file);
        // A compose project's findings depend on --compose-file, --env-file and --project-name too, and an overlay's on whether it was named.
        const compose = (this.runner.options.compose && isComposeFile(file) ? `\0${JSON.stringify(this.runner.options.compose)}` : '') + (job.named && isComposeFile(file) ? '\0named' : '');
        key = baseKey = entryKey(this.fingerprint(settingsFingerprint, settings, prepared.config, await this.imageConfigs()) + compose, path, buffer);
        if (job.expect?.deps) key = this.dependentKey(baseKey, job.expect.deps);
        if (job.expect && job.expect.key === key) {
          if (job.expect.hasFindings) report.text = decodeDockerfile(buffer).text;
          return { index, report, key, hit: true };
        }
      }
      const { text } = decodeDockerfile(buffer);
      if (isDevcontainerName(file)) {
        // A Dev Container configuration: the Compose project it defines (its findings are in the compose files).
        const recorder = key !== undefined ? recordingIO(diskComposeIO) : null;
        const result = await lintDevcontainerFile(text, file, path, settings, this.runner.options.cwd, recorder?.io ?? diskComposeIO, await this.runner.workflows());
        report.findings = result.findings;
        if (result.findings.length > 0) report.text = text;
        if (result.model && this.runner.options.imageConfigs.length > 0) report.imageConfigs = imageConfigsUsed(result.model);
        const others = (result.model?.files ?? []).filter((f) => f.file !== path && result.findings.some((x) => x.file === f.file));
        if (others.length > 0) report.otherTexts = Object.fromEntries(others.map((f) => [f.file, f.text]));
        if (key !== undefined) {
          const hostPaths = (result.model?.services ?? []).flatMap((s) => s.mounts.filter((m) => m.hostExists !== null && m.hostPath !== null).map((m) => m.hostPath!));
          const model = result.model ?? { looked: [], listed: [], dockerfiles: [], files: [] };
          deps = await composeDependencies(file, model, [...new Set(hostPaths)], recorder?.paths ?? []);
          key = this.dependentKey(baseKey!, deps);
        }
        return { index, report, ...(key !== undefined ? { key, deps } : {}), hit: false };
      }
      if (isComposeFile(file)) {
        // With the cache on, every path the project reads is recorded: the key covers them all.
        const recorder = key !== undefined ? recordingIO(diskComposeIO) : null;
        const result = await lintComposeFile(text, file, path, settings, this.runner.options.cwd, recorder?.io ?? diskComposeIO, this.runner.options.compose, await this.runner.workflows(), job.named === true);
        report.findings = result.findings;
        if (result.findings.length > 0) report.text = text;
        if (this.runner.options.imageConfigs.length > 0) report.imageConfigs = imageConfigsUsed(result.model);
        const others = result.model.files.filter((f) => f.file !== path && result.findings.some((x) => x.file === f.file));
        if (others.length > 0) report.otherTexts = Object.fromEntries(others.map((f) => [f.file, f.text]));
        if (key !== undefined) {
          // The findings depend on the project's other files too: the key covers them.
          const hostPaths = result.model.services.flatMap((s) => s.mounts.filter((m) => m.hostExists !== null && m.hostPath !== null).map((m) => m.hostPath!));
          deps = await composeDependencies(file, result.model, [...new Set(hostPaths)], recorder?.paths ?? []);
          key = this.dependentKey(baseKey!, deps);
        }
        return { index, report, ...(key !== undefined ? { key, deps } : {}), hit: false };
      }
      // With the cache on, every file of the build context the model reads is recorded: the key covers them.
      const contextRead = key !== undefined && settings.buildContext ? new Set<string>() : null;
      const lintSettings = contextRead ? { ...settings, buildContext: diskBuildContext(dirname(file), (p) => contextRead.add(p), basename(file)) } : settings;
      // With --image-config the report says which image configs served a base image (the model knows).
      const result = this.runner.options.imageConfigs.length > 0 ? await lintText(text, path, lintSettings) : null;
      const findings = result ? result.findings : await lintFindings(text, path, lintSettings);
      report.findings = findings;
      if (result) report.imageConfigs = imageConfigsUsed(result.model);
      if (findings.length > 0) report.text = text;
      if (contextRead && contextRead.size > 0) {
        deps = [...contextRead].sort();
        key = this.dependentKey(baseKey!, deps);
        return { index, report, key, deps, hit: false };
      }
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      report.error = (err as Error).message;
      if (err instanceof NotTextError) report.notText = true;
      key = undefined;
    }
    return { index, report, ...(key !== undefined ? { key } : {}), hit: false };
  }
}

/**
 * Identifies the running volint build for cache keys: its version and a hash of the code that
 * lints (the CLI bundle, and the YAML parser bundled beside it for configuration files). A file
 * that is not there (tests run from sources) adds nothing.
 */
export async function buildIdentity(version: string, code: URL[]): Promise<string> {
  const { createHash } = builtin<typeof import('node:crypto')>('node:crypto');
  const hash = createHash('sha256');
  for (const file of code) {
    try {
      hash.update(await readFile(fileURLToPath(file)));
    } catch {
      // Not a file URL, or not built: nothing to add.
    }
  }
  return `${version}\0${hash.digest('hex')}`;
}

export interface LintFilesOptions {
  runner: Runner;
  cache: LintCache | null;
  /** From buildIdentity; required when `cache` is set. */
  cacheCode: string | null;
  /** This module as a file URL, for the workers to load (the CLI passes it; it knows the layout). */
  workerUrl: URL;
  /**
   * Worker threads to use besides this thread, which lints with them; default: above
   * WORKER_THRESHOLD files, one per WORKER_THRESHOLD files up to one per core but one, none below.
   */
  threads?: number;
}

/** Worker threads asked for by `threads` or VOLINT_WORKERS (0: none), or undefined for the default. */
function requestedThreads(requested: number | undefined): number | undefined {
  if (requested !== undefined) return requested;
  const env = process.env.VOLINT_WORKERS;
  if (env !== undefined && env !== '' && Number.isInteger(Number(env)) && Number(env) >= 0) return Number(env);
  return undefined;
}

let spare: number | undefined;

/**
 * The default: above WORKER_THRESHOLD files, one worker per WORKER_THRESHOLD files up to one per
 * spare core; none up to it. One thread fewer is one V8 heap fewer: with two workers beside an
 * idle main thread, 20,000 files peaked at ~265 MB. `runnable`: threads ready to run on the
 * machine when the first file came (runnableNow), the other sample spareCores takes.
 */
function defaultThreads(files: number, runnable: number | null): number {
  if (files <= WORKER_THRESHOLD) return 0;
  return Math.min(spareCoresNow(runnable), Math.floor(files / WORKER_THRESHOLD));
}

/** spareCores for this machine now, read once; `runnable` as for defaultThreads. */
function spareCoresNow(runnable: number | null): number {
  if (spare === undefined) {
    const os = builtin<typeof import('node:os')>('node:os');
    const now = runnableNow();
    spare = spareCores(os.availableParallelism(), os.loadavg()[0] ?? 0, now === null || runnable === null ? null : Math.min(now, runnable));
  }
  return spare;
}

/**
 * A file's cost to lint in one thread, roughly, in ms (../shared/corpus in one thread: a file with
 * a VOLUME or ONBUILD line 0.67 ms under 1 KB, 1.2 ms at 1-2 KB, 2.1-2.7 ms from 2 KB on; any
 * other 0.05-0.17 ms). An unreadable file counts as cheap: its error is quickly reported.
 */
export function fileCostHint(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch {
    return 0.1;
  }
  return declaresVolumesHint(text) ? 0.6 + 0.3 * Math.min(text.length / 1024, 8) : 0.1;
}

/**
 * Threads ready to run on the whole machine at this moment, this one included (the fourth field
 * of Linux's /proc/loadavg, "running/total"); null where the system does not say.
 */
export function runnableNow(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const running = Number.parseInt(readFileSync('/proc/loadavg', 'latin1').split(' ')[3] ?? '', 10);
    return Number.isInteger(running) && running > 0 ? running : null;
  } catch {
    return null;
  }
}

/**
 * Cores a worker would have to itself: the cores but the main thread's, less those other threads
 * are using. A worker only pays off on a core nobody else uses: on a busy one it warms up as
 * slowly as ever and takes time from the main thread (measured outside the project on 2 cores and
 * 1,371 real files: 0.66 s wall with a worker on the free second core, 0.87 s in one thread,
 * 1.24 s with a worker at load 2.5-3).
 *
 * What is busy is read from the threads ready to run now (`runnable`, this one included: the
 * smaller of two readings, at the first file and at the decision), not from the 1-minute load
 * average, which counts what ran before this run as if it still ran: back-to-back runs (a
 * benchmark, a CI job's steps, a second run after a first) kept that average near 1, which on two
 * cores left every run in one thread with the second core idle. A machine loaded on average with
 * a thread more than it has cores gets no worker whatever the moment shows. Where the system does
 * not say what runs now, the 1-minute load average (rounded) stands for it.
 */
export function spareCores(cores: number, load: number, runnable: number | null): number {
  if (runnable === null) return Math.max(0, Math.min(cores - 1, Math.round(cores - load) - 1));
  if (load >= cores + 1) return 0;
  return Math.max(0, Math.min(cores - 1, cores - runnable));
}

/**
 * V8 flags for a run in worker threads, set for the process before the first worker starts.
 * The shell parser's WebAssembly is compiled once in the main thread and shared by every thread
 * that lints (compileBashModules): the tree-sitter runtime gets optimised code once for all of
 * them, the grammar stays on the baseline compiler. (Before, each worker compiled its own copy
 * and stayed on the baseline compiler, --liftoff-only: each optimising compile of the bash lexer
 * cost ~0.3 s and ~60 MB.) The single-thread path keeps --liftoff-only for everything
 * (preferBaselineWasm): for one file the optimising compile delays the exit by ~0.1 s, and over
 * 1,000 files in one thread it gained within the noise (2.7-3.0 s either way).
 * --heap-growing-percent=20: a worker keeps ~12-20 MB live but V8 let its heap grow to 60-90 MB
 * between full collections; with a 20% step the peak at 20,000 files fell by ~30 MB at no
 * measurable cost. (A smaller young generation, resourceLimits.maxYoungGenerationSizeMb 16-24,
 * saved 40 MB more but took 10% longer.)
 * Only flags V8 reads afresh are set this late. Garbage-collector flags are not: from the command
 * line, --single-threaded-gc made 5,000 files ~7% faster, but set here it crashed V8 in the main
 * isolate's next full collection (its concurrent marking was set up under the old flags).
 */
const WORKER_V8_FLAGS = '--heap-growing-percent=20';

/**
 * Files per message to a worker; two messages are in flight per worker. Once the walk is over,
 * batches shrink with the files left (a quarter of each thread's share), so that near the end no
 * thread waits long for another's last batch.
 */
const BATCH = 16;

/**
 * Linting files as they are found: the directory walk hands each file to `add` and the lint
 * starts before the walk ends. Once more than WORKER_THRESHOLD files have come (or at once, when
 * VOLINT_WORKERS or `threads` asks for workers), worker threads start and take batches as they
 * finish earlier ones, and once the walk is over this thread lints beside them, taking the
 * workers' results between two of its files (receiveMessageOnPort: no turn of the event loop,
 * which cost 50-90 µs a file). With fewer files, `end` lints them all in this thread. Reports
 * reach `onReport` in the order the files were added.
 *
 * This thread takes its files a batch at a time as the workers do, so that each thread lints runs
 * of neighbouring files (the files of one project, whose RUN scripts repeat: each thread keeps the
 * analyses it made, src/model/shell); taken one at a time, its files fell between the workers'
 * batches, and a run over ../shared/corpus with one worker analysed 37-49 scripts more than one
 * thread does (586 analyses), 19-46 more now. A worker's first two batches are posted when it is created and wait in its channel
 * while it starts.
 */
export class LintQueue {
  /** Jobs not handed out yet, from `head` on (handed-out ones are dropped now and then). */
  private jobs: FileJob[] = [];
  private head = 0;
  /** Files added so far (the next job's index). */
  private added = 0;
  private ended = false;
  private pool: Pool | null = null;
  /** Reports done before an earlier one, by index. */
  private readonly waiting = new Map<number, LintedReport>();
  private nextReport = 0;
  private readonly requested: number | undefined;
  private runnableAtStart: number | null = null;

  constructor(
    private readonly options: LintFilesOptions,
    private readonly onReport: (report: LintedReport) => void,
  ) {
    this.requested = requestedThreads(options.threads);
  }

  add(file: string, named = false): void {
    const entry = this.options.cache?.get(file);
    const index = this.added++;
    // What runs on the machine now, read again before a worker starts (defaultThreads).
    if (index === 0 && this.requested === undefined) this.runnableAtStart = runnableNow();
    const job: FileJob = entry ? { index, file, expect: { key: entry.key, hasFindings: entry.findings.length > 0, ...(entry.deps ? { deps: entry.deps } : {}) } } : { index, file };
    if (named) job.named = true;
    this.jobs.push(job);
    const threads = this.requested ?? defaultThreads(this.added, this.runnableAtStart);
    if (this.pool || threads > 0) this.startPool(threads);
  }

  /** Starts worker threads until there are `threads`, and hands them what they can take. */
  private startPool(threads: number): void {
    this.pool ??= new Pool(
      this.options,
      (count) => this.take(count),
      (o) => this.accept(o),
      (workers) => this.batchSize(workers),
    );
    this.pool.grow(threads);
    this.pool.wake();
  }

  /** Stops the workers, if any (the run failed before `end`). */
  abort(): void {
    this.pool?.stop();
  }

  /** Lints what is left and resolves once every report has been handed over. */
  async end(): Promise<void> {
    this.ended = true;
    const pool = this.pool;
    if (pool) {
      let here: number;
      try {
        // Taking the workers' results (and handing them more) between two files. This thread
        // takes its first batch before any worker is handed more: a worker still starting (it
        // takes 40-100 ms) would hold the last files of a short list.
        here = await this.lintHere(1, () => pool.running, () => pool.poll());
      } catch (err) {
        pool.stop();
        throw err;
      }
      await pool.done(this.added - here);
      return;
    }
    if (this.requested === undefined && this.worthAWorker()) {
      this.startPool(1);
      return this.end();
    }
    preferBaselineWasm();
    await this.lintHere(Math.min(8, this.added), () => true);
  }

  /**
   * For a tree of up to WORKER_THRESHOLD files (no worker started during the walk): whether its
   * files would take one thread long enough for a worker to pay off (WORTH_A_WORKER_MS), where a
   * core is spare. Real files differ in cost by 20 times and more, so the count says little: the
   * estimate reads the files (a few ms for 500; the lint reads them again from the page cache)
   * and counts a file with a VOLUME or ONBUILD line by its size, any other as cheap
   * (fileCostHint).
   */
  private worthAWorker(): boolean {
    const left = this.jobs.length - this.head;
    if (left < MIN_FILES_FOR_A_WORKER || left > WORKER_THRESHOLD || spareCoresNow(this.runnableAtStart) === 0) return false;
    let estimate = 0;
    for (let i = this.head; i < this.jobs.length && estimate < WORTH_A_WORKER_MS; i++) estimate += fileCostHint(this.jobs[i]!.file);
    return estimate >= WORTH_A_WORKER_MS;
  }

  /**
   * Lints jobs not handed out yet in this thread, in `lanes` concurrent loops, while `going()`
   * holds, with `between()` called after each file; returns how many it linted. With `between`
   * (workers lint beside this thread), jobs are taken a batch at a time (batchSize).
   */
  private async lintHere(lanes: number, going: () => boolean, between?: () => void): Promise<number> {
    const linter = new FileLinter(this.options.runner, this.options.cacheCode);
    let linted = 0;
    const batch = (): FileJob[] => this.take(between ? this.batchSize(this.pool?.size ?? 0) : 1);
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let jobs = batch(); jobs.length > 0 && going(); jobs = batch()) {
          for (const job of jobs) {
            this.accept(await linter.lint(job));
            linted++;
            between?.();
          }
        }
      }),
    );
    // What this thread compiled is worth a code cache (src/launch.ts) once it has linted.
    if (linted > 0) workerLaunch()?.lintedHere();
    return linted;
  }

  private hand(report: LintedReport): void {
    for (const part of splitReport(report, this.options.runner.options.cwd)) this.onReport(part);
  }

  /** The next batch's size for a thread (see BATCH), with `workers` threads beside this one. */
  private batchSize(workers: number): number {
    if (!this.ended) return BATCH;
    return Math.max(1, Math.min(BATCH, Math.floor((this.jobs.length - this.head) / (4 * (workers + 1)))));
  }

  /** Up to `count` jobs not handed out yet: fewer while the walk goes on and the batch is not full. */
  private take(count: number): FileJob[] {
    const available = this.jobs.length - this.head;
    if (available <= 0 || (!this.ended && available < count)) return [];
    const batch = this.jobs.slice(this.head, this.head + count);
    this.head += batch.length;
    // A job handed out is not needed here again: drop the done part of the list once it is the
    // larger part (20,000 paths kept to the end were ~4 MB of the main thread's heap).
    if (this.head >= 1024 && this.head * 2 >= this.jobs.length) {
      this.jobs = this.jobs.slice(this.head);
      this.head = 0;
    }
    return batch;
  }

  private accept(outcome: FileOutcome): void {
    const { report } = outcome;
    const { cache } = this.options;
    if (cache) {
      const file = report.absolutePath;
      if (outcome.hit) report.findings = cache.get(file)?.findings ?? [];
      else if (outcome.key !== undefined) cache.set(file, outcome.key, report.findings, outcome.deps);
      else if (report.error) cache.delete(file);
    }
    if (outcome.index !== this.nextReport) {
      this.waiting.set(outcome.index, report);
      return;
    }
    this.hand(report);
    for (this.nextReport++; this.waiting.has(this.nextReport); this.nextReport++) {
      const ready = this.waiting.get(this.nextReport)!;
      this.waiting.delete(this.nextReport);
      this.hand(ready);
    }
  }
}

/** The shell parser compiled for all threads to share, or null when that fails (each then compiles its own). */
function sharedBash(): CompiledBash | null {
  try {
    return compileBashModules();
  } catch {
    return null;
  }
}

/** A worker thread and this thread's end of their channel. */
interface PoolWorker {
  thread: Worker;
  port: MessagePort;
}

/** Worker threads that take batches of jobs until none are left. */
class Pool {
  private readonly workers: PoolWorker[] = [];
  /** Workers with fewer than two batches in flight because no full batch was waiting. */
  private readonly hungry = new Map<PoolWorker, number>();
  private finished = 0;
  private expected = -1;
  private settled = false;
  private resolveDone!: () => void;
  private rejectDone!: (error: Error) => void;
  private readonly promise: Promise<void>;

  private readonly init: WorkerInit;

  constructor(
    private readonly options: LintFilesOptions,
    private readonly take: (count: number) => FileJob[],
    private readonly accept: (outcome: FileOutcome) => void,
    private readonly batchSize: (workers: number) => number,
  ) {
    this.promise = new Promise<void>((resolvePromise, reject) => {
      this.resolveDone = resolvePromise;
      this.rejectDone = reject;
    });
    // Without a handler a failure before `done` is awaited would be an unhandled rejection.
    this.promise.catch(() => undefined);
    const code = workerLaunch()?.code;
    this.init = { volintWorker: 1, options: portable(options.runner.options), cacheCode: options.cacheCode, bash: null, ...(code ? { launch: code } : {}) };
  }

  /** Starts workers until there are `threads`. */
  grow(threads: number): void {
    while (!this.settled && this.workers.length < threads) {
      if (this.workers.length === 0) {
        // Workers lint, and V8 flags are the process's (src/util/v8-flags.ts).
        beforeV8FlagsChange('workers');
        setV8Flags(WORKER_V8_FLAGS);
        // For the workers and for this thread, which lints beside them.
        this.init.bash = sharedBash();
        if (this.init.bash) useCompiledBash(this.init.bash);
      }
      const { MessageChannel, Worker: WorkerThread } = builtin<typeof import('node:worker_threads')>('node:worker_threads');
      const channel = new MessageChannel();
      const thread = new WorkerThread(this.options.workerUrl, { workerData: { ...this.init, port: channel.port2 }, transferList: [channel.port2] });
      const worker: PoolWorker = { thread, port: channel.port1 };
      this.workers.push(worker);
      // While this thread waits (the walk's turns, the end), messages come as events; while it
      // lints, `poll` takes them between two files.
      channel.port1.on('message', (message: FromWorker) => this.receive(worker, message));
      // Its first batches wait in the channel while it starts (40-100 ms): it begins as soon as
      // it is ready, not once this thread has finished a file and heard that it is.
      this.hungry.set(worker, 2);
      thread.on('error', (err) => this.finish(err));
      thread.on('exit', (code) => {
        if (!this.settled && code !== 0) this.finish(new Error(`a lint worker stopped (exit code ${code})`));
      });
    }
  }

  /** Takes the messages the workers have sent, without waiting for any. */
  poll(): void {
    const { receiveMessageOnPort } = builtin<typeof import('node:worker_threads')>('node:worker_threads');
    for (const worker of this.workers) {
      for (let got = receiveMessageOnPort(worker.port); got && !this.settled; got = receiveMessageOnPort(worker.port)) this.receive(worker, got.message as FromWorker);
    }
  }

  private receive(worker: PoolWorker, message: FromWorker): void {
    if (this.settled) return;
    if (message.type === 'ready') {
      if (!message.cacheUsed) workerLaunch()?.refused();
    } else if (message.type === 'results') {
      try {
        for (const outcome of message.results) this.accept(outcome);
      } catch (err) {
        // A failure while reporting (a formatter, the output) ends the run, not the process.
        this.finish(err as Error);
        return;
      }
      this.finished += message.results.length;
      this.hungry.set(worker, (this.hungry.get(worker) ?? 0) + 1);
      this.check();
      this.wake();
    } else {
      this.finish(message.config ? new ConfigError(message.message) : new Error(message.message));
    }
  }

  /** Hands waiting jobs to workers with room for another batch. */
  wake(): void {
    if (this.settled) return;
    for (const [worker, room] of this.hungry) {
      let left = room;
      while (left > 0) {
        const batch = this.take(this.batchSize(this.workers.length));
        if (batch.length === 0) break;
        worker.port.postMessage({ type: 'jobs', jobs: batch } satisfies ToWorker);
        left--;
      }
      if (left === 0) this.hungry.delete(worker);
      else this.hungry.set(worker, left);
    }
  }

  /** Worker threads started. */
  get size(): number {
    return this.workers.length;
  }

  /** False once the pool has finished or failed. */
  get running(): boolean {
    return !this.settled;
  }

  /** Resolves once `total` reports have come back. */
  done(total: number): Promise<void> {
    this.expected = total;
    this.check();
    return this.promise;
  }

  /** Terminates the workers; a later `done` rejects. */
  stop(): void {
    this.finish(new Error('the lint was stopped'));
  }

  private check(): void {
    if (this.expected >= 0 && this.finished >= this.expected) this.finish();
  }

  private finish(error?: Error): void {
    if (this.settled) return;
    this.settled = true;
    for (const w of this.workers) {
      w.port.close();
      void w.thread.terminate();
    }
    if (error) this.rejectDone(error);
    else this.resolveDone();
  }
}
