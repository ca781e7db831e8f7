/**
 * Shell words after expansion. A word of the script becomes one or more `Arg`s (field splitting of
 * unquoted expansions); what the analysis cannot know (an unknown variable, `$(…)`) is kept as an
 * "unknown" part so that a path can be cut before it.
 */
import type { SyntaxNode } from './syntax.js';

/**
 * Stands for an unknown part in a script text that the analysis builds itself (the expanded script
 * of `sh -c "…$X…"`). A Private Use Area character: it never occurs in real scripts.
 */
export const UNKNOWN_MARK = '\uE000';

export interface Arg {
  /** The expanded value, or undefined when part of it is unknown. */
  value: string | undefined;
  /** The known text before the first unknown part (the whole value when it is known). */
  prefix: string;
  /** Index into `value`/`prefix` of the first unquoted wildcard (`*`, `?`, `[…]`, `{a,b}`), or -1. */
  wildcard: number;
  /** True when a `${X:-default}` default stood in for a variable whose value is unknown. */
  guessed: boolean;
  /** Range of the word in the analysed text. */
  start: number;
  end: number;
  /** Where `value[0]` sits in the analysed text when the value is the source text itself. */
  exactAt: number | undefined;
  /** The value with unknown parts replaced by UNKNOWN_MARK (what a nested `sh -c` would see). */
  reparse: string;
}

/** The value of a variable as far as the analysis knows it. */
export type VarValue = { kind: 'set'; value: string; guessed?: boolean } | { kind: 'unset' } | { kind: 'unknown' };

export interface Expander {
  /** The analysed text (offsets of nodes index into it). */
  readonly source: string;
  variable(name: string): VarValue;
  /** The home directory for `~`, when known. */
  home(): string | undefined;
  /** Called for every `$(…)`, `` `…` `` and `<(…)` met while expanding, so that its effects are seen. */
  substitution(node: SyntaxNode): void;
}

interface Part {
  text: string;
  unknown: boolean;
  quoted: boolean;
  /** An unquoted expansion result: subject to field splitting. */
  split: boolean;
  guessed: boolean;
  /** Literal text of an unquoted `word` node (the only place where `~` expands). */
  tildeable: boolean;
}

const lit = (text: string, quoted: boolean, tildeable = false): Part => ({
  text,
  unknown: false,
  quoted,
  split: false,
  guessed: false,
  tildeable,
});
const unknownPart = (quoted: boolean): Part => ({ text: '', unknown: true, quoted, split: false, guessed: false, tildeable: false });

/** Expands a word node (word, string, concatenation, expansion…) into fields. */
export function expandWord(node: SyntaxNode, expander: Expander): Arg[] {
  if (node.type === 'word' || node.type === 'number') {
    // Most words: plain text, no escape, no `~`, no unknown mark. Their value is their text
    // (what partsOf, expandTilde, fieldsOf and argOf below give for them, without the parts).
    const text = expander.source.slice(node.startIndex, node.endIndex);
    if (text !== '' && text.charCodeAt(0) !== 0x7e && !text.includes('\\') && !text.includes(UNKNOWN_MARK)) {
      const wildcard = WILDCARD_START.test(text) ? firstWildcard(text, null) : -1;
      return [{ value: text, prefix: text, wildcard, guessed: false, start: node.startIndex, end: node.endIndex, exactAt: node.startIndex, reparse: text }];
    }
  }
  const parts = partsOf(node, expander, false);
  expandTilde(parts, expander);
  return fieldsOf(parts, node.startIndex, node.endIndex, exactOffset(node, expander.source));
}

/** Expands a word node into one string-like Arg without field splitting (assignment values, `case`). */
export function expandWordNoSplit(node: SyntaxNode, expander: Expander): Arg {
  const parts = partsOf(node, expander, false).map((part) => ({ ...part, split: false }));
  expandTilde(parts, expander);
  return argOf(parts, node.startIndex, node.endIndex, exactOffset(node, expander.source));
}

/** An Arg for a literal string that no shell expands (exec-form argv). */
export function literalArg(text: string, start: number): Arg {
  return { value: text, prefix: text, wildcard: -1, guessed: false, start, end: start + text.length, exactAt: start, reparse: text };
}

/**
 * Several words read as one string joined with spaces (the script of `eval a b`, the text `echo a b`
 * writes): one word as it is; the value unknown when any word's is.
 */
export function joinArgs(args: readonly Arg[]): Arg {
  if (args.length === 1) return args[0]!;
  return {
    value: args.every((arg) => arg.value !== undefined) ? args.map((arg) => arg.value).join(' ') : undefined,
    prefix: '',
    wildcard: -1,
    guessed: args.some((arg) => arg.guessed),
    start: args[0]!.start,
    end: args[args.length - 1]!.end,
    exactAt: undefined,
    reparse: args.map((arg) => arg.reparse).join(' '),
  };
}

