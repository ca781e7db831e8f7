/**
 * JSON output, schema version 1 (documented in the README). Positions are 1-based lines and
 * 1-based UTF-16 columns; end positions are exclusive.
 */
import type { Finding, Fix, TextEdit } from '../engine/types.js';
import type { Range } from '../parse/types.js';
import { formatAll, nestedJson, type FileReport, type FormatContext, type StreamingFormatter } from './types.js';

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
    related: f.related.map((r) => ({ ...(r.file && r.file !== f.file ? { file: r.file } : {}), ...position(r.range), message: r.message })),
    fix: f.fix ? fix(f.fix) : null,
    suggestions: f.suggestions.map(fix),
    suppressed: f.suppression
      ? { kind: f.suppression.kind, justification: f.suppression.justification ?? null }
      : null,
  };
}

export const json: StreamingFormatter = (context) => {
  const summary = { files: 0, failed: 0, errors: 0, warnings: 0, notes: 0, suppressed: 0, fixable: 0 };
  return {
    // The document of `JSON.stringify({ version, tool, files, summary }, null, 2)`, written in pieces.
    begin: () => `{\n  "version": ${JSON_SCHEMA_VERSION},\n  "tool": ${nestedJson({ name: 'volint', version: context.version }, 1)},\n  "files": [`,
    file(r) {
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
      const entry = { path: r.path, error: r.error ?? null, findings: r.findings.map(findingToJson) };
      return `${summary.files++ > 0 ? ',' : ''}\n    ${nestedJson(entry, 2)}`;
    },
    end: () => `${summary.files > 0 ? '\n  ' : ''}],\n  "summary": ${nestedJson(summary, 1)}\n}\n`,
  };
};

export function formatJson(reports: FileReport[], context: FormatContext): string {
  return formatAll(json, reports, context);
}
