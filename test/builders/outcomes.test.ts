/**
 * One prediction per (step, builder), held against the real builders: for each case, under the
 * legacy builder, BuildKit and buildah 1.28, what the build does with one step (it fails there, or
 * runs and its change is kept or discarded) is observed, and `volint model --builder X --format
 * json`, VOL004 and VOL018 (with `--builder X`, and with the default `--builder any`) must all say
 * that outcome for that builder and no other. Nothing here says what a builder does: the
 * expectations are read from volint's output, the observations from the builds.
 */
import assert from 'node:assert/strict';
import { BASE, build, cached, createRefused, ENGINES, type EngineName, type FileSystem } from '../helpers/engines.js';
import { withBuilders } from './gate.js';
import { failedRunLine, findingsOf, MODEL_BUILDER, modelOf, observe, type BuilderCase, type Finding, type ModelJson, type ModelStep } from './observe.js';

const F = `FROM ${BASE}`;

/** The names VOL004's message gives the builders (rules/volume-write-discarded.ts). */
const MESSAGE_NAME: Record<EngineName, string> = { legacy: 'the legacy builder', buildkit: 'BuildKit', buildah: 'Buildah --compat-volumes' };
/** The start of each builder's sentence in the explanations (BUILDER_LABEL). */
const EXPLANATION_NAME: Record<EngineName, string> = {
  legacy: 'Under the legacy builder',
  buildkit: 'Under BuildKit',
  buildah: 'Under Buildah/Podman with --compat-volumes',
};

interface OutcomeCase extends BuilderCase {
  /** The line of the step whose outcome is observed. */
  line: number;
  /** The path whose presence in the image tells kept from discarded when the build succeeds. */
  path: string;
}

export const OUTCOME_CASES: OutcomeCase[] = [
  {
    id: 'B58',
    title: 'a write into a volume no step created, and a later write: VOL004, VOL018 and volint model say what each builder does',
    dockerfile: [F, 'VOLUME /data', 'RUN echo x > /data/x', 'RUN echo y > /data/y'].join('\n') + '\n',
    line: 3,
    path: '/data/x',
  },
];

type Observed = { kind: 'fails'; line: number | null } | { kind: 'kept' | 'discarded' };

function stepAt(model: ModelJson, line: number): ModelStep {
  const step = model.stages.flatMap((s) => s.volumes.flatMap((v) => v.steps)).find((s) => s.line === line);
  assert.ok(step, `volint model lists the step at line ${line}`);
  return step;
}

function at(findings: Finding[], ruleId: string, line: number): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId && f.line === line);
}

/** A cp/mv onto a volume path no step created: what the image holds at the path per builder. */
interface TransferCase extends BuilderCase {
  line: number;
  volume: string;
  /** The name the copy gets inside the directory, where one exists. */
  name: string;
  /** Files the source directory holds (cp -r), relative to it. */
  children?: string[];
}

export const TRANSFER_CASES: TransferCase[] = [
  { id: 'B59', title: 'cp FILE onto a volume path no step created (no trailing slash)', dockerfile: [F, 'VOLUME /data', 'RUN cp /etc/passwd /data'].join('\n') + '\n', line: 3, volume: '/data', name: 'passwd' },
  { id: 'B60', title: 'mv FILE onto a volume path no step created', dockerfile: [F, 'RUN cp /etc/passwd /tmp/pw', 'VOLUME /data', 'RUN mv /tmp/pw /data'].join('\n') + '\n', line: 4, volume: '/data', name: 'pw' },
  {
    id: 'B61',
    title: 'cp -r DIR onto a volume path no step created',
    dockerfile: [F, 'RUN mkdir -p /src/sub && echo a > /src/a && echo b > /src/sub/b', 'VOLUME /data', 'RUN cp -r /src /data'].join('\n') + '\n',
    line: 4,
    volume: '/data',
    name: 'src',
    children: ['a', 'sub/b'],
  },
];

/** What an image holds at the volume path: a file, a copy of the source directory, or the directory with the copy inside (kept) or without it (discarded). */
function holds(fs: FileSystem, c: TransferCase): string {
  const entry = fs[c.volume];
  if (!entry) return 'absent';
  if (entry.type === 'f') return 'file';
  if (fs[`${c.volume}/${c.name}`]) return 'inside, kept';
  if ((c.children ?? []).length > 0 && c.children!.every((child) => fs[`${c.volume}/${child}`])) return 'directory';
  return 'inside, discarded';
}

