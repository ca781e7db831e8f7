/** Image references and what volint knows about base images. */

export interface ImageRef {
  /** As written after FROM (after variable expansion), e.g. `docker.io/library/postgres:16-alpine`. */
  raw: string;
  /** Registry host when written (`docker.io`, `ghcr.io`, `localhost:5000`), else null. */
  registry: string | null;
  /** Repository path without registry and without `library/` (`postgres`, `jenkins/jenkins`). */
  name: string;
  /** Tag, or null when none is written (Docker then uses `latest`). */
  tag: string | null;
  /** Digest (`sha256:…`), or null. */
  digest: string | null;
}

/** What volint knows of one base image: the VOLUMEs and ENV its image config declares. */
export interface BaseImageInfo {
  /** The image name as the knowledge source spells it (`postgres`). */
  name: string;
  /** Absolute paths of the image's VOLUMEs. */
  volumes: string[];
  /** ENV the image sets that matter for paths (PGDATA, JENKINS_HOME…); may be partial. */
  env: Record<string, string>;
  /** Where the fact comes from: a source Dockerfile URL, `config` or an image-config file. */
  source: string;
  /** Which knowledge matched: `data` (volint's data file), `config` (user config), `image-config` (docker image inspect). */
  origin: 'data' | 'config' | 'image-config';
  /** The default USER of the image when known (e.g. `jenkins`), else undefined. */
  user?: string;
  /** The uid of the USER's account in the image when the USER is a name (`jenkins` is 1000), from the entry's source. */
  uid?: string;
  /** Version-dependent or unverified details of the fact, in one or two sentences. */
  note?: string;
  /** VOLUMEs that hold the service's state only in some configurations of the program (see `VolumeState`). */
  volumeState?: readonly VolumeState[];
  /**
   * The programs that write the image's VOLUMEs (`redis-server`, `mongod`): a container whose
   * entrypoint or command runs something else (a client, a setup script) never writes them.
   */
  servers?: readonly string[];
  /** See BaseImageEntry.startOwner. */
  startOwner?: Readonly<StartOwner>;
  /** See BaseImageEntry.dataDirectories. */
  dataDirectories?: Readonly<DataDirectories>;
  /** See BaseImageEntry.stateDirectories. */
  stateDirectories?: Readonly<StateDirectories>;
  /** See BaseImageEntry.readDirectories. */
  readDirectories?: Readonly<ReadDirectories>;
  /** See BaseImageEntry.refusedMounts. */
  refusedMounts?: Readonly<RefusedMounts>;
}

/**
 * Paths where a mount makes the image's entrypoint refuse to start the server on a new data directory,
 * with its default data directory (postgres 18+: a mount at the old /var/lib/postgresql/data, where
 * `docker_error_old_databases` stops with an error while PGDATA is /var/lib/postgresql/<major>/docker
 * and holds no database).
 */
export interface RefusedMounts {
  paths: string[];
  /** One sentence: what the entrypoint checks and what it prints. */
  why: string;
  /** The entrypoint lines that do it. */
  source: string;
}

/**
 * Directories the image's program writes its state in that are not VOLUMEs of the image (grafana's
 * /var/lib/grafana, OpenSearch's /usr/share/opensearch/data, n8n's /home/node/.n8n), or a VOLUME the
 * catalogue names no server for (pgadmin4's /var/lib/pgadmin): the image gives them to its USER, so a
 * volume there is writable, and a host directory the engine creates there is not.
 */
export interface StateDirectories {
  paths: string[];
  /** The Dockerfile (or documentation) that makes them the program's. */
  source: string;
}

/**
 * Directories inside the program's state directories (or VOLUMEs) that it only reads, as its documentation
 * says: keycloak's /opt/keycloak/data/import, from which `start --import-realm` reads realm files (the rest of
 * /opt/keycloak/data is written). A root-owned directory there harms nothing, though the path is under data.
 */
export interface ReadDirectories {
  paths: string[];
  /** The documentation that says the program reads them. */
  source: string;
}

/**
 * VOLUMEs that are themselves the data directory of the image's server, as its documentation says
 * (MySQL's and MariaDB's datadir /var/lib/mysql, mongod's dbPath /data/db): the server keeps its files
 * directly in the path, so a mount strictly below it holds only a subdirectory, and the data stays in
 * the anonymous volume at the path. (Where an environment variable names the data directory, as
 * PGDATA does, `env` says it.)
 */
export interface DataDirectories {
  paths: string[];
  /** The documentation that says so. */
  source: string;
}

/**
 * The image's entrypoint, started as root with one of the image's `servers` as the command, gives
 * `paths` (and everything in them) to `user` at every start before it drops to that user
 * (docker-library's mysql and MariaDB's entrypoints: `find "$DATADIR" \! -user mysql -exec chown
 * mysql …`). A build step that chowns those paths to `user` changes nothing a container keeps.
 */
export interface StartOwner {
  user: string;
  paths: string[];
  /** The entrypoint lines that do it. */
  source: string;
}

/**
 * When a VOLUME of an image holds state the container must keep (its data), as the image's
 * documentation says. Without an entry, a VOLUME is taken to hold state always. With one, it holds
 * state when every `env` condition holds for the container's environment variable (or the image's
 * default when the service does not set it): its value is one of `values`, or with `within` a path
 * at or below the VOLUME; or when the service's command sets one of `options` (`--name value`; a
 * value in `notValues` does not count, e.g. `--save ""`), or mounts a volume of its own for data
 * elsewhere (it means to keep data). With `given` (and neither condition), it never holds state: the
 * image reads there what the deployer mounts (Confluent's /etc/kafka/secrets: keystores and credentials).
 */
export interface VolumeState {
  /** The VOLUME path. */
  path: string;
  /** The VOLUME only holds what the deployer gives the container (credentials, keystores): never the program's state. */
  given?: boolean;
  env?: Array<{ name: string; values?: string[]; within?: boolean; default: string | null }>;
  options?: Array<{ name: string; notValues?: string[] }>;
  /** One sentence: what the volume holds and when, from the source. */
  why: string;
  /** The documentation that says so. */
  source: string;
}

export interface BaseImageEntry {
  /** Repository name (`postgres`, `jenkins/jenkins`). */
  name: string;
  /** picomatch globs over the tag; the first entry for a name whose pattern matches wins. */
  tags: string[];
  volumes: string[];
  env?: Record<string, string>;
  user?: string;
  /** The uid `user` stands for in the image, when `user` is an account name (grafana's Dockerfile makes `grafana` with uid 472). */
  uid?: string;
  /**
   * Registry hosts the entry speaks for (`docker.elastic.co`, `quay.io`; `docker.io` for Docker Hub, also
   * written without a registry). Without it the entry speaks for its name on any registry (Docker Hub and its
   * mirrors): a repository name outside Docker Hub (`keycloak/keycloak` on quay.io) may be another image there.
   */
  registries?: string[];
  source: string;
  note?: string;
  /** Digests (`sha256:…`) that identify this image whatever the tag (set from `docker image inspect`). */
  digests?: string[];
  /** Where the entry comes from; entries without it count as user configuration (`config`). */
  origin?: BaseImageInfo['origin'];
  volumeState?: VolumeState[];
  servers?: string[];
  startOwner?: StartOwner;
  dataDirectories?: DataDirectories;
  stateDirectories?: StateDirectories;
  readDirectories?: ReadDirectories;
  refusedMounts?: RefusedMounts;
}
