/**
 * Changing V8 flags while running (the shell parser's WebAssembly tiering). V8 records a hash of
 * its flags in a code cache and refuses a cache made under other flags, so the launcher
 * (src/launch.ts) takes its code cache before the first change, through a hook it leaves on
 * globalThis: without that, every run that lints a VOLUME would refuse the cache and write it
 * again. Worker threads change flags for the whole process too, and lint in place of the main
 * thread: before it starts one, the main thread calls `beforeV8FlagsChange('workers')`, and the
 * run leaves no cache (a later run over a few files writes a useful one).
 */
import { builtin } from './builtin.js';
import { BEFORE_V8_FLAGS, type BeforeV8Flags } from './launch-hooks.js';

export function beforeV8FlagsChange(why: Parameters<BeforeV8Flags>[0]): void {
  const hook = (globalThis as { [BEFORE_V8_FLAGS]?: unknown })[BEFORE_V8_FLAGS];
  if (typeof hook === 'function') (hook as BeforeV8Flags)(why);
}

export function setV8Flags(flags: string): void {
  beforeV8FlagsChange('flags');
  builtin<typeof import('node:v8')>('node:v8').setFlagsFromString(flags);
}
