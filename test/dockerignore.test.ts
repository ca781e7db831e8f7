/**
 * The build context's ignore files as the builders read them (src/model/dockerignore.ts). Every
 * expectation here was observed on dockerd 20.10 (legacy builder and BuildKit) and Buildah 1.28 with
 * `COPY . /ctx/` (test/builders/dockerignore.test.ts holds the same cases against the builders);
 * 'depends' marks a path today's Docker reads differently from those versions.
 */
import assert from 'node:assert/strict';
import { Dockerignore, type Presence } from '../src/model/dockerignore.js';
import type { BuilderSetting } from '../src/model/types.js';

async function presences(files: Record<string, string>, paths: string[], builder: BuilderSetting, dockerfileAtRoot = true): Promise<Record<string, Presence>> {
  const ignore = await Dockerignore.read(
    {
      context: async (name) => files[name] ?? null,
      besideDockerfile: async (suffix) => files[`Dockerfile${suffix}`] ?? null,
      dockerfileAtRoot,
    },
    builder,
  );
  return Object.fromEntries(paths.map((p) => [p, ignore.presence(p)]));
}

describe('dockerignore: the lines and patterns as the builders read them', () => {
  const text = ['  #lead', '#comment', 'trail   ', '/abs', './dot', '**/deep', 'd1/**', 'crlf\r', '*.tmp', 'q?', '{b1,b2}', '[!n]x', 'a+b', 'e\\*', 'sp ace', ' lsp', '../up', 'pre**b', ''].join('\n');
  const expected: Record<string, Presence> = {
    '#lead': 'out',
    '#comment': 'in',
    trail: 'out',
    abs: 'out',
    dot: 'out',
    deep: 'out',
    'x/y/deep': 'out',
    'd1/e/g': 'out',
    crlf: 'out',
    't.tmp': 'out',
    'sub/t.tmp': 'in',
    q1: 'out',
    q12: 'in',
    b1: 'in',
    '{b1,b2}': 'out',
    nx: 'out',
    '!x': 'out',
    mx: 'in',
    ab: 'depends',
    'a+b': 'depends',
    'e*': 'out',
    ez: 'in',
    'sp ace': 'out',
    ' lsp': 'in',
    up: 'in',
    preXb: 'in',
    'pre/a/b': 'out',
  };
  for (const builder of ['legacy', 'buildkit', 'buildah'] as const) {
    it(`${builder}: comments only at the start of a line, trimmed patterns, cleaned paths, moby's translation of the glob`, async () => {
      assert.deepEqual(await presences({ '.dockerignore': text }, Object.keys(expected), builder), expected);
    });
  }

  it("exceptions: Docker trims the space after `!`, Buildah does not; a directory no exception names a path in is not walked; Docker 20.10 matches parents only at the pattern's depth", async () => {
    const text = '**/foo\n!w/x/foo/keep\ne\n! e/keep\nsk\n!**/kept\ns2\n!s2/*/keep\n';
    const paths = ['w/x/foo/keep', 'w/x/foo/z', 'e/keep', 'e/drop', 'sk/kept', 's2/x/keep'];
    assert.deepEqual(await presences({ '.dockerignore': text }, paths, 'legacy'), {
      'w/x/foo/keep': 'in',
      'w/x/foo/z': 'depends',
      'e/keep': 'in',
      'e/drop': 'out',
      'sk/kept': 'out',
      's2/x/keep': 'out',
    });
    assert.deepEqual(await presences({ '.dockerignore': text }, paths, 'buildah'), {
      'w/x/foo/keep': 'in',
      'w/x/foo/z': 'out',
      'e/keep': 'out',
      'e/drop': 'out',
      'sk/kept': 'out',
      's2/x/keep': 'out',
    });
    assert.equal((await presences({ '.dockerignore': text }, ['e/keep'], 'any'))['e/keep'], 'depends');
  });

  it('a pattern the build refuses (a lone `!`, an unclosed `[`) or volint does not translate makes every path depend', async () => {
    for (const text of ['a\n!\n', 'x[\n', 'x\\d\n']) {
      assert.deepEqual(await presences({ '.dockerignore': text }, ['b'], 'legacy'), { b: 'depends' }, text);
    }
  });
});

describe('dockerignore: which file each builder reads', () => {
  const files = { '.dockerignore': 'a\n', '.containerignore': 'b\n', 'Dockerfile.dockerignore': 'c\n', 'Dockerfile.containerignore': 'd\n' };
  const paths = ['a', 'b', 'c', 'd'];

  it("legacy: the context's .dockerignore only", async () => {
    assert.deepEqual(await presences(files, paths, 'legacy'), { a: 'out', b: 'in', c: 'in', d: 'in' });
  });

  it("BuildKit and Kaniko: the Dockerfile's own .dockerignore first, else the context's", async () => {
    for (const builder of ['buildkit', 'kaniko'] as const) {
      assert.deepEqual(await presences(files, paths, builder), { a: 'in', b: 'in', c: 'out', d: 'in' });
      assert.deepEqual(await presences({ '.dockerignore': 'a\n' }, paths, builder), { a: 'out', b: 'in', c: 'in', d: 'in' });
    }
  });

  it("Buildah: the Dockerfile's own .dockerignore, its .containerignore, the context's .containerignore, its .dockerignore", async () => {
    const { 'Dockerfile.dockerignore': _c, ...withoutOwnDockerignore } = files;
    const { 'Dockerfile.containerignore': _d, ...contextOnly } = withoutOwnDockerignore;
    assert.deepEqual(await presences(files, paths, 'buildah'), { a: 'in', b: 'in', c: 'out', d: 'in' });
    assert.deepEqual(await presences(withoutOwnDockerignore, paths, 'buildah'), { a: 'in', b: 'in', c: 'in', d: 'out' });
    assert.deepEqual(await presences(contextOnly, paths, 'buildah'), { a: 'in', b: 'out', c: 'in', d: 'in' });
  });

  it('Buildah with a Dockerfile away from the context root: which file depends on how -f is written', async () => {
    assert.deepEqual(await presences({ '.dockerignore': 'a\n', 'Dockerfile.dockerignore': 'c\n' }, ['a', 'c'], 'buildah', false), { a: 'depends', c: 'depends' });
  });

  it('all builders: a path the files they read disagree on depends on the builder', async () => {
    assert.deepEqual(await presences(files, paths, 'any'), { a: 'depends', b: 'in', c: 'depends', d: 'in' });
  });
});
