/**
 * Code actions for the findings under a range: each finding's fix (preferred when safe), its
 * suggestions, "ignore for this instruction" and "ignore in this file" comments, and a
 * source.fixAll action that applies every safe fix.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range as LspRange } from 'vscode-languageserver';
import { applyFixes, selectFixes } from '../engine/fix.js';
import type { Finding } from '../engine/types.js';
import type { Instruction, ParsedDockerfile, Position, Range } from '../parse/types.js';
import { toDiagnostic, toLspEdits, workspaceEdit, type DiagnosticOptions } from './convert.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.volint`;

export interface ActionRequest {
  uri: string;
  version: number;
  text: string;
  parsed: ParsedDockerfile;
  findings: readonly Finding[];
  range: LspRange;
  /** Diagnostics the client sent in the request's context (matched by code and range). */
  diagnostics: readonly Diagnostic[];
  /** The client's `context.only` filter. */
  only: readonly string[] | undefined;
  /** Ids of real rules: only those can be named in an ignore comment. */
  ruleIds: ReadonlySet<string>;
  documentChanges: boolean;
  diagnosticOptions: DiagnosticOptions;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Line-wise: a cursor anywhere on a finding's lines offers its actions, as editors expect. */
export function sharesLines(a: Range, b: Range): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}

export function sameRange(a: Range, b: Range): boolean {
  return compare(a.start, b.start) === 0 && compare(a.end, b.end) === 0;
}

export function wanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function eolOf(text: string): string {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

function lineText(parsed: ParsedDockerfile, line: number): string {
  const start = parsed.lineStarts[line];
  if (start === undefined) return '';
  const next = parsed.lineStarts[line + 1] ?? parsed.text.length;
  return parsed.text.slice(start, next).replace(/\r?\n$|\r$/, '');
}

function endOfDocument(parsed: ParsedDockerfile): Position {
  const last = Math.max(parsed.lineStarts.length - 1, 0);
  return { line: last, character: lineText(parsed, last).length };
}

/** The instruction whose lines contain `line` (an ONBUILD counts as one instruction). */
export function instructionAtLine(parsed: ParsedDockerfile, line: number): Instruction | undefined {
  return parsed.instructions.find((i) => i.range.start.line <= line && line <= i.range.end.line);
}

/**
 * An edit that inserts a whole line before `line` (or after the last line when `line` is past
 * the end), using the document's own line ending.
 */
function insertLine(parsed: ParsedDockerfile, line: number, content: string, eol: string): { range: Range; newText: string } {
  if (line < parsed.lineStarts.length) {
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: content + eol };
  }
  // Past the last line: the document ends without a line break.
  const end = endOfDocument(parsed);
  return { range: { start: end, end }, newText: eol + content + eol };
}

