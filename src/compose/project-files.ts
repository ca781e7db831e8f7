/**
 * The files of a Compose project and how they combine, as Compose finds and combines them:
 * - the environment: the shell's variables over the env files (`--env-file`s in order, a later one
 *   winning; else `.env` in the project directory);
 * - the compose files merged in order (`-f a -f b`; without a list the compose file and its override
 *   file), every relative path resolved against the first file's directory (compose-spec
 *   03-compose-file.md, 13-merge.md);
 * - `include:` (compose-spec 14-include.md): each entry loaded as a project of its own (its own
 *   project directory for relative paths, its own env file, the including project's variables
 *   winning), recursively, after the files were merged; its resources copied in, a name the project
 *   already has merged over the included definition (as Compose v5 does);
 * - `extends: {file, service}` (compose-spec 05-services.md#extends): the file is read relative to
 *   the file that names it, and its relative paths against its own directory.
 * Every node keeps the file it was written in; `dirOf` gives the directory its relative paths are
 * resolved against. Bad input becomes problems at the entry that led to it; nothing throws.
 */
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseDotenv } from './interpolate.js';
import { mergeTrees } from './merge.js';
import { readRegularFile } from './read-file.js';
import type { ComposeProblem, ComposeSourceFile, SourceLocation, UnsetVariableUse } from './types.js';
import { child, readComposeTree, scalarText, type TreeEntry, type TreeMap, type TreeNode } from './yaml-tree.js';

export { readRegularFile };

/**
 * Names of the env-file template a project ships in place of `.env` (which holds its secrets and is not
 * committed), in the order they are looked for. Not `.env.local`, `.env.production` or `.env.test`: those
 * are env files of their own (a framework's, or a service's `env_file:`), not a template of `.env`.
 */
const ENV_TEMPLATES = [
  '.env.example', '.env.sample', '.env.dist', '.env.template', '.env.tmpl', '.env.default', '.env.defaults', '.env-example', '.env-sample', '.env-dist', '.env-template',
  'env.example', 'env.sample', 'env.template', 'env.dist', 'env-example', 'env-sample', 'example.env', 'sample.env', 'template.env', 'default.env', '.env.docker',
];

/** An entry of a directory listing (ComposeIO.list). */
export interface DirectoryEntry {
  name: string;
  directory: boolean;
}

/** The files a project reads, behind an interface: the CLI reads the disk, the language server its open documents too. */
export interface ComposeIO {
  /** The file's text; throws an Error whose message is the one-line cause (`no such file or directory`). */
  readText(absolutePath: string): Promise<string>;
  /** Whether a regular file exists there. */
  isFile(absolutePath: string): Promise<boolean>;
  /** The size in bytes of the regular file there, null where there is none; without it, a file's size is known only once it is read. */
  fileSize?(absolutePath: string): Promise<number | null>;
  /** Whether anything exists there (a bind mount's host path); without it, existence is not checked. */
  exists?(absolutePath: string): Promise<boolean>;
  /** Whether a regular file there has an execute bit; without it, no file is taken for executable. */
  isExecutable?(absolutePath: string): Promise<boolean>;
  /** The entries of a directory (a build context's), sorted by name; without it, directories are not listed. Throws when it is not a directory. */
  list?(absolutePath: string): Promise<DirectoryEntry[]>;
}


/**
 * The readable regular files of directory `dir` whose names `name` matches (the first `max` of them,
 * by name), with their texts; empty where the directory cannot be listed or `io` lists none. A file
 * larger than `maxBytes` is left out, unread where `io` tells sizes (readRegularFile).
 */
export async function readListedFiles(io: ComposeIO, dir: string, name: RegExp, max: number, maxBytes = Infinity): Promise<Array<{ path: string; text: string }>> {
  if (!io.list) return [];
  let entries: DirectoryEntry[];
  try {
    entries = await io.list(dir);
  } catch {
    return [];
  }
  return readEntryFiles(io, dir, entries, name, max, maxBytes);
}

/** The paths of the files of a listing (`entries` of `dir`) that readEntryFiles reads, readable or not. */
export function entryFilePaths(dir: string, entries: readonly DirectoryEntry[], name: RegExp, max: number): string[] {
  return entries.filter((e) => !e.directory && name.test(e.name)).slice(0, max).map((e) => join(dir, e.name));
}

