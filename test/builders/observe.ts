/**
 * Holding `volint model --format json` against real builds.
 *
 * For a case (a Dockerfile), for each builder and each stage the model lists steps for, the stage is
 * built (O). Two reference builds, volume-free and made with BuildKit, give the candidate states of
 * each step's path: K, the Dockerfile with every VOLUME replaced by a LABEL (every step kept), and
 * D(i), K without step i's instruction and the rest of its stage (that step discarded). A step is observed kept when O agrees
 * with K at its path, discarded when O agrees with D(i), undecided when K and D(i) agree there, and
 * shadowed when a later step of the stage changes the same thing at the same path. A step before
 * the declaration is only held against K (no builder has a volume there yet). What is compared
 * follows the step's kind: presence, type and content for writes, copies, directories and deletions;
 * owner for chown; mode for chmod. Every other difference between O and K under a volume path must
 * be explained by a step the model says this builder discards. A build that fails is held against the
 * findings `volint --builder X` reports (VOL018 at the failing step).
 *
 * Nothing here says what a builder does: expectations are the model's output, observations the
 * builds'. Builds are cached (see engines.ts `cached`) by their text and the builders' versions.
 */
import { DockerfileParser } from 'dockerfile-ast';
import { build, cached, exportFs, imageConfig, type EngineName, type FileSystem, type FsEntry } from '../helpers/engines.js';
import { runCli, REPO } from '../helpers/cli.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** buildah 1.28 defaults to compat volumes: the model's buildah-compat. */
export const MODEL_BUILDER: Record<EngineName, string> = { legacy: 'legacy', buildkit: 'buildkit', buildah: 'buildah-compat' };

export interface BuilderCase {
  /** Short id used in test titles and docs/model.md: `B07`. */
  id: string;
  title: string;
  dockerfile: string;
  /** Build context files. */
  files?: Record<string, string>;
  buildArgs?: Record<string, string>;
}

// ------------------------------------------------------------------ model output

export interface ModelStep {
  line: number;
  command: string;
  kind: 'copy' | 'workdir' | 'mkdir' | 'write' | 'delete' | 'chown' | 'chmod' | string;
  path: string;
  reach: 'inside' | 'above' | string;
  certainty: string;
  afterDeclaration: boolean;
  keptBy: string[];
  discardedBy: string[];
  /** The step fails under these builders (VOL018); absent in output older than the field. */
  failedBy?: string[];
  /** An earlier step fails under these builders: the build stops before this one. */
  notRunBy?: string[];
}
export interface ModelVolume {
  path: string;
  origin: string;
  line: number | null;
  declaringStage: number | null;
  written: string | null;
  relative: boolean;
  steps: ModelStep[];
}
export interface ModelFailure {
  line: number;
  command: string;
  kind: string;
  path: string;
  volume: string;
  cause: string;
  certainty: string;
  failsUnder: string[];
}
export interface ModelStage {
  index: number;
  /** The steps that fail under a builder considered (VOL018). */
  failures?: ModelFailure[];
  name: string | null;
  line: number;
  inFinalImage: boolean;
  finalUser: string | null;
  base: { kind: string; stage?: number; ref?: { raw: string } };
  volumes: ModelVolume[];
}
export interface ModelJson {
  target: number | null;
  shellAnalyzed: boolean;
  stages: ModelStage[];
}

