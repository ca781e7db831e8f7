/** Questions about the text of a VOLUME item that several rules and fixes share. */
import { expandWord } from './expand.js';
import { isWindowsPath } from './paths.js';
import type { VolumeInstruction, VolumeItem } from './types.js';

/** The item as Docker sees it after expansion (or as written when it cannot be expanded). */
export function itemText(item: VolumeItem): string {
  return item.expanded.value ?? item.raw;
}

/**
 * `host:container` (`/srv/data:/data`, `./data:/data`, `pgdata:/var/lib/postgresql/data`,
 * `/a:/b:ro`): returns the parts, or null. A Windows drive letter (`C:\data`, `D:`) is a
 * destination, not a source.
 */
export function hostSourceParts(value: string): { source: string; destination: string; mode?: string } | null {
  if (!value.includes(':')) return null;
  if (isWindowsPath(value) && !/^[A-Za-z]:[\\/][^:]*:/.test(value)) return null;
  const match = /^(.+?):((?:[A-Za-z]:)?[\\/][^:]*)(?::([A-Za-z,]+))?$/.exec(value);
  if (!match) return null;
  const [, source, destination, mode] = match;
  if (!source || !destination) return null;
  return { source, destination, ...(mode ? { mode } : {}) };
}

/** Renders a path for the instruction's form: a JSON string in JSON form, a bare word otherwise. */
export function renderPath(owner: VolumeInstruction, path: string): string {
  if (owner.list.form === 'json' || /[\s"'$\\]/.test(path)) return JSON.stringify(path);
  return path;
}

export interface JsonRepair {
  text: string;
  paths: string[];
  /** `safe` when only the punctuation changed (quotes, a trailing comma). */
  safety: 'safe' | 'unsafe';
  what: string;
}

function parseStrings(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
  } catch {
    return null;
  }
}

/** Repairs a VOLUME argument that was meant as JSON; null when the intent is unclear. */
export function repairJsonList(text: string): JsonRepair | null {
  const trimmed = text.trim();
  const singleToDouble = trimmed.replace(/'/g, '"');
  const noTrailingComma = (s: string): string => s.replace(/,\s*\]$/, ']');
  const candidates: Array<[string, 'safe' | 'unsafe', string]> = [
    [singleToDouble, 'safe', 'Use double quotes'],
    [noTrailingComma(trimmed), 'safe', 'Remove the trailing comma'],
    [noTrailingComma(singleToDouble), 'safe', 'Use double quotes and remove the trailing comma'],
  ];
  for (const [candidate, safety, what] of candidates) {
    if (candidate === trimmed) continue;
    const paths = parseStrings(candidate);
    if (paths && paths.length > 0) return { text: JSON.stringify(paths).replace(/","/g, '", "'), paths, safety, what };
  }
  // Unquoted or missing commas: `[/data]`, `["/a" "/b"]`, `[/a, /b]`.
  const inner = /^\[(.*)\]$/s.exec(trimmed)?.[1];
  if (inner !== undefined) {
    const words = inner.split(/[\s,]+/).map((w) => w.replace(/^["']|["']$/g, '')).filter((w) => w.length > 0);
    if (words.length > 0 && words.every((w) => !/["'\[\]]/.test(w))) {
      return { text: JSON.stringify(words).replace(/","/g, '", "'), paths: words, safety: 'unsafe', what: 'Quote each path' };
    }
  }
  return null;
}

/** The words of a shell-form argument joined again as one path, quotes removed. */
export function joinAsOnePath(owner: VolumeInstruction, from: number, to: number, escape: string): string | null {
  const text = owner.instruction.args?.text;
  if (!text) return null;
  const first = owner.list.items[from];
  const last = owner.list.items[to];
  if (!first || !last) return null;
  const slice = text.slice(first.start, last.end);
  if (slice.includes('$')) return null;
  const joined = expandWord(slice, () => undefined, escape);
  return joined.error ? null : joined.value;
}
