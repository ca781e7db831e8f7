/**
 * Runs the rules of kind `compose` over one Compose project: model (src/compose) → rules →
 * findings, with suppressions read in the compose file and its override file. Problems met while
 * reading the project (invalid YAML, an unknown top-level key, a missing Dockerfile, a required
 * variable without a value) become findings of `volint-compose-error` at their line.
 */
import { buildComposeModel, type ComposeOptions } from '../compose/model.js';
import type { ComposeModel, ComposeProblem } from '../compose/types.js';
import { loadShellAnalyzer, runRules, sortFindings, unusedIgnoreFindings, type FileFacts, type LintSettings } from './linter.js';
import { collectYamlSuppressions } from './suppressions.js';
import type { Finding } from './types.js';

/** The pseudo-rule of bad input in a compose project. */
export const COMPOSE_ERROR_ID = 'volint-compose-error';

/** One compose project to lint: the project part of the model's options (the settings give the rest). */
export type ComposeInput = Pick<ComposeOptions, 'text' | 'file' | 'absolutePath' | 'io' | 'displayPath' | 'environment' | 'overrides' | 'moreFiles' | 'envFiles' | 'projectName' | 'defaultProjectName' | 'profiles' | 'services' | 'serviceOrigins' | 'workflows' | 'workingDirectory'>;

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
  dropUnresolved(findings, model);
  foldLinkedDuplicates(findings, model);
  noteImageLinks(findings, model);
  if (model.profiles.active === null) noteProfiles(findings, model);
  for (const problem of model.problems) findings.push(problemFinding(problem));
  for (const [file, fileFacts] of facts) findings.push(...unusedIgnoreFindings(file, fileFacts.suppressions, settings.rules, settings.reportUnusedIgnores ?? false));
  sortFindings(findings, input.file);
  return { file: input.file, findings, model };
}

/** A problem met while reading a project (a compose file, a dev container configuration), as a finding of COMPOSE_ERROR_ID. */
export function problemFinding(problem: ComposeProblem): Finding {
  return {
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
  };
}

/**
 * Without an active profile every service is linted, also those Compose starts only with a
 * profile: a finding at such a service's key or at one of its mount entries says so at the end of
 * its message, so that it is read as "when this profile runs".
 */
function noteProfiles(findings: Finding[], model: ComposeModel): void {
  for (const { finding, service } of findingsOfServices(findings, model, (s) => s.profiles.length > 0)) {
    const names = service.profiles.map((p) => `\`${p}\``).join(' or ');
    finding.message += ` (Service ${service.name} starts only with profile ${names} active: \`--profile ${service.profiles[0]}\`.)`;
  }
}

type Service = ComposeModel['services'][number];
type Mount = Service['mounts'][number];

/**
 * A service that runs the image another service of the project builds (ServiceImage `link`, kind
 * `compose-service`) and mounts the same thing at the same path as that service (the same cover and
 * source) has the same problem there: one finding, the building service's, with the entry of each
 * such service as a related location, instead of the same finding once per service.
 */
function foldLinkedDuplicates(findings: Finding[], model: ComposeModel): void {
  const at = (file: string, line: number, character: number): string => `${file}\u0000${line}:${character}`;
  const mountAt = new Map<string, { service: Service; mount: Mount }>();
  for (const service of model.services) for (const mount of service.mounts) if (mount.location) mountAt.set(at(mount.location.file, mount.location.range.start.line, mount.location.range.start.character), { service, mount });
  const byName = new Map(model.services.map((s) => [s.name, s]));
  const sameEntry = (a: Mount, b: Mount): boolean => a.target === b.target && a.cover === b.cover && a.hostPath === b.hostPath && a.volumeKey === b.volumeKey && a.readOnly === b.readOnly;
  const dropped = new Set<Finding>();
  for (const finding of findings) {
    const place = mountAt.get(at(finding.file ?? '', finding.range.start.line, finding.range.start.character));
    const image = place?.service.image;
    if (!place || image?.kind !== 'build' || image.link?.kind !== 'compose-service' || !image.link.service) continue;
    const builder = byName.get(image.link.service);
    const twin = builder?.mounts.find((m) => m.location && sameEntry(m, place.mount));
    if (!builder || !twin?.location) continue;
    const kept = findings.find((f) => f !== finding && !dropped.has(f) && f.ruleId === finding.ruleId && f.file === twin.location!.file && f.range.start.line === twin.location!.range.start.line && f.range.start.character === twin.location!.range.start.character);
    if (!kept) continue;
    dropped.add(finding);
    kept.related.push({ range: finding.range, message: `the same entry in service ${place.service.name}, which runs the image service ${builder.name} builds`, ...(finding.file !== kept.file ? { file: finding.file } : {}) });
  }
  if (dropped.size === 0) return;
  const left = findings.filter((f) => !dropped.has(f));
  findings.splice(0, findings.length, ...left);
}

