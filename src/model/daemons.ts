/**
 * Daemons that run only as root, and the state directory each keeps by default: a volume there is
 * written by that daemon alone, as root, so a non-root USER never needs to write it (VOL016).
 * Each entry is a checked fact about the program, with its source; a program is added only when
 * its refusal to run as another user has been seen or read in its code.
 */
import { isWithin } from './paths.js';
import { stageChain } from './query.js';
import type { Stage } from './types.js';

export interface RootOnlyDaemon {
  /** The program. */
  program: string;
  /** Its default state directory. */
  directory: string;
  /** Why only root writes there, with the sources, for the explanation and the docs. */
  fact: string;
  /** Words in a step, ENV or the start command that say the image runs it without root instead (rootless mode). */
  unprivileged: RegExp;
}

export const ROOT_ONLY_DAEMONS: readonly RootOnlyDaemon[] = [
  {
    program: 'dockerd',
    directory: '/var/lib/docker',
    fact:
      'dockerd keeps its images, containers and volumes in /var/lib/docker (its default --data-root) and refuses to start as any user but root ("dockerd needs to be started with root privileges"; observed with dockerd 20.10 run as nobody); only its rootless mode (dockerd-rootless.sh, RootlessKit) runs it as a user, with another data root (~/.local/share/docker)',
    unprivileged: /dockerd-rootless|rootlesskit|DOCKERD_ROOTLESS/i,
  },
];

/**
 * The root-only daemon whose state directory holds `path` (the directory itself or one below it),
 * unless the image shows that it runs that daemon without root (a step, an ENV value or the start
 * command names its rootless mode). Null otherwise.
 */
export function rootOnlyStateOf(stage: Stage, path: string): RootOnlyDaemon | null {
  const daemon = ROOT_ONLY_DAEMONS.find((d) => isWithin(path, d.directory));
  if (!daemon) return null;
  for (const current of stageChain(stage)) {
    for (const instruction of current.instructions) {
      if (['RUN', 'ENV', 'CMD', 'ENTRYPOINT', 'COPY', 'ADD'].includes(instruction.keyword) && daemon.unprivileged.test(instruction.args?.text ?? '')) return null;
    }
  }
  return daemon;
}
