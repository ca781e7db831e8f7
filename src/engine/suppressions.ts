/**
 * Inline suppressions. Own-line comments only (a Dockerfile has no trailing comments):
 *   # volint ignore=VOL004,volume-code-target -- reason     (the next instruction)
 *   # volint global ignore=VOL010 -- reason                 (the whole file)
 * and BuildKit's `# check=skip=Name1,Name2` directive for rules that map to a build check.
 */
import type { ParsedDockerfile, Range } from '../parse/types.js';
import type { AnyRule } from './types.js';

export interface SuppressionComment {
  range: Range;
  global: boolean;
  /** Rule ids or names as written. */
  rules: string[];
  justification?: string;
  /** Line of the instruction it applies to (0-based), or -1 for global / nothing follows. */
  targetLine: number;
  /** The instruction's line range (an instruction may span lines). */
  targetEndLine: number;
  used: Set<string>;
}

export interface SuppressionSet {
  comments: SuppressionComment[];
  /** BuildKit check names skipped by `# check=skip=` (or `all`). */
  checkSkip: Set<string>;
  /** Comments that look like volint directives but do not parse. */
  malformed: Array<{ range: Range; reason: string }>;
}

const DIRECTIVE = /^volint\s+(global\s+)?ignore\s*=\s*(.*)$/i;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v';
}

/**
 * Splits `RULES -- reason` at the first ` -- ` (whitespace, two dashes, whitespace or the end).
 * A scan, not a regular expression: `/\s+--\s+/` backtracks quadratically on long runs of spaces.
 */
function splitReason(text: string): { listPart: string; justification: string } {
  for (let i = text.indexOf('--'); i >= 0; i = text.indexOf('--', i + 1)) {
    if (i > 0 && isSpace(text[i - 1]) && (i + 2 === text.length || isSpace(text[i + 2]))) {
      return { listPart: text.slice(0, i), justification: text.slice(i + 2).trim() };
    }
  }
  return { listPart: text, justification: '' };
}

export function collectSuppressions(parsed: ParsedDockerfile): SuppressionSet {
  const comments: SuppressionComment[] = [];
  const malformed: SuppressionSet['malformed'] = [];
  // Sorted lines of every instruction, built when the first volint comment asks (most files have none).
  let starts: Array<{ start: number; end: number }> | undefined;
  const instructionStarts = (): Array<{ start: number; end: number }> =>
    (starts ??= [...parsed.instructions, ...parsed.triggers]
      .filter((i) => !i.onbuild)
      .map((i) => ({ start: i.range.start.line, end: i.range.end.line }))
      .sort((a, b) => a.start - b.start));
  // dockerfile-ast takes `# volint global ignore=…` on the first lines for a parser directive named
  // `volint`; BuildKit's directive keys are single words, so for BuildKit (and volint) it is a comment.
  const lineText = (line: number): string => parsed.text.slice(parsed.lineStarts[line] ?? 0, parsed.lineStarts[line + 1] ?? parsed.text.length);
  const directiveComments = parsed.directives
    .map((d) => ({ range: d.range, content: lineText(d.range.start.line).trim().replace(/^#/, '').trim() }))
    .filter((c) => /^volint\b/i.test(c.content));
  const lineTargets = (line: number): { start: number; end: number } | undefined => {
    // The first instruction starting after the comment (binary search: the list is sorted).
    const sorted = instructionStarts();
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start > line) hi = mid;
      else lo = mid + 1;
    }
    return sorted[lo];
  };
  readDirectives([...directiveComments, ...parsed.comments], lineTargets, comments, malformed);
  const checkSkip = new Set<string>();
  for (const directive of parsed.directives) {
    if (directive.name !== 'check') continue;
    for (const part of directive.value.split(';')) {
      const [key, value] = part.split('=', 2).map((s) => s.trim());
      if (key === 'skip' && value) for (const name of value.split(',')) checkSkip.add(name.trim());
    }
  }
  return { comments, checkSkip, malformed };
}

/**
 * Parses volint comments into suppressions; `targetOf(line)` gives the lines of what a comment on
 * `line` applies to (undefined when nothing follows).
 */
function readDirectives(
  found: ReadonlyArray<{ range: Range; content: string }>,
  targetOf: (line: number) => { start: number; end: number } | undefined,
  comments: SuppressionComment[],
  malformed: SuppressionSet['malformed'],
): void {
  for (const comment of found) {
    const content = comment.content;
    if (!/^volint\b/i.test(content)) continue;
    const match = DIRECTIVE.exec(content);
    if (!match) {
      malformed.push({ range: comment.range, reason: 'expected `# volint ignore=RULE[,RULE] [-- reason]`' });
      continue;
    }
    const { listPart, justification } = splitReason(match[2]!);
    const rules = listPart.split(',').map((r) => r.trim()).filter((r) => r.length > 0);
    if (rules.length === 0) {
      malformed.push({ range: comment.range, reason: 'no rule named after ignore=' });
      continue;
    }
    const next = match[1] ? undefined : targetOf(comment.range.start.line);
    comments.push({
      range: comment.range,
      global: Boolean(match[1]),
      rules,
      ...(justification ? { justification } : {}),
      targetLine: next?.start ?? -1,
      targetEndLine: next?.end ?? -1,
      used: new Set(),
    });
  }
}

/**
 * Suppressions in a YAML file (a compose file): own-line comments `# volint ignore=RULE` apply to
 * the next line that is neither blank nor a comment (a finding on a `volumes:` entry starts on the
 * entry's first line); `# volint global ignore=RULE` to the whole file.
 */
export function collectYamlSuppressions(text: string): SuppressionSet {
  const comments: SuppressionComment[] = [];
  const malformed: SuppressionSet['malformed'] = [];
  const lines = text.split(/\r\n|\r|\n/);
  const found: Array<{ range: Range; content: string }> = [];
  const contentLines: number[] = [];
  lines.forEach((line, index) => {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('#')) {
      const character = line.length - trimmed.length;
      found.push({ range: { start: { line: index, character }, end: { line: index, character: line.length } }, content: trimmed.slice(1).trim() });
    } else if (trimmed.trim() !== '') {
      contentLines.push(index);
    }
  });
  let cursor = 0;
  readDirectives(
    found,
    (line) => {
      while (cursor < contentLines.length && contentLines[cursor]! <= line) cursor++;
      const next = contentLines[cursor];
      return next === undefined ? undefined : { start: next, end: next };
    },
    comments,
    malformed,
  );
  return { comments, checkSkip: new Set(), malformed };
}

/** The comment that silences `rule` for a finding starting at `line`, if any. */
export function findSuppression(set: SuppressionSet, rule: AnyRule, line: number): SuppressionComment | undefined {
  const names = (c: SuppressionComment): boolean =>
    c.rules.some((r) => r.toUpperCase() === rule.id.toUpperCase() || r.toLowerCase() === rule.name || r.toLowerCase() === 'all');
  for (const comment of set.comments) {
    if (comment.global ? names(comment) : comment.targetLine >= 0 && line >= comment.targetLine && line <= comment.targetEndLine && names(comment)) {
      return comment;
    }
  }
  return undefined;
}
