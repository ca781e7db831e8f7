/**
 * Linting a set of files with per-file configuration: the part of the CLI that the language
 * server and the benchmark reuse. Knows files and config, not argv or exit codes.
 */
import { isUtf8 } from 'node:buffer';
import { readFile } from '../util/fs-async.js';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { BaseImageCatalog, dataCatalogEntries, entriesFromImageInspect } from '../model/base-images.js';
import type { BaseImageEntry } from '../model/image-types.js';
import { TargetClassifier } from '../model/targets.js';
import type { BuildContextReader, BuilderSetting, FileModel } from '../model/types.js';
import { ConfigError, ConfigResolver, loadConfigFile, type ComposeConfig, type VolintConfig } from '../engine/config.js';
import { lintText, type LintSettings } from '../engine/linter.js';
import type { ComposeIO } from '../compose/model.js';
import type { WorkflowCache } from '../compose/image-builds.js';
import type { ComposeModel } from '../compose/types.js';
import type { AnyRule, SeveritySetting, Severity } from '../engine/types.js';
import { describeFsError, isComposeFile } from './files.js';
import { LISTING_DEP_SUFFIX } from './compose-deps.js';
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { noteWork } from '../util/launch-hooks.js';
import { COMPOSE_FILE_NAMES } from '../compose/names.js';

export interface RunOptions {
  cwd: string;
  rules: readonly AnyRule[];
  /** --config FILE, or false for --no-config, or undefined to search. */
  config?: string | false;
  /** --builder (overrides config). */
  builder?: BuilderSetting;
  target?: string;
  /** --rule overrides (id → setting), highest priority. */
  ruleOverrides: Map<string, SeveritySetting>;
  /** --image-config files. */
  imageConfigs: string[];
  reportUnusedIgnores: boolean;
  /** --compose-file, --env-file, --project-name. */
  compose?: ComposeRunOptions;
  /** --compose-deployed: every compose project linted is deployed as written (ComposeOptions.deployed), whatever the configuration says. */
  composeDeployed?: boolean;
}

/** How compose projects are read in this run (plain data: it crosses to worker threads). */
export interface ComposeRunOptions {
  /** A `-f` list (absolute paths): the first file names the project, the others are merged into it in order. Empty: none. */
  files: string[];
  /** Env files (absolute) for the projects of `scope`, instead of their `.env`. */
  envFiles: string[];
  projectName?: string;
  /** --profile, for the projects of `scope` too. */
  profiles?: string[];
  /** --service (`docker compose up SERVICE…`), for the projects of `scope` too. */
  services?: string[];
  /**
   * The compose files (absolute) whose projects `envFiles` and `projectName` belong to
   * (src/cli/compose-project.ts says which); any other project reads its own `.env` and name.
   */
  scope: string[];
}

export interface ReadResult {
  text: string;
  /** The file began with a UTF-8 byte order mark (removed from `text`, restored on write). */
  bom: boolean;
}

/** Reads a Dockerfile; throws an Error whose message is the one-line cause. */
export async function readDockerfile(path: string): Promise<ReadResult> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (err) {
    throw new Error(describeFsError(err));
  }
  return decodeDockerfile(buffer);
}

/** A file that is not UTF-8 text: skipped with a notice when a directory walk or glob found it. */
export class NotTextError extends Error {}

