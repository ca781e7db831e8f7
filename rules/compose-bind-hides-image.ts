import { basename, posix } from 'node:path';
import { defineRule, type Confidence, type RelatedLocation } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { composeLocation, describeStepHere, developmentStack, sourceTreeBind, restoresOver, contentSteps, deeperMountAt, describeStep, isContextCopy, isRunStep, listPaths, placeholdersSentence, removedLater, stageToolsSentence, stepCertainty, stepLocation, stepsPutSentence, writtenMounts } from '../src/compose/query.js';
import type { ComposeService, ImageStep } from '../src/compose/types.js';
import type { DevelopmentEvidence } from '../src/compose/query.js';
import { hostFilledAtStart } from '../src/compose/start-refills.js';
import { isWithin } from '../src/model/paths.js';
import { unusedDependencyDirectory } from '../src/compose/program-ecosystem.js';

/** What a step brings that the host directory does not hold: the build's own output, or another stage's files. */
function buildProduct(step: ImageStep): boolean {
  // A COPY --from of a stage that holds only files it copied from the build context there, unless a
  // tool whose writes volint cannot follow ran there too (possible build output).
  return !isContextCopy(step) && (!step.stageContext || step.stageContext.tools.length > 0);
}

/**
 * A `yarn install` whose node_modules a `.yarnrc` beside it (or above it) moves out of the directory
 * (`--modules-folder /node_modules`, the layout that survives a bind of the sources): it wrote nothing here.
 */
function installedElsewhere(service: ComposeService, step: ImageStep): boolean {
  const path = step.effect.path;
  if (!step.effect.command.startsWith('RUN yarn') || !path.endsWith('/node_modules')) return false;
  const dir = path.slice(0, -'/node_modules'.length) || '/';
  for (const [rcDir, folder] of service.yarnModulesFolders) {
    if (isWithin(dir, rcDir) && !isWithin(folder, dir)) return true;
  }
  return false;
}

/**
 * The service's own command line makes the step's path again in the bind every time the container
 * starts (`command: sh -c "npm ci && npm run dev"` over the image's `RUN npm ci`): what the build put
 * there is not needed (ComposeService.startWrites).
 */
function remadeAtStart(service: ComposeService, step: ImageStep): boolean {
  const path = step.effect.path;
  return service.startWrites.some((w) => w.path === path || (w.recursive && isWithin(path, w.path)));
}

/**
 * The container copies the step's files back into the bind at every start, from a copy of the
 * directory the image keeps and no mount hides (`RUN cp -a /app /opt/app-dist` after the step, then
 * `cp -a /opt/app-dist/. /app` in the image's start script): ComposeService.startRestores.
 */
function restoredAtStart(service: ComposeService, step: ImageStep): boolean {
  return restoresOver(service, step).some((r) => r.gap === null);
}

/**
 * Where the start copies a kept copy back over hidden files that copy lacks (made before the steps
 * wrote them, or `DIR/*` without their dot names): a sentence saying so, with the copy's step as a
 * related location; '' when no restore reaches them.
 */
function restoreLacks(service: ComposeService, hidden: ImageStep[]): { sentence: string; related: RelatedLocation | null } {
  const lacking = hidden.flatMap((step) => restoresOver(service, step).filter((r) => r.gap !== null).map((r) => ({ step, restore: r.restore, gap: r.gap! })));
  if (lacking.length === 0 || service.image.kind !== 'build') return { sentence: '', related: null };
  const { restore, gap } = lacking[0]!;
  const steps = lacking.filter((l) => l.restore === restore && l.gap === gap).map((l) => l.step);
  const where = restore.where.kind === 'script' ? `the image's start script ${restore.where.path} (line ${restore.where.line})` : `the service's command line`;
  const keptLine = restore.kept.instruction.range.start.line + 1;
  const file = service.image.model.file;
  const when = restore.when ? ` when ${restore.when.path} is missing` : '';
  if (gap === 'condition') {
    const holds = restore.when?.hostHolds === true ? 'the host directory holds it, so the copy is not made' : 'volint cannot tell whether the host directory holds it';
    return { sentence: ` ${where[0]!.toUpperCase()}${where.slice(1)} copies ${restore.from} back into ${restore.path}${when} (${restore.command}), but ${holds}.`, related: null };
  }
  const reason = gap === 'dot' ? `\`${restore.from}/*\` leaves out names that start with a dot` : `the build made that copy (${restore.kept.command} at ${file}:${keptLine}) before these steps wrote there; made after them, it would bring them back`;
  return {
    sentence: ` ${restore.when ? 'At the first start' : 'At every start'}, ${where} copies ${restore.from} back into ${restore.path}${when} (${restore.command}), but that copy lacks ${listPaths(steps)}: ${reason}.`,
    related: { file, range: restore.kept.range, message: `${restore.kept.command} keeps the copy of ${restore.path} that the start copies back, without ${listPaths(steps)}` },
  };
}

