/**
 * JUnit XML for CI test reports: one `<testsuite>` per file; each finding is a failing
 * `<testcase>` (its `<failure>` holds the message, location and explanation), a file without
 * findings has one passing testcase, a file that could not be read has an `<error>`, and a finding
 * silenced by a `# volint ignore=` comment is a `<skipped>` testcase with its reason.
 */
import { escapeXml } from './checkstyle.js';
import { confidenceSuffix, formatAll, type FileReport, type FormatContext, type StreamingFormatter, ruleLabel } from './types.js';
import type { Finding } from '../engine/types.js';

function location(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

/**
 * The `<testsuites>` element carries the totals, so it can only be written once every file is in:
 * the files' suites are kept as text until `end()`.
 */
export const junit: StreamingFormatter = (context) => {
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  return {
    begin: () => '',
    file(report) {
      const path = escapeXml(report.path);
      const cases: string[] = [];
      const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
      if (report.error) {
        counts.tests++;
        counts.errors++;
        cases.push(`    <testcase name="volint" classname="${path}" file="${path}">`, `      <error message="${escapeXml(report.error)}" type="io"/>`, '    </testcase>');
      } else if (report.findings.length === 0) {
        counts.tests++;
        cases.push(`    <testcase name="volint" classname="${path}" file="${path}"/>`);
      }
      for (const f of report.findings) {
        counts.tests++;
        const name = escapeXml(`${ruleLabel(f)} at ${location(f)}`);
        const open = `    <testcase name="${name}" classname="${path}" file="${path}" line="${f.range.start.line + 1}">`;
        if (f.suppression) {
          counts.skipped++;
          const reason = f.suppression.justification ? `suppressed: ${f.suppression.justification}` : 'suppressed by a volint ignore comment';
          cases.push(open, `      <skipped message="${escapeXml(reason)}"/>`, '    </testcase>');
          continue;
        }
        counts.failures++;
        const body = [
          `${f.severity}${confidenceSuffix(f)}: ${f.message}`,
          `at ${report.path}:${location(f)}`,
          ...(context.explain ? f.explanation : []),
          ...f.related.map((r) => `${r.file && r.file !== f.file ? `${r.file}:` : 'line '}${r.range.start.line + 1}: ${r.message}`),
        ].join('\n');
        cases.push(open, `      <failure message="${escapeXml(f.message)}" type="${f.severity}">${escapeXml(body)}</failure>`, '    </testcase>');
      }
      for (const k of ['tests', 'failures', 'errors', 'skipped'] as const) totals[k] += counts[k];
      suites.push(
        [
          `  <testsuite name="${path}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}">`,
          ...cases,
          '  </testsuite>',
        ].join('\n') + '\n',
      );
      return '';
    },
    end() {
      const head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        `<testsuites name="volint" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}">`,
      ].join('\n') + '\n';
      const body = suites.join('');
      suites.length = 0;
      return head + body + '</testsuites>\n';
    },
  };
};

export function formatJunit(reports: FileReport[], context: FormatContext): string {
  return formatAll(junit, reports, context);
}
