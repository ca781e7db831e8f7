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
import { loadBashParser, type BashParser, type ScriptParser } from './tree-sitter.js';

export interface AnalyzerOptions {
  /**
   * Do not load tree-sitter now: a script the fast parser does not accept throws
   * ShellParserNotLoaded, whose `load()` loads it (then that script and every later one can be
   * analysed). `beforeLoad` runs just before tree-sitter loads.
   */
  lazy?: boolean;
  beforeLoad?: () => void;
}

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
  // The fast path, then tree-sitter once it is loaded.
  const parser: ScriptParser = {
    parse(script) {
      const root = fastParse(script);
      if (root) return { root, hasError: false };
      if (!full) throw notLoaded;
      return full.parse(script);
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
