/**
 * What the start commands of a project's services put back, at every `up`, where a volume or a bind
 * mount covers what the image holds (ComposeService.startWrites, read with the RUN analysis):
 *
 * - a volume that a service of the project fills with the same package manager's install the image
 *   ran (the `bundler` service's `bundle install` into the gem volume every service mounts, with
 *   BUNDLE_PATH from the image's ENV): the volume follows the manifest at every `up`, not the first
 *   image that seeded it;
 * - a host directory that another service binds at the same place and writes at every start (`web`
 *   runs `yarn install` in `.:/usr/src/app`): every bind of that directory sees what it made there.
 *
 * Only services Compose starts at every `up` count: with no profile active, a service with
 * `profiles:` starts only when someone activates one (a one-off tool), so it refills nothing.
 */
import { isWithin, normalizePath, resolvePath } from '../model/paths.js';
import { deeperMountAt } from './query.js';
import type { ComposeModel, ComposeMount, ComposeService, ImageStep, StartWrite } from './types.js';

/** A service of the project whose start command writes a path through one of its mounts. */
export interface StartRefill {
  /** The service whose command writes it. */
  service: ComposeService;
  /** Its mount the write lands in (the same volume, or a bind of the same host directory). */
  mount: ComposeMount & { target: string };
  write: StartWrite;
}

/** Whether `up` starts the service: every modelled service when a profile is active (the model holds only those), else those without `profiles:`. */
export function startsAtEveryUp(model: ComposeModel, service: ComposeService): boolean {
  return model.profiles.active !== null || service.profiles.length === 0;
}

/** The place in its volume (or host directory) that a mount shows at its target: `/`, or the `volume.subpath` it mounts (`/vendor`). */
function shownPlace(mount: ComposeMount): string {
  return resolvePath('/', mount.subpath ?? '.');
}

/** `path`, at or below `dir`, as the part below it: `''` for `dir` itself, else `/rest`. */
function below(path: string, dir: string): string {
  return dir === '/' ? (path === '/' ? '' : path) : path.slice(dir.length);
}

/**
 * `path` in `mount` as the container of `other`, a mount of the same volume or host directory, sees
 * it: the same place of the volume, through each mount's `volume.subpath`. A path above `mount`'s
 * target (a recursive step on a parent directory, `RUN bundle install` into /usr/local/bundle over a
 * volume at /usr/local/bundle/gems) reaches all of the mount: its target. Null where `other` does not
 * show all of that place (it mounts another sub-directory of the volume, or one below the place).
 */
function throughMount(mount: ComposeMount & { target: string }, path: string, other: ComposeMount & { target: string }): string | null {
  const place = normalizePath(shownPlace(mount) + (isWithin(path, mount.target) ? below(path, mount.target) : ''));
  const otherPlace = shownPlace(other);
  return isWithin(place, otherPlace) ? other.target + below(place, otherPlace) : null;
}

/** The write of `writer`'s start command that lands at `path` through its mount `mount` (no deeper mount of its own takes it). */
function writeThrough(writer: ComposeService, mount: ComposeMount & { target: string }, path: string): StartWrite | null {
  if (deeperMountAt(writer, mount, path)) return null;
  return writer.startWrites.find((w) => w.path === path || (w.recursive && isWithin(path, w.path))) ?? null;
}

/** Two services built from the same Dockerfile with the same target and args: the same image. */
function sameBuild(a: ComposeService, b: ComposeService): boolean {
  if (a.image.kind !== 'build' || b.image.kind !== 'build') return false;
  const x = a.image.build;
  const y = b.image.build;
  if (x.context === null || x.dockerfileAbsolute === null || x.context !== y.context || x.dockerfileAbsolute !== y.dockerfileAbsolute || x.target !== y.target) return false;
  return x.args.size === y.args.size && [...x.args].every(([k, v]) => y.args.get(k) === v);
}

/**
 * A service of the project whose start command refills, at every `up`, what the image step `step`
 * put in the volume `mount` of `service`: a service built from the same Dockerfile (target, args)
 * that mounts the same named volume writable (or `service` itself, for any volume of its own), and
 * whose command certainly runs the same installer the step ran (`bundle install` for `RUN bundle
 * install`) into the same place of the volume. The installer then puts there what the manifest asks
 * at each `up`, as the rebuilt image would have; what it no longer asks may linger in the volume.
 * Null otherwise (the image's content there comes from another step, the command installs
 * elsewhere, no service of the project runs it).
 */
export function volumeRefilledAtStart(model: ComposeModel, service: ComposeService, mount: ComposeMount & { target: string }, step: ImageStep): StartRefill | null {
  if (mount.cover !== 'named-volume' && mount.cover !== 'anonymous-volume') return null;
  if (!step.effect.command.startsWith('RUN ') || step.effect.kind !== 'write') return null;
  for (const writer of model.services) {
    // The service's own command refills its own volume whenever it starts, profile or not.
    if ((writer !== service && !startsAtEveryUp(model, writer)) || !sameBuild(writer, service)) continue;
    for (const other of writer.mounts) {
      if (other.target === null || other.readOnly) continue;
      const same = other === mount || (mount.cover === 'named-volume' && other.cover === 'named-volume' && other.volumeKey !== null && other.volumeKey === mount.volumeKey);
      if (!same) continue;
      const there = { ...other, target: other.target };
      const seen = throughMount(mount, step.effect.path, there);
      const write = seen === null ? null : writeThrough(writer, there, seen);
      if (write && `RUN ${write.command}` === step.effect.command) return { service: writer, mount: there, write };
    }
  }
  return null;
}

/**
 * Another service of the project that binds the same host directory as `mount` (writable) and whose
 * start command certainly writes `path` there at every `up` (`yarn install` in the sources `web`
 * binds, at the same place below the bind): the host directory then holds what it made, for every
 * bind of it. Null otherwise.
 */
export function hostFilledAtStart(model: ComposeModel, service: ComposeService, mount: ComposeMount & { target: string }, path: string): StartRefill | null {
  if (mount.cover !== 'bind' || !mount.hostPath) return null;
  for (const writer of model.services) {
    if (writer === service || !startsAtEveryUp(model, writer)) continue;
    for (const other of writer.mounts) {
      if (other.cover !== 'bind' || other.hostPath !== mount.hostPath || other.readOnly || other.target === null) continue;
      const there = { ...other, target: other.target };
      const seen = throughMount(mount, path, there);
      const write = seen === null ? null : writeThrough(writer, there, seen);
      if (write) return { service: writer, mount: there, write };
    }
  }
  return null;
}
