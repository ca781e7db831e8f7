/**
 * The script a container starts, read from the build context: where the start command's program
 * (ENTRYPOINT, or CMD without one) is a file that a COPY or ADD of this Dockerfile brings from the
 * build context (directly, or through `COPY --from` of an earlier stage that copied it from there),
 * the file is read and analysed like a RUN step, as the container's user, in its working directory
 * and with its ENV: what it does to paths at every start (chown, chmod, mkdir…) is then known.
 *
 * Only what is certain is read: the file is located as src/model/context-files.ts locates any file
 * of the image in the build context (not through a wildcard, an URL or an archive ADD extracts, not
 * one .dockerignore leaves out or a later RUN step rewrote). A script that names another interpreter
 * (`#!/usr/bin/env python3`) or none is not read.
 */
import type { BuildContextFiles } from './context-files.js';
import { isWithin } from './paths.js';
import { startProgramPaths } from './start.js';
import { ShellParserNotLoaded, type ShellAnalyzer, type ShellEffect } from './shell-types.js';
import type { FileModel, PathEffect, Stage, StartScript, StartScriptEffect } from './types.js';

/** Scripts larger than this (bytes) are not read. */
const MAX_SCRIPT_BYTES = 256 * 1024;
/** A shell interpreter line: `#!/bin/sh`, `#!/bin/bash -e`, `#!/usr/bin/env bash`. */
const SHELL_SHEBANG = /^#!\s*(\/usr)?\/bin\/(env\s+)?(sh|bash|ash|dash)(\s|$)/;

/** The text lineAt last counted lines of, and the offsets of its line feeds. */
let counted: { text: string; feeds: number[] } | null = null;

/**
 * The 1-based line of an offset in a text. Callers ask for every effect of one script in turn, so
 * the line feeds of the last text asked about are kept: a search among them, not a count from the
 * start each time (quadratic: 10,000 effects of a 200 KB script read by the RUN analysis took seconds).
 */
export function lineAt(text: string, offset: number): number {
  if (counted?.text !== text) {
    const feeds: number[] = [];
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) feeds.push(at);
    counted = { text, feeds };
  }
  // The number of line feeds before the offset.
  const { feeds } = counted;
  let low = 0;
  let high = feeds.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (feeds[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low + 1;
}

/** Whether a start program's text is a shell script volint reads: a sh/bash/ash/dash interpreter line, or none and a .sh/.bash name. */
export function isShellStartScript(path: string, text: string): boolean {
  const first = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  return first.startsWith('#!') ? SHELL_SHEBANG.test(first) : /\.(sh|bash)$/.test(path);
}

/** The container's environment as the stage leaves it: a variable ENV set to a known value (not ARG). */
export function containerLookup(stage: Stage): (name: string) => string | undefined {
  return (name) => {
    const value = stage.envNames.has(name) ? stage.variables.get(name) : undefined;
    return value?.kind === 'known' ? value.value : undefined;
  };
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
export async function readStartScripts(model: FileModel, context: BuildContextFiles, analyzer: ShellAnalyzer): Promise<void> {
  for (const stage of model.stages) {
    if (stage.volumes.length === 0 || stage.windows) continue;
    for (const program of startProgramPaths(stage)) {
      const found = await context.lookup(model, stage, program);
      if (found && 'undecided' in found) {
        stage.startScriptUndecided = { path: program, source: found.undecided };
        break;
      }
      if (!found) continue;
      const { text } = found;
      if (text.length > MAX_SCRIPT_BYTES) break;
      if (!isShellStartScript(program, text)) break;
      let failed = false;
      let effects: ShellEffect[];
      try {
        effects = analyzer.analyzeScript(text, {
          cwd: stage.finalWorkdir?.startsWith('/') ? stage.finalWorkdir : '/',
          // The container's environment: ENV, not ARG.
          lookup: containerLookup(stage),
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
        effects: effects.filter((e) => e.kind !== 'enter' && e.kind !== 'read' && e.kind !== 'account').map((e) => toEffect(e, text)),
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
