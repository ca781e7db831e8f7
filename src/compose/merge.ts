/**
 * Merging a compose file with its override files, by the Compose specification's merge rules
 * (docs.docker.com/reference/compose-file/merge; compose-go override/merge.go, uncity.go):
 * - mappings merge key by key; a later scalar replaces an earlier one; sequences are appended;
 * - `build:` as a string is `{context: …}` before merging; `build.args`, `environment`, `labels`
 *   and `tmpfs` are merged as lists of `KEY=value` / entries, a later entry for a key replacing the
 *   earlier one;
 * - `command`, `entrypoint` and `healthcheck.test` are replaced, not appended;
 * - a service's `volumes:` entries are unique by container path: a later entry for the same target
 *   replaces the earlier one in place (this also holds inside one file); `tmpfs` likewise by path;
 * - `!reset` removes what earlier files set; `!override` replaces it whole.
 */
import { parseShortVolume } from './short-syntax.js';
import type { TreeMap, TreeNode, TreeSeq } from './yaml-tree.js';

type Path = readonly string[];

function matches(path: Path, pattern: string): boolean {
  const parts = pattern.split('.');
  return parts.length === path.length && parts.every((p, i) => p === '*' || p === path[i]);
}

const REPLACED = ['services.*.command', 'services.*.entrypoint', 'services.*.healthcheck.test'];
const KEYED_LISTS = ['services.*.build.args', 'services.*.environment', 'services.*.labels', 'services.*.build.labels'];

/** Merges `over` onto `base` (both already read); returns a new tree, `null` when `!reset` removes it. */
export function mergeTrees(base: TreeNode | null, over: TreeNode | null, path: Path = []): TreeNode | null {
  if (over === null) return base;
  if (over.tag === 'reset') return null;
  if (base === null || over.tag === 'override') return over;
  if (matches(path, 'services.*.build')) return mergeTrees(buildAsMap(base), buildAsMap(over), [...path, '']) ?? over;
  if (REPLACED.some((p) => matches(path, p))) return over;
  if (KEYED_LISTS.some((p) => matches(path, p)) && (base.kind === 'map' || over.kind === 'map')) return mergeKeyed(base, over);
  if (matches(path, 'services.*.tmpfs') && (base.kind === 'scalar' || over.kind === 'scalar')) {
    return { ...over, kind: 'seq', items: [...asItems(base), ...asItems(over)] } as TreeSeq;
  }
  if (base.kind === 'map' && over.kind === 'map') {
    const entries = new Map(base.entries);
    for (const [key, entry] of over.entries) {
      const earlier = entries.get(key);
      const merged = mergeTrees(earlier?.value ?? null, entry.value, [...path, key]);
      if (merged === null) entries.delete(key);
      else entries.set(key, { ...entry, value: merged });
    }
    return { ...base, entries };
  }
  if (base.kind === 'seq' && over.kind === 'seq') return { ...base, items: [...base.items, ...over.items] };
  return over;
}

function asItems(node: TreeNode): TreeNode[] {
  return node.kind === 'seq' ? node.items : [node];
}

function buildAsMap(node: TreeNode): TreeNode {
  if (node.kind !== 'scalar') return node;
  const entries = new Map([['context', { key: 'context', keyLoc: node.loc, value: node }]]);
  return { loc: node.loc, kind: 'map', entries } as TreeMap;
}

/** `KEY: value` maps and `KEY=value` lists merged as a map, later keys winning. */
function mergeKeyed(base: TreeNode, over: TreeNode): TreeNode {
  const toMap = (node: TreeNode): TreeMap => {
    if (node.kind === 'map') return node;
    const entries: TreeMap['entries'] = new Map();
    for (const item of asItems(node)) {
      if (item.kind !== 'scalar' || item.value === null) continue;
      const text = String(item.value);
      const eq = text.indexOf('=');
      const key = eq < 0 ? text : text.slice(0, eq);
      const value = { ...item, value: eq < 0 ? null : text.slice(eq + 1) };
      entries.set(key, { key, keyLoc: item.loc, value });
    }
    return { loc: node.loc, kind: 'map', entries };
  };
  const merged = toMap(base);
  const entries = new Map(merged.entries);
  for (const [key, entry] of toMap(over).entries) entries.set(key, entry);
  return { ...merged, entries };
}

/** The container path a `volumes:` entry mounts at (its unicity key), or null when unreadable. */
export function volumeEntryTarget(node: TreeNode): string | null {
  if (node.kind === 'map') {
    const target = node.entries.get('target')?.value;
    return target?.kind === 'scalar' && target.value !== null ? String(target.value) : null;
  }
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    try {
      return parseShortVolume(node.value).target;
    } catch {
      return null;
    }
  }
  return null;
}

/** A later entry with the same key replaces the earlier one, in the earlier one's place. */
export function uniqueBy(items: readonly TreeNode[], keyOf: (node: TreeNode) => string | null): TreeNode[] {
  const result: TreeNode[] = [];
  const index = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) {
      result.push(item);
      continue;
    }
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, result.length);
      result.push(item);
    } else {
      result[at] = item;
    }
  }
  return result;
}
