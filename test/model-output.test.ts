/**
 * Pins `volint model` for one realistic multi-stage Dockerfile: the text the README and
 * docs/model.md show, and the JSON shape programs read. Uses the real rule set and RUN analysis
 * through the same lint entry point as the CLI.
 */
import assert from 'node:assert/strict';
import { describeModel, modelToJson } from '../src/report/model.js';
import { lint } from './helpers/lint.js';

/** A Node app with a build stage, a side database stage, and a final stage with a volume. */
export const EXAMPLE = [
  "# syntax=docker/dockerfile:1",
  "ARG NODE_VERSION=20",
  "FROM node:${NODE_VERSION}-bookworm-slim AS build",
  "WORKDIR /usr/src/app",
  "COPY package.json package-lock.json ./",
  "RUN npm ci",
  "COPY . .",
  "RUN npm run build",
  "",
  "FROM postgres:16 AS db",
  "COPY initdb/ /docker-entrypoint-initdb.d/",
  "RUN mkdir -p /var/lib/postgresql/data/conf.d",
  "VOLUME /backups",
  "",
  "FROM node:${NODE_VERSION}-bookworm-slim",
  "ENV APP_HOME=/srv/app",
  "WORKDIR $APP_HOME",
  "RUN useradd --system app \\",
  " && mkdir -p /srv/app/uploads",
  "COPY --from=build /usr/src/app/dist ./dist",
  "COPY seed/ uploads/",
  "VOLUME [\"/srv/app/uploads\", \"cache\"]",
  "RUN chown -R app:app /srv/app/uploads",
  "USER app",
  "CMD [\"node\", \"dist/server.js\"]",
].join('\n') + '\n';

const EXPECTED_TEXT = [
  "Dockerfile: 3 stages; builder: any; the build produces stage 2",
  "",
  "stage 0 \"build\", line 3",
  "  base: image node:20-bookworm-slim (not in volint's catalog: its volumes, ENV and USER are unknown)",
  "  in the built image: no: its volumes reach no container (unless built with --target build)",
  "  at its end: WORKDIR /usr/src/app, USER unknown",
  "  no volumes",
  "",
  "stage 1 \"db\", line 10",
  "  base: image postgres:16 (catalog: 1 volume)",
  "  in the built image: no: its volumes reach no container (unless built with --target db)",
  "  at its end: WORKDIR unknown, USER root (the default)",
  "  volume /var/lib/postgresql/data [good]",
  "    from the base image postgres:16 (https://github.com/docker-library/postgres/blob/cba2a05c03706daf5f9a66b93a447540b62df063/16/bookworm/Dockerfile)",
  "    line 12 RUN mkdir creates /var/lib/postgresql/data/conf.d in it; after the declaration: discarded by the legacy builder and Buildah --compat-volumes, kept by BuildKit, Buildah and Kaniko",
  "  volume /backups",
  "    declared by the VOLUME at line 13",
  "    no step of this stage touches it",
  "",
  "stage 2, line 15",
  "  base: image node:20-bookworm-slim (not in volint's catalog: its volumes, ENV and USER are unknown)",
  "  in the built image: yes: the build produces this stage",
  "  at its end: WORKDIR /srv/app, USER app",
  "  volume /srv/app/uploads [good]",
  "    declared by the VOLUME at line 22",
  "    line 18 RUN mkdir creates it; before the declaration: a new volume starts from this directory",
  "    line 21 COPY copies files into it; before the declaration: a new volume is seeded with it",
  "    line 23 RUN chown changes its owner; after the declaration: discarded by the legacy builder, Buildah --compat-volumes and Kaniko, kept by BuildKit and Buildah",
  "  volume /cache",
  "    declared by the VOLUME at line 22, written `cache`; relative, so mounted under / whatever WORKDIR is (the author probably meant /srv/app/cache)",
  "    no step of this stage touches it",
  "",
  "Builders considered (--builder any): the legacy builder (DOCKER_BUILDKIT=0); BuildKit (docker build, docker buildx); Buildah/Podman (1.37+/5.2+, default); Buildah/Podman with --compat-volumes (the default before Buildah 1.37 / Podman 5.2); Kaniko.",
  "COPY/ADD into a volume path is kept by every builder; RUN changes after the declaration, in a step that runs, are discarded by the legacy builder (a fresh temporary volume per RUN) and Buildah --compat-volumes (contents saved before each RUN and restored after), left out of the layers by Kaniko for the VOLUME lines of the same stage, and kept by BuildKit and Buildah.",
  "At run time a new, empty volume is seeded with the image content at its path; an existing volume or a bind mount hides it.",
].join('\n') + '\n';