export function decodeDockerfile(buffer: Buffer): ReadResult {
  const probe = buffer.subarray(0, 8192);
  if (probe.includes(0)) throw new NotTextError('not a text file (it contains NUL bytes)');
  // isUtf8 + toString, not a fatal TextDecoder: the same check without loading ICU's decoder at
  // start-up. toString keeps a byte order mark, as TextDecoder's ignoreBOM did.
  if (!isUtf8(buffer)) throw new NotTextError('not valid UTF-8 text');
  const text = buffer.toString('utf8');
  if (text.includes('\u0000')) throw new NotTextError('not a text file (it contains NUL bytes)');
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

/** The --image-config files whose images a file's FROMs use (so that one matching no FROM can be named). */
export function imageConfigsUsed(model: FileModel | ComposeModel | null): string[] {
  const used = new Set<string>();
  const models: FileModel[] = [];
  if (model && 'kind' in model && model.kind === 'compose') {
    // A compose project uses an image config through a service's `image:` or a FROM of its Dockerfiles.
    for (const service of model.services) {
      if (service.image.kind === 'catalog' && service.image.info.origin === 'image-config') used.add(service.image.info.source);
      if (service.image.kind === 'build') models.push(service.image.model);
    }
  } else if (model) {
    models.push(model as FileModel);
  }
  for (const fileModel of models) {
    for (const stage of fileModel.stages) {
      if (stage.base.kind === 'image' && stage.base.info?.origin === 'image-config') used.add(stage.base.info.source);
    }
  }
  return [...used];
}

interface Prepared {
  config: VolintConfig | null;
  catalog: BaseImageCatalog;
  classifier: TargetClassifier;
  ignore: (rel: string) => boolean;
  overrides: Array<{ match: (rel: string) => boolean; rules: Map<string, SeveritySetting>; compose?: ComposeConfig }>;
}

/** Per-run state: configuration files and catalogues are loaded once each. */
export class Runner {
  private readonly resolver = new ConfigResolver();
  private readonly prepared = new Map<string, Promise<Prepared>>();
  private imageEntries: BaseImageEntry[] | undefined;
  private readonly defaults = dataCatalogEntries();

  constructor(readonly options: RunOptions) {}

  async init(): Promise<void> {
    const entries: BaseImageEntry[] = [];
    for (const file of this.options.imageConfigs) {
      let text: string;
      try {
        text = await readFile(resolve(this.options.cwd, file), 'utf8');
      } catch (err) {
        throw new ConfigError(`${file}: cannot read (${describeFsError(err)})`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
      }
      try {
        entries.push(...entriesFromImageInspect(json, file));
      } catch (err) {
        throw new ConfigError(`${file}: ${(err as Error).message}`);
      }
    }
    this.imageEntries = entries;
  }

  /** The configuration for a file (by its directory), loaded once per config file. */
  async prepare(absolutePath: string): Promise<Prepared> {
    let configPath: string | null;
    if (this.options.config === false) configPath = null;
    else if (typeof this.options.config === 'string') configPath = resolve(this.options.cwd, this.options.config);
    else configPath = await this.resolver.find(absolutePath === '<stdin>' ? this.options.cwd : dirname(absolutePath));
    const key = configPath ?? '';
    let prepared = this.prepared.get(key);
    if (!prepared) {
      prepared = this.load(configPath);
      this.prepared.set(key, prepared);
    }
    return prepared;
  }

  private async load(configPath: string | null): Promise<Prepared> {
    const config = configPath ? await loadConfigFile(configPath, this.options.rules) : null;
    const catalog = new BaseImageCatalog([config?.baseImages ?? [], this.imageEntries ?? [], this.defaults]);
    const classifier = new TargetClassifier(config?.targets ?? {});
    const root = config?.root ?? this.options.cwd;
    const ignoreMatcher = config && config.ignorePatterns.length > 0 ? picomatch(config.ignorePatterns, { dot: true }) : null;
    const toRel = (abs: string): string => relative(root, abs).split(sep).join('/');
    return {
      config,
      catalog,
      classifier,
      ignore: (abs) => (ignoreMatcher ? ignoreMatcher(toRel(abs)) : false),
      overrides: (config?.overrides ?? []).map((o) => {
        const m = picomatch(o.files, { dot: true, basename: !o.files.some((f) => f.includes('/')) });
        return { match: (abs: string) => m(toRel(abs)), rules: o.rules, ...(o.compose ? { compose: o.compose } : {}) };
      }),
    };
  }

  async settingsFor(absolutePath: string): Promise<{ settings: LintSettings; ignored: boolean; failLevel: Severity | undefined }> {
    const prepared = await this.prepare(absolutePath);
    const severities = new Map<string, SeveritySetting>(prepared.config?.rules ?? []);
    let deployed = prepared.config?.compose?.deployed;
    for (const override of prepared.overrides) {
      if (absolutePath === '<stdin>' || !override.match(absolutePath)) continue;
      for (const [k, v] of override.rules) severities.set(k, v);
      if (override.compose?.deployed !== undefined) deployed = override.compose.deployed;
    }
    // --compose-deployed wins over the configuration.
    if (this.options.composeDeployed) deployed = true;
    for (const [k, v] of this.options.ruleOverrides) severities.set(k, v);
    return {
      settings: {
        builder: this.options.builder ?? prepared.config?.builder ?? 'any',
        ...(this.options.target ? { target: this.options.target } : {}),
        rules: this.options.rules,
        severities,
        catalog: prepared.catalog,
        classifier: prepared.classifier,
        reportUnusedIgnores: this.options.reportUnusedIgnores,
        ...(deployed ? { composeDeployed: true } : {}),
        // A Dockerfile on disk is built from its directory (`docker build .` beside it): the model reads the start script there.
        ...(absolutePath !== '<stdin>' && !isComposeFile(absolutePath) ? { buildContext: diskBuildContext(dirname(absolutePath), undefined, basename(absolutePath)) } : {}),
      },
      ignored: absolutePath !== '<stdin>' && prepared.ignore(absolutePath),
      failLevel: prepared.config?.failLevel,
    };
  }

  async lint(text: string, absolutePath: string, displayPath: string) {
    const { settings } = await this.settingsFor(absolutePath);
    return lintText(text, displayPath, settings);
  }

  private workflowCache: Promise<WorkflowCache> | undefined;

  /**
   * The repositories' CI workflows as this run read them (src/compose/image-builds.ts): each read
   * once however many compose projects of the run ask. Made when a compose project first asks (the
   * Compose modules load then, not in a Dockerfile lint).
   */
  workflows(): Promise<WorkflowCache> {
    return (this.workflowCache ??= import('../compose/image-builds.js').then(({ WorkflowCache }) => new WorkflowCache()));
  }

  /**
   * Lints the Compose project of a Dev Container configuration (the text given; the compose files
   * from `io`). `runCache` as for lintCompose.
   */
  async lintDevcontainer(text: string, absolutePath: string, displayPath: string, io: ComposeIO = diskComposeIO, runCache = true) {
    const { settings } = await this.settingsFor(absolutePath);
    return lintDevcontainerFile(text, absolutePath, displayPath, settings, this.options.cwd, io, runCache ? await this.workflows() : null);
  }

  /**
   * Lints a compose project named by its compose file (the text given; the other files from `io`).
   * `runCache`: the workflows are read through the run's cache (false for the language server,
   * whose runner outlives a lint while the files change: each lint reads them afresh). `named`: the
   * user named the file (the command line; not a walk, not the editor): an overlay without a base
   * keeps its error instead of a note (src/compose/overlay.ts).
   */
  async lintCompose(text: string, absolutePath: string, displayPath: string, io: ComposeIO = diskComposeIO, runCache = true, named = true) {
    const { settings } = await this.settingsFor(absolutePath);
    return lintComposeFile(text, absolutePath, displayPath, settings, this.options.cwd, io, this.options.compose, runCache ? await this.workflows() : null, named);
  }
}

/** Files of a build context read at most (bytes). */
const MAX_CONTEXT_FILE_BYTES = 256 * 1024;

/**
 * A build context on the disk: reads a regular file below `dir` (not through a symbolic link,
 * which COPY would copy as a link), as UTF-8 text, up to 256 KB; null for anything else; lists a
 * directory at or below `dir` and tells what is at a path (not through a symbolic link).
 * `onRead` hears every absolute path looked at, a listing as the directory's path followed by
 * LISTING_DEP_SUFFIX (the cache's key covers them). `dockerfile` is the name of the Dockerfile at
 * the context's root, whose own ignore file is beside it; with it, the reader offers the folders
 * above `dir` within its git repository as the build context (`enclosing`), where the model finds
 * that `dir` does not hold what the Dockerfile copies.
 */
export function diskBuildContext(dir: string, onRead?: (absolutePath: string) => void, dockerfile?: string): BuildContextReader {
  const reader = diskContext(resolve(dir), onRead, dockerfile);
  if (dockerfile === undefined) return reader;
  return { ...reader, dockerfileAtRoot: true, enclosing: () => enclosingContext(resolve(dir), resolve(dir, dockerfile), onRead) };
}

/** Folders above a Dockerfile's looked at, at most, for the root of the git repository that holds it. */
const MAX_REPOSITORY_DEPTH = 8;

/**
 * The folder above `dir` as a build context of the Dockerfile `dockerfile` (absolute), and so on up
 * to the root of the git repository that holds `dir` (the nearest folder with a `.git` entry): a
 * repository's checkout holds the files its Dockerfiles copy, where a copy of some of its files (a
 * corpus of Dockerfiles, a folder of examples) may not. Null at that root, and outside a repository.
 */
function enclosingContext(dir: string, dockerfile: string, onRead?: (absolutePath: string) => void): BuildContextReader | null {
  let repository: string | null = null;
  for (let folder = dir, depth = 0; depth <= MAX_REPOSITORY_DEPTH; depth++) {
    const marker = resolve(folder, '.git');
    onRead?.(marker);
    if (lstatSync(marker, { throwIfNoEntry: false })) {
      repository = folder;
      break;
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  if (repository === null || repository === dir) return null;
  const parent = dirname(dir);
  const reader = diskContext(parent, onRead, relative(parent, dockerfile).split(sep).join('/'));
  return { ...reader, enclosing: () => enclosingContext(parent, dockerfile, onRead) };
}

/** The build context in the folder `root` (absolute) of the Dockerfile at `dockerfile` (relative to it), as diskBuildContext describes it. */
function diskContext(root: string, onRead?: (absolutePath: string) => void, dockerfile?: string): BuildContextReader {
  const reader: BuildContextReader = {
    async kind(relativePath) {
      const path = resolve(root, relativePath);
      if (path !== root && !path.startsWith(root + sep)) return null;
      onRead?.(path);
      try {
        const info = lstatSync(path, { throwIfNoEntry: false });
        return !info ? null : info.isDirectory() ? 'directory' : 'file';
      } catch {
        // A directory on the way that cannot be searched (a volume's data directory a container made, mode 700): not known.
        return null;
      }
    },
    async list(relativePath) {
      const path = resolve(root, relativePath);
      if (path !== root && !path.startsWith(root + sep)) return null;
      onRead?.(path + LISTING_DEP_SUFFIX);
      try {
        const info = lstatSync(path, { throwIfNoEntry: false });
        if (!info?.isDirectory()) return null;
        // Synchronous, as diskComposeIO.list.
        const entries = readdirSync(path, { withFileTypes: true });
        return entries.map((e) => ({ name: e.name, directory: e.isDirectory() })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch {
        return null;
      }
    },
    async readText(relativePath) {
      const path = resolve(root, relativePath);
      if (!path.startsWith(root + sep)) return null;
      onRead?.(path);
      try {
        // Most files looked for are not there (no .dockerignore, a Dockerfile kept without its context): a
        // synchronous lstat that returns nothing costs a system call, where the asynchronous one builds and
        // throws an ENOENT error (its stack trace included) for every miss: 11-13% of the CPU of a run over real
        // Dockerfiles without their context.
        const info = lstatSync(path, { throwIfNoEntry: false });
        if (!info || !info.isFile() || info.size > MAX_CONTEXT_FILE_BYTES) return null;
        const bytes = await readFile(path);
        // A file with a NUL byte is not text (decodeDockerfile refuses it too): the shell parser takes quadratic time over NULs.
        return isUtf8(bytes) && !bytes.includes(0) ? bytes.toString('utf8') : null;
      } catch {
        return null;
      }
    },
  };
  if (dockerfile === undefined) return reader;
  return { ...reader, besideDockerfile: (suffix) => reader.readText(`${dockerfile}${suffix}`) };
}

/** Reads a project's other files (override, .env, Dockerfiles) from the disk. */
/** Whether a regular file is there with an execute bit (ComposeIO.isExecutable, and the --cache key's part for it). */
export function isExecutableFile(path: string): boolean {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat !== undefined && stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

export const diskComposeIO: ComposeIO = {
  async readText(path) {
    return (await readDockerfile(path)).text;
  },
  // Synchronous stats that return nothing for a missing path (as diskContext's): most paths asked about are not there
  // (.env templates, override files, `.git` on the way up), and an asynchronous stat builds and throws an error with its
  // stack trace for each: a fifth of the CPU of a walk over compose projects.
  async isFile(path) {
    try {
      return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      return false;
    }
  },
  async fileSize(path) {
    try {
      const info = statSync(path, { throwIfNoEntry: false });
      return info?.isFile() ? info.size : null;
    } catch {
      return null;
    }
  },
  async exists(path) {
    try {
      return statSync(path, { throwIfNoEntry: false }) !== undefined;
    } catch (error) {
      // There but not to be looked at (a directory on the way that cannot be searched, a symbolic link loop); else not there (a file on the way).
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EACCES' || code === 'EPERM' || code === 'ELOOP';
    }
  },
  async isExecutable(path) {
    return isExecutableFile(path);
  },
  async list(path) {
    // Synchronous, as the walk's: most directories asked for are not there (`.github/workflows` in each folder up to
    // the repository's root), and a stat that returns nothing costs a system call where a failing asynchronous readdir
    // builds an ENOENT error with its stack trace; a listing costs an eighth of the CPU of an asynchronous one (a trip
    // through libuv's thread pool and the event loop). Together the largest item of a profile of a walk over compose
    // projects (14% of its CPU).
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info?.isDirectory()) throw new Error(info ? 'not a directory' : 'no such file or directory');
    const entries = readdirSync(path, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, directory: e.isDirectory() })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  },
};

/** A `/`-separated absolute path without empty, `.` or `..` segments or a trailing slash (or `/` itself). */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|.\/$/;

/**
 * The display path of an absolute path: relative to `cwd` unless outside it, `/` separators.
 * A normal path below a normal `cwd` is the rest of the path after it, and any other normal path
 * but `cwd` itself is outside it (path.relative would start with `..`), so it is shown as it is:
 * what path.relative gives for those, without its cost (it resolves both first) on every file of
 * a walk.
 */
export function displayPathOf(cwd: string, absolute: string): string {
  if (sep === '/' && cwd.startsWith('/') && absolute.startsWith('/') && absolute !== cwd && !NOT_NORMAL.test(cwd) && !NOT_NORMAL.test(absolute)) {
    const below = absolute.length > cwd.length && absolute.startsWith(cwd) && (cwd === '/' || absolute.charCodeAt(cwd.length) === 47);
    return below ? absolute.slice(cwd === '/' ? 1 : cwd.length + 1) : absolute;
  }
  const rel = relative(cwd, absolute);
  return (rel.startsWith('..') ? absolute : rel).split(sep).join('/');
}

/**
 * Lints the compose project named by `absolutePath`: with `compose`, the first file of its `-f`
 * list merges the others (and no override file); its env files and project name apply to the
 * projects of its `scope` only. `workflows`: the run's cache of CI workflows, if any.
 *
 * A file whose services lack an image and a build, or mount named volumes it does not declare, alone,
 * is taken for an overlay (src/compose/overlay.ts) unless a `--compose-file` list names it: with a
 * base found, it is linted as `-f base… -f overlay` (with `$PWD` the folder the written command line
 * runs in), and only the findings in it are kept (the base's are its own lint's); without one, a
 * file with image-less services gets one note saying how to lint it (named on the command line, in a
 * walk, in the editor alike), and a file whose only lack is a volume declaration keeps its errors.
 */
/** The per-entry errors of a file linted from the wrong folder: a Dockerfile not found, a named volume not declared. */
const FRAGMENT_ERROR = /^service \S+: Dockerfile .* cannot be read \(no such file or directory\)$|^service \S+ mounts volume \S+, which the top-level `volumes:` does not declare/;

export async function lintComposeFile(
  text: string,
  absolutePath: string,
  displayPath: string,
  settings: LintSettings,
  cwd: string,
  io: ComposeIO = diskComposeIO,
  compose?: ComposeRunOptions,
  workflows: WorkflowCache | null = null,
  // Whether the user named the file: an overlay without a base gets its note either way now (kept for the callers and the --cache key).
  _named = true,
) {
  const { lintComposeText, problemFinding } = await import('../engine/compose-linter.js');
  noteWork('compose');
  const list = compose && compose.files[0] === absolutePath ? compose.files.slice(1) : null;
  const own = compose !== undefined && compose.scope.includes(absolutePath);
  const show = (abs: string): string => displayPathOf(cwd, abs);
  const alone = await lintComposeText(
    {
      text,
      file: displayPath,
      absolutePath,
      io,
      displayPath: (abs) => displayPathOf(cwd, abs),
      environment: process.env,
      overrides: list === null,
      ...(list ? { moreFiles: list } : {}),
      ...(own && compose.envFiles.length > 0 ? { envFiles: compose.envFiles } : {}),
      ...(own && compose.projectName ? { projectName: compose.projectName } : {}),
      ...(own && compose.profiles ? { profiles: compose.profiles } : {}),
      ...(own && compose.services ? { services: compose.services } : {}),
      ...(workflows ? { workflows } : {}),
    },
    settings,
  );
  // Named volumes its services mount that no file of its project declares: a base may declare them.
  const undeclared = [...new Set(alone.model.services.flatMap((s) => s.mounts.filter((m) => m.cover === 'named-volume' && m.volume === null && m.volumeKey && m.location?.file === displayPath).map((m) => m.volumeKey!)))];
  if (compose?.files.includes(absolutePath)) return alone;
  // A fragment (src/cli/run.ts asFragment): a file in a subfolder written relative to an ancestor's compose file.
  const asFragment = async (result: typeof alone): Promise<typeof alone> => {
    const failing = result.findings.filter((f) => f.file === displayPath && f.severity === 'error' && FRAGMENT_ERROR.test(f.message));
    if (list !== null || failing.length === 0) return result;
    for (let at = dirname(dirname(absolutePath)), level = 0; level < 4; level++, at = dirname(at)) {
      let root: string | null = null;
      for (const name of COMPOSE_FILE_NAMES) {
        if (await io.isFile(join(at, name))) {
          root = join(at, name);
          break;
        }
      }
      if (root !== null) {
        let rootText: string;
        try {
          rootText = await io.readText(root);
        } catch {
          return result;
        }
        const merged = await lintComposeText(
          { text: rootText, file: show(root), absolutePath: root, io, displayPath: show, environment: process.env, overrides: false, moreFiles: [absolutePath], ...(workflows ? { workflows } : {}) },
          settings,
        );
        // The answer rests on the root file and what its project read (the --cache key).
        result.model.looked = [...new Set([...result.model.looked, ...merged.model.looked])].sort();
        result.model.listed = [...new Set([...result.model.listed, ...merged.model.listed])].sort();
        // Every failing entry must resolve from there: none of those errors is left in the file.
        if (merged.findings.some((f) => f.file === displayPath && f.severity === 'error' && FRAGMENT_ERROR.test(f.message))) return result;
        const from = show(at) || '.';
        const note = problemFinding({
          location: { file: displayPath, range: failing[0]!.range },
          message:
            `${basename(absolutePath)} resolves its paths from ${from} (where ${show(root)} is), not from its own folder: alone, ${failing.map((f) => f.message).join('; ')}, and none of that holds from ${from}. ` +
            `It is a part of that project Compose merges with -f (relative paths of every -f file resolve from the first file's folder). Lint them together: volint --compose-file ${show(root)} --compose-file ${displayPath}`,
          severity: 'note',
        });
        return { ...result, findings: [...result.findings.filter((f) => !failing.includes(f)), note] };
      }
      if ((io.exists && (await io.exists(join(at, '.git')))) || dirname(at) === at) break;
    }
    return result;
  };
  if (alone.model.imageless.length === 0 && undeclared.length === 0) return asFragment(alone);
  const { findOverlayBase } = await import('../compose/overlay.js');
  const search = await findOverlayBase(absolutePath, text, io, workflows, undeclared);
  if (!search) return asFragment(alone);
  const depends = (model: typeof alone.model): void => {
    model.looked = [...new Set([...model.looked, ...search.looked])].sort();
    model.listed = [...new Set([...model.listed, ...search.listed])].sort();
  };
  if (search.base) {
    const [first, ...rest] = search.base.files as [string, ...string[]];
    let firstText: string;
    try {
      firstText = await io.readText(first);
    } catch {
      depends(alone.model);
      return alone;
    }
    const merged = await lintComposeText(
      {
        text: firstText,
        file: show(first),
        absolutePath: first,
        io,
        displayPath: show,
        environment: process.env,
        overrides: false,
        moreFiles: [...rest, absolutePath],
        ...(search.base.cwd !== null ? { workingDirectory: { dir: search.base.cwd, evidence: search.base.evidence! } } : {}),
        ...(workflows ? { workflows } : {}),
      },
      settings,
    );
    depends(merged.model);
    // The base's own findings are reported where the base is linted; each kept one says how the overlay was linted.
    const findings = merged.findings.filter((f) => f.file === displayPath);
    const evidence = search.base.evidence;
    const services = search.shape.imageless;
    const how = evidence
      ? `as ${show(evidence.file)}:${evidence.line} runs it`
      : `${show(first)} is the nearest compose file that defines ${services.length === 1 ? `service ${services[0]}` : `services ${services.join(', ')}`}, which ${basename(absolutePath)} names without an image`;
    const command = ['docker compose', ...[...search.base.files, absolutePath].map((f) => `-f ${show(f)}`)].join(' ');
    for (const finding of findings) finding.explanation.push(`${basename(absolutePath)} is an overlay: volint linted it as \`${command}\` (${how}).`);
    return { file: displayPath, findings, model: merged.model };
  }
  depends(alone.model);
  // Only its undeclared volumes: the errors stay (a mistake as likely as a fragment), unless an ancestor's project resolves them.
  if (search.shape.imageless.length === 0) return asFragment(alone);
  const services = search.shape.imageless;
  const first = alone.model.services.find((s) => s.name === services[0]);
  const which = services.length === 1 ? `service ${services[0]} has` : `services ${services.join(', ')} have`;
  const note = problemFinding({
    location: first?.location.file === displayPath ? first.location : { file: displayPath, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    message:
      `${basename(absolutePath)} looks like an overlay of another compose file (\`-f base.yaml -f ${basename(absolutePath)}\`): ${which} neither an image nor a build here, and Compose refuses the file alone. ` +
      'volint found no base: no `-f` list or COMPOSE_FILE naming it in its comments, the Makefiles, scripts, package.json, Markdown, .env or GitHub workflows of the repository, and no default compose file at or above it that defines ' +
      `${services.length === 1 ? 'that service' : 'those services'}. Lint them together: volint --compose-file BASE --compose-file ${displayPath}`,
    severity: 'note',
  });
  return { file: displayPath, findings: [note], model: alone.model };
}

/**
 * Lints the Compose project a Dev Container configuration defines (src/compose/devcontainer.ts):
 * its `dockerComposeFile` list merged in order, named and started as the Dev Containers tool does.
 * Problems of the configuration itself (not JSON with comments, a listed file that cannot be read,
 * a `service` the files do not define) are findings in it; the project's findings are in its
 * compose files. `model` is null when no project was linted. `compose` options (--env-file …) are
 * not the dev container's: they belong to the one project their scope names. `workflows`: the
 * run's cache of CI workflows, if any.
 */
export async function lintDevcontainerFile(
  text: string,
  absolutePath: string,
  displayPath: string,
  settings: LintSettings,
  cwd: string,
  io: ComposeIO = diskComposeIO,
  workflows: WorkflowCache | null = null,
) {
  const [{ readDevcontainer, devcontainerProjectName }, { lintComposeText, problemFinding }] = await Promise.all([
    import('../compose/devcontainer.js'),
    import('../engine/compose-linter.js'),
  ]);
  noteWork('compose');
  const show = (abs: string): string => displayPathOf(cwd, abs);
  const config = readDevcontainer(text, absolutePath, displayPath, process.env);
  const findings = config.problems.map(problemFinding);
  const first = config.composeFiles[0];
  if (!first) return { findings, model: null };
  let firstText: string | undefined;
  for (const listed of config.composeFiles) {
    try {
      if (!(await io.isFile(listed.path))) throw new Error('no such file or directory');
      if (listed === first) firstText = await io.readText(listed.path);
    } catch (err) {
      findings.push(problemFinding({
        location: listed.location,
        message: `"dockerComposeFile" in ${displayPath} lists ${show(listed.path)}, which cannot be read (${(err as Error).message}): Compose refuses the project and the dev container does not start`,
        severity: 'error',
      }));
    }
  }
  if (firstText === undefined || findings.some((f) => f.severity === 'error')) return { findings, model: null };
  const names = await devcontainerProjectName(absolutePath, first.path, io, process.env);
  // `up` is given runServices and service when runServices is not empty; else it starts every service.
  const named = config.runServices.length > 0 ? [...config.runServices, ...(config.service ? [config.service] : [])] : [];
  const origins = new Map(named.map((n) => [n.name, { location: n.location, by: `"${n === config.service ? 'service' : 'runServices'}" in ${displayPath}` }] as const));
  const result = await lintComposeText(
    {
      text: firstText,
      file: show(first.path),
      absolutePath: first.path,
      io,
      displayPath: show,
      environment: process.env,
      overrides: false,
      moreFiles: config.composeFiles.slice(1).map((f) => f.path),
      ...names,
      ...(named.length > 0 ? { services: named.map((n) => n.name), serviceOrigins: origins } : {}),
      ...(workflows ? { workflows } : {}),
    },
    settings,
  );
  const { model } = result;
  const service = config.service;
  if (service && named.length === 0 && !model.services.some((s) => s.name === service.name) && !model.profiles.inactive.some((s) => s.name === service.name)) {
    const known = model.services.map((s) => s.name).sort();
    findings.push(problemFinding({
      location: service.location,
      message: `"service" in ${displayPath} names ${service.name}, which is no service of its compose files (the dev container does not start: "Service '${service.name}' configured in devcontainer.json not found in Docker Compose configuration"); the services are ${known.join(', ') || 'none'}`,
      severity: 'error',
    }));
  }
  return { findings: [...findings, ...result.findings], model };
}

export { isComposeFile };
