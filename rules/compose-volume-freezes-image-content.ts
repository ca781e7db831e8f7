import { defineRule, type Confidence, type RelatedLocation } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { chainRoot } from '../src/model/query.js';
import { baseContent, baseImageRef, competingSeeds, composeLocation, contentSteps, developmentStack, sourceTreeBind, describeStep, describeStepHere, isRunStep, listPaths, removedLater, stepCertainty, stepLocation, stepsPutSentence, writtenMounts, type WrittenMount } from '../src/compose/query.js';
import { isWithin } from '../src/model/paths.js';
import { unusedDependencyDirectory } from '../src/compose/program-ecosystem.js';
import type { ImageContent } from '../src/model/image-content.js';
import type { ComposeModel, ComposeMount, ComposeService, ImageVolume } from '../src/compose/types.js';
import { volumeRefilledAtStart } from '../src/compose/start-refills.js';

/**
 * The other services of the project that mount the named volume `mount` mounts: they see what the
 * first image seeded it with, as long as the volume lives. One sentence and their mounts as related
 * locations; nothing when no other service mounts it.
 */
function otherMounts(model: ComposeModel, service: ComposeService, mount: WrittenMount, volumeName: string): { sentence: string | null; related: RelatedLocation[] } {
  const others: Array<{ service: ComposeService; mount: ComposeMount }> = [];
  for (const other of model.services) {
    if (other === service) continue;
    for (const m of other.mounts) {
      if ((m.cover === 'named-volume' || m.cover === 'volumes-from') && m.target !== null && m.volumeKey !== null && m.volumeKey === mount.volumeKey) others.push({ service: other, mount: m });
    }
  }
  if (others.length === 0) return { sentence: null, related: [] };
  const each = others.map(({ service: other, mount: m }) => `${other.name} at ${m.target}${m.subpath ? ` (its subpath ${m.subpath})` : ''}${m.readOnly ? ', read-only' : ''}${m.syntax === 'volumes-from' ? ', through volumes_from' : ''}`);
  const sentence = `The volume ${volumeName} is mounted by ${others.length === 1 ? 'another service' : 'other services'} too (${each.join('; ')}): ${others.length === 1 ? 'it reads' : 'they read'} the same first content, and a newer image of ${service.name} does not reach ${others.length === 1 ? 'it' : 'them'} either.`;
  const related = others.flatMap(({ service: other, mount: m }) => (m.location ? [composeLocation(m.location, `service ${other.name} mounts the same volume at ${m.target}`)] : []));
  return { sentence, related };
}

/**
 * The fix where the volume is at the path of an image VOLUME: dropping the entry would not help, since Docker then
 * mounts an anonymous volume there, seeded once and re-attached on recreate just the same (and compose-anonymous-volume
 * asks to name it). The files must leave the VOLUME (its line in the service's own Dockerfile, or a copy to a path
 * outside a base image's VOLUME), or the volume be renewed after every rebuild.
 */
function imageVolumeFix(volume: ImageVolume, target: string, volumeName: string, anonymous: boolean): string {
  const declared = volume.origin === 'dockerfile' ? 'the Dockerfile declares' : `the base image declares`;
  const out = volume.origin === 'dockerfile' ? `remove \`VOLUME ${volume.path}\` from the Dockerfile (or move the files the build puts there to a path outside it) and mount a volume only where the program writes data` : `copy the files to a path outside the base image's VOLUME ${volume.path} (and point the program there), and mount a volume at ${volume.path} only for data`;
  const renew = anonymous ? '`docker compose up -V` after every rebuild' : `\`docker volume rm ${volumeName}\` (or \`docker compose down -v\`, which also removes the project's other volumes) after every rebuild`;
  return `Fix: ${declared} VOLUME ${volume.path}, so dropping this entry would not help: Docker would mount an anonymous volume at ${target}, seeded once and re-attached on recreate the same way (and compose-anonymous-volume would ask for a name). Keep the image's files out of the volume: ${out}; until then, renew it with ${renew}.`;
}

