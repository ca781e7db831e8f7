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
  /** Version-dependent or unverified details of the fact, in one or two sentences. */
  note?: string;
  /** VOLUMEs that hold the service's state only in some configurations of the program (see `VolumeState`). */
  volumeState?: readonly VolumeState[];
}

/**
 * When a VOLUME of an image holds state the container must keep (its data), as the image's
 * documentation says. Without an entry, a VOLUME is taken to hold state always. With one, it holds
 * state when the container's environment variable `env.name` (or the image's default when unset)
 * is one of `env.values`, or when the service's command sets one of `options` (`--name value`; a
 * value in `notValues` does not count, e.g. `--save ""`). When neither says, it does not.
 */
export interface VolumeState {
  /** The VOLUME path. */
  path: string;
  env?: { name: string; values: string[]; default: string | null };
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
  source: string;
  note?: string;
  /** Digests (`sha256:…`) that identify this image whatever the tag (set from `docker image inspect`). */
  digests?: string[];
  /** Where the entry comes from; entries without it count as user configuration (`config`). */
  origin?: BaseImageInfo['origin'];
  volumeState?: VolumeState[];
}
