/**
 * The Compose model: what a container of each service sees at run time, path by path. Built from
 * a compose file (merged with its override files, interpolated) and, for each service, the image
 * behind it: the service's own Dockerfile modelled by src/model (with the service's build args and
 * target), or the base-image catalogue for `image:` alone. Rules of kind `compose` read this, never
 * the YAML. Facts behind it: ../shared/volume-semantics.md §5 (seeding, hiding) and §7 (Compose).
 *
 * Positions follow the Dockerfile side: 0-based line and UTF-16 character, ranges end-exclusive.
 * File names are display paths (relative to the working directory, `/` separators), the same
 * strings findings carry; `absolutePath` fields are for reading files and cache keys.
 */
import type { DependencyDirectory } from './dependency-directories.js';
import type { FileWrite, HostPathPreparation } from './project-scripts.js';
import type { JobPreparation } from './job-preparation.js';
import type { FreshHomePath } from './home-paths.js';
import type { Range } from '../parse/types.js';
import type { FileModel, PathEffect, Stage, Volume } from '../model/types.js';
import type { BaseImageInfo, ImageRef } from '../model/image-types.js';
import type { StageCopyHop } from '../model/stage-copies.js';
import type { ConfiguredDirectory, ConfiguredServer, DatabaseDirectory, PersistenceSetting, StartProgram } from './service-settings.js';

/** A place in a compose file or a Dockerfile, as findings and related locations point at it. */
export interface SourceLocation {
  /** Display path of the file. */
  file: string;
  range: Range;
}

/**
 * One file read for the project: a compose file (the first, or one of a `-f` list), the override
 * file, an env file, a file `include:` or `extends: {file}` brought in.
 */
/** The comments of a compose file that speak of the file or of a service (src/compose/purpose.ts reads them; src/compose/yaml-tree.ts finds them). */
export interface FileComments {
  /**
   * The comment lines at the top of the file, before its first key, and those right above its `services:`
   * key (`#` and the blank after it removed, one line each); '' when there are none.
   */
  header: string;
  /** The comment block right above each service's key, by the service's name (the file's first service: above `services:`'s first entry). */
  services: Map<string, string>;
}

export interface ComposeSourceFile {
  /** Display path. */
  file: string;
  absolutePath: string;
  role: 'compose' | 'override' | 'env' | 'include' | 'extends';
  text: string;
  /** The file's header comment and the comments above its services (a YAML file read as one; null otherwise). */
  comments?: FileComments | null;
}

/**
 * Bad input met while reading the project: invalid YAML, an unknown top-level key, a missing
 * Dockerfile, `${X:?message}` with X unset, an entry volint cannot read. Reported as one-line
 * findings at `location` (rule id `volint-compose-error`); the rest of the project is still modelled.
 */
export interface ComposeProblem {
  location: SourceLocation;
  /** One line, naming the cause: `undefined variable DB_PASSWORD: set it in .env`. */
  message: string;
  /**
   * `error` when Compose itself refuses the file; `warning` when it would run but not as written
   * (an unset variable) or volint skips a part; `note` for what only some Compose versions accept.
   */
  severity: 'error' | 'warning' | 'note';
  /** Other places the problem concerns (every other use of an unset variable), shown as related locations. */
  related?: Array<{ location: SourceLocation; message: string }>;
  /** The variable of a `${NAME:?message}` that has no value here, for a required-variable error. */
  required?: string;
}

/** An entry of a service emptied by a variable without a value (ComposeModel.unresolved). */
export interface UnresolvedEntry {
  service: string;
  location: SourceLocation;
  /** The service's model misses what the entry would give it (a volume entry left out, its build read from elsewhere or not at all). */
  whole: boolean;
}

/** One place where a variable without a value and without a default is interpolated. */
export interface UnsetVariableUse {
  variable: string;
  location: SourceLocation;
  /**
   * Where the value is used: the keys from the top of its file (`[]` for a list item), e.g.
   * `services, db, volumes, []`. One per way the value is reached (a YAML anchor's content is used
   * where it is defined and at every alias).
   */
  paths: ReadonlyArray<readonly string[]>;
}

