/**
 * Hover: the model's summary of a volume. On a VOLUME line, the volumes it declares; on a path
 * in a RUN/COPY/ADD/WORKDIR step, the volumes that path lies in; on a FROM line, the volumes the
 * stage inherits. Everything said comes from the model (src/model/explain.ts and query.ts).
 */
import { buildersOf, describeContent, explainRuntime, line } from '../model/explain.js';
import { outcomesOf } from '../model/outcome.js';
import { effectsAfter, reach } from '../model/query.js';
import type { FileModel, PathEffect, Stage, TargetClass, Volume, VolumeInstruction, VolumeItem } from '../model/types.js';
import type { Instruction, Position, Range } from '../parse/types.js';

/** Steps listed per volume before "and N more". */
const MAX_STEPS = 12;

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function contains(range: Range, position: Position): boolean {
  return compare(range.start, position) <= 0 && compare(position, range.end) <= 0;
}

function onLines(instruction: Instruction, position: Position): boolean {
  return instruction.range.start.line <= position.line && position.line <= instruction.range.end.line;
}

function stageLabel(stage: Stage): string {
  return stage.name ? `stage \`${stage.name}\`` : `stage #${stage.index}`;
}

function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text}${ticks}`;
}

const TARGET_LABEL: Record<TargetClass, string> = {
  good: 'a data directory',
  code: 'application code',
  config: 'configuration',
  static: 'static content',
  cache: 'a cache',
  system: 'a system directory',
};

function source(volume: Volume, stage: Stage): string {
  if (volume.origin === 'base-image' && volume.image) {
    return `From the base image ${code(volume.image.ref.raw)} (${volume.image.info.source}).`;
  }
  if (volume.item) {
    const at = `line ${line(volume.item.owner.instruction)}`;
    if (volume.declaringStage && volume.declaringStage !== stage) {
      return `Declared at ${at} in ${stageLabel(volume.declaringStage)}; ${stageLabel(stage)} is built FROM it and inherits the volume.`;
    }
    return `Declared at ${at}${volume.item.relative ? ` as the relative path ${code(volume.item.raw)}, which the engine mounts under /` : ''}.`;
  }
  return 'Declared by an earlier stage or image.';
}

/** What the builders do with the step: stepOutcome's prediction, the one every rule and `volint model` read. */
function fate(stage: Stage, effect: PathEffect, volume: Volume, model: FileModel): string {
  const groups = outcomesOf(stage, effect, volume, buildersOf(model.builder));
  const parts: string[] = [];
  if (groups.fails.length > 0) parts.push(`fails under ${groups.fails.join(', ')} (VOL018)`);
  if (groups.notRun.length > 0) parts.push(`not run by ${groups.notRun.join(', ')}: the build stops at line ${groups.failure ? line(groups.failure.effect.instruction) : '?'} (VOL018)`);
  if (effect.kind === 'workdir' && groups.kept.length > 0) parts.push('creates the directory when missing');
  if (groups.discarded.length > 0) parts.push(`discarded by ${groups.discarded.join(', ')}`);
  if (groups.kept.length > 0) parts.push(groups.kept.length === buildersOf(model.builder).length ? 'kept by every builder' : `kept by ${groups.kept.join(', ')}`);
  return parts.join('; ');
}

function stepLine(stage: Stage, effect: PathEffect, how: 'inside' | 'parent', volume: Volume, model: FileModel, highlight: PathEffect | undefined): string {
  const what = `${effect.kind} ${code(effect.path)}${effect.recursive ? ' (recursive)' : ''}${how === 'parent' ? ', reaching the volume from a parent directory' : ''}`;
  const possible = effect.certainty === 'possible' ? ' (possible)' : '';
  const mark = effect === highlight ? ' ← here' : '';
  return `- line ${line(effect.instruction)} ${code(effect.command)}: ${what}${possible} — ${fate(stage, effect, volume, model)}${mark}`;
}

/** Markdown summary of one volume as seen from one stage. */
export function summarizeVolume(model: FileModel, stage: Stage, volume: Volume, highlight?: PathEffect): string {
  const out: string[] = [
    `**Volume ${code(volume.path)}** in ${stageLabel(stage)}${volume.target ? ` — ${TARGET_LABEL[volume.target]}` : ''}`,
    '',
    source(volume, stage),
    '',
  ];
  // What fills the path before the VOLUME that declares it (in the declaring stage for inherited ones).
  const declaredIn = volume.origin === 'stage' && volume.declaringStage && volume.item ? volume.declaringStage : stage;
  const declaredAt = volume.origin === 'stage' && volume.item ? volume.item.owner.instruction.index : volume.since;
  const content = describeContent(declaredIn, volume.path, declaredAt);
  if (volume.origin === 'base-image') {
    out.push(`**In the image there:** what the base image put at ${code(volume.path)}${content ? `, plus ${content}` : ''}.`);
    if (volume.image?.info.note) out.push('', volume.image.info.note);
  } else if (content) {
    out.push(`**In the image there when declared:** ${content}. A new, empty volume is seeded with it.`);
  } else {
    out.push(`**In the image there when declared:** nothing this Dockerfile puts there${stage.base.kind === 'image' ? ' (the base image may)' : ''}.`);
  }
  const steps = effectsAfter(stage, volume);
  out.push('');
  if (steps.length === 0) {
    out.push('**Steps after the declaration:** none touch it.');
  } else {
    out.push(`**Steps after the declaration** (builder: ${model.builder}):`);
    for (const { effect, reach: how } of steps.slice(0, MAX_STEPS)) out.push(stepLine(stage, effect, how, volume, model, highlight));
    if (steps.length > MAX_STEPS) out.push(`- and ${steps.length - MAX_STEPS} more`);
  }
  out.push('', ...explainRuntime(volume));
  if (!stage.inFinalImage) out.push('', `${stageLabel(stage)} is not part of the final image.`);
  return out.join('\n');
}

function describeItemWithoutVolume(owner: VolumeInstruction, item: VolumeItem): string {
  const head = `**VOLUME ${code(item.raw)}**`;
  if (owner.onbuild) {
    return `${head}\n\nInside ONBUILD: declared in images built FROM this one${item.mountPath ? `, at ${code(item.mountPath)}` : ''}, not in this image.`;
  }
  if (!owner.stage) return `${head}\n\nBefore any FROM: not part of any stage.`;
  if (item.empty) return `${head}\n\nExpands to the empty string: the build fails.`;
  if (item.mountPath === null) return `${head}\n\nThe path is not known before the build (it depends on a variable volint cannot resolve).`;
  return `${head}\n\nMounted at ${code(item.mountPath)}.`;
}

function stageOf(model: FileModel, instruction: Instruction): Stage | undefined {
  return model.stages.find((s) => s.from === instruction || s.instructions.includes(instruction));
}

function volumeSections(model: FileModel, position: Position): string[] {
  const owner = model.volumeInstructions.find((v) => onLines(v.instruction, position));
  if (!owner) return [];
  const onItem = owner.items.filter((i) => contains(i.range, position));
  const items = onItem.length > 0 ? onItem : owner.items;
  const sections: string[] = [];
  for (const item of items) {
    // The declaring stage first; stages built FROM it inherit the volume.
    const stages = model.stages.filter((s) => s.volumes.some((v) => v.item === item));
    const first = stages[0];
    const volume = first?.volumes.find((v) => v.item === item);
    if (!first || !volume) {
      sections.push(describeItemWithoutVolume(owner, item));
      continue;
    }
    sections.push(summarizeVolume(model, first, volume));
    if (stages.length > 1) sections.push(`Also inherited by ${stages.slice(1).map(stageLabel).join(', ')}.`);
  }
  return sections;
}

function stepSections(model: FileModel, instruction: Instruction, stage: Stage, position: Position): string[] {
  const effects = stage.effects.filter((e) => e.instruction === instruction && contains(e.range, position));
  const sections: string[] = [];
  const shown = new Set<Volume>();
  for (const effect of effects) {
    for (const volume of stage.volumes) {
      if (shown.has(volume) || !reach(effect, volume.path)) continue;
      shown.add(volume);
      const before = effect.instruction.index <= volume.since;
      const lead = before
        ? `${code(effect.command)} at line ${line(instruction)} runs before the volume is declared: its ${effect.kind} becomes part of what a new volume is seeded with.\n\n`
        : '';
      sections.push(lead + summarizeVolume(model, stage, volume, effect));
    }
  }
  return sections;
}

function fromSections(model: FileModel, stage: Stage): string[] {
  return stage.volumes.filter((v) => v.origin !== 'instruction').map((v) => summarizeVolume(model, stage, v));
}

/** The hover text at a position, or null when nothing there concerns a volume. */
export function hoverMarkdown(model: FileModel, position: Position): string | null {
  let sections = volumeSections(model, position);
  if (sections.length === 0) {
    const instruction = model.parsed.instructions.find((i) => onLines(i, position));
    const stage = instruction ? stageOf(model, instruction) : undefined;
    if (instruction && stage) {
      sections = instruction.keyword === 'FROM' && stage.from === instruction ? fromSections(model, stage) : stepSections(model, instruction, stage, position);
    }
  }
  return sections.length > 0 ? sections.join('\n\n---\n\n') : null;
}
