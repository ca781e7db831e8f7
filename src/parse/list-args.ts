/**
 * BuildKit's `parseMaybeJSONToList` (moby/buildkit frontend/dockerfile/parser): an argument is
 * JSON form only when the whole text, left-trimmed, starts with `[` and is a JSON array; an array
 * with a non-string item is a hard error; anything else is split on whitespace. dockerfile-ast is
 * more lenient (`["/a",]` is JSON there), so volint decides the form itself.
 */

export interface ListItem {
  /** The item before variable expansion: the decoded JSON string, or the shell word as written. */
  raw: string;
  /** Offsets in the logical argument text (for JSON: the string literal including its quotes). */
  start: number;
  end: number;
}

export type ListArgs =
  | { form: 'json'; items: ListItem[] }
  | {
      form: 'shell';
      items: ListItem[];
      /** The text starts with `[` but is not a valid JSON array (single quotes, trailing comma…). */
      looksLikeJson: boolean;
      /** JSON.parse's complaint when `looksLikeJson`. */
      jsonError?: string;
    }
  | { form: 'error'; items: []; message: string };

const WHITESPACE = /[\t\v\f\r ]+/g;

/** Positions of the top-level string literals of a valid JSON array text. */
function jsonStringSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') {
        i += text[i] === '\\' ? 2 : 1;
      }
      i++;
      spans.push([start, i]);
      continue;
    }
    i++;
  }
  return spans;
}

export function splitShellWords(text: string): ListItem[] {
  const items: ListItem[] = [];
  let last = 0;
  WHITESPACE.lastIndex = 0;
  for (let m = WHITESPACE.exec(text); m; m = WHITESPACE.exec(text)) {
    if (m.index > last) items.push({ raw: text.slice(last, m.index), start: last, end: m.index });
    last = m.index + m[0].length;
  }
  if (last < text.length) items.push({ raw: text.slice(last), start: last, end: text.length });
  return items;
}

export function parseListArgs(text: string): ListArgs {
  const trimmedStart = text.length - text.trimStart().length;
  const looksLikeJson = text[trimmedStart] === '[';
  if (looksLikeJson) {
    let parsed: unknown;
    let jsonError: string | undefined;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      jsonError = (err as Error).message;
    }
    if (jsonError === undefined && Array.isArray(parsed)) {
      if (!parsed.every((item) => typeof item === 'string')) {
        return { form: 'error', items: [], message: 'when using JSON array syntax, arrays must be comprised of strings only' };
      }
      const spans = jsonStringSpans(text);
      const items = (parsed as string[]).map((raw, i) => {
        const span = spans[i] ?? [trimmedStart, text.length];
        return { raw, start: span[0], end: span[1] };
      });
      return { form: 'json', items };
    }
    return {
      form: 'shell',
      items: splitShellWords(text),
      looksLikeJson: true,
      jsonError: jsonError ?? 'not a JSON array',
    };
  }
  return { form: 'shell', items: splitShellWords(text), looksLikeJson: false };
}
