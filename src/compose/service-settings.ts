/**
 * Service settings that say how a container uses its volumes, read from a service's mapping:
 * `environment:` (the container's variables; src/compose/model.ts adds `env_file:`'s), `command:` as words, and
 * the evidence that the service runs as several replicas (`deploy.replicas`, `scale`, ports
 * published without a host port).
 */
import { resolve as resolvePath } from 'node:path';
import picomatch from 'picomatch';
import type { BuildContextFiles } from '../model/context-files.js';
import { isWithin, normalizePath } from '../model/paths.js';
import { stageChain } from '../model/query.js';
import type { Range } from '../parse/types.js';
import type { BuildContextReader, FileModel, Stage } from '../model/types.js';
import type { ComposeIO } from './project-files.js';
import { readRegularFile } from './read-file.js';
import type { OperationSetting, ServiceReplicas } from './types.js';
import { child, scalarText, type TreeMap, type TreeNode } from './tree.js';

/**
 * A setting Compose takes as a map (`KEY: value`) or a list (`KEY=value`, `KEY`): `environment:`,
 * `build.args`. Values after interpolation; a key without a value is null (its value comes from the
 * shell running Compose).
 */
export function keyValues(written: TreeNode | undefined): Map<string, string | null> {
  const values = new Map<string, string | null>();
  if (written?.kind === 'map') {
    for (const [key, e] of written.entries) values.set(key, scalarText(e.value));
  } else if (written?.kind === 'seq') {
    for (const item of written.items) {
      const text = scalarText(item);
      if (text === null) continue;
      const eq = text.indexOf('=');
      if (eq < 0) values.set(text, null);
      else values.set(text.slice(0, eq), text.slice(eq + 1));
    }
  }
  return values;
}

/** `environment:` (keyValues). */
export function serviceEnvironment(node: TreeMap): Map<string, string | null> {
  return keyValues(child(node, 'environment'));
}

/**
 * `command:` (or `entrypoint:`) as words: a list as written, a string split as Compose splits it (on blanks, with
 * single and double quotes grouping and a backslash escaping the next character). null when the
 * service does not set one (the image's CMD runs).
 */
export function serviceCommand(node: TreeMap, key: 'command' | 'entrypoint' = 'command'): string[] | null {
  const written = child(node, key);
  if (written?.kind === 'seq') return written.items.map((item) => scalarText(item) ?? '');
  const text = scalarText(written);
  return text === null ? null : splitWords(text);
}

function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * The values a command gives to the program option `--name` (redis-server style: the words after
 * it up to the next `--option`), joined by a blank; undefined when the option is not given.
 */
export function commandOption(command: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < command.length; i++) {
    if (command[i] !== `--${name}`) continue;
    const values: string[] = [];
    for (let j = i + 1; j < command.length && !command[j]!.startsWith('--'); j++) values.push(command[j]!);
    found = values.join(' ');
  }
  return found;
}

/**
 * Evidence that the service runs as several containers at once: `deploy.replicas` or `scale`
 * above 1, or ports that are all published without a host port (`- "9092"`: each replica gets its
 * own random host port, the way a service is written to be scaled with `up --scale`). null when
 * nothing says so.
 */
export function serviceReplicas(node: TreeMap): ServiceReplicas | null {
  for (const [setting, value] of [['deploy.replicas', child(child(node, 'deploy'), 'replicas')], ['scale', child(node, 'scale')]] as const) {
    const count = Number(scalarText(value));
    if (value && Number.isInteger(count) && count > 1) return { evidence: `${setting}: ${count}`, location: value.loc };
  }
  const ports = child(node, 'ports');
  if (ports?.kind !== 'seq' || ports.items.length === 0) return null;
  const containerOnly = ports.items.every((item) => {
    if (item.kind === 'map') return child(item, 'published') === undefined && child(item, 'target') !== undefined;
    const text = scalarText(item);
    // `9092`, `9092/udp`, `9000-9010`: no host part (a host port or address is written before a colon).
    return text !== null && /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(text.trim());
  });
  return containerOnly ? { evidence: 'ports published without a host port', location: ports.loc } : null;
}

/** Settings of `logging.options` that rotate the log file the json-file and local drivers keep on the host. */
const LOG_ROTATION_OPTIONS = ['max-size', 'max-file'];
/** `deploy:` keys that only a swarm reads (`docker stack deploy`); `mode` counts when it is global. */
const SWARM_DEPLOY_KEYS = ['placement', 'update_config', 'rollback_config'];

