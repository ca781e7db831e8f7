/**
 * `volint model`: the volume model for people (text) and for programs (JSON, versioned).
 *
 * The text lists, per stage, where the stage comes from, whether the built image contains it,
 * WORKDIR and USER at its end, and each volume in effect with its source and the timeline of the
 * stage's steps that touch it, each with what the builders do with it. Facts behind the wording:
 * ../shared/volume-semantics.md (§3 RUN vs COPY, §5 seeding and hiding).
 */
import { BUILDER_LABEL, buildersOf } from '../model/explain.js';
import { failsUnder, outcomesOf, stepFailures } from '../model/outcome.js';
import { reach } from '../model/query.js';
import { someFiles } from '../model/evidence.js';
import type { BuilderName, FileModel, PathEffect, Stage, Volume, VolumeInstruction, VolumeItem } from '../model/types.js';

/** Short builder names for timelines. */
const SHORT: Record<BuilderName, string> = {
  legacy: 'the legacy builder',
  buildkit: 'BuildKit',
  buildah: 'Buildah',
  'buildah-compat': 'Buildah --compat-volumes',
  kaniko: 'Kaniko',
};

function lineNo(x: { range: { start: { line: number } } }): number {
  return x.range.start.line + 1;
}

function list(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function stageRef(stage: Stage): string {
  return stage.name ? `stage ${stage.index} "${stage.name}"` : `stage ${stage.index}`;
}

function baseText(stage: Stage): string {
  const base = stage.base;
  switch (base.kind) {
    case 'scratch':
      return 'scratch (empty)';
    case 'stage':
      return `${stageRef(base.stage)} of this file`;
    case 'image': {
      if (!base.info && base.unplacedTag) return `image ${base.ref.raw} (unknown: the tag ${base.unplacedTag} does not say which ${base.ref.name} release it is, and volint's catalog knows releases that differ: its volumes, ENV and USER are unknown)`;
      if (!base.info) return `image ${base.ref.raw} (not in volint's catalog: its volumes, ENV and USER are unknown)`;
      const count = base.info.volumes.length;
      return `image ${base.ref.raw} (catalog: ${count === 0 ? 'no volumes' : `${count} volume${count === 1 ? '' : 's'}`})`;
    }
    case 'unknown':
      return base.text ? `${base.text} (unresolved: depends on a build argument)` : 'unknown (no image named)';
  }
}

function finalText(model: FileModel, stage: Stage): string {
  if (model.target === stage) return 'yes: the build produces this stage';
  if (stage.inFinalImage) {
    const child = model.stages.find((s) => s.inFinalImage && s.base.kind === 'stage' && s.base.stage === stage);
    return `yes: ${child ? stageRef(child) : 'a later stage'} is built FROM it`;
  }
  return `no: its volumes reach no container${stage.name ? ` (unless built with --target ${stage.name})` : ''}`;
}

function userText(user: string | null): string {
  if (user === null) return 'unknown';
  return user === '' ? 'root (the default)' : user;
}

/** Where a volume comes from, in one line. */
function sourceText(volume: Volume, stage: Stage): string {
  if (volume.origin === 'base-image' && volume.image) {
    return `from the base image ${volume.image.ref.raw} (${volume.image.info.source})`;
  }
  const item = volume.item;
  if (!item) return 'source unknown';
  const declared = `VOLUME at line ${lineNo(item.owner.instruction)}`;
  const written = item.raw !== volume.path ? `, written \`${item.raw}\`` : '';
  const relative =
    item.relative && !item.windows
      ? `; relative, so mounted under / whatever WORKDIR is${item.intendedPath && item.intendedPath !== volume.path ? ` (the author probably meant ${item.intendedPath})` : ''}`
      : '';
  const where = volume.declaringStage && volume.declaringStage !== stage ? ` of ${stageRef(volume.declaringStage)}` : '';
  const assumed =
    item.assumedUnset.length > 0
      ? `; the path when the build passes no --build-arg ${item.assumedUnset.join(', ')} (${item.assumedUnset.length === 1 ? 'that ARG has' : 'those ARGs have'} no value here)`
      : '';
  return `declared by the ${declared}${where}${written}${relative}${assumed}`;
}

/** VOLUME items of the stage whose path volint cannot tell: said, never left out silently. */
function unresolvedItems(model: FileModel, stage: Stage): VolumeItem[] {
  return model.volumeInstructions
    .filter((v) => v.stage === stage && !v.onbuild)
    .flatMap((v) => v.items)
    .filter((item) => item.mountPath === null && !item.empty);
}

function unresolvedText(item: VolumeItem): string {
  const names = item.expanded.variables.filter((v) => v.state !== 'known').map((v) => v.name);
  const why = names.length > 0 ? `: ${[...new Set(names)].join(', ')} ${names.length === 1 ? 'has' : 'have'} no value volint can see (a --build-arg, or the base image's ENV)` : '';
  return `  volume at a path volint cannot tell: \`${item.raw}\` (VOLUME at line ${lineNo(item.owner.instruction)})${why}; the rules do not check it`;
}

/** `/data/x in it`, `it`, or `/srv (the parent of it)`. */
function pathText(effect: PathEffect, volume: Volume): string {
  if (effect.path === volume.path) return 'it';
  return reach(effect, volume.path) === 'inside' ? `${effect.path} in it` : `${effect.path}, above it`;
}

function verb(effect: PathEffect, volume: Volume): string {
  const at = pathText(effect, volume);
  switch (effect.kind) {
    case 'copy':
      return at === 'it' ? 'copies files into it' : `copies files to ${at}`;
    case 'workdir':
      return at === 'it' ? 'creates it (WORKDIR)' : `creates ${at}`;
    case 'mkdir':
      return `creates ${at}`;
    case 'write':
      return `writes ${at}`;
    case 'delete':
      return `deletes ${at}`;
    case 'chown':
      return at === 'it' ? 'changes its owner' : `changes the owner of ${at}`;
    case 'chmod':
      return at === 'it' ? 'changes its mode' : `changes the mode of ${at}`;
    case 'enter':
      return at === 'it' ? 'changes into it' : `changes into ${at}`;
    case 'read':
      return at === 'it' ? 'reads it' : `reads ${at}`;
    case 'exec':
      return `runs ${at === 'it' ? 'it' : at} as a program`;
    case 'opaque':
      return at === 'it' ? 'runs a tool in it that may leave files volint cannot name' : `runs a tool in ${at} that may leave files volint cannot name`;
  }
}

/** The fate of a step per builder: `keptBy`, `discardedBy`, `failedBy` and `notRunBy` name each builder considered exactly once. */
export interface StepFate {
  text: string;
  keptBy: BuilderName[];
  discardedBy: BuilderName[];
  /** The step fails under these builders and the build stops there (VOL018). */
  failedBy: BuilderName[];
  /** An earlier step fails under these builders: the build stops before this one (VOL018). */
  notRunBy: BuilderName[];
  /** The line of the step where the build stops under failedBy/notRunBy (null when none). */
  stopsAt: number | null;
  /**
   * A cp/mv onto the volume path no step created (VOL018): under `replacedBy` (of keptBy) the path
   * itself becomes the copy (`becomes`: file, directory or unknown); under the others it lands at
   * `inside`. Null for every other step.
   */
  mountPoint: { becomes: string; replacedBy: BuilderName[]; inside: string; insideBy: BuilderName[] } | null;
}

/** What happens to a step that touches a volume path, for the builders in the setting: stepOutcome's prediction. */
export function stepFate(stage: Stage, effect: PathEffect, volume: Volume, model: FileModel): StepFate {
  const builders = buildersOf(model.builder);
  const groups = outcomesOf(stage, effect, volume, builders);
  const stopsAt = groups.failure ? lineNo(groups.failure.effect.instruction) : null;
  const stops: string[] = [];
  if (groups.fails.length > 0) stops.push(`fails under ${list(groups.fails.map((b) => SHORT[b]))}, where the build stops (VOL018)`);
  if (groups.notRun.length > 0) stops.push(`not run by ${list(groups.notRun.map((b) => SHORT[b]))}: the build stops at line ${stopsAt} (VOL018)`);
  const transfer = groups.transfer;
  if (transfer && groups.replaced.length > 0) {
    stops.push(
      `${list(groups.replaced.map((b) => SHORT[b]))} make${groups.replaced.length === 1 ? 's' : ''} ${transfer.volume.path} itself ${transfer.becomes === 'file' ? 'a file, and no container can be created from the image' : transfer.becomes === 'directory' ? 'a copy of the directory' : 'the copy'}${groups.inside.length > 0 ? `; under ${list(groups.inside.map((b) => SHORT[b]))} it lands at ${transfer.inside}` : ''} (VOL018)`,
    );
  }
  const fate = (text: string): StepFate => ({
    text: [text, ...stops].filter(Boolean).join('; '),
    keptBy: groups.kept,
    discardedBy: groups.discarded,
    failedBy: groups.fails,
    notRunBy: groups.notRun,
    stopsAt,
    mountPoint: transfer ? { becomes: transfer.becomes, replacedBy: groups.replaced, inside: transfer.inside, insideBy: groups.inside } : null,
  });
  if (effect.kind === 'enter' || effect.kind === 'read') {
    const works = builders.filter((b) => groups.kept.includes(b) || groups.discarded.includes(b));
    return fate(works.length > 0 ? `works under ${works.length === builders.length ? 'every builder' : list(works.map((b) => SHORT[b]))}` : '');
  }
  const isRun = effect.command.startsWith('RUN');
  const before = effect.instruction.index <= volume.since;
  const running = groups.kept.length + groups.discarded.length > 0;
  // Docker on Windows does not copy image content into a new volume (moby create_windows.go, code-derived).
  const windows = volume.item?.windows === true || /^[a-z]:\//.test(volume.path);
  const by = groups.kept.length === builders.length ? 'every builder' : list(groups.kept.map((b) => SHORT[b]));
  if (before && windows) return fate(running ? 'before the declaration: in the image, but a new volume on Windows starts empty (the image content is not copied into it)' : 'before the declaration');
  if (before) {
    const seeds =
      effect.kind === 'chown' || effect.kind === 'chmod'
        ? `a new volume takes over this ${effect.kind === 'chown' ? 'owner' : 'mode'}`
        : effect.kind === 'delete'
          ? 'removed from what a new volume is seeded with'
          : effect.kind === 'mkdir' || effect.kind === 'workdir'
            ? 'a new volume starts from this directory'
            : 'a new volume is seeded with it';
    return fate(running ? `before the declaration: ${seeds}` : 'before the declaration');
  }
  if (!isRun && windows) return fate(running ? `after the declaration: kept by ${by}, but a new volume on Windows starts empty (the image content is not copied into it)` : 'after the declaration');
  if (!isRun) return fate(running ? `after the declaration: kept by ${by}, but only a new, empty volume is seeded with it; an existing volume or a bind mount hides it` : 'after the declaration');
  const parts: string[] = [];
  if (groups.discarded.length > 0) parts.push(`discarded by ${list(groups.discarded.map((b) => SHORT[b]))}`);
  if (groups.kept.length > 0) parts.push(`kept by ${list(groups.kept.map((b) => SHORT[b]))}`);
  return fate(`after the declaration${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`);
}

function timeline(stage: Stage, volume: Volume, model: FileModel): string[] {
  const lines: string[] = [];
  // Steps that only enter or read the path are listed where they stop the build (VOL018).
  const builders = buildersOf(model.builder);
  const stopping = new Set(stepFailures(stage).filter((f) => f.volume === volume && builders.some((b) => failsUnder(f, b))).map((f) => f.effect));
  const listed = [...stage.effects, ...stage.uses.filter((u) => stopping.has(u))].sort((a, b) => a.instruction.index - b.instruction.index || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (const effect of listed) {
    if (!reach(effect, volume.path)) continue;
    const possible = effect.certainty === 'possible' ? ' (possibly: volint cannot prove it)' : '';
    const named = effect.matching ? ` (only entries named ${effect.matching.join(', ')})` : '';
    const script = effect.script ? ` (in ${effect.script.path}, its line ${effect.script.line}: ${effect.script.source} in the build context, read by volint)` : '';
    lines.push(`    line ${lineNo(effect.instruction)} ${effect.command}${script} ${verb(effect, volume)}${named}${possible}; ${stepFate(stage, effect, volume, model).text}`);
  }
  return lines;
}

function onbuildLines(stage: Stage, model: FileModel): string[] {
  return model.volumeInstructions
    .filter((v: VolumeInstruction) => v.onbuild && v.stage === stage)
    .map((v) => `  ONBUILD VOLUME at line ${lineNo(v.instruction)}: ${v.items.map((i) => i.mountPath ?? i.raw).join(' ')} (only in images built FROM this one)`);
}

/** The start script read from the build context, and what it does to paths at every start. */
function startScriptLines(stage: Stage): string[] {
  const script = stage.startScript;
  const undecided = stage.startScriptUndecided;
  if (!script && undecided) {
    return [
      `  starts ${undecided.path}: ${undecided.source} in the build context, not read: the ignore files leave it in the build under some builders or versions and out under others (the legacy builder reads .dockerignore; BuildKit, Buildah and Kaniko the Dockerfile's own <Dockerfile>.dockerignore first), so --builder decides`,
    ];
  }
  if (!script) return [];
  const changes = script.effects.filter((e) => e.kind !== 'exec');
  const runs = script.effects.filter((e) => e.kind === 'exec');
  return [
    `  starts ${script.path}: ${script.source} in the build context (${script.copy.command} at line ${lineNo(script.copy.instruction)}), read by volint`,
    ...changes.map((e) => `    its line ${e.line}: ${e.command}${e.recursive ? ' (recursive)' : ''}${e.setting ? ` ${e.setting}` : ''} ${e.pattern ?? e.path}${e.certainty === 'possible' ? ' (possibly)' : ''}${e.conditional ? ' (in a branch volint cannot decide)' : ''}`),
    ...(runs.length > 0 ? [`    runs ${runs.map((e) => e.path).join(', ')} (not read)`] : []),
    ...(changes.length === 0 && runs.length === 0 ? ['    it changes no path volint can name'] : []),
  ];
}

/** What the COPY steps of the build context bring at the volume paths, read in the context by volint. */
function contextCopyLines(stage: Stage): string[] {
  return stage.contextCopies.map((c) => {
    const what = !c.brings ? 'nothing' : c.files.length === 0 ? 'only placeholders (keep files, empty files)' : someFiles(c.files);
    return `  ${c.copy.command} at line ${lineNo(c.copy.instruction)} brings ${what} from the build context at ${c.path}, read by volint`;
  });
}

export function describeModel(model: FileModel): string {
  const target = model.target;
  const out: string[] = [
    `${model.file}: ${model.stages.length} stage${model.stages.length === 1 ? '' : 's'}; builder: ${model.builder}${target ? `; the build produces ${stageRef(target)}` : ''}`,
  ];
  for (const stage of model.stages) {
    out.push('', `${stageRef(stage)}, line ${lineNo(stage.from)}${stage.windows ? ' (Windows)' : ''}`);
    out.push(`  base: ${baseText(stage)}`);
    out.push(`  in the built image: ${finalText(model, stage)}`);
    out.push(`  at its end: WORKDIR ${stage.finalWorkdir ?? 'unknown'}, USER ${userText(stage.finalUser)}`);
    out.push(...startScriptLines(stage));
    out.push(...contextCopyLines(stage));
    out.push(...onbuildLines(stage, model));
    const unresolved = unresolvedItems(model, stage);
    out.push(...unresolved.map(unresolvedText));
    if (stage.volumes.length === 0 && unresolved.length > 0) continue;
    if (stage.volumes.length === 0) {
      out.push('  no volumes');
      continue;
    }
    for (const volume of stage.volumes) {
      const inherited = volume.origin === 'stage' ? ' (inherited: the steps of the earlier stage are listed there)' : '';
      out.push(`  volume ${volume.path}${volume.target ? ` [${volume.target}]` : ''}`);
      out.push(`    ${sourceText(volume, stage)}${inherited}`);
      const steps = timeline(stage, volume, model);
      out.push(...(steps.length > 0 ? steps : ['    no step of this stage touches it']));
    }
  }
  const builders = buildersOf(model.builder);
  out.push(
    '',
    `Builders considered (--builder ${model.builder}): ${builders.map((b) => BUILDER_LABEL[b]).join('; ')}.`,
    'COPY/ADD into a volume path is kept by every builder; RUN changes after the declaration, in a step that runs, are discarded by the legacy builder (a fresh temporary volume per RUN) and Buildah --compat-volumes (contents saved before each RUN and restored after), left out of the layers by Kaniko for the VOLUME lines of the same stage, and kept by BuildKit and Buildah.',
    model.stages.some((s) => s.windows)
      ? 'At run time on Linux a new, empty volume is seeded with the image content at its path; on Windows it starts empty (Docker does not copy the image content into it); an existing volume or a bind mount hides it.'
      : 'At run time a new, empty volume is seeded with the image content at its path; an existing volume or a bind mount hides it.',
  );
  if (model.stages.some((s) => stepFailures(s).some((f) => builders.some((b) => failsUnder(f, b))))) {
    out.push(
      "A step that fails under a builder is neither kept nor discarded there: BuildKit's VOLUME creates no directory, so a step that needs one no earlier step made fails under it; `mkdir` without -p of the volume path fails under the builders whose VOLUME made it (VOL018). The build stops at that step, so later steps are not run by that builder.",
    );
  }
  if (!model.shellAnalyzed && model.stages.some((s) => s.volumes.length > 0)) out.push('RUN steps were not analysed.');
  return out.join('\n') + '\n';
}

/** JSON for programs. `version` changes only when a field changes meaning or disappears. */
export function modelToJson(model: FileModel): object {
  return {
    version: 1,
    file: model.file,
    builder: model.builder,
    target: model.target?.index ?? null,
    shellAnalyzed: model.shellAnalyzed,
    stages: model.stages.map((stage) => ({
      index: stage.index,
      name: stage.name,
      line: lineNo(stage.from),
      base:
        stage.base.kind === 'stage'
          ? { kind: 'stage', stage: stage.base.stage.index }
          : stage.base.kind === 'image'
            ? { kind: 'image', ref: stage.base.ref, known: Boolean(stage.base.info), source: stage.base.info?.source ?? null }
            : stage.base.kind === 'unknown'
              ? { kind: 'unknown', text: stage.base.text }
              : { kind: 'scratch' },
      inFinalImage: stage.inFinalImage,
      windows: stage.windows,
      finalWorkdir: stage.finalWorkdir,
      finalUser: stage.finalUser,
      unresolvedVolumes: unresolvedItems(model, stage).map((item) => ({ line: lineNo(item.owner.instruction), written: item.raw })),
      onbuildVolumes: model.volumeInstructions
        .filter((v) => v.onbuild && v.stage === stage)
        .map((v) => ({ line: lineNo(v.instruction), paths: v.items.map((i) => i.mountPath) })),
      // The steps that fail under a builder considered (VOL018), the build stopping there: the
      // same predictions as the steps' failedBy, for every failing step (those that only enter or
      // read the directory too, which no volume's steps list).
      failures: stepFailures(stage)
        .map((f) => ({
          line: lineNo(f.effect.instruction),
          command: f.effect.command,
          kind: f.effect.kind,
          path: f.effect.path,
          volume: f.volume.path,
          cause: f.cause,
          certainty: f.sureness,
          failsUnder: buildersOf(model.builder).filter((b) => failsUnder(f, b)),
        }))
        .filter((f) => f.failsUnder.length > 0),
      // The script the container starts, read from the build context (null: none read).
      startScript: stage.startScript
        ? {
            path: stage.startScript.path,
            source: stage.startScript.source,
            line: lineNo(stage.startScript.copy.instruction),
            effects: stage.startScript.effects.map((e) => ({
              line: e.line,
              command: e.command,
              kind: e.kind,
              path: e.path,
              recursive: e.recursive,
              certainty: e.certainty,
              conditional: e.conditional ?? false,
              setting: e.setting ?? null,
            })),
          }
        : null,
      // The start program's file the builders asked about may or may not bring (null: none such).
      startScriptUndecided: stage.startScriptUndecided ?? null,
      // What the COPY steps of the build context bring at the volume paths, read in the context (empty: none read).
      contextCopies: stage.contextCopies.map((c) => ({
        line: lineNo(c.copy.instruction),
        command: c.copy.command,
        volume: c.path,
        source: c.source,
        brings: c.brings,
        files: c.files,
      })),
      volumes: stage.volumes.map((v) => ({
        path: v.path,
        origin: v.origin,
        target: v.target,
        line: v.item ? lineNo(v.item.owner.instruction) : null,
        declaringStage: v.declaringStage?.index ?? null,
        written: v.item?.raw ?? null,
        relative: v.item?.relative ?? false,
        intendedPath: v.item?.intendedPath ?? null,
        assumedUnset: v.item?.assumedUnset ?? [],
        image: v.image ? v.image.ref.raw : null,
        steps: stage.effects
          .filter((e) => reach(e, v.path))
          .map((e) => {
            const fate = stepFate(stage, e, v, model);
            return {
              line: lineNo(e.instruction),
              command: e.command,
              kind: e.kind,
              path: e.path,
              reach: reach(e, v.path),
              // A step's effect made by a script it runs, read in the build context: the script and its line.
              ...(e.script ? { script: e.script } : {}),
              certainty: e.certainty,
              afterDeclaration: e.instruction.index > v.since,
              keptBy: fate.keptBy,
              discardedBy: fate.discardedBy,
              failedBy: fate.failedBy,
              notRunBy: fate.notRunBy,
              stopsAt: fate.stopsAt,
              mountPoint: fate.mountPoint,
            };
          }),
      })),
    })),
  };
}
