/**
 * Which Dockerfile of the repository builds an image that a compose file only names (`image:
 * org/app:latest`, no `build:`). Many projects ship a compose file beside the Dockerfile whose CI
 * builds and pushes the very image it names; volint then models that service from the Dockerfile
 * instead of calling the image unknown.
 *
 * Only explicit evidence counts, never a guess from names:
 * - a service of the same Compose project with both `build:` and `image:` of that name (Compose
 *   tags the image it builds with `image:`, and a service naming it alone runs that image);
 * - a step of a GitHub Actions workflow of the repository (`.github/workflows/*.yml` of the nearest
 *   directory above the compose file that has them, or that holds `.git`) that runs
 *   `docker/build-push-action` with the name in `tags:`, written out or as the tags of a
 *   `docker/metadata-action` step whose `images:` write it out.
 *
 * The name matches as Docker resolves it (a missing registry is Docker Hub, `library/` dropped, a
 * missing tag `latest`); a tag written out matches only itself, one with expressions (`${{ … }}`)
 * the tags its written parts allow, metadata-action's (computed by its rules) any tag. Everything the step builds with (context, `file:`,
 * `target:`, `build-args:`) must be written out: a step with another expression there is not
 * evidence. `${{ matrix.X }}` is read in each run of the job's matrix (src/compose/workflow-matrix.ts),
 * each run a build of its own: runs that agree make one build, runs that build differently for the
 * same name are two. When two different builds (Dockerfile, target, args) tag the name, nothing is linked.
 */
import { join, resolve, dirname } from 'node:path';
import { parseImageRef, isDockerHubRef } from '../model/base-images.js';
import type { ImageRef } from '../model/image-types.js';
import type { Range } from '../parse/types.js';
import { child, readYamlTree, scalarText, type TreeNode } from './yaml-tree.js';
import { entryFilePaths, readEntryFiles, type ComposeIO, type DirectoryEntry } from './project-files.js';
import { matrixRuns, withMatrix, type MatrixRun, type MatrixValue } from './workflow-matrix.js';

/** One build of the repository that tags an image name. */
export interface ImageBuild {
  /** The repository as Docker resolves it (`docker.io/cryptpad/cryptpad`, `ghcr.io/org/app`; the registry's host lower-cased). */
  repository: string;
  /**
   * The tag as written, with the workflow's expressions left in it (`stable-${{ inputs.version }}`:
   * it matches the tags that begin `stable-`); null when metadata-action computes it (any tag matches).
   */
  tag: string | null;
  /** The build context and Dockerfile (absolute). */
  context: string;
  dockerfile: string;
  target: string | null;
  args: Map<string, string>;
  /** Build args given a value the workflow computes (`${{ … }}`): unknown to volint. */
  unknownArgs: Set<string>;
  /** Where the evidence is written: file (absolute) and the range of the tag or image name. */
  file: string;
  range: Range;
  /** The tag or image name as the workflow writes it (`phanan/koel:${{ steps.version.outputs.VERSION }}`). */
  written: string;
  /** What the evidence is, as a phrase: `docker/build-push-action's tags:`. */
  how: string;
}

/** How far up from the compose file's directory the repository root is looked for. */
const MAX_LEVELS = 8;
/** At most this many workflow files are read, each at most this large. */
const MAX_WORKFLOWS = 100;
const MAX_WORKFLOW_BYTES = 512 * 1024;

/** The repository name of an image reference as Docker resolves it; null for a digest or a name with a variable left. */
export function imageRepository(ref: ImageRef): string | null {
  if (ref.name === '' || ref.name.includes('$') || ref.name.includes('{')) return null;
  const registry = isDockerHubRef(ref) ? 'docker.io' : ref.registry!.toLowerCase();
  return `${registry}/${ref.name}`;
}

/** The tag Docker pulls for the reference (`latest` when none is written). */
export function imageTag(ref: ImageRef): string {
  return ref.tag ?? 'latest';
}

/**
 * The build that makes the image `ref` among `builds`: those tagging exactly its name and tag win
 * over those computing the tag; null when none, `ambiguous` when they are different builds.
 */
