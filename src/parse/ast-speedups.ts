/**
 * Five changes to how dockerfile-ast 0.7 does its work, measured with `node --cpu-prof` on the
 * benchmark corpus (bench/): same results, about half the parse time.
 *
 * 1. `Instruction.getRawArguments` (a character scan plus two `positionAt` binary searches per
 *    word) ran about five times per instruction inside `DockerfileParser.parse` alone: the
 *    `JSONInstruction` constructor (RUN, COPY, ADD, CMD, ENTRYPOINT, SHELL, VOLUME…) calls it through
 *    `getRawArgumentsContent`, `getArguments`, `getFlags` and `getArgumentsRange`, and our own
 *    getters add two more. It is a pure function of the instruction's text, which never changes
 *    (each parse has its own document), so it now runs once per instruction and later calls get
 *    a copy of the remembered array (callers shift it). Argument and Range objects are never
 *    changed by dockerfile-ast except FROM's first-argument range (`getImageNameRange`), so FROM
 *    gets fresh objects on every call, as before.
 * 2. For heredoc detection the parser builds a throw-away instruction object for every
 *    instruction with arguments (running that constructor a second time) and scans its arguments
 *    for one starting with `<<`. An argument can only start with `<<` when the instruction's text
 *    holds two `<` characters (escapes and line continuations remove characters, never add them),
 *    so without two `<` the throw-away object is not built at all.
 *
 * 3. (below) parse.ts asks `getHeredocs` only when the same test allows a heredoc.
 *
 * 4. The `JSONInstruction` constructor scans the arguments of every RUN, COPY, ADD, CMD,
 *    ENTRYPOINT, SHELL and VOLUME for the JSON form (`getOpeningBracket`, `getJSONStrings`,
 *    `getClosingBracket`), and the scan needs the raw arguments. volint never asks for those three
 *    (it reads the JSON form from BuildKit's view of the text), and RUN is about 85% of the text
 *    of real Dockerfiles: the scan now waits until one of the three is first called, and then
 *    runs as before, on a twin of the instruction built with the same constructor arguments.
 *
 * 5. vscode-languageserver-textdocument, which dockerfile-ast's parse uses for every position,
 *    finds line starts with a loop over every character; `computeLineStarts` (lines.ts) gives the
 *    same array, searching for `\n` with `indexOf` when the text has no `\r`. parse.ts then uses
 *    the document's array instead of computing its own. Its `positionAt` (two calls per argument
 *    of every instruction) searches all lines each time; the parse asks for positions in text
 *    order, so the line of the previous answer, or the next one, is nearly always right: tried
 *    first, then the same binary search.
 *
 * 6. `ModifiableInstruction.getArguments` (COPY, ADD, RUN…; the parser itself calls it) drops the
 *    flags with one `Array#shift` per flag, quadratic on `COPY --a --a --a …`: the same result with
 *    one slice. Its `getFlags` reads the arguments through this method again, building all of them
 *    a second time (a whole RUN script's words); where the first argument ends getFlags's search
 *    at once (no flag there: most instructions), the flags are set to the none it would find.
 *
 * 7. The `Arg` constructor splits its arguments into a name and a value (`getPropertyArguments`,
 *    a scan of the instruction's text, and a `Property`) for every ARG of the file, while volint
 *    reads the properties of global ARGs and of stages with volumes only (1,628 ARGs in
 *    ../shared/corpus; about a fifth of the patched parse's time). The constructor's call now
 *    answers "no arguments" and marks the instruction; `getProperty` (the only reader of the field
 *    it sets, in dockerfile-ast and here) runs the constructor's code on first use.
 *
 * 8. `Instruction.getRawArguments` (item 1's one run per instruction) builds each argument's
 *    value one character at a time (`escapedArg = escapedArg + char`: a string and a call of
 *    `Util.isWhitespace` per character), and RUN is most of a Dockerfile's text: about a third of
 *    the time of a lint of a file with a VOLUME went there. `rawArguments` runs the same state
 *    machine over character codes and takes each value as slices of the text (the characters it
 *    keeps are runs of the text between the escapes and continuations it drops): the same values,
 *    ranges and Argument objects, compared with dockerfile-ast's own method on every fixture,
 *    ../shared/corpus and generated instructions full of escapes, continuations and comments.
 *
 * They rely on dockerfile-ast's internal methods and the order in which it calls them, which a
 * release may change without notice: they are installed on load of this module only when the
 * installed dockerfile-ast is the version they were written and tested for (`TESTED_VERSION`) and
 * the text document it uses has the fields item 5 reads; on any other, dockerfile-ast runs as
 * published. `withoutSpeedups` runs a function with dockerfile-ast's original methods, and
 * `useSpeedupsFor` decides for a given version, for the tests that prove the results identical
 * and both paths working.
 */
