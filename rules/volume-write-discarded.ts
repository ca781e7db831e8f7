import { defineRule, type Severity } from '../src/engine/types.js';
import {
  REFERENCES,
  buildersOf,
  declarationSite,
  describeImageAt,
  describeVolume,
  nameVolume,
  explainRunChange,
  explainRuntime,
  line,
  runChangesKept,
} from '../src/model/explain.js';
import { reach } from '../src/model/query.js';
import type { BuilderSetting, PathEffect, Stage, Volume } from '../src/model/types.js';

/** Effects a RUN step makes that a volume mounted during the step would swallow. */
const RUN_CHANGES = new Set(['write', 'mkdir', 'delete', 'chown', 'chmod']);

/** error where the change is lost, note where only the run-time hazard remains, warning when unknown. */
export function severityFor(builder: BuilderSetting): Severity {
  if (builder === 'any') return 'warning';
  return runChangesKept(builder) ? 'note' : 'error';
}

/** The message's second half: what the selected builder(s) do with the change. */
function consequence(builder: BuilderSetting, possible: boolean): string {
  const change = possible ? 'any such change' : 'the change';
  switch (builder) {
    case 'any': return `the legacy builder, Kaniko and Buildah --compat-volumes discard ${change}`;
    case 'legacy': return `the legacy builder discards ${change}`;
    case 'kaniko': return `Kaniko discards ${change}`;
    case 'buildah-compat': return `Buildah --compat-volumes discards ${change}`;
    case 'buildkit': return `BuildKit keeps ${change} in the image, but an existing volume or a bind mount hides it`;
    case 'buildah': return `Buildah keeps ${change} in the image, but an existing volume or a bind mount hides it`;
  }
}

function verb(effect: PathEffect): string {
  switch (effect.kind) {
    case 'chown': return 'changes the owner of';
    case 'chmod': return 'changes the mode of';
    case 'delete': return 'deletes';
    case 'mkdir': return 'creates';
    default: return 'writes';
  }
}

interface Hit {
  effect: PathEffect;
  how: 'inside' | 'parent';
}

