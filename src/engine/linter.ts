/** Runs rules over one document: parse → model → rules → findings, with suppressions applied. */
import { parseDockerfile } from '../parse/parse.js';
import { buildModel, mayHaveVolumes, textMayHaveVolumes, type ImageCatalog } from '../model/build.js';
import type { ShellAnalyzer } from '../model/shell-types.js';
import type { TargetClassifier } from '../model/targets.js';
import type { BuildContextReader, BuilderSetting, FileModel } from '../model/types.js';
import type { ParsedDockerfile, Range } from '../parse/types.js';
import { launchCache, noteWork } from '../util/launch-hooks.js';
import { setV8Flags } from '../util/v8-flags.js';
import { collectSuppressions, findSuppression, type SuppressionComment, type SuppressionSet } from './suppressions.js';
import {
  FILE_KINDS,
  ruleKind,
  INTERNAL_ERROR_ID,
  SEVERITIES,
  severityForConfidence,
  type AnyRule,
  type FileKind,
  type Finding,
  type ModelKinds,
  type Rule,
  type ReportDescriptor,
  type RuleDocs,
  type SeveritySetting,
} from './types.js';

export interface LintSettings {
  builder: BuilderSetting;
  target?: string;
  rules: readonly AnyRule[];
  /** Rule id → severity or off. */
  severities: ReadonlyMap<string, SeveritySetting>;
  catalog: ImageCatalog;
  classifier: TargetClassifier;
  reportUnusedIgnores?: boolean;
  /**
   * The build context of the linted Dockerfile on disk (the CLI gives the Dockerfile's directory;
   * the language server gives it for a document saved on disk; standard input has none): the model
   * reads the script the container starts there.
   */
  buildContext?: BuildContextReader;
  /** The RUN analysis to use (default: the shared one). Tests hand in a failing one. */
  loadShellAnalyzer?: () => Promise<ShellAnalyzer>;
  /** Compose files are deployed as written (ComposeOptions.deployed): `compose.deployed` of the config, `--compose-deployed`. */
  composeDeployed?: boolean;
}

export interface LintResult {
  file: string;
  findings: Finding[];
  model: FileModel;
}

let shellAnalyzer: Promise<ShellAnalyzer> | undefined;
let baselineWasm = false;
let keepAnalyses = false;

/**
 * The RUN analysis is loaded on first need and shared by every file linted in this process. Its
 * full shell parser (tree-sitter) loads later still, when the first script needs it: most RUN
 * scripts take the fast parser's path (src/model/shell/fast-parse.ts).
 */
export function loadShellAnalyzer(): Promise<ShellAnalyzer> {
  shellAnalyzer ??= Promise.all([import('../model/shell/index.js'), import('../model/shell/effects-store.js')]).then(([m, stores]) => {
    // Between runs of the command line on a few files, the analysis's results are kept in the user's cache.
    const store = keepAnalyses ? stores.openEffectsStore(launchCache()) : null;
    return m.loadShellAnalyzer({
      lazy: true,
      ...(store ? { effectsStore: store } : {}),
      beforeLoad: () => {
        if (baselineWasm) setV8Flags('--liftoff-only');
      },
    });
  });
  return shellAnalyzer;
}

/**
 * Keep the shell parser's WebAssembly on V8's baseline compiler (--liftoff-only), for the command
 * line's runs in one thread: optimising the bash grammar's lexer costs about 0.5 s of background
 * CPU, which Node waits for at exit, and tens of MB of peak memory. One Dockerfile with a VOLUME
 * went from 0.67 s to 0.20 s, 200 files from 1.5 s to 1.07 s. Runs in threads share one compile
 * with the runtime optimised (compileBashModules, WORKER_V8_FLAGS in src/cli/workers.ts). The
 * language server, which runs for hours, keeps the default. Takes effect only when called before
 * the parser loads.
 */
export function preferBaselineWasm(): void {
  baselineWasm = true;
}

