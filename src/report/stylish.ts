/** Human output: grouped by file, a code frame with a caret under the range, the explanation below. */
import { active, confidenceSuffix, formatAll, splitLines, type FileReport, type FormatContext, type StreamingFormatter, ruleLabel } from './types.js';
import type { AnyRule, Finding, Severity } from '../engine/types.js';

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

function codeFrame(lines: string[], finding: Finding, p: Paint, columns: number): string[] {
  const { start, end } = finding.range;
  const out: string[] = [];
  const last = Math.min(end.line, start.line + 2);
  const width = String(last + 1).length;
  // Code lines are cut to the terminal's width (never below 40 characters of code).
  const room = Math.max(40, columns - width - 6);
  for (let l = start.line; l <= last && l < lines.length; l++) {
    let text = lines[l] ?? '';
    if (text.length > room) text = text.slice(0, room - 1) + '…';
    out.push(`  ${p.dim(String(l + 1).padStart(width))} ${p.dim('|')} ${printable(text)}`);
    const from = l === start.line ? start.character : 0;
    const to = l === end.line ? end.character : (lines[l] ?? '').length;
    const caretWidth = Math.max(1, Math.min(to, room) - Math.min(from, room));
    if (from < room) {
      out.push(`  ${' '.repeat(width)} ${p.dim('|')} ${' '.repeat(from)}${severityColor(p, finding.severity)('^'.repeat(caretWidth))}`);
    }
  }
  if (end.line > last) out.push(`  ${' '.repeat(width)} ${p.dim('|')} ${p.dim('…')}`);
  return out;
}

/** Continuation lines of a wrapped message start here. */
const HANG = 4;

/**
 * Word-wraps `text` to `width` columns; lines after the first are indented by `hang` spaces.
 * A word longer than a line is split.
 */
export function wrap(text: string, width: number, hang: number): string[] {
  const out: string[] = [];
  let line = '';
  const room = (): number => width - (out.length === 0 ? 0 : hang);
  const push = (): void => {
    out.push((out.length === 0 ? '' : ' '.repeat(hang)) + line.trimEnd());
    line = '';
  };
  // Runs of spaces are kept (the message is separated from the rule by two).
  for (const token of text.split(/(?<= )(?=\S)/)) {
    let word = token;
    if (line.length + word.trimEnd().length > room() && line.trim() !== '') push();
    while (word.trimEnd().length > room()) {
      line = word.slice(0, room());
      word = word.slice(room());
      push();
    }
    line += word;
  }
  if (line.trim() !== '' || out.length === 0) push();
  return out;
}

/** Length without colour escapes. */
function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[\d+m/g, '').length;
}

/** `text` cut to `width` characters, with … where it was cut (at a word's end when one is near). */
export function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  const head = text.slice(0, Math.max(1, width - 1));
  const space = head.lastIndexOf(' ');
  return `${(space >= head.length - 15 && space > 0 ? head.slice(0, space) : head).trimEnd()}…`;
}

/**
 * The short form of a finding's explanation: its first sentence that is not the fix (why), and
 * the fix: the finding's own "Fix: …" sentence, else its automatic fix, else the rule's advice.
 */
export function shortExplanation(finding: Finding, rule: AnyRule | undefined): { why: string | undefined; fix: string | undefined } {
  const fixSentence = finding.explanation.find((s) => /^Fix: /.test(s));
  const why = finding.explanation.find((s) => s !== fixSentence);
  const ruleFix = rule?.docs.fix.split('\n')[0]?.trim();
  const fix = fixSentence ? fixSentence.slice(5) : finding.fix?.description ?? (ruleFix || undefined);
  return { why, fix };
}