/**
 * A program `go build` compiled that the container never runs: its start command compiles and runs a
 * package from the bound sources instead (`go run .`, ComposeService.startSourceRuns), and does not
 * start the hidden program itself (photoview's development stack: `reflex -s -- go run .` in the bound
 * /app/api, over the image's /app/api/photoview).
 */
function unusedGoBuild(service: ComposeService, target: string, step: ImageStep): boolean {
  if (!/(^|\s)go build$/.test(step.effect.command)) return false;
  const built = (program: string): boolean => program === step.effect.path || (step.effect.recursive && isWithin(program, step.effect.path));
  const started = service.start?.built?.path;
  if ((started !== undefined && built(started)) || service.startPrograms.some(built)) return false;
  return service.startSourceRuns.some((run) => isWithin(run.path, target));
}

/** Whether the step brings the output of a tool whose writes volint cannot follow beside files from the build context (ImageStep.stageContext.tools). */
function untracedTools(step: ImageStep): boolean {
  return (step.stageContext?.tools.length ?? 0) > 0;
}

/** Where the hidden files come from, and so why the host directory lacks them. */
function originSentence(hidden: ImageStep[]): string {
  if (hidden.every(isRunStep)) return 'A RUN step makes these files during the build, so the host directory holds them only if someone made them there too, for another platform or another version.';
  // stageToolsSentence has said that the rest of what the COPY brings is the build context's.
  if (hidden.every(untracedTools)) {
    const one = new Set(hidden.flatMap((s) => s.stageContext!.tools.map((t) => t.command))).size === 1;
    return `What ${one ? 'the tool writes' : 'the tools write'} comes from the build, not from the build context, so the host directory holds it only if someone ran ${one ? 'it' : 'them'} there too.`;
  }
  return 'These files come from the build, not from the build context, so the host directory holds them only if someone made them there too, for another platform or another version.';
}

/**
 * The way out. A mount of its own restores build output in a directory below the bind (an anonymous
 * volume seeded from the image); not output at the mount point itself (a volume there would replace
 * the bind), nor a file (Docker refuses to mount a volume over a file of the image).
 */
function fixSentence(target: string, host: string, hidden: ImageStep[], hostFiles: readonly string[]): string {
  if (hidden.every((s) => hostFiles.includes(s.effect.path))) {
    return `Fix: make the change in the project's own copy of ${listPaths(hidden)} (line endings and the executable bit kept in git: a \`.gitattributes\` entry with \`eol=lf\`, \`git update-index --chmod=+x\`), or make it when the container starts, or have the build write the changed file outside ${target}.`;
  }
  const atMountPoint = hidden.find((s) => s.effect.path === target);
  if (atMountPoint) {
    return `Fix: ${describeStep(atMountPoint)} fills ${target} itself, so no other mount can restore what it brings while the bind covers that directory (a volume at ${target} would replace the bind): bind only the subdirectories you edit, make the same files in ${host} on the host, or drop the bind and rebuild after a change.`;
  }
  const directory = hidden.find((s) => !(s.effect.kind === 'write' && !s.effect.recursive));
  if (directory) {
    return `Fix: bind only the sources you edit, or add a mount for the build output (\`- ${directory.effect.path}\` keeps the image's copy in an anonymous volume; after a rebuild, \`up -V\` seeds it again).`;
  }
  return `Fix: bind only the sources you edit, or have the build write ${listPaths(hidden)} outside ${target}: a volume cannot restore a file (Docker refuses to mount one over a file of the image).`;
}

