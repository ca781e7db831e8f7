/**
 * Sentences that explain a finding from the model: what each builder does with a step, what a
 * container sees at a volume path. Facts and sources: ../shared/volume-semantics.md.
 */
import type { Range } from '../parse/types.js';
import { chainRoot, effectsBefore, EVIDENCE_CHAIN_STAGES, stageChain } from './query.js';
import { outcomesOf, stepOutcome, type MountPointTransfer, type StepFailure } from './outcome.js';
import { isWithin } from './paths.js';
import { buildSystemInstall, contextFilesAt, contextFilesNote, packagesNamingPath } from './evidence.js';
import { BUILDERS, type BuilderName, type BuilderSetting, type PathEffect, type Stage, type Volume, type VolumeItem } from './types.js';

export const BUILDER_LABEL: Record<BuilderName, string> = {
  legacy: 'the legacy builder (DOCKER_BUILDKIT=0)',
  buildkit: 'BuildKit (docker build, docker buildx)',
  buildah: 'Buildah/Podman (1.37+/5.2+, default)',
  'buildah-compat': 'Buildah/Podman with --compat-volumes (the default before Buildah 1.37 / Podman 5.2)',
  kaniko: 'Kaniko',
};

export function buildersOf(setting: BuilderSetting): readonly BuilderName[] {
  return setting === 'any' ? BUILDERS : [setting];
}

/** How each builder treats a RUN change under the volume: its own mechanism, one sentence each. */
export function builderMechanism(builder: BuilderName, volume: Volume, what: string, lineNo: number): string {
  const label = BUILDER_LABEL[builder];
  switch (builder) {
    case 'legacy':
      return `Under ${label}: the RUN at line ${lineNo} runs in a container with a fresh temporary volume mounted at ${volume.path}, filled from the image; its ${what} lands in that volume, which is thrown away when the step is committed, so the image keeps what was there before (moby#28513; observed here).`;
    case 'buildah-compat':
      return `Under ${label}: nothing is mounted for the step; Buildah saves the contents of ${volume.path} before the RUN at line ${lineNo} and restores them after it, so the ${what} is reverted and the image keeps what was there before (code-derived: buildah commit a7098c77; the result observed with Buildah 1.28 here).`;
    case 'kaniko':
      return volume.origin === 'instruction'
        ? `Under ${label}: nothing is mounted; the VOLUME put ${volume.path} on Kaniko's ignore list, so the ${what} stays on the build's file system (later RUN steps of this stage still see it) but is left out of the layers, and the image keeps what was there before (code-derived, not observed).`
        : `Under ${label}: Kaniko ignores only the paths of VOLUME lines it executes in this stage, not ${volume.origin === 'base-image' ? "a base image's volumes" : "an earlier stage's"}, so the ${what} is kept in the image (code-derived, not observed).`;
    case 'buildkit':
      return `Under ${label}: VOLUME only records the path in the image configuration and nothing is mounted during the build, so the ${what} is kept in the image (documented since dockerfile/1.12; observed here).`;
    case 'buildah':
      return `Under ${label}: RUN changes under a volume are kept (the default since Buildah 1.37 / Podman 5.2, buildah-build(1) --compat-volumes), so the ${what} is in the image.`;
  }
}

export function line(index: { range: { start: { line: number } } }): number {
  return index.range.start.line + 1;
}

/** "the volume /data declared at line 5", "the volume /var/lib/postgresql/data of the base image postgres:16". */
export function describeVolume(volume: Volume, stage?: Stage): string {
  if (volume.origin === 'base-image' && volume.image) {
    return `the volume ${volume.path} of the base image ${volume.image.ref.raw} (${volume.image.info.source})`;
  }
  if (volume.item) {
    const declaring = volume.declaringStage;
    const where = `line ${line(volume.item.owner.instruction)}`;
    if (declaring && stage && declaring !== stage) {
      return `the volume ${volume.path} declared at ${where} in stage ${declaring.name ?? `#${declaring.index}`}`;
    }
    return `the volume ${volume.path} declared at ${where}`;
  }
  return `the volume ${volume.path}`;
}

/** describeVolume without the knowledge source: short enough for a one-line message. */
export function nameVolume(volume: Volume, stage?: Stage): string {
  if (volume.origin === 'base-image' && volume.image) return `the volume ${volume.path} of the base image ${volume.image.ref.raw}`;
  return describeVolume(volume, stage);
}

/**
 * What each builder does with a RUN change under a volume declared before it, as stepOutcome
 * predicts it: its mechanism where the step runs, the failing step where the build stops.
 */
