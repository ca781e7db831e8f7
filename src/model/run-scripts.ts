/**
 * Scripts the build runs that it brought from the build context: `COPY docker/setup /scripts/`
 * then `RUN /scripts/setup` (or `RUN sh /scripts/setup.sh`). The RUN analysis sees only that the
 * step runs a program (an `exec` use); where the file is a shell script that a COPY or ADD of this
 * Dockerfile brought from the build context before the step, volint reads it there and analyses
 * it as a part of the step (ModelOptions.runScripts): with the step's working directory, user and
 * build-time environment, its effects (an apt-get install, a chgrp of a data directory) then
 * become the step's own, each with the script's path and line (PathEffect.script).
 *
 * The file is located as src/model/context-files.ts locates any file of the image in the build
 * context, as the step finds it: the last COPY or ADD before the step that puts it there (through
 * `COPY --from` of an earlier stage), not through a wildcard, an URL or an archive ADD extracts, not
 * one .dockerignore leaves out, and not one a step rewrote before it ran (an earlier command of the
 * step itself included). A script that names another interpreter (`#!/usr/bin/env python3`), or none without a
 * .sh name, is not read; nor is a script a read script runs in its turn.
 */
import type { BuildContextFiles } from './context-files.js';
import { programsBroughtIn } from './query.js';
import { isShellStartScript } from './start-script.js';
import { isWithin } from './paths.js';
import type { FileModel, PathEffect, Stage } from './types.js';

/** Scripts larger than this (bytes) are not read. */
const MAX_SCRIPT_BYTES = 256 * 1024;

/** A script a RUN step runs, read in the build context. */
export interface RunScript {
  /** Its path in the image, where the step runs it. */
  path: string;
  /** Its path in the build context. */
  source: string;
  /** The COPY or ADD that brought it. */
  copy: PathEffect;
  text: string;
}

/** The scripts the RUN steps of the stages with volumes (and the stages they are built on) run, by the step's instruction index. */
export async function readRunScripts(model: FileModel, context: BuildContextFiles): Promise<Map<number, RunScript[]>> {
  const scripts = new Map<number, RunScript[]>();
  const seen = new Set<PathEffect>();
  for (const stage of model.stages) {
    if (stage.volumes.length === 0 || stage.windows) continue;
    for (const { run } of programsBroughtIn(stage)) {
      if (seen.has(run)) continue;
      seen.add(run);
      const owner = model.stages.find((s) => s.uses.includes(run));
      if (!owner) continue;
      if (rewrittenFirst(owner, run)) continue;
      const found = await context.locate(model, owner, run.path, run.instruction.index);
      if (!found || found.text.length > MAX_SCRIPT_BYTES || !isShellStartScript(run.path, found.text)) continue;
      const list = scripts.get(run.instruction.index) ?? [];
      if (!list.some((s) => s.path === run.path)) list.push({ path: run.path, source: found.source, copy: found.copy, text: found.text });
      scripts.set(run.instruction.index, list);
    }
  }
  return scripts;
}

/**
 * Whether the step that runs the program changes its file first (`sed -i … /opt/setup.sh &&
 * /opt/setup.sh`): a command before the one that runs it writes or removes it (a chmod or chown
 * leaves its content). What the step does after it ran the script (`&& rm -rf /opt/setup`) does not count.
 */
function rewrittenFirst(stage: Stage, run: PathEffect): boolean {
  const earlier = (e: PathEffect): boolean =>
    e.range.start.line < run.range.start.line || (e.range.start.line === run.range.start.line && e.range.start.character < run.range.start.character);
  return stage.effects.some((e) => e.instruction === run.instruction && e.kind !== 'chmod' && e.kind !== 'chown' && (e.path === run.path || (e.recursive && isWithin(run.path, e.path))) && earlier(e));
}
