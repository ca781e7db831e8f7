/**
 * Files of the image that the build brought from the build context: where a path of a stage comes
 * from (the last COPY or ADD that puts it there, followed back through `COPY --from` of earlier
 * stages), read through the build context's reader. The start script (src/model/start-script.ts)
 * and, for Compose, the program a service starts and the configuration file its command names
 * (src/compose/service-settings.ts) are read this way.
 *
 * Only what is certain is read: no file through a wildcard source, an URL, a heredoc or a local
 * archive that ADD would extract, no file the build context's ignore file leaves out under one of
 * the builders (src/model/dockerignore.ts: .dockerignore, or the Dockerfile's own
 * `<Dockerfile>.dockerignore`, read as each builder reads it), and no file a later step rewrote or
 * removed (a chmod or chown leaves its content).
 *
 * What a COPY of a directory brings at a path (a volume's path below `COPY . /app`) is found by
 * listing the context (a reader that can list): the files the copy brings there, once the ignore file
 * has left out what it excludes, and whether they are only placeholders. The Dockerfile's own
 * directory is read as its context only where it holds every file the build copies from the context
 * by name (readContextCopies); a Compose service's context is the one its `build:` names.
 */
import { Dockerignore } from './dockerignore.js';
import { isWithin, normalizePath } from './paths.js';
import { copySourceStage, MAX_COPY_FROM_HOPS, stageChain } from './query.js';
import type { BuildContextReader, BuilderSetting, ContextCopy, FileModel, PathEffect, Stage } from './types.js';

/**
 * How many places one file is looked for, at most: a `COPY --from` of several sources gives a
 * candidate per source at each hop, so the places multiply (sources to the power of the hops,
 * MAX_COPY_FROM_HOPS).
 */
const MAX_PLACES = 64;
/** Sources that ADD extracts (a local tar archive) rather than copies. */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst))$/i;

/** A file of the image that a COPY or ADD brought from the build context. */
export interface ContextFile {
  /** Its path in the build context (relative, normalised). */
  source: string;
  /** The COPY or ADD of the build context that brought it (at the end of any `COPY --from` hops). */
  copy: PathEffect;
  text: string;
}

/** A file of the build context the build may or may not bring: the builders asked about (or their versions) read the ignore files differently for it. */
export interface UndecidedFile {
  /** Its path in the build context. */
  undecided: string;
}

/** What a COPY or ADD of the build context brings at a path of the image (ContextCopy without the step and the path). */
export type CopiedTree = Pick<ContextCopy, 'source' | 'brings' | 'files'>;

/** One build context's files, as the build sees them. */
export interface BuildContextFiles {
  /** The context's ignore files under the builders (read once). */
  dockerignore(): Promise<Dockerignore>;
  /**
   * Where the file `path` of the stage (as the stage ends, or as the step at instruction index
   * `before` finds it) comes from in the build context, with its text; null when that is not certain.
   */
  locate(model: FileModel, stage: Stage, path: string, before?: number): Promise<ContextFile | null>;
  /** As locate, but says which file of the context it would be where the ignore files leave it in under some builders and out under others. */
  lookup(model: FileModel, stage: Stage, path: string, before?: number): Promise<ContextFile | UndecidedFile | null>;
  /**
   * What the COPY or ADD `copy` of the build context brings at the image's `path` (its destination,
   * a path below it, or one above it), or null when volint cannot tell: see copiedTree.
   */
  copied(copy: PathEffect, path: string): Promise<CopiedTree | null>;
  /**
   * Whether the build context holds every source the model's steps copy from it by name (not left
   * out by .dockerignore), and names one besides its root or has a .dockerignore: what says that a
   * Dockerfile's directory is its build context.
   */
  holdsSources(model: FileModel): Promise<boolean>;
}

/** The files of the build context `reader` reads, as the builders of `builder` bring them into the build. */
export function buildContextFiles(reader: BuildContextReader, builder: BuilderSetting): BuildContextFiles {
  let ignore: Promise<Dockerignore> | undefined;
  const dockerignore = (): Promise<Dockerignore> =>
    (ignore ??= Dockerignore.read(
      {
        context: (name) => reader.readText(name),
        besideDockerfile: (suffix) => reader.besideDockerfile?.(suffix) ?? Promise.resolve(null),
        dockerfileAtRoot: reader.dockerfileAtRoot ?? false,
      },
      builder,
    ));
  const lookup = async (model: FileModel, stage: Stage, path: string, before = Infinity): Promise<ContextFile | UndecidedFile | null> =>
    locate(model, stage, path, reader, await dockerignore(), 0, before, { left: MAX_PLACES });
  const listings = new Map<string, Promise<Listing | null>>();
  const tree: ContextTree = {
    reader,
    list: (relative) => {
      let listing = listings.get(relative);
      if (!listing) {
        listing = reader.list ? reader.list(relative) : Promise.resolve(null);
        listings.set(relative, listing);
      }
      return listing;
    },
  };
  return {
    dockerignore,
    lookup,
    locate: async (model, stage, path, before) => {
      const found = await lookup(model, stage, path, before);
      return found && 'text' in found ? found : null;
    },
    copied: async (copy, path) => (reader.list ? copiedTree(copy, path, tree, await dockerignore()) : null),
    holdsSources: async (model) => (reader.list ? holdsSources(model, tree, await dockerignore()) : false),
  };
}

