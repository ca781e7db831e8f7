import { defineRule, type Confidence, type Severity } from '../src/engine/types.js';
import { BUILDER_LABEL, REFERENCES, buildersOf, declarationSite, line, nameVolume } from '../src/model/explain.js';
import { absentFromBase, dirMayExistBefore } from '../src/model/query.js';
import type { BuilderName, BuilderSetting, PathEffect, Stage, Volume } from '../src/model/types.js';

/**
 * Whether a builder's VOLUME leaves the directory in place for the RUN steps after it. BuildKit's
 * dispatchVolume only edits the image configuration (observed here: `VOLUME /data` then
 * `RUN cd /data` fails with Docker 20.10's BuildKit). The legacy builder creates the directory
 * (observed), Buildah 1.28 with its default compat volumes too (observed), Buildah 1.37+ before each
 * RUN (code-derived: run_common.go, runSetupBuiltinVolumes, copier.Mkdir), Kaniko at the VOLUME
 * (code-derived: pkg/commands/volume.go, MkdirAll).
 */
export function volumeCreatesDirectory(builder: BuilderName): boolean {
  return builder !== 'buildkit';
}

/** Commands that fail when the parent directory of the path they write is missing. */
const NEEDS_PARENT = new Set(['touch', 'cp', 'mv', 'ln', 'tee', 'truncate', 'mkfifo', 'install', 'sed', 'perl', 'dd', 'sort', 'uniq', '>', '>>', '&>', '&>>', '>|', '2>', '2>>']);

function commandName(effect: PathEffect): string {
  const words = effect.command.replace(/^RUN /, '').split(/\s+/);
  const name = words[0] === 'sudo' || words[0] === 'find' ? words[words.length - 1] ?? '' : words[0] ?? '';
  return name.slice(name.lastIndexOf('/') + 1) || name;
}

/**
 * How a step needs the volume's directory to exist: it changes into it (cd, pushd, tar -C), reads it
 * (ls, find, du, stat), changes its owner or mode, writes a file in it with a command that does not
 * create parents, or makes a directory in it without -p. Null when the step would work without it.
 * Entering, reading, chown and chmod count only at the volume path itself: below it, the path is
 * missing under every builder (no step made anything there), so nothing depends on the builder.
 */
function needsDirectory(effect: PathEffect, volume: Volume): string | null {
  if (!effect.command.startsWith('RUN') || effect.certainty !== 'certain') return null;
  const inside = effect.path !== volume.path && isBelow(effect.path, volume.path);
  const at = effect.path === volume.path;
  switch (effect.kind) {
    case 'enter': return at ? `changes into ${effect.path}` : null;
    case 'read': return at ? `reads the directory ${effect.path}` : null;
    case 'chown': return at ? `changes the owner of ${effect.path}` : null;
    case 'chmod': return at ? `changes the mode of ${effect.path}` : null;
    case 'mkdir': return inside && !effect.parents ? `creates ${effect.path} with mkdir without -p` : null;
    case 'write': return inside && NEEDS_PARENT.has(commandName(effect)) ? `writes ${effect.path}` : null;
    default: return null;
  }
}

