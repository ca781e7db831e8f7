/**
 * One prediction per (step, builder) (src/model/outcome.ts stepOutcome): where a step fails under a
 * builder (VOL018), no rule, no `volint model` line and no JSON field says that builder keeps or
 * discards its change; VOL004's message, explanation and severity, VOL018's explanation, the model
 * text and JSON and the editor's hover read the same prediction. Observed on the real builders in
 * test/builders/outcomes.test.ts.
 */
import assert from 'node:assert/strict';
import { BUILDERS, type BuilderName, type BuilderSetting } from '../src/model/types.js';
import type { Finding } from '../src/engine/types.js';
import { mountPointTransfers, stepOutcome, stepFailures } from '../src/model/outcome.js';
import { describeModel, modelToJson } from '../src/report/model.js';
import { summarizeVolume } from '../src/lsp/hover.js';
import { lint } from './helpers/lint.js';
import { dirMayExistBefore, stageChain } from '../src/model/query.js';
import { isWithin } from '../src/model/paths.js';
import type { PathEffect, Stage } from '../src/model/types.js';

async function findings(text: string, builder: BuilderSetting = 'any'): Promise<Finding[]> {
  return (await lint(text, 'Dockerfile', { builder })).findings.filter((f) => f.ruleId === 'VOL004' || f.ruleId === 'VOL018');
}

interface JsonStep { line: number; keptBy: string[]; discardedBy: string[]; failedBy: string[]; notRunBy: string[]; stopsAt: number | null }
interface JsonStage { failures: Array<{ line: number; cause: string; failsUnder: string[] }>; volumes: Array<{ steps: JsonStep[] }> }

async function jsonSteps(text: string, builder: BuilderSetting = 'any'): Promise<{ steps: JsonStep[]; failures: JsonStage['failures'] }> {
  const { model } = await lint(text, 'Dockerfile', { builder });
  const json = JSON.parse(JSON.stringify(modelToJson(model))) as { stages: JsonStage[] };
  return { steps: json.stages.flatMap((s) => s.volumes.flatMap((v) => v.steps)), failures: json.stages.flatMap((s) => s.failures) };
}

/** The write into a directory no step created: BuildKit fails at line 3 and stops before line 4. */
const MISSING = 'FROM alpine:3.20\nVOLUME /data\nRUN echo x > /data/x\nRUN echo y > /data/y\n';
/** mkdir without -p of the volume path: the builders whose VOLUME made /data fail at line 3. */
const EXISTS = 'FROM alpine:3.20\nVOLUME /data\nRUN mkdir /data && echo x > /data/x\n';

