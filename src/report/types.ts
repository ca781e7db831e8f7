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
  /** Base URL of the rule documentation (docs/rules/<name>.md). */
  docsBase: string;
}

export type Formatter = (reports: FileReport[], context: FormatContext) => string;

/** Findings that count: those not silenced by a suppression comment. */
export function active(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.suppression);
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
