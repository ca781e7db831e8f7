/** The rule contract and the shape of a finding. The engine knows no rule by name. */
import type { Range } from '../parse/types.js';
import type { BuilderSetting, FileModel } from '../model/types.js';

/** SARIF's levels. */
export type Severity = 'error' | 'warning' | 'note';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];
export const SEVERITY_RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

export interface TextEdit {
  /** 0-based, end-exclusive; an empty range inserts. */
  range: Range;
  text: string;
}

export interface Fix {
  /** Imperative: "Replace the single quotes with double quotes". */
  description: string;
  /** `safe` keeps what the author meant; `unsafe` changes the build's result. */
  safety: 'safe' | 'unsafe';
  edits: TextEdit[];
}

export interface RelatedLocation {
  range: Range;
  message: string;
}

export interface RuleDocs {
  /** One line: what the rule finds. */
  summary: string;
  /** The consequence at build and run time. */
  why: string;
  /** A Dockerfile that triggers the rule. */
  bad: string;
  /** The same Dockerfile written right: no finding. */
  good: string;
  /** What to do, imperative. */
  fix: string;
  /** When the automatic fix is safe and when it needs --fix-unsafe (rules with fixable other than none). */
  fixSafety?: string;
  /** Docker documentation and issue threads. */
  references: string[];
}

export interface ReportDescriptor<M extends string> {
  range: Range;
  messageId: M;
  data?: Record<string, string | number>;
  /** What Docker does with this line, from the model: one sentence per element. */
  explanation: string[];
  related?: RelatedLocation[];
  fix?: Fix;
  /** Fixes offered to a person (editor code actions), never applied by --fix. */
  suggestions?: Fix[];
  /** Overrides the rule's default severity for this finding (builder-dependent rules). */
  severity?: Severity;
  /** `possible` when the model cannot prove the finding (an unknown command may write there). */
  confidence?: 'certain' | 'possible';
}

export interface RuleContext<M extends string> {
  readonly file: string;
  readonly builder: BuilderSetting;
  report(descriptor: ReportDescriptor<M>): void;
}

export interface Rule<M extends string = string> {
  /** Stable id, `VOL001`…; never reused. */
  id: string;
  /** kebab-case, equal to the module's file name. */
  name: string;
  severity: Severity;
  /** `safe`: every fix it offers is safe; `unsafe`: some need --fix-unsafe; `none`: no fixes. */
  fixable: 'none' | 'safe' | 'unsafe';
  tags: string[];
  /** BuildKit build-check name this rule corresponds to, so `# check=skip=<name>` silences it. */
  buildkitName?: string;
  messages: Record<M, string>;
  docs: RuleDocs;
  check(model: FileModel, context: RuleContext<M>): void;
}

/** Typed rule creation: an unknown messageId does not compile. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

export type AnyRule = Rule<string>;

export interface Suppression {
  kind: 'inSource';
  justification?: string;
  /** The comment that suppresses. */
  range: Range;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  messageId: string;
  message: string;
  file: string;
  range: Range;
  explanation: string[];
  related: RelatedLocation[];
  fix?: Fix;
  suggestions: Fix[];
  confidence: 'certain' | 'possible';
  /** Present when an inline comment silences the finding: kept for SARIF, hidden elsewhere. */
  suppression?: Suppression;
}

export const INTERNAL_ERROR_ID = 'volint-internal-error';