import { Arg, Argument, DockerfileParser, From, Instruction, JSONInstruction, ModifiableInstruction, Property, PropertyInstruction } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser.js';
import astPackage from 'dockerfile-ast/package.json' with { type: 'json' };
import { characterAt, computeLineStarts, lineAtOffset } from './lines.js';

interface Point {
  line: number;
  character: number;
}
interface RawRange {
  start: Point;
  end: Point;
}
interface RawArgument {
  getValue(): string;
  getRange(): RawRange;
}
interface InstructionInternals {
  getRawArguments(): RawArgument[];
}
interface ParserInternals {
  buffer: string;
  processArguments(dockerfile: unknown, instruction: string, instructionEnd: number, start: number, offset: number): number;
  processHeredocs(instruction: unknown, offset: number): number;
  createInstruction(dockerfile: unknown, instruction: string, start: number, instructionEnd: number, end: number): unknown;
}

/** The fields JSONInstruction's constructor sets, and what it was built from. */
interface JsonInternals {
  document: unknown;
  range: unknown;
  dockerfile: unknown;
  escapeChar: unknown;
  instruction: unknown;
  instructionRange: unknown;
  openingBracket: unknown;
  closingBracket: unknown;
  jsonStrings: unknown;
  getRawArgumentsContent(): string | null;
  getOpeningBracket(): unknown;
  getJSONStrings(): unknown;
  getClosingBracket(): unknown;
}
type JsonConstructor = new (...args: unknown[]) => JsonInternals;

const REMEMBERED = Symbol('volint.rawArguments');
const SPANS = Symbol('volint.argumentSpans');
const PROPERTY_DEFERRED = Symbol('volint.argPropertyDeferred');
const JSON_DEFERRED = Symbol('volint.jsonScanDeferred');
const DEFERRING = Symbol('volint.deferHeredocCheck');

/** The arguments of `createInstruction`, kept until the heredoc check knows it needs the object. */
class DeferredInstruction {
  constructor(readonly args: [dockerfile: unknown, instruction: string, start: number, instructionEnd: number, end: number]) {}
}

const instructionProto = Instruction.prototype as unknown as InstructionInternals;
const parserProto = (Parser as unknown as { prototype: ParserInternals & { [DEFERRING]?: boolean } }).prototype;

const jsonProto = JSONInstruction.prototype as unknown as JsonInternals & { [JSON_DEFERRED]?: boolean };

/** The fields of an ARG that item 7 reads and sets. */
interface ArgInternals {
  document: unknown;
  escapeChar: string;
  property: unknown;
  [PROPERTY_DEFERRED]?: boolean;
  getPropertyArguments(): unknown[];
  getProperty(): unknown;
}
const propertyProto = PropertyInstruction.prototype as unknown as ArgInternals;
const argProto = Arg.prototype as unknown as ArgInternals;
const ParserClass = Parser as unknown as { createInstruction(...args: unknown[]): unknown };

const original = {
  getRawArguments: instructionProto.getRawArguments,
  getRawArgumentsContent: jsonProto.getRawArgumentsContent,
  getOpeningBracket: jsonProto.getOpeningBracket,
  getJSONStrings: jsonProto.getJSONStrings,
  getClosingBracket: jsonProto.getClosingBracket,
  getPropertyArguments: propertyProto.getPropertyArguments,
  getProperty: argProto.getProperty,
  staticCreateInstruction: ParserClass.createInstruction,
  processArguments: parserProto.processArguments,
  processHeredocs: parserProto.processHeredocs,
  createInstruction: parserProto.createInstruction,
};

