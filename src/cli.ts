/**
 * The command line: the only place that knows about argv, standard streams and exit codes.
 * Exit codes: 0 clean, 1 findings at the fail level (or more warnings than --max-warnings),
 * 2 usage, configuration, I/O or internal error.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { stat } from './util/fs-async.js';
import { resolve } from 'node:path';
import picomatch from 'picomatch';
import { rules as allRules } from '../rules/index.js';
import { ConfigError, resolveRuleKey } from './engine/config.js';
import { fixUntilStable, unifiedDiff, type FixMode } from './engine/fix.js';
import { keepAnalysesBetweenRuns, preferBaselineWasm, type LintSettings } from './engine/linter.js';
import { setV8Flags } from './util/v8-flags.js';
import { FEW_FILES, noteWork, stopNotingWork, workerStart } from './util/launch-hooks.js';
import { CONFIDENCES, CONFIDENCE_RANK, INTERNAL_ERROR_ID, SEVERITY_RANK, type AnyRule, type Confidence, type Finding, type Severity, type SeveritySetting } from './engine/types.js';
import { BUILDERS, type BuilderSetting, type FileModel } from './model/types.js';
import { devcontainerFiles, discover, includedFragments } from './cli/files.js';
import { isDevcontainerName } from './compose/names.js';
import type { LintedReport } from './cli/workers.js';
import { SharedFileReports, splitReport } from './cli/split.js';
import { decodeDockerfile, diskComposeIO, displayPathOf, imageConfigsUsed, isComposeFile, NotTextError, readDockerfile, Runner } from './cli/run.js';
import { fastLintArgs } from './cli/fast-args.js';
import { STDIN_TOKEN, type LintArgs } from './cli/lint-args.js';
import type { ComposeProjectArgs, ComposeSelection } from './cli/compose-project.js';
import type { ModelArgs } from './cli/yargs-cli.js';
import { FORMATS, loadStreamingFormatter, type FormatName } from './report/index.js';
import { docsDetails } from './report/rule-docs.js';
import { splitLines, type FileReport, type FormatContext, type FormatSession } from './report/types.js';

declare const VOLINT_VERSION: string | undefined;
const VERSION = typeof VOLINT_VERSION === 'string' ? VOLINT_VERSION : '0.0.0-dev';
const DOCS_BASE = 'https://github.com/volint/volint/blob/main/docs/rules';

class UsageError extends Error {}

const isStdinPath = (p: string): boolean => p === '-' || p === STDIN_TOKEN;

/** selectComposeProject, with its flag mistakes as usage errors. */
async function selectCompose(args: ComposeProjectArgs, cwd: string, named: readonly string[], stdinFilename: string | undefined): Promise<ComposeSelection> {
  if (args.composeFile.length === 0 && !args.composeEnv && args.envFile.length === 0 && args.projectName === undefined && args.profile.length === 0 && args.service.length === 0) return { list: [], project: null, options: undefined };
  const { selectComposeProject, ComposeFlagError } = await import('./cli/compose-project.js');
  try {
    return await selectComposeProject(args, cwd, named, stdinFilename);
  } catch (err) {
    throw err instanceof ComposeFlagError ? new UsageError(err.message) : err;
  }
}

/**
 * A reader that stops early (`volint . | head -1`) closes the pipe: the run ends there, quietly,
 * with the status of a process that SIGPIPE ends (128 + 13), as other Unix tools do.
 */
export const CLOSED_PIPE_EXIT = 141;
let stdoutWatched = false;
/**
 * Standard output, watched for a closed pipe. Asked for only when something is printed: a run
 * with nothing to report never sets up process.stdout (about 2 ms of a one-file run).
 */
function stdout(): NodeJS.WriteStream {
  if (!stdoutWatched) {
    stdoutWatched = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(CLOSED_PIPE_EXIT);
      throw err;
    });
  }
  return process.stdout;
}

function useColor(flag: boolean | undefined, stream: NodeJS.WriteStream): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY);
}

