/** The rule contract and the shape of a finding. The engine knows no rule by name. */
import type { Range } from '../parse/types.js';
import type { BuilderSetting, FileModel } from '../model/types.js';
import type { ComposeModel } from '../compose/types.js';

/** SARIF's levels. */
export type Severity = 'error' | 'warning' | 'note';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];
export const SEVERITY_RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

/**
 * How sure volint is of a finding. `certain`: the model proves it (a step writes there, the path is
 * what it is). `likely`: the evidence is strong but indirect (a package named like the path owns
 * files there, a known base image ships content there). `possible`: the model cannot rule it out
 * (an unknown command, a write to a whole parent tree, a build target volint cannot see).
 */
export type Confidence = 'certain' | 'likely' | 'possible';
export const CONFIDENCES: readonly Confidence[] = ['certain', 'likely', 'possible'];
export const CONFIDENCE_RANK: Record<Confidence, number> = { possible: 0, likely: 1, certain: 2 };

/**
 * The severity a finding gets from its confidence: a `certain` finding keeps the rule's (or the
 * finding's own) severity, a `likely` one is at most a warning, a `possible` one a note.
 */
export function severityForConfidence(severity: Severity, confidence: Confidence): Severity {
  if (confidence === 'possible') return 'note';
  if (confidence === 'likely' && severity === 'error') return 'warning';
  return severity;
}

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
  /**
   * Display path of the file the location is in, when it is not the finding's file (a compose
   * finding's related steps and VOLUME lines in the service's Dockerfile).
   */
  file?: string;
}

/**
 * The kinds of file the engine lints and the model each gives its rules. A rule declares the kind
 * it checks (`kind`, default `dockerfile`); the engine hands it that model and no other.
 */
export interface ModelKinds {
  dockerfile: FileModel;
  compose: ComposeModel;
}
export type FileKind = keyof ModelKinds;
export const FILE_KINDS: readonly FileKind[] = ['dockerfile', 'compose'];

/**
 * One fact in a rule's docs list: a condition, or an exception with its reason. Markdown inline
 * text; `items` are the cases it divides into (one level deep).
 */
export type DocsItem = string | { text: string; items: string[] };

/** A titled list in a rule's docs ("What counts as keeping data"): one fact per item. */
export interface DocsSection {
  title: string;
  /** A sentence or two before the list. */
  intro?: string;
  items: DocsItem[];
}

/** A setting that changes what the rule reports, with its spellings in each front end. */
export interface RuleOption {
  /** The key in `.volint.yaml`: `compose.deployed`. */
  setting: string;
  /** Its command-line flag: `--compose-deployed`. */
  flag?: string;
  /** Its language-server setting: `volint.compose.deployed`. */
  editor?: string;
  /** What it changes, in a sentence or two. */
  effect: string;
}

export interface RuleDocs {
  /** One line: what the rule finds. */
  summary: string;
  /** The consequence at build and run time, in a few sentences: what goes wrong. */
  why: string;
  /** When the rule reports: one condition per item. */
  reports?: DocsItem[];
  /** When it deliberately does not report: one exception per item, with its reason. */
  notReported?: DocsItem[];
  /** Further titled lists: what a term in the lists above counts as, what the rule leaves out. */
  sections?: DocsSection[];
  /** Settings that change what the rule reports. */
  options?: RuleOption[];
  /** A Dockerfile that triggers the rule (a compose file for rules of kind `compose`). */
  bad: string;
  /** The same Dockerfile written right: no finding (a compose file for rules of kind `compose`). */
  good: string;
  /**
   * Rules of kind `compose`: the Dockerfile the `bad` and `good` compose files build (`build: .`),
   * when they have one. Shown with the examples and used when the docs examples are linted.
   */
  dockerfile?: string;
  /** What to do, imperative. */
  fix: string;
  /** When the automatic fix is safe and when it needs --fix-unsafe (rules with fixable other than none). */
  fixSafety?: string;
  /** Docker documentation and issue threads. */
  references: string[];
}

export interface ReportDescriptor<M extends string> {
  range: Range;
  /**
   * Display path of the file `range` is in, when it is not the linted file: a compose rule reporting
   * on an entry of an override file. Suppression comments are read in that file.
   */
  file?: string;
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
  /** How sure the model is (default `certain`); the severity follows it (severityForConfidence). */
  confidence?: Confidence;
  /**
   * Findings of other rules that tell the same problem: another rule's report on the step this
   * finding names as its evidence (VOL012 on the COPY after the VOLUME that VOL005 says puts code
   * into the volume). The engine drops them when this finding is reported and not suppressed; with
   * this rule off or suppressed there, they stay. One problem, one finding.
   */
  covers?: Array<{ ruleId: string; range: Range }>;
}

export interface RuleContext<M extends string> {
  readonly file: string;
  readonly builder: BuilderSetting;
  report(descriptor: ReportDescriptor<M>): void;
}

export interface Rule<M extends string = string, K extends FileKind = FileKind> {
  /** Stable id, `VOL001`…; never reused. */
  id: string;
  /** The kind of file the rule checks; `dockerfile` when absent. */
  kind?: K;
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
  check(model: ModelKinds[K], context: RuleContext<M>): void;
}

/**
 * Typed rule creation: an unknown messageId does not compile, and `check` receives the model of
 * the rule's `kind` (a Dockerfile's FileModel when `kind` is absent).
 */
export function defineRule<M extends string, K extends FileKind = 'dockerfile'>(rule: Rule<M, K>): NoInfer<Rule<M, K>> {
  return rule;
}

export type AnyRule = Rule<string, FileKind>;

/** The kind of file a rule checks. */
export function ruleKind(rule: { kind?: FileKind }): FileKind {
  return rule.kind ?? 'dockerfile';
}

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
  confidence: Confidence;
  /** Present when an inline comment silences the finding: kept for SARIF, hidden elsewhere. */
  suppression?: Suppression;
}

export const INTERNAL_ERROR_ID = 'volint-internal-error';
