/**
 * A file of the sources that a RUN step changes only as git already keeps it (src/compose/kept-in-git.ts): LF line
 * endings that `.gitattributes` gives it, an execute bit the host's copy has.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskComposeIO } from '../src/cli/run.js';
import { lineEndingsKeptLf } from '../src/compose/kept-in-git.js';
import { removeDir, tempDir } from './helpers/cli.js';

describe('files git keeps as a RUN step makes them', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempDir('volint-kept-in-git-');
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'docker', 'app'), { recursive: true });
    writeFileSync(join(dir, 'docker', 'app', 'entrypoint.sh'), '#!/bin/sh\nexec "$@"\n');
    chmodSync(join(dir, 'docker', 'app', 'entrypoint.sh'), 0o755);
  });
  afterEach(() => removeDir(dir));

  const kept = (): Promise<boolean> => lineEndingsKeptLf(join(dir, 'docker', 'app', 'entrypoint.sh'), diskComposeIO);

  it('reads eol=lf from a .gitattributes above the file, by a pattern without a slash matching the name at any depth', async () => {
    assert.equal(await kept(), false);
    writeFileSync(join(dir, '.gitattributes'), '# scripts\n*.sh text eol=lf\n');
    assert.equal(await kept(), true);
    writeFileSync(join(dir, '.gitattributes'), '* text=auto\n');
    assert.equal(await kept(), false, 'text=auto alone converts to CRLF on a Windows checkout with core.autocrlf');
  });

  it('takes the last matching line, the deepest file first, and a pattern with a slash from its own folder', async () => {
    writeFileSync(join(dir, '.gitattributes'), '*.sh text eol=lf\ndocker/app/entrypoint.sh -text\n');
    assert.equal(await kept(), false);
    writeFileSync(join(dir, '.gitattributes'), '*.sh eol=crlf\n/docker/app/*.sh text eol=lf\n');
    assert.equal(await kept(), true);
    writeFileSync(join(dir, 'docker', '.gitattributes'), 'app/entrypoint.sh binary\n');
    assert.equal(await kept(), false);
  });

  it('reads no .gitattributes above the repository root', async () => {
    // The repository is docker/ (its own .git); the .gitattributes of the folder above belongs to no checkout of it.
    mkdirSync(join(dir, 'docker', '.git'));
    writeFileSync(join(dir, '.gitattributes'), '*.sh text eol=lf\n');
    assert.equal(await kept(), false);
    writeFileSync(join(dir, 'docker', '.gitattributes'), '*.sh text eol=lf\n');
    assert.equal(await kept(), true);
  });
});
