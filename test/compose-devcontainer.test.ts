/**
 * Dev Container configurations as a Compose project (src/compose/devcontainer.ts) and the JSONC
 * parser they are read with (src/parse/jsonc.ts): where configurations are, the `dockerComposeFile`
 * list resolved against the configuration's folder, the project's name and relative paths as the Dev
 * Containers tool gives them to Compose (devcontainers/cli getProjectName; paths against the first
 * file's directory, as test/builders/compose-config.test.ts checks with docker-compose 1.29).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { devcontainerListing, devcontainerWorkspace, readDevcontainer } from '../src/compose/devcontainer.js';
import { isDevcontainerConfig } from '../src/compose/names.js';
import { diskComposeIO, lintComposeFile, lintDevcontainerFile } from '../src/cli/run.js';
import { WorkflowCache } from '../src/compose/image-builds.js';
import { JsoncError, jsoncMember, parseJsonc } from '../src/parse/jsonc.js';
import { removeDir, tempDir } from './helpers/cli.js';
import { defaultSettings } from './helpers/lint.js';

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function errorOf(text: string): string {
  try {
    parseJsonc(text);
  } catch (err) {
    assert.ok(err instanceof JsoncError, String(err));
    return `${err.position.line + 1}:${err.position.character + 1} ${err.message}`;
  }
  return 'parsed';
}

describe('JSON with comments', () => {
  it('reads comments, trailing commas, a byte order mark and escapes; values keep their ranges', () => {
    const root = parseJsonc('\ufeff// top\n{\n  "a": [1, -2.5e3, true, null,], /* x */\n  "s": "//not a comment \\"q\\" \\u00e9\\n",\n  "a": "last wins",\n}\n');
    assert.equal(root.kind, 'object');
    const s = jsoncMember(root, 's');
    assert.deepEqual(s?.kind === 'string' ? s.value : null, '//not a comment "q" é\n');
    assert.deepEqual(s?.range, { start: { line: 3, character: 7 }, end: { line: 3, character: 39 } });
    const a = jsoncMember(root, 'a');
    assert.equal(a?.kind === 'string' ? a.value : null, 'last wins');
    const list = root.kind === 'object' ? root.entries[0]!.value : null;
    assert.deepEqual(list?.kind === 'array' ? list.items.map((i) => i.kind) : null, ['number', 'number', 'boolean', 'null']);
  });

  it('says where it is not JSONC, in one line', () => {
    assert.equal(errorOf('{ "a": [1 2] }'), '1:11 expected , or ] in a list, found "2"');
    assert.equal(errorOf('{ "a": 1\n  "b": 2 }'), '2:3 expected , or } after the value of "a", found "\\""');
    assert.equal(errorOf('{ "a": "x'), '1:8 a string is not closed');
    assert.equal(errorOf('{ /* x'), '1:3 a /* comment is not closed');
    assert.equal(errorOf('{ a: 1 }'), '1:3 expected a property name in double quotes or }, found "a"');
    assert.equal(errorOf('{} x'), '1:4 unexpected "x" after the end of the value');
    assert.equal(errorOf(''), '1:1 expected a value, found the end of the file');
    assert.equal(errorOf('"\\x"'), '1:2 unknown escape \\x in a string');
    assert.equal(errorOf('['.repeat(300)), '1:258 values nested more than 256 deep');
    assert.equal(errorOf('{"a": tru}'), '1:7 expected a value, found "t"');
    // Lines as an editor counts them: `\r\n` and a lone `\r` end a line too.
    assert.equal(errorOf('{\r\n  "a": [1 2]\r}'), '2:11 expected , or ] in a list, found "2"');
    assert.equal(errorOf('{\r  "a": 1\r  x'), '3:3 expected , or } after the value of "a", found "x"');
  });
});

