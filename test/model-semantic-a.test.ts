/**
 * Unit tests for the model helpers the semantic rules share (declaredItems, describeImageAt,
 * rootBaseOf, declarationSite, nameVolume) and for what VOL004–VOL012 build from the model:
 * related locations, builder-dependent severity, confidence and explanations.
 */
import assert from 'node:assert/strict';
import { declarationSite, describeImageAt, nameVolume, rootBaseOf } from '../src/model/explain.js';
import { declaredItems } from '../src/model/query.js';
import type { BuilderSetting } from '../src/model/types.js';
import type { Finding } from '../src/engine/types.js';
import { severityFor } from '../rules/volume-write-discarded.js';
import { lint } from './helpers/lint.js';

async function findings(text: string, ruleId: string, builder: BuilderSetting = 'any'): Promise<Finding[]> {
  return (await lint(text, 'Dockerfile', { builder })).findings.filter((f) => f.ruleId === ruleId);
}

describe('model helpers for the semantic rules', () => {
  it('declaredItems keeps usable paths and leaves syntactic cases to their rules', async () => {
    const { model } = await lint(
      ['VOLUME /before-from', 'FROM alpine:3.20', "VOLUME ['/data']", 'VOLUME /srv:/srv', 'VOLUME /var/lib/my app', 'VOLUME /ok ${NOPE}x', 'ONBUILD VOLUME /later'].join('\n'),
    );
    const paths = declaredItems(model).map(({ item }) => item.mountPath);
    // `[/data]` (VOL001), `/srv:/srv` (VOL002) and the split fragment `app` (VOL015) are left out;
    // `${NOPE}x` has no known value; the ONBUILD item is kept (its trigger declares a volume later).
    assert.deepEqual(paths, ['/var/lib/my', '/ok', '/later']);
  });

  it('rootBaseOf follows stage chains to scratch, an image, or an unknown base', async () => {
    const { model } = await lint(['ARG BASE', 'FROM scratch AS a', 'FROM a AS b', 'FROM node:20 AS c', 'FROM c', 'FROM $BASE'].join('\n'));
    assert.deepEqual(model.stages.map((s) => rootBaseOf(s)), [
      { kind: 'scratch' }, { kind: 'scratch' }, { kind: 'image', raw: 'node:20' }, { kind: 'image', raw: 'node:20' }, { kind: 'unknown' },
    ]);
  });

  it('describeImageAt lists the steps that fill a path before an instruction, and the base image', async () => {
    const { model } = await lint(['FROM alpine:3.20', 'COPY seed/ /data/', 'RUN mkdir -p /data/db', 'VOLUME /data', 'COPY late /data/late'].join('\n'));
    const stage = model.stages[0]!;
    const volumeIndex = stage.volumes[0]!.since;
    assert.equal(
      describeImageAt(stage, '/data', volumeIndex),
      'In the image, /data holds what these steps put there: COPY at line 2, RUN mkdir at line 3; below them, whatever the base image alpine:3.20 has there.',
    );
    assert.match(describeImageAt(stage, '/data', Infinity), /COPY at line 2, RUN mkdir at line 3, COPY at line 5/);
    assert.match(describeImageAt(stage, '/elsewhere', Infinity), /^No step of this Dockerfile puts files at \/elsewhere; the image holds only whatever the base image alpine:3\.20 has there\.$/);
    const scratch = (await lint('FROM scratch\nVOLUME /data\n')).model.stages[0]!;
    assert.match(describeImageAt(scratch, '/data', Infinity), /scratch\): a fresh volume starts empty/);
  });

  it('describeImageAt names a step once when it writes two paths under the mount point', async () => {
    const { model } = await lint(['FROM node:20', 'RUN mkdir -p /app/node_modules/.cache /app/node_modules/x', 'COPY a /app/node_modules/a', 'VOLUME /app/node_modules'].join('\n'));
    const stage = model.stages[0]!;
    assert.equal(
      describeImageAt(stage, '/app/node_modules', Infinity),
      'In the image, /app/node_modules holds what these steps put there: RUN mkdir at line 2, COPY at line 3; below them, whatever the base image node:20 has there.',
    );
  });

  it('describeImageAt says a package install may fill /opt or /srv only when a package is named like the path', async () => {
    const { model } = await lint(['FROM debian:12', 'RUN apt-get update && apt-get install -y curl', 'VOLUME /opt/app /srv/site /etc/app'].join('\n'));
    const stage = model.stages[0]!;
    // Distribution packages rarely put files under /opt or /srv: curl is no evidence for them.
    assert.doesNotMatch(describeImageAt(stage, '/opt/app', Infinity), /installs packages/);
    assert.doesNotMatch(describeImageAt(stage, '/srv/site', Infinity), /installs packages/);
    // Under /etc any package may have put files.
    assert.match(describeImageAt(stage, '/etc/app', Infinity), /the apt-get install at line 2 installs packages, which may put files there/);
    const named = (await lint(['FROM debian:12', 'RUN apt-get install -y curl && apt-get install -y myapp', 'VOLUME /opt/myapp/conf'].join('\n'))).model.stages[0]!;
    assert.match(describeImageAt(named, '/opt/myapp/conf', Infinity), /installs packages, which may put files there/);
  });

  it('declarationSite points at the VOLUME line, or at the FROM for base-image volumes', async () => {
    const own = (await lint('FROM alpine:3.20 AS base\nVOLUME /data\nFROM base\n')).model;
    const child = own.stages[1]!;
    const site = declarationSite(child.volumes[0]!, child);
    assert.equal(site.range.start.line, 1);
    assert.equal(site.message, 'VOLUME /data declared here (stage base)');
    const pg = (await lint('FROM postgres:16\nRUN true\n')).model.stages[0]!;
    const pgSite = declarationSite(pg.volumes[0]!, pg);
    assert.equal(pgSite.range.start.line, 0);
    assert.equal(pgSite.message, '/var/lib/postgresql/data is a volume of the base image postgres:16');
    assert.equal(nameVolume(pg.volumes[0]!, pg), 'the volume /var/lib/postgresql/data of the base image postgres:16');
  });
});

