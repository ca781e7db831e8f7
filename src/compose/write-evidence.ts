/**
 * Evidence that the program of a service writes at a mount point (VOL024 asks it of a bind whose host path
 * Compose would create root-owned): a root-owned directory the program only reads (configuration, sources)
 * does no harm. What counts, strongest first:
 * - `start-write`: the start writes there, as volint reads it: the service's own command line
 *   (ComposeService.startWrites), the start script the container runs (ComposeService.startScriptWrites),
 *   the shell-form ENTRYPOINT/CMD of the image (Stage.startEffects);
 * - `volume`: the image declares a VOLUME at or below the mount point (the image's author keeps data there);
 * - `configured`: a data directory configured there: an environment value (the service's, or the image's ENV)
 *   of a variable named for data (`DATA_DIR=/app/data`, `DATABASE_URL=sqlite:////app/db/app.sqlite3`), an option
 *   of the start command named for data (`--data-dir /app/data`), a directory the program's configuration file
 *   names (ComposeService.configuredDirectories); in a directory the program only reads (the catalogue's
 *   readDirectories: keycloak's data/import), the service's own command line naming a path there;
 * - `state-directory`: the catalogue's entry for the image (or the base image below a Dockerfile) names it, or a
 *   directory at or below it, as where the program keeps its state (stateDirectories: keycloak's /opt/keycloak/data);
 * - `data-tree`: the image's own files there that a program writes: a step puts a database file there (SQLite's
 *   `app.sqlite3`, `app.db`);
 * - `name`: the mount point or the host path is named for data (`data`, `uploads`, `storage`, `media`, `cache`,
 *   `logs`, `db`, `state` …): a suggestion only, and said so.
 * Only `start-write` says the program writes; the others say what names or declares the place. In a directory the
 * program only reads (readInput), nothing but `start-write` counts: the `data` of /opt/keycloak/data/import is the
 * name of the directory above it.
 */
import type { RelatedLocation } from '../engine/types.js';
import { isWithin, normalizePath } from '../model/paths.js';
import { stageChain } from '../model/query.js';
import { absolutePathsIn, SEARCH_PATH_VARIABLES, startCommandWith } from '../model/start.js';
import { composeLocation, DATA_WORD, pathWords, type WrittenMount } from './query.js';
import type { BaseImageInfo } from '../model/image-types.js';
import type { ComposeService } from './types.js';

export type WriteEvidenceKind = 'start-write' | 'volume' | 'configured' | 'state-directory' | 'data-tree' | 'name';

export interface WriteEvidence {
  kind: WriteEvidenceKind;
  /** One sentence for the explanation, ending with a full stop. */
  sentence: string;
  /** Where the evidence is written, when it has a place of its own (the VOLUME line, the service's command). */
  related?: RelatedLocation;
}

/**
 * Words that name what a program keeps and writes, beyond the Compose rules' data words (query.ts DATA_WORD:
 * a word containing `data`, `db`, `database`, `storage`, `uploads`): media libraries, caches, logs, state, and
 * SQLite files (query.ts FILE_DATABASE_WORDS).
 */
const MORE_DATA_WORDS = new Set(['upload', 'media', 'cache', 'caches', 'log', 'logs', 'state', 'sqlite', 'sqlite3']);

/** Whether a word of a path or of a setting's name names data. */
export function isDataWord(word: string): boolean {
  return DATA_WORD.test(word) || MORE_DATA_WORDS.has(word.toLowerCase());
}

/** `path` is the mount point or below it. */
function inside(path: string, target: string): boolean {
  return isWithin(normalizePath(path), target);
}

/**
 * A change that needs write access at the mount point: a file written at or below it (a copy onto it fills it), a
 * directory made or a path removed below it (`mkdir -p` of the mount point itself finds it there and changes nothing).
 */
function changesInside(kind: string, path: string, target: string): boolean {
  if (kind === 'write' || kind === 'copy') return inside(path, target);
  return (kind === 'mkdir' || kind === 'delete') && inside(path, target) && normalizePath(path) !== target;
}

