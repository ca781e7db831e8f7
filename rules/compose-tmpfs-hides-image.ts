import { defineRule } from '../src/engine/types.js';
import { hiddenContentEvidence, writtenMounts } from '../src/compose/query.js';

export default defineRule({
  id: 'VOL026',
  name: 'compose-tmpfs-hides-image',
  kind: 'compose',
  severity: 'warning',
  fixable: 'none',
  tags: ['compose', 'correctness'],
  messages: {
    hides: 'The tmpfs at {target} starts empty and hides {paths}, which the image holds there ({step}).',
  },
  docs: {
    summary: 'A tmpfs mounted over a path where the image has files: the container sees an empty directory.',
    why:
      'A tmpfs mount is an empty in-memory file system; nothing is ever copied into it from the image. Mounted over a directory the image fills, it hides that content for the life of the container (reproduced with docker-compose 1.29 and dockerd 20.10: a config file the build wrote was gone under `tmpfs: /app/config`). tmpfs is meant for scratch space (/tmp, /run, caches); over code, configuration or assets the application starts without them. volint reports a tmpfs when the service\'s Dockerfile puts files at or below it (COPY, ADD, a RUN write) and no deeper mount restores them; an empty directory (mkdir) is not content.',
    bad: 'services:\n  app:\n    build: .\n    read_only: true\n    tmpfs:\n      - /app/config\n',
    good: 'services:\n  app:\n    build: .\n    read_only: true\n    tmpfs:\n      - /app/cache\n',
    dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY config/ /app/config/\nRUN mkdir /app/cache\nCOPY . .\n',
    fix: 'Mount the tmpfs at a path the image leaves empty (a cache or run directory), or let the application write its scratch files elsewhere.',
    references: ['https://docs.docker.com/engine/storage/tmpfs/', 'https://docs.docker.com/reference/compose-file/services/#tmpfs'],
  },
  check(model, context) {
    for (const service of model.services) {
      for (const mount of writtenMounts(service)) {
        if (mount.cover !== 'tmpfs') continue;
        const evidence = hiddenContentEvidence(service, mount, 'the tmpfs hides it');
        if (!evidence) continue;
        context.report({
          range: mount.location.range,
          file: mount.location.file,
          messageId: 'hides',
          data: evidence.data,
          explanation: [
            evidence.stepsSentence,
            `A tmpfs starts empty (nothing is copied from the image) and is mounted over ${mount.target}, so ${service.name} does not see those files; whatever it writes there is lost when the container stops.`,
            'Fix: mount the tmpfs where the image keeps no files.',
          ],
          related: evidence.related,
          confidence: evidence.confidence,
        });
      }
    }
  },
});
