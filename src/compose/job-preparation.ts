/**
 * One-off jobs of the project that prepare a missing bind source before a service starts: another
 * service that binds the same host path, writable, is not known to run as a non-root user, and whose
 * own command line gives the mount point to an account or opens its mode (`command: chown -R
 * 1001:1001 /var/uploads`), or that binds a directory above it and makes it there and then gives it
 * away (Apache Airflow's airflow-init: `${AIRFLOW_PROJ_DIR:-.}:/sources`, `mkdir -p /sources/logs`,
 * `chown -R "${AIRFLOW_UID}:0" /sources/{logs,dags,plugins}`), which the service waits for with `depends_on: {job: {condition:
 * service_completed_successfully}}`, itself or through a service it depends on (jobsCompletedBefore). Compose creates the missing host path when it creates the job's
 * container (root-owned, mode 755), the job changes its owner or mode, and only after the job exited
 * 0 does Compose start the service: the directory it gets is the one the job prepared.
 *
 * The job's command line is read with the RUN analysis (src/compose/command-line.ts), from `/`. A job
 * that only fills the directory (as root) leaves it root-owned, and a job the service only starts
 * with (`service_started`) races it: neither counts.
 */
import type { ShellAnalyzer } from '../model/shell-types.js';
import { commandEffects } from './command-line.js';
import { changesOwnerOrMode, preparationStep, type PreparationStep } from './project-scripts.js';
import { jobsCompletedBefore } from './query.js';
import { isWithin, normalizePath } from '../model/paths.js';
import type { ComposeMount, ComposeService, SourceLocation } from './types.js';

/** The step of a one-off job that gives a bind source to an account or opens its mode (ComposeMount.hostPreparedByJob). */
export interface JobPreparation extends PreparationStep {
  /** The job's service name. */
  service: string;
  /** Where the job's command (else its entrypoint) is written. */
  location: SourceLocation;
  /**
   * The job's path for the host path, which the step reaches: its mount point of the same host path, or the path below
   * its mount point of a directory above it (`/sources/logs` for `./logs` in a job that binds `.` at /sources).
   */
  target: string;
  /** The job's mount point of the directory above the host path, where it binds that directory rather than the host path itself (`/sources`). */
  above?: string;
}

/** The bind sources a service creates missing, now or on a fresh machine (Compose would make them root-owned), and that nothing else prepares. */
function unprepared(service: ComposeService): ComposeMount[] {
  return service.mounts.filter((m) => m.cover === 'bind' && (m.hostExists === false || m.hostFresh !== null) && m.hostPath !== null && m.createHostPath && !m.hostMadeBy && !m.hostPreparedBy && !m.hostWrittenBy);
}

/**
 * Sets `hostPreparedByJob` on every missing bind source of a service that a one-off job it waits
 * for prepares (see the module comment). The analyzer is loaded only when some service waits for such a job.
 */
export async function findJobPreparations(services: readonly ComposeService[], loadAnalyzer: () => Promise<ShellAnalyzer>): Promise<void> {
  const analysed = new Map<ComposeService, Awaited<ReturnType<typeof commandEffects>>>();
  for (const service of services) {
    const missing = unprepared(service);
    if (missing.length === 0) continue;
    for (const job of jobsCompletedBefore(services, service)) {
      // Root, or a user volint does not know: not one known to be unable to chown.
      if (job.user.root === false || job.commandLocation === null) continue;
      for (const mount of missing) {
        if (mount.hostPreparedByJob) continue;
        // The same host path, else the nearest directory above it that the job binds (`${AIRFLOW_PROJ_DIR:-.}:/sources` for `./dags`).
        const binds = job.mounts.filter((m) => m.cover === 'bind' && m.hostPath !== null && !m.readOnly && m.target !== null && isWithin(mount.hostPath!, m.hostPath));
        const bound = binds.sort((a, b) => b.hostPath!.length - a.hostPath!.length)[0];
        if (!bound) continue;
        if (!analysed.has(job)) analysed.set(job, await commandEffects(job, loadAnalyzer, '/'));
        const effects = analysed.get(job);
        const target = bound.hostPath === mount.hostPath ? bound.target! : normalizePath(`${bound.target!}/${mount.hostPath!.slice(bound.hostPath!.length + 1)}`);
        const at = effects?.findIndex((e) => e.conditional !== true && changesOwnerOrMode(e, target)) ?? -1;
        if (at < 0) continue;
        const step = effects![at]!;
        // Below the job's bind, Compose makes nothing: the job's command must make the directory itself, before it gives it away
        // (`mkdir -p /sources/logs`, then `chown -R 1000:0 /sources/{logs,dags,plugins}`).
        if (bound.hostPath !== mount.hostPath && !effects!.slice(0, at).some((e) => e.conditional !== true && e.kind === 'mkdir' && isWithin(e.path, target))) continue;
        mount.hostPreparedByJob = { service: job.name, location: job.commandLocation, ...preparationStep(step, effects!), target, ...(bound.hostPath !== mount.hostPath ? { above: bound.target! } : {}) };
      }
    }
  }
}