/**
 * What covers a mount point in the container:
 * - `bind`: a host path (short syntax with a path source, or `type: bind`);
 * - `named-volume`: a volume of the top-level `volumes:` (Compose prefixes it with the project name
 *   unless `name:` or `external:` says otherwise);
 * - `anonymous-volume`: a volume without a name written in the compose file (`- /data`, or
 *   `type: volume` without `source`);
 * - `image-volume`: an image VOLUME that no entry of the service mounts: Compose creates an anonymous
 *   volume, re-attaches it on recreate, and `down` without `-v` leaves it behind;
 * - `tmpfs`: `tmpfs:` of the service or `type: tmpfs`;
 * - `npipe`: a Windows named pipe;
 * - `image`: `type: image`, another image's filesystem mounted read-only;
 * - `volumes-from`: a mount taken over from another service or container (`volumes_from:`).
 */
export type MountCover =
  | 'bind'
  | 'named-volume'
  | 'anonymous-volume'
  | 'image-volume'
  | 'tmpfs'
  | 'npipe'
  | 'image'
  | 'volumes-from';

/** Where the mount entry was written. */
export type MountSyntax =
  /** `SRC:DST[:MODE]` or `DST` in `volumes:`. */
  | 'short'
  /** A mapping in `volumes:` (`type:`, `source:`, `target:` …). */
  | 'long'
  /** An entry of the service's `tmpfs:` (a string or a list). */
  | 'tmpfs'
  /** Not written: an image VOLUME (cover `image-volume`). */
  | 'image'
  /** Not written in this service: brought by `volumes_from`. */
  | 'volumes-from';

/** A volume of the top-level `volumes:` key. */
export interface ProjectVolume {
  /** The key under `volumes:`. */
  key: string;
  /** The engine's volume name: `name:`, or `<project>_<key>` (external volumes keep the key or `name:`). */
  name: string;
  /** `external: true`: created outside Compose, never created or removed by it. */
  external: boolean;
  /** `driver:` when written (null: local). */
  driver: string | null;
  /** `driver_opts` when written (a local driver with `o: bind` and `device:` is a bind in disguise). */
  driverOpts: Record<string, string>;
  location: SourceLocation;
}

