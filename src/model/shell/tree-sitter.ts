/**
 * Loads the bash grammar of tree-sitter (WebAssembly, from `@vscode/tree-sitter-wasm`) and turns a
 * parsed script into plain JavaScript nodes.
 *
 * The package is loaded with a `require` made by `createRequire(import.meta.url)` and its .wasm
 * files are located with `require.resolve`, both at run time. esbuild leaves such a call alone, so
 * the same code works from `build/` (tsc output) and from a bundled `dist/` chunk: in both cases
 * Node resolves the package from `node_modules` above the running file. The package's own script
 * cannot be bundled anyway (it asks for `__filename` when it is evaluated).
 *
 * Why a copy of the tree: every getter of tree-sitter's `Node` (`type`, `endIndex`, `isNamed`,
 * `child(i)`…) copies the node into WebAssembly memory, calls into the module and often allocates
 * a new `Node`. The analysis looks at most nodes several times, so it walked the tree far more
 * slowly than tree-sitter parsed it. One pass of a single `TreeCursor` now copies what the analysis
 * needs (type, field, offsets, named, missing) into `SyntaxNode`s, and the tree and the cursor are
 * freed right away: WebAssembly memory holds nothing between scripts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { noteWork } from '../../util/launch-hooks.js';
import { setV8Flags } from '../../util/v8-flags.js';
import { NO_CHILDREN, Node, type SyntaxNode } from './syntax.js';
import { compiledBash, LANGUAGE_FILE, PACKAGE, wasmApi, wasmDirectory, type CompiledModule, type WasmInstance } from './wasm-modules.js';

export interface ParsedScript {
  root: SyntaxNode;
  /** True when the tree contains an ERROR or a missing node somewhere. */
  hasError: boolean;
}

/** What the analysis needs of a parser. */
export interface ScriptParser {
  /** Parses `script`; undefined when no tree comes back. */
  parse(script: string): ParsedScript | undefined;
}

/** tree-sitter-bash (the analysis puts the fast parser in front of it: see index.ts). */
export interface BashParser extends ScriptParser {
  /** The size of the WebAssembly memory in bytes, when the runtime shows it (for tests). */
  memoryBytes(): number | undefined;
  /** How trees are copied: `direct` calls into the module, `cursor` uses the public TreeCursor API. */
  readonly walk: 'direct' | 'cursor';
  /** Parses with the public cursor API's copy (for the tests that compare the two walks). */
  parseWithCursor(script: string): ParsedScript | undefined;
}

