/**
 * Dev Container configurations that define a Compose project (containers.dev, "devcontainer.json
 * reference", Docker Compose properties; the reference implementation devcontainers/cli,
 * src/spec-configuration/configuration.ts getDockerComposeFilePaths and src/spec-node/dockerCompose.ts):
 * - where they are: `.devcontainer/devcontainer.json`, `.devcontainer.json`, and
 *   `.devcontainer/<folder>/devcontainer.json` (one level below `.devcontainer`);
 * - JSON with comments (src/parse/jsonc.ts);
 * - `dockerComposeFile`: a path or a list of paths, relative to the devcontainer.json, that the tool
 *   runs as `docker compose --project-name NAME -f a -f b … up -d`: the files merged in that order,
 *   no override file, every relative path resolved against the first file's directory (checked with
 *   docker-compose 1.29 `-f .devcontainer/docker-compose.yml -f docker-compose.yml config`: the second
 *   file's `./data` became `.devcontainer/data`);
 * - `service`: the container the editor attaches to, which must be a service of those files;
 * - `runServices`: when not empty, `up` is given these services and `service` (Compose starts them
 *   and what they depend on), else every service;
 * - the project name (`--project-name`): COMPOSE_PROJECT_NAME of the shell, else of the `.env` in
 *   the workspace folder, else Compose's own name (`name:`, else the first file's directory), except
 *   that a first file in the workspace's `.devcontainer` folder names the project
 *   `<workspace folder>_devcontainer` (devcontainers/cli getProjectName).
 * `${localWorkspaceFolder}`, `${localWorkspaceFolderBasename}` and `${localEnv:NAME[:default]}` in a
 * path are substituted as the tool does.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { JsoncError, jsoncMember, parseJsonc, type JsoncValue } from '../parse/jsonc.js';
import type { ComposeIO } from './project-files.js';
import type { ComposeProblem, SourceLocation } from './types.js';

/** The workspace folder of a configuration: the folder that holds `.devcontainer` (or `.devcontainer.json`). */
export function devcontainerWorkspace(configPath: string): string {
  const dir = dirname(configPath);
  if (basename(configPath) === '.devcontainer.json') return dir;
  if (basename(dir) === '.devcontainer') return dirname(dir);
  if (basename(dirname(dir)) === '.devcontainer') return dirname(dirname(dir));
  return dir;
}

/** The nearest `.devcontainer` folder that holds `path` (at any depth), or null. */
export function devcontainerFolderOf(path: string): string | null {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (basename(dir) === '.devcontainer') return dir;
    if (dirname(dir) === dir) return null;
  }
}

export interface NamedService {
  name: string;
  location: SourceLocation;
}

/** What a devcontainer.json says about its Compose project. */
export interface DevcontainerProject {
  /** The compose files `dockerComposeFile` lists (absolute), in order, each with the place of its entry; empty: none. */
  composeFiles: Array<{ path: string; location: SourceLocation }>;
  service: NamedService | null;
  runServices: NamedService[];
  /** The broken file, or a property of the wrong type: warnings, each naming the file. */
  problems: ComposeProblem[];
}

const at = (file: string, node: { range: SourceLocation['range'] }): SourceLocation => ({ file, range: node.range });

/** Quick test, without parsing: the text may name compose files (a walk reads only those). */
export function mentionsCompose(text: string): boolean {
  return text.includes('dockerComposeFile');
}

/**
 * Reads a devcontainer.json (`display` is its display path): the compose files, service and
 * runServices it names. Bad input gives problems (warnings at the place), never an exception.
 */
