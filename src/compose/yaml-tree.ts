/**
 * A compose file read with the `yaml` package into a small tree that keeps where every node was
 * written (file, range) and has its string values interpolated. Anchors, aliases and merge keys
 * (`<<: *defaults`) are resolved; Compose's `!reset` and `!override` tags are kept for the merge.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Document } from 'yaml';
import type { Position, Range } from '../parse/types.js';
import { interpolate, type Variables } from './interpolate.js';
import type { ComposeProblem, FileComments, SourceLocation, UnsetVariableUse } from './types.js';

import type { TreeBase, TreeEntry, TreeMap, TreeNode } from './tree.js';

export type { TreeBase, TreeEntry, TreeMap, TreeNode, TreeScalar, TreeSeq } from './tree.js';
export { child, entry, scalarText } from './tree.js';

/** Positions in a text: 0-based lines and UTF-16 characters. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }
  get lineCount(): number {
    return this.starts.length;
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  /** The offset of a position (the inverse of `position`). */
  offset(position: Position): number {
    return (this.starts[position.line] ?? 0) + position.character;
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }
}

/** At most this many nodes per file, aliases expanded: a guard against alias bombs. */
const MAX_NODES = 200_000;

export interface ReadTree {
  root: TreeNode | null;
  /** The file's comments; null when the text is not valid YAML. */
  comments: FileComments | null;
  problems: ComposeProblem[];
  /** Every use of a variable that is unset and has no default, in document order (the project reports each variable once). */
  unset: UnsetVariableUse[];
  /** Every variable a value of the file names where interpolation reads it (Interpolated.names). */
  named: Set<string>;
  lines: LineIndex;
}

/**
 * The string a document writes at a top-level key (`name:`), not interpolated; null when the text is
 * not valid YAML, its top level is not a mapping, or the value is not a non-empty string.
 */
export function topLevelString(text: string, key: string): string | null {
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
    const value: unknown = doc.contents.get(key);
    return typeof value === 'string' && value !== '' ? value : null;
  } catch {
    return null;
  }
}

/**
 * Parses one compose file. YAML errors become problems (the first one names the line and cause);
 * a file with errors yields no tree. Interpolation issues become problems at the scalar.
 */
export function readComposeTree(text: string, file: string, variables: Variables): ReadTree {
  return readTree(text, file, variables);
}

/** Parses a YAML file that is not a compose file (a CI workflow): the same tree, its strings as written (no interpolation). */
export function readYamlTree(text: string, file: string): ReadTree {
  return readTree(text, file, null);
}

