/**
 * Start-up of the bundled CLI with a V8 code cache (bin/volint.js calls `launch`).
 *
 * Node 20 has no compile cache for modules (`module.enableCompileCache` came in Node 22), and
 * compiling the bundle was about a third of a one-file run. So the bundle (CommonJS, see
 * scripts/build.mjs) is run here as a `vm.Script` with the code V8 cached from an earlier run:
 * its functions, those compiled lazily during that run included, come deserialized instead of
 * parsed and compiled again. Without a usable cache (first run, another Node, a new build) the
 * script compiles as usual, and the cache is written at exit for the next run.
 *
 * What a cache holds depends on the run that wrote it (the functions it compiled), so runs on a
 * few named files and runs over trees keep one cache each (runKind), and a run that did more than
 * the one that wrote its cache (LaunchWork, `grew`) rewrites it with everything now compiled: the
 * cached functions and its own.
 *
 * The cache lives in the user's cache directory (VOLINT_COMPILE_CACHE names another one, or turns
 * it off with `0`; a directory other users can write to is not used), in one file per bundle
 * keyed by the bundle's content hash recorded at build time, the bundle's location (V8 keeps the
 * script's file name in the cache: a cache made by another checkout would make stack traces name
 * that checkout's files), and the Node version and architecture; each checkout replaces only its own
 * entry when its bundle changes. V8 checks its own version, flags, the source length and (with
 * --verify-snapshot-checksum, set below) a checksum when it reads it, and refuses a cache that
 * does not fit. Any failure to read or write the cache only costs the time it would
 * have saved: the lint never depends on it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { constants as vmConstants, Script } from 'node:vm';
import { fnvKey } from './util/fnv.js';
import {
  BEFORE_V8_FLAGS,
  FEW_FILES,
  LAUNCH_CACHE,
  LAUNCH_WORK,
  RESTORE_V8_FLAGS,
  WORKER_LAUNCH,
  WORKER_START,
  type BeforeV8Flags,
  type LaunchCache,
  type LaunchWork,
  type RestoreV8Flags,
  type WorkerCode,
  type WorkerLaunch,
  type WorkerStart,
} from './util/launch-hooks.js';

/**
 * V8's optimising compiler inlines callees into a hot function up to 920 bytes of their bytecode
 * by default. The lint's hot functions are many and large (each rule's check, the model's stage
 * builder, the RUN analysis), and on the 5k-file corpus their optimising compiles took about a
 * quarter of all CPU time, on V8's background threads, which compete with the lint threads on a
 * two-core machine. A budget of 150 bytes makes those compiles much cheaper for code that is
 * hardly slower: 5k files in one thread pinned to one CPU, six alternating runs, median 5.0 s →
 * 4.5 s (80 bytes gave the same, 40 bytes 4.6 s); with worker threads on two cores 3.4 s → 3.1 s.
 * Process-wide: worker threads have it too.
 *
 * V8 also optimises a function once it has run through an "interrupt budget" of bytecode (67,584
 * by default). A lint of real Dockerfiles runs a lot of different code a few hundred times each
 * (the model, the RUN analysis, tree-sitter's glue, every rule) and is over in about a second, so
 * the optimising compiles it started did not pay for themselves: on ../shared/corpus (1,276 real
 * files, one thread) CPU time went from 1.28-1.38 s to 0.95-1.04 s with a budget of 600,000 (five
 * alternating runs; 300,000 gave the same, 144,000 1.11 s, 16,000 1.75 s). Hot loops still get
 * optimised (on-stack replacement) and long runs still reach optimised code: the 2,000- and
 * 5,000-file generated corpora took the same CPU time or less (3.3-3.5 s → 3.1-3.4 s; 7.9-8.6 s →
 * 8.1-8.5 s), the postgres 17 Dockerfile alone 0.14-0.17 s → 0.14 s. The language server, which
 * runs for hours, sets V8's default back when it starts (src/cli.ts).
 */
export const JIT_FLAGS = '--max-inlined-bytecode-size-cumulative=150 --interrupt-budget=600000';

/** The content hash of each bundle, by path relative to dist/ (defined by scripts/build.mjs). */
declare const VOLINT_BUNDLE_HASHES: Record<string, string> | undefined;
const HASHES: Record<string, string> = typeof VOLINT_BUNDLE_HASHES === 'object' ? VOLINT_BUNDLE_HASHES : {};

/**
 * os.homedir(), without loading node:os (about 0.25 ms of a start) when HOME is set: on POSIX
 * systems libuv's homedir is HOME when the variable is set, and the password database otherwise.
 */
