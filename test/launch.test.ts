/**
 * The start-up with a V8 code cache (src/launch.ts, run by bin/volint.js): where the cache goes,
 * and, end to end, that a run writes it, the next run uses it without rewriting it, a damaged or
 * foreign cache is replaced without changing what volint prints, and a cache that cannot be
 * written or is turned off changes nothing.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { Script } from 'node:vm';
import { cacheFileName, compileCacheDir, grew, isPrivate, locationKey, readCache, runKind } from '../src/launch.js';
import { restoreV8Flags, setV8Flags } from '../src/util/v8-flags.js';
import { BUILT, REPO, removeDir, runCli, tempDir } from './helpers/cli.js';

describe('launch: the code cache directory', () => {
  const home = (): string => '/home/ada';

  it('follows the platform convention for user caches', () => {
    assert.equal(compileCacheDir({}, 'linux', home), '/home/ada/.cache/volint');
    assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', home), '/var/cache/ada/volint');
    // XDG says a relative path is to be ignored.
    assert.equal(compileCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', home), '/home/ada/.cache/volint');
    assert.equal(compileCacheDir({}, 'darwin', home), '/home/ada/Library/Caches/volint');
    assert.equal(compileCacheDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', home)?.endsWith('volint/Cache') ||
      compileCacheDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', home)?.endsWith('volint\\Cache'), true);
    assert.equal(compileCacheDir({}, 'win32', home), null);
  });

  it('VOLINT_COMPILE_CACHE names another directory or turns the cache off', () => {
    assert.equal(compileCacheDir({ VOLINT_COMPILE_CACHE: '/tmp/vc' }, 'linux', home), '/tmp/vc');
    for (const off of ['0', 'false', 'off', 'OFF', '']) assert.equal(compileCacheDir({ VOLINT_COMPILE_CACHE: off }, 'linux', home), null, off);
  });

  it("takes the user's home directory as os.homedir() gives it (HOME first, without loading node:os)", () => {
    if (process.platform === 'win32') return;
    const saved = process.env.HOME;
    try {
      assert.equal(compileCacheDir({}, 'linux'), join(homedir(), '.cache', 'volint'));
      process.env.HOME = '/home/someone-else';
      assert.equal(compileCacheDir({}, 'linux'), '/home/someone-else/.cache/volint');
      assert.equal(compileCacheDir({}, 'linux'), join(homedir(), '.cache', 'volint'));
      delete process.env.HOME;
      // Then libuv asks the password database, and so does the cache directory.
      assert.equal(compileCacheDir({}, 'linux'), homedir() ? join(homedir(), '.cache', 'volint') : null);
    } finally {
      if (saved === undefined) delete process.env.HOME;
      else process.env.HOME = saved;
    }
  });

  it('is off when there is no home directory to put it in', () => {
    assert.equal(compileCacheDir({}, 'linux', () => ''), null);
    assert.equal(compileCacheDir({}, 'linux', () => { throw new Error('no passwd entry'); }), null);
  });

  describe('isPrivate: only a directory of the user, closed to others, holds code that will run', () => {
    let dir: string;
    beforeEach(function () {
      if (process.platform === 'win32') this.skip();
      dir = tempDir();
    });
    afterEach(() => {
      if (dir) removeDir(dir);
    });

    it('accepts the user\'s own 0700 or 0755 directory, and one that does not exist yet', () => {
      const own = join(dir, 'own');
      mkdirSync(own, { mode: 0o700 });
      assert.equal(isPrivate(own), true);
      chmodSync(own, 0o755);
      assert.equal(isPrivate(own), true);
      assert.equal(isPrivate(join(dir, 'not-yet')), true);
    });

    it('refuses a group- or world-writable directory, a file, and a path below a file', () => {
      const open = join(dir, 'open');
      mkdirSync(open);
      for (const mode of [0o777, 0o775, 0o757, 0o1777]) {
        chmodSync(open, mode);
        assert.equal(isPrivate(open), false, mode.toString(8));
      }
      writeFileSync(join(dir, 'file'), 'x');
      assert.equal(isPrivate(join(dir, 'file')), false);
      assert.equal(isPrivate(join(dir, 'file', 'below')), false);
    });

    it("refuses another user's directory", function () {
      if (process.getuid?.() !== 0) this.skip(); // only root can give a directory away
      const theirs = join(dir, 'theirs');
      mkdirSync(theirs, { mode: 0o700 });
      chownSync(theirs, 65534, 65534);
      assert.equal(isPrivate(theirs), false);
    });
  });

  it('names a cache by bundle, location, content hash, Node version and architecture', () => {
    assert.equal(cacheFileName('volint.js', '0011223344556677', 'abc123'), `volint.js-0011223344556677-abc123-${process.version}-${process.arch}.v8cache`);
    assert.match(locationKey('/home/ada/volint/dist/volint.js'), /^[0-9a-f]{16}$/);
    assert.notEqual(locationKey('/home/ada/volint/dist/volint.js'), locationKey('/home/ada/volint-2/dist/volint.js'));
  });
});

describe('launch: which cache a run takes, and when it is rewritten', () => {
  it('a run on a few named files or standard input takes the files cache; a directory, a glob or many files the tree cache', () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir, 'svc'));
      for (let i = 0; i < 20; i++) writeFileSync(join(dir, `Dockerfile.${i}`), 'FROM scratch\n');
      assert.equal(runKind(['Dockerfile.1'], dir), 'files');
      assert.equal(runKind(['-f', 'json', 'Dockerfile.1', '--no-config'], dir), 'files');
      assert.equal(runKind([join(dir, 'Dockerfile.1'), 'Dockerfile.2'], '/'), 'files');
      assert.equal(runKind(['--stdin', '--stdin-filename', 'Dockerfile'], dir), 'files');
      assert.equal(runKind(['-'], dir), 'files');
      assert.equal(runKind(['model', 'Dockerfile.3'], dir), 'files');
      assert.equal(runKind(Array.from({ length: 16 }, (_, i) => `Dockerfile.${i}`), dir), 'files');
      assert.equal(runKind(Array.from({ length: 17 }, (_, i) => `Dockerfile.${i}`), dir), 'tree');
      assert.equal(runKind(['Dockerfile.1', 'svc'], dir), 'tree');
      assert.equal(runKind(['.'], dir), 'tree');
      // No path: `volint` lints the working directory; `-f json` names no file.
      assert.equal(runKind([], dir), 'tree');
      assert.equal(runKind(['-f', 'json'], dir), 'tree');
      assert.equal(runKind(['svc/*/Dockerfile'], dir), 'tree');
      assert.equal(runKind(['--help'], dir), 'tree');
    } finally {
      removeDir(dir);
    }
  });

  it('a run did more than the one that wrote the cache when it did another kind of work or four times as much', () => {
    const cached = { files: 1, 'format:stylish': 1 };
    assert.equal(grew({}, cached), false);
    assert.equal(grew({ files: 1, 'format:stylish': 1 }, cached), false);
    assert.equal(grew({ files: 3 }, cached), false);
    assert.equal(grew({ files: 4 }, cached), true);
    assert.equal(grew({ files: 1, model: 1 }, cached), true);
    assert.equal(grew({ files: 1, 'format:sarif': 1 }, cached), true);
    assert.equal(grew({ files: 1276, model: 333 }, { files: 1276, model: 80 }), true);
    assert.equal(grew({ files: 1276, model: 333 }, { files: 1276, model: 84 }), false);
    assert.equal(grew({ files: 1000, model: 300 }, { files: 1276, model: 333, 'tree-sitter': 1 }), false);
  });

  it('reads the header of a cache file, and takes a file without it for no cache', () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'cache');
      writeFileSync(file, Buffer.concat([Buffer.from('volint-code-cache 1 {"files":2,"model":1,"bad":"x"}\n'), Buffer.from([1, 2, 10, 3])]));
      const read = readCache(file);
      assert.deepEqual(read?.work, { files: 2, model: 1 });
      assert.deepEqual([...read!.data], [1, 2, 10, 3]);
      for (const text of ['', 'volint-code-cache 1 {"files":', 'volint-code-cache 1 [1]\n', 'volint-code-cache 1 nope\n', 'other 1 {}\n']) {
        writeFileSync(file, text);
        assert.equal(readCache(file), undefined, text);
      }
      assert.equal(readCache(join(dir, 'missing')), undefined);
      assert.equal(readCache(null), undefined);
    } finally {
      removeDir(dir);
    }
  });
});