/**
 * 10. An instruction's arguments as item 8's scan finds them: each one's value (dockerfile-ast's
 *     `getValue`) and where it starts and ends in the document's text (its `getRange` as offsets).
 */
export interface ArgumentSpans {
  readonly values: string[];
  readonly starts: number[];
  readonly ends: number[];
}

/** What item 8 reads of an instruction: its document, escape character, keyword range and text. */
interface ScanInternals {
  document: { positionAt(offset: number): Point; offsetAt(position: Point): number };
  escapeChar: string;
  getInstructionRange(): RawRange;
  getTextContent(): string;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const HASH = 35;
const DOLLAR = 36;

/**
 * 8. dockerfile-ast 0.7.1's `Instruction.getRawArguments`, step for step (the same branches in the
 *    same order, on character codes: `charAt` past the end is '', here `i + 1 >= length`), with
 *    each value kept as the run of text it covers so far (`runStart`…`runEnd`) plus what earlier
 *    runs gave (`value`), instead of a string grown by one character at a time. A run of
 *    characters that change no state (neither white space nor the escape character, outside the
 *    white space after an escape) is taken in one step: each of them would take the same branch.
 *    The arguments come out as text offsets (item 10); `rawArguments` makes dockerfile-ast's
 *    Argument objects of them.
 */
function scanArguments(this: ScanInternals): ArgumentSpans {
  const values: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const document = this.document;
  const range = this.getInstructionRange();
  const extra = document.offsetAt(range.end) - document.offsetAt(range.start);
  const fullArgs = this.getTextContent().substring(extra);
  const offset = document.offsetAt(range.start) + extra;
  const length = fullArgs.length;
  const escape = this.escapeChar.length === 1 ? this.escapeChar.charCodeAt(0) : -1;
  let start = false;
  let comment = false;
  let found = -1;
  let escapedWhitespaceDetected = false;
  let escaping = false;
  let escapeMarker = -1;
  // The value so far: `value`, then the text from runStart to runEnd (none while runStart is -1).
  let value = '';
  let runStart = -1;
  let runEnd = -1;
  const append = (from: number, to: number): void => {
    if (runStart !== -1 && runEnd === from) {
      runEnd = to;
      return;
    }
    if (runStart !== -1) value += fullArgs.slice(runStart, runEnd);
    runStart = from;
    runEnd = to;
  };
  const push = (end: number): void => {
    values.push(runStart === -1 ? value : value + fullArgs.slice(runStart, runEnd));
    starts.push(offset + found);
    ends.push(offset + end);
    value = '';
    runStart = -1;
    found = -1;
  };
  for (let i = 0; i < length; i++) {
    const char = fullArgs.charCodeAt(i);
    if (char === SPACE || char === TAB || char === CR || char === LF) {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (char === CR || char === LF) {
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      } else if (found !== -1) {
        push(escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
      }
    } else if (char === escape) {
      const next = i + 1 < length ? fullArgs.charCodeAt(i + 1) : -1;
      if (next === SPACE || next === TAB) {
        whitespaceCheck: for (let j = i + 2; j < length; j++) {
          const code = fullArgs.charCodeAt(j);
          switch (code) {
            case SPACE:
            case TAB:
              continue;
            case CR:
            case LF:
              // After a CR, dockerfile-ast steps over one more character (its LF, as it assumes).
              if (code === CR) j++;
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1) escapeMarker = i;
              i = j;
              break whitespaceCheck;
            default:
              escapeMarker = i;
              if (found === -1) i = j - 1;
              break whitespaceCheck;
          }
        }
      } else if (next === CR) {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += 2;
      } else if (next === LF) {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i++;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) push(escapeMarker);
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (next === DOLLAR) append(i, i + 2);
        else if (next === -1) break;
        else append(i + 1, i + 2);
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && char === HASH) {
        comment = true;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) push(escapeMarker);
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        if (found === -1) found = i;
        // The characters after this one that are neither white space nor the escape character
        // would each take this branch again (comment and start are now false): append them too.
        let j = i + 1;
        for (; j < length; j++) {
          const next = fullArgs.charCodeAt(j);
          if (next === SPACE || next === TAB || next === CR || next === LF || next === escape) break;
        }
        append(i, j);
        i = j - 1;
      }
      start = false;
    }
  }
  if (found !== -1) push(escapeMarker === -1 ? length : escapeMarker);
  return { values, starts, ends };
}

