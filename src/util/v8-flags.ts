/**
 * Changing V8 flags while running (the shell parser's WebAssembly tiering). V8 records a hash of
 * its flags in a code cache and refuses a cache made under other flags, so the launcher
 * (src/launch.ts) takes its code cache before the first change, through a hook it leaves on
 * globalThis: without that, every run that lints a VOLUME would refuse the cache and write it
 * again. Worker threads change flags for the whole process too: the main thread calls
 * `beforeV8FlagsChange` before it starts one.
 */
import { builtin } from './builtin.js';
import { BEFORE_V8_FLAGS } from './launch-hooks.js';

export function beforeV8FlagsChange(): void {
  const hook = (globalThis as { [BEFORE_V8_FLAGS]?: unknown })[BEFORE_V8_FLAGS];
  if (typeof hook === 'function') hook();
}

export function setV8Flags(flags: string): void {
  beforeV8FlagsChange();
  builtin<typeof import('node:v8')>('node:v8').setFlagsFromString(flags);
}
