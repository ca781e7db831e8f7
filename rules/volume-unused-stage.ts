import { defineRule } from '../src/engine/types.js';
import { BUILDER_LABEL, REFERENCES, buildersOf, line } from '../src/model/explain.js';
import { outcomesOf } from '../src/model/outcome.js';
import { overlaps } from '../src/model/paths.js';
import { reach } from '../src/model/query.js';
import { itemText } from '../src/model/volume-text.js';
import type { FileModel, PathEffect, Stage } from '../src/model/types.js';

/** Stage names that projects build with --target. */
const TARGET_NAME = /(^|[-_.])(final|release|image|prod|production|runtime|run|dist|deploy|app|server|export|dev|debug|rootless|slim|full|test|tests|ci)([-_.]|$)/i;

/** A FROM's image as written, variables and all (`buildkit-$TARGETOS`). */
function fromText(stage: Stage): string {
  return (stage.from.args?.text ?? '').trim().split(/\s+/)[0] ?? '';
}

/** A FROM written with a variable, as a pattern over stage names (`base-$TARGETOS` → /^base-.*$/i). */
function variablePattern(text: string): RegExp | null {
  if (!text.includes('$')) return null;
  const parts = text.split(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

/**
 * Stages a build may contain whatever the model resolved: those whose names match a FROM written
 * with a variable (`FROM base-$TARGETOS`, an ARG the build may override), and their bases. Null when
 * the build's own stage chain starts from such a FROM that no stage name matches for sure: then any
 * stage may be in the image, and volint does not know which.
 */
function possiblyBuilt(model: FileModel, target: Stage): Set<Stage> | null {
  const result = new Set<Stage>();
  const add = (stage: Stage): void => {
    for (let current: Stage | null = stage; current && !result.has(current); current = current.base.kind === 'stage' ? current.base.stage : null) result.add(current);
  };
  for (const stage of model.stages) {
    const pattern = variablePattern(fromText(stage));
    if (!pattern) continue;
    const inBuild = stage.inFinalImage;
    if (inBuild && stage.base.kind === 'unknown') return null;
    if (!inBuild) continue;
    for (const other of model.stages) if (other.name && pattern.test(other.name)) add(other);
  }
  if (target.base.kind === 'unknown') return null;
  return result;
}

/** Stages that another stage is built on or copies from (by object; computed once per file). */
function usedStages(model: FileModel): Set<Stage> {
  const used = new Set<Stage>();
  const byKey = new Map<string, Stage>();
  for (const stage of model.stages) {
    byKey.set(String(stage.index), stage);
    if (stage.name) byKey.set(stage.name.toLowerCase(), stage);
  }
  for (const stage of model.stages) {
    if (stage.base.kind === 'stage') used.add(stage.base.stage);
    for (const effect of stage.effects) {
      if (effect.kind !== 'copy' || effect.from === undefined) continue;
      const source = byKey.get(effect.from.toLowerCase());
      if (source) used.add(source);
    }
  }
  return used;
}

/** A leaf stage (nothing builds on or copies from it) that looks like a build target: its own CMD or ENTRYPOINT, or a name like final, release, prod. */
function looksLikeTarget(used: Set<Stage>, stage: Stage): boolean {
  if (used.has(stage)) return false;
  if (stage.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')) return true;
  return stage.name !== null && TARGET_NAME.test(stage.name);
}

function stageName(stage: Stage): string {
  return stage.name ?? `#${stage.index}`;
}

type CopyFrom = { effect: PathEffect; into: Stage };

/**
 * COPY/ADD --from=<key> steps of the stages the build produces, by lower-cased key, each with its
 * position in file order. Built once per file: scanning every stage's effects for each stage was
 * quadratic in the number of stages.
 */
function copiesByKey(model: FileModel): Map<string, Array<CopyFrom & { order: number }>> {
  const byKey = new Map<string, Array<CopyFrom & { order: number }>>();
  let order = 0;
  for (const into of model.stages) {
    if (!into.inFinalImage) continue;
    for (const effect of into.effects) {
      if (effect.kind !== 'copy' || effect.from === undefined) continue;
      const key = effect.from.toLowerCase();
      const list = byKey.get(key);
      const entry = { effect, into, order: order++ };
      if (list) list.push(entry);
      else byKey.set(key, [entry]);
    }
  }
  return byKey;
}

/** COPY/ADD --from=<stage> steps of the stages the build produces that copy from the stage, in file order. */
function copiesFrom(byKey: ReturnType<typeof copiesByKey>, stage: Stage): CopyFrom[] {
  const keys = new Set([String(stage.index), ...(stage.name ? [stage.name.toLowerCase()] : [])]);
  const entries = [...keys].flatMap((key) => byKey.get(key) ?? []).sort((a, b) => a.order - b.order);
  return entries.map(({ effect, into }) => ({ effect, into }));
}

export default defineRule({
  id: 'VOL014',
  name: 'volume-unused-stage',
  severity: 'note',
  fixable: 'none',
  tags: ['multi-stage', 'dead-code'],
  messages: {
    unused: 'VOLUME in stage {stage} reaches no container: the image built from this file (stage {target}) does not contain stage {stage}.',
    unlessTarget: 'VOLUME in stage {stage} reaches a container only if this stage is built with --target: the image built from this file (stage {target}) does not contain it.',
  },
  docs: {
    summary: 'A VOLUME in a build stage that the final image (or the --target stage) does not contain.',
    why: "A VOLUME adds a path to the image configuration of its stage. A stage that the final image is not built on is thrown away after the build, and `COPY --from=<stage>` copies files, never the image configuration, so its VOLUME reaches no container. It does not make the build keep or cache anything either. It can still change what the build copies: under the legacy builder and Buildah --compat-volumes, what later RUN steps of that stage write under the path is discarded (VOL004), so `COPY --from=<stage>` of the path gets what was there before the VOLUME (moby#3639; observed with Docker 20.10 and Buildah 1.28 here); BuildKit and Buildah 1.37+ keep the writes. The line misleads readers into thinking the final image has a volume there.",
    reports: [
      "A VOLUME in a stage that the final image (or the --target stage) is not built on.",
      "A leaf stage with its own CMD/ENTRYPOINT or a target-like name (final, release, prod…) is reported as possible, with a note that it has an effect if built with --target.",
    ],
    notReported: [
      "A VOLUME in a target-like leaf stage (its own CMD/ENTRYPOINT or a target-like name) when the stage the build produces declares every path of the line too (a dev or variant stage beside a final stage with the same VOLUME): whichever stage is built has the volume, and nothing is there to move or delete.",
      "When the build's own stages start from a FROM that volint cannot resolve (`FROM base-$TARGETOS`: BuildKit predefines TARGETOS, TARGETARCH, TARGETPLATFORM, BUILDPLATFORM…), the rule is silent, and a stage whose name matches such a FROM counts as built.",
    ],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nVOLUME /data\nCOPY . .\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nVOLUME /data\nENTRYPOINT ["/app"]\n',
    fix: 'Move the VOLUME to the final stage if the running container needs the volume; otherwise delete it.',
    references: [REFERENCES.volumeRef, 'https://docs.docker.com/build/building/multi-stage/'],
  },
  check(model, context) {
    const target = model.target;
    if (!target) return;
    const maybe = possiblyBuilt(model, target);
    if (maybe === null) return;
    const byKey = copiesByKey(model);
    let used: Set<Stage> | undefined;
    for (const stage of model.stages) {
      if (stage.inFinalImage || maybe.has(stage) || stage.volumeInstructions.length === 0) continue;
      const targetLike = looksLikeTarget((used ??= usedStages(model)), stage);
      const copies = copiesFrom(byKey, stage);
      for (const owner of stage.volumeInstructions) {
        const declared = owner.items.filter((item) => item.mountPath !== null);
        const paths = declared.map((item) => item.mountPath!);
        if (paths.length === 0) continue;
        // The image configuration keeps the text as written; only the mount point is resolved against /.
        const written = declared.map((item) => (itemText(item) === item.mountPath ? item.mountPath! : `\`${itemText(item)}\` (mounted at ${item.mountPath})`));
        const explanation = [
          `Line ${line(owner.instruction)} adds ${written.join(', ')} to the image configuration of stage ${stageName(stage)}, but the build produces stage ${stageName(target)}, which is not built FROM stage ${stageName(stage)}: the declaration is discarded with the stage.`,
        ];
        const lostRuns = stage.effects.filter(
          (e) => e.command.startsWith('RUN') && e.instruction.index > owner.instruction.index && e.kind !== 'enter' && paths.some((p) => reach(e, p) === 'inside'),
        );
        // What the builders do with that RUN is stepOutcome's (one that stops the build there discards nothing).
        const lostVolume = lostRuns[0] ? stage.volumes.find((v) => paths.includes(v.path) && reach(lostRuns[0]!, v.path) === 'inside') : undefined;
        const discarding = lostRuns[0] && lostVolume ? outcomesOf(stage, lostRuns[0], lostVolume, buildersOf(context.builder)).discarded : [];
        const relevant = copies.filter(({ effect }) => effect.sources?.some((source) => paths.some((p) => source.startsWith('/') && overlaps(source.replace(/\/+$/, '') || '/', p))));
        // A target-like leaf stage (a dev or variant image) whose paths the produced stage declares
        // too: whichever of them is built has the volume; the line is neither dead nor misleading.
        const declaredByTarget = paths.every((p) => target.volumes.some((v) => v.path === p));
        if (targetLike && relevant.length === 0 && declaredByTarget) continue;
        for (const { effect, into } of relevant) {
          const lost = lostRuns.length > 0 && discarding.length > 0;
          explanation.push(
            lost
              ? `COPY --from=${effect.from} at line ${line(effect.instruction)} (stage ${stageName(into)}) copies files from the volume path into ${effect.path}. The volume does not come along (COPY --from copies files, not volumes), and under ${discarding.map((b) => BUILDER_LABEL[b]).join(', ')} neither does what the RUN at line ${line(lostRuns[0]!.instruction)} wrote there: those builders discard RUN changes under the path after the VOLUME, so the copy gets what was there before it (VOL004).`
              : `COPY --from=${effect.from} at line ${line(effect.instruction)} (stage ${stageName(into)}) copies files from the volume path into ${effect.path}: the files come along, the volume does not, because COPY --from copies files, not volumes.`,
          );
        }
        if (relevant.length === 0 && copies.length > 0) {
          explanation.push(
            `COPY --from=${copies[0]!.effect.from} at line ${line(copies[0]!.effect.instruction)} copies files out of this stage; COPY --from copies files, never the stage's VOLUME declarations.`,
          );
        }
        if (targetLike) {
          explanation.push(`Stage ${stageName(stage)} is a leaf stage${stage.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') ? ' with its own CMD/ENTRYPOINT' : ' named like a build target'}: if this stage is built with --target ${stage.name ?? stage.index}, its image has the volume and this finding does not apply.`);
        } else if (stage.name) {
          explanation.push(`Only \`docker build --target ${stage.name}\` produces an image with this volume.`);
        }
        explanation.push('If the running container needs the volume, declare it in the final stage; otherwise delete this line.');
        context.report({
          range: owner.instruction.range,
          messageId: targetLike ? 'unlessTarget' : 'unused',
          data: { stage: stageName(stage), target: stageName(target) },
          ...(targetLike ? { confidence: 'possible' as const } : {}),
          explanation,
          related: [{ range: target.from.range, message: `the build produces stage ${stageName(target)} (line ${line(target.from)})` }],
        });
      }
    }
  },
});
