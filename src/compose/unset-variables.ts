/**
 * What volint says about the variables a project uses without a value and without a default
 * (Compose substitutes an empty string for each):
 * - where the project has a `.env` (or `--env-file`s are given), a variable missing there is a gap
 *   in it: one warning per variable, at its first use, naming the others;
 * - where it has none (a checkout: `.env` holds the deployer's values and is not committed; or only
 *   the template read in its place), the variables are the deployer's to give: one note for the
 *   project, at the first use, naming them, and saying where a missing value changes what volint
 *   models (a volume entry Compose refuses as written, a build, an image, a user), the errors those
 *   entries would give folded into it;
 * - either way, a variable the service's own `environment:` sets, written in its command,
 *   entrypoint or healthcheck: the author meant the container's variable, but Compose replaces it
 *   before the container starts (`$${VAR}` keeps it for the container): one warning per variable and service.
 *   Only where a shell of the container would read it: a `sh -c` script of the command line (a
 *   command without one passes its words as they are, so Compose's substitution is the only one),
 *   or a healthcheck.
 */
import type { ComposeProblem, ComposeService, SourceLocation, UnresolvedEntry, UnsetVariableUse } from './types.js';
import { TOP_LEVEL_KEYS } from './project-files.js';
import { commandRunsShell } from './command-line.js';

/** What a value written in a compose file is for, as far as an empty variable in it matters to volint. */
export type UseRole = 'volume' | 'build' | 'image' | 'user' | 'command' | 'environment' | 'other';

export interface UsePlace {
  role: UseRole;
  /** The service it belongs to (null: a top-level section). */
  service: string | null;
  /** The top-level volume it belongs to. */
  volume: string | null;
}

/** The role of a value at `path` (UnsetVariableUse.paths): `services, db, volumes, []` is a volume entry of service db. */
export function usePlace(path: readonly string[]): UsePlace {
  const other: UsePlace = { role: 'other', service: null, volume: null };
  if (path.length === 0) return other;
  if (path[0] === 'volumes' && path.length >= 2) return { role: 'volume', service: null, volume: path[1]! };
  // `services:`, or a version-1 file's services at the top level.
  const rest = path[0] === 'services' ? path.slice(1) : !TOP_LEVEL_KEYS.has(path[0]!) && !path[0]!.startsWith('x-') ? path : null;
  if (!rest || rest.length < 2) return other;
  const service = rest[0]!;
  const key = rest[1]!;
  const at = (role: UseRole): UsePlace => ({ role, service, volume: null });
  if (key === 'volumes' || key === 'tmpfs' || key === 'volumes_from') return at('volume');
  if (key === 'build') return at(rest[2] === undefined || rest[2] === 'context' || rest[2] === 'dockerfile' ? 'build' : 'other');
  if (key === 'image') return at('image');
  if (key === 'user') return at('user');
  if (key === 'command' || key === 'entrypoint' || key === 'healthcheck') return at('command');
  if (key === 'environment') return at('environment');
  return at('other');
}

/** The most telling place of a use reached several ways (an anchor's content where it is used, not where it is defined). */
function placeOf(use: UnsetVariableUse): UsePlace {
  const places = use.paths.map(usePlace);
  return places.find((p) => p.role !== 'other' && p.role !== 'environment') ?? places.find((p) => p.role === 'environment') ?? places[0] ?? { role: 'other', service: null, volume: null };
}

export interface UnsetReportInput {
  uses: ReadonlyMap<string, readonly UnsetVariableUse[]>;
  /** Where the project's variables came from (ProjectFiles.envKind). */
  envKind: 'given' | 'dotenv' | 'template' | 'none';
  /** The env files as the warning names them (`.env`, the `--env-file`s). */
  sources: string;
  /** The template read in place of `.env`, where one was. */
  template: string | null;
  /** The project's problems so far: errors a note folds in are taken out of it. */
  problems: ComposeProblem[];
  /** The note that the variables came from a template (ProjectFiles.templateProblems), to carry the unset variables too. */
  templateNote: ComposeProblem | null;
  /** Every service of the project, before profiles select them (their `environment:` and mounts). */
  services: readonly ComposeService[];
}

export interface UnsetReport {
  problems: ComposeProblem[];
  unresolved: UnresolvedEntry[];
}

