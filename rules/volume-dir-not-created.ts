import { defineRule, type Severity } from '../src/engine/types.js';
import { BUILDER_LABEL, REFERENCES, buildersOf, declarationSite, explainReplaced, explainStop, line, nameVolume } from '../src/model/explain.js';
import { mountPointTransfers, stepFailures, stepOutcome, volumeCreatesDirectory, type Sureness } from '../src/model/outcome.js';
import { reach } from '../src/model/query.js';
import type { BuilderName, BuilderSetting, PathEffect, Stage, Volume } from '../src/model/types.js';

function severityFor(builder: BuilderSetting, failsUnder: (b: BuilderName) => boolean): Severity {
  // Under `any` the build fails with at least one builder in use (BuildKit is docker build's default).
  return buildersOf(builder).some(failsUnder) ? 'error' : 'note';
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
    replaced:
      'RUN at line {line} runs `{command}` onto {volumePath}, which no earlier step creates: under BuildKit, whose VOLUME at line {volumeLine} creates no directory, {volumePath} becomes {becomes}; where the VOLUME made the directory the copy lands at {inside}.',
    alreadyCreated:
      'RUN at line {line} runs `mkdir {path}` without -p after the VOLUME at line {volumeLine}: the legacy builder, Buildah and Kaniko have created {path} by then, so the step fails there (File exists).',
  },
  docs: {
    summary: 'A RUN step relies on whether the VOLUME created its directory, which depends on the builder.',
    why: "The legacy builder creates the directory of a VOLUME path in the image (observed with Docker 20.10 here), and Buildah creates it before each RUN (observed with Buildah 1.28; Buildah 1.37+ and Kaniko do so too, code-derived). BuildKit, docker build's default since Docker 23.0, only records the path in the image configuration and creates no directory (moby/buildkit dispatchVolume; wurmlab/sequenceserver#503; observed here). So `VOLUME /data` followed by `RUN cd /data && …`, `RUN touch /data/x`, `RUN chown app /data` or `RUN mkdir /data/sub` builds with the legacy builder, where the step's changes to the volume are discarded (VOL004), and fails under BuildKit with \"No such file or directory\". The opposite holds as well: `RUN mkdir /data` after `VOLUME /data` works under BuildKit and fails with \"File exists\" under the legacy builder and Buildah (observed with both).",
    reports: [
      "A RUN after the VOLUME that needs its directory: it enters it, writes into it or changes it (`cd /data && …`, `touch /data/x`, `chown app /data`, `mkdir /data/sub`).",
      "Steps that only read or enter the directory fail too: `tar -x -C /data`, `ls /data`, `find /data`, `du`, `stat` (observed).",
      "A RUN after the VOLUME that creates its directory (`mkdir /data`): it fails with \"File exists\" under the legacy builder and Buildah.",
      "`cp FILE /data` and `mv FILE /data` (no trailing slash) work everywhere but do different things: where the VOLUME made the directory the file lands inside it (/data/FILE), under BuildKit /data itself becomes the file, and Docker then cannot create a container from the image (\"cannot mount volume over existing file\"); `cp -r DIR /data` makes /data a copy of DIR's contents under BuildKit and /data/DIR elsewhere (observed: B59–B61).",
    ],
    notReported: [
      "Steps after a COPY or WORKDIR into the path: that creates it under every builder (observed).",
      "`touch /data` and `unzip -d /data`: they make the path themselves and work everywhere.",
      "A path below /var, /usr or /etc, where the base image or its packages may have made the directory.",
    ],
    sections: [
      {
        title: "How sure a finding is",
        intro: "Whether the base image holds the directory decides the rest:",
        items: [
          "a stage built from scratch holds nothing (certain);",
          "no distribution image makes `/data` or `/app` (likely);",
          "distributions ship /srv, /opt, /home, /mnt and /media empty (FHS), so below them the finding is likely on an official distribution image and only possible on a base image volint does not know;",
          "below /var, /usr or /etc, where the base image or its packages may have made the directory, nothing is reported;",
          "a step in a branch of its script that volint cannot decide (an `if` or `case` on an unknown value, a loop body, after `||`) may not run, and its finding is possible.",
        ],
      },
    ],
    bad: 'FROM alpine:3.20\nVOLUME /data\nRUN cd /data && touch ready\n',
    good: 'FROM alpine:3.20\nRUN mkdir -p /data && cd /data && touch ready\nVOLUME /data\n',
    fix: 'Create the directory before the VOLUME (`RUN mkdir -p /data`, a COPY into it, or a WORKDIR) and do the step\'s work there before the VOLUME too; after a VOLUME, use `mkdir -p`, which works whether or not the directory exists.',
    references: [REFERENCES.volumeNotes, 'https://github.com/wurmlab/sequenceserver/issues/503', REFERENCES.moby3639, REFERENCES.buildahCompat],
  },
  check(model, context) {
    const builders = buildersOf(context.builder);
    // The model's failing steps (stepFailures): the same predictions VOL004 and `volint model` read.
    const failures = model.stages.flatMap((stage) => [...stepFailures(stage)]);
    for (const { stage, volume, effect, needs, sureness, cause, absent } of failures) {
      if (cause !== 'missing') continue;
      // Only possibly absent (an unknown base image may have made /srv/data): said only where it would fail.
      if (sureness === 'possible' && !builders.some((b) => !volumeCreatesDirectory(b))) continue;
      const command = effect.command.replace(/^RUN /, '');
      const error = effect.kind === 'enter' && /^RUN (cd|pushd)\b/.test(effect.command) ? `can't cd to ${effect.path}: No such file or directory` : 'No such file or directory';
      const explanation: string[] = [
        `${capitalize(nameVolume(volume, stage))} is a path in the image configuration from line ${volumeLine(volume)} on; \`${command}\` at line ${line(effect.instruction)} needs the directory ${volume.path} to exist, and no step before it creates it (no mkdir, COPY, ADD or WORKDIR there). ${baseSentence(absent ?? sureness, volume.path)}`,
      ];
      if (effect.conditional) explanation.push(`\`${command}\` is in a branch of the script that volint cannot decide (an \`if\` or \`case\` on a value it does not know, a loop body, or a command after \`||\`): where the branch does not run, neither does the command, so the failure is possible, not certain.`);
      if (effect.via) explanation.push(`The step names ${effect.via.path}, which the symbolic link ${effect.via.link} made at line ${line(effect.via.instruction)} leads to ${effect.path}.`);
      for (const builder of builders) explanation.push(builderSentence(builder, stage, effect, volume));
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
        confidence: sureness,
      });
    }
    for (const transfer of model.stages.flatMap((stage) => [...mountPointTransfers(stage)])) {
      const { stage, volume, effect, becomes, sureness, inside } = transfer;
      if (sureness === 'possible' && !builders.some((b) => !volumeCreatesDirectory(b))) continue;
      const explanation = [
        `${capitalize(nameVolume(volume, stage))} is a path in the image configuration from line ${volumeLine(volume)} on, and no step before line ${line(effect.instruction)} creates it. ${baseSentence(sureness, volume.path)}`,
        ...builders.map((builder) => {
          const outcome = stepOutcome(stage, effect, volume, builder);
          if (outcome.kind === 'fails' || outcome.kind === 'not-run') return explainStop(builder, outcome.failure, effect);
          if (outcome.kind === 'kept' && outcome.replaces) return explainReplaced(builder, outcome.replaces);
          return `Under ${BUILDER_LABEL[builder]}: the directory ${volume.path} exists at the step (${builder === 'legacy' ? 'the VOLUME made it; observed here' : builder === 'buildah-compat' ? 'made before each RUN; observed with Buildah 1.28' : 'code-derived'}), so the copy lands at ${inside}, and ${outcome.kind === 'kept' ? 'it is kept in the image' : 'it is discarded with the rest of what the step writes in the volume (VOL004)'}.`;
        }),
        becomes === 'file'
          ? `Fix: create the directory before the VOLUME at line ${volumeLine(volume)} (\`RUN mkdir -p ${volume.path}\`) and copy into it there, with a trailing slash (\`${volume.path}/\`: a missing directory is then an error, never a file), or COPY the file to ${inside}.`
          : `Fix: create the directory before the VOLUME at line ${volumeLine(volume)} and copy there, naming what you mean: \`${volume.path}/\` (into it) or \`${volume.path}/.\` (its contents).`,
      ];
      const what = becomes === 'file' ? 'a file, and Docker cannot create a container from the image (cannot mount volume over existing file)' : becomes === 'directory' ? 'a copy of the directory (its contents, not a sub-directory)' : 'the copy itself (a file when it copies a file, and then no container can be created)';
      context.report({
        range: effect.range,
        messageId: 'replaced',
        data: { line: line(effect.instruction), command: effect.command.replace(/^RUN /, ''), volumePath: volume.path, volumeLine: volumeLine(volume), becomes: what, inside },
        explanation,
        related: [declarationSite(volume, stage)],
        severity: becomes === 'file' ? severityFor(context.builder, (b) => !volumeCreatesDirectory(b)) : severityFor(context.builder, (b) => !volumeCreatesDirectory(b)) === 'error' ? 'warning' : 'note',
        confidence: sureness,
      });
    }
    for (const { stage, volume, effect, cause } of failures) {
      if (cause !== 'exists') continue;
      const explanation = [
        `The VOLUME at line ${volumeLine(volume)} declares ${volume.path}, and no step before line ${line(effect.instruction)} creates it.`,
        ...builders.map((builder) =>
          volumeCreatesDirectory(builder)
            ? `Under ${BUILDER_LABEL[builder]}: ${builder === 'legacy' ? 'the VOLUME creates the directory in the image' : builder === 'kaniko' ? 'the VOLUME creates the directory (code-derived)' : builder === 'buildah' ? 'the directory is created before each RUN (code-derived for 1.37+)' : 'the directory is created before each RUN (observed with Buildah 1.28)'}, so \`mkdir ${effect.path}\` fails with "File exists" and the build stops${builder === 'legacy' || builder === 'buildah-compat' ? ' (observed here)' : ''}.`
            : `Under ${BUILDER_LABEL[builder]}: the VOLUME creates no directory, so \`mkdir ${effect.path}\` creates it and the step works (observed here)${keptClause(builder, stage, effect, volume)}.`,
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

/**
 * What the step's other changes in the volume come to under a builder where it runs, as
 * stepOutcome says for the step's first change below the volume path ('' when it makes none).
 */
function keptClause(builder: BuilderName, stage: Stage, effect: PathEffect, volume: Volume): string {
  const change = stage.effects.find((e) => e.instruction === effect.instruction && e.command.startsWith('RUN') && e.path !== volume.path && reach(e, volume.path) === 'inside' && e.kind !== 'enter' && e.kind !== 'read');
  if (!change) return '';
  const outcome = stepOutcome(stage, change, volume, builder);
  if (outcome.kind === 'kept') return `, and what it changes in the volume is kept in the image`;
  if (outcome.kind === 'discarded') return `, and what it changes in the volume is discarded`;
  return '';
}

/** What one builder does with the step, as stepOutcome predicts it. */
function builderSentence(builder: BuilderName, stage: Stage, effect: PathEffect, volume: Volume): string {
  const label = BUILDER_LABEL[builder];
  const outcome = stepOutcome(stage, effect, volume, builder);
  if (outcome.kind === 'not-run' || (outcome.kind === 'fails' && outcome.failure.effect !== effect)) return explainStop(builder, outcome.failure, effect);
  if (outcome.kind === 'fails') {
    return `Under ${label}: the VOLUME only records ${volume.path} in the image configuration and creates no directory, so the step fails with "No such file or directory" and the build stops (observed with Docker 20.10's BuildKit here).`;
  }
  const changes = effect.kind !== 'enter' && effect.kind !== 'read';
  const kept = outcome.kind === 'kept';
  switch (builder) {
    case 'buildkit':
      return `Under ${label}: the step works${changes ? (kept ? ' and its changes are kept' : ' and its changes are discarded') : ''}.`;
    case 'legacy':
      return `Under ${label}: the VOLUME creates ${volume.path} in the image and the RUN runs with a fresh temporary volume mounted there, so the step works${changes ? ', and what it changes in the volume is discarded when the step is committed' : ''} (observed here).`;
    case 'buildah-compat':
      return `Under ${label}: the directory is created before the RUN, so the step works${changes ? `; the contents of ${volume.path} are saved before the RUN and restored after it, so its changes there are reverted` : ''} (observed with Buildah 1.28).`;
    case 'buildah':
      return `Under ${label}: the directory is created before each RUN (code-derived), so the step works${changes ? (kept ? ' and its changes are kept' : ' and its changes are discarded') : ''}.`;
    case 'kaniko':
      if (volume.origin === 'stage') {
        return `Under ${label}: the VOLUME ran in an earlier stage; whether that stage's image keeps the directory it created is not known (Kaniko's behaviour is code-derived here, not observed)${changes && kept ? ', and Kaniko keeps changes under an earlier stage\'s volume' : ''}.`;
      }
      return `Under ${label}: the VOLUME creates the directory (code-derived), so the step works${changes ? (kept ? ' and its changes are kept' : '; Kaniko leaves the path out of its layers, so the changes stay out of the image') : ''}.`;
  }
}


/** What is known of the base image at the volume path. */
function baseSentence(absent: Sureness, path: string): string {
  if (absent === 'certain') return 'The stage is built from scratch, so nothing else could have made it.';
  const top = `/${path.split('/')[1] ?? ''}`;
  if (absent === 'likely' && ['/srv', '/opt', '/home', '/mnt', '/media'].includes(top)) return `The base image is an official distribution image, which ships ${top} empty (FHS), so it does not have it.`;
  if (absent === 'likely') return `No distribution image makes ${path}, so the base image is not expected to have it.`;
  return `Distribution images ship ${top} empty (FHS), so the step fails unless the base image's own author made ${path} in it: volint does not know this base image's files, so this is only possible.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