export interface ComposeMount {
  cover: MountCover;
  syntax: MountSyntax;
  /** The container path as written (after interpolation). */
  targetRaw: string;
  /**
   * The container path, absolute and normalised (POSIX); null when it is not an absolute path
   * (Compose refuses a relative target) or is a Windows path.
   */
  target: string | null;
  /** The source as written (after interpolation, before resolving): host path, volume key, image; null when none. */
  sourceRaw: string | null;
  /** `bind`: the absolute host path (relative paths against the compose file's directory, `~` against HOME). */
  hostPath: string | null;
  /** `named-volume`: the top-level volume (null when the key is not declared there: Compose refuses that). */
  volume: ProjectVolume | null;
  /** `named-volume` with no top-level declaration: the key as written. */
  volumeKey: string | null;
  /** `image`: the image mounted. */
  imageSource: string | null;
  readOnly: boolean;
  /** Short-syntax mode words as written (`ro`, `rw`, `z`, `Z`, `nocopy`, `cached` …). */
  modes: string[];
  /** `bind.create_host_path` (true for the short syntax, as Compose does: a missing host path is created, root-owned). */
  createHostPath: boolean | null;
  /**
   * `bind`: whether the host path exists when volint reads the project (checked on the disk,
   * relative to the compose file); null when not checked. A missing one that Compose creates
   * (`createHostPath`) is made by the engine as root, mode 755.
   */
  hostExists: boolean | null;
  /**
   * `bind` whose host path is missing now: the package manager's install that makes it, when it is
   * a dependency directory beside the manifest that declares it (`node_modules` beside package.json:
   * src/compose/dependency-directories.ts). The developer's install makes it before the stack runs,
   * owned by whoever ran the install, not Compose as root. Null otherwise.
   */
  hostMadeBy: DependencyDirectory | null;
  /**
   * `bind` whose host path is a package manager's dependency directory beside the manifest that
   * declares it, whether it exists now or not (`$PWD/node_modules` beside package.json, `./vendor`
   * beside composer.json: src/compose/dependency-directories.ts): a bind of the host's install.
   * `hostMadeBy` is this when the path is missing now. Null otherwise.
   */
  hostDependencies: DependencyDirectory | null;
  /**
   * `bind` whose host path exists: the container paths below the target where the image's steps put
   * files and the host holds a directory of the same name (`.:/var/www/html` over a build's
   * /var/www/html/public, with public/ in the project). Empty when none, or not checked.
   */
  hostDirectories: string[];
  /**
   * `bind` whose host path exists: the container paths below the target where a RUN step of the image
   * changes a file that the host path holds too (`RUN sed -i 's/\r$//' entrypoint.sh` or `chmod +x` after
   * `COPY entrypoint.sh .`, under `./app:/usr/src/app`): the bind shows the host's copy, as it was before
   * that step. Empty when none, or not checked.
   */
  hostFiles: string[];
  /**
   * `bind` whose host path exists: the container paths of files a RUN step changes only as git already keeps the
   * host's copy (CRLF converted where `.gitattributes` gives it `eol=lf`; made executable where the copy is
   * executable): the bind hides nothing the build changed there (src/compose/kept-in-git.ts).
   */
  hostKeptFiles: string[];
  /**
   * `bind` whose host path is missing now and that Compose would create: the step of one of the
   * project's shell scripts beside the compose file that makes it and gives it to an account or
   * opens its mode (`mkdir -p volumes/pictrs && chown -R 991:991 volumes/pictrs` in docker_update.sh:
   * src/compose/project-scripts.ts); null when no script does.
   */
  hostPreparedBy: HostPathPreparation | null;
  /**
   * `bind` whose host path is missing now and that Compose would create: the write of one of the project's shell
   * scripts beside the compose file that puts a file there before `up` (`cp .env.example config.yml`, `touch
   * config.yml`, a redirection): the source is that file, not a directory Compose makes (src/compose/project-scripts.ts,
   * fileWrittenBy). Null when no script writes it.
   */
  hostWrittenBy: FileWrite | null;
  /**
   * `bind` whose host path is missing now and that Compose would create, where the service waits for a
   * one-off job of the project (`condition: service_completed_successfully`) that binds the same host
   * path and whose command gives it to an account or opens its mode (`chown -R 1001:1001 /var/uploads`):
   * src/compose/job-preparation.ts. Null otherwise.
   */
  hostPreparedByJob: JobPreparation | null;
  /**
   * `bind` whose host path is outside the project, under the home directory of whoever runs Compose, in a
   * directory named for the project or for data (`~/.laradock/data/grafana`, also through a variable of the
   * project's `.env` or env template): volint cannot check that machine, but a fresh one does not have it,
   * and Compose creates it there at `up`, root-owned (src/compose/home-paths.ts). Null otherwise.
   */
  hostFresh: FreshHomePath | null;
  /** `volume.nocopy` or the short mode `nocopy`: the empty volume is not seeded from the image. */
  nocopy: boolean;
  /** `volume.subpath`: a sub-directory of the volume is mounted. */
  subpath: string | null;
  /** tmpfs size in bytes (`tmpfs.size` or `size=` of a service tmpfs entry), null when not given. */
  tmpfsSize: number | null;
  /** tmpfs mode bits (`tmpfs.mode`, `mode=`), null when not given (the engine's default is 1777). */
  tmpfsMode: number | null;
  /** The entry in the compose file (the list item); null for `image-volume`. */
  location: SourceLocation | null;
  /** `volumes-from`: the service or container it comes from. */
  from: VolumesFrom | null;
  /** What the image holds at the target, and which steps put it there. */
  image: ImageContentAt;
  /** An image VOLUME at the same path that this entry mounts explicitly (so Compose adds no anonymous volume). */
  replacesImageVolume: ImageVolume | null;
}

