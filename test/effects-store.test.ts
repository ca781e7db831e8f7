/**
 * The RUN analysis's results kept on disk between runs of the command line
 * (src/model/shell/effects-store.ts): what a run reads back is what it would have analysed; a
 * script kept there needs no tree-sitter, one that is not still loads it; a file that is damaged,
 * of another format or of another key is not used; a run writes a bounded number of files and the
 * folder keeps a bounded number; another build or another tree-sitter gets its own folder and the
 * old ones go; through the built CLI, the output is the same with and without the store.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiskEffectsStore, effectsFolder, type StoredAnalysis } from '../src/model/shell/effects-store.js';
import { loadShellAnalyzer } from '../src/model/shell/index.js';
import type { ShellContext } from '../src/model/shell-types.js';
import { BUILT, removeDir, runCli, tempDir } from './helpers/cli.js';
import { sharedCorpusFiles } from './helpers/shared-corpus.js';
import { fixtureRunScripts, runScripts } from './helpers/shell-scripts.js';

const NEEDS_TREE_SITTER = 'case "$(uname -m)" in (*) for d in a b; do mkdir -p "$DATA/$d"; done ;; esac && chown app "$DATA"';

const analysis = (lookups: StoredAnalysis['lookups'], path: string): StoredAnalysis => ({
  lookups,
  effects: [{ kind: 'mkdir', path, recursive: false, certainty: 'certain', command: 'mkdir', start: 0, end: 5 }],
});

describe('the RUN analysis results kept between runs', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => {
    dir = tempDir('volint-effects-');
  });
  afterEach(() => removeDir(dir));

  it('reads back what a run kept, with unset variables as unset', () => {
    const folder = join(dir, 'store');
    const first = new DiskEffectsStore(folder);
    assert.equal(first.get('k1'), undefined);
    first.put('k1', [analysis([['A', '/a'], ['B', undefined]], '/a/x')]);
    first.flush();
    const second = new DiskEffectsStore(folder);
    assert.deepEqual(second.get('k1'), [analysis([['A', '/a'], ['B', undefined]], '/a/x')]);
    assert.equal(second.get('k2'), undefined);
    // Nothing was listed at the first look-up of a folder that did not exist yet; a new store sees the files.
    assert.equal(readdirSync(folder).length, 1);
  });

  it('does not use a file that is damaged, of another format or of another key', () => {
    const folder = join(dir, 'store');
    const store = new DiskEffectsStore(folder);
    store.put('key', [analysis([], '/a')]);
    store.flush();
    const [name] = readdirSync(folder);
    const file = join(folder, name!);
    const good = readFileSync(file, 'utf8');
    const bad = [
      '',
      good.slice(0, good.length >> 1),
      'null',
      good.replace('"format":1', '"format":2'),
      good.replace('"key":"key"', '"key":"kez"'),
      good.replace('"lookups":[]', '"lookups":7'),
    ];
    for (const text of bad) {
      writeFileSync(file, text);
      assert.equal(new DiskEffectsStore(folder).get('key'), undefined, text.slice(0, 80));
    }
    writeFileSync(file, good);
    assert.deepEqual(new DiskEffectsStore(folder).get('key'), [analysis([], '/a')]);
  });

  it('writes at most so many new files per run, and keeps at most so many in the folder (the oldest go)', () => {
    const folder = join(dir, 'store');
    const store = new DiskEffectsStore(folder, { writes: 3, files: 5 });
    for (let i = 0; i < 10; i++) store.put(`k${i}`, [analysis([], `/d${i}`)]);
    // A key already pending is updated, not refused.
    store.put('k0', [analysis([], '/d0'), analysis([['X', '1']], '/d0/1')]);
    store.flush();
    assert.equal(readdirSync(folder).length, 3);
    assert.equal(new DiskEffectsStore(folder).get('k0')?.length, 2);
    const old = Date.now() / 1000 - 3600;
    for (const name of readdirSync(folder)) utimesSync(join(folder, name), old, old);
    const next = new DiskEffectsStore(folder, { writes: 3, files: 5 });
    for (let i = 10; i < 13; i++) next.put(`k${i}`, [analysis([], `/d${i}`)]);
    next.flush();
    const later = new DiskEffectsStore(folder);
    assert.equal(readdirSync(folder).length, 5);
    for (let i = 10; i < 13; i++) assert.ok(later.get(`k${i}`), `k${i} (new) is kept`);
    assert.equal(['k0', 'k1', 'k2'].filter((k) => later.get(k)).length, 2, 'one of the oldest went');
  });

  it('has a folder per checkout, build and grammar; a new one removes the old ones of its checkout only', () => {
    const grammar = join(dir, 'grammar.wasm');
    writeFileSync(grammar, 'v1');
    const cache = { dir, location: 'aaaa', build: 'volint.js-1' };
    const one = effectsFolder(cache, grammar)!;
    assert.notEqual(effectsFolder({ ...cache, build: 'volint.js-2' }, grammar), one);
    const theirs = effectsFolder({ ...cache, location: 'bbbb' }, grammar)!;
    assert.equal(effectsFolder(cache, join(dir, 'missing.wasm')), null);
    for (const folder of [one, theirs]) {
      const store = new DiskEffectsStore(folder);
      store.put('k', [analysis([], '/a')]);
      store.flush();
    }
    writeFileSync(grammar, 'version 2');
    const two = effectsFolder(cache, grammar)!;
    assert.notEqual(two, one, 'another grammar, another folder');
    const store = new DiskEffectsStore(two);
    assert.equal(store.get('k'), undefined);
    store.put('k', [analysis([], '/b')]);
    store.flush();
    assert.ok(!existsSync(one), "this checkout's old folder is gone");
    assert.ok(existsSync(theirs), "another checkout's folder stays");
  });

  it('an analyzer reading the kept results finds what an analysis finds, on every fixture and real RUN script in three contexts', async () => {
    const folder = join(dir, 'store');
    const limits = { writes: 1_000_000, files: 1_000_000 };
    const real = sharedCorpusFiles() ?? [];
    const scripts = [...new Set([...fixtureRunScripts(), ...real.flatMap((file) => runScripts(readFileSync(file, 'utf8')))])];
    const contexts = (): ShellContext[] => [
      { cwd: '/', lookup: () => undefined },
      { cwd: '/var/lib/postgresql', lookup: (n) => ({ PGDATA: '/var/lib/postgresql/data', PG_MAJOR: '17' })[n], home: '/root' },
      { cwd: '/app', lookup: (n) => ({ APP_HOME: '/srv/app', DATA: '/data' })[n] },
    ];
    const writer = new DiskEffectsStore(folder, limits);
    const writing = await loadShellAnalyzer({ effectsStore: writer });
    for (const script of scripts) for (const context of contexts()) writing.analyzeScript(script, context);
    writer.flush();
    const reader = new DiskEffectsStore(folder, limits);
    let served = 0;
    const get = reader.get.bind(reader);
    reader.get = (key) => {
      const found = get(key);
      if (found) served++;
      return found;
    };
    const reading = await loadShellAnalyzer({ effectsStore: reader });
    const plain = await loadShellAnalyzer({ effectsMemoChars: 0 });
    for (const script of scripts) {
      const a = contexts();
      const b = contexts();
      for (let i = 0; i < a.length; i++) {
        assert.equal(JSON.stringify(reading.analyzeScript(script, a[i]!)), JSON.stringify(plain.analyzeScript(script, b[i]!)), JSON.stringify(script.slice(0, 200)));
      }
    }
    assert.ok(scripts.length > 50 && served >= scripts.length, `${served} keys of ${scripts.length} scripts read back`);
  });

  it('a script kept there needs no tree-sitter; one that is not still loads it, and both find their effects', () => {
    const folder = join(dir, 'store');
    const built = (path: string): string => JSON.stringify(new URL(`../${path}`, import.meta.url).href);
    const child = join(dir, 'child.mjs');
    writeFileSync(
      child,
      `import { createRequire } from 'node:module';
import { DiskEffectsStore } from ${built('src/model/shell/effects-store.js')};
import { loadShellAnalyzer } from ${built('src/model/shell/index.js')};
const store = new DiskEffectsStore(${JSON.stringify(folder)});
const analyzer = await loadShellAnalyzer({ lazy: true, effectsStore: store });
const context = { cwd: '/', lookup: (n) => (n === 'DATA' ? process.argv[2] : undefined) };
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((key) => key.includes('tree-sitter-wasm'));
let effects;
try {
  effects = analyzer.analyzeScript(${JSON.stringify(NEEDS_TREE_SITTER)}, context);
} catch (error) {
  await error.load();
  effects = analyzer.analyzeScript(${JSON.stringify(NEEDS_TREE_SITTER)}, context);
}
store.flush();
process.stdout.write(JSON.stringify({ effects: effects.map((e) => e.kind + ' ' + e.path), treeSitterLoaded: loaded() }));
`,
    );
    const run = (data: string): { effects: string[]; treeSitterLoaded: boolean } =>
      JSON.parse(execFileSync(process.execPath, [child, data], { encoding: 'utf8' })) as { effects: string[]; treeSitterLoaded: boolean };
    const expected = ['mkdir /data/a', 'mkdir /data/b', 'chown /data'];
    const first = run('/data');
    assert.deepEqual(first, { effects: expected, treeSitterLoaded: true });
    const second = run('/data');
    assert.deepEqual(second, { effects: expected, treeSitterLoaded: false }, 'read back, tree-sitter not loaded');
    const other = run('/srv');
    assert.deepEqual(other, { effects: ['mkdir /srv/a', 'mkdir /srv/b', 'chown /srv'], treeSitterLoaded: true }, 'another value of DATA: analysed');
  });

  it('through the built CLI: kept for a run on a few named files or standard input, not for a directory; read back; the output the same as without it', function () {
    if (!BUILT) this.skip();
    const cache = join(dir, 'cache');
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'Dockerfile'), `FROM debian:bookworm-slim\nENV DATA /srv/data\nVOLUME /srv/data\nRUN ${NEEDS_TREE_SITTER}\nRUN mkdir -p /srv/data/x && touch /srv/data/y\n`);
    const lint = (env: NodeJS.ProcessEnv) => runCli(['--format', 'json', 'Dockerfile'], { cwd: project, env });
    const reference = lint({ VOLINT_COMPILE_CACHE: '0' });
    assert.ok((JSON.parse(reference.stdout) as { files: Array<{ findings: unknown[] }> }).files[0]!.findings.length >= 2, reference.stdout);
    assert.ok(!existsSync(cache));
    const folders = (): string[] => (existsSync(cache) ? readdirSync(cache).filter((f) => f.startsWith('run-effects-')) : []);
    // A run over a directory (or more than a few files) keeps nothing: only the code cache is written.
    const overDirectory = runCli(['--format', 'json', '.'], { cwd: project, env: { VOLINT_COMPILE_CACHE: cache } });
    assert.equal(overDirectory.stdout, reference.stdout);
    assert.ok(existsSync(cache), 'the code cache was written');
    assert.deepEqual(folders(), []);
    const many = Array.from({ length: 17 }, () => 'Dockerfile');
    runCli(['--format', 'json', ...many], { cwd: project, env: { VOLINT_COMPILE_CACHE: cache } });
    assert.deepEqual(folders(), []);
    // Standard input is one document.
    const fromStdin = runCli(['--format', 'json', '--stdin', '--stdin-filename', 'Dockerfile'], { cwd: project, input: readFileSync(join(project, 'Dockerfile')), env: { VOLINT_COMPILE_CACHE: cache } });
    assert.equal(fromStdin.stdout, reference.stdout);
    assert.equal(folders().length, 1);
    removeDir(join(cache, folders()[0]!));
    const first = lint({ VOLINT_COMPILE_CACHE: cache });
    assert.equal(first.stdout, reference.stdout);
    assert.equal(folders().length, 1);
    const folder = join(cache, folders()[0]!);
    const files = readdirSync(folder);
    assert.equal(files.length, 2, 'one file per RUN script');
    const written = files.map((name) => statSync(join(folder, name)).mtimeMs);
    const second = lint({ VOLINT_COMPILE_CACHE: cache });
    assert.equal(second.stdout, reference.stdout);
    assert.equal(second.stderr, '');
    assert.deepEqual(files.map((name) => statSync(join(folder, name)).mtimeMs), written, 'read back, not written again');
    for (const name of files) writeFileSync(join(folder, name), '{"damaged');
    const damaged = lint({ VOLINT_COMPILE_CACHE: cache });
    assert.equal(damaged.stdout, reference.stdout);
    assert.equal(damaged.code, reference.code);
  });
});