/**
 * The command line lints a few files it was named (or standard input): the RUN analysis keeps its
 * results in the user's cache for the next run, and reads what earlier runs kept
 * (src/model/shell/effects-store.ts), when src/launch.ts runs with caching on. Runs over
 * directories do not: they would fill the store with scripts seen once, and their time would depend
 * on what earlier runs left. Takes effect only when called before the first lint.
 */
export function keepAnalysesBetweenRuns(): void {
  keepAnalyses = true;
}

function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** A docs list item: text, or text with a non-empty list of its cases. */
function isDocsItem(item: unknown): boolean {
  if (isText(item)) return true;
  if (typeof item !== 'object' || item === null) return false;
  const { text, items } = item as { text?: unknown; items?: unknown };
  return isText(text) && Array.isArray(items) && items.length > 0 && items.every(isText);
}

/** A docs list: non-empty, every item well formed. */
function isDocsList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every(isDocsItem);
}

/** The structured parts of a rule's docs, when present, are lists of text. */
function validateDocsLists(docs: RuleDocs, where: string): void {
  for (const key of ['reports', 'notReported'] as const) {
    if (docs[key] !== undefined && !isDocsList(docs[key])) throw new Error(`${where}: docs.${key} must be a non-empty list of items`);
  }
  for (const section of docs.sections ?? []) {
    if (!isText(section.title) || !isDocsList(section.items)) throw new Error(`${where}: docs.sections: each needs a title and items`);
  }
  for (const option of docs.options ?? []) {
    if (!isText(option.setting) || !isText(option.effect)) throw new Error(`${where}: docs.options: each needs a setting and its effect`);
  }
}

/** Validates rule objects at load: a malformed rule is a programming error, caught by the tests. */
export function validateRules(rules: readonly AnyRule[]): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const rule of rules) {
    const where = `rule ${rule.id ?? '?'}`;
    if (!/^VOL\d{3}$/.test(rule.id)) throw new Error(`${where}: id must look like VOL001`);
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(rule.name)) throw new Error(`${where}: name must be kebab-case`);
    if (ids.has(rule.id) || names.has(rule.name)) throw new Error(`${where}: duplicate id or name`);
    ids.add(rule.id);
    names.add(rule.name);
    if (!SEVERITIES.includes(rule.severity)) throw new Error(`${where}: bad severity ${String(rule.severity)}`);
    if (!['none', 'safe', 'unsafe'].includes(rule.fixable)) throw new Error(`${where}: bad fixable`);
    if (Object.keys(rule.messages).length === 0) throw new Error(`${where}: no messages`);
    for (const key of ['summary', 'why', 'bad', 'good', 'fix'] as const) {
      if (typeof rule.docs?.[key] !== 'string' || rule.docs[key].trim() === '') throw new Error(`${where}: docs.${key} is missing`);
    }
    if (!Array.isArray(rule.docs.references) || rule.docs.references.length === 0) throw new Error(`${where}: docs.references is empty`);
    validateDocsLists(rule.docs, where);
    if (typeof rule.check !== 'function') throw new Error(`${where}: no check function`);
    if (rule.kind !== undefined && !FILE_KINDS.includes(rule.kind)) throw new Error(`${where}: bad kind ${String(rule.kind)}`);
  }
}

function rangeInside(range: Range, lines: number): Range {
  const clampLine = (l: number): number => Math.max(0, Math.min(l, Math.max(lines - 1, 0)));
  return {
    start: { line: clampLine(range.start.line), character: Math.max(0, range.start.character) },
    end: { line: clampLine(range.end.line), character: Math.max(0, range.end.character) },
  };
}

function modelOf(parsed: ParsedDockerfile, file: string, settings: LintSettings): Promise<FileModel> {
  return buildModel(parsed, {
    file,
    builder: settings.builder,
    catalog: settings.catalog,
    classifier: settings.classifier,
    loadShellAnalyzer: settings.loadShellAnalyzer ?? loadShellAnalyzer,
    ...(settings.target ? { target: settings.target } : {}),
    ...(settings.buildContext ? { buildContext: settings.buildContext } : {}),
  });
}

