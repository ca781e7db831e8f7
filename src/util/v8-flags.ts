/**
 * Changing V8 flags while running (the shell parser's WebAssembly tiering). V8 records a hash of
 * its flags in a code cache and refuses a cache made under other flags. The launcher
 * (src/launch.ts) takes its code cache at exit, after the run compiled what it needed: before the
 * first change it is told (a hook it leaves on globalThis), and at exit it asks for the flags to be
 * set back (restoreV8Flags, left on globalThis) before it takes the cache; it keeps a cache taken
 * before the change when they cannot be. Worker threads change flags for the whole process too:
 * before it starts one, the main thread calls `beforeV8FlagsChange('workers')`; a run whose
 * workers did all the linting leaves no cache (this thread compiled too little).
 */
import { builtin } from './builtin.js';
import { BEFORE_V8_FLAGS, RESTORE_V8_FLAGS, type BeforeV8Flags, type RestoreV8Flags } from './launch-hooks.js';

/**
 * What sets each flag this program changes back to its value before (V8's defaults in Node 20:
 * --liftoff-only also turns off wasm tier-up and dynamic tiering, which turning it off does not
 * turn on again). A flag not listed cannot be set back: the launcher then keeps its earlier cache.
 */
const UNDO: Readonly<Record<string, string>> = {
  'wasm-tiering-budget': '--wasm-tiering-budget=1800000',
  'liftoff-only': '--no-liftoff-only --wasm-tier-up --wasm-dynamic-tiering',
  'heap-growing-percent': '--heap-growing-percent=0',
};

/** The names of the flags changed so far. */
const changed = new Set<string>();

export function beforeV8FlagsChange(why: Parameters<BeforeV8Flags>[0]): void {
  const hook = (globalThis as { [BEFORE_V8_FLAGS]?: unknown })[BEFORE_V8_FLAGS];
  if (typeof hook === 'function') (hook as BeforeV8Flags)(why);
}

export function setV8Flags(flags: string): void {
  beforeV8FlagsChange('flags');
  for (const flag of flags.split(/\s+/)) {
    const name = /^--(?:no-)?([\w-]+)/.exec(flag)?.[1];
    if (name) changed.add(name.replace(/_/g, '-'));
  }
  (globalThis as { [RESTORE_V8_FLAGS]?: RestoreV8Flags })[RESTORE_V8_FLAGS] = restoreV8Flags;
  builtin<typeof import('node:v8')>('node:v8').setFlagsFromString(flags);
}

/** Sets the changed flags back (see UNDO); false when one of them has no known value to go back to. */
export function restoreV8Flags(): boolean {
  const undo: string[] = [];
  for (const name of changed) {
    const flags = UNDO[name];
    if (flags === undefined) return false;
    undo.push(flags);
  }
  builtin<typeof import('node:v8')>('node:v8').setFlagsFromString(undo.join(' '));
  changed.clear();
  return true;
}