/** One `volumes_from:` entry. */
export interface VolumesFrom {
  kind: 'service' | 'container';
  name: string;
  /** `:ro` / `:rw` written after the name. */
  readOnly: boolean;
  location: SourceLocation;
}

/** The step of a Dockerfile that touches a path, with where it is. */
export interface ImageStep {
  effect: PathEffect;
  /** Display path of the Dockerfile (or `<compose file>#<service>` for dockerfile_inline). */
  file: string;
  /** The stage the step belongs to (the target stage or one it is built FROM). */
  stage: Stage;
  /**
   * `inside`: the step's path is the mount point or below it; `parent`: a recursive step on a
   * directory above it (`COPY . /app` for a mount at /app/node_modules: it puts there whatever the
   * build context holds there, if anything).
   */
  reach: 'inside' | 'parent';
  /**
   * A COPY --from an earlier stage of the Dockerfile whose source holds, as far as the stage's steps
   * tell, only empty placeholders: directories and files made by `touch` (`mkdir -p client/dist &&
   * touch client/dist/index.html` where a build arg skips the real build). `conditional`: those
   * steps are in a branch of their RUN that may not run (a condition volint cannot decide), so the
   * real build may run instead. Absent when the source holds content or volint cannot tell.
   */
  placeholders?: { stage: Stage; path: string; steps: PathEffect[]; conditional: boolean };
  /**
   * A COPY --from an earlier stage of the Dockerfile whose source holds, as far as the stage's steps
   * tell, only files copied there from the build context (and directories, empty files): `COPY
   * pyproject.toml /app/` in a stage that installs the dependencies elsewhere (/venv), then `COPY
   * --from=build /app /app`. The host's files, as for a COPY from the context: content that changes
   * with the image, but not what the build made. `steps`: those context copies in the source stage;
   * `tools`: steps of that stage that ran a tool there whose writes volint cannot follow (`opaque`:
   * `pip install -e .`, a Poetry install whose environment may be in the project), which may have
   * left build output beside the context's files (empty when none ran).
   */
  stageContext?: { stage: Stage; path: string; steps: PathEffect[]; tools: PathEffect[] };
  /**
   * A COPY of a directory of the build context to a parent of the mount point (`COPY . /app` for
   * /app/static), which the context on the disk shows to hold the mount point's path: that path,
   * relative to the context (`static`), and whether it holds only keep files (`.gitkeep`: the COPY
   * makes the directory, with nothing that changes with the image). The step's effect then names
   * the mount point itself.
   */
  fromContext?: { path: string; empty: boolean };
  /**
   * A step of another stage whose files a `COPY --from` of a parent directory brings here
   * (src/model/stage-copies.ts): the copies they came through, the first the one in the service's
   * stage chain (`COPY --from=build /usr/local/bundle/ /usr/local/bundle/` for `RUN bundle install`
   * of stage build under a volume at /usr/local/bundle/gems). `effect.path` is where the files land;
   * `stage` is the stage the step is in. Absent for the chain's own steps.
   */
  via?: StageCopyHop[];
}

/**
 * What the image holds at a container path. `known: false` when the image is unknown, or is known
 * only from the catalogue (which lists an image's VOLUMEs, ENV and USER, never its files).
 */
export interface ImageContentAt {
  known: boolean;
  /**
   * Steps of the service's Dockerfile that reach the path (inside it, or a recursive step on a
   * parent), across the target stage and the stages it is built FROM, in build order.
   */
  steps: ImageStep[];
  /**
   * Some step puts files or directories at or below the path (COPY, ADD, a RUN write or mkdir,
   * WORKDIR; not chown/chmod/delete), reaching it `inside`.
   */
  filled: boolean;
  /** What is below the Dockerfile's steps: scratch, a base image, or unknown (a FROM with an unresolved variable). */
  below: { kind: 'scratch' } | { kind: 'image'; ref: ImageRef; info: BaseImageInfo | undefined } | { kind: 'unknown' };
  /** One sentence for people, from the model (src/model/explain.ts describeImageAt). */
  description: string;
}

