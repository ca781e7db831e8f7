import { defineRule } from '../src/engine/types.js';
import { REFERENCES, line } from '../src/model/explain.js';
import { overlaps } from '../src/model/paths.js';
import type { FileModel, PathEffect, Stage } from '../src/model/types.js';

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
    unused: 'VOLUME in stage {stage} has no effect: the image built from this file (stage {target}) does not contain stage {stage}.',
  },
  docs: {
    summary: 'A VOLUME in a build stage that the final image (or the --target stage) does not contain.',
    why:
      'A VOLUME only adds a path to the image configuration of its stage. A stage that the final image is not built on is thrown away after the build, and `COPY --from=<stage>` copies files, never the image configuration, so its VOLUME reaches no container. It also does not make the build keep or cache anything. The line misleads readers into thinking the final image has a volume there.',
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nVOLUME /data\nCOPY . .\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nVOLUME /data\nENTRYPOINT ["/app"]\n',
    fix: 'Move the VOLUME to the final stage if the running container needs the volume; otherwise delete it.',
    references: [REFERENCES.volumeRef, 'https://docs.docker.com/build/building/multi-stage/'],
  },
  check(model, context) {
    const target = model.target;
    if (!target) return;
    const byKey = copiesByKey(model);
    for (const stage of model.stages) {
      if (stage.inFinalImage) continue;
      const copies = copiesFrom(byKey, stage);
      for (const owner of stage.volumeInstructions) {
        const paths = owner.items.flatMap((item) => (item.mountPath !== null ? [item.mountPath] : []));
        if (paths.length === 0) continue;
        const explanation = [
          `Line ${line(owner.instruction)} adds ${paths.join(', ')} to the image configuration of stage ${stageName(stage)}, but the build produces stage ${stageName(target)}, which is not built FROM stage ${stageName(stage)}: the declaration is discarded with the stage.`,
        ];
        const relevant = copies.filter(({ effect }) => effect.sources?.some((source) => paths.some((p) => source.startsWith('/') && overlaps(source.replace(/\/+$/, '') || '/', p))));
        for (const { effect, into } of relevant) {
          explanation.push(
            `COPY --from=${effect.from} at line ${line(effect.instruction)} (stage ${stageName(into)}) copies files from the volume path into ${effect.path}: the files come along, the volume does not, because COPY --from copies files, not volumes.`,
          );
        }
        if (relevant.length === 0 && copies.length > 0) {
          explanation.push(
            `COPY --from=${copies[0]!.effect.from} at line ${line(copies[0]!.effect.instruction)} copies files out of this stage; COPY --from copies files, never the stage's VOLUME declarations.`,
          );
        }
        if (stage.name) {
          explanation.push(`Only \`docker build --target ${stage.name}\` produces an image with this volume.`);
        }
        explanation.push('If the running container needs the volume, declare it in the final stage; otherwise delete this line.');
        context.report({
          range: owner.instruction.range,
          messageId: 'unused',
          data: { stage: stageName(stage), target: stageName(target) },
          explanation,
          related: [{ range: target.from.range, message: `the build produces stage ${stageName(target)} (line ${line(target.from)})` }],
        });
      }
    }
  },
});
