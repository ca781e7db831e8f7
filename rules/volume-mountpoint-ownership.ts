import { defineRule, type Fix, type RelatedLocation } from '../src/engine/types.js';
import { isRootUser } from '../src/model/build.js';
import { BUILDER_LABEL, REFERENCES, buildersOf, line, rootBaseOf } from '../src/model/explain.js';
import { packageMatchesPath } from '../src/model/evidence.js';
import { rootOnlyStateOf } from '../src/model/daemons.js';
import { outcomesOf, stepOutcome } from '../src/model/outcome.js';
import { isWithin } from '../src/model/paths.js';
import { isWellFormedItem, programsBroughtIn, reach, stageChain, type BroughtInProgram } from '../src/model/query.js';
import { rootAtStart, runtimeMention, startWords } from '../src/model/start.js';
import type { FileModel, PathEffect, Stage, Volume, VolumeInstruction, VolumeItem } from '../src/model/types.js';

/** Target classes of directories a container does not need to write: programs, code, configuration, web content (caches it writes). */
const READ_ONLY_CLASSES = new Set(['system', 'code', 'config', 'static']);

/** World-writable (mode 1777) in every base image that has them. */
const WORLD_WRITABLE = new Set(['/tmp', '/var/tmp']);
/** Steps that bring the directory (or something below it) into existence. */
const CREATING = new Set(['mkdir', 'workdir', 'copy', 'write']);

/**
 * RUN commands that can create a directory with an owner other than the user running them:
 * `install -o/-g/-m`, `useradd -m`, and the copiers that keep the source's owner (cp -a, mv,
 * tar as root, rsync -a). The RUN analysis does not say which options were given, so a directory
 * they create is never called root-owned.
 */
const OWNER_SETTING = new Set(['install', 'useradd', 'adduser', 'cp', 'mv', 'tar', 'rsync', 'ln']);