function readTree(text: string, file: string, variables: Variables | null): ReadTree {
  const lines = new LineIndex(text);
  const problems: ComposeProblem[] = [];
  const unset: UnsetVariableUse[] = [];
  const named = new Set<string>();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  } catch (err) {
    problems.push({ location: { file, range: lines.range(0, 0) }, message: `not valid YAML: ${(err as Error).message}`, severity: 'error' });
    return { root: null, comments: null, problems, unset, named, lines };
  }
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const [start, end] = error.pos;
    problems.push({
      location: { file, range: lines.range(start, end) },
      message: `not valid YAML: ${firstLine(error.message)}`,
      severity: 'error',
    });
    return { root: null, comments: null, problems, unset, named, lines };
  }
  let visits = 0;
  const loc = (node: YamlNode | null | undefined): SourceLocation => {
    const range = node?.range;
    return { file, range: range ? lines.range(range[0], range[1]) : lines.range(0, 0) };
  };
  // `path`: the keys (and `[]` for a list item) from the top of the document to the node, as it is used
  // (an alias's content at the alias, a merge key's entries in the mapping that merges them).
  const convert = (node: unknown, stack: Set<unknown>, path: readonly string[]): TreeNode => {
    if (++visits > MAX_NODES) throw new TreeTooLarge();
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target || stack.has(target)) return { kind: 'scalar', value: null, source: '', loc: loc(node) };
      stack.add(target);
      try {
        return convert(target, stack, path);
      } finally {
        stack.delete(target);
      }
    }
    const yamlNode = node as YamlNode;
    const tag = yamlNode?.tag === '!reset' ? 'reset' : yamlNode?.tag === '!override' ? 'override' : undefined;
    const base = { loc: loc(yamlNode), ...(tag ? { tag } : {}) } as TreeBase;
    if (isMap(node)) {
      const entries = new Map<string, TreeEntry>();
      const merged: TreeMap[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        if (isScalar(keyNode) && (typeof keyNode.value === 'symbol' || (keyNode.source === '<<' && keyNode.type === 'PLAIN'))) {
          // A merge key: its maps fill in the keys this mapping does not write.
          const value = convert(pair.value, stack, path);
          for (const source of value.kind === 'seq' ? value.items : [value]) if (source.kind === 'map') merged.push(source);
          continue;
        }
        const key = isScalar(keyNode) ? String(keyNode.value) : keyNode ? String((keyNode as { toString(): string }).toString()) : '';
        entries.set(key, { key, keyLoc: loc(keyNode), value: pair.value === null || pair.value === undefined ? { kind: 'scalar', value: null, source: '', loc: loc(keyNode) } : convert(pair.value, stack, [...path, key]) });
      }
      for (const source of merged) {
        for (const [key, entry] of source.entries) if (!entries.has(key)) entries.set(key, entry);
      }
      return { ...base, kind: 'map', entries };
    }
    if (isSeq(node)) {
      return { ...base, kind: 'seq', items: node.items.map((item) => convert(item, stack, [...path, '[]'])) };
    }
    if (isScalar(node)) {
      const raw = node.value;
      const source = node.source ?? (typeof raw === 'string' ? raw : String(raw));
      if (typeof raw === 'string' && variables === null) return { ...base, kind: 'scalar', value: raw, source };
      if (typeof raw === 'string' && variables !== null) {
        const result = interpolate(raw, variables);
        for (const name of result.names) named.add(name);
        for (const issue of result.issues) {
          // An unset variable is recorded at each use (the project reports it once, listing them); a required or invalid one is an error here.
          if (issue.kind === 'unset') unset.push({ variable: issue.variable, location: base.loc, paths: [path] });
          else problems.push({ location: base.loc, message: issue.message, severity: 'error', ...(issue.kind === 'required' ? { required: issue.variable } : {}) });
        }
        return { ...base, kind: 'scalar', value: result.value, source };
      }
      const value = typeof raw === 'number' || typeof raw === 'boolean' ? raw : raw === null || raw === undefined ? null : String(raw);
      return { ...base, kind: 'scalar', value, source };
    }
    return { ...base, kind: 'scalar', value: null, source: '' };
  };
  try {
    const root = doc.contents === null ? null : convert(doc.contents, new Set(), []);
    return { root, comments: fileComments(doc), problems, unset, named, lines };
  } catch (err) {
    if (!(err instanceof TreeTooLarge)) throw err;
    problems.push({ location: { file, range: lines.range(0, 0) }, message: `too large: more than ${MAX_NODES} nodes once aliases are expanded`, severity: 'error' });
    return { root: null, comments: null, problems, unset, named, lines };
  }
}

class TreeTooLarge extends Error {}

/** A comment as the `yaml` package keeps it (the text after each `#`, lines joined by newlines), its lines without the `#`s of a banner (`## Setup ##`). */
function commentLines(comment: string | null | undefined): string[] {
  if (!comment) return [];
  return comment
    .split('\n')
    .map((line) => line.replace(/^[\s#]+|[\s#]+$/g, ''))
    .filter((line) => line !== '');
}

/**
 * The header and the service comments of a parsed document (FileComments). The `yaml` package keeps a
 * comment before the first key on the document (when a blank line follows it), on the top-level mapping,
 * or on the first key; one above the first service on the `services:` mapping; others on the key below them.
 */
function fileComments(doc: Document.Parsed): FileComments {
  const header = [...commentLines(doc.commentBefore)];
  const services = new Map<string, string>();
  const root = doc.contents;
  if (isMap(root)) {
    header.push(...commentLines(root.commentBefore));
    const first = root.items[0];
    const servicesPair = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'services');
    for (const pair of new Set([first, servicesPair])) {
      if (pair && isScalar(pair.key)) header.push(...commentLines(pair.key.commentBefore));
    }
    const map = servicesPair?.value;
    if (isMap(map)) {
      map.items.forEach((pair, index) => {
        if (!isScalar(pair.key)) return;
        const lines = [...(index === 0 ? commentLines(map.commentBefore) : []), ...commentLines(pair.key.commentBefore)];
        if (lines.length > 0) services.set(String(pair.key.value), lines.join('\n'));
      });
    }
  }
  return { header: header.join('\n'), services };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}
