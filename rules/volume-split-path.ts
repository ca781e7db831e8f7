import { defineRule } from '../src/engine/types.js';
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
      let i = 0;
      while (i < items.length) {
        const item = items[i]!;
        const quoteError = item.expanded.error && /quote/.test(item.expanded.error);
        let end = i;
        if (quoteError) {
          // The run ends at the word that holds the closing quote (or at the last word).
          const quote = /["']/.exec(item.raw)?.[0] ?? '"';
          end = i + 1;
          while (end < items.length && !items[end]!.raw.includes(quote)) end++;
          end = Math.min(end, items.length - 1);
        } else {
          while (end + 1 < items.length && items[end + 1]!.splitFragment) end++;
        }
        if (end === i && !quoteError) {
          i++;
          continue;
        }
        const listStart = owner.list.items[i]!.start;
        const listEnd = owner.list.items[end]!.end;
        const range: Range = args.rangeOf(listStart, listEnd);
        const joined = args.text.slice(listStart, listEnd);
        const onePath = joinAsOnePath(owner, i, end, escape);
        const parts = items.slice(i, end + 1).map((p) => `\`${p.expanded.value ?? p.raw}\``);
        const jsonForm = onePath !== null ? JSON.stringify(onePath) : null;
        const single = range.start.line === range.end.line;
        context.report({
          range,
          messageId: quoteError ? 'quoted' : 'split',
          data: { joined, count: end - i + 1, parts: parts.join(', '), error: item.expanded.error ?? '' },
          explanation: [
            quoteError
              ? `Each word keeps half a quoted string, and the builders stop with "${item.expanded.error}".`
              : `The builders declare ${parts.join(' and ')} as separate volumes; relative fragments are mounted under / (${items
                  .slice(i + 1, end + 1)
                  .map((p) => p.mountPath)
                  .join(', ')}).`,
            ...(jsonForm ? [`Write instead: VOLUME [${jsonForm}]`] : []),
          ],
          ...(jsonForm && single && items.length === end - i + 1
            ? {
                fix: {
                  description: `Use JSON form: VOLUME [${jsonForm}]`,
                  safety: quoteError ? ('safe' as const) : ('unsafe' as const),
                  edits: [{ range, text: `[${jsonForm}]` }],
                },
              }
            : {}),
        });
        i = end + 1;
      }
    }
  },
});
