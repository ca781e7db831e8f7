/** The files and environment variables a compose project's findings depend on, besides the compose file itself. */
import { dirname, join } from 'node:path';
import type { ComposeIO } from '../compose/model.js';
import { COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_NAMES } from '../compose/names.js';
import type { ComposeModel } from '../compose/types.js';

/**
 * A dependency that names an environment variable instead of a file: `$NAME` (a file dependency
 * is an absolute path, which never starts so).
 */
export const VARIABLE_DEP = '$';

/**
 * A dependency on a directory's listing (a build context directory whose entries volint read): the
 * directory's absolute path followed by this suffix, which no path ends with.
 */
export const LISTING_DEP_SUFFIX = '/\0list';
/** A file whose execute bit the model read (ComposeIO.isExecutable) is a dependency as its path followed by this suffix. */
export const EXECUTABLE_DEP_SUFFIX = '/\0exec';

/**
 * `io`, recording every path the project asks it about: every file read (compose, override, env,
 * included and extended files, Dockerfiles, files of a build context such as `.yarnrc`), every
 * path whose existence was checked (found or not, bind sources included) and every directory
 * listed (as `<dir>` + LISTING_DEP_SUFFIX). Whatever the model comes to read, the cache key covers it.
 */
export function recordingIO(io: ComposeIO): { io: ComposeIO; paths: Set<string> } {
  const paths = new Set<string>();
  const recorded: ComposeIO = {
    readText: (path) => (paths.add(path), io.readText(path)),
    isFile: (path) => (paths.add(path), io.isFile(path)),
    ...(io.fileSize ? { fileSize: (path: string) => (paths.add(path), io.fileSize!(path)) } : {}),
    ...(io.exists ? { exists: (path: string) => (paths.add(path), io.exists!(path)) } : {}),
    ...(io.list ? { list: (path: string) => (paths.add(path + LISTING_DEP_SUFFIX), io.list!(path)) } : {}),
    ...(io.isExecutable ? { isExecutable: (path: string) => (paths.add(path + EXECUTABLE_DEP_SUFFIX), io.isExecutable!(path)) } : {}),
  };
  return { io: recorded, paths };
}

/**
 * The environment variables the project's files may take a value from: `$NAME`/`${NAME…}` in the
 * compose files and env files; a value-less entry that Compose fills from the environment (any
 * YAML key or scalar of a compose file that is a bare name: `build.args` as `- NAME`, `[NAME]` or
 * `NAME:`; a `NAME` line in an env file); COMPOSE_PROJECT_NAME (the project name) and HOME (`~` in
 * a bind source), always. A superset: a name no variable has costs nothing but its lookup.
 */
export async function composeVariables(model: Pick<ComposeModel, 'files'>): Promise<string[]> {
  const names = new Set<string>(['COMPOSE_PROJECT_NAME', 'HOME']);
  const bareName = /^[_A-Za-z][_A-Za-z0-9]*$/;
  let yaml: typeof import('yaml') | undefined;
  for (const file of model.files) {
    for (const m of file.text.matchAll(/\$\{?([_A-Za-z][_A-Za-z0-9]*)/g)) names.add(m[1]!);
    if (file.role === 'env') {
      for (const m of file.text.matchAll(/^[ \t]*(?:export[ \t]+)?([_A-Za-z][_A-Za-z0-9]*)[ \t]*(?:=|$)/gm)) names.add(m[1]!);
      continue;
    }
    yaml ??= await import('yaml');
    for (const doc of yaml.parseAllDocuments(file.text)) {
      if (!('contents' in doc)) continue;
      yaml.visit(doc, {
        Scalar(_key, node) {
          if (typeof node.value === 'string' && bareName.test(node.value)) names.add(node.value);
        },
      });
    }
  }
  return [...names].sort();
}

/**
 * `.env`, every override name and every other default name beside it (whether Compose merges an
 * override depends on which exist, so their absence counts too), every other file the project looked
 * for (a `-f` list, env files, files `include:` and `extends` name, workflows, found or not), the
 * directories it listed (model.listed, as listings: a run's WorkflowCache may have listed them for
 * another project, unseen by this project's recordingIO), the Dockerfiles it read, the bind sources
 * whose existence volint checked (VOL024 reports a missing one), every other path `read` holds (the
 * recordingIO's), and the environment variables of composeVariables as `$NAME`.
 */
export async function composeDependencies(
  composeFile: string,
  model: Pick<ComposeModel, 'looked' | 'listed' | 'dockerfiles' | 'files'>,
  hostPaths: readonly string[] = [],
  read: Iterable<string> = [],
): Promise<string[]> {
  const dir = dirname(composeFile);
  const beside = ['.env', ...COMPOSE_OVERRIDE_NAMES, ...COMPOSE_FILE_NAMES].map((name) => join(dir, name));
  const listings = model.listed.map((listed) => listed + LISTING_DEP_SUFFIX);
  const files = [...new Set([...beside, ...model.looked, ...listings, ...model.dockerfiles, ...hostPaths, ...read])].filter((p) => p !== composeFile);
  return [...files, ...(await composeVariables(model)).map((name) => VARIABLE_DEP + name)];
}