describe('volint model output', () => {
  it('prints stages, volumes with their source and the timeline of the steps that touch them', async () => {
    const { model } = await lint(EXAMPLE, 'Dockerfile');
    assert.equal(describeModel(model), EXPECTED_TEXT);
  });

  it('with one builder, names only what that builder does', async () => {
    const { model } = await lint(EXAMPLE, 'Dockerfile', { builder: 'legacy' });
    const text = describeModel(model);
    assert.match(text, /^    line 23 RUN chown changes its owner; after the declaration: discarded by the legacy builder$/m);
    assert.match(text, /^Builders considered \(--builder legacy\): the legacy builder \(DOCKER_BUILDKIT=0\)\.$/m);
    const buildkit = describeModel((await lint(EXAMPLE, 'Dockerfile', { builder: 'buildkit' })).model);
    assert.match(buildkit, /line 23 RUN chown changes its owner; after the declaration: kept by BuildKit$/m);
  });

  it('with --target, the chosen stage is the built image', async () => {
    const { model } = await lint(EXAMPLE, 'Dockerfile', { target: 'db' });
    const text = describeModel(model);
    assert.match(text, /the build produces stage 1 "db"/);
    assert.match(text, /stage 1 "db", line 10\n.*\n  in the built image: yes: the build produces this stage/);
    assert.match(text, /stage 2, line 15\n.*\n  in the built image: no: its volumes reach no container\n/);
  });

  it('keeps a stable JSON shape', async () => {
    const { model } = await lint(EXAMPLE, 'Dockerfile');
    const json = JSON.parse(JSON.stringify(modelToJson(model))) as {
      version: number;
      target: number;
      stages: Array<{ name: string | null; inFinalImage: boolean; base: { kind: string }; volumes: Array<Record<string, unknown> & { steps: Array<Record<string, unknown>> }> }>;
    };
    assert.equal(json.version, 1);
    assert.equal(json.target, 2);
    assert.deepEqual(json.stages.map((s) => [s.name, s.inFinalImage, s.base.kind]), [['build', false, 'image'], ['db', false, 'image'], [null, true, 'image']]);
    assert.deepEqual(Object.keys(json), ['version', 'file', 'builder', 'target', 'shellAnalyzed', 'stages']);
    const uploads = json.stages[2]!.volumes[0]!;
    assert.deepEqual(Object.keys(uploads), ['path', 'origin', 'target', 'line', 'declaringStage', 'written', 'relative', 'intendedPath', 'assumedUnset', 'image', 'steps']);
    assert.deepEqual(uploads.steps, [
      { line: 18, command: 'RUN mkdir', kind: 'mkdir', path: '/srv/app/uploads', reach: 'inside', certainty: 'certain', afterDeclaration: false, keptBy: ['legacy', 'buildkit', 'buildah', 'buildah-compat', 'kaniko'], discardedBy: [], failedBy: [], notRunBy: [], stopsAt: null, mountPoint: null },
      { line: 21, command: 'COPY', kind: 'copy', path: '/srv/app/uploads', reach: 'inside', certainty: 'certain', afterDeclaration: false, keptBy: ['legacy', 'buildkit', 'buildah', 'buildah-compat', 'kaniko'], discardedBy: [], failedBy: [], notRunBy: [], stopsAt: null, mountPoint: null },
      { line: 23, command: 'RUN chown', kind: 'chown', path: '/srv/app/uploads', reach: 'inside', certainty: 'certain', afterDeclaration: true, keptBy: ['buildkit', 'buildah'], discardedBy: ['legacy', 'buildah-compat', 'kaniko'], failedBy: [], notRunBy: [], stopsAt: null, mountPoint: null },
    ]);
    assert.deepEqual((json.stages[2] as unknown as { failures: unknown[] }).failures, []);
    const cache = json.stages[2]!.volumes[1]!;
    assert.deepEqual([cache['path'], cache['written'], cache['relative'], cache['intendedPath']], ['/cache', 'cache', true, '/srv/app/cache']);
    const pg = json.stages[1]!.volumes[0]!;
    assert.deepEqual([pg['origin'], pg['image'], pg['line']], ['base-image', 'postgres:16', null]);
  });

  it('lists ONBUILD volumes apart from the stage volumes', async () => {
    const { model } = await lint('FROM alpine:3.20\nONBUILD VOLUME /later\n', 'Dockerfile');
    assert.match(describeModel(model), /  ONBUILD VOLUME at line 2: \/later \(only in images built FROM this one\)\n  no volumes\n/);
    const json = modelToJson(model) as { stages: Array<{ onbuildVolumes: unknown }> };
    assert.deepEqual(json.stages[0]!.onbuildVolumes, [{ line: 2, paths: ['/later'] }]);
  });
});
