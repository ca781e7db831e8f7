import { defineRule, type Fix, type RelatedLocation } from '../src/engine/types.js';
import { isRootUser } from '../src/model/build.js';
import { targetsOption } from '../src/model/targets.js';
import { REFERENCES, line } from '../src/model/explain.js';
import { isWithin } from '../src/model/paths.js';
import { stepsFilling } from '../src/model/evidence.js';
import { effectsBefore } from '../src/model/query.js';
import { startCommand } from '../src/model/start.js';
import type { Instruction } from '../src/parse/types.js';
import type { PathEffect, Stage, VolumeItem } from '../src/model/types.js';
import { itemText } from '../src/model/volume-text.js';

/** apt's caches: concurrent builds must not share them unlocked (Docker's cache-mount example). */
const APT = ['/var/cache/apt', '/var/lib/apt'];

function isApt(path: string): boolean {
  return APT.some((dir) => isWithin(path, dir));
}

/**
 * Directories that build tools keep under a user's cache directory (~/.cache, XDG_CACHE_HOME). Any
 * other directory below it is an application's run-time cache (`~/.cache/app`): a build cache only
 * where a RUN step of the stage fills it.
 */
const TOOL_CACHES = new Set([
  'pip', 'go-build', 'yarn', 'pnpm', 'node-gyp', 'pypoetry', 'pip-tools', 'pipenv', 'uv', 'bazel', 'ccache', 'sccache',
  'deno', 'composer', 'npm', 'ms-playwright', 'Cypress', 'puppeteer', 'electron', 'electron-builder', 'prisma', 'turbo',
  'golangci-lint', 'pre-commit', 'bower', 'cargo', 'coursier', 'mesa_shader_cache', 'fontconfig', 'node',
]);

/** The directory right below a `.cache` directory of the path (`app` for /home/node/.cache/app/x), or null. */
function cacheSubdirectory(path: string): string | null {
  const match = /\/\.cache\/([^/]+)/.exec(path);
  return match ? match[1]! : null;
}

function mountFlag(path: string): string {
  return `--mount=type=cache,target=${path}${isApt(path) ? ',sharing=locked' : ''}`;
}

/**
 * RUN steps of the stage that put files inside the path. A step on a parent tree (`unzip` in the
 * home directory that holds ~/.gradle) is not named: what it puts below the parent is unknown. A step
 * that only prepares the directory (mkdir, chown, chmod) gets no cache mount either: under one, the
 * directory it makes would land in the cache, not in the image.
 */
function runsWritingAt(stage: Stage, path: string): Instruction[] {
  const runs: Instruction[] = [];
  for (const effect of stepsFilling(stage, path)) {
    if (effect.command.startsWith('RUN') && !runs.includes(effect.instruction)) runs.push(effect.instruction);
  }
  return runs;
}

/** Build tools by the cache directory they keep (a segment sequence of the path), as their commands are named. */
const TOOL_OF_CACHE: Array<{ segments: RegExp; programs: string[] }> = [
  { segments: /\/\.gradle(\/|$)/, programs: ['gradle', 'gradlew'] },
  { segments: /\/\.m2(\/|$)/, programs: ['mvn', 'mvnw'] },
  { segments: /\/\.npm(\/|$)/, programs: ['npm', 'npx'] },
  { segments: /\/\.cache\/pip(\/|$)/, programs: ['pip', 'pip3'] },
  { segments: /\/\.yarn\/cache(\/|$)|\/\.cache\/yarn(\/|$)/, programs: ['yarn'] },
  { segments: /\/\.pnpm-store(\/|$)/, programs: ['pnpm'] },
  { segments: /\/pkg\/mod(\/|$)|\/\.cache\/go-build(\/|$)/, programs: ['go'] },
  { segments: /\/\.composer\/cache(\/|$)/, programs: ['composer'] },
  { segments: /\/\.nuget\/packages(\/|$)/, programs: ['dotnet', 'nuget'] },
  { segments: /\/\.ivy2(\/|$)|\/\.sbt(\/|$)/, programs: ['sbt'] },
  { segments: /\/cargo\/registry(\/|$)/, programs: ['cargo'] },
];

