/**
 * Code actions in a compose file, for the findings under a range: each finding's fix and
 * suggestions (edits of the compose file), "ignore for this entry" (a `# volint ignore=RULE` line
 * above the entry, read by collectYamlSuppressions) and "ignore in this file" (`# volint global
 * ignore=RULE`).
 */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import type { Finding } from '../engine/types.js';
import type { Position } from '../parse/types.js';
import { sameRange, sharesLines, wanted, type ActionRequest } from './actions.js';
import { toDiagnostic, toLspEdits, workspaceEdit } from './convert.js';
import type { Range } from '../parse/types.js';

/** As for a Dockerfile, without the parsed Dockerfile; `uriOf` maps a related location's file to its URI (findings name Dockerfiles too). */
export type ComposeActionRequest = Omit<ActionRequest, 'parsed'> & { uriOf?: (file: string) => string };

type Edit = { range: Range; newText: string };

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