/** Where a rule id goes in an existing `# volint [global ]ignore=A,B -- reason` comment. */
function appendToComment(parsed: ParsedDockerfile, line: number, ruleId: string): { range: Range; newText: string } | null {
  const text = lineText(parsed, line);
  const match = /^(\s*#\s*volint\s+(?:global\s+)?ignore\s*=\s*)(.*?)(\s+--(?:\s.*)?)?\s*$/i.exec(text);
  if (!match) return null;
  const list = match[2] ?? '';
  if (list.split(',').some((r) => r.trim().toUpperCase() === ruleId.toUpperCase())) return null;
  const at = { line, character: (match[1] ?? '').length + list.length };
  return { range: { start: at, end: at }, newText: list.trim() === '' ? ruleId : `,${ruleId}` };
}

function ignoreForInstruction(request: ActionRequest, finding: Finding, eol: string): { range: Range; newText: string } | null {
  const { parsed } = request;
  const instruction = instructionAtLine(parsed, finding.range.start.line);
  if (!instruction) return null;
  const startLine = instruction.range.start.line;
  const above = parsed.comments.find((c) => c.range.start.line === startLine - 1);
  if (above && /^volint\s+ignore\s*=/i.test(above.content)) {
    const edit = appendToComment(parsed, startLine - 1, finding.ruleId);
    if (edit) return edit;
  }
  const indent = /^[ \t]*/.exec(lineText(parsed, startLine))?.[0] ?? '';
  return insertLine(parsed, startLine, `${indent}# volint ignore=${finding.ruleId}`, eol);
}

function ignoreInFile(request: ActionRequest, finding: Finding, eol: string): { range: Range; newText: string } | null {
  const { parsed } = request;
  const existing = parsed.comments.find((c) => /^volint\s+global\s+ignore\s*=/i.test(c.content));
  if (existing) {
    const edit = appendToComment(parsed, existing.range.start.line, finding.ruleId);
    if (edit) return edit;
  }
  const comment = `# volint global ignore=${finding.ruleId}`;
  if (parsed.directives.length === 0) return insertLine(parsed, 0, comment, eol);
  // A blank line after the parser directives: a comment directly below them would be read as
  // one more directive (by dockerfile-ast, and so by volint's parser).
  const afterDirectives = parsed.directives.reduce((line, d) => Math.max(line, d.range.end.line + 1), 0);
  if (afterDirectives < parsed.lineStarts.length && lineText(parsed, afterDirectives).trim() === '') {
    return insertLine(parsed, afterDirectives + 1, comment, eol);
  }
  return insertLine(parsed, afterDirectives, `${eol}${comment}`, eol);
}

export function codeActions(request: ActionRequest): CodeAction[] {
  const { uri, version, documentChanges } = request;
  const actions: CodeAction[] = [];
  const eol = eolOf(request.text);
  const active = request.findings.filter((f) => !f.suppression);
  const selected = active.filter(
    (f) => sharesLines(f.range, request.range) || request.diagnostics.some((d) => d.code === f.ruleId && sameRange(d.range, f.range)),
  );
  const diagnosticFor = (f: Finding): Diagnostic =>
    request.diagnostics.find((d) => d.code === f.ruleId && sameRange(d.range, f.range)) ?? toDiagnostic(f, uri, request.diagnosticOptions);

  if (wanted(CodeActionKind.QuickFix, request.only)) {
    const ignoredHere = new Set<string>();
    const ignoredInFile = new Set<string>();
    const ignoreActions: CodeAction[] = [];
    for (const finding of selected) {
      const diagnostic = diagnosticFor(finding);
      if (finding.fix) {
        const unsafe = finding.fix.safety === 'unsafe';
        actions.push({
          title: unsafe ? `${finding.fix.description} (unsafe: changes what the build produces)` : finding.fix.description,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: !unsafe,
          edit: workspaceEdit(uri, version, toLspEdits(finding.fix), documentChanges),
        });
      }
      for (const suggestion of finding.suggestions) {
        actions.push({
          title: suggestion.description,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: workspaceEdit(uri, version, toLspEdits(suggestion), documentChanges),
        });
      }
      if (!request.ruleIds.has(finding.ruleId)) continue;
      const instruction = instructionAtLine(request.parsed, finding.range.start.line);
      const hereKey = `${finding.ruleId}@${instruction?.index ?? -1}`;
      const offerIgnore = (title: string, edit: { range: Range; newText: string } | null): void => {
        if (edit) ignoreActions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(uri, version, [edit], documentChanges) });
      };
      if (!ignoredHere.has(hereKey)) {
        ignoredHere.add(hereKey);
        offerIgnore(`Ignore ${finding.ruleId} for this instruction`, ignoreForInstruction(request, finding, eol));
      }
      if (!ignoredInFile.has(finding.ruleId)) {
        ignoredInFile.add(finding.ruleId);
        offerIgnore(`Ignore ${finding.ruleId} in this file`, ignoreInFile(request, finding, eol));
      }
    }
    // Fixes first, then suppressions: the editor's first entry is the one that repairs.
    actions.push(...ignoreActions);
  }

  if (wanted(FIX_ALL_KIND, request.only)) {
    const fixes = selectFixes([...active], 'safe');
    if (fixes.length > 0) {
      const outcome = applyFixes(request.text, fixes);
      if (!outcome.conflict && outcome.applied > 0 && outcome.text !== request.text) {
        const whole = { start: { line: 0, character: 0 }, end: endOfDocument(request.parsed) };
        actions.push({
          title: 'Fix all safely fixable volint problems',
          kind: FIX_ALL_KIND,
          edit: workspaceEdit(uri, version, [{ range: whole, newText: outcome.text }], documentChanges),
        });
      }
    }
  }
  return actions;
}
