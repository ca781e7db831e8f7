/**
 * What src/launch.ts leaves on globalThis for the bundle it runs (the two are separate bundles, so
 * they meet through a registered symbol, not a shared module instance).
 */

/** A function to call before V8 flags change (src/util/v8-flags.ts). */
export const BEFORE_V8_FLAGS = Symbol.for('volint.launch.beforeV8Flags');