/** The terminal's columns; when stdout is not a terminal, COLUMNS if set (as ls does), else 80. */
function terminalWidth(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): number {
  if (stream.isTTY && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 ? columns : 80;
}

function parseRuleFlags(values: string[], rules: readonly AnyRule[]): Map<string, SeveritySetting> {
  const map = new Map<string, SeveritySetting>();
  for (const value of values) {
    const [key, setting] = value.split('=', 2);
    const rule = key ? resolveRuleKey(rules, key.trim()) : undefined;
    if (!rule) throw new UsageError(`--rule ${value}: unknown rule ${JSON.stringify(key)} (see --list-rules)`);
    if (setting === undefined || !['off', 'note', 'warning', 'error'].includes(setting.trim())) {
      throw new UsageError(`--rule ${value}: expected ${key}=off|note|warning|error`);
    }
    map.set(rule.id, setting.trim() as SeveritySetting);
  }
  return map;
}

const displayPath = displayPathOf;

/** At most FEW_FILES paths, each a file, or standard input alone (no path: `.` is linted): see keepAnalysesBetweenRuns. */
async function fewNamedFiles(paths: readonly string[], stdin: boolean, cwd: string): Promise<boolean> {
  if (paths.length === 0) return stdin;
  if (paths.length > FEW_FILES) return false;
  try {
    return (await Promise.all(paths.map((p) => stat(resolve(cwd, p))))).every((s) => s.isFile());
  } catch {
    return false;
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function runLint(args: LintArgs): Promise<number> {
  const cwd = process.cwd();
  const rules = allRules;
  const formats = args.format.length > 0 ? args.format : ['stylish'];
  for (const f of formats) if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format ${f}: expected one of ${FORMATS.join(', ')}`);
  if (args.output.length > formats.length) throw new UsageError('more --output than --format options');
  if (args.builder !== undefined && args.builder !== 'any' && !(BUILDERS as readonly string[]).includes(args.builder)) {
    throw new UsageError(`--builder ${args.builder}: expected one of any, ${BUILDERS.join(', ')}`);
  }
  if (args.minConfidence !== undefined && !(CONFIDENCES as readonly string[]).includes(args.minConfidence)) {
    throw new UsageError(`--min-confidence ${args.minConfidence}: expected one of ${CONFIDENCES.join(', ')}`);
  }
  const minRank = CONFIDENCE_RANK[(args.minConfidence ?? 'possible') as Confidence];
  /** --min-confidence: findings less sure than asked are left out of every output and the exit code. */
  const sureEnough = (report: FileReport): FileReport =>
    minRank === 0 ? report : { ...report, findings: report.findings.filter((f) => CONFIDENCE_RANK[f.confidence] >= minRank) };
  if (!Number.isInteger(args.maxWarnings) || args.maxWarnings < -1) {
    throw new UsageError(`--max-warnings ${args.maxWarnings}: expected a whole number, 0 or more (-1: no limit)`);
  }
  if (args.stdinFilename !== undefined && !args.stdin && !args.paths.some(isStdinPath)) {
    throw new UsageError(`--stdin-filename ${args.stdinFilename}: only with --stdin (or the path -), which it names`);
  }
  const fixMode: FixMode | null = args.fixUnsafe ? 'unsafe' : args.fix || args.fixDryRun ? 'safe' : null;
  if (fixMode) noteWork('fix');
  // Compose: a `-f` list (--compose-file, or COMPOSE_FILE with --compose-env) is one project, named
  // by its first file; --env-file and --project-name belong to one project (src/cli/compose-project.ts).
  const stdinGiven = args.stdin || args.paths.some(isStdinPath);
  const selection = await selectCompose(args, cwd, args.paths.filter((p) => !isStdinPath(p)), stdinGiven ? args.stdinFilename : undefined);
  const composeList = selection.list;
  const composeProject = selection.project;
  const composeOptions = selection.options;
  /** The compose files linted, for the note on --env-file and --project-name. */
  const composeLinted: string[] = [];
  /** Files of the `-f` list after the first are linted as part of its project, never on their own. */
  const merged = new Set(composeList.slice(1));
  const runner = new Runner({
    cwd,
    rules,
    ...(args.noConfig ? { config: false as const } : args.config ? { config: args.config } : {}),
    ...(args.builder ? { builder: args.builder as BuilderSetting } : {}),
    ...(args.target ? { target: args.target } : {}),
    ruleOverrides: parseRuleFlags(args.rule, rules),
    imageConfigs: args.imageConfig,
    reportUnusedIgnores: args.reportUnusedIgnores,
    ...(composeOptions ? { compose: composeOptions } : {}),
    ...(args.composeDeployed ? { composeDeployed: true } : {}),
  });
  await runner.init();
  if (args.config) await runner.prepare(resolve(cwd, 'Dockerfile'));

  const plain: FormatContext = { cwd, version: VERSION, rules, color: false, explain: args.explain, fullExplain: args.fullExplain, width: 80, docsBase: DOCS_BASE };
  // Whether stdout is a terminal is asked when a formatter first prints in color: a run with
  // nothing to report never sets up process.stdout (about 2 ms of a one-file run).
  let stdoutColor: boolean | undefined;
  let stdoutWidth: number | undefined;
  const context = Object.defineProperties({ ...plain }, {
    color: { get: () => (stdoutColor ??= useColor(args.color, stdout())), enumerable: true },
    // Human output wraps to the terminal's width; 80 columns when stdout is not a terminal.
    width: { get: () => (stdoutWidth ??= terminalWidth(stdout(), process.env)), enumerable: true },
  });
  const sessions: Array<{ session: FormatSession; sink: Sink; output: string | undefined }> = [];
  for (let i = 0; i < formats.length; i++) {
    const formatter = await loadStreamingFormatter(formats[i] as FormatName);
    noteWork(`format:${formats[i]}`);
    const output = args.output[i];
    // `-o -` is standard output.
    const toFile = output !== undefined && !isStdinPath(output) ? output : undefined;
    sessions.push({ session: formatter(toFile ? plain : context), sink: new PendingSink(), output: toFile });
  }
  const exit = new ExitTally();
  // Reports go out as they come, in output order; none is kept. Before the outputs are open (and,
  // with --fix, until every file is fixed: fixes print diffs and notices meanwhile) they wait here.
  let held: FileReport[] | null = [];
  let opened = false;
  const write = (report: FileReport): void => {
    const shown = args.quiet ? { ...report, findings: report.findings.filter((f) => f.severity === 'error' || f.suppression) } : report;
    for (const { session, sink } of sessions) sink.write(session.file(shown));
  };
  /** Which --image-config files a FROM used; `complete` is false once a file came from the cache. */
  const imageConfigUse = { used: new Set<string>(), complete: true, linted: 0 };
  const emit = (all: FileReport & { imageConfigs?: string[] }): void => {
    if (args.imageConfig.length > 0 && !all.error) {
      imageConfigUse.linted++;
      if (all.imageConfigs) for (const f of all.imageConfigs) imageConfigUse.used.add(f);
      else imageConfigUse.complete = false;
    }
    const report = sureEnough(all);
    exit.add(report);
    if (held) held.push(report);
    else write(report);
  };
  /** Opens the outputs (each --output file, stdout for the rest) and writes the reports held so far. */
  const release = (): boolean => {
    if (!opened) {
      opened = true;
      let stdoutTaken = false;
      for (const entry of sessions) {
        if (entry.output) {
          try {
            entry.sink = new FileSink(resolve(cwd, entry.output));
          } catch (err) {
            process.stderr.write(`volint: ${entry.output}: cannot write (${(err as Error).message})\n`);
            for (const other of sessions) if (other.sink instanceof FileSink) other.sink.close();
            return false;
          }
        } else {
          // Formats written to stdout follow one another: only the first one streams. With
          // --fix-dry-run standard output is the patch alone (`> fixes.patch`), as with Ruff's --diff.
          entry.sink = args.fixDryRun ? new DiscardSink() : stdoutTaken ? new PendingSink() : new StdoutSink();
          stdoutTaken = true;
        }
        entry.sink.write(entry.session.begin());
      }
    }
    const reports = held ?? [];
    held = null;
    for (const report of reports) write(report);
    return true;
  };

  let failLevel: Severity = 'error';
  const stdin = args.stdin || args.paths.some(isStdinPath);
  // One document, or fixes (linted in this thread): a short run (see preferBaselineWasm).
  if (stdin || fixMode) preferBaselineWasm();
  if (await fewNamedFiles(args.paths.filter((p) => !isStdinPath(p)), stdin, cwd)) keepAnalysesBetweenRuns();
  if (stdin) {
    const name = args.stdinFilename ?? '<stdin>';
    const absolute = args.stdinFilename ? resolve(cwd, args.stdinFilename) : '<stdin>';
    const report: FileReport = { path: args.stdinFilename ? displayPath(cwd, absolute) : name, absolutePath: absolute, findings: [] };
    try {
      const { text } = decodeDockerfile(await readStdin());
      const { settings, failLevel: level } = await runner.settingsFor(absolute);
      if (level) failLevel = level;
      const { lintFindings } = await import('./engine/linter.js');
      // A compose file on standard input: its override file, .env and Dockerfiles are read beside --stdin-filename.
      const compose = args.stdinFilename && isComposeFile(absolute);
      if (compose) composeLinted.push(absolute);
      const { findings, model } = compose ? await runner.lintCompose(text, absolute, report.path) : await lintForReport(runner, text, report.path, settings);
      report.text = text;
      report.findings = findings;
      (report as { imageConfigs?: string[] }).imageConfigs = imageConfigsUsed(model);
      if (fixMode && !compose) {
        // With standard input, --fix prints the fixed text (--fix-dry-run the diff) instead of writing a file.
        const outcome = await fixUntilStable(text, findings, fixMode, (t) => lintFindings(t, report.path, settings));
        if (args.fixDryRun) {
          stdout().write(unifiedDiff(report.path, text, outcome.text));
        } else {
          stdout().write(outcome.text);
          // The exit code says what is left after fixing.
          return exitCode([sureEnough({ ...report, findings: outcome.findings })], failLevel, args.maxWarnings);
        }
      }
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      report.error = (err as Error).message;
    }
    for (const part of splitReport(report, cwd)) emit(part);
  }
  const paths = args.paths.filter((p) => !isStdinPath(p));
  if (!stdin || paths.length > 0) {
    const cliIgnore = args.ignorePattern.length > 0 ? picomatch(args.ignorePattern, { dot: true }) : null;
    const discoverOptions = {
      cwd,
      ignore: cliIgnore ? (rel: string) => cliIgnore(rel) || cliIgnore(rel.split('/').pop() ?? rel) : null,
    };
    // With a compose project asked for, it is linted (with any paths given); without paths, only it.
    const inputs = composeProject ? [...paths, composeProject] : paths.length > 0 ? paths : ['.'];
    /** A directory or glob that found nothing fails the run (`--no-error-on-unmatched-pattern`: it does not). */
    const reportUnmatched = (unmatched: string[]): void => {
      if (!args.errorOnUnmatchedPattern) return;
      for (const pattern of unmatched) {
        emit({ path: pattern, absolutePath: resolve(cwd, pattern), findings: [], error: 'no Dockerfile matches this path or pattern (--no-error-on-unmatched-pattern allows it)' });
      }
    };
    /** A file a walk found that is not text (Dockerfile.tar.gz) is skipped with a notice; a file named on the command line is an error. */
    let named: Set<string> | null = null;
    const skipNotText = (r: FileReport & { notText?: boolean }): boolean => {
      if (!r.notText || !named || named.has(r.absolutePath)) return false;
      process.stderr.write(`volint: skipped ${r.path}: ${r.error}\n`);
      return true;
    };
    /** A file's configuration may set a fail level; the run uses the strictest one met. */
    const adoptFailLevel = (level: Severity | undefined): void => {
      if (level && SEVERITY_RANK[level] < SEVERITY_RANK[failLevel]) failLevel = level;
    };
    const failLevelOf = async (r: FileReport & { failLevel?: Severity | undefined }): Promise<void> => {
      adoptFailLevel('failLevel' in r ? r.failLevel : (await runner.settingsFor(r.absolutePath)).failLevel);
    };
    if (fixMode) {
      const found = await discover(inputs, discoverOptions);
      found.files = found.files.filter((f) => !merged.has(f));
      composeLinted.push(...found.files.filter(isComposeFile));
      named = found.named;
      const fragments = await includedFragments(found.files, found.named, diskComposeIO, process.env);
      const devcontainers = await devcontainerFiles(found.files, found.named, diskComposeIO, process.env);
      found.files = found.files.filter((f) => !fragments.has(f) && !devcontainers.only.has(f));
      const shared = new SharedFileReports(devcontainers.listed);
      for (const error of found.errors) emit({ path: displayPath(cwd, error.path), absolutePath: error.path, findings: [], error: error.message });
      reportUnmatched(found.unmatched);
      // Fixes write files: linted here, never from the cache, and reported once all are done.
      const results: Array<FileReport & { ignored?: boolean }> = new Array(found.files.length);
      const queue = found.files.map((file, index) => ({ file, index }));
      const workers = Array.from({ length: Math.min(8, queue.length) }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          results[job.index] = await lintOne(runner, job.file, cwd, fixMode, args, found.named.has(job.file));
        }
      });
      await Promise.all(workers);
      for (const r of results) {
        if (!r || r.ignored || skipNotText(r)) continue;
        // What --fix changed, per file, as ESLint and Ruff say it (standard error: stdout may hold JSON).
        if (r.fixed) process.stderr.write(`volint: fixed ${r.path} (${r.fixed.applied} fix${r.fixed.applied === 1 ? '' : 'es'})\n`);
        for (const part of splitReport(r, cwd)) if (!shared.take(part)) emit(part);
      }
      for (const part of shared.drain()) emit(part);
      for (const r of results) if (r) await failLevelOf(r);
    } else {
      if (!release()) return 2;
      // Files are linted as the walk finds them (many go to worker threads); --cache reuses the
      // findings of unchanged files. Reports that are done before the walk ends wait for it, so
      // that the paths it could not search come first, as they always have.
      const { LintQueue, buildIdentity } = await import('./cli/workers.js');
      const cacheModule = args.cache ? await import('./cli/cache.js') : null;
      const cache = cacheModule ? await cacheModule.LintCache.load(cacheModule.cacheFilePath(cwd, args.cacheLocation)) : null;
      let duringWalk: LintedReport[] | null = [];
      /**
       * Compose files a walk found that are linted within another project only: files another compose
       * file includes, files a Dev Container configuration lists from its `.devcontainer` folder (known
       * when the walk ends).
       */
      let fragments = new Set<string>();
      /** The reports of the files dev containers list, merged per file at the end (src/cli/split.ts). */
      let shared = new SharedFileReports(new Set());
      const onReport = (r: LintedReport): void => {
        if (duringWalk) {
          duringWalk.push(r);
          return;
        }
        if (fragments.has(r.partOf ?? r.absolutePath)) return;
        // Workers always say which fail level applies (possibly none).
        adoptFailLevel(r.failLevel);
        if (!r.ignored && !skipNotText(r) && !shared.take(r)) emit(r);
      };
      const lint = new LintQueue(
        {
          runner,
          cache,
          cacheCode: cache ? await buildIdentity(VERSION, [new URL(import.meta.url), new URL('./lazy/yaml.js', import.meta.url)]) : null,
          workerUrl: new URL('./cli/worker-thread.js', import.meta.url),
        },
        onReport,
      );
      try {
        const found = await discover(inputs, discoverOptions, (file, named) => {
          if (merged.has(file)) return;
          if (isComposeFile(file)) composeLinted.push(file);
          lint.add(file, named);
        });
        named = found.named;
        fragments = await includedFragments(found.files, found.named, diskComposeIO, process.env);
        const devcontainers = await devcontainerFiles(found.files, found.named, diskComposeIO, process.env);
        for (const file of devcontainers.only) fragments.add(file);
        shared = new SharedFileReports(devcontainers.listed);
        for (const error of found.errors) emit({ path: displayPath(cwd, error.path), absolutePath: error.path, findings: [], error: error.message });
        reportUnmatched(found.unmatched);
        const early = duringWalk;
        duringWalk = null;
        for (const r of early) onReport(r);
        await lint.end();
        for (const r of shared.drain()) emit(r);
      } catch (err) {
        // Worker threads would keep the process alive after a failure here.
        lint.abort();
        throw err;
      }
      if (cache) {
        await cache.save().catch((err: Error) => process.stderr.write(`volint: warning: cannot write the cache ${cache.location} (${err.message})\n`));
      }
    }
  }

  if (!release()) return 2;
  let failed = false;
  for (const { sink, session, output } of sessions) {
    sink.write(session.end());
    const error = sink.close();
    if (error && !failed) {
      failed = true;
      process.stderr.write(`volint: ${output}: cannot write (${error.message})\n`);
    }
  }
  if (failed) return 2;
  if (composeOptions) {
    const { projectFlagNotice } = await import('./cli/compose-project.js');
    const notice = projectFlagNotice(args, composeOptions.scope, composeLinted, (abs) => displayPath(cwd, abs));
    if (notice) process.stderr.write(notice + '\n');
  }
  if (imageConfigUse.complete && imageConfigUse.linted > 0) {
    for (const file of args.imageConfig) {
      if (!imageConfigUse.used.has(file)) process.stderr.write(`volint: warning: --image-config ${file}: no FROM in the linted files names its images\n`);
    }
  }
  const warnings = exit.warnings();
  if (args.maxWarnings >= 0 && warnings > args.maxWarnings) {
    process.stderr.write(`volint: too many warnings: ${warnings}, more than --max-warnings ${args.maxWarnings} allows${args.quiet ? ' (--quiet hides them)' : ''}\n`);
  }
  return exit.code(failLevel, args.maxWarnings);
}

/** Where one format's text goes. */
interface Sink {
  write(text: string): void;
  /** Writes what is left; the first write error, if any. */
  close(): Error | undefined;
}

/** Drops the text. */
class DiscardSink implements Sink {
  write(): void {}
  close(): Error | undefined {
    return undefined;
  }
}

/** Keeps the text until it is handed over (to stdout, when closed). */
class PendingSink implements Sink {
  private chunks: string[] = [];
  write(text: string): void {
    if (text) this.chunks.push(text);
  }
  close(): Error | undefined {
    const text = this.chunks.join('');
    this.chunks = [];
    if (text) stdout().write(text);
    return undefined;
  }
}

/** Writes in pieces of about 64 KiB. */
abstract class BufferedSink implements Sink {
  private buffer = '';
  protected error: Error | undefined;
  protected abstract put(text: string): void;
  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= 65536) this.drain();
  }
  protected drain(): void {
    const text = this.buffer;
    this.buffer = '';
    if (!text || this.error) return;
    try {
      this.put(text);
    } catch (err) {
      this.error = err as Error;
    }
  }
  close(): Error | undefined {
    this.drain();
    return this.error;
  }
}

class StdoutSink extends BufferedSink {
  protected put(text: string): void {
    stdout().write(text);
  }
}

class FileSink extends BufferedSink {
  private fd: number | null;
  constructor(path: string) {
    super();
    this.fd = openSync(path, 'w');
  }
  protected put(text: string): void {
    if (this.fd !== null) writeSync(this.fd, text);
  }
  override close(): Error | undefined {
    super.close();
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch (err) {
        this.error ??= err as Error;
      }
      this.fd = null;
    }
    return this.error;
  }
}

/** What the exit code needs of the reports: whether one failed, and the counts of active findings. */
class ExitTally {
  private failed = 0;
  private internal = 0;
  private counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };

  add(report: FileReport): void {
    if (report.error) this.failed++;
    for (const f of report.findings) {
      if (f.suppression) continue;
      if (f.ruleId === INTERNAL_ERROR_ID) this.internal++;
      this.counts[f.severity]++;
    }
  }

  warnings(): number {
    return this.counts.warning;
  }

  code(failLevel: Severity, maxWarnings: number): number {
    if (this.failed > 0 || this.internal > 0) return 2;
    for (const severity of ['error', 'warning', 'note'] as const) {
      if (this.counts[severity] > 0 && SEVERITY_RANK[severity] >= SEVERITY_RANK[failLevel]) return 1;
    }
    if (maxWarnings >= 0 && this.counts.warning > maxWarnings) return 1;
    return 0;
  }
}

/**
 * A file's findings and, with --image-config, its model: the report says which image configs
 * served a base image, which the model knows. Otherwise no image config can have served one, and
 * lintFindings may skip the model (a file that cannot have a volume).
 */
async function lintForReport(runner: Runner, text: string, path: string, settings: LintSettings): Promise<{ findings: Finding[]; model: FileModel | null }> {
  const { lintFindings, lintText } = await import('./engine/linter.js');
  if (runner.options.imageConfigs.length > 0) return lintText(text, path, settings);
  return { findings: await lintFindings(text, path, settings), model: null };
}

async function lintOne(runner: Runner, file: string, cwd: string, fixMode: FixMode | null, args: LintArgs, named: boolean): Promise<LintedReport> {
  const path = displayPath(cwd, file);
  const report: LintedReport = { path, absolutePath: file, findings: [] };
  try {
    const { settings, ignored } = await runner.settingsFor(file);
    if (ignored) return { ...report, ignored: true };
    if (isDevcontainerName(file)) {
      // A Dev Container configuration's Compose project: no fixes either.
      const { text } = await readDockerfile(file);
      const result = await runner.lintDevcontainer(text, file, path);
      return { ...report, text, findings: result.findings, lines: splitLines(text), imageConfigs: imageConfigsUsed(result.model) };
    }
    if (isComposeFile(file)) {
      // Compose rules offer no fixes: the project is linted as it is.
      const { text } = await readDockerfile(file);
      const result = await runner.lintCompose(text, file, path, diskComposeIO, true, named);
      return { ...report, text, findings: result.findings, lines: splitLines(text), imageConfigs: imageConfigsUsed(result.model) };
    }
    const before = await stat(file);
    const { text, bom } = await readDockerfile(file);
    const { lintFindings } = await import('./engine/linter.js');
    const first = await lintForReport(runner, text, path, settings);
    let findings = first.findings;
    report.text = text;
    report.imageConfigs = imageConfigsUsed(first.model);
    if (fixMode) {
      // Several passes: one fix can reveal another; a second --fix then changes nothing.
      const outcome = await fixUntilStable(text, findings, fixMode, (t) => lintFindings(t, path, settings));
      if (outcome.conflict && outcome.applied === 0) {
        // Nothing is written; the findings are reported as they are and decide the exit code.
        process.stderr.write(`volint: ${path}: left unchanged: ${outcome.conflict}\n`);
      } else if (outcome.applied > 0) {
        if (args.fixDryRun) {
          stdout().write(unifiedDiff(path, text, outcome.text));
        } else {
          // Loaded here: it brings node:fs/promises, which a run without --fix does not need.
          const { writeAtomically } = await import('./cli/write.js');
          await writeAtomically(file, (bom ? '\ufeff' : '') + outcome.text, before);
          findings = await lintFindings(outcome.text, path, settings);
          report.text = outcome.text;
          report.fixed = { applied: outcome.applied };
        }
      }
    }
    report.findings = findings;
    report.lines = splitLines(report.text ?? '');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    report.error = (err as Error).message;
    if (err instanceof NotTextError) report.notText = true;
  }
  return report;
}

function exitCode(reports: FileReport[], failLevel: Severity, maxWarnings: number): number {
  const tally = new ExitTally();
  for (const r of reports) tally.add(r);
  return tally.code(failLevel, maxWarnings);
}

function listRules(): string {
  const nameWidth = Math.max(30, ...allRules.map((r) => r.name.length));
  const rows = allRules.map((r) => `${r.id}  ${r.name.padEnd(nameWidth)} ${r.severity.padEnd(8)} ${(r.fixable === 'none' ? '' : `fix:${r.fixable}`).padEnd(11)} ${r.docs.summary}`);
  return rows.join('\n') + '\n';
}

export function explainRule(key: string): string | null {
  const rule = resolveRuleKey(allRules, key);
  if (!rule) return null;
  const d = rule.docs;
  const indent = (s: string): string => s.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');
  const details = docsDetails(d, 'text');
  return [
    `${rule.id} ${rule.name} (default: ${rule.severity}${rule.fixable === 'none' ? '' : `, fixable: ${rule.fixable}`})`,
    '',
    d.summary,
    '',
    'Why is this bad?',
    d.why,
    '',
    'Example:',
    indent(d.bad),
    '',
    'Use instead:',
    indent(d.good),
    '',
    'Fix:',
    d.fix,
    '',
    ...(details ? [details, ''] : []),
    'References:',
    ...d.references.map((r) => `  ${r}`),
    '',
  ].join('\n');
}

async function runModel(args: ModelArgs): Promise<number> {
  const { format, builder, target, imageConfigs } = args;
  const cwd = process.cwd();
  if (builder !== undefined && builder !== 'any' && !(BUILDERS as readonly string[]).includes(builder)) {
    throw new UsageError(`--builder ${builder}: expected one of any, ${BUILDERS.join(', ')}`);
  }
  const fromStdin = args.file !== undefined && isStdinPath(args.file);
  // The project flags mean what they mean for the lint (src/cli/compose-project.ts).
  const selection = await selectCompose(args, cwd, args.file !== undefined && !fromStdin ? [args.file] : [], undefined);
  if (args.file === undefined && selection.project === null) throw new UsageError('model: name a Dockerfile or compose file, or a project with --compose-file or --compose-env');
  if (args.file !== undefined && selection.project !== null && (fromStdin || resolve(cwd, args.file) !== selection.project)) {
    throw new UsageError(`model: ${args.file} and the ${args.composeEnv ? '--compose-env' : '--compose-file'} project ${displayPath(cwd, selection.project)} are two models: name one`);
  }
  const runner = new Runner({
    cwd, rules: allRules, ruleOverrides: new Map(), imageConfigs, reportUnusedIgnores: false,
    ...(builder ? { builder: builder as BuilderSetting } : {}), ...(target ? { target } : {}),
    ...(selection.options ? { compose: selection.options } : {}),
  });
  await runner.init();
  const file = args.file ?? selection.project!;
  const absolute = fromStdin ? '<stdin>' : resolve(cwd, file);
  const shown = fromStdin ? '<stdin>' : displayPath(cwd, absolute);
  let text: string;
  try {
    text = fromStdin ? decodeDockerfile(await readStdin()).text : (await readDockerfile(absolute)).text;
  } catch (err) {
    throw new Error(`${shown}: ${(err as Error).message}`);
  }
  const compose = !fromStdin && isComposeFile(absolute);
  if (selection.options) {
    const { projectFlagNotice } = await import('./cli/compose-project.js');
    const notice = projectFlagNotice(args, selection.options.scope, compose ? [absolute] : [], (abs) => displayPath(cwd, abs));
    if (notice) process.stderr.write(notice + '\n');
  }
  if (!fromStdin && isDevcontainerName(absolute)) {
    // A Dev Container configuration: the model of the Compose project it defines.
    const result = await runner.lintDevcontainer(text, absolute, shown);
    if (!result.model) {
      const cause = result.findings.find((f) => f.file === shown);
      throw new Error(cause ? `${shown}:${cause.range.start.line + 1}: ${cause.message}` : `${shown}: names no compose file (dockerComposeFile)`);
    }
    const { describeComposeModel, composeModelToJson } = await import('./report/compose-model.js');
    stdout().write(format === 'json' ? JSON.stringify(composeModelToJson(result.model), null, 2) + '\n' : describeComposeModel(result.model));
    return 0;
  }
  if (compose) {
    const result = await runner.lintCompose(text, absolute, shown);
    const { describeComposeModel, composeModelToJson } = await import('./report/compose-model.js');
    stdout().write(format === 'json' ? JSON.stringify(composeModelToJson(result.model), null, 2) + '\n' : describeComposeModel(result.model));
    return 0;
  }
  const result = await runner.lint(text, absolute, shown);
  const { describeModel, modelToJson } = await import('./report/model.js');
  stdout().write(format === 'json' ? JSON.stringify(modelToJson(result.model), null, 2) + '\n' : describeModel(result.model));
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  // The rules are volint's own and fixed at build time: test/rules-meta.test.ts holds them to
  // validateRules, which no longer runs at every start.
  let exit = 0;
  try {
    // The common `volint <paths> [options]` is read without loading yargs (src/cli/fast-args.ts);
    // everything else, help and usage errors included, goes to the yargs command line.
    const fast = fastLintArgs(argv);
    if (fast) return await runLint(fast);
    const { createCli } = await import('./cli/yargs-cli.js');
    await createCli(
      argv,
      {
        lint: async (args) => {
          exit = await runLint(args);
        },
        listRules: () => stdout().write(listRules()),
        explain: (key) => {
          const text = explainRule(key);
          if (text === null) throw new UsageError(`unknown rule ${JSON.stringify(key)} (see --list-rules)`);
          stdout().write(text);
        },
        model: async (modelArgs) => {
          exit = await runModel(modelArgs);
        },
        lsp: async () => {
          // The server runs for hours and re-lints the same code on every keystroke: V8's own
          // interrupt budget (Node 20's default), not the launcher's larger one for short runs
          // (JIT_FLAGS in src/launch.ts), so that its lint code is optimised as early as before.
          setV8Flags('--interrupt-budget=67584');
          // The server's bundle has code of its own: its lint is not this bundle's (whose code
          // cache counts the work done, src/launch.ts).
          stopNotingWork();
          // A lazy chunk: the language server costs nothing when volint lints files.
          const { startLanguageServer } = await import('./lsp/server.js');
          startLanguageServer();
        },
      },
      VERSION,
    ).parseAsync();
  } catch (err) {
    // Usage, configuration and I/O errors, and failures inside a command: one line, exit 2.
    process.stderr.write(`volint: ${(err as Error).message}\n`);
    return 2;
  }
  return exit;
}

const started = workerStart();
if (started) {
  // A lint worker thread that src/launch.ts runs this bundle in (see src/cli/workers.ts).
  void import('./cli/worker-thread.js').then(({ lintWorkerData, runWorker }) => {
    const init = lintWorkerData(started.data);
    if (init) return runWorker(init, started.cacheUsed);
    return undefined;
  });
} else {
  // Node's argv: [node, script, ...arguments] (what yargs' hideBin returns outside Electron).
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`volint: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
