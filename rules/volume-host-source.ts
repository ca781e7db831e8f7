import { defineRule } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { hostSourceParts, itemText, renderPath } from '../src/model/volume-text.js';

export default defineRule({
  id: 'VOL002',
  name: 'volume-host-source',
  severity: 'error',
  fixable: 'unsafe',
  tags: ['syntax', 'correctness'],
  messages: {
    hostSource:
      'VOLUME `{value}` names a source ({source}); a Dockerfile cannot choose where a volume comes from, so this declares the one path `{value}`, mounted at {mount}.',
  },
  docs: {
    summary: 'A `host:container` or `name:/path` mapping in VOLUME.',
    why:
      'VOLUME only declares a mount point inside the image; the source (a host directory or a named volume) is chosen when the container is created. Docker does not parse `src:/dst` in a Dockerfile: the whole text becomes a path with a colon in it, so the container gets an anonymous volume at a strange path and nothing from the host.',
    bad: 'FROM alpine:3.20\nVOLUME ./data:/data\n',
    good: 'FROM alpine:3.20\nVOLUME /data\n# at run time: docker run -v "$PWD/data:/data" image\n',
    fix: 'Declare only the container path (`VOLUME /data`) and choose the source at run time: `docker run -v ./data:/data`, `--mount`, or Compose `volumes:`.',
    fixSafety:
      'Unsafe (`--fix-unsafe`): the fix keeps only the container path, which changes the volumes the image declares; the source must then be given at run time (`docker run -v`, Compose `volumes:`).',
    references: [REFERENCES.volumeNotes, REFERENCES.bindMounts],
  },
  check(model, context) {
    for (const owner of model.volumeInstructions) {
      if (owner.list.form === 'shell' && owner.list.looksLikeJson) continue;
      for (const item of owner.items) {
        const value = itemText(item);
        const parts = hostSourceParts(value);
        if (!parts) continue;
        const source = parts.source.startsWith('/') || parts.source.startsWith('.') ? `host path ${parts.source}` : `volume name ${parts.source}`;
        const mount = item.mountPath ?? value;
        context.report({
          range: item.range,
          messageId: 'hostSource',
          data: { value, source, mount },
          explanation: [
            `Docker takes \`${value}\` as one path: the image configuration keeps it as written (\`${value}\`), a container gets an anonymous volume at ${mount}${item.relative ? ' (a relative path is resolved against /, not WORKDIR)' : ''}, and ${parts.source} is never mounted.`,
            `To get ${parts.source} at ${parts.destination}, say so at run time: docker run -v ${parts.source}:${parts.destination}${parts.mode ? ':' + parts.mode : ''} …, or in compose.yaml under volumes:.`,
          ],
          fix: {
            description: `Declare only the container path ${parts.destination}`,
            safety: 'unsafe',
            edits: [{ range: item.range, text: renderPath(owner, parts.destination) }],
          },
        });
      }
    }
  },
});