/**
 * The networks of the overlay driver the top-level `networks:` declares (a swarm's networks: Docker
 * creates one only on a swarm manager), by key.
 */
export function overlayNetworks(node: TreeNode | undefined): Set<string> {
  const overlays = new Set<string>();
  if (node?.kind !== 'map') return overlays;
  for (const [key, e] of node.entries) if (scalarText(child(e.value, 'driver'))?.trim() === 'overlay') overlays.add(key);
  return overlays;
}

/**
 * What the service sets that only a stack run for a long time, or on a swarm, needs (OperationSetting), in
 * this order: log rotation (`logging.options` max-size or max-file: the json-file and local drivers keep
 * the container's log on the host, which grows as long as it runs), swarm settings (`deploy.placement`,
 * `deploy.mode: global`, `deploy.update_config`, `deploy.rollback_config`) and the networks of `overlays`
 * it joins. Not `restart:` (quick starts write it too) nor resource limits (`mem_limit`,
 * `deploy.resources.limits`: preview environments and CI memory tests cap their containers too).
 */
export function serviceOperations(node: TreeMap, overlays: ReadonlySet<string>): OperationSetting[] {
  const found: OperationSetting[] = [];
  const options = child(child(node, 'logging'), 'options');
  for (const name of LOG_ROTATION_OPTIONS) {
    const value = child(options, name);
    if (value) found.push({ kind: 'log-rotation', setting: `logging.options.${name}: ${scalarText(value) ?? ''}`, location: value.loc });
  }
  const deploy = child(node, 'deploy');
  const mode = child(deploy, 'mode');
  if (scalarText(mode)?.trim() === 'global') found.push({ kind: 'swarm', setting: 'deploy.mode: global', location: mode!.loc });
  for (const name of SWARM_DEPLOY_KEYS) {
    const value = child(deploy, name);
    if (value) found.push({ kind: 'swarm', setting: `deploy.${name}`, location: value.loc });
  }
  const networks = child(node, 'networks');
  const joined = networks?.kind === 'seq' ? networks.items.map((item) => ({ name: scalarText(item), loc: item.loc })) : networks?.kind === 'map' ? [...networks.entries.values()].map((e) => ({ name: e.key, loc: e.keyLoc })) : [];
  for (const { name, loc } of joined) if (name !== null && overlays.has(name)) found.push({ kind: 'swarm', setting: `networks: ${name} (driver: overlay)`, location: loc });
  return found;
}

/**
 * Folders that yarn (v1) installs into instead of `node_modules`, read from the `.yarnrc` files a
 * COPY from the build context puts in the image (`COPY package.json *yarn* ./` with `.yarnrc`
 * saying `--modules-folder /node_modules`): for each directory of the image, the absolute folder.
 * yarn reads `.yarnrc` in the directory it runs in and its parents.
 */