export function buildOf(ref: ImageRef, builds: readonly ImageBuild[]): ImageBuild | 'ambiguous' | null {
  if (ref.digest) return null;
  const repository = imageRepository(ref);
  if (!repository || imageTag(ref).includes('$')) return null;
  const named = builds.filter((b) => b.repository === repository);
  const exact = named.filter((b) => b.tag === imageTag(ref));
  const candidates = exact.length > 0 ? exact : named.filter((b) => b.tag === null || (b.tag.includes('${{') && computedTag(b.tag).test(imageTag(ref))));
  if (candidates.length === 0) return null;
  const key = (b: ImageBuild): string => JSON.stringify([b.context, b.dockerfile, b.target, [...b.args].sort(), [...b.unknownArgs].sort()]);
  return new Set(candidates.map(key)).size === 1 ? candidates[0]! : 'ambiguous';
}

/** The tags a tag written with expressions can become: its written parts, anything in place of each `${{ … }}`. */
function computedTag(tag: string): RegExp {
  return new RegExp(`^${tag.split(/\$\{\{[^}]*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** What a repository's workflows build, and what was asked of the files to learn it (what a project's findings depend on). */
export interface WorkflowEvidence {
  builds: ImageBuild[];
  /** The workflow files read and the Dockerfiles their builds name, looked for (absolute). */
  looked: string[];
  /** The directories listed: every `.github/workflows` looked for on the way up (absolute). */
  listed: string[];
}

/**
 * The workflows of the repositories one lint run meets: each `.github/workflows` listed once, each
 * repository's workflows read and their Dockerfiles looked for once, however many compose projects
 * of the run ask (a repository with twenty compose files read them twenty times). It answers as the
 * files were when first asked, so it lives for one run: the CLI's Runner holds one; the language
 * server, whose files change between lints, makes none (each project then reads afresh).
 */
export class WorkflowCache {
  /** Each directory's listing (null: not a directory), by absolute path. */
  private readonly listings = new Map<string, Promise<DirectoryEntry[] | null>>();
  /** Each repository's builds and the files read for them, by its `.github/workflows` directory. */
  private readonly repositories = new Map<string, Promise<{ builds: ImageBuild[]; looked: string[] }>>();

  /** The image builds of the workflows of the repository holding `dir` (src/compose/image-builds.ts). */
  async evidence(dir: string, io: ComposeIO): Promise<WorkflowEvidence> {
    const listed: string[] = [];
    const found = await this.find(dir, io, listed);
    if (!found) return { builds: [], looked: [], listed };
    let repository = this.repositories.get(found.workflows);
    if (!repository) {
      repository = workflowImageBuilds(found.workflows, found.entries, io);
      this.repositories.set(found.workflows, repository);
    }
    return { ...(await repository), listed };
  }

  /**
   * The directory holding the repository's workflows, with its listing: the nearest
   * `.github/workflows` at or above `dir`; the search stops at a directory holding `.git` (the
   * repository's root). null when there is none or the directories cannot be listed. Every
   * directory tried is added to `listed`.
   */
  async find(dir: string, io: ComposeIO, listed: string[] = []): Promise<{ workflows: string; entries: DirectoryEntry[] } | null> {
    if (!io.list) return null;
    let at = dir;
    for (let level = 0; level < MAX_LEVELS; level++) {
      const workflows = join(at, '.github', 'workflows');
      listed.push(workflows);
      const entries = await this.list(workflows, io);
      if (entries) return { workflows, entries };
      // not there: look further up, unless this is the repository's root
      if (io.exists ? await io.exists(join(at, '.git')) : false) return null;
      const up = dirname(at);
      if (up === at) return null;
      at = up;
    }
    return null;
  }

  /** What `make` gives for `key`, made once per run (a repository's walk for the files that may run Compose: src/compose/run-sources.ts). */
  memo<T>(key: string, make: () => Promise<T>): Promise<T> {
    let value = this.memos.get(key) as Promise<T> | undefined;
    if (!value) {
      value = make();
      this.memos.set(key, value);
    }
    return value;
  }

  /** memo, for what is made without waiting (the lists a text of the repository writes: src/compose/overlay.ts). */
  memoSync<T>(key: string, make: () => T): T {
    if (!this.syncMemos.has(key)) this.syncMemos.set(key, make());
    return this.syncMemos.get(key) as T;
  }

  private readonly memos = new Map<string, Promise<unknown>>();
  private readonly syncMemos = new Map<string, unknown>();

  private list(path: string, io: ComposeIO): Promise<DirectoryEntry[] | null> {
    let listing = this.listings.get(path);
    if (!listing) {
      listing = io.list!(path).catch(() => null);
      this.listings.set(path, listing);
    }
    return listing;
  }
}

/** The image builds the workflows in `workflows` (a `.github/workflows` directory, its listing `entries`) make, and the files read or looked for. */
async function workflowImageBuilds(workflows: string, entries: readonly DirectoryEntry[], io: ComposeIO): Promise<{ builds: ImageBuild[]; looked: string[] }> {
  const builds: ImageBuild[] = [];
  const files = await readEntryFiles(io, workflows, entries, /\.ya?ml$/, MAX_WORKFLOWS, MAX_WORKFLOW_BYTES);
  const root = dirname(dirname(workflows));
  // Every workflow file, read or not (too large, unreadable): the run's other projects take these from the cache, unseen by their own IO.
  const looked = entryFilePaths(workflows, entries, /\.ya?ml$/, MAX_WORKFLOWS);
  for (const { path, text } of files) {
    for (const build of readWorkflow(text, path, root)) {
      looked.push(build.dockerfile);
      if (await io.isFile(build.dockerfile)) builds.push(build);
    }
  }
  return { builds, looked };
}

type Env = ReadonlyMap<string, string>;

/** The builds one workflow's docker/build-push-action steps make (their Dockerfiles not yet checked). */
export function readWorkflow(text: string, file: string, root: string): ImageBuild[] {
  const { root: tree, lines } = readYamlTree(text, file);
  if (tree?.kind !== 'map') return [];
  const rangeOf = (node: TreeNode, written: string): Range => {
    const start = lines.offset(node.loc.range.start);
    const at = text.indexOf(written, start);
    return at >= 0 ? lines.range(at, at + written.length) : node.loc.range;
  };
  const builds: ImageBuild[] = [];
  const seen = new Set<string>();
  const workflowEnv = literalEnv(child(tree, 'env'));
  const jobs = child(tree, 'jobs');
  if (jobs?.kind !== 'map') return [];
  for (const { value: job } of jobs.entries.values()) {
    const steps = child(job, 'steps');
    if (steps?.kind !== 'seq') continue;
    // Each run of the job's matrix builds with its own values; runs that build the same are one build. A matrix volint cannot expand leaves its expressions unresolved.
    for (const run of matrixRuns(child(child(job, 'strategy'), 'matrix')) ?? [new Map<string, MatrixValue>()]) {
      for (const build of readJobRun(steps.items, new Map([...workflowEnv, ...literalEnv(child(job, 'env'), run)]), run, file, root, rangeOf)) {
        const key = JSON.stringify([build.repository, build.tag, build.context, build.dockerfile, build.target, [...build.args], [...build.unknownArgs], build.range, build.how]);
        if (seen.has(key)) continue;
        seen.add(key);
        builds.push(build);
      }
    }
  }
  return builds;
}

/** The builds the docker/build-push-action steps of one run of a job make, with the run's matrix values and the job's env. */
function readJobRun(steps: readonly TreeNode[], jobEnv: Env, run: MatrixRun, file: string, root: string, rangeOf: (node: TreeNode, written: string) => Range): ImageBuild[] {
  const builds: ImageBuild[] = [];
  // The images each metadata-action step (by id) names, with where each is written.
  const metadata = new Map<string, Array<{ name: string; node: TreeNode; matrix: Map<string, string> }>>();
  for (const step of steps) {
    const uses = stringAt(step, 'uses');
    const env = new Map([...jobEnv, ...literalEnv(child(step, 'env'), run)]);
    const inputs = child(step, 'with');
    if (!uses || inputs?.kind !== 'map') continue;
    // The matrix values this step's inputs take, for the evidence's wording.
    const used = new Map<string, string>();
    const resolved = (text: string): string => withEnv(withMatrix(text, run, used), env);
    if (uses.startsWith('docker/metadata-action@')) {
      const id = stringAt(step, 'id');
      const images = child(inputs, 'images');
      const written = stringAt(inputs, 'images');
      if (id && images && written !== null) metadata.set(id, metadataImages(written, resolved).map((name) => ({ name, node: images, matrix: used })));
      continue;
    }
    if (!uses.startsWith('docker/build-push-action@')) continue;
    // An input as written, `${{ matrix.X }}` and `${{ env.X }}` resolved; null where an expression is left (or it is not a scalar).
    const setting = (key: string, expressions = false): string | null | undefined => {
      const node = child(inputs, key);
      if (node === undefined) return undefined;
      if (node.kind !== 'scalar') return null;
      const value = resolved(scalarText(node) ?? '');
      return value.includes('${{') && !expressions ? null : value.trim();
    };
    const contextRaw = setting('context');
    const fileRaw = setting('file');
    const target = setting('target');
    const argsRaw = setting('build-args', true);
    if (contextRaw === null || fileRaw === null || target === null || argsRaw === null) continue;
    // No context: the Git context of the repository at the workflow's commit (its root). `file:` is read from the working directory, the root.
    const context = contextRaw ? resolve(root, contextRaw) : root;
    const dockerfile = fileRaw ? resolve(root, fileRaw) : join(context, 'Dockerfile');
    // build-args: one KEY=VALUE a line; a value with an expression left is unknown.
    const args = new Map<string, string>();
    const unknownArgs = new Set<string>();
    for (const line of (argsRaw ?? '').split(/\r?\n/)) {
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const name = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (value.includes('${{')) unknownArgs.add(name);
      else args.set(name, value);
    }
    const tagsNode = child(inputs, 'tags');
    const tags = stringAt(inputs, 'tags');
    if (!tagsNode || tags === null) continue;
    for (const written of listInput(tags)) {
      const output = /^\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.tags\s*\}\}$/.exec(written);
      if (output) {
        for (const image of metadata.get(output[1]!) ?? []) {
          const ref = parseImageRef(image.name);
          const repository = imageRepository(ref);
          if (!repository || ref.tag !== null || ref.digest !== null) continue;
          const how = `docker/metadata-action's images: (step ${output[1]}), whose tags docker/build-push-action takes${inMatrixRun(new Map([...image.matrix, ...used]))}`;
          builds.push({ repository, tag: null, context, dockerfile, target: target || null, args, unknownArgs, file, range: rangeOf(image.node, image.name), written: image.name, how });
        }
        continue;
      }
      const tagUsed = new Map(used);
      const tag = withEnv(withMatrix(written, run, tagUsed), env);
      const ref = parseImageRef(tag.replace(/\$\{\{[^}]*\}\}/g, (m) => m.replace(/[/:]/g, '_')));
      if (ref.digest) continue;
      const repository = imageRepository(ref);
      if (!repository) continue;
      const how = `docker/build-push-action's tags:${inMatrixRun(tagUsed)}`;
      builds.push({ repository, tag: ref.tag ?? 'latest', context, dockerfile, target: target || null, args, unknownArgs, file, range: rangeOf(tagsNode, written), written, how });
    }
  }
  return builds;
}