function withFile<T>(c: BuilderCase, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'volint-bt-case-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), c.dockerfile);
    // The build context, which volint reads too (the start script).
    for (const [path, content] of Object.entries(c.files ?? {})) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `volint model --format json` on the case (with `--builder` when given), run as a user would. */
export function modelOf(c: BuilderCase, builder?: string): ModelJson {
  return withFile(c, (dir) => {
    const r = runCli(['model', '--format', 'json', ...(builder ? ['--builder', builder] : []), 'Dockerfile'], { cwd: dir });
    if (r.code !== 0) throw new Error(`volint model exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as ModelJson;
  });
}

export interface Finding {
  ruleId: string;
  severity: string;
  line: number;
  message: string;
  confidence?: string;
  explanation?: string[];
}

/** `volint --builder B --format json` on the case: its findings. */
export function findingsOf(c: BuilderCase, builder: string): Finding[] {
  return withFile(c, (dir) => {
    const r = runCli(['--format', 'json', '--builder', builder, '--no-config', 'Dockerfile'], { cwd: dir });
    if (r.code !== 0 && r.code !== 1) throw new Error(`volint exited ${r.code}: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as { files: Array<{ findings: Finding[] }> };
    return report.files.flatMap((f) => f.findings);
  });
}

// ------------------------------------------------------------------ Dockerfile variants

interface InstructionSpan {
  keyword: string;
  startLine: number;
  endLine: number;
  args: string;
}

function instructions(text: string): InstructionSpan[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => ({ keyword: i.getKeyword().toUpperCase(), startLine: i.getRange().start.line + 1, endLine: i.getRange().end.line + 1, args: i.getArgumentsContent() ?? '' }));
}

/**
 * Replaces the instructions starting at the given lines, keeping every line number: with the text
 * `replacement` gives for the line, or a LABEL.
 */
function replaceInstructions(text: string, startLines: Set<number>, replacement: (line: number) => string | undefined = () => undefined): string {
  const lines = text.split('\n');
  for (const ins of instructions(text)) {
    if (!startLines.has(ins.startLine)) continue;
    lines[ins.startLine - 1] = replacement(ins.startLine) ?? `LABEL volint.bt.removed="${ins.startLine}"`;
    for (let l = ins.startLine + 1; l <= ins.endLine; l++) lines[l - 1] = '';
  }
  return lines.join('\n');
}

/**
 * K: every VOLUME replaced by a LABEL; or, with `mkdirs` (the paths each VOLUME line declares), by
 * a `RUN mkdir -p` of them, for a Dockerfile whose later steps need the directory (VOL018's cases).
 */
export function keepAllVariant(text: string, mkdirs?: Map<number, string[]>): string {
  const lines = new Set(instructions(text).filter((i) => i.keyword === 'VOLUME').map((i) => i.startLine));
  return replaceInstructions(text, lines, (line) => {
    const paths = mkdirs?.get(line);
    return paths && paths.length > 0 ? `RUN mkdir -p ${paths.map((p) => `'${p}'`).join(' ')}` : undefined;
  });
}

/**
 * D(i): K without the instruction at `line` and the rest of its stage, so that what the step's path
 * holds is what it held before the step (no later step of the stage changes it: see shadowing), and
 * no later step fails for want of what the removed one made.
 */
export function discardVariant(text: string, line: number, mkdirs?: Map<number, string[]>): string {
  const all = instructions(text);
  const drop = new Set<number>();
  for (const ins of all) {
    if (ins.startLine < line) continue;
    if (ins.keyword === 'FROM' && ins.startLine > line) break;
    drop.add(ins.startLine);
  }
  return replaceInstructions(keepAllVariant(text, mkdirs), drop);
}

/** The paths each VOLUME line of the file declares, from the model. */
function volumeLines(model: ModelJson): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const stage of model.stages) {
    for (const v of stage.volumes) {
      if (v.origin !== 'instruction' || v.line === null) continue;
      const list = out.get(v.line) ?? [];
      if (!list.includes(v.path)) list.push(v.path);
      out.set(v.line, list);
    }
  }
  return out;
}

/**
 * The all-kept reference for a stage: K, or, when K does not build (a step needs the directory a
 * VOLUME made), K with each VOLUME replaced by a mkdir -p of its paths. D(i) is made the same way.
 */
export function references(c: BuilderCase, model: ModelJson, target: string | undefined): { keep: Observed; drop: (line: number) => Observed } {
  let mkdirs: Map<number, string[]> | undefined;
  let keep = observe('buildkit', c, keepAllVariant(c.dockerfile), target);
  if (!keep.ok) {
    mkdirs = volumeLines(model);
    keep = observe('buildkit', c, keepAllVariant(c.dockerfile, mkdirs), target);
  }
  return { keep, drop: (line) => observe('buildkit', c, discardVariant(c.dockerfile, line, mkdirs), target) };
}

/**
 * The line of the RUN a failed build names, found in the end of its log: in the builder's own error
 * line when there is one (BuildKit's progress output lists every step, so a RUN that ran before may
 * also be in the tail), else anywhere in the tail.
 */
export function failedRunLine(text: string, log: string): number | null {
  const tailLines = log.split('\n').slice(-40);
  const errorLines = tailLines.filter((l) => /returned a non-zero code|failed running|did not complete successfully|error building at STEP/.test(l));
  for (const where of [errorLines, tailLines]) {
    const tail = where.join('\n').replace(/\s+/g, ' ');
    let best: { line: number; len: number } | null = null;
    for (const ins of instructions(text)) {
      if (ins.keyword !== 'RUN') continue;
      const cmd = ins.args.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();
      if (cmd && tail.includes(cmd) && (!best || cmd.length > best.len)) best = { line: ins.startLine, len: cmd.length };
    }
    if (best) return best.line;
  }
  return null;
}

