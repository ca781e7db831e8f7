/**
 * Questions the Compose rules ask of the run-time model (src/compose/types.ts), answered in one
 * place: which entries the author wrote, which steps of the image put content under a mount point,
 * which other mount restores a hidden path, and how to point at a step in the Dockerfile.
 */
import { posix } from 'node:path';
import type { RelatedLocation } from '../engine/types.js';
import type { BaseImageInfo, ImageRef, VolumeState } from '../model/image-types.js';
import { knownImageContent, type ImageContent } from '../model/image-content.js';
import { isWithin, normalizePath } from '../model/paths.js';
import { copySourceStage, stageChain } from '../model/query.js';
import { containerLookup } from '../model/start-script.js';
import type { FileModel, PathEffect, Stage } from '../model/types.js';
import type { ComposeModel, ComposeMount, ComposeService, ImageStep, ImageVolume, OperationSetting, SourceLocation, StartRestore } from './types.js';
import { selfHostingStatement, throwAwayStatement } from './purpose.js';
import { commandOption, environmentDatabaseServer, WRAPPERS, type ConfiguredServer, type DatabaseDirectory, type EnvironmentServer } from './service-settings.js';

/** A mount the service writes itself (`volumes:`, `tmpfs:`), with an absolute container path. */
export type WrittenMount = ComposeMount & { target: string; location: SourceLocation };

export function writtenMounts(service: ComposeService): WrittenMount[] {
  return service.mounts.filter(
    (m): m is WrittenMount => m.target !== null && m.location !== null && (m.syntax === 'short' || m.syntax === 'long' || m.syntax === 'tmpfs'),
  );
}

/**
 * Lock files that package managers rewrite in the working directory (`npm install` writes
 * package-lock.json): a project keeps its own next to the manifest, so hiding the image's is no loss.
 */
const LOCK_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'composer.lock', 'Gemfile.lock', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock']);

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

interface ContentOptions {
  /** Leave out steps whose path is the mount point itself, unless they put a tree there (a file bound over the image's file). */
  belowOnly?: boolean;
}

/**
 * Steps that put files under `mount` (COPY, ADD, a RUN write), reaching it from inside, in build
 * order: an empty directory (mkdir, WORKDIR) is not content, nor is a lock file a package manager
 * rewrites, nor a change of owner or mode.
 */
export function contentSteps(mount: ComposeMount, options: ContentOptions = {}): ImageStep[] {
  if (!mount.image.known || mount.target === null) return [];
  return mount.image.steps.filter((step) => {
    if (step.reach !== 'inside') return false;
    const effect = step.effect;
    if (effect.kind !== 'write' && effect.kind !== 'copy') return false;
    // A file bound over the image's file; a directory tree copied to the mount point (COPY --from=build /src/dist/ /usr/share/nginx/html) is below it.
    if (options.belowOnly && effect.path === mount.target && !effect.recursive) return false;
    if (effect.kind === 'write' && LOCK_FILES.has(baseName(effect.path))) return false;
    // `touch` makes an empty file (a log, a marker): nothing that changes with the image.
    if (effect.kind === 'write' && effect.command === 'RUN touch') return false;
    // A COPY --from of a stage that puts only such placeholders there (the real build skipped by a build arg).
    if (step.placeholders && !step.placeholders.conditional) return false;
    // A directory of the build context that holds only keep files (`media/.gitkeep`).
    if (step.fromContext?.empty) return false;
    return true;
  });
}

/**
 * How sure the model is that the step puts its content there: the effect's certainty, but
 * `possible` for a COPY --from whose source stage may only have made empty placeholders (a branch
 * volint cannot decide: the real build may have run instead), or holds files from the build
 * context beside what a tool whose writes volint cannot follow may have left (ImageStep.stageContext.tools).
 */
export function stepCertainty(step: ImageStep): 'certain' | 'possible' {
  return step.placeholders?.conditional || (step.stageContext?.tools.length ?? 0) > 0 ? 'possible' : step.effect.certainty;
}

/** A sentence on the tools whose unknown output a COPY --from may bring beside the context's files (ImageStep.stageContext.tools), or ''. */
export function stageToolsSentence(step: ImageStep): string {
  const c = step.stageContext;
  if (!c || c.tools.length === 0) return '';
  const stage = c.stage.name ?? String(c.stage.index);
  const copied = [...new Set(c.steps.map((e) => `${e.command} at ${step.file}:${e.range.start.line + 1}`))].join(', ');
  const tools = [...new Set(c.tools.map((e) => `${e.command} at ${step.file}:${e.range.start.line + 1}`))].join(', ');
  return ` In stage ${stage}, ${c.path} holds files copied from the build context (${copied}), but ${tools} ran there, and volint cannot follow what it writes (build metadata such as *.egg-info, a virtual environment the tool's configuration may put in the project): the COPY may bring them too.`;
}

/** A sentence on the placeholders a COPY --from may bring (ImageStep.placeholders), or ''. */
export function placeholdersSentence(step: ImageStep): string {
  const p = step.placeholders;
  if (!p) return '';
  const stage = p.stage.name ?? String(p.stage.index);
  const made = [...new Set(p.steps.map((e) => `${e.command} at ${step.file}:${e.range.start.line + 1}`))].join(', ');
  return ` In stage ${stage}, ${p.path} holds only empty files (${made}) if the branch of the RUN that makes them runs; volint cannot decide its condition, and another branch may put the real content there.`;
}

/**
 * A step that a later `rm -rf` or `mv` undid (same path or a parent of it) leaves nothing: in a
 * later RUN, or later in the same RUN (`npm ci && mv node_modules /node_modules`). A step of
 * another stage that a COPY --from brings (ImageStep.via) is undone in its own stage before the
 * copy, or in the stage of the copy after it.
 */
export function removedLater(step: ImageStep, steps: ImageStep[]): boolean {
  const at = steps.indexOf(step);
  const landed = step.via?.[0];
  return steps.some((other, index) => {
    if (other.effect.kind !== 'delete' || !isWithin(step.effect.path, other.effect.path) || !(other.effect.recursive || other.effect.path === step.effect.path)) return false;
    if (landed && !other.via && other.stage === landed.stage && other.effect.instruction.index > landed.copy.instruction.index) return true;
    return (
      other.stage === step.stage &&
      (other.via?.[0]?.copy ?? null) === (landed?.copy ?? null) &&
      (other.effect.instruction.index > step.effect.instruction.index || (other.effect.instruction === step.effect.instruction && index > at))
    );
  });
}

/** Steps of a RUN (not COPY/ADD). */
export function isRunStep(step: ImageStep): boolean {
  return step.effect.command.startsWith('RUN');
}

/** COPY/ADD from the build context (not `--from` another stage or image, not a URL). */
export function isContextCopy(step: ImageStep): boolean {
  return step.effect.kind === 'copy' && !step.effect.from && !(step.effect.sources ?? []).some((s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s));
}

/** The image a mount point's content comes from below the Dockerfile's steps: the FROM of a build, or the `image:` of the service. */
export function baseImageRef(service: ComposeService, mount: ComposeMount): ImageRef | null {
  const image = service.image;
  if (image.kind === 'build') return mount.image.below.kind === 'image' ? mount.image.below.ref : null;
  return image.ref;
}

/**
 * What the image the service starts from holds at the mount point, as far as volint knows it
 * without seeing the image (src/model/image-content.ts): an official image's installed software or
 * default pages, or a runtime's package directory of an image it cannot see. Other mount points of
 * the service that name a runtime's package directory tell that the image has that runtime.
 */
export function baseContent(service: ComposeService, mount: ComposeMount): ImageContent | null {
  if (mount.target === null) return null;
  const others = service.mounts.filter((m) => m !== mount && m.target !== null && m.location !== null).map((m) => m.target!);
  return knownImageContent(baseImageRef(service, mount), mount.target, others);
}

/** Another mount of the service below `mount` that covers `path` (it restores the image content there, or replaces it). */
export function deeperMountAt(service: ComposeService, mount: ComposeMount, path: string): ComposeMount | null {
  if (mount.target === null) return null;
  for (const other of service.mounts) {
    if (other === mount || other.target === null || other.target === mount.target) continue;
    if (isWithin(other.target, mount.target) && isWithin(path, other.target)) return other;
  }
  return null;
}

/** The image content a mount over `mount.target` hides from the service: content steps not undone later and not under a deeper mount. */
function hiddenContentSteps(service: ComposeService, mount: ComposeMount): ImageStep[] {
  return contentSteps(mount).filter((s) => !removedLater(s, mount.image.steps) && !deeperMountAt(service, mount, s.effect.path));
}

/**
 * What a mount that starts empty over image content (a tmpfs, a nocopy volume) hides, as a finding
 * needs it: the steps, their certainty, the message data, the sentence naming the steps, and the
 * related locations (each step with `note` said after it, then the service). Null when nothing is hidden.
 */
export function hiddenContentEvidence(service: ComposeService, mount: WrittenMount, note: string): {
  steps: ImageStep[];
  confidence: 'certain' | 'possible';
  data: { target: string; paths: string; step: string };
  stepsSentence: string;
  related: RelatedLocation[];
} | null {
  const steps = hiddenContentSteps(service, mount);
  if (steps.length === 0) return null;
  const related = steps.slice(0, 5).map((s) => stepLocation(s, `${describeStepHere(s)} puts ${s.effect.path} in the image; ${note}`));
  related.push(composeLocation(service.location, `service ${service.name}`));
  return {
    steps,
    confidence: stepsCertainty(steps),
    data: { target: mount.target, paths: listPaths(steps), step: describeStep(steps[0]!) },
    stepsSentence: `${stepsPutSentence(steps)}.`,
    related,
  };
}

/** `certain` when any of the steps certainly puts its content there, else `possible`. */
function stepsCertainty(steps: ImageStep[]): 'certain' | 'possible' {
  return steps.some((s) => stepCertainty(s) === 'certain') ? 'certain' : 'possible';
}

