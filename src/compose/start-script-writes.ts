/**
 * What the start script of a `build:` service writes when its container starts (ComposeService.startScriptWrites):
 * the program the container runs (ComposeService.start.built) when it is a shell script the build brought from the
 * build context, read with the RUN analysis (src/model/shell) from the image's WORKDIR, with the container's
 * environment. VOL024 asks it for evidence that the program writes at a mount point.
 */
import { normalizePath } from '../model/paths.js';
import type { ShellAnalyzer } from '../model/shell-types.js';
import { isShellStartScript, lineAt } from '../model/start-script.js';
import { containerEnvironment } from './command-line.js';
import { analyseScript } from './project-scripts.js';
import type { ComposeService, StartScriptWrite } from './types.js';

/** The kinds of change that need write access to the directory that holds the path. */
const WRITES = new Set(['write', 'mkdir', 'delete']);

/**
 * The writes of the service's start script: files written or copied (`cp`, `>`, `tar -x -C`), directories
 * made, paths removed, on known operands (certainty `certain`), in a branch that may not run too (the
 * first-start initialisation a script does only when a file is missing is the common case). Empty when
 * the service runs no script volint reads.
 */
export async function startScriptWrites(service: ComposeService, loadAnalyzer: () => Promise<ShellAnalyzer>): Promise<StartScriptWrite[]> {
  if (service.image.kind !== 'build') return [];
  const script = service.start?.built;
  if (!script?.text || !isShellStartScript(script.path, script.text)) return [];
  const workdir = service.image.stage.finalWorkdir;
  const text = script.text;
  const effects = await analyseScript(await loadAnalyzer(), text, workdir?.startsWith('/') ? normalizePath(workdir) : '/', containerEnvironment(service));
  if (!effects) return [];
  return effects
    .filter((e) => WRITES.has(e.kind) && e.certainty === 'certain' && e.path.startsWith('/'))
    .map((e) => ({ path: e.path, kind: e.kind as StartScriptWrite['kind'], command: e.command, script: script.path, line: lineAt(text, e.start) }));
}
