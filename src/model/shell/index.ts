/**
 * The RUN analysis: what a RUN step does to file-system paths (see ../shell-types.ts for the
 * contract). Scripts are parsed by the fast parser (fast-parse.ts) when it accepts them, and by
 * tree-sitter-bash otherwise. Loading tree-sitter costs some tens of milliseconds and 32 MB of
 * WebAssembly memory, so the linter imports this module only when a stage declares volumes, and
 * asks for a lazy analyzer: tree-sitter loads when the first script needs it.
 */
import { ShellParserNotLoaded, type ShellAnalyzer, type ShellContext, type ShellEffect } from '../shell-types.js';
import { Analysis } from './analysis.js';
import type { EffectsStore, StoredAnalysis } from './effects-store.js';
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
  /** The total length of the scripts whose effects are kept (EffectsMemo); 0 keeps none. */
  effectsMemoChars?: number;
  /** Where effects are also kept between runs (the command line's: effects-store.ts). */
  effectsStore?: EffectsStore;
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
  private readonly trees: RecentByLength<ParsedScript | undefined>;

  constructor(private readonly limit: number) {
    this.trees = new RecentByLength(limit);
  }

  parse(script: string, parser: BashParser): ParsedScript | undefined {
    const kept = this.trees.get(script);
    if (kept) return kept.value;
    const tree = parser.parse(script);
    if (script.length <= this.limit / 4) this.trees.set(script, tree);
    return tree;
  }
}

/**
 * The most recently used entries of a map by string key, up to a total length of the keys (the
 * oldest go first).
 */
class RecentByLength<V> {
  private readonly entries = new Map<string, V>();
  private chars = 0;

  constructor(private readonly limit: number) {}

  /** The entry of `key` (now the most recently used), or undefined. */
  get(key: string): { value: V } | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return { value };
  }

  set(key: string, value: V): void {
    if (this.entries.has(key)) this.entries.delete(key);
    else this.chars += key.length;
    this.entries.set(key, value);
    for (const [oldest] of this.entries) {
      if (this.chars <= this.limit) break;
      this.entries.delete(oldest);
      this.chars -= oldest.length;
    }
  }
}

/** TreeCache's default limit: 256 K characters of script (a few MB of trees). */
const TREE_CACHE_CHARS = 256 * 1024;

/**
 * The effects of the last scripts analysed, by script text, current directory and home. An
 * analysis reads nothing else of its step but the variables it asks the context for (`lookup`),
 * and it is deterministic: given the same script, directory and home, it asks for the same
 * variables in the same order as long as each answer is the same, and finds the same effects. So
 * each entry records the variables asked and their answers, and serves a later call whose context
 * answers them alike; other answers make another entry (up to VARIANTS per key). The language
 * server lints the same RUN steps on every keystroke; across the files of a tree the same scripts
 * come back with the same variables (../shared/corpus: 3,500 RUN scripts, 1,819 different). An
 * analysis that failed (onError) or needs the full parser (ShellParserNotLoaded) is not kept.
 * The effects are frozen: callers read them, and every caller gets the same objects. With a
 * `store` (the command line's, effects-store.ts), what is not in memory is looked up there, and
 * what is analysed is kept there too.
 */
class EffectsMemo {
  private static readonly VARIANTS = 4;
  private readonly entries: RecentByLength<StoredAnalysis[]>;

  constructor(
    private readonly limit: number,
    private readonly store: EffectsStore | null,
  ) {
    this.entries = new RecentByLength(limit);
  }

  run(kind: 'script' | 'argv', text: string, context: ShellContext, analyse: (context: ShellContext) => ShellEffect[]): ShellEffect[] {
    const key = `${kind}\0${context.cwd}\0${context.home ?? ''}\0${text}`;
    if (key.length > this.limit / 4) return analyse(context);
    let variants = this.entries.get(key)?.value;
    if (!variants && this.store) {
      const stored = this.store.get(key);
      if (stored) {
        for (const analysis of stored) freeze(analysis.effects);
        this.entries.set(key, stored);
        variants = stored;
      }
    }
    for (const entry of variants ?? []) {
      if (entry.lookups.every(([name, value]) => context.lookup(name) === value)) return entry.effects as ShellEffect[];
    }
    const lookups: StoredAnalysis['lookups'] = [];
    let failed = false;
    const recording: ShellContext = {
      cwd: context.cwd,
      lookup: (name) => {
        const value = context.lookup(name);
        lookups.push([name, value]);
        return value;
      },
      ...(context.home !== undefined ? { home: context.home } : {}),
      onError: (error) => {
        failed = true;
        context.onError?.(error);
      },
    };
    const effects = analyse(recording);
    if (failed) return effects;
    freeze(effects);
    const entry: StoredAnalysis = { lookups, effects };
    if (variants) {
      variants.push(entry);
      if (variants.length > EffectsMemo.VARIANTS) variants.shift();
    } else {
      variants = [entry];
      this.entries.set(key, variants);
    }
    this.store?.put(key, variants);
    return effects;
  }

}

function freeze(effects: readonly ShellEffect[]): void {
  for (const effect of effects) {
    if (effect.packages) Object.freeze(effect.packages);
    Object.freeze(effect);
  }
  Object.freeze(effects);
}

/** EffectsMemo's default limit: 256 K characters of script. */
const EFFECTS_MEMO_CHARS = 256 * 1024;

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
  const memoLimit = options.effectsMemoChars ?? EFFECTS_MEMO_CHARS;
  const memo = memoLimit > 0 ? new EffectsMemo(memoLimit, options.effectsStore ?? null) : null;
  return {
    analyzeScript(script: string, context: ShellContext): ShellEffect[] {
      if (typeof script !== 'string' || script.trim() === '') return [];
      const analyse = (c: ShellContext): ShellEffect[] => new Analysis(parser, script, c).runScript();
      return memo ? memo.run('script', script, context, analyse) : analyse(context);
    },
    analyzeArgv(argv: string[], context: ShellContext): ShellEffect[] {
      if (!Array.isArray(argv) || argv.length === 0) return [];
      const joined = argv.join(' ');
      const analyse = (c: ShellContext): ShellEffect[] => new Analysis(parser, joined, c).runArgv(argv);
      // The key is the argv itself: two argv can join to the same text.
      return memo ? memo.run('argv', JSON.stringify(argv), context, analyse) : analyse(context);
    },
  };
}
