/**
 * Findings in LSP terms. volint's ranges are dockerfile-ast's (0-based line, UTF-16 character,
 * end-exclusive), which is LSP's own convention: they pass through unchanged.
 */
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Fix, Severity } from '../engine/types.js';
import { confidenceSuffix } from '../report/types.js';

export const DIAGNOSTIC_SOURCE = 'volint';
export const RULE_DOCS_BASE = 'https://github.com/volint/volint/blob/main/docs/rules';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

export interface DiagnosticOptions {
  /** Append the finding's explanation (from the model) to the message. */
  explain: boolean;
}

/** Ids that are not rules (engine findings): no docs page. */
function isRuleId(ruleId: string): boolean {
  return /^VOL\d{3}$/.test(ruleId);
}

/**
 * One diagnostic per active finding. The explanation goes into the message after a blank line:
 * every editor shows the message in full on hover (VS Code's problem hover, Neovim's float,
 * Helix's popup, Emacs' eldoc), while relatedInformation is rendered by few. Related locations
 * are still sent as relatedInformation, and also named in the message ("see line 5").
 */
export function toDiagnostic(finding: Finding, uri: string, options: DiagnosticOptions, uriOf?: (file: string) => string): Diagnostic {
  const lines = [finding.message + confidenceSuffix(finding)];
  if (options.explain && finding.explanation.length > 0) lines.push('', ...finding.explanation);
  const relatedInformation: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    // A related location in another file (a compose finding's Dockerfile steps) gets that file's URI.
    location: { uri: r.file && r.file !== finding.file && uriOf ? uriOf(r.file) : uri, range: r.range },
    message: r.message,
  }));
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    message: lines.join('\n'),
  };
  if (isRuleId(finding.ruleId)) diagnostic.codeDescription = { href: `${RULE_DOCS_BASE}/${finding.ruleName}.md` };
  if (relatedInformation.length > 0) diagnostic.relatedInformation = relatedInformation;
  return diagnostic;
}

/** Findings an editor shows: those not silenced by a suppression comment. */
export function toDiagnostics(findings: readonly Finding[], uri: string, options: DiagnosticOptions, uriOf?: (file: string) => string): Diagnostic[] {
  return findings.filter((f) => !f.suppression).map((f) => toDiagnostic(f, uri, options, uriOf));
}

/** A diagnostic for a document that could not be linted (config error, internal error). */
export function problemDiagnostic(code: string, message: string, severity: DiagnosticSeverity): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity,
    source: DIAGNOSTIC_SOURCE,
    code,
    message,
  };
}

export function toLspEdits(fix: Fix): LspTextEdit[] {
  return fix.edits.map((e) => ({ range: e.range, newText: e.text }));
}

/**
 * A WorkspaceEdit for edits on one document. With `documentChanges` the edit carries the
 * document version, so a client refuses to apply it to text that changed since.
 */
export function workspaceEdit(uri: string, version: number, edits: LspTextEdit[], documentChanges: boolean): WorkspaceEdit {
  if (documentChanges) return { documentChanges: [{ textDocument: { uri, version }, edits }] };
  return { changes: { [uri]: edits } };
}
