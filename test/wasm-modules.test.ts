/**
 * The shell parser's WebAssembly compiled once and shared with worker threads
 * (src/model/shell/wasm-modules.ts): a worker that instantiates the main thread's modules parses
 * exactly as a parser that compiled the files itself, and it does use what it was given.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { compileBashModules } from '../src/model/shell/wasm-modules.js';
import { loadBashParser } from '../src/model/shell/tree-sitter.js';

const SCRIPTS = [
  'apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
  'mkdir -p /data && chown -R 1000:1000 /data',
  'if [ -d "$A" ]; then cp -r /src/. "$A/"; fi; for f in *.conf; do install -m 0644 "$f" /etc/app/; done',
  'cat > /etc/x <<EOF\nline ${V:-default}\nEOF\necho done | tee -a /var/log/x',
  'echo "unterminated',
];

/** Runs a worker (an ES module written beside the tests) that loads the parser as told and parses SCRIPTS. */
function parseInWorker(bash: unknown): Promise<{ trees?: string[]; error?: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'volint-wasm-'));
  const moduleUrl = (name: string): string => new URL(`../src/model/shell/${name}`, import.meta.url).href;
  const script = join(dir, 'worker.mjs');
  writeFileSync(
    script,
    `import { parentPort, workerData } from 'node:worker_threads';
import { useCompiledBash } from ${JSON.stringify(moduleUrl('wasm-modules.js'))};
import { loadBashParser } from ${JSON.stringify(moduleUrl('tree-sitter.js'))};
try {
  if (workerData.bash) useCompiledBash(workerData.bash);
  const parser = await loadBashParser();
  parentPort.postMessage({ trees: workerData.scripts.map((s) => JSON.stringify(parser.parse(s))) });
} catch (err) {
  parentPort.postMessage({ error: String(err) });
}
`,
  );
  return new Promise((resolveResult, reject) => {
    // The worker's standard error is captured, not passed on: a load that fails on purpose makes
    // the Emscripten runtime print its LinkError there, which belongs to the test, not its output.
    const worker = new Worker(script, { workerData: { bash, scripts: SCRIPTS }, stderr: true });
    let stderr = '';
    worker.stderr.setEncoding('utf8');
    worker.stderr.on('data', (chunk: string) => (stderr += chunk));
    worker.once('message', (message: { trees?: string[]; error?: string }) => {
      void worker.terminate().then(() => {
        rmSync(dir, { recursive: true, force: true });
        resolveResult({ ...message, stderr });
      });
    });
    worker.once('error', (err) => {
      rmSync(dir, { recursive: true, force: true });
      reject(err);
    });
  });
}

describe('shell parser WebAssembly shared with worker threads', function () {
  this.timeout(60_000);

  it('a worker given the compiled modules parses as this thread does', async () => {
    const parser = await loadBashParser();
    const expected = SCRIPTS.map((s) => JSON.stringify(parser.parse(s)));
    const shared = await parseInWorker(compileBashModules());
    assert.equal(shared.error, undefined);
    assert.equal(shared.stderr, '');
    assert.deepEqual(shared.trees, expected);
    // And one that compiles its own, for comparison.
    assert.deepEqual((await parseInWorker(null)).trees, expected);
  });

  it('the worker instantiates what it is given (wrong modules fail its load)', async () => {
    const compiled = compileBashModules();
    const swapped = await parseInWorker({ runtime: compiled.language, language: compiled.runtime });
    assert.equal(swapped.trees, undefined);
    assert.ok(swapped.error);
    assert.match(swapped.stderr, /LinkError/, 'the runtime says why on standard error (captured here)');
  });
});
