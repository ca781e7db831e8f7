/**
 * The model's build-time predictions against real builds: for every case of build-cases.ts, under
 * the legacy builder, BuildKit and buildah (1.28: compat volumes), every step the model lists is
 * observed kept or discarded in the built image and compared with the model's keptBy/discardedBy;
 * no other difference under a volume path may go unexplained; the image configuration's volumes
 * are the model's; and a build fails exactly where `volint --builder X` says it does (VOL018).
 * See observe.ts for how a step is observed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { ENGINES, localImage, type EngineName } from '../helpers/engines.js';
import { BUILD_CASES } from './build-cases.js';
import { externalCases } from './external.js';
import { withBuilders } from './gate.js';
import { checkSteps, failedRunLine, findingsOf, MODEL_BUILDER, modelOf, observe, observedStages, targetName, unexplained, type StepCheck } from './observe.js';

interface Tally { agree: number; agreeBefore: number; disagree: number; undecided: number; shadowed: number; failedBuilds: number }
const zero = (): Tally => ({ agree: 0, agreeBefore: 0, disagree: 0, undecided: 0, shadowed: 0, failedBuilds: 0 });
type Group = 'suite' | 'external';
const tallies: Record<Group, Record<EngineName, Tally>> = {
  suite: { legacy: zero(), buildkit: zero(), buildah: zero() },
  external: { legacy: zero(), buildkit: zero(), buildah: zero() },
};
const createdByVolume: Record<EngineName, number> = { legacy: 0, buildkit: 0, buildah: 0 };
/** Dockerfiles written by someone else, when VOLINT_BT_EXTERNAL names a folder of them (external.ts). */
const EXTERNAL = externalCases();

