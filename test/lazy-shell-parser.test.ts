/**
 * The linter's RUN analysis loads tree-sitter only when a script needs it (the fast parser takes
 * the others): a lint whose scripts all take the fast path never loads it, and a lint that meets
 * one the fast parser refuses loads it, builds the model again and finds what the eager analysis
 * finds. Each case runs in a fresh Node process (the parser is loaded once per process).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIMPLE =
  'FROM alpine:3.20\nVOLUME /data\nRUN mkdir -p /data/db && chown -R 1000:1000 /data && echo ok > /data/x\n' +
  'RUN bash <<EOF\nset -e\nmkdir -p /data/b\nEOF\n';
const NEEDS_TREE_SITTER = 'FROM alpine:3.20\nVOLUME /data\nRUN case "$(uname -m)" in (*) for d in a b; do mkdir -p "/data/$d"; done ;; esac && chown app /data\n';

/** Lints `text` in a child process with the lazy (linter) or eager analysis; what it found and whether tree-sitter loaded. */
function lintInChild(text: string, eager: boolean): { findings: string; effects: string; treeSitterLoaded: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'volint-lazy-'));
  try {
    const script = join(dir, 'child.mjs');
    const built = (path: string): string => JSON.stringify(new URL(`../${path}`, import.meta.url).href);
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
import { lintText } from ${built('src/engine/linter.js')};
import { loadShellAnalyzer } from ${built('src/model/shell/index.js')};
import { defaultSettings } from ${built('test/helpers/lint.js')};
if (${eager}) await loadShellAnalyzer();
const result = await lintText(${JSON.stringify(text)}, 'Dockerfile', defaultSettings());
const loaded = Object.keys(createRequire(import.meta.url).cache).some((key) => key.includes('tree-sitter-wasm'));
const effects = result.model.stages.flatMap((s) => s.effects.map((e) => [e.kind, e.path, e.recursive, e.certainty, e.command, e.range]));
process.stdout.write(JSON.stringify({ findings: JSON.stringify(result.findings.map((f) => [f.ruleId, f.message, f.range])), effects: JSON.stringify(effects), treeSitterLoaded: loaded }));
`,
    );
    return JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' })) as { findings: string; effects: string; treeSitterLoaded: boolean };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the full shell parser loads on first need', function () {
  this.timeout(60000);

  it('is not loaded when every script takes the fast path', () => {
    const lazy = lintInChild(SIMPLE, false);
    assert.equal(lazy.treeSitterLoaded, false);
    const eager = lintInChild(SIMPLE, true);
    assert.equal(eager.treeSitterLoaded, true);
    assert.equal(lazy.findings, eager.findings);
    assert.equal(lazy.effects, eager.effects);
    assert.ok(JSON.parse(lazy.effects).length >= 4, lazy.effects);
    assert.match(lazy.effects, /"mkdir","\/data\/b"/);
  });

  it('is loaded by a script the fast parser refuses, and the model is built again with it', () => {
    const lazy = lintInChild(NEEDS_TREE_SITTER, false);
    assert.equal(lazy.treeSitterLoaded, true);
    const eager = lintInChild(NEEDS_TREE_SITTER, true);
    assert.equal(lazy.findings, eager.findings);
    assert.equal(lazy.effects, eager.effects);
    // The for loop's mkdir under /data is seen (tree-sitter parsed the script).
    assert.match(lazy.effects, /"mkdir","\/data\/a"/);
  });
});
