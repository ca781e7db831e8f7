import { defineRule } from '../src/engine/types.js';
import { REFERENCES, explainFrozenContent, line } from '../src/model/explain.js';
import { declaredItems } from '../src/model/query.js';

export default defineRule({
  id: 'VOL006',
  name: 'volume-config-target',
  severity: 'warning',
  fixable: 'none',
  tags: ['runtime', 'upgrades', 'configuration'],
  messages: {
    configPath: 'VOLUME {path} is over configuration; containers that reuse the volume keep the first image\'s configuration.',
  },
  docs: {
    summary: 'A volume over configuration files (/etc/**, */conf, */config, *.conf).',
    why:
      'A new, empty volume is seeded with the image content at its path once; after that the volume is what containers see. Configuration under a volume therefore goes stale: a later image with new defaults, new required settings or a fixed configuration never reaches containers that reuse the volume (a named volume, or the anonymous volume Compose re-attaches on recreate), and a bind mount at the path hides the image\'s defaults entirely. Configuration belongs to the image or is supplied at run time.',
    bad: 'FROM nginx:1.27-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\nVOLUME /etc/nginx\n',
    good: 'FROM nginx:1.27-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
    fix: 'Remove the VOLUME over configuration; supply configuration at run time with a bind mount of the file, Compose `configs:`, Docker secrets or environment variables.',
    references: [REFERENCES.storageVolumes, REFERENCES.bindMounts, 'https://docs.docker.com/compose/how-tos/use-secrets/', REFERENCES.composeRenew],
  },
  check(model, context) {
    for (const { stage, item } of declaredItems(model)) {
      if (item.target !== 'config') continue;
      const path = item.mountPath!;
      context.report({
        range: item.range,
        messageId: 'configPath',
        data: { path },
        explanation: explainFrozenContent(stage, item, {
          firstSentence: `Line ${line(item.owner.instruction)} declares ${path} a volume; ${path} holds configuration.`,
          seeded: 'that configuration',
          keep: 'keep it: configuration changes and new defaults in later images never reach them',
          bindMount: `A bind mount at ${path} hides every file the image has there, defaults included; mount single files instead when only some must change.`,
          fixRest: '; supply configuration at run time (bind-mount the file, Compose configs or secrets, environment variables).',
        }),
      });
    }
  },
});
