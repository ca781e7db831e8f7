/**
 * Configuration: `.volint.yaml`, `.volint.yml` or `.volint.json`, found from the linted file's
 * directory upward to the repository root, or given with --config. Data only: nothing executes.
 */
import { readFile } from '../util/fs-async.js';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import picomatch from 'picomatch';
import type { BaseImageEntry } from '../model/image-types.js';
import type { TargetConfig, TargetLists } from '../model/targets.js';
import { BUILDERS, type BuilderSetting, type TargetClass } from '../model/types.js';
import type { AnyRule, Severity, SeveritySetting } from './types.js';

export const CONFIG_NAMES = ['.volint.yaml', '.volint.yml', '.volint.json'];

export interface VolintConfig {
  /** The file it came from (for messages), or `<defaults>`. */
  source: string;
  /** The directory relative to which globs match. */
  root: string;
  rules: Map<string, SeveritySetting>;
  builder?: BuilderSetting;
  ignorePatterns: string[];
  overrides: Array<{ files: string[]; rules: Map<string, SeveritySetting>; compose?: ComposeConfig }>;
  targets: TargetConfig;
  /** `compose:` settings (absent: the defaults). */
  compose?: ComposeConfig;
  baseImages: BaseImageEntry[];
  failLevel?: Severity;
}

/** How compose projects are judged: `compose: { deployed: true }`. */
export interface ComposeConfig {
  /** The compose files are deployed as written: a project that keeps no data is not a throw-away stack (VOL022), nor one with development stack evidence a development stack (VOL020, VOL022). */
  deployed?: boolean;
}

export class ConfigError extends Error {}

const KEYS = new Set(['rules', 'builder', 'ignorePatterns', 'overrides', 'targets', 'baseImages', 'failLevel', 'compose', '$schema']);
const SEVERITY_SETTINGS = new Set(['off', 'note', 'warning', 'error']);
const TARGET_CLASSES: TargetClass[] = ['good', 'code', 'config', 'static', 'cache', 'system'];
/** Caps YAML alias expansion ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(file: string, key: string, expected: string): never {
  throw new ConfigError(`${file}: ${key}: ${expected}`);
}

function stringList(file: string, key: string, value: unknown, globs = false): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(file, key, 'expected a list of strings');
  if (globs) {
    for (const pattern of value as string[]) {
      // Without `debug`, picomatch turns a glob it cannot compile ("**/{a,b", "[z-a]") into a regex
      // that silently matches nothing; with it, the error surfaces here.
      let error: string | null = null;
      try {
        picomatch.makeRe(pattern, { debug: true });
      } catch (err) {
        error = (err as Error).message.split(': ').pop() ?? (err as Error).message;
      }
      if (error !== null) fail(file, key, `invalid glob ${JSON.stringify(pattern)} (${error.toLowerCase()})`);
    }
  }
  return value as string[];
}

function composeConfig(file: string, key: string, value: unknown): ComposeConfig {
  if (!isObject(value)) fail(file, key, 'expected a mapping (deployed: true | false)');
  const config: ComposeConfig = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== 'deployed') fail(file, `${key}.${k}`, 'unknown key (expected deployed)');
    if (typeof v !== 'boolean') fail(file, `${key}.${k}`, 'expected true or false');
    config.deployed = v;
  }
  return config;
}

export function resolveRuleKey(rules: readonly AnyRule[], key: string): AnyRule | undefined {
  return rules.find((r) => r.id.toUpperCase() === key.toUpperCase() || r.name === key.toLowerCase());
}

function ruleMap(file: string, key: string, value: unknown, rules: readonly AnyRule[]): Map<string, SeveritySetting> {
  if (!isObject(value)) fail(file, key, 'expected a mapping of rule id or name to off|note|warning|error');
  const map = new Map<string, SeveritySetting>();
  for (const [name, setting] of Object.entries(value)) {
    const rule = resolveRuleKey(rules, name);
    if (!rule) fail(file, `${key}.${name}`, `unknown rule (known: ${rules.map((r) => r.id).join(', ')})`);
    if (typeof setting !== 'string' || !SEVERITY_SETTINGS.has(setting)) fail(file, `${key}.${name}`, 'expected off, note, warning or error');
    map.set(rule.id, setting as SeveritySetting);
  }
  return map;
}

