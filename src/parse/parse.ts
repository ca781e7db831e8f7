/**
 * The only module that talks to dockerfile-ast. It calls every getter at most once per
 * instruction, when first needed, and keeps the result: dockerfile-ast recomputes arguments and
 * ranges on every call.
 */
import { DockerfileParser } from 'dockerfile-ast';
// Makes dockerfile-ast stop repeating work (measured; see the module): same results, about a third of the time.
import { argumentSpans, flagsEndAtFirstArgument, mayHoldFlag, mayHoldHeredoc, type ArgumentSpans } from './ast-speedups.js';
import { characterAt, computeLineStarts, lineAtOffset } from './lines.js';
import type {
  Instruction as AstInstruction,
  Onbuild as AstOnbuild,
  Heredoc as AstHeredoc,
  Flag as AstFlag,
  Property as AstProperty,
} from 'dockerfile-ast';
import type {
  CommentLine,
  Directive,
  FlagInfo,
  HeredocInfo,
  Instruction,
  LogicalText,
  ParsedDockerfile,
  Position,
  PropertyInfo,
  Range,
  Word,
} from './types.js';

export function offsetAt(lineStarts: number[], text: string, pos: Position): number {
  if (pos.line >= lineStarts.length) return text.length;
  return Math.min(lineStarts[pos.line]! + pos.character, text.length);
}

