import { defineRule } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { repairJsonList } from '../src/model/volume-text.js';

/** Why a bracketed VOLUME argument is not JSON, in the author's terms (JSON.parse's own message as a fallback). */
function jsonProblem(text: string, parserMessage: string | undefined): string {
  const body = text.trim();
  if (!body.endsWith(']')) return 'no closing bracket';
  if (body.includes("'")) return 'single quotes; JSON strings need double quotes';
  if (/,\s*\]$/.test(body)) return 'a trailing comma';
  if (/"\s+"/.test(body)) return 'a missing comma between items';
  if (/[[,]\s*[^\s"\],]/.test(body)) return 'an unquoted item';
  return parserMessage ?? 'not a JSON array';
}

export default defineRule({
  id: 'VOL001',
  name: 'volume-invalid-json',
  severity: 'error',
  fixable: 'unsafe',
  tags: ['syntax', 'correctness'],
  messages: {
    invalidJson: 'VOLUME argument looks like a JSON array but is not valid JSON ({reason}); Docker declares {paths} instead.',
    nonString: 'VOLUME JSON array has an item that is not a string; the build fails.',
  },
  docs: {
    summary: 'A VOLUME argument that looks like a JSON array but is not valid JSON.',
    why:
      'Docker parses `VOLUME [...]` as JSON only when the whole argument is a valid JSON array of strings. Anything else (single quotes, unquoted items, a trailing or missing comma) silently falls back to shell form: the text is split on whitespace and quotes are removed, so `VOLUME [\'/data\']` declares the relative path `[/data]`, which the engine mounts at `/[/data]`. The container gets a volume with brackets in its name, and nothing is mounted where the application writes.',
    bad: "FROM alpine:3.20\nVOLUME ['/data']\n",
    good: 'FROM alpine:3.20\nVOLUME ["/data"]\n',
    fix: 'Write the list as JSON with double quotes and commas between items, or use shell form without brackets (`VOLUME /data`).',
    fixSafety:
      'Replacing single quotes with double quotes or removing a trailing comma is safe: the paths are exactly the ones written, and `--fix` applies it. Quoting unquoted items or adding a missing comma is unsafe (`--fix-unsafe`), because volint has to guess where one path ends. A VOLUME that spans continuation lines gets the repair only as a suggestion.',
    references: [REFERENCES.volumeNotes, 'https://github.com/getlantern/flashlight-build/issues/157'],
  },
  check(model, context) {
    for (const owner of model.volumeInstructions) {
      const args = owner.instruction.args;
      if (!args) continue;
      const whole = args.rangeOf(0, args.text.length);
      if (owner.list.form === 'error') {
        context.report({
          range: whole,
          messageId: 'nonString',
          explanation: [
            'BuildKit and the legacy builder reject the instruction: "when using JSON array syntax, arrays must be comprised of strings only".',
          ],
        });
        continue;
      }
      if (owner.list.form !== 'shell' || !owner.list.looksLikeJson) continue;
      const paths = owner.items.map((item) => `\`${item.expanded.value ?? item.raw}\``);
      const mounts = owner.items.filter((i) => i.mountPath !== null).map((i) => `\`${i.mountPath}\``);
      const anyRelative = owner.items.some((i) => i.relative);
      const repair = repairJsonList(args.text);
      const singleLine = whole.start.line === whole.end.line;
      const fix = repair
        ? {
            description: `${repair.what}: VOLUME ${repair.text}`,
            safety: repair.safety,
            edits: [{ range: whole, text: repair.text }],
          }
        : undefined;
      context.report({
        range: whole,
        messageId: 'invalidJson',
        data: { reason: jsonProblem(args.text, owner.list.jsonError), paths: paths.join(', ') },
        explanation: [
          `As the argument is not valid JSON, Docker splits it on whitespace and removes the quotes from each word: the image declares ${owner.items.length === 1 ? 'the volume' : 'the volumes'} ${paths.join(', ')}.`,
          ...(mounts.length > 0
            ? [
                `Containers mount ${mounts.length === 1 ? 'it' : 'them'} at ${mounts.join(', ')}${anyRelative ? ' (a relative path is mounted under /)' : ''}${
                  repair ? `, so ${repair.paths.map((p) => `\`${p}\``).join(', ')} ${repair.paths.length === 1 ? 'gets' : 'get'} no volume` : ''
                }.`,
              ]
            : []),
          ...(repair ? (singleLine ? [] : [`Write instead: VOLUME ${repair.text}`]) : ['Write the paths as a JSON array of double-quoted strings.']),
        ],
        ...(fix && singleLine ? { fix } : {}),
        ...(fix && !singleLine ? { suggestions: [fix] } : {}),
      });
    }
  },
});
