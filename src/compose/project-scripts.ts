/**
 * The project's own shell scripts beside the compose file (`docker_update.sh`, `start.sh`): a
 * script that makes a bind source and gives it to an account (`mkdir -p volumes/pictrs && sudo
 * chown -R 991:991 volumes/pictrs`, then `docker compose up`) prepares that directory before the
 * stack runs, which is what a missing bind source of a non-root service needs. Read with the RUN
 * analysis (src/model/shell), from the script's directory as the current directory.
 *
 * An installer script may instead put the compose file in a directory of the machine it sets up
 * (`curl -o /opt/app/compose.yaml URL`, `cp compose.yaml /opt/app/`, `cd /opt/app && wget URL`)
 * and make the bind sources there (`mkdir -p /opt/app/storage && chown -R 1000:1000 /opt/app`):
 * Compose resolves a relative bind source from the directory of the compose file it runs, so
 * `./storage` is then /opt/app/storage. Only a script that itself places the compose file in that
 * directory ties the two: the file it writes there is this compose file (copied from it) or has its
 * name (a download of it), by a command that puts a file there (a redirection, cp, install, curl,
 * wget, tee); a directory whose path merely ends like the bind source does not count.
 */
import { basename, dirname, relative, sep } from 'node:path';
import { isWithin, normalizePath } from '../model/paths.js';
import { ShellParserNotLoaded, type ShellAnalyzer, type ShellContext, type ShellEffect } from '../model/shell-types.js';
import { readListedFiles, type ComposeIO } from './project-files.js';

/** Scripts larger than this are not read (as the start scripts of a build context). */
const MAX_SCRIPT_BYTES = 256 * 1024;
/** At most this many scripts of a directory are read. */
const MAX_SCRIPTS = 20;

/** A chown or chmod that prepares a directory (a project script's, a one-off job's: ComposeMount.hostPreparedBy, hostPreparedByJob). */
export interface PreparationStep {
  kind: 'chown' | 'chmod';
  /** The owner (`991:991`) or the mode (`777`, `o+w`), as written. */
  setting: string;
  /**
   * chown: the uid of the owner where the commands say it: the owner written as a number
   * (`1000:1000`) or root, or an account the commands themselves make with that uid (`useradd -u
   * 1000 … photoprism`, then `chown photoprism`). Undefined otherwise (a name the accounts of the
   * machine that runs the script, or of the job's image, decide, which volint does not see).
   */
  ownerUid?: string;
}

/** Whether a command changes the owner or mode of `path`: a chown or chmod with a setting, at the path or recursively from a directory above it. */
export function changesOwnerOrMode(effect: ShellEffect, path: string): boolean {
  return (effect.kind === 'chown' || effect.kind === 'chmod') && effect.setting !== undefined && (effect.path === path || (effect.recursive && isWithin(path, effect.path)));
}

/** The preparation a chown or chmod (changesOwnerOrMode) makes; a chown's owner uid as `effects`, all the commands, say it. */
export function preparationStep(change: ShellEffect, effects: readonly ShellEffect[]): PreparationStep {
  const step: PreparationStep = { kind: change.kind as 'chown' | 'chmod', setting: change.setting! };
  if (change.kind === 'chown') {
    const uid = ownerUid(change.setting!, effects);
    if (uid !== undefined) step.ownerUid = uid;
  }
  return step;
}

/** A step of a project script that gives a directory it makes to an account or opens it to all. */
export interface HostPathPreparation extends PreparationStep {
  /** The script (absolute path). */
  script: string;
  /** 1-based line of the chown or chmod. */
  line: number;
  /**
   * Where the script puts the compose file, when the directory it prepares is there rather than
   * beside the compose file in the project (`/opt/photoprism`, with the 1-based line of the step
   * that writes the compose file).
   */
  placedIn?: { directory: string; line: number };
}

/** A project script, read and analysed. */
export interface ProjectScript {
  path: string;
  text: string;
  effects: ShellEffect[];
}

/** Commands that put a file at their destination: a redirection, a copy, a download. */
const PLACING = new Set(['>', '>>', 'cp', 'install', 'curl', 'wget', 'tee']);

/**
 * The machine that runs a project script: its home directory (what `~` and `$HOME` are: the one a bind
 * source under `~` is resolved with), and the project's own variables (its `.env`, or the template volint
 * read in its place), which a script that reads `.env` (`. ./.env`, `source .env`, `export $(cat .env)`) has.
 */
export interface ScriptHost {
  home: string;
  envVariable(name: string): string | undefined;
}