function copyRange(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** Index of the last element of an ascending array that is <= value (0 when none is). */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Where each word of an argument list is: its value, and the line and character of its start and
 * end (as dockerfile-ast's ranges give them), as parallel arrays.
 */
interface WordPlaces {
  values: readonly string[];
  startLine: number[];
  startCharacter: number[];
  endLine: number[];
  endCharacter: number[];
}

function placesOfWords(words: readonly Word[]): WordPlaces {
  return {
    values: words.map((w) => w.value),
    startLine: words.map((w) => w.range.start.line),
    startCharacter: words.map((w) => w.range.start.character),
    endLine: words.map((w) => w.range.end.line),
    endCharacter: words.map((w) => w.range.end.character),
  };
}

/**
 * The places of the arguments from `first` on, from their offsets (item 10 of ast-speedups.ts),
 * with the positions dockerfile-ast's document gives for those offsets.
 */
function placesOfSpans(spans: ArgumentSpans, first: number, sourceText: string, lineStarts: number[]): WordPlaces {
  const places: WordPlaces = { values: first === 0 ? spans.values : spans.values.slice(first), startLine: [], startCharacter: [], endLine: [], endCharacter: [] };
  const length = sourceText.length;
  let line = 0;
  for (let i = first; i < spans.values.length; i++) {
    const start = Math.max(Math.min(spans.starts[i]!, length), 0);
    line = lineAtOffset(lineStarts, start, line);
    places.startLine.push(line);
    places.startCharacter.push(characterAt(sourceText, lineStarts, line, start));
    const end = Math.max(Math.min(spans.ends[i]!, length), 0);
    line = lineAtOffset(lineStarts, end, line);
    places.endLine.push(line);
    places.endCharacter.push(characterAt(sourceText, lineStarts, line, end));
  }
  return places;
}

/**
 * Builds BuildKit's view of an argument list from dockerfile-ast's words: words on one line keep
 * the whitespace between them as written (it matters inside JSON strings), words on different
 * lines (a continuation) are joined by one space. A word on one line is taken as written: BuildKit
 * removes no escape characters before JSON parsing or its own word expansion, while dockerfile-ast's
 * value drops them (`["C:\\data"]` would become the invalid JSON `["C:\data"]`). A word broken by a
 * line continuation keeps dockerfile-ast's value, which has the continuation removed.
 */
export function logicalTextFromWords(words: readonly Word[], sourceText: string, lineStarts: number[]): LogicalText | null {
  return logicalTextOf(placesOfWords(words), sourceText, lineStarts);
}

/** logicalTextFromWords on word places. Text that runs on in the source is taken as one slice. */
function logicalTextOf(places: WordPlaces, sourceText: string, lineStarts: number[]): LogicalText | null {
  const { values, startLine, startCharacter, endLine, endCharacter } = places;
  const count = values.length;
  if (count === 0) return null;
  const offsetOf = (line: number, character: number): number =>
    line >= lineStarts.length ? sourceText.length : Math.min(lineStarts[line]! + character, sourceText.length);
  let text = '';
  // The source text from runFrom to runTo belongs at the end of `text` (not yet appended); length
  // counts it.
  let runFrom = -1;
  let runTo = -1;
  let length = 0;
  const flush = (): void => {
    if (runFrom !== -1) text += sourceText.slice(runFrom, runTo);
    runFrom = -1;
  };
  const appendSource = (from: number, to: number): void => {
    if (to <= from) return;
    if (runFrom !== -1 && runTo === from) {
      runTo = to;
    } else {
      flush();
      runFrom = from;
      runTo = to;
    }
    length += to - from;
  };
  const appendText = (value: string): void => {
    flush();
    text += value;
    length += value.length;
  };
  const wordOffsets: number[] = [];
  const wordLengths: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      if (endLine[i - 1] === startLine[i]) {
        appendSource(offsetOf(endLine[i - 1]!, endCharacter[i - 1]!), offsetOf(startLine[i]!, startCharacter[i]!));
      } else {
        appendText(' ');
      }
    }
    wordOffsets.push(length);
    if (startLine[i] === endLine[i]) {
      const from = offsetOf(startLine[i]!, startCharacter[i]!);
      const to = offsetOf(endLine[i]!, endCharacter[i]!);
      wordLengths.push(Math.max(0, to - from));
      appendSource(from, to);
    } else {
      // A word broken by a line continuation: dockerfile-ast's value.
      wordLengths.push(values[i]!.length);
      appendText(values[i]!);
    }
  }
  flush();
  const positionAt = (offset: number): Position => {
    const lo = lastAtOrBefore(wordOffsets, offset);
    const inWord = offset - wordOffsets[lo]!;
    const wordLength = wordLengths[lo]!;
    if (inWord >= wordLength) {
      // In the gap after the word (or at the very end).
      if (lo === count - 1 || inWord === wordLength) return { line: endLine[lo]!, character: endCharacter[lo]! };
      if (startLine[lo + 1] === endLine[lo]) return { line: endLine[lo]!, character: endCharacter[lo]! + (inWord - wordLength) };
      return { line: endLine[lo]!, character: endCharacter[lo]! };
    }
    if (startLine[lo] === endLine[lo] && endCharacter[lo]! - startCharacter[lo]! === wordLength) {
      return { line: startLine[lo]!, character: startCharacter[lo]! + inWord };
    }
    return { line: startLine[lo]!, character: startCharacter[lo]! };
  };
  return {
    text,
    positionAt,
    rangeOf: (start: number, end: number): Range => ({ start: positionAt(start), end: positionAt(end) }),
  };
}

function convertHeredoc(h: AstHeredoc, sourceText: string, lineStarts: number[]): HeredocInfo {
  const contentRange = h.getContentRange();
  let content = '';
  let base = 0;
  if (contentRange) {
    base = offsetAt(lineStarts, sourceText, contentRange.start);
    content = sourceText.slice(base, offsetAt(lineStarts, sourceText, contentRange.end));
  }
  return {
    name: h.getName(),
    content,
    contentRange: contentRange ? copyRange(contentRange) : null,
    positionAt: (offset: number): Position => {
      const absolute = base + Math.max(0, Math.min(offset, content.length));
      const lo = lastAtOrBefore(lineStarts, absolute);
      return { line: lo, character: absolute - lineStarts[lo]! };
    },
  };
}

