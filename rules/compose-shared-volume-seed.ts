import { defineRule, type RelatedLocation } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { competingSeeds, composeLocation, describeStep, describeStepHere, seedContent, stepLocation, type SeedUse } from '../src/compose/query.js';

export default defineRule({
  id: 'VOL025',
  name: 'compose-shared-volume-seed',
  kind: 'compose',
  severity: 'warning',
  fixable: 'none',
  tags: ['compose', 'correctness'],
  messages: {
    shared: 'Volume {volume} is also mounted by {others}, whose image holds other files there; whichever container starts first seeds it, and the other image\'s {paths} ({step}) is hidden.',
    sharedOfficial: 'Volume {volume} is also mounted by {others}, whose image holds other files there; whichever container starts first seeds it, and the other image\'s files are hidden (here {paths}, from the official image {step}).',
  },
  docs: {
    summary: 'One named volume mounted by several services at paths where their images hold different files: the first container to start seeds it.',
    why: "A new, empty volume is seeded once, from the image of the first container that mounts it. When two services share a named volume and their images hold different files at their mount points, only one image's files end up in the volume, and which one depends on start order: `depends_on`, a `docker compose up web` that starts one service alone, a `run` that comes first (reproduced with docker-compose 1.29 and dockerd 20.10: the service that started first filled the volume and the other service saw its files instead of its own). After that the volume keeps them through every rebuild.",
    reports: [
      "A named volume when at least two services mount it over files their Dockerfiles put there (COPY, ADD, a RUN write) and the two are not the same Dockerfile stage at the same path.",
      "Where a service's Dockerfile puts nothing there, or it runs an `image:`, the files an official image holds there count when its public Dockerfile says so (nginx's default index.html and 50x.html in /usr/share/nginx/html), and the finding is likely.",
    ],
    notReported: [
      "Files of an image volint cannot see: they count for nothing, since the image may hold nothing there, or start later.",
    ],
    bad: 'services:\n  app:\n    build:\n      context: .\n      target: app\n    volumes:\n      - static:/app/static\n  proxy:\n    build:\n      context: .\n      target: proxy\n    volumes:\n      - static:/usr/share/nginx/html\nvolumes:\n  static:\n',
    good: 'services:\n  app:\n    build:\n      context: .\n      target: app\n    volumes:\n      - static:/app/static\n  proxy:\n    build:\n      context: .\n      target: proxy\n    volumes:\n      - static:/srv/static:ro\nvolumes:\n  static:\n',
    dockerfile: 'FROM node:20-slim AS app\nWORKDIR /app\nCOPY static/ /app/static/\nCOPY . .\n\nFROM nginx:1.27 AS proxy\nCOPY public/ /usr/share/nginx/html/\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\n',
    fix: 'Let exactly one service provide the files: mount the volume in the others with `nocopy` (and `ro`) at a path their images leave empty, or build the files into each image and drop the shared volume.',
    references: [REFERENCES.storageVolumes, 'https://docs.docker.com/reference/compose-file/services/#depends_on'],
  },
  check(model, context) {
    /** The step that puts the use's files there, or the image they come from. */
    const origin = (use: SeedUse): string => (use.base ? use.base.ref.raw : describeStep(use.steps[0]!));
    for (const { use, others } of competingSeeds(model).values()) {
      const volume = use.mount.volumeKey!;
      const official = [use, ...others].filter((u) => u.base);
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
        messageId: use.base ? 'sharedOfficial' : 'shared',
        data: { volume, others: others.map((o) => `${o.service.name} (at ${o.mount.target})`).join(', '), paths: use.base ? use.base.content.holds : seedContent(use), step: origin(use) },
        explanation: [
          `Service ${use.service.name} mounts volume ${volume} at ${use.mount.target}, where its image holds ${seedContent(use)}; ${others.map((o) => `${o.service.name} mounts it at ${o.mount.target}, where its image holds ${seedContent(o)}`).join('; ')}.`,
          ...official.map((u) => `${u.base!.ref.raw} is an official image: its Dockerfile (${u.base!.content.source}) puts ${u.base!.content.holds} at ${u.base!.content.path}; volint reads that from the Dockerfile, not from the image.`),
          `The volume is seeded once, from the image of whichever container starts first; the other services then see those files instead of their own, and keep seeing them after every rebuild (a new image never reaches a volume that is not empty).`,
          `Fix: let one service provide the files and mount the volume in the others with nocopy, or build the files into each image.`,
        ],
        related,
        confidence: official.length > 0 ? 'likely' : 'certain',
      });
    }
  },
});
