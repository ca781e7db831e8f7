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

/**
 * A unified diff of two texts (for --fix-dry-run), 3 lines of context. Fixes change lines in
 * place or remove whole lines, so a diff over the common prefix and suffix of each changed region
 * is exact; no general LCS is needed.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
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
  const hunks: string[] = [];
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
    const first = slice[0]!;
    const aLen = slice.filter((o) => o.op !== '+').length;
    const bLen = slice.filter((o) => o.op !== '-').length;
    const aStart = slice.find((o) => o.op !== '+')?.ai ?? first.ai;
    const bStart = slice.find((o) => o.op !== '-')?.bj ?? first.bj;
    hunks.push(`@@ -${aStart + 1},${aLen} +${bStart + 1},${bLen} @@`, ...slice.map((o) => `${o.op}${o.line}`));
    k = end;
  }
  return [`--- a/${path}`, `+++ b/${path}`, ...hunks].join('\n') + '\n';
}