/** The Arg for `arg`'s value from index `from` on (the value of `-C/opt` or `--directory=/opt`). */
export function sliceArg(arg: Arg, from: number): Arg {
  const value = arg.value === undefined ? undefined : arg.value.slice(from);
  return {
    value,
    prefix: arg.prefix.slice(Math.min(from, arg.prefix.length)),
    wildcard: arg.wildcard >= from ? arg.wildcard - from : -1,
    guessed: arg.guessed,
    start: arg.start,
    end: arg.end,
    exactAt: arg.exactAt === undefined ? undefined : arg.exactAt + from,
    reparse: arg.reparse.slice(from),
  };
}

/** Where the expanded value of `node` equals its source text, the offset of that text. */
function exactOffset(node: SyntaxNode, source: string): number | undefined {
  const text = source.slice(node.startIndex, node.endIndex);
  if (node.type === 'raw_string') return node.startIndex + 1;
  if (node.type === 'word' || node.type === 'number') return text.includes('\\') ? undefined : node.startIndex;
  if (node.type === 'string') {
    for (const child of node.children) {
      if (child.type === '"') continue;
      if (child.type !== 'string_content') return undefined;
    }
    return text.includes('\\') ? undefined : node.startIndex + 1;
  }
  return undefined;
}

function partsOf(node: SyntaxNode, expander: Expander, quoted: boolean): Part[] {
  const source = expander.source;
  const text = source.slice(node.startIndex, node.endIndex);
  switch (node.type) {
    case 'word':
      return quoted ? [lit(text, true)] : unescapeUnquoted(text);
    case 'number':
    case 'extglob_pattern':
    case 'brace_expression':
    case 'test_operator':
      return [lit(text, quoted)];
    case 'raw_string':
      return [lit(text.slice(1, -1), true)];
    case 'ansi_c_string':
      return [lit(decodeAnsiC(text.slice(2, -1)), true)];
    case 'string':
    case 'translated_string':
      return partsOfString(node, expander);
    case 'string_content':
      return [lit(unescapeDoubleQuoted(text), true)];
    case 'simple_expansion':
      return expandSimple(node, expander, quoted);
    case 'expansion':
      return expandBraced(node, expander, quoted);
    case 'command_substitution':
    case 'process_substitution':
      expander.substitution(node);
      return [unknownPart(quoted)];
    case 'concatenation': {
      const parts: Part[] = [];
      let at = node.startIndex;
      for (const child of node.children) {
        if (child.startIndex > at) parts.push(...unescapeUnquoted(source.slice(at, child.startIndex)));
        parts.push(...partsOf(child, expander, quoted));
        at = child.endIndex;
      }
      return parts;
    }
    default:
      return [unknownPart(quoted)];
  }
}

function partsOfString(node: SyntaxNode, expander: Expander): Part[] {
  const source = expander.source;
  const parts: Part[] = [];
  const children = node.children;
  // Skip the opening `"` (or `$"`) and the closing `"`.
  const open = children[0];
  const close = children[children.length - 1];
  let at = open && open.type !== 'string_content' ? open.endIndex : node.startIndex + 1;
  const stop = close && close.type === '"' && children.length > 1 ? close.startIndex : node.endIndex - 1;
  for (const child of children) {
    if (child === open && child.type !== 'string_content') continue;
    if (child === close && child.type === '"') continue;
    if (child.startIndex > at) parts.push(lit(unescapeDoubleQuoted(source.slice(at, child.startIndex)), true));
    parts.push(...partsOf(child, expander, true));
    at = child.endIndex;
  }
  if (stop > at) parts.push(lit(unescapeDoubleQuoted(source.slice(at, stop)), true));
  if (parts.length === 0) parts.push(lit('', true));
  return parts;
}

/** `$NAME`, `$1`, `$@`… */
function expandSimple(node: SyntaxNode, expander: Expander, quoted: boolean): Part[] {
  const nameNode = node.children.find((c) => c.type === 'variable_name');
  if (!nameNode) return [unknownPart(quoted)];
  const name = expander.source.slice(nameNode.startIndex, nameNode.endIndex);
  return valueParts(expander.variable(name), quoted);
}

function valueParts(value: VarValue, quoted: boolean): Part[] {
  if (value.kind === 'unknown') return [unknownPart(quoted)];
  const text = value.kind === 'set' ? value.value : '';
  return [{ ...lit(text, quoted), split: !quoted, guessed: value.kind === 'set' && value.guessed === true }];
}

const DEFAULT_OPERATORS = new Set([':-', '-', ':=', '=']);
const ALTERNATE_OPERATORS = new Set([':+', '+']);
const ERROR_OPERATORS = new Set([':?', '?']);