/** 1-based line of a location. */
export function lineOf(location: { range: { start: { line: number } } }): number {
  return location.range.start.line + 1;
}

/** `RUN npm at Dockerfile:7` */
export function describeStep(step: ImageStep): string {
  return `${step.effect.command} at ${step.file}:${lineOf(step.effect)}${copiedVia(step)}`;
}

/** ` in stage build, brought by COPY --from=build at Dockerfile:45` for a step another stage's files come from (ImageStep.via), or ''. */
export function copiedVia(step: ImageStep): string {
  const first = step.via?.[0];
  if (!first) return '';
  return ` in stage ${step.stage.name ?? String(step.stage.index)}, brought by ${first.copy.command} --from=${first.copy.from} at ${step.file}:${lineOf(first.copy)}`;
}

/** What the steps put where, for an explanation: `RUN npm ci at Dockerfile:4 puts /app/node_modules in the image; …` (no final stop). */
export function stepsPutSentence(steps: readonly ImageStep[]): string {
  return steps.map((s) => `${describeStep(s)} puts ${s.effect.path} in the image`).join('; ');
}

/** `RUN npm`: a step named where the location already says the file and line (a related location). */
export function describeStepHere(step: ImageStep): string {
  return step.via ? `${step.effect.command} in stage ${step.stage.name ?? String(step.stage.index)}` : step.effect.command;
}

/** The step as a related location in the Dockerfile. */
export function stepLocation(step: ImageStep, message: string): RelatedLocation {
  return { file: step.file, range: step.effect.range, message };
}

/** A compose-file location as a related location. */
export function composeLocation(location: SourceLocation, message: string): RelatedLocation {
  return { file: location.file, range: location.range, message };
}

/** Distinct paths the steps put content at, as a short list (`/app/node_modules, /app/dist`). */
export function listPaths(steps: ImageStep[], limit = 3): string {
  const paths = [...new Set(steps.map((s) => s.effect.path))];
  return paths.length <= limit ? paths.join(', ') : `${paths.slice(0, limit).join(', ')} and ${paths.length - limit} more`;
}

/** How the image behind a service is named in messages. */
export function imageName(service: ComposeService): string {
  const image = service.image;
  if (image.kind === 'build' && image.link) return `the image ${image.link.image} (built from ${image.build.dockerfile}${image.build.target ? `, target ${image.build.target}` : ''})`;
  if (image.kind === 'build') return `the image built from ${image.build.dockerfile}${image.build.target ? ` (target ${image.build.target})` : ''}`;
  if (image.kind === 'catalog') return `the image ${image.ref.raw}`;
  return image.ref ? `the image ${image.ref.raw}` : 'the image';
}

/** One service's use of a named volume over files its image holds there. */
export interface SeedUse {
  service: ComposeService;
  mount: WrittenMount;
  /** Proven steps that put files under the mount point. */
  steps: ImageStep[];
  /**
   * Where the Dockerfile puts nothing there (or there is none): what an official image holds at the
   * mount point, read from its public Dockerfile (nginx's default pages), with the image.
   */
  base?: { content: ImageContent; ref: ImageRef };
}

/** The same content: the same Dockerfile and stage, or the same official image's files, mounted at the same path. */
function sameContent(a: SeedUse, b: SeedUse): boolean {
  if (a.mount.target !== b.mount.target) return false;
  if (a.base || b.base) return a.base !== undefined && b.base !== undefined && a.base.ref.name === b.base.ref.name && a.base.content.path === b.base.content.path;
  const ia = a.service.image;
  const ib = b.service.image;
  return ia.kind === 'build' && ib.kind === 'build' && ia.model.file === ib.model.file && ia.stage.index === ib.stage.index;
}

/** What a use seeds the volume with, as a phrase: the paths its steps put there, or the official image's files. */
export function seedContent(use: SeedUse): string {
  return use.base ? `${use.base.content.holds}, from the image ${use.base.ref.raw}` : listPaths(use.steps);
}

/**
 * Named volumes that several services mount over different files of their images: for each such
 * use, the other uses whose content competes with it to seed the volume (compose-shared-volume-seed).
 */
export function competingSeeds(model: ComposeModel): Map<WrittenMount, { use: SeedUse; others: SeedUse[] }> {
  const byVolume = new Map<string, SeedUse[]>();
  for (const service of model.services) {
    for (const mount of writtenMounts(service)) {
      if (mount.cover !== 'named-volume' || mount.nocopy || mount.subpath || !mount.volumeKey) continue;
      const steps = contentSteps(mount).filter((s) => stepCertainty(s) === 'certain' && !removedLater(s, mount.image.steps));
      let base: SeedUse['base'];
      if (steps.length === 0) {
        // Nothing of the Dockerfile's there: an official image's own files, when known (nginx's default pages).
        const content = contentSteps(mount).length === 0 ? baseContent(service, mount) : null;
        const ref = baseImageRef(service, mount);
        if (!content || content.basis !== 'official' || !ref) continue;
        base = { content, ref };
      }
      const uses = byVolume.get(mount.volumeKey) ?? [];
      uses.push({ service, mount, steps, ...(base ? { base } : {}) });
      byVolume.set(mount.volumeKey, uses);
    }
  }
  const result = new Map<WrittenMount, { use: SeedUse; others: SeedUse[] }>();
  for (const uses of byVolume.values()) {
    for (const use of uses) {
      const others = uses.filter((o) => o.service !== use.service && !sameContent(use, o));
      if (others.length > 0) result.set(use.mount, { use, others });
    }
  }
  return result;
}

/** Segments that name a directory of throw-away state: scratch files, caches, login sessions. */
const SCRATCH = 'scratch space';
const CACHE = 'a cache, which the program fills again on demand';
const SESSIONS = 'login sessions: losing them signs the users out, nothing more';
const DISPOSABLE_NAMES = new Map([
  ['tmp', SCRATCH],
  ['temp', SCRATCH],
  ['cache', CACHE],
  ['caches', CACHE],
  ['.cache', CACHE],
  ['sessions', SESSIONS],
  ['session', SESSIONS],
]);

/**
 * Why an image VOLUME at `path` holds nothing a service must keep, or null: scratch space (/tmp,
 * /var/tmp, a directory named tmp), a cache (/var/cache, FHS: "can be deleted without data loss";
 * a directory named cache) or login sessions (phpMyAdmin's `VOLUME /sessions`, PHP's
 * session.save_path). The last segment names it; /var/cache counts below it too.
 */
export function disposableVolumeReason(path: string): string | null {
  if (isWithin(path, '/var/cache') && path !== '/var/cache') return CACHE;
  return DISPOSABLE_NAMES.get(path.slice(path.lastIndexOf('/') + 1).toLowerCase()) ?? null;
}

/**
 * Why a directory at `path` or below a directory of throw-away state (disposableVolumeReason of
 * it or of a parent: /tmp/pgdata, /var/tmp/db) holds nothing a service must keep, or null.
 */
export function disposablePathReason(path: string): string | null {
  for (let at = path; at !== '/' && at !== ''; at = at.slice(0, at.lastIndexOf('/')) || '/') {
    const reason = disposableVolumeReason(at);
    if (reason !== null) return reason;
  }
  return null;
}

/** Targets where a mount keeps data (not configuration, sockets or scratch). */
const DATA_TREES = ['/var/lib', '/data', '/srv', '/var/db', '/var/opt'];

/**
 * Whether an image VOLUME holds the service's state (data it must keep), by what the image's
 * catalogue entry says of it (`volumeState`) and the service's environment, command and mounts. A
 * VOLUME the catalogue says nothing about holds state. With an entry: every environment condition
 * holds (the service's `environment:`, else the image's default), or the command sets one of its
 * options (`--appendonly yes`; `--save ""` does not count), or the service mounts a volume of its
 * own for data elsewhere (keepsDataElsewhere: it means to keep data).
 * Returns the entry's reason when the volume does not hold state, null when it does.
 */
export function statelessVolumeReason(service: ComposeService, volume: ImageVolume, projectDir: string): string | null {
  const state = volumeImageInfo(service, volume)?.volumeState?.find((s) => s.path === volume.path);
  if (!state) return null;
  // Credentials the deployer mounts: never the program's state, whatever the configuration.
  if (state.given === true) return `${state.why} (${state.source})`;
  if (state.env) {
    for (const condition of state.env) {
      const value = service.environment.has(condition.name) ? service.environment.get(condition.name) : condition.default;
      // A name without a value comes from the shell that runs Compose: unknown, so it may use the volume.
      if (value === null || value === undefined) continue;
      const holds = condition.within ? value.startsWith('/') && isWithin(value, volume.path) : (condition.values ?? []).includes(value);
      if (!holds) return `${state.why} (${condition.name}=${value}; ${state.source})`;
    }
    return null;
  }
  if (state.options) {
    if (persistenceSetting(service, state.options) !== null) return null;
    return keepsDataElsewhere(service, projectDir) ? null : `${state.why} (${state.source})`;
  }
  return null;
}

/**
 * The words of the command the service's container starts: for a `build:` service its start command
 * (the service's `entrypoint:`/`command:` over the Dockerfile's ENTRYPOINT/CMD), else the service's
 * entrypoint and command; a shell string (`sh -c "redis-server --appendonly yes"`) split on blanks.
 */
function startWords(service: ComposeService): string[] {
  const argv = service.image.kind === 'build' && service.start ? service.start.argv : [...(service.entrypoint ?? []), ...(service.command ?? [])];
  return argv.flatMap((w) => w.split(/\s+/)).filter((w) => w !== '');
}

/** The setting that turns a server's persistence on (persistenceOn), as written, and where it is written. */
interface PersistenceOn {
  /** The setting as written: `--appendonly yes` (the command), `appendonly yes` (a configuration file). */
  setting: string;
  /** The configuration file the setting is read from, as the container sees it (the path the command names); null: the command. */
  file: string | null;
}

