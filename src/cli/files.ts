/**
 * Finding the Dockerfiles to lint: paths, directories (searched recursively) and globs. Faults
 * (unreadable directory, symlink loop, vanished path, FIFO) become per-path errors; the walk goes on.
 */
import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';

export const DOCKERFILE_PATTERNS = [
  'Dockerfile', 'Dockerfile.*', '*.Dockerfile', '*.dockerfile', 'dockerfile', 'Containerfile', 'Containerfile.*', '*.Containerfile', '*.containerfile',
];
// Compiled on first use: a run over named files never walks a directory and never needs it.
let dockerfileNameMatcher: ((name: string) => boolean) | undefined;
const isDockerfileName = (name: string): boolean => (dockerfileNameMatcher ??= picomatch(DOCKERFILE_PATTERNS, { dot: true }))(name);
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface Discovered {
  files: string[];
  errors: Array<{ path: string; message: string }>;
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links (a symlink loop)';
    case 'ENOTDIR': return 'not a directory';
    case 'EISDIR': return 'is a directory';
    default: return e?.message ?? String(err);
  }
}
export { describe as describeFsError };

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

export interface DiscoverOptions {
  cwd: string;
  ignore: (relativePath: string) => boolean;
}

async function walk(dir: string, options: DiscoverOptions, out: Discovered, seen: Set<string>, ancestors: readonly string[] = []): Promise<void> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch (err) {
    out.errors.push({ path: dir, message: describe(err) });
    return;
  }
  if (ancestors.includes(real)) {
    // A symlink back up the tree: following it would never end. Reported, not silently skipped.
    out.errors.push({ path: dir, message: `symlink loop: leads back to ${real}, which is already being searched` });
    return;
  }
  if (seen.has(real)) return; // reached again through another symlink: already searched
  seen.add(real);
  let handle;
  try {
    handle = await opendir(dir);
  } catch (err) {
    out.errors.push({ path: dir, message: describe(err) });
    return;
  }
  const entries: Array<{ name: string; isDir: boolean; isLink: boolean; isFile: boolean }> = [];
  try {
    for await (const entry of handle) {
      entries.push({ name: entry.name, isDir: entry.isDirectory(), isLink: entry.isSymbolicLink(), isFile: entry.isFile() });
    }
  } catch (err) {
    out.errors.push({ path: dir, message: describe(err) });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    const rel = toPosix(relative(options.cwd, full));
    if (options.ignore(rel)) continue;
    let isDir = entry.isDir;
    let isFile = entry.isFile;
    if (entry.isLink) {
      try {
        const target = await stat(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (err) {
        // A dangling link is reported when it is named like a Dockerfile; a link loop always.
        const code = (err as NodeJS.ErrnoException)?.code;
        const message = code === 'ENOENT' ? 'broken symbolic link (its target does not exist)' : describe(err);
        if (isDockerfileName(entry.name) || code === 'ELOOP') out.errors.push({ path: full, message });
        continue;
      }
    }
    if (isDir) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(full, options, out, seen, [...ancestors, real]);
    } else if (isDockerfileName(entry.name)) {
      if (isFile) out.files.push(full);
      else out.errors.push({ path: full, message: 'not a regular file (a FIFO, socket or device)' });
    }
  }
}

export async function discover(inputs: string[], options: DiscoverOptions): Promise<Discovered> {
  const out: Discovered = { files: [], errors: [] };
  for (const input of inputs) {
    const absolute = resolve(options.cwd, input);
    const scan = picomatch.scan(input);
    if (scan.isGlob) {
      const base = resolve(options.cwd, scan.base || '.');
      const matcher = picomatch(toPosix(resolve(options.cwd, input)), { dot: true });
      // A glob matches any file, whatever its name: walk everything below the base.
      const all: Discovered = { files: [], errors: [] };
      await walkAll(base, options, all, new Set(), matcher);
      out.files.push(...all.files);
      out.errors.push(...all.errors);
      continue;
    }
    let info;
    try {
      info = await lstat(absolute);
      if (info.isSymbolicLink()) info = await stat(absolute);
    } catch (err) {
      out.errors.push({ path: absolute, message: describe(err) });
      continue;
    }
    if (info.isDirectory()) await walk(absolute, options, out, new Set());
    else if (info.isFile()) out.files.push(absolute);
    else out.errors.push({ path: absolute, message: 'not a regular file (a FIFO, socket or device)' });
  }
  // One file named twice is linted once, in first-seen order.
  out.files = [...new Set(out.files)];
  return out;
}

async function walkAll(dir: string, options: DiscoverOptions, out: Discovered, seen: Set<string>, matcher: (p: string) => boolean): Promise<void> {
  let real: string;
  try {
    real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
  } catch (err) {
    out.errors.push({ path: dir, message: describe(err) });
    return;
  }
  let names: Array<{ name: string; dir: boolean }> = [];
  try {
    const handle = await opendir(dir);
    for await (const entry of handle) {
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = (await stat(join(dir, entry.name))).isDirectory();
        } catch {
          continue;
        }
      }
      names.push({ name: entry.name, dir: isDir });
    }
  } catch (err) {
    out.errors.push({ path: dir, message: describe(err) });
    return;
  }
  names = names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, dir: isDir } of names) {
    const full = join(dir, name);
    if (options.ignore(toPosix(relative(options.cwd, full)))) continue;
    if (isDir) {
      if (!SKIPPED_DIRS.has(name)) await walkAll(full, options, out, seen, matcher);
    } else if (matcher(toPosix(full))) {
      out.files.push(full);
    }
  }
}
