/**
 * Files of the image that the build brought from the build context: where a path of a stage comes
 * from (the last COPY or ADD that puts it there, followed back through `COPY --from` of earlier
 * stages), read through the build context's reader. The start script (src/model/start-script.ts)
 * and, for Compose, the program a service starts and the configuration file its command names
 * (src/compose/service-settings.ts) are read this way.
 *
 * Only what is certain is read: no file through a wildcard source, an URL, a heredoc or a local
 * archive that ADD would extract, no file the build context's ignore file leaves out under one of
 * the builders (src/model/dockerignore.ts: .dockerignore, or the Dockerfile's own
 * `<Dockerfile>.dockerignore`, read as each builder reads it), and no file a later step rewrote or
 * removed (a chmod or chown leaves its content).
 */
import { Dockerignore } from './dockerignore.js';
import { isWithin, normalizePath } from './paths.js';
import { copySourceStage, stageChain } from './query.js';
import type { BuildContextReader, BuilderSetting, FileModel, PathEffect, Stage } from './types.js';

/** How many `COPY --from` hops are followed back to the build context. */
const MAX_HOPS = 4;
/** Sources that ADD extracts (a local tar archive) rather than copies. */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst))$/i;

/** A file of the image that a COPY or ADD brought from the build context. */
export interface ContextFile {
  /** Its path in the build context (relative, normalised). */
  source: string;
  /** The COPY or ADD of the build context that brought it (at the end of any `COPY --from` hops). */
  copy: PathEffect;
  text: string;
}

/** A file of the build context the build may or may not bring: the builders asked about (or their versions) read the ignore files differently for it. */
export interface UndecidedFile {
  /** Its path in the build context. */
  undecided: string;
}

/** One build context's files, as the build sees them. */
export interface BuildContextFiles {
  /** The context's ignore files under the builders (read once). */
  dockerignore(): Promise<Dockerignore>;
  /** Where the file `path` of the stage (as the stage ends) comes from in the build context, with its text; null when that is not certain. */
  locate(model: FileModel, stage: Stage, path: string): Promise<ContextFile | null>;
  /** As locate, but says which file of the context it would be where the ignore files leave it in under some builders and out under others. */
  lookup(model: FileModel, stage: Stage, path: string): Promise<ContextFile | UndecidedFile | null>;
}

/** The files of the build context `reader` reads, as the builders of `builder` bring them into the build. */
export function buildContextFiles(reader: BuildContextReader, builder: BuilderSetting): BuildContextFiles {
  let ignore: Promise<Dockerignore> | undefined;
  const dockerignore = (): Promise<Dockerignore> =>
    (ignore ??= Dockerignore.read(
      {
        context: (name) => reader.readText(name),
        besideDockerfile: (suffix) => reader.besideDockerfile?.(suffix) ?? Promise.resolve(null),
        dockerfileAtRoot: reader.dockerfileAtRoot ?? false,
      },
      builder,
    ));
  const lookup = async (model: FileModel, stage: Stage, path: string): Promise<ContextFile | UndecidedFile | null> => locate(model, stage, path, reader, await dockerignore(), 0);
  return {
    dockerignore,
    lookup,
    locate: async (model, stage, path) => {
      const found = await lookup(model, stage, path);
      return found && 'text' in found ? found : null;
    },
  };
}

/**
 * The source paths a COPY/ADD with these sources and destination reads for the file `path` it puts
 * in the image, the one that wins first: the one source of a copy to that very path, `source/rest`
 * for a directory copied to a parent of it (COPY copies a directory's contents), and a source named
 * like the file copied into its directory; a later source overwrites an earlier one. Empty when a
 * source is a wildcard, an URL, a heredoc or an archive ADD extracts.
 */
function sourceCandidates(copy: PathEffect, path: string): string[] {
  const sources = copy.sources ?? [];
  if (sources.length === 0 || sources.some((s) => /[*?[\]$]/.test(s) || /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || s.startsWith('<<'))) return [];
  if (copy.command === 'ADD' && sources.some((s) => ARCHIVE.test(s))) return [];
  if (copy.path === path) return sources.length === 1 ? [sources[0]!] : [];
  if (!isWithin(path, copy.path)) return [];
  const rest = path.slice(copy.path.length + (copy.path === '/' ? 0 : 1));
  const candidates: string[] = [];
  for (const source of [...sources].reverse()) {
    const dir = source.replace(/\/+$/, '');
    candidates.push(dir === '' || dir === '.' ? rest : `${dir}/${rest}`);
    if (!rest.includes('/') && dir.slice(dir.lastIndexOf('/') + 1) === rest) candidates.push(dir);
  }
  return candidates;
}

/**
 * Whether a step after `copy` rewrites or removes `path` (a chmod or chown leaves
 * its content): one that names the file, or a certain recursive one on a directory above it. A
 * possible change of a whole tree (`find /app -name '*.pyc' -exec rm`) is not counted: what it
 * matches is not known, and a build that removed its own start script would not start.
 */
function rewrittenAfter(stage: Stage, copy: PathEffect, path: string): boolean {
  return stageChain(stage).some((s) =>
    s.effects.some(
      (e) =>
        e.instruction.index > copy.instruction.index &&
        e.kind !== 'chmod' &&
        e.kind !== 'chown' &&
        (e.path === path || (e.recursive && e.certainty === 'certain' && e.pattern === undefined && isWithin(path, e.path))),
    ),
  );
}

/**
 * Where the file `path` of the stage (as the stage ends) comes from in the build context, with its
 * text: the last COPY/ADD of the chain that puts it there, followed through `COPY --from` of earlier
 * stages (`hops` of them so far).
 */
async function locate(model: FileModel, stage: Stage, path: string, reader: BuildContextReader, ignore: Dockerignore, hops: number): Promise<ContextFile | UndecidedFile | null> {
  const copies = stageChain(stage)
    .flatMap((s) => s.effects)
    .filter((e) => e.kind === 'copy' && (e.path === path || isWithin(path, e.path)))
    .sort((a, b) => b.instruction.index - a.instruction.index);
  const copy = copies[0];
  if (!copy || rewrittenAfter(stage, copy, path)) return null;
  const candidates = sourceCandidates(copy, path);
  if (copy.from !== undefined) {
    const from = copySourceStage(model, stage, copy.from);
    if (!from || hops >= MAX_HOPS) return null;
    for (const candidate of candidates) {
      // A COPY --from source is a path in that stage's file system, relative to its root.
      const found = await locate(model, from, normalizePath(`/${candidate}`), reader, ignore, hops + 1);
      if (found) return found;
    }
    return null;
  }
  for (const candidate of candidates) {
    const relative = normalizePath(`/${candidate}`).slice(1);
    if (relative === '') continue;
    const presence = ignore.presence(relative);
    if (presence === 'out') return null;
    if (presence === 'depends') return (await reader.readText(relative)) !== null ? { undecided: relative } : null;
    const text = await reader.readText(relative);
    if (text !== null) return { source: relative, copy, text };
  }
  return null;
}
