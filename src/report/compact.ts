/**
 * One line per finding, for editors' errorformat and grep: `file:line:col: severity message [VOL004]`.
 * Lines and columns are 1-based. Control characters (and newlines) in paths or messages are shown
 * as `\xNN`, so a finding is always exactly one line. Suppressed findings are left out.
 * Vim: `set errorformat=%f:%l:%c:\ %trror\ %m,%f:%l:%c:\ %tarning\ %m,%f:%l:%c:\ %tote\ %m`.
 */
import { active, confidenceSuffix, formatAll, type FileReport, type FormatContext, type StreamingFormatter } from './types.js';

function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

export const compact: StreamingFormatter = () => ({
  begin: () => '',
  file(report) {
    const path = oneLine(report.path);
    if (report.error) return `${path}:1:1: error ${oneLine(report.error)} [volint]\n`;
    let out = '';
    for (const f of active(report.findings)) {
      out += `${path}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${oneLine(f.message + confidenceSuffix(f))} [${f.ruleId}]\n`;
    }
    return out;
  },
  end: () => '',
});

export function formatCompact(reports: FileReport[], context: FormatContext): string {
  return formatAll(compact, reports, context);
}