/** 8. `Instruction.getRawArguments`: the scanned arguments as dockerfile-ast's Argument objects. */
function rawArguments(this: ScanInternals): RawArgument[] {
  const { values, starts, ends } = spansOf(this);
  const document = this.document;
  const args: RawArgument[] = [];
  for (let i = 0; i < values.length; i++) {
    args.push(new Argument(values[i]!, { start: document.positionAt(starts[i]!), end: document.positionAt(ends[i]!) }) as unknown as RawArgument);
  }
  return args;
}

/** 10. The instruction's arguments as offsets, scanned once (getRawArguments builds its objects from them). */
function spansOf(instruction: ScanInternals & { [SPANS]?: ArgumentSpans }): ArgumentSpans {
  return (instruction[SPANS] ??= scanArguments.call(instruction));
}

function rememberedArguments(this: InstructionInternals & { [REMEMBERED]?: RawArgument[] }): RawArgument[] {
  let remembered = this[REMEMBERED];
  if (!remembered) {
    remembered = rawArguments.call(this as unknown as ScanInternals);
    this[REMEMBERED] = remembered;
  }
  // From.getImageNameRange and getRegistryRange assign to the range of the first argument they
  // receive: FROM gets fresh objects on every call, as before. No other code in dockerfile-ast
  // changes an Argument or its Range; the array itself is a copy (ModifiableInstruction shifts it).
  if (this instanceof From) {
    return remembered.map((a) => {
      const { start, end } = a.getRange();
      return new Argument(a.getValue(), { start: { ...start }, end: { ...end } }) as unknown as RawArgument;
    });
  }
  return remembered.slice();
}

function processArguments(this: ParserInternals & { [DEFERRING]?: boolean }, ...args: Parameters<ParserInternals['processArguments']>): number {
  // processArguments ends with processHeredocs(createInstruction(…)): defer that construction.
  this[DEFERRING] = true;
  try {
    return original.processArguments.apply(this, args);
  } finally {
    this[DEFERRING] = false;
  }
}

function createInstruction(this: ParserInternals & { [DEFERRING]?: boolean }, ...args: Parameters<ParserInternals['createInstruction']>): unknown {
  if (this[DEFERRING]) return new DeferredInstruction(args);
  return original.createInstruction.apply(this, args);
}

/** Whether `text` holds two `<` between `start` and `end`, which a heredoc's `<<` needs. */
function holdsTwoLessThan(text: string, start: number, end: number): boolean {
  const first = text.indexOf('<', start);
  if (first < 0 || first >= end) return false;
  const second = text.indexOf('<', first + 1);
  return second >= 0 && second < end;
}

function processHeredocs(this: ParserInternals & { [DEFERRING]?: boolean }, instruction: unknown, offset: number): number {
  if (instruction instanceof DeferredInstruction) {
    const [, , start, , end] = instruction.args;
    if (!holdsTwoLessThan(this.buffer, start, end)) return offset;
    this[DEFERRING] = false;
    instruction = original.createInstruction.apply(this, instruction.args);
  }
  return original.processHeredocs.call(this, instruction, offset);
}

/**
 * 4. True while `Parser.createInstruction` (every instruction of a parse, and ONBUILD's trigger)
 *    runs a constructor: the JSONInstruction constructor's call of `getRawArgumentsContent` is
 *    the first and only one inside it, and answering it with null ends the constructor right after
 *    the three fields get their "no JSON" values.
 */