/** `${NAME}`, `${NAME:-word}`, `${NAME:+word}`… Anything else (`${#X}`, `${X%.*}`) is unknown. */
function expandBraced(node: SyntaxNode, expander: Expander, quoted: boolean): Part[] {
  const source = expander.source;
  const children = node.children;
  const inner = children.filter((c) => c.type !== '${' && c.type !== '}');
  const first = inner[0];
  if (!first || first.type !== 'variable_name') return [unknownPart(quoted)];
  const value = expander.variable(source.slice(first.startIndex, first.endIndex));
  if (inner.length === 1) return valueParts(value, quoted);
  const operator = inner[1]!.type;
  const close = children.find((c) => c.type === '}');
  const wordStart = inner[1]!.endIndex;
  const wordEnd = close ? close.startIndex : node.endIndex;
  const wordNodes = inner.slice(2);
  const word = (): Part[] => {
    const parts: Part[] = [];
    let at = wordStart;
    for (const child of wordNodes) {
      if (child.startIndex > at) parts.push(lit(source.slice(at, child.startIndex), quoted));
      parts.push(...partsOf(child, expander, quoted));
      at = child.endIndex;
    }
    if (wordEnd > at) parts.push(lit(source.slice(at, wordEnd), quoted));
    return parts;
  };
  const colon = operator.startsWith(':');
  const isSet = value.kind === 'set';
  const isEmpty = value.kind === 'unset' || (value.kind === 'set' && value.value === '');
  if (DEFAULT_OPERATORS.has(operator)) {
    if (value.kind === 'unknown') return word().map((part) => ({ ...part, guessed: true }));
    const useDefault = colon ? isEmpty : !isSet;
    return useDefault ? word() : valueParts(value, quoted);
  }
  if (ALTERNATE_OPERATORS.has(operator)) {
    if (value.kind === 'unknown') return [unknownPart(quoted)];
    const useWord = colon ? !isEmpty : isSet;
    return useWord ? word() : [lit('', quoted)];
  }
  if (ERROR_OPERATORS.has(operator)) return valueParts(value, quoted);
  return [unknownPart(quoted)];
}

/** An unquoted word: `\x` quotes x; UNKNOWN_MARK stands for an unknown part. */
function unescapeUnquoted(text: string): Part[] {
  const parts: Part[] = [];
  // Runs of plain text are copied whole, up to the next backslash or unknown mark.
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c && i + 1 < text.length) {
      if (i > from) parts.push(lit(text.slice(from, i), false, true));
      const next = text[++i]!;
      if (next !== '\n') parts.push(lit(next, true));
      from = i + 1;
    } else if (ch === 0xe000) {
      if (i > from) parts.push(lit(text.slice(from, i), false, true));
      parts.push(unknownPart(false));
      from = i + 1;
    }
  }
  if (text.length > from) parts.push(lit(text.slice(from), false, true));
  if (parts.length === 0) parts.push(lit('', false, true));
  return parts;
}

/** Inside double quotes, a backslash quotes only `$`, `` ` ``, `"`, `\` and newline. */
function unescapeDoubleQuoted(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
      if (next !== '\n') out += next;
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

const ANSI_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

function decodeAnsiC(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[++i]!;
    const simple = ANSI_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
    } else if (next === 'x') {
      let hex = '';
      while (hex.length < 2 && /[0-9a-fA-F]/.test(text[i + 1] ?? '')) hex += text[++i];
      out += hex ? String.fromCharCode(parseInt(hex, 16)) : '\\x';
    } else if (next >= '0' && next <= '7') {
      let oct = next;
      while (oct.length < 3 && /[0-7]/.test(text[i + 1] ?? '')) oct += text[++i];
      out += String.fromCharCode(parseInt(oct, 8));
    } else {
      out += '\\' + next;
    }
  }
  return out;
}

/** `~` and `~/x` at the start of an unquoted word become the home directory; `~root` becomes /root. */
function expandTilde(parts: Part[], expander: Expander): void {
  const first = parts[0];
  if (!first || !first.tildeable || !first.text.startsWith('~')) return;
  const slash = first.text.indexOf('/');
  // `~user` must end the word or be followed by a slash inside this same literal run.
  if (slash < 0 && parts.length > 1 && !parts[1]!.unknown && parts[1]!.text !== '') return;
  const user = first.text.slice(1, slash < 0 ? undefined : slash);
  const rest = slash < 0 ? '' : first.text.slice(slash);
  const home = user === '' ? expander.home() : user === 'root' ? '/root' : undefined;
  if (home === undefined) {
    parts.splice(0, 1, unknownPart(false), lit(rest, false));
  } else {
    parts.splice(0, 1, lit(home, true), lit(rest, false));
  }
}

