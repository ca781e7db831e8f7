import { defineRule, type Confidence, type RelatedLocation, type RuleContext } from '../src/engine/types.js';
import { isRootUser } from '../src/model/build.js';
import { REFERENCES } from '../src/model/explain.js';
import { commandDataDirectory, composeLocation, describeStepHere, describeStep, imageName, jobsCompletedBefore, rootHomeMountMisplaced, rootHomeUnnamed, stepLocation, writtenMounts, type WrittenMount } from '../src/compose/query.js';
import type { ComposeModel, ComposeService, ImageContentAt, ImageStep, SourceLocation } from '../src/compose/types.js';
import type { JobPreparation } from '../src/compose/job-preparation.js';
import type { HostPathPreparation } from '../src/compose/project-scripts.js';
import type { FreshHomePath } from '../src/compose/home-paths.js';
import type { Stage } from '../src/model/types.js';
import { rootAtStart, startCommandWith } from '../src/model/start.js';
import { absentFromBase, EVIDENCE_CHAIN_STAGES, isApplicationDirectory, isOfficialImage, stageChain } from '../src/model/query.js';
import { isWithin, normalizePath } from '../src/model/paths.js';
import { uidOf } from '../src/model/accounts.js';
import { readInput, writeEvidence } from '../src/compose/write-evidence.js';

/** World-writable (mode 1777) in every base image that has them. */
const WORLD_WRITABLE = new Set(['/tmp', '/var/tmp', '/dev/shm']);
/** Steps that bring a directory into existence (WORKDIR is left out: BuildKit creates it for the USER in effect). */
const CREATING = new Set(['mkdir', 'copy', 'write']);
/**
 * RUN commands that can create a directory with another owner than the user running them
 * (`install -o`, `useradd -m`, copiers that keep the source's owner): never called root-owned.
 */
const OWNER_SETTING = new Set(['install', 'useradd', 'adduser', 'cp', 'mv', 'tar', 'rsync', 'ln', 'git']);

/**
 * A service the project builds from its Dockerfile (`build:`): volint reads its start (the command line, the
 * start script, the image's VOLUMEs and ENV). A service with `image:` alone, even one linked to a Dockerfile of
 * the repository, is checked as before: what its program does is not in view.
 */
function buildsItself(service: ComposeService): boolean {
  return service.image.kind === 'build' && service.image.link === undefined;
}

/**
 * Where the program of an image known from the catalogue (`image:` alone) writes: its VOLUMEs, its state
 * directories (the catalogue's stateDirectories: grafana's /var/lib/grafana), and the data directory its
 * command gives the server instead (`--storage.tsdb.path=/var/lib/prometheus`); inside them, a directory the
 * program only reads (readDirectories: keycloak's /opt/keycloak/data/import) is left to readInput. A VOLUME that is a
 * drop-in directory (`/docker-entrypoint-initdb.d`: a name ending in `.d`) holds scripts or configuration
 * the program reads. Null for other services, and for an image whose entry says nothing of its own program (no
 * USER, servers or data directories: a runtime such as ruby, where the project's code decides what is written).
 */
function catalogueWritePlaces(service: ComposeService): string[] | null {
  if (service.image.kind !== 'catalog') return null;
  const info = service.image.info;
  if (info.user === undefined && (info.servers ?? []).length === 0 && info.stateDirectories === undefined && info.dataDirectories === undefined) return null;
  // A VOLUME the catalogue says only holds what the deployer gives (Confluent's secrets directories) is read, not written.
  const given = new Set((info.volumeState ?? []).filter((state) => state.given === true).map((state) => state.path));
  const places = service.imageVolumes.filter((volume) => !volume.path.endsWith('.d') && !given.has(volume.path)).map((volume) => volume.path);
  places.push(...(service.image.info.stateDirectories?.paths ?? []).map(normalizePath));
  for (const volume of service.imageVolumes) {
    const moved = commandDataDirectory(service, volume);
    if (moved !== null) places.push(moved.path);
  }
  return places;
}

/**
 * Whether `user` (a name, not a number) is an account no step of the stage chain makes (useradd, adduser) over a base
 * image neither official nor in the catalogue: that base image made the account, and may well have made and chowned
 * its directories (an organisation's own base, `FROM org/base:latest` then `USER app`), which volint cannot see.
 */
function accountOfUnseenBase(stage: Stage, below: ImageContentAt['below'], user: string): boolean {
  if (user === '' || user === 'root' || /^\d+$/.test(user)) return false;
  if (below.kind !== 'image' || below.info !== undefined || isOfficialImage(below.ref)) return false;
  return !stageChain(stage, EVIDENCE_CHAIN_STAGES).some((s) => s.accounts.some((account) => account.user === user));
}

/**
 * Whether the base image below the Dockerfile's steps is known from the catalogue to give `target` to
 * its own non-root USER: one of its VOLUMEs or state directories (grafana/grafana's /var/lib/grafana,
 * prom/prometheus's /prometheus, both chowned to the image's user by its Dockerfile).
 */
function ownedByBaseUser(below: ImageContentAt['below'], target: string): boolean {
  if (below.kind !== 'image' || below.info === undefined) return false;
  const info = below.info;
  if (info.user === undefined || isRootUser(info.user) !== false) return false;
  return [...info.volumes, ...(info.stateDirectories?.paths ?? [])].some((path) => normalizePath(path) === target);
}

