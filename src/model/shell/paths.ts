/**
 * POSIX path helpers for the RUN analysis. Paths are plain strings; nothing here touches the file
 * system.
 */

const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|\/$/;

/** Normalises an absolute path: no empty, `.` or `..` segments, no trailing slash (`/` stays `/`). */
export function normalizeAbsolute(path: string): string {
  // Most paths are already normal: absolute, no `//`, no `.` or `..` segment, no trailing slash.
  if (path.length > 1 && path.charCodeAt(0) === 47 && !NOT_NORMAL.test(path)) return path;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return '/' + out.join('/');
}

/** Joins `path` onto the absolute directory `base` (an absolute `path` ignores `base`) and normalises. */
export function joinPath(base: string, path: string): string {
  return normalizeAbsolute(path.startsWith('/') ? path : `${base}/${path}`);
}

/** The deepest directory that contains both absolute, normalised paths. */
export function commonAncestor(a: string, b: string): string {
  const left = a.split('/');
  const right = b.split('/');
  const shared: string[] = [];
  for (let i = 1; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) break;
    shared.push(left[i]!);
  }
  return '/' + shared.join('/');
}

/** The last segment of a path, ignoring trailing slashes (`/a/b/` → `b`); '' for `/`. */
export function baseName(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  const trimmed = path.slice(0, end);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * Device and pseudo-file paths that a redirection or a tool may name without writing to the image:
 * `/dev/null`, `/dev/stdout`, `/dev/stderr`, `/dev/stdin`, `/dev/tty`, `/dev/fd/N`, `/proc/self/fd/N`.
 */
export function isDevicePath(path: string): boolean {
  return (
    path === '/dev/null' ||
    path === '/dev/stdout' ||
    path === '/dev/stderr' ||
    path === '/dev/stdin' ||
    path === '/dev/tty' ||
    path === '/dev/zero' ||
    path.startsWith('/dev/fd/') ||
    path.startsWith('/proc/self/fd/')
  );
}

/** `/usr/bin/mkdir` → `mkdir`. */
export function commandBaseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
