/**
 * The RUN analysis: what a RUN step does to file-system paths (see ../shell-types.ts for the
 * contract). The shell is parsed with tree-sitter-bash; loading it costs some tens of milliseconds,
 * so the linter imports this module only when a stage declares volumes.
 */
import type { ShellAnalyzer, ShellContext, ShellEffect } from '../shell-types.js';
import { Analysis } from './analysis.js';
import { loadBashParser } from './tree-sitter.js';

export async function loadShellAnalyzer(): Promise<ShellAnalyzer> {
  const parser = await loadBashParser();
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