function setsOwnerItself(step: ImageStep): boolean {
  if (!step.effect.command.startsWith('RUN ')) return false;
  return step.effect.command.slice(4).trim().split(/\s+/).some((word) => OWNER_SETTING.has(word.replace(/^.*\//, '')));
}

/**
 * The program the service's container starts first (its `entrypoint:`, or the image's start command
 * with the service's `entrypoint:`/`command:`) when it is an absolute path at or below `target`, or
 * null. A service with `image:` alone counts only with an `entrypoint:` of its own (the image's is
 * not known).
 */
function programInside(service: ComposeService, target: string): string | null {
  const argv = service.image.kind === 'build' ? startCommandWith(service.image.stage, service.entrypoint, service.command) : (service.entrypoint ?? []);
  const program = argv[0];
  return program !== undefined && program.startsWith('/') && isWithin(normalizePath(program), target) ? program : null;
}

/**
 * Whether a project script's step (or a one-off job's command) gives the directory to the service's user or makes it writable
 * for every user (a mode whose digit for others has the write bit, `777`, `1777`; `o+w`, `a+w`). A
 * chown gives it to the user when the owner (before any `:group`) is the user's name or uid as
 * written, or when both resolve to the same uid: the owner on the machine that runs the script (a
 * number, or an account the script makes with `useradd -u`), the user in the image (a number, an
 * account the Dockerfile makes with a uid, an official image's known account: node is 1000).
 */
function preparesFor(step: Pick<HostPathPreparation, 'kind' | 'setting' | 'ownerUid'>, service: ComposeService): boolean {
  if (step.kind === 'chown') {
    const owner = step.setting.split(/[:.]/)[0]!;
    const user = (service.user.value ?? '').split(':')[0]!;
    if (owner === '') return false;
    if (owner === user) return true;
    return step.ownerUid !== undefined && step.ownerUid === serviceUid(service);
  }
  if (/^[0-7]{3,4}$/.test(step.setting)) return (Number.parseInt(step.setting.at(-1)!, 8) & 2) !== 0;
  return step.setting.split(',').some((clause) => /^[ugo]*[ao][ugo]*\+[rwxXst]*w/.test(clause));
}

/** The text of the project's compose files at `location`, or null. */
function textAt(model: ComposeModel, location: SourceLocation): string | null {
  const file = model.files.find((f) => f.file === location.file && f.role !== 'env');
  if (!file) return null;
  const lines = file.text.split('\n').slice(location.range.start.line, location.range.end.line + 1);
  if (lines.length === 0) return null;
  lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, location.range.end.character);
  lines[0] = lines[0]!.slice(location.range.start.character);
  return lines.join('\n');
}

/**
 * A one-off job's chown whose owner a variable without a value emptied (`chown -R "${AIRFLOW_UID}:0"` read as `:0`), where the
 * service's `user:` takes its uid from the same variable (`user: "${AIRFLOW_UID:-50000}:0"`): both are the deployer's value,
 * which volint does not judge (a variable without a value is the deployer's to set, and the note on unset variables says so),
 * and whatever value it is, the job gives the directory to the uid the service runs as (Apache Airflow's compose file).
 */
function deployerOwner(model: ComposeModel, service: ComposeService, step: JobPreparation): boolean {
  if (step.kind !== 'chown' || step.setting.split(/[:.]/)[0] !== '' || service.user.source !== 'compose' || service.user.location === null) return false;
  const variable = /^\s*["']?\$\{?([A-Za-z_]\w*)/.exec(textAt(model, service.user.location) ?? '')?.[1];
  if (variable === undefined) return false;
  // The same variable in the owner's place of a chown in the job's command (`chown -R "${AIRFLOW_UID}:0"`, `chown $UID:$GID`).
  const owner = new RegExp(`\\bchown\\b[^\\n;&|]*?\\s\\\\?["']?\\$\\{?${variable}(?:[:?-][^}]*)?\\}?\\\\?["']?[:.\\s"']`);
  return owner.test(textAt(model, step.location) ?? '');
}

/**
 * The service starts only with a profile (`profiles: [debug]`: Apache Airflow's airflow-cli, a tool run by hand), and a one-off job
 * prepares the same host path for a service of the default start that runs as the same user and waits for the job: a plain `up`
 * makes and gives the directory to that user before the tool is ever run.
 */
function preparedForDefaultStart(model: ComposeModel, service: ComposeService, mount: WrittenMount): boolean {
  if (service.profiles.length === 0) return false;
  return model.services.some(
    (other) =>
      other !== service &&
      other.profiles.length === 0 &&
      other.user.value === service.user.value &&
      other.mounts.some((m) => m.cover === 'bind' && m.hostPath === mount.hostPath && m.hostPreparedByJob !== null && (preparesFor(m.hostPreparedByJob, other) || deployerOwner(model, other, m.hostPreparedByJob))),
  );
}

/** The uid the service's process runs as, where volint knows it (src/model/accounts.ts). */
function serviceUid(service: ComposeService): string | null {
  const user = service.user.value;
  if (user === null) return null;
  const image = service.image;
  return image.kind === 'build' ? uidOf(user, image.stage, null) : uidOf(user, null, image.ref);
}

/**
 * The way out for a missing bind source: made before `up` and given to the service's user on the host.
 * chown on the host looks an account name up in the host's own accounts (www-data is 33 on Debian,
 * 82 on Alpine, absent on macOS) while the container's process is checked by its uid in the image, so
 * the command names the uid where volint knows it (src/model/accounts.ts) and says which uid is meant
 * where it does not.
 */
function hostChownSentence(service: ComposeService, source: string): string {
  const user = service.user.value ?? '';
  const name = user.split(':')[0]!.trim();
  const fix = (owner: string): string =>
    `Fix: create the directory before \`up\` and give it to ${user} (mkdir -p ${source} && chown ${owner} ${source}), keep it in the repository (a .gitkeep file in it), or use a named volume over a directory the image gives to ${user}.`;
  if (name === '' || /^\d+$/.test(name)) return fix(name);
  const host = `chown on the host looks a name up in the host's own accounts, where ${name} may be another uid or none`;
  const uid = serviceUid(service);
  if (uid !== null) return `${fix(uid)} ${name} is uid ${uid} in the image; ${host}.`;
  return `${fix(name)} Give it the uid ${name} has in the image: ${host}.`;
}

/**
 * The one-off job that prepares the named volume before the service starts: another service of the
 * project that mounts the same volume, writable, and is not known to run as a non-root user, which the service depends on with
 * `condition: service_completed_successfully` (Compose starts the service only after the job exited
 * 0), or a service it waits for does (jobsCompletedBefore). Such a job fills the volume (certificates, configuration) or gives it to the service's user
 * (`chown -R 1000 /data`, the usual cure for this very problem); volint cannot see which, and the
 * project's author made the order on purpose. Null when there is none.
 */
function preparingJob(model: ComposeModel, service: ComposeService, mount: WrittenMount): ComposeService | null {
  const key = mount.volume?.key;
  if (key === undefined) return null;
  for (const job of jobsCompletedBefore(model.services, service)) {
    // Root, or a user volint does not know (an image outside the catalogue): not one known to be another.
    if (job.user.root === false) continue;
    if (job.mounts.some((m) => m.cover === 'named-volume' && m.volume?.key === key && !m.readOnly)) return job;
  }
  return null;
}

/**
 * Who ran the step: root, not root, or the image default (no USER instruction before it in the
 * stage chain, and the base image's user not known: root for the common base images).
 */
function runsAs(step: ImageStep, chain: Stage[]): 'root' | 'other' | 'image-default' | 'unknown' {
  const user = step.stage.userAt.get(step.effect.instruction.index);
  const root = user === undefined ? null : isRootUser(user);
  if (root === true) return 'root';
  if (root === false) return 'other';
  const index = step.effect.instruction.index;
  const userBefore = chain.some((stage) => stage.instructions.some((i) => i.keyword === 'USER' && (stage !== step.stage || i.index < index)) && (stage === step.stage || chain.indexOf(stage) < chain.indexOf(step.stage)));
  return user === '' || !userBefore ? 'image-default' : 'unknown';
}

/**
 * Evidence that the service's container regains root at start although it runs as a non-root user
 * (src/model/start.ts rootAtStart, as VOL016 uses it: a setuid program it starts, a sudoers grant,
 * sudo in the start command, an init script in an image that uses sudo), or null. Only where the
 * container starts the image's own ENTRYPOINT/CMD (the evidence is about them: a service's
 * `entrypoint:` or `command:` may start something else); and with a `user:` of the service's own,
 * only a setuid program counts (a sudoers grant names the image's user, not necessarily this one).
 */
function regainsRoot(service: ComposeService): string | null {
  if (service.image.kind !== 'build' || service.entrypoint !== null || service.command !== null) return null;
  const evidence = rootAtStart(service.image.stage);
  if (evidence === null) return null;
  if (service.user.source === 'compose' && !evidence.includes('setuid')) return null;
  return evidence;
}

/**
 * How sure it is that the image below the Dockerfile's steps has no directory at `target`, or null
 * when it may well have one: absentFromBase's `certain` or `likely` (scratch; a path outside the
 * system's directories, like /data; below /srv, /home… of a distribution image), or `likely` for a
 * directory of the application's own (below /var/<dir>/, /srv, /opt, /mnt, /media, /home/<user>/)
 * in an official image that declares no volume at, above or below it (its Dockerfile adds a runtime
 * or a server and the data directories it declares), or below /root. Any other base image may have made it,
 * chowned to its user (`ckan/ckan-base` has /srv/app), and every image has /usr/local/bin.
 */
function absenceFromBase(stage: Stage, below: ImageContentAt['below'], target: string): Confidence | null {
  const absent = absentFromBase(stage, target);
  if (absent === 'certain' || absent === 'likely') return absent;
  // Root's home (mode 700 in every distribution image): another user's directory is not made there.
  if (target.startsWith('/root/')) return 'likely';
  if (below.kind !== 'image' || !isOfficialImage(below.ref) || !isApplicationDirectory(target)) return null;
  const volumes = below.info?.volumes ?? [];
  return volumes.some((volume) => isWithin(volume, target) || isWithin(target, volume)) ? null : 'likely';
}

/** Why the path under the home directory is the project's own, as the explanation says it. */
function freshReason(fresh: FreshHomePath): string {
  const { kind, segment } = fresh.reason;
  if (kind === 'project') return `in ${segment}, a directory named for the project`;
  return kind === 'service' ? `in ${segment}, a directory named for a service of the project` : `in ${segment}, a directory named for data`;
}

/**
 * A bind source under the home directory of whoever runs Compose, in a directory named for the project or
 * for data (ComposeMount.hostFresh): volint cannot check that machine, so the finding says what it knows (a
 * fresh one lacks the directory) and is only `possible`: where the stack ran before, or the user made it, it exists.
 */
function reportFreshHome(context: Pick<RuleContext<'freshHomeBind'>, 'report'>, mount: WrittenMount, fresh: FreshHomePath, services: ComposeService[], who: string): void {
  const first = services[0]!;
  const user = first.user.value ?? '';
  const userWhy = first.user.source === 'compose' ? `its \`user: ${user}\`` : `the image's USER ${user}`;
  const evidence = writeEvidence(first, mount);
  const variable = fresh.variable ? ` (${fresh.variable.name}=${fresh.variable.value}, from ${fresh.variable.origin})` : '';
  context.report({
    range: mount.location.range,
    file: mount.location.file,
    messageId: 'freshHomeBind',
    data: { who, user, source: fresh.display, target: mount.target ?? '' },
    explanation: [
      `${who} as ${user} (${userWhy}).`,
      ...(evidence ? [evidence.sentence] : []),
      `The host path ${fresh.display}${variable} is outside the project, under the home directory of whoever runs Compose, ${freshReason(fresh)}: volint cannot check that machine, and nothing of the project (a script beside the compose file, a one-off job the service waits for) makes it and gives it to ${user}.`,
      `On a machine where ${fresh.display} does not exist yet (a fresh install, before the stack first ran), the engine creates it at \`up\` as a directory owned by root with mode 755, its missing parents too, so ${user} can read ${mount.target} but not create files in it ("Permission denied" on the first write). Where it exists already (the stack ran there before, or the user made it), its owner and mode decide instead.`,
      freshFixSentence(first, fresh.display),
    ],
    related: [
      ...(first.user.location ? [composeLocation(first.user.location, `the service runs as ${user}`)] : []),
      composeLocation(first.location, `service ${first.name}`),
      ...(evidence?.related ? [evidence.related] : []),
    ],
    // Only a machine where the directory is missing: volint cannot see the one that runs Compose.
    confidence: 'possible',
  });
}

/** The way out for a bind source under the home directory: made and given to the user's uid before `up` (a script of the project, the docs), or a named volume. */
function freshFixSentence(service: ComposeService, source: string): string {
  const user = service.user.value ?? '';
  const name = user.split(':')[0]!.trim();
  const uid = /^\d+$/.test(name) ? name : serviceUid(service);
  const owner = uid ?? name;
  const which = uid !== null && uid !== name ? ` (${name} is uid ${uid} in the image; chown on the host looks a name up in the host's own accounts)` : uid === null && name !== '' ? ` (give it the uid ${name} has in the image: chown on the host looks a name up in the host's own accounts)` : '';
  return `Fix: create the directory before \`up\` and give it to ${user} (mkdir -p ${source} && sudo chown ${owner} ${source}), in the setup script or the instructions the project gives${which}; or use a named volume over a directory the image gives to ${user}.`;
}

/**
 * How strongly the service's own program is known to write at the mount point, lower first: 0 where its start, image or
 * configuration says so (writeEvidence beyond a name: a write of its start, a VOLUME, a data directory configured there, the
 * catalogue's state directory), 1 where it runs its image's own start (no `command:` or `entrypoint:` of its own), 2 otherwise
 * (a command of its own, `celery flower`, with nothing to say it writes there).
 */
function writerRank(service: ComposeService, mount: WrittenMount): number {
  const evidence = writeEvidence(service, mount);
  if (evidence !== null && evidence.kind !== 'name') return 0;
  return service.command === null && service.entrypoint === null ? 1 : 2;
}

/** The image a service runs, as a key: its `image:` reference, or its Dockerfile with target and build args. */
function imageKey(service: ComposeService): string {
  const image = service.image;
  if (image.kind !== 'build') return `${image.kind}|${image.ref?.raw ?? service.name}`;
  const build = image.build;
  return `${build.dockerfile}|${build.target ?? ''}|${[...build.args].sort().join(',')}`;
}

/**
 * One place, one finding: of the items reported for the same place (`key`: a named volume at the same mount point of the same
 * image, a missing host path, each with the same user), the one kept is the lowest `rank` (the service whose own program writes
 * there: writerRank), then the first in the project's order; the others are returned with it, to be named in its explanation.
 * A sidecar that mounts the volume a web application writes (a Celery flower over the media volume) is not reported on its own.
 */
function reportOnce<T>(items: readonly T[], key: (item: T) => string, rank: (item: T) => number): Array<{ item: T; others: T[] }> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()].map((group) => {
    const kept = group.reduce((best, item) => (rank(item) < rank(best) ? item : best));
    return { item: kept, others: group.filter((item) => item !== kept) };
  });
}

/** The other entries of a place reported once (reportOnce), as a sentence and related locations; null when there are none. */
function othersSentence(others: ReadonlyArray<{ services: ComposeService[]; mount: WrittenMount }>, what: string, kept: ComposeService): { sentence: string; related: RelatedLocation[] } | null {
  // A service that runs the image the kept one builds (`image:` of its tag), with the same entry: the same finding, said as the engine folds it.
  const twin = (s: ComposeService): boolean => s.image.kind === 'build' && s.image.link?.kind === 'compose-service' && s.image.link.service === kept.name;
  const twins = others.filter((o) => o.services.every(twin));
  const twinRelated = twins.flatMap((o) => o.services.map((s) => composeLocation(o.mount.location, `the same entry in service ${s.name}, which runs the image service ${kept.name} builds`)));
  others = others.filter((o) => !twins.includes(o));
  if (others.length === 0) return twinRelated.length === 0 ? null : { sentence: '', related: twinRelated };
  const names = others.flatMap((o) => o.services.map((s) => s.name));
  const lines = others.map((o) => `${o.mount.location.file} line ${o.mount.location.range.start.line + 1}`);
  const who = names.length === 1 ? `Service ${names[0]} mounts` : `Services ${names.slice(0, -1).join(', ')} and ${names.at(-1)} mount`;
  return {
    sentence: `${who} it too (${what}, as the same user; ${lines.join(', ')}): one directory and one fix, so it is reported once, here, at the service most likely to write there (its own start or configuration says so, else it runs its image's own start, else it comes first).`,
    related: [...others.map((o) => composeLocation(o.mount.location, `${o.services.map((s) => s.name).join(', ')}: the same ${what}`)), ...twinRelated],
  };
}

/** A report with the other entries of its place (othersSentence) said before its last sentence, the fix. */
function withOthers<D extends { explanation: string[]; related?: RelatedLocation[] }>(descriptor: D, shared: { sentence: string; related: RelatedLocation[] } | null): D {
  if (shared === null) return descriptor;
  const explanation = [...descriptor.explanation];
  if (shared.sentence !== '') explanation.splice(Math.max(0, explanation.length - 1), 0, shared.sentence);
  return { ...descriptor, explanation, related: [...(descriptor.related ?? []), ...shared.related] };
}

export default defineRule({
  id: 'VOL024',
  name: 'compose-mountpoint-not-writable',
  kind: 'compose',
  severity: 'warning',
  fixable: 'none',
  tags: ['compose', 'permissions'],
  messages: {
    missing: 'Service {service} runs as {user}, but the image has no {target}: the new volume there is owned by root and {user} cannot write to it.',
    rootOwned: 'Service {service} runs as {user}, but {target} is created by root ({step}) and never chowned: the new volume there is owned by root and {user} cannot write to it.',
    createdBind: '{who} as {user}, but the host path {source} does not exist: Compose creates it at `up`, owned by root, and {user} cannot write to {target}.',
    freshHomeBind: '{who} as {user}, but the host path {source} is under the home directory, where a fresh machine does not have it: Compose creates it there at `up`, owned by root, and {user} cannot write to {target}.',
    createdBindProgram: '{who} as {user} and {start} {program}, but the host path {source} does not exist: Compose creates it at `up` as an empty directory owned by root, and the container cannot start {program}.',
  },
  docs: {
    summary: 'A volume mounted where the image has no directory owned by the service\'s non-root user: the container cannot write to it.',
    why: "A new volume takes the owner and mode of the directory the image holds at the mount point (it is seeded from it). Where the image has no directory there, the engine creates the mount point and the volume owned by root, mode 755; so it does with the missing host path of a short-syntax bind mount. A service that runs as a non-root user (its `user:`, or the image's USER) then gets \"Permission denied\" on its own data directory, on the first start only on machines without an older volume (reproduced with docker-compose 1.29 and dockerd 20.10: uid 1000 could not create a file in a new volume at a path the image lacked, nor in a bind-mount source the engine created; it could in a volume over a directory the image had chowned to it).",
    reports: [
      {
        text: "A named or anonymous volume of a service whose user is known not to be root:",
        items: [
          "when only root created the directory and nothing chowned or chmodded it;",
          "or when no step of its Dockerfile creates it and the base image is known not to have it: built from scratch; a path outside the system's directories (/data, /app); a directory of the application's own (below /srv, /opt, /home/<user>/, /var/<dir>/) in a distribution image or an official image that declares no volume there; anything below /root that the container names (its environment or command: `PIP_CACHE_DIR=/root/.cache/pip`, a HOME of /root);",
          "not where the catalogue knows the base image gives the directory to its own non-root user (a VOLUME or state directory of an image whose USER is not root: grafana/grafana's /var/lib/grafana) and no step makes it anew: a COPY below it (`COPY dashboards /var/lib/grafana/dashboards`) leaves the mount point's owner as it is.",
        ],
      },
      "A volume below a COPY of a whole context directory to a parent (`COPY --chown=node:node . .` in /home/node/app, a volume at /home/node/app/state), where the build context does not hold that path: the COPY creates the mount point only if the build context on the disk holds that path (after `.dockerignore`). volint reads the context, and where it does not hold it the COPY does not count as creating the directory.",
      "A service with `image:` alone is checked against the Dockerfile the repository builds that image from, where a service of the project (`build:` with `image:` of that name) or a GitHub workflow's docker/build-push-action says so explicitly; the explanation names that evidence (docs/compose.md, \"The project's own image\").",
      "A bind mount in the short syntax whose host path does not exist, for a service known not to run as root: the engine creates it at `up`, as root with mode 755, whatever the image holds there (reproduced with docker-compose 1.29: the missing source was created owned by root, and uid 1000 could not create a file in it). volint checks the host path, relative to the compose file, when it lints; absolute and `~` paths name the machine that runs Compose and are not checked, nor is a relative path that leaves the repository (above the folder holding `.git`; without one, above the compose file's folder): `../config-repo/credentials.json` names a sibling checkout of the machine that deploys, as an absolute path does. For a service with `image:` alone whose program the catalogue knows (the entry names its USER, its servers or its data directories; not a runtime such as ruby, where the project's code decides), only a bind where that program writes counts: at, above or below one of its VOLUMEs (not a drop-in directory such as /docker-entrypoint-initdb.d), its state directories (grafana/grafana's /var/lib/grafana, OpenSearch's /usr/share/opensearch/data, n8n's /home/node/.n8n), or the data directory its command gives the server (`--storage.tsdb.path=/var/lib/prometheus`); a bind of configuration it reads (`./prometheus:/etc/prometheus`) does no harm root-owned, nor does one of a directory inside those places that the program only reads, as its documentation says (the catalogue's read directories: keycloak's /opt/keycloak/data/import, from which `start --import-realm` reads realm files), unless the service's own command line names a path there (`export --dir /opt/keycloak/data/import` writes). The catalogue knows the user of the common images that run as non-root (grafana/grafana 472, dpage/pgadmin4 5050, prom/prometheus nobody, Elasticsearch 8 and OpenSearch 1000, graylog/graylog 1100, bitnami's 1001, by release where it changed). Its fix chowns the host directory to the uid the service's user has in the image where volint knows it (a number; an account the Dockerfile makes with a uid; an official image's known account: `www-data` is 33 in php's Debian variants), not to the name: chown on the host looks a name up in the host's own accounts, where the same name may be another uid or none, while the engine checks the number (reproduced with docker-compose 1.29: a host directory chowned to 4001 was writable by the image's account pad, uid 4001); where volint does not know the uid, the fix says which uid is meant.",
      {
        text: "For a service the project builds (`build:`), only where volint has evidence that the program writes at the mount point, and the explanation names it (a root-owned directory does no harm to a program that only reads there: uid 1000 reads it, reproduced with docker-compose 1.29). The evidence, strongest first:",
        items: [
          "a write of the start: the service's own `command:`/`entrypoint:` line, the start script the container runs (a shell script the build copied from the build context, read with the RUN analysis: a file written or copied, a directory made, a path removed, also in a branch such as a first-start initialisation), the image's shell-form ENTRYPOINT/CMD (\"the start script /usr/local/bin/entrypoint.sh makes the directory /app/data/sessions (line 3: `mkdir`)\");",
          "a VOLUME of the image at or below the mount point (\"the image declares VOLUME /app/data\");",
          "a data directory configured there: an environment value (the service's `environment:`/`env_file:`, or the image's ENV) of a variable named for data (`DATA_DIR=/app/data`, `DATABASE_URL=sqlite:////app/db/app.sqlite3`), an option of the start command named for data (`--data-dir /app/data`), a directory the program's configuration file names (\"DATA_DIR=/app/data (the service's environment) names it\");",
          "a state directory of the base image's program at, above or below the mount point, from the catalogue (\"the base image quay.io/keycloak/keycloak:26.0 keeps its program's state in /opt/keycloak/data\");",
          "the image's own data tree: a step puts a database file there (`COPY seed.sqlite3 /app/db/`);",
          "a mount point or host path named for data (a word containing data, or db, database, storage, upload(s), media, cache, log(s), state, sqlite; of a host path under the home directory below a root that a variable of the project gives every service, `${DATA_PATH_HOST}/solr` with DATA_PATH_HOST=~/.stack/data, only the part below that root counts): a suggestion only, and the explanation says so (\"the name `uploads` of the mount point /app/uploads suggests the program writes there\").",
        ],
      },
      "A service with `image:` alone (even one whose image the repository builds) is reported without such evidence, since what its program does is not in view; its explanation names the evidence where there is some (for an image of the catalogue: the state directory of its entry, or the data directory an option of its command names, `--storage.tsdb.path=/var/lib/prometheus`).",
      "Where the container's first program is inside such a bind (`entrypoint: /app/bin/wait-for db:5432 --` with `./bin/wait-for:/app/bin/wait-for` missing), the finding says so: the container does not start (reproduced with docker-compose 1.29: over a file of the image the engine refuses to mount the directory it made, and a program below the bind is not found in the empty directory).",
      "A bind mount in the short syntax (or the long one with `create_host_path: true`) whose host path is under the home directory of whoever runs Compose (not checked: it names that machine), for a service known not to run as root, where the path is the project's own: a directory named for the project (`~/.laradock/data/grafana` in a project named laradock, by its `name:`, COMPOSE_PROJECT_NAME or directory), the directory directly under the home directory named for a service of the project or its image (`~/.memos` for `neosmemo/memos`, `~/invokeai` for the image invokeai, `~/.app/postgres` for the database of a project whose service app binds `~/.app/storage`), or a directory named for data (`~/.stack/data/search`, `~/trilium-data`). Written with `~`, `$HOME`/`${HOME}`, or through a variable of the project's `.env` or env template or a default (`${DATA_PATH_HOST}/grafana` with `DATA_PATH_HOST=~/.laradock/data`; `${DATA_DIR:-~/.app/data}`), which the explanation names. volint cannot look at that machine: on one where the directory does not exist yet (a fresh install, before the stack first ran) the engine creates it at `up` as root with mode 755, its missing parents too (reproduced with docker-compose 1.29 under a HOME of an empty directory: `~` was resolved against HOME, the source and its parent were created owned by root, and uid 1000 could not create a file in it). The finding is `possible` and says so; its fix makes and chowns the directory before `up` (the project's setup script or instructions) or uses a named volume.",
    ],
    notReported: [
      "A mount under root's home directory (`pgadmin:/root/.pgadmin`) on a service that runs as another user and leaves its image's VOLUME, or the state directory the catalogue names, unmounted: the program keeps its data there, not in /root, so who may write the mount is beside the point (compose-anonymous-volume reports the mount at the wrong place, with the VOLUME as its fix).",
      "A volume of a service whose user is an account the Dockerfile never makes (no useradd or adduser of it), over a base image neither official nor in the catalogue (`FROM org/base:latest`, `USER app`): that base image made the account, and typically made and chowned its directories too, which volint cannot see. An account the Dockerfile makes itself is still checked (the base image cannot have given it the directory).",
      "A mount at or below /root on a service whose user is known and is not root, where nothing of the container names root's home: its environment (the service's, the image's ENV) neither makes /root the home nor names a path under it (`HOME`, `PIP_CACHE_DIR`, any value), and its command does not name it. The program never writes there (root's home is mode 700, not its home), so who owns the mount harms nothing: a pip cache `pip-cache:/root/.cache/pip` of a service running as `app`.",
      "A directory no step of the Dockerfile creates, over other base images (an application's own base image, `ckan/ckan-base`): they may have made the directory and given it to their user; and every image has /usr/local/bin: volint says nothing there.",
      "A read-only bind.",
      "The same place again, as the same user: a named volume mounted by several services at the same mount point from the same image (one Dockerfile, target and build args), or one missing host path bound by several entries, is one directory and one fix, reported once: at the service most likely to write there (its own start or configuration says so: a write of its start, a VOLUME, a data directory configured there, the catalogue's state directory; else the one that runs its image's own start, with no `command:` or `entrypoint:` of its own; else the first in the file), whose explanation names the others. A Celery flower built from the web application's image and started with `command: celery flower` over the media volume the web application writes is not reported on its own; its own database (`--db=/app/flower/flower.db` on a volume of its own) is. Services that run as different users are reported each (a chown to one uid does not help the other).",
      "A missing bind source at or below a directory that the program of the image (`image:`) or of the base image (`build:`) only reads, as the catalogue says with its documentation (keycloak's /opt/keycloak/data/import, read by `start --import-realm`), though the directory above it is where the program keeps its state: only a write of the container's start counts there, not the word `data` of the path above it, nor the state directory around it. The service's own command line naming a path there (`export --dir /opt/keycloak/data/import`) makes it the service's own again, and it is reported with that evidence.",
      "A missing bind source of a service the project builds (`build:`) where nothing says its program writes there: no write of its start, no image VOLUME, no data directory configured there, no database file of the image, no data name (`./config:/app/config`, `./templates:/app/templates`): the program reads the root-owned directory (uid 1000 can, reproduced with docker-compose 1.29).",
      "A package manager's dependency directory beside the manifest that declares it (`node_modules` beside a package.json, unless Yarn 2+ installs with Plug'n'Play; `vendor` beside a composer.json that does not move its vendor-dir; `.venv` beside a pyproject.toml locked by uv): it is missing from a fresh checkout because git ignores it, and the project's install (`npm install`, `yarn install`, `composer install`, `uv sync`) makes it before the stack runs, owned by the developer who ran it; Compose keeps an existing bind source as it is (reproduced with docker-compose 1.29: a node_modules made by uid 1000 stayed owned by 1000 and writable in the container).",
      "A missing bind source that a shell script of the project beside the compose file (`*.sh`, `*.bash`, read with the RUN analysis from that directory) makes and gives to the service's user (`mkdir -p volumes/pictrs && sudo chown -R 991:991 volumes/pictrs` before `docker compose up`) or opens its mode to every user (`chmod 777`, `o+w`), for the same reason. A script that gives it to another account does not count. The owner and the user match by name as written or by uid: a chown owner that is a number or an account the script makes with a uid (`useradd -u 1000 … photoprism`, then `chown -R photoprism:photoprism`) against a service user that is a number, an account the Dockerfile makes with a uid, or an official image's known account (node's `node` is 1000); a name the script does not make depends on the accounts of the machine that runs it and is not resolved.",
      "A bind source under the home directory that is the user's own or their tools' (`~/.ssh`, `~/.aws`, `~/.gitconfig`, `~/.m2`, `~/.config/…`, `~/.local/…`, `~/.docker`, `~/.kube`, `~/.npm`, `~/.cache/…`, `~/Documents`, `~/Pictures` …), one named for neither the project, its services nor data (`~/notebooks`: the user's own work, which may well exist), a bare `~/data`, a file (`~/.app/settings.json`: the engine makes a directory there, another failure), a variable of the shell that runs volint (`${PWD}/data` is the project directory), and other absolute paths (`/srv/app/data`, `/data/app`: a deploy machine's, which installers and install guides prepare by hand).",
      "A missing bind source that a shell script of the project beside the compose file writes as a file (`cp .env.example config.yml`, `touch settings.json`, a redirection `> token.txt`): run before `up`, the source is that file, owned by whoever ran the script, and Compose binds it as it is.",
      "A bind source under the home directory that a shell script of the project beside the compose file makes and gives to the service's user (or opens to all) before `up`, as for a missing relative one: the script's `~` and `$HOME` are the home directory the bind source is resolved with, and a script that reads the project's `.env` (`. ./.env`, `source .env`) has its variables (`mkdir -p \"$DATA_PATH_HOST/grafana\" && sudo chown 472 \"$DATA_PATH_HOST/grafana\"`). A shell does not expand a `~` inside a variable's value (`DATA=~/.app` read from .env makes a directory named `~`), so such a script prepares nothing; and a one-off job the service waits for that chowns it, as for a relative one.",
      "A missing bind source that an installer script prepares the same way where it puts this compose file in a directory of the machine it sets up (a copy of it, `cp compose.yaml /opt/app/`; or a file of its name written there by a redirection, `curl -o`, `wget -O`, or a download after `cd /opt/app`) and makes and chowns the sources there (`mkdir -p /opt/app/storage`, `chown -R 1000:1000 /opt/app`): Compose resolves `./storage` from the directory of the compose file it runs (reproduced with docker-compose 1.29: a compose file copied to another directory bound the source made and chowned there, and uid 1000 wrote to it). A directory whose path only ends like the bind source does not count.",
      "A missing bind source where the service waits for a one-off job of the project (`depends_on` with `condition: service_completed_successfully`) that binds the same host path, writable, does not run as a known non-root user, and whose own command line gives its mount point to the service's user or opens its mode (`command: chown -R 1001:1001 /var/uploads`, also inside `sh -c`), matched as for a script: Compose creates the directory for the job, the job changes its owner, and only then starts the service (reproduced with docker-compose 1.29: the host directory was owned by 1001 and uid 1001 wrote to it); the service may wait for the job through another service it depends on. A job that only fills the directory (it stays root's), one the service merely starts with (`service_started`, a race), or one that gives it to another account does not count. A job that binds a directory above the bind source (Apache Airflow's airflow-init: `${AIRFLOW_PROJ_DIR:-.}:/sources`) prepares it where its command makes the directory below its mount point and then gives it away (`mkdir -p /sources/logs`, then `chown -R \"${AIRFLOW_UID}:0\" /sources/{logs,dags,plugins}`; reproduced with docker-compose 1.29: the directory the job made was the user's and the service wrote to it, while a sibling it did not make, which the engine created for the service, was root's); a chown without that `mkdir` finds no directory there. A chown whose owner an unset variable emptied (`:0`) counts for a service whose `user:` takes its uid from the same variable (`\"${AIRFLOW_UID:-50000}:0\"`): both are the deployer's value, which volint does not judge. A service only a profile starts (airflow-cli, `profiles: [debug]`) counts as prepared where such a job prepares the same host path for a service of the default start that runs as the same user.",
      "A named volume where the service waits for a one-off job of the project that mounts the same volume and runs as root or as a user volint does not know (`depends_on` with `condition: service_completed_successfully`): such a job fills the volume (certificates, configuration the service reads) or gives it to the service's user (`chown -R 1000 /data`, the usual cure for this problem), which volint cannot tell apart, and the order is the author's (reproduced with docker-compose 1.29: after such a job, uid 1000 could write to the new volume). The job may be awaited through another service: the service depends (with any condition) on one that waits for the job to complete, as kestra's e2e stack waits for its Docker engine, which waits for the job that chowns the socket volume (Compose starts a service only after its dependencies have started; reproduced with docker-compose 1.29). A job the service only starts with (`service_started`) or one known to run as a non-root user does not count.",
      {
        text: "A service whose container regains root at start although it runs as another user, as VOL016 decides it:",
        items: [
          "a setuid program as the image's ENTRYPOINT/CMD (`chmod u+s`, also through a symbolic link or PATH), a sudoers grant written by a step, sudo in the start command, or an init script in an image that uses sudo;",
          "this evidence counts only where the service starts the image's own ENTRYPOINT/CMD (no `entrypoint:` or `command:` of its own), and with a `user:` of the service's own only a setuid program counts.",
        ],
      },
    ],
    bad: 'services:\n  worker:\n    build: .\n    user: "1000"\n    volumes:\n      - jobs:/var/lib/worker\n      - ./uploads:/home/app/uploads\nvolumes:\n  jobs:\n',
    good: 'services:\n  worker:\n    build: .\n    user: "1000"\n    volumes:\n      - jobs:/home/app/jobs\n      # read only by the worker: a root-owned ./config harms nothing\n      - ./config:/home/app/config\nvolumes:\n  jobs:\n',
    dockerfile: 'FROM python:3.12-slim\nRUN useradd -u 1000 -m app && mkdir /home/app/jobs && chown app /home/app/jobs\nCOPY worker.py /usr/local/bin/\n',
    fix: 'Create the directory in the image and give it to the user before the container starts (`RUN mkdir -p /var/lib/worker && chown 1000 /var/lib/worker`), or mount the volume at a directory the user owns. For a bind mount, create the host directory before `up` and give it to the user (`mkdir -p data && chown 1000 data`), or keep it in the repository (a `.gitkeep` file).',
    references: [REFERENCES.storageVolumes, 'https://docs.docker.com/reference/compose-file/services/#user', 'https://github.com/moby/moby/issues/2259'],
  },
  check(model, outer) {
    // Missing bind sources, one finding per entry: an entry shared through a YAML anchor by several services is reported once, naming them.
    const createdBinds = new Map<string, { mount: WrittenMount; services: ComposeService[] }>();
    for (const service of model.services) {
      if (service.user.root !== false || regainsRoot(service) !== null) continue;
      for (const mount of writtenMounts(service)) {
        if (mount.cover !== 'bind' || !mount.createHostPath || mount.readOnly) continue;
        // Under root's home, where the program does not keep its data (VOL022 says where it goes), or which nothing
        // of the container names (a pip cache at /root/.cache/pip for a service running as app): it never writes there.
        if (rootHomeMountMisplaced(service, mount) || rootHomeUnnamed(service, mount)) continue;
        // Missing now (checked, relative to the compose file), or under the home directory where a fresh machine lacks it.
        if (mount.hostExists !== false && mount.hostFresh === null) continue;
        // A dependency directory the project's install makes (node_modules beside package.json): the developer's, not Compose's.
        if (mount.hostMadeBy !== null) continue;
        // A script of the project makes it and gives it to this user (or opens it to all) before `up`.
        if (mount.hostPreparedBy !== null && preparesFor(mount.hostPreparedBy, service)) continue;
        // A script of the project writes a file there (`cp .env.example config.yml`): the source is that file, not a directory Compose makes.
        if (mount.hostWrittenBy !== null) continue;
        // A one-off job the service waits for (service_completed_successfully) chowns it first.
        if (mount.hostPreparedByJob !== null && (preparesFor(mount.hostPreparedByJob, service) || deployerOwner(model, service, mount.hostPreparedByJob))) continue;
        // A service only a profile starts (a debug CLI), where such a job prepares the same host path for the services of the default start.
        if (preparedForDefaultStart(model, service, mount)) continue;
        // A service the project builds: its start is visible, so a root-owned directory matters only where the program writes
        // (a bind of configuration or sources it only reads does no harm). A program inside the bind fails to start either way.
        if (buildsItself(service) && programInside(service, mount.target) === null && writeEvidence(service, mount) === null) continue;
        // An image known from the catalogue: its program writes its VOLUMEs and data directories; a bind elsewhere
        // (configuration it reads, `./prometheus.yml` at /etc/prometheus) does no harm root-owned.
        const places = catalogueWritePlaces(service);
        if (places !== null && programInside(service, mount.target) === null && !places.some((place) => isWithin(mount.target, place) || isWithin(place, mount.target))) continue;
        // Inside those places, a directory the program only reads (keycloak's data/import for `--import-realm`): root-owned, it harms nothing.
        if (places !== null && programInside(service, mount.target) === null && readInput(service, mount) !== null) continue;
        const key = `${mount.location.file}:${mount.location.range.start.line}:${mount.location.range.start.character}`;
        const entry = createdBinds.get(key);
        if (entry) entry.services.push(service);
        else createdBinds.set(key, { mount, services: [service] });
      }
    }
    // One missing host directory, one finding (reportOnce): at the entry whose service most likely writes there.
    const bindEntries = reportOnce(
      [...createdBinds.values()],
      (entry) => `${entry.mount.hostPath ?? entry.mount.sourceRaw ?? ''}|${entry.services[0]!.user.value ?? ''}`,
      (entry) => Math.min(...entry.services.map((s) => writerRank(s, entry.mount))),
    );
    for (const { item: { mount, services }, others } of bindEntries) {
      const shared = othersSentence(others, `the host path ${mount.sourceRaw ?? mount.hostPath ?? ''}`, services[0]!);
      const context: Pick<typeof outer, 'report'> = {
        report: (descriptor) => outer.report(withOthers(descriptor, shared)),
      };
      const first = services[0]!;
      const user = first.user.value ?? '';
      const names = services.map((s) => s.name);
      const who = services.length === 1 ? `Service ${first.name} runs` : `Services ${names.slice(0, -1).join(', ')} and ${names.at(-1)} run`;
      const userWhy = first.user.source === 'compose' ? `its \`user: ${user}\`` : `the image's USER ${user}`;
      const source = mount.sourceRaw ?? mount.hostPath ?? '';
      if (mount.hostExists !== false && mount.hostFresh !== null) {
        reportFreshHome(context, mount, mount.hostFresh, services, who);
        continue;
      }
      const program = programInside(first, mount.target);
      if (program !== null) {
        context.report({
          range: mount.location.range,
          file: mount.location.file,
          messageId: 'createdBindProgram',
          data: { who, user, start: services.length === 1 ? 'starts' : 'start', program, source },
          explanation: [
            `${who} as ${user} (${userWhy}), and the container's first program is ${program}, inside the bind of ${source} at ${mount.target}.`,
            `The host path ${source} (${mount.hostPath}) does not exist now: volint checked it, relative to the compose file, when it linted.`,
            `When a bind source is missing, the engine creates it at \`up\` as an empty directory owned by root with mode 755 and mounts it at ${mount.target}: where the image has a file there, the engine refuses to mount a directory over it ("not a directory"); where the program is below it, the directory is empty. Either way the container does not start (and ${user} could not write there either).`,
            `Fix: put ${source} in the project (commit it, or make the step that generates it run before \`up\`), or start the container with a program the image holds.`,
          ],
          related: [...(first.user.location ? [composeLocation(first.user.location, `the service runs as ${user}`)] : []), composeLocation(first.location, `service ${first.name}`)],
          // The file may be made before `up`: volint sees only that it is missing now.
          confidence: 'likely',
        });
        continue;
      }
      const evidence = writeEvidence(first, mount);
      context.report({
        range: mount.location.range,
        file: mount.location.file,
        messageId: 'createdBind',
        data: { who, user, source, target: mount.target },
        explanation: [
          `${who} as ${user} (${userWhy}).`,
          ...(evidence ? [evidence.sentence] : []),
          `The host path ${source} (${mount.hostPath}) does not exist now: volint checked it, relative to the compose file, when it linted.`,
          `When a bind source is missing, the engine creates it at \`up\` as a directory owned by root with mode 755, so ${user} can read ${mount.target} but not create files in it ("Permission denied" on the first write); what the image had at ${mount.target} is hidden by the bind either way.`,
          hostChownSentence(first, source),
        ],
        related: [
          ...(first.user.location ? [composeLocation(first.user.location, `the service runs as ${user}`)] : []),
          composeLocation(first.location, `service ${first.name}`),
          ...(evidence?.related ? [evidence.related] : []),
        ],
        // The user may create the directory before `up`: volint sees only that it is missing now.
        confidence: 'likely',
      });
    }
    // Named volumes, one finding per volume, mount point, image and user (reportOnce): collected, then reported.
    const volumeReports: Array<{ services: ComposeService[]; mount: WrittenMount; descriptor: Parameters<typeof outer.report>[0] }> = [];
    for (const service of model.services) {
      let currentMount: WrittenMount | null = null;
      const context = { report: (descriptor: Parameters<typeof outer.report>[0]) => volumeReports.push({ services: [service], mount: currentMount!, descriptor }) };
      // Root regained at start (a setuid init, sudo): the container's processes may write anyway.
      if (service.user.root !== false || regainsRoot(service) !== null) continue;
      const user = service.user.value ?? '';
      const userName = user.split(':')[0]!;
      const userRelated: RelatedLocation[] = service.user.location ? [composeLocation(service.user.location, `the service runs as ${user}`)] : [];
      const userWhy = service.user.source === 'compose' ? `its \`user: ${user}\`` : `the image's USER ${user}`;
      if (service.image.kind !== 'build') continue;
      for (const mount of writtenMounts(service)) {
        if (mount.cover !== 'named-volume' && mount.cover !== 'anonymous-volume') continue;
        if (rootHomeMountMisplaced(service, mount) || rootHomeUnnamed(service, mount)) continue;
        if (mount.volume?.external || mount.subpath || !mount.image.known) continue;
        currentMount = mount;
        const target = mount.target;
        if (WORLD_WRITABLE.has(target) || target === `/home/${userName}`) continue;
        // A job of the project, run as root to completion before this service starts, prepares the volume.
        if (preparingJob(model, service, mount) !== null) continue;
        const steps = mount.image.steps;
        // The base image gives the directory to its own non-root user, and no step makes it anew: a step below it
        // (COPY dashboards /var/lib/grafana/dashboards) leaves its owner as it is.
        if (ownedByBaseUser(mount.image.below, target) && !steps.some((s) => s.effect.path === target && (s.effect.kind === 'mkdir' || s.effect.kind === 'delete'))) continue;
        // A chown or chmod at or above the path, or a recursive step on a parent (COPY --chown of a tree), may have given it to the user.
        if (steps.some((s) => s.effect.kind === 'chown' || s.effect.kind === 'chmod' || s.reach === 'parent')) continue;
        const creating = steps.filter((s) => CREATING.has(s.effect.kind));
        const workdir = steps.some((s) => s.effect.kind === 'workdir');
        if (creating.length === 0) {
          if (workdir) continue;
          // The base image may ship the directory with the right owner: volint cannot see inside it.
          // Reported only where the base image is known not to make such a directory (scratch; a
          // path outside the system's directories; below /srv, /home… of a distribution image).
          const below = mount.image.below;
          // An account the Dockerfile never makes, over a base image volint cannot see: that base made the account,
          // and typically its directories too (`FROM org/base`, `USER app`), so who owns the mount point is unknown.
          if (accountOfUnseenBase(service.image.stage, below, userName)) continue;
          const confidence = absenceFromBase(service.image.stage, below, target);
          if (confidence === null) continue;
          context.report({
            range: mount.location.range,
            file: mount.location.file,
            messageId: 'missing',
            data: { service: service.name, user, target },
            explanation: [
              `Service ${service.name} runs as ${user} (${userWhy}).`,
              `No step of ${imageName(service)} creates ${target}${below.kind === 'image' ? `, and volint cannot see whether the base image ${below.ref.raw} has it` : ''}.`,
              `So the engine creates the mount point, and the new volume is owned by root with mode 755: ${user} can read it but not create files in it ("Permission denied" on the first write).`,
              `Fix: create the directory in the Dockerfile and chown it to ${user} (RUN mkdir -p ${target} && chown ${user} ${target}), or mount the volume at a directory ${user} owns.`,
            ],
            related: [...userRelated, composeLocation(service.location, `service ${service.name}`)],
            confidence,
          });
          continue;
        }
        const chain = stageChain(service.image.stage).reverse();
        const byRoot = creating.every((s) => s.effect.certainty === 'certain' && !setsOwnerItself(s) && (runsAs(s, chain) === 'root' || runsAs(s, chain) === 'image-default'));
        if (!byRoot) continue;
        const assumedRoot = creating.some((s) => runsAs(s, chain) === 'image-default');
        const confidence: Confidence = assumedRoot ? 'possible' : 'certain';
        context.report({
          range: mount.location.range,
          file: mount.location.file,
          messageId: 'rootOwned',
          data: { service: service.name, user, target, step: describeStep(creating[0]!) },
          explanation: [
            `Service ${service.name} runs as ${user} (${userWhy}).`,
            `${creating.map(describeStep).join(', ')} ${creating.length === 1 ? 'creates' : 'create'} ${target} while the build runs as root${assumedRoot ? " (the base image's default user, root for the common base images)" : ''}, and no chown, chmod or COPY --chown reaches it.`,
            `A new volume is seeded with the image's directory, owner and mode included, so it starts owned by root: ${user} cannot create files in it.`,
            `Fix: chown it in the Dockerfile (RUN chown ${user} ${target}, or COPY --chown=${user}), or mount the volume at a directory ${user} owns.`,
          ],
          related: [...creating.slice(0, 5).map((s) => stepLocation(s, `${describeStepHere(s)} creates ${s.effect.path} as root`)), ...userRelated],
          confidence,
        });
      }
    }
    const volumeKey = (r: (typeof volumeReports)[number]): string => {
      const service = r.services[0]!;
      // An anonymous volume is the service's own; a named one may be shared.
      const volume = r.mount.cover === 'named-volume' && r.mount.volume?.key !== undefined ? r.mount.volume.key : `${r.mount.location.file}:${r.mount.location.range.start.line}:${service.name}`;
      return `${volume}|${r.mount.target}|${service.user.value ?? ''}|${imageKey(service)}|${r.descriptor.messageId}`;
    };
    for (const { item, others } of reportOnce(volumeReports, volumeKey, (r) => writerRank(r.services[0]!, r.mount))) {
      const shared = othersSentence(others, `the volume ${item.mount.volume?.key ?? ''} at ${item.mount.target}, from the same image`, item.services[0]!);
      outer.report(withOthers(item.descriptor, shared));
    }
  },
});
