/**
 * Node built-ins loaded when first needed, synchronously. A run over a few files never starts a
 * worker, so it does not load node:worker_threads or node:os (nor node:crypto without --cache,
 * nor node:v8 without a VOLUME). A `require`, not `import()`: the CLI bundle runs as a script with
 * a code cache (src/launch.ts), where a dynamic import has no module loader behind it.
 */
import { createRequire } from 'node:module';

const requireBuiltin = createRequire(import.meta.url);

export function builtin<T>(name: `node:${string}`): T {
  return requireBuiltin(name) as T;
}
