/**
 * The tree a compose file is read into (src/compose/yaml-tree.ts reads it with the `yaml` package)
 * and the helpers that walk it. Apart from the reader so that code that only walks trees (the
 * compose rules, which every run loads with the rule list) does not load the YAML parser.
 */
import type { SourceLocation } from './types.js';

export interface TreeBase {
  loc: SourceLocation;
  /** Compose's merge tags: `!reset` removes the value inherited from earlier files, `!override` replaces it. */
  tag?: 'reset' | 'override';
}
export interface TreeMap extends TreeBase {
  kind: 'map';
  /** In document order; keys are unique (a later duplicate replaces an earlier one). */
  entries: Map<string, TreeEntry>;
}
export interface TreeEntry {
  key: string;
  keyLoc: SourceLocation;
  value: TreeNode;
}
export interface TreeSeq extends TreeBase {
  kind: 'seq';
  items: TreeNode[];
}
export interface TreeScalar extends TreeBase {
  kind: 'scalar';
  /** After interpolation for strings; numbers and booleans as YAML read them; null for `~`/empty. */
  value: string | number | boolean | null;
  /** The text as written in the file (before interpolation). */
  source: string;
}
export type TreeNode = TreeMap | TreeSeq | TreeScalar;

/** The string of a scalar (numbers and booleans as text); null for maps, sequences and null. */
export function scalarText(node: TreeNode | undefined): string | null {
  if (!node || node.kind !== 'scalar' || node.value === null) return null;
  return String(node.value);
}

export function entry(node: TreeNode | undefined, key: string): TreeEntry | undefined {
  return node?.kind === 'map' ? node.entries.get(key) : undefined;
}

export function child(node: TreeNode | undefined, key: string): TreeNode | undefined {
  return entry(node, key)?.value;
}