describe('one prediction per step and builder (stepOutcome)', () => {
  it('a step that needs a directory no step created fails under BuildKit, and the later steps are not run there', async () => {
    const { model } = await lint(MISSING);
    const stage = model.stages[0]!;
    const volume = stage.volumes[0]!;
    const [write3, write4] = stage.effects.filter((e) => e.command.startsWith('RUN'));
    assert.equal(stepOutcome(stage, write3!, volume, 'buildkit').kind, 'fails');
    assert.equal(stepOutcome(stage, write4!, volume, 'buildkit').kind, 'not-run');
    for (const builder of ['legacy', 'buildah-compat', 'kaniko'] as BuilderName[]) assert.equal(stepOutcome(stage, write3!, volume, builder).kind, 'discarded', builder);
    assert.equal(stepOutcome(stage, write3!, volume, 'buildah').kind, 'kept');
    assert.deepEqual(stepFailures(stage).map((f) => [f.cause, f.effect.path, f.sureness]), [['missing', '/data/x', 'likely']]);
  });

  it('VOL004 names BuildKit as failing, never as keeping, and VOL018 says the same step fails there', async () => {
    const any = await findings(MISSING);
    const vol004 = any.filter((f) => f.ruleId === 'VOL004');
    assert.deepEqual(vol004.map((f) => f.range.start.line + 1), [3, 4]);
    assert.equal(vol004[0]!.message, 'RUN at line 3 writes /data/x, inside the volume /data declared at line 2: the legacy builder, Buildah --compat-volumes and Kaniko discard the change; BuildKit fails at this step (see VOL018).');
    assert.match(vol004[1]!.message, /; BuildKit stops at line 3, before this step \(see VOL018\)\.$/);
    for (const f of vol004) {
      const text = [f.message, ...f.explanation].join('\n');
      assert.doesNotMatch(text, /BuildKit[^.;]*keeps?/);
      assert.doesNotMatch(text, /Under BuildKit[^\n]*kept in the image/);
      assert.match(text, /Under BuildKit[^\n]*creates no directory[^\n]*(fails with "No such file or directory"|build stops there)/);
    }
    assert.match(vol004[0]!.explanation.join('\n'), /With --builder buildkit the build stops at this step and VOL018 reports it instead\./);
    const vol018 = any.filter((f) => f.ruleId === 'VOL018');
    assert.deepEqual(vol018.map((f) => f.range.start.line + 1), [3]);
    assert.match(vol018[0]!.explanation.join('\n'), /Under BuildKit[^\n]*fails with "No such file or directory" and the build stops/);
    assert.match(vol018[0]!.explanation.join('\n'), /Under the legacy builder[^\n]*discarded when the step is committed/);
  });

  it('with --builder buildkit VOL004 is silent (the step never runs) and VOL018 is the error; with --builder legacy VOL004 is the error', async () => {
    const buildkit = await findings(MISSING, 'buildkit');
    assert.deepEqual(buildkit.map((f) => [f.ruleId, f.range.start.line + 1]), [['VOL018', 3]]);
    const legacy = await findings(MISSING, 'legacy');
    assert.deepEqual(legacy.filter((f) => f.ruleId === 'VOL004').map((f) => [f.range.start.line + 1, f.severity]), [[3, 'error'], [4, 'error']]);
  });

  it('mkdir without -p of the volume path: the builders whose VOLUME made it fail, BuildKit keeps the write, VOL004 is a note', async () => {
    const any = await findings(EXISTS);
    const vol004 = any.find((f) => f.ruleId === 'VOL004')!;
    assert.equal(vol004.severity, 'note');
    assert.match(vol004.message, /: BuildKit keeps the change in the image, but an existing volume or a bind mount hides it; the legacy builder, Buildah, Buildah --compat-volumes and Kaniko fail at this step \(see VOL018\)\.$/);
    assert.doesNotMatch(vol004.explanation.join('\n'), /thrown away when the step is committed/);
    const vol018 = any.find((f) => f.ruleId === 'VOL018')!;
    assert.match(vol018.explanation.join('\n'), /Under BuildKit[^\n]*creates it and the step works \(observed here\), and what it changes in the volume is kept in the image\./);
    assert.deepEqual((await findings(EXISTS, 'legacy')).map((f) => f.ruleId), ['VOL018']);
  });

  it('volint model (text and JSON) names each builder once per step: kept, discarded, failed or not run', async () => {
    for (const text of [MISSING, EXISTS]) {
      const { steps } = await jsonSteps(text);
      for (const step of steps) {
        const named = [...step.keptBy, ...step.discardedBy, ...step.failedBy, ...step.notRunBy].sort();
        assert.deepEqual(named, [...BUILDERS].sort(), `line ${step.line}`);
      }
    }
    const missing = await jsonSteps(MISSING);
    assert.deepEqual(missing.steps.map((s) => [s.line, s.failedBy, s.notRunBy, s.stopsAt]), [[3, ['buildkit'], [], 3], [4, [], ['buildkit'], 3]]);
    assert.deepEqual(missing.failures.map((f) => [f.line, f.cause, f.failsUnder]), [[3, 'missing', ['buildkit']]]);
    const exists = await jsonSteps(EXISTS, 'legacy');
    assert.deepEqual(exists.failures.map((f) => [f.line, f.cause, f.failsUnder]), [[3, 'exists', ['legacy']]]);
    // A step that only enters the directory is listed where it stops the build.
    const cd = await jsonSteps('FROM alpine:3.20\nVOLUME /data\nRUN cd /data && ls\n', 'buildkit');
    assert.deepEqual(cd.failures.map((f) => [f.line, f.cause, f.failsUnder]), [[3, 'missing', ['buildkit']]]);
    const text = describeModel((await lint(MISSING)).model);
    assert.match(text, /line 3 RUN > writes \/data\/x in it; after the declaration: discarded by the legacy builder, Buildah --compat-volumes and Kaniko, kept by Buildah; fails under BuildKit, where the build stops \(VOL018\)/);
    assert.match(text, /line 4 RUN > writes \/data\/y in it; [^\n]*; not run by BuildKit: the build stops at line 3 \(VOL018\)/);
    assert.doesNotMatch(text, /line \d+ [^\n]*kept by [^;\n]*BuildKit/);
  });

  it('the hover reads the same prediction', async () => {
    const { model } = await lint(MISSING);
    const stage = model.stages[0]!;
    const hover = summarizeVolume(model, stage, stage.volumes[0]!);
    assert.match(hover, /line 3 `RUN >`[^\n]*fails under buildkit \(VOL018\)/);
    assert.match(hover, /line 4 `RUN >`[^\n]*not run by buildkit: the build stops at line 3 \(VOL018\)/);
    assert.doesNotMatch(hover, /kept by [^\n]*buildkit/);
  });

  it('a failure in a stage stops the stages built FROM it', async () => {
    const { model } = await lint('FROM alpine:3.20 AS base\nVOLUME /data\nRUN touch /data/x\nFROM base\nRUN echo y > /data/y\n');
    const child = model.stages[1]!;
    const effect = child.effects.find((e) => e.path === '/data/y')!;
    const outcome = stepOutcome(child, effect, child.volumes[0]!, 'buildkit');
    assert.equal(outcome.kind, 'not-run');
    assert.equal(outcome.kind === 'not-run' && outcome.failure.effect.path, '/data/x');
    assert.equal(stepOutcome(child, effect, child.volumes[0]!, 'legacy').kind, 'discarded');
  });
});

