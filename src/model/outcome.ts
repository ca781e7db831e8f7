/**
 * What each builder does with a step that touches a volume path: ONE prediction per (step,
 * builder), which every rule (VOL004, VOL014, VOL016, VOL018), `volint model` (text and JSON) and
 * the editor's hover read. A step either fails under the builder (the build stops there), is not
 * run because an earlier step of its stage chain failed, or runs and its change is kept or
 * discarded. Facts and sources: ../shared/volume-semantics.md §3–4; observed with Docker 20.10's
 * legacy builder and BuildKit and Buildah 1.28 in test/builders (B43–B55, B58–B61).
 */
import { isWithin } from './paths.js';
import { absentFromBase, dirMayExistBefore, stageChain } from './query.js';
import type { BuilderName, PathEffect, Stage, Volume } from './types.js';

/** How sure a prediction is (the engine's Confidence, named here so that the model does not import the engine). */
export type Sureness = 'certain' | 'likely' | 'possible';

/**
 * Whether a builder keeps a RUN step's changes under a volume in effect at the step. BuildKit and
 * Buildah 1.37+ keep them; the legacy builder and Buildah --compat-volumes discard them (observed
 * with Docker 20.10 and Buildah 1.28 here). Kaniko leaves out of its layers only the paths of the
 * VOLUME lines it executed in this stage (code-derived: the ignore list is reset at every stage);
 * a volume of the base image or of an earlier stage is an ordinary directory to it, so it keeps
 * the change. Only for a step that runs: read stepOutcome, which knows the steps that fail.
 */
export function runChangesKept(builder: BuilderName, volume: Pick<Volume, 'origin'>): boolean {
  if (builder === 'kaniko') return volume.origin !== 'instruction';
  return builder === 'buildkit' || builder === 'buildah';
}

/**
 * Whether a builder's VOLUME leaves the directory in place for the RUN steps after it. BuildKit's
 * dispatchVolume only edits the image configuration (observed here: `VOLUME /data` then
 * `RUN cd /data` fails with Docker 20.10's BuildKit). The legacy builder creates the directory
 * (observed), Buildah 1.28 with its default compat volumes too (observed), Buildah 1.37+ before each
 * RUN (code-derived: run_common.go, runSetupBuiltinVolumes, copier.Mkdir), Kaniko at the VOLUME
 * (code-derived: pkg/commands/volume.go, MkdirAll).
 */
export function volumeCreatesDirectory(builder: BuilderName): boolean {
  return builder !== 'buildkit';
}

/** A RUN step that fails under some builders because of whether a VOLUME created its directory. */
export interface StepFailure {
  stage: Stage;
  volume: Volume;
  /** The first effect of the step that needs (or makes) the directory. */
  effect: PathEffect;
  /**
   * `missing`: the step needs the directory, which no step created, and fails where the VOLUME
   * creates none (BuildKit: No such file or directory). `exists`: the step runs `mkdir` of the
   * volume path without -p, and fails where the VOLUME created it (File exists).
   */
  cause: 'missing' | 'exists';
  /** What the step does that needs the directory (`changes into /data`, `writes /data/x`). */
  needs: string;
  /**
   * How sure it is that the step fails: that the base image does not hold the directory
   * (`missing`; `certain` for `exists`), and `possible` where the step is in a branch of its script
   * volint cannot decide (`effect.conditional`).
   */
  sureness: Sureness;
  /** For `missing`: how sure it is that the base image does not hold the directory, whether or not the step runs. */
  absent?: Sureness;
}

/** Whether the step of a failure fails under the builder. */
export function failsUnder(failure: StepFailure, builder: BuilderName): boolean {
  return failure.cause === 'missing' ? !volumeCreatesDirectory(builder) : volumeCreatesDirectory(builder);
}

/** The builders, of those given, under which the failure's step fails. */
export function failingBuilders(failure: StepFailure, builders: readonly BuilderName[]): BuilderName[] {
  return builders.filter((b) => failsUnder(failure, b));
}

/** Commands that fail when the parent directory of the path they write is missing. */
const NEEDS_PARENT = new Set(['touch', 'cp', 'mv', 'ln', 'tee', 'truncate', 'mkfifo', 'install', 'sed', 'perl', 'dd', 'sort', 'uniq', '>', '>>', '&>', '&>>', '>|', '2>', '2>>']);

