/** The files a compose project's findings depend on, besides the compose file itself. */
import { dirname, join } from 'node:path';
import { COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_NAMES } from '../compose/names.js';
import type { ComposeModel } from '../compose/types.js';

/**
 * `.env`, every override name and every other default name beside it (whether Compose merges an
 * override depends on which exist, so their absence counts too), every other file the project looked
 * for (a `-f` list, env files, files `include:` and `extends` name, found or not), the Dockerfiles it
 * read, and the bind sources whose existence volint checked (VOL024 reports a missing one).
 */
export function composeDependencies(composeFile: string, model: Pick<ComposeModel, 'looked' | 'dockerfiles'>, hostPaths: readonly string[] = []): string[] {
  const dir = dirname(composeFile);
  const beside = ['.env', ...COMPOSE_OVERRIDE_NAMES, ...COMPOSE_FILE_NAMES].map((name) => join(dir, name));
  return [...new Set([...beside, ...model.looked, ...model.dockerfiles, ...hostPaths])].filter((p) => p !== composeFile);
}