/**
 * Rule findings that are artifacts of a variable without a value (ComposeModel.unresolved): at an
 * entry it emptied (`${DATA}/uploads:/app/uploads` read as the host's /uploads), and at a service whose
 * model misses what such an entry gives (a volume entry left out: the image VOLUME it mounts is not
 * left anonymous; a build read from the wrong place). The note or error about the variable says so.
 */
function dropUnresolved(findings: Finding[], model: ComposeModel): void {
  if (model.unresolved.length === 0) return;
  const at = (file: string, line: number, character: number): string => `${file}\u0000${line}:${character}`;
  const places = new Set(model.unresolved.map((u) => at(u.location.file, u.location.range.start.line, u.location.range.start.character)));
  const whole = new Set(model.unresolved.filter((u) => u.whole).map((u) => u.service));
  const ofWhole = new Set(findingsOfServices(findings, model, (s) => whole.has(s.name)).map((f) => f.finding));
  const left = findings.filter((f) => !ofWhole.has(f) && (!places.has(at(f.file ?? '', f.range.start.line, f.range.start.character)) || targetOnlyFinding(f, model)));
  findings.splice(0, findings.length, ...left);
}

/**
 * Findings about a mount's container path alone (VOL022's mount under root's home directory that the program does not
 * use, or below a VOLUME where the image keeps its data elsewhere, whatever the host path holds), at a short-syntax entry whose container path is written without a variable:
 * a variable that emptied only the host path (`${pgAdminLocation}/pgadmin:/root/.pgadmin`) changes nothing they say.
 */
const TARGET_ONLY = new Set(['VOL022/homeUnused', 'VOL022/homeUnusedInContainer', 'VOL022/below', 'VOL022/belowRefused', 'VOL022/insideData']);

function targetOnlyFinding(finding: Finding, model: ComposeModel): boolean {
  if (!TARGET_ONLY.has(`${finding.ruleId}/${finding.messageId}`) || finding.range.start.line !== finding.range.end.line) return false;
  const source = model.files.find((f) => f.file === finding.file);
  const mount = model.services
    .flatMap((s) => s.mounts)
    .find((m) => m.location !== null && m.location.file === finding.file && m.location.range.start.line === finding.range.start.line && m.location.range.start.character === finding.range.start.character);
  if (!source || !mount || mount.syntax !== 'short' || mount.targetRaw === '') return false;
  const text = (source.text.split(/\r\n|\r|\n/)[finding.range.start.line] ?? '').slice(finding.range.start.character, finding.range.end.character);
  const at = text.lastIndexOf(`:${mount.targetRaw}`);
  return at > 0 && !text.slice(at).includes('$');
}

/** The findings at the key or at a mount entry of a service that `which` selects, each with that service. */
function findingsOfServices(findings: Finding[], model: ComposeModel, which: (service: Service) => boolean): Array<{ finding: Finding; service: Service }> {
  const at = (file: string, line: number, character: number): string => `${file}\u0000${line}:${character}`;
  const byPlace = new Map<string, Service>();
  for (const service of model.services) {
    if (!which(service)) continue;
    const places = [service.location, ...service.mounts.map((m) => m.location)];
    for (const l of places) if (l) byPlace.set(at(l.file, l.range.start.line, l.range.start.character), service);
  }
  if (byPlace.size === 0) return [];
  const out: Array<{ finding: Finding; service: Service }> = [];
  for (const finding of findings) {
    const service = byPlace.get(at(finding.file ?? '', finding.range.start.line, finding.range.start.character));
    if (service) out.push({ finding, service });
  }
  return out;
}

/**
 * A service that names its image without `build:` and is modelled from a Dockerfile of the
 * repository because something there builds that image (ServiceImage `link`): each finding about it
 * says what ties the image to the Dockerfile, with that place as a related location.
 */
function noteImageLinks(findings: Finding[], model: ComposeModel): void {
  for (const { finding, service } of findingsOfServices(findings, model, (s) => s.image.kind === 'build' && s.image.link !== undefined)) {
    if (service.image.kind !== 'build' || !service.image.link) continue;
    const link = service.image.link;
    finding.explanation.push(
      `The service does not build ${link.image}; volint models it from ${service.image.build.dockerfile} because ${link.text}.` +
        (link.kind === 'workflow' ? ' The image a registry serves was built from the Dockerfile of the commit it was released from: where that differs, so may this finding.' : '') +
        (link.kind === 'workflow' && /rebuil/.test([finding.message, ...finding.explanation].join(' ')) ? ` Where it speaks of a rebuild, read a newer ${link.image} pulled (\`docker compose pull\`).` : ''),
    );
    finding.related.push({ range: link.location.range, message: `builds ${link.image}`, ...(link.location.file !== finding.file ? { file: link.location.file } : {}) });
  }
}