/** The change in words: a directory made, a path removed, a file written. */
function changeVerb(kind: string): string {
  return kind === 'mkdir' ? 'makes the directory' : kind === 'delete' ? 'removes' : 'writes';
}

/** What the container's start writes at or below `target`, as a sentence; null when nothing volint reads does. */
function startWrite(service: ComposeService, target: string): WriteEvidence | null {
  const command = service.startWrites.find((w) => inside(w.path, target));
  if (command) {
    return {
      kind: 'start-write',
      sentence: `The service's own command line writes ${command.path} (\`${command.command}\`) every time its container starts.`,
      ...(service.commandLocation ? { related: composeLocation(service.commandLocation, `the command writes ${command.path}`) } : {}),
    };
  }
  const script = service.startScriptWrites.find((w) => changesInside(w.kind, w.path, target));
  if (script) {
    return { kind: 'start-write', sentence: `The start script ${script.script} ${changeVerb(script.kind)} ${script.path} (line ${script.line}: \`${script.command}\`) when the container starts.` };
  }
  if (service.image.kind !== 'build' || service.entrypoint !== null) return null;
  // The shell-form ENTRYPOINT or CMD of the nearest stage that sets one: a `command:` replaces the CMD, not a shell-form ENTRYPOINT.
  const starting = stageChain(service.image.stage).find((stage) => stage.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'));
  const effect = starting?.startEffects.find(
    (e) => changesInside(e.kind, e.path, target) && e.certainty === 'certain' && (service.command === null || e.instruction.keyword === 'ENTRYPOINT'),
  );
  if (!effect) return null;
  const line = effect.instruction.range.start.line + 1;
  return {
    kind: 'start-write',
    sentence: `The image's start command (${effect.instruction.keyword} at line ${line} of ${service.image.build.dockerfile}) ${changeVerb(effect.kind)} ${effect.path} (\`${effect.command.replace(/^RUN /, '')}\`).`,
  };
}

/** An image VOLUME at or below `target`. */
function imageVolume(service: ComposeService, target: string): WriteEvidence | null {
  const volume = service.imageVolumes.find((v) => isWithin(v.path, target));
  if (!volume) return null;
  const by = volume.origin === 'dockerfile' && volume.site ? `the image declares VOLUME ${volume.path} (${volume.site.file} line ${volume.site.range.start.line + 1})` : `the base image declares VOLUME ${volume.path}${volume.knowledge ? ` (${volume.knowledge})` : ''}`;
  return {
    kind: 'volume',
    sentence: `${by.charAt(0).toUpperCase()}${by.slice(1)}: a directory its author expects containers to keep files in.`,
    ...(volume.origin === 'dockerfile' && volume.site ? { related: { file: volume.site.file, range: volume.site.range, message: `VOLUME ${volume.path} declared here` } } : {}),
  };
}

/** A name of a variable or an option that names data (`DATA_DIR`, `--data-dir`, `DATABASE_URL`, `LOG_PATH`). */
function namesData(name: string): boolean {
  return pathWords(name).some(isDataWord);
}

/** A data directory configured at or below `target`: an environment value, an option of the start command, the program's configuration file. */
function configured(service: ComposeService, target: string): WriteEvidence | null {
  const variables: Array<[string, string, string]> = [];
  for (const [name, value] of service.environment) if (value !== null) variables.push([name, value, "the service's environment"]);
  if (service.image.kind === 'build') {
    const stage = service.image.stage;
    for (const name of stage.envNames) {
      const value = stage.variables.get(name);
      if (value?.kind === 'known' && !service.environment.has(name)) variables.push([name, value.value, "the image's ENV"]);
    }
  }
  for (const [name, value, where] of variables) {
    // A search path (XDG_DATA_DIRS) lists directories the program reads.
    if (!namesData(name) || SEARCH_PATH_VARIABLES.has(name)) continue;
    const path = absolutePathsIn(value).find((p) => inside(p, target));
    if (path) return { kind: 'configured', sentence: `${name}=${value} (${where}) names it as the program's place for data.` };
  }
  {
    // The start command: the image's with the service's own (`build:`), or the service's own alone (`image:`, whose start volint knows only so).
    const argv = service.image.kind === 'build' ? startCommandWith(service.image.stage, service.entrypoint, service.command) : [...(service.entrypoint ?? []), ...(service.command ?? [])];
    const words = argv.flatMap((w) => w.split(/\s+/)).filter((w) => w !== '');
    for (let i = 0; i < words.length; i++) {
      const option = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/.exec(words[i]!);
      if (!option || !namesData(option[1]!)) continue;
      const value = option[2] ?? words[i + 1];
      const path = value === undefined ? undefined : absolutePathsIn(value).find((p) => inside(p, target));
      if (path) return { kind: 'configured', sentence: `\`${option[2] === undefined ? `${words[i]} ${value}` : words[i]}\` in the start command names it as the program's place for data.` };
    }
  }
  const setting = service.configuredDirectories.find((c) => inside(c.path, target));
  if (setting) return { kind: 'configured', sentence: `The program's configuration file (${setting.imagePath}) keeps its data there: ${setting.setting} = ${setting.path}.` };
  return null;
}

/** A file of a database kept in a file (SQLite): `app.db`, `app.sqlite3`. */
const DATABASE_FILE = /\.(db|sqlite|sqlite3)$/i;

/**
 * The image's own data tree at the mount point: a step of the Dockerfile puts a database file at or below it
 * (`COPY seed.sqlite3 /srv/app/db/`, `RUN touch /srv/app/db/app.db`). A program opens its database to write
 * (SQLite also writes its journal beside the file), so the directory is one it writes.
 */
function dataTree(mount: WrittenMount, target: string): WriteEvidence | null {
  for (const step of mount.image.steps) {
    if (step.reach !== 'inside' || (step.effect.kind !== 'write' && step.effect.kind !== 'copy')) continue;
    const file = [step.effect.path, ...(step.effect.sources ?? []).map((s) => `${step.effect.path}/${s.slice(s.lastIndexOf('/') + 1)}`)].find((p) => DATABASE_FILE.test(p) && inside(p, target));
    if (file === undefined) continue;
    const line = step.effect.instruction.range.start.line + 1;
    return {
      kind: 'data-tree',
      sentence: `The image puts the database file ${DATABASE_FILE.test(step.effect.path) ? step.effect.path : file} there (${step.effect.command} at line ${line} of ${step.file}): a program opens its database to write.`,
      related: { file: step.file, range: step.effect.instruction.range, message: `${step.effect.command} puts a database file in ${target}` },
    };
  }
  return null;
}

/** The mount point or the host path named for data: a suggestion. */
function dataName(mount: WrittenMount): WriteEvidence | null {
  const targetWord = pathWords(mount.target).find(isDataWord);
  if (targetWord) return { kind: 'name', sentence: `The name \`${targetWord}\` of the mount point ${mount.target} suggests the program writes there (a name only: volint saw no write).` };
  const source = mount.sourceRaw ?? '';
  // Below a root that a variable of the project gives every service (`${DATA_PATH_HOST}/solr` with DATA_PATH_HOST=~/.stack/data),
  // only the service's own part names what it keeps: the root's `data` is the same for all.
  const variable = mount.hostFresh?.variable;
  const root = variable ? variable.value.replace(/\/+$/, '') : null;
  const own = root !== null && mount.hostFresh!.display.startsWith(`${root}/`) ? mount.hostFresh!.display.slice(root.length + 1) : source;
  const sourceWord = pathWords(own).find(isDataWord);
  if (sourceWord) return { kind: 'name', sentence: `The name \`${sourceWord}\` in the host path ${source} suggests the program writes there (a name only: volint saw no write).` };
  return null;
}

/** A directory the image's program only reads, from the base-image catalogue (BaseImageInfo.readDirectories), with the documentation that says so. */
export interface ReadInput {
  path: string;
  source: string;
  /** A path at or below the mount point that the service's own `command:` or `entrypoint:` names (`/opt/keycloak/data/import`), or null. */
  namedBy: string | null;
}

/** The catalogue's entry for the program the service runs: the image's (`image:`), or the base image's below the Dockerfile's steps (`build:`). */
function programInfo(service: ComposeService, mount: WrittenMount): { info: BaseImageInfo; image: string } | null {
  if (service.image.kind === 'catalog') return { info: service.image.info, image: service.image.ref.raw };
  const below = mount.image.below;
  return below.kind === 'image' && below.info !== undefined ? { info: below.info, image: below.ref.raw } : null;
}

/**
 * The mount point is at or below a directory the image's program only reads, as the catalogue's entry for the
 * image (`image:`) or for the base image below the Dockerfile's steps (`build:`) says: keycloak's
 * /opt/keycloak/data/import, from which `start --import-realm` reads realm files, though the rest of
 * /opt/keycloak/data is written. `namedBy` is set where the service's own `command:` or `entrypoint:` names a
 * path at or below the mount point (`export --dir /opt/keycloak/data/import` writes there): the service then
 * uses the directory its own way. Null when the mount point is in no such directory.
 */
export function readInputAt(service: ComposeService, mount: WrittenMount): ReadInput | null {
  const read = programInfo(service, mount)?.info.readDirectories;
  if (read === undefined) return null;
  const path = read.paths.map(normalizePath).find((p) => isWithin(mount.target, p));
  if (path === undefined) return null;
  const own = [...(service.entrypoint ?? []), ...(service.command ?? [])];
  const namedBy = own.flatMap((word) => absolutePathsIn(word)).find((p) => inside(p, mount.target)) ?? null;
  return { path, source: read.source, namedBy };
}

/** A directory the program only reads (readInputAt) that the service's own command line does not name: a root-owned directory there harms nothing. */
export function readInput(service: ComposeService, mount: WrittenMount): ReadInput | null {
  const read = readInputAt(service, mount);
  return read !== null && read.namedBy === null ? read : null;
}

/**
 * A state directory of the program at, above or below the mount point, as the catalogue's entry says
 * (BaseImageInfo.stateDirectories: keycloak's /opt/keycloak/data, grafana's /var/lib/grafana): the image gives
 * it to its user because the program writes there.
 */
function stateDirectory(service: ComposeService, mount: WrittenMount): WriteEvidence | null {
  const known = programInfo(service, mount);
  const state = known?.info.stateDirectories;
  const path = state?.paths.map(normalizePath).find((p) => isWithin(mount.target, p) || isWithin(p, mount.target));
  if (known === null || state === undefined || path === undefined) return null;
  const whose = service.image.kind === 'catalog' ? 'The image' : 'The base image';
  return { kind: 'state-directory', sentence: `${whose} ${known.image} keeps its program's state in ${path} (${state.source}).` };
}

/**
 * The strongest evidence that the service's program writes at the mount point, or null when volint has none.
 * In a directory the program only reads (readInput), only a write of the container's start counts: a name or a
 * data directory above it says nothing of the input directory inside.
 */
export function writeEvidence(service: ComposeService, mount: WrittenMount): WriteEvidence | null {
  const target = mount.target;
  const read = readInputAt(service, mount);
  if (read !== null && read.namedBy === null) return startWrite(service, target);
  if (read !== null) {
    const own = startWrite(service, target);
    return own ?? { kind: 'configured', sentence: `The service's own command line names ${read.namedBy} (\`${[...(service.entrypoint ?? []), ...(service.command ?? [])].join(' ')}\`): it uses ${read.path}, which the image's program alone only reads (${read.source}), its own way.`, ...(service.commandLocation ? { related: composeLocation(service.commandLocation, `the command names ${read.namedBy}`) } : {}) };
  }
  return startWrite(service, target) ?? imageVolume(service, target) ?? configured(service, target) ?? stateDirectory(service, mount) ?? dataTree(mount, target) ?? dataName(mount);
}
