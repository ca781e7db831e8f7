/**
 * What a `COPY --from=<stage>` of a whole directory brings below its destination: the steps of the
 * source stage (and of the stages it is built FROM) that put files under, or remove them from, the
 * copied source directory, with their paths moved to where the copy lands them.
 *
 * `COPY --from=build /usr/local/bundle/ /usr/local/bundle/` over a volume at /usr/local/bundle/gems:
 * the COPY names a parent of the mount point, and what lands at the mount point is what the build
 * stage's `bundle install` put at /usr/local/bundle/gems there. A directory source copies its
 * contents into the destination (Docker's COPY, with or without the trailing slashes), so a path
 * `rest` below the destination comes from `source/rest` in the stage.
 *
 * A copy in the source stage of a parent directory from a third stage is followed the same way, to
 * MAX_COPY_FROM_HOPS copies deep. A stage is always an earlier one, so there is no cycle. Each (copy,
 * path, depth) is followed once and its answer reused, and the answer holds each original step once
 * per landing path, so two copies of the same tree do not double the work at each level. A copy of
 * several sources asks the stage below about one path per source, so the paths asked multiply at
 * each level (sources to the power of the depth): at most MAX_FOLLOWS copies are followed for one
 * question, and what the copies past that bring is left out.
 */
import { isWithin, normalizePath } from './paths.js';
import { copySourceStage, MAX_COPY_FROM_HOPS, reach, stageChain } from './query.js';
import type { FileModel, PathEffect, Stage } from './types.js';

/** How many (copy, path) questions one stepsThroughCopy follows, at most. */
const MAX_FOLLOWS = 256;

/** A `COPY --from` a step's files came through, with the stage the COPY is in. */
export interface StageCopyHop {
  copy: PathEffect;
  stage: Stage;
}

/** A step of another stage whose files a `COPY --from` brings under the path asked about. */
export interface CopiedStep {
  /** The step with its path moved to where the copies land it (the original's other fields kept). */
  effect: PathEffect;
  /** The step as the source stage's model has it. */
  original: PathEffect;
  /** The stage the step is in. */
  stage: Stage;
  /** `inside`: the step puts files at or below the path; `parent`: a recursive step on a directory above it. */
  reach: 'inside' | 'parent';
  /** The copies the files came through, the first the one asked about, the last the one copying from `stage`. */
  via: StageCopyHop[];
}

/**
 * A COPY source that names one directory (or file) of the stage without a glob or variable, as an
 * absolute path: a relative one is read from the stage's root (`COPY --from` does not apply the
 * source stage's WORKDIR; BuildKit joins the source to `/`).
 */
function plainSource(source: string): string | null {
  if (/[*?[$\\]/.test(source)) return null;
  return normalizePath(`/${source}`);
}

/** `path` below `from`, moved below `to` (`/b/gems` from /b to /dest: /dest/gems). */
function moved(path: string, from: string, to: string): string {
  if (path === from) return to;
  const rest = from === '/' ? path.slice(1) : path.slice(from.length + 1);
  return to === '/' ? `/${rest}` : `${to}/${rest}`;
}

/**
 * Steps of the stage a `COPY --from` names whose files land at or above `path` (a path at or below
 * the COPY's destination), in build order: what they put there, what they remove (`delete`), and
 * the COPY --from steps of that stage that bring a parent directory, followed in turn. Empty for
 * a COPY from an image, a later stage, a source with a glob or variable, or a path outside the
 * destination.
 */
export function stepsThroughCopy(model: FileModel, stage: Stage, copy: PathEffect, path: string): CopiedStep[] {
  return new CopyFollower(model).follow(stage, copy, path, 0);
}

class CopyFollower {
  private readonly answers = new Map<string, CopiedStep[]>();
  private follows = MAX_FOLLOWS;

  constructor(private readonly model: FileModel) {}

  follow(stage: Stage, copy: PathEffect, path: string, depth: number): CopiedStep[] {
    if (depth >= MAX_COPY_FROM_HOPS || copy.kind !== 'copy' || !copy.from || !isWithin(path, copy.path)) return [];
    const key = `${copy.instruction.index}\u0000${path}\u0000${depth}`;
    const known = this.answers.get(key);
    if (known) return known;
    if (this.follows-- <= 0) return [];
    const answer: CopiedStep[] = [];
    this.answers.set(key, answer);
    const from = copySourceStage(this.model, stage, copy.from);
    if (!from) return answer;
    const hop: StageCopyHop = { copy, stage };
    const seen = new Set<string>();
    const add = (step: CopiedStep): void => {
      const id = `${step.original.instruction.index}\u0000${stepIndex(step)}\u0000${step.effect.path}`;
      if (seen.has(id)) return;
      seen.add(id);
      answer.push(step);
    };
    for (const written of copy.sources ?? []) {
      const source = plainSource(written);
      if (source === null) continue;
      const asked = moved(path, copy.path, source);
      for (const current of stageChain(from).reverse()) {
        for (const effect of current.effects) {
          const how = reach(effect, asked);
          if (!how) continue;
          // A step on a directory above the source (`COPY --from=x /opt /opt` for a source
          // /opt/app) is not itself copied: the COPY asked about names the tree.
          if (isWithin(effect.path, source)) {
            add({ effect: { ...effect, path: moved(effect.path, source, copy.path) }, original: effect, stage: current, reach: how, via: [hop] });
          }
          if (how === 'parent' && effect.kind === 'copy' && effect.from) {
            for (const deeper of this.follow(current, effect, asked, depth + 1)) {
              if (!isWithin(deeper.effect.path, source)) continue;
              add({ ...deeper, effect: { ...deeper.effect, path: moved(deeper.effect.path, source, copy.path) }, via: [hop, ...deeper.via] });
            }
          }
        }
      }
    }
    return answer;
  }
}

/** Tells apart two effects of one instruction (a RUN writes several paths): the effect object's own path. */
function stepIndex(step: CopiedStep): string {
  return `${step.original.kind}\u0000${step.original.path}`;
}
