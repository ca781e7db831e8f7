import { defineRule, type Severity } from '../src/engine/types.js';
import {
  BUILDER_LABEL,
  REFERENCES,
  buildersOf,
  declarationSite,
  describeImageAt,
  describeVolume,
  nameVolume,
  explainRunChange,
  explainRuntime,
  line,
} from '../src/model/explain.js';
import { outcomesOf, runChangesKept, type OutcomeGroups } from '../src/model/outcome.js';
import { packageMatchesPath, startsOwnScript } from '../src/model/evidence.js';
import { isWithin } from '../src/model/paths.js';
import { accountUids, ownerUser, sameOwner, volumeSettingsAt } from '../src/model/ownership.js';
import { effectsBefore, reach, stageChain } from '../src/model/query.js';
import { buildkitOnlyFeature, startCommand } from '../src/model/start.js';
import { startScriptRedoes } from '../src/model/start-script.js';
import type { StartScriptEffect } from '../src/model/types.js';
import type { BuilderName, BuilderSetting, PathEffect, Stage, Volume } from '../src/model/types.js';

/** Effects a RUN step makes that a volume mounted during the step would swallow. */
const RUN_CHANGES = new Set(['write', 'mkdir', 'delete', 'chown', 'chmod']);

/** error where the change is lost, note where only the run-time hazard remains, warning when unknown. */
export function severityFor(builder: BuilderSetting, volume: Pick<Volume, 'origin'>): Severity {
  if (builder === 'any') return 'warning';
  return runChangesKept(builder, volume) ? 'note' : 'error';
}

/** The builders that may build this file: without the legacy builder when only BuildKit-class builders can. */
function buildersFor(builder: BuilderSetting, buildkitOnly: boolean): readonly BuilderName[] {
  const all = buildersOf(builder);
  return buildkitOnly && builder === 'any' ? all.filter((b) => b !== 'legacy') : all;
}

const SHORT_LABEL: Record<BuilderName, string> = {
  legacy: 'the legacy builder',
  kaniko: 'Kaniko',
  'buildah-compat': 'Buildah --compat-volumes',
  buildkit: 'BuildKit',
  buildah: 'Buildah',
};

function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * The message's second half: what the builders that may build the file do with the change, as
 * stepOutcome predicts it for each (outcomesOf); builders under which the build stops at or before
 * the step are named as such, never as keeping or discarding it.
 */
function consequence(groups: OutcomeGroups, possible: boolean, stepLine: number): string {
  const change = possible ? 'any such change' : 'the change';
  const s = (names: BuilderName[], verb: string, plural: string): string => `${listWords(names.map((b) => SHORT_LABEL[b]))} ${names.length === 1 ? verb : plural}`;
  // Kaniko leaves out only the paths of VOLUME lines of this stage, not a base image's or an earlier stage's.
  const keeping = groups.kept.filter((b) => !groups.replaced.includes(b));
  const inside = groups.transfer && groups.inside.length > 0 ? ` (the copy lands at ${groups.transfer.inside})` : '';
  const parts = [
    groups.discarded.length > 0
      ? `${s(groups.discarded, 'discards', 'discard')} ${change}${inside}`
      : `${s(keeping, 'keeps', 'keep')} ${change} in the image${inside}, but an existing volume or a bind mount hides it`,
  ];
  if (groups.replaced.length > 0 && groups.transfer) {
    const path = groups.transfer.volume.path;
    parts.push(`${s(groups.replaced, 'makes', 'make')} ${path} itself ${groups.transfer.becomes === 'file' ? 'a file' : 'the copy'} (see VOL018)`);
  }
  if (groups.fails.length > 0) parts.push(`${s(groups.fails, 'fails', 'fail')} at this step (see VOL018)`);
  const stop = groups.failure ? line(groups.failure.effect.instruction) : stepLine;
  if (groups.notRun.length > 0) parts.push(`${s(groups.notRun, 'stops', 'stop')} at line ${stop}, before this step (see VOL018)`);
  return parts.join('; ');
}

