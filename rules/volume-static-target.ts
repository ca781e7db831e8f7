import { defineRule } from '../src/engine/types.js';
import { targetsOption } from '../src/model/targets.js';
import { REFERENCES, explainFrozenContent, line } from '../src/model/explain.js';
import { CONTEXT_COPY_DOCS, describeEvidence, evidenceBrief, targetEvidence } from '../src/model/evidence.js';
import { chainRoot, firstDeclarations, stageChain } from '../src/model/query.js';
import { startsWithHelpOnly } from '../src/model/start.js';
import type { Stage } from '../src/model/types.js';
import { copiesNamedAsEvidence } from './volume-copy-after-declare.js';

/**
 * The stage serves PHP: its image is built on a PHP image (`php:8.3-apache`, `acme/php-apache`) or a
 * step installs PHP (`apt-get install php8.2 libapache2-mod-php`). Its web root holds the
 * application's code, not static files. Returns the evidence in words, or null.
 */
function servesPhp(stage: Stage): string | null {
  const base = chainRoot(stage).base;
  if (base.kind === 'image' && /(^|[/_-])php([\d.]*)($|[/_-])/.test(base.ref.name)) return `the base image ${base.ref.raw} runs PHP`;
  for (const current of stageChain(stage)) {
    for (const effect of current.effects) {
      const php = (effect.packages ?? []).find((name) => /^(php[\d.]*(-\w+)?|libapache2-mod-php[\d.]*)$/.test(name) && !effect.installer);
      if (php) return `${effect.command.replace(/^RUN /, '')} at line ${line(effect.instruction)} installs ${php}`;
    }
  }
  return null;
}

export default defineRule({
  id: 'VOL007',
  name: 'volume-static-target',
  severity: 'warning',
  fixable: 'none',
  tags: ['runtime', 'upgrades'],
  messages: {
    staticPath: 'VOLUME {path} is over static content that the image ships ({evidence}); containers that reuse the volume keep serving the first image\'s files.',
    phpPath: 'VOLUME {path} is over the PHP application that the image ships ({evidence}); containers that reuse the volume keep running the first image\'s code.',
  },
  docs: {
    summary: 'A volume over static web content (web roots, /usr/share/nginx/html, */static, */public, */assets).',
    why: "A new, empty volume is seeded with the image content at its path once; after that the volume is what containers see. A volume over a web root or an assets directory therefore keeps serving the files of the first image that created it: a redeployed image with a new site, new hashed asset names or security fixes changes nothing for containers that reuse the volume (a named volume, or the anonymous volume Compose re-attaches on recreate). A bind mount at the path hides the built site entirely.",
    reports: [
      "A VOLUME only where the image puts files at the path: a COPY or RUN that writes there, a package or base image known to ship files there.",
      "In an image that serves PHP (built on a PHP image, or installing PHP) the web root is the application's code, and the finding says so.",
      CONTEXT_COPY_DOCS.reports,
    ],
    notReported: [
      "A web root that the image leaves empty and that the entrypoint installs or upgrades at start.",
      "An image whose default command only asks its program for help (`ENTRYPOINT [\"tool\"]` with `CMD [\"--help\"]`): a command-line tool is run once per task, each container with new anonymous volumes seeded from the image it runs, so nothing in them goes stale.",
      CONTEXT_COPY_DOCS.notReported,
    ],
    options: [targetsOption('static', 'static web content')],
    bad: 'FROM nginx:1.27-alpine\nCOPY dist/ /usr/share/nginx/html/\nVOLUME /usr/share/nginx/html\n',
    good: 'FROM nginx:1.27-alpine\nCOPY dist/ /usr/share/nginx/html/\n',
    fix: 'Remove the VOLUME over static content and ship the files in the image; for user uploads, declare a volume over the upload directory only.',
    references: [REFERENCES.storageVolumes, REFERENCES.volumeRef, REFERENCES.composeRenew],
  },
  check(model, context) {
    for (const { stage, item } of firstDeclarations(model)) {
      // A command-line tool's containers are one-off runs with new volumes: nothing there goes stale.
      if (startsWithHelpOnly(stage)) continue;
      if (item.target !== 'static') continue;
      const path = item.mountPath!;
      const evidence = targetEvidence(stage, path);
      if (!evidence) continue;
      // A PHP web root is code (the issue's pattern: PHP web roots are code, not static files).
      const php = servesPhp(stage);
      context.report({
        range: item.range,
        messageId: php ? 'phpPath' : 'staticPath',
        data: { path, evidence: evidenceBrief(evidence) },
        confidence: evidence.level,
        covers: copiesNamedAsEvidence(evidence.steps.slice(0, 4)),
        explanation: explainFrozenContent(stage, item, {
          firstSentence: `Line ${line(item.owner.instruction)} declares ${path} a volume; ${path} holds ${php ? `PHP code (${php})` : 'content'} that the image ships: ${describeEvidence(evidence, path)}.`,
          seeded: php ? 'that code' : 'those files',
          keep: php ? "keep running it: a new image's application and its security fixes never reach them" : "keep serving them: a new image's site never reaches them",
          bindMount: `A bind mount at ${path} hides the image's files entirely.`,
          fixRest: ' and keep the files in the image; declare a volume only over directories the application writes (uploads).',
        }),
      });
    }
  },
});
