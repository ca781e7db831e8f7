/**
 * A lint worker thread's entry (started by the Pool in workers.ts): builds its own Runner from the
 * options it is given and lints the batches it is sent with the same FileLinter as the main thread.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { rules as allRules } from '../../rules/index.js';
import { ConfigError } from '../engine/config.js';
import { useCompiledBash } from '../model/shell/wasm-modules.js';
import { Runner } from './run.js';
import { FileLinter, type FileOutcome, type FromWorker, type ToWorker, type WorkerInit } from './workers.js';

async function runWorker(init: WorkerInit): Promise<void> {
  const port = parentPort!;
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
    post({ type: 'ready' });
  } catch (err) {
    post({ type: 'fatal', message: (err as Error)?.message ?? String(err), config: err instanceof ConfigError });
  }
}

if (!isMainThread && (workerData as Partial<WorkerInit> | null)?.volintWorker === 1) {
  void runWorker(workerData as WorkerInit);
}
