/**
 * Builds the Compose model (src/compose/types.ts) of one project: reads its files (the compose file,
 * a `-f` list or the override file, env files, `include:` and `extends` files: src/compose/project-files.ts),
 * interpolates, merges, and for every service works out the image behind
 * it (its Dockerfile through src/model, or the base-image catalogue) and what covers each mount
 * point of its containers. Bad input becomes problems; nothing here throws on a user's file.
 */
import { basename, dirname, isAbsolute, join, posix, resolve } from 'node:path';
import { parseDockerfile } from '../parse/parse.js';
import type { ParsedDockerfile } from '../parse/types.js';
import { buildModel, isRootUser, type ImageCatalog } from '../model/build.js';
import { parseImageRef } from '../model/base-images.js';
import { buildContextFiles, type BuildContextFiles } from '../model/context-files.js';
import { describeImageAt, declarationSite } from '../model/explain.js';
import { knownImageContent } from '../model/image-content.js';
import type { ImageRef } from '../model/image-types.js';
import { normalizePath, isWindowsPath, isWithin } from '../model/paths.js';
import { copySourceStage, reach, stageChain } from '../model/query.js';
import { stepsThroughCopy } from '../model/stage-copies.js';
import type { ShellAnalyzer, ShellEffect } from '../model/shell-types.js';
import type { TargetClassifier } from '../model/targets.js';
import type { BuilderSetting, FileModel, PathEffect, Stage } from '../model/types.js';
import { COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_NAMES } from './names.js';
import { keptInGit } from './kept-in-git.js';
import { mergeTrees, uniqueBy, volumeEntryTarget } from './merge.js';
import { isHostPathSource, parseShortVolume } from './short-syntax.js';
import { boundConfiguration, buildDatabaseDirectories, composeBuildContext, keyValues, overlayNetworks, serviceCommand, serviceEnvironment, serviceOperations, serviceReplicas, startConfiguration, startProgram, yarnModulesFolders } from './service-settings.js';
import { buildkitOnlyFeature, startCommandWith } from '../model/start.js';
import type {
  ComposeModel,
  ComposeProfiles,
  ComposeMount,
  ComposeProblem,
  ComposeService,
  ImageContentAt,
  ImageLink,
  ImageStep,
  ImageVolume,
  ProjectVolume,
  ServiceBuild,
  ServiceImage,
  ServiceUser,
  SourceLocation,
  VolumesFrom,
} from './types.js';
import { dependencyDirectory } from './dependency-directories.js';
import { buildOf, imageRepository, imageTag, WorkflowCache, type ImageBuild } from './image-builds.js';
import { fileWrittenBy, preparedBy, readProjectScripts } from './project-scripts.js';
import { belowHome, homeBindReason, type FreshHomePath } from './home-paths.js';
import { foldersUp } from './run-sources.js';
import { findJobPreparations } from './job-preparation.js';
import { commandEffects, containerEnvironment, startSourceRuns } from './command-line.js';
import { findStartRestores } from './start-restores.js';
import { startScriptWrites } from './start-script-writes.js';
import { reportUnsetVariables } from './unset-variables.js';
import { interpolate, type Variables } from './interpolate.js';
import { selectServices, serviceDependencies, type ServiceOrigin, type ServiceSelection } from './selection.js';
import { ProjectFiles, readRegularFile, type ComposeIO } from './project-files.js';
import { findRunDirectory } from './overlay.js';
import { child, entry, scalarText, topLevelString, type TreeEntry, type TreeMap, type TreeNode } from './yaml-tree.js';

export type { ComposeIO } from './project-files.js';

export interface ComposeOptions {
  /** Absolute path of the compose file (the first of the merge). */
  absolutePath: string;
  /** Its display path. */
  file: string;
  text: string;
  io: ComposeIO;
  /** Display path of any other absolute path (Dockerfiles, override files). */
  displayPath(absolutePath: string): string;
  /** The environment for interpolation (wins over the env files). */
  environment: Readonly<Record<string, string | undefined>>;
  /** Look for the override file beside the compose file (as `docker compose` does without `-f`); not with `moreFiles`. */
  overrides: boolean;
  /** The files merged after this one, in order (absolute): `-f compose.yaml -f prod.yaml` gives prod.yaml here. */
  moreFiles?: readonly string[];
  /** `--env-file`s (absolute), in order, a later one winning; given, `.env` is not read. */
  envFiles?: readonly string[];
  /** The project name as `-p` gives it: before COMPOSE_PROJECT_NAME, `name:` and the directory's name. */
  projectName?: string;
  /** The name instead of the project directory's when nothing else gives one (a dev container's `<workspace>_devcontainer`). */
  defaultProjectName?: string;
  /** `--profile`s (`*`: all); without, COMPOSE_PROFILES from the variables; neither: every service is modelled. */
  profiles?: readonly string[];
  /** `--service`s: only these and what they depend on are started, their profiles activated (`docker compose up web`). */
  services?: readonly string[];
  /** Where a service of `services` was named, when not on the command line (a devcontainer.json's `runServices`): an unknown name is reported there. */
  serviceOrigins?: ReadonlyMap<string, ServiceOrigin>;
  /**
   * The compose files are deployed as written (`compose.deployed` in .volint.yaml, `--compose-deployed`, the
   * language server's `volint.compose.deployed`): a project that keeps no data anywhere is not taken for a
   * throw-away stack, nor a development stack's defaults applied (ComposeModel.deployed).
   */
  deployed?: boolean;
  /**
   * The directory `docker compose` runs in (what `$PWD` is), where the project's own command line
   * shows it (an overlay's `-f` list: src/compose/overlay.ts). Without it, a project whose files use
   * `$PWD` looks for it (findRunDirectory); where nothing shows it, `$PWD` is taken to be the project
   * directory, and an error that rests on that guess is a note instead (pwdGuessProblems).
   */
  workingDirectory?: { dir: string; evidence: { file: string; line: number } };
  /** The run's cache of the repositories' CI workflows (one lint run's: never kept across runs); without it the project reads its own. */
  workflows?: WorkflowCache;
  builder: BuilderSetting;
  catalog: ImageCatalog;
  classifier: TargetClassifier;
  loadShellAnalyzer: () => Promise<ShellAnalyzer>;
}

export async function buildComposeModel(options: ComposeOptions): Promise<ComposeModel> {
  const projectDir = dirname(options.absolutePath);
  const problems: ComposeProblem[] = [];
  const project = new ProjectFiles(options.io, options.displayPath, projectDir, problems);

  // The shell's variables win over the env files (`--env-file`s, else `.env` in the project directory, else the
  // project's template of it).
  const environment = new Map<string, string>();
  for (const [k, v] of Object.entries(options.environment)) if (v !== undefined) environment.set(k, v);
  // The files merged in order: the compose file, a `-f` list (every file resolves relative paths
  // against the first file's directory), else the override file beside it.
  const paths: Array<{ path: string; role: 'compose' | 'override' }> = [{ path: options.absolutePath, role: 'compose' }];
  for (const path of options.moreFiles ?? []) paths.push({ path, role: 'compose' });
  if (!options.moreFiles?.length && options.overrides && (await isProjectWinner(options.absolutePath, options.io))) {
    for (const name of COMPOSE_OVERRIDE_NAMES) {
      const path = join(projectDir, name);
      if (!(await options.io.isFile(path))) continue;
      paths.push({ path, role: 'override' });
      break; // Compose uses the first override name found.
    }
  }

  // `$PWD` is the shell's working directory where the user runs `docker compose`, not the directory
  // volint runs in: where the project's command lines show it (a script at the root running `docker
  // compose -f deploy/compose.yml`), that folder; else the project directory, a guess.
  let pwd: PwdSetting = { dir: projectDir, evidence: null };
  if (options.workingDirectory) pwd = options.workingDirectory;
  else if (await usesPwd(paths, options)) {
    const trail = { looked: [] as string[], listed: [] as string[] };
    const found = await findRunDirectory(options.absolutePath, options.text, options.io, options.workflows ?? null, trail);
    for (const path of trail.looked) project.looked.add(path);
    for (const path of trail.listed) project.listed.add(path);
    pwd = found ?? { dir: projectDir, evidence: null, guessed: true };
  }
  environment.set('PWD', pwd.dir);
  const envFiles = options.envFiles && options.envFiles.length > 0 ? options.envFiles : null;
  const variables = await project.variables(environment, envFiles, projectDir, null);

  // `-p`, then COMPOSE_PROJECT_NAME (the shell's, then the env files'), then `name:` (the last file's
  // that has one), then the directory. The name is offered to interpolation as COMPOSE_PROJECT_NAME
  // (compose-spec 04-version-and-name.md: it "MUST be exposed"; compose-go sets it before it
  // interpolates; docker-compose 1.29 does not: there it is empty unless set).
  const projectName = normaliseProjectName(
    options.projectName || variables.get('COMPOSE_PROJECT_NAME') || (await nameWritten(paths, options, variables)) || options.defaultProjectName || basename(projectDir),
  );
  variables.set('COMPOSE_PROJECT_NAME', projectName);

  const trees: Array<TreeNode | null> = [];
  for (const { path, role } of paths) {
    const what = role === 'override' ? 'override file' : 'compose file';
    trees.push(await project.read(path, role, variables, projectDir, null, what, path === options.absolutePath ? options.text : undefined));
  }
  const files = project.mergeFiles(trees);
  const merged = await project.applyIncludes(files.root, variables, [options.absolutePath, ...(options.moreFiles ?? [])]);
  const builder = new ProjectBuilder(options, project, projectName, variables, problems, files.legacy);
  const volumes = builder.projectVolumes(child(merged ?? undefined, 'volumes'));
  // Profiles: `--profile`, else COMPOSE_PROFILES (comma-separated; the shell's, then the env files').
  const fromVariables = variables.get('COMPOSE_PROFILES');
  const given = options.profiles && options.profiles.length > 0 ? [...options.profiles] : fromVariables ? fromVariables.split(',').map((p) => p.trim()).filter((p) => p !== '') : null;
  const named = options.services ?? [];
  const at: SourceLocation = { file: options.file, range: zero() };
  // Which services Compose starts (the profiles, the services named, what they depend on): src/compose/selection.ts.
  const select = (all: readonly ComposeService[]): ServiceSelection => selectServices(all, given && given.length > 0 ? given : null, named, at, options.serviceOrigins);
  const overlays = overlayNetworks(child(merged ?? undefined, 'networks'));
  const { services: all, selection } = await builder.services(child(merged ?? undefined, 'services'), volumes, overlays, select);
  const profiles: ComposeProfiles = { active: selection.active, selected: named.length > 0 ? [...new Set(named)] : null, inactive: [] };
  const services = all.filter((service) => {
    if (selection.started.has(service.name)) return true;
    profiles.inactive.push({ name: service.name, profiles: service.profiles, location: service.location });
    return false;
  });
  // Unset variables (src/compose/unset-variables.ts): with the project's .env, once each for the project, leaving out
  // the uses an error names (`image: ${IMAGE}` emptied); without one, one note, those errors folded in.
  const template = project.templateProblems(at);
  const unset = reportUnsetVariables({
    uses: project.unsetVariableUses(),
    envKind: project.envKind,
    sources: project.envSourcesText(),
    template: project.templateRead(),
    problems,
    templateNote: template.find((p) => p.location === at) ?? null,
    services: all,
  });
  problems.push(...unset.problems, ...template);
  if (pwd.guessed) problems.push(...(await pwdGuessProblems(problems, project.files, pwd.dir, options)));
  return {
    kind: 'compose',
    profiles,
    file: options.file,
    // The compose file first, the others in the order they were read.
    files: [...project.files].sort((a, b) => Number(b.absolutePath === options.absolutePath) - Number(a.absolutePath === options.absolutePath)),
    projectDir,
    projectName,
    deployed: options.deployed === true,
    services,
    volumes,
    dockerfiles: builder.dockerfilesRead(),
    looked: [...project.looked].sort(),
    listed: [...project.listed].sort(),
    imageless: builder.imagelessServices(),
    unresolved: unset.unresolved,
    problems,
  };
}

