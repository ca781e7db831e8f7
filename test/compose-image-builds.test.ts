/**
 * The evidence that the repository builds an image a compose file names without `build:`
 * (src/compose/image-builds.ts): GitHub workflow steps of docker/build-push-action (written tags,
 * metadata-action images), a service of the project with `build:` and `image:`; how names and tags
 * match; and the Compose model that links the service to the Dockerfile and says so in its findings.
 */
import assert from 'node:assert/strict';
import { parseImageRef } from '../src/model/base-images.js';
import { buildOf, readWorkflow, WorkflowCache, type ImageBuild } from '../src/compose/image-builds.js';
import { posix } from 'node:path';
import type { ComposeIO } from '../src/compose/project-files.js';
import { lintComposeText } from '../src/engine/compose-linter.js';
import { composeService, lintComposeProject, memoryIO } from './helpers/compose.js';
import { defaultSettings } from './helpers/lint.js';

const ROOT = '/repo';

function builds(text: string): ImageBuild[] {
  return readWorkflow(text, `${ROOT}/.github/workflows/ci.yml`, ROOT);
}

function summary(b: ImageBuild): string {
  const args = [...b.args].map(([k, v]) => `${k}=${v}`).concat([...b.unknownArgs].map((k) => `${k}=?`));
  return `${b.repository}:${b.tag ?? '*'} ${b.dockerfile.slice(ROOT.length + 1)} ctx=${b.context.slice(ROOT.length) || '/'}${b.target ? ` target=${b.target}` : ''}${args.length ? ` ${args.join(' ')}` : ''} @${b.range.start.line + 1}`;
}

const step = (inputs: string, extra = ''): string => `on: push\n${extra}jobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n${inputs}`;

