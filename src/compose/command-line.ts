/**
 * The service's own command line (`entrypoint:` and `command:`) read as a shell script, with the RUN
 * analysis (src/model/shell): what a container of the service does to paths every time it starts,
 * before (or instead of) the image's program. A shell's `-c` script is read as the script; other
 * words as one command.
 */
import type { ShellAnalyzer, ShellContext, ShellEffect } from '../model/shell-types.js';
import { containerLookup } from '../model/start-script.js';
import { analyseScript } from './project-scripts.js';
import type { ComposeService, StartSourceRun } from './types.js';

/** Shells whose `-c` argument is the script the container runs. */
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** A word as the shell reads it back: quoted unless it is plain. */
function quoted(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** The service's own command line as a shell script: the `-c` script of a shell, else its words as one command; null when it sets neither. */
export function commandScript(service: ComposeService): string | null {
  return argvScript([...(service.entrypoint ?? []), ...(service.command ?? [])]);
}

/** A command line as a shell script: the `-c` script of a shell, else its words as one command; null when empty. */
function argvScript(argv: readonly string[]): string | null {
  if (argv.length === 0) return null;
  const script = shellScript(argv);
  return script ?? argv.map(quoted).join(' ');
}

/** The `-c` script when the command line starts a shell with one (`sh -c '…'`, `/bin/bash -ec '…'`), else null. */
function shellScript(argv: readonly string[]): string | null {
  const shell = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
  const dashC = argv.indexOf('-c');
  if (SHELLS.has(shell) && dashC > 0 && argv.slice(1, dashC).every((w) => w.startsWith('-')) && argv[dashC + 1] !== undefined) return argv[dashC + 1]!;
  return null;
}

/**
 * Whether the service's own `entrypoint:`/`command:` starts a shell that reads a script of it (`sh -c`): only
 * then does the container expand a `$VAR` written there. Otherwise Compose passes the words as the
 * process's arguments (a string `command:` is split into words, not given to a shell), and its own
 * substitution is the only one the words get.
 */
export function commandRunsShell(service: ComposeService): boolean {
  const argv = [...(service.entrypoint ?? []), ...(service.command ?? [])];
  return argv.length > 0 && shellScript(argv) !== null;
}

/**
 * The effects of the service's own command line run from `cwd`; null when it sets none or the
 * analysis fails. `environment` is what the container's variables are known to be (containerEnvironment);
 * without it none is known.
 */
export async function commandEffects(
  service: ComposeService,
  loadAnalyzer: () => Promise<ShellAnalyzer>,
  cwd: string,
  environment?: Pick<ShellContext, 'lookup' | 'home'>,
): Promise<ShellEffect[] | null> {
  const script = commandScript(service);
  return script === null ? null : analyseScript(await loadAnalyzer(), script, cwd, environment);
}

/**
 * The environment a container of the service starts its command with, as far as volint knows it:
 * the service's `environment:` (and `env_file:`) over the image's ENV (the Dockerfile's ENV in the
 * stage chain, with the base image's where the catalogue knows it; ARG does not reach a container)
 * or a catalogue image's. A variable the service takes from the shell (`- NAME`) is unknown. The
 * home directory is root's where the image runs as root and `user:` does not change it.
 */
export function containerEnvironment(service: ComposeService): Pick<ShellContext, 'lookup' | 'home'> {
  const image = service.image;
  const fromImage = image.kind === 'build' ? containerLookup(image.stage) : (name: string): string | undefined => (image.kind === 'catalog' ? image.info.env[name] : undefined);
  const lookup = (name: string): string | undefined => {
    if (service.environment.has(name)) return service.environment.get(name) ?? undefined;
    return fromImage(name);
  };
  return { lookup, ...(service.user.root === true ? { home: '/root' } : {}) };
}

/**
 * The sources a container of the service compiles and runs when it starts (ComposeService.startSourceRuns),
 * and the programs it runs by their path (ComposeService.startPrograms):
 * from the effects of its own command line where it sets one (`commandEffects`, already read), else
 * from the start command of its image (ComposeService.start: the Dockerfile's ENTRYPOINT and CMD),
 * read from `cwd` with the container's environment.
 */
export async function startSourceRuns(
  service: ComposeService,
  commandEffects: readonly ShellEffect[] | null,
  loadAnalyzer: () => Promise<ShellAnalyzer>,
  cwd: string,
): Promise<{ sources: StartSourceRun[]; programs: string[] }> {
  let effects = commandEffects;
  if (effects === null && service.entrypoint === null && service.command === null) {
    const script = argvScript(service.start?.argv ?? []);
    if (script !== null) effects = await analyseScript(await loadAnalyzer(), script, cwd, containerEnvironment(service));
  }
  const sources = (effects ?? []).filter((e) => e.kind === 'read' && e.runsSources === true && e.certainty === 'certain' && e.conditional !== true).map((e) => ({ path: e.path, command: e.command }));
  const programs = (effects ?? []).filter((e) => e.kind === 'exec').map((e) => e.path);
  return { sources, programs };
}