function commandName(effect: PathEffect): string {
  const words = effect.command.replace(/^RUN /, '').split(/\s+/);
  const name = words[0] === 'sudo' || words[0] === 'find' ? words[words.length - 1] ?? '' : words[0] ?? '';
  return name.slice(name.lastIndexOf('/') + 1) || name;
}

/**
 * How a step needs the volume's directory to exist: it changes into it (cd, pushd, tar -C), reads it
 * (ls, find, du, stat), changes its owner or mode, writes a file in it with a command that does not
 * create parents, or makes a directory in it without -p. Null when the step would work without it.
 * Entering, reading, chown and chmod count only at the volume path itself: below it, the path is
 * missing under every builder (no step made anything there), so nothing depends on the builder.
 */
function needsDirectory(effect: PathEffect, volume: Volume): string | null {
  if (!effect.command.startsWith('RUN') || effect.certainty !== 'certain') return null;
  const inside = effect.path !== volume.path && isWithin(effect.path, volume.path);
  const at = effect.path === volume.path;
  switch (effect.kind) {
    case 'enter': return at ? `changes into ${effect.path}` : null;
    case 'read': return at ? `reads the directory ${effect.path}` : null;
    case 'chown': return at ? `changes the owner of ${effect.path}` : null;
    case 'chmod': return at ? `changes the mode of ${effect.path}` : null;
    case 'mkdir': return inside && !effect.parents ? `creates ${effect.path} with mkdir without -p` : null;
    case 'write': return inside && NEEDS_PARENT.has(commandName(effect)) ? `writes ${effect.path}` : null;
    default: return null;
  }
}

function byPosition(a: PathEffect, b: PathEffect): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.instruction.index - b.instruction.index;
}

function declaredAt(volume: Volume, stage: Stage): number {
  return volume.origin === 'instruction' && volume.item ? volume.item.owner.instruction.index : stage.from.index;
}

/**
 * dirMayExistBefore for the volume's path, made on first use: `any` counts every step that may
 * create the directory, `notByFileCopies` leaves out a COPY of files named like files.
 */
function existenceTests(stage: Stage, path: string): { any: (effect: PathEffect) => boolean; notByFileCopies: (effect: PathEffect) => boolean } {
  let any: ((effect: PathEffect) => boolean) | undefined;
  let notByFileCopies: ((effect: PathEffect) => boolean) | undefined;
  return {
    any: (effect) => (any ??= dirMayExistBefore(stage, path))(effect),
    notByFileCopies: (effect) => (notByFileCopies ??= dirMayExistBefore(stage, path, { fileCopies: false }))(effect),
  };
}

const failuresMemo = new WeakMap<Stage, StepFailure[]>();

/**
 * The RUN steps of the stage that fail under some builder for the directory of a volume the
 * Dockerfile declares (a base image's volume: whether its directory exists is the image's
 * business), one per step and volume (its first such effect), `missing` ones first, then the
 * `exists` ones of other steps. What VOL018 reports and every other reader of stepOutcome follows.
 */
