/**
 * Hover in a compose file: the run-time model of the mount under the cursor (a `volumes:` or
 * `tmpfs:` entry): what covers the path in the container and what that means across `up`,
 * rebuilds and `down`, what the image holds there and which Dockerfile steps put it there, whether
 * it mounts an image VOLUME, and who the process runs as. On a service's key: every mount point of
 * its containers, the image VOLUMEs it leaves to anonymous volumes included. Everything said comes
 * from the Compose model (src/compose/types.ts).
 */
import type { ComposeModel, ComposeMount, ComposeService, SourceLocation } from '../compose/types.js';
import type { Position, Range } from '../parse/types.js';

/** Steps listed per mount before "and N more". */
const MAX_STEPS = 8;

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function contains(range: Range, position: Position): boolean {
  return compare(range.start, position) <= 0 && compare(position, range.end) <= 0;
}

function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text}${ticks}`;
}

function at(location: SourceLocation): string {
  return `${location.file}:${location.range.start.line + 1}`;
}

/** What covers the path, in one line. */
function coverText(mount: ComposeMount): string {
  switch (mount.cover) {
    case 'bind':
      return `bind mount of the host path ${code(mount.sourceRaw ?? mount.hostPath ?? '?')}${mount.hostPath && mount.hostPath !== mount.sourceRaw ? ` (${code(mount.hostPath)})` : ''}`;
    case 'named-volume':
      return mount.volume
        ? `named volume ${code(mount.volume.key)} (engine name ${code(mount.volume.name)}${mount.volume.external ? ', external' : ''})`
        : `named volume ${code(mount.volumeKey ?? '?')}, not declared under the top-level \`volumes:\``;
    case 'anonymous-volume':
      return 'anonymous volume (no name in the compose file)';
    case 'image-volume':
      return 'anonymous volume for an image VOLUME that the service does not mount';
    case 'tmpfs':
      return `tmpfs${mount.tmpfsSize !== null ? `, size ${mount.tmpfsSize} bytes` : ''}${mount.tmpfsMode !== null ? `, mode ${mount.tmpfsMode.toString(8)}` : ''}`;
    case 'npipe':
      return 'named pipe';
    case 'image':
      return `the file system of the image ${code(mount.imageSource ?? '?')}, read-only`;
    case 'volumes-from':
      return mount.from ? `taken from ${mount.from.kind} ${code(mount.from.name)} (\`volumes_from\`)` : 'taken with `volumes_from`';
  }
}

/** What the cover means at run time: seeding, hiding, what survives a rebuild, `up -V`, `down`. */
function runtimeText(mount: ComposeMount): string {
  const seeded = mount.nocopy
    ? 'It is not seeded (`nocopy`): a new volume starts empty.'
    : mount.subpath
      ? 'Only the sub-directory `' + mount.subpath + '` of the volume is mounted; it is not seeded from the image.'
      : 'A new, empty volume is seeded with what the image holds at this path (files, owner and mode); a volume that already holds data is mounted as it is.';
  switch (mount.cover) {
    case 'bind': {
      const state =
        mount.hostExists === true
          ? 'The host path exists.'
          : mount.hostExists === false
            ? mount.hostMadeBy
              ? `The host path does not exist now: it is the project's dependency directory, which \`${mount.hostMadeBy.command}\` makes beside ${mount.hostMadeBy.manifest} before the stack runs, owned by whoever runs the install (Compose creates it, root-owned, only if \`up\` comes first).`
              : mount.hostPreparedBy
                ? `The host path does not exist now: the project's script ${mount.hostPreparedBy.script} ${mount.hostPreparedBy.placedIn ? `puts the compose file in ${mount.hostPreparedBy.placedIn.directory} (line ${mount.hostPreparedBy.placedIn.line}) and makes the path there` : 'makes it'} (line ${mount.hostPreparedBy.line}: ${mount.hostPreparedBy.kind} ${mount.hostPreparedBy.setting}); if \`up\` runs without it, Compose has the engine create it, owned by root with mode 755.`
                : mount.hostPreparedByJob
                  ? mount.hostPreparedByJob.above !== undefined
                    ? `The host path does not exist now: service ${mount.hostPreparedByJob.service}, which this service waits for (\`service_completed_successfully\`) and which binds the directory above it at ${mount.hostPreparedByJob.above}, makes it as ${mount.hostPreparedByJob.target} and runs ${mount.hostPreparedByJob.kind} ${mount.hostPreparedByJob.setting} on it before this service starts.`
                    : `The host path does not exist now: Compose has the engine create it, owned by root with mode 755, for service ${mount.hostPreparedByJob.service}, which this service waits for (\`service_completed_successfully\`), and that job's command runs ${mount.hostPreparedByJob.kind} ${mount.hostPreparedByJob.setting} on ${mount.hostPreparedByJob.target} before this service starts.`
                  : mount.createHostPath
              ? 'The host path does not exist now: Compose has the engine create it at `up`, a directory owned by root with mode 755.'
              : 'The host path does not exist now, and this long-syntax bind does not create it: the engine refuses the mount.'
            : mount.createHostPath
              ? 'A missing host path is created at `up`, owned by root.'
              : '';
      return `The host's files replace what the image has at this path: nothing is seeded, and a rebuild of the image never shows here. ${state}`.trim();
    }
    case 'named-volume':
      return `${seeded} It outlives the container: rebuilding the image, \`up\` and \`down\` keep it (a rebuilt image's files never reach it); \`down -v\` or \`docker volume rm\` removes it.${mount.volume?.external ? ' It is external: Compose neither creates nor removes it.' : ''}`;
    case 'anonymous-volume':
    case 'image-volume':
      return `${seeded} Compose re-attaches it when it recreates the container, so the data seems to persist; \`up -V\` replaces it with a new one, \`down -v\` removes it, and \`down\` leaves it behind, unnamed.`;
    case 'tmpfs':
      return 'In memory: empty at every start of the container, and it hides what the image has at this path.';
    case 'volumes-from':
      return 'The same mount as the other container: what it holds is shared.';
    default:
      return '';
  }
}

