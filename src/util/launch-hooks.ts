/**
 * What src/launch.ts leaves on globalThis for the bundle it runs (the two are separate bundles, so
 * they meet through a registered symbol, not a shared module instance).
 */

/**
 * A function to call before V8 flags change (src/util/v8-flags.ts): with 'flags', this thread is
 * about to change them; with 'workers', worker threads will (and will do the linting, so what this
 * thread compiled is no cache for a later run).
 */
export const BEFORE_V8_FLAGS = Symbol.for('volint.launch.beforeV8Flags');

export type BeforeV8Flags = (why: 'flags' | 'workers') => void;

/**
 * A function the bundle leaves for src/launch.ts once it has changed V8 flags
 * (src/util/v8-flags.ts): it sets them back to what they were, so that a code cache taken at exit
 * carries the flags of the compile; false when it does not know how to undo one of them.
 */
export const RESTORE_V8_FLAGS = Symbol.for('volint.launch.restoreV8Flags');

export type RestoreV8Flags = () => boolean;

/**
 * The user's cache directory (private: checked by launch) and the content hash of the running
 * bundle, when src/launch.ts runs it with caching on: the RUN analysis keeps its results there for
 * the next run (src/model/shell/effects-store.ts). Absent otherwise (tests, worker threads).
 */
export const LAUNCH_CACHE = Symbol.for('volint.launch.cache');

export interface LaunchCache {
  dir: string;
  /** A key of the bundle's location (each checkout has entries of its own). */
  location: string;
  build: string;
}

/** What launch left for this bundle, if anything. */
export function launchCache(): LaunchCache | undefined {
  return (globalThis as { [LAUNCH_CACHE]?: LaunchCache })[LAUNCH_CACHE];
}
