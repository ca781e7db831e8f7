/** Questions rules ask of the model, answered in one place. */
import { isWithin } from './paths.js';
import { hostSourceParts, itemText } from './volume-text.js';
import type { FileModel, PathEffect, Stage, Volume, VolumeItem } from './types.js';
import type { ImageRef } from './image-types.js';
import type { Instruction, Position } from '../parse/types.js';

/** How an effect reaches a volume path: inside it, or a recursive effect on a parent of it. */
export function reach(effect: PathEffect, volumePath: string): 'inside' | 'parent' | null {
  if (isWithin(effect.path, volumePath)) return 'inside';
  if (effect.recursive && isWithin(volumePath, effect.path) && (effect.pattern === undefined || patternMayReach(effect.pattern, volumePath))) return 'parent';
  return null;
}

/**
 * Whether a glob as written (`/opt/app*`) may name the volume path or a parent of it: each of its
 * segments matches the path's segment at the same depth (`/srv/app/log*` never reaches
 * /srv/app/data; `/home/app/*` never names /home/app/.cache, as the shell leaves names starting
 * with a dot out unless the pattern spells the dot). A relative pattern may name anything.
 */
function patternMayReach(pattern: string, volumePath: string): boolean {
  if (!pattern.startsWith('/')) return true;
  const wanted = pattern.split('/').filter(Boolean);
  const have = volumePath.split('/').filter(Boolean);
  for (let i = 0; i < Math.min(wanted.length, have.length); i++) {
    const segment = wanted[i]!;
    if (!/[*?[]/.test(segment)) {
      if (segment !== have[i]) return false;
      continue;
    }
    // Pathname expansion matches a leading dot only where the pattern spells it (no dotglob).
    if (have[i]!.startsWith('.') && !segment.startsWith('.')) return false;
    const source = segment.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.').replace(/\[!/g, '[^');
    try {
      if (!new RegExp(`^${source}$`).test(have[i]!)) return false;
    } catch {
      return true;
    }
  }
  return true;
}

/**
 * How many stages of a chain the walks of evidence.ts, explain.ts and ownership.ts read, as they
 * always have (the others read the whole chain). A base stage is always an earlier stage, so a chain
 * has no cycle: this bounds a chain longer than any written by hand, nothing else.
 */
export const EVIDENCE_CHAIN_STAGES = 64;

/**
 * The stage and the stages it is built FROM, the stage first; the first `most` of them where a
 * walk reads no further (EVIDENCE_CHAIN_STAGES).
 */
export function stageChain(stage: Stage, most = Infinity): Stage[] {
  const stages: Stage[] = [];
  const seen = new Set<Stage>();
  for (let s: Stage | null = stage; s && stages.length < most && !seen.has(s); s = s.base.kind === 'stage' ? s.base.stage : null) {
    seen.add(s);
    stages.push(s);
  }
  return stages;
}

/** The first stage of the FROM chain that ends at `stage` (the one built on an image or scratch). */
export function chainRoot(stage: Stage): Stage {
  let current: Stage = stage;
  const seen = new Set<number>();
  while (current.base.kind === 'stage' && !seen.has(current.index)) {
    seen.add(current.index);
    current = current.base.stage;
  }
  return current;
}

/**
 * How many `COPY --from` steps deep the model follows a path back through earlier stages: to the
 * steps that put files there (src/model/stage-copies.ts) and to the build context a file came from
 * (src/model/context-files.ts), so that both see the same chains. Each also bounds how many places
 * one question fans out to (a copy of several sources asks about one path per source at each hop).
 */
export const MAX_COPY_FROM_HOPS = 8;

/** The stage a `COPY --from` of `stage` names (its name or index), when it is an earlier stage of the file; null for an image or a later stage. */
export function copySourceStage(model: FileModel, stage: Stage, from: string): Stage | null {
  const lower = from.toLowerCase();
  const found = /^\d+$/.test(from) ? model.stages[Number(from)] : model.stages.find((s) => s.name !== null && s.name.toLowerCase() === lower);
  return found && found.index < stage.index ? found : null;
}

/** Effects of the stage's steps after the volume is in effect that reach the volume path. */
export function effectsAfter(stage: Stage, volume: Volume): Array<{ effect: PathEffect; reach: 'inside' | 'parent' }> {
  const result: Array<{ effect: PathEffect; reach: 'inside' | 'parent' }> = [];
  for (const effect of stage.effects) {
    if (effect.instruction.index <= volume.since) continue;
    const how = reach(effect, volume.path);
    if (how) result.push({ effect, reach: how });
  }
  return result;
}

/** Effects before an instruction index that reach the path (in this stage and its base stages). */
export function effectsBefore(stage: Stage, path: string, index: number): PathEffect[] {
  const result: PathEffect[] = [];
  for (const current of stageChain(stage)) {
    for (const effect of current.effects) {
      if (effect.instruction.index < index && reach(effect, path)) result.push(effect);
    }
  }
  return result.sort((a, b) => a.instruction.index - b.instruction.index);
}


/**
 * The VOLUME items that declare a usable path, with their stage: the items target-class rules check
 * once each. Left out: items the syntactic rules own (invalid JSON, host:container, split fragments,
 * Windows paths) and VOLUMEs before any FROM.
 */
export function declaredItems(model: FileModel): Array<{ stage: Stage; item: VolumeItem }> {
  const result: Array<{ stage: Stage; item: VolumeItem }> = [];
  for (const owner of model.volumeInstructions) {
    if (!owner.stage) continue;
    for (const item of owner.items) {
      if (isWellFormedItem(item)) result.push({ stage: owner.stage, item });
    }
  }
  return result;
}

/**
 * declaredItems without repeats: the first declaration of each path in a stage (a second
 * `VOLUME /data` changes nothing; VOL010 reports it). What the target rules check.
 */
export function firstDeclarations(model: FileModel): Array<{ stage: Stage; item: VolumeItem }> {
  const seen = new Set<string>();
  return declaredItems(model).filter(({ stage, item }) => {
    const key = `${stage.index}\u0000${item.owner.onbuild ? 'onbuild' : ''}\u0000${item.mountPath}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * An item whose path means what it says: not owned by a syntactic rule (invalid JSON, a
 * host:container mapping, a split fragment), not a Windows path, and resolved.
 */
export function isWellFormedItem(item: VolumeItem): boolean {
  const owner = item.owner;
  if (owner.list.form === 'shell' && owner.list.looksLikeJson) return false;
  return item.mountPath !== null && !item.windows && !item.splitFragment && !hostSourceParts(itemText(item));
}


/** Top-level directories a Linux base image may hold (FHS and common distribution layouts). */
const SYSTEM_TOP_LEVEL = new Set([
  'bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin',
  'srv', 'sys', 'tmp', 'usr', 'var',
]);

/**
 * Top-level directories distributions ship empty and their packages leave alone (FHS 3.0: /srv is
 * site-specific, /home holds users' directories, /mnt and /media are for the administrator's mounts;
 * /opt holds add-on packages, so a package installed by an earlier step may fill it). A directory
 * below them exists only if the base image's author or a step made it.
 */
const EMPTY_IN_DISTRIBUTIONS = new Set(['srv', 'opt', 'home', 'mnt', 'media']);

/**
 * A directory of an application's own, where a distribution ships nothing: below /var/<dir>/
 * (/var/lib/app, /var/spool/worker), /home/<user>/, or /srv, /opt, /mnt, /media.
 */
export function isApplicationDirectory(path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  const top = segments[0] ?? '';
  if (top === 'var' || top === 'home') return segments.length >= 3;
  return EMPTY_IN_DISTRIBUTIONS.has(top) && segments.length >= 2;
}

/**
 * How sure it is that the image the stage chain starts from does not hold `path`: `certain` for a
 * chain built from scratch (it holds nothing), `likely` for a path outside the system's own top-level
 * directories (`/data`, `/app`: no distribution makes them), `possible` for a path below /srv, /opt,
 * /home, /mnt or /media (a distribution leaves them empty, but an unknown base image may have made
 * `/srv/data`; `likely` when the base is an official distribution image; below /opt only when no
 * step installs packages). Below /var/lib, /var/log and /var/cache of an official distribution
 * image with no package installed by a step, a directory the distribution does not ship there is
 * `likely` absent. Null elsewhere below /var, /usr, /etc…, where the base image or a package it
 * installed may have made the directory: nothing is known.
 */
export function absentFromBase(stage: Stage, path: string): 'certain' | 'likely' | 'possible' | null {
  const current = chainRoot(stage);
  if (current.base.kind === 'scratch') return 'certain';
  const segments = path.split('/').filter(Boolean);
  const top = segments[0] ?? '';
  if (top === '') return null;
  if (!SYSTEM_TOP_LEVEL.has(top)) return 'likely';
  const distribution = current.base.kind === 'image' && isDistributionImage(current.base.ref);
  if (top === 'var' && distribution && segments.length >= 3 && VAR_STATE.has(segments[1]!) && !DISTRIBUTION_VAR.has(segments[2]!) && !installsPackages(stage)) {
    // /var/lib/app in debian:12 with no package installed: no package made it.
    return 'likely';
  }
  if (!EMPTY_IN_DISTRIBUTIONS.has(top) || segments.length < 2) return null;
  // /home/app itself may be a user's home the base image made; /home/app/data is not.
  if (top === 'home' && segments.length < 3) return null;
  if (top === 'opt' && installsPackages(stage)) return null;
  return distribution ? 'likely' : 'possible';
}

/** The /var directories whose sub-directories belong to packages: /var/lib/<package>, /var/log/<package>, /var/cache/<package>. */
const VAR_STATE = new Set(['lib', 'log', 'cache']);

/**
 * What the official distribution images (DISTRIBUTION_IMAGES) hold directly below /var/lib,
 * /var/log and /var/cache: their package managers' state and a few base packages' (Debian/Ubuntu:
 * apt, dpkg, misc, pam, systemd, ucf, debconf, ldconfig; Alpine: apk, misc, udhcpd; Fedora: dnf,
 * rpm, rpm-state, alternatives, selinux…). Anything else below those is a package's or the
 * Dockerfile's own.
 */
const DISTRIBUTION_VAR = new Set([
  'apt', 'dpkg', 'misc', 'pam', 'systemd', 'ucf', 'debconf', 'ldconfig', 'apk', 'udhcpd', 'dnf', 'yum', 'rpm', 'rpm-state',
  'alternatives', 'selinux', 'authselect', 'games', 'private', 'polkit-1', 'dbus', 'logrotate', 'initramfs-tools', 'shells.state',
  'sss', 'tpm', 'man', 'fontconfig', 'emacsen-common', 'sgml-base', 'xml-core', 'python', 'update-rc.d', 'unattended-upgrades',
  'landscape', 'ubuntu-advantage', 'cloud', 'btmp', 'wtmp', 'lastlog', 'faillog', 'journal',
]);

/**
 * Official distribution images that ship /srv, /opt, /mnt and /media empty and /home with at most
 * a user's own directory (Debian's debuerreotype root file systems, Ubuntu's cloud images, Alpine's
 * minirootfs, BusyBox, Fedora's container base): a directory below them is the Dockerfile's own.
 */
const DISTRIBUTION_IMAGES = new Set(['debian', 'ubuntu', 'alpine', 'busybox', 'fedora']);

function isDistributionImage(ref: ImageRef): boolean {
  return isOfficialImage(ref) && DISTRIBUTION_IMAGES.has(ref.name);
}

/**
 * A Docker Official Image (docker-library: Docker Hub, no namespace): a distribution image with a
 * language runtime or a server added under /usr/local, /opt or its own data directories, all
 * written in its public Dockerfile. Other images (`ckan/ckan-base`, `ghcr.io/…`) may hold anything.
 */
export function isOfficialImage(ref: ImageRef): boolean {
  return (ref.registry === null || ref.registry === 'docker.io') && !ref.name.includes('/');
}

/** Whether a step of the stage chain installs packages (a package manager or an installer script). */
function installsPackages(stage: Stage): boolean {
  return stageChain(stage).some((current) => current.effects.some((e) => e.packages !== undefined && e.packages.length > 0));
}

/**
 * A COPY (not ADD: it unpacks archives; not --from) of sources that all read as file names
 * (`app.py`, `requirements.txt`: a name with an extension, no wildcard, no variable, no trailing
 * slash) into a directory: it brings those files, not a directory tree. Only likely: a directory
 * may be named like a file.
 */
function copiesFilesOnly(e: PathEffect): boolean {
  if (e.kind !== 'copy' || e.command !== 'COPY' || e.from !== undefined || !e.sources || e.sources.length === 0) return false;
  return e.sources.every((source) => !/[*?[$]/.test(source) && !source.endsWith('/') && /^[^/]*[^/.]\.[A-Za-z0-9]{1,8}$/.test(source.slice(source.lastIndexOf('/') + 1)) && !source.startsWith('<<'));
}

/**
 * Whether a step of the stage chain may create the directory `path`: it created, copied or wrote
 * something at or below it, or a recursive COPY/ADD or write above it may have brought it
 * (`COPY rootfs/ /`). With `fileCopies: false`, a COPY of files named like files does not count.
 */
function mayCreateDir(e: PathEffect, path: string, fileCopies: boolean): boolean {
  if (e.kind === 'chown' || e.kind === 'chmod' || e.kind === 'delete' || e.kind === 'enter' || e.kind === 'read') return false;
  if (isWithin(e.path, path)) return true;
  if (!fileCopies && copiesFilesOnly(e)) return false;
  return (e.kind === 'copy' || e.kind === 'write') && e.recursive && isWithin(path, e.path);
}

/** Whether position `a` comes before position `b` (line, then character). */
function positionBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * Whether a step before an effect (in its stage and the stages it is built on, and earlier in the
 * same RUN) may have created the directory `path` (mayCreateDir), as a test to ask of each effect.
 * The chain's effects are read once: the lowest instruction index of a step that may create it,
 * and per instruction the earliest position of one, so that asking for every effect of a step
 * costs O(1) each rather than a pass over the chain each (a RUN of 10,000 effects on a volume path
 * took seconds).
 */
export function dirMayExistBefore(stage: Stage, path: string, options: { fileCopies: boolean } = { fileCopies: true }): (effect: PathEffect) => boolean {
  let firstIndex = Infinity;
  const firstIn = new Map<Instruction, Position>();
  for (const current of stageChain(stage)) {
    for (const e of current.effects) {
      if (!mayCreateDir(e, path, options.fileCopies)) continue;
      if (e.instruction.index < firstIndex) firstIndex = e.instruction.index;
      const known = firstIn.get(e.instruction);
      if (!known || positionBefore(e.range.start, known)) firstIn.set(e.instruction, e.range.start);
    }
  }
  return (effect) => {
    if (firstIndex < effect.instruction.index) return true;
    const first = firstIn.get(effect.instruction);
    return first !== undefined && positionBefore(first, effect.range.start);
  };
}

/** A program a step ran that the build itself brought in, with the step that brought it. */
export interface BroughtInProgram {
  /** The `exec` use: the step that runs the program. */
  run: PathEffect;
  /** The COPY/ADD or RUN write (a download, an extracted archive) that put the file there. */
  source: PathEffect;
}

/**
 * Programs the RUN steps of the stage chain ran (`RUN /opt/setup/install.sh`, `sh ./setup.sh`)
 * whose file an earlier step of the chain (or an earlier command of the same RUN) put there: a
 * script from the build context, another stage or a download. volint cannot read them, so they may have done anything (created
 * directories, changed owners, granted sudo). In build order. A script read in the build context
 * (PathEffect.read: its effects are the step's) is not one.
 */
export function programsBroughtIn(stage: Stage): BroughtInProgram[] {
  const stages = stageChain(stage).reverse();
  const effects = stages.flatMap((s) => s.effects);
  const result: BroughtInProgram[] = [];
  for (const run of stages.flatMap((s) => s.uses)) {
    // A script volint read in the build context (src/model/run-scripts.ts): what it did is in the model.
    if (run.kind !== 'exec' || run.read) continue;
    const earlier = (e: PathEffect): boolean =>
      e.instruction.index < run.instruction.index ||
      (e.instruction === run.instruction &&
        (e.range.start.line < run.range.start.line || (e.range.start.line === run.range.start.line && e.range.start.character < run.range.start.character)));
    const source = effects.find(
      (e) =>
        earlier(e) &&
        (e.kind === 'copy' ? isWithin(run.path, e.path) : e.kind === 'write' && (e.path === run.path || (e.recursive && isWithin(run.path, e.path)))),
    );
    if (source) result.push({ run, source });
  }
  return result.sort((a, b) => a.run.instruction.index - b.run.instruction.index);
}