/**
 * The build context the model reads: the one `reader` reads, or where it does not hold what the
 * Dockerfile copies from the context (BuildContextFiles.holdsSources) the nearest folder above it
 * that does (BuildContextReader.enclosing: a Dockerfile in docker/app/ built with `docker build -f
 * docker/app/Dockerfile .` from the repository's root, as its COPY sources say). Looked for only
 * where a stage has volumes: what the context holds matters to nothing else.
 */
export async function chooseBuildContext(model: FileModel, reader: BuildContextReader): Promise<BuildContextFiles> {
  const here = buildContextFiles(reader, model.builder);
  if (!reader.enclosing || !model.stages.some((s) => s.volumes.length > 0 && !s.windows) || (await here.holdsSources(model))) return here;
  for (let above = reader.enclosing(); above; above = above.enclosing?.() ?? null) {
    const there = buildContextFiles(above, model.builder);
    if (await there.holdsSources(model)) return there;
  }
  return here;
}

/**
 * What the COPY and ADD steps of the build context bring at the volume paths of the model's stages
 * (stage.contextCopies), where the build context holds what the Dockerfile copies from it by name
 * (BuildContextFiles.holdsSources): a Dockerfile read beside other files is not taken for one read
 * in its build context.
 */
export async function readContextCopies(model: FileModel, context: BuildContextFiles): Promise<void> {
  const wanted: Array<{ stage: Stage; path: string; copy: PathEffect }> = [];
  for (const stage of model.stages) {
    if (stage.volumes.length === 0 || stage.windows) continue;
    const copies = stageChain(stage).flatMap((s) => s.effects.filter((e) => e.kind === 'copy' && e.from === undefined && (e.sources ?? []).length > 0));
    for (const path of new Set(stage.volumes.map((v) => v.path))) {
      for (const copy of copies) if (isWithin(path, copy.path) || isWithin(copy.path, path)) wanted.push({ stage, path, copy });
    }
  }
  if (wanted.length === 0 || !(await context.holdsSources(model))) return;
  for (const { stage, path, copy } of wanted) {
    const found = await context.copied(copy, path);
    if (found) stage.contextCopies.push({ copy, path, ...found });
  }
}

/** Files that only keep an empty directory in a repository (git keeps no empty directory). */
const KEEP_FILES = new Set(['.gitkeep', '.keep', '.gitignore', '.empty', '.placeholder']);
/**
 * A README (README, README.md, readme.txt …): in a tree the repository keeps with keep files
 * (NodeBB's build/ holds only .gitignore files and build/export/README, which says what the program
 * writes there at run time), it explains the kept directory and is no content a program reads.
 */
const README = /^readme(?:\.[a-z]+)?$/i;
/** Entries of the build context looked at, at most, for what one step brings at a path. */
const MAX_ENTRIES = 200;
/** Files that are not placeholders named, at most. */
const MAX_FILES = 3;

type Listing = Array<{ name: string; directory: boolean }>;

/** The context's reader, with its directory listings kept. */
interface ContextTree {
  reader: BuildContextReader;
  list(relative: string): Promise<Listing | null>;
}

/** A COPY source named as it is, of the build context: no wildcard, variable, URL, git address or heredoc. */
function literalSource(source: string): boolean {
  return !/[*?[\]$]/.test(source) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !/^[\w.-]+@[\w.-]+:/.test(source) && !source.startsWith('<<');
}

/** A source's path relative to the context ('' for its root). */
function contextPath(source: string): string {
  return normalizePath(`/${source}`).slice(1);
}

/** Whether the context holds `relative` as a directory or a file (a symbolic link counts as a file), or neither (null). */
async function entryKind(tree: ContextTree, relative: string): Promise<'directory' | 'file' | null> {
  if (relative === '') return (await tree.list('')) ? 'directory' : null;
  if (tree.reader.kind) return tree.reader.kind(relative);
  const slash = relative.lastIndexOf('/');
  const entries = await tree.list(slash < 0 ? '' : relative.slice(0, slash));
  const entry = entries?.find((e) => e.name === relative.slice(slash + 1));
  return entry ? (entry.directory ? 'directory' : 'file') : null;
}