/** The diagnostics of the project's unset variables (see the top of this file) and the entries they empty. */
export function reportUnsetVariables(input: UnsetReportInput): UnsetReport {
  const out: ComposeProblem[] = [];
  const unresolved: UnresolvedEntry[] = [];
  const byName = new Map(input.services.map((s) => [s.name, s]));
  const explains = (p: ComposeProblem, use: UnsetVariableUse): boolean =>
    p.severity === 'error' && p.location.file === use.location.file && sameRange(p.location.range, use.location.range) && p.message.includes(use.variable);

  // Entries whose emptied value changes what volint models.
  for (const [, uses] of input.uses) {
    for (const use of uses) {
      const place = placeOf(use);
      const service = place.service === null ? undefined : byName.get(place.service);
      if (!service) continue;
      if (place.role === 'volume') {
        const kept = service.mounts.some((m) => m.location && m.location.file === use.location.file && sameRange(m.location.range, use.location.range));
        unresolved.push({ service: service.name, location: use.location, whole: !kept });
      } else if (place.role === 'build') {
        unresolved.push({ service: service.name, location: use.location, whole: true });
      }
    }
  }

  // A variable the service's own `environment:` sets, written in its command: meant for the container.
  const containerUses = new Set<UnsetVariableUse>();
  for (const [variable, uses] of input.uses) {
    const byService = new Map<string, UnsetVariableUse[]>();
    for (const use of uses) {
      const place = placeOf(use);
      if (place.role !== 'command' || place.service === null) continue;
      const service = byName.get(place.service);
      if (!service || !service.environment.has(variable) || service.environment.get(variable) === null) continue;
      // `command: ["--url", "${URL}"]` with no shell: the container never expands it, so Compose's substitution is the one meant.
      const key = use.paths.map((p) => p[p[0] === 'services' ? 2 : 1]).find((k) => k === 'command' || k === 'entrypoint' || k === 'healthcheck');
      if ((key === 'command' || key === 'entrypoint') && !commandRunsShell(service)) continue;
      // `- POSTGRES_USER=${POSTGRES_USER}`: the environment passes the same unset variable on; the command agrees with it.
      if (uses.some((u) => u.paths.some((p) => { const q = usePlace(p); return q.role === 'environment' && q.service === place.service; }))) continue;
      byService.set(place.service, [...(byService.get(place.service) ?? []), use]);
    }
    for (const [service, list] of byService) {
      for (const use of list) containerUses.add(use);
      const [first, ...others] = list;
      const key = first!.paths.map((p) => p[p[0] === 'services' ? 2 : 1]).find((k) => k === 'command' || k === 'entrypoint' || k === 'healthcheck') ?? 'command';
      out.push({
        location: first!.location,
        message: `variable ${variable} is not set here, so Compose writes an empty string in service ${service}'s \`${key}:\` before the container starts; the service's \`environment:\` sets ${variable} for the container: write $\${${variable}} (or $$${variable}) for the container's shell to expand it`,
        severity: 'warning',
        ...(others.length > 0 ? { related: others.map((u) => ({ location: u.location, message: `${variable} is written here too` })) } : {}),
      });
    }
  }

  if (input.envKind === 'given' || input.envKind === 'dotenv') {
    // A gap in the project's own env files: one warning per variable, as before.
    for (const [variable, all] of input.uses) {
      const uses = all.filter((u) => !containerUses.has(u) && !input.problems.some((p) => explains(p, u)));
      const first = uses[0];
      if (!first) continue;
      const others = uses.slice(1);
      const where = (l: SourceLocation): string => (l.file === first.location.file ? `line ${l.range.start.line + 1}` : `${l.file}:${l.range.start.line + 1}`);
      const also = others.length > 0 ? `; used ${uses.length} times: here, ${others.map((u) => where(u.location)).join(', ')}` : '';
      out.push({
        location: first.location,
        message: `variable ${variable} is not set (in the environment or ${input.sources}): Compose substitutes an empty string${also}`,
        severity: 'warning',
        ...(others.length > 0 ? { related: others.map((u) => ({ location: u.location, message: `${variable} is used here too` })) } : {}),
      });
    }
    return { problems: out, unresolved };
  }

  // No `.env`: the deployer's values. One note, the errors of the entries they empty folded in.
  const variables: string[] = [];
  const related: NonNullable<ComposeProblem['related']> = [];
  const effects: string[] = [];
  const folded = new Set<ComposeProblem>();
  let first: UnsetVariableUse | null = null;
  for (const [variable, uses] of input.uses) {
    const left = uses.filter((u) => !containerUses.has(u));
    if (left.length === 0) continue;
    variables.push(variable);
    for (const use of left) {
      first ??= use;
      const place = placeOf(use);
      const errors = input.problems.filter((p) => explains(p, use));
      for (const error of errors) folded.add(error);
      const effect = effectOf(variable, use, place, place.service === null ? undefined : byName.get(place.service), errors.length > 0, unresolved, first.location.file);
      if (effect) effects.push(effect);
      related.push({ location: use.location, message: effect ? `${variable} is used here: volint does not judge ${effect}` : `${variable} is used here` });
    }
  }
  // A required variable (`${X:?message}`) with no value: the deployer's too, and Compose refuses the file until it has one.
  const required: string[] = [];
  for (const problem of input.problems) {
    if (problem.required === undefined) continue;
    folded.add(problem);
    if (!required.includes(problem.required)) required.push(problem.required);
    related.push({ location: problem.location, message: `${problem.required} is required here` });
  }
  if (variables.length === 0 && required.length === 0) return { problems: out, unresolved };
  for (const problem of folded) input.problems.splice(input.problems.indexOf(problem), 1);
  const parts: string[] = [];
  if (variables.length > 0) parts.push(`${names(variables)} ${variables.length === 1 ? 'is' : 'are'} not set here`);
  if (required.length > 0) parts.push(`${required.length === 1 ? 'required variable' : `${required.length} required variables,`} ${names(required, false)}${required.length === 1 ? ' has' : ' have'} no value (Compose refuses the file until ${required.length === 1 ? 'it has one' : 'they have one'})`);
  const what = parts.join(', and ');
  const empty = variables.length === 0 ? '' : `Compose substitutes an empty string${variables.length === 1 ? '' : ' for each'}. `;
  const shown = effects.slice(0, 3);
  const more = effects.length > shown.length ? `; and ${effects.length - shown.length} more` : '';
  const one = variables.length + required.length === 1;
  const effectText = shown.length > 0 ? `; volint does not judge what ${one ? 'it empties' : 'they empty'}: ${shown.join('; ')}${more}` : '';
  const said = `${one ? "It is the deployer's value" : "They are the deployer's values"} (to lint with ${one ? 'it' : 'them'}: --env-file FILE)${effectText}`;
  const how = empty === '' ? said[0]!.toLowerCase() + said.slice(1) : said;
  if (input.templateNote) {
    const note = input.templateNote;
    note.message += `; ${what}, nor in ${input.template}: ${empty}${how}`;
    note.related = [...(note.related ?? []), ...related];
    return { problems: out, unresolved };
  }
  const where = input.envKind === 'template' && input.template ? `, nor in ${input.template}, which volint read in place of the .env the project does not have` : ', and there is no .env beside the compose file';
  out.push({
    location: first?.location ?? input.problems.find((p) => p.required !== undefined)?.location ?? related[0]!.location,
    message: `${what}${where}: ${empty}${how}`,
    severity: 'note',
    related: related.filter((r) => first === null || r.location !== first.location),
  });
  return { problems: out, unresolved };
}

