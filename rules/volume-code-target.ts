import { defineRule } from '../src/engine/types.js';
import { REFERENCES, explainFrozenContent, line } from '../src/model/explain.js';
import { CONTEXT_COPY_DOCS, classifiedContent, describeEvidence, evidenceBrief, targetEvidence, type ContentEvidence } from '../src/model/evidence.js';
import { effectsBefore, firstDeclarations } from '../src/model/query.js';
import { startsWithHelpOnly } from '../src/model/start.js';
import { isWithin } from '../src/model/paths.js';
import { CLASS_ORDER } from '../src/model/targets.js';
import type { PathEffect, Stage } from '../src/model/types.js';
import { copiesNamedAsEvidence } from './volume-copy-after-declare.js';

/**
 * COPY/ADD sources that are application code or its dependency manifests: the whole context
 * (`.`), source trees, build output, and files of the common languages. Seed data, configuration
 * and other files do not count.
 */
const CODE_SOURCE =
  /^(\.\/?|\*|\.\/\*)$|(^|\/)(src|app|lib|dist|build|out|vendor|node_modules|package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml|requirements[^/]*\.txt|pyproject\.toml|setup\.py|Pipfile(\.lock)?|Gemfile(\.lock)?|go\.(mod|sum)|Cargo\.(toml|lock)|composer\.(json|lock)|pom\.xml|build\.gradle(\.kts)?|manage\.py)\/?$|\.(js|mjs|cjs|ts|tsx|jsx|py|rb|php|go|java|jar|war|kt|rs|cs|dll|exe|so|pl|ex|exs|erl|beam)$/;

/** The COPY/ADD of code that lands inside the volume path (before or after the VOLUME). */
function codeCopyInto(stage: Stage, path: string): PathEffect | null {
  for (const effect of effectsBefore(stage, path, Infinity)) {
    if (effect.kind !== 'copy' || !isWithin(effect.path, path)) continue;
    if ((effect.sources ?? []).some((source) => CODE_SOURCE.test(source.replace(/\/+$/, '/').replace(/^"|"$/g, '')))) return effect;
  }
  return null;
}

export default defineRule({
  id: 'VOL005',
  name: 'volume-code-target',
  severity: 'warning',
  fixable: 'none',
  tags: ['runtime', 'upgrades'],
  messages: {
    codePath: 'VOLUME {path} is over application code or dependencies that the image ships ({evidence}); containers that reuse the volume keep the first image\'s code.',
    codeCopied: 'VOLUME {path} holds the code that {command} at line {copyLine} copies there; containers that reuse the volume keep the first image\'s code.',
  },
  docs: {
    summary: 'A volume over application code or installed dependencies.',
    why: "A new, empty volume is seeded with the image content at its path once; after that the volume, not the image, is what containers see there. A volume over /app, node_modules, site-packages or vendor therefore freezes the code of the first image that created it: every later image is built and pulled, but containers that reuse the volume (a named volume, or the anonymous volume Compose re-attaches on recreate) keep running the old code. A bind mount at the path hides the image's code altogether.",
    reports: [
      "A VOLUME only where the image puts code at the path: a COPY of code, a RUN that installs there (`npm ci`, `git clone`, archive extraction into the path), a package or base image known to ship files there.",
      "A path whose name says nothing (`/opt/panel`) or says data (`/srv/blog/data`) is judged by what the steps put in it: a clone of a repository, a virtualenv, node_modules or a bin/ directory, a program file (`server.jar`).",
      CONTEXT_COPY_DOCS.reports,
    ],
    notReported: [
      "An empty working directory (`/code`, `/workspace`) that the user mounts a project into.",
      "An image whose default command only asks its program for help (`ENTRYPOINT [\"tool\"]` with `CMD [\"--help\"]`): a command-line tool is run once per task, each container with new anonymous volumes seeded from the image it runs, so nothing in them goes stale.",
      CONTEXT_COPY_DOCS.notReported,
    ],
    bad: 'FROM node:20-alpine\nWORKDIR /usr/src/app\nCOPY . .\nRUN npm ci\nVOLUME /usr/src/app\nCMD ["node", "server.js"]\n',
    good: 'FROM node:20-alpine\nWORKDIR /usr/src/app\nCOPY . .\nRUN npm ci\nVOLUME /usr/src/app/uploads\nCMD ["node", "server.js"]\n',
    options: [
      {
        setting: 'targets.code',
        effect:
          'The paths counted as application code or dependencies (picomatch globs over the absolute path): a list extends the defaults, `{ replace: [...] }` replaces them. ' +
          `A path takes the class of the first list that matches, asked in the order ${CLASS_ORDER.join(', ')} (paths added to \`targets.good\` first). ` +
          'A VOLUME at a code path is reported where the image holds something there (a step, a package or the base image puts files there); one at a data path (`targets.good`) or a path no list matches is reported only where a COPY of code or a step certainly puts code in it, a file below it counting as code where its path matches this list (`/data/app/node_modules`); a VOLUME at a path of another class is left to that class\'s rule.',
      },
    ],
    fix: 'Remove the VOLUME over code; declare volumes only for the data the application writes (uploads, database files), and use a bind mount in development when you want live code.',
    references: [REFERENCES.storageVolumes, REFERENCES.volumeRef, REFERENCES.composeRenew],
  },
  check(model, context) {
    for (const { stage, item } of firstDeclarations(model)) {
      // A command-line tool's containers are one-off runs with new volumes: nothing there goes stale.
      if (startsWithHelpOnly(stage)) continue;
      const path = item.mountPath!;
      const copy = item.target === 'code' || item.target === null || item.target === 'good' ? codeCopyInto(stage, path) : null;
      // A path the lists do not classify (/opt/hcfg), or a data path (/data/app), counts by the files steps put in it.
      const content = copy ? null : classifiedContent(stage, path, model.classify, item.target);
      const evidence: ContentEvidence | null = copy ? null : item.target === 'code' ? targetEvidence(stage, path) : content?.target === 'code' ? content.evidence : null;
      if (!copy && !evidence) continue;
      const declaredAt = line(item.owner.instruction);
      const explanation = explainFrozenContent(stage, item, {
        firstSentence: copy
          ? `Line ${declaredAt} declares ${path} a volume, and the ${copy.command} at line ${line(copy.instruction)} puts code there (${(copy.sources ?? []).join(' ') || 'its sources'}).`
          : `Line ${declaredAt} declares ${path} a volume; ${path} is where application code or installed dependencies live, and ${describeEvidence(evidence!, path)}.`,
        seeded: 'that code',
        keep: "keep the first image's code: rebuilding and redeploying the image changes nothing for them",
        bindMount: `A bind mount at ${path} hides the image's code entirely.`,
        fixRest: ' and declare volumes only for data the application writes.',
      });
      context.report({
        range: item.range,
        messageId: copy ? 'codeCopied' : 'codePath',
        data: { path, ...(copy ? { command: copy.command, copyLine: line(copy.instruction) } : { evidence: evidenceBrief(evidence!) }) },
        confidence: copy ? 'certain' : evidence!.level,
        explanation,
        ...(copy ? { related: [{ range: copy.range, message: `${copy.command} puts code into ${path}` }] } : {}),
        covers: copiesNamedAsEvidence(copy ? [copy] : evidence!.steps.slice(0, 4)),
      });
    }
  },
});