/** The build tool the container starts (first word of ENTRYPOINT/CMD, by its name), when the path is that tool's cache. */
function startedTool(stage: Stage, path: string): string | null {
  const program = (startCommand(stage)[0] ?? '').replace(/^.*\//, '');
  const tool = TOOL_OF_CACHE.find((t) => t.segments.test(path));
  return tool && tool.programs.includes(program) ? program : null;
}

/**
 * The step that gives the directory to a non-root user before the VOLUME: a step of the stage chain
 * creates it and a chown or chmod reaching it names another owner than root (`mkdir ~/.gradle &&
 * chown -R gradle:gradle /home/gradle`). A mount point made on purpose for the containers' user.
 */
function preparedForUser(stage: Stage, path: string, before: number): PathEffect | null {
  const effects = effectsBefore(stage, path, before);
  if (!effects.some((e) => (e.kind === 'mkdir' || e.kind === 'copy' || e.kind === 'workdir') && isWithin(e.path, path))) return null;
  return effects.find((e) => e.kind === 'chown' && e.setting !== undefined && !/^(root|0)?(:(root|0)?)?$/.test(e.setting)) ?? null;
}

/** The RUN as it reads with a cache mount: its flags, the new mount, its command (whitespace collapsed). */
function rewrittenRun(run: Instruction, path: string): string {
  const flags = run.flags.map((flag) => (flag.value === null ? `--${flag.name}` : `--${flag.name}=${flag.value}`));
  const command = (run.args?.text ?? '').replace(/\s+/g, ' ').trim();
  const shown = command.length > 100 ? `${command.slice(0, 97)}...` : command;
  return [run.keywordText, ...flags, mountFlag(path), shown].join(' ');
}

function useCacheMount(item: VolumeItem, path: string, runs: Instruction[]): Fix | undefined {
  const owner = item.owner;
  if (runs.length === 0 || owner.items.length !== 1) return undefined;
  const start = owner.instruction.range.start;
  const end = owner.instruction.range.end;
  return {
    description: `Cache ${path} with RUN --mount=type=cache instead of a VOLUME`,
    safety: 'unsafe',
    edits: [
      ...runs.map((run) => ({ range: { start: run.keywordRange.end, end: run.keywordRange.end }, text: ` ${mountFlag(path)}` })),
      { range: { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } }, text: '' },
    ],
  };
}