/** A VOLUME of the service's image: its own Dockerfile's, or one its base image declares. */
export interface ImageVolume {
  path: string;
  origin: 'dockerfile' | 'base-image';
  /** The Dockerfile model's volume (absent for an `image:` service known from the catalogue). */
  volume: Volume | null;
  /** The VOLUME line (own Dockerfile) or the FROM that brings the base image's volume; null for `image:` services. */
  site: SourceLocation | null;
  /** Where the knowledge comes from when not the Dockerfile (`volume.image.info.source`, catalogue entry). */
  knowledge: string | null;
  /** The explicit entry of the service that mounts this path; null: Compose creates an anonymous volume. */
  mountedBy: ComposeMount | null;
}

/** The `build:` of a service. */
export interface ServiceBuild {
  /** The build context, absolute (null for a remote context: a URL or git repository). */
  context: string | null;
  contextRaw: string;
  /** Display path of the Dockerfile; `<file>#services.<name>.build.dockerfile_inline` for an inline one. */
  dockerfile: string;
  /** Absolute path of the Dockerfile (null for dockerfile_inline or a remote context). */
  dockerfileAbsolute: string | null;
  /**
   * `dockerfile:` not given, so the default `Dockerfile` of the context: where the context has none, the
   * builders take `dockerfile` in lower case (checked with docker-compose 1.29, through its own API build and
   * the docker CLI's; named explicitly, `dockerfile: Dockerfile` falls back only in the former, so not here).
   */
  dockerfileDefault?: boolean;
  inline: boolean;
  target: string | null;
  /** Where `target:` is written (null when it is not). */
  targetLocation: SourceLocation | null;
  /** Build args (values after interpolation; an arg written without a value takes the environment's). */
  args: Map<string, string>;
  /** Build args given a value volint cannot know (a CI workflow's expression): their ARGs are unknown. */
  unknownArgs?: ReadonlySet<string>;
  location: SourceLocation;
  /**
   * The context or `dockerfile:` was written with variables that have no value here (`build: ${APP_DIR}`):
   * those variables (`APP_DIR`, `A and B`) and where; the Dockerfile read is not the one the user's value selects.
   */
  emptiedBy?: { variables: string; location: SourceLocation };
}

/**
 * Why a service that names its image without `build:` is modelled from a Dockerfile of the
 * repository (src/compose/image-builds.ts): a service of the project that builds and tags that
 * image, or a CI workflow step that does.
 */
export interface ImageLink {
  /** The image as the service names it. */
  image: string;
  kind: 'compose-service' | 'workflow';
  /** The service of this project that builds the image (`compose-service`). */
  service?: string;
  /** Where the evidence is written: the building service's `image:`, the workflow's tag or image name. */
  location: SourceLocation;
  /** The evidence as a sentence (`.github/workflows/docker.yml:53 (docker/build-push-action's tags:) builds cryptpad/cryptpad from Dockerfile`). */
  text: string;
}

/**
 * The image behind a service:
 * - `build`: the service's Dockerfile, modelled as `volint` models any Dockerfile, with the
 *   service's build args and target (`model.target` is the stage the service runs);
 *   A service with `image:` alone whose image the repository itself builds (`link`) is modelled from that Dockerfile;
 * - `catalog`: `image:` alone, known from the base-image catalogue or `--image-config`;
 * - `unknown`: an image volint knows nothing of, a missing or unreadable Dockerfile, a remote context.
 *   Nothing is claimed about its content, volumes or user.
 */
export type ServiceImage =
  | { kind: 'build'; build: ServiceBuild; model: FileModel; stage: Stage; image: string | null; link?: ImageLink }
  | { kind: 'catalog'; ref: ImageRef; info: BaseImageInfo; location: SourceLocation }
  | { kind: 'unknown'; reason: string; ref: ImageRef | null; build: ServiceBuild | null; location: SourceLocation | null };