/**
 * Which of the catalogue's persistence options (`volumeState` options: Redis's appendonly and save) the
 * service turns on: a value other than the option's off values (`--appendonly yes`, `--save 60 1`; not
 * `--appendonly no` or `--save ""`), given by the command or, where the command gives the option no
 * value, by the last line setting it in a configuration file the command names (`redis-server
 * /usr/local/etc/redis/redis.conf` with `appendonly yes` in the file the service binds there, or the
 * build copies there): the command's options override the file's, as redis-server reads them.
 */
function persistenceSetting(service: ComposeService, options: NonNullable<VolumeState['options']>): PersistenceOn | null {
  const words = startWords(service);
  for (const option of options) {
    const off = option.notValues ?? [];
    const given = commandOption(words, option.name);
    if (given !== undefined) {
      if (!off.includes(given)) return { setting: `--${option.name} ${given}`, file: null };
      continue;
    }
    const named = service.persistenceSettings.filter((s) => s.setting === option.name && words.some((w) => w.startsWith('/') && normalizePath(w) === s.imagePath));
    // A file bound over the one the build copies to the same path replaces it (bound files are read last).
    const last = named.at(-1);
    const lines = last ? named.filter((s) => s.imagePath === last.imagePath && s.source === last.source) : [];
    const value = lines.at(-1);
    if (value && !off.includes(value.value)) return { setting: `${option.name} ${value.value}`, file: value.imagePath };
  }
  return null;
}

/**
 * Where the service's own command (or a configuration file it names) turns on the persistence of a server
 * whose catalogue entry says the VOLUME holds its state only then (Redis: `--appendonly yes`, `--save 60 1`;
 * persistenceSetting): the maintainer asked for the data to be kept, as a named volume would say. Null
 * otherwise, and for a service that runs another program than the image's server (otherProgram).
 */
export function persistenceOn(service: ComposeService): PersistenceOn | null {
  if (otherProgram(service) !== null) return null;
  for (const volume of service.imageVolumes) {
    const options = volumeImageInfo(service, volume)?.volumeState?.find((s) => s.path === volume.path)?.options;
    const on = options ? persistenceSetting(service, options) : null;
    if (on) return on;
  }
  return null;
}

/** A shell or interpreter that runs a script: what it runs is in its arguments. */
const SHELLS = WRAPPERS;

/**
 * Programs that start other programs from their own configuration (process supervisors, inits): the
 * server may well be one of them, so a container that runs one is not known to leave the VOLUMEs alone.
 */
const SUPERVISORS = new Set(['supervisord', 'supervisor', 's6-svscan', 'runsvdir', 'runit', 'init', 'systemd', 'circusd', 'pm2', 'pm2-runtime', 'honcho', 'foreman', 'overmind']);

/**
 * The servers of the base images behind a `build:` service's VOLUMEs (the catalogue's `servers`), when every
 * VOLUME of the image comes from such a base image: a VOLUME the Dockerfile declares itself may be written by
 * whatever program the build added. Empty otherwise.
 */
function baseServers(service: ComposeService): string[] {
  const servers = new Set<string>();
  for (const volume of service.imageVolumes) {
    const known = volume.origin === 'base-image' ? volume.volume?.image?.info?.servers : undefined;
    if (!known || known.length === 0) return [];
    for (const server of known) servers.add(server);
  }
  return [...servers];
}

/** Programs that start a server for the script that runs them (PostgreSQL's pg_ctl, MySQL's mysqld_safe), keyed by the catalogue's server. */
const SERVER_STARTERS: Record<string, readonly string[]> = {
  postgres: ['pg_ctl', 'pg_ctlcluster', 'postmaster'],
  mysqld: ['mysqld_safe'],
  mariadbd: ['mariadbd-safe', 'mysqld_safe'],
};

