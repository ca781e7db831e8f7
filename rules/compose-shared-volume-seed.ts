import { defineRule, type RelatedLocation } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { competingSeeds, composeLocation, contentSteps, describeStep, describeStepHere, imageName, listPaths, removedLater, stepLocation, writtenMounts, type SeedUse, type WrittenMount } from '../src/compose/query.js';
import type { ComposeModel, ComposeService } from '../src/compose/types.js';

/** A mount of a shared volume by a service whose image's files volint does not know (`image:` alone, or unknown). */
interface UnknownUse {
  service: ComposeService;
  mount: WrittenMount;
}

/**
 * Named volumes that one service certainly seeds (its Dockerfile puts files under the mount point)
 * and that another service mounts with an image whose files volint cannot see: an `image:` known
 * only from the catalogue (its VOLUMEs and user, never its files) or an unknown image. Whether
 * that image holds files at its mount point is not known, so neither is whether it competes.
 * Uses that already compete for certain (competingSeeds) are left to that finding.
 */
function unknownSeeds(model: ComposeModel, certain: ReadonlyMap<WrittenMount, unknown>): Array<{ use: SeedUse; unknown: UnknownUse[] }> {
  const seeds = new Map<string, SeedUse[]>();
  const blind = new Map<string, UnknownUse[]>();
  for (const service of model.services) {
    for (const mount of writtenMounts(service)) {
      if (mount.cover !== 'named-volume' || mount.nocopy || mount.subpath || !mount.volumeKey) continue;
      if (service.image.kind === 'catalog' || (service.image.kind === 'unknown' && service.image.ref !== null)) {
        blind.set(mount.volumeKey, [...(blind.get(mount.volumeKey) ?? []), { service, mount }]);
        continue;
      }
      const steps = contentSteps(mount).filter((s) => s.effect.certainty === 'certain' && !removedLater(s, mount.image.steps));
      if (steps.length > 0) seeds.set(mount.volumeKey, [...(seeds.get(mount.volumeKey) ?? []), { service, mount, steps }]);
    }
  }
  const out: Array<{ use: SeedUse; unknown: UnknownUse[] }> = [];
  for (const [key, uses] of seeds) {
    for (const use of uses) {
      const unknown = (blind.get(key) ?? []).filter((u) => u.service !== use.service);
      if (unknown.length > 0 && !certain.has(use.mount)) out.push({ use, unknown });
    }
  }
  return out;
}