describe('a cp/mv onto a volume path no step created (mountPointTransfers)', () => {
  const CP = 'FROM alpine:3.20\nVOLUME /data\nRUN cp /etc/passwd /data\n';

  it('BuildKit makes the volume path itself the file; the builders whose VOLUME made the directory copy into it', async () => {
    const { model } = await lint(CP);
    const stage = model.stages[0]!;
    const effect = stage.effects.find((e) => e.command === 'RUN cp')!;
    const buildkit = stepOutcome(stage, effect, stage.volumes[0]!, 'buildkit');
    assert.equal(buildkit.kind === 'kept' && buildkit.replaces?.becomes, 'file');
    assert.deepEqual(stepOutcome(stage, effect, stage.volumes[0]!, 'legacy'), { kind: 'discarded', into: '/data/passwd' });
    assert.deepEqual(stepOutcome(stage, effect, stage.volumes[0]!, 'buildah'), { kind: 'kept', into: '/data/passwd' });
  });

  it('VOL018 says what /data becomes, VOL004 where the copy lands and that BuildKit makes /data a file; with --builder buildkit only VOL018 speaks', async () => {
    const any = await findings(CP);
    const vol018 = any.find((f) => f.ruleId === 'VOL018')!;
    assert.equal(vol018.message, 'RUN at line 3 runs `cp` onto /data, which no earlier step creates: under BuildKit, whose VOLUME at line 2 creates no directory, /data becomes a file, and Docker cannot create a container from the image (cannot mount volume over existing file); where the VOLUME made the directory the copy lands at /data/passwd.');
    assert.match(vol018.explanation.join('\n'), /Under the legacy builder[^\n]*the copy lands at \/data\/passwd, and it is discarded/);
    const vol004 = any.find((f) => f.ruleId === 'VOL004')!;
    assert.equal(vol004.message, 'RUN at line 3 writes /data, inside the volume /data declared at line 2: the legacy builder, Buildah --compat-volumes and Kaniko discard the change (the copy lands at /data/passwd); BuildKit makes /data itself a file (see VOL018).');
    assert.match(vol004.explanation.join('\n'), /Under BuildKit[^\n]*\/data becomes a file \(the copy\), and Docker cannot create a container from the image/);
    assert.doesNotMatch(vol004.explanation.join('\n'), /Under BuildKit[^\n]*so the write is kept in the image/);
    const buildkit = await findings(CP, 'buildkit');
    assert.deepEqual(buildkit.map((f) => [f.ruleId, f.severity]), [['VOL018', 'warning']]);
  });

  it('what the copy is: cp without -r a file, cp -r of a directory an earlier step made a directory, mv of an unknown source unknown', async () => {
    const kinds = async (text: string): Promise<string[]> => (await lint(text)).model.stages.flatMap((s) => mountPointTransfers(s).map((t) => t.becomes));
    assert.deepEqual(await kinds(CP), ['file']);
    assert.deepEqual(await kinds('FROM alpine:3.20\nRUN mkdir -p /src/sub\nVOLUME /data\nRUN cp -r /src /data\n'), ['directory']);
    assert.deepEqual(await kinds('FROM alpine:3.20\nRUN cp /etc/passwd /tmp/pw\nVOLUME /data\nRUN mv /tmp/pw /data\n'), ['file']);
    assert.deepEqual(await kinds('FROM alpine:3.20\nVOLUME /data\nRUN mv /opt/thing /data\n'), ['unknown']);
    // Not onto the volume path for every builder: a trailing slash (VOL018 notCreated), a directory made before, a path inside.
    assert.deepEqual(await kinds('FROM alpine:3.20\nVOLUME /data\nRUN cp /etc/passwd /data/\n'), []);
    assert.deepEqual(await kinds('FROM alpine:3.20\nRUN mkdir /data\nVOLUME /data\nRUN cp /etc/passwd /data\n'), []);
    assert.deepEqual(await kinds('FROM alpine:3.20\nRUN mkdir /data\nVOLUME /data\nRUN cp /etc/passwd /data/x\n'), []);
  });

  it('volint model names the shape per builder', async () => {
    const { steps } = await jsonSteps(CP);
    const step = steps[0] as JsonStep & { mountPoint: unknown };
    assert.deepEqual(step.mountPoint, { becomes: 'file', replacedBy: ['buildkit'], inside: '/data/passwd', insideBy: ['legacy', 'buildah', 'buildah-compat', 'kaniko'] });
    assert.match(describeModel((await lint(CP)).model), /line 3 RUN cp writes it; [^\n]*BuildKit makes \/data itself a file, and no container can be created from the image; under the legacy builder, Buildah, Buildah --compat-volumes and Kaniko it lands at \/data\/passwd \(VOL018\)/);
  });
});