function homedir(): string {
  const home = process.env.HOME;
  return home ? home : process.getBuiltinModule('node:os').homedir();
}

/** The directory for code caches, or null when caching is off or there is no place for it. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: () => string = homedir): string | null {
  const setting = env.VOLINT_COMPILE_CACHE;
  if (setting !== undefined) {
    return ['', '0', 'false', 'off'].includes(setting.trim().toLowerCase()) ? null : resolve(setting);
  }
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'volint', 'Cache') : null;
  let base: string;
  try {
    base = home();
  } catch {
    return null;
  }
  if (platform === 'darwin') return base ? join(base, 'Library', 'Caches', 'volint') : null;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && xdg.startsWith('/')) return join(xdg, 'volint');
  return base ? join(base, '.cache', 'volint') : null;
}

const CACHE_SUFFIX = `-${process.version}-${process.arch}.v8cache`;

/** Added to the bundle's name for the worker threads' cache. */
const WORKER_CACHE = '.worker';

/** A script whose code cache, made before a run changes V8 flags, tells whether they were set back. */
const PROBE = '0';
const PROBE_NAME = 'volint-v8-flags-probe';

/**
 * Whether a cache directory is the user's own: cached code runs as the user, so a directory that
 * another user owns or can write to (VOLINT_COMPILE_CACHE=/tmp, say) is not used. One that does
 * not exist yet is created private at the first write. (Windows: ACLs, not checked.)
 */