interface AstWithFlags {
  getFlags(): AstFlag[];
}
interface AstWithProperties {
  getProperties(): AstProperty[];
}
interface AstWithHeredocs {
  getHeredocs(): AstHeredoc[];
}

function hasFlags(i: AstInstruction): i is AstInstruction & AstWithFlags {
  return typeof (i as Partial<AstWithFlags>).getFlags === 'function';
}
function hasProperties(i: AstInstruction): i is AstInstruction & AstWithProperties {
  return typeof (i as Partial<AstWithProperties>).getProperties === 'function';
}
function hasHeredocs(i: AstInstruction): i is AstInstruction & AstWithHeredocs {
  return typeof (i as unknown as Partial<AstWithHeredocs>).getHeredocs === 'function';
}

/**
 * dockerfile-ast 0.7's getHeredocs throws on a line continuation followed by an escaped `#`
 * (`RUN a \` then `\# note`; found by the fuzzer): such an instruction has no heredoc volint
 * can use, so it gets none instead of failing the whole file.
 */
function heredocsOf(ast: AstInstruction & AstWithHeredocs): AstHeredoc[] {
  try {
    return ast.getHeredocs();
  } catch {
    return [];
  }
}

/**
 * One instruction. The keyword and ranges are read at once; what comes from the arguments (words,
 * flags, BuildKit's view of the text, heredocs, properties) is read from dockerfile-ast on first
 * use and kept: most RUN steps (about 85% of a Dockerfile's text) sit in stages without volumes,
 * whose RUN steps the model never reads, and splitting their arguments into words was a fifth of
 * the time of a lint.
 */
class ParsedInstruction implements Instruction {
  readonly index: number;
  readonly keyword: string;
  readonly keywordText: string;
  readonly range: Range;
  readonly keywordRange: Range;
  declare readonly onbuild?: Instruction;
  readonly #ast: AstInstruction;
  readonly #sourceText: string;
  readonly #lineStarts: number[];
  #words: Word[] | undefined;
  #flags: FlagInfo[] | undefined;
  #heredocs: HeredocInfo[] | undefined;
  #args: LogicalText | null | undefined;
  #properties: PropertyInfo[] | undefined;

  constructor(ast: AstInstruction, index: number, sourceText: string, lineStarts: number[], onbuild?: Instruction) {
    this.#ast = ast;
    this.#sourceText = sourceText;
    this.#lineStarts = lineStarts;
    this.index = index;
    this.keywordText = ast.getInstruction();
    this.keyword = this.keywordText.toUpperCase();
    this.range = copyRange(ast.getRange());
    this.keywordRange = copyRange(ast.getInstructionRange());
    if (onbuild) (this as { onbuild?: Instruction }).onbuild = onbuild;
  }