export async function yarnModulesFolders(
  stages: readonly Stage[],
  context: string,
  io: FileReader,
): Promise<Map<string, string>> {
  const folders = new Map<string, string>();
  for (const stage of stages) {
    for (const effect of stage.effects) {
      if (effect.kind !== 'copy' || effect.from || !effect.sources) continue;
      for (const source of effect.sources) {
        const slash = source.lastIndexOf('/');
        const dir = slash >= 0 ? source.slice(0, slash) : '.';
        const name = source.slice(slash + 1);
        // Only sources named like the file (`.yarnrc`, `*yarn*`): a whole directory may bring it after the install.
        if (name === '' || name === '.' || !picomatch.isMatch('.yarnrc', name, { dot: true })) continue;
        const file = resolvePath(context, dir, '.yarnrc');
        if (!file.startsWith(resolvePath(context)) || !(await io.isFile(file))) continue;
        const match = /^\s*--modules-folder\s+["']?([^"'\s]+)/m.exec(await io.readText(file));
        if (match && match[1]!.startsWith('/')) folders.set(effect.path, match[1]!);
      }
    }
  }
  return folders;
}

/** A directory the program's own configuration file names for its data (`work_dir = /data`). */
export interface ConfiguredDirectory {
  /** The setting as written (`work_dir`). */
  setting: string;
  /** Absolute, normalised. */
  path: string;
  /** The file in the build context the setting is read from (absolute). */
  source: string;
  /** Where the build puts that file in the image (the path the start command names). */
  imagePath: string;
}

/** What the program's configuration files say about where it keeps its data. */
export interface Configuration {
  directories: ConfiguredDirectory[];
  servers: ConfiguredServer[];
  /** The persistence settings (PERSISTENCE_SETTINGS), in the files' order. */
  persistence: PersistenceSetting[];
}

/** The files of the project that service settings read. */
type FileReader = Pick<ComposeIO, 'readText' | 'isFile' | 'fileSize' | 'list' | 'exists'>;

/** The Dockerfile model behind a `build:` service, and the stage the service runs. */
export interface BuiltImage {
  model: FileModel;
  stage: Stage;
}

/**
 * The build context in the directory `context`, read through the project's files as the Dockerfile
 * model reads one (src/model/context-files.ts): a regular file below it, or null; and the ignore file
 * of the Dockerfile `dockerfile` (absolute) beside it, inside the context or not. A directory at or
 * below the context is listed, and what is at a path told, where the project's files can be listed
 * and tested (through symbolic links, as the project's files are read).
 */
export function composeBuildContext(io: FileReader, context: string, dockerfile: string | null = null): BuildContextReader {
  const root = resolvePath(context);
  const read = async (path: string): Promise<string | null> => {
    try {
      return (await io.isFile(path)) ? await io.readText(path) : null;
    } catch {
      return null;
    }
  };
  /** The absolute path of a context path, or null outside the context. */
  const inside = (relativePath: string): string | null => {
    const path = resolvePath(root, relativePath);
    return path === root || path.startsWith(`${root}/`) ? path : null;
  };
  const list = io.list?.bind(io);
  const exists = io.exists?.bind(io);
  return {
    readText: (relativePath) => {
      const path = resolvePath(root, relativePath);
      return path.startsWith(`${root}/`) ? read(path) : Promise.resolve(null);
    },
    ...(dockerfile !== null
      ? { besideDockerfile: (suffix: string) => read(`${resolvePath(dockerfile)}${suffix}`), dockerfileAtRoot: resolvePath(dockerfile, '..') === root }
      : {}),
    ...(exists
      ? {
          async kind(relativePath: string) {
            const path = inside(relativePath);
            try {
              return path === null ? null : (await io.isFile(path)) ? 'file' : (await exists(path)) ? 'directory' : null;
            } catch {
              return null;
            }
          },
        }
      : {}),
    ...(list
      ? {
          async list(relativePath: string) {
            const path = inside(relativePath);
            try {
              return path === null ? null : await list(path);
            } catch {
              return null;
            }
          },
        }
      : {}),
  };
}

/** Names of configuration files: a file with another name (a script, a program) is not read as one. */
const CONFIGURATION_FILE = /\.(conf|cnf|cfg|ini|toml|ya?ml|properties)$/i;
/** A setting whose name says it holds the program's data directory: ends in dir, directory, path, root, home or data. */
const DATA_SETTING = /(dir|directory|path|root|home|data)$/i;
/** Settings for files that are not data: logs, pid files, sockets, certificates, includes. */
const NOT_DATA_SETTING = /log|pid|sock|cert|key|ssl|tls|include|bin|exec|plugin|module/i;
/** `key = /path`, `key: /path`, `key /path` (a value may be quoted, a comment may follow). */
const SETTING_LINE = /^([A-Za-z_][\w.-]*)\s*(?:[=:]\s*|\s+)(["']?)(\/[^\s"'#;,]*)\2\s*(?:[#;].*)?$/;
/** Configuration files read at most (bytes): larger files are not configuration. */
const MAX_CONFIG_BYTES = 256 * 1024;

/**
 * Directories the container's program is told to keep its data in by its own configuration file:
 * a file named like configuration (CONFIGURATION_FILE) that the start command names by its absolute
 * path (`CMD ["/ssdb/ssdb-server", "/ssdb/ssdb.conf"]`, `--config=/etc/app.conf`; not a script it
 * runs, `/app/main.py`) that the build brings from the build context
 * (`COPY ssdb.conf /ssdb/ssdb.conf`, found as src/model/context-files.ts finds it), read there: each
 * line `setting = /path` (also `setting: /path`, `setting /path`) whose setting names a data directory
 * (work_dir, dbPath, datadir, dir, data_directory, path.data; not a log, pid, socket or certificate
 * setting), and each setting that keeps the program's database on a server (readConfiguration).
 */
export async function startConfiguration(image: BuiltImage, argv: readonly string[], context: string, files: BuildContextFiles): Promise<Configuration> {
  const named = new Set(
    argv
      .slice(1)
      .map((word) => word.replace(/^--?[A-Za-z][\w-]*=/, ''))
      .filter((word) => word.startsWith('/') && !word.includes('$') && CONFIGURATION_FILE.test(word))
      .map(normalizePath),
  );
  const configurations: ConfigurationFile[] = [];
  const read = new Set<string>();
  for (const imagePath of named) {
    const found = await files.locate(image.model, image.stage, imagePath);
    if (!found || read.has(found.source)) continue;
    read.add(found.source);
    configurations.push({ text: found.text, source: resolvePath(context, found.source), imagePath });
  }
  return readConfigurationFiles(configurations);
}

/** A setting of the program's configuration that keeps its database on a server (`mysql-userdb="host=mysql dbname=coturn"`). */
export interface ConfiguredServer {
  /** The setting as written (`mysql-userdb`). */
  setting: string;
  /** The host it names (`mysql`). */
  server: string;
  /** The file the setting is read from (absolute). */
  source: string;
  /** Where the container sees that file. */
  imagePath: string;
}

/** `key = value`, `key: value` (a value may be quoted). */
const ANY_SETTING_LINE = /^([A-Za-z_][\w.-]*)\s*[=:]\s*(.+?)\s*$/;
/** A setting whose name says it selects the program's database: `userdb`, `mysql-userdb`, `database_url`, `db_dsn`. */
const DATABASE_SETTING = /(?:^|[-_.])(?:user)?db$|database|(?:^|[-_.])db[-_.]?(?:url|uri|dsn)$/i;
/** A connection URL with its host (`postgres://user:pw@db:5432/app`). */
const CONNECTION_URL = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#,;\s]+)/i;
/** The host of a key-value connection string (`host=mysql dbname=coturn`, `ip=redis`). */
const CONNECTION_HOST = /(?:^|[\s;])(?:host|hostaddr|ip|server)=([^\s;'"]+)/i;
/** Hosts that are the container itself (its own database, started beside the program), and file-backed URL schemes. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);
const FILE_SCHEMES = new Set(['sqlite', 'sqlite3', 'file']);

/** The database server a setting's value connects to, or null (a path, a file URL, the container itself). */
function connectionHost(value: string): string | null {
  const url = CONNECTION_URL.exec(value);
  const host = url ? (FILE_SCHEMES.has(url[1]!.toLowerCase()) ? null : url[2]!) : CONNECTION_HOST.exec(value)?.[1] ?? null;
  return host === null || host.includes('$') || LOCAL_HOSTS.has(host.toLowerCase()) ? null : host;
}

/** URL schemes of database servers, as their drivers name them (a file database, `sqlite://`, is none). */
const SERVER_DATABASE_SCHEMES = new Set(['postgres', 'postgresql', 'pgsql', 'mysql', 'mysql2', 'mariadb', 'cockroach', 'cockroachdb', 'crdb', 'mongodb', 'mongodb+srv', 'sqlserver', 'mssql', 'oracle', 'clickhouse']);
/** An environment variable that selects the program's database (DATABASE_SETTING, or a DSN: `DSN`, `KRATOS_DSN`). */
const DATABASE_VARIABLE = new RegExp(`${DATABASE_SETTING.source}|(?:^|_)dsn$`, 'i');

/** A variable of the service's environment that keeps the program's database on a server: its name and the host it connects to. */
export interface EnvironmentServer {
  variable: string;
  server: string;
}

/**
 * The first variable of a service's environment that keeps the program's database on a server: a
 * variable named for the database (`DSN`, `DATABASE_URL`, `DB_URI`) whose value is a connection URL of
 * a database server's scheme to a host other than the container itself
 * (`DSN=postgres://kratos:secret@postgresd:5432/kratos`). Not a URL of another scheme (a `SENTRY_DSN`
 * is https), a file URL (`sqlite:///var/lib/sqlite/db.sqlite`) or a host given by a variable. Null when none does.
 */
export function environmentDatabaseServer(environment: ReadonlyMap<string, string | null>): EnvironmentServer | null {
  for (const [variable, value] of environment) {
    if (value === null || !DATABASE_VARIABLE.test(variable)) continue;
    const url = CONNECTION_URL.exec(value.trim());
    if (!url || !SERVER_DATABASE_SCHEMES.has(url[1]!.toLowerCase())) continue;
    const server = connectionHost(value.trim());
    if (server !== null) return { variable, server };
  }
  return null;
}

/** A setting of a server's own configuration file that turns its persistence on or off (redis.conf's `appendonly yes`, `save 60 1`). */
export interface PersistenceSetting {
  /** The setting's name (`appendonly`). */
  setting: string;
  /** Its value as written, quotes kept (`yes`, `60 1`, `""`). */
  value: string;
  /** The file the setting is read from (absolute). */
  source: string;
  /** Where the container sees that file (the path the server's command names). */
  imagePath: string;
}

/**
 * Names of the settings that turn a server's persistence on or off in its own configuration file, as
 * the catalogue's `volumeState` options name them (redis.conf: `appendonly yes|no`, `save <seconds>
 * <changes>` or `save ""`); a test keeps the two lists the same.
 */
export const PERSISTENCE_SETTINGS: ReadonlySet<string> = new Set(['appendonly', 'save']);
/** `name value` (redis.conf's form: the name, blanks, the value). */
const PERSISTENCE_LINE = /^([a-z]+)\s+(\S.*?)\s*$/;

/**
 * What a configuration file says about where its program keeps data: settings naming a data
 * directory (`work_dir = /data`; DATA_SETTING, not a log, pid or certificate setting), settings
 * selecting a database on a server (`mysql-userdb="host=mysql …"`, `database_url = postgres://db/app`),
 * and the persistence settings of PERSISTENCE_SETTINGS (`appendonly yes`), in the file's order.
 */
function readConfiguration(text: string, source: string, imagePath: string): Configuration {
  const directories: ConfiguredDirectory[] = [];
  const servers: ConfiguredServer[] = [];
  const persistence: PersistenceSetting[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    const setting = PERSISTENCE_LINE.exec(line);
    if (setting && PERSISTENCE_SETTINGS.has(setting[1]!)) {
      persistence.push({ setting: setting[1]!, value: setting[2]!, source, imagePath });
      continue;
    }
    const match = SETTING_LINE.exec(line);
    if (match) {
      const setting = match[1]!;
      if (DATA_SETTING.test(setting) && !NOT_DATA_SETTING.test(setting)) directories.push({ setting, path: normalizePath(match[3]!), source, imagePath });
      continue;
    }
    const any = ANY_SETTING_LINE.exec(line);
    if (!any || !DATABASE_SETTING.test(any[1]!)) continue;
    const value = any[2]!.replace(/^(["'])(.*)\1$/, '$2');
    const server = connectionHost(value);
    if (server !== null) servers.push({ setting: any[1]!, server, source, imagePath });
  }
  return { directories, servers, persistence };
}

/** A configuration file to read: its text, where it was read (absolute) and where the container sees it. */
interface ConfigurationFile {
  text: string;
  source: string;
  imagePath: string;
}

/** What the files say together, in order (readConfiguration); a file larger than MAX_CONFIG_BYTES is not configuration. */
function readConfigurationFiles(files: readonly ConfigurationFile[]): Configuration {
  const found: Configuration = { directories: [], servers: [], persistence: [] };
  for (const file of files) {
    if (file.text.length > MAX_CONFIG_BYTES) continue;
    const read = readConfiguration(file.text, file.source, file.imagePath);
    found.directories.push(...read.directories);
    found.servers.push(...read.servers);
    found.persistence.push(...read.persistence);
  }
  return found;
}

/**
 * The program's configuration files the service binds from the project (`./coturn/turnserver.conf:/etc/turnserver.conf:ro`):
 * a bind whose source, relative to the compose file, is a file named like configuration, read on
 * the disk. What they say, as readConfiguration reads it. A file that cannot be read (no permission,
 * gone since it was found) is left out, as one that is not there: the project is linted without it.
 */
export async function boundConfiguration(
  binds: ReadonlyArray<{ hostPath: string | null; sourceRaw: string | null; target: string | null }>,
  io: FileReader,
): Promise<Configuration> {
  const files: ConfigurationFile[] = [];
  for (const bind of binds) {
    if (!bind.hostPath || !bind.target || !bind.sourceRaw?.startsWith('.') || !CONFIGURATION_FILE.test(bind.target)) continue;
    let text: string;
    try {
      text = await readRegularFile(io, bind.hostPath, MAX_CONFIG_BYTES);
    } catch {
      continue;
    }
    files.push({ text, source: bind.hostPath, imagePath: bind.target });
  }
  return readConfigurationFiles(files);
}

/** A build option naming the program's database directory (`--turndbdir=/var/lib/coturn`, `--db-path /srv/db`). */
const DATABASE_DIRECTORY_OPTION = /^--([A-Za-z][\w-]*?(?:db|database)[-_]?(?:dir|directory|path))(?:=(.*))?$/i;

/** A directory the build tells the program to keep its database in, with the option and where it is written. */
export interface DatabaseDirectory {
  option: string;
  path: string;
  file: string;
  range: Range;
}

/**
 * Directories the Dockerfile's RUN steps name as the program's database directory, as an option
 * given to the build of the program or to a command (`./configure --turndbdir=/var/lib/coturn`):
 * the words of every RUN of every stage, as dockerfile-ast splits them; a value with a variable is
 * not followed.
 */
export function buildDatabaseDirectories(stages: readonly Stage[], file: string): DatabaseDirectory[] {
  const found: DatabaseDirectory[] = [];
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const words = instruction.words;
      for (let i = 0; i < words.length; i++) {
        const match = DATABASE_DIRECTORY_OPTION.exec(words[i]!.value);
        if (!match) continue;
        const value = (match[2] ?? words[i + 1]?.value ?? '').replace(/^(["'])(.*)\1$/, '$2');
        if (!value.startsWith('/') || value.includes('$')) continue;
        found.push({ option: `--${match[1]!}`, path: normalizePath(value), file, range: words[i]!.range });
      }
    }
  }
  return found;
}

/** Programs that only start the program named by their arguments (a shell, an init, a user switch): what runs is further on. */
export const WRAPPERS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'env', 'tini', 'dumb-init', 'gosu', 'su-exec', 'docker-entrypoint.sh']);

/** Effects that put no file at their path. */
const NOT_A_FILE_WRITE: ReadonlySet<string> = new Set(['chown', 'chmod', 'enter', 'read', 'delete', 'mkdir', 'workdir']);

/** The search path of a container when no ENV sets PATH (Docker's default for Linux images). */
const DEFAULT_PATH_DIRECTORIES = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** What a `build:` service's container starts (ComposeService.start). */
export interface StartProgram {
  /** The start command: the service's `entrypoint:`/`command:` over the Dockerfile's ENTRYPOINT/CMD; empty: the base image's own. */
  argv: string[];
  /** argv begins with an entrypoint (the service's or the Dockerfile's); false: the base image's ENTRYPOINT receives argv as its command. */
  entrypoint: boolean;
  /**
   * The program argv runs (its first word that is not a shell, an init or an option), when a step of the build
   * put it in the image: its path there, and its text when a COPY from the build context brought it (null: a RUN
   * made it, or the file could not be read). Null when no step of the build puts that program there (it comes
   * from the base image or a package).
   */
  built: { path: string; text: string | null } | null;
}

/**
 * What the container of a `build:` service starts: the command line, and the program it runs where the build put
 * it there (a script the build brought from the build context is read, so that a rule can tell whether it starts
 * the base image's server).
 */
export async function startProgram(image: BuiltImage, argv: readonly string[], entrypoint: boolean, files: BuildContextFiles): Promise<StartProgram> {
  const result: StartProgram = { argv: [...argv], entrypoint, built: null };
  const word = argv.find((w) => !WRAPPERS.has(w.slice(w.lastIndexOf('/') + 1)) && !w.startsWith('-'));
  if (word === undefined || word.includes('$') || /\s/.test(word)) return result;
  const workdir = image.stage.finalWorkdir;
  const candidates = word.startsWith('/')
    ? [normalizePath(word)]
    : word.includes('/')
      ? workdir?.startsWith('/') ? [normalizePath(`${workdir}/${word}`)] : []
      : DEFAULT_PATH_DIRECTORIES.map((dir) => `${dir}/${word}`);
  const effects = stageChain(image.stage).flatMap((stage) => stage.effects).sort((a, b) => b.instruction.index - a.instruction.index);
  for (const path of candidates) {
    // The last step of the build that puts a file there: a COPY from the build context is read, anything else is not.
    const step = effects.find((e) => !NOT_A_FILE_WRITE.has(e.kind) && (e.path === path || (e.recursive && isWithin(path, e.path))));
    if (!step) continue;
    result.built = { path, text: null };
    const found = step.kind === 'copy' ? await files.locate(image.model, image.stage, path) : null;
    if (found && found.text.length <= MAX_CONFIG_BYTES) result.built.text = found.text;
    return result;
  }
  return result;
}
