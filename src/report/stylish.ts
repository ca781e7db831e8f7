/** Human output: grouped by file, a code frame with a caret under the range, the explanation below. */
import { active, confidenceSuffix, formatAll, splitLines, type FileReport, type FormatContext, type StreamingFormatter, ruleLabel } from './types.js';
import type { Finding, Severity } from '../engine/types.js';

interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  cyan(s: string): string;
  underline(s: string): string;
}

function paint(enabled: boolean): Paint {
  const wrap = (open: number, close: number) => (s: string): string => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    cyan: wrap(36, 39),
    underline: wrap(4, 24),
  };
}

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'note' };

function severityColor(p: Paint, severity: Severity): (s: string) => string {
  return severity === 'error' ? p.red : severity === 'warning' ? p.yellow : p.blue;
}

/** Replaces control characters so that a hostile file cannot drive the terminal. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function codeFrame(lines: string[], finding: Finding, p: Paint): string[] {
  const { start, end } = finding.range;
  const out: string[] = [];
  const last = Math.min(end.line, start.line + 2);
  const width = String(last + 1).length;
  for (let l = start.line; l <= last && l < lines.length; l++) {
    let text = lines[l] ?? '';
    if (text.length > 200) text = text.slice(0, 200) + '…';
    out.push(`  ${p.dim(String(l + 1).padStart(width))} ${p.dim('|')} ${printable(text)}`);
    const from = l === start.line ? start.character : 0;
    const to = l === end.line ? end.character : (lines[l] ?? '').length;
    const caretWidth = Math.max(1, Math.min(to, 200) - Math.min(from, 200));
    if (from <= 200) {
      out.push(`  ${' '.repeat(width)} ${p.dim('|')} ${' '.repeat(from)}${severityColor(p, finding.severity)('^'.repeat(caretWidth))}`);
    }
  }
  if (end.line > last) out.push(`  ${' '.repeat(width)} ${p.dim('|')} ${p.dim('…')}`);
  return out;
}

export const stylish: StreamingFormatter = (context) => {
  // Colors are decided when there is something to print (context.color may ask stdout).
  let painter: ReturnType<typeof paint> | undefined;
  const colors = (): ReturnType<typeof paint> => (painter ??= paint(context.color));
  const totals = { error: 0, warning: 0, note: 0, fixable: 0, failed: 0 };
  let files = 0;
  return {
    begin: () => '',
    file(report) {
      files++;
      const out: string[] = [];
      if (report.error) {
        const p = colors();
        totals.failed++;
        out.push(`${p.underline(report.path)}`, `  ${p.red('error')}  ${printable(report.error)}`, '');
        return out.join('\n') + '\n';
      }
      const findings = active(report.findings);
      if (findings.length === 0) return '';
      const p = colors();
      out.push(p.underline(report.path));
      const lines = report.lines ?? (report.text !== undefined ? splitLines(report.text) : []);
      for (const finding of findings) {
        totals[finding.severity]++;
        if (finding.fix) totals.fixable++;
        const where = `${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
        const color = severityColor(p, finding.severity);
        const possible = p.dim(confidenceSuffix(finding));
        out.push(`  ${p.dim(where.padEnd(7))} ${color(LABEL[finding.severity].padEnd(7))}  ${printable(finding.message)}${possible}  ${p.dim(ruleLabel(finding))}`);
        if (lines.length > 0) out.push(...codeFrame(lines, finding, p));
        if (context.explain) {
          for (const sentence of finding.explanation) out.push(`    ${p.cyan('=')} ${printable(sentence)}`);
          for (const related of finding.related) {
            out.push(`    ${p.cyan('-')} ${p.dim(`line ${related.range.start.line + 1}:`)} ${printable(related.message)}`);
          }
          if (finding.fix) out.push(`    ${p.cyan('help:')} ${printable(finding.fix.description)}${finding.fix.safety === 'unsafe' ? p.dim(' (unsafe fix: --fix-unsafe)') : p.dim(' (--fix)')}`);
        }
        out.push('');
      }
      return out.join('\n') + '\n';
    },
    end() {
      const problems = totals.error + totals.warning + totals.note;
      if (problems === 0 && totals.failed === 0) return files > 0 ? '' : 'No Dockerfiles found.\n';
      const p = colors();
      const parts = [
        `${problems} problem${problems === 1 ? '' : 's'}`,
        `(${totals.error} error${totals.error === 1 ? '' : 's'}, ${totals.warning} warning${totals.warning === 1 ? '' : 's'}, ${totals.note} note${totals.note === 1 ? '' : 's'})`,
      ];
      const summary = [`${problems > 0 && totals.error > 0 ? p.red('✖') : p.yellow('⚠')} ${parts.join(' ')}`];
      if (totals.failed > 0) summary.push(`${totals.failed} file${totals.failed === 1 ? '' : 's'} could not be linted`);
      if (totals.fixable > 0) summary.push(`${totals.fixable} fixable with --fix or --fix-unsafe`);
      return p.bold(summary.join('; ')) + '\n';
    },
  };
};

export function formatStylish(reports: FileReport[], context: FormatContext): string {
  return formatAll(stylish, reports, context);
}
