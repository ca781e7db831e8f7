/**
 * The script a container starts, read from the build context: where the start command's program
 * (ENTRYPOINT, or CMD without one) is a file that a COPY or ADD of this Dockerfile brings from the
 * build context (directly, or through `COPY --from` of an earlier stage that copied it from there),
 * the file is read and analysed like a RUN step, as the container's user, in its working directory
 * and with its ENV: what it does to paths at every start (chown, chmod, mkdir…) is then known.
 *
 * Only what is certain is read: no file is read through a wildcard source, an URL, a local archive
 * that ADD would extract, a .dockerignore with an exception pattern (`!`) or one that excludes the
 * file, or a file a later RUN step rewrote (other than chmod/chown). A script that names another
 * interpreter (`#!/usr/bin/env python3`) or none is not read.
 */
import picomatch from 'picomatch';
import { isWithin, normalizePath } from './paths.js';
import { startProgramPaths } from './start.js';
import { ShellParserNotLoaded, type ShellAnalyzer, type ShellEffect } from './shell-types.js';
import type { BuildContextReader, FileModel, PathEffect, Stage, StartScript, StartScriptEffect } from './types.js';

/** Scripts larger than this (bytes) are not read. */
const MAX_SCRIPT_BYTES = 256 * 1024;
/** How many `COPY --from` hops are followed back to the build context. */
const MAX_HOPS = 4;
/** Sources that ADD extracts (a local tar archive) rather than copies. */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst))$/i;
/** A shell interpreter line: `#!/bin/sh`, `#!/bin/bash -e`, `#!/usr/bin/env bash`. */
const SHELL_SHEBANG = /^#!\s*(\/usr)?\/bin\/(env\s+)?(sh|bash|ash|dash)(\s|$)/;

/** The stages a stage is built on, itself first. */
function chainOf(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let s: Stage | null = stage; s && !stages.includes(s); s = s.base.kind === 'stage' ? s.base.stage : null) stages.push(s);
  return stages;
}

/** The stage a COPY --from names (its name or index), when it is an earlier stage of the file. */
function namedStage(model: FileModel, stage: Stage, from: string): Stage | null {
  const lower = from.toLowerCase();
  const found = /^\d+$/.test(from) ? model.stages[Number(from)] : model.stages.find((s) => s.name !== null && s.name.toLowerCase() === lower);
  return found && found.index < stage.index ? found : null;
}

/**
 * The source paths a COPY/ADD with these sources and destination reads for the file `path` it puts
 * in the image: the one source of a copy to that very path, `source/rest` for a directory copied to
 * a parent of it (COPY copies a directory's contents), and a source named like the file copied
 * into its directory. Empty when a source is a wildcard, an URL or an archive ADD extracts.
 */
function sourceCandidates(copy: PathEffect, path: string): string[] {
  const sources = copy.sources ?? [];
  if (sources.length === 0 || sources.some((s) => /[*?[\]$]/.test(s) || /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || s.startsWith('<<'))) return [];
  if (copy.command === 'ADD' && sources.some((s) => ARCHIVE.test(s))) return [];
  if (copy.path === path) return sources.length === 1 ? [sources[0]!] : [];
  if (!isWithin(path, copy.path)) return [];
  const rest = path.slice(copy.path.length + (copy.path === '/' ? 0 : 1));
  const candidates: string[] = [];
  for (const source of sources) {
    const dir = source.replace(/\/+$/, '');
    candidates.push(dir === '' || dir === '.' ? rest : `${dir}/${rest}`);
    if (!rest.includes('/') && dir.slice(dir.lastIndexOf('/') + 1) === rest) candidates.push(dir);
  }
  return candidates;
}

/**
 * Whether a step after `copy` and before `end` rewrites or removes `path` (a chmod or chown leaves
 * its content): one that names the file, or a certain recursive one on a directory above it. A
 * possible change of a whole tree (`find /app -name '*.pyc' -exec rm`) is not counted: what it
 * matches is not known, and a build that removed its own start script would not start.
 */