describe('image builds in GitHub workflows', () => {
  it('reads the written tags of docker/build-push-action, one a line or comma-separated, with the default context (the repository) and Dockerfile', () => {
    const found = builds(step('          tags: org/app:latest,ghcr.io/org/app:${{ github.sha }}\n          push: true\n'));
    assert.deepEqual(found.map(summary), ['docker.io/org/app:latest Dockerfile ctx=/ @8', 'ghcr.io/org/app:${{ github.sha }} Dockerfile ctx=/ @8']);
    const block = builds(step('          context: ./server\n          file: ./server/docker/Dockerfile\n          target: prod\n          tags: |\n            library/app\n            org/app:2\n'));
    assert.deepEqual(block.map(summary), ['docker.io/app:latest server/docker/Dockerfile ctx=/server target=prod @12', 'docker.io/org/app:2 server/docker/Dockerfile ctx=/server target=prod @13']);
  });

  it('reads the images of the docker/metadata-action step whose tags the build takes (its tags computed); `name=` entries enabled only by a condition are left out', () => {
    const text =
      'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - id: meta\n        uses: docker/metadata-action@v5\n        with:\n          images: |\n            org/app\n            name=ghcr.io/org/app,enable=true\n            name=quay.io/org/app,enable=${{ github.event_name == \'push\' }}\n' +
      '      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          tags: ${{ steps.meta.outputs.tags }}\n';
    assert.deepEqual(builds(text).map(summary), ['docker.io/org/app:* Dockerfile ctx=/ @10', 'ghcr.io/org/app:* Dockerfile ctx=/ @11']);
  });

  it('resolves ${{ env.NAME }} written in env:, and skips a step whose Dockerfile, context or target is an expression; a build arg with an expression is unknown', () => {
    const env = 'env:\n  IMAGE: org/app\n';
    assert.deepEqual(builds(step('          tags: ${{ env.IMAGE }}:edge\n', env)).map(summary), ['docker.io/org/app:edge Dockerfile ctx=/ @10']);
    assert.deepEqual(builds(step('          tags: ${{ env.OTHER }}:edge\n', env)), []);
    assert.deepEqual(builds(step('          file: ${{ matrix.dockerfile }}\n          tags: org/app:x\n')), []);
    assert.deepEqual(builds(step('          target: ${{ matrix.target }}\n          tags: org/app:x\n')), []);
    const args = builds(step('          build-args: |\n            MODE=prod\n            VERSION=${{ github.ref_name }}\n          tags: org/app:x\n'));
    assert.deepEqual(args.map(summary), ['docker.io/org/app:x Dockerfile ctx=/ MODE=prod VERSION=? @11']);
  });

  it('reads ${{ matrix.X }} in each run of the job\'s matrix: runs that agree make one build, runs that differ one build each', () => {
    const job = (matrix: string, inputs: string, env = ''): string =>
      `on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n${matrix}${env}    steps:\n      - uses: docker/build-push-action@v6\n        with:\n${inputs}`;
    // One include entry (TandoorRecipes/recipes): its Dockerfile is known.
    const one = builds(job('        include:\n          - name: Standard\n            dockerfile: Dockerfile.web\n            suffix: ""\n', '          file: ${{ matrix.dockerfile }}\n          tags: org/app:latest${{ matrix.suffix }}\n'));
    assert.deepEqual(one.map(summary), ['docker.io/org/app:latest Dockerfile.web ctx=/ @15']);
    assert.match(one[0]!.how, /in the run of the job's matrix where dockerfile=Dockerfile\.web, suffix=""$/);
    // An axis: each run builds its own Dockerfile under its own tag; the platforms axis, not read, makes no second build.
    const axis = builds(job('        variant: [alpine, debian]\n        platform: [amd64, arm64]\n', '          file: docker/${{ matrix.variant }}/Dockerfile\n          tags: org/app:${{ matrix.variant }}\n'));
    assert.deepEqual(axis.map(summary), ['docker.io/org/app:alpine docker/alpine/Dockerfile ctx=/ @13', 'docker.io/org/app:debian docker/debian/Dockerfile ctx=/ @13']);
    assert.equal(buildOf(parseImageRef('org/app:debian'), axis), axis[1]);
    // exclude takes a run away; include adds a key to the runs it fits; the job's env may use the matrix.
    const excluded = builds(
      job('        variant: [alpine, debian]\n        exclude:\n          - variant: debian\n        include:\n          - target: prod\n', '          target: ${{ matrix.target }}\n          tags: ${{ env.IMAGE }}:${{ matrix.variant }}\n', '    env:\n      IMAGE: org/${{ matrix.variant }}\n'),
    );
    assert.deepEqual(excluded.map(summary), ['docker.io/org/alpine:alpine Dockerfile ctx=/ target=prod @18']);
    // Runs that build different Dockerfiles under the same computed tags: two builds, so the name is ambiguous.
    const differ = builds(job('        include:\n          - dockerfile: Dockerfile\n          - dockerfile: Dockerfile-raspi\n', '          file: ${{ matrix.dockerfile }}\n          tags: org/app:${{ github.ref_name }}\n'));
    assert.equal(differ.length, 2);
    assert.equal(buildOf(parseImageRef('org/app:1.0'), differ), 'ambiguous');
    // A matrix volint cannot expand leaves the expression: the step is not evidence.
    assert.deepEqual(builds(job('        image: ${{ fromJSON(inputs.images) }}\n', '          file: ${{ matrix.image }}\n          tags: org/app:x\n')), []);
  });

  it('ignores other actions, invalid YAML, and tags that are not image names', () => {
    assert.deepEqual(builds('on: push\njobs:\n  a:\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          tags: org/app\n'), []);
    assert.deepEqual(builds('jobs: [\n'), []);
    assert.deepEqual(builds(step('          tags: ${{ steps.version.outputs.tag }}\n')), []);
  });

  it('finds the workflows of the nearest directory above the compose file that has them, and stops at the repository root (.git)', async () => {
    const io = memoryIO({ '/repo/.github/workflows/ci.yml': 'on: push\n', '/repo/deploy/compose.yaml': 'services: {}\n' }, '/');
    assert.equal((await new WorkflowCache().find('/repo/deploy', io))?.workflows, '/repo/.github/workflows');
    const inner = memoryIO({ '/repo/.github/workflows/ci.yml': 'on: push\n', '/repo/vendor/lib/.git/HEAD': 'ref\n', '/repo/vendor/lib/compose.yaml': '' }, '/');
    assert.equal(await new WorkflowCache().find('/repo/vendor/lib', inner), null);
  });
});

describe('which build makes an image', () => {
  const build = (repository: string, tag: string | null, dockerfile = '/repo/Dockerfile'): ImageBuild => ({
    repository,
    tag,
    context: '/repo',
    dockerfile,
    target: null,
    args: new Map(),
    unknownArgs: new Set(),
    file: '/repo/.github/workflows/ci.yml',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    written: repository,
    how: 'test',
  });

  it('matches the name as Docker resolves it (docker.io, library/, the default tag latest); a written tag only itself, a computed one any', () => {
    const written = [build('docker.io/org/app', 'latest')];
    assert.equal(buildOf(parseImageRef('org/app'), written), written[0]);
    assert.equal(buildOf(parseImageRef('docker.io/org/app:latest'), written), written[0]);
    assert.equal(buildOf(parseImageRef('index.docker.io/org/app'), written), written[0]);
    assert.equal(buildOf(parseImageRef('org/app:2.0'), written), null);
    assert.equal(buildOf(parseImageRef('ghcr.io/org/app'), written), null);
    assert.equal(buildOf(parseImageRef('org/app@sha256:0123'), written), null);
    const computed = [build('docker.io/app', null)];
    assert.equal(buildOf(parseImageRef('library/app:3.1'), computed), computed[0]);
    assert.equal(buildOf(parseImageRef('app:${TAG}'), computed), null);
    // A tag written with expressions matches what its written parts allow.
    const stable = [build('docker.io/org/web', 'stable-${{ github.event.inputs.version }}')];
    assert.equal(buildOf(parseImageRef('org/web:stable-10314'), stable), stable[0]);
    assert.equal(buildOf(parseImageRef('org/web:unstable'), stable), null);
    assert.equal(buildOf(parseImageRef('org/web:stable'), stable), null);
  });

  it('prefers builds that write the tag; several different builds of the name are ambiguous', () => {
    const exact = build('docker.io/org/app', 'nightly', '/repo/Dockerfile.nightly');
    const both = [build('docker.io/org/app', null), exact];
    assert.equal(buildOf(parseImageRef('org/app:nightly'), both), exact);
    assert.equal(buildOf(parseImageRef('org/app:1'), [build('docker.io/org/app', null), build('docker.io/org/app', null, '/repo/Dockerfile.root')]), 'ambiguous');
    assert.equal(buildOf(parseImageRef('org/app:1'), [build('docker.io/org/app', null), build('docker.io/org/app', null)]) !== 'ambiguous', true);
  });
});

describe('compose model: an image: service the repository builds', () => {
  const dockerfile = 'FROM alpine:3.20\nRUN adduser -D -u 4001 pad\nRUN mkdir -p /pad/blob && chown pad /pad/blob\nUSER pad\nVOLUME /pad/blob\n';
  const workflow = 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          tags: example/pad:${{ github.ref_name }},example/pad:latest\n';

  it('models it from the Dockerfile a workflow builds and tags it from, with the evidence in the model and in every finding', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  pad:\n    image: example/pad\n    volumes:\n      - ./data:/pad/blob\n',
      Dockerfile: dockerfile,
      '.github/workflows/release.yml': workflow,
    });
    const pad = composeService(result, 'pad');
    assert.equal(pad.image.kind, 'build');
    if (pad.image.kind !== 'build') return;
    assert.equal(pad.image.link?.kind, 'workflow');
    assert.equal(pad.image.link?.text, ".github/workflows/release.yml:8 builds example/pad:latest from Dockerfile (docker/build-push-action's tags:)");
    assert.deepEqual(pad.user, { value: 'pad', source: 'image', root: false, location: { file: 'Dockerfile', range: pad.user.location!.range } });
    const vol024 = result.findings.filter((f) => f.ruleId === 'VOL024');
    assert.equal(vol024.length, 1);
    assert.match(vol024[0]!.explanation.at(-1)!, /^The service does not build example\/pad; volint models it from Dockerfile because \.github\/workflows\/release\.yml:8 builds example\/pad:latest from Dockerfile/);
    assert.ok(vol024[0]!.related.some((r) => r.file === '.github/workflows/release.yml' && r.range.start.line === 7 && r.message === 'builds example/pad'));
    assert.ok(result.model.looked.includes('/project/.github/workflows/release.yml'));
  });

  it('says, where a finding speaks of a rebuild, that a newer image pulled stands for it', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  web:\n    image: example/shop\n    volumes:\n      - deps:/app/node_modules\nvolumes:\n  deps:\n',
      Dockerfile: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\n',
      'package.json': '{}\n',
      '.github/workflows/release.yml': step('          tags: example/shop:latest\n'),
    });
    const vol021 = result.findings.filter((f) => f.ruleId === 'VOL021');
    assert.equal(vol021.length, 1);
    assert.match(vol021[0]!.explanation.at(-1)!, /Where it speaks of a rebuild, read a newer example\/shop pulled \(`docker compose pull`\)\.$/);
  });

  it('links the image a job\'s matrix builds (TandoorRecipes/recipes), and VOL021 names the other services that mount the volume', async () => {
    const result = await lintComposeProject({
      'compose.yaml':
        'services:\n  web:\n    image: example/recipes\n    volumes:\n      - nginx_config:/opt/recipes/nginx/conf.d\n  nginx:\n    image: nginx:mainline-alpine\n    volumes:\n      - nginx_config:/etc/nginx/conf.d:ro\n  reload:\n    image: alpine:3.20\n    volumes_from:\n      - nginx\nvolumes:\n  nginx_config:\n',
      Dockerfile: 'FROM python:3.12-alpine\nWORKDIR /opt/recipes\nCOPY . ./\n',
      'nginx/conf.d/recipes.conf': 'server {}\n',
      '.github/workflows/build.yml':
        'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        include:\n          - dockerfile: Dockerfile\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: ${{ matrix.dockerfile }}\n          tags: example/recipes:latest\n',
    });
    const web = composeService(result, 'web');
    assert.equal(web.image.kind === 'build' && web.image.link?.text, ".github/workflows/build.yml:13 builds example/recipes:latest from Dockerfile (docker/build-push-action's tags:, in the run of the job's matrix where dockerfile=Dockerfile)");
    const vol021 = result.findings.filter((f) => f.ruleId === 'VOL021');
    assert.equal(vol021.length, 1);
    assert.ok(
      vol021[0]!.explanation.includes(
        'The volume nginx_config is mounted by other services too (nginx at /etc/nginx/conf.d, read-only; reload at /etc/nginx/conf.d, read-only, through volumes_from): they read the same first content, and a newer image of web does not reach them either.',
      ),
      vol021[0]!.explanation.join('\n'),
    );
    assert.ok(vol021[0]!.related.some((r) => r.range.start.line === 8 && r.message === 'service nginx mounts the same volume at /etc/nginx/conf.d'));
  });

  it('models it from the service of the project that builds and tags it (build: and image:), and folds the same entry into that service\'s finding', async () => {
    const result = await lintComposeProject({
      'compose.yaml':
        'services:\n  web:\n    build: .\n    image: example/pad:dev\n    volumes:\n      - ./data:/pad/blob\n  worker:\n    image: example/pad:dev\n    volumes:\n      - ./data:/pad/blob\n  other:\n    image: example/pad:2\n',
      Dockerfile: dockerfile,
    });
    const worker = composeService(result, 'worker');
    assert.equal(worker.image.kind === 'build' && worker.image.link?.text, 'service web of this project builds example/pad:dev from Dockerfile and tags it with its `image:` (compose.yaml:4)');
    assert.equal(composeService(result, 'other').image.kind, 'unknown');
    const vol024 = result.findings.filter((f) => f.ruleId === 'VOL024');
    assert.deepEqual(vol024.map((f) => f.range.start.line + 1), [6]);
    assert.ok(vol024[0]!.related.some((r) => r.range.start.line === 9 && /the same entry in service worker, which runs the image service web builds/.test(r.message)));
  });

  it('reads a repository\'s workflows once for all the projects of a run that share a WorkflowCache, each project depending on the same files and listings', async () => {
    const files = {
      '/repo/.git/HEAD': 'ref\n',
      '/repo/Dockerfile': dockerfile,
      '/repo/.github/workflows/release.yml': workflow,
      '/repo/a/compose.yaml': 'services:\n  pad:\n    image: example/pad\n    volumes:\n      - ./data:/pad/blob\n',
      '/repo/b/compose.yaml': 'services:\n  pad:\n    image: example/pad:latest\n',
    };
    const disk = memoryIO(files, '/');
    const asked: string[] = [];
    const io: ComposeIO = {
      readText: (path) => (asked.push(`read ${path}`), disk.readText(path)),
      isFile: (path) => (asked.push(`isFile ${path}`), disk.isFile(path)),
      exists: (path) => disk.exists!(path),
      list: (path) => (asked.push(`list ${path}`), disk.list!(path)),
    };
    const workflows = new WorkflowCache();
    const models = [];
    for (const project of ['a', 'b']) {
      const path = `/repo/${project}/compose.yaml`;
      const result = await lintComposeText(
        { text: files[path as keyof typeof files], file: `${project}/compose.yaml`, absolutePath: path, io, displayPath: (abs) => posix.relative('/repo', abs), environment: {}, overrides: true, workflows },
        defaultSettings(),
      );
      const image = composeService(result, 'pad').image;
      assert.equal(image.kind === 'build' && image.link?.kind, 'workflow', project);
      models.push(result.model);
    }
    const count = (what: string): number => asked.filter((a) => a === what).length;
    assert.equal(count('list /repo/.github/workflows'), 1);
    assert.equal(count('read /repo/.github/workflows/release.yml'), 1);
    // Each project depends on the workflow, the Dockerfile it names and the listings on the way up, whichever project read them.
    for (const [i, model] of models.entries()) {
      const project = i === 0 ? 'a' : 'b';
      assert.deepEqual(model.listed, [`/repo/${project}/.github/workflows`, '/repo/.github/workflows'].sort());
      assert.ok(model.looked.includes('/repo/.github/workflows/release.yml') && model.looked.includes('/repo/Dockerfile'), project);
    }
  });

  it('leaves alone an image the catalogue knows, and one nothing builds', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'services:\n  db:\n    image: postgres:16\n  pad:\n    image: example/pad:2.0\n',
      Dockerfile: 'FROM alpine:3.20\n',
      '.github/workflows/ci.yml': step('          tags: postgres:16,example/pad:nightly\n'),
    });
    assert.equal(composeService(result, 'db').image.kind, 'catalog');
    assert.equal(composeService(result, 'pad').image.kind, 'unknown');
  });
});