export function explainRunChange(stage: Stage, effect: PathEffect, volume: Volume, builders: readonly BuilderName[]): string[] {
  const sentences: string[] = [];
  const what = effect.kind === 'chown' ? 'ownership change' : effect.kind === 'chmod' ? 'mode change' : effect.kind === 'delete' ? 'deletion' : 'write';
  const groups = outcomesOf(stage, effect, volume, builders);
  for (const b of builders) {
    const outcome = stepOutcome(stage, effect, volume, b);
    if (outcome.kind === 'fails' || outcome.kind === 'not-run') sentences.push(explainStop(b, outcome.failure, effect));
    else if (outcome.kind === 'kept' && outcome.replaces) sentences.push(explainReplaced(b, outcome.replaces));
    else if (outcome.into !== undefined) sentences.push(`${builderMechanism(b, volume, what, line(effect.instruction))} The VOLUME made ${volume.path} a directory, so the copy lands inside it, at ${outcome.into} (observed here).`);
    else sentences.push(builderMechanism(b, volume, what, line(effect.instruction)));
  }
  if (groups.kept.length > 0 && groups.discarded.length > 0) sentences.push(`So the image this Dockerfile builds depends on the builder.`);
  sentences.push(...explainRuntime(volume));
  return sentences;
}

/** What the volume path becomes under a builder whose VOLUME made no directory, when a cp/mv copies onto it (VOL018). */
export function explainReplaced(builder: BuilderName, transfer: MountPointTransfer): string {
  const path = transfer.volume.path;
  const becomes =
    transfer.becomes === 'file'
      ? `${path} becomes a file (the copy), and Docker cannot create a container from the image: "cannot mount volume over existing file" (observed with Docker 20.10 here)`
      : transfer.becomes === 'directory'
        ? `${path} becomes a copy of the directory: its contents, not a sub-directory ${transfer.inside} (observed here)`
        : `${path} itself becomes the copy: a file if it copies a file, and then Docker cannot create a container from the image (observed with Docker 20.10 here)`;
  return `Under ${BUILDER_LABEL[builder]}: the VOLUME creates no directory and no earlier step creates ${path}, so \`${transfer.effect.command.replace(/^RUN /, '')}\` at line ${line(transfer.effect.instruction)} does not copy into it: ${becomes}; the change is kept (VOL018).`;
}

/** Why a builder stops at a failing step (VOL018), said for the step `effect` (the failing one or a later one). */
export function explainStop(builder: BuilderName, failure: StepFailure, effect: PathEffect): string {
  const label = BUILDER_LABEL[builder];
  const at = line(failure.effect.instruction);
  const here = failure.effect.instruction === effect.instruction;
  const cause =
    failure.cause === 'missing'
      ? `the VOLUME only records ${failure.volume.path} in the image configuration and creates no directory, and no earlier step creates it, so the RUN at line ${at} fails with "No such file or directory"`
      : `the directory ${failure.volume.path} exists by then, so \`mkdir ${failure.effect.path}\` at line ${at} fails with "File exists"`;
  return here
    ? `Under ${label}: ${cause} and the build stops there: the step changes nothing (VOL018).`
    : `Under ${label}: ${cause} and the build stops there, before the RUN at line ${line(effect.instruction)} runs (VOL018).`;
}

/** What a container sees at the volume path at run time. */
export function explainRuntime(volume: Volume): string[] {
  if (volume.item?.windows || /^[a-z]:\//.test(volume.path)) {
    return [
      `At run time on Windows a new volume at ${volume.path} starts empty: Docker does not copy the image's content into it (moby create_windows.go, code-derived); an existing volume or a bind mount brings its own content.`,
    ];
  }
  return [
    `At run time a new, empty volume at ${volume.path} is seeded with the image's content there; an existing named or anonymous volume (Compose re-attaches the previous one on recreate) or a bind mount hides it, so later images never reach it.`,
  ];
}

/**
 * "COPY at line 7, RUN mkdir at line 5" — the steps before an instruction whose effect reaches INTO
 * the path and puts files or directories there. A step on a whole parent tree (`COPY root/ /`) is not
 * one of them: see parentWrites.
 */