function setsOwnerItself(effect: PathEffect): boolean {
  if (!effect.command.startsWith('RUN ')) return false;
  const words = effect.command.slice(4).trim().split(/\s+/);
  return words.some((word) => OWNER_SETTING.has(word.replace(/^.*\//, '')));
}

interface Step {
  effect: PathEffect;
  /** The stage whose step it is. */
  stage: Stage;
  /** USER in effect when the step ran (null unknown). */
  user: string | null;
  /**
   * `root`/`other` when known; `image-default` when no USER instruction of the file came before
   * the step and the base image's user is not known (root for the common base images: debian,
   * ubuntu, alpine, node, python…, but not for all); `unknown` otherwise.
   */
  runsAs: 'root' | 'other' | 'image-default' | 'unknown';
}

/** Every step of the stage chain that reaches the path, in build order, with its USER. */
function stepsAt(stages: Stage[], path: string): Step[] {
  const userLines = stages.flatMap((stage) => stage.instructions.filter((i) => i.keyword === 'USER').map((i) => i.index));
  const steps: Step[] = [];
  for (const stage of stages) {
    for (const effect of stage.effects) {
      if (!reach(effect, path)) continue;
      const user = stage.userAt.get(effect.instruction.index) ?? null;
      const root = isRootUser(user);
      const runsAs =
        root === true ? 'root' : root === false ? 'other' : userLines.some((index) => index < effect.instruction.index) ? 'unknown' : 'image-default';
      steps.push({ effect, stage, user, runsAs });
    }
  }
  return steps.sort((a, b) => a.effect.instruction.index - b.effect.instruction.index);
}

function describe(effect: PathEffect): string {
  return `${effect.command} at line ${line(effect.instruction)}`;
}

/** A path that names a socket (`/var/run/docker.sock`): a run-time bind mount, never a directory. */
function isSocketPath(path: string): boolean {
  return /\.sock(et)?$/.test(path);
}

/** The FROM text of the stage chain's first stage, as written. */
function chainRootFrom(stage: Stage): string {
  const stages = stageChain(stage);
  const first = stages[stages.length - 1]!;
  return first.from.args?.text.trim() ?? 'FROM';
}

/** A stage whose image has no shell (scratch, distroless, static images): RUN cannot run there. */
function shellLess(stage: Stage): boolean {
  const root = rootBaseOf(stage);
  return root.kind === 'scratch' || (root.kind === 'image' && /distroless|chainguard\/static|(^|\/)static(:|@|$)/i.test(root.raw));
}

/** What a program the build brought in and ran may have done, in words (at most three named). */
function unreadPrograms(programs: BroughtInProgram[], path: string, user: string): string {
  const named = programs.slice(0, 3).map(({ run, source }) => `${run.path} (run at line ${line(run.instruction)}, brought in by ${source.command} at line ${line(source.instruction)})`);
  const more = programs.length > 3 ? ` and ${programs.length - 3} more` : '';
  return `The build runs ${programs.length === 1 ? 'a program' : 'programs'} it brought in, which volint cannot read: ${named.join(', ')}${more}. Such a script may create ${path} and give it to ${user}, or grant the sudo that lets the container do so at start; volint cannot tell, so this is possible, not certain.`;
}

/**
 * A package install before the VOLUME whose package is the directory's own (`postgresql-15` and
 * /var/lib/postgresql, `mysql-server` and /var/lib/mysql): such packages create their service
 * account with the directory owned by it (postgresql-common makes postgres with the home
 * /var/lib/postgresql), so the image has the directory, owned by that account.
 */
function packageMaking(stages: Stage[], path: string, before: number): PathEffect | null {
  for (const stage of stages) {
    const found = stage.effects.find((e) => e.instruction.index < before && !e.installer && (e.packages ?? []).some((name) => packageMatchesPath(name, path, true)));
    if (found) return found;
  }
  return null;
}

/**
 * The user is the package's service account: named like the directory (`postgres`, `mysql`,
 * `debian-tor`). Whether the package makes the account or a step of this file made it first
 * (`useradd --system postgres` before the install) does not matter: the package's maintainer
 * scripts create the account only when it is missing (`adduser --system` of an existing system
 * account does nothing) and give their directory to it by name.
 */
function isPackageAccount(path: string, user: string): boolean {
  const segment = path.split('/').pop() ?? '';
  return user.length >= 3 && segment.length >= 3 && (segment.startsWith(user) || user.includes(segment));
}

/** "/a", "/a and /b", "/a, /b and /c". */
function listPaths(paths: string[]): string {
  return paths.length <= 1 ? (paths[0] ?? '') : `${paths.slice(0, -1).join(', ')} and ${paths[paths.length - 1]}`;
}

/** How to create the directories and give them to the user, for this stage. */
function createAdvice(stage: Stage, paths: string[], user: string, beforeLine: number): string {
  const socket = paths.find(isSocketPath);
  if (socket) {
    return `${socket} names a socket: it comes from the host at run time (\`docker run -v ${socket}:${socket}\`, a Compose bind mount), so neither a VOLUME nor a directory belongs there. Remove it from the VOLUME.`;
  }
  if (shellLess(stage)) {
    return `This image has no shell, so a RUN step cannot create ${paths.length === 1 ? 'the directory' : 'the directories'}: copy one in before line ${beforeLine} with its owner, e.g. an empty directory from the build context (\`COPY --chown=${user} empty-dir/ ${paths[0]}/\`) or one made in an earlier stage that has a shell (\`COPY --from=<that stage> --chown=${user} /out/dir ${paths[0]}\`).`;
  }
  return `Create ${paths.length === 1 ? 'it' : 'them'} before line ${beforeLine}: RUN mkdir -p ${paths.join(' ')} && chown ${user} ${paths.join(' ')}.`;
}

/** Inserts `RUN mkdir -p <paths> && chown <user> <paths>` before the declaring VOLUME. */
function createAndChown(owner: VolumeInstruction, stage: Stage | undefined, paths: string[], user: string): Fix | undefined {
  if (!stage || paths.some((path) => isSocketPath(path) || /[\s"'$\\]/.test(path)) || shellLess(stage) || /[\s"'$\\]/.test(user)) return undefined;
  const instruction = owner.instruction;
  const userThere = stage.userAt.get(instruction.index) ?? null;
  const run = `RUN mkdir -p ${paths.join(' ')} && chown ${user} ${paths.join(' ')}\n`;
  const text = isRootUser(userThere) === false ? `USER root\n${run}USER ${userThere}\n` : run;
  const at = { line: instruction.range.start.line, character: 0 };
  return {
    description: `Create ${listPaths(paths)} and give ${paths.length === 1 ? 'it' : 'them'} to ${user} before the VOLUME`,
    safety: 'unsafe',
    edits: [{ range: { start: at, end: at }, text }],
  };
}

/** A RUN chown/chmod after the declaration counts only when a builder considered keeps it (VOL004, VOL018). */
function discarded(model: FileModel, volume: Volume, step: Step): boolean {
  return (
    step.effect.command.startsWith('RUN') &&
    step.effect.instruction.index > volume.since &&
    !buildersOf(model.builder).some((b) => stepOutcome(step.stage, step.effect, volume, b).kind === 'kept')
  );
}

/**
 * A volume of this file whose directory the build prepares for a user: a step creates it, and a
 * chown/chmod that a builder keeps reaches it, or a step that sets the owner itself (`install -o`,
 * `useradd -m`) or runs as a non-root user creates it. Returns the step that gives it away.
 */
function preparedBy(model: FileModel, stages: Stage[], volume: Volume): PathEffect | null {
  const steps = stepsAt(stages, volume.path);
  if (!steps.some((s) => CREATING.has(s.effect.kind) && reach(s.effect, volume.path) === 'inside')) return null;
  const owner = steps.find((s) => (s.effect.kind === 'chown' || s.effect.kind === 'chmod') && !discarded(model, volume, s));
  if (owner) return owner.effect;
  return steps.find((s) => CREATING.has(s.effect.kind) && reach(s.effect, volume.path) === 'inside' && (s.runsAs === 'other' || setsOwnerItself(s.effect)))?.effect ?? null;
}

/** The image's data directory: a volume of another VOLUME line that the build prepares for a user and that its ENV or start command names. */
interface DataDirectory {
  volume: Volume;
  mention: string;
  step: PathEffect;
}

export default defineRule({
  id: 'VOL016',
  name: 'volume-mountpoint-ownership',
  severity: 'warning',
  fixable: 'none',
  tags: ['correctness', 'permissions'],
  messages: {
    missing: 'No step creates {path}, so Docker creates {volumes} owned by root, and USER {user} cannot write to {it}.',
    packageOwned: '{step} installs {packages}, whose package makes {path} for its own account, not for USER {user}, and no step gives it to {user}.',
    missingUnseen: '{steps} creates {path}; unless {unseen} does, Docker creates {volumes} owned by root, and USER {user} cannot write to {it}.',
    unused: 'No step creates {path}, so Docker creates {volumes} owned by root and USER {user} cannot write to {it}; but nothing in the image names {it}, and its data directory is {data}.',
    rootOwned: '{path} is created by root ({step}) and never chowned or chmodded, so the volume is owned by root and USER {user} cannot write to it.',
  },
  docs: {
    summary: 'A volume whose directory is owned by root while the container runs as a non-root USER.',
    why: "A new volume is seeded from the image at its path, ownership and mode included. When no step creates the directory, nothing is copied and the engine creates the mount point and the volume owned by root with mode 755, so a container that runs as a non-root USER gets \"Permission denied\" on its own data directory. The same happens when only root created the directory and no step gave it to the user. Official images therefore create the directory and chown it to the service user before they declare the VOLUME: jenkins runs as a non-root USER, while postgres, mysql and redis start as root and their entrypoints drop privileges to that user (chowning the data directory first when they start as root).",
    reports: [
      "A VOLUME directory no step creates, or a root-owned one: every step that created it ran as root and no chown or chmod reaches it (a chmod, `mkdir -m` included, may have made it writable for everyone; a directory made by `install -o/-g/-m` or `useradd -m` is never called root-owned).",
      "Only directories the user needs to write: data, state, logs, unclassified paths.",
      "The paths of one VOLUME line that no step creates are one finding, listing them (each a related location).",
      "A directory that a package install made for its own service account, where the USER is another account: the finding says that the package's directory is not the user's (likely: volint does not read the package's files).",
    ],
    notReported: [
      "/tmp and /var/tmp: they are world-writable.",
      "Directories the user does not need to write: programs, code, configuration or web content.",
      "The state directory of a daemon that runs only as root: dockerd refuses to start as another user and keeps its data in /var/lib/docker, so a nested Docker's data root is written by root alone, unless the image runs Docker in its rootless mode.",
      "A directory that a package install made for its own service account, which the container runs as: the package is named like the directory (`postgresql-15` and /var/lib/postgresql), the USER is named like it too (`postgres`), whether the package makes that account or a step of this file made it first (postgresql-common creates the postgres user with the home /var/lib/postgresql owned by it, only when the account is missing, and gives the directory to it by name; mysql-server and redis-server do the same for their data directories).",
      {
        text: "Anything where the container regains root at start:",
        items: [
          "a setuid program as ENTRYPOINT/CMD (`chmod u+s`, `4755`; also when the container starts it through a symbolic link a step made, by a path the shell form names through ENV, or found in PATH);",
          "a sudoers grant written by a step, or a script the build brought in and ran whose name says it sets up sudo (`setup-sudo.sh`: likely a grant, which volint cannot read);",
          "sudo in the start command, or an init script started in an image that uses sudo.",
        ],
      },
    ],
    sections: [
      {
        title: "When it is only a note",
        intro: "Where volint cannot see what made the directory, or whether the container writes a path, the finding is possible (a note, hidden by `--min-confidence likely`):",
        items: [
          "when the build runs a program it brought in (a copied or downloaded script: `COPY setup.sh /opt/` then `RUN /opt/setup.sh`, `sh setup.sh`), which may create the directory and chown it; a shell script a COPY or ADD brought from the build context, where volint reads the context on the disk, is read there instead, and what it does counts as the step's own (the folder above the Dockerfile's, within its git repository, is the context where it holds the files the Dockerfile copies and the Dockerfile's own folder does not);",
          "when the base image cannot be resolved (`FROM ${REGISTRY}/base:${TAG}`), which may have the directory with any owner;",
          "where the image keeps its data in a directory of another VOLUME line that the build prepares for a user (creates and chowns) and that an ENV value or the start command names (`ENV PGDATA=/data/db`), for a path that nothing volint can read names (no step, no ENV value other than a search path such as PATH, not the start command, not WORKDIR): the container may never write there (keys or configuration overrides it only reads; an orchestrator that mounts its own volumes there with a group), although a start script volint cannot read may; a path left out of a VOLUME line whose other path the build prepares (`VOLUME [\"/data\", \"/backup\"]` after `chown app /data`) is an oversight and stays certain.",
        ],
      },
      {
        title: "What volint cannot tell",
        items: [
          "Whether the container writes the directory at all: a volume the process only reads (keys, configuration overrides, logs to analyse) works although it is root-owned, so judge the finding by what the application does there.",
        ],
      },
    ],
    options: [
      {
        setting: "targets",
        effect: "Paths the `targets` lists classify as system, code, config or static count as directories the user does not need to write, and are not reported; paths added to `targets.good` are asked before every other list.",
      },
    ],
    bad: 'FROM node:20-slim\nRUN useradd --system app\nUSER app\nVOLUME /var/lib/app\n',
    good: 'FROM node:20-slim\nRUN useradd --system app && mkdir -p /var/lib/app && chown app /var/lib/app\nUSER app\nVOLUME /var/lib/app\n',
    fix: 'Create the directory and chown it to the runtime user before the VOLUME (`RUN mkdir -p /var/lib/app && chown app /var/lib/app`, or `COPY --chown`).',
    references: [REFERENCES.storageVolumes, REFERENCES.volumeRef, 'https://github.com/docker-library/postgres/blob/master/Dockerfile-debian.template'],
  },
  check(model, context) {
    const target = model.target;
    if (!target || target.windows || !model.shellAnalyzed) return;
    const user = target.finalUser;
    if (user === null || isRootUser(user) !== false) return;
    // Root regained at start (a setuid init, sudo): the container's processes may write anyway.
    if (rootAtStart(target)) return;
    const stages = stageChain(target);
    // What volint cannot see: programs the build brought in and ran, and an unresolvable base image.
    const unread = programsBroughtIn(target);
    const root = rootBaseOf(target);
    const baseUnknown = root.kind === 'unknown';
    const baseImageVolumes = target.volumes.filter((v) => v.origin === 'base-image').map((v) => v.path);
    const seen = new Set<string>();
    const unmade: Array<{ volume: Volume; item: VolumeItem; path: string }> = [];
    for (const volume of target.volumes) {
      if (volume.origin === 'base-image' || !volume.item || !isWellFormedItem(volume.item) || seen.has(volume.path)) continue;
      seen.add(volume.path);
      const path = volume.path;
      if (WORLD_WRITABLE.has(path)) continue;
      // Only a directory the user needs to write: not programs, code, configuration or web content.
      if (volume.target && READ_ONLY_CLASSES.has(volume.target)) continue;
      // The state directory of a daemon that runs only as root (dockerd's /var/lib/docker): the user never writes there.
      if (rootOnlyStateOf(target, path)) continue;
      if (baseImageVolumes.some((v) => isWithin(path, v))) continue;
      // A user's home directory usually comes with the user (useradd -m, or the base image).
      const userName = user.split(':')[0]!;
      if (path === `/home/${userName}`) continue;
      const steps = stepsAt(stages, path);
      const declaration = { range: volume.item.range, message: `${path} is declared here` };
      const runtime = `The container runs as USER ${user} (the final USER of stage ${target.name ?? `#${target.index}`}).`;
      const fix = createAndChown(volume.item.owner, volume.declaringStage, [path], user);
      if (steps.length === 0) {
        // The package named like the directory made it for its own account: fine when the container
        // runs as that account; otherwise the directory is there, but not the user's.
        const made = packageMaking(stages, path, volume.item.owner.instruction.index);
        if (made && isPackageAccount(path, userName)) continue;
        if (made) {
          const names = (made.packages ?? []).filter((name) => packageMatchesPath(name, path, true));
          context.report({
            range: volume.item.range,
            messageId: 'packageOwned',
            data: { path, user, step: describe(made), packages: names.join(', ') },
            explanation: [
              runtime,
              `The ${describe(made)} installs ${names.join(', ')}, a package named like ${path}; such packages create ${path} for their own service account (postgresql-common makes postgres with the home /var/lib/postgresql), and ${user} is not that account${stages.some((stage) => stage.effects.some((e) => e.account?.user === userName)) ? ' (this file creates it)' : ''}. No step gives the directory to ${user}.`,
              `A new volume is seeded with the image's directory, owner and mode included, so ${user} cannot create files in it. volint does not read the package's files: this is likely, not certain.`,
              `Give it to the user before line ${line(volume.item.owner.instruction)}: RUN chown ${user} ${path}, or run the container as the package's account.`,
            ],
            related: [declaration, { range: made.range, message: `${describe(made)} installs ${names.join(', ')}` }],
            confidence: 'likely',
          });
          continue;
        }
        // Reported below, one finding per VOLUME line and cause.
        unmade.push({ volume, item: volume.item, path });
        continue;
      }
      // Created: report only when it is provably root-owned.
      const creating = steps.filter((s) => CREATING.has(s.effect.kind) && reach(s.effect, path) === 'inside');
      if (creating.length === 0) continue;
      // A RUN chown/chmod after the declaration counts only when a builder considered keeps it
      // (the legacy builder, Buildah --compat-volumes and Kaniko discard it: VOL004).
      const ownerSteps = steps.filter((s) => s.effect.kind === 'chown' || s.effect.kind === 'chmod');
      // What each builder does with the step is stepOutcome's: one that fails (VOL018) gives no owner either.
      if (ownerSteps.some((s) => !discarded(model, volume, s))) continue;
      const byRoot = creating.every(
        (s) =>
          s.effect.certainty === 'certain' && s.effect.kind !== 'workdir' && !setsOwnerItself(s.effect) && (s.runsAs === 'root' || s.runsAs === 'image-default'),
      );
      const assumedRoot = creating.some((s) => s.runsAs === 'image-default');
      // A parent-level step (COPY of a whole tree) may bring the directory with other owners.
      const parentSteps = steps.filter((s) => reach(s.effect, path) === 'parent');
      if (!byRoot || parentSteps.length > 0) continue;
      const related: RelatedLocation[] = [
        declaration,
        ...creating.map((s) => ({ range: s.effect.range, message: `${describe(s.effect)} creates ${s.effect.path} as ${s.user || 'root'}${s.runsAs === 'image-default' ? ' (the image default)' : ''}` })),
      ];
      context.report({
        range: volume.item.range,
        messageId: 'rootOwned',
        data: { path, user, step: describe(creating[0]!.effect) },
        explanation: [
          runtime,
          `${creating.map((s) => describe(s.effect)).join(', ')} ${creating.length === 1 ? 'creates' : 'create'} ${path} while the build runs as root${assumedRoot ? " (the base image's default user, root for the common base images; volint does not know this image's)" : ''}, and no chown, chgrp, chmod or COPY --chown reaches it.`,
          ...ownerSteps.map((s) => {
            const groups = outcomesOf(s.stage, s.effect, volume, buildersOf(model.builder));
            const stops = [...groups.fails, ...groups.notRun];
            return `${describe(s.effect)} comes after the VOLUME at line ${line(volume.item!.owner.instruction)}: ${[
              ...(groups.discarded.length > 0 ? [`${groups.discarded.map((b) => BUILDER_LABEL[b]).join(', ')} discard${groups.discarded.length === 1 ? 's' : ''} it (VOL004)`] : []),
              ...(stops.length > 0 ? [`the build stops ${groups.fails.length > 0 ? 'at' : 'before'} it under ${stops.map((b) => BUILDER_LABEL[b]).join(', ')} (VOL018)`] : []),
            ].join(', and ')}, so it does not count.`;
          }),
          `A new volume is seeded with the image's directory, owner and mode included, so it starts owned by root: ${user} cannot create files in it.`,
          ...(unread.length > 0 ? [unreadPrograms(unread, path, user)] : []),
          shellLess(target)
            ? `Give it to the user before line ${line(volume.item.owner.instruction)}: this image has no shell, so create it with COPY --chown=${user} instead.`
            : `Give it to the user before line ${line(volume.item.owner.instruction)}: RUN chown ${user} ${path} (or create it with COPY --chown=${user}).`,
        ],
        related,
        ...(fix ? { suggestions: [fix] } : {}),
        ...(assumedRoot || unread.length > 0 ? { confidence: 'possible' as const } : {}),
      });
    }
    if (unmade.length === 0) return;
    // The image's data directory, when this file prepares one for a user and its ENV or start
    // command names it (ENV PGDATA=/data/db, created and chowned before its VOLUME).
    let dataDirectory: DataDirectory | null = null;
    const prepared = new Map<string, PathEffect>();
    for (const volume of target.volumes) {
      if (volume.origin === 'base-image' || !volume.item || prepared.has(volume.path)) continue;
      const step = preparedBy(model, stages, volume);
      if (!step) continue;
      prepared.set(volume.path, step);
      const mention: string | null = dataDirectory ? null : runtimeMention(target, volume.path);
      if (mention) dataDirectory = { volume, mention, step };
    }
    const unseen = [...(baseUnknown ? ['the base image'] : []), ...(unread.length > 0 ? ['a script the build runs'] : [])];
    const owners = [...new Set(unmade.map((u) => u.item.owner))];
    for (const owner of owners) {
      const here = unmade.filter((u) => u.item.owner === owner);
      // Another path of the same VOLUME line is prepared for a user: the ones left out are an oversight.
      const sibling = owner.items.map((i) => i.mountPath).find((p): p is string => p !== null && prepared.has(p)) ?? null;
      // Paths the container may never write: nothing volint can read names them, and the image keeps
      // its data in a directory of another VOLUME line that it prepares and configures.
      const unnamed =
        sibling === null && dataDirectory !== null && dataDirectory.volume.item!.owner !== owner
          ? here.filter((u) => !isSocketPath(u.path) && runtimeMention(target, u.path) === null)
          : [];
      const groups = [
        ...(unnamed.length > 0 ? [{ members: unnamed, unused: true }] : []),
        ...here.filter((u) => !unnamed.includes(u) && isSocketPath(u.path)).map((u) => ({ members: [u], unused: false })),
        ...(here.some((u) => !unnamed.includes(u) && !isSocketPath(u.path)) ? [{ members: here.filter((u) => !unnamed.includes(u) && !isSocketPath(u.path)), unused: false }] : []),
      ];
      for (const { members, unused } of groups) {
        const paths = members.map((m) => m.path);
        const many = paths.length > 1;
        const listed = listPaths(paths);
        const declaring = members[0]!.volume.declaringStage;
        const fix = createAndChown(owner, declaring, paths, user);
        const explanation = [
          `The container runs as USER ${user} (the final USER of stage ${target.name ?? `#${target.index}`}).`,
          `No step of this file ${unread.length > 0 ? 'that volint can read ' : ''}creates ${listed} (no mkdir, WORKDIR, COPY or write at ${many ? 'those paths' : 'that path'} or below ${many ? 'them' : 'it'}${stages.length > 1 ? ', in this stage or the stages it is built on' : ''}), so the image has no directory there to seed ${many ? 'the volumes' : 'the volume'} from${unseen.length > 0 ? ` unless ${unseen.join(' or ')} makes one` : ''}.`,
          ...(sibling !== null
            ? [`The same VOLUME line declares ${sibling}, which ${describe(prepared.get(sibling)!)} prepares for a user: ${listed} ${many ? 'are' : 'is'} left out.`]
            : []),
          ...(baseUnknown
            ? [`The base image cannot be resolved (\`${chainRootFrom(target)}\`): it may already have ${listed}, with any owner, and volint cannot tell; this is possible, not certain.`]
            : []),
          ...(unread.length > 0 ? [unreadPrograms(unread, listed, user)] : []),
          `At run time the engine creates the mount point${many ? 's' : ''} and ${many ? 'new volumes' : 'a new volume'} owned by root with mode 755 (moby's local volume driver; code-derived): ${user} can read ${many ? 'them' : 'it'} but not create files in ${many ? 'them' : 'it'}. A base image that already ships ${listed} with the right owner would avoid this; volint cannot see inside it.`,
          ...(unused && dataDirectory
            ? [unusedReason(target, dataDirectory, listed, many)]
            : []),
          createAdvice(target, paths, user, line(owner.instruction)),
        ];
        const related: RelatedLocation[] = [
          ...members.map((m) => ({ range: m.item.range, message: `${m.path} is declared here` })),
          ...(unused && dataDirectory ? [{ range: dataDirectory.step.range, message: `${describe(dataDirectory.step)} prepares ${dataDirectory.volume.path}, the image's data directory` }] : []),
        ];
        context.report({
          range: members[0]!.item.range,
          messageId: unused ? 'unused' : unseen.length > 0 ? 'missingUnseen' : 'missing',
          data: {
            path: listed,
            user,
            volumes: many ? 'the volumes' : 'the volume',
            it: many ? 'them' : 'it',
            unseen: unseen.join(' or '),
            steps: unread.length > 0 ? 'No step that volint can read' : 'No step of this file',
            data: dataDirectory?.volume.path ?? '',
          },
          explanation,
          related,
          ...(fix ? { suggestions: [fix] } : {}),
          ...(unused || unseen.length > 0 ? { confidence: 'possible' as const } : {}),
        });
      }
    }
  },
});

/** Why a volume nothing names may never be written: the image's data is elsewhere, and what volint cannot read. */
function unusedReason(stage: Stage, data: DataDirectory, listed: string, many: boolean): string {
  const start = startWords(stage);
  const own = programsBroughtIn(stage).length > 0 || start.some((word) => /\.(sh|bash|py|rb|pl)$/.test(word));
  return [
    `Nothing in the image names ${listed}: no step, no ENV value (search paths such as PATH aside) and not the start command${start.length > 0 ? ` (\`${start.join(' ')}\`)` : ''}.`,
    `The image keeps its data in ${data.volume.path}, which ${data.mention} names and ${describe(data.step)} prepares, declared by the VOLUME at line ${line(data.volume.item!.owner.instruction)}.`,
    `So the container may never write to ${many ? 'these volumes' : 'this volume'}: a volume it only reads (keys, configuration overrides) works although it is root-owned, and an orchestrator that mounts its own volumes there may set their group (Kubernetes fsGroup).`,
    `Whether anything writes there is not known${own ? ' (the start command runs a script volint cannot read)' : ''}: this is possible, not certain; if the application is meant to write there, the directory needs the user's ownership.`,
  ].join(' ');
}
