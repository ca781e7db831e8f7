/**
 * What a container puts back into a bound directory when it starts, from a copy of that directory the
 * image keeps elsewhere: the build copies the directory aside (`RUN cp -a /app /opt/app-dist`), and
 * the start (the image's start script, or the service's own command line) copies it back (`cp -a
 * /opt/app-dist/. /app`, `cp -R /opt/app-dist/* /app`, `rsync -a /opt/app-dist/ /app`). A bind over
 * /app hides what the build made there, but the container then runs with the copy the start wrote
 * into the bind.
 *
 * Only certain evidence counts. The start's copy is read with the RUN analysis (src/model/shell): a
 * write it certainly makes (not through a pattern) whose source is one known directory, into the
 * directory itself (`cp -r /opt/app-dist /app` lands in /app/app-dist once /app exists, as a mount
 * point does: not a restore), on every start or only when a path inside the directory is missing
 * (`if [ ! -f /app/INIT ]`, no other condition around it): such a copy runs at the first start where
 * the host directory lacks that path (StartRestore.when). The kept copy is a step of the build that
 * copied that very directory to the source (`cp -a /app /opt/app-dist`, `cp -a /app/. /opt/app-dist`,
 * `rsync -a /app/ /opt/app-dist`), certainly, and that no later step deletes from. What the copy holds
 * is what the directory held at that step: a later step's files are not in it (src/compose/query.ts
 * restoresOver).
 */
import { isWithin, normalizePath } from '../model/paths.js';
import { stageChain } from '../model/query.js';
import { isShellStartScript, lineAt } from '../model/start-script.js';
import { containerEnvironment } from './command-line.js';
import type { ShellAnalyzer, ShellEffect } from '../model/shell-types.js';
import type { PathEffect, Stage } from '../model/types.js';
import { analyseScript } from './project-scripts.js';
import type { ComposeService, StartRestore } from './types.js';

/**
 * A copy of one known directory into `effect.path` itself, made for sure on every run of the script, or
 * only when a path inside that directory is missing (`if [ ! -f /app/INIT ]`): its source, whether
 * names that start with a dot come too, and that path.
 */
function copySource(effect: ShellEffect): { from: string; dotted: boolean; when?: string } | null {
  if (effect.kind !== 'write' || effect.certainty !== 'certain' || effect.pattern !== undefined || !effect.recursive) return null;
  const when = effect.onlyIfAbsent;
  if (effect.conditional && (when === undefined || !isWithin(when, effect.path) || when === effect.path)) return null;
  const condition = effect.conditional ? { when: when! } : {};
  if (effect.entriesFrom) return { from: effect.entriesFrom.dir, dotted: effect.entriesFrom.dotted, ...condition };
  // `cp -r /opt/dist /app` onto an existing directory lands in /app/dist.
  if (effect.copiedFrom !== undefined && !effect.intoExisting) return { from: effect.copiedFrom, dotted: true, ...condition };
  return null;
}

/**
 * The build step that keeps a copy of `directory` at `kept`: the last certain copy of that directory
 * to that path in the stage chain, with its stage. A `cp -r /app /opt/dist` counts only where no
 * earlier step made /opt/dist (the copy would land in /opt/dist/app). Null when there is none, or a
 * later step deletes anything at or below the kept copy.
 */
function keptCopy(stage: Stage, directory: string, kept: string): { effect: PathEffect; stage: Stage } | null {
  const chain = stageChain(stage).reverse();
  let found: { effect: PathEffect; stage: Stage } | null = null;
  let earlierAtKept = false;
  for (const current of chain) {
    for (const effect of current.effects) {
      if (found && effect.kind === 'delete' && (isWithin(effect.path, kept) || isWithin(kept, effect.path))) return null;
      if (effect.path === kept && effect.command.startsWith('RUN')) {
        const copy = effect.kind === 'write' && effect.certainty === 'certain' && !effect.conditional && effect.pattern === undefined && effect.recursive ? effect : null;
        const source = copy?.entriesFrom ? (copy.entriesFrom.dotted ? copy.entriesFrom.dir : null) : (copy?.copiedFrom ?? null);
        if (copy && source === directory && (!copy.intoExisting || !earlierAtKept)) {
          found = { effect: copy, stage: current };
          continue;
        }
      }
      if (isWithin(effect.path, kept)) earlierAtKept = true;
    }
  }
  return found;
}