/** `, in the run of the job's matrix where dockerfile=Dockerfile`, or nothing when no matrix value was used. */
function inMatrixRun(used: ReadonlyMap<string, string>): string {
  if (used.size === 0) return '';
  return `, in the run of the job's matrix where ${[...used].map(([key, value]) => `${key}=${value === '' ? '""' : value}`).join(', ')}`;
}

/** A string scalar of a mapping, or null. */
function stringAt(map: TreeNode, key: string): string | null {
  const node = child(map, key);
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : null;
}

/** The `env:` entries written as plain values, or whose only expressions are the run's matrix values. */
function literalEnv(node: TreeNode | undefined, run: MatrixRun = new Map()): Map<string, string> {
  const env = new Map<string, string>();
  if (node?.kind !== 'map') return env;
  for (const [key, { value }] of node.entries) {
    if (value.kind !== 'scalar') continue;
    if (typeof value.value === 'number') env.set(key, String(value.value));
    if (typeof value.value !== 'string') continue;
    const text = withMatrix(value.value, run);
    if (!text.includes('${{')) env.set(key, text);
  }
  return env;
}

/** `${{ env.NAME }}` replaced by the env's written value where it has one. */
function withEnv(text: string, env: Env): string {
  return text.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => env.get(name) ?? whole);
}

/** An action's list input: one entry a line or separated by commas, blanks trimmed. */
function listInput(value: string): string[] {
  return value
    .split(/\r?\n|,/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

/**
 * metadata-action's `images:`: one image a line (or comma-separated), or `name=IMAGE,enable=…`
 * attributes; an image enabled by a condition other than a written `true` is left out.
 */
function metadataImages(value: string, resolved: (text: string) => string): string[] {
  const images: string[] = [];
  for (const line of value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
    if (!line.includes('=')) {
      images.push(...listInput(line).map(resolved));
      continue;
    }
    const attributes = new Map(line.split(',').map((part) => {
      const eq = part.indexOf('=');
      return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()] as const;
    }));
    const name = attributes.get('name');
    const enable = attributes.get('enable');
    if (name && (enable === undefined || resolved(enable) === 'true')) images.push(resolved(name));
  }
  return images.filter((image) => !image.includes('${{'));
}