// The parts of web-tree-sitter's API that are used here.
interface TreeCursor {
  0: number;
  1: number;
  2: number;
  3: number;
  readonly nodeType: string;
  readonly currentFieldName: string | null | undefined;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

interface Tree {
  /** The tree's address in WebAssembly memory. */
  readonly 0: number;
  readonly rootNode: { readonly hasError: boolean };
  walk(): TreeCursor;
  delete(): void;
}

interface TreeSitterParser {
  setLanguage(language: unknown): TreeSitterParser;
  parse(input: string): Tree | null;
}

interface ModuleOptions {
  locateFile: (file: string, folder: string) => string;
  /** Emscripten's hook to instantiate the runtime's module itself (here: one compiled elsewhere). */
  instantiateWasm?: (imports: object, receive: (instance: WasmInstance, module: CompiledModule) => object) => object;
  /** Set by the Emscripten runtime on the options object: a view of the WebAssembly memory. */
  HEAPU8?: Uint8Array;
}

/**
 * The options object handed to `Parser.init` becomes the Emscripten module: the runtime puts the
 * memory views and tree-sitter's exported C functions on it. These are the functions the direct
 * walk uses; each takes the tree's address and reads (and the `goto` ones rewrite) the cursor
 * kept in tree-sitter's transfer buffer (lib/binding/binding.c in tree-sitter's sources).
 */
export interface WasmModule extends ModuleOptions {
  _ts_tree_cursor_goto_first_child_wasm?: (tree: number) => number;
  _ts_tree_cursor_goto_next_sibling_wasm?: (tree: number) => number;
  _ts_tree_cursor_goto_parent_wasm?: (tree: number) => number;
  _ts_tree_cursor_current_node_type_id_wasm?: (tree: number) => number;
  _ts_tree_cursor_current_field_id_wasm?: (tree: number) => number;
  _ts_tree_cursor_start_index_wasm?: (tree: number) => number;
  _ts_tree_cursor_end_index_wasm?: (tree: number) => number;
  _ts_tree_cursor_current_node_is_named_wasm?: (tree: number) => number;
  _ts_tree_cursor_current_node_is_missing_wasm?: (tree: number) => number;
  _ts_tree_cursor_delete_wasm?: (tree: number) => void;
}

/** What the direct walk needs of the language: names by symbol and by field id. */
export interface LanguageTables {
  readonly types: readonly string[];
  readonly fields: ReadonlyArray<string | null>;
}

interface TreeSitterModule {
  Parser: {
    init(options: ModuleOptions): Promise<void>;
    new (): TreeSitterParser;
  };
  Language: { load(input: string | Uint8Array): Promise<unknown> };
}

/** 100 times V8's default (1,800,000 in Node 20). */
const WASM_TIERING_BUDGET = 180_000_000;
let loading: Promise<BashParser> | undefined;

/** Loads tree-sitter and the bash grammar once per process. */
export function loadBashParser(): Promise<BashParser> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<BashParser> {
  noteWork('tree-sitter');
  const requireFromHere = createRequire(import.meta.url);
  const wasmDir = wasmDirectory();
  const compiled = compiledBash();
  // V8 compiles a WebAssembly function again with its optimising compiler once the function has
  // run "enough"; with the default budget the bash grammar's lexer gets there within the first
  // script, and that compile of a very large function takes ~0.5 s of CPU in the background,
  // which Node waits for at exit: linting one Dockerfile with a VOLUME took 0.69 s instead of
  // 0.18 s. A budget 100 times larger leaves short runs on the baseline code and still optimises
  // what long runs use (the analysis is as fast over 37,000 scripts). The flag only affects
  // modules compiled after it is set, and this is the process's only WebAssembly. (Modules
  // compiled elsewhere come with their own budget.)
  if (!compiled) setV8Flags(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
  const treeSitter = requireFromHere(PACKAGE) as TreeSitterModule;
  const options: ModuleOptions = { locateFile: (file) => join(wasmDir, file) };
  if (compiled) {
    // Synchronous, as Emscripten allows: a failure here rejects Parser.init.
    options.instantiateWasm = (imports, receive) => receive(new wasmApi.Instance(compiled.runtime, imports), compiled.runtime);
  }
  await treeSitter.Parser.init(options);
  // The bytes, not the path: given a path, web-tree-sitter reads it through import('fs/promises'),
  // which loads Node's ES module loader, streams and readline (~4 ms of a one-file run).
  const bytes = readFileSync(join(wasmDir, LANGUAGE_FILE));
  const bash = compiled ? await loadCompiledLanguage(treeSitter, bytes, compiled.language) : await treeSitter.Language.load(bytes);
  const parser = new treeSitter.Parser();
  parser.setLanguage(bash);
  const parseWith = (script: string, copy: (tree: Tree, hasError: boolean) => SyntaxNode): ParsedScript | undefined => {
    const tree = parser.parse(script);
    if (!tree) return undefined;
    try {
      const hasError = tree.rootNode.hasError;
      return { root: copy(tree, hasError), hasError };
    } finally {
      tree.delete();
    }
  };
  // The direct walk relies on how the package's glue code talks to its WebAssembly; it is used
  // only when it copies a probe script exactly as the public cursor API does. (The cursor API's
  // first calls also replace the runtime's lazy function stubs with the exports themselves.)
  const reference = parseWith(PROBE, copyTree)?.root;
  const direct = directWalker(options as WasmModule, bash as LanguageTables);
  const copy = direct && sameTree(parseWith(PROBE, direct)?.root, reference) ? direct : copyTree;
  return {
    parse: (script) => parseWith(script, copy),
    memoryBytes: () => options.HEAPU8?.buffer.byteLength,
    walk: copy === direct ? 'direct' : 'cursor',
    parseWithCursor: (script) => parseWith(script, copyTree),
  };
}

/**
 * `Language.load` takes bytes only: it reads the grammar's metadata from them and instantiates
 * them with `WebAssembly.instantiate`. For these bytes, and only during this call, that
 * instantiates the module compiled elsewhere instead.
 */
async function loadCompiledLanguage(treeSitter: TreeSitterModule, bytes: Uint8Array, module: CompiledModule): Promise<unknown> {
  const instantiate = wasmApi.instantiate;
  wasmApi.instantiate = (source, imports) =>
    source === bytes
      ? instantiate.call(wasmApi, module, imports).then((instance) => ({ module, instance }))
      : instantiate.call(wasmApi, source, imports);
  try {
    return await treeSitter.Language.load(bytes);
  } finally {
    wasmApi.instantiate = instantiate;
  }
}

/** Exercises fields, named and anonymous nodes, nesting and siblings. */
const PROBE = 'if [ -d "$A" ]; then mkdir -p /a/b && echo "x${B:-y}" > /c; fi; for f in *.txt; do cp "$f" /d/; done';

/** Two copies are equal: same shape and the same values in every node. */
export function sameTree(a: SyntaxNode | undefined, b: SyntaxNode | undefined): boolean {
  if (!a || !b) return false;
  const stack: Array<[SyntaxNode, SyntaxNode]> = [[a, b]];
  for (let pair = stack.pop(); pair; pair = stack.pop()) {
    const [x, y] = pair;
    if (
      x.type !== y.type || x.field !== y.field || x.startIndex !== y.startIndex || x.endIndex !== y.endIndex ||
      x.isNamed !== y.isNamed || x.isMissing !== y.isMissing || x.children.length !== y.children.length
    ) {
      return false;
    }
    x.children.forEach((child, i) => stack.push([child, y.children[i]!]));
  }
  return true;
}

/** The moves of a tree cursor that `copyWalk` needs; `here` copies the node under the cursor. */
interface CursorSteps {
  here(): Node;
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): void;
}

/** Copies the tree depth-first from the cursor's node, without recursion (a long `&&` chain nests deeply). */
function copyWalk(steps: CursorSteps): SyntaxNode {
  const root = steps.here();
  // The ancestors of the cursor's node, innermost last.
  const ancestors: Node[] = [root];
  if (!steps.firstChild()) return root;
  for (;;) {
    const node = steps.here();
    const parent = ancestors[ancestors.length - 1]!;
    if (parent.children === NO_CHILDREN) parent.children = [node];
    else (parent.children as SyntaxNode[]).push(node);
    if (steps.firstChild()) {
      ancestors.push(node);
      continue;
    }
    while (!steps.nextSibling()) {
      steps.parent();
      ancestors.pop();
      if (ancestors.length === 0) return root;
    }
  }
}

/**
 * Copies the tree with the public TreeCursor API. Missing nodes only occur in a tree with an
 * error, so the question is only asked there.
 */
function copyTree(tree: Tree, hasError: boolean): SyntaxNode {
  const cursor = tree.walk();
  try {
    return copyWalk({
      here: () =>
        new Node(
          cursor.nodeType,
          cursor.currentFieldName ?? null,
          cursor.startIndex,
          cursor.endIndex,
          cursor.nodeIsNamed,
          hasError && cursor.nodeIsMissing,
        ),
      firstChild: () => cursor.gotoFirstChild(),
      nextSibling: () => cursor.gotoNextSibling(),
      parent: () => void cursor.gotoParent(),
    });
  } finally {
    cursor.delete();
  }
}

/**
 * The same copy as `copyTree`, without the public cursor API. Every getter of web-tree-sitter's
 * `TreeCursor` first writes the cursor's four words into the transfer buffer with the runtime's
 * generic `setValue` and the `goto` methods read them back: about seven such round trips per
 * node, which cost as much as the parse itself (bench/shell-bench.mjs). The walk here leaves the
 * cursor in the transfer buffer, where tree-sitter's C functions read it and the `goto` ones
 * write it back, and calls those functions directly; node type and field names come from the
 * language's own tables. The cursor is deleted from the transfer buffer too (its stack may have
 * moved while it walked), and the JavaScript `TreeCursor` object is dropped unused.
 *
 * Null when the module does not have every function needed (another package version).
 */
export function directWalker(module: WasmModule, language: LanguageTables): ((tree: Tree, hasError: boolean) => SyntaxNode) | null {
  const {
    _ts_tree_cursor_goto_first_child_wasm: firstChild,
    _ts_tree_cursor_goto_next_sibling_wasm: nextSibling,
    _ts_tree_cursor_goto_parent_wasm: parent,
    _ts_tree_cursor_current_node_type_id_wasm: typeId,
    _ts_tree_cursor_current_field_id_wasm: fieldId,
    _ts_tree_cursor_start_index_wasm: startIndex,
    _ts_tree_cursor_end_index_wasm: endIndex,
    _ts_tree_cursor_current_node_is_named_wasm: isNamed,
    _ts_tree_cursor_current_node_is_missing_wasm: isMissing,
    _ts_tree_cursor_delete_wasm: deleteCursor,
  } = module;
  if (
    !firstChild || !nextSibling || !parent || !typeId || !fieldId || !startIndex || !endIndex ||
    !isNamed || !isMissing || !deleteCursor || !Array.isArray(language.types) || !Array.isArray(language.fields)
  ) {
    return null;
  }
  const types = language.types;
  const fields = language.fields;
  return (tree, hasError) => {
    const address = tree[0];
    // Creates the cursor; tree-sitter leaves it in the transfer buffer, where the walk keeps it.
    const cursor = tree.walk();
    try {
      return copyWalk({
        here: () =>
          new Node(
            types[typeId(address)] ?? 'ERROR',
            fields[fieldId(address)] ?? null,
            startIndex(address),
            endIndex(address),
            isNamed(address) === 1,
            hasError && isMissing(address) === 1,
          ),
        firstChild: () => firstChild(address) === 1,
        nextSibling: () => nextSibling(address) === 1,
        parent: () => void parent(address),
      });
    } finally {
      deleteCursor(address);
      cursor[0] = cursor[1] = cursor[2] = cursor[3] = 0;
    }
  };
}