let deferJsonScan = false;
/** 7. True while `Parser.createInstruction` runs a constructor, until an ARG's constructor asks for its arguments. */
let deferArgProperty = false;

function staticCreateInstruction(this: unknown, ...args: unknown[]): unknown {
  const before = deferJsonScan;
  const argBefore = deferArgProperty;
  deferJsonScan = true;
  deferArgProperty = true;
  try {
    return original.staticCreateInstruction.apply(this, args);
  } finally {
    deferJsonScan = before;
    deferArgProperty = argBefore;
  }
}

/** 7. In an ARG's constructor: no arguments (the property stays null) and a mark; else as published. */
function getPropertyArguments(this: ArgInternals): unknown[] {
  if (deferArgProperty && this instanceof Arg) {
    deferArgProperty = false;
    (this as ArgInternals)[PROPERTY_DEFERRED] = true;
    return [];
  }
  return original.getPropertyArguments.call(this);
}

/** 7. The ARG's property, set as its constructor sets it (one argument: a Property; else null) on first use. */
function getProperty(this: ArgInternals): unknown {
  if (this[PROPERTY_DEFERRED]) {
    this[PROPERTY_DEFERRED] = false;
    const args = original.getPropertyArguments.call(this);
    this.property = args.length === 1 ? new Property(this.document as never, this.escapeChar, args[0] as never) : null;
  }
  return original.getProperty.call(this);
}

function getRawArgumentsContent(this: JsonInternals & { [JSON_DEFERRED]?: boolean }): string | null {
  if (deferJsonScan) {
    deferJsonScan = false;
    this[JSON_DEFERRED] = true;
    return null;
  }
  return original.getRawArgumentsContent.call(this);
}

/** Runs the deferred scan: a twin built from the same arguments, without deferral, lends its fields. */
function scanJson(self: JsonInternals & { [JSON_DEFERRED]?: boolean }): void {
  if (!self[JSON_DEFERRED]) return;
  self[JSON_DEFERRED] = false;
  const Same = self.constructor as JsonConstructor;
  const before = deferJsonScan;
  deferJsonScan = false;
  try {
    const twin = new Same(self.document, self.range, self.dockerfile, self.escapeChar, self.instruction, self.instructionRange);
    self.openingBracket = twin.openingBracket;
    self.closingBracket = twin.closingBracket;
    self.jsonStrings = twin.jsonStrings;
  } finally {
    deferJsonScan = before;
  }
}

/** A JSON-form getter (`getOpeningBracket`, `getJSONStrings`, `getClosingBracket`) that scans first. */
function afterScan(getter: (this: JsonInternals) => unknown): (this: JsonInternals) => unknown {
  return function scannedGetter(this: JsonInternals) {
    scanJson(this);
    return getter.call(this);
  };
}

/** 5. The text document's line starts, computed by computeLineStarts. */
interface DocumentInternals {
  _content: string;
  _lineOffsets: number[] | undefined;
}
// The class of the document dockerfile-ast itself makes (bundlers may hold more than one copy of
// vscode-languageserver-textdocument: its CommonJS build for dockerfile-ast, its ES module build
// for an \`import\`).
const documentProto = Object.getPrototypeOf((DockerfileParser.parse('FROM scratch') as unknown as { document: object }).document) as {
  getLineOffsets?: unknown;
  positionAt?: unknown;
};

function getLineOffsets(this: DocumentInternals): number[] {
  return (this._lineOffsets ??= computeLineStarts(this._content));
}

const LAST_LINE = Symbol('volint.lastLine');

/** vscode-languageserver-textdocument's positionAt, starting from the line of the previous call. */
function positionAt(this: DocumentInternals & { [LAST_LINE]?: number }, offset: number): Point {
  const content = this._content;
  const at = Math.max(Math.min(offset, content.length), 0);
  const starts = this._lineOffsets ?? getLineOffsets.call(this);
  if (starts.length === 0) return { line: 0, character: at };
  // The line: the last one that starts at or before `at`.
  const line = lineAtOffset(starts, at, this[LAST_LINE] ?? 0);
  this[LAST_LINE] = line;
  return { line, character: characterAt(content, starts, line, at) };
}

