/**
 * Syntax layer types. Positions are dockerfile-ast's: 0-based line and UTF-16 character,
 * ranges end-exclusive. Every output format converts to its own convention (1-based in human,
 * JSON and SARIF output).
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One whitespace-delimited word of an instruction as dockerfile-ast splits it. */
export interface Word {
  /** The word with line continuations removed; quotes and escapes are kept as written. */
  value: string;
  range: Range;
}

/** A `--name=value` flag of an instruction (COPY --from, RUN --mount, FROM --platform). */
export interface FlagInfo {
  name: string;
  value: string | null;
  range: Range;
}

/**
 * The argument text of an instruction as BuildKit sees it: continuations removed, comment lines
 * inside continuations dropped, with a map from every character offset back to the document.
 */
export interface LogicalText {
  text: string;
  /** Document position of the character at `offset` (offset === text.length gives the end). */
  positionAt(offset: number): Position;
  /** Document range of the text between two offsets. */
  rangeOf(start: number, end: number): Range;
}

export interface HeredocInfo {
  name: string;
  /** The body, without the opening and closing delimiter lines. */
  content: string;
  contentRange: Range | null;
  /** Maps an offset in `content` to its document position. */
  positionAt(offset: number): Position;
}

export interface PropertyInfo {
  name: string;
  value: string | null;
  range: Range;
}

/** One instruction, with every getter of dockerfile-ast called once and kept. */
export interface Instruction {
  /** Position of this instruction in the file (0-based, in document order, triggers after their ONBUILD). */
  index: number;
  /** Upper-case keyword (`VOLUME` for `volume`). */
  keyword: string;
  /** The keyword as written. */
  keywordText: string;
  range: Range;
  keywordRange: Range;
  /** Words after the keyword and flags. */
  words: Word[];
  flags: FlagInfo[];
  /** Argument text after the flags, BuildKit's view; null when the instruction has no arguments. */
  args: LogicalText | null;
  heredocs: HeredocInfo[];
  /** ARG and ENV: `name=value` pairs; the value as written (quotes kept), null for `ARG NAME`. */
  properties: PropertyInfo[];
  /** For an ONBUILD trigger: the ONBUILD instruction it belongs to. */
  onbuild?: Instruction;
}

export interface Directive {
  name: string;
  value: string;
  range: Range;
}

/** A comment on its own line. */
export interface CommentLine {
  /** Text after `#`, trimmed. */
  content: string;
  range: Range;
}

export interface ParsedDockerfile {
  text: string;
  /** Offsets of each line start in `text`. */
  lineStarts: number[];
  escapeChar: string;
  directives: Directive[];
  comments: CommentLine[];
  /** All instructions in document order; ONBUILD triggers are listed separately in `triggers`. */
  instructions: Instruction[];
  /** Instructions inside ONBUILD, in document order. */
  triggers: Instruction[];
}
