/**
 * Which services of a project Compose starts: the profiles (compose-spec 15-profiles.md) and the
 * services named on the command line (`docker compose up web worker`), with what they depend on.
 *
 * A service depends on another through `depends_on` (a list, or a mapping whose entries may say
 * `required: false`), `links` (`db` or `db:alias`), `volumes_from` (a service, not `container:`),
 * and `network_mode`, `pid` or `ipc` set to `service:NAME`: the relations docker-compose 1.29's
 * `get_dependency_names` reads, and that compose-go turns into implicit `depends_on` entries.
 *
 * - Without named services every service a profile enables is started (all of them when no
 *   profile is active); a started service that depends on one the profiles leave out makes
 *   Compose refuse the project (1.29 and v2), unless the dependency says `required: false` (v2).
 * - With named services Compose starts those and, transitively, what they depend on, and nothing
 *   else. A named service that the active profiles leave out has its profiles added to them (v2:
 *   compose-go `WithServicesEnabled`; the compose-spec: "unless the service is explicitly targeted
 *   by a command. In that case its profile is added to the set of active profiles"); a dependency
 *   must be enabled by that set, or Compose refuses. docker-compose 1.29 differs in two ways, both
 *   pinned in test/builders/compose-config.test.ts: it adds the profiles of every named service,
 *   enabled or not, and it checks a dependency's own dependencies against the profiles given on
 *   the command line only, so that `up app` refuses app → db → cache when all three share a
 *   profile that only naming app activates (v2 starts the three).
 */
import type { ComposeService, ServiceDependency, SourceLocation } from './types.js';
import { child, scalarText, type TreeMap } from './tree.js';

/** The relations of a service's mapping that make it depend on another service. */
export function serviceDependencies(node: TreeMap): ServiceDependency[] {
  const out: ServiceDependency[] = [];
  const dependsOn = child(node, 'depends_on');
  if (dependsOn?.kind === 'seq') {
    for (const item of dependsOn.items) {
      const name = scalarText(item);
      if (name) out.push({ name, via: 'depends_on', required: true, condition: null, location: item.loc });
    }
  } else if (dependsOn?.kind === 'map') {
    for (const [name, e] of dependsOn.entries) {
      const required = child(e.value, 'required');
      const no = required?.kind === 'scalar' && (required.value === false || (typeof required.value === 'string' && /^(false|no|off)$/i.test(required.value)));
      const condition = scalarText(child(e.value, 'condition'));
      out.push({ name, via: 'depends_on', required: !no, condition: condition || null, location: e.keyLoc });
    }
  }
  const links = child(node, 'links');
  if (links?.kind === 'seq') {
    for (const item of links.items) {
      const name = scalarText(item)?.split(':')[0];
      if (name) out.push({ name, via: 'links', required: true, condition: null, location: item.loc });
    }
  }
  const from = child(node, 'volumes_from');
  for (const item of from?.kind === 'seq' ? from.items : from ? [from] : []) {
    const parts = (scalarText(item) ?? '').split(':');
    if (parts[0] === 'container') continue;
    if (parts[0] === 'service') parts.shift();
    if (parts[0]) out.push({ name: parts[0], via: 'volumes_from', required: true, condition: null, location: item.loc });
  }
  for (const key of ['network_mode', 'pid', 'ipc'] as const) {
    const value = child(node, key);
    const text = scalarText(value);
    if (value && text?.startsWith('service:') && text.length > 'service:'.length) out.push({ name: text.slice('service:'.length), via: key, required: true, condition: null, location: value.loc });
  }
  return out;
}

/** What selectServices decided. */
export interface ServiceSelection {
  /** The names of the services Compose starts. */
  started: Set<string>;
  /** The active profiles after the named services added theirs; null when none is active and no service was named. */
  active: string[] | null;
  /** Why Compose refuses the selection (a dependency the profiles leave out, an unknown service), at the entry or flag that causes it. */
  problems: Array<{ location: SourceLocation; message: string }>;
}

const enabledBy = (service: ComposeService, profiles: readonly string[]): boolean =>
  service.profiles.length === 0 || profiles.includes('*') || service.profiles.some((p) => profiles.includes(p));

/** Where a service to start was named other than on the command line, and what named it (`"runServices" in .devcontainer/devcontainer.json`). */
export interface ServiceOrigin {
  location: SourceLocation;
  by: string;
}

/**
 * The services Compose starts for `active` profiles (null: none given) and the services `named`
 * on the command line (empty: none). `at` is where a problem with a named service is reported
 * (the compose file's first line: the cause is the flag, not an entry), unless `origins` says
 * where that name was written.
 */
export function selectServices(
  services: readonly ComposeService[],
  active: string[] | null,
  named: readonly string[],
  at: SourceLocation,
  origins?: ReadonlyMap<string, ServiceOrigin>,
): ServiceSelection {
  const byName = new Map(services.map((s) => [s.name, s]));
  const problems: ServiceSelection['problems'] = [];
  const refused = (dependency: ComposeService, of: ComposeService, location: SourceLocation, via: string): void => {
    problems.push({
      location,
      message:
        `service ${of.name} depends on ${dependency.name} (${via}), which the active profiles do not start: Compose refuses this ` +
        `("Service "${dependency.name}" was pulled in as a dependency of service "${of.name}" but is not enabled by the active profiles"); ` +
        `activate a profile of ${dependency.name} (${dependency.profiles.join(', ')})`,
    });
  };
  if (named.length === 0) {
    if (active === null) return { started: new Set(byName.keys()), active, problems };
    const started = new Set(services.filter((s) => enabledBy(s, active)).map((s) => s.name));
    for (const service of services) {
      if (!started.has(service.name)) continue;
      for (const d of service.dependencies) {
        const dependency = byName.get(d.name);
        if (dependency && !started.has(d.name) && d.required) refused(dependency, service, d.location, d.via);
      }
    }
    return { started, active, problems };
  }
  const profiles = [...(active ?? [])];
  const targets: ComposeService[] = [];
  for (const name of new Set(named)) {
    const service = byName.get(name);
    if (!service) {
      const known = [...byName.keys()].sort();
      const origin = origins?.get(name);
      const what = origin ? `${origin.by} names ${name}, which is no service of its compose files` : `--service ${name}: no such service`;
      problems.push({ location: origin?.location ?? at, message: `${what} ("no such service: ${name}", Compose says); the services are ${known.join(', ') || 'none'}` });
      continue;
    }
    targets.push(service);
    if (!enabledBy(service, profiles)) for (const p of service.profiles) if (!profiles.includes(p)) profiles.push(p);
  }
  const started = new Set<string>();
  const visit = (service: ComposeService): void => {
    if (started.has(service.name)) return;
    started.add(service.name);
    for (const d of service.dependencies) {
      const dependency = byName.get(d.name);
      if (!dependency) continue; // An unknown name is reported where the entry is read.
      if (enabledBy(dependency, profiles)) visit(dependency);
      else if (d.required) refused(dependency, service, d.location, d.via);
    }
  };
  for (const target of targets) visit(target);
  return { started, active: profiles, problems };
}