/** Who the container's process runs as. */
export interface ServiceUser {
  /** The user as written (`1000`, `node`, `app:app`); '' = root by default; null = unknown. */
  value: string | null;
  /** `compose`: the service's `user:` (it overrides the image's USER); `image`: the Dockerfile's last USER or the catalogue's. */
  source: 'compose' | 'image' | 'default' | 'unknown';
  /** true, false, or null when unknown. */
  root: boolean | null;
  /** `user:` in the compose file, or the USER instruction of the Dockerfile. */
  location: SourceLocation | null;
}

export interface ComposeService {
  name: string;
  /** The service's key in the compose file (the last file of the merge that defines it). */
  location: SourceLocation;
  image: ServiceImage;
  user: ServiceUser;
  /**
   * Every mount point of a container of this service, sorted by target: explicit entries
   * (`volumes:`, `tmpfs:`), `volumes_from`, and the image VOLUMEs no entry mounts (cover `image-volume`).
   * A later entry for the same target replaces an earlier one (Compose's merge rule).
   */
  mounts: ComposeMount[];
  /** The image's VOLUMEs, each with the entry that mounts it, or none. */
  imageVolumes: ImageVolume[];
  volumesFrom: VolumesFrom[];
  /** `read_only: true`: the container's root filesystem is read-only. */
  readOnlyRootfs: boolean;
  /** `environment:` of the service over its `env_file:` files (values after interpolation; null: taken from the shell). An env file that cannot be read gives nothing. */
  environment: Map<string, string | null>;
  /** `command:` as words; null when the service does not set one (the image's CMD runs). */
  command: string[] | null;
  /** `entrypoint:` as words; null when the service does not set one. */
  entrypoint: string[] | null;
  /** Evidence that the service runs as several containers at once; null when nothing says so. */
  replicas: ServiceReplicas | null;
  /**
   * Settings that only a stack run for a long time, or on a swarm, needs (src/compose/service-settings.ts
   * serviceOperations): log rotation, then swarm settings and the overlay networks it joins.
   */
  operations: OperationSetting[];
  /**
   * Directories of the image where a `.yarnrc` copied from the build context moves yarn's
   * `node_modules` elsewhere (`--modules-folder /node_modules`): directory → folder.
   */
  yarnModulesFolders: Map<string, string>;
  /**
   * Directories the container's program is told to keep its data in by its own configuration file:
   * a file the start command names and a COPY from the build context puts there (`work_dir = /data`
   * in the ssdb.conf of `CMD ["/ssdb/ssdb-server", "/ssdb/ssdb.conf"]`), or a configuration file the
   * service binds from the project.
   */
  configuredDirectories: ConfiguredDirectory[];
  /**
   * Settings of the program's configuration that keep its database on a server (`mysql-userdb="host=mysql …"`),
   * read in the configuration files the service binds from the project and those the start command names.
   */
  configuredServers: ConfiguredServer[];
  /**
   * Persistence settings (`appendonly yes`, `save 60 1`) of the server's own configuration files, in
   * the files' order: those the service binds from the project and those the start command of a
   * `build:` service names. A file counts only where the command names it (query.ts persistenceOn).
   */
  persistenceSettings: PersistenceSetting[];
  /** Where the service's `command:` (else its `entrypoint:`) is written; null when it sets neither. */
  commandLocation: SourceLocation | null;
  /**
   * What the service's own command line (`entrypoint:`, `command:`) certainly writes every time its
   * container starts, read with the RUN analysis from its working directory (`working_dir:`, else the
   * image's WORKDIR) and with the container's environment (the image's ENV under `environment:`):
   * `npm ci` before `npm run dev` writes /app/node_modules, `bundle install` with BUNDLE_PATH=/bundles
   * writes /bundles. Only where the service binds a host path or mounts a volume (src/compose/model.ts;
   * the reading: src/compose/command-line.ts); empty otherwise.
   */
  startWrites: StartWrite[];
  /**
   * What a container of the service copies back every time it starts, from a copy the image keeps of
   * a directory (`RUN cp -a /app /opt/app-dist`, then `cp -a /opt/app-dist/. /app` in the image's start
   * script or the service's command line): src/compose/start-restores.ts. Empty when none.
   */
  startRestores: StartRestore[];
  /**
   * What the start script of a `build:` service writes when its container starts, where volint reads that script (a
   * shell script the build brought from the build context, ComposeService.start.built): src/compose/start-script-writes.ts.
   * Read only for a service known to run as non-root that binds a host path missing now (VOL024 asks it); empty otherwise.
   */
  startScriptWrites: StartScriptWrite[];
  /**
   * Sources a container of the service compiles and runs every time it starts (`go run .` from
   * /app/api: /app/api), read with the RUN analysis from its start command: the service's own command
   * line, else the image's ENTRYPOINT and CMD (src/compose/command-line.ts). Only runs the start
   * certainly makes (not in a branch that may not run). A program the build compiled from those
   * sources is not what runs. Only where the service binds a host path; empty otherwise.
   */
  startSourceRuns: StartSourceRun[];
  /**
   * Programs the same start command runs by their path (`/app/api/server`, `./server` from its working
   * directory), in a branch that may not run too. Read with startSourceRuns; empty where that is not.
   */
  startPrograms: string[];
  /** Directories the service's Dockerfile names as the program's database directory (`./configure --turndbdir=/var/lib/coturn`). */
  databaseDirectories: DatabaseDirectory[];
  /** What the container of a `build:` service starts (src/compose/service-settings.ts startProgram); null for other services. */
  start: StartProgram | null;
  /** `profiles:` of the service: Compose starts it only when one of them is active. Empty: always started. */
  profiles: string[];
  /** The services this one depends on (`depends_on`, `links`, `volumes_from`, `service:` modes), as written. */
  dependencies: ServiceDependency[];
}

