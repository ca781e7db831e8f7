/**
 * JSON output, schema version 1 (documented in the README). Positions are 1-based lines and
 * 1-based UTF-16 columns; end positions are exclusive.
 */
import type { Finding, Fix, TextEdit } from '../engine/types.js';
import type { Range } from '../parse/types.js';
import type { FileReport, FormatContext } from './types.js';

export const JSON_SCHEMA_VERSION = 1;

function position(range: Range): { line: number; column: number; endLine: number; endColumn: number } {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function edit(e: TextEdit): object {
  return { ...position(e.range), text: e.text };
}

function fix(f: Fix): object {
  return { description: f.description, safety: f.safety, edits: f.edits.map(edit) };
}

export function findingToJson(f: Finding): object {
  return {
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    severity: f.severity,
    message: f.message,
    ...position(f.range),
    confidence: f.confidence,
    explanation: f.explanation,
    related: f.related.map((r) => ({ ...position(r.range), message: r.message })),
    fix: f.fix ? fix(f.fix) : null,
    suggestions: f.suggestions.map(fix),
    suppressed: f.suppression
      ? { kind: f.suppression.kind, justification: f.suppression.justification ?? null }
      : null,
  };
}

export function formatJson(reports: FileReport[], context: FormatContext): string {
  const summary = { files: reports.length, failed: 0, errors: 0, warnings: 0, notes: 0, suppressed: 0, fixable: 0 };
  const files = reports.map((r) => {
    if (r.error) summary.failed++;
    for (const f of r.findings) {
      if (f.suppression) {
        summary.suppressed++;
        continue;
      }
      if (f.severity === 'error') summary.errors++;
      else if (f.severity === 'warning') summary.warnings++;
      else summary.notes++;
      if (f.fix) summary.fixable++;
    }
    return {
      path: r.path,
      error: r.error ?? null,
      findings: r.findings.map(findingToJson),
    };
  });
  return JSON.stringify({ version: JSON_SCHEMA_VERSION, tool: { name: 'volint', version: context.version }, files, summary }, null, 2) + '\n';
}
