import { defineRule } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';

const KERNEL = new Set(['/proc', '/sys', '/dev']);

function consequence(path: string): string {
  if (path === '/') return 'A volume at / would replace the whole root file system; the engine refuses or the container cannot start.';
  const top = '/' + (path.split('/')[1] ?? '');
  if (KERNEL.has(top)) return `${top} is a kernel file system that the runtime mounts itself; a volume there hides it or makes container creation fail.`;
  if (path === '/etc') return '/etc is copied into the volume on first start and frozen there: users, certificates and configuration from later images never reach the container.';
  if (path === '/run' || path === '/var/run') return `${path} holds runtime state (sockets, pid files) that must start empty; a volume keeps stale pid files and sockets across restarts.`;
  return `The programs and libraries at ${path} are copied into the volume on first start and frozen there: a new image with security fixes never reaches containers that reuse the volume, and a mismatch with the rest of the image breaks them.`;
}

export default defineRule({
  id: 'VOL008',
  name: 'volume-system-target',
  severity: 'error',
  fixable: 'none',
  tags: ['correctness', 'security'],
  messages: {
    system: 'VOLUME {path} mounts a volume over a system directory.',
  },
  docs: {
    summary: 'A volume over `/`, `/proc`, `/sys`, `/dev`, `/bin`, `/lib*`, `/usr`, `/etc`, `/boot`, `/run` and similar system directories.',
    why:
      'A volume over a system directory freezes the operating system files that the image put there in the first container\'s volume: later images (with security fixes) never reach containers that reuse it. Kernel file systems (`/proc`, `/sys`, `/dev`) are mounted by the runtime and cannot be volumes. Such a VOLUME is almost always a typo or a misunderstanding of what VOLUME does.',
    bad: 'FROM debian:12\nVOLUME /usr\n',
    good: 'FROM debian:12\nVOLUME /var/lib/app\n',
    fix: 'Declare a volume only for the data directory the application writes (`/var/lib/<app>`, `/data`), never for a system directory.',
    references: [REFERENCES.storageVolumes, REFERENCES.volumeRef],
  },
  check(model, context) {
    for (const owner of model.volumeInstructions) {
      for (const item of owner.items) {
        if (item.target !== 'system' || item.mountPath === null) continue;
        context.report({
          range: item.range,
          messageId: 'system',
          data: { path: item.mountPath },
          explanation: [consequence(item.mountPath), 'Mount only the directory the application writes its data to.'],
        });
      }
    }
  },
});
