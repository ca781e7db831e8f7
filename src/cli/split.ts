/** Splitting a compose project's report into one report per file its findings are in. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LintedReport } from './workers.js';
import { decodeDockerfile } from './run.js';
import { sortFindings } from '../engine/linter.js';

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


/**
 * The reports of files that more than one project of a run may lint (the compose files a Dev
 * Container configuration lists: its project merges them, and a file outside `.devcontainer` is
 * also a project of its own): held until the lint ends, then one report per file, in the order the
 * files first came. The file's own project's findings come first; a finding that another project
 * has at the same place for the same rule (the same entry seen through two projects) is shown once.
 */
export class SharedFileReports {
  private readonly held = new Map<string, LintedReport[]>();

  constructor(private readonly shared: ReadonlySet<string>) {}

  /** Keeps `report` when its file is shared (true); false: it goes out now. */
  take(report: LintedReport): boolean {
    if (!this.shared.has(report.absolutePath) || report.error !== undefined) return false;
    const reports = this.held.get(report.absolutePath) ?? [];
    reports.push(report);
    this.held.set(report.absolutePath, reports);
    return true;
  }

  /** The held reports, one per file. */
  drain(): LintedReport[] {
    const out: LintedReport[] = [];
    for (const reports of this.held.values()) {
      // Its own project's report (not split off another project's) first.
      const ordered = [...reports.filter((r) => r.partOf === undefined), ...reports.filter((r) => r.partOf !== undefined)];
      const first = ordered[0]!;
      const own = first.partOf === undefined;
      const seen = new Set<string>();
      const findings: LintedReport['findings'] = [];
      for (const report of ordered) {
        for (const f of report.findings) {
          // A suppression the file's own project used is not unused because another project has no finding there.
          if (own && report !== first && f.ruleId === 'volint-unused-ignore') continue;
          const key = `${f.ruleId}\0${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
          if (seen.has(key)) continue;
          seen.add(key);
          findings.push(f);
        }
      }
      sortFindings(findings);
      const text = ordered.find((r) => r.text !== undefined)?.text;
      out.push({ ...first, findings, ...(text !== undefined ? { text } : {}) });
    }
    this.held.clear();
    return out;
  }
}