describe('Dev Container configurations', () => {
  it('are read where the specification puts them', () => {
    for (const path of ['/r/.devcontainer/devcontainer.json', '/r/.devcontainer.json', '/r/.devcontainer/py/devcontainer.json', '/r/sub/.devcontainer.json']) {
      assert.ok(isDevcontainerConfig(path), path);
    }
    for (const path of ['/r/devcontainer.json', '/r/.devcontainer/a/b/devcontainer.json', '/r/.devcontainer/devcontainer.jsonc']) assert.ok(!isDevcontainerConfig(path), path);
    assert.equal(devcontainerWorkspace('/r/.devcontainer/py/devcontainer.json'), '/r');
    assert.equal(devcontainerWorkspace('/r/.devcontainer/devcontainer.json'), '/r');
    assert.equal(devcontainerWorkspace('/r/.devcontainer.json'), '/r');
  });

  it('dockerComposeFile: one path or a list, relative to the configuration, with the tool\'s variables', () => {
    const one = readDevcontainer('{ "dockerComposeFile": "docker-compose.yml", "service": "app" }', '/r/.devcontainer/devcontainer.json', 'c.json', {});
    assert.deepEqual(one.composeFiles.map((f) => f.path), ['/r/.devcontainer/docker-compose.yml']);
    assert.equal(one.service?.name, 'app');
    const list = readDevcontainer(
      '{ "dockerComposeFile": ["../docker-compose.yml", "${localWorkspaceFolder}/dev/${localEnv:FLAVOUR:plain}.yml", "${localWorkspaceFolderBasename}.yml"], "runServices": ["db"] }',
      '/r/.devcontainer/devcontainer.json',
      'c.json',
      {},
    );
    assert.deepEqual(list.composeFiles.map((f) => f.path), ['/r/docker-compose.yml', '/r/dev/plain.yml', '/r/.devcontainer/r.yml']);
    assert.deepEqual(list.runServices.map((s) => s.name), ['db']);
    assert.deepEqual(list.problems, []);
    const wrong = readDevcontainer('{ "dockerComposeFile": [1], "service": 2, "runServices": "db" }', '/r/.devcontainer.json', 'c.json', {});
    assert.deepEqual(wrong.composeFiles, []);
    assert.deepEqual(wrong.problems.map((p) => p.severity), ['warning']);
    assert.equal(readDevcontainer('{ "image": "x" }', '/r/.devcontainer.json', 'c.json', {}).composeFiles.length, 0);
  });

  describe('the project', () => {
    let dir: string;
    beforeEach(() => {
      dir = tempDir('volint-devcontainer-model-');
    });
    afterEach(() => removeDir(dir));

    async function model(config: string) {
      const path = join(dir, config);
      const { readFileSync } = await import('node:fs');
      const saved = process.env.COMPOSE_PROJECT_NAME;
      delete process.env.COMPOSE_PROJECT_NAME;
      try {
        const result = await lintDevcontainerFile(readFileSync(path, 'utf8'), path, config, defaultSettings(), dir, diskComposeIO);
        assert.ok(result.model, JSON.stringify(result.findings.map((f) => f.message)));
        return result.model;
      } finally {
        if (saved !== undefined) process.env.COMPOSE_PROJECT_NAME = saved;
      }
    }

    it('a first file in .devcontainer: named <workspace>_devcontainer, relative paths against .devcontainer', async () => {
      write(dir, {
        '.devcontainer/devcontainer.json': '{ "dockerComposeFile": ["docker-compose.yml", "../docker-compose.yml"], "service": "app" }',
        '.devcontainer/docker-compose.yml': 'services:\n  app:\n    image: busybox\n    volumes: [../..:/workspaces]\n',
        'docker-compose.yml': 'services:\n  db:\n    image: busybox\n    volumes: [data:/data, ./conf:/conf]\nvolumes:\n  data:\n',
      });
      const m = await model('.devcontainer/devcontainer.json');
      const workspace = basename(dir).toLowerCase().replace(/[^a-z0-9_-]/g, '');
      assert.equal(m.projectName, `${workspace}_devcontainer`);
      assert.deepEqual([...m.volumes.values()].map((v) => v.name), [`${workspace}_devcontainer_data`]);
      const db = m.services.find((s) => s.name === 'db')!;
      assert.deepEqual(db.mounts.filter((x) => x.cover === 'bind').map((x) => x.hostPath), [join(dir, '.devcontainer', 'conf')]);
      const app = m.services.find((s) => s.name === 'app')!;
      assert.deepEqual(app.mounts.map((x) => x.hostPath), [join(dir, '..')]);
      // COMPOSE_PROJECT_NAME in the workspace folder's .env names it instead; `name:` comes before the default.
      write(dir, { '.env': 'COMPOSE_PROJECT_NAME=Shop\n' });
      assert.equal((await model('.devcontainer/devcontainer.json')).projectName, 'shop');
      write(dir, { '.env': '', 'docker-compose.yml': 'name: written\nservices:\n  db:\n    image: busybox\n' });
      assert.equal((await model('.devcontainer/devcontainer.json')).projectName, 'written');
    });

    it('a first file elsewhere: Compose\'s own name (its directory); no override file is merged', async () => {
      write(dir, {
        'app/.devcontainer.json': '{ "dockerComposeFile": "docker-compose.yml", "service": "web" }',
        'app/docker-compose.yml': 'services:\n  web:\n    image: busybox\n',
        'app/docker-compose.override.yml': 'services:\n  extra:\n    image: busybox\n',
      });
      const m = await model('app/.devcontainer.json');
      assert.equal(m.projectName, 'app');
      assert.deepEqual(m.services.map((s) => s.name), ['web']);
    });

    it("reads the repository's workflows through the run's WorkflowCache, as the compose projects of the run do", async () => {
      write(dir, {
        '.git/HEAD': 'ref: refs/heads/main\n',
        Dockerfile: 'FROM alpine:3.20\nVOLUME /pad/blob\n',
        '.github/workflows/release.yml': 'on: push\njobs:\n  image:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          tags: example/pad:latest\n',
        '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "docker-compose.yml", "service": "pad" }',
        '.devcontainer/docker-compose.yml': 'services:\n  pad:\n    image: example/pad\n',
        'compose.yaml': 'services:\n  pad:\n    image: example/pad\n',
      });
      const workflowDir = join(dir, '.github', 'workflows');
      const listed: string[] = [];
      const io = { ...diskComposeIO, list: (path: string) => (listed.push(path), diskComposeIO.list!(path)) };
      const workflows = new WorkflowCache();
      const config = join(dir, '.devcontainer/devcontainer.json');
      const { readFileSync } = await import('node:fs');
      const inContainer = await lintDevcontainerFile(readFileSync(config, 'utf8'), config, '.devcontainer/devcontainer.json', defaultSettings(), dir, io, workflows);
      const plain = await lintComposeFile(readFileSync(join(dir, 'compose.yaml'), 'utf8'), join(dir, 'compose.yaml'), 'compose.yaml', defaultSettings(), dir, io, undefined, workflows);
      for (const m of [inContainer.model!, plain.model]) {
        const image = m.services.find((s) => s.name === 'pad')!.image;
        assert.equal(image.kind === 'build' && image.link?.kind, 'workflow');
        assert.ok(m.listed.includes(workflowDir));
      }
      assert.equal(listed.filter((p) => p === workflowDir).length, 1, 'one listing for both projects');
    });

    it('an overlay of a .devcontainer folder is found from the file (the language server, a file named on the command line)', async () => {
      write(dir, {
        '.devcontainer/devcontainer.json': '{ "dockerComposeFile": ["../docker-compose.yml", "docker-compose.yml"], "service": "app" }',
        '.devcontainer/docker-compose.yml': 'services: {}\n',
        '.devcontainer/other/devcontainer.json': '{ "dockerComposeFile": ["extra.yml"], "service": "app" }',
        '.devcontainer/other/extra.yml': 'services: {}\n',
        '.devcontainer/unlisted.yml': 'services: {}\n',
        'docker-compose.yml': 'services: {}\n',
      });
      assert.equal(await devcontainerListing(join(dir, '.devcontainer/docker-compose.yml'), diskComposeIO, {}), join(dir, '.devcontainer/devcontainer.json'));
      assert.equal(await devcontainerListing(join(dir, '.devcontainer/other/extra.yml'), diskComposeIO, {}), join(dir, '.devcontainer/other/devcontainer.json'));
      assert.equal(await devcontainerListing(join(dir, '.devcontainer/unlisted.yml'), diskComposeIO, {}), null);
      assert.equal(await devcontainerListing(join(dir, 'docker-compose.yml'), diskComposeIO, {}), null, 'outside .devcontainer: a project of its own');
    });
  });
});