/** A script that reads the project's `.env` file: its variables are the script's. */
const READS_DOTENV = /(?:^|[\s;&|(`"'/])\.env\b/m;

/** The effects of each shell script (`*.sh`, `*.bash`) in `dir`, with their texts. */
export async function readProjectScripts(
  dir: string,
  io: ComposeIO,
  loadAnalyzer: () => Promise<ShellAnalyzer>,
  host?: ScriptHost,
): Promise<ProjectScript[]> {
  const scripts = await readListedFiles(io, dir, /\.(sh|bash)$/, MAX_SCRIPTS, MAX_SCRIPT_BYTES);
  if (scripts.length === 0) return [];
  const analyzer = await loadAnalyzer();
  const out: ProjectScript[] = [];
  for (const { path, text } of scripts) {
    const environment = host ? { home: host.home, lookup: (name: string) => (name === 'HOME' ? host.home : READS_DOTENV.test(text) ? host.envVariable(name) : undefined) } : undefined;
    const effects = await analyseScript(analyzer, text, dir, environment);
    if (effects) out.push({ path, text, effects });
  }
  return out;
}

/**
 * The script's effects, run from `cwd`; null when the analysis fails. `environment` gives the
 * variables known where it runs (a container's ENV and `environment:`); without it nothing is known.
 */
export async function analyseScript(analyzer: ShellAnalyzer, text: string, cwd: string, environment?: Pick<ShellContext, 'lookup' | 'home'>): Promise<ShellEffect[] | null> {
  for (let attempt = 1; ; attempt++) {
    let failed = false;
    try {
      const effects = analyzer.analyzeScript(text, { cwd, lookup: () => undefined, ...environment, onError: () => (failed = true) });
      return failed ? null : effects;
    } catch (error) {
      // The lazy analyzer met a script its fast parser cannot read: load the full parser, once.
      if (error instanceof ShellParserNotLoaded && attempt === 1) {
        await error.load();
        continue;
      }
      return null;
    }
  }
}

/**
 * The step of a project script that prepares `hostPath`: the script makes it (`mkdir`, at it or
 * below it) and then changes its owner or mode (`chown`/`chmod` at it, or recursively from a parent
 * after the mkdir); null when no script does both. `composeFile` (absolute) is the compose file
 * whose bind source `hostPath` is: a script that places that file in another directory is read for
 * the same relative path there.
 */
export function preparedBy(hostPath: string, scripts: readonly ProjectScript[], composeFile: string): HostPathPreparation | null {
  for (const script of scripts) {
    const step = preparedAt(hostPath, script, undefined);
    if (step) return step;
  }
  // Relative to the compose file's directory, as Compose resolves it (POSIX separators, as the script's paths).
  const rel = relative(dirname(composeFile), hostPath).split(sep).join('/');
  for (const script of scripts) {
    for (const placed of placements(script, composeFile)) {
      const step = preparedAt(normalizePath(`${placed.directory}/${rel}`), script, placed);
      if (step) return step;
    }
  }
  return null;
}

/** A file a project script writes (ComposeMount.hostWrittenBy): the script, the line, the command (`cp`, `touch`, a redirection's). */
export interface FileWrite {
  script: string;
  line: number;
  command: string;
}

/**
 * The write of a project script that puts a file at `hostPath` itself (`cp .env.example config.yml`, `touch
 * config.yml`, `echo … > config.yml`), not a directory at or above it: run before `up`, the bind source is that
 * file, owned by whoever ran the script, and Compose binds it as it is. Null when no script writes it.
 */
export function fileWrittenBy(hostPath: string, scripts: readonly ProjectScript[]): FileWrite | null {
  for (const script of scripts) {
    const write = script.effects.find((e) => e.kind === 'write' && !e.recursive && e.path === hostPath);
    if (write) return { script: script.path, line: lineOf(script.text, write.start), command: write.command };
  }
  return null;
}

/** The script's mkdir of `path` followed by a chown or chmod that reaches it. */
function preparedAt(path: string, script: ProjectScript, placedIn: HostPathPreparation['placedIn']): HostPathPreparation | null {
  const made = script.effects.findIndex((e) => e.kind === 'mkdir' && isWithin(e.path, path));
  if (made < 0) return null;
  const change = script.effects.slice(made + 1).find((e) => changesOwnerOrMode(e, path));
  if (!change) return null;
  const step: HostPathPreparation = { script: script.path, line: lineOf(script.text, change.start), ...preparationStep(change, script.effects) };
  if (placedIn) step.placedIn = placedIn;
  return step;
}

/** The uid of a chown's owner on the script's machine: a number, root, or an account the script makes with a uid. */
export function ownerUid(setting: string, effects: readonly ShellEffect[]): string | undefined {
  const owner = setting.split(/[:.]/)[0] ?? '';
  if (/^\d+$/.test(owner)) return String(Number(owner));
  if (owner === 'root') return '0';
  const made = effects.find((e) => e.account?.user === owner && e.account.uid !== undefined && /^\d+$/.test(e.account.uid));
  return made ? String(Number(made.account!.uid)) : undefined;
}

/**
 * The directories other than its own where the script puts `composeFile`: a copy of that very file
 * (cp/install from it, under any name), or a file of the same name that a redirection or a download
 * writes (`echo "$CONFIG" > /opt/app/compose.yaml`, `curl -o /opt/app/compose.yaml URL`,
 * `cd /opt/app && curl -O URL/compose.yaml`). A copy from another file of the project does not count.
 */
function placements(script: ProjectScript, composeFile: string): Array<{ directory: string; line: number }> {
  const name = basename(composeFile);
  const here = dirname(script.path);
  const out: Array<{ directory: string; line: number }> = [];
  for (const e of script.effects) {
    if (e.kind !== 'write' || !PLACING.has(e.command)) continue;
    const source = e.copiedFrom ?? e.intoExisting?.source;
    let directory: string | null = null;
    if (source !== undefined) {
      if (source !== composeFile) continue;
      // `cp compose.yaml /opt/app`: into /opt/app when the script made it a directory, else /opt/app is the copy.
      directory = e.intoExisting ? (script.effects.some((m) => m.kind === 'mkdir' && m.path === e.path) ? e.path : dirname(e.path)) : dirname(e.path);
    } else if (basename(e.path) === name) {
      directory = dirname(e.path);
    }
    if (directory === null || directory === here || out.some((p) => p.directory === directory)) continue;
    out.push({ directory, line: lineOf(script.text, e.start) });
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