export function describeContent(stage: Stage, path: string, beforeIndex: number, counts: (e: PathEffect) => boolean = () => true): string | null {
  // A COPY from above that volint read in the build context brings files there (`COPY . /app` with config/app.yml).
  const contextFiles = (e: PathEffect): string[] | undefined => (e.kind === 'copy' ? contextFilesAt(stage, e, path) : undefined);
  const effects = effectsBefore(stage, path, beforeIndex).filter((e) => FILLS.has(e.kind) && (isWithin(e.path, path) || (contextFiles(e)?.length ?? 0) > 0) && counts(e));
  if (effects.length === 0) return null;
  // One step named once: a RUN that writes two paths under this one is one step (`RUN mkdir at line 4`, not twice);
  // it "may" fill the path only when none of its writes there is proven.
  const steps = new Map<string, boolean>();
  for (const e of effects) {
    const files = isWithin(e.path, path) ? undefined : contextFiles(e);
    const label = `${e.command} at line ${line(e.instruction)}${files ? contextFilesNote(files) : ''}`;
    steps.set(label, (steps.get(label) ?? false) || e.certainty !== 'possible');
  }
  // Proven steps first (in build order), then those that may.
  const ordered = [...steps].filter(([, proven]) => proven).concat([...steps].filter(([, proven]) => !proven));
  const parts = ordered.slice(0, 4).map(([label, proven]) => `${label}${proven ? '' : ' (may)'}`);
  if (steps.size > 4) parts.push(`${steps.size - 4} more`);
  return parts.join(', ');
}

const FILLS = new Set(['copy', 'write', 'mkdir']);

/**
 * Recursive steps before an instruction on a parent tree of the path: they may put files there. Not
 * a COPY whose files there volint read in the build context (describeContent names what it brings).
 */
function parentWrites(stage: Stage, path: string, beforeIndex: number, counts: (e: PathEffect) => boolean): PathEffect[] {
  return effectsBefore(stage, path, beforeIndex).filter(
    (e) => (e.kind === 'copy' || e.kind === 'write') && e.recursive && !isWithin(e.path, path) && counts(e) && (e.kind !== 'copy' || contextFilesAt(stage, e, path) === undefined),
  );
}

/** Package installs before an instruction (apt-get, apk, dnf, yum, dpkg, rpm): they put files under /etc, /usr, /var. */
function packageInstalls(stage: Stage, beforeIndex: number, counts: (e: PathEffect) => boolean): PathEffect[] {
  const installs: PathEffect[] = [];
  for (const current of stageChain(stage, EVIDENCE_CHAIN_STAGES)) {
    for (const effect of current.effects) {
      if ((current !== stage || effect.instruction.index < beforeIndex) && effect.packages && effect.packages.length > 0 && counts(effect)) installs.push(effect);
    }
  }
  return installs;
}

/** Where distribution packages put files: a package install may have filled these. */
const PACKAGE_TREES = ['/etc', '/usr', '/var/lib', '/var/log', '/var/cache', '/var/spool', '/var/www', '/lib'];

/**
 * Trees that distribution packages rarely fill (the FHS leaves /opt to add-on software and /srv to
 * the site): an install may have put files there only when a package is named like the path
 * (`curl` is no evidence for /opt/app; a package named `app` would be).
 */
const NAMED_PACKAGE_TREES = ['/opt', '/srv'];

/**
 * One sentence: what the image holds at a volume path for a container that starts from it, counting
 * the steps before `beforeIndex` (pass Infinity for the whole stage) that `counts` keeps (all by
 * default; a builder that discards RUN changes under the volume keeps only the steps before the
 * VOLUME and COPY/ADD after it) and the base image. Only steps whose effect reaches into the path
 * are said to put files there; a step on a parent tree or a package install "may".
 */