/** What `$PWD` is for the project: the directory, what shows it, or that it is a guess (nothing shows it). */
interface PwdSetting {
  dir: string;
  evidence: { file: string; line: number } | null;
  guessed?: boolean;
}

/** `$PWD` or `${PWD…}` written in a value. */
const PWD_USE = /\$(?:PWD\b|\{PWD\b)/;

/** Whether a file of the project (the compose file, its `-f` list or override file) writes `$PWD`. */
async function usesPwd(paths: ReadonlyArray<{ path: string }>, options: ComposeOptions): Promise<boolean> {
  for (const { path } of paths) {
    let text: string;
    try {
      text = path === options.absolutePath ? options.text : await readRegularFile(options.io, path);
    } catch {
      continue;
    }
    if (PWD_USE.test(text)) return true;
  }
  return false;
}

/**
 * Where nothing shows the directory the project runs Compose in, `$PWD` was taken to be the project
 * directory `dir`: the errors at values that write `$PWD` rest on that guess (a project that runs
 * `docker compose -f deploy/compose.yml` from the repository's root, its Dockerfile at
 * `$PWD/deploy/Dockerfile`). They are taken out of `problems` and said in one note, which names a
 * folder above from which such a path exists, where one does.
 */
async function pwdGuessProblems(problems: ComposeProblem[], files: ReadonlyArray<{ file: string; text: string; role: string }>, dir: string, options: ComposeOptions): Promise<ComposeProblem[]> {
  const resting: Array<{ problem: ComposeProblem; written: string }> = [];
  for (const problem of problems) {
    if (problem.severity !== 'error') continue;
    const source = files.find((f) => f.file === problem.location.file && f.role !== 'env');
    if (!source) continue;
    const written = textAt(source.text, problem.location.range);
    if (PWD_USE.test(written)) resting.push({ problem, written });
  }
  if (resting.length === 0) return [];
  for (const { problem } of resting) problems.splice(problems.indexOf(problem), 1);
  // A folder above from which the first such value names something that exists.
  let from: string | null = null;
  let root = false;
  const tail = /^["']?\$(?:\{PWD\}|PWD\b)([^$]*?)["']?$/.exec(resting[0]!.written.trim())?.[1];
  if (tail !== undefined && options.io.exists) {
    for (let at = dirname(dir), level = 0; level < 8; level++, at = dirname(at)) {
      root = await options.io.exists(join(at, '.git'));
      if (await options.io.exists(join(at, tail))) {
        from = at;
        break;
      }
      if (root || dirname(at) === at) break;
    }
  }
  const shown = options.displayPath(dir) || '.';
  const first = resting[0]!.problem;
  // The folder said relative to the compose file's (`../..`), as it reads the same wherever volint ran.
  const above = from === null ? '' : posix.relative(dir.split('\\').join('/'), from.split('\\').join('/')) || '.';
  const found = from !== null ? `; from ${above}${root ? ' (the repository\'s root)' : ''} it names a path that exists, so the project may run Compose there` : '';
  return [
    {
      location: first.location,
      message:
        `\`$PWD\` is the directory \`docker compose\` runs in, and nothing in the project (its comments, scripts, Makefiles, Markdown, workflows) runs this file with \`-f\`: volint took it to be ${shown}, the compose file's folder, and with that guess ${resting.map((r) => r.problem.message).join('; ')}${found}. ` +
        `Not reported as ${resting.length === 1 ? 'an error' : 'errors'}, since ${resting.length === 1 ? 'it rests' : 'they rest'} on the guess; a script or README line that runs \`docker compose -f ${options.displayPath(options.absolutePath)}\` from the right folder tells volint where`,
      severity: 'note',
      ...(resting.length > 1 ? { related: resting.slice(1).map((r) => ({ location: r.problem.location, message: r.problem.message })) } : {}),
    },
  ];
}

/** The text of `range` (0-based lines and UTF-16 characters) in `text`. */
function textAt(text: string, range: SourceLocation['range']): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (range.start.line === range.end.line) return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  return [(lines[range.start.line] ?? '').slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), (lines[range.end.line] ?? '').slice(0, range.end.character)].join('\n');
}

/**
 * The top-level `name:` the files write (the last one's that has one), interpolated with the
 * variables: read before the files are interpolated, since `${COMPOSE_PROJECT_NAME}` in them is
 * the project name. Only a file with a `name:` line at the top level is parsed here.
 */
async function nameWritten(paths: ReadonlyArray<{ path: string }>, options: ComposeOptions, variables: ReadonlyMap<string, string>): Promise<string | null> {
  let name: string | null = null;
  for (const { path } of paths) {
    let text: string | undefined = path === options.absolutePath ? options.text : undefined;
    try {
      text ??= await options.io.readText(path);
    } catch {
      continue; // Reading the files reports it.
    }
    if (!/^name[ \t]*:/m.test(text)) continue;
    const value = topLevelString(text, 'name');
    if (value !== null) name = interpolate(value, variables).value || name;
  }
  return name;
}

/** The compose file Compose picks in its directory: the first default name that exists. */
async function isProjectWinner(path: string, io: ComposeIO): Promise<boolean> {
  const name = basename(path);
  const rank = COMPOSE_FILE_NAMES.indexOf(name);
  if (rank < 0) return false;
  for (const earlier of COMPOSE_FILE_NAMES.slice(0, rank)) if (await io.isFile(join(dirname(path), earlier))) return false;
  return true;
}

