import { defineRule } from '../src/engine/types.js';
import { targetsOption } from '../src/model/targets.js';
import { REFERENCES, explainFrozenContent, line } from '../src/model/explain.js';
import { CONTEXT_COPY_DOCS, classifiedContent, describeEvidence, evidenceBrief, targetEvidence } from '../src/model/evidence.js';
import { firstDeclarations } from '../src/model/query.js';
import { startsWithHelpOnly } from '../src/model/start.js';
import { copiesNamedAsEvidence } from './volume-copy-after-declare.js';

/** Drop-in directories (conf.d, sites-enabled…): for the user's files; only a step here fills them. */
const DROP_IN = /\.d$|(^|\/)(sites|conf|mods)-(enabled|available)$/;

export default defineRule({
  id: 'VOL006',
  name: 'volume-config-target',
  severity: 'warning',
  fixable: 'none',
  tags: ['runtime', 'upgrades', 'configuration'],
  messages: {
    configPath: 'VOLUME {path} is over configuration that the image ships ({evidence}); containers that reuse the volume keep the first image\'s configuration.',
  },
  docs: {
    summary: 'A volume over configuration files (/etc/**, */conf, */config, *.conf) that the image puts there.',
    why: "A new, empty volume is seeded with the image content at its path once; after that the volume is what containers see. Configuration under a volume therefore goes stale: a later image with new defaults, new required settings or a fixed configuration never reaches containers that reuse the volume (a named volume, or the anonymous volume Compose re-attaches on recreate), and a bind mount at the path hides the image's defaults entirely. Configuration belongs to the image or is supplied at run time.",
    reports: [
      {
        text: "A VOLUME over configuration, only where the image puts configuration at the path:",
        items: [
          "a COPY or RUN of this Dockerfile that writes there (certain);",
          "a package named like the directory or a base image known to ship files there (likely);",
          "the installer script of a project named like it (`./netdata-installer.sh` for /etc/netdata, or an `install.js` downloaded from the project's repository and piped into `node`): possible, volint cannot read the script;",
          "a `make install` of a source tree named like it that puts its configuration above the directory (`./configure --sysconfdir=/etc` for /etc/relayd): possible, and only where the container starts with a file in the directory that no step writes, since an install target makes its configuration directory as often as it fills it;",
          "a distribution unpacked right above the conf/ directory (`tar -x -C /opt/app`, or unpacked elsewhere and its directory moved there): possible, volint cannot see the archive's members.",
        ],
      },
      "A path whose name says nothing (`/opt/alerter`), when a step writes a configuration file into it (`config.yaml`, `etc/app.conf`).",
      "Where volint knows a package's files (read from the distributions' file lists: strongSwan ships charon.conf and its plugins' settings in the drop-in directory /etc/strongswan.d, mosquitto ships mosquitto.conf, nullmailer ships /etc/nullmailer empty), those files decide instead of the guesses on this page: a package known to ship files there counts in a drop-in directory and whatever the start script does (the script's own files do not replace the package's), and one known to ship the directory empty counts for nothing.",
      CONTEXT_COPY_DOCS.reports,
    ],
    notReported: [
      "A package's files, where the container starts a script of the image's own (`COPY entrypoint.sh /entrypoint.sh`, or a directory of the build context copied onto PATH, `ADD ./bin /usr/local/bin` with `CMD [\"app_run\"]`, when no package install names that program): such a script writes the configuration and generates keys in the directory at start, so a package's files there are not what the container runs with.",
      "A package's files, where the container starts in the directory and reads a file there by a relative name that no step puts there (`WORKDIR /etc/openvpn` with `--config openvpn.conf`): that file is the user's configuration.",
      "An empty directory where the application generates its state (keys, tokens, databases) or where the entrypoint copies defaults staged elsewhere: that is a good use of a volume.",
      "A drop-in directory (conf.d) that no step of this Dockerfile fills.",
      "An image whose default command only asks its program for help (`ENTRYPOINT [\"tool\"]` with `CMD [\"--help\"]`): a command-line tool is run once per task, each container with new anonymous volumes seeded from the image it runs, so nothing in them goes stale.",
      CONTEXT_COPY_DOCS.notReported,
    ],
    options: [targetsOption('config', 'configuration')],
    bad: 'FROM nginx:1.27-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\nVOLUME /etc/nginx\n',
    good: 'FROM nginx:1.27-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
    fix: 'Remove the VOLUME over configuration; supply configuration at run time with a bind mount of the file, Compose `configs:`, Docker secrets or environment variables.',
    references: [REFERENCES.storageVolumes, REFERENCES.bindMounts, 'https://docs.docker.com/compose/how-tos/use-secrets/', REFERENCES.composeRenew],
  },
  check(model, context) {
    for (const { stage, item } of firstDeclarations(model)) {
      // A command-line tool's containers are one-off runs with new volumes: nothing there goes stale.
      if (startsWithHelpOnly(stage)) continue;
      const path = item.mountPath!;
      // A path the lists do not classify (/opt/elastalert) counts by the files steps put in it.
      const content = item.target === null ? classifiedContent(stage, path, model.classify, null) : null;
      if (item.target !== 'config' && content?.target !== 'config') continue;
      const evidence = content ? content.evidence : targetEvidence(stage, path, { packagesCount: !DROP_IN.test(path) });
      if (!evidence) continue;
      context.report({
        range: item.range,
        messageId: 'configPath',
        data: { path, evidence: evidenceBrief(evidence) },
        confidence: evidence.level,
        covers: copiesNamedAsEvidence(evidence.steps.slice(0, 4)),
        explanation: explainFrozenContent(stage, item, {
          firstSentence: `Line ${line(item.owner.instruction)} declares ${path} a volume; ${path} holds configuration: ${describeEvidence(evidence, path)}.`,
          seeded: 'that configuration',
          keep: 'keep it: configuration changes and new defaults in later images never reach them',
          bindMount: `A bind mount at ${path} hides every file the image has there, defaults included; mount single files instead when only some must change.`,
          fixRest: '; supply configuration at run time (bind-mount the file, Compose configs or secrets, environment variables).',
        }),
      });
    }
  },
});
