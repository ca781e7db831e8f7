import { defineRule } from '../src/engine/types.js';
import { REFERENCES, buildersOf, declarationSite, describeImageAt, describeVolume, nameVolume, line } from '../src/model/explain.js';
import { isWithin } from '../src/model/paths.js';
import type { PathEffect, Stage, Volume } from '../src/model/types.js';
import type { Range } from '../src/parse/types.js';

/** The innermost volume of the stage, in effect before the step, whose path holds the destination. */
function volumeHolding(stage: Stage, effect: PathEffect): Volume | null {
  let best: Volume | null = null;
  for (const volume of stage.volumes) {
    if (effect.instruction.index <= volume.since) continue;
    if (!isWithin(effect.path, volume.path)) continue;
    if (!best || volume.path.length > best.path.length) best = volume;
  }
  return best;
}

/**
 * This rule's findings that a target rule's finding tells already (ReportDescriptor.covers): the
 * COPY/ADD steps it names as what fills the volume. A COPY after the VOLUME into it is reported
 * here; where VOL005, VOL006 or VOL007 names that COPY as the content the volume freezes, it is the
 * same problem, and their finding (on the VOLUME, naming the step) is the one shown.
 */
export function copiesNamedAsEvidence(steps: readonly PathEffect[]): Array<{ ruleId: string; range: Range }> {
  return steps.filter((step) => step.kind === 'copy').map((step) => ({ ruleId: 'VOL012', range: step.range }));
}

function fixAdvice(volume: Volume): string {
  if (volume.origin === 'base-image') {
    return `Fix: copy the files to a path outside the volume and let the entrypoint put them into ${volume.path} at start-up (the official wordpress image keeps its sources in /usr/src/wordpress for this reason), or mount them at run time; when the files must replace the volume's content, recreate the volume (\`docker compose up -V\`, \`docker volume rm\`).`;
  }
  const declaring = volume.item ? `line ${line(volume.item.owner.instruction)}` : 'its VOLUME';
  const where = volume.origin === 'stage' ? ` in stage ${volume.declaringStage?.name ?? `#${volume.declaringStage?.index ?? '?'}`}` : '';
  return `Fix: for content that is part of the application, copy it outside ${volume.path}; for seed data, copy it before the VOLUME at ${declaring}${where} to make the intent visible, and plan for existing volumes (an entrypoint that copies new files in, or \`docker compose up -V\`).`;
}

export default defineRule({
  id: 'VOL012',
  name: 'volume-copy-after-declare',
  severity: 'note',
  fixable: 'none',
  tags: ['runtime', 'upgrades'],
  messages: {
    copyAfter: '{command} at line {line} puts files into {path}, inside {volume}; only a new, empty volume is seeded with them.',
  },
  docs: {
    summary: 'COPY or ADD puts files into a path that is already a volume.',
    why:
      'COPY and ADD into a volume path are kept in the image by every builder (the legacy builder writes them straight into the layer, moby#33842), but a volume is seeded from the image only when it is new and empty. A container that reuses an existing volume — a named volume, or the anonymous volume Compose re-attaches on recreate — or a bind mount at the path never shows the new files, so an updated image seems to change nothing. The path is often a volume without the author knowing: `FROM wordpress` makes /var/www/html a volume. A step that VOL005, VOL006 or VOL007 names as the code, configuration or content the volume freezes (`VOLUME /srv/app` then `COPY . /srv/app`) is the same problem: it is reported once, by that rule on the VOLUME, which names the step; this rule reports it when that rule is off or suppressed there.',
    bad: 'FROM wordpress:6.6-apache\nCOPY themes/acme/ /var/www/html/wp-content/themes/acme/\n',
    good: 'FROM wordpress:6.6-apache\nCOPY themes/acme/ /usr/src/wordpress/wp-content/themes/acme/\n',
    fix: 'Copy application files outside the volume (and let the entrypoint move them in at start-up), or copy seed data before the VOLUME and recreate existing volumes when it changes (`docker compose up -V`).',
    references: [REFERENCES.storageVolumes, REFERENCES.moby33842, REFERENCES.composeRenew, 'https://github.com/docker-library/wordpress/blob/master/docker-entrypoint.sh'],
  },
  check(model, context) {
    for (const stage of model.stages) {
      for (const effect of stage.effects) {
        if (effect.kind !== 'copy') continue;
        const volume = volumeHolding(stage, effect);
        if (!volume) continue;
        const described = describeVolume(volume, stage);
        const chowned = stage.effects.some((e) => e.instruction === effect.instruction && (e.kind === 'chown' || e.kind === 'chmod'));
        const builders = buildersOf(context.builder);
        const explanation = [
          `${capitalize(described)} is in effect from ${volume.item && volume.origin === 'instruction' ? `line ${line(volume.item.owner.instruction)}` : `the FROM at line ${line(stage.from)}`}; the ${effect.command} at line ${line(effect.instruction)} writes to ${effect.path} after that.`,
          `${builders.length > 1 ? 'Every builder keeps' : 'This builder keeps'} COPY and ADD output under a volume in the image (the legacy builder copies straight into the layer, without a container or volume; BuildKit and Buildah commit it as any other step)${chowned ? ', including the --chown/--chmod of this step' : ''}.`,
          describeImageAt(stage, volume.path, Infinity),
          `At run time a new, empty volume at ${volume.path} is seeded with that content, these files included. An existing named volume, the anonymous volume Compose re-attaches on recreate (unless \`docker compose up -V\`), or a bind mount hides it: such containers never see these files, and later images cannot update them.`,
          fixAdvice(volume),
        ];
        context.report({
          range: effect.range,
          messageId: 'copyAfter',
          data: { command: effect.command, line: line(effect.instruction), path: effect.path, volume: nameVolume(volume, stage) },
          explanation,
          related: [declarationSite(volume, stage)],
        });
      }
    }
  },
});

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