/** `7 variables (TZ, DBROOT, DBNAME, DBUSER, DBPASS and 2 more)`, `variable TZ`. */
function names(list: readonly string[], counted = true): string {
  const shown = list.slice(0, 5);
  const rest = list.length - shown.length;
  const text = `${shown.slice(0, -1).join(', ')}${shown.length > 1 ? (rest > 0 ? ', ' : ' and ') : ''}${shown[shown.length - 1]}${rest > 0 ? ` and ${rest} more` : ''}`;
  if (!counted) return text;
  return list.length === 1 ? `variable ${text}` : `${list.length} variables (${text})`;
}

/** What volint does not judge because `variable` at `use` is empty, in words; null where it changes nothing volint reads. */
function effectOf(variable: string, use: UnsetVariableUse, place: UsePlace, model: ComposeService | undefined, refused: boolean, unresolved: readonly UnresolvedEntry[], file: string): string | null {
  const line = use.location.file === file ? `line ${use.location.range.start.line + 1}` : `${use.location.file}:${use.location.range.start.line + 1}`;
  const service = place.service;
  if (place.role === 'volume' && service === null) return `volume ${place.volume} at ${line} (${variable})`;
  if (service === null || !model) return null;
  const entry = unresolved.find((u) => u.location === use.location);
  switch (place.role) {
    case 'volume':
      return entry?.whole !== false
        ? `service ${service}, whose volume entry at ${line} ${variable} empties${refused ? ' (Compose refuses it as written)' : ''}`
        : `the volume entry of service ${service} at ${line} (${variable})`;
    case 'build':
      return `service ${service}, whose build at ${line} ${variable} empties${refused ? ' (its Dockerfile is not found)' : ''}`;
    case 'image':
      // A service that builds its image, or whose image the catalogue knows whatever the variable: nothing changes.
      if (model.image.kind !== 'unknown' || model.image.build) return null;
      return `which image service ${service} runs (${variable}, ${line})`;
    case 'user':
      return `which user service ${service} runs as (${variable}, ${line})`;
    default:
      return null;
  }
}

function sameRange(a: SourceLocation['range'], b: SourceLocation['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