/** Lints a document and returns its model too (`volint model`, the language server's hovers). */
export async function lintText(text: string, file: string, settings: LintSettings): Promise<LintResult> {
  const parsed = parseDockerfile(text);
  const model = await modelOf(parsed, file, settings);
  return { file, findings: findingsOf(parsed, model, file, settings), model };
}

let shortcuts = true;

/** Every suppression comment (collectSuppressions) starts with the word volint, in any case. */
const VOLINT_COMMENT = /volint/i;

/**
 * The findings of a document, as `lintText` gives them, for the command line: a file that cannot
 * have a volume (`mayHaveVolumes`: no VOLUME, no ONBUILD, no base image or stage with known
 * volumes; most real Dockerfiles) gets no model, and no rule runs on it, since every rule checks
 * volumes; its suppression comments are still read (`--report-unused-ignores`). When its text
 * alone rules volumes out (`textMayHaveVolumes`) and it has no volint comment, it is not parsed
 * either. With `--target` the model is always built (it decides whether the stage exists).
 */
export async function lintFindings(text: string, file: string, settings: LintSettings): Promise<Finding[]> {
  noteWork('files');
  // Without a model, the only findings are those of volint comments (findingsOf): a text that
  // cannot have a volume and names no volint is not even parsed.
  if (shortcuts && settings.target === undefined && !VOLINT_COMMENT.test(text) && !textMayHaveVolumes(text, settings.catalog)) return [];
  const parsed = parseDockerfile(text);
  if (shortcuts && settings.target === undefined && !mayHaveVolumes(parsed, settings.catalog)) return findingsOf(parsed, null, file, settings);
  noteWork('model');
  return findingsOf(parsed, await modelOf(parsed, file, settings), file, settings);
}

/** Runs `run` with every shortcut of `lintFindings` off (for the tests that prove them exact). */
export async function withoutShortcuts<T>(run: () => Promise<T>): Promise<T> {
  shortcuts = false;
  try {
    return await run();
  } finally {
    shortcuts = true;
  }
}

/** The rules' findings on the model (none without one) and the suppression comments' own. */
function findingsOf(parsed: ParsedDockerfile, model: FileModel | null, file: string, settings: LintSettings): Finding[] {
  if (model && settings.target !== undefined && model.target?.name?.toLowerCase() !== settings.target.toLowerCase()) {
    // As `docker build --target` does: a stage that is not there is an error, not the last stage.
    const names = model.stages.flatMap((s) => (s.name ? [s.name] : []));
    throw new Error(`--target ${settings.target}: no stage of that name (${names.length > 0 ? `stages: ${names.join(', ')}` : 'no stage has a name'})`);
  }
  const suppressions = collectSuppressions(parsed);
  const lineCount = parsed.lineStarts.length;
  // Rules run only with a model (a file that cannot have a volume gets none: lintFindings).
  const findings = model ? runRules('dockerfile', model, file, settings, () => ({ suppressions, lineCount }), suppressions.checkSkip) : [];

  // A RUN analysis that failed is a bug in volint: say which step, so a missing finding is not silent
  // (without a model no RUN was analysed).
  for (const failure of model?.analysisErrors ?? []) {
    const line = failure.instruction.range.start.line + 1;
    findings.push({
      ruleId: INTERNAL_ERROR_ID,
      ruleName: INTERNAL_ERROR_ID,
      severity: 'error',
      messageId: 'analysis',
      message: `The analysis of the RUN at line ${line} failed: ${failure.message}`,
      file,
      range: rangeInside(failure.instruction.range, lineCount),
      explanation: [
        `This is a bug in volint, not in the Dockerfile: what the RUN at line ${line} does after the failure is unknown to the model, so findings about that step may be missing. The rules still ran on the rest. Please report it with this file.`,
      ],
      related: [],
      suggestions: [],
      confidence: 'certain',
    });
  }

  findings.push(...unusedIgnoreFindings(file, suppressions, settings.rules, settings.reportUnusedIgnores ?? false));
  sortFindings(findings);
  return findings;
}