/** 6. ModifiableInstruction.getArguments: the instruction's arguments after its flags. */
const modifiableProto = ModifiableInstruction.prototype as unknown as { getArguments(): unknown[]; getFlags(): unknown[] };
const instructionGetArguments = (Instruction.prototype as unknown as { getArguments(): unknown[] }).getArguments;

interface FlagInternals {
  flags?: unknown[];
  getFlags(): unknown[];
  stopSearchingForFlags(value: string): boolean;
}

function argumentsAfterFlags(this: FlagInternals): unknown[] {
  const args = instructionGetArguments.call(this) as Array<{ getValue(): string }>;
  // getFlags's scan stops at once where the first argument stops it (a RUN, COPY or FROM whose
  // first word is no flag), or where there is none: no flags, as it would find them, without it
  // building every argument a second time (getFlags reads them through this method).
  if (!this.flags && firstArgumentEndsFlags(this, args.length === 0 ? null : args[0]!.getValue())) this.flags = [];
  const flagCount = this.getFlags().length;
  return flagCount === 0 ? args : args.slice(flagCount);
}

/** Whether getFlags's search ends at the first argument (`null`: there is none), finding no flag. */
function firstArgumentEndsFlags(instruction: FlagInternals, first: string | null): boolean {
  return first === null || instruction.stopSearchingForFlags(first);
}

/** Every replaced method: where it lives, its name, dockerfile-ast's own, and volint's. */
const PATCHES: ReadonlyArray<readonly [target: object, name: string, original: unknown, replacement: unknown]> = [
  [instructionProto, 'getRawArguments', original.getRawArguments, rememberedArguments],
  [parserProto, 'processArguments', original.processArguments, processArguments],
  [parserProto, 'createInstruction', original.createInstruction, createInstruction],
  [parserProto, 'processHeredocs', original.processHeredocs, processHeredocs],
  [ParserClass, 'createInstruction', original.staticCreateInstruction, staticCreateInstruction],
  [jsonProto, 'getRawArgumentsContent', original.getRawArgumentsContent, getRawArgumentsContent],
  [jsonProto, 'getOpeningBracket', original.getOpeningBracket, afterScan(original.getOpeningBracket)],
  [jsonProto, 'getJSONStrings', original.getJSONStrings, afterScan(original.getJSONStrings)],
  [jsonProto, 'getClosingBracket', original.getClosingBracket, afterScan(original.getClosingBracket)],
  [propertyProto, 'getPropertyArguments', original.getPropertyArguments, getPropertyArguments],
  [argProto, 'getProperty', original.getProperty, getProperty],
  [documentProto, 'getLineOffsets', documentProto.getLineOffsets, getLineOffsets],
  [documentProto, 'positionAt', documentProto.positionAt, positionAt],
  [modifiableProto, 'getArguments', modifiableProto.getArguments, argumentsAfterFlags],
];

function install(): void {
  for (const [target, name, , replacement] of PATCHES) (target as Record<string, unknown>)[name] = replacement;
}

function uninstall(): void {
  for (const [target, name, originalMethod] of PATCHES) (target as Record<string, unknown>)[name] = originalMethod;
}

/** The dockerfile-ast release the patches were written for and are tested with. */
export const TESTED_VERSION = '0.7.1';

/** The installed dockerfile-ast's version. */
export const astVersion: string = astPackage.version;

/** Whether the document class has the fields item 5 reads (vscode-languageserver-textdocument 1.x). */
function documentFits(): boolean {
  const text = 'FROM a\nRUN b';
  const document = (DockerfileParser.parse(text) as unknown as { document: Partial<DocumentInternals> & { getLineOffsets?(): unknown } }).document;
  const offsets = typeof document.getLineOffsets === 'function' ? document.getLineOffsets() : null;
  return document._content === text && Array.isArray(document._lineOffsets) && Array.isArray(offsets) && offsets.join() === '0,7';
}