/** Sources the start command compiles and runs (ComposeService.startSourceRuns). */
export interface StartSourceRun {
  /** The package's directory, or one of its files (`go run main.go`). */
  path: string;
  /** The command, as written (`go run`). */
  command: string;
}

/** A path the service's own command line writes when its container starts (ComposeService.startWrites). */
export interface StartWrite {
  path: string;
  /** The write reaches everything below `path` (a package manager's install of a directory). */
  recursive: boolean;
  /** The command, as written (`npm ci`). */
  command: string;
}

/** A change the service's start script makes to a path when its container starts (ComposeService.startScriptWrites). */
export interface StartScriptWrite {
  path: string;
  /** `write`: a file written or copied; `mkdir`: a directory made; `delete`: a path removed. */
  kind: 'write' | 'mkdir' | 'delete';
  /** The command, as written (`cp`, `mkdir`). */
  command: string;
  /** The script's path in the image. */
  script: string;
  /** The line in the script (1-based). */
  line: number;
}

/** A directory the container fills at every start from a copy the image keeps of it (ComposeService.startRestores). */
export interface StartRestore {
  /** The directory the start fills. */
  path: string;
  /** The image's copy it is filled from. */
  from: string;
  /** Names that start with a dot are copied too (false for `cp -R DIR/*`: the shell's `*` leaves them out). */
  dotted: boolean;
  /** The command, as written (`cp`, `rsync`). */
  command: string;
  /** Where the copy is made: the image's start script (its path in the image, 1-based line), or the service's own command line. */
  where: { kind: 'script'; path: string; line: number } | { kind: 'command' };
  /** The build step that made the kept copy from that directory (`RUN cp -a /app /opt/app-dist`): it holds what the directory held then. */
  kept: PathEffect;
  /** The stage of that step. */
  keptStage: Stage;
  /**
   * The copy is made only when this path (inside `path`) is missing (`if [ ! -f /app/INIT ]`), and whether
   * the host directory of the bind that covers it holds it now (false for a missing bind source; null
   * when not known): it then runs at the first start. Absent for a copy made at every start.
   */
  when?: { path: string; hostHolds: boolean | null };
}

