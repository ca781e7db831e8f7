/**
 * What a COPY or ADD of the build context brings at a volume's path, read in the context on the disk
 * (src/model/context-files.ts, stage.contextCopies): the files after .dockerignore and its `!`
 * exceptions, placeholders told apart, and when volint does not read the context at all.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { diskBuildContext } from '../src/cli/run.js';
import type { ContextCopy } from '../src/model/types.js';
import { describeModel, modelToJson } from '../src/report/model.js';
import { lint } from './helpers/lint.js';

/** The contextCopies of the target stage, as [copy line, path, source, brings, files]. */
async function contextCopies(dockerfile: string, files: Record<string, string>): Promise<Array<[number, string, string | null, boolean, string[]]>> {
  const dir = mkdtempSync(join(tmpdir(), 'volint-context-copies-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      if (path.endsWith('/')) {
        mkdirSync(join(dir, path), { recursive: true });
        continue;
      }
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const result = await lint(dockerfile, join(dir, 'Dockerfile'), { buildContext: diskBuildContext(dir) });
    assert.ok(result.model.target);
    return result.model.target.contextCopies.map((c: ContextCopy) => [c.copy.instruction.range.start.line + 1, c.path, c.source, c.brings, c.files]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PHP = 'FROM php:8.3-fpm-alpine\nCOPY docker/php.ini /usr/local/etc/php/conf.d/app.ini\nWORKDIR /var/www/html\nCOPY . .\nVOLUME /var/www/html/storage/config\n';
const INI = { 'docker/php.ini': 'memory_limit = 256M\n' };

/** A build context for PHP on the disk, its storage/config holding a .gitkeep (the caller removes it). */
function phpContext(): string {
  const dir = mkdtempSync(join(tmpdir(), 'volint-context-copies-'));
  mkdirSync(join(dir, 'docker'));
  mkdirSync(join(dir, 'storage/config'), { recursive: true });
  writeFileSync(join(dir, 'docker/php.ini'), INI['docker/php.ini']);
  writeFileSync(join(dir, 'storage/config/.gitkeep'), '');
  return dir;
}

describe('model: what a COPY of the build context brings at a volume path', () => {
  it('keep files and empty files are placeholders; another file is named', async () => {
    const placeholders = { ...INI, 'storage/config/.gitkeep': '', 'storage/config/.keep': 'keep', 'storage/config/.gitignore': '*\n', 'storage/config/installed': '', 'storage/config/blank': ' \n' };
    assert.deepEqual(await contextCopies(PHP, placeholders), [[4, '/var/www/html/storage/config', 'storage/config', true, []]]);
    assert.deepEqual(await contextCopies(PHP, { ...placeholders, 'storage/config/sub/settings.php': '<?php\n' }), [[4, '/var/www/html/storage/config', 'storage/config', true, ['storage/config/sub/settings.php']]]);
    assert.deepEqual(await contextCopies(PHP, { ...INI, 'storage/config/': '' }), [[4, '/var/www/html/storage/config', 'storage/config', true, []]], 'an empty directory');
    assert.deepEqual(await contextCopies(PHP, { ...INI, 'index.php': '<?php\n' }), [[4, '/var/www/html/storage/config', null, false, []]], 'nothing there');
  });

  it('a README beside keep files explains the kept directory and is no content; alone, it is a file like any other', async () => {
    // NodeBB's build/ holds build/.gitignore, build/export/.gitignore and build/export/README (what the program writes there at run time).
    const kept = { ...INI, 'storage/config/.gitignore': '*\n!export\n', 'storage/config/export/.gitignore': '.\n!README\n', 'storage/config/export/README': 'Archives prepared on demand.\n' };
    assert.deepEqual(await contextCopies(PHP, kept), [[4, '/var/www/html/storage/config', 'storage/config', true, []]]);
    assert.deepEqual(await contextCopies(PHP, { ...INI, 'storage/config/README.md': '# Config\n' }), [[4, '/var/www/html/storage/config', 'storage/config', true, ['storage/config/README.md']]]);
    assert.deepEqual(await contextCopies(PHP, { ...kept, 'storage/config/app.php': '<?php\n' }), [[4, '/var/www/html/storage/config', 'storage/config', true, ['storage/config/app.php']]], 'a file beside them is content');
  });

  it('follows .dockerignore: an excluded directory brings only what a `!` exception takes back in', async () => {
    const both = { ...INI, 'storage/config/.gitkeep': '', 'storage/config/settings.php': '<?php\n' };
    const copies = (dockerignore: string) => contextCopies(PHP, { ...both, '.dockerignore': dockerignore });
    assert.deepEqual(await copies('storage/config/*\n!storage/config/.gitkeep\n'), [[4, '/var/www/html/storage/config', 'storage/config', true, []]]);
    assert.deepEqual(await copies('storage\n'), [[4, '/var/www/html/storage/config', null, false, []]]);
    assert.deepEqual(await copies('storage\n!storage/config/settings.php\n'), [[4, '/var/www/html/storage/config', 'storage/config', true, ['storage/config/settings.php']]]);
    assert.deepEqual(await copies('storage\n!README.md\n'), [[4, '/var/www/html/storage/config', null, false, []]]);
  });

  it('a copy that lands inside the volume brings all it copies; a file source copied above it is not placed', async () => {
    const inside = 'FROM alpine:3.20\nCOPY conf/ /etc/app/conf/\nCOPY app.conf /etc/app/\nVOLUME /etc/app\n';
    assert.deepEqual(await contextCopies(inside, { 'conf/.gitkeep': '', 'app.conf': 'a = 1\n' }), [
      [2, '/etc/app', null, true, []],
      [3, '/etc/app', null, true, ['app.conf']],
    ]);
    const above = 'FROM alpine:3.20\nCOPY app.conf /etc/\nVOLUME /etc/app\n';
    assert.deepEqual(await contextCopies(above, { 'app.conf': 'a = 1\n' }), [], 'where the file lands depends on the destination');
  });

  it('is not read where the directory is not the build context: a source named by the build missing or left out, or no name and no .dockerignore', async () => {
    const files = { 'storage/config/.gitkeep': '' };
    assert.deepEqual(await contextCopies(PHP, files), [], 'docker/php.ini is not here');
    assert.deepEqual(await contextCopies(PHP, { ...files, ...INI, '.dockerignore': 'docker\n' }), [], 'the named source is left out');
    const whole = 'FROM php:8.3-fpm-alpine\nWORKDIR /var/www/html\nCOPY . .\nVOLUME /var/www/html/storage/config\n';
    assert.deepEqual(await contextCopies(whole, files), [], 'only the context root is named');
    assert.deepEqual(await contextCopies(whole, { ...files, '.dockerignore': '.git\n' }), [[3, '/var/www/html/storage/config', 'storage/config', true, []]]);
  });

  it('does not read a source it cannot place (a wildcard, COPY --from) or a tree larger than it looks at', async () => {
    assert.deepEqual(await contextCopies('FROM alpine:3.20\nCOPY app.conf /etc/\nCOPY conf* /etc/app/\nVOLUME /etc/app\n', { 'app.conf': 'a\n', 'conf.d/x': 'x\n' }), []);
    const many: Record<string, string> = { ...INI };
    for (let i = 0; i < 210; i++) many[`storage/config/${String(i).padStart(3, '0')}.keep`] = '';
    assert.deepEqual(await contextCopies(PHP, many), [], 'more than 200 entries and no file found');
    assert.deepEqual(await contextCopies(PHP, { ...many, 'storage/config/000-settings.php': '<?php\n' }), [[4, '/var/www/html/storage/config', 'storage/config', true, ['storage/config/000-settings.php']]]);
  });

  it('volint model prints what each COPY brings at a volume path, in text and JSON', async () => {
    const dir = phpContext();
    try {
      const { model } = await lint(PHP, join(dir, 'Dockerfile'), { buildContext: diskBuildContext(dir) });
      assert.match(describeModel(model), /\n {2}COPY at line 4 brings only placeholders \(keep files, empty files\) from the build context at \/var\/www\/html\/storage\/config, read by volint\n/);
      const json = modelToJson(model) as { stages: Array<{ contextCopies: unknown[] }> };
      assert.deepEqual(json.stages[0]?.contextCopies, [{ line: 4, command: 'COPY', volume: '/var/www/html/storage/config', source: 'storage/config', brings: true, files: [] }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('VOL006 reports configuration the context brings and not a directory it fills with placeholders', async () => {
    const dir = phpContext();
    try {
      const vol006 = async () => (await lint(PHP, join(dir, 'Dockerfile'), { buildContext: diskBuildContext(dir) })).findings.filter((f) => f.ruleId === 'VOL006');
      assert.deepEqual(await vol006(), []);
      writeFileSync(join(dir, 'storage/config/settings.php'), '<?php\n');
      const [finding] = await vol006();
      assert.equal(finding?.message, "VOLUME /var/www/html/storage/config is over configuration that the image ships (filled by COPY at line 4); containers that reuse the volume keep the first image's configuration.");
      assert.match(finding?.explanation?.[0] ?? '', /COPY at line 4 \(storage\/config\/settings\.php of the build context\)/);
      // Without the context, the COPY of the whole context may fill it.
      const alone = (await lint(PHP)).findings.filter((f) => f.ruleId === 'VOL006');
      assert.match(alone[0]?.message ?? '', /COPY of the build context at line 4 may fill it/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
