/**
 * Image references and what volint knows about the VOLUMEs of base images.
 *
 * Knowledge comes in prioritised lists of `BaseImageEntry`: the user's configuration, image
 * configs saved from `docker image inspect`, and volint's data file `base-images.json`. An image
 * that no list names is unknown, and volint then says nothing about its volumes.
 */
import data from './base-images.json' with { type: 'json' };
import type { BaseImageEntry, BaseImageInfo, ImageRef } from './image-types.js';
import { globListMatcher } from './glob-list.js';

type Origin = BaseImageInfo['origin'];

// ---------------------------------------------------------------------------------------------
// Image references
// ---------------------------------------------------------------------------------------------

/** Registry hosts that serve Docker Hub. */
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * Positions of `char` in `text` that are not inside a `${…}` variable reference, so that
 * `postgres:${PG_MAJOR:-16}` splits at the first colon only and `${REG:-a/b}/app` at the last slash.
 */
function indexesOutsideVariables(text: string, char: string): number[] {
  const found: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) {
      depth--;
    } else if (c === char && depth === 0) {
      found.push(i);
    }
  }
  return found;
}

function splitOutsideVariables(text: string, char: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const at of indexesOutsideVariables(text, char)) {
    parts.push(text.slice(start, at));
    start = at + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Whether the first path component names a registry host. Docker's rule
 * (distribution/reference `splitDockerDomain`): it contains `.` or `:`, is `localhost`, or has an
 * upper-case letter (repository paths must be lower-case, host names need not be). Inside an
 * unexpanded `${…}` nothing can be told, so only the text outside variables counts.
 */
function isRegistryComponent(component: string): boolean {
  if (component === 'localhost') return true;
  if (component.includes('$')) {
    return (
      indexesOutsideVariables(component, '.').length > 0 || indexesOutsideVariables(component, ':').length > 0
    );
  }
  return component.includes('.') || component.includes(':') || component !== component.toLowerCase();
}

/**
 * Parses an image reference as written after FROM (after variable expansion):
 * `[registry/]path[:tag][@digest]`. The registry is the first component when it looks like a
 * host; `library/` is dropped from the name (`docker.io/library/postgres` → `postgres`, as on
 * mirrors such as `mirror.gcr.io/library/postgres`). Letters keep their case: Docker rejects an
 * upper-case repository name rather than folding it, so such a name simply matches nothing.
 * Never throws; unexpanded `${…}` references are kept in the parts they appear in.
 */
export function parseImageRef(raw: string): ImageRef {
  const text = raw.trim();
  const ref: ImageRef = { raw, registry: null, name: '', tag: null, digest: null };
  if (text === '') return ref;

  let rest = text;
  const at = indexesOutsideVariables(rest, '@')[0];
  if (at !== undefined) {
    const digest = rest.slice(at + 1);
    ref.digest = digest === '' ? null : digest;
    rest = rest.slice(0, at);
  }

  const components = splitOutsideVariables(rest, '/');
  const last = components[components.length - 1] ?? '';
  const colon = indexesOutsideVariables(last, ':')[0];
  if (colon !== undefined) {
    const tag = last.slice(colon + 1);
    ref.tag = tag === '' ? null : tag;
    components[components.length - 1] = last.slice(0, colon);
  }

  const first = components[0] ?? '';
  if (components.length > 1 && isRegistryComponent(first)) {
    ref.registry = first;
    components.shift();
  }
  if (components.length > 1 && components[0] === 'library') components.shift();
  ref.name = components.join('/');
  return ref;
}

/** True when the reference points at Docker Hub (no registry, or one of its host names). */
export function isDockerHubRef(ref: ImageRef): boolean {
  return ref.registry === null || DOCKER_HUB_HOSTS.has(ref.registry.toLowerCase());
}

/** The registry host a reference pulls from, lower-cased: `docker.io` for Docker Hub (no registry, or one of its host names). */
export function registryHost(ref: ImageRef): string {
  return isDockerHubRef(ref) ? 'docker.io' : ref.registry!.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// The catalog
// ---------------------------------------------------------------------------------------------

interface CompiledEntry {
  readonly info: BaseImageInfo;
  /** Matches a tag against the entry's globs (compiled once). */
  readonly matchesTag: (tag: string) => boolean;
  /** The entry has the catch-all `*` glob, so a digest-only reference matches it. */
  readonly catchAll: boolean;
  readonly digests: ReadonlySet<string> | null;
  /** The entry has tag globs (entries from RepoDigests alone have none). */
  readonly tagged: boolean;
  /** volumes, env and user as one string, to tell whether two entries state the same facts. */
  readonly factsKey: string;
  /** The registry hosts the entry speaks for (BaseImageEntry.registries), or null for any. */
  readonly registries: ReadonlySet<string> | null;
}

const ALWAYS = (): boolean => true;

function compileTagMatcher(patterns: readonly string[]): (tag: string) => boolean {
  return patterns.includes('*') ? ALWAYS : globListMatcher(patterns);
}

/**
 * compileTagMatcher on the first tag asked about: a run looks up a handful of the catalogue's
 * entries, and compiling every entry's globs was about a tenth of a one-file run's start-up.
 */
function lazyTagMatcher(patterns: readonly string[]): (tag: string) => boolean {
  let matches: ((tag: string) => boolean) | undefined;
  return (tag) => (matches ??= compileTagMatcher(patterns))(tag);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function checkEntry(entry: BaseImageEntry, where: string): void {
  const problem = (what: string): Error => new Error(`base image entry ${where}: ${what}`);
  if (typeof entry !== 'object' || entry === null) throw problem('is not an object');
  if (typeof entry.name !== 'string' || entry.name.trim() === '') throw problem('name must be a non-empty string');
  if (!isStringArray(entry.tags)) throw problem('tags must be an array of strings');
  if (!isStringArray(entry.volumes)) throw problem('volumes must be an array of strings');
  if (typeof entry.source !== 'string') throw problem('source must be a string');
  if (entry.digests !== undefined && !isStringArray(entry.digests)) throw problem('digests must be an array of strings');
  if (entry.env !== undefined) {
    if (typeof entry.env !== 'object' || entry.env === null || Array.isArray(entry.env)) {
      throw problem('env must be an object of strings');
    }
    for (const value of Object.values(entry.env)) {
      if (typeof value !== 'string') throw problem('env must be an object of strings');
    }
  }
  if (entry.user !== undefined && typeof entry.user !== 'string') throw problem('user must be a string');
  if (entry.uid !== undefined && (typeof entry.uid !== 'string' || !/^\d+$/.test(entry.uid))) throw problem('uid must be a string of digits');
  if (entry.registries !== undefined && !isStringArray(entry.registries)) throw problem('registries must be an array of strings');
  if (entry.servers !== undefined && !isStringArray(entry.servers)) throw problem('servers must be an array of strings');
  if (entry.startOwner !== undefined) {
    const owner = entry.startOwner as unknown as Record<string, unknown>;
    if (typeof owner !== 'object' || owner === null || typeof owner.user !== 'string' || !isStringArray(owner.paths) || typeof owner.source !== 'string') {
      throw problem('startOwner needs user and source strings and a paths array of strings');
    }
  }
  for (const key of ['dataDirectories', 'stateDirectories', 'readDirectories'] as const) {
    if (entry[key] === undefined) continue;
    const directories = entry[key] as unknown as Record<string, unknown>;
    if (typeof directories !== 'object' || directories === null || !isStringArray(directories.paths) || typeof directories.source !== 'string') {
      throw problem(`${key} needs a paths array of strings and a source string`);
    }
  }
  if (entry.refusedMounts !== undefined) {
    const refused = entry.refusedMounts as unknown as Record<string, unknown>;
    if (typeof refused !== 'object' || refused === null || !isStringArray(refused.paths) || typeof refused.why !== 'string' || typeof refused.source !== 'string') {
      throw problem('refusedMounts needs a paths array of strings, a why string and a source string');
    }
  }
  if (entry.volumeState !== undefined) {
    if (!Array.isArray(entry.volumeState)) throw problem('volumeState must be an array');
    for (const state of entry.volumeState as unknown[]) {
      const s = state as Record<string, unknown> | null;
      if (typeof s !== 'object' || s === null || typeof s.path !== 'string' || typeof s.why !== 'string' || typeof s.source !== 'string') {
        throw problem('each volumeState needs path, why and source strings');
      }
      const env = s.env as unknown;
      const badCondition = (c: unknown): boolean => {
        const e = c as Record<string, unknown> | null;
        return typeof e !== 'object' || e === null || typeof e.name !== 'string' || !(e.values === undefined || isStringArray(e.values)) || !(e.default === null || typeof e.default === 'string') || (e.values === undefined && e.within !== true);
      };
      if (env !== undefined && (!Array.isArray(env) || env.some(badCondition))) {
        throw problem('volumeState env must be a list of {name, values or within, default (a string or null)}');
      }
      if (s.given !== undefined && (s.given !== true || s.env !== undefined || s.options !== undefined)) {
        throw problem('volumeState given must be true, without env or options');
      }
      const options = s.options as unknown;
      if (options !== undefined && !(Array.isArray(options) && options.every((o) => typeof o === 'object' && o !== null && typeof (o as Record<string, unknown>).name === 'string' && ((o as Record<string, unknown>).notValues === undefined || isStringArray((o as Record<string, unknown>).notValues))))) {
        throw problem('volumeState options must be a list of {name, notValues?}');
      }
    }
  }
}

function compileEntry(entry: BaseImageEntry, name: string, origin: Origin): CompiledEntry {
  const info: BaseImageInfo = {
    name,
    volumes: [...entry.volumes],
    env: { ...(entry.env ?? {}) },
    source: entry.source,
    origin,
  };
  if (entry.user !== undefined) info.user = entry.user;
  if (entry.uid !== undefined) info.uid = entry.uid;
  if (entry.note !== undefined) info.note = entry.note;
  if (entry.volumeState !== undefined) info.volumeState = Object.freeze(entry.volumeState.map((state) => Object.freeze({ ...state })));
  if (entry.servers !== undefined) info.servers = Object.freeze([...entry.servers]);
  if (entry.startOwner !== undefined) info.startOwner = Object.freeze({ ...entry.startOwner, paths: Object.freeze([...entry.startOwner.paths]) as string[] });
  if (entry.dataDirectories !== undefined) info.dataDirectories = Object.freeze({ ...entry.dataDirectories, paths: Object.freeze([...entry.dataDirectories.paths]) as string[] });
  if (entry.stateDirectories !== undefined) info.stateDirectories = Object.freeze({ ...entry.stateDirectories, paths: Object.freeze([...entry.stateDirectories.paths]) as string[] });
  if (entry.readDirectories !== undefined) info.readDirectories = Object.freeze({ ...entry.readDirectories, paths: Object.freeze([...entry.readDirectories.paths]) as string[] });
  if (entry.refusedMounts !== undefined) info.refusedMounts = Object.freeze({ ...entry.refusedMounts, paths: Object.freeze([...entry.refusedMounts.paths]) as string[] });
  Object.freeze(info.volumes);
  Object.freeze(info.env);
  return {
    info: Object.freeze(info),
    matchesTag: lazyTagMatcher(entry.tags),
    catchAll: entry.tags.includes('*'),
    digests: entry.digests && entry.digests.length > 0 ? new Set(entry.digests) : null,
    tagged: entry.tags.length > 0,
    factsKey: JSON.stringify([info.volumes, Object.entries(info.env).sort(), info.user ?? null]),
    registries: entry.registries && entry.registries.length > 0 ? new Set(entry.registries.map((host) => host.toLowerCase())) : null,
  };
}

/** A tag that still holds an unexpanded `$VAR` or `${VAR}`: which tag Docker will use is unknown. */
function isUnresolvedTag(tag: string): boolean {
  return tag.includes('$');
}

/**
 * The shapes of tag the catalogue's catch-all `*` entries speak for (Docker official images'
 * convention): `latest`; a version first, then anything (`18`, `16.4-bookworm`, `15beta1`,
 * `v2.1-alpine`), which the versioned entries match before the catch-all; or variant words only,
 * each starting with a letter (`alpine`, `alpine3.21`, `slim-trixie`, `lts-jdk17`), which follow
 * the newest release. A tag with a version after a variant (`alpine-14`: no official image
 * publishes it) does not say which release it is.
 */
const VERSION_FIRST = /^v?\d/;
const VARIANT_WORDS = /^[A-Za-z_][\w.]*(?:-[A-Za-z_][\w.]*)*$/;

/** Whether the catch-all `*` entry can speak for `tag` (VERSION_FIRST, VARIANT_WORDS). */
export function isPlaceableTag(tag: string): boolean {
  return VERSION_FIRST.test(tag) || VARIANT_WORDS.test(tag);
}

/** Results are cached by (name, tag, digest); the cache is dropped when it grows past this. */
const CACHE_LIMIT = 4096;

/**
 * What volint knows about base images, from lists of entries in priority order (user
 * configuration first, then image configs, then the data file). For a reference, the first entry
 * with the same repository name whose tag globs match wins; a name's later entries and later
 * lists only count when no earlier entry matched. The tag of an untagged reference is `latest`; a
 * digest-only reference matches an entry that lists the digest or has the catch-all `*` glob. A
 * tag with an unexpanded variable (`postgres:${PG_MAJOR}`) could be any tag, so it gets an answer
 * only when all of the name's entries state the same volumes, env and user (`mysql:${V}` does,
 * `postgres:${V}` does not).
 * The registry is compared only for entries that name theirs (`registries`: Elastic's images on
 * docker.elastic.co, Keycloak's on quay.io): otherwise `docker.io/library/postgres`, `postgres` and a
 * mirror's `mirror.gcr.io/library/postgres` are the same image here.
 *
 * An entry is checked and filed under its repository name at construction, and compiled (its
 * info built and frozen, its tag globs compiled on the first tag asked about) when its name is
 * first looked up: a run looks up a few names, and building all of the data file's entries was
 * about 4% of a one-file run's CPU (postgres 17). `lookup` is then a map access plus the matchers
 * of one name, and repeated references are answered from a cache. The returned objects are
 * frozen and shared between calls. Entries must not change after they are given.
 */
export class BaseImageCatalog {
  /** Each name's entries as given, in priority order, with the origin each gets. */
  private readonly given = new Map<string, Array<{ entry: BaseImageEntry; origin: Origin }>>();
  /** Each looked-up name's entries, compiled. */
  private readonly byName = new Map<string, CompiledEntry[]>();
  private readonly cache = new Map<string, BaseImageInfo | undefined>();

  /**
   * Throws an Error naming the entry when an entry does not have the BaseImageEntry shape. The
   * data file's own list (dataCatalogEntries) is taken as it is, with origin `data`: its names
   * are written as parseImageRef finds them and its entries have the shape, which
   * test/base-images.test.ts checks.
   */
  constructor(lists: ReadonlyArray<readonly BaseImageEntry[]>) {
    lists.forEach((list, listIndex) => {
      const fromData = list === dataEntries();
      list.forEach((entry, index) => {
        let name: string;
        if (fromData) name = entry.name;
        else {
          const where = `${index} of list ${listIndex}` + (typeof entry?.name === 'string' ? ` (${entry.name})` : '');
          checkEntry(entry, where);
          name = parseImageRef(entry.name).name;
        }
        const given = { entry, origin: entry.origin ?? (fromData ? 'data' : 'config') };
        const forName = this.given.get(name);
        if (forName) forName.push(given);
        else this.given.set(name, [given]);
      });
    });
  }

  /** Repository names the catalog knows, in first-seen order. */
  get names(): string[] {
    return [...this.given.keys()];
  }

  private withVolumes: string[] | undefined;

  /**
   * The repository names of which some entry declares volumes (whether or not an earlier entry
   * of the name shadows it): `lookup` answers with volumes only for a reference whose name is one
   * of these.
   */
  namesWithVolumes(): readonly string[] {
    return (this.withVolumes ??= [...this.given].filter(([, entries]) => entries.some((e) => e.entry.volumes.length > 0)).map(([name]) => name));
  }

  /** The entries of a name, compiled on its first lookup. */
  private entriesOf(name: string): CompiledEntry[] | undefined {
    let compiled = this.byName.get(name);
    if (compiled === undefined) {
      const given = this.given.get(name);
      if (given === undefined) return undefined;
      compiled = given.map(({ entry, origin }) => compileEntry(entry, name, origin));
      this.byName.set(name, compiled);
    }
    return compiled;
  }

  /** What is known about the image `ref` names, or undefined when nothing is known. */
  lookup(ref: ImageRef): BaseImageInfo | undefined {
    const all = this.entriesOf(ref.name);
    if (all === undefined) return undefined;
    const host = registryHost(ref);
    const key = `${ref.name}\u0000${ref.tag ?? ''}\u0000${ref.digest ?? ''}\u0000${host}`;
    if (this.cache.has(key)) return this.cache.get(key);
    // Entries that name their registries speak for those only.
    const entries = all.some((entry) => entry.registries !== null) ? all.filter((entry) => entry.registries === null || entry.registries.has(host)) : all;
    const found = this.match(entries, ref);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, found);
    return found;
  }

  private match(entries: readonly CompiledEntry[], ref: ImageRef): BaseImageInfo | undefined {
    const digest = ref.digest;
    const tag = ref.tag ?? (digest === null ? 'latest' : null);
    if (tag !== null && isUnresolvedTag(tag)) {
      if (digest !== null) {
        const byDigest = entries.find((entry) => entry.digests?.has(digest));
        if (byDigest) return byDigest.info;
      }
      // Any tag is possible: answer only when every tagged entry of the name states the same facts.
      return this.agreed(entries);
    }
    // A tag the catch-all cannot place (`postgres:alpine-14`) gets an answer from an entry that
    // names it, or, as a tag from a variable, where every tagged entry of the name agrees.
    const placeable = tag === null || isPlaceableTag(tag);
    for (const entry of entries) {
      if (digest !== null && entry.digests?.has(digest)) return entry.info;
      if (tag === null ? entry.catchAll : entry.matchesTag(tag) && (placeable || !entry.catchAll)) return entry.info;
    }
    if (!placeable) return this.agreed(entries);
    return undefined;
  }

  /** The facts every tagged entry of a name states, when they all state the same; else undefined. */
  private agreed(entries: readonly CompiledEntry[]): BaseImageInfo | undefined {
    const tagged = entries.filter((entry) => entry.tagged);
    const first = tagged[0];
    return first && tagged.every((entry) => entry.factsKey === first.factsKey) ? first.info : undefined;
  }

  /**
   * Why `lookup` knows nothing of `ref` although the catalogue has entries for its name: its tag
   * does not say which release it is (`alpine-14`) and the name's entries differ by release.
   * Null when the name is not in the catalogue, or the lookup answers.
   */
  unplacedTag(ref: ImageRef): string | null {
    const host = registryHost(ref);
    const entries = this.entriesOf(ref.name)?.filter((entry) => entry.registries === null || entry.registries.has(host));
    if (entries === undefined || entries.length === 0 || ref.tag === null || isUnresolvedTag(ref.tag) || isPlaceableTag(ref.tag) || this.lookup(ref) !== undefined) return null;
    return ref.tag;
  }
}

// ---------------------------------------------------------------------------------------------
// Knowledge sources
// ---------------------------------------------------------------------------------------------

interface DataFile {
  $comment: string;
  images: BaseImageEntry[];
}

function dataEntries(): readonly BaseImageEntry[] {
  return (data as DataFile).images;
}

/**
 * The entries of volint's data file `base-images.json` as they are (the same list every time; not
 * to be changed): a BaseImageCatalog given this list takes its entries without copying or checking
 * them, with origin `data`.
 */
export function dataCatalogEntries(): readonly BaseImageEntry[] {
  return dataEntries();
}

/** The entries of volint's data file `base-images.json`, marked with origin `data` (fresh copies). */
export function loadDefaultCatalogEntries(): BaseImageEntry[] {
  return (data as DataFile).images.map((entry) => ({
    ...entry,
    tags: [...entry.tags],
    volumes: [...entry.volumes],
    ...(entry.env ? { env: { ...entry.env } } : {}),
    origin: 'data' as Origin,
  }));
}

/** Escapes picomatch syntax so that a literal tag matches only itself. */
function literalGlob(text: string): string {
  return text.replace(/[\\*?[\]{}()!+@|^$]/g, '\\$&');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A VOLUME path as the runtime mounts it: relative paths are relative to `/` (runc, containerd). */
function absoluteVolumePath(path: string): string {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('\\')) return path;
  return '/' + path.replace(/^\.\//, '');
}

/**
 * Entries from the JSON that `docker image inspect <image>…` prints: an array of objects with
 * `RepoTags` (`name:tag`), `RepoDigests` (`name@sha256:…`) and `Config` holding `Volumes` (an
 * object whose keys are paths, or null), `Env` (`["K=V"]`) and `User`. Each RepoTag gives an entry
 * for that exact tag, which also matches the image's digests; a repository that appears only in
 * RepoDigests gives a digest-only entry. Throws an Error with a one-line message naming what is
 * wrong (`image config: item 0 has no Config object`); the caller adds the file name.
 */
export function entriesFromImageInspect(json: unknown, source: string): BaseImageEntry[] {
  const fail = (what: string): never => {
    throw new Error(`image config: ${what}`);
  };
  const items = Array.isArray(json) ? json : isPlainObject(json) ? [json] : null;
  if (items === null) return fail('expected the array printed by docker image inspect');
  if (items.length === 0) return fail('the array is empty');

  const entries: BaseImageEntry[] = [];
  items.forEach((item: unknown, index) => {
    const at = `item ${index}`;
    if (!isPlainObject(item)) return fail(`${at} is not an object`);
    const config = item['Config'];
    if (!isPlainObject(config)) return fail(`${at} has no Config object`);

    const volumesField = config['Volumes'];
    let volumes: string[] = [];
    if (isPlainObject(volumesField)) volumes = Object.keys(volumesField).map(absoluteVolumePath);
    else if (volumesField !== null && volumesField !== undefined) {
      fail(`${at}: Config.Volumes must be an object whose keys are paths, or null`);
    }

    const envField = config['Env'];
    const env: Record<string, string> = {};
    if (Array.isArray(envField)) {
      envField.forEach((pair: unknown, i) => {
        if (typeof pair !== 'string') return fail(`${at}: Config.Env[${i}] is not a string`);
        const eq = pair.indexOf('=');
        if (eq <= 0) return fail(`${at}: Config.Env[${i}] is not of the form KEY=value`);
        env[pair.slice(0, eq)] = pair.slice(eq + 1);
      });
    } else if (envField !== null && envField !== undefined) {
      fail(`${at}: Config.Env must be an array of "KEY=value" strings, or null`);
    }

    const userField = config['User'];
    if (userField !== null && userField !== undefined && typeof userField !== 'string') {
      fail(`${at}: Config.User must be a string`);
    }
    const user = typeof userField === 'string' && userField !== '' ? userField : undefined;

    const stringList = (field: string): string[] => {
      const value = item[field];
      if (value === null || value === undefined) return [];
      if (!Array.isArray(value)) return fail(`${at}: ${field} must be an array of strings, or null`);
      return value.map((element: unknown, i) =>
        typeof element === 'string' && element.trim() !== '' ? element : fail(`${at}: ${field}[${i}] is not a string`),
      );
    };
    const repoTags = stringList('RepoTags');
    const repoDigests = stringList('RepoDigests');
    if (repoTags.length === 0 && repoDigests.length === 0) {
      fail(`${at} has no RepoTags or RepoDigests, so no FROM can name it`);
    }

    const digestsByName = new Map<string, string[]>();
    repoDigests.forEach((reference, i) => {
      const ref = parseImageRef(reference);
      if (ref.digest === null || ref.name === '') return fail(`${at}: RepoDigests[${i}] is not of the form name@digest`);
      const list = digestsByName.get(ref.name) ?? [];
      if (!list.includes(ref.digest)) list.push(ref.digest);
      digestsByName.set(ref.name, list);
    });

    const base = (): Omit<BaseImageEntry, 'name' | 'tags'> => ({
      volumes: [...volumes],
      env: { ...env },
      ...(user !== undefined ? { user } : {}),
      source,
      origin: 'image-config' as Origin,
    });
    const tagged = new Set<string>();
    repoTags.forEach((reference, i) => {
      const ref = parseImageRef(reference);
      if (ref.name === '') return fail(`${at}: RepoTags[${i}] has no repository name`);
      tagged.add(ref.name);
      const digests = digestsByName.get(ref.name);
      entries.push({
        name: ref.name,
        tags: [literalGlob(ref.tag ?? 'latest')],
        ...base(),
        ...(digests ? { digests: [...digests] } : {}),
      });
    });
    for (const [name, digests] of digestsByName) {
      if (!tagged.has(name)) entries.push({ name, tags: [], ...base(), digests: [...digests] });
    }
  });
  return entries;
}