export function readDevcontainer(text: string, absolutePath: string, display: string, environment: Readonly<Record<string, string | undefined>>): DevcontainerProject {
  const out: DevcontainerProject = { composeFiles: [], service: null, runServices: [], problems: [] };
  let root: JsoncValue;
  try {
    root = parseJsonc(text);
  } catch (err) {
    if (!(err instanceof JsoncError)) throw err;
    const position = err.position;
    out.problems.push({
      location: { file: display, range: { start: position, end: position } },
      message: `${display} is not valid JSON with comments (line ${position.line + 1}, column ${position.character + 1}: ${err.message}): volint reads no Compose project from it, and lints the compose files it may list on their own`,
      severity: 'warning',
    });
    return out;
  }
  if (root.kind !== 'object') {
    out.problems.push({ location: at(display, root), message: `${display}: the top level is not an object: no dev container configuration is read from it`, severity: 'warning' });
    return out;
  }
  const files = jsoncMember(root, 'dockerComposeFile');
  if (!files) return out;
  const entries = files.kind === 'array' ? files.items : [files];
  if (entries.some((e) => e.kind !== 'string')) {
    out.problems.push({ location: at(display, files), message: `"dockerComposeFile" in ${display} is not a path or a list of paths: its compose project is not linted`, severity: 'warning' });
    return out;
  }
  const dir = dirname(absolutePath);
  const workspace = devcontainerWorkspace(absolutePath);
  for (const entry of entries) {
    if (entry.kind !== 'string') continue;
    out.composeFiles.push({ path: resolve(dir, substitute(entry.value, workspace, environment)), location: at(display, entry) });
  }
  const service = jsoncMember(root, 'service');
  if (service?.kind === 'string') out.service = { name: service.value, location: at(display, service) };
  else if (service) out.problems.push({ location: at(display, service), message: `"service" in ${display} is not a service name`, severity: 'warning' });
  const run = jsoncMember(root, 'runServices');
  if (run?.kind === 'array' && run.items.every((i) => i.kind === 'string')) {
    for (const item of run.items) if (item.kind === 'string') out.runServices.push({ name: item.value, location: at(display, item) });
  } else if (run) {
    out.problems.push({ location: at(display, run), message: `"runServices" in ${display} is not a list of service names: every service is linted`, severity: 'warning' });
  }
  return out;
}

/** `${localWorkspaceFolder}`, `${localWorkspaceFolderBasename}`, `${localEnv:NAME}` and `${localEnv:NAME:default}` in a path; others are left as written. */
function substitute(value: string, workspace: string, environment: Readonly<Record<string, string | undefined>>): string {
  return value.replace(/\$\{([^}:]+)(?::([^}:]*))?(?::([^}]*))?\}/g, (whole, name: string, arg: string | undefined, fallback: string | undefined) => {
    if (name === 'localWorkspaceFolder') return workspace;
    if (name === 'localWorkspaceFolderBasename') return basename(workspace);
    if ((name === 'localEnv' || name === 'env') && arg !== undefined) return environment[arg] ?? fallback ?? '';
    return whole;
  });
}

/**
 * The project name the Dev Containers tool gives Compose, as far as it differs from Compose's own:
 * `projectName` when COMPOSE_PROJECT_NAME is set in the shell or in the workspace folder's `.env`;
 * `defaultProjectName` instead of the first file's directory name when that directory is the
 * workspace's `.devcontainer` folder. (`name:` in the files comes before the default, as in Compose.)
 */
export async function devcontainerProjectName(
  configPath: string,
  firstComposeFile: string,
  io: ComposeIO,
  environment: Readonly<Record<string, string | undefined>>,
): Promise<{ projectName?: string; defaultProjectName?: string }> {
  const workspace = devcontainerWorkspace(configPath);
  const fromShell = environment.COMPOSE_PROJECT_NAME;
  if (fromShell) return { projectName: fromShell };
  try {
    const envPath = join(workspace, '.env');
    if (await io.isFile(envPath)) {
      const value = /^COMPOSE_PROJECT_NAME=(.+)$/m.exec(await io.readText(envPath))?.[1]?.trim();
      if (value) return { projectName: value };
    }
  } catch {
    // Unreadable: the tool goes on without it too.
  }
  if (dirname(firstComposeFile) === join(workspace, '.devcontainer')) return { defaultProjectName: `${basename(workspace)}_devcontainer` };
  return {};
}

/**
 * The Dev Container configuration that lists `composePath` when that file is inside a
 * `.devcontainer` folder: the configurations of that folder's workspace (`.devcontainer/devcontainer.json`,
 * `.devcontainer/<folder>/devcontainer.json`, `.devcontainer.json`), the first in that order that
 * lists it; null for a file outside a `.devcontainer` folder or that none lists. Such a file is
 * written for the dev container (an overlay of the project's compose file, often invalid alone):
 * it is linted as part of that project wherever it is linted.
 */
export async function devcontainerListing(composePath: string, io: ComposeIO, environment: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  const folder = devcontainerFolderOf(composePath);
  if (folder === null) return null;
  const candidates = [join(folder, 'devcontainer.json')];
  if (io.list) {
    try {
      for (const entry of await io.list(folder)) if (entry.directory) candidates.push(join(folder, entry.name, 'devcontainer.json'));
    } catch {
      // Not listed: the folder's own configuration only.
    }
  }
  candidates.push(join(dirname(folder), '.devcontainer.json'));
  const target = resolve(composePath);
  for (const candidate of candidates) {
    let text: string;
    try {
      if (!(await io.isFile(candidate))) continue;
      text = await io.readText(candidate);
    } catch {
      continue;
    }
    if (!mentionsCompose(text)) continue;
    const project = readDevcontainer(text, candidate, candidate, environment);
    if (project.composeFiles.some((f) => f.path === target)) return candidate;
  }
  return null;
}