describe('launch: V8 flags set back before the cache is taken', () => {
  it('the flags the RUN analysis and worker threads change go back to what they were, as a code cache made before shows', () => {
    // Back to V8's own first (other tests in this process load tree-sitter), then as a run does.
    assert.equal(restoreV8Flags(), true);
    // Each under a name of its own: V8 would serve a name it compiled before from memory.
    let names = 0;
    const compiled = (cachedData?: Buffer): Script => new Script('0', { filename: `probe-${names++}`, ...(cachedData ? { cachedData } : {}) });
    const probe = compiled().createCachedData();
    setV8Flags('--wasm-tiering-budget=180000000');
    setV8Flags('--liftoff-only');
    // What a run in worker threads sets (src/cli/workers.ts).
    setV8Flags('--heap-growing-percent=20');
    assert.equal(compiled(probe).cachedDataRejected, true);
    assert.equal(restoreV8Flags(), true);
    assert.equal(compiled(probe).cachedDataRejected, false);
  });
});

describe('launch: the code cache end to end (bin/volint.js)', function () {
  this.timeout(60_000);
  let dir: string;
  let cacheDir: string;
  const DOCKERFILE = 'FROM postgres:16\nVOLUME /var/lib/postgresql/data\nRUN echo hi > /var/lib/postgresql/data/x\n';

  beforeEach(function () {
    if (!BUILT) this.skip();
    dir = tempDir();
    cacheDir = join(dir, 'cache');
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
  });
  afterEach(() => {
    if (dir) removeDir(dir);
  });

  const lint = (env: NodeJS.ProcessEnv) => runCli(['--format', 'json', 'Dockerfile'], { cwd: dir, env });
  const findingsIn = (json: string): number => (JSON.parse(json) as { files: Array<{ findings: unknown[] }> }).files[0]!.findings.length;
  const caches = (): string[] => {
    try {
      return readdirSync(cacheDir).filter((f) => f.endsWith('.v8cache'));
    } catch {
      return [];
    }
  };

  it('writes the cache on the first run and uses it, unchanged, on the next', () => {
    const first = lint({ VOLINT_COMPILE_CACHE: cacheDir });
    assert.ok(findingsIn(first.stdout) > 0, first.stderr);
    const written = caches();
    assert.equal(written.length, 1);
    // A run on a named file: the cache of such runs (runKind).
    assert.match(written[0]!, new RegExp(`^volint\\.js\\.files-[0-9a-f]{16}-[0-9a-f]+-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
    const file = join(cacheDir, written[0]!);
    const before = statSync(file);
    const second = lint({ VOLINT_COMPILE_CACHE: cacheDir });
    assert.equal(second.code, first.code);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.stderr, first.stderr);
    // Used, not rewritten.
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    assert.deepEqual(caches(), written);
  });

  it('a run that changes V8 flags writes a cache every later run takes, in one thread or with workers', () => {
    // This run lints a VOLUME with a RUN script the fast parser leaves to tree-sitter (backquotes):
    // loading tree-sitter changes V8 flags, which are set back at exit, before the cache is taken.
    writeFileSync(join(dir, 'Dockerfile'), `${DOCKERFILE}RUN echo \`date\` > /var/lib/postgresql/data/y\n`);
    const first = lint({ VOLINT_COMPILE_CACHE: cacheDir });
    assert.ok(findingsIn(first.stdout) > 1, first.stderr);
    const own = (): string[] => caches().filter((f) => f.startsWith('volint.js.files-'));
    assert.equal(own().length, 1);
    const file = join(cacheDir, own()[0]!);
    const before = statSync(file).mtimeMs;
    for (const env of [{}, { VOLINT_WORKERS: '2' }, { VOLINT_WORKERS: '0' }]) {
      const run = lint({ VOLINT_COMPILE_CACHE: cacheDir, ...env });
      assert.equal(run.stdout, first.stdout);
      assert.equal(statSync(file).mtimeMs, before, `rewritten after a run with ${JSON.stringify(env)}`);
    }
  });

  it('a run in worker threads caches what the main thread compiled, for itself and for the workers, which use it', () => {
    // The main thread lints the only file (workers get files in batches): its cache is written.
    const inWorkers = lint({ VOLINT_COMPILE_CACHE: cacheDir, VOLINT_WORKERS: '2' });
    assert.ok(findingsIn(inWorkers.stdout) > 0, inWorkers.stderr);
    assert.equal(caches().filter((f) => f.startsWith('volint.js.files-')).length, 1);
    // Enough files for a worker to start and say it had no cache: the main thread's compiled code
    // is written for the workers, under the V8 flags they start with.
    const files = Array.from({ length: 300 }, (_, i) => `svc${i}/Dockerfile`);
    for (const [i, name] of files.entries()) {
      mkdirSync(join(dir, `svc${i}`));
      writeFileSync(join(dir, name), `${DOCKERFILE}RUN mkdir -p /srv/${i} && chown ${i} /srv/${i}\n`);
    }
    const many = (env: NodeJS.ProcessEnv) => runCli(['--format', 'json', '.'], { cwd: dir, env: { VOLINT_COMPILE_CACHE: cacheDir, ...env } });
    const reference = many({ VOLINT_WORKERS: '0' });
    const workerCache = (): string | undefined => caches().find((f) => f.startsWith('volint.js.worker-'));
    for (let attempt = 0; attempt < 4 && workerCache() === undefined; attempt++) assert.equal(many({ VOLINT_WORKERS: '1' }).stdout, reference.stdout);
    const name = workerCache();
    assert.ok(name, `no workers' cache after four runs: ${caches().join(', ')}`);
    assert.match(name, new RegExp(`^volint\\.js\\.worker-[0-9a-f]{16}-[0-9a-f]+-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
    // The workers take it: not written again.
    const before = statSync(join(cacheDir, name)).mtimeMs;
    for (let i = 0; i < 2; i++) assert.equal(many({ VOLINT_WORKERS: '1' }).stdout, reference.stdout);
    assert.equal(statSync(join(cacheDir, name)).mtimeMs, before);
    // The named file's cache, the tree's, the workers'.
    assert.equal(caches().length, 3, caches().join(', '));
  });

  it('a run that does more rewrites the cache of its kind of run; one that does less leaves it', () => {
    const header = (file: string): Record<string, number> => readCache(join(cacheDir, file))!.work;
    const named = (args: string[]) => runCli(['--no-config', ...args], { cwd: dir, env: { VOLINT_COMPILE_CACHE: cacheDir } });
    writeFileSync(join(dir, 'plain.Dockerfile'), 'FROM scratch\nCOPY a /a\n');
    const plain = named(['plain.Dockerfile']);
    assert.equal(plain.code, 0, plain.stderr);
    const [files] = caches();
    assert.ok(files?.startsWith('volint.js.files-'), caches().join(', '));
    assert.deepEqual(header(files), { 'format:stylish': 1, files: 1 });
    const mtime = (): number => statSync(join(cacheDir, files)).mtimeMs;
    // A file with a VOLUME builds a model, which the first run never compiled: rewritten.
    let before = mtime();
    const reference = named(['Dockerfile']).stdout;
    assert.notEqual(mtime(), before);
    assert.deepEqual(header(files), { 'format:stylish': 1, files: 1, model: 1 });
    // The same again, or less: left as it is, and the output is the same.
    before = mtime();
    assert.equal(named(['Dockerfile']).stdout, reference);
    named(['plain.Dockerfile']);
    assert.equal(mtime(), before);
    // Another format: rewritten, with the union of both runs' work.
    named(['-f', 'json', 'plain.Dockerfile']);
    assert.notEqual(mtime(), before);
    assert.deepEqual(header(files), { 'format:stylish': 1, files: 1, model: 1, 'format:json': 1 });
    assert.equal(named(['Dockerfile']).stdout, reference);
    // A directory: the tree cache, written beside it; the files cache is left.
    before = mtime();
    named(['-f', 'json', '.']);
    const tree = caches().filter((f) => f.startsWith('volint.js-'));
    assert.equal(tree.length, 1, caches().join(', '));
    assert.deepEqual(header(tree[0]!), { 'format:json': 1, files: 2, model: 1 });
    assert.equal(mtime(), before);
  });

  it('replaces a damaged cache, and the output stays the same', () => {
    const reference = lint({ VOLINT_COMPILE_CACHE: '0' });
    lint({ VOLINT_COMPILE_CACHE: cacheDir });
    const file = join(cacheDir, caches()[0]!);
    const good = readFileSync(file);
    for (const damaged of [Buffer.alloc(0), good.subarray(0, good.length >> 1), Buffer.from('not a code cache'), Buffer.from(good).fill(7, 64, 4096)]) {
      writeFileSync(file, damaged);
      const run = lint({ VOLINT_COMPILE_CACHE: cacheDir });
      assert.equal(run.stdout, reference.stdout);
      assert.equal(run.code, reference.code);
      assert.equal(run.stderr, '');
      assert.ok(readFileSync(file).length > 1000, 'the cache was written again');
    }
  });

  it('removes the caches of other builds of the bundle, keeps other files', () => {
    mkdirSync(cacheDir, { recursive: true });
    const here = locationKey(join(REPO, 'dist', 'volint.js'));
    const stale = cacheFileName('volint.js', here, '0123456789abcdef0123');
    const staleFiles = cacheFileName('volint.js.files', here, '0123456789abcdef0123');
    const otherNode = `volint.js-${here}-0123456789abcdef0123-v0.0.1-${process.arch}.v8cache`;
    const otherCheckout = cacheFileName('volint.js', locationKey('/elsewhere/volint/dist/volint.js'), '0123456789abcdef0123');
    writeFileSync(join(cacheDir, stale), 'old');
    writeFileSync(join(cacheDir, staleFiles), 'old');
    writeFileSync(join(cacheDir, otherNode), 'old');
    writeFileSync(join(cacheDir, otherCheckout), 'theirs');
    writeFileSync(join(cacheDir, 'notes.txt'), 'mine');
    lint({ VOLINT_COMPILE_CACHE: cacheDir });
    const left = readdirSync(cacheDir).sort();
    assert.ok(!left.includes(stale), 'the stale cache of this checkout and Node is gone');
    assert.ok(!left.includes(staleFiles), 'so is the stale cache of the other kind of run');
    assert.ok(left.includes(otherNode), "another Node's cache stays");
    assert.ok(left.includes(otherCheckout), "another checkout's cache stays");
    assert.ok(left.includes('notes.txt'));
    assert.equal(left.filter((f) => f.startsWith('volint.js-')).length, 2);
    assert.equal(left.filter((f) => f.startsWith('volint.js.files-')).length, 1);
  });

  it('changes nothing when the cache is off or cannot be written', () => {
    const reference = lint({ VOLINT_COMPILE_CACHE: '0' });
    assert.deepEqual(caches(), []);
    // A file where the directory should be: mkdir fails.
    writeFileSync(cacheDir, 'a file');
    const blocked = lint({ VOLINT_COMPILE_CACHE: cacheDir });
    assert.equal(blocked.stdout, reference.stdout);
    assert.equal(blocked.stderr, '');
    assert.equal(blocked.code, reference.code);
    // No temporary file left beside it.
    assert.deepEqual(readdirSync(dir).sort(), ['Dockerfile', 'cache']);
  });

  it('neither reads nor writes a cache in a directory others can write to', function () {
    if (process.platform === 'win32') this.skip();
    const reference = lint({ VOLINT_COMPILE_CACHE: '0' });
    // A cache made in a private directory, then the directory opened to everyone.
    lint({ VOLINT_COMPILE_CACHE: cacheDir });
    assert.equal(statSync(cacheDir).mode & 0o777, 0o700, 'created private');
    const file = join(cacheDir, caches()[0]!);
    chmodSync(cacheDir, 0o777);
    // Damaged on purpose: were it read, V8 would refuse it and the run would write it again.
    writeFileSync(file, 'planted by someone else');
    const run = lint({ VOLINT_COMPILE_CACHE: cacheDir });
    assert.equal(run.stdout, reference.stdout);
    assert.equal(run.stderr, '');
    assert.equal(readFileSync(file, 'utf8'), 'planted by someone else');
    assert.deepEqual(caches(), [basename(file)]);
    // A fresh world-writable directory gets no cache at all.
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    lint({ VOLINT_COMPILE_CACHE: shared });
    assert.deepEqual(readdirSync(shared), []);
  });

  it('the bundles read as latin1 are ASCII, as the build checks', () => {
    const bytes = readFileSync(join(REPO, 'dist', 'volint.js'));
    assert.equal(bytes.findIndex((b) => b > 0x7f), -1);
  });
});
