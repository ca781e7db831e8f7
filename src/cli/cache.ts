/**
 * `--cache`: findings stored per file, reused while nothing that could change them has changed.
 *
 * An entry's key is a SHA-256 over everything a file's findings depend on: the file's bytes, the
 * path it is reported under, the volint version and code, and the settings it is linted with (the
 * rule set, every severity from config, overrides and --rule, builder, target, --report-unused-ignores,
 * the whole configuration file that applies to it and the --image-config files). Any change in one
 * of them gives another key, and the file is linted again. The file is read and hashed every time:
 * no modification-time shortcut, so a file rewritten within the same second is still seen.
 *
 * The store is one JSON file (`.volintcache` in the working directory by default), written
 * atomically at the end of a run. A cache file that cannot be read or parsed is ignored (the run
 * starts from empty and rewrites it); a cache that cannot be written is a warning, not a failure.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Finding } from '../engine/types.js';
import type { LintSettings } from '../engine/linter.js';
import type { VolintConfig } from '../engine/config.js';

const FORMAT = 1;

interface CacheEntry {
  key: string;
  findings: Finding[];
  /** What else the key covers: a compose project's other files and `$NAME` environment variables (compose-deps.ts). */
  deps?: string[];
}

interface CacheFile {
  volintCache: number;
  entries: Record<string, [key: string, findings: Finding[], deps?: string[]]>;
}

/** Serialises Maps (config rules, severities) as sorted entries so equal settings hash alike. */
function stable(_key: string, value: unknown): unknown {
  if (value instanceof Map) return [...value.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  if (value instanceof Set) return [...value].sort();
  return value;
}

/**
 * The part of a cache key that depends on how a file is linted, not on its content. `code`
 * identifies the volint build (version and a hash of the running bundle).
 */
export function settingsFingerprint(
  code: string,
  settings: LintSettings,
  config: VolintConfig | null,
  imageConfigs: string,
): string {
  const hash = createHash('sha256');
  hash.update(`volint-cache-${FORMAT}\0${code}\0`);
  hash.update(JSON.stringify(settings.rules.map((r) => [r.id, r.severity])));
  hash.update('\0');
  hash.update(JSON.stringify({
    builder: settings.builder,
    target: settings.target ?? null,
    severities: settings.severities,
    reportUnusedIgnores: settings.reportUnusedIgnores ?? false,
    composeDeployed: settings.composeDeployed ?? false,
  }, stable));
  hash.update('\0');
  hash.update(JSON.stringify(config, stable) ?? 'null');
  hash.update('\0');
  hash.update(imageConfigs);
  return hash.digest('hex');
}

/** The key of one file: its settings fingerprint, reported path and exact bytes. */
export function entryKey(fingerprint: string, displayPath: string, content: Uint8Array): string {
  return createHash('sha256').update(fingerprint).update('\0').update(displayPath).update('\0').update(content).digest('hex');
}

export class LintCache {
  /** Whether the entries differ from the file's (a missing or unusable file counts as different). */
  private changed: boolean;

  private constructor(
    readonly location: string,
    private readonly entries: Map<string, CacheEntry>,
    /** Why the previous cache was not used (corrupt, other format), for --debug style messages. */
    readonly discarded: string | null,
    loaded = false,
  ) {
    this.changed = !loaded;
  }

  /** Loads the store; a missing, unreadable or malformed file gives an empty cache. */
  static async load(location: string): Promise<LintCache> {
    let text: string;
    try {
      text = await readFile(location, 'utf8');
    } catch {
      return new LintCache(location, new Map(), null);
    }
    try {
      const parsed = JSON.parse(text) as Partial<CacheFile> | null;
      if (!parsed || parsed.volintCache !== FORMAT || typeof parsed.entries !== 'object' || parsed.entries === null) {
        return new LintCache(location, new Map(), 'not a volint cache of this format');
      }
      const entries = new Map<string, CacheEntry>();
      for (const [file, value] of Object.entries(parsed.entries)) {
        if (Array.isArray(value) && typeof value[0] === 'string' && Array.isArray(value[1])) {
          const deps = Array.isArray(value[2]) && value[2].every((d) => typeof d === 'string') ? (value[2] as string[]) : undefined;
          entries.set(file, { key: value[0], findings: value[1], ...(deps ? { deps } : {}) });
        }
      }
      return new LintCache(location, entries, null, true);
    } catch {
      return new LintCache(location, new Map(), 'not valid JSON');
    }
  }

  get(file: string): CacheEntry | undefined {
    return this.entries.get(file);
  }

  set(file: string, key: string, findings: Finding[], deps?: string[]): void {
    this.entries.set(file, { key, findings, ...(deps ? { deps } : {}) });
    this.changed = true;
  }

  delete(file: string): void {
    if (this.entries.delete(file)) this.changed = true;
  }

  /**
   * Writes the store atomically (temporary file beside it, then rename), unless nothing changed
   * since it was read (a second run over an unchanged tree writes nothing).
   */
  async save(): Promise<void> {
    if (!this.changed) return;
    const out: CacheFile = { volintCache: FORMAT, entries: {} };
    for (const [file, entry] of this.entries) out.entries[file] = entry.deps ? [entry.key, entry.findings, entry.deps] : [entry.key, entry.findings];
    const temp = join(dirname(this.location), `.${basename(this.location)}.${process.pid}.tmp`);
    try {
      // A --cache-location in a directory that does not exist yet: created, as ESLint and Ruff do.
      await mkdir(dirname(this.location), { recursive: true });
      await writeFile(temp, JSON.stringify(out));
      await rename(temp, this.location);
      this.changed = false;
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }
}

/** The cache file's name inside a directory given as --cache-location. */
export const CACHE_FILE_NAME = '.volintcache';

/**
 * Where --cache keeps its file: `location` (default `.volintcache`) relative to `cwd`; a location
 * that ends with a slash or names an existing directory means `.volintcache` inside it (as
 * ESLint's --cache-location does).
 */
export function cacheFilePath(cwd: string, location: string | undefined): string {
  if (location === undefined) return resolve(cwd, CACHE_FILE_NAME);
  const absolute = resolve(cwd, location);
  if (/[\\/]$/.test(location)) return join(absolute, CACHE_FILE_NAME);
  try {
    if (statSync(absolute).isDirectory()) return join(absolute, CACHE_FILE_NAME);
  } catch {
    // Not there yet: a file of that name.
  }
  return absolute;
}
