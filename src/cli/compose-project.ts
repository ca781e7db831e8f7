/**
 * Which Compose project the project flags belong to: `--compose-file` (a `-f` list),
 * `--compose-env` (COMPOSE_FILE), `--env-file` and `--project-name`, shared by `volint` and
 * `volint model`.
 *
 * Compose applies `--env-file` and `-p` to the one project it loads: the `-f` files, or without
 * `-f` the default compose file it finds from the working directory. volint lints many projects
 * in one run, so the flags belong to one of them, chosen the same way:
 *   1. the `--compose-file` / `--compose-env` project, when one is asked for;
 *   2. else the compose files named on the command line (each as `docker compose -f FILE`; an
 *      override file stands for the compose file beside it), standard input's `--stdin-filename`
 *      included;
 *   3. else the default compose file of the working directory (compose.yaml …), the one
 *      `docker compose` run here would load.
 * Every other compose project of the run (found by a directory walk or a glob) reads its own
 * `.env` and takes its own name; the CLI says so (`projectFlagNotice`).
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COMPOSE_FILE_NAMES } from '../compose/names.js';
import { isComposeFile, projectFileOf } from './files.js';
import type { ComposeRunOptions } from './run.js';

/** The project flags as both commands take them. */
export interface ComposeProjectArgs {
  composeFile: string[];
  composeEnv: boolean;
  envFile: string[];
  projectName: string | undefined;
  profile: string[];
  /** --service: the services `docker compose up SERVICE…` would be given. */
  service: string[];
}

export interface ComposeSelection {
  /** The `-f` list (absolute): the first file names the project, the others are merged into it. Empty: none. */
  list: string[];
  /** The compose file of the project asked for with --compose-file or --compose-env, or null. */
  project: string | null;
  /** The options for the Runner, or undefined when no flag asks for anything. */
  options: ComposeRunOptions | undefined;
}

/** A mistake in the flags themselves (the CLI turns it into a usage error, exit 2). */
export class ComposeFlagError extends Error {}

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * The project the flags ask for and the compose files --env-file and --project-name apply to.
 * `named`: the paths named on the command line (files, directories or globs; only files count),
 * `stdinFilename` the path standard input stands for, if any.
 */
export async function selectComposeProject(args: ComposeProjectArgs, cwd: string, named: readonly string[], stdinFilename?: string): Promise<ComposeSelection> {
  if (args.composeEnv && args.composeFile.length > 0) throw new ComposeFlagError('--compose-env reads the files COMPOSE_FILE names: not with --compose-file');
  if (args.projectName !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(args.projectName)) {
    // As `docker compose -p`: the name must already be one Compose accepts.
    throw new ComposeFlagError(`--project-name ${args.projectName}: expected lower-case letters, digits, dashes and underscores, starting with a letter or digit`);
  }
  let list = args.composeFile.map((f) => resolve(cwd, f));
  let project: string | null = list[0] ?? null;
  if (args.composeEnv) {
    const { composeEnvProject } = await import('./compose-env.js');
    let found;
    try {
      found = composeEnvProject(cwd, process.env, args.envFile);
    } catch (err) {
      throw new ComposeFlagError((err as Error).message);
    }
    list = found.list ? found.files : [];
    project = found.files[0]!;
  }
  const projectFlags = args.envFile.length > 0 || args.projectName !== undefined || args.profile.length > 0 || args.service.length > 0;
  if (list.length === 0 && !projectFlags && project === null) return { list, project, options: undefined };
  return {
    list,
    project,
    options: {
      files: list,
      envFiles: args.envFile.map((f) => resolve(cwd, f)),
      ...(args.projectName !== undefined ? { projectName: args.projectName } : {}),
      ...(args.profile.length > 0 ? { profiles: args.profile } : {}),
      ...(args.service.length > 0 ? { services: args.service } : {}),
      scope: projectFlags ? projectScope(project, cwd, named, stdinFilename) : [],
    },
  };
}

/** The compose files --env-file and --project-name apply to (see the module's comment). */
function projectScope(project: string | null, cwd: string, named: readonly string[], stdinFilename: string | undefined): string[] {
  if (project !== null) return [project];
  const files = named.map((p) => resolve(cwd, p)).filter((p) => isComposeFile(p) && isFile(p)).flatMap((p) => [p, projectFileOf(p)]);
  if (stdinFilename !== undefined && isComposeFile(stdinFilename)) files.push(resolve(cwd, stdinFilename));
  if (files.length > 0) return [...new Set(files)];
  const here = COMPOSE_FILE_NAMES.map((name) => join(cwd, name)).find(isFile);
  return here ? [here] : [];
}

/**
 * What stderr says after a run with --env-file or --project-name, or null when they applied to
 * every compose project linted. `linted`: the compose files linted (absolute).
 */
export function projectFlagNotice(args: Pick<ComposeProjectArgs, 'envFile' | 'projectName' | 'profile' | 'service'>, scope: readonly string[], linted: readonly string[], show: (abs: string) => string): string | null {
  const given = [args.envFile.length > 0 ? '--env-file' : '', args.projectName !== undefined ? '--project-name' : '', args.profile.length > 0 ? '--profile' : '', args.service.length > 0 ? '--service' : ''].filter(Boolean);
  const flags = given.length > 1 ? `${given.slice(0, -1).join(', ')} and ${given[given.length - 1]}` : (given[0] ?? '');
  if (flags === '') return null;
  const inScope = new Set(scope);
  const applied = [...new Set(linted.filter((f) => inScope.has(f)))];
  const others = new Set(linted.filter((f) => !inScope.has(f))).size;
  const they = flags.includes(' and ') ? 'they apply' : 'it applies';
  if (applied.length === 0) {
    return (
      `volint: warning: ${flags} applied to no compose project: ${they} to the --compose-file project, else to the compose files named on the command line, ` +
      `else to the working directory's ${COMPOSE_FILE_NAMES.join(', ')}${linted.length > 0 ? `; the ${others} compose project${others === 1 ? '' : 's'} linted used ${others === 1 ? 'its' : 'their'} own .env and name` : ''}`
    );
  }
  if (others === 0) return null;
  return `volint: note: ${flags} applied to ${applied.map(show).join(', ')} only; ${others} other compose project${others === 1 ? '' : 's'} (found by a walk or glob) used ${others === 1 ? 'its' : 'their'} own .env and name`;
}