withBuilders('builders: the model against real builds', () => {
  after(() => {
    for (const [group, count] of [['suite', BUILD_CASES.length], ['external', EXTERNAL.length]] as Array<[Group, number]>) {
      if (count === 0) continue;
      const tally = tallies[group];
      const lines = ENGINES.map((e) => `  ${e.padEnd(8)} steps after a VOLUME agreeing ${tally[e].agree}, before one ${tally[e].agreeBefore}, disagreeing ${tally[e].disagree}, undecided ${tally[e].undecided}, shadowed ${tally[e].shadowed}; failed builds ${tally[e].failedBuilds}${group === 'suite' ? `; VOLUME made its directory ${createdByVolume[e]} times` : ''}`);
      process.stdout.write(`\n  builder agreement over ${count} ${group === 'suite' ? 'cases' : `Dockerfiles from ${process.env.VOLINT_BT_EXTERNAL}`}:\n${lines.join('\n')}\n`);
    }
    if (process.env.VOLINT_BT_REPORT) writeFileSync(process.env.VOLINT_BT_REPORT, JSON.stringify({ tally: tallies.suite, external: tallies.external, createdByVolume }, null, 2));
  });

  for (const c of [...BUILD_CASES, ...EXTERNAL]) {
    const tally = tallies[EXTERNAL.includes(c) ? 'external' : 'suite'];
    it(`${c.id} ${c.title}`, () => {
      assert.ok(modelOf(c).shellAnalyzed, 'the RUN steps were analysed');
      const problems: string[] = [];
      let decided = 0;
      for (const engine of ENGINES) {
        const builder = MODEL_BUILDER[engine];
        // The model told this builder, as `volint model --builder X` says it: a value that depends
        // on the builder (an ARG a child stage inherits under BuildKit only) is known there.
        const model = modelOf(c, builder);
        const failed = new Set<number>();
        for (const stage of observedStages(model)) {
          const target = targetName(model, stage);
          const built = observe(engine, c, c.dockerfile, target);
          if (!built.ok || !built.fs) {
            const line = failedRunLine(c.dockerfile, built.log);
            // Before any RUN: predicted only when the model, told this builder, builds a stage on an
            // image that is not here (a FROM the builder does not take for a stage).
            const missing = model.stages.filter((s) => s.index <= stage.index && s.base.kind === 'image' && s.base.ref && !localImage(engine, s.base.ref.raw)).map((s) => s.base.ref!.raw);
            if (line === null && missing.length === 0) problems.push(`${engine}: the build of stage ${stage.index} failed before any RUN:\n${built.log}`);
            else if (line === null) decided++;
            else failed.add(line);
            continue;
          }
          const checks: StepCheck[] = checkSteps(engine, c, model, stage, built.fs);
          for (const check of checks) {
            if (check.observed === 'shadowed') tally[engine].shadowed++;
            else if (check.observed === 'undecided') tally[engine].undecided++;
            else if (check.observed === check.predicted && !check.decisive) tally[engine].agreeBefore++;
            else if (check.observed === check.predicted) {
              tally[engine].agree++;
              decided++;
            } else {
              tally[engine].disagree++;
              problems.push(`${engine} (model: ${builder}): line ${check.line} ${check.kind} ${check.path}: the model says ${check.predicted}, the build shows ${check.observed} (${check.detail})`);
            }
          }
          const extra = unexplained(engine, c, model, stage, built.fs);
          if (tally === tallies.suite) createdByVolume[engine] += extra.createdByVolume.length;
          for (const p of extra.paths) problems.push(`${engine}: stage ${stage.index}: a difference under a volume no discarded step explains: ${p}`);
          if (stage.index === model.target) {
            // Mount points: the configuration's paths resolved against /, the model's paths.
            const expected = [...new Set(stage.volumes.map((v) => v.path))].sort();
            const seen = [...new Set((built.volumes ?? []).map((v) => posix.resolve('/', v)))].sort();
            if (JSON.stringify(expected) !== JSON.stringify(seen)) problems.push(`${engine}: the image's volumes are ${JSON.stringify(built.volumes)}, the model's ${JSON.stringify(expected)}`);
            // A relative path is kept in the configuration as written.
            for (const v of stage.volumes) {
              if (v.relative && v.written && !v.written.includes('$') && !(built.volumes ?? []).includes(v.written)) problems.push(`${engine}: the model says ${v.written} is kept as written; the configuration holds ${JSON.stringify(built.volumes)}`);
            }
          }
        }
        if (failed.size > 0) tally[engine].failedBuilds++;
        // VOL018 under one builder: an error or warning says the step fails there, a note that it
        // works there and fails under others. A `possible` one says the step fails there unless the
        // base image holds the directory (volint does not know the suite's base image, which holds
        // nothing below /srv, /opt or /home/app); it is reported only under a builder where it fails.
        // (Not the findings on a cp/mv onto the volume path, which works everywhere and only lands elsewhere: outcomes.test.ts.)
        const predicted = new Set(findingsOf(c, builder).filter((f) => f.ruleId === 'VOL018' && (f.severity !== 'note' || f.confidence === 'possible') && !/ onto \S+, which no earlier step creates/.test(f.message)).map((f) => f.line));
        const want = [...failed].sort().join(',');
        const got = [...predicted].sort().join(',');
        if (want !== got) problems.push(`${engine}: the build fails at line(s) [${want}], volint --builder ${builder} reports VOL018 at [${got}]`);
        else decided += failed.size;
        // `volint model --builder X` says the same: its failing steps (and the steps' failedBy) are the lines the build stops at.
        const modelFailed = new Set([
          ...model.stages.flatMap((s) => (s.failures ?? []).filter((f) => f.failsUnder.includes(builder)).map((f) => f.line)),
          ...model.stages.flatMap((s) => s.volumes.flatMap((v) => v.steps.filter((st) => (st.failedBy ?? []).includes(builder)).map((st) => st.line))),
        ]);
        const said = [...modelFailed].sort().join(',');
        if (want !== said) problems.push(`${engine}: the build fails at line(s) [${want}], volint model --builder ${builder} says it stops at [${said}]`);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
      assert.ok(decided > 0, 'the case decides nothing: no step was observed kept or discarded and no build failed');
    });
  }
});