/** The restores among the effects of what the container runs at start (see the module comment). */
function restoresIn(effects: readonly ShellEffect[], stage: Stage, where: (effect: ShellEffect) => StartRestore['where']): StartRestore[] {
  const out: StartRestore[] = [];
  for (const effect of effects) {
    const source = copySource(effect);
    if (!source || isWithin(effect.path, source.from) || isWithin(source.from, effect.path)) continue;
    const kept = keptCopy(stage, effect.path, source.from);
    if (!kept) continue;
    out.push({
      path: effect.path,
      from: source.from,
      dotted: source.dotted,
      command: effect.command,
      where: where(effect),
      kept: kept.effect,
      keptStage: kept.stage,
      ...(source.when !== undefined ? { when: { path: source.when, hostHolds: null } } : {}),
    });
  }
  return out;
}

/**
 * What the container of a `build:` service copies back at every start from a copy the image keeps
 * (ComposeService.startRestores): from its own command line (`commandEffects`, already read), and from
 * the image's start script where volint reads it (a shell script the build copied from the build
 * context, ComposeService.start.built). Not for a service known to run as non-root: it could not
 * write into the directory Compose makes for a missing bind source.
 */
export async function findStartRestores(
  service: ComposeService,
  commandEffects: readonly ShellEffect[] | null,
  loadAnalyzer: () => Promise<ShellAnalyzer>,
  exists: ((path: string) => Promise<boolean>) | undefined,
): Promise<StartRestore[]> {
  if (service.image.kind !== 'build' || service.user.root === false) return [];
  const stage = service.image.stage;
  // No step of the build copies a directory whole: nothing the start could copy back.
  if (!stageChain(stage).some((s) => s.effects.some((e) => e.command.startsWith('RUN') && (e.copiedFrom !== undefined || e.entriesFrom?.dotted === true)))) return [];
  const out = commandEffects ? restoresIn(commandEffects, stage, () => ({ kind: 'command' })) : [];
  const script = service.start?.built;
  if (script?.text && isShellStartScript(script.path, script.text)) {
    const workdir = stage.finalWorkdir;
    const effects = await analyseScript(await loadAnalyzer(), script.text, workdir?.startsWith('/') ? normalizePath(workdir) : '/', containerEnvironment(service));
    const text = script.text;
    if (effects) out.push(...restoresIn(effects, stage, (e) => ({ kind: 'script', path: script.path, line: lineAt(text, e.start) })));
  }
  for (const restore of out) if (restore.when) restore.when.hostHolds = await hostHolds(service, restore.when.path, exists);
  return out;
}

/**
 * Whether the host directory of the bind that covers `path` holds it now: false for a missing bind
 * source (Compose creates it empty); null where another kind of mount covers it, or the host path is
 * not checked (absolute and `~` sources name the machine that runs Compose; VOL024 reads a `~` one with `hostFresh`).
 */
async function hostHolds(service: ComposeService, path: string, exists: ((path: string) => Promise<boolean>) | undefined): Promise<boolean | null> {
  let cover: ComposeService['mounts'][number] | null = null;
  for (const mount of service.mounts) {
    if (mount.target !== null && isWithin(path, mount.target) && (!cover || isWithin(mount.target, cover.target!))) cover = mount;
  }
  if (!cover || cover.cover !== 'bind' || !cover.hostPath || cover.hostExists === null) return null;
  if (cover.hostExists === false) return false;
  if (!exists) return null;
  const below = path === cover.target ? '' : path.slice(cover.target!.length);
  return exists(`${cover.hostPath}${below}`);
}