export function describeImageAt(stage: Stage, path: string, beforeIndex: number, counts: (e: PathEffect) => boolean = () => true): string {
  const content = describeContent(stage, path, beforeIndex, counts);
  const base = rootBaseOf(stage);
  const baseText =
    base.kind === 'scratch' ? null : base.kind === 'image' ? `whatever the base image ${base.raw} has there` : 'whatever the base image has there';
  const maybe: string[] = [];
  // The nearest parent tree says most (`mv … /opt/app/current` rather than `unzip -d /opt`).
  const parent = parentWrites(stage, path, beforeIndex, counts).reduce<PathEffect | undefined>((best, e) => (!best || e.path.length > best.path.length ? e : best), undefined);
  if (parent) maybe.push(`the ${parent.command} at line ${line(parent.instruction)} writes the whole tree ${parent.path} and may put files there too`);
  const installs = packageInstalls(stage, beforeIndex, counts);
  // An install named like the path first (the installer of statsd-lite for /etc/statsd-lite).
  const named = installs.find((effect) => packagesNamingPath(effect, path).length > 0);
  const install = PACKAGE_TREES.some((tree) => isWithin(path, tree))
    ? named ?? installs.find((effect) => !effect.installer)
    : NAMED_PACKAGE_TREES.some((tree) => isWithin(path, tree)) ? named : undefined;
  const what = install ? (buildSystemInstall(install) ? `installs ${(install.packages ?? []).join(', ')} from its source tree` : install.installer ? 'runs an installer script' : 'installs packages') : '';
  if (install) maybe.push(`the ${install.command.replace(/^RUN /, '')} at line ${line(install.instruction)} ${what}, which may put files there`);
  const maybeText = maybe.length > 0 ? ` ${capitalizeFirst(maybe.join('; '))}.` : '';
  if (content) return `In the image, ${path} holds what these steps put there: ${content}${baseText ? `; below them, ${baseText}` : ''}.${maybeText}`;
  if (maybe.length > 0) return `No step of this Dockerfile names ${path}, but ${maybe.join('; ')}${baseText ? `; below them, ${baseText}` : ''}.`;
  if (baseText) return `No step of this Dockerfile puts files at ${path}; the image holds only ${baseText}.`;
  return `Nothing puts files at ${path} (the stage starts from scratch): a fresh volume starts empty.`;
}

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where a volume comes from, as a related location: its VOLUME line, or the FROM that brings it. */
export function declarationSite(volume: Volume, stage: Stage): { range: Range; message: string } {
  if (volume.item) {
    const declaring = volume.declaringStage;
    const where = declaring && declaring !== stage ? ` (stage ${declaring.name ?? `#${declaring.index}`})` : '';
    return { range: volume.item.owner.instruction.range, message: `VOLUME ${volume.path} declared here${where}` };
  }
  const base = volume.image ? `the base image ${volume.image.ref.raw}` : 'the base image';
  return { range: stage.from.range, message: `${volume.path} is a volume of ${base}` };
}

/** The image the stage chain starts from: `scratch`, an image reference, or unknown. */
export function rootBaseOf(stage: Stage): { kind: 'scratch' } | { kind: 'image'; raw: string } | { kind: 'unknown' } {
  const base = chainRoot(stage).base;
  if (base.kind === 'scratch') return { kind: 'scratch' };
  if (base.kind === 'image') return { kind: 'image', raw: base.ref.raw };
  return { kind: 'unknown' };
}

export const REFERENCES = {
  volumeRef: 'https://docs.docker.com/reference/dockerfile/#volume',
  volumeNotes: 'https://docs.docker.com/reference/dockerfile/#notes-about-specifying-volumes',
  storageVolumes: 'https://docs.docker.com/engine/storage/volumes/',
  bindMounts: 'https://docs.docker.com/engine/storage/bind-mounts/',
  envReplacement: 'https://docs.docker.com/reference/dockerfile/#environment-replacement',
  cacheMounts: 'https://docs.docker.com/build/cache/optimize/#use-cache-mounts',
  moby3639: 'https://github.com/moby/moby/issues/3639',
  moby20988: 'https://github.com/moby/moby/issues/20988',
  moby46093: 'https://github.com/moby/moby/issues/46093',
  moby33842: 'https://github.com/moby/moby/issues/33842',
  moby28513: 'https://github.com/moby/moby/issues/28513',
  buildahCompat: 'https://github.com/containers/buildah/blob/main/docs/buildah-build.1.md',
  composeRenew: 'https://docs.docker.com/reference/cli/docker/compose/up/',
} as const;

/**
 * Why content the image ships goes stale under a volume: the explanation that the code, config and
 * static target rules share. `firstSentence` says what the path holds; the rest is the same story.
 */
export function explainFrozenContent(
  stage: Stage,
  item: VolumeItem,
  words: { firstSentence: string; seeded: string; keep: string; bindMount: string; fixRest: string },
): string[] {
  const path = item.mountPath ?? item.raw;
  return [
    ...(item.owner.onbuild ? ['The VOLUME is an ONBUILD trigger: it applies to every image built FROM this one.'] : []),
    words.firstSentence,
    describeImageAt(stage, path, Infinity),
    `A new, empty volume is seeded with ${words.seeded} once. Containers that reuse the volume — a named volume, or the anonymous volume Compose re-attaches on recreate — ${words.keep} until the volume is removed (\`docker compose up -V\`, \`docker volume rm\`).`,
    words.bindMount,
    `Fix: remove ${path} from the VOLUME at line ${line(item.owner.instruction)}${words.fixRest}`,
  ];
}
