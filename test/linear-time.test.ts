/**
 * Time grows at most linearly with input size on adversarial input. Never an absolute time: each
 * family is linted at a small and a 16× larger size, and the ratio of CPU times must stay under
 * 16 × 8 = 128; quadratic behaviour gives about 256×. The margin is for GC and a busy machine:
 * on a 2-core machine under load, families that build large strings in dockerfile-ast measured up
 * to 100× (with 64× as the limit, fresh-clone CI failed on one of them once).
 * Each family below once exposed (or guards against) a quadratic path or a backtracking regex.
 */
import assert from 'node:assert/strict';
import { lint } from './helpers/lint.js';

const KB = 1024;
const GROWTH = 16;
const MARGIN = 8;

/** `head` + `unit` repeated to about `size` characters + `tail`. */
function fill(head: string, unit: string, tail: string, size: number): string {
  return head + unit.repeat(Math.max(1, Math.floor((size - head.length - tail.length) / unit.length))) + tail;
}

interface Family {
  name: string;
  make: (size: number) => string;
  /** The large size (the small one is large / 16). Cheap families go to 1 MB. */
  large: number;
}

const FAMILIES: Family[] = [
  { name: "VOLUME [' followed by many quotes", make: (n) => fill("FROM a\nVOLUME ['", "'", '\n', n), large: 1024 * KB },
  { name: 'VOLUME [" followed by many quotes', make: (n) => fill('FROM a\nVOLUME ["', '"', '\n', n), large: 1024 * KB },
  // 256 KB: dockerfile-ast builds an ARG's value character by character, and from about 256 KB on
  // the garbage collector dominates (74% of the time at 2 MB): 16 KB → 256 KB measured 10-47×
  // (with the 5 ms floor), 64 KB → 1 MB 28-100× on a busy machine, so the 1 MB size failed the
  // 64× limit now and then; our own expansion stays linear (`nested` and `run` in expand.ts, 2%).
  { name: 'long ${A:-${A:-… chain in ARG and VOLUME', make: (n) => fill('FROM a\nARG X=', '${A:-', '\nVOLUME $X\n', n), large: 256 * KB },
  { name: 'sequence of ${A:-b} modifiers', make: (n) => fill('FROM a\nVOLUME /', '${A:-b}', '\n', n), large: 1024 * KB },
  { name: 'unclosed ${ repeated', make: (n) => fill('FROM a\nWORKDIR ', '${', '\nVOLUME x\n', n), large: 1024 * KB },
  { name: 'many \\ continuations', make: (n) => fill('FROM a\nVOLUME /a ', '\\\n', '/b\n', n), large: 1024 * KB },
  // 256 KB: between 64 KB and 1 MB the run crosses from young- to old-generation garbage (a word of
  // a million `[` is built character by character by dockerfile-ast), which alone made the ratio
  // about 27 on a quiet machine and 67 under CPU contention; by size: 16→64 KB ×3, 64→256 KB ×6.6,
  // 256 KB→1 MB ×4, so nothing grows quadratically.
  { name: '[[[[ brackets', make: (n) => fill('FROM a\nVOLUME ', '[', '\n', n), large: 256 * KB },
  { name: 'long line of spaces', make: (n) => fill('FROM a\nVOLUME ', ' ', 'x\n', n), large: 1024 * KB },
  { name: 'long line of commas', make: (n) => fill('FROM a\nVOLUME [', ' ,', '\n', n), large: 1024 * KB },
  { name: 'heredoc markers without ends', make: (n) => fill('FROM a\nVOLUME /d\nRUN ', '<<A ', '\n', n), large: 256 * KB },
  { name: 'RUN <<EOF lines without ends', make: (n) => fill('FROM a\n', 'RUN <<EOF\n', '', n), large: 256 * KB },
  { name: 'suppression comment with a long run of spaces', make: (n) => fill('FROM a\n# volint ignore=VOL003', ' ', '-\nVOLUME app\n', n), large: 1024 * KB },
  { name: 'suppression comments after many instructions', make: (n) => { const k = Math.floor(n / 40); return 'FROM a\n' + 'VOLUME /d\n'.repeat(k) + '# volint ignore=VOL003\n'.repeat(k); }, large: 256 * KB },
  { name: 'chain of FROM stages', make: (n) => { let s = ''; for (let i = 0; s.length < n; i++) s += `FROM s${i - 1} AS s${i}\n`; return s + 'VOLUME /d\n'; }, large: 256 * KB },
  { name: 'stages with the same name', make: (n) => fill('', 'FROM alpine AS x\n', 'VOLUME /d\n', n), large: 256 * KB },
  { name: 'COPY with thousands of flags', make: (n) => fill('FROM a\nVOLUME /d\nCOPY ', '--chown=a ', 'x y\n', n), large: 1024 * KB },
  { name: 'one VOLUME with thousands of paths', make: (n) => fill('FROM a\nVOLUME', ' /d/x', '\n', n), large: 256 * KB },
  { name: 'deeply nested volume path', make: (n) => fill('FROM a\nVOLUME /', 'a/', '\nVOLUME /a\n', n), large: 1024 * KB },
  { name: 'unterminated quotes in VOLUME', make: (n) => fill('FROM a\nVOLUME ', `"'`, '\n', n), large: 1024 * KB },
  { name: 'many backslashes in a word', make: (n) => fill('FROM a\nVOLUME /', '\\', 'x\n', n), large: 1024 * KB },
  { name: 'CR line endings with continuations', make: (n) => fill('FROM a\rVOLUME /d\r', 'RUN x \\\r', 'y\r', n), large: 256 * KB },
  { name: 'ONBUILD ONBUILD … chain', make: (n) => fill('FROM a\n', 'ONBUILD ', 'VOLUME x\n', n), large: 1024 * KB },
];

/**
 * The CPU time (user + system, ms) this process spends linting `text`. CPU time, not wall time:
 * other processes on a busy machine stretch the wall clock of either run by any factor (fresh-clone
 * CI measured 138× and 154× once that way), while they barely change the work done here.
 */
async function timeOf(text: string): Promise<number> {
  const start = process.cpuUsage();
  await lint(text);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('linear time on adversarial input (ratios, never absolute times)', function () {
  this.timeout(300_000);

  for (const family of FAMILIES) {
    it(family.name, async () => {
      const smallText = family.make(family.large / GROWTH);
      const largeText = family.make(family.large);
      await timeOf(smallText); // warm-up: JIT, lazy modules
      const small = Math.min(await timeOf(smallText), await timeOf(smallText), await timeOf(smallText));
      let large = await timeOf(largeText);
      const limit = GROWTH * MARGIN;
      // More measurements only when the first looks bad (a GC pause or a busy machine): up to three,
      // keeping the fastest; a real quadratic path stays about 256× however often it runs.
      for (let retry = 0; retry < 3 && large / Math.max(small, 5) > limit; retry++) large = Math.min(large, await timeOf(largeText));
      // Below a few milliseconds the small run is all noise: compare with a floor of 5 ms.
      const ratio = large / Math.max(small, 5);
      assert.ok(
        ratio < limit,
        `${family.name}: ${largeText.length} chars took ${large.toFixed(0)} ms, ${GROWTH}× less took ${small.toFixed(1)} ms: ratio ${ratio.toFixed(1)} ≥ ${limit} (superlinear)`,
      );
    });
  }
});