export default defineRule({
  id: 'VOL021',
  name: 'compose-volume-freezes-image-content',
  kind: 'compose',
  severity: 'warning',
  fixable: 'none',
  tags: ['compose', 'correctness'],
  messages: {
    named: 'Volume {volume} over {target} is seeded once with what the image holds there ({step}); after a rebuild the container keeps the old content.',
    anonymous: 'The anonymous volume at {target} is seeded once with what the image holds there ({step}); Compose re-attaches it on recreate, so a rebuilt image does not reach it.',
    baseNamed: 'Volume {volume} over {target} is seeded once with what {image} holds there ({holds}); after a rebuild the container keeps the old content.',
    baseAnonymous: 'The anonymous volume at {target} is seeded once with what {image} holds there ({holds}); Compose re-attaches it on recreate, so a rebuilt image does not reach it.',
    unseenNamed: 'Volume {volume} over {target} may freeze installed software: volint cannot see the image {image}, but {target} holds {holds} {where}.',
    unseenAnonymous: 'The anonymous volume at {target} may freeze installed software: volint cannot see the image {image}, but {target} holds {holds} {where}.',
    restored:
      'The anonymous volume at {target} brings back what the image holds there under the bind mount of {host} ({step}), but Compose re-attaches it on recreate: after a rebuild the container keeps the first image\'s {what} until `up -V` renews it.',
  },
  docs: {
    summary: 'A named or anonymous volume over a path where the image puts content that changes with the image (code, dependencies, assets, configuration).',
    why: "A new, empty volume is seeded with what the image holds at its path, once. From then on the volume wins: it hides whatever later images put there. A named volume lives until `docker volume rm` or `down -v`; an anonymous volume is re-attached by Compose every time it recreates the container. So after `docker compose build` and `up`, the container runs the new image with the first image's dependencies, code or assets (reproduced with docker-compose 1.29 and dockerd 20.10: `deps:/app/node_modules` kept v1 after a rebuild to v2 while the code was v2). Bugs then appear only on machines that ran the project before, and disappear after `down -v`.",
    reports: [
      "A volume whose mount point holds files from COPY, ADD or a RUN write of the service's Dockerfile. Where other services of the project mount the same named volume (an nginx reading the configuration the application's image puts there), the explanation names them: they read the first image's content too.",
      "Files a `COPY --from=<stage>` of a parent directory brings there: what that stage's steps put below the copied directory (`COPY --from=build /usr/local/bundle/ /usr/local/bundle/` under a volume at /usr/local/bundle/gems, where the build stage's `bundle install` unpacked the gems into GEM_HOME, /usr/local/bundle in the official ruby images), followed through the stage's own copies of parent directories.",
      "A COPY of a whole context directory to a parent (`COPY . /home/app/web` under a volume at /home/app/web/project/static) is read in the build context on the disk, after `.dockerignore`: it seeds the volume with what the context holds at that path, and with nothing that changes where the context holds only keep files (`media/.gitkeep`; a README beside them, which explains the kept directory) or nothing there.",
      {
        text: "Where the Dockerfile puts nothing at the mount point, what the base image holds there counts when volint knows it without seeing the image:",
        items: [
          "an official image's installed software, read from its public Dockerfile (the python image's interpreter, pip and the commands `pip install` adds in /usr/local/bin, its packages in /usr/local/lib/python3.12/site-packages; node's /usr/local/lib/node_modules …);",
          "in an image it cannot see (not an official image), a runtime's package directory under /usr/local, which holds installed packages wherever an image has it at all (/usr/local/lib/python3.10/site-packages exists only where a Python was installed at /usr/local, with pip), with /usr/local/bin beside it when the service mounts that directory too: such a finding is possible and says what volint cannot see.",
        ],
      },
      "An anonymous volume that restores a path a bind mount hides (`.:/app` with `- /app/node_modules`), as a note (possible): it is the usual development pattern, and it goes stale the same way, since Compose re-attaches it when it recreates the container, so after `docker compose up --build` the new image's dependencies never reach it (reproduced with docker-compose 1.29 and dockerd 20.10: after a rebuild with a new package, `up` kept the old node_modules; `up -V` and a one-off `docker compose run` container saw the new one). It is only a note because it bites only when the dependencies change, and the project may already say to run `up -V`.",
    ],
    notReported: [
      "An empty directory (mkdir): it is not content.",
      "A dependency directory of another language than the service's program (a named volume or an anonymous one over node_modules mounted by a Celery worker whose start command runs only Python programs): the program never loads it. Read as in compose-bind-hides-image; an unknown start command counts as using it.",
      "A service started only with a profile: it is usually run with `docker compose run`, whose one-off containers get new anonymous volumes.",
      "An anonymous volume restoring a directory under the bind of the project's sources over its application directory (`.:/app` with `- /app/node_modules`) in a development stack, as VOL020 reads one (the project's own word: a compose file named or placed for development or tests or named for Play with Docker, a service running the tests, a purpose header, a build of the Dockerfile's development stage; docs/compose.md, Development stacks): the developers install again or renew the volume themselves, and VOL020 leaves that bind's dependencies out there for the same reason. Held-out set 11: WebODM's docker-compose.dev.yml restores its virtual environment so under `.:/webodm` in two services, judged not worth it (its development start reinstalls, and its script runs `down` before `up`, which gives new anonymous volumes). `compose.deployed` reports it again, and the explanation names the evidence.",
      "A volume that several services' images compete to seed: that is compose-shared-volume-seed's finding.",
      "What a service of the project installs into the volume again at every start: a service built from the same Dockerfile (target and args), started at every `up` (or the service itself), mounts the same volume writable and its command line certainly runs the same installer the image's RUN ran, into the same place of the volume (`bundle install` with BUNDLE_PATH=/bundles from the image's ENV, into `gems:/bundles`; the command is read with the container's environment: the image's ENV under `environment:`). The volume then holds what the manifest asks at each `up`, as the rebuilt image would; what it no longer asks may linger there, unused. A volume whose image content also comes from another step (a COPY, another tool), or whose installer writes elsewhere or runs only with a profile, is still reported. A service that starts before the installer is done (without waiting for it, as a checksum sentinel or `depends_on` with `service_completed_successfully` makes it do) may run once with the previous content.",
    ],
    bad: 'services:\n  web:\n    build: .\n    volumes:\n      - deps:/app/node_modules\nvolumes:\n  deps:\n',
    good: 'services:\n  web:\n    build: .\n',
    dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
    fix: 'Do not mount a volume over what the image provides: drop the volume, or mount it at a path the image leaves empty (data, uploads, caches). If it must stay, recreate it after every rebuild: `docker compose up -V` renews anonymous volumes; a named volume needs `docker compose down -v` or `docker volume rm`. For the development pattern (a bind of the sources with an anonymous volume restoring node_modules), start with `docker compose up --build -V` after changing the dependencies, or install them outside the bound directory (`NODE_PATH`, yarn\'s `--modules-folder`) so that no volume is needed. Where the path is a VOLUME of the image (its own Dockerfile\'s or the base image\'s), dropping the entry does not help: Docker mounts an anonymous volume there instead, seeded once and re-attached on recreate the same way, and compose-anonymous-volume asks to name it; the finding then says to keep the files out of the VOLUME (remove the VOLUME line, or copy them to a path outside a base image\'s VOLUME) and to renew the volume after each rebuild until then.',
    references: [REFERENCES.storageVolumes, REFERENCES.composeRenew, 'https://docs.docker.com/reference/compose-file/volumes/'],
  },
  check(model, context) {
    // The project's development or test stack evidence as VOL020 reads it: its own word, not the bind of the sources itself.
    const stack = developmentStack(model);
    const development = stack !== null && stack.kind !== 'source-bind' ? stack : null;
    /** A volume over software the base image holds (src/model/image-content.ts), where the Dockerfile puts nothing. */
    const reportBase = (service: ComposeService, mount: WrittenMount, base: ImageContent): void => {
      const ref = baseImageRef(service, mount)!;
      const anonymous = mount.cover === 'anonymous-volume';
      const volumeName = mount.volume ? mount.volume.name : (mount.volumeKey ?? 'volume');
      const unseen = base.basis === 'unseen';
      const related: RelatedLocation[] = [];
      const image = service.image;
      if (image.kind === 'build') {
        related.push({ file: image.model.file, range: chainRoot(image.stage).from.range, message: `the image starts from ${ref.raw}${unseen ? ', which volint cannot see' : ''}` });
      }
      related.push(composeLocation(service.location, `service ${service.name}`));
      const shared = anonymous ? { sentence: null, related: [] } : otherMounts(model, service, mount, mount.volumeKey ?? volumeName);
      related.push(...shared.related);
      const what = base.path === mount.target ? mount.target : `${base.path} (below ${mount.target})`;
      context.report({
        range: mount.location.range,
        file: mount.location.file,
        messageId: unseen ? (anonymous ? 'unseenAnonymous' : 'unseenNamed') : anonymous ? 'baseAnonymous' : 'baseNamed',
        data: { volume: mount.volumeKey ?? volumeName, target: mount.target, image: unseen ? ref.raw : `${image.kind === 'build' ? 'the base image' : 'the image'} ${ref.raw}`, holds: base.holds, where: base.where },
        explanation: [
          unseen
            ? `volint cannot see what ${ref.raw} holds (it is not an official image${image.kind === 'build' ? `, and no step of ${image.build.dockerfile} puts files at ${mount.target}` : ''}). ${base.reason}`
            : `${ref.raw} is an official image; its Dockerfile (${base.source}) puts ${base.holds} at ${what}.`,
          `The first time ${service.name} starts, the volume is empty and Docker seeds it with what the image holds at ${mount.target}. From then on the volume hides ${mount.target} of every newer image: after a rebuild (new dependencies, a newer base image) the container still runs the first image's software there, so a package added since is missing and a removed one lingers.`,
          anonymous
            ? `Compose re-attaches the same anonymous volume each time it recreates ${service.name}'s container, so only \`docker compose up -V\` or \`down -v\` replaces it.`
            : `The named volume ${volumeName} outlives containers and rebuilds; only \`docker compose down -v\` or \`docker volume rm ${volumeName}\` lets a new image seed it again.`,
          ...(shared.sentence ? [shared.sentence] : []),
          unseen
            ? `If ${ref.raw} has nothing there, the volume keeps only what containers install there at run time, which the next image does not have either. Fix: drop the volume and install the software in the image; mount volumes where the image keeps no files (data, caches).`
            : `Fix: drop the volume; installed software belongs in the image (a cache of downloads, such as pip's or npm's, may live in a volume).`,
        ],
        related,
        confidence: unseen ? 'possible' : 'likely',
      });
    };
    /**
     * An anonymous volume that brings back, under a bind of the sources, what the build put there
     * (`.:/app` with `- /app/node_modules`): seeded once, re-attached on every recreate. A note: it
     * matters when the dependencies change. A service only started with a profile is usually run
     * with `docker compose run`, whose one-off container gets a new anonymous volume each time.
     */
    const reportRestored = (service: ComposeService, mount: WrittenMount, bind: WrittenMount): void => {
      if (service.profiles.length > 0) return;
      // In a development stack (the project's own word, as VOL020 reads it) the bind of the project's sources and the
      // dependency directory it restores are the developers' pattern: they install again or renew the volume themselves
      // (VOL020 leaves that bind's dependencies out there too), unless the user says the files are deployed as written.
      const sourceBind = development !== null && sourceTreeBind(service, bind);
      if (sourceBind && !model.deployed) return;
      const steps = contentSteps(mount).filter((s) => !removedLater(s, mount.image.steps) && !volumeRefilledAtStart(model, service, mount, s));
      if (steps.length === 0) return;
      const first = steps[0]!;
      const host = bind.sourceRaw ?? bind.hostPath ?? 'the host directory';
      const what = steps.some(isRunStep) ? 'dependencies' : 'files';
      const related: RelatedLocation[] = steps.slice(0, 5).map((s) => stepLocation(s, `${describeStepHere(s)} puts ${s.effect.path} in the image: it seeds the anonymous volume once`));
      related.push(composeLocation(bind.location, `the bind mount of ${host} this volume restores ${mount.target} under`));
      related.push(composeLocation(service.location, `service ${service.name}`));
      context.report({
        range: mount.location.range,
        file: mount.location.file,
        messageId: 'restored',
        data: { target: mount.target, host, step: describeStep(first), what },
        explanation: [
          `${stepsPutSentence(steps)}. The bind mount of ${host} over ${bind.target} hides it; the anonymous volume at ${mount.target} brings the image's copy back, seeded from the image the first time ${service.name} starts.`,
          `Compose keeps that volume: each time it recreates ${service.name}'s container (\`docker compose up\` after \`build\`, a changed image or configuration) it re-attaches the previous container's anonymous volumes to keep their data, so the rebuilt image's ${listPaths(steps)} never reaches the container: a package added since is missing, a removed one lingers. Only \`docker compose up -V\` (--renew-anon-volumes) or \`down -v\` seeds it again; a one-off \`docker compose run\` container gets a new one.`,
          ...(sourceBind && development !== null ? [`The bind brings the project's sources over the application directory, and the project looks like a development stack (${development.words}), whose developers install again or renew the volume themselves: not reported by default; the configuration says these compose files are deployed as written (\`compose.deployed\`, \`--compose-deployed\`), so it is reported.`] : []),
          `Fix: run \`docker compose up --build -V\` after changing the dependencies (and say so in the project's instructions), or install them outside the bound directory (NODE_PATH, yarn's --modules-folder, a virtual environment outside the project) so that no volume is needed.`,
        ],
        related,
        confidence: 'possible',
      });
    };
    // A volume several images compete to seed: compose-shared-volume-seed tells that story, staleness included.
    const competing = competingSeeds(model);
    for (const service of model.services) {
      const mounts = writtenMounts(service);
      for (const mount of mounts) {
        if (mount.cover !== 'named-volume' && mount.cover !== 'anonymous-volume') continue;
        // nocopy: nothing is seeded (compose-nocopy-hides-content says what that hides).
        if (mount.nocopy || mount.subpath) continue;
        // An anonymous volume restoring a path a bind mount hides: the development pattern (a note of its own).
        const bind = mount.cover === 'anonymous-volume' ? mounts.find((m) => m.cover === 'bind' && m !== mount && isWithin(mount.target, m.target) && m.target !== mount.target) : undefined;
        if (bind) {
          // A dependency directory of another language than the service's program (node_modules under a Celery worker's `.:/app`): it never loads it.
          if (mount.target !== null && unusedDependencyDirectory(service, mount.target) !== null) continue;
          reportRestored(service, mount, bind);
          continue;
        }
        if (mount.volume?.external || competing.has(mount)) continue;
        const seeded = contentSteps(mount).filter((s) => !removedLater(s, mount.image.steps));
        if (seeded.length === 0) {
          const base = baseContent(service, mount);
          if (base?.kind === 'software') reportBase(service, mount, base);
          continue;
        }
        // What a service of the project installs there again at every `up` (its command runs the same installer into the volume) does not stay stale.
        // A dependency directory of another language than the service's program (a Python worker's node_modules volume): what it freezes is never loaded there.
        const steps = seeded.filter((s) => !volumeRefilledAtStart(model, service, mount, s) && unusedDependencyDirectory(service, s.effect.path) === null);
        if (steps.length === 0) continue;
        const first = steps[0]!;
        const certain = steps.some((s) => stepCertainty(s) === 'certain');
        const confidence: Confidence = certain ? 'certain' : 'possible';
        const volumeName = mount.volume ? mount.volume.name : (mount.volumeKey ?? 'volume');
        const related: RelatedLocation[] = steps.slice(0, 5).map((s) => stepLocation(s, `${describeStepHere(s)} puts ${s.effect.path} in the image: it seeds the volume once`));
        related.push(composeLocation(service.location, `service ${service.name}`));
        const anonymous = mount.cover === 'anonymous-volume';
        const shared = anonymous ? { sentence: null, related: [] } : otherMounts(model, service, mount, mount.volumeKey ?? volumeName);
        related.push(...shared.related);
        const lifetime = anonymous
          ? `Compose re-attaches the same anonymous volume each time it recreates ${service.name}'s container (to keep its data), so the content of the first image stays; only \`docker compose up -V\` (--renew-anon-volumes) or \`down -v\` replaces it.`
          : `The named volume ${volumeName} outlives containers and rebuilds; only \`docker compose down -v\` or \`docker volume rm ${volumeName}\` lets a new image seed it again (\`up -V\` renews anonymous volumes, not named ones).`;
        context.report({
          range: mount.location.range,
          file: mount.location.file,
          messageId: anonymous ? 'anonymous' : 'named',
          data: { volume: mount.volumeKey ?? volumeName, target: mount.target, step: describeStep(first) },
          explanation: [
            `${stepsPutSentence(steps)}.`,
            `The first time ${service.name} starts, the volume is empty and Docker seeds it with what the image holds at ${mount.target}. From then on the volume hides ${mount.target} of every newer image: after a rebuild, the container runs the new image with the old ${listPaths(steps)}${steps.some(isRunStep) ? ' (new dependencies a RUN installs are missing, removed ones linger)' : ''}.`,
            lifetime,
            ...(shared.sentence ? [shared.sentence] : []),
            mount.replacesImageVolume ? imageVolumeFix(mount.replacesImageVolume, mount.target, volumeName, anonymous) : `Fix: drop the volume, or mount it where the image keeps no files (data, uploads, caches).`,
          ],
          related: mount.replacesImageVolume?.site
            ? [...related, composeLocation(mount.replacesImageVolume.site, mount.replacesImageVolume.origin === 'dockerfile' ? `VOLUME ${mount.replacesImageVolume.path} is declared here` : `the base image declares VOLUME ${mount.replacesImageVolume.path}`)]
            : related,
          confidence,
        });
      }
    }
  },
});