function sameRange(a: SourceLocation['range'], b: SourceLocation['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function zero(): SourceLocation['range'] {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Compose lower-cases the project name and keeps `[a-z0-9_-]`. */
function normaliseProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

/**
 * The builder a service's Dockerfile is modelled for. Compose builds with BuildKit (Compose v2 through buildx;
 * docker-compose 1.29 with DOCKER_BUILDKIT=1, else the legacy builder, which fails on a heredoc or `RUN --mount`),
 * and so does docker/build-push-action for an image the project's workflow builds: under the default `any`, a
 * Dockerfile only BuildKit-class builders accept (a heredoc, `# syntax=`, `RUN --mount`: buildkitOnlyFeature) is
 * modelled as BuildKit builds it, where a stage sees the ARGs of the stage it is built FROM.
 */
export function composeBuilder(setting: BuilderSetting, parsed: ParsedDockerfile): BuilderSetting {
  return setting === 'any' && buildkitOnlyFeature(parsed) !== null ? 'buildkit' : setting;
}

/** Sizes as Docker reads them: a number of bytes, or a number with b, k, m, g (case-insensitive, optional `b`). */
export function parseByteSize(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(value);
  if (!match) return null;
  const unit = match[2]!.toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : unit === 't' ? 1024 ** 4 : 1;
  return Math.round(Number(match[1]) * factor);
}

/** File modes as written: `0755` and `0o755` are octal, a plain number is taken as YAML read it. */
function parseMode(node: TreeNode | undefined): number | null {
  if (!node || node.kind !== 'scalar' || node.value === null) return null;
  const source = node.source.trim();
  if (/^0o?[0-7]+$/i.test(source)) return parseInt(source.replace(/^0o?/i, ''), 8);
  const text = String(node.value);
  if (/^0[0-7]+$/.test(text)) return parseInt(text, 8);
  return /^\d+$/.test(text) ? Number(text) : null;
}

function truthy(node: TreeNode | undefined): boolean {
  if (!node || node.kind !== 'scalar') return false;
  return node.value === true || (typeof node.value === 'string' && /^(true|yes|on)$/i.test(node.value));
}

interface DockerfileKey {
  absolute: string | null;
  text: string;
  target: string | null;
  args: string;
}

class ProjectBuilder {
  private readonly dockerfiles = new Set<string>();
  private readonly models = new Map<string, Promise<FileModel>>();
  /** The files of each build context directory with its Dockerfile (its ignore files read once). */
  private readonly buildContexts = new Map<string, BuildContextFiles>();

  constructor(
    private readonly options: ComposeOptions,
    private readonly project: ProjectFiles,
    private readonly projectName: string,
    private readonly variables: ReadonlyMap<string, string>,
    private readonly problems: ComposeProblem[],
    /** The version-1 format: a volume name in a service creates the volume, no top-level declaration. */
    private readonly legacy: boolean,
  ) {}

  private scripts: ReturnType<typeof readProjectScripts> | null = null;
  /** The project's service names and their images' names (`neosmemo/memos` is memos). */
  private readonly programNames: string[] = [];

  private root: Promise<string> | null = null;
  /**
   * The repository's root: the nearest folder at or above the compose file's that holds `.git` (foldersUp, as the
   * search for how the project runs Compose stops there); without one, the compose file's own folder.
   */
  private repositoryRoot(): Promise<string> {
    const dir = dirname(this.options.absolutePath);
    this.root ??= foldersUp(dir, this.options.io).then(({ root }) => normalizePath(root ?? dir));
    return this.root;
  }

  /** The shell scripts beside the compose file, analysed (read once, when a missing bind source asks). */
  private projectScripts(): ReturnType<typeof readProjectScripts> {
    const host = { home: this.home(), envVariable: (name: string) => this.project.fileVariable(name) };
    this.scripts ??= readProjectScripts(dirname(this.options.absolutePath), this.options.io, this.options.loadShellAnalyzer, host);
    return this.scripts;
  }

  dockerfilesRead(): string[] {
    return [...this.dockerfiles].sort();
  }

  /**
   * One problem per place: an entry whose interpolation left an unset variable empty is not
   * reported again for what it became, unless `namesCause` (the message names the variable), so
   * that every entry the variable breaks reads alike.
   */
  private problem(location: SourceLocation, message: string, severity: ComposeProblem['severity'] = 'error', namesCause = false): void {
    const at = this.problems.findIndex((p) => p.location.file === location.file && sameRange(p.location.range, location.range));
    if (at >= 0) return;
    // An entry an unset variable emptied: only the error that names the variable is reported there
    // (the variable's warning then leaves this use out: buildComposeModel).
    if (!namesCause && this.project.unsetAt(location)) return;
    this.problems.push({ location, message, severity });
  }

  projectVolumes(node: TreeNode | undefined): Map<string, ProjectVolume> {
    const volumes = new Map<string, ProjectVolume>();
    if (!node || node.kind !== 'map') {
      if (node && !(node.kind === 'scalar' && node.value === null)) this.problem(node.loc, 'top-level `volumes:` is not a mapping');
      return volumes;
    }
    for (const [key, e] of node.entries) {
      const value = e.value;
      const externalNode = child(value, 'external');
      const external = truthy(externalNode) || (externalNode?.kind === 'map');
      const explicitName = scalarText(child(value, 'name')) ?? (externalNode?.kind === 'map' ? scalarText(child(externalNode, 'name')) : null);
      const driverOpts: Record<string, string> = {};
      const opts = child(value, 'driver_opts');
      if (opts?.kind === 'map') for (const [k, o] of opts.entries) driverOpts[k] = scalarText(o.value) ?? '';
      volumes.set(key, {
        key,
        name: explicitName ?? (external ? key : `${this.projectName}_${key}`),
        external,
        driver: scalarText(child(value, 'driver')),
        driverOpts,
        location: e.keyLoc,
      });
    }
    return volumes;
  }

  /** The project's services, and which of them Compose starts (`select`; every one when not given). */
  async services(
    node: TreeNode | undefined,
    volumes: Map<string, ProjectVolume>,
    overlays: ReadonlySet<string>,
    select: (services: readonly ComposeService[]) => ServiceSelection = (all) => ({ started: new Set(all.map((s) => s.name)), active: null, problems: [] }),
  ): Promise<{ services: ComposeService[]; selection: ServiceSelection }> {
    if (!node || node.kind !== 'map') {
      if (node && !(node.kind === 'scalar' && node.value === null)) this.problem(node.loc, '`services:` is not a mapping');
      return { services: [], selection: select([]) };
    }
    const resolved = new Map<string, TreeEntry>();
    for (const [name, e] of node.entries) {
      const before = this.problems.length;
      this.extendsBroken = false;
      resolved.set(name, { ...e, value: await this.withExtends(name, node, []) });
      if (this.extendsBroken || this.problems.length > before) this.extendsFailed.add(name);
    }
    // The services that build and tag an image (`build:` and `image:`): a service naming that image alone runs what they build.
    for (const [name, e] of resolved) {
      const imageNode = child(e.value, 'image');
      const imageText = scalarText(imageNode);
      const buildEntry = entry(e.value, 'build');
      if (imageText && buildEntry) this.imageBuilders.push({ name, imageText, ref: parseImageRef(imageText), location: imageNode!.loc, build: buildEntry });
    }
    // The names of the project's services and of their images (the last part of the repository): a hidden directory
    // under the home directory named for one of them is the project's (src/compose/home-paths.ts).
    for (const [name, e] of resolved) {
      this.programNames.push(name);
      const image = scalarText(child(e.value, 'image'));
      const repository = image ? parseImageRef(image).name.split('/').at(-1) : undefined;
      if (repository) this.programNames.push(repository);
    }
    const services: ComposeService[] = [];
    for (const [name, e] of resolved) services.push(await this.service(name, e, volumes, overlays));
    const selection = select(services);
    for (const p of selection.problems) this.problem(p.location, p.message);
    this.reportImageless(services);
    for (const service of services) finishMounts(service);
    // A missing bind source that a one-off job the service waits for chowns first.
    await findJobPreparations(services, this.options.loadShellAnalyzer);
    this.applyVolumesFrom(services, (service) => selection.started.has(service.name));
    for (const service of services) await this.readBuildContext(service);
    return { services, selection };
  }

  /**
   * What a COPY of a whole directory from the build context (`COPY . /app`) puts below a mount point
   * deeper than its destination, read in the build context on the disk: the step reaches the mount
   * point (/app/project/static) only where the context holds that path (project/static), and does
   * not where it does not. Each step that reaches the mount from above is replaced by that answer:
   * dropped, or kept as a step that puts the context's directory at the mount point. Left as it is
   * (it may put files there) where volint cannot tell: a source with a wildcard or a file source,
   * no build context on the disk.
   */
  private async readBuildContext(service: ComposeService): Promise<void> {
    const image = service.image;
    if (image.kind !== 'build' || !image.build.context) return;
    const files = this.contextFiles({ ...image.build, context: image.build.context });
    for (const mount of service.mounts) {
      if (!mount.image.known || mount.target === null) continue;
      const target = mount.target;
      const steps: ImageStep[] = [];
      let changed = false;
      for (const step of mount.image.steps) {
        const effect = step.effect;
        // The COPY's files, and the owner and mode it gives them (`COPY --chown=node:node . .`).
        const keyword = effect.instruction.keyword;
        if (step.reach !== 'parent' || (keyword !== 'COPY' && keyword !== 'ADD') || effect.from || !effect.sources || effect.path === target) {
          steps.push(step);
          continue;
        }
        const found = await files.copied(effect, target);
        if (found === null) {
          steps.push(step);
          continue;
        }
        changed = true;
        if (found.brings && found.source !== null) {
          steps.push({ ...step, effect: { ...effect, path: target }, reach: 'inside', fromContext: { path: found.source, empty: found.files.length === 0 } });
        }
      }
      if (!changed) continue;
      mount.image = {
        ...mount.image,
        steps,
        filled: steps.some((s) => s.reach === 'inside' && s.effect.kind !== 'chown' && s.effect.kind !== 'chmod' && s.effect.kind !== 'delete'),
      };
    }
  }

  /**
   * A service with what it `extends` (compose-spec 05-services.md#extends): the base service (in
   * this project's services, or in `extends.file`, read relative to the file that names it) merged
   * under the service's own settings, recursively. `stack` holds the services being resolved
   * (file and name): a loop is an error at the `extends` that closes it. On any error the service is
   * modelled without what it would inherit.
   */
  private async withExtends(name: string, services: TreeMap, stack: readonly string[], file = ''): Promise<TreeNode> {
    const own = services.entries.get(name)!.value;
    const ext = child(own, 'extends');
    if (!ext || own.kind !== 'map') return own;
    const ownWithout: TreeMap = { ...own, entries: new Map([...own.entries].filter(([k]) => k !== 'extends')) };
    const base = ext.kind === 'scalar' ? scalarText(ext) : scalarText(child(ext, 'service'));
    if (!base) {
      this.problem(ext.loc, `service ${name}: \`extends\` names no service`);
      return ownWithout;
    }
    let baseServices = services;
    let baseFile = file;
    const fileNode = child(ext, 'file');
    if (fileNode) {
      const other = await this.project.extendsFile(fileNode, this.variables);
      // A file that cannot be read is reported once, at the first extends that names it; every service naming it failed.
      if (!other) {
        this.extendsBroken = true;
        return ownWithout;
      }
      baseServices = other.services;
      baseFile = other.path;
    }
    const key = `${baseFile}\0${base}`;
    const here = `${file}\0${name}`;
    const chain = [...stack, here];
    if (chain.includes(key)) {
      const names = [...chain.slice(chain.indexOf(key)), key].map((k) => k.split('\0')[1]);
      this.problem(ext.loc, `service ${name}: \`extends\` loops (${names.join(' → ')})`);
      return ownWithout;
    }
    if (!baseServices.entries.has(base)) {
      const where = fileNode ? ` in ${this.options.displayPath(baseFile)}` : '';
      this.problem(ext.loc, `service ${name} extends ${base}, which is not defined${where}`);
      return ownWithout;
    }
    const inherited = await this.withExtends(base, baseServices, chain, baseFile);
    return mergeTrees(inherited, ownWithout, ['services', name]) ?? ownWithout;
  }

  /** The files of the build context of `build` (src/model/context-files.ts); its Dockerfile may have its own ignore file. */
  private contextFiles(build: ServiceBuild & { context: string }): BuildContextFiles {
    const key = `${build.context}\0${build.dockerfileAbsolute ?? ''}`;
    let files = this.buildContexts.get(key);
    if (!files) {
      files = buildContextFiles(composeBuildContext(this.options.io, build.context, build.dockerfileAbsolute), this.options.builder);
      this.buildContexts.set(key, files);
    }
    return files;
  }

  private async service(name: string, e: TreeEntry, volumes: Map<string, ProjectVolume>, overlays: ReadonlySet<string>): Promise<ComposeService> {
    const node = e.value;
    const service: ComposeService = {
      name,
      location: e.keyLoc,
      image: { kind: 'unknown', reason: 'the service has neither `image:` nor `build:`', ref: null, build: null, location: null },
      user: { value: null, source: 'unknown', root: null, location: null },
      mounts: [],
      imageVolumes: [],
      volumesFrom: [],
      readOnlyRootfs: truthy(child(node, 'read_only')),
      environment: new Map(),
      command: null,
      entrypoint: null,
      replicas: null,
      operations: [],
      yarnModulesFolders: new Map(),
      configuredDirectories: [],
      configuredServers: [],
      persistenceSettings: [],
      commandLocation: null,
      startWrites: [],
      startRestores: [],
      startScriptWrites: [],
      startSourceRuns: [],
      startPrograms: [],
      start: null,
      databaseDirectories: [],
      profiles: [],
      dependencies: [],
    };
    if (node.kind !== 'map') {
      if (!(node.kind === 'scalar' && node.value === null)) this.problem(node.loc, `service ${name} is not a mapping`);
      return service;
    }
    service.environment = serviceEnvironment(node);
    // `environment:` wins over `env_file:`, and a later env file over an earlier one.
    for (const [key, value] of await this.envFileVariables(node)) if (!service.environment.has(key)) service.environment.set(key, value);
    service.command = serviceCommand(node);
    service.entrypoint = serviceCommand(node, 'entrypoint');
    service.commandLocation = (child(node, 'command') ?? child(node, 'entrypoint'))?.loc ?? null;
    service.replicas = serviceReplicas(node);
    service.dependencies = serviceDependencies(node);
    service.operations = serviceOperations(node, overlays);
    const profilesNode = child(node, 'profiles');
    if (profilesNode?.kind === 'seq') service.profiles = profilesNode.items.map(scalarText).filter((p): p is string => p !== null && p !== '');
    else if (profilesNode) this.problem(profilesNode.loc, `service ${name}: \`profiles:\` is not a list`);
    service.image = await this.image(name, node);
    if (service.image.kind === 'build' && service.image.build.context) {
      const context = service.image.build.context;
      const stages = stageChain(service.image.stage);
      service.yarnModulesFolders = await yarnModulesFolders(stages, context, this.options.io);
      const argv = startCommandWith(service.image.stage, service.entrypoint, service.command);
      const files = this.contextFiles({ ...service.image.build, context });
      const configuration = await startConfiguration(service.image, argv, context, files);
      // An entrypoint starts the command line: the service's, or an ENTRYPOINT of the Dockerfile's stages (else the base image's receives argv).
      const entrypoint = service.entrypoint !== null || stages.some((s) => s.instructions.some((i) => i.keyword === 'ENTRYPOINT'));
      service.start = await startProgram(service.image, argv, entrypoint, files);
      service.configuredDirectories = configuration.directories;
      service.configuredServers = configuration.servers;
      service.persistenceSettings = configuration.persistence;
    }
    if (service.image.kind === 'build') service.databaseDirectories = buildDatabaseDirectories(service.image.model.stages, service.image.build.dockerfile);
    service.user = this.user(node, service.image);
    service.imageVolumes = this.imageVolumes(service.image);
    const volumesNode = child(node, 'volumes');
    if (volumesNode) {
      if (volumesNode.kind !== 'seq') this.problem(volumesNode.loc, `service ${name}: \`volumes:\` is not a list`);
      else for (const item of uniqueBy(volumesNode.items, volumeEntryTarget)) {
        const mount = this.mountEntry(name, item, volumes, service.image);
        if (mount) service.mounts.push(mount);
      }
      // A bind of the host's dependency directory, beside its manifest: what the manifest's install makes there.
      for (const mount of service.mounts) {
        if (mount.cover === 'bind' && mount.hostPath) mount.hostDependencies = await dependencyDirectory(mount.hostPath, this.options.io);
      }
      // Whether each bind's host path exists now: one that Compose creates at `up` is root-owned.
      const exists = this.options.io.exists?.bind(this.options.io);
      if (exists) {
        // Only paths relative to the compose file: an absolute or ~ path names the machine that runs Compose, not this one.
        for (const mount of service.mounts) {
          // A relative path that leaves the repository (`../config-repo/credentials.json`) names a sibling checkout of the
          // machine that runs Compose, as an absolute path does: not checked either.
          if (mount.cover === 'bind' && mount.hostPath && mount.sourceRaw?.startsWith('.') && isWithin(mount.hostPath, await this.repositoryRoot())) mount.hostExists = await exists(mount.hostPath);
          if (mount.hostExists === false) mount.hostMadeBy = mount.hostDependencies;
          if (mount.hostExists === true && mount.hostPath && mount.target) Object.assign(mount, await hostHeld(mount.hostPath, mount.target, mount.image.steps, exists, this.options.io));
          // A missing source Compose would create, or one under the home directory that a fresh machine lacks: a script of
          // the project may make it and give it to an account first.
          const missing = (mount.hostExists === false && mount.createHostPath && !mount.hostMadeBy) || mount.hostFresh !== null;
          if (missing && mount.hostPath) mount.hostPreparedBy = preparedBy(mount.hostPath, await this.projectScripts(), this.options.absolutePath);
          if (missing && mount.hostPath && mount.hostPreparedBy === null) mount.hostWrittenBy = fileWrittenBy(mount.hostPath, await this.projectScripts());
        }
      }
    }
    // What the service's own command line writes at every start, where it mounts a host path or a volume
    // (`npm ci` before the dev server remakes node_modules in the bind; `bundle install` fills the gem volume).
    let effects: ShellEffect[] | null = null;
    const workingDir = scalarText(child(node, 'working_dir'));
    const imageWorkdir = service.image.kind === 'build' ? service.image.stage.finalWorkdir : null;
    const cwd = workingDir?.startsWith('/') ? normalizePath(workingDir) : imageWorkdir?.startsWith('/') ? imageWorkdir : '/';
    if ((service.command !== null || service.entrypoint !== null) && service.mounts.some((m) => m.cover === 'bind' || m.cover === 'named-volume' || m.cover === 'anonymous-volume')) {
      effects = await commandEffects(service, this.options.loadShellAnalyzer, cwd, containerEnvironment(service));
      service.startWrites = (effects ?? []).filter((e) => e.kind === 'write' && e.certainty === 'certain' && e.conditional !== true).map((e) => ({ path: e.path, recursive: e.recursive, command: e.command }));
    }
    // What it copies back into a bound directory when it starts from a copy the image keeps (`cp -a /opt/app-dist/. /app`),
    // and the sources it compiles and runs there (`go run .`).
    if (service.mounts.some((m) => m.cover === 'bind')) {
      const runs = await startSourceRuns(service, effects, this.options.loadShellAnalyzer, cwd);
      service.startSourceRuns = runs.sources;
      service.startPrograms = runs.programs;
      service.startRestores = await findStartRestores(service, effects, this.options.loadShellAnalyzer, this.options.io.exists?.bind(this.options.io));
    }
    // What its start script writes, where it runs as non-root and binds a host path Compose would create root-owned (VOL024's evidence).
    if (service.user.root === false && service.mounts.some((m) => m.cover === 'bind' && (m.hostExists === false || m.hostFresh !== null))) {
      service.startScriptWrites = await startScriptWrites(service, this.options.loadShellAnalyzer);
    }
    // The program's configuration files the service binds from the project: read only where the image declares a VOLUME they may empty.
    if (service.imageVolumes.length > 0) {
      const bound = await boundConfiguration(service.mounts.filter((m) => m.cover === 'bind'), this.options.io);
      service.configuredDirectories.push(...bound.directories);
      service.configuredServers.push(...bound.servers);
      service.persistenceSettings.push(...bound.persistence);
    }
    const tmpfsNode = child(node, 'tmpfs');
    if (tmpfsNode) {
      const items = tmpfsNode.kind === 'seq' ? tmpfsNode.items : [tmpfsNode];
      for (const item of uniqueBy(items, (n) => (scalarText(n) ?? '').split(':')[0] ?? null)) {
        const mount = this.tmpfsEntry(name, item, service.image);
        if (mount) service.mounts.push(mount);
      }
    }
    const fromNode = child(node, 'volumes_from');
    if (fromNode) {
      for (const item of fromNode.kind === 'seq' ? fromNode.items : [fromNode]) {
        const text = scalarText(item);
        if (!text) {
          this.problem(item.loc, `service ${name}: a \`volumes_from\` entry is not a string`);
          continue;
        }
        const parts = text.split(':');
        let kind: VolumesFrom['kind'] = 'service';
        if (parts[0] === 'container' || parts[0] === 'service') kind = parts.shift() as VolumesFrom['kind'];
        const source = parts.shift() ?? '';
        const mode = parts.shift();
        service.volumesFrom.push({ kind, name: source, readOnly: mode === 'ro', location: item.loc });
      }
    }
    return service;
  }

  private async image(name: string, node: TreeMap): Promise<ServiceImage> {
    const imageNode = child(node, 'image');
    const imageText = scalarText(imageNode);
    const buildEntry = entry(node, 'build');
    if (buildEntry) {
      const build = this.serviceBuild(name, buildEntry);
      if (!build) return { kind: 'unknown', reason: '`build:` could not be read', ref: null, build: null, location: buildEntry.keyLoc };
      return this.buildImage(name, build, imageText);
    }
    if (imageText) {
      const ref = parseImageRef(imageText);
      const location = imageNode!.loc;
      // `postgres:${TAG}` with TAG unset: Compose runs `postgres:`, which Docker refuses ("invalid
      // reference format", docker-compose 1.29 and dockerd 20.10); the image the user will run is the
      // one their value selects. The catalogue is asked about the reference with the variable kept
      // (`postgres:${TAG}`), which it answers only where every tag of the name agrees.
      const unset = this.unsetNames(imageNode);
      const emptied = unset.length === 0 ? null : unset.join(' and ');
      const asked = emptied ? parseImageRef(this.keepingUnset(imageNode!, unset)) : ref;
      const info = this.options.catalog.lookup(asked);
      if (info) return { kind: 'catalog', ref: asked, info, location };
      const linked = await this.linkedImage(name, ref, imageText);
      if (linked) return linked;
      const unplaced = emptied ? null : (this.options.catalog.unplacedTag?.(ref) ?? null);
      const reason = emptied
        ? `image ${asked.raw} depends on ${emptied}, which ${emptied.includes(' and ') ? 'have' : 'has'} no value here (in the environment or .env): which image runs is not known`
        : unplaced !== null
          ? `the tag ${unplaced} of ${ref.name} does not say which release it is (the catalogue reads a version first, \`16-alpine\`, or variant words only, \`alpine\`), and volint's catalogue knows ${ref.name} releases that differ (--image-config adds the image)`
          : `image ${imageText} is not in volint's catalogue (--image-config adds it)`;
      return { kind: 'unknown', reason, ref: asked, build: null, location };
    }
    // `image: ${IMAGE}` with IMAGE unset: Compose v2 refuses the service for lacking an image
    // (docker-compose 1.29 only warns, and takes `image: ''`); the error names the variable.
    const emptied = this.unsetIn(imageNode);
    if (emptied) {
      this.problem(
        imageNode!.loc,
        `service ${name}: \`image:\` is empty because ${emptied} has no value: Compose refuses a service with neither an image nor a build context (docker-compose 1.29 only warns)`,
        'error',
        true,
      );
      return { kind: 'unknown', reason: `\`image:\` is empty: ${emptied} has no value`, ref: null, build: null, location: imageNode!.loc };
    }
    // A service whose `extends` failed lacks what it would inherit: that failure is the one reported.
    if (!this.extendsFailed.has(name)) this.imageless.push(name);
    return { kind: 'unknown', reason: 'the service has neither `image:` nor `build:`', ref: null, build: null, location: null };
  }

  /** The variables interpolation reads for the scalar at `node`: its own file's (an `include:`d file has its own `.env`). */
  private variablesAt(node: TreeNode): Variables {
    return this.project.variablesOf(node.loc.file) ?? this.variables;
  }

  /** The variables without a value that the scalar at `node` was written with, in order, each once. */
  private unsetNames(node: TreeNode | undefined): string[] {
    if (!node || node.kind !== 'scalar' || !node.source.includes('$')) return [];
    return [...new Set(interpolate(node.source, this.variablesAt(node)).issues.filter((i) => i.kind === 'unset' || i.kind === 'required').map((i) => i.variable))];
  }

  /**
   * The variables without a value that the scalar at `node` was written with (`IMAGE`, `A and B`),
   * null when there are none: what the value became (an empty image, `:/target`) is their
   * consequence, and a finding about it names them.
   */
  private unsetIn(node: TreeNode | undefined): string | null {
    const names = this.unsetNames(node);
    return names.length === 0 ? null : names.join(' and ');
  }

  /**
   * The scalar at `node` interpolated with the variables `unset` (its variables that have no value)
   * kept as `${NAME}` (`postgres:${TAG}` rather than `postgres:`): the part of the value the user has yet to choose.
   */
  private keepingUnset(node: TreeNode, unset: readonly string[]): string {
    if (node.kind !== 'scalar') return '';
    const kept = new Map(this.variablesAt(node));
    for (const name of unset) kept.set(name, `\${${name}}`);
    return interpolate(node.source, kept).value;
  }

  /** Whether the scalar at `node` holds a required variable (`${X:?message}`) without a value: that error is reported there. */
  private requiredMissing(node: TreeNode | undefined): boolean {
    if (!node || node.kind !== 'scalar' || !node.source.includes('$')) return false;
    return interpolate(node.source, this.variablesAt(node)).issues.some((i) => i.kind === 'required');
  }

  /**
   * Services with neither an image nor a build, as Compose refuses them ("Service web has neither an
   * image nor a build context specified"): one error for the project, at the first of them. Such a
   * file is mostly an override written for `-f base.yaml -f this.yaml` and linted alone.
   */
  /** The services with neither an image nor a build (not those whose `extends` failed). */
  imagelessServices(): string[] {
    return [...this.imageless];
  }

  reportImageless(services: readonly ComposeService[]): void {
    const names = this.imageless;
    if (names.length === 0) return;
    const location = services.find((s) => s.name === names[0])!.location;
    const which = names.length === 1 ? `service ${names[0]} has` : `services ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} have`;
    this.problem(
      location,
      `${which} neither an image nor a build context specified (Compose refuses the file); ` +
        'if the file overrides another compose file, lint them together (--compose-file base.yaml --compose-file override.yaml)',
    );
  }



  private serviceBuild(name: string, e: TreeEntry): ServiceBuild | null {
    const node = e.value;
    const contextRaw = node.kind === 'scalar' ? scalarText(node) ?? '.' : scalarText(child(node, 'context')) ?? '.';
    if (node.kind === 'seq') {
      this.problem(node.loc, `service ${name}: \`build:\` is a list (expected a path or a mapping)`);
      return null;
    }
    const remote = /^[a-z][a-z0-9+.-]*:\/\//i.test(contextRaw) || /^git@/.test(contextRaw) || /^github\.com\//.test(contextRaw);
    const context = remote ? null : this.hostPath(contextRaw, (node.kind === 'scalar' ? node : child(node, 'context'))?.loc ?? e.keyLoc);
    const inlineNode = child(node, 'dockerfile_inline');
    const inline = scalarText(inlineNode);
    if (inline !== null) this.inlineText.set(name, inline);
    const dockerfileRaw = scalarText(child(node, 'dockerfile')) ?? 'Dockerfile';
    const dockerfileAbsolute = inline !== null || context === null ? null : isAbsolute(dockerfileRaw) ? dockerfileRaw : resolve(context, dockerfileRaw);
    const args = new Map<string, string>();
    const argsNode = child(node, 'args');
    // A value-less arg takes the variable of the project whose file wrote it (an included project's own).
    const variables = (argsNode && this.project.variablesOf(argsNode.loc.file)) ?? this.variables;
    for (const [key, value] of keyValues(argsNode)) {
      const given = value ?? variables.get(key);
      if (given !== undefined) args.set(key, given);
    }
    const contextNode = node.kind === 'scalar' ? node : child(node, 'context');
    const emptied = [contextNode, child(node, 'dockerfile')].map((n) => ({ n, names: this.unsetNames(n) })).find((x) => x.names.length > 0);
    return {
      ...(emptied ? { emptiedBy: { variables: emptied.names.join(' and '), location: emptied.n!.loc } } : {}),
      context,
      contextRaw,
      dockerfile: inline !== null ? `${this.options.file}#services.${name}.build.dockerfile_inline` : dockerfileAbsolute ? this.options.displayPath(dockerfileAbsolute) : dockerfileRaw,
      dockerfileAbsolute,
      dockerfileDefault: inline === null && child(node, 'dockerfile') === undefined,
      inline: inline !== null,
      target: scalarText(child(node, 'target')),
      targetLocation: child(node, 'target')?.loc ?? null,
      args,
      location: inlineNode && inline !== null ? inlineNode.loc : child(node, 'dockerfile')?.loc ?? e.keyLoc,
    };
  }

  /** Services of the project with both `build:` and `image:`, read before the services are modelled. */
  private readonly imageBuilders: Array<{ name: string; imageText: string; ref: ImageRef; location: SourceLocation; build: TreeEntry }> = [];
  private workflowBuilds: Promise<ImageBuild[]> | null = null;

  /**
   * The image builds the repository's CI workflows make (src/compose/image-builds.ts), through the
   * run's cache where the caller gives one; the workflows read, the Dockerfiles looked for and the
   * directories listed are what the project depends on (the same whether the cache read them for
   * this project or for another).
   */
  private repositoryBuilds(): Promise<ImageBuild[]> {
    this.workflowBuilds ??= (async () => {
      const cache = this.options.workflows ?? new WorkflowCache();
      const { builds, looked, listed } = await cache.evidence(dirname(this.options.absolutePath), this.options.io);
      for (const path of looked) this.project.looked.add(path);
      for (const dir of listed) this.project.listed.add(dir);
      return builds;
    })();
    return this.workflowBuilds;
  }

  /**
   * `image:` alone, of an image volint does not know, that the repository itself builds
   * (src/compose/image-builds.ts): a service of this project that builds and tags it, else a CI
   * workflow step; modelled from that Dockerfile with that build's target and args, the evidence kept
   * in `link`. null when nothing ties the image to one build, or that build cannot be modelled.
   */
  private async linkedImage(name: string, ref: ImageRef, imageText: string): Promise<ServiceImage | null> {
    const repository = imageRepository(ref);
    if (!repository || ref.digest) return null;
    const builders = this.imageBuilders.filter((b) => b.name !== name && imageRepository(b.ref) === repository && imageTag(b.ref) === imageTag(ref));
    const builds = builders.map((b) => ({ builder: b, build: this.serviceBuild(b.name, b.build) }));
    const distinct = new Set(builds.map(({ build }) => (build ? JSON.stringify([build.dockerfileAbsolute ?? build.dockerfile, build.target, [...build.args].sort()]) : '')));
    if (builds.length > 0) {
      const { builder, build } = builds[0]!;
      if (distinct.size !== 1 || !build) return null;
      const at = `${builder.location.file}:${builder.location.range.start.line + 1}`;
      return this.linkedBuild(name, build, imageText, {
        image: imageText,
        kind: 'compose-service',
        service: builder.name,
        location: builder.location,
        text: `service ${builder.name} of this project builds ${imageText} from ${build.dockerfile}${build.target ? ` (target ${build.target})` : ''} and tags it with its \`image:\` (${at})`,
      });
    }
    const found = buildOf(ref, await this.repositoryBuilds());
    if (!found || found === 'ambiguous') return null;
    const file = this.options.displayPath(found.file);
    const location: SourceLocation = { file, range: found.range };
    const dockerfile = this.options.displayPath(found.dockerfile);
    const build: ServiceBuild = {
      context: found.context,
      contextRaw: found.context,
      dockerfile,
      dockerfileAbsolute: found.dockerfile,
      inline: false,
      target: found.target,
      targetLocation: null,
      args: found.args,
      unknownArgs: found.unknownArgs,
      location,
    };
    return this.linkedBuild(name, build, imageText, {
      image: imageText,
      kind: 'workflow',
      location,
      text: `${file}:${found.range.start.line + 1} builds ${found.written} from ${dockerfile}${found.target ? ` (target ${found.target})` : ''} (${found.how})`,
    });
  }

  /** The linked build modelled, or null where it cannot be (the build's own service reports why). */
  private async linkedBuild(name: string, build: ServiceBuild, imageText: string, link: ImageLink): Promise<ServiceImage | null> {
    const image = await this.buildImage(name, build, imageText, true);
    return image.kind === 'build' ? { ...image, link } : null;
  }

  private async buildImage(name: string, given: ServiceBuild, image: string | null, quiet = false): Promise<ServiceImage> {
    let build = given;
    const unknown = (reason: string): ServiceImage => ({ kind: 'unknown', reason, ref: image ? parseImageRef(image) : null, build, location: build.location });
    if (build.context === null && !build.inline) return unknown(`the build context ${build.contextRaw} is remote: its Dockerfile is not read`);
    let text: string;
    if (build.inline) {
      text = this.inlineText.get(name) ?? '';
    } else {
      const path = build.dockerfileAbsolute!;
      this.dockerfiles.add(path);
      try {
        text = await readRegularFile(this.options.io, path);
      } catch (err) {
        // The default Dockerfile missing: the builders take `dockerfile` in lower case from the context.
        const lower = build.dockerfileDefault ? join(dirname(path), 'dockerfile') : null;
        const found = lower !== null && lower !== path ? await readRegularFile(this.options.io, lower).catch(() => null) : null;
        if (found === null) {
          // `build: ${APP_DIR}` with APP_DIR unset: the Dockerfile looked for is not the one the user's value selects; the error
          // is at the emptied value and names the variable.
          const emptied = build.emptiedBy;
          if (!quiet && emptied) this.problem(emptied.location, `service ${name}: Dockerfile ${build.dockerfile} cannot be read (${(err as Error).message}), because ${emptied.variables} has no value`, 'error', true);
          else if (!quiet) this.problem(build.location, `service ${name}: Dockerfile ${build.dockerfile} cannot be read (${(err as Error).message})`);
          return unknown(`its Dockerfile ${build.dockerfile} cannot be read`);
        }
        this.dockerfiles.add(lower!);
        build = { ...build, dockerfile: this.options.displayPath(lower!), dockerfileAbsolute: lower! };
        text = found;
      }
    }
    const key: DockerfileKey = { absolute: build.dockerfileAbsolute, text, target: build.target, args: JSON.stringify([[...build.args].sort(), [...(build.unknownArgs ?? [])].sort()]) };
    const cacheKey = JSON.stringify(key);
    let model = this.models.get(cacheKey);
    if (!model) {
      const parsed = parseDockerfile(text);
      model = buildModel(parsed, {
        file: build.dockerfile,
        builder: composeBuilder(this.options.builder, parsed),
        catalog: this.options.catalog,
        classifier: this.options.classifier,
        loadShellAnalyzer: this.options.loadShellAnalyzer,
        buildArgs: build.args,
        ...(build.unknownArgs ? { unknownBuildArgs: build.unknownArgs } : {}),
        allRunEffects: true,
        ...(build.target ? { target: build.target } : {}),
      });
      this.models.set(cacheKey, model);
    }
    const fileModel = await model;
    const stage = fileModel.target;
    if (!stage) {
      if (!quiet) this.problem(build.location, `service ${name}: Dockerfile ${build.dockerfile} has no FROM`);
      return unknown(`its Dockerfile ${build.dockerfile} has no FROM`);
    }
    if (build.target && stage.name?.toLowerCase() !== build.target.toLowerCase()) {
      if (!quiet) this.problem(build.targetLocation ?? build.location, `service ${name}: build target ${build.target} is not a stage of ${build.dockerfile}`);
      return unknown(`its build target ${build.target} is not a stage of ${build.dockerfile}`);
    }
    return { kind: 'build', build, model: fileModel, stage, image };
  }

  /** Services whose `extends` could not be followed. */
  private readonly extendsFailed = new Set<string>();
  /** Services with neither `image:` nor `build:` (nor a failed `extends`), reported together. */
  private readonly imageless: string[] = [];
  /** Set by withExtends when the service being resolved names an extended file that cannot be read. */
  private extendsBroken = false;

  /** dockerfile_inline texts by service, read before buildImage. */
  private readonly inlineText = new Map<string, string>();

  private user(node: TreeMap, image: ServiceImage): ServiceUser {
    const userNode = child(node, 'user');
    const written = scalarText(userNode);
    // `user: ${UID}:${GID}` with the variables unset: the user is whoever deploys it chooses, not known here.
    if (written !== null && this.unsetNames(userNode).length > 0) return { value: null, source: 'unknown', root: null, location: userNode!.loc };
    if (written !== null) return { value: written, source: 'compose', root: isRootUser(written), location: userNode!.loc };
    if (image.kind === 'build') {
      const value = image.stage.finalUser;
      const instruction = lastUserInstruction(image.stage);
      return {
        value,
        source: value === null ? 'unknown' : instruction ? 'image' : 'default',
        root: isRootUser(value),
        location: instruction ? { file: image.model.file, range: instruction.range } : null,
      };
    }
    if (image.kind === 'catalog') {
      const value = image.info.user ?? '';
      return { value, source: image.info.user ? 'image' : 'default', root: isRootUser(value), location: null };
    }
    return { value: null, source: 'unknown', root: null, location: null };
  }

  private imageVolumes(image: ServiceImage): ImageVolume[] {
    if (image.kind === 'build') {
      return image.stage.volumes.map((volume) => {
        const site = declarationSite(volume, image.stage);
        return {
          path: volume.path,
          origin: volume.origin === 'base-image' ? 'base-image' : 'dockerfile',
          volume,
          site: { file: image.model.file, range: site.range },
          knowledge: volume.image ? volume.image.info.source : null,
          mountedBy: null,
        } satisfies ImageVolume;
      });
    }
    if (image.kind === 'catalog') {
      return image.info.volumes.map((path) => ({ path: normalizePath(path), origin: 'base-image', volume: null, site: null, knowledge: image.info.source, mountedBy: null }));
    }
    return [];
  }

  /**
   * The variables of a service's `env_file:` (a path, a list of paths, or of `{ path, required }`
   * entries; relative to the file that names it), a later file winning. A file that cannot be read
   * gives nothing (Compose refuses to start a service whose required env file is missing).
   */
  private async envFileVariables(node: TreeMap): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const written = child(node, 'env_file');
    if (!written) return out;
    for (const item of written.kind === 'seq' ? written.items : [written]) {
      const raw = item.kind === 'map' ? scalarText(child(item, 'path')) : scalarText(item);
      if (!raw) continue;
      const path = resolve(this.project.dirOf(item.loc.file), raw);
      const values = await this.project.serviceEnvFile(path, this.project.variablesOf(item.loc.file) ?? this.variables);
      for (const [key, value] of values ?? []) out.set(key, value);
    }
    return out;
  }

  /**
   * A host path written at `where`: `~` is HOME; a relative path is against the directory of the
   * file that wrote it (the project directory, or an included or extended file's own).
   */
  private hostPath(raw: string, where: SourceLocation): string {
    if (raw === '~' || raw.startsWith('~/')) return join(this.home(), raw.slice(1));
    if (isWindowsPath(raw) || raw.startsWith('\\\\')) return raw;
    return resolve(this.project.dirOf(where.file), raw);
  }

  /** The home directory of whoever runs Compose, as a bind source's `~` is resolved with. */
  private home(): string {
    return this.options.environment.HOME ?? '/root';
  }

  /**
   * A bind source under the home directory, in a directory named for the project or for data, that a fresh
   * machine does not have (src/compose/home-paths.ts), with the variable of the project that put it there.
   * `source` is the source as interpolated, `node` the scalar it was written in (a short-syntax entry, a `source:`).
   */
  private freshHome(source: string, node: TreeNode): FreshHomePath | null {
    const written = node.kind === 'scalar' ? node.source.trim().replace(/^["']/, '') : '';
    const rest = belowHome(source, this.home());
    if (rest === null) return null;
    let variable: FreshHomePath['variable'] = null;
    if (!source.startsWith('~/') && !/^\$\{?HOME\b/.test(written)) {
      // Under this machine's home directory only through a variable: the project's own (its .env or template,
      // `DATA=$HOME/.app`), not one of the shell that runs volint (`${PWD}/data` is the project directory).
      const name = interpolate(written, this.variablesAt(node)).names.find((n) => this.options.environment[n] === undefined && belowHome(this.project.fileVariable(n) ?? '', this.home()) !== null);
      if (name === undefined) return null;
      variable = { name, value: `~/${belowHome(this.project.fileVariable(name)!, this.home())}`, origin: this.project.variableOrigin(name) ?? '.env' };
    }
    const reason = homeBindReason(rest, [this.projectName, basename(dirname(this.options.absolutePath))], this.programNames);
    if (reason === null) return null;
    if (variable === null && written.includes('$')) {
      const variables = this.variablesAt(node);
      for (const name of interpolate(written, variables).names) {
        const value = variables.get(name);
        if (value !== undefined && value !== '' && value.startsWith('~')) {
          if (this.options.environment[name] === undefined) variable = { name, value, origin: this.project.variableOrigin(name) ?? '.env' };
          break;
        }
        const fallback = new RegExp(`\\$\\{${name}:?-(~[^}]*)\\}`).exec(written);
        if ((value === undefined || value === '') && fallback) {
          variable = { name, value: fallback[1]!, origin: 'its default in the compose file' };
          break;
        }
      }
    }
    return { display: `~/${rest}`, reason, variable };
  }

  private mountEntry(service: string, node: TreeNode, volumes: Map<string, ProjectVolume>, image: ServiceImage): ComposeMount | null {
    if (node.kind === 'scalar') {
      const spec = scalarText(node);
      if (!spec) {
        const emptied = this.unsetIn(node);
        this.problem(node.loc, `service ${service}: an empty \`volumes:\` entry${emptied ? ` (${emptied} has no value)` : ''}`);
        return null;
      }
      let short;
      try {
        short = parseShortVolume(spec);
      } catch (err) {
        // `${DIR}:/target` with DIR unset: Compose v2 refuses ":/target" ("invalid spec"); docker-compose
        // 1.29 only warns (its config prints `.:/target`). The entry is left out of the model.
        const emptied = this.unsetIn(node);
        const why = emptied ? `, because ${emptied} has no value: Compose refuses it (docker-compose 1.29 only warns)` : '';
        this.problem(node.loc, `service ${service}: ${(err as Error).message}${why}`, 'error', emptied !== null);
        return null;
      }
      const readOnly = short.modes.includes('ro');
      const base = blankMount(node.loc, short.target, image);
      base.syntax = 'short';
      base.sourceRaw = short.source;
      base.readOnly = readOnly;
      base.modes = short.modes;
      base.nocopy = short.modes.includes('nocopy');
      if (short.source === null) {
        base.cover = 'anonymous-volume';
      } else if (short.bind) {
        base.cover = 'bind';
        base.hostPath = this.hostPath(short.source, node.loc);
        base.createHostPath = true;
        base.hostFresh = this.freshHome(short.source, node);
      } else {
        base.cover = 'named-volume';
        base.volumeKey = short.source;
        base.volume = volumes.get(short.source) ?? null;
        if (!base.volume && !this.legacy) this.problem(node.loc, `service ${service} mounts volume ${short.source}, which the top-level \`volumes:\` does not declare (Compose refuses this)`);
      }
      return base;
    }
    if (node.kind !== 'map') {
      this.problem(node.loc, `service ${service}: a \`volumes:\` entry is neither a string nor a mapping`);
      return null;
    }
    const type = scalarText(child(node, 'type'));
    const target = scalarText(child(node, 'target'));
    if (!target) {
      // `target: ${DIR}` with DIR unset: the error is at the emptied value and names the variable.
      const emptied = this.unsetIn(child(node, 'target'));
      if (emptied) this.problem(child(node, 'target')!.loc, `service ${service}: a \`volumes:\` entry whose \`target\` is empty, because ${emptied} has no value: Compose refuses it`, 'error', true);
      else this.problem(node.loc, `service ${service}: a \`volumes:\` entry has no \`target\``);
      return null;
    }
    const source = scalarText(child(node, 'source'));
    const mount = blankMount(node.loc, target, image);
    mount.syntax = 'long';
    mount.sourceRaw = source;
    mount.readOnly = truthy(child(node, 'read_only'));
    switch (type) {
      case 'bind':
        mount.cover = 'bind';
        // A `source: ${DIR:?…}` that is missing is already the required variable's error.
        if (!source && this.unsetIn(child(node, 'source'))) {
          // `source: ${DIR}` with DIR unset: the error is at the emptied value and names the variable.
          this.problem(child(node, 'source')!.loc, `service ${service}: a bind mount whose \`source\` is empty, because ${this.unsetIn(child(node, 'source'))} has no value: Compose refuses it`, 'error', true);
        } else if (!source && !this.requiredMissing(child(node, 'source'))) this.problem(node.loc, `service ${service}: a bind mount without \`source\``);
        mount.hostPath = source ? this.hostPath(source, child(node, 'source')!.loc) : null;
        mount.createHostPath = truthy(child(child(node, 'bind'), 'create_host_path'));
        if (source && mount.createHostPath) mount.hostFresh = this.freshHome(source, child(node, 'source')!);
        break;
      case 'volume':
      case null:
        if (type === null && !source) {
          this.problem(node.loc, `service ${service}: a \`volumes:\` entry without \`type\``);
        }
        if (source && isHostPathSource(source) && type === null) {
          mount.cover = 'bind';
          mount.hostPath = this.hostPath(source, child(node, 'source')!.loc);
          break;
        }
        mount.cover = source ? 'named-volume' : 'anonymous-volume';
        if (source) {
          mount.volumeKey = source;
          mount.volume = volumes.get(source) ?? null;
          if (!mount.volume) this.problem(node.loc, `service ${service} mounts volume ${source}, which the top-level \`volumes:\` does not declare (Compose refuses this)`);
        }
        mount.nocopy = truthy(child(child(node, 'volume'), 'nocopy'));
        mount.subpath = scalarText(child(child(node, 'volume'), 'subpath'));
        break;
      case 'tmpfs': {
        mount.cover = 'tmpfs';
        const tmpfs = child(node, 'tmpfs');
        const size = child(tmpfs, 'size');
        mount.tmpfsSize = size?.kind === 'scalar' && size.value !== null && typeof size.value !== 'boolean' ? parseByteSize(size.value) : null;
        mount.tmpfsMode = parseMode(child(tmpfs, 'mode'));
        break;
      }
      case 'npipe':
        mount.cover = 'npipe';
        mount.hostPath = source;
        break;
      case 'image':
        mount.cover = 'image';
        mount.imageSource = source;
        break;
      default:
        this.problem(child(node, 'type')!.loc, `service ${service}: unknown volume type ${JSON.stringify(type)} (bind, volume, tmpfs, npipe, image, cluster)`);
        return null;
    }
    return mount;
  }

  private tmpfsEntry(service: string, node: TreeNode, image: ServiceImage): ComposeMount | null {
    const text = scalarText(node);
    if (!text) {
      this.problem(node.loc, `service ${service}: a \`tmpfs:\` entry is not a string`);
      return null;
    }
    const colon = text.indexOf(':');
    const target = colon < 0 ? text : text.slice(0, colon);
    const options = colon < 0 ? [] : text.slice(colon + 1).split(',');
    const mount = blankMount(node.loc, target, image);
    mount.cover = 'tmpfs';
    mount.syntax = 'tmpfs';
    mount.modes = options;
    for (const option of options) {
      const [k, v] = option.split('=', 2);
      if (k === 'size' && v) mount.tmpfsSize = parseByteSize(v);
      if (k === 'mode' && v && /^[0-7]+$/.test(v)) mount.tmpfsMode = parseInt(v, 8);
      if (k === 'ro') mount.readOnly = true;
    }
    return mount;
  }

  /** `volumes_from: [service]`: the other service's mounts, in this service's containers too. */
  applyVolumesFrom(services: ComposeService[], started: (service: ComposeService) => boolean): void {
    const byName = new Map(services.map((s) => [s.name, s]));
    const done = new Set<string>();
    const visit = (service: ComposeService, stack: Set<string>): void => {
      if (done.has(service.name)) return;
      stack.add(service.name);
      for (const from of service.volumesFrom) {
        if (from.kind !== 'service') continue;
        const source = byName.get(from.name);
        if (!source) {
          this.problem(from.location, `service ${service.name}: \`volumes_from\` names ${from.name}, which is not a service of this project`);
          continue;
        }
        if (stack.has(source.name)) {
          this.problem(from.location, `service ${service.name}: \`volumes_from\` loops back to ${source.name}`);
          continue;
        }
        // A started service taking volumes from one Compose does not start: Compose refuses the
        // project, and the selection said so at this entry (src/compose/selection.ts). Nothing is taken.
        if (started(service) && !started(source)) continue;
        visit(source, stack);
        for (const mount of source.mounts) {
          // The service's own entries win; an image VOLUME of its own at the same path is replaced.
          const at = service.mounts.findIndex((m) => m.targetRaw === mount.targetRaw);
          const existing = at >= 0 ? service.mounts[at]! : null;
          if (existing && existing.cover !== 'image-volume') continue;
          if (existing) service.mounts.splice(at, 1);
          const taken: ComposeMount = {
            ...mount,
            cover: 'volumes-from',
            syntax: 'volumes-from',
            readOnly: from.readOnly || mount.readOnly,
            location: from.location,
            from,
            image: contentAt(service.image, mount.target),
            replacesImageVolume: null,
          };
          const own = service.imageVolumes.find((v) => v.path === mount.target);
          if (own) {
            own.mountedBy = taken;
            taken.replacesImageVolume = own;
          }
          service.mounts.push(taken);
        }
        sortMounts(service);
      }
      stack.delete(service.name);
      done.add(service.name);
    };
    for (const service of services) visit(service, new Set());
  }
}

function lastUserInstruction(stage: Stage) {
  for (const current of stageChain(stage)) {
    for (let i = current.instructions.length - 1; i >= 0; i--) {
      const instruction = current.instructions[i]!;
      if (instruction.keyword === 'USER') return instruction;
    }
  }
  return null;
}

function blankMount(loc: SourceLocation, targetRaw: string, image: ServiceImage): ComposeMount {
  const target = targetRaw.startsWith('/') ? normalizePath(targetRaw) : null;
  return {
    cover: 'anonymous-volume',
    syntax: 'short',
    targetRaw,
    target,
    sourceRaw: null,
    hostPath: null,
    volume: null,
    volumeKey: null,
    imageSource: null,
    readOnly: false,
    modes: [],
    createHostPath: null,
    hostExists: null,
    hostMadeBy: null,
    hostDependencies: null,
    hostDirectories: [],
    hostFiles: [],
    hostKeptFiles: [],
    hostPreparedBy: null,
    hostWrittenBy: null,
    hostPreparedByJob: null,
    hostFresh: null,
    nocopy: false,
    subpath: null,
    tmpfsSize: null,
    tmpfsMode: null,
    location: loc,
    from: null,
    image: contentAt(image, target),
    replacesImageVolume: null,
  };
}

function imageVolumeMount(volume: ImageVolume, image: ServiceImage): ComposeMount {
  return {
    ...blankMount(volume.site ?? { file: '', range: zero() }, volume.path, image),
    cover: 'image-volume',
    syntax: 'image',
    location: null,
  };
}

/** What the service's image holds at a container path. */
export function contentAt(image: ServiceImage, path: string | null): ImageContentAt {
  if (image.kind !== 'build' || path === null) {
    const below: ImageContentAt['below'] = image.kind === 'catalog' ? { kind: 'image', ref: image.ref, info: image.info } : { kind: 'unknown' };
    const description =
      path === null
        ? 'The mount point is not an absolute container path.'
        : image.kind === 'catalog'
          ? `The image ${image.ref.raw} is known from the catalogue, which lists its volumes and user, not its files: what it holds at ${path} is not known.`
          : image.kind === 'unknown'
            ? `The image is unknown (${image.reason}): what it holds at ${path} is not known.`
            : `What the image holds at ${path} is not known.`;
    const ref = image.kind === 'catalog' ? image.ref : image.kind === 'unknown' ? image.ref : null;
    // What volint knows the image holds there without seeing it replaces "not known".
    const known = path === null ? '' : knownContentSentence(ref, path);
    return { known: false, steps: [], filled: false, below, description: known === '' ? description : known.trim() };
  }
  const steps: ImageStep[] = [];
  const chain = stageChain(image.stage).reverse();
  for (const stage of chain) {
    for (const effect of stage.effects) {
      const how = reach(effect, path);
      if (!how) continue;
      const copied = effect.kind === 'copy' && effect.from ? copiedFromStage(image.model, stage, effect) : null;
      const extra =
        copied === null
          ? {}
          : copied.context.length > 0
            ? { stageContext: { stage: copied.stage, path: copied.path, steps: copied.context, tools: copied.tools } }
            : { placeholders: { stage: copied.stage, path: copied.path, steps: copied.placeholders, conditional: copied.conditional } };
      steps.push({ effect, file: image.model.file, stage, reach: how, ...extra });
      // A COPY --from of a parent directory: what the source stage put below it lands here.
      if (how === 'parent' && effect.kind === 'copy' && effect.from) {
        for (const copied of stepsThroughCopy(image.model, stage, effect, path)) {
          steps.push({ effect: copied.effect, file: image.model.file, stage: copied.stage, reach: copied.reach, via: copied.via });
        }
      }
    }
  }
  const root = chain[0]!;
  const below: ImageContentAt['below'] =
    root.base.kind === 'scratch' ? { kind: 'scratch' } : root.base.kind === 'image' ? { kind: 'image', ref: root.base.ref, info: root.base.info } : { kind: 'unknown' };
  const filled = steps.some((s) => s.reach === 'inside' && s.effect.kind !== 'chown' && s.effect.kind !== 'chmod' && s.effect.kind !== 'delete');
  const known = below.kind === 'image' && !steps.some((s) => s.reach === 'inside' && (s.effect.kind === 'copy' || s.effect.kind === 'write')) ? knownContentSentence(below.ref, path) : '';
  return { known: true, steps, filled, below, description: `${describeImageAt(image.stage, path, Infinity)}${copiedSentence(steps, path)}${known}` };
}

/**
 * What the steps of other stages that a COPY --from of a parent directory brings put at or below
 * `path` (ImageStep.via), as a sentence to follow the description, or ''.
 */
function copiedSentence(steps: readonly ImageStep[], path: string): string {
  const copied = steps.filter((s) => s.via && s.reach === 'inside' && (s.effect.kind === 'copy' || s.effect.kind === 'write'));
  if (copied.length === 0) return '';
  const named = [...new Set(copied.map((s) => `${s.effect.command} at line ${s.effect.instruction.range.start.line + 1} (stage ${s.stage.name ?? s.stage.index})`))];
  const copies = [...new Set(copied.map((s) => `${s.via![0]!.copy.command} --from=${s.via![0]!.copy.from} at line ${s.via![0]!.copy.instruction.range.start.line + 1}`))];
  const verb = copied.every((s) => s.effect.certainty === 'possible') ? 'may put' : named.length > 1 ? 'put' : 'puts';
  return ` In another stage, ${named.join(', ')} ${verb} files at or below ${path}, and the ${copies.join(' and the ')} brings them here.`;
}

/**
 * What volint knows the image holds at `path` without seeing it (src/model/image-content.ts), as a
 * sentence to follow the description, or ''.
 */
function knownContentSentence(ref: ImageRef | null, path: string): string {
  const known = knownImageContent(ref, path);
  if (!known || ref === null) return '';
  if (known.basis === 'official') return ` The official image ${ref.raw} holds ${known.holds} at ${known.path} (its Dockerfile: ${known.source}).`;
  return ` volint cannot see ${ref.raw}. ${known.reason} Where an image has ${known.path}, it holds ${known.holds}.`;
}

/**
 * Dependency manifests: files a package manager reads to install a project's dependencies. A
 * directory that holds only these has no sources for a program run there to build.
 */
const DEPENDENCY_MANIFESTS = new Set([
  'pyproject.toml', 'setup.cfg', 'requirements.txt', 'Pipfile', 'Pipfile.lock', 'poetry.lock', 'uv.lock', 'pdm.lock',
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', '.npmrc', '.yarnrc', '.yarnrc.yml',
  'Gemfile', 'Gemfile.lock', 'composer.json', 'composer.lock', 'go.mod', 'go.sum', 'Cargo.toml', 'Cargo.lock', 'mix.exs', 'mix.lock',
]);

/** A COPY/ADD source that names one dependency manifest of the build context (`pyproject.toml`, `requirements/dev.txt`). */
function isManifestSource(source: string): boolean {
  if (/[*?[$]/.test(source) || /^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return false;
  const name = source.replace(/\/+$/, '').slice(source.replace(/\/+$/, '').lastIndexOf('/') + 1);
  return DEPENDENCY_MANIFESTS.has(name) || /^requirements[\w.-]*\.(txt|in)$/.test(name);
}

/**
 * What a COPY --from an earlier stage brings, when the source stage's steps show what is there:
 * the one absolute source path, below which the stage chain's steps only make directories, empty
 * files (`touch`: `placeholders`) and copies from the build context (`context`: the host's files, as
 * for any context copy), reaching it from above only with a COPY from the build context. A COPY
 * --from, an ADD of a URL or any other RUN write at or below the source, or a RUN reaching it from
 * above, is content the build made (or may be). So is what a program run in that directory may
 * have made without the analysis seeing it (`make`, `npm run build`, a script): where a RUN step
 * runs there (its WORKDIR, a `cd`, a program there) after the context put files there, those files
 * must be dependency manifests only (`COPY pyproject.toml /app/` then `pip install`), with nothing to
 * build. A tool whose writes the analysis cannot follow that ran at or above the source (`opaque`:
 * `pip install -e .`, a Poetry install whose environment may be in the project) may have left files
 * there at any time: `tools` names those steps, and the source may hold what they made. Null when
 * the source holds content the build made, or volint cannot tell.
 */
function copiedFromStage(
  model: FileModel,
  stage: Stage,
  effect: PathEffect,
): { stage: Stage; path: string; placeholders: PathEffect[]; context: PathEffect[]; conditional: boolean; tools: PathEffect[] } | null {
  const sources = effect.sources ?? [];
  if (sources.length !== 1 || !sources[0]!.startsWith('/') || /[*?[$]/.test(sources[0]!)) return null;
  const from = copySourceStage(model, stage, effect.from!);
  if (!from) return null;
  const path = normalizePath(sources[0]!);
  const placeholders: PathEffect[] = [];
  const context: PathEffect[] = [];
  const chain = stageChain(from).reverse();
  for (const current of chain) {
    for (const step of current.effects) {
      const how = reach(step, path);
      if (!how) continue;
      if (step.kind === 'mkdir' || step.kind === 'workdir' || step.kind === 'chown' || step.kind === 'chmod' || step.kind === 'delete') continue;
      const fromContext = step.kind === 'copy' && !step.from && !(step.sources ?? []).some((s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s));
      if (how === 'parent' && fromContext) continue;
      if (how === 'inside' && fromContext) {
        context.push(step);
        continue;
      }
      if (how === 'inside' && step.kind === 'write' && step.command === 'RUN touch') {
        placeholders.push(step);
        continue;
      }
      return null;
    }
  }
  if (placeholders.length === 0 && context.length === 0) return null;
  const conditional = placeholders.some((p) => p.conditional === true);
  const tools = chain.flatMap((current) => current.uses.filter((use) => use.kind === 'opaque' && reach(use, path) !== null));
  // Empty placeholders beside a tool's unknown files: content the build may have made.
  if (tools.length > 0 && context.length === 0) return null;
  if (context.length > 0) {
    // Context files and a placeholder branch volint cannot decide: the other branch may build there.
    if (conditional) return null;
    const manifestsOnly = context.every((c) => (c.sources ?? []).length > 0 && (c.sources ?? []).every(isManifestSource));
    if (!manifestsOnly) {
      const first = context[0]!.instruction.index;
      for (const current of chain) {
        for (const instruction of current.instructions) {
          if (instruction.keyword !== 'RUN' || instruction.index < first) continue;
          const workdir = current.workdirAt.get(instruction.index);
          if (workdir === null || workdir === undefined || isWithin(workdir, path)) return null;
        }
        if (current.uses.some((use) => use.instruction.index > first && reach(use, path) === 'inside')) return null;
      }
    }
  }
  return { stage: from, path, placeholders, context, conditional, tools };
}

/**
 * What the host path of a bind holds strictly below its target, where the image's steps put files: the
 * directories of the same name (`public` for /var/www/html/public under `.:/var/www/html`), and the files of the
 * same name that a RUN step changes (entrypoint.sh rewritten by `RUN sed -i` after `COPY entrypoint.sh .`).
 * One look at each path on the host.
 */
async function hostHeld(hostPath: string, target: string, steps: ImageStep[], exists: (path: string) => Promise<boolean>, io: ComposeIO): Promise<{ hostDirectories: string[]; hostFiles: string[]; hostKeptFiles: string[] }> {
  const held = { hostDirectories: [] as string[], hostFiles: [] as string[], hostKeptFiles: [] as string[] };
  const runSteps = steps.filter((s) => s.effect.command.startsWith('RUN'));
  const changedByRun = new Set(runSteps.map((s) => s.effect.path));
  for (const path of new Set(steps.map((s) => s.effect.path))) {
    if (path === target || !isWithin(path, target)) continue;
    const onHost = join(hostPath, posix.relative(target, path));
    if (!(await exists(onHost))) continue;
    if (!(await io.isFile(onHost))) held.hostDirectories.push(path);
    // Where git already keeps the host's copy as the step makes it (LF line endings by .gitattributes, the execute bit), the bind hides nothing.
    else if (changedByRun.has(path)) (await keptInGit(onHost, runSteps.filter((s) => s.effect.path === path), io) ? held.hostKeptFiles : held.hostFiles).push(path);
  }
  return held;
}

/** Sorts the mounts, ties explicit entries to the image VOLUMEs they mount, adds the others as `image-volume`. */
function finishMounts(service: ComposeService): void {
  for (const volume of service.imageVolumes) {
    const explicit = service.mounts.find((m) => m.target !== null && m.target === volume.path);
    if (explicit) {
      volume.mountedBy = explicit;
      explicit.replacesImageVolume = volume;
    } else {
      service.mounts.push(imageVolumeMount(volume, service.image));
    }
  }
  sortMounts(service);
}

function sortMounts(service: ComposeService): void {
  service.mounts.sort((a, b) => (a.target ?? a.targetRaw).localeCompare(b.target ?? b.targetRaw));
}
