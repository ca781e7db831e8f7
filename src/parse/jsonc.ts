/**
 * JSON with comments (JSONC), as devcontainer.json is written (containers.dev: "a structured JSON
 * with Comments (jsonc) metadata format"): JSON plus `//` and `/* … *\/` comments and a trailing
 * comma before `]` or `}` (the Dev Containers templates ship both). Every value keeps its range
 * (0-based line and character as an editor counts them, end exclusive) so that a finding can
 * point at it. A syntax error throws JsoncError with a one-line message and the place it was
 * met; nothing else throws.
 */
import { characterAt, computeLineStarts, lineAtOffset } from './lines.js';

export interface JsoncPosition {
  line: number;
  character: number;
}

export interface JsoncRange {
  start: JsoncPosition;
  end: JsoncPosition;
}

export type JsoncValue =
  | { kind: 'object'; entries: Array<{ key: string; keyRange: JsoncRange; value: JsoncValue }>; range: JsoncRange }
  | { kind: 'array'; items: JsoncValue[]; range: JsoncRange }
  | { kind: 'string'; value: string; range: JsoncRange }
  | { kind: 'number'; value: number; range: JsoncRange }
  | { kind: 'boolean'; value: boolean; range: JsoncRange }
  | { kind: 'null'; range: JsoncRange };

export class JsoncError extends Error {
  constructor(
    message: string,
    readonly position: JsoncPosition,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses `text` (a leading byte order mark is skipped); throws JsoncError where it is not JSONC. */
export function parseJsonc(text: string): JsoncValue {
  // Lines as the editor counts them (`\n`, `\r\n` or a lone `\r`): src/parse/lines.ts.
  const lineStarts = computeLineStarts(text);
  let lastLine = 0;
  const positionAt = (offset: number): JsoncPosition => {
    const line = (lastLine = lineAtOffset(lineStarts, offset, lastLine));
    return { line, character: characterAt(text, lineStarts, line, offset) };
  };
  const rangeOf = (start: number, end: number): JsoncRange => ({ start: positionAt(start), end: positionAt(end) });
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  function fail(message: string, offset = at): never {
    throw new JsoncError(message, positionAt(offset));
  }
  const describe = (offset: number): string => (offset >= text.length ? 'the end of the file' : JSON.stringify(text[offset]));

  /** Skips white space and comments. */
  const skip = (): void => {
    while (at < text.length) {
      const c = text[at]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') at++;
      else if (c === '/' && text[at + 1] === '/') {
        const end = text.indexOf('\n', at);
        at = end < 0 ? text.length : end + 1;
      } else if (c === '/' && text[at + 1] === '*') {
        const end = text.indexOf('*/', at + 2);
        if (end < 0) fail('a /* comment is not closed');
        at = end + 2;
      } else return;
    }
  };

  const string = (): { value: string; range: JsoncRange } => {
    const start = at++;
    let value = '';
    while (true) {
      if (at >= text.length) fail('a string is not closed', start);
      const c = text[at]!;
      if (c === '"') break;
      if (c === '\n' || c === '\r') fail('a string is not closed before the end of the line', start);
      if (c === '\\') {
        const e = text[at + 1] ?? '';
        if (e === 'u') {
          const hex = text.slice(at + 2, at + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('\\u in a string is not followed by four hexadecimal digits');
          value += String.fromCharCode(Number.parseInt(hex, 16));
          at += 6;
          continue;
        }
        const escaped = ESCAPES[e];
        if (escaped === undefined) fail(`unknown escape \\${e} in a string`);
        value += escaped;
        at += 2;
        continue;
      }
      value += c;
      at++;
    }
    at++;
    return { value, range: rangeOf(start, at) };
  };

  const value = (depth: number): JsoncValue => {
    if (depth > 256) fail('values nested more than 256 deep');
    skip();
    const start = at;
    const c = text[at];
    if (c === '{') {
      at++;
      const entries: Array<{ key: string; keyRange: JsoncRange; value: JsoncValue }> = [];
      while (true) {
        skip();
        if (text[at] === '}') break;
        if (text[at] !== '"') fail(`expected a property name in double quotes or }, found ${describe(at)}`);
        const key = string();
        skip();
        if (text[at] !== ':') fail(`expected : after the property name ${JSON.stringify(key.value)}, found ${describe(at)}`);
        at++;
        entries.push({ key: key.value, keyRange: key.range, value: value(depth + 1) });
        skip();
        if (text[at] === ',') at++;
        else if (text[at] !== '}') fail(`expected , or } after the value of ${JSON.stringify(key.value)}, found ${describe(at)}`);
      }
      at++;
      return { kind: 'object', entries, range: rangeOf(start, at) };
    }
    if (c === '[') {
      at++;
      const items: JsoncValue[] = [];
      while (true) {
        skip();
        if (text[at] === ']') break;
        items.push(value(depth + 1));
        skip();
        if (text[at] === ',') at++;
        else if (text[at] !== ']') fail(`expected , or ] in a list, found ${describe(at)}`);
      }
      at++;
      return { kind: 'array', items, range: rangeOf(start, at) };
    }
    if (c === '"') {
      const s = string();
      return { kind: 'string', value: s.value, range: s.range };
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 64));
    if (number) {
      at += number[0].length;
      return { kind: 'number', value: Number(number[0]), range: rangeOf(start, at) };
    }
    for (const [word, literal] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, at) && !/[\w$]/.test(text[at + word.length] ?? '')) {
        at += word.length;
        const range = rangeOf(start, at);
        return literal === null ? { kind: 'null', range } : { kind: 'boolean', value: literal, range };
      }
    }
    return fail(`expected a value, found ${describe(at)}`);
  };

  const root = value(0);
  skip();
  if (at < text.length) fail(`unexpected ${describe(at)} after the end of the value`);
  return root;
}

/** The value of `key` in an object, or undefined. */
export function jsoncMember(node: JsoncValue | undefined, key: string): JsoncValue | undefined {
  if (node?.kind !== 'object') return undefined;
  // As JSON.parse: a repeated key's last value wins.
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]!.key === key) return node.entries[i]!.value;
  return undefined;
}
