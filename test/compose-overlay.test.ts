/**
 * Overlays (src/compose/overlay.ts): which compose files are taken for one, and where their base is
 * found: a `-f` list in a Makefile or script, COMPOSE_FILE in .env, a GitHub workflow (a matrix
 * prefix matched by the file name), the nearest default compose file that defines the overlay's
 * services; and none.
 */
import assert from 'node:assert/strict';
import { WorkflowCache } from '../src/compose/image-builds.js';
import { findOverlayBase, findRunDirectory, overlayShape, writtenLists } from '../src/compose/overlay.js';
import { memoryIO } from './helpers/compose.js';

const ROOT = '/repo';
const BASE = 'services:\n  web:\n    image: nginx:1.25\n  db:\n    image: postgres:16\n';
const OVERLAY = 'services:\n  web:\n    environment: [MODE=prod]\n';

async function baseOf(files: Record<string, string>, overlay: string, workflows = false, undeclared: string[] = []): Promise<{ files: string[]; evidence: string | null } | null | 'not an overlay'> {
  const search = await searchOf(files, overlay, workflows, undeclared);
  if (!search) return 'not an overlay';
  if (!search.base) return null;
  return { files: search.base.files.map(rel), evidence: search.base.evidence ? `${rel(search.base.evidence.file)}:${search.base.evidence.line}` : null };
}

function searchOf(files: Record<string, string>, overlay: string, workflows = false, undeclared: string[] = []): ReturnType<typeof findOverlayBase> {
  return findOverlayBase(`${ROOT}/${overlay}`, files[overlay]!, memoryIO(files, ROOT), workflows ? new WorkflowCache() : null, undeclared);
}

/** A path relative to the repository (`.` for its root). */
function rel(p: string): string {
  return p === ROOT ? '.' : p.slice(ROOT.length + 1);
}

