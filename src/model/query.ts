/** Questions rules ask of the model, answered in one place. */
import { isWithin } from './paths.js';
import { hostSourceParts, itemText } from './volume-text.js';
import type { FileModel, PathEffect, Stage, Volume, VolumeItem } from './types.js';

/** How an effect reaches a volume path: inside it, or a recursive effect on a parent of it. */
export function reach(effect: PathEffect, volumePath: string): 'inside' | 'parent' | null {
  if (isWithin(effect.path, volumePath)) return 'inside';
  if (effect.recursive && isWithin(volumePath, effect.path)) return 'parent';
  return null;
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
  for (let current: Stage | null = stage; current; current = current.base.kind === 'stage' ? current.base.stage : null) {
    for (const effect of current.effects) {
      if (effect.instruction.index < index && reach(effect, path)) result.push(effect);
    }
    if (current.base.kind === 'stage' && current.base.stage === current) break;
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
 * An item whose path means what it says: not owned by a syntactic rule (invalid JSON, a
 * host:container mapping, a split fragment), not a Windows path, and resolved.
 */
export function isWellFormedItem(item: VolumeItem): boolean {
  const owner = item.owner;
  if (owner.list.form === 'shell' && owner.list.looksLikeJson) return false;
  return item.mountPath !== null && !item.windows && !item.splitFragment && !hostSourceParts(itemText(item));
}

