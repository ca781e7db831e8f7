/**
 * GitLab Code Quality report (a JSON array; `artifacts: reports: codequality:`). Each finding has
 * description, check_name (the rule id), a fingerprint unique in the report and stable across
 * unrelated edits (so merge requests show only new issues), severity and location.path +
 * location.lines.begin (1-based). Severity: error → major, warning → minor, note → info; an
 * internal error or a file that could not be read → blocker. Suppressed findings are left out.
 */
import { createHash } from 'node:crypto';
import { INTERNAL_ERROR_ID, type Finding, type Severity } from '../engine/types.js';
import { fingerprints } from './sarif.js';
import { confidenceSuffix, formatAll, nestedJson, splitLines, type FileReport, type FormatContext, type StreamingFormatter, ruleLabel } from './types.js';

type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';
const SEVERITY: Record<Severity, GitlabSeverity> = { error: 'major', warning: 'minor', note: 'info' };

interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export const gitlab: StreamingFormatter = () => {
  let count = 0;
  // `JSON.stringify(issues, null, 2)`, one issue at a time.
  const item = (issue: CodeQualityIssue): string => `${count++ > 0 ? ',' : ''}\n  ${nestedJson(issue, 1)}`;
  return {
    begin: () => '[',
    file(report) {
      if (report.error) {
        return item({
          description: `volint could not lint this file: ${report.error}`,
          check_name: 'volint-file-error',
          fingerprint: hash(report.path, 'volint-file-error'),
          severity: 'blocker',
          location: { path: report.path, lines: { begin: 1, end: 1 } },
        });
      }
      const findings: Finding[] = report.findings.filter((f) => !f.suppression);
      if (findings.length === 0) return '';
      const prints = fingerprints(findings, report.lines ?? splitLines(report.text ?? ''));
      let out = '';
      findings.forEach((f, i) => {
        out += item({
          description: `${ruleLabel(f)}: ${f.message}${confidenceSuffix(f)}`,
          check_name: f.ruleId,
          fingerprint: hash(report.path, prints[i]!),
          severity: f.ruleId === INTERNAL_ERROR_ID ? 'blocker' : SEVERITY[f.severity],
          location: { path: report.path, lines: { begin: f.range.start.line + 1, end: f.range.end.line + 1 } },
        });
      });
      return out;
    },
    end: () => (count > 0 ? '\n]\n' : ']\n'),
  };
};

export function formatGitlab(reports: FileReport[], context: FormatContext): string {
  return formatAll(gitlab, reports, context);
}
