import { defineRule, type Fix } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { joinAsOnePath } from '../src/model/volume-text.js';
import type { Range } from '../src/parse/types.js';

export default defineRule({
  id: 'VOL015',
  name: 'volume-split-path',
  severity: 'warning',
  fixable: 'unsafe',
  tags: ['syntax', 'correctness'],
  messages: {
    split: 'Shell-form VOLUME splits `{joined}` at whitespace into {count} volumes: {parts}.',
    quoted: 'Quotes do not group words in shell-form VOLUME: `{joined}` is split at whitespace and the build fails ({error}).',
  },
  docs: {
    summary: 'A path with whitespace in shell-form VOLUME.',
    why:
      'Shell-form VOLUME is split on whitespace before quotes are looked at: `VOLUME /var/lib/my app` declares two volumes, `/var/lib/my` and `app` (mounted at `/app`), and `VOLUME "/my data"` leaves an unterminated quote in each word, which fails the build. Only JSON form can declare a path that contains a space.',
    bad: 'FROM alpine:3.20\nVOLUME /var/lib/my app\n',
    good: 'FROM alpine:3.20\nVOLUME ["/var/lib/my app"]\n',
    fix: 'Use JSON form with the whole path in one double-quoted string, or rename the directory so it has no space.',
    fixSafety:
      'Rewriting a quoted path that fails the build into JSON form is safe (`--fix`). Joining words that Docker today declares as separate volumes changes the volumes: that fix needs `--fix-unsafe`. No fix is offered when another word of the instruction uses a variable, quotes, or a relative or `src:dst` path.',
    references: [REFERENCES.volumeRef, REFERENCES.volumeNotes],
  },
  check(model, context) {
    for (const owner of model.volumeInstructions) {
      if (owner.list.form !== 'shell' || owner.list.looksLikeJson) continue;
      const args = owner.instruction.args;
      if (!args) continue;
      const items = owner.items;
      const escape = model.parsed.escapeChar;
      // Runs of items from an opening quote to its closing word, or a path and its split-off fragments.
      const runs: Array<{ from: number; to: number; quoted: boolean }> = [];
      let i = 0;
      while (i < items.length) {
        const item = items[i]!;
        const quoted = item.expanded.error !== undefined && /quote/.test(item.expanded.error);
        let end = i;
        if (quoted) {
          // The run ends at the word that holds the closing quote (or at the last word).
          const quote = /["']/.exec(item.raw)?.[0] ?? '"';
          end = i + 1;
          while (end < items.length && !items[end]!.raw.includes(quote)) end++;
          end = Math.min(end, items.length - 1);
        } else {
          while (end + 1 < items.length && items[end + 1]!.splitFragment) end++;
        }
        if (end > i || quoted) runs.push({ from: i, to: end, quoted });
        i = end + 1;
      }
      if (runs.length === 0) continue;
      // The instruction in JSON form with each run joined into one path: the fix, when every path is plain text.
      const paths: Array<string | null> = [];
      for (let k = 0; k < items.length; k++) {
        const run = runs.find((r) => r.from === k);
        if (run) {
          paths.push(joinAsOnePath(owner, run.from, run.to, escape));
          k = run.to;
        } else {
          // Only plain absolute paths: another rule's fix owns relative or `src:dst` items, and edits must not overlap.
          const raw = items[k]!.raw;
          paths.push(/^\/[^:$"'\\`]*$/.test(raw) ? raw : null);
        }
      }
      const jsonForm = paths.every((p) => p !== null) ? `[${paths.map((p) => JSON.stringify(p)).join(', ')}]` : null;
      const fix: Fix | undefined = jsonForm
        ? {
            description: `Use JSON form: VOLUME ${jsonForm}`,
            // Joining words that do not fail the build changes which volumes exist.
            safety: runs.every((r) => r.quoted) ? 'safe' : 'unsafe',
            edits: [{ range: args.rangeOf(0, args.text.length), text: jsonForm }],
          }
        : undefined;
      for (const run of runs) {
        const item = items[run.from]!;
        const listStart = owner.list.items[run.from]!.start;
        const listEnd = owner.list.items[run.to]!.end;
        const range: Range = args.rangeOf(listStart, listEnd);
        const joined = args.text.slice(listStart, listEnd);
        const parts = items.slice(run.from, run.to + 1).map((p) => `\`${p.expanded.value ?? p.raw}\``);
        const onePath = joinAsOnePath(owner, run.from, run.to, escape);
        context.report({
          range,
          messageId: run.quoted ? 'quoted' : 'split',
          data: { joined, count: run.to - run.from + 1, parts: parts.join(', '), error: item.expanded.error ?? '' },
          explanation: [
            run.quoted
              ? `Each word keeps half a quoted string, and the builders stop with "${item.expanded.error}".`
              : `The builders declare ${parts.join(' and ')} as separate volumes; relative fragments are mounted under / (${items
                  .slice(run.from + 1, run.to + 1)
                  .map((p) => p.mountPath)
                  .join(', ')}).`,
            ...(onePath !== null ? [`Only JSON form keeps ${JSON.stringify(onePath)} as one path.`] : []),
            ...(jsonForm ? [] : ['Write the instruction in JSON form, one double-quoted string per path.']),
          ],
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
