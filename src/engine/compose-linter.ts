/**
 * Runs the rules of kind `compose` over one Compose project: model (src/compose) → rules →
 * findings, with suppressions read in the compose file and its override file. Problems met while
 * reading the project (invalid YAML, an unknown top-level key, a missing Dockerfile, a required
 * variable without a value) become findings of `volint-compose-error` at their line.
 */
import { buildComposeModel, type ComposeOptions } from '../compose/model.js';
import type { ComposeModel } from '../compose/types.js';
import { loadShellAnalyzer, runRules, sortFindings, unusedIgnoreFindings, type FileFacts, type LintSettings } from './linter.js';
import { collectYamlSuppressions } from './suppressions.js';
import type { Finding } from './types.js';

/** The pseudo-rule of bad input in a compose project. */
export const COMPOSE_ERROR_ID = 'volint-compose-error';

/** One compose project to lint: the project part of the model's options (the settings give the rest). */
export type ComposeInput = Pick<ComposeOptions, 'text' | 'file' | 'absolutePath' | 'io' | 'displayPath' | 'environment' | 'overrides' | 'moreFiles' | 'envFiles' | 'projectName' | 'profiles' | 'services'>;

export interface ComposeLintResult {
  file: string;
  findings: Finding[];
  model: ComposeModel;
}

export async function lintComposeText(input: ComposeInput, settings: LintSettings): Promise<ComposeLintResult> {
  const model = await buildComposeModel({
    ...input,
    builder: settings.builder,
    catalog: settings.catalog,
    classifier: settings.classifier,
    loadShellAnalyzer: settings.loadShellAnalyzer ?? loadShellAnalyzer,
    deployed: settings.composeDeployed === true,
  });
  const facts = new Map<string, FileFacts>();
  for (const source of model.files) {
    if (source.role === 'env') continue;
    facts.set(source.file, { suppressions: collectYamlSuppressions(source.text), lineCount: source.text.split(/\r\n|\r|\n/).length });
  }
  // Related locations in Dockerfiles: their line counts bound the ranges; their comments are not read here.
  const dockerfileLines = new Map<string, number>();
  for (const service of model.services) {
    if (service.image.kind === 'build') dockerfileLines.set(service.image.model.file, service.image.model.parsed.lineStarts.length);
  }
  const factsOf = (file: string): FileFacts | undefined => {
    const known = facts.get(file);
    if (known) return known;
    const lines = dockerfileLines.get(file);
    return lines === undefined ? undefined : { suppressions: { comments: [], checkSkip: new Set(), malformed: [] }, lineCount: lines };
  };
  // An entry shared by services through a YAML anchor gives each service the same finding at the same place: keep one.
  const seen = new Set<string>();
  const findings = runRules('compose', model, input.file, settings, factsOf).filter((f) => {
    const key = `${f.ruleId}\u0000${f.file ?? ''}\u0000${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (model.profiles.active === null) noteProfiles(findings, model);
  for (const problem of model.problems) {
    findings.push({
      ruleId: COMPOSE_ERROR_ID,
      ruleName: COMPOSE_ERROR_ID,
      severity: problem.severity,
      messageId: 'problem',
      message: problem.message,
      file: problem.location.file,
      range: problem.location.range,
      explanation: [],
      related: (problem.related ?? []).map((r) => ({ range: r.location.range, message: r.message, ...(r.location.file !== problem.location.file ? { file: r.location.file } : {}) })),
      suggestions: [],
      confidence: 'certain',
    });
  }
  for (const [file, fileFacts] of facts) findings.push(...unusedIgnoreFindings(file, fileFacts.suppressions, settings.rules, settings.reportUnusedIgnores ?? false));
  sortFindings(findings, input.file);
  return { file: input.file, findings, model };
}

/**
 * Without an active profile every service is linted, also those Compose starts only with a
 * profile: a finding at such a service's key or at one of its mount entries says so at the end of
 * its message, so that it is read as "when this profile runs".
 */
function noteProfiles(findings: Finding[], model: ComposeModel): void {
  const at = (file: string, line: number, character: number): string => `${file}\u0000${line}:${character}`;
  const byPlace = new Map<string, ComposeModel['services'][number]>();
  for (const service of model.services) {
    if (service.profiles.length === 0) continue;
    const places = [service.location, ...service.mounts.map((m) => m.location)];
    for (const l of places) if (l) byPlace.set(at(l.file, l.range.start.line, l.range.start.character), service);
  }
  if (byPlace.size === 0) return;
  for (const finding of findings) {
    const service = byPlace.get(at(finding.file ?? '', finding.range.start.line, finding.range.start.character));
    if (!service) continue;
    const names = service.profiles.map((p) => `\`${p}\``).join(' or ');
    finding.message += ` (Service ${service.name} starts only with profile ${names} active: \`--profile ${service.profiles[0]}\`.)`;
  }
}
