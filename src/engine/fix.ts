/** Applying fixes: text edits as data, applied all or nothing. */
import { computeLineStarts } from '../parse/lines.js';
import { offsetAt } from '../parse/parse.js';
import type { Finding, Fix } from './types.js';

export type FixMode = 'safe' | 'unsafe';

export interface FixOutcome {
  text: string;
  applied: number;
  /** Set when two fixes touch the same text: nothing is applied. */
  conflict?: string;
}

export function selectFixes(findings: Finding[], mode: FixMode): Fix[] {
  return findings
    .filter((f) => !f.suppression && f.fix && (mode === 'unsafe' || f.fix.safety === 'safe'))
    .map((f) => f.fix!);
}

export function applyFixes(text: string, fixes: Fix[]): FixOutcome {
  if (fixes.length === 0) return { text, applied: 0 };
  const lineStarts = computeLineStarts(text);
  const edits = fixes.flatMap((fix, fixIndex) =>
    fix.edits.map((e) => ({
      start: offsetAt(lineStarts, text, e.range.start),
      end: offsetAt(lineStarts, text, e.range.end),
      text: e.text,
      fixIndex,
    })),
  );
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < edits.length; i++) {
    const prev = edits[i - 1]!;
    const cur = edits[i]!;
    if (cur.start < prev.end || (cur.start === prev.start && cur.fixIndex !== prev.fixIndex && prev.start === prev.end)) {
      if (cur.start === prev.start && cur.end === prev.end && cur.text === prev.text) continue;
      return {
        text,
        applied: 0,
        conflict: `fixes "${fixes[prev.fixIndex]!.description}" and "${fixes[cur.fixIndex]!.description}" change the same text`,
      };
    }
  }
  let out = '';
  let last = 0;
  let previous: { start: number; end: number; text: string } | null = null;
  for (const edit of edits) {
    if (previous && previous.start === edit.start && previous.end === edit.end && previous.text === edit.text) continue;
    out += text.slice(last, edit.start) + edit.text;
    last = edit.end;
    previous = edit;
  }
  out += text.slice(last);
  return { text: out, applied: fixes.length };
}

/** Most passes --fix makes: one fix can reveal another (VOL001's JSON repair exposes a relative path). */
export const MAX_FIX_PASSES = 10;

export interface StableFixOutcome {
  text: string;
  /** Fixes applied over all passes. */
  applied: number;
  /** Set when a pass found conflicting fixes: the text is that of the passes before it. */
  conflict?: string;
  /** The findings of `text`. */
  findings: Finding[];
}

/**
 * Applies the fixes of `mode`, re-lints, and repeats until none is left, a pass conflicts, or
 * MAX_FIX_PASSES: so that what --fix leaves has no fixable finding and a second --fix is a no-op.
 */
export async function fixUntilStable(
  text: string,
  findings: Finding[],
  mode: FixMode,
  lint: (text: string) => Promise<Finding[]>,
): Promise<StableFixOutcome> {
  let current = text;
  let currentFindings = findings;
  let applied = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const outcome = applyFixes(current, selectFixes(currentFindings, mode));
    if (outcome.conflict) return { text: current, applied, conflict: outcome.conflict, findings: currentFindings };
    if (outcome.applied === 0 || outcome.text === current) break;
    current = outcome.text;
    applied += outcome.applied;
    currentFindings = await lint(current);
  }
  return { text: current, applied, findings: currentFindings };
}

/** A text's lines for a diff: the last one may lack its line break. */
function diffLines(text: string): { lines: string[]; finalNewline: boolean } {
  const lines = text.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

/**
 * A unified diff of two texts (for --fix-dry-run), 3 lines of context, that `git apply` and
 * `patch -p1` accept: a text without a final line break gets git's "\ No newline at end of file"
 * marker, and an empty side of a hunk is numbered from the line before it. Fixes change lines in
 * place or remove whole lines, so a diff over the common prefix and suffix of each changed region
 * is exact; no general LCS is needed.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const A = diffLines(before);
  const B = diffLines(after);
  // A line is its text and whether a line break ends it: only the last line may have none.
  const a = A.lines.map((line, i) => (i === A.lines.length - 1 && !A.finalNewline ? `${line}\u0000` : line));
  const b = B.lines.map((line, i) => (i === B.lines.length - 1 && !B.finalNewline ? `${line}\u0000` : line));
  type Op = { op: ' ' | '-' | '+'; line: string; ai: number; bj: number };
  const ops: Op[] = [];
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  for (let i = 0; i < prefix; i++) ops.push({ op: ' ', line: a[i]!, ai: i, bj: i });
  const aMid = a.slice(prefix, a.length - suffix);
  const bMid = b.slice(prefix, b.length - suffix);
  if (aMid.length === bMid.length) {
    // Changed in place: pairs of - and + lines, unchanged lines between them as context.
    aMid.forEach((line, k) => {
      if (line === bMid[k]) ops.push({ op: ' ', line, ai: prefix + k, bj: prefix + k });
      else {
        ops.push({ op: '-', line, ai: prefix + k, bj: prefix + k });
        ops.push({ op: '+', line: bMid[k]!, ai: prefix + k + 1, bj: prefix + k });
      }
    });
  } else {
    aMid.forEach((line, k) => ops.push({ op: '-', line, ai: prefix + k, bj: prefix }));
    bMid.forEach((line, k) => ops.push({ op: '+', line, ai: a.length - suffix, bj: prefix + k }));
  }
  for (let k = 0; k < suffix; k++) ops.push({ op: ' ', line: a[a.length - suffix + k]!, ai: a.length - suffix + k, bj: b.length - suffix + k });
  const out: string[] = [`--- a/${path}`, `+++ b/${path}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.op === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - 3);
    let end = k;
    for (;;) {
      while (end < ops.length && ops[end]!.op !== ' ') end++;
      let run = end;
      while (run < ops.length && ops[run]!.op === ' ') run++;
      if (run === ops.length || run - end > 6) {
        end = Math.min(end + 3, ops.length);
        break;
      }
      end = run;
    }
    const slice = ops.slice(start, end);
    const aLines = slice.filter((o) => o.op !== '+');
    const bLines = slice.filter((o) => o.op !== '-');
    // An empty side is numbered by the line before it (0 at the start of the file).
    const aStart = aLines.length > 0 ? aLines[0]!.ai + 1 : slice[0]!.ai;
    const bStart = bLines.length > 0 ? bLines[0]!.bj + 1 : slice[0]!.bj;
    out.push(`@@ -${aStart},${aLines.length} +${bStart},${bLines.length} @@`);
    for (const o of slice) {
      if (o.line.endsWith('\u0000')) out.push(`${o.op}${o.line.slice(0, -1)}`, '\\ No newline at end of file');
      else out.push(`${o.op}${o.line}`);
    }
    k = end;
  }
  return out.join('\n') + '\n';
}
