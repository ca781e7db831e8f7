/**
 * A compose file written to be merged onto another (`docker compose -f compose.yaml -f
 * compose.prod.yaml up`): an overlay. Linted alone, its services have neither `image:` nor `build:`
 * (the base file gives them) and Compose refuses it; linted as the project runs it, it is merged
 * onto its base. The base is found from how the project runs the overlay, as written:
 * - a `-f a -f b` / `--file` list, or `COMPOSE_FILE=a:b` (the separator `:`, or the
 *   COMPOSE_PATH_SEPARATOR the same file sets), in the Makefiles and shell scripts of the
 *   overlay's folder and the folders above it up to the repository's root, then in the
 *   repository's GitHub workflows, then COMPOSE_FILE in a `.env` of those folders; a list that
 *   names the overlay gives the files before it. Relative paths are read from the Makefile's or
 *   script's folder, a workflow's from the repository's root, a `.env`'s from its folder. A written
 *   name with a variable in front (`${{ matrix.dir }}compose.gpu.yaml`, `$(DIR)/compose.gpu.yaml`)
 *   matches by what follows the variable; the files before it with the same variable in front are
 *   read with its value.
 * - else the default compose file (compose.yaml, compose.yml, docker-compose.yml,
 *   docker-compose.yaml: the first there) of the nearest folder at or above the overlay that defines
 *   every image-less service of the overlay, and has the same top-level `name:` where both write one.
 * Every base file must exist. Nothing here throws: what cannot be read is passed over.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { COMPOSE_FILE_NAMES } from './names.js';
import type { ComposeIO } from './project-files.js';
import type { WorkflowCache } from './image-builds.js';
import { commentText, foldersUp, runSources, type RunSource, type SearchTrail } from './run-sources.js';
import { child, readYamlTree, scalarText, type TreeNode } from './yaml-tree.js';

/** What makes a compose file an overlay: its services that name no image, build nothing and extend nothing. */
export interface OverlayShape {
  /** The image-less services, in the file's order. */
  imageless: string[];
  /** The named volumes its services mount that it does not declare (the base declares them). */
  volumes: string[];
  /** Its top-level `name:`, when written without a variable. */
  name: string | null;
}

/** The base an overlay is merged onto, and what says so. */
export interface OverlayBase {
  /** The files merged before the overlay (absolute), in order. */
  files: string[];
  /** Where the evidence is written (absolute) and its 1-based line; null for the nearest default compose file. */
  evidence: { file: string; line: number } | null;
  /** The directory the written command line runs in (what `$PWD` is); null where the evidence does not show it. */
  cwd: string | null;
}

/** The search for an overlay's base: the base (null when none was found) and what was read or listed to look for it. */
export interface OverlaySearch {
  shape: OverlayShape;
  base: OverlayBase | null;
  /** Files read or looked for (absolute), found or not. */
  looked: string[];
  /** Directories listed (absolute). */
  listed: string[];
}

/** The shape of a compose file's text as an overlay; null when every service has an image, a build or an `extends` (or it has none). */
export function overlayShape(text: string, file: string): OverlayShape | null {
  let root: TreeNode | null;
  try {
    root = readYamlTree(text, file).root;
  } catch {
    return null;
  }
  const services = child(root ?? undefined, 'services');
  if (services?.kind !== 'map') return null;
  const imageless: string[] = [];
  for (const [name, { value }] of services.entries) {
    if (value.kind !== 'map' && value.kind !== 'scalar') continue;
    if (value.kind === 'map' && (value.entries.has('image') || value.entries.has('build') || value.entries.has('extends'))) continue;
    imageless.push(name);
  }
  if (imageless.length === 0) return null;
  const name = scalarText(child(root ?? undefined, 'name'));
  return { imageless, volumes: [], name: name !== null && !name.includes('$') ? name : null };
}

/** The services a compose file's text defines, the volumes it declares, and its top-level `name:` (null when it cannot be read). */
function definedServices(text: string, file: string): { services: Set<string>; volumes: Set<string>; name: string | null } | null {
  try {
    const { root } = readYamlTree(text, file);
    const services = child(root ?? undefined, 'services');
    if (services?.kind !== 'map') return null;
    const volumes = child(root ?? undefined, 'volumes');
    const name = scalarText(child(root ?? undefined, 'name'));
    return { services: new Set(services.entries.keys()), volumes: new Set(volumes?.kind === 'map' ? volumes.entries.keys() : []), name: name !== null && !name.includes('$') ? name : null };
  } catch {
    return null;
  }
}

/** A list of compose files as a command line or COMPOSE_FILE writes it: each name as written, with its 1-based line. */
interface WrittenList {
  names: string[];
  line: number;
  /**
   * The folder the command runs in, relative to the text's own, where a literal `cd` before it says
   * so (`cd deploy && docker compose -f a.yml up`; in a shell script or Markdown, a `cd deploy` line
   * before it); undefined: the text's folder.
   */
  cd?: string;
}