export function stepFailures(stage: Stage): readonly StepFailure[] {
  const memo = failuresMemo.get(stage);
  if (memo) return memo;
  const missing: StepFailure[] = [];
  const exists: StepFailure[] = [];
  if (!stage.windows) {
    for (const volume of stage.volumes) {
      if (volume.origin === 'base-image' || !volume.item) continue;
      const since = declaredAt(volume, stage);
      const absent = absentFromBase(stage, volume.path);
      if (absent === null) continue;
      const existed = existenceTests(stage, volume.path);
      for (const effect of [...stage.effects, ...stage.uses].sort(byPosition)) {
        if (effect.instruction.index <= since) continue;
        if (effect.kind === 'mkdir' && effect.path === volume.path && !effect.parents && effect.certainty === 'certain' && effect.command.startsWith('RUN')) {
          // Under a builder whose VOLUME creates the directory, mkdir fails whether or not the base image had it.
          // A step in a branch of its script volint cannot decide may not run: possible.
          if (!existed.any(effect)) exists.push({ stage, volume, effect, cause: 'exists', needs: `creates ${effect.path} with mkdir without -p`, sureness: effect.conditional ? 'possible' : 'certain' });
          continue;
        }
        const needs = needsDirectory(effect, volume);
        if (!needs) continue;
        // A COPY of files named like files (`COPY app.py requirements.txt ./`) brings no directory: likely at most.
        let sure: Sureness = absent;
        if (existed.any(effect)) {
          if (existed.notByFileCopies(effect)) continue;
          if (sure === 'certain') sure = 'likely';
        }
        missing.push({ stage, volume, effect, cause: 'missing', needs, sureness: effect.conditional ? 'possible' : sure, absent: sure });
      }
    }
  }
  const seen = new Set<string>();
  const result: StepFailure[] = [];
  for (const failure of [...missing, ...exists]) {
    const key = `${failure.effect.instruction.index}\u0000${failure.volume.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(failure);
  }
  failuresMemo.set(stage, result);
  return result;
}

/**
 * A RUN `cp`/`mv` of one source onto the volume path itself (`cp app.conf /data`, no trailing
 * slash) when no step created that directory: where the copy goes depends on the builder. Where
 * the VOLUME made the directory (the legacy builder, Buildah, Kaniko) it lands inside it, at
 * `inside`; under BuildKit, whose VOLUME makes none, the volume path itself becomes the copy: a
 * file for `cp FILE` (and then Docker cannot create a container from the image: "cannot mount
 * volume over existing file"), a copy of the directory's contents for `cp -r DIR`. Observed with
 * Docker 20.10 and Buildah 1.28 (B59–B61).
 */
export interface MountPointTransfer {
  stage: Stage;
  volume: Volume;
  effect: PathEffect;
  /** Where the copy lands when the directory exists: the volume path / the source's name. */
  inside: string;
  /** What the volume path becomes where it does not exist: `file`, `directory` (a copy of a directory) or `unknown`. */
  becomes: 'file' | 'directory' | 'unknown';
  /** How sure it is that nothing (the base image, an earlier step) made the directory. */
  sureness: Sureness;
}

const transfersMemo = new WeakMap<Stage, MountPointTransfer[]>();

/** The stage's RUN cp/mv steps onto a volume path no step created (MountPointTransfer). */
export function mountPointTransfers(stage: Stage): readonly MountPointTransfer[] {
  const memo = transfersMemo.get(stage);
  if (memo) return memo;
  const result: MountPointTransfer[] = [];
  if (!stage.windows) {
    for (const volume of stage.volumes) {
      if (volume.origin === 'base-image' || !volume.item) continue;
      const absent = absentFromBase(stage, volume.path);
      if (absent === null) continue;
      const existed = existenceTests(stage, volume.path);
      for (const effect of stage.effects) {
        const into = effect.intoExisting;
        if (!into || effect.instruction.index <= declaredAt(volume, stage) || effect.kind !== 'write' || effect.path !== volume.path) continue;
        if (!effect.command.startsWith('RUN') || effect.certainty !== 'certain' || effect.via) continue;
        let sure: Sureness = absent;
        if (existed.any(effect)) {
          if (existed.notByFileCopies(effect)) continue;
          if (sure === 'certain') sure = 'likely';
        }
        result.push({ stage, volume, effect, inside: `${volume.path === '/' ? '' : volume.path}/${into.name}`, becomes: sourceKind(stage, effect), sureness: sure });
      }
    }
  }
  transfersMemo.set(stage, result);
  return result;
}

/** What a cp/mv copies: a file (cp without -r, or a source an earlier step wrote as a file), a directory (made by mkdir), or unknown. */
function sourceKind(stage: Stage, effect: PathEffect): MountPointTransfer['becomes'] {
  const into = effect.intoExisting!;
  if (into.file) return 'file';
  const source = into.source;
  if (source === undefined) return 'unknown';
  let kind: MountPointTransfer['becomes'] = 'unknown';
  for (const s of stageChain(stage).reverse()) {
    for (const e of s.effects) {
      if (s === stage && e.instruction.index >= effect.instruction.index) continue;
      if (e.kind === 'mkdir' || e.kind === 'workdir' || (e.kind === 'copy' && e.path === source)) {
        if (isWithin(e.path, source)) kind = e.kind === 'copy' ? 'unknown' : 'directory';
      } else if (e.kind === 'write' && e.path === source) {
        kind = e.recursive || e.intoExisting?.file === false ? 'unknown' : 'file';
      } else if (e.kind === 'delete' && isWithin(source, e.path)) {
        kind = 'unknown';
      }
    }
  }
  return kind;
}

/** The transfer a step makes onto the volume's path, if it is one (mountPointTransfers). */
export function transferOnto(stage: Stage, effect: PathEffect, volume: Volume): MountPointTransfer | null {
  return mountPointTransfers(stage).find((t) => t.effect === effect && t.volume === volume) ?? null;
}

/**
 * The first step that fails under the builder at or before the effect's step, in the effect's stage
 * and the stages it is built FROM: the build stops there.
 */
export function stoppingFailure(stage: Stage, effect: PathEffect, builder: BuilderName): StepFailure | null {
  // The stages it is built FROM are built first.
  for (const s of stageChain(stage).reverse()) {
    let first: StepFailure | null = null;
    for (const failure of stepFailures(s)) {
      if (!failsUnder(failure, builder) || (s === stage && failure.effect.instruction.index > effect.instruction.index)) continue;
      if (!first || failure.effect.instruction.index < first.effect.instruction.index) first = failure;
    }
    if (first) return first;
  }
  return null;
}

/** What one builder does with one step that touches a volume path. */
export type StepOutcome =
  /**
   * The step runs and its change is in the image (COPY/ADD/WORKDIR, steps before the declaration,
   * RUN under a keeping builder). `into`: a cp/mv onto the volume path landed inside the directory
   * the VOLUME made, at this path; `replaces`: the volume path itself became the copy (BuildKit).
   */
  | { kind: 'kept'; into?: string; replaces?: MountPointTransfer }
  /** The step runs and its change under the volume is not in the image (a RUN after the declaration under a discarding builder); `into` as for kept. */
  | { kind: 'discarded'; into?: string }
  /** The step itself fails: the build stops here. */
  | { kind: 'fails'; failure: StepFailure }
  /** An earlier step of the stage chain fails: the build stops before this step. */
  | { kind: 'not-run'; failure: StepFailure };

/**
 * The one prediction for a step (`effect`, which reaches `volume`) under a builder: every reader of
 * a step's fate per builder asks this.
 */
export function stepOutcome(stage: Stage, effect: PathEffect, volume: Volume, builder: BuilderName): StepOutcome {
  const failure = stoppingFailure(stage, effect, builder);
  if (failure) return failure.stage === stage && failure.effect.instruction.index === effect.instruction.index ? { kind: 'fails', failure } : { kind: 'not-run', failure };
  if (!effect.command.startsWith('RUN') || effect.instruction.index <= volume.since) return { kind: 'kept' };
  const transfer = transferOnto(stage, effect, volume);
  if (transfer && !volumeCreatesDirectory(builder)) return { kind: 'kept', replaces: transfer };
  const into = transfer ? { into: transfer.inside } : {};
  return runChangesKept(builder, volume) ? { kind: 'kept', ...into } : { kind: 'discarded', ...into };
}

/** The builders, of those given, grouped by what they do with the step. */
export interface OutcomeGroups {
  kept: BuilderName[];
  discarded: BuilderName[];
  fails: BuilderName[];
  notRun: BuilderName[];
  /** The failure behind `fails` and `notRun` (the first one found), when there is one. */
  failure: StepFailure | null;
  /** Of `kept`: the builders under which a cp/mv made the volume path itself the copy (`transfer`). */
  replaced: BuilderName[];
  /** Of `kept` and `discarded`: the builders under which a cp/mv landed inside the directory, at `transfer.inside`. */
  inside: BuilderName[];
  transfer: MountPointTransfer | null;
}

export function outcomesOf(stage: Stage, effect: PathEffect, volume: Volume, builders: readonly BuilderName[]): OutcomeGroups {
  const groups: OutcomeGroups = { kept: [], discarded: [], fails: [], notRun: [], failure: null, replaced: [], inside: [], transfer: transferOnto(stage, effect, volume) };
  for (const builder of builders) {
    const outcome = stepOutcome(stage, effect, volume, builder);
    if ((outcome.kind === 'kept' || outcome.kind === 'discarded') && outcome.into !== undefined) groups.inside.push(builder);
    switch (outcome.kind) {
      case 'kept': groups.kept.push(builder); if (outcome.replaces) groups.replaced.push(builder); break;
      case 'discarded': groups.discarded.push(builder); break;
      case 'fails': groups.fails.push(builder); groups.failure ??= outcome.failure; break;
      case 'not-run': groups.notRun.push(builder); groups.failure ??= outcome.failure; break;
    }
  }
  return groups;
}