describe('the default Dockerfile of a build context', () => {
  it('is `dockerfile` in lower case where the context has no `Dockerfile` and no dockerfile: key names one (as the builders read it)', async () => {
    const result = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    build: .dev\n', '.dev/dockerfile': 'FROM alpine:3.20\nVOLUME /data\n' });
    assert.deepEqual(result.model.problems, []);
    const web = composeService(result, 'web');
    assert.equal(web.image.kind === 'build' ? web.image.build.dockerfile : web.image.kind, '.dev/dockerfile');
    assert.deepEqual(web.imageVolumes.map((v) => v.path), ['/data']);
  });

  it('is not looked for in lower case when dockerfile: names the file, nor where the context has a Dockerfile', async () => {
    const named = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    build:\n      context: .dev\n      dockerfile: Dockerfile\n', '.dev/dockerfile': 'FROM alpine:3.20\n' });
    assert.equal(named.model.problems.length, 1);
    assert.match(named.model.problems[0]!.message, /Dockerfile \.dev\/Dockerfile cannot be read/);
    const both = await lintComposeProject({ 'compose.yaml': 'services:\n  web:\n    build: .dev\n', '.dev/Dockerfile': 'FROM alpine:3.20\n', '.dev/dockerfile': 'FROM alpine:3.20\nVOLUME /data\n' });
    const web = composeService(both, 'web');
    assert.equal(web.image.kind === 'build' ? web.image.build.dockerfile : web.image.kind, '.dev/Dockerfile');
  });
});