  get words(): Word[] {
    return (this.#words ??= this.#ast.getArguments().map((a) => ({ value: a.getValue(), range: copyRange(a.getRange()) })));
  }

  get flags(): FlagInfo[] {
    if (this.#flags) return this.#flags;
    const ast = this.#ast;
    const text = this.#sourceText;
    const lineStarts = this.#lineStarts;
    if (!hasFlags(ast)) return (this.#flags = []);
    // getFlags builds every argument first: most instructions cannot hold a flag, or their first
    // argument ends the search for flags (a RUN step's command), and skip it.
    if (!mayHoldFlag(text, offsetAt(lineStarts, text, this.range.start), offsetAt(lineStarts, text, this.range.end))) return (this.#flags = []);
    if (flagsEndAtFirstArgument(ast)) return (this.#flags = []);
    return (this.#flags = ast.getFlags().map((f) => ({ name: f.getName(), value: f.getValue(), range: copyRange(f.getRange()) })));
  }

  get heredocs(): HeredocInfo[] {
    if (this.#heredocs) return this.#heredocs;
    const ast = this.#ast;
    const text = this.#sourceText;
    const lineStarts = this.#lineStarts;
    // getHeredocs scans every argument: most instructions cannot hold a heredoc and skip it.
    const mayHaveHeredoc = mayHoldHeredoc(text, offsetAt(lineStarts, text, this.range.start), offsetAt(lineStarts, text, this.range.end));
    return (this.#heredocs =
      mayHaveHeredoc && hasHeredocs(ast) ? heredocsOf(ast).map((h) => convertHeredoc(h, text, lineStarts)) : []);
  }

  get args(): LogicalText | null {
    if (this.#args !== undefined) return this.#args;
    // With heredocs, the words after the first body belong to the bodies, not to the command line.
    const firstBody = this.heredocs.find((h) => h.contentRange)?.contentRange;
    if (firstBody) {
      const commandWords = this.words.filter((w) => w.range.start.line < firstBody.start.line);
      return (this.#args = logicalTextFromWords(commandWords, this.#sourceText, this.#lineStarts));
    }
    // The words (getArguments: the flags left out) from their offsets, without building them.
    const spans = this.#words ? null : argumentSpans(this.#ast);
    if (spans) return (this.#args = logicalTextOf(placesOfSpans(spans, this.flags.length, this.#sourceText, this.#lineStarts), this.#sourceText, this.#lineStarts));
    return (this.#args = logicalTextFromWords(this.words, this.#sourceText, this.#lineStarts));
  }

  get properties(): PropertyInfo[] {
    const ast = this.#ast;
    return (this.#properties ??= hasProperties(ast)
      ? ast.getProperties().map((p) => ({ name: p.getName(), value: p.getUnescapedValue(), range: copyRange(p.getRange()) }))
      : []);
  }

  /** Every field, the lazy ones read (for tests and debugging output). */
  toJSON(): Instruction {
    return {
      index: this.index,
      keyword: this.keyword,
      keywordText: this.keywordText,
      range: this.range,
      keywordRange: this.keywordRange,
      words: this.words,
      flags: this.flags,
      args: this.args,
      heredocs: this.heredocs,
      properties: this.properties,
      ...(this.onbuild ? { onbuild: this.onbuild } : {}),
    };
  }
}

/**
 * The line starts of the text: those dockerfile-ast's document computed during its parse (the
 * same array computeLineStarts gives: see ast-speedups.ts, item 5), or computed here.
 */
function documentLineStarts(dockerfile: unknown, text: string): number[] {
  const document = (dockerfile as { document?: { getText?(): unknown; getLineOffsets?(): unknown } }).document;
  if (document && typeof document.getLineOffsets === 'function' && document.getText?.() === text) {
    const offsets = document.getLineOffsets();
    if (Array.isArray(offsets) && offsets[0] === 0) return offsets as number[];
  }
  return computeLineStarts(text);
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const lineStarts = documentLineStarts(dockerfile, text);
  const directives: Directive[] = dockerfile.getDirectives().map((d) => ({
    name: d.getName().toLowerCase(),
    value: d.getValue(),
    range: copyRange(d.getRange()),
  }));
  const comments: CommentLine[] = dockerfile.getComments().map((c) => ({
    content: c.getContent().trim(),
    range: copyRange(c.getRange()),
  }));
  const instructions: Instruction[] = [];
  const triggers: Instruction[] = [];
  let index = 0;
  for (const ast of dockerfile.getInstructions()) {
    const converted = new ParsedInstruction(ast, index++, text, lineStarts);
    instructions.push(converted);
    if (converted.keyword === 'ONBUILD') {
      const trigger = (ast as AstOnbuild).getTriggerInstruction();
      if (trigger) triggers.push(new ParsedInstruction(trigger, index++, text, lineStarts, converted));
    }
  }
  return {
    text,
    lineStarts,
    escapeChar: dockerfile.getEscapeCharacter(),
    directives,
    comments,
    instructions,
    triggers,
  };
}