export default defineRule({
  id: 'VOL025',
  name: 'compose-shared-volume-seed',
  kind: 'compose',
  severity: 'warning',
  fixable: 'none',
  tags: ['compose', 'correctness'],
  messages: {
    shared: 'Volume {volume} is also mounted by {others}, whose image holds other files there; whichever container starts first seeds it, and the other image\'s {paths} ({step}) is hidden.',
    unknownOther: 'Volume {volume} is seeded from this image\'s {paths} ({step}), and also mounted by {others}, whose image\'s files volint does not know: if that image has files there and its container starts first, it seeds the volume and these files never reach it.',
  },
  docs: {
    summary: 'One named volume mounted by several services at paths where their images hold different files: the first container to start seeds it.',
    why:
      'A new, empty volume is seeded once, from the image of the first container that mounts it. When two services share a named volume and their images hold different files at their mount points, only one image\'s files end up in the volume, and which one depends on start order: `depends_on`, a `docker compose up web` that starts one service alone, a `run` that comes first (reproduced with docker-compose 1.29 and dockerd 20.10: the service that started first filled the volume and the other service saw its files instead of its own). After that the volume keeps them through every rebuild. volint reports a named volume when at least two services mount it over files their Dockerfiles put there (COPY, ADD, a RUN write) and the two are not the same Dockerfile stage at the same path. When one service\'s Dockerfile puts files there and another service mounts the volume with an image volint knows only from its catalogue (`image:` alone: its VOLUMEs and user, never its files) or not at all, whether that image competes is not known: the finding is possible (a note, hidden by `--min-confidence likely`), says which side is known and which is not, and asks for `nocopy` on the other side or a look inside the image (nginx ships index.html in /usr/share/nginx/html, so an nginx that starts first wins).',
    bad: 'services:\n  app:\n    build:\n      context: .\n      target: app\n    volumes:\n      - static:/app/static\n  proxy:\n    build:\n      context: .\n      target: proxy\n    volumes:\n      - static:/usr/share/nginx/html\nvolumes:\n  static:\n',
    good: 'services:\n  app:\n    build:\n      context: .\n      target: app\n    volumes:\n      - static:/app/static\n  proxy:\n    build:\n      context: .\n      target: proxy\n    volumes:\n      - static:/srv/static:ro\nvolumes:\n  static:\n',
    dockerfile: 'FROM node:20-slim AS app\nWORKDIR /app\nCOPY static/ /app/static/\nCOPY . .\n\nFROM nginx:1.27 AS proxy\nCOPY public/ /usr/share/nginx/html/\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\n',
    fix: 'Let exactly one service provide the files: mount the volume in the others with `nocopy` (and `ro`) at a path their images leave empty, or build the files into each image and drop the shared volume.',
    references: [REFERENCES.storageVolumes, 'https://docs.docker.com/reference/compose-file/services/#depends_on'],
  },
  check(model, context) {
    const certain = competingSeeds(model);
    for (const { use, unknown } of unknownSeeds(model, certain)) {
      const volume = use.mount.volumeKey!;
      const others = unknown.map((u) => `${u.service.name} (${imageName(u.service).replace(/^the image /, '')} at ${u.mount.target})`).join(', ');
      context.report({
        range: use.mount.location.range,
        file: use.mount.location.file,
        messageId: 'unknownOther',
        data: { volume, others, paths: listPaths(use.steps), step: describeStep(use.steps[0]!) },
        explanation: [
          `Known: service ${use.service.name} mounts volume ${volume} at ${use.mount.target}, where its image holds ${listPaths(use.steps)}, so a container of ${use.service.name} that starts first seeds the volume with them.`,
          `Not known: what ${unknown.map((u) => `${imageName(u.service)} holds at ${u.mount.target} (service ${u.service.name})`).join(', and ')}. volint knows such an image from its catalogue only (its VOLUMEs and user, not its files), or not at all.`,
          `If that image has files there (nginx, for one, ships index.html and 50x.html in /usr/share/nginx/html) and its container starts first, the volume is seeded with them and ${use.service.name}'s files never reach it, on this machine and after every rebuild. If it has nothing there, ${use.service.name} seeds the volume whatever the order, and nothing is wrong.`,
          `Fix: mount the volume in ${unknown.map((u) => u.service.name).join(', ')} with nocopy (long syntax: volume: {nocopy: true}) so that only ${use.service.name} seeds it, or check the image (docker run --rm IMAGE ls -A PATH).`,
        ],
        related: [
          ...use.steps.slice(0, 3).map((s) => stepLocation(s, `${describeStepHere(s)} puts ${s.effect.path} in ${use.service.name}'s image`)),
          ...unknown.map((u) => composeLocation(u.mount.location, `service ${u.service.name} mounts ${volume} at ${u.mount.target}`)),
        ],
        // Whether the other image competes is not known.
        confidence: 'possible',
      });
    }
    for (const { use, others } of certain.values()) {
      const volume = use.mount.volumeKey!;
      const first = use.steps[0]!;
      const related: RelatedLocation[] = [
        ...use.steps.slice(0, 3).map((s) => stepLocation(s, `${describeStepHere(s)} puts ${s.effect.path} in ${use.service.name}'s image`)),
        ...others.flatMap((o) => [
          composeLocation(o.mount.location, `service ${o.service.name} mounts ${volume} at ${o.mount.target}`),
          ...o.steps.slice(0, 2).map((s) => stepLocation(s, `${describeStepHere(s)} puts ${s.effect.path} in ${o.service.name}'s image`)),
        ]),
      ];
      context.report({
        range: use.mount.location.range,
        file: use.mount.location.file,
        messageId: 'shared',
        data: { volume, others: others.map((o) => `${o.service.name} (at ${o.mount.target})`).join(', '), paths: listPaths(use.steps), step: describeStep(first) },
        explanation: [
          `Service ${use.service.name} mounts volume ${volume} at ${use.mount.target}, where its image holds ${listPaths(use.steps)}; ${others.map((o) => `${o.service.name} mounts it at ${o.mount.target}, where its image holds ${listPaths(o.steps)}`).join('; ')}.`,
          `The volume is seeded once, from the image of whichever container starts first; the other services then see those files instead of their own, and keep seeing them after every rebuild (a new image never reaches a volume that is not empty).`,
          `Fix: let one service provide the files and mount the volume in the others with nocopy, or build the files into each image.`,
        ],
        related,
        confidence: 'certain',
      });
    }
  },
});