describe('whether a step before an effect may have created a directory (dirMayExistBefore)', () => {
  /** The definition, asked of every earlier effect of the chain: what dirMayExistBefore must answer for each effect. */
  function byDefinition(stage: Stage, path: string, effect: PathEffect, fileCopies: boolean): boolean {
    const copiesFilesOnly = (e: PathEffect): boolean =>
      e.kind === 'copy' && e.command === 'COPY' && e.from === undefined && (e.sources ?? []).length > 0 &&
      e.sources!.every((s) => !/[*?[$]/.test(s) && !s.endsWith('/') && /^[^/]*[^/.]\.[A-Za-z0-9]{1,8}$/.test(s.slice(s.lastIndexOf('/') + 1)) && !s.startsWith('<<'));
    const creates = (e: PathEffect): boolean => {
      if (e === effect || ['chown', 'chmod', 'delete', 'enter', 'read'].includes(e.kind)) return false;
      if (isWithin(e.path, path)) return true;
      if (!fileCopies && copiesFilesOnly(e)) return false;
      return (e.kind === 'copy' || e.kind === 'write') && e.recursive && isWithin(path, e.path);
    };
    const before = (e: PathEffect): boolean =>
      e.instruction.index < effect.instruction.index ||
      (e.instruction === effect.instruction &&
        (e.range.start.line < effect.range.start.line || (e.range.start.line === effect.range.start.line && e.range.start.character < effect.range.start.character)));
    return stageChain(stage).some((s) => s.effects.some((e) => before(e) && creates(e)));
  }

  it('a RUN of 10,000 steps on the volume path: false up to the mkdir -p below it, true after it, as the definition says', async () => {
    const n = 5000;
    const chmods = Array.from({ length: n }, () => 'chmod 700 /srv/data').join(' && ');
    const text = `FROM debian:12 AS base\nCOPY app.py requirements.txt /srv/\nFROM base\nVOLUME /srv/data\nRUN ${chmods} && mkdir -p /srv/data/sub && ${chmods}\n`;
    const { model } = await lint(text);
    const stage = model.stages[1]!;
    const run = stage.effects.filter((e) => e.command.startsWith('RUN'));
    assert.equal(run.length, 2 * n + 1);
    const any = dirMayExistBefore(stage, '/srv/data');
    const notByFileCopies = dirMayExistBefore(stage, '/srv/data', { fileCopies: false });
    // The COPY of the base stage brings /srv/ recursively: it may hold data/, unless file copies do not count.
    assert.ok(run.every((e) => any(e)));
    assert.deepEqual(run.map((e) => notByFileCopies(e)), [...Array<boolean>(n + 1).fill(false), ...Array<boolean>(n).fill(true)]);
    for (const e of run.filter((_, i) => i % 97 === 0 || (i >= n - 2 && i <= n + 2))) {
      assert.equal(any(e), byDefinition(stage, '/srv/data', e, true));
      assert.equal(notByFileCopies(e), byDefinition(stage, '/srv/data', e, false));
    }
  });

  it('answers as the definition for every effect of a Dockerfile with steps of every kind across stages', async () => {
    const text = [
      'FROM debian:12 AS base',
      'RUN mkdir -p /opt/x && touch /var/lib/app/seed && chown 1000 /var/lib/app',
      'COPY rootfs/ /',
      'FROM base AS next',
      'VOLUME /var/lib/app',
      'RUN cd /var/lib/app && ls /var/lib/app && echo a > /var/lib/app/a && rm -rf /var/lib/app/a && mkdir /var/lib/app',
      'COPY app.py /var/lib/',
      'RUN chmod 700 /var/lib/app && cp -r /tmp/x /var/lib && mkdir -p /var/lib/app/y',
      'WORKDIR /var/lib/app/z',
      '',
    ].join('\n');
    const { model } = await lint(text);
    for (const stage of model.stages) {
      for (const path of ['/var/lib/app', '/opt', '/var/lib', '/srv/none', '/']) {
        const any = dirMayExistBefore(stage, path);
        const notByFileCopies = dirMayExistBefore(stage, path, { fileCopies: false });
        for (const e of stageChain(stage).flatMap((s) => [...s.effects, ...s.uses])) {
          assert.equal(any(e), byDefinition(stage, path, e, true), `${path} before ${e.command} ${e.path}`);
          assert.equal(notByFileCopies(e), byDefinition(stage, path, e, false), `${path} before ${e.command} ${e.path} (no file copies)`);
        }
      }
    }
  });
});
