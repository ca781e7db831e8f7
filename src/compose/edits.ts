/**
 * Edits of a compose file that rules offer as suggestions (code actions in the editor): mount a
 * named volume at a path of a service, declared under the top-level `volumes:`; move an entry's
 * container path. Each works on the text as written (block style, the file's own indentation and
 * line endings) and gives up (null) on what it cannot edit safely: flow style (`volumes: [a]`), a
 * service or declaration in another file, an empty top-level `volumes:`.
 */
import type { Fix, TextEdit } from '../engine/types.js';
import type { ComposeModel, ComposeService, SourceLocation } from './types.js';
import { writtenMounts, type WrittenMount } from './query.js';

function textOf(model: ComposeModel, file: string): string | null {
  return model.files.find((f) => f.file === file && f.role !== 'env')?.text ?? null;
}

function eolOf(text: string): string {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function insertAt(line: number, text: string): TextEdit {
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text };
}

/** A volume key for the service's path that the project does not use yet: `db-mysql`, `db-mysql-2` … */
function freeName(model: ComposeModel, service: ComposeService, path: string): string {
  const base = `${service.name}-${path.split('/').filter(Boolean).pop() ?? 'data'}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
  let name = base;
  for (let i = 2; model.volumes.has(name); i++) name = `${base}-${i}`;
  return name;
}

/** The line after an entry (its last line + 1; a range ending at column 0 ends on the line before). */
function lineAfter(location: SourceLocation): number {
  const end = location.range.end;
  return end.character === 0 && end.line > location.range.start.line ? end.line : end.line + 1;
}

/** Where to add `- name:path` to the service's block list `volumes:`, or the `volumes:` key itself. */
function serviceEntryEdit(lines: readonly string[], service: ComposeService, entry: string, eol: string): TextEdit | null {
  const own = writtenMounts(service).filter((m) => m.syntax !== 'tmpfs' && m.location.file === service.location.file);
  if (own.length > 0) {
    const last = own.reduce((a, b) => (b.location.range.start.line > a.location.range.start.line ? b : a));
    const item = /^([ \t]*)-[ \t]/.exec(lines[last.location.range.start.line] ?? '');
    if (!item) return null;
    return insertAt(lineAfter(last.location), `${item[1]}- ${entry}${eol}`);
  }
  // No entry yet: a `volumes:` key as the service's first key, indented like its other keys.
  const keyLine = service.location.range.start.line;
  const keyIndent = indentOf(lines[keyLine] ?? '').length;
  let childIndent: string | null = null;
  for (let i = keyLine + 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    const indent = indentOf(text);
    if (indent.length <= keyIndent) break;
    childIndent ??= indent;
    // A `volumes:` key already there (empty, or in flow style): not edited.
    if (indent === childIndent && /^volumes\s*:/.test(text.trimStart())) return null;
  }
  if (childIndent === null || !/^[ \t]*[^\s#][^:]*:\s*(#.*)?$/.test(lines[keyLine] ?? '')) return null;
  return insertAt(keyLine + 1, `${childIndent}volumes:${eol}${childIndent}  - ${entry}${eol}`);
}

/** Where to declare `name:` under the top-level `volumes:`, adding the key at the end when there is none. */
function declarationEdit(model: ComposeModel, file: string, lines: readonly string[], text: string, name: string, eol: string): TextEdit | null {
  const declared = [...model.volumes.values()];
  if (declared.length > 0) {
    const here = declared.filter((v) => v.location.file === file);
    if (here.length === 0) return null;
    const first = here.reduce((a, b) => (b.location.range.start.line < a.location.range.start.line ? b : a));
    const line = first.location.range.start.line;
    return insertAt(line, `${indentOf(lines[line] ?? '')}${name}:${eol}`);
  }
  if (lines.some((l) => /^volumes\s*:/.test(l))) return null;
  const end = { line: lines.length - 1, character: (lines[lines.length - 1] ?? '').length };
  const lead = text.length > 0 && !text.endsWith('\n') && !text.endsWith('\r') ? eol : '';
  return { range: { start: end, end }, text: `${lead}volumes:${eol}  ${name}:${eol}` };
}

/**
 * Mount a new named volume at `paths` of the service and declare it: one volume per path. null when
 * the file cannot be edited safely (see the module comment) or is not the service's.
 */
export function namedVolumeFix(model: ComposeModel, service: ComposeService, paths: readonly string[]): Fix | null {
  const file = service.location.file;
  const text = textOf(model, file);
  // The version-1 format (no `services:`) declares no volumes at the top level.
  if (text === null || paths.length === 0 || !/^services\s*:/m.test(text)) return null;
  const lines = text.split(/\r\n|\r|\n/);
  const eol = eolOf(text);
  const names: string[] = [];
  const edits: TextEdit[] = [];
  const taken = new Set(model.volumes.keys());
  for (const path of paths) {
    let name = freeName(model, service, path);
    for (let i = 2; taken.has(name) || names.includes(name); i++) name = `${freeName(model, service, path)}-${i}`;
    names.push(name);
  }
  const entries = paths.map((path, i) => `${names[i]}:${path}`);
  const mount = serviceEntryEdit(lines, service, entries[0]!, eol);
  const declare = declarationEdit(model, file, lines, text, names[0]!, eol);
  if (!mount || !declare) return null;
  // Further paths go right after the first, in the same list and the same declaration block.
  const itemPrefix = /^([ \t]*- )/m.exec(mount.text)?.[1] ?? '  - ';
  const declPrefix = /^[ \t]*(?=[^ \t])/.exec(declare.text.split(/\r?\n/).find((l) => l.trim() !== '' && !/^volumes\s*:/.test(l)) ?? '')?.[0] ?? '  ';
  mount.text += entries.slice(1).map((e) => `${itemPrefix}${e}${eol}`).join('');
  declare.text += names.slice(1).map((n) => `${declPrefix}${n}:${eol}`).join('');
  edits.push(mount, declare);
  return {
    description: paths.length === 1 ? `Mount a named volume ${names[0]} at ${paths[0]}` : `Mount named volumes ${names.join(', ')} at ${paths.join(', ')}`,
    safety: 'safe',
    edits,
  };
}

/**
 * Move a short-syntax entry to another container path (`pgdata:/var/lib/postgresql` →
 * `pgdata:/var/lib/postgresql/data`). Data already in the volume stays where it was written:
 * unsafe. null for the long syntax or when the target is not written as the entry's container path.
 */
export function moveEntryFix(model: ComposeModel, mount: WrittenMount, to: string): Fix | null {
  if (mount.syntax !== 'short' || mount.location.range.start.line !== mount.location.range.end.line) return null;
  const text = textOf(model, mount.location.file);
  if (text === null) return null;
  const line = text.split(/\r\n|\r|\n/)[mount.location.range.start.line] ?? '';
  const entry = line.slice(mount.location.range.start.character, mount.location.range.end.character);
  const written = mount.targetRaw;
  const at = entry.indexOf(`:${written}`);
  if (at < 0 || entry.indexOf(`:${written}`, at + 1) >= 0) return null;
  const character = mount.location.range.start.character + at + 1;
  const range = { start: { line: mount.location.range.start.line, character }, end: { line: mount.location.range.start.line, character: character + written.length } };
  return { description: `Mount it at ${to}`, safety: 'unsafe', edits: [{ range, text: to }] };
}