function isBelow(path: string, dir: string): boolean {
  return path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

function severityFor(builder: BuilderSetting, failsUnder: (b: BuilderName) => boolean): Severity {
  // Under `any` the build fails with at least one builder in use (BuildKit is docker build's default).
  return buildersOf(builder).some(failsUnder) ? 'error' : 'note';
}

interface Hit {
  stage: Stage;
  volume: Volume;
  effect: PathEffect;
  needs: string;
  /** How sure it is that the base image does not hold the directory. */
  absent: Confidence;
}

function declaredAt(volume: Volume, stage: Stage): number {
  return volume.origin === 'instruction' && volume.item ? volume.item.owner.instruction.index : stage.from.index;
}

function volumeLine(volume: Volume): number {
  return volume.item ? line(volume.item.owner.instruction) : 0;
}

export default defineRule({
  id: 'VOL018',
  name: 'volume-dir-not-created',
  severity: 'error',
  fixable: 'none',
  tags: ['correctness', 'builders'],
  messages: {
    notCreated:
      'RUN at line {line} {action}, but no earlier step creates {volumePath}: BuildKit\'s VOLUME at line {volumeLine} creates no directory, so the step fails there ({error}).',
    alreadyCreated:
      'RUN at line {line} runs `mkdir {path}` without -p after the VOLUME at line {volumeLine}: the legacy builder, Buildah and Kaniko have created {path} by then, so the step fails there (File exists).',
  },
  docs: {
    summary: 'A RUN step relies on whether the VOLUME created its directory, which depends on the builder.',
    why:
      'The legacy builder creates the directory of a VOLUME path in the image (observed with Docker 20.10 here), and Buildah creates it before each RUN (observed with Buildah 1.28; Buildah 1.37+ and Kaniko do so too, code-derived). BuildKit, docker build\'s default since Docker 23.0, only records the path in the image configuration and creates no directory (moby/buildkit dispatchVolume; wurmlab/sequenceserver#503; observed here). So `VOLUME /data` followed by `RUN cd /data && …`, `RUN touch /data/x`, `RUN chown app /data` or `RUN mkdir /data/sub` builds with the legacy builder, where the step\'s changes to the volume are discarded (VOL004), and fails under BuildKit with "No such file or directory". The opposite holds as well: `RUN mkdir /data` after `VOLUME /data` works under BuildKit and fails with "File exists" under the legacy builder and Buildah (observed with both). A COPY or WORKDIR into the path creates it under every builder (observed), so steps after one of those are not reported. Steps that only read or enter the directory fail too: `tar -x -C /data`, `ls /data`, `find /data`, `du`, `stat` (observed); `cp FILE /data`, `touch /data` and `unzip -d /data` make the path themselves and work everywhere. Whether the base image holds the directory decides the rest: a stage built from scratch holds nothing (certain); no distribution image makes `/data` or `/app` (likely); distributions ship /srv, /opt, /home, /mnt and /media empty (FHS), so below them the finding is likely on an official distribution image and only possible on a base image volint does not know; below /var, /usr or /etc, where the base image or its packages may have made the directory, nothing is reported.',
    bad: 'FROM alpine:3.20\nVOLUME /data\nRUN cd /data && touch ready\n',
    good: 'FROM alpine:3.20\nRUN mkdir -p /data && cd /data && touch ready\nVOLUME /data\n',
    fix: 'Create the directory before the VOLUME (`RUN mkdir -p /data`, a COPY into it, or a WORKDIR) and do the step\'s work there before the VOLUME too; after a VOLUME, use `mkdir -p`, which works whether or not the directory exists.',
    references: [REFERENCES.volumeNotes, 'https://github.com/wurmlab/sequenceserver/issues/503', REFERENCES.moby3639, REFERENCES.buildahCompat],
  },
  check(model, context) {
    const builders = buildersOf(context.builder);
    const hits: Hit[] = [];
    const created: Hit[] = [];
    for (const stage of model.stages) {
      if (stage.windows) continue;
      for (const volume of stage.volumes) {
        // A base image's volume: whether its directory exists is the image's business.
        if (volume.origin === 'base-image' || !volume.item) continue;
        const since = declaredAt(volume, stage);
        const absent = absentFromBase(stage, volume.path);
        if (absent === null) continue;
        for (const effect of [...stage.effects, ...stage.uses].sort(byPosition)) {
          if (effect.instruction.index <= since) continue;
          if (effect.kind === 'mkdir' && effect.path === volume.path && !effect.parents && effect.certainty === 'certain' && effect.command.startsWith('RUN')) {
            // Under a builder whose VOLUME creates the directory, mkdir fails whether or not the base image had it.
            if (!dirMayExistBefore(stage, volume.path, effect)) created.push({ stage, volume, effect, needs: 'creates', absent });
            continue;
          }
          const needs = needsDirectory(effect, volume);
          if (!needs) continue;
          // A COPY of files named like files (`COPY app.py requirements.txt ./`) brings no directory: likely at most.
          let sure: Confidence = absent;
          if (dirMayExistBefore(stage, volume.path, effect)) {
            if (dirMayExistBefore(stage, volume.path, effect, { fileCopies: false })) continue;
            if (sure === 'certain') sure = 'likely';
          }
          // Only possibly absent (an unknown base image may have made /srv/data): said only where it would fail.
          if (sure === 'possible' && !builders.some((b) => !volumeCreatesDirectory(b))) continue;
          hits.push({ stage, volume, effect, needs, absent: sure });
        }
      }
    }
    // One finding per step and volume: its first such effect.
    const seen = new Set<string>();
    for (const { stage, volume, effect, needs, absent } of hits) {
      const key = `${effect.instruction.index}\u0000${volume.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const command = effect.command.replace(/^RUN /, '');
      const error = effect.kind === 'enter' && /^RUN (cd|pushd)\b/.test(effect.command) ? `can't cd to ${effect.path}: No such file or directory` : 'No such file or directory';
      const explanation: string[] = [
        `${capitalize(nameVolume(volume, stage))} is a path in the image configuration from line ${volumeLine(volume)} on; \`${command}\` at line ${line(effect.instruction)} needs the directory ${volume.path} to exist, and no step before it creates it (no mkdir, COPY, ADD or WORKDIR there). ${baseSentence(absent, volume.path)}`,
      ];
      if (effect.via) explanation.push(`The step names ${effect.via.path}, which the symbolic link ${effect.via.link} made at line ${line(effect.via.instruction)} leads to ${effect.path}.`);
      for (const builder of builders) explanation.push(builderSentence(builder, effect, volume));
      explanation.push(
        `Fix: create the directory before the VOLUME at line ${volumeLine(volume)} (\`RUN mkdir -p ${volume.path}\`, a COPY into it, or \`WORKDIR ${volume.path}\`), and do this step's work there before the VOLUME too: after it, the legacy builder, Kaniko and Buildah --compat-volumes discard what RUN writes in the volume (VOL004).`,
      );
      context.report({
        range: effect.range,
        messageId: 'notCreated',
        data: { line: line(effect.instruction), action: needs, volumePath: volume.path, volumeLine: volumeLine(volume), error },
        explanation,
        related: [declarationSite(volume, stage)],
        severity: severityFor(context.builder, (b) => !volumeCreatesDirectory(b)),
        confidence: absent,
      });
    }
    for (const { stage, volume, effect } of created) {
      const key = `${effect.instruction.index}\u0000${volume.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const explanation = [
        `The VOLUME at line ${volumeLine(volume)} declares ${volume.path}, and no step before line ${line(effect.instruction)} creates it.`,
        ...builders.map((builder) =>
          volumeCreatesDirectory(builder)
            ? `Under ${BUILDER_LABEL[builder]}: ${builder === 'legacy' ? 'the VOLUME creates the directory in the image' : builder === 'kaniko' ? 'the VOLUME creates the directory (code-derived)' : builder === 'buildah' ? 'the directory is created before each RUN (code-derived for 1.37+)' : 'the directory is created before each RUN (observed with Buildah 1.28)'}, so \`mkdir ${effect.path}\` fails with "File exists" and the build stops${builder === 'legacy' || builder === 'buildah-compat' ? ' (observed here)' : ''}.`
            : `Under ${BUILDER_LABEL[builder]}: the VOLUME creates no directory, so \`mkdir ${effect.path}\` creates it and the step works (observed here).`,
        ),
        `Fix: create ${volume.path} before the VOLUME at line ${volumeLine(volume)}, or use \`mkdir -p ${volume.path}\`, which works whether or not the directory exists.`,
      ];
      context.report({
        range: effect.range,
        messageId: 'alreadyCreated',
        data: { line: line(effect.instruction), path: effect.path, volumeLine: volumeLine(volume) },
        explanation,
        related: [declarationSite(volume, stage)],
        severity: severityFor(context.builder, volumeCreatesDirectory),
        confidence: 'certain',
      });
    }
  },
});