const complete = PATCHES.every(([, , originalMethod]) => typeof originalMethod === 'function') && documentFits();

/** Whether the patches are in place. */
let installed = false;
/** Whether the shortcuts outside dockerfile-ast (mayHoldHeredoc) apply. */
let shortcuts = false;

/**
 * Installs the patches when `version` is the tested release (and the internals they replace are
 * there), removes them otherwise; returns whether they are installed. Called on load with the
 * installed version; the tests call it with others.
 */
export function useSpeedupsFor(version: string): boolean {
  const fits = complete && version === TESTED_VERSION;
  if (fits && !installed) install();
  else if (!fits && installed) uninstall();
  installed = fits;
  shortcuts = fits;
  return fits;
}

/** Whether dockerfile-ast runs with the patches (false on an untested version). */
export function speedupsInstalled(): boolean {
  return installed;
}

/**
 * 3. Whether the instruction's text between two offsets may hold a heredoc, so that asking
 *    dockerfile-ast's `getHeredocs` (which scans every argument) can find one: the same two-`<`
 *    test as above, used by parse.ts for every instruction. Always true inside `withoutSpeedups`
 *    and when the patches are not installed.
 */
export function mayHoldHeredoc(text: string, start: number, end: number): boolean {
  return !shortcuts || holdsTwoLessThan(text, start, end);
}

/**
 * 9. Whether the instruction's text between two offsets may hold a flag, so that asking
 *    dockerfile-ast's `getFlags` (which builds every argument of the instruction: a whole RUN
 *    script's words) can find one. A flag is an argument whose value starts with `--`, and an
 *    argument's value has two dashes in a row only where the text has them, or has a dash before
 *    an escape character (`-\-x`, a continuation `-\` then `-x`: either escape character, whatever
 *    the directive says). Most instructions have neither. Always true inside `withoutSpeedups` and
 *    when the patches are not installed.
 */
export function mayHoldFlag(text: string, start: number, end: number): boolean {
  if (!shortcuts) return true;
  for (let i = text.indexOf('-', start); i >= 0 && i < end - 1; i = text.indexOf('-', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 45 /* - */ || next === 92 /* \ */ || next === 96 /* ` */) return true;
  }
  return false;
}

/**
 * 10. The arguments of a dockerfile-ast instruction as offsets (ArgumentSpans), from the same scan
 *     as its `getRawArguments` (and its `getArguments`, with any flags first): parse.ts builds
 *     BuildKit's view of a RUN step's text from them without an Argument, a Range and two
 *     positions per word. Null inside `withoutSpeedups` and when the patches are not installed.
 */
export function argumentSpans(instruction: object): ArgumentSpans | null {
  return shortcuts ? spansOf(instruction as ScanInternals) : null;
}

/**
 * 10. Whether dockerfile-ast's `getFlags` finds no flag in an instruction that has it, because
 *     its search ends at the first argument (a RUN, COPY, ADD or FROM whose first word holds no
 *     `--`) or there is none: the answer without building every argument. False when not known
 *     that way (inside `withoutSpeedups`, or when the patches are not installed): ask getFlags.
 */
export function flagsEndAtFirstArgument(instruction: object): boolean {
  if (!shortcuts) return false;
  const internals = instruction as Partial<FlagInternals>;
  if (typeof internals.stopSearchingForFlags !== 'function') return false;
  const { values } = spansOf(instruction as ScanInternals);
  return firstArgumentEndsFlags(internals as FlagInternals, values.length === 0 ? null : values[0]!);
}

/** Runs `run` with dockerfile-ast's original methods and no shortcut (for equivalence tests). */
export function withoutSpeedups<T>(run: () => T): T {
  const was = installed;
  if (was) uninstall();
  installed = false;
  shortcuts = false;
  try {
    return run();
  } finally {
    if (was) install();
    installed = was;
    shortcuts = was;
  }
}

useSpeedupsFor(astVersion);