// ------------------------------------------------------------------ builds (cached)

export interface Observed {
  ok: boolean;
  log: string;
  fs: FileSystem | null;
  volumes: string[] | null;
  user: string | null;
}

/** Builds and exports, cached by text, context, target and builder. */
export function observe(engine: EngineName, c: BuilderCase, dockerfile: string, target: string | undefined): Observed {
  return cached(['build-v1', engine, dockerfile, c.files ?? {}, c.buildArgs ?? {}, target ?? null], () => {
    const result = build(engine, dockerfile, { files: c.files, buildArgs: c.buildArgs, target });
    const log = result.log.split('\n').slice(-60).join('\n');
    if (!result.ok) return { ok: false, log, fs: null, volumes: null, user: null };
    const config = imageConfig(engine, result.image);
    return { ok: true, log, fs: exportFs(engine, result.image), volumes: config.volumes, user: config.user };
  });
}

// ------------------------------------------------------------------ comparing

type Attr = 'content' | 'owner' | 'mode';

function attrOf(kind: string): Attr {
  if (kind === 'chown') return 'owner';
  if (kind === 'chmod') return 'mode';
  return 'content';
}

/** What a step changes at a path, as comparable text. */
export function sig(fs: FileSystem, path: string, attr: Attr): string {
  const e: FsEntry | undefined = fs[path];
  if (!e) return 'absent';
  if (attr === 'owner') return `${e.uid}:${e.gid}`;
  if (attr === 'mode') return e.mode.toString(8);
  return e.type === 'd' ? 'dir' : `${e.type}:${e.content ?? ''}`;
}

function full(e: FsEntry | undefined): string {
  return e ? `${e.type} ${e.uid}:${e.gid} ${e.mode.toString(8)} ${e.content ?? ''}` : 'absent';
}

export type Outcome = 'kept' | 'discarded' | 'neither' | 'undecided' | 'shadowed';

export interface StepCheck {
  engine: EngineName;
  stage: number;
  line: number;
  kind: string;
  path: string;
  /** Where it was observed: the step's path, or the volume's for a step above it. */
  at: string;
  /** `stopped`: the model says the build stops at or before the step under this builder. */
  predicted: 'kept' | 'discarded' | 'stopped';
  observed: Outcome;
  /** Whether K and D(i) differ at the path, so the observation tells kept from discarded. */
  decisive?: boolean;
  detail: string;
}

export function under(path: string, root: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : `${root}/`);
}

/** The stages whose file systems are observed: every stage with volume steps, and the target. */
export function observedStages(model: ModelJson): ModelStage[] {
  return model.stages.filter((s) => s.index === model.target || s.volumes.some((v) => v.steps.length > 0));
}

export function targetName(model: ModelJson, stage: ModelStage): string | undefined {
  if (stage.index === model.stages.length - 1) return undefined;
  if (!stage.name) throw new Error(`stage ${stage.index} has volume steps but no name to build it with --target`);
  return stage.name;
}