/**
 * How `cd` carries from one line to the next: not at all (`lines`: a Makefile's recipe lines are
 * shells of their own), through a shell script (`shell`), through a paragraph of Markdown or of
 * comments, up to a blank line (`markdown`).
 */
export type ListMode = 'lines' | 'shell' | 'markdown';

/** A `cd` command: its literal directory, or null (a variable, `cd -`, none: the directory is not known from the text). */
const CD = /(?:^|[;&|(])\s*cd(?=\s|$)/g;
/** A command line that runs Compose. */
const RUNS_COMPOSE = /\bdocker(?:-compose\b|\s+compose\b)/;

/** A name's variables in front: `${{ … }}`, `$(…)`, `${…}`, `$NAME`. */
const VARIABLE = /\$\{\{[^}]*\}\}|\$\([^)]*\)|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;

/** A word of a command line: quoted, or a run of characters that keeps `${{ … }}` and `$(…)` whole. */
const WORD = /"[^"]*"|'[^']*'|(?:\$\{\{[^}]*\}\}|\$\([^)]*\)|[^\s;&|()])+/g;

/** The lists of compose files `text` writes: `-f`/`--file` arguments of one command line, and COMPOSE_FILE values. */
export function writtenLists(text: string, mode: ListMode = 'lines'): WrittenList[] {
  const lists: WrittenList[] = [];
  // The directory the lines before set with `cd` (sequential modes), relative to the text's folder; null: not known.
  let carried: string | null | undefined;
  const separator = /COMPOSE_PATH_SEPARATOR\s*(?:[:?+]?=|:)\s*["']?([^"'\s#]+)/.exec(text)?.[1] ?? ':';
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    // A command continued with a backslash is one command line (its parts joined once: appending to the line each time is quadratic).
    const parts = [lines[i]!];
    while (/\\\s*$/.test(parts[parts.length - 1]!) && i + 1 < lines.length) {
      parts[parts.length - 1] = parts[parts.length - 1]!.replace(/\\\s*$/, ' ');
      parts.push(lines[++i]!);
    }
    // An assignment of the options to a variable (`CONF:=-f a.yml -f b.yml`, `FILES="-f a.yml"`) starts a word at its value.
    const line = parts.join('').replace(/([:?+]?=)(?=["']?(?:-f\s|--file[\s=]))/g, '$1 ');
    const fileArgs: string[] = [];
    // A word keeps a workflow expression or a make variable whole (`${{ matrix.dir }}compose.yaml`, `$(DIR)/a.yml`);
    // a quoted one that holds the options (`FILES="-f a.yml -f b.yml"`, `"docker compose -f a.yml up"`) is read as its words.
    const words = (line.match(WORD) ?? []).flatMap((word) => (/^(["']).*\1$/s.test(word) && /(?:^|\s)(?:-f|--file)[\s=]/.test(word.slice(1, -1)) ? (word.slice(1, -1).match(WORD) ?? []) : [word]));
    for (let w = 0; w < words.length; w++) {
      const word = unquote(words[w]!);
      let value: string | undefined;
      if ((word === '-f' || word === '--file') && w + 1 < words.length) value = unquote(words[++w]!);
      else if (word.startsWith('--file=')) value = word.slice('--file='.length);
      if (value !== undefined && /\.ya?ml$/i.test(value)) fileArgs.push(value);
    }
    if (mode === 'markdown' && line.trim() === '') carried = undefined;
    // A `cd` before the compose command on this line, else the one carried from the lines before.
    const composeAt = line.search(RUNS_COMPOSE);
    let cd = carried;
    for (const m of line.matchAll(CD)) {
      if (composeAt >= 0 && m.index > composeAt) break;
      // Its one argument, whole up to `&&`, `;` or the end: anything else (`cd "$(dirname "$0")"`) is a directory not known here.
      const arg = /^\s+("[^"$`]*"|'[^']*'|[^\s;&|()"'$`]+)\s*(?:&&|;|$)/.exec(line.slice(m.index + m[0].length));
      cd = joinCd(cd, arg ? arg[1] : /^\s*(?:&&|;|$)/.test(line.slice(m.index + m[0].length)) ? undefined : '$');
      if (mode !== 'lines' && composeAt < 0) carried = cd;
    }
    const at = cd === undefined || cd === null ? {} : { cd };
    if (fileArgs.length > 0 && /compose/i.test(line)) lists.push({ names: fileArgs, line: start + 1, ...at });
    // A command without a list (and without a variable that may hold one): Compose's default file of the folder it runs in.
    else if (composeAt >= 0 && cd !== null && !line.slice(composeAt).includes('$')) lists.push({ names: [], line: start + 1, ...at });
    const composeFile = /\bCOMPOSE_FILE\s*(?:[:?+]?=|:)\s*("[^"]*"|'[^']*'|(?:\$\{\{[^}]*\}\}|[^\s#])+)/.exec(line);
    if (composeFile) {
      const names = unquote(composeFile[1]!).split(separator).filter((n) => n !== '');
      if (names.length > 0) lists.push({ names, line: start + 1 });
    }
  }
  return lists;
}

/** The directory after `cd written` from `from` (relative to the text's folder): null where it is not known. */
function joinCd(from: string | null | undefined, written: string | undefined): string | null {
  if (from === null || written === undefined) return null;
  const dir = unquote(written);
  if (dir === '' || dir === '-' || /[$`~*?]/.test(dir)) return null;
  return dir.startsWith('/') || from === undefined ? dir : `${from}/${dir}`;
}

/** The lists a text that may run Compose writes (writtenLists), read once a run where the run's cache is given. */
function listsOf(source: RunSource, workflows: WorkflowCache | null): WrittenList[] {
  const read = (): WrittenList[] => writtenLists(source.text, source.mode);
  return workflows ? workflows.memoSync(`run-lists:${source.kind}:${source.mode}:${source.path}`, read) : read();
}

function unquote(word: string): string {
  return /^(["']).*\1$/s.test(word) ? word.slice(1, -1) : word;
}

/**
 * The files before `overlay` in `list` (absolute), read from `dir`; null when the list does not name
 * the overlay, or names a file before it that cannot be placed (another variable in front).
 */
function baseFromList(list: WrittenList, dir: string, overlay: string): string[] | null {
  for (let at = list.names.length - 1; at > 0; at--) {
    const written = list.names[at]!;
    const prefix = variablePrefix(written);
    let value: string | null;
    if (prefix === null) {
      value = resolve(dir, written) === overlay ? '' : null;
    } else {
      const tail = written.slice(prefix.length);
      const fits = tail !== '' && !VARIABLE_IN.test(tail) && overlay.endsWith(tail) && (tail.startsWith('/') || overlay.charAt(overlay.length - tail.length - 1) === '/');
      value = fits ? overlay.slice(0, overlay.length - tail.length) : null;
    }
    if (value === null) continue;
    const files: string[] = [];
    for (const before of list.names.slice(0, at)) {
      const own = variablePrefix(before);
      if (own === null) files.push(resolve(dir, before));
      else if (prefix !== null && own === prefix && !VARIABLE_IN.test(before.slice(own.length))) files.push(resolve(dir, value + before.slice(own.length)));
      else return null;
    }
    return files;
  }
  return null;
}

const VARIABLE_IN = /\$/;

/** The part of a written name up to the end of its last variable; null when it has none. */
function variablePrefix(written: string): string | null {
  let end = -1;
  for (const m of written.matchAll(VARIABLE)) end = m.index + m[0].length;
  return end < 0 ? null : written.slice(0, end);
}

async function allFiles(io: ComposeIO, paths: readonly string[], looked: string[]): Promise<boolean> {
  for (const path of paths) {
    looked.push(path);
    if (!(await io.isFile(path))) return false;
  }
  return true;
}


/** A cue in a comment that the file named beside it is this file's base (`# extends docker-compose.yml`, `# override for compose.yaml`). */
const BASE_CUE = /\b(?:extend|overrid|overlay|on top of|together with|along with|use[sd]? (?:it )?with|to be used with|combined? with|in addition to|base)/i;
/** A YAML file name written in a comment. */
const YAML_NAME = /(?:^|[\s"'(=:])((?:\.{1,2}\/|[\w@-][\w.@-]*\/)*[\w.@-]+\.ya?ml)\b/g;

/**
 * The base of the compose file at `overlay` (absolute; its text `text`), when it is an overlay: its
 * shape (overlayShape), with `undeclared`, the named volumes its services mount that it does not
 * declare (the model's), added; null when it is not one. `workflows`: the run's cache of the
 * repository's workflows, if any (and of its walk for scripts).
 */
export async function findOverlayBase(overlay: string, text: string, io: ComposeIO, workflows: WorkflowCache | null, undeclared: readonly string[] = []): Promise<OverlaySearch | null> {
  const imageShape = overlayShape(text, overlay);
  const shape: OverlayShape = imageShape ? { ...imageShape, volumes: [...undeclared] } : { imageless: [], volumes: [...undeclared], name: topName(text, overlay) };
  if (shape.imageless.length === 0 && shape.volumes.length === 0) return null;
  const trail: SearchTrail = { looked: [], listed: [] };
  const done = (base: OverlayBase | null): OverlaySearch => ({ shape, base, looked: trail.looked, listed: trail.listed });

  for await (const source of runSources(overlay, text, basename(overlay), io, workflows, trail)) {
    for (const dir of source.dirs) {
      for (const list of listsOf(source, workflows)) {
        const cwd = list.cd === undefined ? dir : resolve(dir, list.cd);
        const files = baseFromList(list, cwd, overlay);
        if (files && files.length > 0 && !files.includes(overlay) && (await allFiles(io, files, trail.looked))) {
          return done({ files, evidence: { file: source.path, line: list.line }, cwd });
        }
      }
    }
  }

  // A comment naming the base in words (`# extends docker-compose.yml`): a compose file there that defines what the overlay lacks.
  const comments = commentText(text).split('\n');
  const { root } = await foldersUp(dirname(overlay), io);
  for (let i = 0; i < comments.length; i++) {
    const line = comments[i]!;
    if (!BASE_CUE.test(line)) continue;
    for (const m of line.matchAll(YAML_NAME)) {
      for (const dir of root !== null && root !== dirname(overlay) ? [dirname(overlay), root] : [dirname(overlay)]) {
        const path = resolve(dir, m[1]!);
        if (path === overlay) continue;
        trail.looked.push(path);
        if (!(await io.isFile(path)) || !(await fitsBase(path, shape, io))) continue;
        return done({ files: [path], evidence: { file: overlay, line: i + 1 }, cwd: null });
      }
    }
  }

  // The nearest default compose file that defines the overlay's image-less services (and declares its volumes).
  if (shape.imageless.length === 0) return done(null);
  for (const folder of (await foldersUp(dirname(overlay), io)).folders) {
    for (const name of COMPOSE_FILE_NAMES) {
      const path = join(folder, name);
      if (path === overlay) continue;
      trail.looked.push(path);
      if (!(await io.isFile(path))) continue;
      if (await fitsBase(path, shape, io)) return done({ files: [path], evidence: null, cwd: null });
      break; // Compose reads the first default name there: the folder's other names are not its compose file.
    }
  }
  return done(null);
}

/** Whether the compose file at `path` defines the overlay's image-less services and declares its volumes, with the same `name:` where both write one. */
async function fitsBase(path: string, shape: OverlayShape, io: ComposeIO): Promise<boolean> {
  let baseText: string;
  try {
    baseText = await io.readText(path);
  } catch {
    return false;
  }
  const defined = definedServices(baseText, path);
  return (
    defined !== null &&
    shape.imageless.every((s) => defined.services.has(s)) &&
    shape.volumes.every((v) => defined.volumes.has(v)) &&
    (shape.name === null || defined.name === null || shape.name === defined.name)
  );
}

function topName(text: string, file: string): string | null {
  try {
    const name = scalarText(child(readYamlTree(text, file).root ?? undefined, 'name'));
    return name !== null && !name.includes('$') ? name : null;
  } catch {
    return null;
  }
}

/** The directory `docker compose` runs in for a compose file, and what says so. */
export interface RunDirectory {
  /** The working directory (absolute): what `$PWD` is. */
  dir: string;
  /** Where the command line that shows it is written, with its 1-based line. */
  evidence: { file: string; line: number };
}

/**
 * The directory the project runs Compose in for the compose file at `file` (absolute; its text
 * `text`): the folder a written `-f` list or COMPOSE_FILE that names the file is read from
 * (src/compose/run-sources.ts: a script at the root running `docker compose -f sub/compose.yml`
 * runs it from the root); null when nothing written names it. `trail` records what was read.
 */
export async function findRunDirectory(file: string, text: string, io: ComposeIO, workflows: WorkflowCache | null, trail: SearchTrail): Promise<RunDirectory | null> {
  // Without `-f`, Compose runs the first default name of its folder: a bare command there runs this file only if that is it.
  let isDefault: boolean | undefined;
  const picked = async (): Promise<boolean> => {
    if (isDefault === undefined) {
      isDefault = false;
      for (const name of COMPOSE_FILE_NAMES) {
        const path = join(dirname(file), name);
        trail.looked.push(path);
        if (path === file || (await io.isFile(path))) {
          isDefault = path === file;
          break;
        }
      }
    }
    return isDefault;
  };
  for await (const source of runSources(file, text, basename(file), io, workflows, trail, true)) {
    for (const dir of source.dirs) {
      for (const list of listsOf(source, workflows)) {
        const cwd = list.cd === undefined ? dir : resolve(dir, list.cd);
        const evidence = { file: source.path, line: list.line };
        if (list.names.some((name) => !VARIABLE_IN.test(name) && resolve(cwd, name) === file)) return { dir: cwd, evidence };
        // `cd deploy && docker compose up`, or the command in a script beside the file: its own folder, said.
        if (list.names.length === 0 && cwd === dirname(file) && (list.cd !== undefined || source.kind !== 'comment') && (await picked())) return { dir: cwd, evidence };
      }
    }
  }
  return null;
}
