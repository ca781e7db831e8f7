/**
 * A lint worker thread (started by the Pool in workers.ts): builds its own Runner from the options
 * it is given and lints the batches it is sent with the same FileLinter as the main thread.
 *
 * The built CLI runs the whole bundle in the worker (dist/cli/worker-thread.js → launchWorker in
 * src/launch.ts, with the workers' code cache), and the bundle calls runWorker; run from the
 * compiled sources, this module is the worker's entry and starts itself.
 */
import { rules as allRules } from '../../rules/index.js';
import { ConfigError } from '../engine/config.js';
import { useCompiledBash } from '../model/shell/wasm-modules.js';
import { builtin } from '../util/builtin.js';
import { workerStart } from '../util/launch-hooks.js';
import { Runner } from './run.js';
import { FileLinter, type FileOutcome, type FromWorker, type ToWorker, type WorkerInit } from './workers.js';

export async function runWorker(init: WorkerInit, cacheUsed: boolean): Promise<void> {
  const { parentPort } = builtin<typeof import('node:worker_threads')>('node:worker_threads');
  // Jobs and results go through the channel the main thread gave (see WorkerInit.port).
  const port = init.port ?? parentPort!;
  const post = (message: FromWorker): void => port.postMessage(message);
  try {
    const { options } = init;
    if (init.bash) useCompiledBash(init.bash);
    const runner = new Runner({ ...options, rules: allRules, ruleOverrides: new Map(options.ruleOverrides) });
    await runner.init();
    const linter = new FileLinter(runner, init.cacheCode);
    port.on('message', (message: ToWorker) => {
      void (async () => {
        try {
          const results: FileOutcome[] = [];
          for (const job of message.jobs) results.push(await linter.lint(job));
          post({ type: 'results', results });
        } catch (err) {
          post({ type: 'fatal', message: (err as Error)?.message ?? String(err), config: err instanceof ConfigError });
        }
      })();
    });
    post({ type: 'ready', cacheUsed });
  } catch (err) {
    post({ type: 'fatal', message: (err as Error)?.message ?? String(err), config: err instanceof ConfigError });
  }
}

/** The workerData of a lint worker, when this thread is one. */
export function lintWorkerData(data: unknown): WorkerInit | null {
  return (data as Partial<WorkerInit> | null)?.volintWorker === 1 ? (data as WorkerInit) : null;
}

// Started as a module of the compiled sources (not through launchWorker).
if (workerStart() === undefined) {
  const { isMainThread, workerData } = builtin<typeof import('node:worker_threads')>('node:worker_threads');
  const init = isMainThread ? null : lintWorkerData(workerData);
  if (init) void runWorker(init, false);
}
