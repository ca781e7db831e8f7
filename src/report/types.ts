/** What every formatter receives. Formatters are pure: results in, text out. */
import type { AnyRule, Finding } from '../engine/types.js';

export interface FileReport {
  /** Path as shown to the user: relative to the working directory, `/` separators. */
  path: string;
  /** Absolute path (or `<stdin>` for standard input). */
  absolutePath: string;
  /** The document text, when it was read (for code frames and fingerprints). */
  text?: string;
  /** Lines of `text` (computed once by the caller). */
  lines?: string[];
  findings: Finding[];
  /** A file that could not be linted: the one-line cause. */
  error?: string;
  /** Findings left after --fix, and how many edits were applied. */
  fixed?: { applied: number };
}

export interface FormatContext {
  cwd: string;
  version: string;
  rules: readonly AnyRule[];
  color: boolean;
  explain: boolean;
  /** --explain: stylish prints each finding's whole explanation (else one line of why and the fix). */
  fullExplain?: boolean;
  /** Columns to wrap human output to (the terminal's, 80 when not a terminal). */
  width?: number;
  /** Base URL of the rule documentation (docs/rules/<name>.md). */
  docsBase: string;
}

export type Formatter = (reports: FileReport[], context: FormatContext) => string;

/**
 * One formatting run, fed one report at a time in output order: `begin()` once, `file()` per
 * report, `end()` once; the concatenation of what they return is the whole output. A session keeps
 * only what its format needs after a file (counters, separators), never the reports, except where
 * the format puts something that depends on every file before the files' entries (SARIF's
 * invocation notifications, JUnit's totals): those keep the files' serialized entries until `end()`.
 */
export interface FormatSession {
  begin(): string;
  file(report: FileReport): string;
  end(): string;
}

/** A streaming formatter: starts a session for a context. */
export type StreamingFormatter = (context: FormatContext) => FormatSession;

/** The whole output at once: begin, every file, end. */
export function formatAll(formatter: StreamingFormatter, reports: FileReport[], context: FormatContext): string {
  const session = formatter(context);
  let out = session.begin();
  for (const report of reports) out += session.file(report);
  return out + session.end();
}

/** `JSON.stringify(value, null, 2)` as it appears nested `depth` levels deep in an indented document. */
export function nestedJson(value: unknown, depth: number): string {
  const pad = '\n' + '  '.repeat(depth);
  // JSON strings never hold a raw line break: every newline is indentation.
  return JSON.stringify(value, null, 2).replace(/\n/g, pad);
}

/**
 * The confidence as text formats show it: nothing for a `certain` finding (the default), ` (likely)`
 * or ` (possible)` after the message otherwise. Machine formats carry the field itself.
 */
export function confidenceSuffix(finding: Finding): string {
  return finding.confidence === 'certain' ? '' : ` (${finding.confidence})`;
}

/** `VOL004 volume-write-discarded`; a finding whose id is its name (volint-unused-ignore) names it once. */
export function ruleLabel(finding: Pick<Finding, 'ruleId' | 'ruleName'>): string {
  return finding.ruleId === finding.ruleName ? finding.ruleId : `${finding.ruleId} ${finding.ruleName}`;
}

/** Findings that count: those not silenced by a suppression comment. */
export function active(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.suppression);
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
