/** POSIX path arithmetic for container paths (never the host's `node:path`, which may be win32). */
import type { SymbolicLink } from './types.js';

/** Normalises an absolute or relative POSIX path: collapses `//`, `.`, `..`; no trailing slash. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  // Already normal (most paths): no empty, `.` or `..` segment, no trailing slash.
  if (absolute && path.length > 1 && !path.endsWith('/') && !path.includes('//') && !path.includes('/.')) return path;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join('/');
  if (absolute) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** Resolves `path` against the absolute directory `base` (as `cd base; realpath -m path`). */
export function resolvePath(base: string, path: string): string {
  if (path.startsWith('/')) return normalizePath(path);
  return normalizePath(`${base}/${path}`);
}

/** True when `path` equals `dir` or lies below it (`/data/x` in `/data`; `/database` is not). */
export function isWithin(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/');
  return path === dir || (path.startsWith(dir) && path.charCodeAt(dir.length) === 47);
}

/** True when the two paths are the same or one contains the other. */
export function overlaps(a: string, b: string): boolean {
  return isWithin(a, b) || isWithin(b, a);
}

/** Windows container paths: `C:\data`, `c:/data`, `D:`; drive letter lower-cased for comparison. */
const WINDOWS_DRIVE = /^([A-Za-z]):(?:[\\/]|$)/;

export function isWindowsPath(path: string): boolean {
  return WINDOWS_DRIVE.test(path);
}

/** Canonical form of a Windows path for comparisons: `c:/data`. */
export function normalizeWindowsPath(path: string): string {
  const m = WINDOWS_DRIVE.exec(path);
  if (!m) return normalizePath(path.replace(/\\/g, '/'));
  const rest = normalizePath('/' + path.slice(2).replace(/\\/g, '/'));
  return `${m[1]!.toLowerCase()}:${rest === '/' ? '/' : rest}`.toLowerCase();
}

export function driveOf(path: string): string | null {
  const m = WINDOWS_DRIVE.exec(path);
  return m ? m[1]!.toUpperCase() : null;
}

/**
 * The path a step really changes when it names `path` through known links (`/link/f` with
 * `/link -> /data`: `/data/f`), following up to 8 links; null when no link is on the way.
 */
export function followLinks(path: string, links: ReadonlyMap<string, SymbolicLink>): { path: string; link: SymbolicLink } | null {
  if (links.size === 0) return null;
  let current = path;
  let first: SymbolicLink | null = null;
  for (let hop = 0; hop < 8; hop++) {
    let found: SymbolicLink | null = null;
    for (const link of links.values()) {
      if (isWithin(current, link.path) && (!found || link.path.length > found.path.length)) found = link;
    }
    if (!found) break;
    first ??= found;
    const next = normalizePath(found.target + current.slice(found.path.length));
    if (next === current) break;
    current = next;
  }
  return first && current !== path ? { path: current, link: first } : null;
}