export function isPrivate(dir: string): boolean {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return true;
  try {
    const info = statSync(dir);
    return info.isDirectory() && info.uid === process.getuid() && (info.mode & 0o022) === 0;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * A short key of a bundle's absolute path (fnvKey): each checkout, and each installed copy, has
 * cache entries of its own.
 */
export function locationKey(bundle: string): string {
  return fnvKey(bundle);
}

/** The cache file of a bundle: its file name, location key, content hash, Node version and architecture. */
export function cacheFileName(name: string, location: string, hash: string): string {
  return `${name}-${location}-${hash}${CACHE_SUFFIX}`;
}

/** The bundle compiled as a function of CommonJS's arguments, with `cachedData` when given. */
function compile(bundle: string, cachedData: Buffer | undefined): Script {
  // The bundles are ASCII (esbuild escapes what strings hold, and minifying whitespace drops the
  // comments; scripts/build.mjs checks): latin1 reads them into a one-byte string, no decoding.
  const source = readFileSync(bundle, 'latin1');
  return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    // No dynamic import() is left in the bundles (the build turns them into requires); should one
    // be, Node's own loader serves it.
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

function run(script: Script, bundle: string): void {
  const main = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const module = { exports: {}, filename: bundle };
  main.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

/**
 * A cache file is a header line, then V8's data. The header records what the run that wrote it did
 * (its LaunchWork counts, as JSON): V8 caches the functions a run compiled, and a later run that
 * does more compiles the rest lazily every time, unless the cache is rewritten (see `grew`).
 */
const CACHE_HEADER = 'volint-code-cache 1 ';

interface CacheFile {
  data: Buffer;
  /** What the run that wrote it did, by kind of work (LaunchWork). */
  work: Record<string, number>;
}

/** Reads a cache file; undefined when there is none or it does not start with our header. */
export function readCache(file: string | null): CacheFile | undefined {
  if (!file) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    // No cache yet (or unreadable): compile.
    return undefined;
  }
  const end = bytes.indexOf(10);
  if (end < 0 || bytes.toString('latin1', 0, CACHE_HEADER.length) !== CACHE_HEADER) return undefined;
  let work: unknown;
  try {
    work = JSON.parse(bytes.toString('latin1', CACHE_HEADER.length, end));
  } catch {
    return undefined;
  }
  if (typeof work !== 'object' || work === null || Array.isArray(work)) return undefined;
  const counts: Record<string, number> = {};
  for (const [kind, count] of Object.entries(work)) if (typeof count === 'number' && count > 0) counts[kind] = count;
  return { data: bytes.subarray(end + 1), work: counts };
}

/**
 * Whether a run that did `now` compiled much that a cache written by a run that did `cached`
 * lacks: it did a kind of work that run did not (tree-sitter, compose files, a format, fixes), or
 * at least four times as much of one (files linted, files with a model). Lint code runs in many
 * branches that only more files reach: a cache written by a run over one file left every later
 * run over ../shared/corpus about 5% slower. Each rewrite at least quadruples a count or adds a
 * kind, so a build's cache is rewritten a few times at most, and only by runs that did more.
 */
export function grew(now: Readonly<Record<string, number>>, cached: Readonly<Record<string, number>>): boolean {
  for (const [kind, count] of Object.entries(now)) {
    const before = cached[kind] ?? 0;
    if (count > 0 && (before === 0 || count >= 4 * before)) return true;
  }
  return false;
}

/** The counts of both runs, each the larger: what a cache rewritten after this run holds. */
function union(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...b };
  for (const [kind, count] of Object.entries(a)) out[kind] = Math.max(count, out[kind] ?? 0);
  return out;
}

/** Added to the bundle's name for the cache of runs on a few named files (runKind). */
const FILES_CACHE = '.files';

/**
 * Which code cache a run takes, from its arguments, before the bundle reads them: 'files' for a
 * run on a few named files or standard input (an on-save check, a pre-commit hook), 'tree' for
 * the rest (a directory, a glob, many files). The cache of a run over ../shared/corpus holds 1.15 MB
 * of code, and a one-file run deserialising it took about 5 ms of CPU more than with the cache a
 * one-file run wrote (60 → 65 ms on the postgres 17 Dockerfile); a cache written by one-file runs
 * left runs over the corpus a few percent slower. The arguments are not parsed here: a run is
 * 'files' when it asks for standard input (`-`, `--stdin`) or names an existing file, names no
 * existing directory, and names at most FEW_FILES existing files (an option's value, a glob or a
 * subcommand names none). A wrong guess costs only speed.
 */
export function runKind(argv: readonly string[], cwd: string): 'files' | 'tree' {
  let files = 0;
  let stdin = false;
  for (const arg of argv) {
    if (arg === '-' || arg === '--stdin') {
      stdin = true;
      continue;
    }
    if (arg.startsWith('-')) continue;
    let info;
    try {
      info = statSync(resolve(cwd, arg), { throwIfNoEntry: false });
    } catch {
      continue;
    }
    if (info === undefined) continue;
    if (info.isDirectory()) return 'tree';
    if (info.isFile() && ++files > FEW_FILES) return 'tree';
  }
  return files > 0 || stdin ? 'files' : 'tree';
}

/**
 * Runs a CommonJS bundle of dist/ (`bundle`, an absolute path) in this context, with the code
 * cache of its kind of run (runKind) when there is one; at exit writes a new cache when there was
 * none, or rewrites it when this run did more than the one that wrote it (`grew`).
 */
export function launch(bundle: string): void {
  const name = basename(bundle);
  const hash = HASHES[name];
  const dir = hash ? compileCacheDir() : null;
  const kind = dir ? runKind(process.argv.slice(2), process.cwd()) : 'tree';
  const cacheFile = dir && hash && isPrivate(dir) ? join(dir, cacheFileName(kind === 'files' ? `${name}${FILES_CACHE}` : name, locationKey(bundle), hash)) : null;
  // The RUN analysis keeps its results beside the code cache, for this build of the bundle.
  if (dir && hash && cacheFile) (globalThis as { [LAUNCH_CACHE]?: LaunchCache })[LAUNCH_CACHE] = { dir, location: locationKey(bundle), build: `${name}-${hash}` };
  const cached = readCache(cacheFile);
  const cachedData = cached?.data;
  // What this run does, for the cache policy (LaunchWork).
  const work: Record<string, number> = {};
  if (cacheFile) {
    const note: LaunchWork = (kind, count) => {
      work[kind] = (work[kind] ?? 0) + count;
    };
    (globalThis as { [LAUNCH_WORK]?: LaunchWork })[LAUNCH_WORK] = note;
  }
  // V8 checksums a code cache only with this flag: without it, a damaged cache file crashed the
  // process (SIGSEGV) instead of being refused. Set on every run that uses a cache, before the
  // compile, so that the flag hash V8 records in a cache is the one it finds when reading it.
  if (cacheFile) setFlagsFromString('--verify-snapshot-checksum');
  // Before the compile too: V8 records its flags' hash in the code cache.
  setFlagsFromString(JIT_FLAGS);
  const script = compile(bundle, cachedData);
  // Worker threads run the same bundle with a cache of their own (see WORKER_LAUNCH).
  const workerCacheFile = cacheFile && hash ? join(dir!, cacheFileName(`${name}${WORKER_CACHE}`, locationKey(bundle), hash)) : null;
  let workerCacheWanted = false;
  // A run whose worker threads did all the linting writes no cache: this thread compiled too little.
  let workers = false;
  let lintedHere = false;
  const workerLaunch: WorkerLaunch = {
    code: { cacheFile: workerCacheFile },
    refused: () => {
      workerCacheWanted = true;
    },
    lintedHere: () => {
      lintedHere = true;
    },
  };
  (globalThis as { [WORKER_LAUNCH]?: WorkerLaunch })[WORKER_LAUNCH] = workerLaunch;
  if (cacheFile) {
    const location = locationKey(bundle);
    const build: CacheBuild = { prefixes: [name, `${name}${FILES_CACHE}`, `${name}${WORKER_CACHE}`].map((k) => `${k}-${location}-`), hash: hash! };
    const mainCacheWanted = cachedData === undefined || script.cachedDataRejected === true;
    // Taken at exit, the cache holds every function compiled during the run, not only the top
    // level. A run that changed V8 flags (the RUN analysis's WebAssembly tiering: see
    // src/util/v8-flags.ts) sets them back first, and a small script cached before the change
    // shows whether V8 now finds the flags of the compile: when it does not, no cache is written
    // (the next run, which finds the RUN analysis kept and changes no flag, writes one).
    let probeFailed = false;
    let probe: Buffer | undefined;
    const hook: BeforeV8Flags = (why) => {
      if (why === 'workers') workers = true;
      if (probeFailed || probe) return;
      try {
        probe = new Script(PROBE, { filename: PROBE_NAME }).createCachedData();
      } catch {
        probeFailed = true;
      }
    };
    (globalThis as { [BEFORE_V8_FLAGS]?: BeforeV8Flags })[BEFORE_V8_FLAGS] = hook;
    process.once('exit', () => {
      if (workers && !lintedHere) return;
      // The workers' cache first, under the flags they started with.
      if (workerCacheWanted && workerCacheFile) writeCache(script, workerCacheFile, work, build);
      // Rewritten when this run did more than the one that wrote it: the isolate holds the cached
      // functions and those this run compiled, so the new cache is the union of both.
      const written = mainCacheWanted ? work : cached && grew(work, cached.work) ? union(work, cached.work) : null;
      if (written === null || probeFailed) return;
      if (probe) {
        const restore = (globalThis as { [RESTORE_V8_FLAGS]?: RestoreV8Flags })[RESTORE_V8_FLAGS];
        try {
          if (typeof restore !== 'function' || !restore()) return;
          // Under another name: the same name would find the script V8 keeps compiled, not read the cache.
          if (new Script(PROBE, { filename: `${PROBE_NAME}-check`, cachedData: probe }).cachedDataRejected !== false) return;
        } catch {
          return;
        }
      }
      writeCache(script, cacheFile, written, build);
    });
  }
  run(script, bundle);
}

/**
 * Runs the bundle in a worker thread that src/cli/workers.ts started (dist/cli/worker-thread.js
 * calls this), with the workers' code cache named in its workerData. Sets no V8 flag: they are the
 * process's, set by the main thread. The bundle sees that it runs in a worker (WORKER_START).
 */
export function launchWorker(bundle: string): void {
  const { workerData } = createRequire(bundle)('node:worker_threads') as typeof import('node:worker_threads');
  const code = (workerData as { launch?: WorkerCode } | null)?.launch;
  const cachedData = readCache(code?.cacheFile ?? null)?.data;
  const script = compile(bundle, cachedData);
  const start: WorkerStart = { data: workerData, cacheUsed: cachedData !== undefined && script.cachedDataRejected === false };
  (globalThis as { [WORKER_START]?: WorkerStart })[WORKER_START] = start;
  run(script, bundle);
}

/** The cache files of one bundle at one place: the start of their names for each kind of run, and this build's hash. */
interface CacheBuild {
  prefixes: string[];
  hash: string;
}

function writeCache(script: Script, file: string, work: Readonly<Record<string, number>>, build: CacheBuild): void {
  let data: Buffer;
  try {
    data = script.createCachedData();
  } catch {
    return;
  }
  // Kinds of work are plain names (LaunchWork): the header stays one latin1 line.
  const header = Buffer.from(`${CACHE_HEADER}${JSON.stringify(work)}\n`, 'latin1');
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, Buffer.concat([header, data]));
    renameSync(temporary, file);
    // Caches of other builds of the same bundle at the same place under this Node, of every kind
    // of run, are of no further use; those of other checkouts are theirs.
    for (const entry of readdirSync(dirname(file))) {
      if (!entry.endsWith(CACHE_SUFFIX)) continue;
      const prefix = build.prefixes.find((p) => entry.startsWith(p));
      if (prefix !== undefined && entry.slice(prefix.length, entry.length - CACHE_SUFFIX.length) !== build.hash) unlinkSync(join(dirname(file), entry));
    }
  } catch {
    // A read-only home, a full disk: the next run compiles again.
    try {
      unlinkSync(temporary);
    } catch {
      // Not written.
    }
  }
}