function verb(effect: PathEffect): string {
  switch (effect.kind) {
    case 'chown': return 'changes the owner of';
    case 'chmod': return 'changes the mode of';
    // `find /app -name '*.pid' -delete` removes only what its name tests match.
    case 'delete': return effect.matching ? `deletes the entries named ${listWords(effect.matching.map((name) => `\`${name}\``))} in` : 'deletes';
    case 'mkdir': return 'creates';
    default: return 'writes';
  }
}

interface Hit {
  effect: PathEffect;
  volume: Volume;
  how: 'inside' | 'parent';
  /** A package install that may put files in the volume (no path of the step names it). */
  packages?: string[];
}

/**
 * Base names of files whose deletion a builder may lose without changing what a container does:
 * Python's compiled bytecode, which the interpreter writes itself and rebuilds from the sources
 * (`find /app -name '*.pyc' -delete` only saves space in the image).
 */
const BYTECODE = new Set(['*.pyc', '*.pyo', '*.py[co]', '*.py[cod]', '__pycache__']);

/**
 * How a RUN effect reaches the volume, or null when it does not count: a `mkdir` of the mount point
 * itself changes nothing (the directory exists as the mount point), a write or mkdir on a
 * parent tree (`tar -x -C /app` for the volume /app/uploads) lands who knows where below it, and a
 * `find` that deletes only Python bytecode leaves, where a builder discards it, only files Python
 * rebuilds itself.
 */
function relevant(effect: PathEffect, volume: Volume): 'inside' | 'parent' | null {
  if (!effect.command.startsWith('RUN') || !RUN_CHANGES.has(effect.kind)) return null;
  if (effect.kind === 'mkdir' && effect.path === volume.path) return null;
  if (effect.kind === 'delete' && effect.matching?.every((name) => BYTECODE.has(name))) return null;
  const how = reach(effect, volume.path);
  if (how === 'parent' && (effect.kind === 'write' || effect.kind === 'mkdir')) return null;
  return how;
}

/**
 * The base image's entrypoint gives the volume to the user this chown names at every start
 * (catalogue `startOwner`: the mysql and MariaDB images chown their data directory to mysql when
 * started as root): the container starts as root with that entrypoint (no ENTRYPOINT of this file,
 * no USER other than root) and runs one of the image's servers. The build-time chown then changes
 * nothing a container keeps; a group it sets is all it adds.
 */
function ownedAtStart(effect: PathEffect, stage: Stage, volume: Volume): boolean {
  const owner = volume.image?.info.startOwner;
  const servers = volume.image?.info.servers ?? [];
  if (!owner || ownerUser(effect.setting ?? '') !== owner.user || !owner.paths.some((p) => isWithin(volume.path, p))) return false;
  // '' is the image's default user (root for these images), null an unknown one.
  if (stage.finalUser === null || !['', 'root', '0', 'root:root', '0:0'].includes(stage.finalUser)) return false;
  if (stageChain(stage).some((s) => s.instructions.some((i) => i.keyword === 'ENTRYPOINT'))) return false;
  const program = startCommand(stage)[0];
  return program === undefined || servers.includes(program.replace(/^.*\//, ''));
}

/**
 * A chown or chmod after the VOLUME that restates what was set before it changes nothing: the same
 * owner or mode set on the path (or recursively on a parent) before the volume was declared, or a
 * chown to the user that created the directory (a `mkdir` run as USER app already gives it to app,
 * `useradd -m -d /home/app app` makes the home app's). An owner given by name restates the same
 * account given by the uid useradd gave it (`chown 1000:1000 /data`, `useradd -u 1000 app`, `chown
 * app /data`).
 */
function restates(effect: PathEffect, stage: Stage, volume: Volume): boolean {
  if ((effect.kind !== 'chown' && effect.kind !== 'chmod') || effect.setting === undefined) return false;
  // What the base image set is unknown, except where its entrypoint sets the owner again at every
  // start; a base stage's steps count from their own chain.
  if (volume.origin === 'base-image') return effect.kind === 'chown' && ownedAtStart(effect, stage, volume);
  const setting = effect.setting;
  const before = effectsBefore(stage, effect.path, volume.since);
  const uids = effect.kind === 'chown' ? accountUids(stage) : new Map<string, string>();
  const same = before.some(
    (e) =>
      e.kind === effect.kind &&
      e.setting !== undefined &&
      // A COPY --chown owns what the copy brings, not the path's other files (restatesEverything weighs it).
      !/^(COPY|ADD)\b/.test(e.command) &&
      (e.setting === setting || (e.kind === 'chown' && sameOwner(e.setting, setting, uids))) &&
      (e.path === effect.path || (e.recursive && isWithin(effect.path, e.path))) &&
      (!effect.recursive || e.recursive || e.path === effect.path),
  );
  if (same) return true;
  if (restatesEverything(effect, stage, volume, uids)) return true;
  if (effect.kind !== 'chown') return false;
  const user = ownerUser(setting);
  if (!user) return false;
  const group = setting.split(/[:.]/)[1];
  if (group !== undefined && group !== '' && group !== user) return false;
  const id = (name: string): string => uids.get(name) ?? name;
  const created = before.filter((e) => (e.kind === 'mkdir' || e.kind === 'workdir') && e.path === effect.path);
  if (created.length === 0 || effect.recursive && before.some((e) => e.kind !== 'mkdir' && e.kind !== 'workdir' && isWithin(e.path, effect.path) && e.path !== effect.path)) return false;
  return created.every((e) => {
    if (e.account && id(e.account.user) === id(user)) return true;
    const owner = stageChain(stage).find((s) => s.effects.includes(e));
    return owner !== undefined && (owner.userAt.get(e.instruction.index) ?? null) === user;
  });
}

/**
 * A chown/chmod of the volume path or, recursively, of a parent (`chown -R app:app /app` for the
 * volume /app/uploads) that gives everything the volume holds the owner or mode it already has:
 * what the model knows is there (volumeSettingsAt) has that setting, and nothing of an owner volint
 * does not know (the base image's files, a package's, an archive's) may be there. A builder that
 * discards the step then loses nothing.
 */
function restatesEverything(effect: PathEffect, stage: Stage, volume: Volume, uids: Map<string, string>): boolean {
  const setting = effect.setting;
  if (setting === undefined || (effect.kind !== 'chown' && effect.kind !== 'chmod')) return false;
  if (effect.path !== volume.path && !(effect.recursive && isWithin(volume.path, effect.path))) return false;
  const known = volumeSettingsAt(stage, volume, effect, effect.kind);
  if (known.unknown !== null) return false;
  const declaredAt = volume.item?.owner.instruction.index ?? volume.since;
  if (stageChain(stage).some((s) => s.effects.some((e) => e.instruction.index < declaredAt && e.packages && packageMayFill(volume.path, e.packages).length > 0))) return false;
  const same = (have: string): boolean => sameSetting(effect, setting, have, uids);
  // No step makes the directory: the builder makes the mount point, owned by root.
  const directory = known.directory === undefined ? (effect.kind === 'chown' ? '0:0' : null) : known.directory;
  if (directory === null || !same(directory)) return false;
  return !effect.recursive || known.content.every(same);
}

/** Whether the owner (chown) or mode (chmod) `have` is the `setting` the step gives. */
function sameSetting(effect: PathEffect, setting: string, have: string, uids: Map<string, string>): boolean {
  if (effect.kind === 'chmod') return have === setting;
  if (sameOwner(have, setting, uids)) return true;
  // A directory a user made (`mkdir` as USER app, a home from useradd) is the user's, and its
  // group is the user's own group: `chown app:app` restates it.
  const user = ownerUser(setting);
  const group = setting.split(/[:.]/)[1];
  return !/[:.]/.test(have) && user !== null && (uids.get(user) ?? user) === (uids.get(have) ?? have) && (group === undefined || group === '' || group === user);
}

/**
 * A chown/chmod through a parent or a pattern (`chown -R www-data /var/www/html/var` for the volume
 * /var/www/html/var/logs) whose reach into the volume volint cannot judge, in an image that leaves
 * ownership to its own start script: something in the volume may have an owner (mode) volint does
 * not know (the base image's files, an ADD of the build context) while everything it knows is there
 * already has the step's setting, and the container starts as root a start script of the image's
 * own that volint cannot read, or read but that runs other programs of the image's own (such
 * scripts are where images give their volumes to the service's account at every start). Whether
 * the step changes anything is a guess, and whether a lost change matters at run time another:
 * nothing for a maintainer to act on, so it is not reported. Where volint knows the step changes
 * something (the mount point the builder makes is root's, a step put files of another owner
 * there), or read all the start script does, the finding stays.
 */
function leftToStartScript(effect: PathEffect, stage: Stage, volume: Volume, how: 'inside' | 'parent', uids: Map<string, string>): boolean {
  const setting = effect.setting;
  if (how !== 'parent' || (effect.kind !== 'chown' && effect.kind !== 'chmod') || setting === undefined || volume.origin === 'base-image') return false;
  if (!(stage.finalUser === null || ['', 'root', '0', 'root:root', '0:0'].includes(stage.finalUser))) return false;
  const script = stage.startScript;
  if (script ? !script.effects.some((e) => e.kind === 'exec' && bringsInFile(stage, e.path)) : !startsOwnScript(stage)) return false;
  const known = volumeSettingsAt(stage, volume, effect, effect.kind);
  if (known.unknown === null) return false;
  const same = (have: string): boolean => sameSetting(effect, setting, have, uids);
  const directory = known.directory === undefined ? (effect.kind === 'chown' ? '0:0' : null) : known.directory;
  return (directory === null || same(directory)) && known.content.every(same);
}

/** Whether a COPY or ADD of the stage chain puts the file at `path` (or a directory above it) in the image. */
function bringsInFile(stage: Stage, path: string): boolean {
  return stageChain(stage).some((s) => s.effects.some((e) => e.kind === 'copy' && (e.path === path || isWithin(path, e.path))));
}

/** Directories that distribution packages fill: an install there may put files in the volume. */
function packageMayFill(volumePath: string, packages: readonly string[]): string[] {
  if (isWithin(volumePath, '/var/log')) return [...packages];
  if (!['/var/lib', '/var/cache', '/var/spool', '/etc', '/usr/share', '/var/www'].some((tree) => isWithin(volumePath, tree) && volumePath !== tree)) return [];
  return packages.filter((name) => packageMatchesPath(name, volumePath, true));
}

function fixAdvice(volume: Volume, stage: Stage, effect: PathEffect): string {
  if (volume.origin === 'instruction' && volume.item) {
    return `Fix: move this step before the VOLUME at line ${line(volume.item.owner.instruction)}, or move that VOLUME to the end of the stage (after line ${line(stage.instructions[stage.instructions.length - 1] ?? effect.instruction)}).`;
  }
  if (volume.origin === 'stage' && volume.item) {
    return `Fix: do this step in stage ${volume.declaringStage?.name ?? `#${volume.declaringStage?.index ?? '?'}`} before its VOLUME at line ${line(volume.item.owner.instruction)}, or declare that VOLUME in the last stage, after this step.`;
  }
  return `Fix: the base image already declares ${volume.path}, so no step here can come before it: put the files outside the volume and copy them in at start-up (as the official images' entrypoints do), or change the path at run time.`;
}