/** Where a finding's file keeps its suppression comments, and how many lines it has. */
export interface FileFacts {
  suppressions: SuppressionSet;
  lineCount: number;
}

/**
 * Runs the enabled rules of one kind over a model. A report names its file (the linted one when it
 * does not say); `facts` gives that file's suppressions and line count, or undefined for a file
 * whose comments are not read (the finding is then not suppressible there).
 */
export function runRules<K extends FileKind>(
  kind: K,
  model: ModelKinds[K],
  file: string,
  settings: LintSettings,
  facts: (file: string) => FileFacts | undefined,
  checkSkip: ReadonlySet<string> = new Set(),
): Finding[] {
  const findings: Finding[] = [];
  // Findings that an unsuppressed finding of another rule tells already (ReportDescriptor.covers).
  const covered: Array<{ ruleId: string; file: string; range: Range }> = [];
  for (const rule of settings.rules) {
    if (ruleKind(rule) !== kind) continue;
    const setting = settings.severities.get(rule.id) ?? rule.severity;
    if (setting === 'off') continue;
    if (rule.buildkitName && (checkSkip.has(rule.buildkitName) || checkSkip.has('all'))) continue;
    const configured = settings.severities.get(rule.id);
    const report = (descriptor: ReportDescriptor<string>): void => {
      const where = descriptor.file ?? file;
      const known = facts(where);
      const range = known ? rangeInside(descriptor.range, known.lineCount) : descriptor.range;
      const comment: SuppressionComment | undefined = known ? findSuppression(known.suppressions, rule, range.start.line) : undefined;
      if (comment) comment.used.add(rule.id);
      if (!comment) {
        for (const other of descriptor.covers ?? []) covered.push({ ruleId: other.ruleId, file: where, range: known ? rangeInside(other.range, known.lineCount) : other.range });
      }
      findings.push({
        ruleId: rule.id,
        ruleName: rule.name,
        severity:
          configured && configured !== 'off'
            ? configured
            : severityForConfidence(descriptor.severity ?? rule.severity, descriptor.confidence ?? 'certain'),
        messageId: descriptor.messageId,
        message: interpolate(rule.messages[descriptor.messageId] ?? descriptor.messageId, descriptor.data),
        file: where,
        range,
        explanation: descriptor.explanation,
        related: (descriptor.related ?? []).map((r) => {
          const relatedFacts = facts(r.file ?? where);
          return { ...r, range: relatedFacts ? rangeInside(r.range, relatedFacts.lineCount) : r.range };
        }),
        ...(descriptor.fix ? { fix: descriptor.fix } : {}),
        suggestions: descriptor.suggestions ?? [],
        confidence: descriptor.confidence ?? 'certain',
        ...(comment
          ? { suppression: { kind: 'inSource' as const, range: comment.range, ...(comment.justification ? { justification: comment.justification } : {}) } }
          : {}),
      });
    };
    try {
      // The kind check above makes the model the one this rule declares.
      (rule as Rule<string, K>).check(model, { file, builder: settings.builder, report });
    } catch (err) {
      const error = err as Error;
      findings.push({
        ruleId: INTERNAL_ERROR_ID,
        ruleName: INTERNAL_ERROR_ID,
        severity: 'error',
        messageId: 'internal',
        message: `Rule ${rule.id} (${rule.name}) failed: ${error?.message ?? String(err)}`,
        file,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        explanation: [`This is a bug in volint, not in the ${kind === 'compose' ? 'compose file' : 'Dockerfile'}; the other rules still ran. Please report it with this file.`],
        related: [],
        suggestions: [],
        confidence: 'certain',
      });
    }
  }
  if (covered.length === 0) return findings;
  return findings.filter((f) => !covered.some((c) => c.ruleId === f.ruleId && c.file === f.file && sameRange(c.range, f.range)));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * Suppression comments that silence nothing. A comment naming no rule of volint (a typo: VOL040
 * for VOL004) is always reported, as ESLint does for an unknown rule in a directive; with
 * --report-unused-ignores, every comment that silences nothing and every malformed one.
 */
export function unusedIgnoreFindings(file: string, suppressions: SuppressionSet, rules: readonly AnyRule[], reportUnused: boolean): Finding[] {
  const findings: Finding[] = [];
  // Most files have no volint comment: nothing to check, and no table of names to build.
  if (suppressions.comments.length === 0 && (!reportUnused || suppressions.malformed.length === 0)) return findings;
  const known = knownRuleKeys(rules);
  if (!reportUnused) {
    for (const comment of suppressions.comments) {
      const unknown = comment.rules.filter((r) => r.toLowerCase() !== 'all' && !known.has(r.toUpperCase()) && !known.has(r.toLowerCase()));
      if (unknown.length > 0) findings.push(unusedIgnoreFinding(file, comment.range, unknown, known, unknown.length >= comment.rules.length));
    }
    return findings;
  }
  for (const comment of suppressions.comments) {
    const unused = comment.rules.filter((r) => {
      const id = known.get(r.toUpperCase()) ?? known.get(r.toLowerCase());
      return r.toLowerCase() !== 'all' && (!id || !comment.used.has(id));
    });
    if (comment.rules.some((r) => r.toLowerCase() === 'all') && comment.used.size === 0) unused.push('all');
    if (unused.length === 0) continue;
    findings.push(unusedIgnoreFinding(file, comment.range, unused, known, unused.length >= comment.rules.length));
  }
  for (const bad of suppressions.malformed) {
    findings.push({
      ruleId: 'volint-unused-ignore', ruleName: 'volint-unused-ignore', severity: 'warning', messageId: 'malformed',
      message: `Malformed volint comment: ${bad.reason}.`, file, range: bad.range, explanation: [], related: [], suggestions: [], confidence: 'certain',
    });
  }
  return findings;
}

const ruleKeys = new WeakMap<readonly AnyRule[], Map<string, string>>();

/** Rule id (upper case) and name → rule id, built once per rule list. */
function knownRuleKeys(rules: readonly AnyRule[]): Map<string, string> {
  let known = ruleKeys.get(rules);
  if (!known) ruleKeys.set(rules, (known = new Map(rules.flatMap((r) => [[r.id.toUpperCase(), r.id], [r.name, r.id]] as Array<[string, string]>))));
  return known;
}

/** By file (the linted file first), then position, then rule. */
export function sortFindings(findings: Finding[], first?: string): void {
  findings.sort(
    (a, b) =>
      (a.file === b.file ? 0 : a.file === first ? -1 : b.file === first ? 1 : a.file < b.file ? -1 : 1) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

function unusedIgnoreFinding(file: string, range: Range, unused: string[], known: Map<string, string>, whole: boolean): Finding {
  const unknown = unused.filter((r) => r !== 'all' && !known.has(r.toUpperCase()) && !known.has(r.toLowerCase()));
  const detail = unknown.length > 0 ? ` (${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a volint rule)` : '';
  const line = range.start.line;
  return {
    ruleId: 'volint-unused-ignore',
    ruleName: 'volint-unused-ignore',
    severity: 'warning',
    messageId: 'unused',
    message: `Suppression of ${unused.join(', ')} silences nothing${detail}.`,
    file,
    range,
    explanation: ['Remove the rule from the comment, or the whole comment when nothing is left.'],
    related: [],
    ...(whole
      ? {
          fix: {
            description: 'Remove the unused suppression comment',
            safety: 'safe' as const,
            edits: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }],
          },
        }
      : {}),
    suggestions: [],
    confidence: 'certain',
  };
}