/** A relation that makes Compose start another service with this one (src/compose/selection.ts). */
export interface ServiceDependency {
  name: string;
  via: 'depends_on' | 'links' | 'volumes_from' | 'network_mode' | 'pid' | 'ipc';
  /** `depends_on: {db: {required: false}}` (Compose v2): a dependency Compose may leave out. */
  required: boolean;
  /**
   * `depends_on: {db: {condition: …}}` as written: `service_started` (the default), `service_healthy`,
   * `service_completed_successfully` (Compose starts this service only after that one ran to
   * completion and exited 0: a job that prepares something first). Null for the list form and other relations.
   */
  condition: string | null;
  location: SourceLocation;
}

/**
 * A setting of a service that only a stack run for a long time, or on a swarm, needs: `log-rotation`
 * (`logging.options` max-size or max-file), `swarm` (`deploy.placement`, `deploy.mode: global`,
 * `deploy.update_config`, `deploy.rollback_config`, a network of the overlay driver that the service joins).
 */
export interface OperationSetting {
  kind: 'log-rotation' | 'swarm';
  /** As written: `logging.options.max-size: 10m`, `deploy.placement`, `networks: payment (driver: overlay)`. */
  setting: string;
  location: SourceLocation;
}

/** Why volint takes a service to run as several replicas, and where that is written. */
export interface ServiceReplicas {
  /** `deploy.replicas: 3`, `scale: 2`, `ports published without a host port`. */
  evidence: string;
  location: SourceLocation;
}

/**
 * The profiles of a run (compose-spec 15-profiles.md): `active` from `--profile` or
 * COMPOSE_PROFILES (the environment, then the env files), null when neither names one (then every
 * service is modelled, and a finding on a service with `profiles:` says which start it);
 * `inactive` the services Compose would not start (their profiles are not active, or `--service`
 * names other services and they are no dependency of those), left out of the model.
 */
export interface ComposeProfiles {
  active: string[] | null;
  /** The services named with `--service` (as `docker compose up web`), or null: then Compose starts every service the profiles enable. */
  selected: string[] | null;
  inactive: Array<{ name: string; profiles: string[]; location: SourceLocation }>;
}

export interface ComposeModel {
  kind: 'compose';
  profiles: ComposeProfiles;
  /** Display path of the compose file the project is named by (the first of the merge). */
  file: string;
  /** The compose file, its override files (merge order) and the `.env` file, as read. */
  files: ComposeSourceFile[];
  /** The project directory: the compose file's directory (absolute). */
  projectDir: string;
  /** The project name: `name:`, COMPOSE_PROJECT_NAME, or the directory's name (lower-cased as Compose does). */
  projectName: string;
  /**
   * The user says the compose files are deployed as written (`compose.deployed: true` in .volint.yaml,
   * `--compose-deployed`, the language server's `volint.compose.deployed`). By default a project whose
   * services keep no data anywhere (src/compose/query.ts keptData) is taken for a throw-away stack (a
   * quick start, a demo, a development database): VOL022 leaves its anonymous volumes alone; and in a
   * development stack (src/compose/query.ts developmentStack) VOL022 leaves out a VOLUME of a service that
   * shows no intent of its own to keep data, VOL020 a bind of the project's sources over the application
   * directory. Set, they are reported as in any other project.
   */
  deployed: boolean;
  services: ComposeService[];
  volumes: Map<string, ProjectVolume>;
  /** Every Dockerfile read for the project (absolute paths): the cache keys on them. */
  dockerfiles: string[];
  /** Every other file the project looked for (absolute paths, found or not): env files, a `-f` list, included and extended files. */
  looked: string[];
  /** Every directory whose listing the project read (absolute paths, there or not): the `.github/workflows` looked for. */
  listed: string[];
  /** The services with neither `image:` nor `build:` (Compose refuses the project): an overlay's, linted alone (src/compose/overlay.ts). */
  imageless: string[];
  /**
   * Entries a variable without a value emptied, where that changes what volint models: a volume entry,
   * a service's build or user. Rule findings at such an entry, and every rule finding of a service
   * where `whole` (a volume entry left out, a build read from the wrong place), are artifacts of the
   * missing value and are not reported (src/engine/compose-linter.ts).
   */
  unresolved: UnresolvedEntry[];
  problems: ComposeProblem[];
}