/** "the volume /data declared at line 3", "the volumes /a, /b and /c of the base image x". */
function nameVolumes(volumes: Volume[], stage: Stage): string {
  if (volumes.length === 1) return nameVolume(volumes[0]!, stage);
  const image = volumes[0]!.image?.ref.raw;
  if (image && volumes.every((v) => v.origin === 'base-image' && v.image?.ref.raw === image)) {
    return `the volumes ${listWords(volumes.map((v) => v.path))} of the base image ${image}`;
  }
  return `the volumes ${listWords(volumes.map((v) => v.path))}`;
}

export default defineRule({
  id: 'VOL004',
  name: 'volume-write-discarded',
  severity: 'warning',
  fixable: 'none',
  tags: ['correctness', 'builders'],
  messages: {
    discarded: 'RUN at line {line} {verb} {path}, inside {volume}: {consequence}.',
    discardedParent: 'RUN at line {line} {verb} {path} recursively and may reach into {volume}: {consequence}.',
    possible: 'RUN at line {line} may change {path} (`{command}`), inside {volume}: {consequence}.',
    packages: 'RUN at line {line} installs {packages}, which may put files in {volume}: {consequence}.',
    discardedMany: 'RUN at line {line} changes {volume} ({verb} {path}{more}): {consequence}.',
    possibleMany: 'RUN at line {line} may change {volume} (`{command}` on {path}{more}): {consequence}.',
  },
  docs: {
    summary: 'A RUN step changes files, ownership or modes under a path that is already a volume.',
    why: "Under the legacy builder, each RUN after a VOLUME runs in a container with a fresh temporary volume mounted at the path; whatever the step writes, chowns or chmods there lands in that volume and is discarded when the step is committed (moby#3639, moby#28513; observed). Buildah with --compat-volumes reverts the change, Kaniko leaves it out of the layers for the stage's own VOLUMEs, and BuildKit keeps it (see What each builder does), so the same Dockerfile builds different images depending on the builder. Even where the change is kept, it reaches only new, empty volumes: an existing volume or a bind mount hides it. Base images declare volumes too: `FROM postgres:16` makes /var/lib/postgresql/data a volume before the first line of your stage.",
    reports: [
      "A RUN step that changes files, ownership or modes under a path that is already a volume: a VOLUME of the stage, or of the base image.",
      "Where the container starts a shell script volint cannot read (standard input, a script from elsewhere), or reads it but it runs other programs of the image's own that volint does not read, the explanation says that it may give the volume its owner at every start.",
    ],
    notReported: [
      "A chown of a base image's data volume to the user its entrypoint gives it to at every start (the mysql and MariaDB images, started as root with their server): it changes nothing a container keeps.",
      "A chown or chmod, of the path or recursively of a parent (`chown -R app:app /app` for the volume /app/uploads), that gives everything the volume holds the owner or mode it already has: the directory a step made and chowned before the VOLUME, files a COPY --chown brought.",
      "A change that the container's start script makes again at every start, as root and not in a branch volint cannot decide (`chown -R app:app /data`, the same mode, the same `mkdir`): no container loses it. volint reads a shell script the container starts where a COPY or ADD brings it from the build context (the Dockerfile's directory on disk; through `COPY --from` of an earlier stage too).",
      "A chown or chmod through a parent or a pattern that may reach into the volume only where something volint cannot see has another owner (everything it knows is there has the step's setting already), in a container that starts as root a script volint cannot read, or one that runs other programs of the image's own that volint does not read: whether the step changes anything is a guess, and whether the script gives the volume its owner at start another.",
      "A `find` that deletes only Python bytecode (`-name '*.pyc'`, `*.pyo`, `__pycache__`, as find binds its `-o` and `-a`): a builder that discards the deletion leaves files that Python rebuilds from the sources itself.",
    ],
    sections: [
      {
        title: "When it is only a note",
        items: [
          "A change in a branch of the step's script that volint cannot decide (an `if` or `case` on an unknown value, a loop body, a command after `||`) may not run: such a finding is possible, and says so.",
          "A chown or chmod that gives the volume the owner or mode it may already have stays reported (possible) where the volume may hold files whose owner volint does not know: the base image's when no step of the file makes the directory, a package's, an archive's.",
          "A file that names a BuildKit frontend (`# syntax=docker/dockerfile:1`) is built with BuildKit, so with the default `--builder any` its findings are notes.",
        ],
      },
      {
        title: "What each builder does",
        items: [
          "The legacy builder discards the change with the step's temporary volume (above).",
          "Buildah/Podman with --compat-volumes (the default before Buildah 1.37 / Podman 5.2) mounts nothing but saves the contents of the volume paths before each RUN and restores them after it, so the change is reverted (observed with Buildah 1.28).",
          "Kaniko mounts nothing either: the paths of the VOLUME lines it executes in the stage go on an ignore list, so later RUN steps of the stage still see the change but the layers leave it out; a base image's or an earlier stage's volumes are not on that list, and Kaniko keeps changes there (code-derived).",
          "BuildKit keeps the change (documented since dockerfile/1.12; observed).",
        ],
      },
    ],
    options: [
      {
        setting: "builder",
        flag: "--builder",
        editor: "volint.builder",
        effect: "The builder to judge the file for: `any` (the default), `legacy`, `buildkit`, `buildah`, `buildah-compat` or `kaniko`. Pass it to judge a file that names a BuildKit frontend for another builder.",
      },
    ],
    bad: 'FROM alpine:3.20\nRUN adduser -D app\nVOLUME /data\nRUN chown app /data\n',
    good: 'FROM alpine:3.20\nRUN adduser -D app\nRUN mkdir -p /data && chown app /data\nVOLUME /data\n',
    fix: 'Prepare the directory (create, fill, chown, chmod) before the VOLUME, and declare the VOLUME last; for a base image volume, keep the files outside the volume and copy them in at start-up.',
    references: [REFERENCES.volumeNotes, REFERENCES.moby3639, REFERENCES.moby28513, 'https://github.com/moby/moby/issues/33027', REFERENCES.buildahCompat],
  },
  check(model, context) {
    // Read only where a step reaches a volume (most files have none): it reads every instruction's flags.
    let found: string | null | undefined;
    const buildkitOnly = (): string | null => (found === undefined ? (found = buildkitOnlyFeature(model.parsed)) : found);
    // A `# syntax=` line names a BuildKit frontend: the file is written for BuildKit, which keeps
    // the change (Buildah and Kaniko do not run frontends); with --builder any it is judged for BuildKit.
    const frontend = context.builder === 'any' && model.parsed.directives.some((d) => d.name.toLowerCase() === 'syntax');
    let chosen: readonly BuilderName[] | undefined;
    const builders = (): readonly BuilderName[] => (chosen ??= frontend ? ['buildkit'] : buildersFor(context.builder, buildkitOnly() !== null));
    for (const stage of model.stages) {
      // Every RUN change that reaches a volume, then one finding per RUN step.
      const hits: Hit[] = [];
      // Changes the start script makes again at every start: not reported, named in the step's finding if it has one.
      const redone: Array<{ effect: PathEffect; volume: Volume; again: StartScriptEffect }> = [];
      for (const volume of stage.volumes) {
        for (const effect of stage.effects) {
          if (effect.instruction.index <= volume.since) continue;
          const how = relevant(effect, volume);
          const packages = effect.packages ? packageMayFill(volume.path, effect.packages) : [];
          // Most steps reach no volume: nothing to weigh (the builders' outcomes are the costly part).
          if (!how && packages.length === 0) continue;
          // A step no builder considered runs (the build stops at or before it: VOL018) keeps and discards nothing.
          const outcome = outcomesOf(stage, effect, volume, builders());
          // Nor one where every builder that runs it makes the volume path itself the copy (`cp app.conf /data` under BuildKit: VOL018).
          if (outcome.kept.length === outcome.replaced.length && outcome.discarded.length === 0) continue;
          if (how && !restates(effect, stage, volume)) {
            // The container's start script (read from the build context) does the same at every start.
            const uids = accountUids(stage);
            const again = startScriptRedoes(stage, effect, volume.path, (scriptSetting, stepSetting) => sameOwner(scriptSetting, stepSetting, uids));
            if (again) redone.push({ effect, volume, again });
            else if (!leftToStartScript(effect, stage, volume, how, uids)) hits.push({ effect, volume, how });
          }
          if (packages.length > 0 && !how) hits.push({ effect: { ...effect, path: volume.path, certainty: 'possible' }, volume, how: 'inside', packages });
        }
      }
      // Nested volumes: a change inside /data/db counts for the innermost volume only.
      const innermost = new Map<string, Hit>();
      const kept: Hit[] = [];
      for (const hit of hits) {
        if (hit.how !== 'inside') {
          kept.push(hit);
          continue;
        }
        const key = `${effectKey(hit.effect)}:${hit.packages ? 'pkg' : ''}`;
        const other = innermost.get(key);
        if (!other || other.volume.path.length < hit.volume.path.length) innermost.set(key, hit);
      }
      kept.push(...innermost.values());
      const bySteps = new Map<number, Hit[]>();
      for (const hit of kept) {
        const list = bySteps.get(hit.effect.instruction.index) ?? [];
        list.push(hit);
        bySteps.set(hit.effect.instruction.index, list);
      }
      // A change in a branch of the script volint cannot decide (an undecided `if`, a loop body, after `||`) may not run: possible.
      const isCertain = (h: Hit): boolean => h.effect.certainty === 'certain' && !h.effect.conditional && h.how === 'inside' && !h.packages;
      // A step that only may change volumes of the base image or of a base stage, which a certain
      // finding of the same stage already reports (`rm -rf /opt/app*` before the `chown -R` of the same
      // volumes), has the same consequence and the same fix (no step of this stage can come before
      // those declarations): it is named in that finding instead of a finding of its own. Under a
      // VOLUME of this stage each step can be moved before it, so each keeps its finding.
      const groups = [...bySteps.values()];
      const certainGroups = groups.filter((g) => g.some(isCertain));
      const foldedInto = new Map<Hit[], Hit[][]>();
      const folded = new Set<Hit[]>();
      for (const group of groups) {
        if (group.some(isCertain) || group.some((h) => h.volume.origin === 'instruction')) continue;
        const target = certainGroups.find((c) => group.every((h) => c.some((o) => o.volume === h.volume)));
        if (!target) continue;
        folded.add(group);
        foldedInto.set(target, [...(foldedInto.get(target) ?? []), group]);
      }
      for (const stepHits of groups) {
        if (folded.has(stepHits)) continue;
        stepHits.sort((a, b) => a.effect.range.start.line - b.effect.range.start.line || a.effect.range.start.character - b.effect.range.start.character);
        const certain = stepHits.filter(isCertain);
        const primary = certain[0] ?? stepHits.find((h) => !h.packages) ?? stepHits[0]!;
        const effect = primary.effect;
        const volume = primary.volume;
        const volumes = [...new Set(stepHits.map((h) => h.volume))];
        // The one prediction per builder for this step (stepOutcome): the message, the explanation and the severity read it.
        const groups = outcomesOf(stage, effect, volume, builders());
        const shown = effect.pattern ?? effect.path;
        // What the step does in its volumes, once each: one glob (`rm -rf /srv/*`) over several
        // volumes is one action, not one per volume.
        const actions = [
          ...new Set(
            stepHits.map((h) =>
              h.packages
                ? `\`${h.effect.command.replace(/^RUN /, '')}\` may put files in ${h.volume.path}`
                : `\`${h.effect.command.replace(/^RUN /, '')}\` ${h.effect.certainty === 'possible' || h.effect.conditional || h.how === 'parent' ? 'may change' : verb(h.effect)} ${h.effect.pattern ?? h.effect.path}`,
            ),
          ),
        ];
        const data = {
          line: line(effect.instruction),
          verb: verb(effect),
          path: shown,
          volume: nameVolumes(volumes, stage),
          command: effect.command.replace(/^RUN /, ''),
          packages: listWords([...new Set(stepHits.flatMap((h) => h.packages ?? []))]),
          consequence: consequence(groups, certain.length === 0, line(effect.instruction)),
          more: actions.length > 1 ? ', and more' : '',
        };
        const many = volumes.length > 1 && !primary.packages;
        const messageId = primary.packages
          ? 'packages'
          : certain.length > 0
            ? many ? 'discardedMany' : 'discarded'
            : many ? 'possibleMany' : primary.how === 'parent' ? 'discardedParent' : 'possible';
        const explanation: string[] = [];
        const since = volume.origin === 'instruction' ? `from line ${line(volume.item!.owner.instruction)} on` : `from the FROM at line ${line(stage.from)} on`;
        explanation.push(`${capitalize(describeVolume(volume, stage))} is in effect ${since}, so the RUN at line ${line(effect.instruction)} runs with it mounted at ${volume.path}.`);
        if (effect.via) {
          explanation.push(`The step names ${effect.via.path}: the symbolic link ${effect.via.link} that the RUN at line ${line(effect.via.instruction)} made leads into the volume, and a write through a link lands where the link points (observed with the legacy builder, BuildKit and Buildah here).`);
        }
        if (volumes.length > 1) explanation.push(`The step touches ${volumes.length} volumes: ${listWords(volumes.map((v) => v.path))}.`);
        if (actions.length > 1) explanation.push(`What it does there: ${actions.join('; ')}.`);
        if (primary.packages && primary.effect.installer) {
          explanation.push(`\`${data.command}\` is the installer script of ${listWords(primary.packages)}; volint cannot read it, but such scripts put the project's files in their usual places, ${volume.path} among them, so the change is possible, not proven.`);
        } else if (primary.packages) {
          explanation.push(`Packages install files in their own directories; volint does not know the files of ${listWords(primary.packages)}, but a package named like ${volume.path} usually puts files there (and any package may write /var/log), so the change is possible, not proven.`);
        } else if (certain.length === 0 && primary.how === 'parent') {
          // What the model knows is there: why the step may change it.
          const known = (effect.kind === 'chown' || effect.kind === 'chmod') && volume.origin !== 'base-image' ? volumeSettingsAt(stage, volume, effect, effect.kind) : null;
          const works = `\`${data.command}\` works on ${shown}${effect.pattern ? ' (a pattern)' : ''}, a parent of ${volume.path}`;
          explanation.push(
            known !== null && known.unknown === null
              ? `${works}: what the steps before it put in the volume (or the mount point the builder makes, owned by root) has another ${effect.kind === 'chown' ? 'owner' : 'mode'}, so the step changes it, as far as volint can follow the steps.`
              : `${works}: whether it changes anything in the volume depends on what is there${known?.unknown ? ` (${known.unknown})` : ''}, so the change is possible, not proven.`,
          );
          const program = startCommand(stage)[0];
          if (stepHits.every((h) => h.effect.kind === 'chown' || h.effect.kind === 'chmod') && program && !stage.startScript && (stage.finalUser === null || ['', 'root', '0', 'root:root', '0:0'].includes(stage.finalUser)) && startsOwnScript(stage)) {
            // The container may start as root with a script of the image's own (USER root, or unknown from the base image).
            explanation.push(`The container starts ${program}, a start script this Dockerfile copies in, which volint cannot read: if it runs as root and gives the volume to the service's account at every start, as many images' entrypoints do, the lost ownership change does not matter at run time.`);
          } else if (stage.startScript && stepHits.every((h) => h.effect.kind === 'chown' || h.effect.kind === 'chmod')) {
            const script = stage.startScript;
            const others = [...new Set(script.effects.filter((e) => e.kind === 'exec').map((e) => e.path))];
            const same = script.effects.filter((e) => e.kind === effect.kind && (isWithin(volume.path, e.path) || isWithin(e.path, volume.path)));
            explanation.push(
              `The container starts ${script.path} (${script.source} in the build context, which volint read): ${
                same.length > 0
                  ? `its \`${same[0]!.command}\` of ${same[0]!.path} (its line ${same[0]!.line}) ${same[0]!.conditional ? 'runs only in a branch volint cannot decide' : 'does not give the volume the same setting for certain'}`
                  : `it does not ${effect.kind === 'chown' ? 'change the owner' : 'change the mode'} of ${volume.path} itself at start`
              }${others.length > 0 ? `; it runs ${listWords(others.slice(0, 3))}${others.length > 3 ? ' and more' : ''}, which volint does not read: one of them may set it at start` : ''}.`,
            );
          }
        } else if (certain.length === 0 && effect.conditional && effect.certainty === 'certain') {
          explanation.push(`\`${data.command}\` is in a branch of the script that volint cannot decide (an \`if\` or \`case\` on a value it does not know, a loop body, or a command after \`||\`): the step may not run it, so the change is possible, not proven.`);
        } else if (certain.length === 0) {
          explanation.push(`volint cannot tell whether \`${data.command}\` writes there: it names a path inside the volume, so the change is possible, not proven.`);
        }
        const feature = buildkitOnly();
        const again = redone.filter((r) => r.effect.instruction === effect.instruction);
        const script = stage.startScript;
        if (again.length > 0 && script) {
          const done = [...new Set(again.map((r) => `\`${r.again.command}${r.again.recursive ? ' -R' : ''}${r.again.setting ? ` ${r.again.setting}` : ''}\` on ${r.again.path} (its line ${r.again.line})`))];
          explanation.push(`The container starts ${script.path}, which the ${script.copy.command} at line ${line(script.copy.instruction)} brings from ${script.source} in the build context; volint read it: at every start it runs ${listWords(done)}, so what this step does to ${listWords([...new Set(again.map((r) => r.volume.path))])} the same way (${listWords([...new Set(again.map((r) => `\`${r.effect.command.replace(/^RUN /, '')}\``))])}) is redone there and is not counted.`);
        }
        if (frontend) {
          explanation.push(`This Dockerfile names a BuildKit frontend with ${feature}: it is built with BuildKit, which keeps the change, so the severity is a note (Buildah --compat-volumes and Kaniko, which do not run frontends, would discard it; pass --builder to judge for them).`);
        } else if (feature) {
          explanation.push(`This Dockerfile uses ${feature}, which only BuildKit-class builders (BuildKit, Buildah, Kaniko) build: the legacy builder never meets it${context.builder === 'any' ? ', and the severity comes from the builders that remain' : ''}.`);
        }
        // The run-time sentence is said below, with this finding's image content.
        const runtime = new Set(explainRuntime(volume));
        explanation.push(...explainRunChange(stage, effect, volume, builders()).filter((sentence) => !runtime.has(sentence)));
        const declaredAt = volume.origin === 'instruction' && volume.item ? volume.item.owner.instruction.index : stage.from.index;
        const discards = groups.discarded.length > 0;
        const severity: Severity = context.builder === 'any' ? (discards ? 'warning' : 'note') : severityFor(context.builder, volume);
        if (discards) {
          // What such a builder keeps: the steps before the declaration, and COPY/ADD after it up to this step.
          const keptThere = (e: PathEffect): boolean => e.instruction.index <= declaredAt || /^(COPY|ADD)\b/.test(e.command);
          explanation.push(`What containers start with under a discarding builder: ${lowerFirst(describeImageAt(stage, volume.path, effect.instruction.index, keptThere))} COPY and ADD into the path are kept by every builder.`);
        } else {
          explanation.push(describeImageAt(stage, volume.path, Infinity));
        }
        explanation.push(
          stage.windows || volume.item?.windows
            ? explainRuntime(volume)[0]!
            : `At run time that content seeds only a new, empty volume; an existing named or anonymous volume (Compose re-attaches the previous one on recreate) or a bind mount at ${volume.path} hides it, so the step's result never reaches such containers.`,
        );
        if (context.builder === 'any') {
          const stopping = [...groups.fails, ...groups.notRun];
          const keeping = groups.kept.filter((b) => !groups.replaced.includes(b));
          const stops =
            (stopping.length > 0 ? ` With --builder ${listWords(stopping).replace(/ and /, ' or ')} the build stops${groups.fails.length > 0 ? ' at this step' : ' before it'} and VOL018 reports it instead.` : '') +
            (groups.replaced.length > 0 ? ` With --builder ${listWords(groups.replaced).replace(/ and /, ' or ')} the volume path itself becomes the copy and VOL018 reports it instead.` : '');
          explanation.push(
            groups.discarded.length > 0
              ? `Severity: an error with --builder ${listWords(groups.discarded).replace(/ and /, ' or ')}${keeping.length > 0 ? `, a note with ${listWords(keeping).replace(/ and /, ' or ')}, which keep the change` : ''}.${stops}`
              : `Severity: a note: ${listWords(keeping.map((b) => BUILDER_LABEL[b]))} keep the change.${stops}`,
          );
        }
        const alsoMay = foldedInto.get(stepHits) ?? [];
        for (const other of alsoMay) {
          const first = other[0]!.effect;
          explanation.push(`The RUN at line ${line(first.instruction)} may change the same volumes too (\`${first.command.replace(/^RUN /, '')}\` on ${first.pattern ?? first.path}): the same builders discard that change, and the same fix covers it.`);
        }
        explanation.push(fixAdvice(volume, stage, effect));
        context.report({
          range: effect.range,
          messageId,
          data,
          explanation,
          related: [
            ...volumes.map((v) => declarationSite(v, stage)),
            ...alsoMay.map((other) => ({ range: other[0]!.effect.range, message: `RUN at line ${line(other[0]!.effect.instruction)} may change ${nameVolumes([...new Set(other.map((h) => h.volume))], stage)} too` })),
          ],
          severity,
          confidence: certain.length === 0 ? 'possible' : 'certain',
        });
      }
    }
  },
});

function effectKey(effect: PathEffect): string {
  return `${effect.instruction.index}:${effect.range.start.line}:${effect.range.start.character}:${effect.kind}:${effect.path}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
