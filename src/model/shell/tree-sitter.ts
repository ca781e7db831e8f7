/**
 * Loads the bash grammar of tree-sitter (WebAssembly, from `@vscode/tree-sitter-wasm`).
 *
 * The package is loaded with a `require` made by `createRequire(import.meta.url)` and its .wasm
 * files are located with `require.resolve`, both at run time. esbuild leaves such a call alone, so
 * the same code works from `build/` (tsc output) and from a bundled `dist/` chunk: in both cases
 * Node resolves the package from `node_modules` above the running file. The package's own script
 * cannot be bundled anyway (it asks for `__filename` when it is evaluated).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The part of tree-sitter's `Node` that the analysis uses. Offsets are UTF-16 indices. */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly isNamed: boolean;
  readonly isMissing: boolean;
  readonly hasError: boolean;
  readonly childCount: number;
  child(index: number): SyntaxNode | null;
  walk(): TreeCursor;
}

interface TreeCursor {
  readonly currentNode: SyntaxNode;
  readonly currentFieldName: string | null;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  delete(): void;
}

interface Tree {
  readonly rootNode: SyntaxNode;
  delete(): void;
}

interface TreeSitterParser {
  setLanguage(language: unknown): TreeSitterParser;
  parse(input: string): Tree | null;
}

interface TreeSitterModule {
  Parser: {
    init(options: { locateFile: (file: string, folder: string) => string }): Promise<void>;
    new (): TreeSitterParser;
  };
  Language: { load(path: string): Promise<unknown> };
}

export interface BashParser {
  /**
   * Parses `script` and hands the root node to `use`; the tree is freed afterwards, so nodes must not
   * escape `use`. Returns undefined when tree-sitter gives no tree.
   */
  withTree<T>(script: string, use: (root: SyntaxNode) => T): T | undefined;
}

const PACKAGE = '@vscode/tree-sitter-wasm';
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
  const treeSitter = requireFromHere(PACKAGE) as TreeSitterModule;
  await treeSitter.Parser.init({ locateFile: (file) => join(wasmDir, file) });
  const bash = await treeSitter.Language.load(join(wasmDir, 'tree-sitter-bash.wasm'));
  const parser = new treeSitter.Parser();
  parser.setLanguage(bash);
  return {
    withTree(script, use) {
      const tree = parser.parse(script);
      if (!tree) return undefined;
      try {
        return use(tree.rootNode);
      } finally {
        tree.delete();
      }
    },
  };
}

/**
 * The children of `node` with their field names. A cursor walks them in constant time per child
 * (`node.child(i)` is linear in `i`, which makes a long script quadratic).
 */
export function childrenOf(node: SyntaxNode): Array<{ node: SyntaxNode; field: string | null }> {
  const out: Array<{ node: SyntaxNode; field: string | null }> = [];
  if (node.childCount === 0) return out;
  const cursor = node.walk();
  try {
    if (cursor.gotoFirstChild()) {
      do out.push({ node: cursor.currentNode, field: cursor.currentFieldName });
      while (cursor.gotoNextSibling());
    }
  } finally {
    cursor.delete();
  }
  return out;
}