export default defineRule({
  id: 'VOL017',
  name: 'volume-build-cache',
  severity: 'warning',
  fixable: 'none',
  tags: ['performance', 'build-cache'],
  messages: {
    cache: 'VOLUME {value} is a build cache directory: a VOLUME caches nothing between builds.',
  },
  docs: {
    summary: 'A VOLUME over a package-manager or compiler cache (/var/cache/apt, /var/lib/apt/lists, /root/.cache, /root/.npm, /go/pkg/mod, ~/.m2, ~/.gradle).',
    why: "VOLUME only marks a path in the image configuration for containers; it does not keep anything from one build to the next. RUN steps after it still download everything again, and under the legacy builder, Kaniko and Buildah with --compat-volumes their writes there are discarded at the end of each step. At run time each container gets a volume seeded with whatever cache the image holds, which only wastes disk. BuildKit's cache mounts (`RUN --mount=type=cache,target=<dir>`) are the tool that keeps a cache between builds, outside the image.",
    reports: [
      "A VOLUME over a build tool's cache directory (/var/cache/apt, /var/lib/apt/lists, /root/.cache, /root/.npm, /go/pkg/mod, ~/.m2, ~/.gradle; below a user's cache directory: `~/.cache/pip`, `~/.cache/go-build`, `~/.cache/yarn`…).",
      "A directory below a user's cache directory that is not a build tool's (`/home/node/.cache/app`) is an application's run-time cache: it is reported only when a RUN step of the stage fills it.",
      "A RUN is named as filling the cache only when its effect reaches into the directory: an archive unpacked in the parent directory is not (what lands there is unknown). volint does not know which files a tool writes when a RUN runs it (`RUN gradle build` fills ~/.gradle), so such a RUN is not named.",
    ],
    notReported: [
      "The image of a build tool that offers the tool's cache as a volume on purpose (the official Gradle image: `mkdir /home/gradle/.gradle`, chowned to the user gradle, `VOLUME /home/gradle/.gradle`, `CMD [\"gradle\"]`), when no RUN step of the stage puts files there: its containers run the tool and fill the cache at run time, which a mounted volume keeps.",
    ],
    options: [targetsOption('cache', 'build caches')],
    bad: 'FROM maven:3-eclipse-temurin-21\nVOLUME /root/.m2\nCOPY pom.xml .\nRUN mvn dependency:go-offline\n',
    good: 'FROM maven:3-eclipse-temurin-21\nCOPY pom.xml .\nRUN --mount=type=cache,target=/root/.m2 mvn dependency:go-offline\n',
    fix: 'Delete the VOLUME and add `--mount=type=cache,target=<dir>` to the RUN steps that fill the cache (with `sharing=locked` for apt).',
    references: [REFERENCES.cacheMounts, 'https://docs.docker.com/reference/dockerfile/#run---mounttypecache', REFERENCES.volumeNotes],
  },
  check(model, context) {
    for (const stage of model.stages) {
      for (const owner of stage.volumeInstructions) {
        for (const item of owner.items) {
          if (item.target !== 'cache' || item.mountPath === null) continue;
          const path = item.mountPath;
          const value = itemText(item);
          const runs = runsWritingAt(stage, path);
          // An application's own directory under ~/.cache that no RUN fills is its run-time cache.
          const subdirectory = cacheSubdirectory(path);
          if (subdirectory !== null && !TOOL_CACHES.has(subdirectory) && runs.length === 0) continue;
          // The image of a build tool that offers the tool's cache as a volume on purpose: its
          // containers run the tool (CMD ["gradle"]), the build made the directory for their user,
          // and no RUN of the stage fills it. The volume keeps what the containers download when a
          // volume is mounted there, a run-time cache; nothing of the build is at stake. A single
          // file written before the VOLUME (`echo … > ~/.gradle/gradle.properties`) is a setting the
          // image seeds into the volume for the tool, not a cache.
          const fills = stepsFilling(stage, path).filter((e) => e.command.startsWith('RUN') && (e.recursive || e.instruction.index > owner.instruction.index));
          if (fills.length === 0 && startedTool(stage, path) && preparedForUser(stage, path, owner.instruction.index)) continue;
          const explanation = [
            `Line ${line(owner.instruction)} only adds ${path} to the image configuration: each build starts the cache from the layers again, so nothing downloaded in one build is reused by the next.`,
          ];
          const after = runs.filter((r) => r.index > owner.instruction.index);
          if (after.length > 0) {
            explanation.push(
              `The RUN at line ${after.map(line).join(', ')} writes there after the VOLUME: the legacy builder, Kaniko and Buildah with --compat-volumes discard those writes when the step ends; BuildKit keeps them in the image, where they only add size.`,
            );
          }
          explanation.push(`At run time every container gets a volume at ${path} seeded with the image's cache content: disk used for nothing.`);
          for (const run of runs) {
            explanation.push(`Line ${line(run)} with a cache mount: ${rewrittenRun(run, path)}`);
            const userThere = stage.userAt.get(run.index) ?? null;
            if (isRootUser(userThere) === false) {
              explanation.push(`Line ${line(run)} runs as USER ${userThere}: a cache mount is owned by root unless you add uid=<uid of ${userThere}> to it.`);
            }
          }
          if (runs.length === 0) {
            explanation.push(`Add ${mountFlag(path)} to the RUN steps that fill this cache, and delete the VOLUME.`);
          }
          if (isWithin(path, '/var/cache/apt')) {
            explanation.push(
              'Debian and Ubuntu images delete downloaded packages after each apt-get (/etc/apt/apt.conf.d/docker-clean): remove that file in the RUN for /var/cache/apt to keep them (Docker documents `rm -f /etc/apt/apt.conf.d/docker-clean` next to the cache mount).',
            );
          }
          const related: RelatedLocation[] = runs.map((run) => ({ range: run.range, message: `RUN at line ${line(run)} fills ${path}` }));
          const suggestion = useCacheMount(item, path, runs);
          context.report({
            range: item.range,
            messageId: 'cache',
            data: { value },
            explanation,
            related,
            ...(suggestion ? { suggestions: [suggestion] } : {}),
          });
        }
      }
    }
  },
});