function rewrittenAfter(stage: Stage, copy: PathEffect, path: string, end: number): boolean {
  return chainOf(stage).some((s) =>
    s.effects.some(
      (e) =>
        e.instruction.index > copy.instruction.index &&
        e.instruction.index < end &&
        e.kind !== 'chmod' &&
        e.kind !== 'chown' &&
        (e.path === path || (e.recursive && e.certainty === 'certain' && e.pattern === undefined && isWithin(path, e.path))),
    ),
  );
}

/** The build context's .dockerignore patterns (none: []), or null when it has an exception (`!`), which volint does not follow. */
async function dockerignore(reader: BuildContextReader): Promise<string[] | null> {
  const text = await reader.readText('.dockerignore');
  if (text === null) return [];
  const patterns: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('!')) return null;
    patterns.push(normalizePath(`/${line}`).slice(1));
  }
  return patterns;
}

interface Located {
  source: string;
  copy: PathEffect;
  text: string;
}

/**
 * Where the file `path` of the stage (as it stands before the instruction `end`) comes from in the
 * build context, with its text: the last COPY/ADD of the chain that puts it there, followed through
 * `COPY --from` of earlier stages.
 */
async function locate(model: FileModel, stage: Stage, path: string, end: number, reader: BuildContextReader, ignored: readonly string[], hops: number): Promise<Located | null> {
  const copies = chainOf(stage)
    .flatMap((s) => s.effects)
    .filter((e) => e.kind === 'copy' && e.instruction.index < end && (e.path === path || isWithin(path, e.path)))
    .sort((a, b) => b.instruction.index - a.instruction.index);
  const copy = copies[0];
  if (!copy || rewrittenAfter(stage, copy, path, end)) return null;
  const candidates = sourceCandidates(copy, path);
  if (copy.from !== undefined) {
    const from = namedStage(model, stage, copy.from);
    if (!from || hops >= MAX_HOPS) return null;
    for (const candidate of candidates) {
      // A COPY --from source is a path in that stage's file system, relative to its root.
      const found = await locate(model, from, normalizePath(`/${candidate}`), Infinity, reader, ignored, hops + 1);
      if (found) return found;
    }
    return null;
  }
  for (const candidate of candidates) {
    const relative = normalizePath(`/${candidate}`).slice(1);
    if (relative === '') continue;
    const parts = relative.split('/');
    if (parts.some((_, i) => ignored.some((pattern) => picomatch.isMatch(parts.slice(0, i + 1).join('/'), pattern, { dot: true })))) return null;
    const text = await reader.readText(relative);
    if (text !== null) return { source: relative, copy, text };
  }
  return null;
}

/** The 1-based line of an offset in a text. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function toEffect(effect: ShellEffect, text: string): StartScriptEffect {
  return {
    kind: effect.kind,
    path: effect.path,
    recursive: effect.recursive,
    certainty: effect.certainty,
    command: effect.command,
    line: lineAt(text, effect.start),
    ...(effect.setting !== undefined ? { setting: effect.setting } : {}),
    ...(effect.pattern !== undefined ? { pattern: effect.pattern } : {}),
    ...(effect.parents ? { parents: true as const } : {}),
    ...(effect.conditional ? { conditional: true as const } : {}),
  };
}

/**
 * Reads and analyses the start script of every stage that has volumes (stage.startScript). A
 * script the analysis fails on is left unread (null), as if it could not be read.
 */
