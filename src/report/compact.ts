/**
 * One line per finding, for editors' errorformat and grep: `file:line:col: severity message [VOL004]`.
 * Lines and columns are 1-based. Control characters (and newlines) in paths or messages are shown
 * as `\xNN`, so a finding is always exactly one line. Suppressed findings are left out.
 * Vim: `set errorformat=%f:%l:%c:\ %trror\ %m,%f:%l:%c:\ %tarning\ %m,%f:%l:%c:\ %tote\ %m`.
 */
import { active, type FileReport, type FormatContext } from './types.js';

function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

export function formatCompact(reports: FileReport[], _context: FormatContext): string {
  const out: string[] = [];
  for (const report of reports) {
    const path = oneLine(report.path);
    if (report.error) {
      out.push(`${path}:1:1: error ${oneLine(report.error)} [volint]`);
      continue;
    }
    for (const f of active(report.findings)) {
      out.push(`${path}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${oneLine(f.message)} [${f.ruleId}]`);
    }
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}
