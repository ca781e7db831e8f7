/**
 * Code actions in a compose file, for the findings under a range: each finding's fix and
 * suggestions (edits of the compose file), "ignore for this entry" (a `# volint ignore=RULE` line
 * above the entry, read by collectYamlSuppressions) and "ignore in this file" (`# volint global
 * ignore=RULE`).
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range as LspRange } from 'vscode-languageserver';
import type { Finding } from '../engine/types.js';
import type { Position, Range } from '../parse/types.js';
import { toDiagnostic, toLspEdits, workspaceEdit, type DiagnosticOptions } from './convert.js';

export interface ComposeActionRequest {
  uri: string;
  version: number;
  text: string;
  /** The findings on this document (display path already matched). */
  findings: readonly Finding[];
  range: LspRange;
  diagnostics: readonly Diagnostic[];
  only: readonly string[] | undefined;
  /** Ids of real rules: only those can be named in an ignore comment. */
  ruleIds: ReadonlySet<string>;
  documentChanges: boolean;
  diagnosticOptions: DiagnosticOptions;
  /** Maps a related location's file to its URI (findings name Dockerfiles too). */
  uriOf?: (file: string) => string;
}

type Edit = { range: Range; newText: string };

function wanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sharesLines(a: Range, b: Range): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}

const IGNORE = /^(\s*#\s*volint\s+(global\s+)?ignore\s*=\s*)(.*?)(\s+--(?:\s.*)?)?\s*$/i;

/** Appends `ruleId` to the ignore comment on `line`, or null when the line is no such comment or names it already. */
function appendTo(lines: readonly string[], line: number, ruleId: string, global: boolean): Edit | null {
  const match = IGNORE.exec(lines[line] ?? '');
  if (!match || Boolean(match[2]) !== global) return null;
  const list = match[3] ?? '';
  if (list.split(',').some((r) => r.trim().toUpperCase() === ruleId.toUpperCase())) return null;
  const at: Position = { line, character: (match[1] ?? '').length + list.length };
  return { range: { start: at, end: at }, newText: list.trim() === '' ? ruleId : `,${ruleId}` };
}

/** `# volint ignore=RULE` on its own line above the finding's first line, indented like it (or added to the comment there). */
function ignoreForEntry(lines: readonly string[], finding: Finding, eol: string): Edit | null {
  const line = finding.range.start.line;
  let above = line - 1;
  while (above >= 0 && (lines[above] ?? '').trim() === '') above--;
  if (above >= 0) {
    const edit = appendTo(lines, above, finding.ruleId, false);
    if (edit) return edit;
  }
  const indent = /^[ \t]*/.exec(lines[line] ?? '')?.[0] ?? '';
  const at: Position = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}# volint ignore=${finding.ruleId}${eol}` };
}

function ignoreInFile(lines: readonly string[], finding: Finding, eol: string): Edit | null {
  const existing = lines.findIndex((l) => IGNORE.exec(l)?.[2] !== undefined);
  if (existing >= 0) return appendTo(lines, existing, finding.ruleId, true);
  const at: Position = { line: 0, character: 0 };
  return { range: { start: at, end: at }, newText: `# volint global ignore=${finding.ruleId}${eol}` };
}

export function composeCodeActions(request: ComposeActionRequest): CodeAction[] {
  const { uri, version, documentChanges } = request;
  if (!wanted(CodeActionKind.QuickFix, request.only)) return [];
  const lines = request.text.split(/\r\n|\r|\n/);
  const lf = request.text.indexOf('\n');
  const eol = lf > 0 && request.text[lf - 1] === '\r' ? '\r\n' : '\n';
  const selected = request.findings.filter(
    (f) => !f.suppression && (sharesLines(f.range, request.range) || request.diagnostics.some((d) => d.code === f.ruleId && sameRange(d.range, f.range))),
  );
  const actions: CodeAction[] = [];
  const ignoreActions: CodeAction[] = [];
  const ignoredHere = new Set<string>();
  const ignoredInFile = new Set<string>();
  for (const finding of selected) {
    const diagnostic =
      request.diagnostics.find((d) => d.code === finding.ruleId && sameRange(d.range, finding.range)) ??
      toDiagnostic(finding, uri, request.diagnosticOptions, request.uriOf);
    for (const fix of [...(finding.fix ? [finding.fix] : []), ...finding.suggestions]) {
      actions.push({
        title: fix.description,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(fix === finding.fix && fix.safety !== 'unsafe' ? { isPreferred: true } : {}),
        edit: workspaceEdit(uri, version, toLspEdits(fix), documentChanges),
      });
    }
    if (!request.ruleIds.has(finding.ruleId)) continue;
    const offer = (title: string, edit: Edit | null): void => {
      if (edit) ignoreActions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(uri, version, [edit], documentChanges) });
    };
    const hereKey = `${finding.ruleId}@${finding.range.start.line}`;
    if (!ignoredHere.has(hereKey)) {
      ignoredHere.add(hereKey);
      offer(`Ignore ${finding.ruleId} for this entry`, ignoreForEntry(lines, finding, eol));
    }
    if (!ignoredInFile.has(finding.ruleId)) {
      ignoredInFile.add(finding.ruleId);
      offer(`Ignore ${finding.ruleId} in this file`, ignoreInFile(lines, finding, eol));
    }
  }
  // Fixes first, then suppressions: the editor's first entry is the one that repairs.
  return [...actions, ...ignoreActions];
}
