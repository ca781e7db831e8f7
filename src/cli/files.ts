/**
 * Finding the Dockerfiles to lint: paths, directories (searched recursively) and globs. Faults
 * (unreadable directory, symlink loop, vanished path, FIFO) become per-path errors; the walk goes on.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_NAMES, DEVCONTAINER_NAMES, isDevcontainerConfig, isDevcontainerName } from '../compose/names.js';
import type { ComposeIO } from '../compose/project-files.js';
import { lstat, stat } from '../util/fs-async.js';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';

export const DOCKERFILE_PATTERNS = [
  'Dockerfile', 'Dockerfile.*', '*.Dockerfile', '*.dockerfile', 'dockerfile', 'Containerfile', 'Containerfile.*', '*.Containerfile', '*.containerfile',
];
// Compiled on first use: a run over named files never walks a directory and never needs it.
let dockerfileNameMatcher: ((name: string) => boolean) | undefined;
const isDockerfileName = (name: string): boolean => (dockerfileNameMatcher ??= picomatch(DOCKERFILE_PATTERNS, { dot: true }))(name);
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/**
 * A project template's directory, named with a placeholder that is filled in when the template is
 * rendered (cookiecutter's `{{cookiecutter.project_slug}}`, a Jinja or copier `{% if … %}` name): the
 * Dockerfiles and compose files below it are templates (`{{ cookiecutter.python_version }}`,
 * `{% if cookiecutter.use_celery %}`), not what Docker reads until rendered. A walk leaves them out;
 * named on the command line, they are linted.
 */
export function isTemplateDirectory(name: string): boolean {
  return name.includes('{{') || name.includes('{%');
}

/**
 * What a directory walk lints: Dockerfiles, the compose files Compose reads by default, and the Dev
 * Container configurations (where the specification puts them) that name compose files.
 */
const isLintedName = (name: string, full: string): boolean =>
  isDockerfileName(name) || COMPOSE_FILE_NAMES.includes(name) || (DEVCONTAINER_NAMES.includes(name) && isDevcontainerConfig(full) && namesComposeFiles(full));

/** A Dev Container configuration whose text names compose files (`dockerComposeFile`); one without is no Compose project. */
function namesComposeFiles(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').includes('dockerComposeFile');
  } catch {
    return true; // Unreadable: linting it reports why.
  }
}

/**
 * A compose file, linted as a Compose project: Compose's default names, their override files, and
 * any other `.yml`/`.yaml` file (named on the command line or matched by a glob).
 */
export function isComposeFile(path: string): boolean {
  const name = basename(path);
  return COMPOSE_FILE_NAMES.includes(name) || COMPOSE_OVERRIDE_NAMES.includes(name) || /\.ya?ml$/i.test(name);
}

/**
 * An override file stands for its project: the compose file beside it that Compose would merge it
 * into (the first default name that exists); itself when there is none.
 */
export function projectFileOf(path: string): string {
  if (!COMPOSE_OVERRIDE_NAMES.includes(basename(path))) return path;
  for (const name of COMPOSE_FILE_NAMES) {
    const candidate = join(dirname(path), name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not there: try the next name.
    }
  }
  return path;
}

/**
 * What a file named on the command line lints: an override file its project (projectFileOf); a
 * compose file inside a `.devcontainer` folder that a Dev Container configuration there lists, that
 * configuration's project (devcontainerListing); any other file itself.
 */
async function namedProjectOf(path: string): Promise<string> {
  if (isComposeFile(path) && path.split(sep).includes('.devcontainer')) {
    const { devcontainerListing } = await import('../compose/devcontainer.js');
    const { diskComposeIO } = await import('./run.js');
    const config = await devcontainerListing(path, diskComposeIO, process.env);
    if (config) return config;
  }
  return projectFileOf(path);
}

/**
 * The files the Dev Container configurations of a run list (absolute), and which of them are linted
 * only as part of a dev container's project: a listed file inside the workspace's `.devcontainer`
 * folder, written for the dev container (an overlay such as rubygems.org's `.devcontainer/docker-compose.yml`, which
 * names a service without an image because the project's compose file gives it one), that the
 * command line did not name. A listed file outside such a folder (the repository's own
 * `docker-compose.yml`) is also the project `docker compose up` runs there: the walk lints it so as
 * well, and the CLI shows a finding that both projects have at one place once (SharedFileReports).
 * A configuration that cannot be read or parsed lists nothing here (linting it says why).
 */
