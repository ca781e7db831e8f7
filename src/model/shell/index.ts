/**
 * The RUN analysis: what a RUN step does to file-system paths (see ../shell-types.ts for the
 * contract). Scripts are parsed by the fast parser (fast-parse.ts) when it accepts them, and by
 * tree-sitter-bash otherwise. Loading tree-sitter costs some tens of milliseconds and 32 MB of
 * WebAssembly memory, so the linter imports this module only when a stage declares volumes, and
 * asks for a lazy analyzer: tree-sitter loads when the first script needs it.
 */
import { ShellParserNotLoaded, type ShellAnalyzer, type ShellContext, type ShellEffect } from '../shell-types.js';
import { Analysis } from './analysis.js';
import { fastParse } from './fast-parse.js';
import { loadBashParser, type BashParser, type ParsedScript, type ScriptParser } from './tree-sitter.js';

export interface AnalyzerOptions {
  /**
   * Do not load tree-sitter now: a script the fast parser does not accept throws
   * ShellParserNotLoaded, whose `load()` loads it (then that script and every later one can be
   * analysed). `beforeLoad` runs just before tree-sitter loads.
   */
  lazy?: boolean;
  beforeLoad?: () => void;
  /** The total length of the scripts whose tree-sitter trees are kept (TreeCache); 0 keeps none. */
  treeCacheChars?: number;
}

/**
 * tree-sitter's trees of the last scripts it parsed, by text, up to a total script length. A
 * tree depends on its script's text only, and the analysis never changes one (SyntaxNode is
 * read-only), so a script seen again is analysed on the same tree. The language server lints the
 * same RUN scripts on every keystroke, and the variants of an image in one repository share most
 * of theirs (../shared/corpus: 3,500 RUN scripts, 1,819 different); tree-sitter's parse and copy is
 * about half of the analysis of a script the fast parser leaves to it. Scripts the fast parser
 * takes are not kept: parsing them again costs less than keeping them.
 */
class TreeCache {
  private readonly trees = new Map<string, ParsedScript | undefined>();
  private chars = 0;

  constructor(private readonly limit: number) {}

  parse(script: string, parser: BashParser): ParsedScript | undefined {
    if (this.trees.has(script)) {
      const tree = this.trees.get(script);
      // Most recently used last.
      this.trees.delete(script);
      this.trees.set(script, tree);
      return tree;
    }
    const tree = parser.parse(script);
    if (script.length <= this.limit / 4) {
      this.trees.set(script, tree);
      this.chars += script.length;
      for (const [oldest] of this.trees) {
        if (this.chars <= this.limit) break;
        this.trees.delete(oldest);
        this.chars -= oldest.length;
      }
    }
    return tree;
  }
}

/** TreeCache's default limit: 256 K characters of script (a few MB of trees). */
const TREE_CACHE_CHARS = 256 * 1024;

let full: BashParser | undefined;

/** Loads tree-sitter once per process (and remembers it for the lazy analyzers). */
async function loadFull(beforeLoad?: () => void): Promise<void> {
  if (full) return;
  beforeLoad?.();
  full = await loadBashParser();
}

export async function loadShellAnalyzer(options: AnalyzerOptions = {}): Promise<ShellAnalyzer> {
  if (!options.lazy) await loadFull(options.beforeLoad);
  const notLoaded = new ShellParserNotLoaded(() => loadFull(options.beforeLoad));
  const limit = options.treeCacheChars ?? TREE_CACHE_CHARS;
  const cache = limit > 0 ? new TreeCache(limit) : null;
  // The fast path, then tree-sitter once it is loaded.
  const parser: ScriptParser = {
    parse(script) {
      const root = fastParse(script);
      if (root) return { root, hasError: false };
      if (!full) throw notLoaded;
      return cache ? cache.parse(script, full) : full.parse(script);
    },
  };
  return {
    analyzeScript(script: string, context: ShellContext): ShellEffect[] {
      if (typeof script !== 'string' || script.trim() === '') return [];
      return new Analysis(parser, script, context).runScript();
    },
    analyzeArgv(argv: string[], context: ShellContext): ShellEffect[] {
      if (!Array.isArray(argv) || argv.length === 0) return [];
      const joined = argv.join(' ');
      return new Analysis(parser, joined, context).runArgv(argv);
    },
  };
}