/** A part that is not split keeps its field even when empty: an unknown value, quotes, or text. */
function makesField(part: Part): boolean {
  return part.unknown || part.quoted || part.text !== '';
}

/** Splits the parts at whitespace that comes from unquoted expansions; empty fields vanish. */
function fieldsOf(parts: Part[], start: number, end: number, exactAt: number | undefined): Arg[] {
  // No unquoted expansion result (most words): no splitting, one field unless the word is empty.
  if (!parts.some((part) => part.split && !part.unknown)) return parts.some(makesField) ? [argOf(parts, start, end, exactAt)] : [];
  const fields: Part[][] = [];
  let current: Part[] = [];
  let substantial = false;
  const finish = () => {
    if (substantial) fields.push(current);
    current = [];
    substantial = false;
  };
  for (const part of parts) {
    if (!part.split || part.unknown) {
      current.push(part);
      if (makesField(part)) substantial = true;
      continue;
    }
    const pieces = part.text.split(/[ \t\n]/);
    pieces.forEach((piece, index) => {
      if (index > 0) finish();
      if (piece !== '') {
        current.push({ ...part, text: piece });
        substantial = true;
      }
    });
  }
  finish();
  const split = fields.length !== 1 || parts.some((part) => part.split && /[ \t\n]/.test(part.text));
  return fields.map((field) => argOf(field, start, end, split ? undefined : exactAt));
}

function argOf(parts: Part[], start: number, end: number, exactAt: number | undefined): Arg {
  let value = '';
  let reparse = '';
  let prefix: string | undefined;
  let guessed = false;
  // Parts that make up `value` (those before the first unknown one).
  let valueParts = parts.length;
  // Only an unquoted `*`, `?`, `[` or `{` of the value can start a wildcard: most words have none,
  // and then the per-character mask of quoted characters is not built at all.
  let mayGlob = false;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    guessed ||= part.guessed;
    if (part.unknown) {
      if (prefix === undefined) {
        prefix = value;
        valueParts = index;
      }
      reparse += UNKNOWN_MARK;
      continue;
    }
    reparse += part.text;
    if (prefix === undefined) {
      value += part.text;
      if (!part.quoted && !mayGlob && WILDCARD_START.test(part.text)) mayGlob = true;
    }
  }
  let wildcard = -1;
  if (mayGlob) {
    const globbable: boolean[] = [];
    for (let index = 0; index < valueParts; index++) {
      const part = parts[index]!;
      for (let i = 0; i < part.text.length; i++) globbable.push(!part.quoted);
    }
    wildcard = firstWildcard(value, globbable);
  }
  const known = prefix === undefined;
  return {
    value: known ? value : undefined,
    prefix: known ? value : prefix!,
    wildcard,
    guessed,
    start,
    end,
    exactAt: known && !guessed ? exactAt : undefined,
    reparse,
  };
}

const WILDCARD_START = /[*?[{]/;

/**
 * The first unquoted `*`, `?`, `[…]` or brace expansion `{a,b}`/`{1..3}`, or -1. Linear time.
 * `globbable` tells which characters are unquoted; null: all of them.
 */
function firstWildcard(text: string, globbable: boolean[] | null): number {
  if (!/[*?[{]/.test(text)) return -1;
  if (!text.includes('[') && !text.includes('{')) {
    // Only `*` and `?` (most globs, `/tmp/*`): the first unquoted one.
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if ((ch === 0x2a || ch === 0x3f) && (globbable === null || globbable[i])) return i;
    }
    return -1;
  }
  // Scanning from the right: where the next `]`, `}`, `,` and `..` are.
  const n = text.length;
  const nextBracket = new Int32Array(n + 1).fill(-1);
  const nextBrace = new Int32Array(n + 1).fill(-1);
  const nextSeparator = new Int32Array(n + 1).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    const ch = text[i];
    nextBracket[i] = ch === ']' ? i : nextBracket[i + 1]!;
    nextBrace[i] = ch === '}' ? i : nextBrace[i + 1]!;
    nextSeparator[i] = ch === ',' || (ch === '.' && text[i + 1] === '.') ? i : nextSeparator[i + 1]!;
  }
  for (let i = 0; i < n; i++) {
    if (globbable !== null && !globbable[i]) continue;
    const ch = text[i];
    if (ch === '*' || ch === '?') return i;
    if (ch === '[' && i + 2 <= n && nextBracket[i + 2]! > i) return i;
    if (ch === '{') {
      const close = nextBrace[i + 1]!;
      const separator = nextSeparator[i + 1]!;
      if (close > i && separator > i && separator < close) return i;
    }
  }
  return -1;
}