/** The steps of a stage, one per (line, kind, path), with the volume they were listed under. */
function stageSteps(stage: ModelStage): Array<{ step: ModelStep; volume: ModelVolume }> {
  const seen = new Set<string>();
  const out: Array<{ step: ModelStep; volume: ModelVolume }> = [];
  for (const volume of stage.volumes) {
    for (const step of volume.steps) {
      const key = `${step.line} ${step.kind} ${step.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ step, volume });
    }
  }
  return out.sort((a, b) => a.step.line - b.step.line);
}

/** Holds one builder's build of one stage against the model's steps. */
export function checkSteps(engine: EngineName, c: BuilderCase, model: ModelJson, stage: ModelStage, built: FileSystem): StepCheck[] {
  const target = targetName(model, stage);
  const refs = references(c, model, target);
  const keep = refs.keep;
  const keepFs = keep.fs;
  if (!keep.ok || !keepFs) throw new Error(`the volume-free reference build failed:\n${keep.log}`);
  const steps = stageSteps(stage);
  const checks: StepCheck[] = [];
  steps.forEach(({ step, volume }, index) => {
    const at = step.reach === 'inside' ? step.path : volume.path;
    const attr = attrOf(step.kind);
    const builder = MODEL_BUILDER[engine];
    const stopped = (step.failedBy ?? []).includes(builder) || (step.notRunBy ?? []).includes(builder);
    const named = [step.keptBy, step.discardedBy, step.failedBy ?? [], step.notRunBy ?? []].filter((list) => list.includes(builder)).length;
    if (named !== 1) throw new Error(`the model names ${named} fates for ${builder} at line ${step.line}, not one`);
    if (stopped) {
      // This build did not stop (checkSteps sees built images only): the prediction is wrong.
      checks.push({ engine, stage: stage.index, line: step.line, kind: step.kind, path: step.path, at: step.path, predicted: 'stopped', observed: 'neither', decisive: true, detail: 'the model says the build stops at or before this step; it built' });
      return;
    }
    const predicted = step.keptBy.includes(builder) ? 'kept' : 'discarded';
    const later = steps.slice(index + 1).find(({ step: s, volume: v }) => {
      const sAt = s.reach === 'inside' ? s.path : v.path;
      return s.line !== step.line && under(at, sAt) && (attrOf(s.kind) === attr || s.kind === 'delete' || step.kind === 'delete');
    });
    const base = { engine, stage: stage.index, line: step.line, kind: step.kind, path: step.path, at, predicted } as const;
    if (later) {
      checks.push({ ...base, observed: 'shadowed', detail: `line ${later.step.line} changes ${at} again` });
      return;
    }
    const o = sig(built, at, attr);
    const k = sig(keepFs, at, attr);
    if (!step.afterDeclaration) {
      // Before the declaration no builder has a volume there yet: the build must show the step as
      // the volume-free reference does (not counted as decisive: no D(i) is built for it).
      checks.push({ ...base, observed: o === k ? 'kept' : 'neither', decisive: false, detail: `${attr} at ${at}: built ${o}, all kept ${k}` });
      return;
    }
    const drop = refs.drop(step.line);
    if (!drop.ok || !drop.fs) {
      checks.push({ ...base, observed: 'undecided', detail: `the build without line ${step.line} fails` });
      return;
    }
    const d = sig(drop.fs, at, attr);
    const detail = `${attr} at ${at}: built ${o}, all kept ${k}, line ${step.line} discarded ${d}`;
    if (k === d) checks.push({ ...base, observed: 'undecided', detail });
    else checks.push({ ...base, observed: o === k ? 'kept' : o === d ? 'discarded' : 'neither', decisive: true, detail });
  });
  return checks;
}

/**
 * Differences between the build and the all-kept reference under each volume path that no step the
 * model says this builder discards explains. The volume's own directory, present in the build and
 * absent from the reference, is the VOLUME instruction's doing and is returned apart.
 */
export function unexplained(engine: EngineName, c: BuilderCase, model: ModelJson, stage: ModelStage, built: FileSystem): { paths: string[]; createdByVolume: string[] } {
  const keepFs = references(c, model, targetName(model, stage)).keep.fs ?? {};
  // The stage and the stages it is built FROM list the steps (an inherited volume's steps are listed in its stage).
  const chain: ModelStage[] = [];
  for (let s: ModelStage | undefined = stage; s; s = s.base.kind === 'stage' ? model.stages[s.base.stage ?? -1] : undefined) chain.push(s);
  const discarded = chain.flatMap((st) => st.volumes.flatMap((v) => v.steps.filter((s) => s.discardedBy.includes(MODEL_BUILDER[engine])).map((s) => ({ at: s.reach === 'inside' ? s.path : v.path, volume: v.path }))));
  const paths: string[] = [];
  const createdByVolume: string[] = [];
  for (const volume of stage.volumes) {
    const all = new Set([...Object.keys(built), ...Object.keys(keepFs)].filter((p) => under(p, volume.path)));
    for (const p of [...all].sort()) {
      if (full(built[p]) === full(keepFs[p])) continue;
      // A discarded step explains its path, what is under it, and the directories on the way to it in the volume.
      if (discarded.some((d) => under(p, d.at) || (under(d.at, p) && under(p, d.volume)))) continue;
      if (p === volume.path && !keepFs[p] && built[p]?.type === 'd') {
        createdByVolume.push(p);
        continue;
      }
      paths.push(`${p}: built ${full(built[p])}, all kept ${full(keepFs[p])}`);
    }
  }
  return { paths, createdByVolume };
}

export { REPO };