withBuilders('builders: one prediction per step and builder', () => {
  for (const c of OUTCOME_CASES) {
    it(`${c.id} ${c.title}`, () => {
      const observed = {} as Record<EngineName, Observed>;
      for (const engine of ENGINES) {
        const built = observe(engine, c, c.dockerfile, undefined);
        observed[engine] = !built.ok || !built.fs ? { kind: 'fails', line: failedRunLine(c.dockerfile, built.log) } : { kind: built.fs[c.path] ? 'kept' : 'discarded' };
      }
      const problems: string[] = [];
      const check = (ok: boolean, what: string): void => {
        if (!ok) problems.push(what);
      };
      const any = findingsOf(c, 'any');
      const anyVol004 = at(any, 'VOL004', c.line)[0];
      for (const engine of ENGINES) {
        const builder = MODEL_BUILDER[engine];
        const seen = observed[engine];
        const step = stepAt(modelOf(c, builder), c.line);
        const own = findingsOf(c, builder);
        const vol004 = at(own, 'VOL004', c.line);
        const vol018 = at(own, 'VOL018', c.line);
        const label = `${engine} (${seen.kind}${seen.kind === 'fails' ? ` at line ${seen.line}` : ''})`;
        if (seen.kind === 'fails') {
          check(seen.line === c.line, `${label}: the build fails at line ${seen.line}, not at the step`);
          check((step.failedBy ?? []).includes(builder) && !step.keptBy.includes(builder) && !step.discardedBy.includes(builder), `${label}: volint model --builder ${builder} says keptBy ${step.keptBy}, discardedBy ${step.discardedBy}, failedBy ${step.failedBy}`);
          check(vol004.length === 0, `${label}: VOL004 --builder ${builder} still speaks of the step: ${vol004.map((f) => f.message)}`);
          check(vol018.length === 1 && vol018[0]!.severity !== 'note', `${label}: VOL018 --builder ${builder} does not report the failing step as a problem: ${vol018.map((f) => f.severity)}`);
          check(vol018.some((f) => (f.explanation ?? []).some((s) => s.startsWith(EXPLANATION_NAME[engine]) && /fails with "No such file or directory" and the build stops/.test(s))), `${label}: VOL018's explanation does not say the step fails under ${engine}`);
          check(anyVol004 !== undefined && new RegExp(`${MESSAGE_NAME[engine]} fails? at this step \\(see VOL018\\)`).test(anyVol004.message), `${label}: VOL004 (--builder any) does not say ${MESSAGE_NAME[engine]} fails at the step: ${anyVol004?.message}`);
          check(anyVol004 === undefined || !new RegExp(`${MESSAGE_NAME[engine]}[^;]* keeps?\\b`).test(anyVol004.message), `${label}: VOL004 (--builder any) says ${MESSAGE_NAME[engine]} keeps the change: ${anyVol004?.message}`);
          continue;
        }
        const list = seen.kind === 'kept' ? step.keptBy : step.discardedBy;
        check(list.includes(builder) && (step.failedBy ?? []).length === 0 && (step.notRunBy ?? []).length === 0, `${label}: volint model --builder ${builder} says keptBy ${step.keptBy}, discardedBy ${step.discardedBy}, failedBy ${step.failedBy}`);
        check(vol004.length === 1 && (seen.kind === 'kept' ? /keeps the change/ : /discards the change\.$/).test(vol004[0]!.message), `${label}: VOL004 --builder ${builder} says ${vol004.map((f) => f.message)}`);
        check(vol004.every((f) => ![f.message, ...(f.explanation ?? [])].some((s) => /fails? at this step|the build stops/.test(s))), `${label}: VOL004 --builder ${builder} says the step fails`);
        check(vol018.every((f) => f.severity === 'note' && (f.explanation ?? []).some((s) => s.startsWith(EXPLANATION_NAME[engine]) && /the step works/.test(s) && (seen.kind === 'kept' ? /kept/ : /discarded|reverted/).test(s))), `${label}: VOL018 --builder ${builder} says ${vol018.map((f) => `${f.severity}: ${f.explanation?.join(' ')}`)}`);
        check(anyVol004 !== undefined && anyVol004.message.includes(MESSAGE_NAME[engine]) && !new RegExp(`${MESSAGE_NAME[engine]}[^;]* fails? at this step`).test(anyVol004.message), `${label}: VOL004 (--builder any) does not name ${MESSAGE_NAME[engine]} for what it does: ${anyVol004?.message}`);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }

  for (const c of TRANSFER_CASES) {
    it(`${c.id} ${c.title}: volint model, VOL004 and VOL018 say what the image holds there under each builder`, () => {
      const problems: string[] = [];
      const check = (ok: boolean, what: string): void => {
        if (!ok) problems.push(what);
      };
      for (const engine of ENGINES) {
        const builder = MODEL_BUILDER[engine];
        const built = observe(engine, c, c.dockerfile, undefined);
        check(built.ok && built.fs !== null, `${engine}: the build fails:\n${built.log}`);
        if (!built.ok || !built.fs) continue;
        const seen = holds(built.fs, c);
        const step = stepAt(modelOf(c, builder), c.line);
        const mountPoint = (step as ModelStep & { mountPoint?: { becomes: string; replacedBy: string[]; inside: string; insideBy: string[] } | null }).mountPoint;
        check(mountPoint !== null && mountPoint !== undefined, `${engine}: volint model lists no mountPoint for line ${c.line}`);
        if (!mountPoint) continue;
        const predicted = mountPoint.replacedBy.includes(builder)
          ? mountPoint.becomes === 'unknown' ? (seen === 'file' || seen === 'directory' ? seen : 'the copy') : mountPoint.becomes
          : `inside, ${step.keptBy.includes(builder) ? 'kept' : 'discarded'}`;
        check(predicted === seen, `${engine}: volint model --builder ${builder} says ${c.volume} holds ${predicted}; the image holds ${seen}`);
        check(mountPoint.inside === `${c.volume}/${c.name}`, `${engine}: the model says the copy lands at ${mountPoint.inside}`);
        const own = findingsOf(c, builder);
        const vol018 = at(own, 'VOL018', c.line);
        const vol004 = at(own, 'VOL004', c.line);
        check(vol018.length === 1, `${engine}: VOL018 --builder ${builder} at line ${c.line}: ${vol018.length} findings`);
        const explained = (vol018[0]?.explanation ?? []).find((s) => s.startsWith(EXPLANATION_NAME[engine])) ?? '';
        if (seen === 'file') {
          check(/becomes a file/.test(vol018[0]?.message ?? '') && vol018[0]?.severity !== 'note', `${engine}: VOL018 --builder ${builder} says ${vol018[0]?.severity}: ${vol018[0]?.message}`);
          check(vol004.length === 0, `${engine}: VOL004 --builder ${builder} still speaks of the step: ${vol004.map((f) => f.message)}`);
          // The run-time claim: Docker creates no container from an image with a file at a volume path.
          const refused = cached(['create-v1', engine, c.dockerfile], () => {
            const r = build(engine, c.dockerfile, {});
            return r.ok && engine !== 'buildah' ? createRefused(r.image) : null;
          });
          if (engine !== 'buildah') check(refused !== null && /cannot mount volume over existing file/.test(refused) && /Docker cannot create a container/.test(explained), `${engine}: docker create says ${refused}; VOL018 says ${explained}`);
        } else if (seen === 'directory') {
          check(/a copy of the directory/.test(explained), `${engine}: VOL018 says ${explained}`);
          check(vol004.length === 0, `${engine}: VOL004 --builder ${builder} still speaks of the step: ${vol004.map((f) => f.message)}`);
        } else {
          check(explained.includes(`the copy lands at ${c.volume}/${c.name}`) && explained.includes(seen === 'inside, kept' ? 'kept in the image' : 'discarded'), `${engine}: VOL018 says ${explained}`);
          check(vol018[0]?.severity === 'note', `${engine}: VOL018 --builder ${builder} is a ${vol018[0]?.severity} where the step works`);
          check(vol004.length === 1 && vol004[0]!.message.includes(`(the copy lands at ${c.volume}/${c.name})`) && (seen === 'inside, kept' ? /keeps the change/ : /discards the change/).test(vol004[0]!.message), `${engine}: VOL004 --builder ${builder} says ${vol004.map((f) => f.message)}`);
        }
      }
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }
});