/** What one builder does with the step. */
function builderSentence(builder: BuilderName, effect: PathEffect, volume: Volume): string {
  const label = BUILDER_LABEL[builder];
  const changes = effect.kind !== 'enter';
  switch (builder) {
    case 'buildkit':
      return `Under ${label}: the VOLUME only records ${volume.path} in the image configuration and creates no directory, so the step fails with "No such file or directory" and the build stops (observed with Docker 20.10's BuildKit here).`;
    case 'legacy':
      return `Under ${label}: the VOLUME creates ${volume.path} in the image and the RUN runs with a fresh temporary volume mounted there, so the step works${changes ? ', and what it changes in the volume is discarded when the step is committed' : ''} (observed here).`;
    case 'buildah-compat':
      return `Under ${label}: the directory is created before the RUN, so the step works${changes ? `; the contents of ${volume.path} are saved before the RUN and restored after it, so its changes there are reverted` : ''} (observed with Buildah 1.28).`;
    case 'buildah':
      return `Under ${label}: the directory is created before each RUN (code-derived), so the step works${changes ? ' and its changes are kept' : ''}.`;
    case 'kaniko':
      if (volume.origin === 'stage') {
        return `Under ${label}: the VOLUME ran in an earlier stage; whether that stage's image keeps the directory it created is not known (Kaniko's behaviour is code-derived here, not observed).`;
      }
      return `Under ${label}: the VOLUME creates the directory (code-derived), so the step works${changes ? '; Kaniko leaves the path out of its layers, so the changes stay out of the image' : ''}.`;
  }
}

function byPosition(a: PathEffect, b: PathEffect): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.instruction.index - b.instruction.index;
}

/** What is known of the base image at the volume path. */
function baseSentence(absent: Confidence, path: string): string {
  if (absent === 'certain') return 'The stage is built from scratch, so nothing else could have made it.';
  const top = `/${path.split('/')[1] ?? ''}`;
  if (absent === 'likely' && ['/srv', '/opt', '/home', '/mnt', '/media'].includes(top)) return `The base image is an official distribution image, which ships ${top} empty (FHS), so it does not have it.`;
  if (absent === 'likely') return `No distribution image makes ${path}, so the base image is not expected to have it.`;
  return `Distribution images ship ${top} empty (FHS), so the step fails unless the base image's own author made ${path} in it: volint does not know this base image's files, so this is only possible.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
