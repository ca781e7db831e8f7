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
