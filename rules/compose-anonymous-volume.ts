import { defineRule, type Confidence, type RelatedLocation } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { overlaps } from '../src/model/paths.js';
import { composeLocation, imageName, writtenMounts } from '../src/compose/query.js';

export default defineRule({
  id: 'VOL022',
  name: 'compose-anonymous-volume',
  kind: 'compose',
  severity: 'warning',
  fixable: 'none',
  tags: ['compose', 'data-loss'],
  messages: {
    unmounted: 'Service {service} does not mount {paths}, {volumes} of {image}: Compose creates an anonymous volume there, re-attaches it on every recreate, and `down` leaves it behind.',
  },
  docs: {
    summary: "An image VOLUME the service does not mount: the data goes into an anonymous volume that Compose keeps re-attaching.",
    why:
      'For every VOLUME of the image (its own Dockerfile\'s or the base image\'s) that no entry of the service mounts, Docker creates an anonymous volume named by a random hash. Compose carries it over when it recreates the container (`up` after a change, `--force-recreate`), so the data seems to persist, until someone runs `down -v`, `up -V` or `docker volume prune`, or moves the project: then it is gone, because nothing names it. `docker compose down` without `-v` leaves it behind, and every `docker compose run` makes another. A database without a named volume is the classic case: its data lives only in such a volume (reproduced with docker-compose 1.29 and dockerd 20.10: the anonymous volume survived `up --force-recreate` and was replaced, empty, by `up -V`). volint reports an image VOLUME when the service mounts nothing at, above or below it, and mounts none of the image\'s other VOLUMEs either (a service that names the data volume and leaves a secondary one anonymous made a choice); a service whose volumes another service takes with `volumes_from` (a data container) is left alone.',
    bad: 'services:\n  db:\n    image: postgres:16\n',
    good: 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:\n',
    fix: 'Mount a named volume at the path (`pgdata:/var/lib/postgresql/data` with `pgdata:` under the top-level `volumes:`) so the data has a name and survives `up -V`; for scratch data that need not survive, mount a tmpfs there instead.',
    references: [REFERENCES.storageVolumes, REFERENCES.composeRenew, 'https://docs.docker.com/reference/cli/docker/compose/down/'],
  },
  check(model, context) {
    // Services whose volumes another service takes with volumes_from: the data-container pattern, where the anonymous volume is the point.
    const dataContainers = new Set(model.services.flatMap((s) => s.volumesFrom.filter((f) => f.kind === 'service').map((f) => f.name)));
    for (const service of model.services) {
      if (dataContainers.has(service.name)) continue;
      const written = writtenMounts(service);
      const volumesFrom = service.mounts.filter((m) => m.cover === 'volumes-from');
      // The service names one of the image's volumes: the others were left anonymous on purpose.
      if (service.imageVolumes.some((v) => v.mountedBy !== null)) continue;
      const unmounted = service.imageVolumes.filter((volume) => ![...written, ...volumesFrom].some((m) => m.target !== null && overlaps(m.target, volume.path)));
      if (unmounted.length === 0) continue;
      const own = unmounted.every((v) => v.origin === 'dockerfile');
      // A catalogue entry or a base image's VOLUME may differ for the tag actually pulled.
      const confidence: Confidence = own ? 'certain' : 'likely';
      const related: RelatedLocation[] = [];
      for (const volume of unmounted) {
        if (volume.site) related.push(composeLocation(volume.site, volume.origin === 'dockerfile' ? `VOLUME ${volume.path} is declared here` : `the base image declares VOLUME ${volume.path}`));
      }
      const paths = unmounted.map((v) => v.path).join(', ');
      const knowledge = [...new Set(unmounted.filter((v) => v.origin !== 'dockerfile' && v.knowledge).map((v) => v.knowledge!))];
      const first = unmounted[0]!.path;
      context.report({
        range: service.location.range,
        file: service.location.file,
        messageId: 'unmounted',
        data: { service: service.name, paths, image: imageName(service), volumes: unmounted.length === 1 ? 'a VOLUME' : 'VOLUMEs' },
        explanation: [
          `${imageName(service)} declares VOLUME ${paths}${knowledge.length > 0 ? ` (${knowledge.join('; ')})` : ''}, and no entry of service ${service.name} mounts ${unmounted.length === 1 ? 'it' : 'them'}, so each new container gets an anonymous volume there, named by a random hash.`,
          `Compose re-attaches ${unmounted.length === 1 ? 'that volume' : 'those volumes'} when it recreates the container, so the data appears to persist; \`docker compose up -V\`, \`down -v\` or \`docker volume prune\` removes ${unmounted.length === 1 ? 'it' : 'them'}, and \`docker compose down\` leaves ${unmounted.length === 1 ? 'it' : 'them'} behind as dangling volumes.`,
          `Fix: mount a named volume there (\`- ${service.name}-data:${first}\` and \`${service.name}-data:\` under the top-level \`volumes:\`), or a tmpfs if the data is scratch.`,
        ],
        related,
        confidence,
      });
    }
  },
});
