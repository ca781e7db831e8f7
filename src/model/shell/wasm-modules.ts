/**
 * Where tree-sitter's WebAssembly lives, and compiling it once for all the threads of a run.
 * Kept apart from tree-sitter.ts, which the CLI loads only when a file needs the RUN analysis:
 * the code that starts the worker threads needs only this.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setV8Flags } from '../../util/v8-flags.js';

/** A compiled WebAssembly.Module (opaque here). */
export interface CompiledModule {
  readonly compiledModule?: never;
}
export interface WasmInstance {
  readonly exports: object;
}
/** The parts of the WebAssembly API used here (TypeScript's ES libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => CompiledModule;
  Instance: new (module: CompiledModule, imports: object) => WasmInstance;
  instantiate(source: unknown, imports: object): Promise<unknown>;
}
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** tree-sitter's runtime and the bash grammar, compiled (see compileBashModules). */
export interface CompiledBash {
  runtime: CompiledModule;
  language: CompiledModule;
}

export const PACKAGE = '@vscode/tree-sitter-wasm';
export const RUNTIME_FILE = 'tree-sitter.wasm';
export const LANGUAGE_FILE = 'tree-sitter-bash.wasm';
/** V8's default budget (Node 20), for modules shared by worker threads (see compileBashModules). */
const SHARED_TIERING_BUDGET = 1_800_000;

let compiledElsewhere: CompiledBash | undefined;

/** This thread's parser is to instantiate `compiled` rather than compile the files; before its first load. */
export function useCompiledBash(compiled: CompiledBash): void {
  compiledElsewhere = compiled;
}

/** What useCompiledBash was given, if anything. */
export function compiledBash(): CompiledBash | undefined {
  return compiledElsewhere;
}

export function wasmDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/wasm/${RUNTIME_FILE}`));
}

/**
 * For a run in threads: compiles tree-sitter's runtime and the bash grammar once, in the main
 * thread, for every thread to instantiate (a WebAssembly.Module passes to another thread without
 * a copy). V8 keeps one copy of the compiled code for all threads and replaces a hot function with
 * optimised code once for all of them.
 *
 * Only the runtime (the parser proper: ts_parser_parse, the stack, the subtrees, where most of the
 * parse time goes) gets the optimising compiler, with V8's default budget; the grammar (its lexer
 * is one very large function) stays on the baseline compiler. Optimising the lexer as well cost
 * ~50 MB of peak memory (the compiler's working memory, which the C allocator keeps: 20,000 files
 * peaked at ~220 MB instead of ~190 MB) for no measurable gain, while the runtime alone makes the
 * parse ~40% faster than all-baseline code (10,361 scripts of the 5k corpus, fastest of six
 * alternating runs: 1.6-1.7 s against 3.2 s). With lazy compilation this call takes ~5 ms; it
 * leaves --liftoff-only set for the process. Throws when the files cannot be read or compiled.
 */
export function compileBashModules(): CompiledBash {
  setV8Flags(`--wasm-tiering-budget=${SHARED_TIERING_BUDGET}`);
  const dir = wasmDirectory();
  const runtime = new wasmApi.Module(readFileSync(join(dir, RUNTIME_FILE)));
  // V8 reads --liftoff-only when it compiles a module: the grammar stays on the baseline code.
  setV8Flags('--liftoff-only');
  return { runtime, language: new wasmApi.Module(readFileSync(join(dir, LANGUAGE_FILE))) };
}