function mountMarkdown(service: ComposeService, mount: ComposeMount): string {
  const flags = [mount.readOnly ? 'read-only' : '', mount.nocopy ? 'nocopy' : '', mount.subpath ? `subpath ${code(mount.subpath)}` : ''].filter(Boolean);
  const out = [`**${code(mount.target ?? mount.targetRaw)}** in service ${code(service.name)}: ${coverText(mount)}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`, ''];
  const runtime = runtimeText(mount);
  if (runtime) out.push(runtime, '');
  if (mount.replacesImageVolume) out.push(`It mounts the image's VOLUME ${code(mount.replacesImageVolume.path)}: Compose adds no anonymous volume there.`, '');
  out.push(`**In the image:** ${mount.image.description}`);
  const steps = mount.image.steps;
  if (steps.length > 0) {
    out.push('');
    for (const step of steps.slice(0, MAX_STEPS)) {
      const e = step.effect;
      out.push(`- ${code(`${step.file}:${e.instruction.range.start.line + 1}`)} ${code(e.command)} ${e.kind} ${code(e.path)}${step.reach === 'parent' ? ' (a parent directory, recursively)' : ''}${e.certainty === 'possible' ? ' (possible)' : ''}`);
    }
    if (steps.length > MAX_STEPS) out.push(`- … and ${steps.length - MAX_STEPS} more`);
  }
  out.push('', `**Runs as:** ${userText(service)}`);
  return out.join('\n');
}

function userText(service: ComposeService): string {
  const u = service.user;
  if (u.value === null) return 'unknown (the image is not known)';
  if (u.value === '') return 'root (no USER)';
  const root = u.root === false ? ' (not root)' : '';
  const from = u.source === 'compose' ? ', from `user:`' : u.source === 'image' ? ', from the image' : '';
  return `${code(u.value)}${root}${from}${u.location ? ` (${at(u.location)})` : ''}`;
}

function serviceMarkdown(service: ComposeService): string {
  const image =
    service.image.kind === 'build'
      ? service.image.link
        ? `${code(service.image.link.image)}, modelled from ${code(service.image.build.dockerfile)}: ${service.image.link.text}`
        : `built from ${code(service.image.build.dockerfile)}`
      : service.image.kind === 'catalog'
        ? `${code(service.image.ref.raw)}, known from the catalogue (its VOLUMEs and user, not its files)`
        : `unknown: ${service.image.reason}`;
  const out = [`**Service ${code(service.name)}**: ${image}`, '', `**Runs as:** ${userText(service)}`, ''];
  if (service.mounts.length === 0) out.push('No mounts.');
  for (const mount of service.mounts) out.push(`- ${code(mount.target ?? mount.targetRaw)}: ${coverText(mount)}`);
  return out.join('\n');
}

/** The hover for `position` in the compose document `file` (a display path), or null when nothing is there. */
export function composeHoverMarkdown(model: ComposeModel, file: string, position: Position): string | null {
  for (const service of model.services) {
    for (const mount of service.mounts) {
      if (mount.location && mount.location.file === file && contains(mount.location.range, position)) return mountMarkdown(service, mount);
    }
  }
  for (const service of model.services) {
    if (service.location.file === file && contains(service.location.range, position)) return serviceMarkdown(service);
  }
  return null;
}