describe('VOL004 volume-write-discarded', () => {
  // /data exists before the VOLUME, so the chown runs under every builder (without it BuildKit fails there: see below).
  const text = 'FROM alpine:3.20\nRUN mkdir /data\nVOLUME /data\nRUN chown nobody /data\n';

  it('takes its severity from the builder', async () => {
    const expected: Array<[BuilderSetting, string]> = [
      ['any', 'warning'], ['legacy', 'error'], ['kaniko', 'error'], ['buildah-compat', 'error'], ['buildkit', 'note'], ['buildah', 'note'],
    ];
    for (const [builder, severity] of expected) {
      assert.equal(severityFor(builder, { origin: 'instruction' }), severity);
      const [finding] = await findings(text, 'VOL004', builder);
      assert.equal(finding?.severity, severity, builder);
    }
  });

  it('explains what each selected builder does, and points at the VOLUME line', async () => {
    const [any] = await findings(text, 'VOL004');
    assert.ok(any);
    assert.deepEqual(any.related.map((r) => r.range.start.line), [2]);
    const explanation = any.explanation.join('\n');
    assert.match(explanation, /legacy builder.*fresh temporary volume.*thrown away when the step is committed/);
    assert.match(explanation, /BuildKit.*kept in the image/);
    assert.match(explanation, /Fix: move this step before the VOLUME at line 3/);
    const [buildkit] = await findings(text, 'VOL004', 'buildkit');
    assert.match(buildkit!.message, /BuildKit keeps the change in the image, but an existing volume or a bind mount hides it/);
    assert.doesNotMatch(buildkit!.explanation.join('\n'), /thrown away when the step is committed/);
    const [legacy] = await findings(text, 'VOL004', 'legacy');
    assert.match(legacy!.message, /the legacy builder discards the change/);
    assert.doesNotMatch(legacy!.explanation.join('\n'), /BuildKit \(docker build/);
  });

  it('reports a possible write with "may" and confidence possible', async () => {
    const [finding] = await findings('FROM alpine:3.20\nVOLUME /data\nRUN frobnicate /data/x\n', 'VOL004');
    assert.equal(finding?.confidence, 'possible');
    assert.match(finding!.message, /may change \/data\/x/);
  });

  it('reports one finding per step, listing the volumes it touches, each change for the innermost of nested volumes', async () => {
    const result = await findings('FROM alpine:3.20\nVOLUME /data /data/db\nRUN touch /data/db/a /data/db/b && touch /data/c\n', 'VOL004');
    assert.equal(result.length, 1);
    assert.match(result[0]!.message, /changes the volumes \/data\/db and \/data \(writes \/data\/db\/a, and more\)/);
    assert.match(result[0]!.explanation.join('\n'), /`touch` writes \/data\/db\/a; `touch` writes \/data\/db\/b; `touch` writes \/data\/c/);
    assert.deepEqual(result[0]!.related.map((r) => r.range.start.line), [1, 1]);
  });

  it('calls a PHP web root code, and another web root static content', async () => {
    const [php] = await findings('FROM php:8.3-apache\nRUN curl -fsSL https://downloads.example.org/cms.tgz | tar xz -C /var/www/html\nVOLUME /var/www/html\n', 'VOL007');
    assert.match(php!.message, /over the PHP application that the image ships .*keep running the first image's code/);
    assert.match(php!.explanation[0]!, /PHP code \(the base image php:8\.3-apache runs PHP\)/);
    const [apt] = await findings('FROM debian:bookworm\nRUN apt-get install -y apache2 libapache2-mod-php8.2\nCOPY site/ /var/www/html/\nVOLUME /var/www/html\n', 'VOL007');
    assert.match(apt!.explanation[0]!, /apt-get install at line 2 installs libapache2-mod-php8\.2/);
    const [nginx] = await findings('FROM nginx:1.27\nCOPY dist/ /usr/share/nginx/html/\nVOLUME /usr/share/nginx/html\n', 'VOL007');
    assert.match(nginx!.message, /over static content/);
  });

  it('says once what one glob over several volumes does (no "and more", no repeated action)', async () => {
    const result = await findings('FROM alpine:3.20\nRUN mkdir -p /srv/app/a /srv/app/b\nVOLUME /srv/app/a /srv/app/b\nRUN rm -rf /srv/app/*\n', 'VOL004');
    assert.equal(result.length, 1);
    assert.match(result[0]!.message, /may change the volumes \/srv\/app\/a and \/srv\/app\/b \(`rm` on \/srv\/app\/\*\):/);
    const explanation = result[0]!.explanation.join('\n');
    assert.doesNotMatch(explanation, /What it does there/);
    assert.equal(explanation.split('`rm` works on /srv/app/*').length, 2);
  });

  it('leaves out a chown that restates the owner set before the VOLUME, and says when the legacy builder never meets the file', async () => {
    assert.deepEqual(await findings('FROM alpine:3.20\nRUN mkdir -p /data && chown app:app /data\nVOLUME /data\nRUN chown app:app /data\n', 'VOL004'), []);
    assert.equal((await findings('FROM alpine:3.20\nRUN mkdir -p /data && chown app:app /data\nVOLUME /data\nRUN chown other /data\n', 'VOL004')).length, 1);
    const [heredoc] = await findings('FROM alpine:3.20\nVOLUME /data\nRUN <<EOF\ntouch /data/x\nEOF\n', 'VOL004');
    // No step creates /data: BuildKit fails at the step (VOL018), so it neither keeps nor discards the change.
    assert.match(heredoc!.message, /: Buildah --compat-volumes and Kaniko discard the change; BuildKit fails at this step \(see VOL018\)\.$/);
    assert.match(heredoc!.explanation.join('\n'), /uses the heredoc at line 3, which only BuildKit-class builders .* the legacy builder never meets it/);
    assert.equal(heredoc!.severity, 'warning');
  });

  it('leaves out a recursive chown of a parent that gives everything known in the volume the owner it has', async () => {
    const made = 'FROM debian:12\nRUN mkdir -p /app/uploads && chown app:app /app/uploads\nVOLUME /app/uploads\n';
    assert.deepEqual(await findings(made + 'RUN chown -R app:app /app\n', 'VOL004'), []);
    assert.equal((await findings(made + 'RUN chown -R www-data /app\n', 'VOL004')).length, 1);
    // The base image may have the path when no step of the file makes it: its files' owners are unknown.
    assert.equal((await findings('FROM debian:12\nVOLUME /app/uploads\nRUN chown -R app:app /app\n', 'VOL004')).length, 1);
    // A COPY --chown after the VOLUME (kept by every builder) brings files of that owner.
    assert.deepEqual(await findings(made + 'COPY --chown=app:app seed/ /app/uploads/seed/\nRUN chown -R app:app /app\n', 'VOL004'), []);
    assert.equal((await findings(made + 'COPY seed/ /app/uploads/seed/\nRUN chown -R app:app /app\n', 'VOL004')).length, 1);
    // A package install before the VOLUME that may put files there leaves owners volint does not know.
    assert.equal((await findings('FROM debian:12\nRUN apt-get install -y redis-server && mkdir -p /var/lib/redis && chown redis /var/lib/redis\nVOLUME /var/lib/redis\nRUN chown -R redis /var/lib\n', 'VOL004')).length, 1);
  });

  it('says that a start script of the image\'s own may give the volume its owner at start', async () => {
    // The file makes the directory as root before the VOLUME: the chown certainly changes it.
    const made = 'FROM php:8.3-apache\nRUN mkdir -p /var/www/html/var/logs\nVOLUME /var/www/html/var/logs\nCOPY docker-entrypoint.sh /entrypoint.sh\nRUN chown -R www-data /var/www/html/var\n';
    const [finding] = await findings(made + 'ENTRYPOINT ["/entrypoint.sh"]\n', 'VOL004');
    assert.match(finding!.explanation.join('\n'), /starts \/entrypoint\.sh, a start script this Dockerfile copies in, which volint cannot read: if it runs as root/);
    const [asUser] = await findings(made + 'USER www-data\nENTRYPOINT ["/entrypoint.sh"]\n', 'VOL004');
    assert.doesNotMatch(asUser!.explanation.join('\n'), /start script this Dockerfile copies in/);
  });

  it('says what a discarding builder keeps: the steps before the VOLUME and COPY/ADD after it, not the RUN steps between', async () => {
    const all = await findings(
      'FROM debian:12\nVOLUME /srv/app/var\nRUN mkdir -p /srv/app/var/cache\nCOPY . /srv/app\nRUN mkdir -p /srv/app/var/log && chmod 777 /srv/app/var/log\n',
      'VOL004',
    );
    const finding = all.find((f) => f.message.startsWith('RUN at line 5'));
    const kept = finding!.explanation.find((e) => e.startsWith('What containers start with under a discarding builder'));
    assert.match(kept ?? '', /the COPY at line 4 writes the whole tree \/srv\/app and may put files there too/);
    assert.doesNotMatch(kept ?? '', /line 3/);
  });

  it('leaves a chown whose reach into the volume is only a guess to a start script of the image\'s own that runs as root', async () => {
    // Only the base image's files could have another owner there: a guess on a guess, not reported.
    const unknown = 'FROM php:8.3-apache\nVOLUME /var/www/html/var/logs\nCOPY docker-entrypoint.sh /entrypoint.sh\nRUN chown -R www-data /var/www/html/var\n';
    assert.deepEqual(await findings(unknown + 'ENTRYPOINT ["/entrypoint.sh"]\n', 'VOL004'), []);
    // Reported when the script runs as another user, or the container starts the base image's program.
    assert.equal((await findings(unknown + 'USER www-data\nENTRYPOINT ["/entrypoint.sh"]\n', 'VOL004')).length, 1);
    assert.equal((await findings(unknown + 'CMD ["apache2-foreground"]\n', 'VOL004')).length, 1);
  });

  it('a package install after VOLUME /var/lib/<package> or /var/log is a possible change; an extension package is not', async () => {
    const [install] = await findings('FROM debian:12\nVOLUME /var/lib/mysql\nRUN apt-get install -y mysql-server\n', 'VOL004');
    assert.equal(install?.confidence, 'possible');
    assert.equal(install?.severity, 'note');
    assert.match(install!.message, /installs mysql-server, which may put files in the volume \/var\/lib\/mysql/);
    assert.deepEqual(await findings('FROM debian:12\nVOLUME /var/lib/postgresql\nRUN apt-get install -y postgresql-16-postgis-3\n', 'VOL004'), []);
  });

  it('relates a base-image volume to the FROM line and advises against a reorder that cannot exist', async () => {
    const [finding] = await findings('FROM postgres:16\nRUN touch /var/lib/postgresql/data/x\n', 'VOL004');
    assert.deepEqual(finding?.related.map((r) => r.range.start.line), [0]);
    assert.match(finding!.explanation.join('\n'), /the base image already declares/);
  });
});

describe('VOL003 volume-relative-path', () => {
  it('says that a path equal to the WORKDIR without its leading slash means the WORKDIR, not WORKDIR joined with it', async () => {
    const [finding] = await findings('FROM alpine:3.20\nWORKDIR /workspaces/app\nVOLUME ["workspaces/app"]\n', 'VOL003');
    assert.equal(finding?.messageId, 'relativeIsWorkdir');
    assert.match(finding!.message, /is mounted at \/workspaces\/app, the working directory it likely means/);
    assert.doesNotMatch(finding!.explanation.join('\n'), /workspaces\/app\/workspaces/);
    assert.equal(finding!.fix?.safety, 'safe');
    const [other] = await findings('FROM alpine:3.20\nWORKDIR /workspaces/app\nVOLUME ["app"]\n', 'VOL003');
    assert.equal(other?.messageId, 'relative');
  });
});

describe('VOL005–VOL007 target classes', () => {
  it('checks each declaring item once, not the volumes a stage inherits', async () => {
    const text = 'FROM alpine:3.20 AS base\nCOPY app.conf /etc/app/\nVOLUME /etc/app\nFROM base\nFROM base\n';
    assert.equal((await findings(text, 'VOL006')).length, 1);
  });

  it('VOL005 names the COPY that puts code into an otherwise unclassified path', async () => {
    const [finding] = await findings('FROM python:3.12\nCOPY . /opt/shop\nVOLUME /opt/shop\n', 'VOL005');
    assert.equal(finding?.messageId, 'codeCopied');
    assert.deepEqual(finding!.related.map((r) => r.range.start.line), [1]);
    assert.deepEqual(await findings('FROM python:3.12\nCOPY seed/ /opt/shop\nVOLUME /opt/shop\n', 'VOL005'), []);
  });

  it('VOL007 says what the image holds at the web root', async () => {
    const [finding] = await findings('FROM nginx:1.27\nCOPY dist/ /usr/share/nginx/html/\nVOLUME /usr/share/nginx/html\n', 'VOL007');
    assert.match(finding!.explanation.join('\n'), /COPY at line 2.*nginx:1\.27/);
  });
});

describe('VOL010 volume-overlap', () => {
  it('passes a note for duplicates and a warning for nesting', async () => {
    const result = await findings('FROM alpine:3.20\nVOLUME /data\nVOLUME /data /data/db\n', 'VOL010');
    assert.deepEqual(result.map((f) => [f.messageId, f.severity]), [['duplicate', 'note'], ['nestedInside', 'warning']]);
  });

  it('names every earlier volume a later one contains, and stays linear on many paths', async () => {
    const [around] = await findings('FROM alpine:3.20\nVOLUME /data/a /data/b /database\nVOLUME /data\n', 'VOL010');
    assert.equal(around?.messageId, 'nestedAround');
    assert.match(around!.message, /contains the volume \/data\/a declared at line 2 and 1 more/);
    assert.deepEqual(around!.related.map((r) => r.range.start.line), [1, 1]);
    const many = Array.from({ length: 3000 }, (_, i) => `/data/p${i}`).join(' ');
    const result = await findings(`FROM alpine:3.20\nVOLUME ${many}\nVOLUME /data\n`, 'VOL010');
    assert.equal(result.length, 1);
    assert.match(result[0]!.message, /and 2999 more/);
  });
});

describe('VOL011 volume-undefined-variable', () => {
  it('tells to redeclare a global ARG, and leaves empty expansions to VOL009', async () => {
    const [finding] = await findings('ARG APP=shop\nFROM alpine:3.20\nVOLUME /srv/$APP\n', 'VOL011');
    assert.equal(finding?.messageId, 'globalArg');
    assert.match(finding!.explanation.join('\n'), /add `ARG APP` after the FROM at line 2/);
    // The range is the variable itself.
    assert.deepEqual([finding!.range.start.character, finding!.range.end.character], [12, 16]);
    assert.deepEqual(await findings('FROM scratch\nVOLUME $NOPE\n', 'VOL011'), []);
  });

  it('does not report guarded or automatic variables', async () => {
    assert.deepEqual(await findings('FROM scratch\nARG TARGETARCH\nVOLUME /cache/$TARGETARCH ${X:-/x}\n', 'VOL011'), []);
  });
});

describe('VOL012 volume-copy-after-declare', () => {
  it('reports COPY into a base image volume once per step, with the FROM as related location', async () => {
    const result = await findings('FROM wordpress:6.6\nCOPY --chown=www-data themes/ /var/www/html/wp-content/themes/\n', 'VOL012');
    assert.equal(result.length, 1);
    assert.deepEqual(result[0]!.related.map((r) => r.range.start.line), [0]);
    assert.match(result[0]!.explanation.join('\n'), /including the --chown\/--chmod of this step/);
  });
});
