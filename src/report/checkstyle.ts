/**
 * Checkstyle XML (Jenkins Warnings NG, SonarQube, reviewdog and others read it). One `<file>` per
 * linted file, one `<error>` per finding: 1-based line and column, severity error | warning | info,
 * `source` = `volint.rules.<id>`. Suppressed findings are left out.
 */
import type { Severity } from '../engine/types.js';
import { active, confidenceSuffix, formatAll, type FileReport, type FormatContext, type StreamingFormatter, ruleLabel } from './types.js';

/**
 * Escapes text for an XML attribute or element. Characters that XML 1.0 forbids even as references
 * (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF) become `\xNN` / `\uNNNN`
 * text, so a hostile message can neither break the markup nor make the document ill-formed.
 */
export function escapeXml(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += c + s[i + 1];
      i++;
      continue;
    }
    switch (c) {
      case '&': out += '&amp;'; continue;
      case '<': out += '&lt;'; continue;
      case '>': out += '&gt;'; continue;
      case '"': out += '&quot;'; continue;
      case "'": out += '&apos;'; continue;
      // Attribute values normalise raw whitespace: keep line breaks and tabs as references.
      case '\n': out += '&#10;'; continue;
      case '\r': out += '&#13;'; continue;
      case '\t': out += '&#9;'; continue;
    }
    if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) {
      out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
      continue;
    }
    out += c;
  }
  return out;
}

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'info' };

export const checkstyle: StreamingFormatter = () => ({
  begin: () => '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n',
  file(report) {
    let out = `  <file name="${escapeXml(report.path)}">\n`;
    if (report.error) {
      out += `    <error line="1" column="1" severity="error" message="${escapeXml(report.error)}" source="volint.file"/>\n`;
    }
    for (const f of active(report.findings)) {
      const attributes = [
        `line="${f.range.start.line + 1}"`,
        `column="${f.range.start.character + 1}"`,
        `severity="${LEVEL[f.severity]}"`,
        `message="${escapeXml(`${f.message}${confidenceSuffix(f)} (${ruleLabel(f)})`)}"`,
        `source="volint.rules.${escapeXml(f.ruleId)}"`,
      ];
      out += `    <error ${attributes.join(' ')}/>\n`;
    }
    return out + '  </file>\n';
  },
  end: () => '</checkstyle>\n',
});

export function formatCheckstyle(reports: FileReport[], context: FormatContext): string {
  return formatAll(checkstyle, reports, context);
}