export function validateConfig(raw: unknown, file: string, rules: readonly AnyRule[]): VolintConfig {
  const config: VolintConfig = {
    source: file,
    root: dirname(file),
    rules: new Map(),
    ignorePatterns: [],
    overrides: [],
    targets: {},
    baseImages: [],
  };
  if (raw === null || raw === undefined) return config;
  if (!isObject(raw)) fail(file, '(top level)', 'expected a mapping');
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) fail(file, key, `unknown key (expected one of ${[...KEYS].filter((k) => k !== '$schema').join(', ')})`);
  }
  if (raw.rules !== undefined) config.rules = ruleMap(file, 'rules', raw.rules, rules);
  if (raw.builder !== undefined) {
    if (typeof raw.builder !== 'string' || !(raw.builder === 'any' || (BUILDERS as readonly string[]).includes(raw.builder))) {
      fail(file, 'builder', `expected one of any, ${BUILDERS.join(', ')}`);
    }
    config.builder = raw.builder as BuilderSetting;
  }
  if (raw.ignorePatterns !== undefined) config.ignorePatterns = stringList(file, 'ignorePatterns', raw.ignorePatterns, true);
  if (raw.failLevel !== undefined) {
    if (raw.failLevel !== 'error' && raw.failLevel !== 'warning' && raw.failLevel !== 'note') fail(file, 'failLevel', 'expected error, warning or note');
    config.failLevel = raw.failLevel;
  }
  if (raw.overrides !== undefined) {
    if (!Array.isArray(raw.overrides)) fail(file, 'overrides', 'expected a list of { files, rules }');
    config.overrides = raw.overrides.map((o: unknown, i: number) => {
      const key = `overrides[${i}]`;
      if (!isObject(o)) fail(file, key, 'expected a mapping with files and rules');
      for (const k of Object.keys(o)) if (k !== 'files' && k !== 'rules' && k !== 'compose') fail(file, `${key}.${k}`, 'unknown key (expected files, rules, compose)');
      const files = typeof o.files === 'string' ? [o.files] : stringList(file, `${key}.files`, o.files, true);
      if (typeof o.files === 'string') stringList(file, `${key}.files`, files, true);
      return { files, rules: ruleMap(file, `${key}.rules`, o.rules ?? {}, rules), ...(o.compose !== undefined ? { compose: composeConfig(file, `${key}.compose`, o.compose) } : {}) };
    });
  }
  if (raw.compose !== undefined) config.compose = composeConfig(file, 'compose', raw.compose);
  if (raw.targets !== undefined) {
    if (!isObject(raw.targets)) fail(file, 'targets', 'expected a mapping of class to a list of globs, or to { replace: [...] } / { extend: [...] }');
    const replace: Partial<TargetLists> = {};
    const extend: Partial<TargetLists> = {};
    for (const [cls, value] of Object.entries(raw.targets)) {
      if (!TARGET_CLASSES.includes(cls as TargetClass)) fail(file, `targets.${cls}`, `unknown class (expected ${TARGET_CLASSES.join(', ')})`);
      const c = cls as TargetClass;
      if (Array.isArray(value)) extend[c] = stringList(file, `targets.${cls}`, value, true);
      else if (isObject(value)) {
        for (const k of Object.keys(value)) if (k !== 'replace' && k !== 'extend') fail(file, `targets.${cls}.${k}`, 'unknown key (expected replace or extend)');
        if (value.replace !== undefined) replace[c] = stringList(file, `targets.${cls}.replace`, value.replace, true);
        if (value.extend !== undefined) extend[c] = stringList(file, `targets.${cls}.extend`, value.extend, true);
      } else fail(file, `targets.${cls}`, 'expected a list of globs or { replace | extend }');
    }
    config.targets = { replace, extend };
  }
  if (raw.baseImages !== undefined) {
    if (!isObject(raw.baseImages)) fail(file, 'baseImages', 'expected a mapping of image name (optionally name:tag-glob) to a list of volume paths');
    for (const [image, value] of Object.entries(raw.baseImages)) {
      const key = `baseImages.${image}`;
      const volumes = Array.isArray(value) ? stringList(file, key, value) : isObject(value) ? stringList(file, `${key}.volumes`, value.volumes ?? []) : fail(file, key, 'expected a list of paths or { volumes, env, user }');
      for (const v of volumes) if (!v.startsWith('/')) fail(file, key, `volume ${JSON.stringify(v)} is not an absolute path`);
      const colon = image.lastIndexOf(':');
      const hasTag = colon > image.lastIndexOf('/');
      const env = isObject(value) && isObject(value.env) ? (value.env as Record<string, string>) : undefined;
      const user = isObject(value) && typeof value.user === 'string' ? value.user : undefined;
      config.baseImages.push({
        name: hasTag ? image.slice(0, colon) : image,
        tags: [hasTag ? image.slice(colon + 1) : '*'],
        volumes,
        ...(env ? { env } : {}),
        ...(user ? { user } : {}),
        source: file,
      });
    }
  }
  return config;
}