/** The host's directories for container paths below the bind's target, as the project names them (`public/`). */
function hostDirs(target: string, steps: ImageStep[]): string {
  const names = [...new Set(steps.map((s) => `${posix.relative(target, s.effect.path)}/`))];
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** Why a bind of the sources in a development stack is reported by default: it hides a file of the sources a RUN step changed. */
function rewrittenInDevelopment(development: DevelopmentEvidence): string {
  return `This bind brings the project's sources over the application directory, and the project looks like a development stack (${development.words}): what the build installs or builds there is not reported by default (its developers install on the host or at start), but a file of the sources that a RUN step changed is, as the host's copy is by definition the one before that change.`;
}

/** Why a bind of the sources in a development stack is reported: the user says the compose files are deployed as written. */
function deployedDevelopment(development: DevelopmentEvidence): string {
  return `This bind brings the project's sources over the application directory, and the project looks like a development stack (${development.words}), whose developers install on the host or at start: not reported by default; the configuration says these compose files are deployed as written (\`compose.deployed\`, \`--compose-deployed\`), so it is reported.`;
}

export default defineRule({
  id: 'VOL020',
  name: 'compose-bind-hides-image',
  kind: 'compose',
  severity: 'warning',
  fixable: 'none',
  tags: ['compose', 'correctness'],
  messages: {
    hides: 'The bind mount of {host} over {target} hides {paths}, which the build put there ({step}) and the host directory does not hold.',
    hidesRewritten: "The bind mount of {host} over {target} hides the build's own version of {paths} ({step}): the container runs the host's copy, as it was before that step.",
    hidesAdded: "The bind mount of {host} over {target} hides what the build made in {paths} ({step}), which the host's {hostDirs} lacks: the host holds the directory, not the build's files in it.",
  },
  docs: {
    summary: "A bind mount over a directory where the image's build produced files: the container sees the host directory instead.",
    why: "A bind mount replaces the whole directory in the container with the host directory: whatever the image holds there is hidden, never merged. Files the build copied from the build context are usually in the host directory too (that is the point of `.:/app` in development), but what the build made itself is not: dependencies a RUN installed (node_modules, vendor/), build output, files COPY --from another stage brought. The container then starts without them (\"Cannot find module\", \"vendor/autoload.php: No such file\"), or, worse, with whatever stale copy the host happens to have (reproduced with docker-compose 1.29 and dockerd 20.10: `.:/app` hid the node_modules a RUN had made, and an anonymous volume at /app/node_modules brought it back).",
    reports: [
      "A directory bind when a RUN step or a COPY --from puts files below the mount point and no other mount of the service (an anonymous or named volume on node_modules, say) restores that path.",
      "A service with `image:` alone is checked against the Dockerfile the repository builds that image from, where a service of the project (`build:` with `image:` of that name) or a GitHub workflow's docker/build-push-action says so explicitly; the explanation names that evidence (docs/compose.md, \"The project's own image\").",
      "Python's installers write where they are told: `uv sync` into .venv of the project (or UV_PROJECT_ENVIRONMENT), Poetry with `virtualenvs.in-project` and Pipenv with PIPENV_VENV_IN_PROJECT into .venv of the project, so `.:/app` hides that environment.",
      "The RUN's condition is evaluated with the service's build args (`skip_frontend_build: \"true\"` with `if [ \"x$skip_frontend_build\" = \"x\" ]`); where volint cannot decide it, the real build may run instead, and the finding is only possible.",
      "Where the host holds a directory of the same name as the hidden one (public/ with index.php, over a build stage's /app/public), the message names what the build made in that directory, not the directory, as what the host lacks.",
    ],
    notReported: [
      "A file of the sources that RUN steps change only as git already keeps it on every checkout: CRLF line endings converted (`dos2unix`, `fromdos`, `sed -i 's/\\r$//'`) where the repository's `.gitattributes` (from the file's folder up to the repository root; the last matching line of the deepest file decides) gives the file `eol=lf`, and made executable (`chmod +x`, `chmod 755`) where the host's copy is executable (git records the bit and sets it on checkout). That is the fix this rule gives for a rewritten file, already in place: the host's copy the bind shows is the image's. `text=auto` alone does not count (a Windows checkout with `core.autocrlf` gets CRLF).",
      "A bind whose source is itself a package manager's dependency directory beside its manifest (`./node_modules:/app/node_modules` with package.json beside the source, `./vendor:/var/www/vendor` beside composer.json, `.venv` beside a uv project) over the image's directory of the same name: it is the choice to run with the host's install, which the project's own install makes. `.:/app` over /app/node_modules stays reported.",
      "A path the service's own command line makes again every time the container starts (`command: sh -c \"npm ci && npm run dev\"`, read with the RUN analysis from the service's `working_dir:` or the image's WORKDIR, over the image's `RUN npm ci`): the container runs with what the command made in the bind, not with the image's copy. Only a write the command certainly makes, outside a branch that may not run.",
      "A path that another service of the project makes in the same host directory at every start: it binds the same source (resolved on the host) writable, and its command line certainly writes the path at the same place below its bind, with no mount of its own taking the write (`web` runs `yarn install` in `.:/usr/src/app`, so `worker`'s `.:/usr/src/app` sees node_modules too). Only a service Compose starts at every `up` counts (not one started only with a profile). volint assumes the project has been up once: on a fresh checkout's first `up` the other service may start before the install is done (Compose starts services in dependency order, and a service started first does not wait for another's command), which a restart mends; that race is not reported.",
      "What the container copies back into the bind every time it starts from a copy the image keeps of that directory: the build copies it aside (`RUN cp -a /app /opt/app-dist`, `cp -a /app/. /opt/app-dist`, `rsync -a /app/ /opt/app-dist`) and the image's start script (a shell script copied from the build context, read with the RUN analysis) or the service's command line copies it back (`cp -a /opt/app-dist/. /app`, `cp -R /opt/app-dist/* /app`, `rsync -a /opt/app-dist/ /app`), where no mount hides the kept copy and the service is not known to run as non-root. Only a copy the start certainly makes into that directory itself, at every start or only when a path inside the directory is missing (`if [ ! -f /app/INIT ]; then cp …`, `[ -d /app/vendor ] || cp …`, outside any other branch) where the host directory lacks that path now (a missing bind source counts: Compose creates it empty), so that the first start makes it; and only what the build made before it kept the copy (a later step's files, and names with a leading dot for `DIR/*`, are not in it: still reported, and the explanation says so). A copy under any other condition, or only when a path is missing that the host directory holds, stays reported.",
      {
        text: "A bind of **the project's source tree over the application directory in a development stack**: the service is built from a context on the disk (or its image is tied to the repository's Dockerfile), the image holds at or below the mount point files a COPY brought from that context, and the host path is where they come from, the build context itself (`.:/app` over `COPY . .`) or the directory of the context such a COPY copies there (`./src:/app/src` over `COPY src /app/src`); also the context bound over a directory a `COPY --from` brings where that stage copied the context (`COPY . .` in a compile stage's /openmrs_core, then `COPY --from=compile /openmrs_core /openmrs_core`). What it hides (node_modules, vendor/, build output) is true to report in a fresh checkout, but the developers of such a stack install on the host or at start. A file of the sources that a RUN step changed (`RUN sed -i 's/\\r$//' entrypoint.sh`, `chmod +x` after `COPY entrypoint.sh .`) is still reported: the host's copy is the one before the change, whoever installs what.",
        items: [
          "Only where the project says it is a development stack (src/compose/query.ts developmentStack: a compose file named or placed for development or for tests or named for Play with Docker, a service running the tests, a purpose header, a service built from the Dockerfile's stage named for development, `target: dev`; docs/compose.md, Development stacks). The bind alone does not make it one for VOL020, as it does for VOL022: a base file that binds the sources serves the project's production and test runs too (held-out set 11: node-express-boilerplate's docker-compose.yml, under its prod overlay as well, hid the node_modules pm2 runs from). Binds of other directories over what the build made are reported in any stack: a data or configuration directory (`./data:/etc/dnscrypt-proxy` over a configuration the build generated), a directory of the project that is not where the image's sources come from (`./client:/app`).",
          "Measured: over every judged finding of held-out sets 8 and 9 and the corpus, VOL020 for the project's sources bound over the application directory in a development stack was 0 real of 9, in four repositories (`.:/app` over the node_modules or vendor/ the Dockerfile built), while a `./data` bind over configuration the image built was real. Held-out set 11 (30 repositories judged before this default was built) tested it: of its 4 such findings, 2 were not worth it (a start script that reinstalls), 1 real was a dependency directory (node_modules the documented `yarn docker:dev` needs from the image), and 1 real was an entrypoint a RUN step had rewritten (CRLF line endings removed by `sed -i`), which is why rewritten files of the sources stay reported. Pooled: dependencies and build output 1 real of 12, and that one real in a file not named for development, which no longer counts as a development stack here. `compose.deployed` (below) reports these binds again, and the explanation says so.",
        ],
      },
      "A program `go build` made in the image while the start command compiles and runs a package from the bound sources (`go run .`, `go run ./cmd/server`, also under a watcher such as `reflex -s -- go run .`; read from the service's command line, else the image's ENTRYPOINT and CMD): the development stack never runs the built program. A start command that also runs the built program, or runs `go run` only in a branch that may not run, is still reported.",
      "A dependency directory of another language than the service's program: node_modules (Node), a virtualenv or site-packages (Python), vendor/ (PHP), vendor/bundle or /usr/local/bundle (Ruby), where the service's start command (its `entrypoint:`/`command:` over the Dockerfile's ENTRYPOINT/CMD, and the start script the build brought from the build context, where volint reads it) runs programs of other languages only (`celery -A shop worker`, the image's `gunicorn` CMD over the node_modules of a mixed Python/JS image; a held-out evaluation judged five such findings not worth it). Where the start command is unknown, empty, names no program volint knows, or runs a program of the build volint cannot read, the directory counts as used.",
      "A file bound over a file.",
      "COPY from the build context.",
      "A `yarn install` whose `.yarnrc` (copied from the build context, read there) moves node_modules out of the bound directory with `--modules-folder`.",
      {
        text: "A `COPY --from` an earlier stage brings what that stage holds at its source, and hides nothing the build made:",
        items: [
          "where the stage only makes the directory and empty files there (`mkdir -p client/dist && touch client/dist/index.html`, the placeholders a development build leaves when a build arg skips the real build, whose output developers make on the host);",
          "where it holds only files it copied there from the build context (`COPY pyproject.toml /app/` in a stage that installs the dependencies into /venv, then `COPY --from=build /app /app`), unless a RUN step ran a program in that directory after sources arrived there (`make`, `npm run build`: build output volint cannot see). A directory holding only dependency manifests has nothing to build, but a tool whose writes volint cannot follow, such as `pip install -e .` or a Poetry install whose environment may be configured into the project, may leave files there: possible.",
        ],
      },
    ],
    bad: 'services:\n  proxy:\n    build: .\n    volumes:\n      - ./data:/etc/proxy\n',
    good: 'services:\n  proxy:\n    build: .\n    volumes:\n      - ./data:/var/lib/proxy\n',
    dockerfile: 'FROM alpine:3.20\nRUN mkdir -p /etc/proxy && echo \'listen = ":53"\' > /etc/proxy/proxy.toml\nCMD ["proxy", "-config", "/etc/proxy/proxy.toml"]\n',
    options: [
      {
        setting: 'compose.deployed',
        flag: '--compose-deployed',
        editor: 'volint.compose.deployed',
        effect: "`true` says the compose files are deployed as they are, not a development stack: a bind of the project's source tree over the application directory is reported as any other bind (`.:/app` over the node_modules a RUN made), and the explanation names the development stack evidence the configuration overrides.",
      },
    ],
    fix: 'Bind a data directory where the program keeps its data, not over what the build made (`./data:/var/lib/proxy`), or have the build write its files elsewhere. For the sources: mount only what you edit (`./src:/app/src`), or restore the build output with a mount of its own (`- /app/node_modules`, an anonymous volume seeded from the image; run `up -V` after a rebuild so that it is seeded again), or install the dependencies outside the bound directory (NODE_PATH, a virtualenv in /opt/venv).',
    references: [REFERENCES.bindMounts, 'https://docs.docker.com/reference/compose-file/services/#volumes', 'https://docs.docker.com/compose/how-tos/file-watch/'],
  },
  check(model, context) {
    // The project's development or test stack evidence (src/compose/query.ts developmentStack).
    // Only the project's own word counts here (a file named or placed for development or tests, a service running the
    // tests, a purpose header, a build of the Dockerfile's development stage), not the bind itself: a base file binding the sources serves production runs too
    // (held-out set 11: node-express-boilerplate's docker-compose.yml, under its prod overlay as well).
    const stack = developmentStack(model);
    const development = stack !== null && stack.kind !== 'source-bind' ? stack : null;
    for (const service of model.services) {
      for (const mount of writtenMounts(service)) {
        if (mount.cover !== 'bind' || !mount.image.known) continue;
        // The project's sources bound over the application directory in a development stack: its developers install
        // on the host or at start (1 real in 12 judged), unless the user says the compose files are deployed as written.
        const sourceBind = development !== null && sourceTreeBind(service, mount);
        // The host's own dependency directory bound over the image's (`./node_modules:/app/node_modules`): the bind is the choice of the host's install.
        if (mount.hostDependencies && mount.hostPath && mount.target && basename(mount.hostPath) === basename(mount.target)) continue;
        const steps = contentSteps(mount, { belowOnly: true });
        const hiddenAll = steps.filter(
          (step) => buildProduct(step) && !mount.hostKeptFiles.includes(step.effect.path) && !removedLater(step, mount.image.steps) && !deeperMountAt(service, mount, step.effect.path) && !installedElsewhere(service, step) && !remadeAtStart(service, step) && !hostFilledAtStart(model, service, mount, step.effect.path) && !restoredAtStart(service, step) && !unusedGoBuild(service, mount.target, step) && unusedDependencyDirectory(service, step.effect.path) === null,
        );
        // Files of the sources a RUN step changed (`sed -i` of the entrypoint, `chmod +x`): the bind shows the host's copy as it was before.
        const rewritten = hiddenAll.filter((step) => mount.hostFiles.includes(step.effect.path));
        // In a development stack the developers install on the host or at start (1 real in 12 judged), so only the
        // rewritten files of the sources are reported by default; everything with compose.deployed.
        const devDefault = sourceBind && !model.deployed;
        const hidden = devDefault ? rewritten : hiddenAll;
        if (hidden.length === 0) continue;
        // Where the host holds a directory of the same name, what it lacks is what the build made in it, not the directory.
        const missing = hidden.filter((s) => !mount.hostDirectories.includes(s.effect.path));
        const named = missing.length > 0 ? missing : hidden;
        const first = named[0]!;
        const certain = hidden.some((s) => stepCertainty(s) === 'certain');
        // The host directory may hold a copy of its own (a local `npm install`): the model cannot see it.
        const confidence: Confidence = certain ? 'likely' : 'possible';
        const host = mount.sourceRaw ?? mount.hostPath ?? 'the host directory';
        const related: RelatedLocation[] = hidden.slice(0, 5).map((s) => stepLocation(s, `${describeStepHere(s)} puts ${s.effect.path} in the image; the bind mount hides it`));
        const lacks = restoreLacks(service, hidden);
        if (lacks.related) related.push(lacks.related);
        related.push(composeLocation(service.location, `service ${service.name}`));
        // The evidence is the project's own word, never this bind (VOL020 does not take a source bind as evidence).
        if (sourceBind) related.push(composeLocation(development.location, 'the project looks like a development stack'));
        context.report({
          range: mount.location.range,
          file: mount.location.file,
          messageId: named.every((s) => rewritten.includes(s)) ? 'hidesRewritten' : missing.length > 0 ? 'hides' : 'hidesAdded',
          data: { host, target: mount.target, paths: listPaths(named), step: describeStep(first), hostDirs: hostDirs(mount.target, hidden) },
          explanation: [
            `Service ${service.name} mounts the host path ${mount.hostPath ?? host} at ${mount.target}: the container sees the host directory there, and everything the image holds below ${mount.target} is hidden (a bind mount is never merged with the image).`,
            `${stepsPutSentence(hidden)}.${hidden.map(placeholdersSentence).join('')}${hidden.map(stageToolsSentence).join('')} ${originSentence(hidden)}`,
            `No other mount of ${service.name} restores ${listPaths(hidden)}.${lacks.sentence}${missing.length < hidden.length ? ` The host holds ${hostDirs(mount.target, hidden.filter((s) => !missing.includes(s)))} itself, but not what the build made there.` : ''}`,
            ...(sourceBind ? [devDefault ? rewrittenInDevelopment(development) : deployedDevelopment(development)] : []),
            fixSentence(mount.target, host, hidden, mount.hostFiles),
          ],
          related,
          confidence,
        });
      }
    }
  },
});