/** readListedFiles of a directory already listed: `entries` are its listing. */
export async function readEntryFiles(io: ComposeIO, dir: string, entries: readonly DirectoryEntry[], name: RegExp, max: number, maxBytes = Infinity): Promise<Array<{ path: string; text: string }>> {
  const files: Array<{ path: string; text: string }> = [];
  for (const path of entryFilePaths(dir, entries, name, max)) {
    try {
      // A regular file only: reading a FIFO named like a script (`run.sh`) would wait for a writer for ever.
      files.push({ path, text: await readRegularFile(io, path, maxBytes) });
    } catch {
      // unreadable (gone, no permission, not a regular file) or too large: left out like a file that is not there
    }
  }
  return files;
}

export const TOP_LEVEL_KEYS = new Set(['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'include', 'models']);

/** The top-level sections whose entries `include:` copies into the project. */
const INCLUDED_SECTIONS = ['services', 'volumes', 'networks', 'configs', 'secrets'];

type Variables = ReadonlyMap<string, string>;

export function zeroRange(): SourceLocation['range'] {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Where one merge input came from: its tree, and whether it was written in the version-1 format. */
export interface MergedFiles {
  root: TreeNode | null;
  /** At least one file is in the version-1 format (services at the top level). */
  legacy: boolean;
}

export class ProjectFiles {
  readonly files: ComposeSourceFile[] = [];
  /** Every file looked for (absolute), found or not: what the project's findings depend on. */
  readonly looked = new Set<string>();
  /** Every directory whose listing was read (absolute), there or not: what the project's findings depend on too. */
  readonly listed = new Set<string>();
  /** Directory that relative paths written in a file (by display path) are resolved against. */
  private readonly dirs = new Map<string, string>();
  /** Trees already read, by absolute path and the variables they were interpolated with. */
  private readonly trees = new Map<string, Promise<TreeNode | null>>();
  private readonly variableSets = new WeakMap<Variables, number>();
  /** The variables each file (by display path) was first interpolated with: an included project's own for its files. */
  private readonly fileVariables = new Map<string, Variables>();
  private nextVariablesId = 0;
  /** Every use of each unset variable without a default, in the order the files were read (unsetVariableProblems reports them). */
  private readonly unsetUses = new Map<string, UnsetVariableUse[]>();
  private readonly unsetPlaces = new Set<string>();
  /** Every variable a value of the project's files names where interpolation reads it. */
  private readonly named = new Set<string>();
  /** The env files the project's own variables came from (display paths; null: `.env`), as the unset-variable warning names them. */
  private envSources: string[] | null | undefined;
  /**
   * Where the project's own variables came from: `--env-file`s (`given`), its `.env` (`dotenv`), the
   * template it ships in place of `.env` (`template`: envTemplate), or nowhere (`none`).
   */
  envKind: 'given' | 'dotenv' | 'template' | 'none' = 'none';
  /** The env-file template the project's own variables were read from, where it has no `.env` (envTemplate). */
  private templateNote: { template: string; blank: Set<string>; names: string[] } | undefined;
  /** The env file (display path) that gave each of the project's own variables its value (the last one read). */
  private readonly origins = new Map<string, string>();
  /** The project's own variables as its env files set them (without the environment). */
  private readonly fileValues = new Map<string, string>();

  constructor(
    private readonly io: ComposeIO,
    private readonly displayPath: (absolutePath: string) => string,
    readonly projectDir: string,
    readonly problems: ComposeProblem[],
  ) {}

  /** The directory relative paths in `file` (a display path) are resolved against: the project's unless an include or extends brought it. */
  dirOf(file: string): string {
    return this.dirs.get(file) ?? this.projectDir;
  }

  /**
   * The variables `file` (a display path) was interpolated with: what a value written there that
   * Compose resolves later (an `extends.file`'s content, a value-less build arg) is resolved with.
   * An included project's files have its own variables, not the including project's.
   */
  variablesOf(file: string): Variables | undefined {
    return this.fileVariables.get(file);
  }

  /** Every use of each unset variable without a default, by variable, in the order the files were read. */
  unsetVariableUses(): ReadonlyMap<string, readonly UnsetVariableUse[]> {
    return this.unsetUses;
  }

  /** The template the project's variables were read from (display path), or null (envTemplate). */
  templateRead(): string | null {
    return this.templateNote?.template ?? null;
  }

  /** Whether an unset variable without a default is interpolated at `location` (an entry whose value that variable emptied). */
  unsetAt(location: SourceLocation): boolean {
    return this.unsetPlaces.has(placeKey(location));
  }

  /** The env files the project's variables came from, as a warning about a variable missing there names them. */
  envSourcesText(): string {
    return this.envSources ? this.envSources.join(', ') : this.templateNote ? `.env, nor in ${this.templateNote.template}, which volint read in its place` : '.env';
  }

  private problem(location: SourceLocation, message: string, severity: ComposeProblem['severity'] = 'error'): void {
    this.problems.push({ location, message, severity });
  }

  /**
   * The variables for interpolation: `environment` over the env files. `envFiles` (absolute) are
   * read in order, a later one winning; null reads `.env` in `dir` when it exists. A named env
   * file that cannot be read is an error at `from` (or in the file itself).
   */
  async variables(environment: Variables, envFiles: readonly string[] | null, dir: string, from: SourceLocation | null): Promise<Map<string, string>> {
    const fromFiles = new Map<string, string>();
    let paths = envFiles ?? [join(dir, '.env')];
    // No `.env`: the template the project ships for it, which its documentation has the user copy (envTemplate).
    const template = envFiles === null && !(await this.io.isFile(paths[0]!)) ? await this.envTemplate(dir) : null;
    if (template !== null) paths = [template];
    if (from === null && this.envSources === undefined) {
      this.envSources = envFiles ? envFiles.map((f) => this.displayPath(f)) : null;
      this.envKind = envFiles ? 'given' : template !== null ? 'template' : (await this.io.isFile(paths[0]!)) ? 'dotenv' : 'none';
    }
    for (const path of paths) {
      const display = this.displayPath(path);
      this.looked.add(path);
      if (envFiles === null && !(await this.io.isFile(path))) continue;
      let text: string;
      try {
        text = await readRegularFile(this.io, path);
      } catch (err) {
        this.problem(from ?? { file: display, range: zeroRange() }, `env file ${display} cannot be read (${(err as Error).message})`, envFiles === null ? 'warning' : 'error');
        continue;
      }
      if (!this.files.some((f) => f.absolutePath === path)) this.files.push({ file: display, absolutePath: path, role: 'env', text });
      // `${…}` in an env file sees the environment and the lines (and files) before it.
      const dotenv = parseDotenv(text, new Map([...fromFiles, ...environment]));
      for (const [k, v] of dotenv.values) fromFiles.set(k, v);
      if (from === null) {
        for (const [k, v] of dotenv.values) {
          this.origins.set(k, display);
          this.fileValues.set(k, v);
        }
      }
      if (path === template && from === null && this.templateNote === undefined) {
        this.templateNote = { template: display, blank: new Set([...dotenv.values].filter(([, v]) => v === '').map(([k]) => k)), names: [...dotenv.values.keys()] };
      }
      const name = basename(path);
      for (const issue of dotenv.issues) {
        const message = name === '.env' ? issue.message : issue.message.replace(/^\.env\b/, name);
        this.problem({ file: display, range: { start: { line: issue.line, character: 0 }, end: { line: issue.line, character: 0 } } }, message, 'warning');
      }
    }
    return new Map([...fromFiles, ...environment]);
  }

  /** The value the project's own env files (`.env`, or its template) give `name`, if any. */
  fileVariable(name: string): string | undefined {
    return this.fileValues.get(name);
  }

  /**
   * Where the project's own variable `name` got its value: the env file (display path; an env template
   * said as such), or null when none of them sets it. The environment, which wins over them, is the caller's to check.
   */
  variableOrigin(name: string): string | null {
    const file = this.origins.get(name);
    if (file === undefined) return null;
    return this.templateNote?.template === file ? `${file}, the template the project ships for .env` : file;
  }

  /**
   * The env-file template in `dir` (absolute path), where the project has no `.env`: the first of
   * ENV_TEMPLATES that is a file. Compose reads only `.env`; a fresh checkout has the template, and its
   * documentation has the user copy it to `.env` before `up` (pixelfed's .env.docker, MISP's template.env,
   * mattermost's env.example), so its values are the ones the file runs with.
   */
  private async envTemplate(dir: string): Promise<string | null> {
    for (const name of ENV_TEMPLATES) {
      const path = join(dir, name);
      this.looked.add(path);
      if (await this.io.isFile(path)) return path;
    }
    return null;
  }

  /**
   * The note that the project's variables came from an env-file template (envTemplate), at the first
   * compose file, or null when they did not.
   */
  templateProblems(first: SourceLocation): ComposeProblem[] {
    if (!this.templateNote) return [];
    const { template, blank, names } = this.templateNote;
    // Said only where a file of the project interpolates a variable the template gives (not `$${X}`, an escaped `$`):
    // a Rails or Django app's own .env.example beside a compose file that uses none of it changed nothing.
    if (!names.some((name) => this.named.has(name))) return [];
    const out: ComposeProblem[] = [
      {
        location: first,
        message: `there is no .env beside the compose file: volint read the variables from ${template}, the template the project ships for it (Compose reads only .env: copy the template to .env before \`docker compose up\`)`,
        severity: 'note',
      },
    ];
    // A required variable the template leaves empty is one the user fills in (a password): said once, not an error at each use.
    const byVariable = new Map<string, ComposeProblem[]>();
    for (const problem of this.problems) {
      if (problem.required === undefined || !blank.has(problem.required)) continue;
      byVariable.set(problem.required, [...(byVariable.get(problem.required) ?? []), problem]);
    }
    for (const [variable, uses] of byVariable) {
      for (const use of uses) this.problems.splice(this.problems.indexOf(use), 1);
      const [firstUse, ...others] = uses;
      out.push({
        location: firstUse!.location,
        message: `required variable ${variable} is empty in ${template}, for the user to fill in: Compose refuses the file until .env gives it a value${others.length > 0 ? `; used ${uses.length} times` : ''}`,
        severity: 'note',
        ...(others.length > 0 ? { related: others.map((u) => ({ location: u.location, message: `${variable} is required here too` })) } : {}),
      });
    }
    return out;
  }

  /**
   * The variables a service's `env_file:` entry at `path` (absolute) gives its container, or null
   * when it cannot be read: Compose then refuses to start the service (unless the entry says
   * `required: false`), and volint knows nothing of those variables. `${…}` in it sees `variables`.
   */
  async serviceEnvFile(path: string, variables: Variables): Promise<Map<string, string> | null> {
    this.looked.add(path);
    try {
      if (!(await this.io.isFile(path))) return null;
      return parseDotenv(await this.io.readText(path), variables).values;
    } catch {
      return null;
    }
  }

  /**
   * Reads one compose file into a tree (once per variables), registering it with `role` and the
   * directory its relative paths mean. A file that cannot be read is a problem at `from`, or in
   * the file itself when nothing named it (a `-f` file).
   */
  async read(path: string, role: ComposeSourceFile['role'], variables: Variables, dir: string, from: SourceLocation | null, what = 'file', text?: string): Promise<TreeNode | null> {
    let id = this.variableSets.get(variables);
    if (id === undefined) this.variableSets.set(variables, (id = this.nextVariablesId++));
    const key = `${path}\0${id}`;
    let tree = this.trees.get(key);
    if (!tree) {
      tree = this.load(path, role, variables, dir, from, what, text);
      this.trees.set(key, tree);
    }
    return tree;
  }

  private async load(path: string, role: ComposeSourceFile['role'], variables: Variables, dir: string, from: SourceLocation | null, what: string, given: string | undefined): Promise<TreeNode | null> {
    const display = this.displayPath(path);
    this.looked.add(path);
    let text = given;
    if (text === undefined) {
      try {
        text = await readRegularFile(this.io, path);
      } catch (err) {
        this.problem(from ?? { file: display, range: zeroRange() }, `${what} ${display} cannot be read (${(err as Error).message})`);
        return null;
      }
    }
    if (!this.files.some((f) => f.absolutePath === path)) this.files.push({ file: display, absolutePath: path, role, text });
    if (!this.dirs.has(display)) this.dirs.set(display, dir);
    if (!this.fileVariables.has(display)) this.fileVariables.set(display, variables);
    const tree = readComposeTree(text, display, variables);
    const source = this.files.find((f) => f.absolutePath === path);
    if (source && source.comments === undefined) source.comments = tree.comments;
    this.problems.push(...tree.problems);
    for (const name of tree.named) this.named.add(name);
    for (const use of tree.unset) {
      // A file read twice (with an include's variables, or for `extends`) records a place once.
      const key = placeKey(use.location);
      const uses = this.unsetUses.get(use.variable) ?? [];
      const at = uses.findIndex((u) => placeKey(u.location) === key);
      if (at < 0) uses.push(use);
      else uses[at] = { ...uses[at]!, paths: [...uses[at]!.paths, ...use.paths] };
      this.unsetUses.set(use.variable, uses);
      this.unsetPlaces.add(key);
    }
    if (!tree.root && from && tree.problems.some((p) => p.severity === 'error')) {
      this.problem(from, `${what} ${display} is not valid: ${tree.problems.find((p) => p.severity === 'error')!.message}`);
    }
    return tree.root;
  }

  /**
   * Merges the trees of one project's compose files in order (compose-spec 13-merge.md), checking
   * each file's top level: a mapping, known keys, or the version-1 format read as services.
   */
  mergeFiles(trees: ReadonlyArray<TreeNode | null>): MergedFiles {
    let merged: TreeNode | null = null;
    let legacy = false;
    for (const root of trees) {
      if (!root) continue;
      if (root.kind !== 'map') {
        if (root.kind === 'scalar' && root.value === null) continue;
        this.problem(root.loc, 'not a compose file: the top level is not a mapping');
        continue;
      }
      if (isLegacyFormat(root)) {
        // The version-1 format: services at the top level. docker-compose 1.x reads it; Compose v2 refuses it
        // with its own error, so volint reads it as services and says nothing (a volume linter does not nag
        // about the file format).
        legacy = true;
        const first = root.entries.values().next().value as TreeEntry;
        const services: TreeMap = { kind: 'map', loc: root.loc, entries: new Map([...root.entries].filter(([k]) => !k.startsWith('x-'))) };
        merged = mergeTrees(merged, { kind: 'map', loc: root.loc, entries: new Map([['services', { key: 'services', keyLoc: first.keyLoc, value: services }]]) });
        continue;
      }
      for (const [key, e] of root.entries) {
        if (!TOP_LEVEL_KEYS.has(key) && !key.startsWith('x-')) {
          this.problem(e.keyLoc, `unknown top-level key ${JSON.stringify(key)} (Compose refuses the file)`);
        }
      }
      merged = mergeTrees(merged, root);
    }
    return { root: merged, legacy };
  }

  /**
   * Follows the `include:` of a merged project (recursively) and returns the project with the
   * included resources copied in. `stack` holds the files being included (a cycle is an error at
   * the entry that closes it); `variables` are the including project's.
   */
  async applyIncludes(root: TreeNode | null, variables: Variables, stack: readonly string[]): Promise<TreeNode | null> {
    const includeNode = child(root ?? undefined, 'include');
    if (!root || root.kind !== 'map' || !includeNode) return root;
    const items = includeNode.kind === 'seq' ? includeNode.items : [includeNode];
    let result: TreeMap = root;
    for (const item of items) {
      const included = await this.include(item, variables, stack);
      if (included) result = this.importResources(result, included, item);
    }
    return result;
  }

  /** One `include:` entry as a project of its own, its own includes applied; null when it cannot be read. */
  private async include(item: TreeNode, variables: Variables, stack: readonly string[]): Promise<TreeNode | null> {
    const base = this.dirOf(item.loc.file);
    const strings = (node: TreeNode | undefined): string[] | null => {
      if (!node) return null;
      const list = node.kind === 'seq' ? node.items : [node];
      const out = list.map((n) => scalarText(n));
      return out.every((s): s is string => s !== null && s !== '') ? out : null;
    };
    const paths = item.kind === 'map' ? strings(child(item, 'path')) : strings(item);
    if (!paths || paths.length === 0) {
      this.problem(item.loc, '`include:` entry without a `path` (a file name, or a mapping with `path:`)');
      return null;
    }
    const absolute = paths.map((p) => (isAbsolute(p) ? p : resolve(base, p)));
    const dirRaw = item.kind === 'map' ? scalarText(child(item, 'project_directory')) : null;
    const projectDir = dirRaw ? resolve(base, dirRaw) : dirname(absolute[0]!);
    const envRaw = item.kind === 'map' ? strings(child(item, 'env_file')) : null;
    const envFiles = envRaw ? envRaw.map((p) => resolve(base, p)) : null;
    for (const path of absolute) {
      if (stack.includes(path)) {
        const chain = [...stack.slice(stack.indexOf(path)), path].map((p) => this.displayPath(p)).join(' → ');
        this.problem(item.loc, `\`include:\` loops: ${chain}`);
        return null;
      }
    }
    // The included project's env file gives defaults; the including project's variables win.
    const own = await this.variables(new Map(), envFiles, projectDir, item.loc);
    const merged = new Map([...own, ...variables]);
    const trees: Array<TreeNode | null> = [];
    for (const path of absolute) trees.push(await this.read(path, 'include', merged, projectDir, item.loc, 'included file'));
    if (trees.every((t) => t === null)) return null;
    const { root } = this.mergeFiles(trees);
    return this.applyIncludes(root, merged, [...stack, ...absolute]);
  }

  /** Copies the included project's resources into `into`; a name `into` already has is merged over the included one. */
  private importResources(into: TreeMap, included: TreeNode, item: TreeNode): TreeMap {
    if (included.kind !== 'map') return into;
    const entries = new Map(into.entries);
    for (const section of INCLUDED_SECTIONS) {
      const theirs = child(included, section);
      if (!theirs || theirs.kind !== 'map') continue;
      const oursEntry = entries.get(section);
      const ours = oursEntry?.value.kind === 'map' ? oursEntry.value : null;
      const sectionEntries = new Map(ours?.entries ?? []);
      for (const [name, e] of theirs.entries) {
        const existing = sectionEntries.get(name);
        // A name the project defines too: its definition is merged over the included one, by the
        // rules of merging compose files (compose-go since 3d3411d, Compose v5; Compose 2.20-2.x
        // refused it, "services.db conflicts with imported resource"). Each node keeps its file, so
        // each side's relative paths keep their own directory.
        sectionEntries.set(name, existing ? { ...existing, value: mergeTrees(e.value, existing.value, [section, name]) ?? existing.value } : e);
      }
      const value: TreeMap = { kind: 'map', loc: ours?.loc ?? theirs.loc, entries: sectionEntries };
      entries.set(section, { key: section, keyLoc: oursEntry?.keyLoc ?? item.loc, value });
    }
    return { ...into, entries };
  }

  /**
   * The `services:` of the file an `extends: {file: …}` names, read relative to the file that wrote
   * it; null (with a problem at `file:`) when it cannot be read or has no services.
   */
  async extendsFile(fileNode: TreeNode, variables: Variables): Promise<{ services: TreeMap; path: string } | null> {
    const raw = scalarText(fileNode);
    if (!raw) {
      this.problem(fileNode.loc, '`extends.file` is not a file name');
      return null;
    }
    const path = isAbsolute(raw) ? raw : resolve(this.dirOf(fileNode.loc.file), raw);
    // The extended file is read as part of the project whose file names it: an included project's
    // extends sees that project's variables (compose-go loads an include with its own environment).
    const root = await this.read(path, 'extends', this.variablesOf(fileNode.loc.file) ?? variables, dirname(path), fileNode.loc, 'extended file');
    if (!root) return null;
    const services = child(root, 'services');
    if (services?.kind === 'map') return { services, path };
    if (root.kind === 'map' && isLegacyFormat(root)) {
      return { services: { kind: 'map', loc: root.loc, entries: new Map([...root.entries].filter(([k]) => !k.startsWith('x-'))) }, path };
    }
    this.problem(fileNode.loc, `extended file ${this.displayPath(path)} has no \`services:\``);
    return null;
  }
}

/**
 * The version-1 format: no `services:`, `version:` or other top-level key of the later formats, and
 * every top-level value a mapping that names an image or a build.
 */
export function isLegacyFormat(root: TreeMap): boolean {
  if (root.entries.size === 0) return false;
  for (const [key, e] of root.entries) {
    if (TOP_LEVEL_KEYS.has(key)) return false;
    if (key.startsWith('x-')) continue;
    if (e.value.kind !== 'map' || !(e.value.entries.has('image') || e.value.entries.has('build') || e.value.entries.has('extends'))) return false;
  }
  return true;
}

/**
 * The files a compose file brings in with `include:` (recursively, absolute paths), read as Compose
 * reads them: the shell's variables over the `.env` beside it. A directory walk lints such a file as
 * part of the project that includes it, not as a project of its own. Files that cannot be read are
 * left out (linting the including project reports them).
 */
export async function includedFiles(absolutePath: string, io: ComposeIO, environment: Variables): Promise<string[]> {
  const dir = dirname(absolutePath);
  const files = new ProjectFiles(io, (path) => path, dir, []);
  const variables = await files.variables(environment, null, dir, null);
  const root = await files.read(absolutePath, 'compose', variables, dir, null);
  await files.applyIncludes(root, variables, [absolutePath]);
  return files.files.filter((f) => f.role === 'include').map((f) => f.absolutePath);
}

/** A place in a file, as a key. */
function placeKey(location: SourceLocation): string {
  const { start, end } = location.range;
  return `${location.file}\0${start.line}:${start.character}-${end.line}:${end.character}`;
}
