/**
 * Node built-ins loaded when first needed, synchronously. A run over a few files never starts a
 * worker, so it does not load node:worker_threads or node:os (nor node:crypto without --cache,
 * nor node:v8 without a VOLUME). Not `import()`: the CLI bundle runs as a script with a code cache
 * (src/launch.ts), where a dynamic import has no module loader behind it. Not a `require` made by
 * `createRequire(import.meta.url)` either: making it (and the bundle's file URL it needs) cost
 * about 0.4 ms of every start; `process.getBuiltinModule` (Node 20.16+) needs neither.
 */
export function builtin<T>(name: `node:${string}`): T {
  return process.getBuiltinModule(name) as T;
}
