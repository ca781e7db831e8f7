import { defineRule } from '../src/engine/types.js';
import { REFERENCES, describeImageAt, line } from '../src/model/explain.js';
import { declaredItems } from '../src/model/query.js';

export default defineRule({
  id: 'VOL007',
  name: 'volume-static-target',
  severity: 'warning',
  fixable: 'none',
  tags: ['runtime', 'upgrades'],
  messages: {
    staticPath: 'VOLUME {path} is over static content; containers that reuse the volume keep serving the first image\'s files.',
  },
  docs: {
    summary: 'A volume over static web content (web roots, /usr/share/nginx/html, */static, */public, */assets).',
    why:
      'A new, empty volume is seeded with the image content at its path once; after that the volume is what containers see. A volume over a web root or an assets directory therefore keeps serving the files of the first image that created it: a redeployed image with a new site, new hashed asset names or security fixes changes nothing for containers that reuse the volume (a named volume, or the anonymous volume Compose re-attaches on recreate). A bind mount at the path hides the built site entirely.',
    bad: 'FROM nginx:1.27-alpine\nCOPY dist/ /usr/share/nginx/html/\nVOLUME /usr/share/nginx/html\n',
    good: 'FROM nginx:1.27-alpine\nCOPY dist/ /usr/share/nginx/html/\n',
    fix: 'Remove the VOLUME over static content and ship the files in the image; for user uploads, declare a volume over the upload directory only.',
    references: [REFERENCES.storageVolumes, REFERENCES.volumeRef, REFERENCES.composeRenew],
  },
  check(model, context) {
    for (const { stage, item } of declaredItems(model)) {
      if (item.target !== 'static') continue;
      const path = item.mountPath!;
      const declaredAt = line(item.owner.instruction);
      context.report({
        range: item.range,
        messageId: 'staticPath',
        data: { path },
        explanation: [
          ...(item.owner.onbuild ? ['The VOLUME is an ONBUILD trigger: it applies to every image built FROM this one.'] : []),
          `Line ${declaredAt} declares ${path} a volume; ${path} holds static content that the image ships.`,
          describeImageAt(stage, path, Infinity),
          `A new, empty volume is seeded with those files once. Containers that reuse the volume — a named volume, or the anonymous volume Compose re-attaches on recreate — keep serving them: a new image's site never reaches them until the volume is removed (\`docker compose up -V\`, \`docker volume rm\`).`,
          `A bind mount at ${path} hides the image's files entirely.`,
          `Fix: remove ${path} from the VOLUME at line ${declaredAt} and keep the files in the image; declare a volume only over directories the application writes (uploads).`,
        ],
      });
    }
  },
});