/** A file that only keeps its directory: a keep file by its name (.gitkeep), or an empty one. */
async function isPlaceholder(tree: ContextTree, relative: string): Promise<boolean> {
  if (KEEP_FILES.has(relative.slice(relative.lastIndexOf('/') + 1))) return true;
  const text = await tree.reader.readText(relative);
  return text !== null && text.trim() === '';
}

async function holdsSources(model: FileModel, tree: ContextTree, ignore: Dockerignore): Promise<boolean> {
  let named = false;
  for (const stage of model.stages) {
    if (stage.windows) return false;
    for (const effect of stage.effects) {
      if (effect.kind !== 'copy' || effect.from !== undefined) continue;
      for (const source of (effect.sources ?? []).filter(literalSource)) {
        const relative = contextPath(source);
        if (relative === '') continue;
        if (ignore.presence(relative) !== 'in' || (await entryKind(tree, relative)) === null) return false;
        named = true;
      }
    }
  }
  return named || ignore.present;
}

/**
 * What the COPY or ADD `copy` of the build context brings at the image's `path`, as the build does:
 * a directory source's contents land at the destination, so `path` holds the source's entry below
 * the destination (`COPY . /app` puts the context's config/ at /app/config); where the copy lands
 * inside `path`, all it brings is there. Null when volint cannot tell: a source that is not named as
 * it is (a wildcard, an URL, a heredoc), an archive ADD extracts, a source the context does not
 * hold or .dockerignore leaves out, a file source copied above `path` (where it lands depends on the
 * destination's form), a listing that fails, or more than MAX_ENTRIES entries with no file found.
 */
async function copiedTree(copy: PathEffect, path: string, tree: ContextTree, ignore: Dockerignore): Promise<CopiedTree | null> {
  const sources = copy.sources ?? [];
  if (copy.from !== undefined || sources.length === 0 || !sources.every(literalSource)) return null;
  if (copy.command === 'ADD' && sources.some((s) => ARCHIVE.test(s))) return null;
  const inside = copy.path !== path && isWithin(copy.path, path);
  if (!inside && !isWithin(path, copy.path)) return null;
  const rest = inside || copy.path === path ? '' : path.slice(copy.path === '/' ? 1 : copy.path.length + 1);
  const found: CopiedTree = { source: null, brings: false, files: [] };
  const walk = new TreeWalk(tree, ignore, found);
  for (const source of sources) {
    const relative = contextPath(source);
    const kind = await entryKind(tree, relative);
    if (kind === null || (relative !== '' && ignore.presence(relative) !== 'in')) return null;
    const at = kind === 'file' ? relative : [relative, rest].filter((p) => p !== '').join('/');
    if (kind === 'file' && rest !== '') return null;
    const before = found.brings;
    const state = await walk.entry(at, kind === 'file' ? 'file' : await entryKind(tree, at));
    if (state === 'unknown') return null;
    // What lands at the path itself: a directory source's entry there (a file source lands at the path or inside it, as the destination is written).
    if (!before && found.brings && !inside && kind === 'directory') found.source = at;
    if (state === 'enough') break;
  }
  walk.finish();
  return found;
}

/** A walk over what a copy brings, counting entries against MAX_ENTRIES. */
class TreeWalk {
  private budget = MAX_ENTRIES;
  /** A keep file was found: the repository keeps (part of) the tree otherwise empty. */
  private keepFiles = false;
  /** READMEs found, content unless keep files keep the tree (README). */
  private readonly readmes: string[] = [];

  /** Counts the READMEs as files unless keep files were found beside them (README); call when the walk is over. */
  finish(): void {
    if (this.keepFiles) return;
    for (const readme of this.readmes) if (this.found.files.length < MAX_FILES) this.found.files.push(readme);
  }

  constructor(
    private readonly tree: ContextTree,
    private readonly ignore: Dockerignore,
    private readonly found: CopiedTree,
  ) {}

  /**
   * Adds what the context's entry `relative` (of that kind) brings to `found`: 'done', 'enough'
   * once MAX_FILES files that are not placeholders are found, 'unknown' when the walk cannot finish.
   */
  async entry(relative: string, kind: 'directory' | 'file' | null): Promise<'done' | 'enough' | 'unknown'> {
    if (kind === null) return 'done';
    // A path in the build under some builders and out under others: what the copy brings depends on the builder.
    const presence = this.ignore.presence(relative);
    if (presence === 'depends') return 'unknown';
    const out = presence === 'out';
    if (kind === 'file') {
      if (out) return 'done';
      this.found.brings = true;
      const name = relative.slice(relative.lastIndexOf('/') + 1);
      if (KEEP_FILES.has(name)) this.keepFiles = true;
      else if (README.test(name)) this.readmes.push(relative);
      else if (!(await isPlaceholder(this.tree, relative))) this.found.files.push(relative);
      return this.found.files.length >= MAX_FILES ? 'enough' : 'done';
    }
    // A directory left out may still hold files an exception (`!`) takes back in.
    if (out && !this.ignore.exceptions) return 'done';
    const entries = await this.tree.list(relative);
    if (!entries) return 'unknown';
    if (!out) this.found.brings = true;
    for (const e of entries) {
      if (--this.budget < 0) return this.found.files.length > 0 ? 'enough' : 'unknown';
      const state = await this.entry(relative === '' ? e.name : `${relative}/${e.name}`, e.directory ? 'directory' : 'file');
      if (state !== 'done') return state;
    }
    return 'done';
  }
}