describe('compose overlays', () => {
  it('an overlay is a file with a service that has no image, no build and no extends', () => {
    assert.deepEqual(overlayShape(OVERLAY, 'o.yaml'), { imageless: ['web'], volumes: [], name: null });
    assert.equal(overlayShape(BASE, 'c.yaml'), null);
    assert.equal(overlayShape('services:\n  web:\n    extends: {file: c.yaml, service: web}\n', 'o.yaml'), null);
    assert.equal(overlayShape('services:\n  web:\n    build: .\n', 'o.yaml'), null);
    assert.deepEqual(overlayShape('name: shop\nservices:\n  web: {}\n  api:\n    image: x\n', 'o.yaml'), { imageless: ['web'], volumes: [], name: 'shop' });
  });

  it('reads -f / --file lists of a compose command line (continued lines too) and COMPOSE_FILE with its separator', () => {
    const text = 'up:\n\tdocker compose -f compose.yaml \\\n\t  --file=deploy/prod.yml up -d\nbuild:\n\tdocker build -f Dockerfile .\nclean:\n\trm -f out.yaml\nexport COMPOSE_PATH_SEPARATOR=;\nCOMPOSE_FILE ?= a.yml;b.yml\n';
    assert.deepEqual(writtenLists(text), [
      { names: ['compose.yaml', 'deploy/prod.yml'], line: 2 },
      { names: ['a.yml', 'b.yml'], line: 9 },
    ]);
  });

  it('finds the base in a Makefile -f list, relative to the Makefile\'s folder (a folder above the overlay)', async () => {
    const files = {
      '.git/HEAD': '',
      'compose.yaml': BASE,
      'deploy/compose.prod.yaml': OVERLAY,
      'Makefile': 'prod:\n\tdocker compose -f compose.yaml -f deploy/compose.prod.yaml up -d\n',
    };
    assert.deepEqual(await baseOf(files, 'deploy/compose.prod.yaml'), { files: ['compose.yaml'], evidence: 'Makefile:2' });
  });

  it('a list naming every file before the overlay: all of them, in order; a shell script counts too', async () => {
    const files = {
      '.git/HEAD': '',
      'compose.yaml': BASE,
      'compose.db.yaml': 'services:\n  cache:\n    image: redis:7\n',
      'compose.prod.yaml': OVERLAY,
      'deploy.sh': '#!/bin/sh\ndocker-compose -f compose.yaml -f compose.db.yaml -f compose.prod.yaml up -d\n',
    };
    assert.deepEqual(await baseOf(files, 'compose.prod.yaml'), { files: ['compose.yaml', 'compose.db.yaml'], evidence: 'deploy.sh:2' });
  });

  it('finds the base in COMPOSE_FILE of .env (COMPOSE_PATH_SEPARATOR there)', async () => {
    const files = {
      '.git/HEAD': '',
      'base.yml': BASE,
      'prod.yml': OVERLAY,
      '.env': 'COMPOSE_PATH_SEPARATOR=,\nCOMPOSE_FILE=base.yml,prod.yml\n',
    };
    assert.deepEqual(await baseOf(files, 'prod.yml'), { files: ['base.yml'], evidence: '.env:2' });
  });

  it('finds the base in a GitHub workflow: a matrix prefix matched by the file name, the base with the same prefix', async () => {
    const workflow = 'on: push\njobs:\n  up:\n    strategy:\n      matrix:\n        dir: [apps/a/, apps/b/]\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker compose -f ${{ matrix.dir }}compose.yaml -f ${{ matrix.dir }}compose.gpu.yaml config\n';
    const files = {
      '.git/HEAD': '',
      '.github/workflows/ci.yml': workflow,
      'apps/b/compose.yaml': BASE,
      'apps/b/compose.gpu.yaml': 'services:\n  db:\n    deploy: {}\n',
      'apps/b/base.yaml': BASE,
    };
    assert.deepEqual(await baseOf(files, 'apps/b/compose.gpu.yaml', true), { files: ['apps/b/compose.yaml'], evidence: '.github/workflows/ci.yml:9' });
    // Without the run's workflows (the language server passes none), the nearest default file.
    assert.deepEqual(await baseOf(files, 'apps/b/compose.gpu.yaml'), { files: ['apps/b/compose.yaml'], evidence: null });
  });

  it('finds the base in a workflow\'s COMPOSE_FILE: the files before a matrix-prefixed overlay, from the repository\'s root (set 9 alert B7)', async () => {
    const workflow = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      COMPOSE_FILE: compose.yaml:ci/base.yaml:${{ matrix.dir }}compose.yaml\n    strategy:\n      matrix:\n        dir: [ci/basic/, ci/memory/]\n    steps:\n      - run: docker compose up -d\n';
    const files = {
      '.git/HEAD': '',
      '.github/workflows/docker.yaml': workflow,
      'compose.yaml': BASE,
      'ci/base.yaml': 'services:\n  web:\n    environment: [CI=1]\n',
      'ci/basic/compose.yaml': OVERLAY,
    };
    assert.deepEqual(await baseOf(files, 'ci/basic/compose.yaml', true), { files: ['compose.yaml', 'ci/base.yaml'], evidence: '.github/workflows/docker.yaml:6' });
  });

  it('a list whose base file does not exist is no evidence', async () => {
    const files = { '.git/HEAD': '', 'prod.yml': OVERLAY, 'Makefile': 'x:\n\tdocker compose -f gone.yml -f prod.yml up\n' };
    assert.equal(await baseOf(files, 'prod.yml'), null);
  });

  it('else the nearest default compose file at or above it that defines every image-less service (and the same name:)', async () => {
    const files = {
      '.git/HEAD': '',
      'docker-compose.yml': BASE,
      'sub/docker-compose.yml': 'services:\n  other:\n    image: redis:7\n',
      'sub/compose.dev.yaml': OVERLAY,
      'sub/deeper/docker-compose.yml': OVERLAY,
    };
    // sub/docker-compose.yml does not define web: the one above does.
    assert.deepEqual(await baseOf(files, 'sub/compose.dev.yaml'), { files: ['docker-compose.yml'], evidence: null });
    // A default-named overlay is not its own base.
    assert.deepEqual(await baseOf(files, 'sub/deeper/docker-compose.yml'), { files: ['docker-compose.yml'], evidence: null });
    assert.equal(await baseOf({ ...files, 'sub/compose.dev.yaml': `name: other\n${OVERLAY}`, 'docker-compose.yml': `name: shop\n${BASE}` }, 'sub/compose.dev.yaml'), null);
  });

  it('no base: nothing names it and no default file defines its services; a complete file is no overlay', async () => {
    assert.equal(await baseOf({ '.git/HEAD': '', 'compose.prod.yaml': OVERLAY, 'compose.yaml': 'services:\n  api:\n    image: x\n' }, 'compose.prod.yaml'), null);
    assert.equal(await baseOf({ '.git/HEAD': '', 'compose.yaml': BASE }, 'compose.yaml'), 'not an overlay');
  });

  it('reads the options assigned to a variable (`CONF:=-f a -f b`) and held in one quoted word (`FILES="-f a -f b"`)', () => {
    assert.deepEqual(writtenLists('CONF:=-f deploy/docker-compose.yml -f deploy/docker-compose.dev.yml\n'), [{ names: ['deploy/docker-compose.yml', 'deploy/docker-compose.dev.yml'], line: 1 }]);
    assert.deepEqual(writtenLists('FILES="-f compose.yaml -f compose.dev.yaml"\ndocker compose $FILES up\n'), [{ names: ['compose.yaml', 'compose.dev.yaml'], line: 1 }]);
    // A quoted word without the options stays one word.
    assert.deepEqual(writtenLists('docker compose -f "my compose.yml" up\n'), [{ names: ['my compose.yml'], line: 1 }]);
  });

  it('finds the base in the overlay\'s own header: a -f list relative to its folder, which is where the command runs (baserow\'s no-caddy nginx override)', async () => {
    const header = '# To test this setup you can run:\n# ```\n# docker-compose -f ../../../docker-compose.no-caddy.yml -f docker-compose.override.nginx.yml up\n# ```\n';
    const files = {
      '.git/HEAD': '',
      'docker-compose.no-caddy.yml': 'services:\n  backend:\n    image: baserow/backend\n    volumes: [media:/baserow/media]\nvolumes:\n  media:\n',
      'deploy/nginx/no-caddy/docker-compose.override.nginx.yml': `${header}services:\n  nginx:\n    image: nginx\n    volumes:\n      - media:/baserow/media\n`,
    };
    const search = await searchOf(files, 'deploy/nginx/no-caddy/docker-compose.override.nginx.yml', false, ['media']);
    assert.deepEqual(search?.shape, { imageless: [], volumes: ['media'], name: null });
    assert.deepEqual(search?.base && { files: search.base.files.map(rel), evidence: `${rel(search.base.evidence!.file)}:${search.base.evidence!.line}`, cwd: rel(search.base.cwd!) }, {
      files: ['docker-compose.no-caddy.yml'],
      evidence: 'deploy/nginx/no-caddy/docker-compose.override.nginx.yml:3',
      cwd: 'deploy/nginx/no-caddy',
    });
  });

  it('finds the base a header names in words (`# extends docker-compose.yml`) where that file defines the overlay\'s services', async () => {
    const files = { '.git/HEAD': '', 'docker-compose.yml': BASE, 'docker-compose.gpu.yml': `# extends docker-compose.yml with GPU settings\n${OVERLAY}` };
    assert.deepEqual(await baseOf(files, 'docker-compose.gpu.yml'), { files: ['docker-compose.yml'], evidence: 'docker-compose.gpu.yml:1' });
    // A file named without a cue, or one that does not define the service, is not the base.
    assert.equal(await baseOf({ ...files, 'docker-compose.gpu.yml': `# see docker-compose.yml\n${OVERLAY}`, 'docker-compose.yml': 'services:\n  api:\n    image: x\n' }, 'docker-compose.gpu.yml'), null);
    assert.equal(await baseOf({ ...files, 'docker-compose.yml': 'services:\n  api:\n    image: x\n' }, 'docker-compose.gpu.yml'), null);
  });

  it('finds the base in a script of another folder (paths from the repository\'s root, as `./scripts/dev.sh` runs), package.json and a README\'s code', async () => {
    const repo = { '.git/HEAD': '', 'docker-compose.yml': BASE, 'docker-compose.dev.yml': OVERLAY, 'web/docker-compose.yml': 'services:\n  other:\n    image: x\n' };
    assert.deepEqual(await baseOf({ ...repo, 'scripts/dev.sh': '#!/bin/sh\ndocker compose -f docker-compose.yml -f docker-compose.dev.yml up\n' }, 'docker-compose.dev.yml'), {
      files: ['docker-compose.yml'],
      evidence: 'scripts/dev.sh:2',
    });
    assert.deepEqual(await baseOf({ ...repo, 'web/package.json': '{\n  "scripts": {\n    "dev": "docker compose -f ../docker-compose.yml -f ../docker-compose.dev.yml up"\n  }\n}\n' }, 'docker-compose.dev.yml'), {
      files: ['docker-compose.yml'],
      evidence: 'web/package.json:3',
    });
    assert.deepEqual(await baseOf({ ...repo, 'docs/README.md': '# Develop\n\nRun `docker compose -f docker-compose.yml -f docker-compose.dev.yml up`.\n' }, 'docker-compose.dev.yml'), {
      files: ['docker-compose.yml'],
      evidence: 'docs/README.md:3',
    });
    // The walk does not enter dependencies or hidden folders.
    assert.equal(await baseOf({ ...repo, 'node_modules/x/run.sh': 'docker compose -f docker-compose.yml -f docker-compose.dev.yml up\n', 'docker-compose.yml': 'services:\n  api:\n    image: x\n' }, 'docker-compose.dev.yml'), null);
  });

  it('a file whose only lack is a volume declaration: its base from a script (taiga\'s inits file), not from the nearest default file', async () => {
    const inits = 'services:\n  manage:\n    image: taigaio/taiga-back\n    volumes:\n      - static:/taiga-back/static\n';
    const files = { '.git/HEAD': '', 'docker-compose.yml': 'services:\n  back:\n    image: taigaio/taiga-back\nvolumes:\n  static:\n', 'docker-compose-inits.yml': inits };
    assert.equal(await baseOf(files, 'docker-compose-inits.yml'), 'not an overlay');
    assert.equal(await baseOf(files, 'docker-compose-inits.yml', false, ['static']), null);
    assert.deepEqual(await baseOf({ ...files, 'taiga-manage.sh': 'exec docker compose -f docker-compose.yml -f docker-compose-inits.yml run --rm manage $@\n' }, 'docker-compose-inits.yml', false, ['static']), {
      files: ['docker-compose.yml'],
      evidence: 'taiga-manage.sh:1',
    });
  });

  it('reads the folder a command runs in from a literal cd: on its line, carried through a shell script or a paragraph of Markdown, not through a Makefile\'s lines', () => {
    assert.deepEqual(writtenLists('cd deploy && docker compose -f a.yml -f b.yml up\n'), [{ names: ['a.yml', 'b.yml'], line: 1, cd: 'deploy' }]);
    assert.deepEqual(writtenLists('cd deploy\ncd nginx\ndocker compose -f a.yml up\n', 'shell'), [{ names: ['a.yml'], line: 3, cd: 'deploy/nginx' }]);
    assert.deepEqual(writtenLists('cd deploy\ndocker compose -f a.yml up\n'), [{ names: ['a.yml'], line: 2 }]);
    assert.deepEqual(writtenLists('cd deployment\ndocker-compose up -d\n\ndocker compose -f a.yml up\n', 'markdown'), [{ names: [], line: 2, cd: 'deployment' }, { names: ['a.yml'], line: 4 }]);
    // A directory the text does not give (a variable, `cd -`): the command's lists are read from the text's folder, a bare command says nothing.
    assert.deepEqual(writtenLists('cd "$(dirname "$0")"\ndocker compose up\ndocker compose -f a.yml up\n', 'shell'), [{ names: ['a.yml'], line: 3 }]);
  });

  it('the directory Compose runs in: the folder a written -f list naming the file is read from; none where nothing names it', async () => {
    const run = async (files: Record<string, string>, file: string): Promise<string | null> => {
      const found = await findRunDirectory(`${ROOT}/${file}`, files[file]!, memoryIO(files, ROOT), null, { looked: [], listed: [] });
      return found && `${rel(found.dir)} (${rel(found.evidence.file)}:${found.evidence.line})`;
    };
    const files = { '.git/HEAD': '', 'deploy/all-in-one/docker-compose.yml': 'services:\n  app:\n    build: $PWD\n' };
    assert.equal(await run({ ...files, Makefile: 'CONF:=-f deploy/all-in-one/docker-compose.yml\nup:\n\tdocker compose $(CONF) up\n' }, 'deploy/all-in-one/docker-compose.yml'), '. (Makefile:1)');
    assert.equal(await run({ ...files, 'deploy/all-in-one/up.sh': 'docker compose -f docker-compose.yml up\n' }, 'deploy/all-in-one/docker-compose.yml'), 'deploy/all-in-one (deploy/all-in-one/up.sh:1)');
    assert.equal(await run(files, 'deploy/all-in-one/docker-compose.yml'), null);
    // `cd deploy/all-in-one && docker compose up` in a README at the root: the file's own folder, said.
    assert.equal(await run({ ...files, 'README.md': '# Run\n\n    cd deploy/all-in-one\n    docker compose up -d\n' }, 'deploy/all-in-one/docker-compose.yml'), 'deploy/all-in-one (README.md:4)');
    // Not when another default name there is the one Compose picks.
    assert.equal(await run({ ...files, 'deploy/all-in-one/compose.yaml': 'services: {}\n', 'README.md': 'cd deploy/all-in-one && docker compose up\n' }, 'deploy/all-in-one/docker-compose.yml'), null);
  });

  it('does not look above the repository\'s root', async () => {
    const files = { 'compose.yaml': BASE, 'repo2/.git/HEAD': '', 'repo2/compose.prod.yaml': OVERLAY };
    assert.equal(await baseOf(files, 'repo2/compose.prod.yaml'), null);
  });
});