export async function devcontainerFiles(files: readonly string[], named: ReadonlySet<string>, io: ComposeIO, environment: NodeJS.ProcessEnv): Promise<{ listed: Set<string>; only: Set<string> }> {
  const listed = new Set<string>();
  const only = new Set<string>();
  const configs = files.filter(isDevcontainerName);
  if (configs.length === 0) return { listed, only };
  const { readDevcontainer, devcontainerWorkspace } = await import('../compose/devcontainer.js');
  for (const config of configs) {
    const folder = join(devcontainerWorkspace(config), '.devcontainer') + sep;
    let text: string;
    try {
      text = await io.readText(config);
    } catch {
      continue;
    }
    for (const { path } of readDevcontainer(text, config, config, environment).composeFiles) {
      listed.add(path);
      if (path.startsWith(folder) && !named.has(path)) only.add(path);
    }
  }
  return { listed, only };
}

/**
 * The compose files a walk found (not named on the command line) that another compose file of the
 * run brings in with `include:`, directly or through another include. Such a fragment is linted as
 * part of the project that includes it, with that project's variables and directories; on its own it
 * would be a broken project (variables unset, paths against its own directory) repeating the
 * including project's findings. The includers looked at are the compose files of the run and the
 * other YAML files beside them (overlays for `-f`). Only files whose text has a top-level `include:`
 * are read as projects.
 */
export async function includedFragments(files: readonly string[], named: ReadonlySet<string>, io: ComposeIO, environment: NodeJS.ProcessEnv): Promise<Set<string>> {
  const fragments = new Set<string>();
  const compose = files.filter(isComposeFile);
  if (!compose.some((file) => !named.has(file))) return fragments;
  const variables = new Map(Object.entries(environment).filter((e): e is [string, string] => e[1] !== undefined));
  let includedFiles: typeof import('../compose/project-files.js').includedFiles | undefined;
  for (const file of [...compose, ...overlaysBeside(compose)]) {
    let text: string;
    try {
      text = await io.readText(file);
    } catch {
      continue;
    }
    if (!/^include[ \t]*:/m.test(text)) continue;
    // Loaded only when a file includes another: a run without include: never loads the compose code here.
    includedFiles ??= (await import('../compose/project-files.js')).includedFiles;
    for (const path of await includedFiles(file, io, variables)) {
      if (path !== file && !named.has(path)) fragments.add(path);
    }
  }
  return fragments;
}

/**
 * The other YAML files beside the compose files a walk found (`docker-compose.multi-php.yml` beside
 * `docker-compose.yml`): files meant for `-f docker-compose.yml -f docker-compose.multi-php.yml`,
 * which a walk does not lint, but whose `include:` makes a compose file the walk found a fragment
 * of that combination, not a project of its own.
 */
function overlaysBeside(compose: readonly string[]): string[] {
  const known = new Set(compose);
  const overlays: string[] = [];
  for (const dir of new Set(compose.map((file) => dirname(file)))) {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isFile() && /\.ya?ml$/i.test(e.name) && !COMPOSE_FILE_NAMES.includes(e.name) && !known.has(path)) overlays.push(path);
    }
  }
  return overlays;
}

export interface Discovered {
  files: string[];
  errors: Array<{ path: string; message: string }>;
  /** Directories and globs, as given, that led to no file and no error (a typo in a CI step). */
  unmatched: string[];
  /** The files named on the command line (not found by a walk): an unreadable one is an error. */
  named: Set<string>;
}

/** Where a walk puts what it finds: each file once, in first-seen order, as soon as it is found. */
class Findings {
  readonly result: Discovered = { files: [], errors: [], unmatched: [], named: new Set() };
  /** Project template directories the walk left out (isTemplateDirectory): a path holding only those is not unmatched. */
  templatesSkipped = 0;
  private readonly seenFiles = new Set<string>();
  private lastTurn = Date.now();

  constructor(private readonly onFile: ((file: string, named: boolean) => void) | undefined) {}

  file(path: string, named = false): void {
    if (named) this.result.named.add(path);
    if (this.seenFiles.has(path)) return;
    this.seenFiles.add(path);
    this.result.files.push(path);
    this.onFile?.(path, named);
  }

  error(path: string, message: string): void {
    this.result.errors.push({ path, message });
  }

  /**
   * Every few milliseconds, one turn of the event loop: the walk itself is synchronous (a
   * promise per directory made it ten times slower), but the workers that lint the files found
   * so far need the loop to get their next batches.
   */
  async turn(): Promise<void> {
    if (!this.onFile || Date.now() - this.lastTurn < 5) return;
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
    this.lastTurn = Date.now();
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links (a symlink loop)';
    case 'ENOTDIR': return 'not a directory';
    case 'EISDIR': return 'is a directory';
    default: return e?.message ?? String(err);
  }
}
export { describe as describeFsError };

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