export async function parseConfigText(text: string, file: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`${file}: not valid JSON${jsonErrorPosition(text, (err as Error).message)} (${(err as Error).message})`);
    }
  }
  // yaml is CommonJS under Node's conditions: its named exports sit on `default` once bundled.
  const yaml = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  const parse = yaml.parse ?? yaml.default!.parse;
  try {
    return parse(text, { maxAliasCount: MAX_ALIAS_COUNT, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    // The yaml package's errors carry the offset of the fault (pos); prettyErrors: false keeps the
    // message to the point and leaves the line and column to be computed here.
    const offset = (err as { pos?: [number, number] }).pos?.[0];
    const where = offset !== undefined ? lineColumn(text, offset) : '';
    throw new ConfigError(`${file}: not valid YAML${where} (${(err as Error).message.split('\n')[0]})`);
  }
}

/** ` at line L, column C` for JSON.parse's "… at position N" (Node 20) or "(line L column C)" (Node 22). */
function jsonErrorPosition(text: string, message: string): string {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return ` at line ${lineCol[1]}, column ${lineCol[2]}`;
  const at = /at position (\d+)/.exec(message);
  return at ? lineColumn(text, Number(at[1])) : '';
}

/** ` at line L, column C` (1-based) of an offset into `text`. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

export async function loadConfigFile(file: string, rules: readonly AnyRule[]): Promise<VolintConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return validateConfig(await parseConfigText(text, file), resolve(file), rules);
}

// Synchronous stat without an exception for a missing file: the config search makes four of these
// per directory, and an async stat that fails costs ~12x more (it builds an Error with a stack).
async function exists(path: string): Promise<boolean> {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

async function isRepoRoot(dir: string): Promise<boolean> {
  try {
    return statSync(join(dir, '.git'), { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/** Finds the nearest config file from `dir` upward, stopping at the repository root. Cached per directory. */
export class ConfigResolver {
  private readonly cache = new Map<string, Promise<string | null>>();

  find(dir: string): Promise<string | null> {
    let cached = this.cache.get(dir);
    if (!cached) {
      cached = this.lookup(dir);
      this.cache.set(dir, cached);
    }
    return cached;
  }

  private async lookup(dir: string): Promise<string | null> {
    const found: string[] = [];
    for (const name of CONFIG_NAMES) {
      if (await exists(join(dir, name))) found.push(name);
    }
    if (found.length > 1) {
      // Which one is meant is not for volint to guess: the other would be ignored without a word.
      throw new ConfigError(`${dir}: ${found.join(' and ')} are both here; volint reads one config file per directory: merge them into one`);
    }
    if (found.length === 1) return join(dir, found[0]!);
    const parent = dirname(dir);
    if (parent === dir || (await isRepoRoot(dir))) return null;
    return this.find(parent);
  }
}
