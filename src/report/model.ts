/** `volint model`: the volume model for people (text) and for programs (JSON). */
import { BUILDERS } from '../model/types.js';
import type { FileModel, PathEffect, Stage, Volume } from '../model/types.js';
import { BUILDER_LABEL, describeVolume, runChangesKept } from '../model/explain.js';
import { reach } from '../model/query.js';

function stageLabel(stage: Stage): string {
  return stage.name ? `stage ${stage.index} "${stage.name}"` : `stage ${stage.index}`;
}

function baseLabel(stage: Stage): string {
  const base = stage.base;
  switch (base.kind) {
    case 'scratch': return 'scratch';
    case 'stage': return `stage ${base.stage.name ?? base.stage.index}`;
    case 'image': return `${base.ref.raw}${base.info ? ` (known: ${base.info.volumes.length} volume${base.info.volumes.length === 1 ? '' : 's'})` : ' (volumes unknown)'}`;
    case 'unknown': return `${base.text || '?'} (unresolved)`;
  }
}

function fate(effect: PathEffect, volume: Volume): string {
  if (effect.instruction.index <= volume.since) return 'before the declaration: part of the image content the volume is seeded with';
  if (effect.kind === 'copy') return 'kept by every builder; seeded only into a new, empty volume';
  if (effect.kind === 'workdir') return 'creates the directory if missing';
  const discard = BUILDERS.filter((b) => !runChangesKept(b)).join(', ');
  return `discarded by ${discard}; kept by buildkit, buildah`;
}

export function describeModel(model: FileModel): string {
  const out: string[] = [`${model.file}: ${model.stages.length} stage${model.stages.length === 1 ? '' : 's'}, builder ${model.builder}`];
  for (const stage of model.stages) {
    out.push('', `${stageLabel(stage)} (line ${stage.from.range.start.line + 1}) FROM ${baseLabel(stage)}${stage.inFinalImage ? '' : ' — not in the final image'}`);
    out.push(`  WORKDIR at end: ${stage.finalWorkdir ?? 'unknown'}; USER at end: ${stage.finalUser === null ? 'unknown' : stage.finalUser || 'root (default)'}`);
    if (stage.volumes.length === 0) {
      out.push('  no volumes');
      continue;
    }
    for (const volume of stage.volumes) {
      out.push(`  volume ${volume.path} — ${describeVolume(volume, stage)}${volume.target ? ` [${volume.target}]` : ''}`);
      const touching = stage.effects.filter((e) => reach(e, volume.path));
      for (const effect of touching) {
        out.push(`    line ${effect.instruction.range.start.line + 1} ${effect.command} ${effect.kind} ${effect.path}${effect.certainty === 'possible' ? ' (possible)' : ''}: ${fate(effect, volume)}`);
      }
    }
  }
  out.push('', 'Builders: ' + BUILDERS.map((b) => `${b} = ${BUILDER_LABEL[b]}`).join('; '));
  return out.join('\n') + '\n';
}

export function modelToJson(model: FileModel): object {
  return {
    version: 1,
    file: model.file,
    builder: model.builder,
    target: model.target?.index ?? null,
    stages: model.stages.map((stage) => ({
      index: stage.index,
      name: stage.name,
      line: stage.from.range.start.line + 1,
      base: stage.base.kind === 'stage' ? { kind: 'stage', stage: stage.base.stage.index } : stage.base.kind === 'image' ? { kind: 'image', ref: stage.base.ref, known: Boolean(stage.base.info) } : stage.base,
      inFinalImage: stage.inFinalImage,
      windows: stage.windows,
      finalWorkdir: stage.finalWorkdir,
      finalUser: stage.finalUser,
      volumes: stage.volumes.map((v) => ({
        path: v.path,
        origin: v.origin,
        target: v.target,
        line: v.item ? v.item.owner.instruction.range.start.line + 1 : null,
        image: v.image ? v.image.ref.raw : null,
        steps: stage.effects.filter((e) => reach(e, v.path)).map((e) => ({
          line: e.instruction.range.start.line + 1,
          command: e.command,
          kind: e.kind,
          path: e.path,
          certainty: e.certainty,
          afterDeclaration: e.instruction.index > v.since,
        })),
      })),
    })),
  };
}
