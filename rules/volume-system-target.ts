import { defineRule } from '../src/engine/types.js';
import { targetsOption } from '../src/model/targets.js';
import { REFERENCES } from '../src/model/explain.js';
import { describeEvidence, targetEvidence } from '../src/model/evidence.js';
import { runsSystemd } from '../src/model/start.js';

/** What systemd as init wants fresh or from the host: a VOLUME there is how such images ask for it. */
const SYSTEMD_MOUNTS = new Set(['/run', '/run/lock', '/var/run', '/tmp', '/sys/fs/cgroup']);

const KERNEL = new Set(['/proc', '/sys', '/dev']);
const TOP_LEVEL = new Set(['/home', '/opt', '/srv', '/mnt', '/media']);

/** What lives at a system path, for the message: "programs and libraries". */
function contents(path: string): string {
  const top = '/' + (path.split('/')[1] ?? '');
  if (path === '/') return 'the whole root file system';
  if (KERNEL.has(top)) return `the kernel file system ${top}`;
  if (path === '/etc') return 'system configuration';
  if (path === '/run' || path === '/var/run') return 'runtime state';
  if (path === '/boot') return 'boot files';
  if (path === '/var' || path === '/var/lib') return 'package databases and program state';
  if (TOP_LEVEL.has(path)) return 'a top-level directory that other software installs into';
  if (path === '/usr/share') return 'data files of installed programs';
  return 'programs and libraries';
}

/** What the volume does to that content, at run time and across image updates. */
function consequence(path: string): string {
  if (path === '/') return 'A volume at / would replace the whole root file system; the engine refuses or the container cannot start.';
  const top = '/' + (path.split('/')[1] ?? '');
  if (top === '/proc') return 'The runtime mounts /proc itself and refuses a mount there (runc: "cannot be mounted because it is not of type proc"; observed with Docker 20.10), so no container of the image starts.';
  if (path === '/dev') {
    return 'The runtime mounts /dev itself (a tmpfs with the device nodes); Docker drops its own /dev mount when another mount targets it (moby oci_linux.go, withMounts), so the volume replaces /dev with an ordinary directory holding only what the image has there: without /dev/null runc cannot even start the container ("stat /dev/null: no such file or directory"; observed with Docker 20.10).';
  }
  if (KERNEL.has(top)) {
    return path === top
      ? `The runtime mounts ${top} itself; Docker drops its own ${top} mount when another mount targets it (moby oci_linux.go, withMounts), so the volume replaces ${top} with an ordinary directory and the container loses its view of the kernel (sysfs; observed with Docker 20.10).`
      : `${top} is mounted by the runtime (a ${top === '/dev' ? 'tmpfs' : 'sysfs'}); a volume at ${path} covers part of it with an ordinary directory whose content the image put there.`;
  }
  if (path === '/etc') return '/etc is copied into the volume on first start and frozen there: users, certificates and configuration from later images never reach the container.';
  if (path === '/run' || path === '/var/run') return `${path} holds runtime state (sockets, pid files) that a new container must start without; a volume carries them over to the next container that reuses it (Compose re-attaches a service's anonymous volumes on recreate), so a daemon may find its old pid file or a dead socket there. A tmpfs (\`--tmpfs ${path}\`, Compose's \`tmpfs:\`) gives each container a fresh one.`;
  if (path === '/boot') return 'A container never boots from /boot; a volume there only freezes whatever the image put there and is almost certainly a mistake.';
  if (path === '/var' || path === '/var/lib') {
    return `${path} holds the package manager's database (dpkg, apk, rpm) and the state of every installed program; it is copied into the volume on first start and frozen there, so packages installed by a later image no longer match the database a reused volume shows.`;
  }
  if (TOP_LEVEL.has(path)) {
    return `A volume over all of ${path} captures everything any image puts below it: whatever is there at the first start is frozen in the volume, and later images never reach containers that reuse it.`;
  }
  if (path === '/usr/share') return 'The data files of installed programs at /usr/share (time zones, certificates, locales, documentation) are copied into the volume on first start and frozen there: later images never reach containers that reuse it.';
  return `The programs and libraries at ${path} are copied into the volume on first start and frozen there: a new image with security fixes never reaches containers that reuse the volume, and a mismatch with the rest of the image breaks them.`;
}

export default defineRule({
  id: 'VOL008',
  name: 'volume-system-target',
  severity: 'error',
  fixable: 'none',
  tags: ['correctness', 'security'],
  messages: {
    system: 'VOLUME {path} mounts a volume over a system directory ({contents}).',
  },
  docs: {
    summary: 'A volume over `/`, `/proc`, `/sys`, `/dev`, `/bin`, `/lib*`, `/usr`, `/etc`, `/boot`, `/run` and similar system directories.',
    why: "A volume over a system directory freezes the operating system files that the image put there in the first container's volume: later images (with security fixes) never reach containers that reuse it. Kernel file systems are mounted by the runtime: a volume at `/proc` is refused (runc), and one at `/sys` or `/dev` replaces Docker's own mount there (moby drops its default mount when another targets the path), which leaves the container without sysfs, or without device nodes, and then runc cannot start it (no /dev/null; observed with Docker 20.10). Such a VOLUME is almost always a typo or a misunderstanding of what VOLUME does.",
    notReported: [
      "A top-level directory (`/opt`, `/srv`, `/home`, `/mnt`, `/media`) that no step of the Dockerfile fills: an empty directory used for data.",
      "/run, /tmp or /sys/fs/cgroup in an image that runs systemd as init (it starts /sbin/init or systemd, or sets `ENV container=docker` or `STOPSIGNAL SIGRTMIN+3`), which asks for them this way.",
    ],
    options: [targetsOption('system', 'system directories')],
    bad: 'FROM debian:12\nVOLUME /usr\n',
    good: 'FROM debian:12\nVOLUME /var/lib/app\n',
    fix: 'Declare a volume only for the data directory the application writes (`/var/lib/<app>`, `/data`), never for a system directory.',
    references: [REFERENCES.storageVolumes, REFERENCES.volumeRef],
  },
  check(model, context) {
    for (const owner of model.volumeInstructions) {
      for (const item of owner.items) {
        if (item.target !== 'system' || item.mountPath === null) continue;
        const path = item.mountPath;
        if (owner.stage && SYSTEMD_MOUNTS.has(path) && runsSystemd(owner.stage)) continue;
        const explanation = [consequence(path), 'Declare a volume only for the directory the application writes its data to, such as /var/lib/<app> or /data.'];
        if (TOP_LEVEL.has(path)) {
          // An empty /opt or /srv is a data directory like any other: report only what the image puts there.
          const evidence = owner.stage ? targetEvidence(owner.stage, path) : null;
          if (!evidence) continue;
          explanation.splice(1, 0, `In this image, ${describeEvidence(evidence, path)}.`);
          context.report({
            range: item.range,
            messageId: 'system',
            data: { path, contents: contents(path) },
            explanation,
            confidence: evidence.level,
          });
          continue;
        }
        context.report({
          range: item.range,
          messageId: 'system',
          data: { path, contents: contents(path) },
          explanation,
        });
      }
    }
  },
});
