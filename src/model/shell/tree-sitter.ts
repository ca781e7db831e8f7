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
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { dirname, join } from 'node:path';

/** A node of the parsed script. Offsets are UTF-16 indices into the parsed string. */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly isNamed: boolean;
  /** Inserted by tree-sitter to recover from a syntax error. */
  readonly isMissing: boolean;
  /** The field name under which the parent holds this node (`name`, `argument`…), or null. */
  readonly field: string | null;
  readonly children: readonly SyntaxNode[];
}

export interface ParsedScript {
  root: SyntaxNode;
  /** True when the tree contains an ERROR or a missing node somewhere. */
  hasError: boolean;
}

export interface BashParser {
  /** Parses `script`; undefined when tree-sitter gives no tree. */
  parse(script: string): ParsedScript | undefined;
  /** The size of the WebAssembly memory in bytes, when the runtime shows it (for tests). */
  memoryBytes(): number | undefined;
}

// The parts of web-tree-sitter's API that are used here.
interface TreeCursor {
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
  /** Set by the Emscripten runtime on the options object: a view of the WebAssembly memory. */
  HEAPU8?: Uint8Array;
}

interface TreeSitterModule {
  Parser: {
    init(options: ModuleOptions): Promise<void>;
    new (): TreeSitterParser;
  };
  Language: { load(path: string): Promise<unknown> };
}

const PACKAGE = '@vscode/tree-sitter-wasm';
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
  const requireFromHere = createRequire(import.meta.url);
  const wasmDir = dirname(requireFromHere.resolve(`${PACKAGE}/wasm/tree-sitter.wasm`));
  // V8 compiles a WebAssembly function again with its optimising compiler once the function has
  // run "enough"; with the default budget the bash grammar's lexer gets there within the first
  // script, and that compile of a very large function takes ~0.5 s of CPU in the background,
  // which Node waits for at exit: linting one Dockerfile with a VOLUME took 0.69 s instead of
  // 0.18 s. A budget 100 times larger leaves short runs on the baseline code and still optimises
  // what long runs use (the analysis is as fast over 37,000 scripts). The flag only affects
  // modules compiled after it is set, and this is the process's only WebAssembly.
  setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
  const treeSitter = requireFromHere(PACKAGE) as TreeSitterModule;
  const options: ModuleOptions = { locateFile: (file) => join(wasmDir, file) };
  await treeSitter.Parser.init(options);
  const bash = await treeSitter.Language.load(join(wasmDir, 'tree-sitter-bash.wasm'));
  const parser = new treeSitter.Parser();
  parser.setLanguage(bash);
  return {
    parse(script) {
      const tree = parser.parse(script);
      if (!tree) return undefined;
      try {
        const hasError = tree.rootNode.hasError;
        return { root: copyTree(tree, hasError), hasError };
      } finally {
        tree.delete();
      }
    },
    memoryBytes: () => options.HEAPU8?.buffer.byteLength,
  };
}

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

class Node implements SyntaxNode {
  children: readonly SyntaxNode[] = NO_CHILDREN;
  constructor(
    readonly type: string,
    readonly field: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
  ) {}
}

/**
 * Copies the tree depth-first with one cursor, without recursion (a long `&&` chain nests deeply).
 * Missing nodes only occur in a tree with an error, so the question is only asked there.
 */
function copyTree(tree: Tree, hasError: boolean): SyntaxNode {
  const cursor = tree.walk();
  try {
    const here = (): Node =>
      new Node(
        cursor.nodeType,
        cursor.currentFieldName ?? null,
        cursor.startIndex,
        cursor.endIndex,
        cursor.nodeIsNamed,
        hasError && cursor.nodeIsMissing,
      );
    const root = here();
    // The ancestors of the cursor's node, innermost last.
    const ancestors: Node[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = here();
      const parent = ancestors[ancestors.length - 1]!;
      if (parent.children === NO_CHILDREN) parent.children = [node];
      else (parent.children as SyntaxNode[]).push(node);
      if (cursor.gotoFirstChild()) {
        ancestors.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        cursor.gotoParent();
        ancestors.pop();
        if (ancestors.length === 0) return root;
      }
    }
  } finally {
    cursor.delete();
  }
}
