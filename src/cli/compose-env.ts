/**
 * `--compose-env`: the compose files `docker compose` reads without `-f` in the working directory.
 * COMPOSE_FILE from the environment, else from the env files (`--env-file`s, else ./.env), split by
 * COMPOSE_PATH_SEPARATOR (found the same way; `:`, or `;` on Windows, by default), each path
 * relative to the working directory. Without COMPOSE_FILE: the first default compose file name in
 * the working directory or the nearest directory above it that has one, linted with its override
 * file (as Compose looks them up).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDotenv } from '../compose/interpolate.js';
import { COMPOSE_FILE_NAMES } from '../compose/names.js';

export interface ComposeEnvProject {
  /** The `-f` list COMPOSE_FILE gives (absolute), or the default compose file alone (`list: false`). */
  files: string[];
  /** The files come from COMPOSE_FILE (merged as a list, no override file). */
  list: boolean;
}

/** The project, or an Error whose message says why there is none (a usage error). */
export function composeEnvProject(cwd: string, environment: Readonly<Record<string, string | undefined>>, envFiles: readonly string[]): ComposeEnvProject {
  const fromFiles = new Map<string, string>();
  const paths = envFiles.length > 0 ? envFiles.map((f) => resolve(cwd, f)) : [join(cwd, '.env')];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // A missing ./.env is normal; a missing --env-file is reported by the project that reads it.
      continue;
    }
    for (const [k, v] of parseDotenv(text, new Map()).values) fromFiles.set(k, v);
  }
  const get = (name: string): string | undefined => {
    const value = environment[name];
    return value !== undefined && value !== '' ? value : fromFiles.get(name) || undefined;
  };
  const list = get('COMPOSE_FILE');
  if (list !== undefined) {
    const separator = get('COMPOSE_PATH_SEPARATOR') ?? (process.platform === 'win32' ? ';' : ':');
    const files = list.split(separator).filter((f) => f !== '').map((f) => resolve(cwd, f));
    if (files.length === 0) throw new Error(`--compose-env: COMPOSE_FILE=${list} names no file`);
    return { files, list: true };
  }
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of COMPOSE_FILE_NAMES) {
      const path = join(dir, name);
      try {
        if (statSync(path).isFile()) return { files: [path], list: false };
      } catch {
        // Not there: the next name.
      }
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(`--compose-env: COMPOSE_FILE is not set and no ${COMPOSE_FILE_NAMES.join(', ')} is in ${cwd} or above it`);
}
