import { defineRule } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { hiddenContentEvidence, writtenMounts } from '../src/compose/query.js';

export default defineRule({
  id: 'VOL023',
  name: 'compose-nocopy-hides-content',
  kind: 'compose',
  severity: 'warning',
  fixable: 'none',
  tags: ['compose', 'correctness'],
  messages: {
    nocopy: 'volume.nocopy over {target}: the new volume starts empty and hides {paths}, which the image holds there ({step}).',
  },
  docs: {
    summary: 'A volume mounted with `nocopy` over a path where the image has files: the container sees an empty directory.',
    why:
      'Without `nocopy`, Docker seeds a new, empty volume with what the image holds at the mount point. `volume: {nocopy: true}` (or the short mode `:nocopy`) turns that off: the volume stays empty, and because a volume hides the image content under it, the container finds nothing where the image put its files (reproduced with docker-compose 1.29 and dockerd 20.10: the image\'s index.html was missing under a nocopy volume and present under the same volume without it). That is right for a volume that another service fills, and wrong for one that the image was meant to fill. volint reports `nocopy` when the service\'s Dockerfile puts files at or below the mount point (COPY, ADD, a RUN write) and no deeper mount restores them.',
    bad: 'services:\n  web:\n    build: .\n    volumes:\n      - type: volume\n        source: assets\n        target: /usr/share/nginx/html\n        volume:\n          nocopy: true\nvolumes:\n  assets:\n',
    good: 'services:\n  web:\n    build: .\n    volumes:\n      - type: volume\n        source: uploads\n        target: /var/lib/app/uploads\n        volume:\n          nocopy: true\nvolumes:\n  uploads:\n',
    dockerfile: 'FROM nginx:1.27\nCOPY dist/ /usr/share/nginx/html/\n',
    fix: 'Remove `nocopy` so that the first container seeds the volume from the image, or mount the volume at a path the image leaves empty.',
    references: [REFERENCES.storageVolumes, 'https://docs.docker.com/reference/compose-file/services/#long-syntax-5'],
  },
  check(model, context) {
    for (const service of model.services) {
      for (const mount of writtenMounts(service)) {
        if ((mount.cover !== 'named-volume' && mount.cover !== 'anonymous-volume') || !mount.nocopy) continue;
        const evidence = hiddenContentEvidence(service, mount, 'nocopy keeps it out of the volume');
        if (!evidence) continue;
        context.report({
          range: mount.location.range,
          file: mount.location.file,
          messageId: 'nocopy',
          data: evidence.data,
          explanation: [
            evidence.stepsSentence,
            `With nocopy, Docker does not copy that content into the new, empty ${mount.cover === 'named-volume' ? `volume ${mount.volumeKey}` : 'anonymous volume'}; the volume then hides ${mount.target} of the image, so ${service.name} sees an empty directory there${mount.cover === 'named-volume' ? ' unless another container has already filled the volume' : ''}.`,
            'Fix: remove nocopy, or mount the volume where the image keeps no files.',
          ],
          related: evidence.related,
          confidence: evidence.confidence,
        });
      }
    }
  },
});
