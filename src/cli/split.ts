/** Splitting a compose project's report into one report per file its findings are in. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LintedReport } from './workers.js';
import { decodeDockerfile } from './run.js';

/**
 * One report per file: the linted file's, then one for each other file its findings are in (a
 * compose project's override file), in the order they first appear.
 */
export function splitReport(report: LintedReport, cwd: string): LintedReport[] {
  if (report.findings.every((f) => f.file === report.path)) return [report];
  const { otherTexts, ...main } = report;
  const byFile = new Map<string, LintedReport>();
  const own: typeof report.findings = [];
  for (const finding of report.findings) {
    if (finding.file === report.path) {
      own.push(finding);
      continue;
    }
    let other = byFile.get(finding.file);
    if (!other) {
      const absolutePath = resolve(cwd, finding.file);
      let text = otherTexts?.[finding.file];
      if (text === undefined) {
        try {
          text = decodeDockerfile(readFileSync(absolutePath)).text;
        } catch {
          text = undefined;
        }
      }
      other = {
        path: finding.file,
        absolutePath,
        findings: [],
        partOf: report.absolutePath,
        ...(text !== undefined ? { text } : {}),
        ...(report.failLevel !== undefined ? { failLevel: report.failLevel } : {}),
      };
      byFile.set(finding.file, other);
    }
    other.findings.push(finding);
  }
  return [{ ...main, findings: own }, ...byFile.values()];
}