export async function readStartScripts(model: FileModel, reader: BuildContextReader, analyzer: ShellAnalyzer): Promise<void> {
  let ignored: string[] | null | undefined;
  for (const stage of model.stages) {
    if (stage.volumes.length === 0 || stage.windows) continue;
    const programs = startProgramPaths(stage);
    if (programs.length === 0) continue;
    ignored ??= await dockerignore(reader);
    if (ignored === null) return;
    for (const program of programs) {
      const found = await locate(model, stage, program, Infinity, reader, ignored, 0);
      if (!found) continue;
      const { text } = found;
      if (text.length > MAX_SCRIPT_BYTES) break;
      const first = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
      if (first.startsWith('#!') ? !SHELL_SHEBANG.test(first) : !/\.(sh|bash)$/.test(program)) break;
      let failed = false;
      let effects: ShellEffect[];
      try {
        effects = analyzer.analyzeScript(text, {
          cwd: stage.finalWorkdir?.startsWith('/') ? stage.finalWorkdir : '/',
          // The container's environment: ENV, not ARG.
          lookup: (name) => {
            const value = stage.envNames.has(name) ? stage.variables.get(name) : undefined;
            return value?.kind === 'known' ? value.value : undefined;
          },
          ...(stage.finalUser === '' || stage.finalUser === 'root' || stage.finalUser === '0' ? { home: '/root' } : {}),
          onError: () => {
            failed = true;
          },
        });
      } catch (error) {
        if (error instanceof ShellParserNotLoaded) throw error;
        failed = true;
        effects = [];
      }
      if (failed) break;
      const script: StartScript = {
        path: program,
        source: found.source,
        copy: found.copy,
        user: stage.finalUser,
        effects: effects.filter((e) => e.kind !== 'enter' && e.kind !== 'read').map((e) => toEffect(e, text)),
      };
      stage.startScript = script;
      break;
    }
  }
}

/** Whether the start script runs as root: USER root, or no USER anywhere (the base image's default, unknown to volint, which a start script that gives files to an account is written for). */
function scriptRunsAsRoot(script: StartScript): boolean {
  return script.user === null || ['', 'root', '0', 'root:root', '0:0'].includes(script.user.trim());
}

/**
 * The effect of the start script that redoes, at every start of a container, what the build step
 * `effect` does in the volume at `volumePath`: the script runs as root and certainly, on every run
 * (not in an undecided branch), gives the same owner (`sameOwner(scriptSetting, stepSetting)`:
 * the same account, and the step names no other group) or mode to the volume, recursively where
 * the step reaches into the volume's content; or makes the same directory (`mkdir`, the step and
 * the script as the same user). A builder that discards the step then loses nothing a container
 * keeps. Null otherwise.
 */
export function startScriptRedoes(
  stage: Stage,
  effect: PathEffect,
  volumePath: string,
  sameOwner: (scriptSetting: string, stepSetting: string) => boolean,
): StartScriptEffect | null {
  const script = stage.startScript;
  if (!script || !scriptRunsAsRoot(script)) return null;
  const sure = (e: StartScriptEffect): boolean => e.certainty === 'certain' && !e.conditional && e.pattern === undefined;
  if (effect.kind === 'chown' || effect.kind === 'chmod') {
    const setting = effect.setting;
    if (setting === undefined) return null;
    // The step changes the volume's directory only, or (recursively, or through a parent) what it holds too.
    const directoryOnly = effect.path === volumePath && !effect.recursive;
    return (
      script.effects.find(
        (e) =>
          e.kind === effect.kind &&
          sure(e) &&
          e.setting !== undefined &&
          (effect.kind === 'chmod' ? e.setting === setting : sameOwner(e.setting, setting)) &&
          (e.recursive ? isWithin(volumePath, e.path) : directoryOnly && e.path === volumePath),
      ) ?? null
    );
  }
  if (effect.kind === 'mkdir') {
    const user = stage.userAt.get(effect.instruction.index) ?? null;
    if (user !== script.user) return null;
    return script.effects.find((e) => e.kind === 'mkdir' && sure(e) && (e.path === effect.path || (e.parents === true && isWithin(e.path, effect.path)))) ?? null;
  }
  return null;
}