export interface DiscoverOptions {
  cwd: string;
  /** Paths relative to `cwd` (`/` separators) to leave out; null: none (no relative path is computed). */
  ignore: ((relativePath: string) => boolean) | null;
}

/**
 * Which files a walk collects: Dockerfile names for a directory argument, the glob for a glob
 * (a glob matches any file, whatever its name).
 */
type Select = (name: string, full: string) => boolean;

/**
 * Depth-first, entries in name order. Directories are read synchronously (fs.promises' round trip
 * per directory made the walk of 5,000 directories take 1.8 s, now about a tenth); the walk only
 * gives the event loop a turn every few milliseconds (`Findings.turn`) so that workers linting the
 * files found so far get new batches. Real paths are derived from the parent's, so only the root and
 * symlinked directories cost a realpath; `ancestors` holds the real paths being searched (a
 * symlink back up the tree is reported), `seen` every directory searched (reached twice through
 * links: searched once).
 */
async function walk(dir: string, real: string, options: DiscoverOptions, out: Findings, select: Select, seen: Set<string>, ancestors: Set<string>): Promise<void> {
  if (ancestors.has(real)) {
    // A symlink back up the tree: following it would never end. Reported, not silently skipped.
    out.error(dir, `symlink loop: leads back to ${real}, which is already being searched`);
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    out.error(dir, describe(err));
    return;
  }
  await out.turn();
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  ancestors.add(real);
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (options.ignore && options.ignore(toPosix(relative(options.cwd, full)))) continue;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    let childReal = real === sep ? real + entry.name : real + sep + entry.name;
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
        if (isDir) childReal = realpathSync(full);
      } catch (err) {
        // A dangling link is reported when it would be selected; a link loop always.
        const code = (err as NodeJS.ErrnoException)?.code;
        const message = code === 'ENOENT' ? 'broken symbolic link (its target does not exist)' : describe(err);
        if (select(entry.name, full) || code === 'ELOOP') out.error(full, message);
        continue;
      }
    }
    if (isDir) {
      if (isTemplateDirectory(entry.name)) out.templatesSkipped++;
      else if (!SKIPPED_DIRS.has(entry.name)) await walk(full, childReal, options, out, select, seen, ancestors);
    } else if (select(entry.name, full)) {
      if (isFile) out.file(full);
      else out.error(full, 'not a regular file (a FIFO, socket or device)');
    }
  }
  ancestors.delete(real);
}

async function walkFrom(dir: string, options: DiscoverOptions, out: Findings, select: Select): Promise<void> {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (err) {
    out.error(dir, describe(err));
    return;
  }
  await walk(dir, real, options, out, select, new Set(), new Set());
}

/**
 * The files named by `inputs`, each once, in first-seen order, and the paths that could not be
 * searched. `onFile`, when given, gets each file as soon as it is found (the lint starts while
 * the walk goes on).
 */
export async function discover(inputs: string[], options: DiscoverOptions, onFile?: (file: string, named: boolean) => void): Promise<Discovered> {
  const out = new Findings(onFile);
  for (const input of inputs) {
    const absolute = resolve(options.cwd, input);
    const scan = picomatch.scan(input);
    const before = out.result.files.length + out.result.errors.length;
    const templatesBefore = out.templatesSkipped;
    // A file met again through a later pattern counts as a match of that pattern too.
    let matched = false;
    const select = (test: (name: string, full: string) => boolean): Select => (name, full) => {
      const hit = test(name, full);
      if (hit) matched = true;
      return hit;
    };
    const check = (): void => {
      if (!matched && out.result.files.length + out.result.errors.length === before && out.templatesSkipped === templatesBefore) out.result.unmatched.push(input);
    };
    if (scan.isGlob) {
      const base = resolve(options.cwd, scan.base || '.');
      const matcher = picomatch(toPosix(resolve(options.cwd, input)), { dot: true });
      await walkFrom(base, options, out, select((_name, full) => matcher(toPosix(full))));
      check();
      continue;
    }
    let info;
    try {
      info = await lstat(absolute);
      if (info.isSymbolicLink()) info = await stat(absolute);
    } catch (err) {
      out.error(absolute, describe(err));
      continue;
    }
    if (info.isDirectory()) {
      await walkFrom(absolute, options, out, select(isLintedName));
      check();
    } else if (info.isFile()) out.file(await namedProjectOf(absolute), true);
    else out.error(absolute, 'not a regular file (a FIFO, socket or device)');
  }
  return out.result;
}