/** Words of a script's text outside comments, split where a shell splits commands and paths. */
function scriptWords(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .join('\n')
    .split(/[\s/;&|"'`()=<>{}$]+/)
    .filter((w) => w !== '');
}

/**
 * Whether a start script the build copied from its context may start one of `servers`: it names one (or a program
 * that starts it: pg_ctl, mysqld_safe), names an
 * entrypoint script (the base image's `docker-entrypoint.sh` starts the server), runs another script
 * (`source /weed.sh`, `. ./env.sh`, `./run.sh`) whose content is not read here, or runs a process supervisor.
 */
function scriptMayStartServer(text: string, servers: readonly string[]): boolean {
  const words = scriptWords(text);
  const starters = new Set(servers.flatMap((server) => [server, ...(SERVER_STARTERS[server] ?? [])]));
  return words.some((w) => starters.has(w) || /entrypoint/i.test(w) || /\.(sh|bash)$/.test(w) || w === 'source' || SUPERVISORS.has(w)) || /(^|[\s;&|])\.\s+\S/m.test(text.replace(/(^|\s)#.*$/gm, ''));
}

/**
 * When the service's container runs a program other than the image's server (a client such as
 * `redis-cli`, a setup script run with `bash`, a backup job): that program, or null when the
 * container runs the server or volint cannot tell (the image does not say which programs write its
 * VOLUMEs). For `image:` alone, the program named by `entrypoint:`, else by a `command:` that is not
 * options for the image's own command. For `build:`, the start command the service and its Dockerfile
 * give (ComposeService.start) over a base image whose catalogue names its servers: not when it is
 * empty (the base image's own command runs: the server), starts with options (the base image's
 * entrypoint passes them to the server), names a server, runs a process supervisor, or runs a program
 * the build put there that is not a script copied from the build context that volint could read and
 * that names no server, no entrypoint and no other script (`ENTRYPOINT ["/entrypoint.sh"]` with
 * `CMD ["cron", "-f"]`, the script ending in `exec "$@"`: cron runs, not postgres).
 */
export function otherProgram(service: ComposeService): string | null {
  const build = service.image.kind === 'build';
  const servers = service.image.kind === 'catalog' ? service.image.info.servers ?? [] : build ? baseServers(service) : [];
  if (servers.length === 0) return null;
  const start = service.start;
  const words = build
    ? start && start.argv.length > 0 && (start.entrypoint || !start.argv[0]!.startsWith('-')) ? start.argv : null
    : service.entrypoint ?? (service.command && !(service.command[0] ?? '').startsWith('-') ? service.command : null);
  if (!words || words.length === 0) return null;
  const named = (word: string): boolean => servers.some((server) => word.split(/[\s/;&|]+/).includes(server));
  if (words.some(named)) return null;
  const program = words.find((w) => !SHELLS.has(w.slice(w.lastIndexOf('/') + 1)) && !w.startsWith('-')) ?? words[0]!;
  const name = program.slice(program.lastIndexOf('/') + 1);
  if (!build) return name;
  // A shell's script (`sh -c "cron -f && …"`), a variable, or a path relative to a directory volint may not know: not decided.
  if (/[\s$]/.test(program) || SUPERVISORS.has(name)) return null;
  if (start!.built !== null) return start!.built.text === null || scriptMayStartServer(start!.built.text, servers) ? null : name;
  // Not put there by the build: a program of the base image or of a package, known by its name (a relative path is not followed).
  return program.includes('/') && !program.startsWith('/') ? null : name;
}

/** The base-image knowledge behind a service's VOLUME: the catalogue entry of its `image:`, or of its Dockerfile's base. */
export function volumeImageInfo(service: ComposeService, volume: ImageVolume): BaseImageInfo | undefined {
  return service.image.kind === 'catalog' ? service.image.info : volume.volume?.image?.info;
}

/** The service's entrypoint and command as words, a shell string (`sh -c "postgres -c fsync=off"`) split on blanks. */
function commandWords(service: ComposeService): string[] {
  return [...(service.entrypoint ?? []), ...(service.command ?? [])].flatMap((w) => w.split(/\s+/)).filter((w) => w !== '');
}

const OFF_VALUES = new Set(['off', 'false', 'no', '0']);

/**
 * Server settings that give up durability: a crash may lose or corrupt the data, which no one who
 * keeps that data accepts. PostgreSQL's `fsync=off` ("can result in unrecoverable data corruption";
 * the documentation suggests it for data that can be re-created from elsewhere), as `-c fsync=off`,
 * `-cfsync=off` or `--fsync=off`; mongod's `--nojournal`. Keyed by the catalogue's server program.
 */
const DURABILITY_OFF: Record<string, (words: readonly string[]) => string | null> = {
  postgres: (words) => {
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const setting = word === '-c' ? words[i + 1] : word.startsWith('-c') ? word.slice(2) : word.startsWith('--') ? word.slice(2) : undefined;
      const match = setting !== undefined ? /^fsync=(.*)$/i.exec(setting) : null;
      if (match && OFF_VALUES.has(match[1]!.toLowerCase())) return `-c ${setting}`;
    }
    return null;
  },
  mongod: (words) => (words.includes('--nojournal') ? '--nojournal' : null),
};

/** The durability setting the service's command turns off (`-c fsync=off`), or null. */
function durabilityOff(service: ComposeService): string | null {
  const words = commandWords(service);
  if (words.length === 0) return null;
  const servers = new Set(service.imageVolumes.flatMap((v) => volumeImageInfo(service, v)?.servers ?? []));
  for (const server of servers) {
    const found = DURABILITY_OFF[server]?.(words);
    if (found) return found;
  }
  return null;
}

/** Words of a compose file's name or of its folder's that say it runs a development stack (`docker-compose.dev.yml`, `development/`, `.devcontainer/`). */
const DEVELOPMENT_WORDS = new Set(['dev', 'devel', 'develop', 'development', 'devcontainer', 'devenv']);

/**
 * The file of the project (the compose files and overrides Compose is given) whose name, or whose folder's name,
 * says it runs a development stack, or null. Evidence only against a server's persistence setting (persistenceOn):
 * a development stack copies its servers' configuration, and its developers keep their data in named volumes
 * when they mean to (a forgotten VOLUME beside them is reported as anywhere).
 */
export function developmentFile(model: ComposeModel): string | null {
  return developmentPlace(model)?.file ?? null;
}

/** The file developmentFile names, with the folder whose name says so when the file's own name does not (`.devcontainer`). */
function developmentPlace(model: ComposeModel): { file: string; folder: string | null } | null {
  const development = (text: string): boolean => text.split(/[._-]+/).some((word) => DEVELOPMENT_WORDS.has(word.toLowerCase()));
  for (const source of model.files) {
    if (source.role !== 'compose' && source.role !== 'override') continue;
    const name = baseName(source.file).replace(/\.ya?ml$/i, '');
    const folder = baseName(source.absolutePath.slice(0, source.absolutePath.lastIndexOf('/')));
    if (development(name)) return { file: source.file, folder: null };
    if (development(folder)) return { file: source.file, folder };
  }
  return null;
}

/** Words in a compose file's name that say it runs tests or CI (`docker-compose.test.yml`, `compose.ci.yaml`). */
const TEST_ROLE_WORDS = new Set(['test', 'tests', 'testing', 'ci', 'e2e', 'integration', 'cypress']);

/**
 * Names of a folder that holds the project's tests or its CI's files, as a whole (`tests/`, `e2e/`, `integration-tests/`,
 * `.github/`): a compose file there is a fixture of the tests or a CI run (kafka-docker's test/docker-compose.yml).
 * Whole names only: a service folder named for A/B tests (`ab-test-service/`) is deployed; nor `ci/`, where a CI
 * server's own deployment (Jenkins, Drone and their databases) may live. The compose file's own folder only, as for
 * development folders: a folder further up may be outside the repository (a checkout made in /tmp/test/).
 */
const TEST_FOLDER = /^(?:tests?|testing|e2e|(?:e2e|integration|acceptance)[-_]tests?|\.github)$/i;

/**
 * The file of the project (the compose files and overrides Compose is given) whose name says it runs tests or CI, or that
 * lies in a folder of the tests (TEST_FOLDER: `tests/compose.yaml`), or null.
 */
function testRole(model: ComposeModel): { file: string; folder: string | null } | null {
  for (const source of model.files) {
    if (source.role !== 'compose' && source.role !== 'override') continue;
    const name = baseName(source.file).replace(/\.ya?ml$/i, '');
    if (name.split(/[._-]+/).some((word) => TEST_ROLE_WORDS.has(word.toLowerCase()))) return { file: source.file, folder: null };
  }
  for (const source of model.files) {
    if (source.role !== 'compose' && source.role !== 'override') continue;
    const folder = baseName(source.absolutePath.slice(0, source.absolutePath.lastIndexOf('/')));
    if (TEST_FOLDER.test(folder)) return { file: source.file, folder };
  }
  return null;
}

/** testRole as a clause: `compose.ci.yaml is named for a test or CI run`, `tests/x/compose.yaml is in a folder of the tests (tests/)`. */
function testRoleWords(role: { file: string; folder: string | null }): string {
  return role.folder === null ? `${role.file} is named for a test or CI run` : `${role.file} is in a folder of the tests or CI (${role.folder}/)`;
}

/**
 * The compose file of the project named for Play with Docker (a word `pwd` of its name: `pwd.yml`, `pwd-stack.yml`,
 * `docker-compose.pwd.yml`), or null. That is the file a README's "Try in PWD" button deploys
 * (`labs.play-with-docker.com/?stack=…/pwd-stack.yml`) on a playground whose sessions, with every instance and volume
 * in them, are deleted after four hours (play-with-docker's README): frappe_docker's pwd.yml ("Disposable demo
 * environment (non-production)"), vegasbrianc/prometheus's pwd-stack.yml, black_candy's docker-compose.pwd.yml. Not a
 * file the button merely points at (dashy's docker-compose.yml is its self-hosting file too): the name is the word.
 */
export function playgroundFile(model: ComposeModel): string | null {
  for (const source of model.files) {
    if (source.role !== 'compose' && source.role !== 'override') continue;
    const name = baseName(source.file).replace(/\.ya?ml$/i, '');
    if (name.split(/[._-]+/).some((word) => word.toLowerCase() === 'pwd')) return source.file;
  }
  return null;
}

/** Words of a Dockerfile's or a script's name that say it runs tests (TEST_ROLE_WORDS without ci: a CI image or script may build and ship). */
const TEST_RUN_WORDS = new Set([...TEST_ROLE_WORDS].filter((word) => word !== 'ci'));
/** Programs that run a test suite, by name (`pytest`, `phpunit`, `rspec`, `jest`). */
const TEST_RUNNERS = new Set(['pytest', 'py.test', 'nosetests', 'tox', 'phpunit', 'pest', 'rspec', 'jest', 'mocha', 'vitest', 'karma', 'cypress', 'playwright', 'ctest']);
/**
 * Images whose only program runs tests or a load test (`grafana/k6` runs `k6 run script.js`, `cypress/included` runs
 * `cypress run`, `postman/newman` a collection, `locustio/locust` a load test): a service of one, started by a plain
 * `up`, makes the file a test stack or a demonstration with generated traffic (grafana/intro-to-mltp's k6 load test).
 */
const TEST_RUNNER_IMAGES = new Set(['grafana/k6', 'loadimpact/k6', 'cypress/included', 'postman/newman', 'locustio/locust']);
/** Build tools and package managers whose subcommand named for tests runs the project's tests (`go test ./...`, `npm run test:e2e`, `make test-unit`). */
const TEST_SUBCOMMAND_TOOLS = new Set(['go', 'npm', 'yarn', 'pnpm', 'bun', 'deno', 'cargo', 'mvn', 'mvnw', 'gradle', 'gradlew', 'make', 'dotnet', 'mix', 'rake', 'composer', 'artisan']);
/** Programs that run the program or script named after them (`npx jest`, `bundle exec rspec`, `python -m pytest`, `php artisan test`). */
const LAUNCHERS = new Set(['npx', 'bunx', 'bundle', 'poetry', 'uv', 'pipenv', 'pdm', 'python', 'python3', 'php', 'node', 'ruby']);
/** Words a command line begins with before its program: a shell or wrapper (WRAPPERS), `exec`, `run`, `-m`. */
const BEFORE_PROGRAM = new Set([...WRAPPERS, 'exec', 'run', '-m']);

/** Whether a name's words (split at `.`, `_`, `-`, `:`) say it runs tests (`Dockerfile.test`, `test_unit.sh`, `test:e2e`). */
function namedForTestRun(name: string): boolean {
  return name.split(/[._:-]+/).some((word) => TEST_RUN_WORDS.has(word.toLowerCase()));
}

/**
 * The program a command runs (its first word that is not a wrapper, `exec`, an option or a variable
 * assignment; past a launcher such as `npx`, `bundle exec` or `python -m`, the program it launches),
 * with the words after it; null when there is none.
 */
function commandProgram(words: readonly string[]): { program: string; args: string[] } | null {
  let at = 0;
  const skip = (): void => {
    while (at < words.length && (BEFORE_PROGRAM.has(baseName(words[at]!)) || words[at]!.startsWith('-') || /^\w+=/.test(words[at]!))) at++;
  };
  skip();
  if (at < words.length && LAUNCHERS.has(baseName(words[at]!)) && at + 1 < words.length) {
    at++;
    skip();
  }
  return at < words.length ? { program: words[at]!, args: words.slice(at + 1) } : null;
}

/**
 * What a service runs its project's tests by, as words for a message, or null: the Dockerfile it is built
 * from is named for tests (`Dockerfile.test`), its image is one whose only program runs tests (TEST_RUNNER_IMAGES:
 * `grafana/k6`), or a command of its start command line (each command of a
 * shell's command line on its own) runs a test runner (`pytest`, `bundle exec rspec`), a build tool's
 * subcommand named for tests (`go test`, `npm run test:e2e`, `make e2e`; not `npm ci`, which installs) or
 * a script named for tests (`./scripts/test_unit.sh`, `python run_tests.py`).
 */
function testRunWords(service: ComposeService): string | null {
  const build = service.image.kind === 'build' ? service.image.build : service.image.kind === 'unknown' ? service.image.build : null;
  if (build !== null && !build.inline && namedForTestRun(baseName(build.dockerfile))) return `its Dockerfile, ${build.dockerfile}, is named for tests`;
  const ref = service.image.kind === 'catalog' || service.image.kind === 'unknown' ? service.image.ref : null;
  if (ref !== null && (ref.registry === null || ref.registry === 'docker.io') && TEST_RUNNER_IMAGES.has(ref.name)) return `its image, ${ref.name}, runs tests or a load test`;
  const commands = startWords(service)
    .join(' ')
    .split(/[;&|()\n]+/)
    .map((command) => command.replace(/["'`]/g, '').split(/\s+/).filter((w) => w !== ''));
  for (const command of commands) {
    const run = commandProgram(command);
    if (run === null) continue;
    const name = baseName(run.program);
    const script = /\//.test(run.program) || /\.(?:sh|bash|py|rb|js|php)$/.test(name);
    if (TEST_RUNNERS.has(name) || (script && namedForTestRun(name))) return `its command runs \`${run.program}\``;
    if (!TEST_SUBCOMMAND_TOOLS.has(name)) continue;
    const at = run.args.findIndex((w) => !w.startsWith('-') && w !== 'run' && w !== 'run-script');
    const subcommand = run.args[at];
    if (subcommand !== undefined && !subcommand.includes('/') && namedForTestRun(subcommand)) return `its command runs \`${[run.program, ...run.args.slice(0, at + 1)].join(' ')}\``;
  }
  return null;
}

/**
 * A service of the project that runs the project's tests (testRunWords), started by a plain `up` (no
 * `profiles:`), as a sentence, or null: the compose file is then a test stack, as one named for a test
 * run is, and the databases beside that service are its fixtures.
 */
function testRunService(model: ComposeModel): string | null {
  return testRunner(model)?.words ?? null;
}

/** The service testRunService names, with its sentence. */
function testRunner(model: ComposeModel): { service: ComposeService; words: string } | null {
  for (const service of model.services) {
    if (service.profiles.length > 0) continue;
    const words = testRunWords(service);
    if (words !== null) return { service, words: `service ${service.name} runs the project's tests (${words})` };
  }
  return null;
}

/**
 * Whether `mount` binds the project's source tree over the service's application directory: the service
 * is built (or its image is tied to a Dockerfile of the repository) from a build context on the disk, the
 * image holds, at or below the mount point, files a COPY brought from that context, and the host path is
 * where they come from: the build context itself (`.:/app` over `COPY . .`), or the directory of the
 * context such a COPY copies there (`./src:/app/src` over `COPY src /app/src`, or over `COPY . /app`
 * when the context holds src/); or the image's directory there comes from a `COPY --from` of a directory
 * where that stage copied the host path from the context (stageSourcesAt). That bind is how developers run
 * the code they edit in the image.
 */
export function sourceTreeBind(service: ComposeService, mount: ComposeMount): boolean {
  if (mount.cover !== 'bind' || mount.hostPath === null || mount.target === null) return false;
  if (service.image.kind !== 'build' || service.image.build.context === null) return false;
  const context = posix.resolve(service.image.build.context);
  const host = posix.resolve(mount.hostPath);
  const target = mount.target;
  const image = service.image;
  return mount.image.steps.some((step) => {
    if (!isContextCopy(step)) return step.reach === 'inside' && step.effect.path === target && stageSourcesAt(image.model, step, context, host);
    if (host === context) return step.reach === 'inside';
    if (step.reach === 'parent') return step.fromContext !== undefined && posix.resolve(context, step.fromContext.path) === host;
    return step.effect.path === target && (step.effect.sources ?? []).some((source) => posix.resolve(context, source) === host);
  });
}

/**
 * Whether a `COPY --from=<stage> DIR …` brings the directory where that stage copied `host` from the build context
 * (`COPY . /openmrs_core` in the compile stage, then `COPY --from=compile /openmrs_core /openmrs_core`): the
 * application directory holds the project's sources, with what the stage built beside them.
 */
function stageSourcesAt(model: FileModel, step: ImageStep, context: string, host: string): boolean {
  const { from, sources } = step.effect;
  if (!from || sources?.length !== 1 || !sources[0]!.startsWith('/')) return false;
  const source = copySourceStage(model, step.stage, from);
  if (source === null) return false;
  const path = normalizePath(sources[0]!);
  return stageChain(source).some((stage) =>
    stage.effects.some((effect) => effect.kind === 'copy' && !effect.from && effect.path === path && (effect.sources ?? []).some((s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s) && posix.resolve(context, s) === host)),
  );
}

/**
 * What says that the project is a development or test stack, as words for an explanation and where they are
 * written: a compose file of the project named or placed for development (developmentFile), or named for a
 * test or CI run or placed in a folder of the tests (testRole); a compose file named for Play with Docker
 * (playgroundFile); a service that runs the project's tests (testRunService); the header
 * comment of a compose or override file restricting it to development, tests, CI or demos (throwAwayStatement);
 * a service built from the Dockerfile's stage named for development (`target: dev`); a service that binds the
 * project's source tree over its application directory (sourceTreeBind).
 */
export interface DevelopmentEvidence {
  kind: 'development-file' | 'test-file' | 'playground' | 'test-run' | 'statement' | 'build-target' | 'source-bind';
  /** A clause: `compose.dev.yaml is named for development`, `service web binds the project's sources (.) over its application directory /app`. */
  words: string;
  location: SourceLocation;
}

const developmentStacks = new WeakMap<ComposeModel, DevelopmentEvidence | null>();

/**
 * The development stack evidence of the project (DevelopmentEvidence), the first found in the order above, or
 * null; computed once per model. A development stack's anonymous volumes (VOL022, where the service shows no
 * intent of its own to keep data) and its bind of the sources over built dependencies (VOL020) are its
 * developers' choice; `compose.deployed` says the files are no such stack.
 */
export function developmentStack(model: ComposeModel): DevelopmentEvidence | null {
  if (developmentStacks.has(model)) return developmentStacks.get(model)!;
  const found = findDevelopmentEvidence(model);
  developmentStacks.set(model, found);
  return found;
}

function findDevelopmentEvidence(model: ComposeModel): DevelopmentEvidence | null {
  const fileStart = (file: string): SourceLocation => ({ file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  const development = developmentPlace(model);
  if (development !== null) {
    const words = development.folder === null ? `${development.file} is named for development` : `${development.file} is in a folder named for development (${development.folder}/)`;
    return { kind: 'development-file', words, location: fileStart(development.file) };
  }
  const role = testRole(model);
  if (role !== null) return { kind: 'test-file', words: testRoleWords(role), location: fileStart(role.file) };
  const playground = playgroundFile(model);
  if (playground !== null) return { kind: 'playground', words: `${playground} is named for Play with Docker (pwd), a playground whose sessions are deleted after four hours`, location: fileStart(playground) };
  const runner = testRunner(model);
  if (runner !== null) return { kind: 'test-run', words: runner.words, location: runner.service.location };
  for (const source of model.files) {
    if ((source.role !== 'compose' && source.role !== 'override') || !source.comments) continue;
    const said = throwAwayStatement(source.comments.header);
    if (said !== null) return { kind: 'statement', words: `the header of ${source.file} says "${said}"`, location: fileStart(source.file) };
  }
  // A service built from the Dockerfile's stage named for development (`target: dev`): the project's own word too.
  for (const service of model.services) {
    if (service.profiles.length > 0 || service.image.kind !== 'build') continue;
    const build = service.image.build;
    if (build.target === null || !build.target.split(/[._-]+/).some((word) => DEVELOPMENT_WORDS.has(word.toLowerCase()))) continue;
    return { kind: 'build-target', words: `service ${service.name} builds the stage ${build.target} of ${build.dockerfile}, named for development`, location: build.targetLocation ?? service.location };
  }
  for (const service of model.services) {
    if (service.profiles.length > 0) continue;
    const bind = writtenMounts(service).find((mount) => sourceTreeBind(service, mount));
    if (bind) {
      return { kind: 'source-bind', words: `service ${service.name} binds the project's sources (${bind.sourceRaw ?? bind.hostPath ?? ''}) over its application directory ${bind.target}`, location: bind.location };
    }
  }
  return null;
}

/**
 * Whether the service mounts a volume of its own for data (keptDataMount: a named volume that is not credentials,
 * sockets, a cache or scratch; a bind of a data directory): it means to keep data.
 */
export function keepsDataElsewhere(service: ComposeService, projectDir: string): boolean {
  return service.mounts.some((m) => keptDataMount(service, m, projectDir) !== null);
}

/**
 * Whether a mount lies strictly inside a bind of the same service: it masks a directory of the bind
 * (`notused:/app/node_modules` under `.:/app`) rather than keeping data of its own.
 */
function masksBindDirectory(mount: ComposeMount, written: readonly WrittenMount[]): boolean {
  const target = mount.target;
  return target !== null && written.some((o) => o !== mount && o.cover === 'bind' && o.target !== target && isWithin(target, o.target));
}

/**
 * Container paths that hold what a container shares while it runs, not data it keeps: runtime state
 * and sockets (/run, /var/run), scratch (/tmp, /var/tmp), the kernel's and the devices' trees.
 */
const NOT_DATA_TREES = ['/run', '/var/run', '/tmp', '/var/tmp', '/dev', '/proc', '/sys'];
/**
 * Where a bind brings what the container is given rather than what it keeps: configuration (/etc) and
 * the scripts the official images run at start (/docker-entrypoint-initdb.d, /docker-entrypoint.d). A
 * named volume there is kept on purpose (configuration the program writes, such as generated secrets).
 */
const GIVEN_TREES = ['/etc', '/docker-entrypoint-initdb.d', '/docker-entrypoint.d'];
/** Words of a path that name credentials (certificates, keys, secrets) or a socket: given to the container, or made by it to share, not data it keeps. */
const CREDENTIAL_WORDS = new Set(['cert', 'certs', 'certificate', 'certificates', 'ssl', 'tls', 'pki', 'letsencrypt', 'acme', 'key', 'keys', 'keypair', 'keypairs', 'keystore', 'keystores', 'truststore', 'truststores', 'secret', 'secrets', 'ssh', 'gnupg', 'sock', 'socket', 'sockets']);
/**
 * The directories of the unix sockets the service's environment names (`DOCKER_HOST:
 * unix:///dind/docker.sock` → /dind): a mount there shares a socket between containers, it keeps no data.
 */
function socketDirectories(service: ComposeService): string[] {
  const dirs: string[] = [];
  for (const value of service.environment.values()) {
    const match = value === null ? null : /^unix:\/\/(\/[^\s]*)$/.exec(value.trim());
    if (!match) continue;
    const socket = normalizePath(match[1]!);
    const slash = socket.lastIndexOf('/');
    if (slash > 0) dirs.push(socket.slice(0, slash));
  }
  return dirs;
}

/** Words of a path that name data: `./data`, `/app/data`, `${DATA_PATH_HOST}/solr`, `./mysql-data`, `pgdata`, `db`, `storage`, `uploads`. */
export const DATA_WORD = /data|^(db|dbs|database|databases|storage|uploads)$/i;

/** The words of a path: its segments split at `-`, `_`, `.` and variable syntax (`${DATA_PATH_HOST}/solr` → DATA, PATH, HOST, solr). */
export function pathWords(path: string): string[] {
  return path.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
}

/** A last segment with an extension (`nginx.conf`, `config.js`, `seed.sql`): a file, not a directory (`conf.d` is a directory). */
function namesFile(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return /\.[A-Za-z0-9]{1,8}$/.test(last) && !/\.d$/.test(last);
}

/** Words of a mount's path or volume name that name a file database: SQLite keeps its database in a file of the mount. */
const FILE_DATABASE_WORDS = new Set(['sqlite', 'sqlite3']);

/** Whether `text` names `path` or a path below it (`sqlite:///var/lib/sqlite/db.sqlite` names /var/lib/sqlite). */
function namesPathIn(text: string, path: string): boolean {
  for (let at = text.indexOf(path); at !== -1; at = text.indexOf(path, at + 1)) {
    const after = text[at + path.length];
    if (after === undefined || !/[\w.-]/.test(after)) return true;
  }
  return false;
}

/**
 * A mount named for SQLite (`kratos-sqlite:/var/lib/sqlite`, `./sqlite:/data/sqlite`) on a service whose
 * environment keeps the program's database on a server (`DSN=postgres://kratos:secret@postgresd/kratos`:
 * an override that switches the quick start's database) and whose environment and command name no path in
 * the mount: the program writes no SQLite file there, so the mount is a leftover that keeps nothing. The
 * variable that connects to the server, or null.
 */
export function fileDatabaseLeftOver(service: ComposeService, mount: ComposeMount): EnvironmentServer | null {
  const target = mount.target;
  if (target === null) return null;
  const names = [...pathWords(target), ...pathWords(mount.sourceRaw ?? ''), ...pathWords(mount.volumeKey ?? '')];
  if (!names.some((w) => FILE_DATABASE_WORDS.has(w.toLowerCase()))) return null;
  const server = environmentDatabaseServer(service.environment);
  if (server === null) return null;
  const texts = [...[...service.environment.values()].filter((v): v is string => v !== null), ...startWords(service)];
  return texts.some((text) => namesPathIn(text, target)) ? null : server;
}

/**
 * How a mount of a service keeps data, as words for a message (`volume db_data at /var/lib/mysql`, `host path ./data at /srv`),
 * or null when it keeps none. A named volume keeps data (that is what names are for), unless it only
 * masks a directory inside a bind of the service (`notused:/app/node_modules` under `.:/app`) or
 * holds credentials, sockets, a cache or scratch (by its path or its name: certs, tls, keys, sock,
 * /run, /tmp, a directory named cache; `dind-socket:/dind`). A bind keeps data only where its path says so, because most binds bring
 * the project's code or configuration: a writable directory (not a file such as `./nginx.conf`, not
 * the project directory or a parent of it, not over files the image's build copied from the build
 * context, which is code; not under /etc or the entrypoint directories) at a path where data lives (under /var/lib, /data, /srv, /var/db, /var/opt;
 * at, above or inside an image VOLUME of the service; its catalogue's data directory) or whose host
 * or container path names data (`./data`, `pgdata`, `db`, `storage`, `uploads`,
 * `/usr/share/elasticsearch/data`). Read-only mounts, tmpfs, anonymous volumes and paths under /run,
 * /var/run, /tmp, /var/tmp, /dev, /proc or /sys keep none, nor does a mount at the directory of a
 * unix socket the service's environment names (socketDirectories) or a SQLite volume the service's
 * environment no longer uses (fileDatabaseLeftOver).
 */
export function keptDataMount(service: ComposeService, mount: ComposeMount, projectDir: string): string | null {
  const target = mount.target;
  if (target === null || mount.location === null || mount.readOnly) return null;
  if (mount.cover !== 'named-volume' && mount.cover !== 'bind') return null;
  if (NOT_DATA_TREES.some((tree) => isWithin(target, tree)) || disposableVolumeReason(target) !== null) return null;
  const source = mount.cover === 'bind' ? mount.sourceRaw ?? mount.hostPath ?? '' : '';
  // A named volume's name is its author's word for what it holds, as a path is (`dind-socket:/dind`).
  const name = mount.cover === 'named-volume' ? mount.volumeKey ?? '' : '';
  if ([...pathWords(target), ...pathWords(source), ...pathWords(name)].some((w) => CREDENTIAL_WORDS.has(w.toLowerCase()))) return null;
  if (socketDirectories(service).some((dir) => dir === target)) return null;
  if (fileDatabaseLeftOver(service, mount) !== null) return null;
  const written = writtenMounts(service);
  if (mount.cover === 'named-volume') {
    if (masksBindDirectory(mount, written)) return null;
    return `volume ${mount.volumeKey ?? mount.sourceRaw ?? ''} at ${target}`;
  }
  const host = mount.hostPath;
  // A bind at a dot-directory under root's home of a service that runs as another user: meant for the program's data (VOL022 says where it goes).
  if (rootHomeMountUnused(service, mount) !== null) return `host path ${source} at ${target}`;
  if (GIVEN_TREES.some((tree) => isWithin(target, tree))) return null;
  if (namesFile(target) || (host !== null && namesFile(host))) return null;
  if (host !== null && isWithin(projectDir, host)) return null;
  if (mount.image.steps.some((step) => step.reach === 'inside' && isContextCopy(step))) return null;
  const volumePaths = service.imageVolumes.map((v) => v.path);
  const dataDirectories = [
    ...service.imageVolumes.flatMap((v) => volumeImageInfo(service, v)?.dataDirectories?.paths ?? []),
    // The directories an `image:` service's program keeps its state in without a VOLUME (grafana's /var/lib/grafana).
    ...(service.image.kind === 'catalog' ? (service.image.info.stateDirectories?.paths ?? []) : []),
  ];
  const dataPlace =
    DATA_TREES.some((tree) => isWithin(target, tree)) ||
    volumePaths.some((path) => isWithin(target, path) || isWithin(path, target)) ||
    dataDirectories.some((path) => isWithin(target, path)) ||
    [...pathWords(target), ...pathWords(source)].some((w) => DATA_WORD.test(w));
  return dataPlace ? `host path ${source} at ${target}` : null;
}

/**
 * A mount for data under root's home directory on a service whose process runs as another user
 * (`pgadmin:/root/.pgadmin` on dpage/pgadmin4, which runs as 5050): the program keeps nothing there. Root's
 * home is root's (mode 700 in the Debian, Ubuntu, Alpine and busybox images; checked with docker-compose
 * 1.29 in test/builders/compose-runtime.test.ts), a program running as another user neither uses it as
 * its home nor can reach into it. Only where everything says so:
 * - the service's user is known and is not root (its `user:`, the Dockerfile's USER, the catalogue's);
 * - the mount is for data: a writable named volume, or a writable bind of a directory right under a
 *   dot-directory of /root (`./pgadmin:/root/.pgadmin`, the program's own state directory as a program
 *   run as root would keep it), not credentials, sockets or a cache by its words;
 * - the container's environment does not make /root the home or name a path under it (HOME, any value),
 *   the start command does not name it, and the service's build puts nothing at or below the mount point.
 * Returns the user in words (`5050`, `node`), or null.
 */
export function rootHomeMountUnused(service: ComposeService, mount: ComposeMount): string | null {
  const target = mount.target;
  if (target === null || mount.location === null || mount.readOnly || service.user.root !== false || service.user.value === null) return null;
  if (target !== '/root' && !isWithin(target, '/root')) return null;
  if (mount.cover === 'bind') {
    const first = target.split('/')[2] ?? '';
    const host = mount.hostPath ?? '';
    // A dot-directory's own name (`.pgadmin`) is no file extension.
    const last = target.slice(target.lastIndexOf('/') + 1);
    if (!first.startsWith('.') || namesFile(last.startsWith('.') ? last.slice(1) : last) || namesFile(host)) return null;
  } else if (mount.cover !== 'named-volume') {
    return null;
  }
  const words = [...pathWords(target), ...pathWords(mount.sourceRaw ?? ''), ...pathWords(mount.volumeKey ?? '')];
  if (words.some((w) => CREDENTIAL_WORDS.has(w.toLowerCase())) || disposableVolumeReason(target) !== null) return null;
  if (!rootHomeUnnamed(service, mount)) return null;
  if (mount.image.filled || mount.image.steps.some((step) => step.reach === 'inside')) return null;
  return service.user.value;
}

/**
 * A writable mount at or under /root on a service whose user is known and is not root, where nothing of the
 * container names root's home: its environment (the service's, the image's ENV, the catalogue's) neither makes
 * /root the home nor names a path under it (`HOME`, `PIP_CACHE_DIR=/root/.cache/pip`, any value), and the start
 * command does not name it. The program, running as another user, neither uses it nor can reach into it (mode 700),
 * so it never writes there: who owns the mount is beside the point (VOL024 leaves it alone; a pip cache
 * `/root/.cache/pip` of a service running as `app`).
 */
export function rootHomeUnnamed(service: ComposeService, mount: ComposeMount): boolean {
  const target = mount.target;
  if (target === null || mount.readOnly || service.user.root !== false || service.user.value === null) return false;
  if (target !== '/root' && !isWithin(target, '/root')) return false;
  const image = service.image;
  const imageEnv = image.kind === 'build' ? containerLookup(image.stage) : (name: string): string | undefined => (image.kind === 'catalog' ? image.info.env[name] : undefined);
  const home = service.environment.has('HOME') ? service.environment.get('HOME') : imageEnv('HOME');
  if (home === null || (home !== undefined && namesPathIn(home, '/root'))) return false;
  const values = [...service.environment.values()].filter((v): v is string => v !== null);
  if (image.kind === 'catalog') values.push(...Object.values(image.info.env));
  if (image.kind === 'build') {
    for (const name of image.stage.envNames) {
      const value = imageEnv(name);
      if (value !== undefined) values.push(value);
    }
  }
  return ![...values, ...startWords(service)].some((text) => namesPathIn(text, '/root'));
}

/**
 * A mount rootHomeMountUnused finds on a service whose data has a place of its own the service leaves
 * unmounted: an image VOLUME no entry mounts, or a state directory of its catalogue entry. VOL022 reports such
 * a mount as meant for that data; VOL024 says nothing of who may write it (a chown would not help: the program
 * writes elsewhere, and /root is not reachable).
 */
export function rootHomeMountMisplaced(service: ComposeService, mount: ComposeMount): boolean {
  if (rootHomeMountUnused(service, mount) === null) return false;
  if (service.imageVolumes.some((v) => v.mountedBy === null)) return true;
  return service.image.kind === 'catalog' && (service.image.info.stateDirectories?.paths.length ?? 0) > 0;
}

/**
 * How a service of the project keeps data, with the words for it: a mount (keptDataMount), or its command
 * turning the server's persistence on (persistenceOn; `mount` null).
 */
export interface KeptData {
  service: ComposeService;
  mount: ComposeMount | null;
  /** `volume db_data at /var/lib/mysql`, `persistence turned on by \`--appendonly yes\``: said after "its own" or "service x's". */
  how: string;
  /** The mount's entry, or where the persistence setting is written (the command, or the bind of the configuration file). */
  location: SourceLocation;
}

/** The words for persistence a service turns on (persistenceOn). */
function persistenceWords(on: PersistenceOn): string {
  return `persistence turned on by \`${on.setting}\`${on.file !== null ? ` in ${on.file}` : ''}`;
}

/**
 * How the project's services keep data (keptDataMount, persistenceOn), in service order: empty
 * when the project keeps nothing anywhere, which is how a throw-away stack (a quick start, a demo, a
 * development database) is written, and also how a deployment that forgot every volume looks.
 */
export function keptData(model: ComposeModel): KeptData[] {
  const kept: KeptData[] = [];
  const development = developmentFile(model) !== null;
  for (const service of model.services) {
    for (const mount of service.mounts) {
      const how = keptDataMount(service, mount, model.projectDir);
      if (how !== null) kept.push({ service, mount, how, location: mount.location! });
    }
    // In a development stack a persistence setting is the server's configuration, not a wish to keep the developer's data.
    const on = development ? null : persistenceOn(service);
    if (on !== null) {
      const bind = on.file !== null ? writtenMounts(service).find((m) => m.cover === 'bind' && m.target === on.file) : undefined;
      kept.push({ service, mount: null, how: persistenceWords(on), location: bind?.location ?? service.commandLocation ?? service.location });
    }
  }
  return kept;
}

/**
 * The project's own words that it, or the service, is for development or testing only (src/compose/purpose.ts):
 * the header comment of a compose file or override file of the project ("FOR TEST AND DEVELOPMENT ONLY, DO NOT USE
 * IN PRODUCTION"), or the comment block right above the service's key in a file that defines it ("Intended for
 * testing …"), as a sentence naming where it is written; null when none says so.
 */
function statedThrowAway(model: ComposeModel, service: ComposeService): string | null {
  for (const source of model.files) {
    if (!source.comments) continue;
    if (source.role === 'compose' || source.role === 'override') {
      const header = throwAwayStatement(source.comments.header);
      if (header !== null) return `the header of ${source.file} says "${header}"`;
    }
    const own = source.comments.services.get(service.name);
    const above = own !== undefined ? throwAwayStatement(own) : null;
    if (above !== null) return `the comment above service ${service.name} in ${source.file} says "${above}"`;
  }
  return null;
}

/** What each kind of operations setting says of the stack, after "service x sets `setting`, ". */
const OPERATION_WORDS: Record<OperationSetting['kind'], string> = {
  'log-rotation': 'log rotation, which only a container that runs for a long time needs',
  swarm: 'which only a swarm runs (`docker stack deploy`)',
};

/**
 * Evidence that the project is deployed as written, as a sentence with where it is written, or null: the
 * header of a compose or override file of the project says it is for self-hosting (selfHostingStatement), or a
 * service sets what only a stack run for a long time, or on a swarm, needs (service.operations: log rotation,
 * swarm settings). Asked of a project that keeps no data anywhere (keptData empty), which is otherwise taken
 * for a throw-away stack. Never in a development stack (developmentFile): development files copy the
 * deployment's settings. Not `restart:`, published ports or healthchecks: the docker-library image pages'
 * quick starts write `restart: always`, and development stacks publish and check their databases too; nor
 * resource limits, which preview environments and CI memory tests set too (docs/compose.md, Throw-away stacks).
 */
export function deploymentEvidence(model: ComposeModel): { words: string; location: SourceLocation } | null {
  if (developmentFile(model) !== null) return null;
  for (const source of model.files) {
    if ((source.role !== 'compose' && source.role !== 'override') || !source.comments) continue;
    const said = selfHostingStatement(source.comments.header);
    if (said !== null) return { words: `the header of ${source.file} says "${said}"`, location: { file: source.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } };
  }
  for (const service of model.services) {
    const setting = service.operations[0];
    if (setting) return { words: `service ${service.name} sets \`${setting.setting}\`, ${OPERATION_WORDS[setting.kind]}`, location: setting.location };
  }
  return null;
}

/** Words for a database that a service's name may join to a test word (`pgtest`, `testdb`, `mysqltest`). */
const DATABASE_NAME_WORDS = 'pg|postgres|postgresql|mysql|maria|mariadb|mongo|mongodb|redis|db|database|sql';
const JOINED_TEST_NAME = new RegExp(`^(?:(?:${DATABASE_NAME_WORDS})(?:test|tests)|(?:test|tests)(?:${DATABASE_NAME_WORDS}))$`);

/** Whether a service's name says it serves tests: a word test, tests, testing, ci, e2e … (`db-test`, `test_db`), or a test word joined to a database word (`pgtest`). */
function testServiceName(name: string): boolean {
  return name
    .toLowerCase()
    .split(/[._-]+/)
    .some((word) => TEST_ROLE_WORDS.has(word) || JOINED_TEST_NAME.test(word));
}

/**
 * A service named for tests (testServiceName: fider's `pgtest`) beside another service of the same image
 * (`pgdev`) that keeps its data in a mount (keptDataMount): the author keeps one database and left the test
 * one to an anonymous volume, which the tests recreate. The service that keeps its data, or null.
 */
function testDatabaseBesideKept(model: ComposeModel, service: ComposeService): ComposeService | null {
  if (service.image.kind !== 'catalog' || !testServiceName(service.name)) return null;
  const image = service.image.ref.name;
  return (
    model.services.find(
      (other) =>
        other !== service &&
        other.image.kind === 'catalog' &&
        other.image.ref.name === image &&
        !testServiceName(other.name) &&
        other.mounts.some((m) => keptDataMount(other, m, model.projectDir) !== null),
    ) ?? null
  );
}

/** The SQL servers of the catalogue, by the program that serves: MySQL and MariaDB count as one engine each. */
const SQL_SERVERS = ['postgres', 'mariadbd', 'mysqld'];

/**
 * A service the project builds (`build:`) that depends on databases of two or more SQL engines (PostgreSQL, MySQL,
 * MariaDB, as the catalogue names their servers), as a sentence, or null. An application keeps its data in one
 * database; one wired to several engines side by side is being run against each database it supports, which is
 * what a development or test stack does (shlink's docker-compose.yml: shlink_php links MySQL, PostgreSQL, MariaDB
 * and SQL Server). Not a service that only runs an image, such as an administration tool (adminer) that a
 * deployment may wire to every database it has.
 */
function databaseMatrix(model: ComposeModel): string | null {
  const byName = new Map(model.services.map((s) => [s.name, s]));
  const engineOf = (service: ComposeService): string | null => {
    const servers = service.image.kind === 'catalog' ? service.image.info.servers ?? [] : [];
    return SQL_SERVERS.find((server) => servers.includes(server)) ?? null;
  };
  for (const service of model.services) {
    if (service.image.kind !== 'build') continue;
    const engines = new Map<string, string>();
    for (const dependency of service.dependencies) {
      const other = byName.get(dependency.name);
      const engine = other ? engineOf(other) : null;
      if (other && engine !== null && !engines.has(engine)) engines.set(engine, other.name);
    }
    if (engines.size >= 2) {
      const names = [...engines].map(([engine, name]) => `${name} (${engine})`).join(', ');
      return `service ${service.name}, which the project builds, depends on databases of ${engines.size} engines (${names}), which is how a development or test stack runs one application against each database it supports`;
    }
  }
  return null;
}

/**
 * Evidence in the project that the service's state is thrown away on purpose, as a sentence, or
 * null: the project is a Play with Docker stack (playgroundFile); its command gives up durability (`-c fsync=off`);
 * the project is a test or CI run (a compose file named for it or placed in a folder of the tests: testRole; a
 * service that runs the project's tests: testRunService); the
 * project says in a comment that it, or the service, is for development or testing only (statedThrowAway); the service is named for tests beside a service of the same image that keeps its data
 * (testDatabaseBesideKept); a service the project builds depends on databases of several SQL engines
 * (databaseMatrix); another database of the project runs on a tmpfs or without
 * durability. (A project that keeps no data anywhere, keptData, is a throw-away stack of its own: the rule
 * leaves its VOLUMEs alone unless the user says the compose files are deployed as written.)
 * Never when the service mounts a volume of its own for data: that shows it means to keep data,
 * and a VOLUME left anonymous beside it is then a mistake; except on Play with Docker, where no volume
 * outlives the session. (A command that turns the server's persistence
 * on, persistenceOn, says so too, but only of the server's state: evidence that the project throws its
 * databases away still wins over it, as it does over the project's other volumes.)
 */
export function throwAwayEvidence(model: ComposeModel, service: ComposeService): string | null {
  // A Play with Docker stack: the playground deletes the session with its volumes, named or not, after four hours.
  const playground = playgroundFile(model);
  if (playground) return `${playground} is named for Play with Docker (pwd), a playground whose sessions, with every volume in them, are deleted after four hours`;
  if (keepsDataElsewhere(service, model.projectDir)) return null;
  const development = persistenceOn(service) !== null ? developmentFile(model) : null;
  if (development) return `its only sign of keeping data is its persistence setting, and ${development} is named or placed for development`;
  const own = durabilityOff(service);
  if (own) return `its command turns durability off (${own})`;
  const role = testRole(model);
  if (role) return testRoleWords(role);
  const tests = testRunService(model);
  if (tests) return tests;
  const said = statedThrowAway(model, service);
  if (said) return said;
  const matrix = databaseMatrix(model);
  if (matrix) return matrix;
  const kept = testDatabaseBesideKept(model, service);
  if (kept) return `it is named for tests (${service.name}) beside service ${kept.name}, which keeps the data of the same image`;
  for (const other of model.services) {
    if (other === service) continue;
    const onTmpfs = other.imageVolumes.find((v) => v.mountedBy?.cover === 'tmpfs' && (volumeImageInfo(other, v)?.servers?.length ?? 0) > 0);
    if (onTmpfs) return `service ${other.name} keeps its database on a tmpfs at ${onTmpfs.path}`;
    const off = durabilityOff(other);
    if (off) return `service ${other.name} runs its database with durability off (${off})`;
  }
  return null;
}

/**
 * Where a server keeps its data unless its command says otherwise, and the option that moves it:
 * mongod `--dbpath` (default /data/db), redis-server `--dir` (the official image's WORKDIR /data),
 * mysqld and mariadbd `--datadir` (/var/lib/mysql). Keyed by the catalogue's server program.
 */
const DATA_DIR_OPTIONS: Record<string, { option: string; path: string }> = {
  mongod: { option: 'dbpath', path: '/data/db' },
  'redis-server': { option: 'dir', path: '/data' },
  mysqld: { option: 'datadir', path: '/var/lib/mysql' },
  mariadbd: { option: 'datadir', path: '/var/lib/mysql' },
  // prom/prometheus's CMD passes --storage.tsdb.path=/prometheus, prom/alertmanager's --storage.path=/alertmanager (their Dockerfiles).
  prometheus: { option: 'storage.tsdb.path', path: '/prometheus' },
  alertmanager: { option: 'storage.path', path: '/alertmanager' },
};

/**
 * The data directory the service's command gives the server of `volume`'s image (`--dbpath
 * /srv/mongo`, `--datadir=/var/lib/mysql/data`), with the option as written; null when the command
 * sets none (the server keeps its data where the image does).
 */
export function commandDataDirectory(service: ComposeService, volume: ImageVolume): { option: string; path: string } | null {
  const words = commandWords(service);
  for (const server of volumeImageInfo(service, volume)?.servers ?? []) {
    const known = DATA_DIR_OPTIONS[server];
    if (!known || known.path !== volume.path) continue;
    let value: string | undefined;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (word === `--${known.option}`) value = words[i + 1];
      else if (word.startsWith(`--${known.option}=`)) value = word.slice(known.option.length + 3);
    }
    if (value !== undefined && value.startsWith('/')) return { option: `--${known.option}`, path: normalizePath(value) };
  }
  return null;
}

/**
 * Environment variables a server takes its data directory from, keyed by the catalogue's server
 * program: PostgreSQL's PGDATA (the postgres image's entrypoint runs initdb in "$PGDATA" and starts
 * the server on it; docker-library's docs: "PGDATA … defaults to /var/lib/postgresql/data", set it
 * to use "a subdirectory" or another place). The image's ENV (the catalogue's `env`) gives the default.
 */
const DATA_DIR_VARIABLES: Record<string, string> = {
  postgres: 'PGDATA',
};

/**
 * The data directory the service's environment (`environment:` over `env_file:`) gives the server of
 * `volume`'s image (`PGDATA: /data/postgres`), with the variable's name; null when it sets none, or
 * when the image does not keep that directory in `volume` by default (the catalogue's ENV).
 */
function environmentDataDirectory(service: ComposeService, volume: ImageVolume): { option: string; path: string } | null {
  const info = volumeImageInfo(service, volume);
  for (const server of info?.servers ?? []) {
    const variable = DATA_DIR_VARIABLES[server];
    const fallback = variable !== undefined ? info?.env[variable] : undefined;
    if (variable === undefined || fallback === undefined || !isWithin(normalizePath(fallback), volume.path)) continue;
    const value = service.environment.get(variable);
    if (value !== undefined && value !== null && value.startsWith('/')) return { option: variable, path: normalizePath(value) };
  }
  return null;
}

/**
 * The directory the service moves the server's data to, out of `volume`, with the option or
 * variable as written: by its command (`--dbpath /srv/mongo` for mongo's VOLUME /data/db) or its
 * environment (`PGDATA: /data/postgres` for postgres's VOLUME /var/lib/postgresql/data); null when
 * the data stays where the image keeps it, or moves to another place inside the VOLUME.
 */
export function movedDataDirectory(service: ComposeService, volume: ImageVolume): { option: string; path: string } | null {
  for (const set of [commandDataDirectory(service, volume), environmentDataDirectory(service, volume)]) {
    if (set !== null && !isWithin(set.path, volume.path)) return set;
  }
  return null;
}

/**
 * The data directory the program's own configuration file names (service.configuredDirectories)
 * that a mount of the service holds, when the file names no directory inside an image VOLUME: the
 * service keeps its data in that mount, and its VOLUMEs stay empty. Null otherwise.
 */
export function configuredDataMount(service: ComposeService, written: readonly WrittenMount[]): { setting: string; path: string; mount: WrittenMount } | null {
  const configured = service.configuredDirectories;
  if (configured.some((c) => service.imageVolumes.some((v) => isWithin(c.path, v.path)))) return null;
  for (const c of configured) {
    const mount = written.find((m) => !m.readOnly && isWithin(c.path, m.target));
    if (mount) return { setting: c.setting, path: c.path, mount };
  }
  return null;
}

/**
 * Where `volume` is the program's database directory by its build (`./configure
 * --turndbdir=/var/lib/coturn`) and the program's configuration keeps the database on a server
 * instead (`mysql-userdb="host=mysql …"` in the turnserver.conf the service binds): the program never
 * writes the VOLUME. The option and the setting; null otherwise.
 */
export function databaseOnServer(service: ComposeService, volume: ImageVolume): { directory: DatabaseDirectory; server: ConfiguredServer } | null {
  const directory = service.databaseDirectories.find((d) => d.path === volume.path);
  const server = service.configuredServers[0];
  return directory && server ? { directory, server } : null;
}

/** Where an effect comes in the build of `stage`: its stage's place in the chain (the base first), then its place among the stage's effects. */
function buildPosition(stage: Stage, effectStage: Stage, effect: PathEffect): [number, number] {
  const chain = stageChain(stage);
  return [chain.length - 1 - chain.indexOf(effectStage), effectStage.effects.indexOf(effect)];
}

/** The build made `step` before `restore`'s kept copy, so the copy holds what the step put there. */
function keptAfter(service: ComposeService, restore: StartRestore, step: ImageStep): boolean {
  if (service.image.kind !== 'build') return false;
  const [stepStage, stepIndex] = buildPosition(service.image.stage, step.stage, step.effect);
  const [keptStage, keptIndex] = buildPosition(service.image.stage, restore.keptStage, restore.kept);
  return stepIndex >= 0 && keptIndex >= 0 && (stepStage < keptStage || (stepStage === keptStage && stepIndex < keptIndex));
}

/** Why a restore does not bring a step's files back: it may not run, `DIR/*` leaves out a dot name, or the copy was kept before the step. */
export type RestoreGap = 'condition' | 'dot' | 'order';

/**
 * The restores whose directory holds the step's path, where no mount of the service hides the kept
 * copy; each with why it does not bring the step's files back, or null when it does: it runs (at every
 * start, or only when a path is missing that the host directory lacks), the copy was made after the
 * step, and holds what the step put there (not a name that starts with a dot where the start copies `DIR/*`).
 */
export function restoresOver(service: ComposeService, step: ImageStep): Array<{ restore: StartRestore; gap: RestoreGap | null }> {
  const path = step.effect.path;
  const out: Array<{ restore: StartRestore; gap: RestoreGap | null }> = [];
  for (const restore of service.startRestores) {
    if (!isWithin(path, restore.path)) continue;
    if (service.mounts.some((m) => m.target !== null && (isWithin(restore.from, m.target) || isWithin(m.target, restore.from)))) continue;
    const first = path === restore.path ? '' : path.slice(restore.path === '/' ? 1 : restore.path.length + 1).split('/')[0]!;
    const visible = restore.dotted || (first !== '' && !first.startsWith('.'));
    // A copy only when a path is missing runs at the first start where the host directory lacks it.
    const runs = !restore.when || restore.when.hostHolds === false;
    out.push({ restore, gap: !runs ? 'condition' : !visible ? 'dot' : !keptAfter(service, restore, step) ? 'order' : null });
  }
  return out;
}

/**
 * The one-off jobs Compose runs to completion before it starts `service`: the services that
 * `service`, or a service it waits for through `depends_on` (any condition, followed transitively:
 * Compose starts a service only after what it depends on has started), depends on with `condition:
 * service_completed_successfully` (Compose starts the dependent service only after the job exited 0).
 * kestra's e2e stack: kestra waits for dind (service_started), dind for the job init (completed), so
 * init has finished before kestra starts. In the order found, nearest first; never `service` itself.
 */
export function jobsCompletedBefore(services: readonly ComposeService[], service: ComposeService): ComposeService[] {
  const jobs: ComposeService[] = [];
  const visited = new Set<ComposeService>([service]);
  const queue = [service];
  while (queue.length > 0) {
    const waiting = queue.shift()!;
    for (const dependency of waiting.dependencies) {
      if (dependency.via !== 'depends_on') continue;
      const other = services.find((s) => s.name === dependency.name);
      if (!other || other === service) continue;
      if (dependency.condition === 'service_completed_successfully' && !jobs.includes(other)) jobs.push(other);
      if (!visited.has(other)) {
        visited.add(other);
        queue.push(other);
      }
    }
  }
  return jobs;
}
