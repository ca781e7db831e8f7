/**
 * The build context's ignore files against the builders (src/model/dockerignore.ts): each builder
 * builds `COPY . /ctx/` from a context holding the files and ignore files of a case, and the files
 * that reach /ctx are held against what volint's reader of the context says is in the build under
 * that builder: the CLI's (a Dockerfile at the context's root) and, for a Dockerfile in a directory
 * of the context, Compose's. Where volint says 'depends' (today's Docker or another way of starting
 * Buildah reads the path differently), the observation is pinned as it is on these versions.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { diskBuildContext, diskComposeIO } from '../../src/cli/run.js';
import { composeBuildContext } from '../../src/compose/service-settings.js';
import { buildContextFiles } from '../../src/model/context-files.js';
import type { Presence } from '../../src/model/dockerignore.js';
import type { BuildContextReader } from '../../src/model/types.js';
import { removeDir, tempDir } from '../helpers/cli.js';
import { BASE, build, ENGINES, exportFs, type EngineName } from '../helpers/engines.js';
import { withBuilders } from './gate.js';

interface IgnoreCase {
  title: string;
  /** The context's files (ignore files included), path → content. */
  files: Record<string, string>;
  /** The Dockerfile's path in the context. */
  dockerfile?: string;
  /** Paths volint says depend on the builder's version or invocation, with what each builder here does (true: in the build). */
  depends?: Record<string, Partial<Record<EngineName, boolean>>>;
}

const x = 'x\n';

const CASES: IgnoreCase[] = [
  {
    title: "the lines and patterns: comments, white space, `/` and `./`, `**`, CRLF, moby's glob translation",
    files: {
      '.dockerignore': ['  #lead', '#comment', 'trail   ', '/abs', './dot', '**/deep', 'd1/**', 'crlf\r', '*.tmp', 'q?', '{b1,b2}', '[!n]x', 'a+b', 'e\\*', 'sp ace', ' lsp', '../up', 'pre**b', ''].join('\n'),
      ...Object.fromEntries(
        ['#lead', '#comment', 'trail', 'abs', 'dot', 'deep', 'x/y/deep', 'd1/e/g', 'crlf', 't.tmp', 'sub/t.tmp', 'q1', 'q12', 'b1', '{b1,b2}', 'nx', '!x', 'mx', 'ab', 'a+b', 'e*', 'ez', 'sp ace', ' lsp', 'up', 'preXb', 'pre/a/b'].map((f) => [f, x]),
      ),
    },
    depends: { ab: { legacy: false, buildkit: false, buildah: false }, 'a+b': { legacy: true, buildkit: true, buildah: true } },
  },
  {
    title: 'exceptions: the space after `!`, directories not walked, parents matched at the pattern depth',
    files: {
      '.dockerignore': '**/foo\n!w/x/foo/keep\ne\n! e/keep\nsk\n!**/kept\ns2\n!s2/*/keep\n\uFEFF\n',
      ...Object.fromEntries(['w/x/foo/keep', 'w/x/foo/z', 'e/keep', 'e/drop', 'sk/kept', 's2/x/keep', 's2/x/o', 'other'].map((f) => [f, x])),
    },
    depends: { 'w/x/foo/z': { legacy: true, buildkit: true } },
  },
  {
    title: "the Dockerfile's own ignore file beside it at the context's root",
    files: { '.dockerignore': 'a\n', '.containerignore': 'b\n', 'Dockerfile.dockerignore': 'c\n', 'Dockerfile.containerignore': 'd\n', a: x, b: x, c: x, d: x },
  },
  {
    title: "Buildah's order without the Dockerfile's own .dockerignore: its .containerignore, then the context's .containerignore",
    files: { '.dockerignore': 'a\n', '.containerignore': 'b\n', 'Dockerfile.containerignore': 'd\n', a: x, b: x, d: x },
  },
  {
    title: 'a Dockerfile in a directory of the context, with its own ignore file beside it (built with -f and its absolute path)',
    dockerfile: 'docker/app.Dockerfile',
    files: { '.dockerignore': 'a\n', 'docker/app.Dockerfile.dockerignore': 'b\n', 'app.Dockerfile.dockerignore': 'c\n', a: x, b: x, c: x },
    // Buildah joins a relative -f path to the context directory: `-f docker/app.Dockerfile` from elsewhere misses the file.
    depends: { a: { buildah: true }, b: { buildah: false } },
  },
];

/** The files under /ctx of an image, relative to it. */
function copied(engine: EngineName, image: string): Set<string> {
  const fs = exportFs(engine, image);
  return new Set(Object.keys(fs).filter((p) => p.startsWith('/ctx/') && fs[p]!.type === 'f').map((p) => p.slice('/ctx/'.length)));
}

/** volint's answer for every file of the case under one builder. */
async function volint(c: IgnoreCase, engine: EngineName): Promise<Map<string, Presence>> {
  const dir = tempDir('volint-bt-ignore-');
  try {
    for (const [path, content] of Object.entries(c.files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const reader: BuildContextReader = c.dockerfile ? composeBuildContext(diskComposeIO, dir, join(dir, c.dockerfile)) : diskBuildContext(dir, undefined, 'Dockerfile');
    const ignore = await buildContextFiles(reader, engine).dockerignore();
    return new Map(Object.keys(c.files).map((path) => [path, ignore.presence(path)]));
  } finally {
    removeDir(dir);
  }
}

withBuilders('builders: the build context the ignore files leave (.dockerignore, <Dockerfile>.dockerignore, .containerignore)', () => {
  for (const c of CASES) {
    for (const engine of ENGINES) {
      it(`${engine}: ${c.title}`, async () => {
        const result = build(engine, `FROM ${BASE}\nCOPY . /ctx/\n`, { files: c.files, ...(c.dockerfile ? { dockerfile: c.dockerfile } : {}) });
        assert.ok(result.ok, result.log);
        const observed = copied(engine, result.image);
        const presences = await volint(c, engine);
        for (const [path, presence] of presences) {
          const pinned = c.depends?.[path]?.[engine];
          if (pinned !== undefined) {
            assert.equal(presence, 'depends', `${path}: volint says ${presence}`);
            assert.equal(observed.has(path), pinned, `${path}: ${engine} ${observed.has(path) ? 'copies' : 'leaves out'} it`);
          } else {
            assert.equal(presence, observed.has(path) ? 'in' : 'out', `${path}: ${engine} ${observed.has(path) ? 'copies' : 'leaves out'} it, volint says ${presence}`);
          }
        }
      });
    }
  }
});
