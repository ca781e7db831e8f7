/**
 * The real builders on this machine, for tests that hold volint's model against them: Debian's
 * dockerd 20.10 (the legacy builder and its embedded BuildKit, driven by Debian's client
 * /usr/bin/docker), buildah 1.28 (vfs storage, chroot isolation) and docker-compose 1.29.
 *
 * There is no registry and no network. The base images are made here from busybox-static (a root
 * file system with /bin/busybox and its applet links, /etc/passwd and /etc/group with root and a
 * non-root user `app` (1000:1000), /tmp), `docker import`ed, tagged with every name the test
 * Dockerfiles use, and copied into buildah's store. Before every build each FROM must name a local
 * image or an earlier stage: a missing tag would make BuildKit and the legacy builder go to the
 * network, so the build is refused instead.
 *
 * Images, containers and volumes are named `volint-bt-<run>-…` (one run id per process, so that
 * engineers sharing the daemon do not collide) and removed by `cleanup()`. The base images are
 * shared by every run and kept.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { tempDir, removeDir } from './cli.js';

export type EngineName = 'legacy' | 'buildkit' | 'buildah';
export const ENGINES: readonly EngineName[] = ['legacy', 'buildkit', 'buildah'];

/** Debian's client: 20.10 drives BuildKit without buildx (a newer client on PATH needs buildx). */
export const DOCKER = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
export const BUILDAH = 'buildah';
export const COMPOSE = 'docker-compose';
const BUILDAH_STORE = ['--storage-driver', 'vfs'];

/** The prefix of everything the builder tests create on the shared daemon. */
export const PREFIX = 'volint-bt-';
/** This process's names: `volint-bt-<pid>-<n>`. */
export const RUN_ID = `${PREFIX}${process.pid}`;
let counter = 0;
export function uniqueName(what = 'x'): string {
  counter += 1;
  return `${RUN_ID}-${what}-${counter}`.toLowerCase();
}

export const IN_CI = process.env.CI === 'true';

export interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function exec(command: string, args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Exec {
  const result: SpawnSyncReturns<Buffer> = spawnSync(command, args, {
    input: options.input,
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'ENOENT') throw result.error;
  return { code: result.error ? 127 : result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? (result.error ? result.error.message : '')) };
}

function execOk(command: string, args: string[], options: Parameters<typeof exec>[2] = {}): string {
  const r = exec(command, args, options);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.code}: ${(r.stderr || r.stdout).slice(-2000)}`);
  return r.stdout;
}

/** What is present: each builder with its version, or why it is not usable. */
export interface Engines {
  docker: string | null;
  buildah: string | null;
  compose: string | null;
  busybox: string | null;
  /** Empty when everything the suite needs is here. */
  missing: string[];
}

let detected: Engines | undefined;

export function detectEngines(): Engines {
  if (detected) return detected;
  const missing: string[] = [];
  const info = exec(DOCKER, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000 });
  const docker = info.code === 0 ? info.stdout.trim() : null;
  if (!docker) missing.push(`dockerd (${DOCKER} version: ${(info.stderr || 'not found').trim().split('\n')[0]})`);
  const bah = exec(BUILDAH, ['--version'], { timeoutMs: 20_000 });
  const buildah = bah.code === 0 ? bah.stdout.trim().split(' ')[2] ?? bah.stdout.trim() : null;
  if (!buildah) missing.push('buildah');
  const comp = exec(COMPOSE, ['version', '--short'], { timeoutMs: 20_000 });
  const compose = comp.code === 0 ? comp.stdout.trim() : null;
  if (!compose) missing.push('docker-compose');
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p)) ?? null;
  if (!busybox) missing.push('busybox-static (/bin/busybox)');
  detected = { docker, buildah, compose, busybox, missing };
  return detected;
}

/** The versions that decide what a build does: part of every cache key. */
export function engineVersions(): string {
  const e = detectEngines();
  return `docker ${e.docker}; buildah ${e.buildah}; compose ${e.compose}`;
}

// ---------------------------------------------------------------- base images

/** The name of the local busybox base image every test Dockerfile starts from. */
export const BASE = 'volint-bt-base:1';
/** The non-root user in the base image. */
export const APP_USER = { name: 'app', uid: 1000, gid: 1000 };

/** A root file system tar from busybox-static, with root, app and nobody. */
function baseTar(): string {
  const busybox = detectEngines().busybox;
  if (!busybox) throw new Error('busybox-static is not installed (/bin/busybox)');
  const dir = tempDir('volint-bt-rootfs-');
  const root = join(dir, 'rootfs');
  for (const d of ['bin', 'etc', 'tmp', 'root', 'home/app', 'var', 'usr/bin', 'srv']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(busybox, join(root, 'bin', 'busybox'));
  chmodSync(join(root, 'bin', 'busybox'), 0o755);
  const applets = execOk(busybox, ['--list']).split('\n').filter((a) => a && a !== 'busybox');
  for (const applet of applets) symlinkSync('busybox', join(root, 'bin', applet));
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\napp:x:1000:\nnogroup:x:65534:\n');
  chmodSync(join(root, 'tmp'), 0o1777);
  chmodSync(join(root, 'root'), 0o700);
  chownSync(join(root, 'home', 'app'), APP_USER.uid, APP_USER.gid);
  const tar = join(dir, 'rootfs.tar');
  execOk('tar', ['-C', root, '--numeric-owner', '-cf', tar, '.']);
  return tar;
}

function dockerImageExists(name: string): boolean {
  return exec(DOCKER, ['image', 'inspect', '--format', '{{.Id}}', name], { timeoutMs: 30_000 }).code === 0;
}

function buildahImageExists(name: string): boolean {
  return exec(BUILDAH, [...BUILDAH_STORE, 'inspect', '--type', 'image', '--format', '{{.FromImageID}}', name], { timeoutMs: 30_000 }).code === 0;
}

/** The docker image id of a name, or null. */
export function dockerImageId(name: string): string | null {
  const r = exec(DOCKER, ['image', 'inspect', '--format', '{{.Id}}', name], { timeoutMs: 30_000 });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** Copies a docker image into buildah's store under the same name. */
export function copyToBuildah(name: string): void {
  execOk(BUILDAH, [...BUILDAH_STORE, 'pull', '--quiet', `docker-daemon:${qualify(name)}`]);
}

/** `name` with a tag (docker-daemon: transport needs one). */
function qualify(name: string): string {
  const last = name.split('/').pop() ?? name;
  return last.includes(':') || name.includes('@') ? name : `${name}:latest`;
}

let baseMade = false;

/**
 * Makes the busybox base image when it is missing, in docker and in buildah's store. Shared by
 * every run on the daemon and kept: made once per machine.
 */
export function ensureBaseImage(): void {
  if (baseMade) return;
  if (!dockerImageExists(BASE)) {
    const tar = baseTar();
    execOk(DOCKER, ['import', '--change', 'CMD ["/bin/sh"]', tar, BASE], { timeoutMs: 120_000 });
    removeDir(join(tar, '..'));
  }
  if (!buildahImageExists(BASE) || buildahImageId(BASE) !== dockerImageId(BASE)) copyToBuildah(BASE);
  baseMade = true;
}

function buildahImageId(name: string): string | null {
  const r = exec(BUILDAH, [...BUILDAH_STORE, 'inspect', '--type', 'image', '--format', '{{.FromImageID}}', name], { timeoutMs: 30_000 });
  return r.code === 0 ? `sha256:${r.stdout.trim()}` : null;
}

/**
 * Tags an image for the Dockerfiles: the busybox base (when `from` is not given) or another local
 * image, in docker and in buildah's store. A name like `postgres:16` is tagged only when a test
 * asks for it, and only on this daemon.
 */
export function tagImage(name: string, from = BASE): void {
  ensureBaseImage();
  const want = dockerImageId(from);
  if (!want) throw new Error(`no local image ${from} to tag as ${name}`);
  if (dockerImageId(name) !== want) execOk(DOCKER, ['tag', from, name]);
  if (buildahImageId(name) !== want) copyToBuildah(name);
}

// ---------------------------------------------------------------- FROM check

/**
 * The base images a Dockerfile's FROM lines name (after the global ARG defaults and the build
 * arguments), leaving out scratch and earlier stages.
 */
export function externalBases(dockerfile: string, buildArgs: Record<string, string> = {}): string[] {
  const parsed = DockerfileParser.parse(dockerfile);
  const globals = new Map<string, string>();
  for (const arg of parsed.getInitialARGs()) {
    const prop = arg.getProperty();
    if (!prop) continue;
    const name = prop.getName();
    const value = buildArgs[name] ?? prop.getValue();
    if (value !== null && value !== undefined) globals.set(name, value);
  }
  const expand = (text: string): string =>
    text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare) as string;
      const value = globals.get(name);
      return value !== undefined && value !== '' ? value : (fallback ?? '');
    });
  const stages = new Set<string>();
  const bases: string[] = [];
  for (const from of parsed.getFROMs()) {
    const image = from.getImage();
    if (image === null) throw new Error(`FROM at line ${from.getRange().start.line + 1} names no image`);
    const resolved = expand(image);
    if (resolved.toLowerCase() !== 'scratch' && !stages.has(resolved.toLowerCase())) bases.push(resolved);
    const stage = from.getBuildStage();
    if (stage) stages.add(stage.toLowerCase());
  }
  return bases;
}

/** Whether an image is in the builder's store (docker's, or buildah's). */
export function localImage(engine: EngineName, name: string): boolean {
  return engine === 'buildah' ? buildahImageExists(name) : dockerImageExists(name);
}

/** Throws unless every FROM names a local image (docker and, for buildah, its store) or an earlier stage. */
export function checkBases(dockerfile: string, engine: EngineName, buildArgs: Record<string, string> = {}): void {
  for (const base of externalBases(dockerfile, buildArgs)) {
    const here = engine === 'buildah' ? buildahImageExists(base) : dockerImageExists(base);
    if (!here) throw new Error(`FROM ${base} is not a local image for ${engine}: refusing to build (it would go to a registry)`);
  }
}

// ---------------------------------------------------------------- builds

export interface BuildResult {
  engine: EngineName;
  ok: boolean;
  /** The image name (meaningful when ok). */
  image: string;
  /** stdout and stderr of the build. */
  log: string;
}

export interface BuildOptions {
  /** Files of the build context besides the Dockerfile (path → content). */
  files?: Record<string, string>;
  target?: string;
  buildArgs?: Record<string, string>;
  /** The image name; a unique one when not given. */
  tag?: string;
  /** The Dockerfile's path in the build context (`Dockerfile` when not given); the builders get it by its absolute path. */
  dockerfile?: string;
}

/** Builds a Dockerfile text under one builder. A failing build is a result, not an exception. */
export function build(engine: EngineName, dockerfile: string, options: BuildOptions = {}): BuildResult {
  ensureBaseImage();
  checkBases(dockerfile, engine, options.buildArgs);
  const dir = tempDir('volint-bt-ctx-');
  const dockerfilePath = join(dir, options.dockerfile ?? 'Dockerfile');
  try {
    mkdirSync(join(dockerfilePath, '..'), { recursive: true });
    writeFileSync(dockerfilePath, dockerfile);
    for (const [path, content] of Object.entries(options.files ?? {})) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const image = options.tag ?? uniqueName(engine);
    const extra: string[] = [];
    if (options.target) extra.push('--target', options.target);
    for (const [k, v] of Object.entries(options.buildArgs ?? {})) extra.push('--build-arg', `${k}=${v}`);
    let r: Exec;
    if (engine === 'buildah') {
      r = exec(BUILDAH, [...BUILDAH_STORE, 'bud', '--isolation', 'chroot', '--pull-never', '-t', image, ...extra, '-f', dockerfilePath, dir]);
    } else {
      const args = ['build', '-t', image, ...extra, '-f', dockerfilePath];
      if (engine === 'buildkit') args.push('--network', 'host', '--progress', 'plain');
      r = exec(DOCKER, [...args, dir], { env: { DOCKER_BUILDKIT: engine === 'buildkit' ? '1' : '0' } });
    }
    return { engine, ok: r.code === 0, image, log: `${r.stdout}\n${r.stderr}` };
  } finally {
    removeDir(dir);
  }
}

// ---------------------------------------------------------------- file systems

export interface FsEntry {
  /** f file, d directory, l symlink, o other. */
  type: 'f' | 'd' | 'l' | 'o';
  uid: number;
  gid: number;
  /** Permission bits with setuid/setgid/sticky. */
  mode: number;
  /** Files: sha256 of the content, first 16 hex digits; symlinks: the target. */
  content?: string;
}

/** An image's file system: absolute path → entry. /bin's applet links and the pseudo files are left out. */
export type FileSystem = Record<string, FsEntry>;

const SKIP = /^\/(bin\/(?!busybox$)|proc\/|sys\/|dev\/|etc\/(hosts|hostname|resolv\.conf|mtab)$|\.dockerenv$)/;

function shortHash(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

/** Reads a (ustar, GNU or PAX) tar stream into a FileSystem. */
export function readTar(tar: Buffer): FileSystem {
  const fs: FileSystem = {};
  let offset = 0;
  let pax: Record<string, string> = {};
  let longName: string | null = null;
  let longLink: string | null = null;
  const str = (start: number, len: number): string => {
    const raw = tar.subarray(start, start + len);
    const end = raw.indexOf(0);
    return raw.subarray(0, end === -1 ? len : end).toString('utf8');
  };
  const num = (start: number, len: number): number => {
    if (tar[start]! & 0x80) {
      let v = 0;
      for (let i = start + 1; i < start + len; i++) v = v * 256 + tar[i]!;
      return v;
    }
    const s = str(start, len).trim();
    return s ? parseInt(s, 8) : 0;
  };
  while (offset + 512 <= tar.length) {
    const h = offset;
    if (tar.subarray(h, h + 512).every((b) => b === 0)) break;
    const size = pax.size !== undefined ? Number(pax.size) : num(h + 124, 12);
    const typeflag = String.fromCharCode(tar[h + 156] || 48);
    const dataStart = h + 512;
    const data = tar.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / 512) * 512;
    if (typeflag === 'x') {
      pax = {};
      let i = 0;
      const text = data.toString('utf8');
      while (i < text.length) {
        const space = text.indexOf(' ', i);
        const len = parseInt(text.slice(i, space), 10);
        const record = text.slice(space + 1, i + len - 1);
        const eq = record.indexOf('=');
        pax[record.slice(0, eq)] = record.slice(eq + 1);
        i += len;
      }
      continue;
    }
    if (typeflag === 'g') continue;
    if (typeflag === 'L') { longName = data.toString('utf8').replace(/\0+$/, ''); continue; }
    if (typeflag === 'K') { longLink = data.toString('utf8').replace(/\0+$/, ''); continue; }
    const prefix = str(h + 345, 155);
    let name = pax.path ?? longName ?? (prefix ? `${prefix}/${str(h, 100)}` : str(h, 100));
    const link = pax.linkpath ?? longLink ?? str(h + 157, 100);
    const uid = pax.uid !== undefined ? Number(pax.uid) : num(h + 108, 8);
    const gid = pax.gid !== undefined ? Number(pax.gid) : num(h + 116, 8);
    const mode = num(h + 100, 8) & 0o7777;
    pax = {};
    longName = null;
    longLink = null;
    name = '/' + name.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (name === '/' || SKIP.test(name)) continue;
    const type = typeflag === '5' ? 'd' : typeflag === '2' ? 'l' : typeflag === '0' || typeflag === '7' || typeflag === '1' ? 'f' : 'o';
    const entry: FsEntry = { type, uid, gid, mode };
    if (type === 'f') entry.content = typeflag === '1' ? fs['/' + link.replace(/^\.?\/+/, '')]?.content ?? '' : shortHash(Buffer.from(data));
    if (type === 'l') entry.content = link;
    fs[name] = entry;
  }
  return fs;
}

/** Walks a mounted root file system. */
function walk(root: string): FileSystem {
  const fs: FileSystem = {};
  const visit = (rel: string): void => {
    for (const name of readdirSync(join(root, rel))) {
      const path = `${rel}/${name}`;
      if (SKIP.test(path)) continue;
      const st = lstatSync(join(root, path));
      const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFile() ? 'f' : 'o';
      const entry: FsEntry = { type, uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
      if (type === 'f') entry.content = shortHash(readFileSync(join(root, path)));
      if (type === 'l') entry.content = readlinkSync(join(root, path));
      fs[path] = entry;
      if (type === 'd') visit(path);
    }
  };
  visit('');
  return fs;
}

/** Exports the file system of an image a builder made (docker's store, or buildah's). */
export function exportFs(engine: EngineName, image: string): FileSystem {
  if (engine === 'buildah') {
    const ctr = execOk(BUILDAH, [...BUILDAH_STORE, 'from', '--pull-never', '--name', uniqueName('export'), image]).trim().split('\n').pop()!;
    try {
      const mount = execOk(BUILDAH, [...BUILDAH_STORE, 'mount', ctr]).trim();
      try {
        return walk(mount);
      } finally {
        exec(BUILDAH, [...BUILDAH_STORE, 'umount', ctr]);
      }
    } finally {
      exec(BUILDAH, [...BUILDAH_STORE, 'rm', ctr]);
    }
  }
  const created = exec(DOCKER, ['create', '--network', 'none', '--name', uniqueName('export'), image, '/bin/true']);
  // An image with a file where it declares a volume (`cp FILE /data` after `VOLUME /data` under
  // BuildKit) makes no container: read its layers instead.
  if (created.code !== 0 && /cannot mount volume over existing file/.test(created.stderr)) return exportSaved(image);
  if (created.code !== 0) throw new Error(`docker create ${image}: ${created.stderr}`);
  const ctr = created.stdout.trim();
  try {
    const r = spawnSync(DOCKER, ['export', ctr], { maxBuffer: 512 * 1024 * 1024, timeout: 300_000 });
    if (r.status !== 0) throw new Error(`docker export ${ctr}: ${String(r.stderr)}`);
    return readTar(r.stdout);
  } finally {
    exec(DOCKER, ['rm', '-f', ctr]);
  }
}

/** Whether `docker create` refuses the image (what a `docker run` of it would meet), with the daemon's message. */
export function createRefused(image: string): string | null {
  const created = exec(DOCKER, ['create', '--network', 'none', '--name', uniqueName('probe'), image, '/bin/true']);
  if (created.code === 0) {
    exec(DOCKER, ['rm', '-f', created.stdout.trim()]);
    return null;
  }
  return created.stderr.trim();
}

/** The files of a tar stream by name, raw (for `docker save`'s outer archive). */
function tarFiles(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number): string => {
      const raw = header.subarray(start, start + len);
      const end = raw.indexOf(0);
      return raw.subarray(0, end === -1 ? len : end).toString('utf8');
    };
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    files.set(name, tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** An image's file system from `docker save`: its layers applied in order, whiteouts included. */
function exportSaved(image: string): FileSystem {
  const r = spawnSync(DOCKER, ['save', image], { maxBuffer: 512 * 1024 * 1024, timeout: 300_000 });
  if (r.status !== 0) throw new Error(`docker save ${image}: ${String(r.stderr)}`);
  const files = tarFiles(r.stdout);
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Array<{ Layers: string[] }>;
  const fs: FileSystem = {};
  const remove = (path: string, self: boolean): void => {
    for (const key of Object.keys(fs)) if ((self && key === path) || key.startsWith(`${path}/`)) delete fs[key];
  };
  for (const layer of manifest[0]!.Layers) {
    const entries = readTar(files.get(layer)!);
    for (const path of Object.keys(entries)) {
      const slash = path.lastIndexOf('/');
      const dir = path.slice(0, slash);
      const base = path.slice(slash + 1);
      if (base === '.wh..wh..opq') remove(dir, false);
      else if (base.startsWith('.wh.')) remove(`${dir}/${base.slice(4)}`, true);
    }
    for (const [path, entry] of Object.entries(entries)) {
      if (path.slice(path.lastIndexOf('/') + 1).startsWith('.wh.')) continue;
      // A file replacing a directory (or the reverse) replaces what was below it.
      if (fs[path] && fs[path]!.type !== entry.type) remove(path, false);
      fs[path] = entry;
    }
  }
  return fs;
}

/** The image configuration's Volumes, as written (sorted), and User. */
export function imageConfig(engine: EngineName, image: string): { volumes: string[]; user: string } {
  const config =
    engine === 'buildah'
      ? (JSON.parse(execOk(BUILDAH, [...BUILDAH_STORE, 'inspect', '--type', 'image', image])) as { OCIv1: { config: { Volumes?: Record<string, unknown> | null; User?: string } } }).OCIv1.config
      : (JSON.parse(execOk(DOCKER, ['image', 'inspect', '--format', '{{json .Config}}', image])) as { Volumes?: Record<string, unknown> | null; User?: string });
  return { volumes: Object.keys(config.Volumes ?? {}).sort(), user: config.User ?? '' };
}

/** The image configuration's Entrypoint and Cmd (empty lists where unset). */
export function imageStart(engine: EngineName, image: string): { entrypoint: string[]; cmd: string[] } {
  type Start = { Entrypoint?: string[] | null; Cmd?: string[] | null };
  const config =
    engine === 'buildah'
      ? (JSON.parse(execOk(BUILDAH, [...BUILDAH_STORE, 'inspect', '--type', 'image', image])) as { OCIv1: { config: Start } }).OCIv1.config
      : (JSON.parse(execOk(DOCKER, ['image', 'inspect', '--format', '{{json .Config}}', image])) as Start);
  return { entrypoint: config.Entrypoint ?? [], cmd: config.Cmd ?? [] };
}

/**
 * Puts an image a builder made into docker, so that containers run it: buildah's images are pushed
 * to the daemon under the same name.
 */
export function toDocker(engine: EngineName, image: string): string {
  if (engine !== 'buildah') return image;
  execOk(BUILDAH, [...BUILDAH_STORE, 'push', '--quiet', image, `docker-daemon:${qualify(image)}`]);
  return qualify(image);
}

// ---------------------------------------------------------------- containers

/** Runs a container (no network, removed afterwards) and returns its output. */
export function runContainer(image: string, command: string[], options: { args?: string[]; user?: string } = {}): Exec {
  const args = ['run', '--rm', '--network', 'none', '--name', uniqueName('run')];
  if (options.user !== undefined) args.push('--user', options.user);
  args.push(...(options.args ?? []), image, ...command);
  return exec(DOCKER, args, { timeoutMs: 120_000 });
}

/** A named volume of this run. */
export function createVolume(): string {
  const name = uniqueName('vol');
  execOk(DOCKER, ['volume', 'create', name]);
  return name;
}

/** Removes every image, container and volume (and buildah image and container) this process made. */
export function cleanup(): void {
  const list = (args: string[]): string[] => exec(DOCKER, args).stdout.split('\n').map((s) => s.trim()).filter(Boolean);
  const containers = list(['ps', '-a', '--filter', `name=${RUN_ID}-`, '--format', '{{.Names}}']);
  if (containers.length) exec(DOCKER, ['rm', '-f', '-v', ...containers]);
  const images = list(['images', '--format', '{{.Repository}}:{{.Tag}}']).filter((i) => i.startsWith(`${RUN_ID}-`) || i.startsWith(`localhost/${RUN_ID}-`));
  if (images.length) exec(DOCKER, ['rmi', '-f', ...images]);
  const volumes = list(['volume', 'ls', '--format', '{{.Name}}']).filter((v) => v.startsWith(`${RUN_ID}-`) || v.startsWith(RUN_ID.replace(/-/g, '')));
  if (volumes.length) exec(DOCKER, ['volume', 'rm', '-f', ...volumes]);
  const bahCtrs = exec(BUILDAH, [...BUILDAH_STORE, 'containers', '--format', '{{.ContainerName}}']).stdout.split('\n').filter((c) => c.startsWith(`${RUN_ID}-`));
  if (bahCtrs.length) exec(BUILDAH, [...BUILDAH_STORE, 'rm', ...bahCtrs]);
  const bahImages = exec(BUILDAH, [...BUILDAH_STORE, 'images', '--format', '{{.Name}}:{{.Tag}}']).stdout.split('\n').filter((i) => i.includes(`/${RUN_ID}-`));
  if (bahImages.length) exec(BUILDAH, [...BUILDAH_STORE, 'rmi', '-f', ...bahImages]);
}

// ---------------------------------------------------------------- cache

/**
 * Observations are deterministic for a case text and the builders' versions, so outside CI they
 * are kept under ~/.cache/volint-builders, keyed by a hash of both. CI always builds (once per run:
 * a reference build several builders' checks share is made once).
 */
const memo = new Map<string, unknown>();

export function cached<T>(keyParts: unknown, compute: () => T): T {
  const key = createHash('sha256').update(JSON.stringify([engineVersions(), keyParts])).digest('hex').slice(0, 32);
  // Within one run the same build is made once, in CI too.
  if (memo.has(key)) return memo.get(key) as T;
  const value = onDisk(key, compute);
  memo.set(key, value);
  return value;
}

function onDisk<T>(key: string, compute: () => T): T {
  if (IN_CI || process.env.VOLINT_BT_NO_CACHE === '1') return compute();
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'volint-builders');
  const file = join(dir, `${key}.json`);
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      rmSync(file, { force: true });
    }
  }
  const value = compute();
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(value));
  return value;
}

/** Says, loudly, why the builder tests do not run; under CI=true the caller fails instead. */
export function announceMissing(missing: string[]): void {
  const bar = '!'.repeat(78);
  process.stderr.write(`\n${bar}\n!! BUILDER TESTS NOT RUN: missing ${missing.join(', ')}.\n!! Install and start them with .ci/run (apt-get install docker.io buildah busybox-static docker-compose; dockerd).\n!! Under CI=true this fails the run.\n${bar}\n\n`);
}