/** A `mkdir` of the mount point itself changes nothing: the directory exists as the mount point. */
function relevant(effect: PathEffect, volume: Volume): 'inside' | 'parent' | null {
  if (!effect.command.startsWith('RUN') || !RUN_CHANGES.has(effect.kind)) return null;
  if (effect.kind === 'mkdir' && effect.path === volume.path) return null;
  return reach(effect, volume.path);
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

export default defineRule({
  id: 'VOL004',
  name: 'volume-write-discarded',
  severity: 'warning',
  fixable: 'none',
  tags: ['correctness', 'builders'],
  messages: {
    discarded: 'RUN at line {line} {verb} {path}, inside {volume}: {consequence}.',
    discardedParent: 'RUN at line {line} {verb} {path} recursively, reaching into {volume}: {consequence}.',
    possible: 'RUN at line {line} may change {path} (`{command}`), inside {volume}: {consequence}.',
  },
  docs: {
    summary: 'A RUN step changes files, ownership or modes under a path that is already a volume.',
    why:
      'Each RUN after a VOLUME runs, under the legacy builder, with a fresh temporary volume mounted at the path; whatever the step writes, chowns or chmods there lands in that volume and is discarded when the step is committed (moby#3639, moby#28513). Kaniko ignores volume paths in its snapshots (code-derived) and Buildah/Podman with --compat-volumes (the default before Buildah 1.37 / Podman 5.2) reverts such changes. BuildKit keeps them (documented since dockerfile/1.12), so the same Dockerfile builds different images depending on the builder. Even where the change is kept, it reaches only new, empty volumes: an existing volume or a bind mount hides it. Base images declare volumes too: `FROM postgres:16` makes /var/lib/postgresql/data a volume before the first line of your stage.',
    bad: 'FROM alpine:3.20\nRUN adduser -D app\nVOLUME /data\nRUN chown app /data\n',
    good: 'FROM alpine:3.20\nRUN adduser -D app\nRUN mkdir -p /data && chown app /data\nVOLUME /data\n',
    fix: 'Prepare the directory (create, fill, chown, chmod) before the VOLUME, and declare the VOLUME last; for a base image volume, keep the files outside the volume and copy them in at start-up.',
    references: [REFERENCES.volumeNotes, REFERENCES.moby3639, REFERENCES.moby28513, 'https://github.com/moby/moby/issues/33027', REFERENCES.buildahCompat],
  },
  check(model, context) {
    const severity = severityFor(context.builder);
    for (const stage of model.stages) {
      // One finding per RUN step and volume; the first effect (by position) carries the range.
      const byStep = new Map<string, { volume: Volume; hits: Hit[] }>();
      for (const volume of stage.volumes) {
        for (const effect of stage.effects) {
          if (effect.instruction.index <= volume.since) continue;
          const how = relevant(effect, volume);
          if (!how) continue;
          const key = `${effect.instruction.index}\u0000${volume.path}`;
          const entry = byStep.get(key) ?? { volume, hits: [] };
          entry.hits.push({ effect, how });
          byStep.set(key, entry);
        }
      }
      // Nested volumes: a step inside /data/db is reported for the innermost volume only.
      const reported = new Set<string>();
      const entries = [...byStep.values()].sort((a, b) => b.volume.path.length - a.volume.path.length);
      for (const { volume, hits } of entries) {
        const remaining = hits.filter((h) => !reported.has(effectKey(h.effect)));
        if (remaining.length === 0) continue;
        for (const h of remaining) if (h.how === 'inside') reported.add(effectKey(h.effect));
        const certain = remaining.filter((h) => h.effect.certainty === 'certain');
        const primary = (certain[0] ?? remaining[0])!;
        const effect = primary.effect;
        const described = describeVolume(volume, stage);
        const data = { line: line(effect.instruction), verb: verb(effect), path: effect.path, volume: nameVolume(volume, stage), command: effect.command.replace(/^RUN /, ''), consequence: consequence(context.builder, certain.length === 0) };
        const messageId = certain.length === 0 ? 'possible' : primary.how === 'parent' ? 'discardedParent' : 'discarded';
        const explanation: string[] = [];
        const since = volume.origin === 'instruction' ? `from line ${line(volume.item!.owner.instruction)} on` : `from the FROM at line ${line(stage.from)} on`;
        explanation.push(`${capitalize(described)} is in effect ${since}, so the RUN at line ${line(effect.instruction)} runs with it mounted at ${volume.path}.`);
        if (effect.via) {
          explanation.push(`The step names ${effect.via.path}: the symbolic link ${effect.via.link} that the RUN at line ${line(effect.via.instruction)} made leads into the volume, and a write through a link lands where the link points (observed with the legacy builder, BuildKit and Buildah here).`);
        }
        if (remaining.length > 1) {
          explanation.push(`This step touches the volume ${remaining.length} times: ${remaining.map((h) => `\`${h.effect.command.replace(/^RUN /, '')}\` ${h.effect.certainty === 'possible' ? 'may change' : verb(h.effect)} ${h.effect.path}`).join('; ')}.`);
        }
        if (certain.length === 0) {
          explanation.push(`volint cannot tell whether \`${data.command}\` writes there: it names a path inside the volume, so the change is possible, not proven.`);
        }
        // The run-time sentence is said below, with this finding's image content.
        const runtime = new Set(explainRuntime(volume));
        explanation.push(...explainRunChange(effect, volume, context.builder).filter((sentence) => !runtime.has(sentence)));
        const discards = buildersOf(context.builder).some((b) => !runChangesKept(b));
        const declaredAt = volume.origin === 'instruction' && volume.item ? volume.item.owner.instruction.index : stage.from.index;
        if (discards) {
          explanation.push(`What containers start with under a discarding builder: ${lowerFirst(describeImageAt(stage, volume.path, declaredAt + 1))} COPY and ADD into the path are kept by every builder.`);
        } else {
          explanation.push(describeImageAt(stage, volume.path, Infinity));
        }
        explanation.push(
          `At run time that content seeds only a new, empty volume; an existing named or anonymous volume (Compose re-attaches the previous one on recreate) or a bind mount at ${volume.path} hides it, so the step's result never reaches such containers.`,
        );
        if (context.builder === 'any') {
          explanation.push(`Severity: an error with --builder legacy, kaniko or buildah-compat, a note with buildkit or buildah, which keep the change.`);
        }
        explanation.push(fixAdvice(volume, stage, effect));
        context.report({
          range: effect.range,
          messageId,
          data,
          explanation,
          related: [declarationSite(volume, stage)],
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
