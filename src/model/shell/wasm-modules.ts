/**
 * Where tree-sitter's WebAssembly lives, and compiling it once for the worker threads of a run.
 * Kept apart from tree-sitter.ts so that the main thread of a run in workers, which parses no
 * shell itself, loads only this.
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
 * For a run in worker threads: compiles tree-sitter's runtime and the bash grammar once, in the
 * main thread, for every worker to instantiate (a WebAssembly.Module passes to another thread
 * without a copy). V8 keeps one copy of the compiled code for all threads and replaces a hot
 * function with optimised code once for all of them, so such a run can afford the optimising
 * compiler, with V8's default budget: the parse takes ~40% less time than on the baseline code,
 * and the compile (~0.5 s of CPU in the background) is paid once per run, not once per worker.
 * With lazy compilation this call takes ~5 ms. Throws when the files cannot be read or compiled.
 */
export function compileBashModules(): CompiledBash {
  setV8Flags(`--wasm-tiering-budget=${SHARED_TIERING_BUDGET}`);
  const dir = wasmDirectory();
  return {
    runtime: new wasmApi.Module(readFileSync(join(dir, RUNTIME_FILE))),
    language: new wasmApi.Module(readFileSync(join(dir, LANGUAGE_FILE))),
  };
}
