/**
 * The project's own shell scripts beside the compose file (`docker_update.sh`, `start.sh`): a
 * script that makes a bind source and gives it to an account (`mkdir -p volumes/pictrs && sudo
 * chown -R 991:991 volumes/pictrs`, then `docker compose up`) prepares that directory before the
 * stack runs, which is what a missing bind source of a non-root service needs. Read with the RUN
 * analysis (src/model/shell), from the script's directory as the current directory.
 */
import { join } from 'node:path';
import { isWithin } from '../model/paths.js';
import { ShellParserNotLoaded, type ShellAnalyzer, type ShellEffect } from '../model/shell-types.js';
import type { ComposeIO } from './project-files.js';

/** Scripts larger than this are not read (as the start scripts of a build context). */
const MAX_SCRIPT_BYTES = 256 * 1024;
/** At most this many scripts of a directory are read. */
const MAX_SCRIPTS = 20;

/** A step of a project script that gives a directory it makes to an account or opens it to all. */
export interface HostPathPreparation {
  /** The script (absolute path). */
  script: string;
  /** 1-based line of the chown or chmod. */
  line: number;
  kind: 'chown' | 'chmod';
  /** The owner (`991:991`) or the mode (`777`, `o+w`), as written. */
  setting: string;
}

/** The effects of each shell script (`*.sh`, `*.bash`) in `dir`, with their texts. */
export async function readProjectScripts(
  dir: string,
  io: ComposeIO,
  loadAnalyzer: () => Promise<ShellAnalyzer>,
): Promise<Array<{ path: string; text: string; effects: ShellEffect[] }>> {
  if (!io.list) return [];
  let entries: Array<{ name: string; directory: boolean }>;
  try {
    entries = await io.list(dir);
  } catch {
    return [];
  }
  const scripts = entries.filter((e) => !e.directory && /\.(sh|bash)$/.test(e.name)).slice(0, MAX_SCRIPTS);
  if (scripts.length === 0) return [];
  const analyzer = await loadAnalyzer();
  const out: Array<{ path: string; text: string; effects: ShellEffect[] }> = [];
  for (const { name } of scripts) {
    const path = join(dir, name);
    let text: string;
    try {
      text = await io.readText(path);
    } catch {
      continue;
    }
    if (text.length > MAX_SCRIPT_BYTES) continue;
    const effects = await analyse(analyzer, text, dir);
    if (effects) out.push({ path, text, effects });
  }
  return out;
}

/** The script's effects, run from `cwd` with nothing known of its variables; null when the analysis fails. */
async function analyse(analyzer: ShellAnalyzer, text: string, cwd: string): Promise<ShellEffect[] | null> {
  for (let attempt = 1; ; attempt++) {
    let failed = false;
    try {
      const effects = analyzer.analyzeScript(text, { cwd, lookup: () => undefined, onError: () => (failed = true) });
      return failed ? null : effects;
    } catch (error) {
      // The lazy analyzer met a script its fast parser cannot read: load the full parser, once.
      if (error instanceof ShellParserNotLoaded && attempt === 1) {
        await error.load();
        continue;
      }
      return null;
    }
  }
}

/**
 * The step of a project script that prepares `hostPath`: the script makes it (`mkdir`, at it or
 * below it) and then changes its owner or mode (`chown`/`chmod` at it, or recursively from a parent
 * after the mkdir); null when no script does both.
 */
export function preparedBy(hostPath: string, scripts: ReadonlyArray<{ path: string; text: string; effects: ShellEffect[] }>): HostPathPreparation | null {
  for (const script of scripts) {
    const made = script.effects.findIndex((e) => e.kind === 'mkdir' && isWithin(e.path, hostPath));
    if (made < 0) continue;
    const change = script.effects
      .slice(made + 1)
      .find((e) => (e.kind === 'chown' || e.kind === 'chmod') && e.setting !== undefined && (e.path === hostPath || (e.recursive && isWithin(hostPath, e.path))));
    if (!change) continue;
    return { script: script.path, line: lineOf(script.text, change.start), kind: change.kind as 'chown' | 'chmod', setting: change.setting! };
  }
  return null;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