export const stylish: StreamingFormatter = (context) => {
  // Colors are decided when there is something to print (context.color may ask stdout).
  let painter: ReturnType<typeof paint> | undefined;
  const colors = (): ReturnType<typeof paint> => (painter ??= paint(context.color));
  const totals = { error: 0, warning: 0, note: 0, fixable: 0, failed: 0 };
  let files = 0;
  // The width too is asked only when there is something to print (context.width may ask stdout,
  // which Node sets up on first use: about 1 ms of a one-file run that prints nothing).
  let widthSeen: number | undefined;
  const widthNow = (): number => (widthSeen ??= Math.max(40, context.width ?? 80));
  const rules = new Map(context.rules.map((r) => [r.id, r]));
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
      const width = widthNow();
      out.push(p.underline(report.path));
      const lines = report.lines ?? (report.text !== undefined ? splitLines(report.text) : []);
      for (const finding of findings) {
        totals[finding.severity]++;
        if (finding.fix) totals.fixable++;
        const where = `${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
        const color = severityColor(p, finding.severity);
        const head = `  ${where.padEnd(7)} ${LABEL[finding.severity].padEnd(7)}  `;
        // The rule's id, and its name too with --explain (`volint explain VOL004` says the rest).
        const label = context.fullExplain || !context.explain ? ruleLabel(finding) : finding.ruleId;
        // The message wraps to the width; continuation lines are indented under the position.
        // The rule label is kept in one piece (its space is a no-break space while wrapping).
        const wrapped = wrap(`${head}${printable(finding.message)}${confidenceSuffix(finding)}  ${label.replace(/ /g, '\u00a0')}`, width, HANG).map((l) =>
          l.replace(/\u00a0/g, ' '),
        );
        wrapped[0] = `  ${p.dim(where.padEnd(7))} ${color(LABEL[finding.severity].padEnd(7))}  ${wrapped[0]!.slice(head.length)}`;
        const last = wrapped.length - 1;
        if (wrapped[last]!.endsWith(`  ${label}`)) wrapped[last] = `${wrapped[last]!.slice(0, -label.length)}${p.dim(label)}`;
        out.push(...wrapped);
        const frame = lines.length > 0 ? codeFrame(lines, finding, p, width) : [];
        out.push(...frame);
        const fixFlag = finding.fix ? (finding.fix.safety === 'unsafe' ? ' (--fix-unsafe)' : ' (--fix)') : '';
        if (context.explain && context.fullExplain) {
          for (const sentence of finding.explanation) out.push(`    ${p.cyan('=')} ${printable(sentence)}`);
          for (const related of finding.related) {
            const place = related.file && related.file !== finding.file ? `${related.file}:${related.range.start.line + 1}:` : `line ${related.range.start.line + 1}:`;
            out.push(`    ${p.cyan('-')} ${p.dim(place)} ${printable(related.message)}`);
          }
          if (finding.fix) out.push(`    ${p.cyan('help:')} ${printable(finding.fix.description)}${finding.fix.safety === 'unsafe' ? p.dim(' (unsafe fix: --fix-unsafe)') : p.dim(' (--fix)')}`);
          out.push('');
        } else if (context.explain) {
          // One line of why and one of the fix, cut to the width: --explain (and `volint explain`,
          // hover, JSON and SARIF) have the whole explanation.
          const { why, fix } = shortExplanation(finding, rules.get(finding.ruleId));
          if (why) {
            // The why labels the carets when the caret line has room for it (as rustc labels a span).
            const caret = frame.length > 0 && !frame[frame.length - 1]!.endsWith('…') ? frame[frame.length - 1]! : undefined;
            const used = caret === undefined ? 0 : visibleLength(caret) + 1;
            if (caret !== undefined && width - used >= 30) out[out.length - 1] = `${caret} ${p.cyan(cut(printable(why), width - used))}`;
            else out.push(`    ${p.cyan('=')} ${cut(printable(why), width - 6)}`);
          }
          if (fix) {
            // The fix is what the reader acts on: up to two lines of it.
            const [first, second, ...more] = wrap(`    help: ${printable(fix)}${fixFlag}`, width, 10);
            const lines = [first!, ...(second === undefined ? [] : [more.length > 0 ? `${' '.repeat(10)}${cut(`${second.trim()} ${more.map((l) => l.trim()).join(' ')}`, width - 10)}` : second])];
            const last = lines.length - 1;
            if (fixFlag && lines[last]!.endsWith(fixFlag)) lines[last] = `${lines[last]!.slice(0, -fixFlag.length)}${p.dim(fixFlag)}`;
            lines[0] = lines[0]!.replace('help:', p.cyan('help:'));
            out.push(...lines);
          }
        }
      }
      if (!(context.explain && context.fullExplain)) out.push('');
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
      const mark = problems > 0 && totals.error > 0 ? '✖' : '⚠';
      const summary = [`${mark} ${parts.join(' ')}`];
      if (totals.failed > 0) summary.push(`${totals.failed} file${totals.failed === 1 ? '' : 's'} could not be linted`);
      if (totals.fixable > 0) summary.push(`${totals.fixable} fixable (--fix, --fix-unsafe)`);
      const lines = wrap(summary.join('; '), widthNow(), 2).map((l) => p.bold(l));
      lines[0] = lines[0]!.replace(mark, mark === '✖' ? p.red(mark) : p.yellow(mark));
      return lines.join('\n') + '\n';
    },
  };
};

export function formatStylish(reports: FileReport[], context: FormatContext): string {
  return formatAll(stylish, reports, context);
}