/**
 * The source paths a COPY/ADD with these sources and destination reads for the file `path` it puts
 * in the image, the one that wins first: the one source of a copy to that very path, `source/rest`
 * for a directory copied to a parent of it (COPY copies a directory's contents), and a source named
 * like the file copied into its directory; a later source overwrites an earlier one. Empty when a
 * source is not named as it is (literalSource: a wildcard, a variable, an URL, a git address, a
 * heredoc) or is an archive ADD extracts.
 */
function sourceCandidates(copy: PathEffect, path: string): string[] {
  const sources = copy.sources ?? [];
  if (sources.length === 0 || !sources.every(literalSource)) return [];
  if (copy.command === 'ADD' && sources.some((s) => ARCHIVE.test(s))) return [];
  if (copy.path === path) return sources.length === 1 ? [sources[0]!] : [];
  if (!isWithin(path, copy.path)) return [];
  const rest = path.slice(copy.path.length + (copy.path === '/' ? 0 : 1));
  const candidates: string[] = [];
  for (const source of [...sources].reverse()) {
    const dir = source.replace(/\/+$/, '');
    candidates.push(dir === '' || dir === '.' ? rest : `${dir}/${rest}`);
    if (!rest.includes('/') && dir.slice(dir.lastIndexOf('/') + 1) === rest) candidates.push(dir);
  }
  return candidates;
}

/**
 * Whether a step after `copy` rewrites or removes `path` (a chmod or chown leaves
 * its content): one that names the file, or a certain recursive one on a directory above it. A
 * possible change of a whole tree (`find /app -name '*.pyc' -exec rm`) is not counted: what it
 * matches is not known, and a build that removed its own start script would not start.
 */
function rewrittenAfter(stage: Stage, copy: PathEffect, path: string, before: number): boolean {
  // Steps before the instruction at index `before` (Infinity: to the stage's end).
  return stageChain(stage).some((s) =>
    s.effects.some(
      (e) =>
        e.instruction.index > copy.instruction.index &&
        e.instruction.index < before &&
        e.kind !== 'chmod' &&
        e.kind !== 'chown' &&
        (e.path === path || (e.recursive && e.certainty === 'certain' && e.pattern === undefined && isWithin(path, e.path))),
    ),
  );
}

/**
 * Where the file `path` of the stage (as the stage ends, or before the instruction at index
 * `before`) comes from in the build context, with its text: the last COPY/ADD of the chain that
 * puts it there, followed through `COPY --from` of earlier stages (`hops` of them so far). Null
 * too once `places` (the stages and paths looked at, shared by the whole search) runs out.
 */
async function locate(
  model: FileModel,
  stage: Stage,
  path: string,
  reader: BuildContextReader,
  ignore: Dockerignore,
  hops: number,
  before: number,
  places: { left: number },
): Promise<ContextFile | UndecidedFile | null> {
  if (places.left-- <= 0) return null;
  const copies = stageChain(stage)
    .flatMap((s) => s.effects)
    .filter((e) => e.kind === 'copy' && e.instruction.index < before && (e.path === path || isWithin(path, e.path)))
    .sort((a, b) => b.instruction.index - a.instruction.index);
  const copy = copies[0];
  if (!copy || rewrittenAfter(stage, copy, path, before)) return null;
  const candidates = sourceCandidates(copy, path);
  if (copy.from !== undefined) {
    const from = copySourceStage(model, stage, copy.from);
    if (!from || hops >= MAX_COPY_FROM_HOPS) return null;
    for (const candidate of candidates) {
      // A COPY --from source is a path in that stage's file system, relative to its root.
      const found = await locate(model, from, normalizePath(`/${candidate}`), reader, ignore, hops + 1, Infinity, places);
      if (found) return found;
    }
    return null;
  }
  for (const candidate of candidates) {
    const relative = normalizePath(`/${candidate}`).slice(1);
    if (relative === '') continue;
    const presence = ignore.presence(relative);
    if (presence === 'out') return null;
    if (presence === 'depends') return (await reader.readText(relative)) !== null ? { undecided: relative } : null;
    const text = await reader.readText(relative);
    if (text !== null) return { source: relative, copy, text };
  }
  return null;
}
