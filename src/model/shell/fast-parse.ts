/**
 * A fast path in front of tree-sitter for the shell scripts most RUN steps hold: `&&`/`||`/`;`
 * chains and pipelines of simple commands, with quoted strings (backslashes inside double quotes
 * included), `$NAME`/`${NAME}`, `${NAME:-default}`/`${NAME%pattern}` and the like with plain values,
 * `$1`/`$@`, `$( … )`, variable assignments (empty ones too), `export`, `local`, `name() { …; }`, file redirects, `[ … ]`
 * and `[ ! -op … ]` tests, `! command`, if/else, `for` loops, `case` statements, `{ …; }` groups, `( … )` subshells,
 * comments between statements and line continuations. For such a script it builds, in one pass of plain
 * JavaScript, exactly the tree tree-sitter-bash builds (same node types, fields, anonymous tokens
 * and offsets; only a plain `case` pattern's type may differ, which the analysis does not read: see
 * caseStatement); for anything else it returns null and tree-sitter parses the script.
 *
 * Why: parsing and copying tree-sitter's trees was a quarter of a lint thread's CPU on the bench
 * corpus (docs/performance.md). This parser takes a small part of that time for the scripts it accepts.
 *
 * The rule that keeps it exact: accept only what is certain, give up on everything else. Any
 * character or construct not handled below (backslashes outside double quotes other than line
 * continuations, backticks,
 * `$((…))`, `${…}` beyond a plain name or an operator with a plain value, heredocs, globs with braces, comments inside compound
 * commands, `&`, `while`/`until`, `case` beyond plain patterns, `elif`, keywords and declaration commands other than `export` and `local`,
 * non-ASCII text outside comments…) ends the attempt, and so do the places where tree-sitter-bash
 * reads a construct its own way (docs/shell-parser.md lists them). `test/fast-parse.test.ts`
 * compares its trees with tree-sitter's on every script of the fixtures and bench corpora and on
 * generated scripts built from the characters and words that matter here, and fails on any
 * difference.
 */
import { Node, type SyntaxNode } from './syntax.js';

/** Thrown (not an Error: no stack is captured) when the script leaves the accepted subset. */
const GIVE_UP: unique symbol = Symbol('give up');

/** Nesting of if statements beyond this is left to tree-sitter (the parser recurses on them). */
const MAX_DEPTH = 64;

/** Words that mean something else in command position; only `if` and `[` are handled here. */
const RESERVED = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in',
  'function', 'time', 'coproc', 'declare', 'typeset', 'export', 'readonly', 'local', 'unset', 'unsetenv',
  '[', '[[', ']]', ']', '{', '}', '!',
]);

// Character classes, by code unit (ASCII only: anything above 127 gives up).
const BARE = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:,@%+=~*?^-') BARE[c.charCodeAt(0)] = 1;
const NAME_START = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_') NAME_START[c.charCodeAt(0)] = 1;
const NAME = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789') NAME[c.charCodeAt(0)] = 1;
/** `$@`, `$*`, `$#`, `$?`: special_variable_name nodes. */
const SPECIAL = new Uint8Array(128);
for (const c of '@*#?') SPECIAL[c.charCodeAt(0)] = 1;
/** The characters of a parameter expansion's operator, and the operators handled. */
const OPERATOR = new Uint8Array(128);
for (const c of ':-=?+%#') OPERATOR[c.charCodeAt(0)] = 1;
const DEFAULT_OPERATORS: ReadonlySet<string> = new Set([':-', '-', ':=', '=', ':?', '?', ':+', '+']);
const PATTERN_OPERATORS: ReadonlySet<string> = new Set(['%', '%%', '#', '##']);
/** Plain text in a parameter expansion's value. */
const PARAMETER_TEXT = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:,~^*?+=%#@-') PARAMETER_TEXT[c.charCodeAt(0)] = 1;
/** The characters of a plain `case` pattern (`aarch64`, `x86_64`, `ppc64el`, `1.2`). */
const CASE_PATTERN = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-') CASE_PATTERN[c.charCodeAt(0)] = 1;
/** After a name at the start of a default value, these make the value a name and a word. */
const NAME_FOLLOWER = new Uint8Array(128);
for (const c of '-+=%#@?') NAME_FOLLOWER[c.charCodeAt(0)] = 1;

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const SEMICOLON = 0x3b;
const AMPERSAND = 0x26;
const PIPE = 0x7c;
const GREATER = 0x3e;
const LESS = 0x3c;
const DOLLAR = 0x24;
const QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CARRIAGE_RETURN = 0x0d;
const BACKTICK = 0x60;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const EQUALS = 0x3d;
const MINUS = 0x2d;
const HASH = 0x23;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const BANG = 0x21;
const STAR = 0x2a;

/** A command name read as a plain word, or `:` (`A%`, `-1`, `g++`… are left to tree-sitter). */
const COMMAND_NAME = /^[A-Za-z_./][A-Za-z0-9_./-]*$|^:$/;

/** An unquoted operand of `[ … ]` that tree-sitter-bash reads as one word. */
const TEST_WORD = /^[A-Za-z_./][A-Za-z0-9_./-]*[A-Za-z0-9_]$|^[A-Za-z_]$|^[0-9]+$/;

/** tree-sitter-bash reads an unquoted word that is only digits (with an optional minus) as a number. */
const NUMBER = /^-?[0-9]+$/;
/** Hexadecimal and based numbers (`0x1f`) are numbers there too: left to tree-sitter. */
const OTHER_NUMBER = /^-?0[xX]/;

/** The tree tree-sitter-bash would build for `script`, or null when the script is not in the accepted subset. */
export function fastParse(script: string): SyntaxNode | null {
  return attempt(script).root;
}

/** Where `fastParse` gives up on `script` (an offset), or null when it accepts it. For diagnostics and tests. */
export function fastParseStop(script: string): number | null {
  return attempt(script).stop;
}

function attempt(script: string): { root: SyntaxNode | null; stop: number | null } {
  const parser = new FastParser(script);
  try {
    return { root: parser.program(), stop: null };
  } catch (error) {
    if (error === GIVE_UP) return { root: null, stop: parser.position };
    throw error;
  }
}

function node(type: string, field: string | null, start: number, end: number, children: SyntaxNode[]): Node {
  const result = new Node(type, field, start, end, true, false);
  result.children = children;
  return result;
}

function leaf(type: string, field: string | null, start: number, end: number): Node {
  return new Node(type, field, start, end, true, false);
}

function token(type: string, field: string | null, start: number, end: number): Node {
  return new Node(type, field, start, end, false, false);
}

class FastParser {
  private pos = 0;
  private depth = 0;
  /** How many `$(` are open around the position. */
  private parens = 0;
  private readonly length: number;

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  get position(): number {
    return this.pos;
  }

  private code(at = this.pos): number {
    const c = at < this.length ? this.text.charCodeAt(at) : -1;
    if (c > 127) throw GIVE_UP;
    return c;
  }

  /** Spaces, tabs and line continuations (a backslash before a newline, outside a word). */
  private skipSpaces(): void {
    this.skip(false);
  }

  /** Also newlines (where a newline only separates, as after `&&` or `then`). */
  private skipBlank(): void {
    this.skip(true);
  }

  private skip(newlines: boolean): void {
    for (;;) {
      const c = this.code();
      if (c === SPACE || c === TAB || (newlines && c === NEWLINE)) this.pos++;
      else if (c === BACKSLASH && this.code(this.pos + 1) === NEWLINE) {
        // Right after a newline, a continuation joins the lines there (`b\n\\\nr` is `b r`), and
        // before one it joins statements (`A=1 \\\n\nB=2` is one `variable_assignments`); at the
        // end of the script it is an error.
        if (this.text.charCodeAt(this.pos - 1) === NEWLINE) throw GIVE_UP;
        this.pos += 2;
        // Also with blanks between: a continuation before an empty line joins the statements there.
        let next = this.pos;
        while (this.code(next) === SPACE || this.code(next) === TAB) next++;
        if (next >= this.length || this.code(next) === NEWLINE) throw GIVE_UP;
      } else return;
    }
  }

  /** A comment from `#` to the end of its line (any text: it is not read further). */
  private comment(): SyntaxNode {
    const start = this.pos;
    const newline = this.text.indexOf('\n', start);
    this.pos = newline < 0 ? this.length : newline;
    return leaf('comment', null, start, this.pos);
  }

  /** The character after a word: whitespace, an operator, or the end. */
  private endsWord(at: number): boolean {
    const c = this.code(at);
    return (
      c === -1 || c === SPACE || c === TAB || c === NEWLINE || c === SEMICOLON || c === AMPERSAND || c === PIPE || c === GREATER || c === LESS ||
      (c === CLOSE_PAREN && this.parens > 0)
    );
  }

  /** `keyword` is at the current position as a whole word. */
  private keywordHere(keyword: string): boolean {
    return this.text.startsWith(keyword, this.pos) && this.endsWord(this.pos + keyword.length);
  }

  program(): SyntaxNode {
    this.skipBlank();
    if (this.pos >= this.length) throw GIVE_UP;
    const start = this.pos;
    const children: SyntaxNode[] = [];
    this.statements(children, null);
    return node('program', null, start, this.length, children);
  }

  /**
   * Statements separated by `;` or newlines, into `into` (each `;` as its own token), up to the end
   * of the script (`stops` null) or up to one of the `stops` keywords in command position. Returns
   * where the sequence ends as tree-sitter-bash counts it: after the last `;`, or after the run of
   * newlines that ends the last statement (an `else` clause's extent includes it).
   */
  private statements(into: SyntaxNode[], stops: readonly string[] | null, closeParen = false, caseItem = false): number {
    // Comments are taken between the script's own statements only (where else tree-sitter-bash
    // puts them is left to it).
    const comments = stops === null && !closeParen && !caseItem;
    this.skipBlank();
    let count = 0;
    let end = this.pos;
    /** Where the last `;` separator ends (-1 after any other). */
    let afterSemicolon = -1;
    for (;;) {
      if (comments && this.code() === HASH) {
        into.push(this.comment());
        this.skipBlank();
        continue;
      }
      // A case item's statements end at `;;`: right after one of them (below), or after a `;` and
      // blanks on the same line (`url='…'; ;;`, each `;` a token of the item); after a newline, or
      // in an empty item, it is left to tree-sitter.
      if (caseItem && this.code() === SEMICOLON && this.code(this.pos + 1) === SEMICOLON) {
        if (count === 0 || afterSemicolon < 0 || this.text.slice(afterSemicolon, this.pos).includes('\n')) throw GIVE_UP;
        return end;
      }
      const done = caseItem ? false : closeParen ? this.code() === CLOSE_PAREN : stops === null ? this.pos >= this.length : stops.some((stop) => this.keywordHere(stop));
      if (done) {
        if (count === 0) throw GIVE_UP;
        return end;
      }
      if (this.pos >= this.length) throw GIVE_UP;
      const statement = this.andOr();
      afterSemicolon = -1;
      into.push(statement);
      end = statement.endIndex;
      count++;
      this.skipSpaces();
      let c = this.code();
      if (comments && c === HASH) {
        into.push(this.comment());
        c = this.code();
      }
      if (c === SEMICOLON) {
        const next = this.code(this.pos + 1);
        if (caseItem && next === SEMICOLON) return end;
        if (next === SEMICOLON || next === AMPERSAND) throw GIVE_UP;
        into.push(this.keyword(';'));
        end = this.pos;
        afterSemicolon = this.pos;
        this.skipBlank();
      } else if (c === NEWLINE) {
        // The terminator is one run of newlines; blanks after it are skipped.
        while (this.code() === NEWLINE) this.pos++;
        end = this.pos;
        this.skipBlank();
      } else if (c === -1) {
        if (stops !== null || closeParen || caseItem) throw GIVE_UP;
      } else if (!(c === CLOSE_PAREN && closeParen)) {
        throw GIVE_UP;
      }
    }
  }

  /**
   * Pipelines joined by `&&` and `||` (left-nested `list` nodes), with redirections. tree-sitter-bash
   * gives a redirection the lowest precedence: it applies to everything to its left in the
   * statement (`a && b > x` is a `redirected_statement` whose body is the list `a && b`), and
   * what follows builds on that (`a | b > x | c` is a pipeline of that statement and `c`).
   */
  private andOr(): SyntaxNode {
    let left = this.pipeline(this.command());
    for (;;) {
      const save = this.pos;
      this.skipSpaces();
      const c = this.code();
      const next = this.code(this.pos + 1);
      if (this.redirectHere()) {
        left = this.redirected(left);
      } else if ((c === AMPERSAND && next === AMPERSAND) || (c === PIPE && next === PIPE)) {
        const operator = token(c === AMPERSAND ? '&&' : '||', null, this.pos, this.pos + 2);
        this.pos += 2;
        this.skipBlank();
        const right = this.pipeline(this.command());
        left = node('list', null, left.startIndex, right.endIndex, [left, operator, right]);
      } else if (c === PIPE) {
        this.pos = save;
        left = this.pipeline(left, false);
      } else {
        this.pos = save;
        return left;
      }
    }
  }

  /**
   * `first`, then `| command` as long as they follow: one flat `pipeline` node, or `first` alone.
   * Three or more commands read in odd ways in tree-sitter-bash unless a `;`, the `)` of a `$( )`
   * or the end of the script follows (`a | b | c && d` is a pipeline of `a` and the list
   * `b | c && d`; a newline and a redirection after one join the lines): the rest, and a pipeline
   * of three after a redirected statement or a list (`longer` false), are left to it.
   */
  private pipeline(first: SyntaxNode, longer = true): SyntaxNode {
    const children: SyntaxNode[] = [first];
    for (;;) {
      const save = this.pos;
      this.skipSpaces();
      if (this.code() === PIPE && this.code(this.pos + 1) !== PIPE) {
        if (this.code(this.pos + 1) === AMPERSAND) throw GIVE_UP;
        children.push(token('|', null, this.pos, this.pos + 1));
        this.pos++;
        this.skipBlank();
        if (children.length > 2 && !longer) throw GIVE_UP;
        children.push(this.command());
      } else {
        if (children.length > 3) {
          const c = this.code();
          const next = this.code(this.pos + 1);
          const ends = c === -1 || (c === SEMICOLON && next !== SEMICOLON && next !== AMPERSAND) || (c === CLOSE_PAREN && this.parens > 0);
          if (!ends) throw GIVE_UP;
        }
        this.pos = save;
        break;
      }
    }
    if (children.length === 1) return first;
    return node('pipeline', null, first.startIndex, children[children.length - 1]!.endIndex, children);
  }

  /** `body` followed by one or more redirections (the position is at the first one). */
  private redirected(body: SyntaxNode): SyntaxNode {
    (body as Node).field = 'body';
    const parts: SyntaxNode[] = [body];
    let end = body.endIndex;
    while (this.redirectHere()) {
      const redirect = this.redirect();
      parts.push(redirect);
      end = redirect.endIndex;
      this.skipSpaces();
    }
    if (!this.commandEndsHere()) throw GIVE_UP;
    return node('redirected_statement', null, body.startIndex, end, parts);
  }

  private command(): SyntaxNode {
    if (this.code() === BANG && (this.code(this.pos + 1) === SPACE || this.code(this.pos + 1) === TAB)) return this.negated();
    if (this.keywordHere('if')) return this.ifStatement();
    if (this.keywordHere('for')) return this.forStatement();
    if (this.keywordHere('case')) return this.caseStatement();
    if (this.code() === OPEN_BRACKET) return this.testCommand();
    if (this.code() === OPEN_BRACE && this.endsWord(this.pos + 1)) return this.compoundStatement();
    if (this.code() === OPEN_PAREN && this.code(this.pos + 1) !== OPEN_PAREN) return this.subshell();
    const definition = this.functionDefinition();
    if (definition) return definition;
    return this.simpleCommand();
  }

  /**
   * `name() { …; }` (a name of letters, digits, `_` and `-` that starts with a letter), or null
   * (the position unchanged) when no `name(` starts here. `function name`, a subshell as the
   * body, and anything after the body but the end of the statement are left to tree-sitter.
   */
  private functionDefinition(): SyntaxNode | null {
    const start = this.pos;
    // `_` alone is left to tree-sitter (as a command name it is a special parameter's name).
    if (!NAME_START[this.code(start)] || (this.code(start) === 0x5f && NAME[this.code(start + 1)] !== 1)) return null;
    let at = start + 1;
    for (let c = this.code(at); NAME[c] === 1 || c === MINUS; c = this.code(at)) at++;
    let open = at;
    while (this.code(open) === SPACE || this.code(open) === TAB) open++;
    if (this.code(open) !== OPEN_PAREN) return null;
    const name = this.text.slice(start, at);
    if (RESERVED.has(name) || name === 'export' || name === 'local' || this.code(open + 1) !== CLOSE_PAREN) throw GIVE_UP;
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const children: SyntaxNode[] = [leaf('word', 'name', start, at), token('(', null, open, open + 1), token(')', null, open + 1, open + 2)];
    this.pos = open + 2;
    this.skipBlank();
    if (this.code() !== OPEN_BRACE || !this.endsWord(this.pos + 1)) throw GIVE_UP;
    const body = this.compoundStatement() as Node;
    body.field = 'body';
    children.push(body);
    this.depth--;
    this.skipSpaces();
    const c = this.code();
    if (c !== SEMICOLON && c !== NEWLINE && c !== -1) throw GIVE_UP;
    this.pos = body.endIndex;
    return node('function_definition', null, start, body.endIndex, children);
  }

  /** `{ statements; }` (a `}` in command position closes it). */
  private compoundStatement(): SyntaxNode {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const start = this.pos;
    const children: SyntaxNode[] = [this.keyword('{')];
    this.statements(children, ['}']);
    children.push(this.keyword('}'));
    this.depth--;
    return node('compound_statement', null, start, this.pos, children);
  }

  /** `( statements )`; `((` (arithmetic) is left to tree-sitter. */
  private subshell(): SyntaxNode {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const start = this.pos;
    const children: SyntaxNode[] = [this.keyword('(')];
    this.parens++;
    this.statements(children, null, true);
    this.parens--;
    children.push(this.keyword(')'));
    this.depth--;
    return node('subshell', null, start, this.pos, children);
  }

  /**
   * `! command` or `! [ … ]`: tree-sitter-bash negates the one command, not a pipeline (`! a | b`
   * is a pipeline of `! a` and `b`), and a redirection after it applies to the negated command.
   * `!` before anything else (another `!`, a keyword, assignments alone, `export`) is left to it.
   */
  private negated(): SyntaxNode {
    const start = this.pos;
    const bang = token('!', null, start, start + 1);
    this.pos++;
    this.skipSpaces();
    const body = this.code() === OPEN_BRACKET ? this.testCommand() : this.simpleCommand();
    if (body.type !== 'command' && body.type !== 'test_command') throw GIVE_UP;
    return node('negated_command', null, start, body.endIndex, [bang, body]);
  }

  /** A redirection operator starts here: `>`, `>>`, `<`, `&>`, `>&`, or a file descriptor before one. */
  private redirectHere(): boolean {
    let at = this.pos;
    let c = this.code(at);
    while (c >= 0x30 && c <= 0x39) c = this.code(++at);
    if (c === GREATER || c === LESS) return true;
    return at === this.pos && c === AMPERSAND && this.code(at + 1) === GREATER;
  }

  /** A command ends here (before its redirections, which redirectHere finds first). */
  private commandEndsHere(): boolean {
    const c = this.code();
    // `#` here starts a word: a comment (statements() takes it where comments are handled).
    return c === -1 || c === SEMICOLON || c === NEWLINE || c === AMPERSAND || c === PIPE || c === HASH || (c === CLOSE_PAREN && this.parens > 0);
  }

  private assignmentHere(): boolean {
    let at = this.pos;
    // `_=a` is a word there, not an assignment (`_x=a` is one); `_` alone is left to tree-sitter.
    if (!NAME_START[this.code(at)]) return false;
    if (this.code(at) === 0x5f && NAME[this.code(at + 1)] !== 1) throw GIVE_UP;
    for (at++; NAME[this.code(at)] === 1; at++);
    return this.code(at) === EQUALS;
  }

  private simpleCommand(): SyntaxNode {
    const start = this.pos;
    const children: SyntaxNode[] = [];
    while (this.assignmentHere()) {
      children.push(this.assignment());
      this.skipSpaces();
      if (this.commandEndsHere() || this.redirectHere()) break;
    }
    if (this.commandEndsHere() || this.redirectHere()) {
      // Assignments alone: one stands as a statement, more than one make `variable_assignments`
      // (before a newline tree-sitter-bash reads on into the next line: left to it); with
      // redirections they are left alone.
      if (children.length === 0 || this.redirectHere()) throw GIVE_UP;
      const c = this.code();
      if (children.length > 1 && c !== SEMICOLON && c !== AMPERSAND && c !== PIPE && c !== -1) throw GIVE_UP;
      return children.length === 1 ? children[0]! : node('variable_assignments', null, start, children[children.length - 1]!.endIndex, children);
    }
    const nameStart = this.pos;
    let hasEquals = false;
    for (let c = this.code(); BARE[c] === 1; c = this.code()) {
      if (c === EQUALS) hasEquals = true;
      this.pos++;
    }
    if (this.pos === nameStart || !this.endsWord(this.pos) || hasEquals) throw GIVE_UP;
    const name = this.text.slice(nameStart, this.pos);
    if (!COMMAND_NAME.test(name)) throw GIVE_UP;
    if ((name === 'export' || name === 'local') && children.length === 0) return this.declaration(nameStart, name);
    if (RESERVED.has(name)) throw GIVE_UP;
    const commandName = node('command_name', 'name', nameStart, this.pos, [leaf('word', null, nameStart, this.pos)]);
    children.push(commandName);
    let end = this.pos;
    for (;;) {
      this.skipSpaces();
      if (this.redirectHere() || this.commandEndsHere()) break;
      // A lone `!` is a plain argument (`test ! -e /x`), and so are `!=` and `=` (`test "$A" != "$B"`).
      const argument = this.code() === BANG || this.code() === EQUALS ? this.bangWord() : this.word('argument');
      children.push(argument);
      end = argument.endIndex;
      // A lone `-` before a redirection (`cmd - 2>x`) is dropped from the tree there.
      if (end - argument.startIndex === 1 && this.text.charCodeAt(argument.startIndex) === MINUS) {
        this.skipSpaces();
        if (this.redirectHere()) throw GIVE_UP;
      }
    }
    return node('command', null, start, end, children);
  }

  /**
   * A lone `!`, `!=` or `=` as an argument, before white space (anything else that starts with `!`
   * or `=` is left to tree-sitter: `=~` and `==` are operators there).
   */
  private bangWord(): Node {
    const start = this.pos;
    const length = this.code(start) === BANG && this.code(start + 1) === EQUALS ? 2 : 1;
    const after = this.code(start + length);
    if (after !== SPACE && after !== TAB) throw GIVE_UP;
    this.pos += length;
    return leaf('word', 'argument', start, this.pos);
  }

  /** `export NAME=value NAME …` or `local …` (the position is after the keyword). */
  private declaration(start: number, keyword: string): SyntaxNode {
    const children: SyntaxNode[] = [token(keyword, null, start, this.pos)];
    let end = this.pos;
    for (;;) {
      this.skipSpaces();
      if (this.commandEndsHere()) break;
      if (this.redirectHere()) throw GIVE_UP;
      if (this.assignmentHere()) {
        const assignment = this.assignment();
        children.push(assignment);
        end = assignment.endIndex;
        continue;
      }
      const name = this.variableName(null);
      children.push(name);
      end = name.endIndex;
    }
    if (children.length === 1) throw GIVE_UP;
    return node('declaration_command', null, start, end, children);
  }

  private assignment(): SyntaxNode {
    const start = this.pos;
    while (NAME[this.code()] === 1) this.pos++;
    const name = leaf('variable_name', 'name', start, this.pos);
    const equals = token('=', null, this.pos, this.pos + 1);
    this.pos++;
    if (this.endsWord(this.pos)) {
      // `A=` (empty) before white space, a `;`, a newline or the end; before an operator it is left to tree-sitter.
      const c = this.code();
      if (c !== SPACE && c !== TAB && c !== NEWLINE && c !== SEMICOLON && c !== -1) throw GIVE_UP;
      return node('variable_assignment', null, start, this.pos, [name, equals]);
    }
    const value = this.word('value');
    return node('variable_assignment', null, start, value.endIndex, [name, equals, value]);
  }

  private redirect(): SyntaxNode {
    const start = this.pos;
    const children: SyntaxNode[] = [];
    while (this.code() >= 0x30 && this.code() <= 0x39) this.pos++;
    if (this.pos > start) children.push(leaf('file_descriptor', 'descriptor', start, this.pos));
    const c = this.code();
    const next = this.code(this.pos + 1);
    let operator: string;
    if (c === GREATER) operator = next === GREATER ? '>>' : next === AMPERSAND ? '>&' : '>';
    else if (c === LESS) operator = '<';
    else operator = '&>';
    if (operator === '&>' && this.pos > start) throw GIVE_UP;
    const after = this.code(this.pos + operator.length);
    // Heredocs, here-strings, `<&`, `<>`, `>|`, `&>>`, `>>&` and process substitution are not handled.
    if (after === LESS || after === GREATER || after === AMPERSAND || after === PIPE || after === 0x28) throw GIVE_UP;
    children.push(token(operator, null, this.pos, this.pos + operator.length));
    this.pos += operator.length;
    this.skipSpaces();
    if (this.commandEndsHere() || this.redirectHere()) throw GIVE_UP;
    const destination = this.word('destination');
    // `>&` duplicates a descriptor: only a plain descriptor number is handled.
    if (operator === '>&' && destination.type !== 'number') throw GIVE_UP;
    children.push(destination);
    // Words after the destination (`echo >&2 "error" $x`, `cmd 2>/dev/null a b`) are more
    // destinations of the same redirection there.
    let end = destination.endIndex;
    for (;;) {
      const save = this.pos;
      this.skipSpaces();
      if (this.commandEndsHere() || this.redirectHere()) {
        this.pos = save;
        break;
      }
      const more = this.code() === BANG ? this.bangWord() : this.word('destination');
      (more as Node).field = 'destination';
      children.push(more);
      end = more.endIndex;
    }
    return node('file_redirect', 'redirect', start, end, children);
  }

  /**
   * One shell word (up to whitespace or an operator): a single part as itself, several as a
   * `concatenation`. Parts: unquoted text, '…', "…", $NAME and ${NAME}.
   */
  private word(field: string | null): Node {
    const start = this.pos;
    const parts: Node[] = [];
    for (;;) {
      const c = this.code();
      if (c === QUOTE) parts.push(this.rawString());
      else if (c === DOUBLE_QUOTE) parts.push(this.string());
      else if (c === DOLLAR) parts.push(this.expansion());
      else if (c === OPEN_BRACKET || c === CLOSE_BRACKET) {
        // `[]` and `]$` read otherwise in tree-sitter-bash.
        const next = this.code(this.pos + 1);
        if ((c === OPEN_BRACKET && next === CLOSE_BRACKET) || (c === CLOSE_BRACKET && next === DOLLAR)) throw GIVE_UP;
        // tree-sitter-bash makes each bracket a word of its own (`uvicorn[standard]` is four parts).
        parts.push(leaf('word', null, this.pos, this.pos + 1));
        this.pos++;
      } else if (BARE[c] === 1) {
        const from = this.pos;
        while (BARE[this.code()] === 1) this.pos++;
        parts.push(leaf('word', null, from, this.pos));
      } else if (this.endsWord(this.pos)) break;
      else throw GIVE_UP;
    }
    if (parts.length === 0) throw GIVE_UP;
    // `=~` and `==` at the start of a word are operators to tree-sitter-bash.
    if (this.text.charCodeAt(start) === EQUALS) throw GIVE_UP;
    if (parts.length === 1) {
      const only = parts[0]!;
      // A lone `[` can take in the words up to a later `]` there (`e [ ]` is one word).
      if (only.type === 'word' && only.endIndex - only.startIndex === 1 && this.text.charCodeAt(only.startIndex) === OPEN_BRACKET) throw GIVE_UP;
      const first = this.text.charCodeAt(only.startIndex);
      if (only.type === 'word' && ((first >= 0x30 && first <= 0x39) || first === MINUS)) {
        const text = this.text.slice(only.startIndex, only.endIndex);
        if (NUMBER.test(text)) {
          // Digits right before `>` or `<` (`-2>x`) are a file descriptor there.
          const after = this.code();
          if (after === GREATER || after === LESS) throw GIVE_UP;
          return leaf('number', field, only.startIndex, only.endIndex);
        }
        if (OTHER_NUMBER.test(text)) throw GIVE_UP;
      }
      only.field = field;
      return only;
    }
    let brackets = false;
    let others = false;
    for (const part of parts) {
      if (part.type !== 'word') {
        others = true;
        continue;
      }
      const first = this.text.charCodeAt(part.startIndex);
      if (first === OPEN_BRACKET || first === CLOSE_BRACKET) brackets = true;
      // Digits next to another part may be read as a number or a descriptor (`-1"x"` is a number
      // and a string there): left to tree-sitter. A minus before anything else is plain text
      // (`--build="$arch"`, `-DX=$Y`, `-"$x"`).
      const second = first === MINUS ? this.text.charCodeAt(part.startIndex + 1) : first;
      if (second >= 0x30 && second <= 0x39) throw GIVE_UP;
    }
    // Brackets next to quotes or expansions read in odd ways there (`h=]/$H` ends the word at `$`).
    if (brackets && others) throw GIVE_UP;
    // A `$NAME` from the third part on, followed by plain text, ends the word there at its `$`
    // (`http://x/$V/w-$V.tar.gz` is the words `http://x/$V/w-$` and `V.tar.gz`; found on real
    // RUN scripts, then by enumerating words of up to six parts): left to tree-sitter.
    for (let i = 2; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.type !== 'simple_expansion') continue;
      if (i < parts.length - 1 && parts[i + 1]!.type === 'word') throw GIVE_UP;
      // `$1` there ends the word before its digit (`a$V$1`): left to tree-sitter too.
      const digit = this.text.charCodeAt(part.endIndex - 1);
      if (digit >= 0x30 && digit <= 0x39) throw GIVE_UP;
    }
    return node('concatenation', field, start, this.pos, parts);
  }

  private rawString(): Node {
    const start = this.pos;
    const close = this.text.indexOf("'", start + 1);
    if (close < 0) throw GIVE_UP;
    for (let at = start + 1; at < close; at++) if (this.text.charCodeAt(at) > 127) throw GIVE_UP;
    this.pos = close + 1;
    return leaf('raw_string', null, start, this.pos);
  }

  private string(): Node {
    const start = this.pos;
    const children: SyntaxNode[] = [token('"', null, start, start + 1)];
    this.pos++;
    for (;;) {
      const c = this.code();
      if (c === DOUBLE_QUOTE) {
        children.push(token('"', null, this.pos, this.pos + 1));
        this.pos++;
        return node('string', null, start, this.pos, children);
      }
      if (c === DOLLAR) {
        children.push(this.expansion());
        continue;
      }
      // A newline splits the content into two nodes there, without the newline: left to tree-sitter.
      if (c === -1 || c === BACKTICK || c === NEWLINE) throw GIVE_UP;
      const from = this.pos;
      let blank = true;
      for (let d = this.code(); d !== -1 && d !== DOUBLE_QUOTE && d !== DOLLAR && d !== BACKTICK && d !== NEWLINE; d = this.code()) {
        // A carriage return is no string content to tree-sitter-bash.
        if (d === CARRIAGE_RETURN) throw GIVE_UP;
        if (d === BACKSLASH) {
          // A backslash and the character after it are content (`"s/\s*=/"`, `"a\"b"`, `"\$A"`);
          // before white space (which tree-sitter-bash can skip there, as a line continuation or
          // between two tokens: `"$A\ ${B}"`) or at the end, it is left to tree-sitter.
          const next = this.code(this.pos + 1);
          if (next === -1 || next === SPACE || next === TAB || next === NEWLINE || next === CARRIAGE_RETURN) throw GIVE_UP;
          this.pos++;
        }
        if (d !== SPACE && d !== TAB) blank = false;
        this.pos++;
      }
      if (blank) {
        // Whitespace alone before an expansion is part of the expansion's first token there (`"$A  $B"`
        // is two expansions, the second from the first space on, `"  $B"`). Before the closing quote
        // it is skipped (`"$A "`): left to tree-sitter.
        if (this.code() !== DOLLAR) throw GIVE_UP;
        children.push(this.expansion(from));
        continue;
      }
      children.push(leaf('string_content', null, from, this.pos));
    }
  }

  /**
   * `$NAME`, `${NAME}`, `${NAME<op>value}` (PARAMETER_OPERATORS), `$1`…`$9`, `$@`, `$*`, `$#`, `$?`
   * or `$(…)`; every other expansion gives up. The node and its first token start at `from` (white
   * space before the `$` inside a string), else at the `$`.
   */
  private expansion(from = this.pos): Node {
    const dollar = this.pos;
    const first = this.code(dollar + 1);
    if (first === OPEN_PAREN) return this.substitution(from);
    if (SPECIAL[first] === 1 || (first >= 0x31 && first <= 0x39)) {
      // `$1x` and `$10` are one name to tree-sitter-bash: only a digit alone is taken.
      if (NAME[this.code(dollar + 2)] === 1) throw GIVE_UP;
      // Before `>` or `<` (`$1> x`) the digit reads as a file descriptor there.
      if (this.code(dollar + 2) === GREATER || this.code(dollar + 2) === LESS) throw GIVE_UP;
      this.pos = dollar + 2;
      const name = leaf(first <= 0x39 && first >= 0x31 ? 'variable_name' : 'special_variable_name', null, dollar + 1, dollar + 2);
      return node('simple_expansion', null, from, this.pos, [token('$', null, from, dollar + 1), name]);
    }
    const braced = first === OPEN_BRACE;
    const nameStart = dollar + (braced ? 2 : 1);
    const initial = this.code(nameStart);
    let at = nameStart + 1;
    if (braced && initial >= 0x30 && initial <= 0x39) {
      // `${1}`, `${12:-x}`: positional parameters, their digits a variable_name there.
      while (this.code(at) >= 0x30 && this.code(at) <= 0x39) at++;
    } else {
      if (!NAME_START[initial]) throw GIVE_UP;
      while (NAME[this.code(at)] === 1) at++;
    }
    // `$_` is a special parameter in tree-sitter-bash, and `$_name` does not read as one name there.
    if (this.text.charCodeAt(nameStart) === 0x5f) throw GIVE_UP;
    const name = leaf('variable_name', null, nameStart, at);
    if (!braced) {
      this.pos = at;
      return node('simple_expansion', null, from, at, [token('$', null, from, dollar + 1), name]);
    }
    const children: Node[] = [token('${', null, from, dollar + 2), name];
    if (this.code(at) !== CLOSE_BRACE) {
      this.pos = at;
      this.parameterOperation(children);
      at = this.pos;
    }
    if (this.code(at) !== CLOSE_BRACE) throw GIVE_UP;
    this.pos = at + 1;
    children.push(token('}', null, at, at + 1));
    return node('expansion', null, from, this.pos, children);
  }

  /**
   * The operator and value of `${NAME<op>value}` (the position is after the name): a default,
   * assignment, error or alternative value (`:-`, `-`, `:=`, `=`, `:?`, `?`, `:+`, `+`) that is
   * empty, plain text, `$NAME` or `${NAME}`, or a prefix or suffix pattern (`#`, `##`, `%`, `%%`)
   * of plain text. tree-sitter-bash reads other values its own way (`${A:-x y}` is a concatenation
   * of `x` and ` y`, `${A:-x-1}` one of a name and a word, `${A##}` the operator `#` and the pattern
   * `#`): left to it. Found by comparing every value of up to four characters (test/fast-parse.test.ts).
   */
  private parameterOperation(children: Node[]): void {
    const start = this.pos;
    let end = start;
    while (OPERATOR[this.code(end)] === 1 && end - start < 2) end++;
    const operator = this.text.slice(start, end);
    const pattern = PATTERN_OPERATORS.has(operator);
    if (!pattern && !DEFAULT_OPERATORS.has(operator)) throw GIVE_UP;
    children.push(token(operator, 'operator', start, end));
    this.pos = end;
    const c = this.code();
    if (c === CLOSE_BRACE) {
      // `${A%}` and `${A##}` read otherwise.
      if (pattern) throw GIVE_UP;
      return;
    }
    if (!pattern && c === DOLLAR) {
      // `$NAME` or `${NAME}` alone.
      if (!NAME_START[this.code(this.pos + (this.code(this.pos + 1) === OPEN_BRACE ? 2 : 1))]) throw GIVE_UP;
      const value = this.expansion();
      if (value.children.length > 3 || this.code() !== CLOSE_BRACE) throw GIVE_UP;
      children.push(value);
      return;
    }
    let at = end;
    while (PARAMETER_TEXT[this.code(at)] === 1) at++;
    if (at === end || this.code(at) !== CLOSE_BRACE) throw GIVE_UP;
    if (!pattern) {
      // A value that starts with a name followed by one of `-+=%#@?` is a name and a word there.
      let name = end;
      while (NAME[this.code(name)] === 1) name++;
      if (name > end && name < at && NAME_FOLLOWER[this.code(name)] === 1) throw GIVE_UP;
    }
    children.push(leaf(pattern ? 'regex' : 'word', null, end, at));
    this.pos = at;
  }

  /** `$( statements )`; `$((` (arithmetic) gives up. */
  private substitution(from = this.pos): Node {
    const start = this.pos;
    if (this.code(start + 2) === OPEN_PAREN || ++this.depth > MAX_DEPTH) throw GIVE_UP;
    const children: SyntaxNode[] = [token('$(', null, from, start + 2)];
    this.pos += 2;
    this.parens++;
    this.statements(children, null, true);
    this.parens--;
    this.depth--;
    children.push(token(')', null, this.pos, this.pos + 1));
    this.pos++;
    return node('command_substitution', null, from, this.pos, children);
  }

  /** `[ -op word ]` or `[ left = right ]` (also `!=`) with a quoted or expanded right side. */
  private testCommand(): SyntaxNode {
    const start = this.pos;
    if (!this.endsWord(start + 1) || this.code(start + 1) !== SPACE) throw GIVE_UP;
    const children: SyntaxNode[] = [token('[', null, start, start + 1)];
    this.pos++;
    this.skipSpaces();
    let expression: SyntaxNode;
    // `[ ! -op x ]`: a unary expression whose operator is `!` around the test (only before `-op`).
    const bang = this.code() === BANG && this.code(this.pos + 1) === SPACE ? token('!', 'operator', this.pos, this.pos + 1) : null;
    if (bang) {
      this.pos++;
      this.skipSpaces();
      if (this.code() !== MINUS) throw GIVE_UP;
    }
    if (this.code() === MINUS && NAME_START[this.code(this.pos + 1)] === 1 && this.code(this.pos + 2) === SPACE) {
      const operator = leaf('test_operator', 'operator', this.pos, this.pos + 2);
      this.pos += 2;
      this.skipSpaces();
      const operand = this.testOperand(null);
      expression = node('unary_expression', null, operator.startIndex, operand.endIndex, [operator, operand]);
      if (bang) expression = node('unary_expression', null, bang.startIndex, operand.endIndex, [bang, expression]);
    } else if (bang) {
      throw GIVE_UP;
    } else {
      const left = this.testOperand('left');
      this.skipSpaces();
      const c = this.code();
      const next = this.code(this.pos + 1);
      // `==` is left to tree-sitter: a later `]` can end such a test there (`[ a == b ]\nd >x]`).
      const length = c === EQUALS && next !== EQUALS ? 1 : c === 0x21 && next === EQUALS ? 2 : 0;
      if (length === 0 || this.code(this.pos + length) !== SPACE) throw GIVE_UP;
      const operator = token(this.text.slice(this.pos, this.pos + length), 'operator', this.pos, this.pos + length);
      this.pos += length;
      this.skipSpaces();
      const right = this.testOperand('right');
      // An unquoted right side is a pattern (extglob_pattern) to tree-sitter: not handled.
      if (right.type === 'word' || right.type === 'number' || right.type === 'concatenation') throw GIVE_UP;
      expression = node('binary_expression', null, left.startIndex, right.endIndex, [left, operator, right]);
    }
    children.push(expression);
    this.skipSpaces();
    if (this.code() !== CLOSE_BRACKET || !this.endsWord(this.pos + 1)) throw GIVE_UP;
    children.push(token(']', null, this.pos, this.pos + 1));
    this.pos++;
    return node('test_command', null, start, this.pos, children);
  }

  private testOperand(field: string | null): Node {
    const c = this.code();
    // An operand that looks like an operator or closes the test is left to tree-sitter.
    if (c === MINUS || c === CLOSE_BRACKET || c === 0x21 || c === EQUALS || this.commandEndsHere() || this.redirectHere()) throw GIVE_UP;
    const operand = this.word(field);
    if (operand.type === 'concatenation') throw GIVE_UP;
    // Inside [ ], tree-sitter-bash reads `~`, `+`, `*`… in an unquoted operand as operators.
    if (operand.type === 'word' && !TEST_WORD.test(this.text.slice(operand.startIndex, operand.endIndex))) throw GIVE_UP;
    return operand;
  }

  /** The keyword (or operator) `text` at the position, as a token; the position moves past it. */
  private keyword(text: string, field: string | null = null): Node {
    const result = token(text, field, this.pos, this.pos + text.length);
    this.pos += text.length;
    return result;
  }

  /** A variable's name as a whole word (names that start with `_` are left to tree-sitter). */
  private variableName(field: string | null): Node {
    const start = this.pos;
    const first = this.code();
    if (!NAME_START[first] || first === 0x5f) throw GIVE_UP;
    while (NAME[this.code()] === 1) this.pos++;
    if (!this.endsWord(this.pos)) throw GIVE_UP;
    return leaf('variable_name', field, start, this.pos);
  }

  /** `for NAME [in WORD…]; do …; done` (`for ((…))` is left to tree-sitter). */
  /**
   * `case WORD in PATTERN[|PATTERN…]) statements ;; … esac`, each item ended by `;;` after its
   * last statement (or its `;`). A pattern is `*`, or plain text of letters, digits, `_`, `.` and
   * `-`, quoted or not; anything else (globs, `(` before a pattern, `;&`, an empty item, comments) is left to
   * tree-sitter. tree-sitter-bash's scanner calls a plain pattern `word`, `extglob_pattern` or
   * `number` by rules of its own, which depend on the letters and the place (`aa)` is a word,
   * `a1)` and `aa|b)` patterns, `1)` a number); here every one is an `extglob_pattern`, which is
   * what it is to the shell. The analysis reads no pattern: every item is a branch it cannot
   * decide (Analysis.caseStatement), so it finds the same effects on either tree
   * (test/fast-parse.test.ts compares the trees with pattern types aside, and the analyses).
   */
  private caseStatement(): SyntaxNode {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const start = this.pos;
    const children: SyntaxNode[] = [this.keyword('case')];
    this.skipSpaces();
    if (this.endsWord(this.pos)) throw GIVE_UP;
    children.push(this.word('value'));
    this.skipSpaces();
    if (!this.keywordHere('in')) throw GIVE_UP;
    children.push(this.keyword('in'));
    this.skipBlank();
    const items: Node[] = [];
    while (!this.keywordHere('esac')) {
      items.push(this.caseItem());
      this.skipBlank();
    }
    if (items.length === 0) throw GIVE_UP;
    // The last item's `;;` is no `termination` to tree-sitter-bash; the others' are.
    for (const item of items.slice(0, -1)) (item.children[item.children.length - 1] as Node).field = 'termination';
    children.push(...items, this.keyword('esac'));
    this.depth--;
    return node('case_statement', null, start, this.pos, children);
  }

  private caseItem(): Node {
    const start = this.pos;
    const children: SyntaxNode[] = [];
    for (;;) {
      children.push(this.casePattern());
      this.skipSpaces();
      const c = this.code();
      if (c === PIPE) {
        children.push(this.keyword('|'));
        this.skipSpaces();
        continue;
      }
      if (c !== CLOSE_PAREN) throw GIVE_UP;
      children.push(this.keyword(')'));
      // A statement glued to the `)` (`*)tar`) reads otherwise there.
      const after = this.code();
      if (after !== SPACE && after !== TAB && after !== NEWLINE) throw GIVE_UP;
      break;
    }
    this.statements(children, null, false, true);
    this.skipSpaces();
    // `;;&` and `;&` go on to the next item: left to tree-sitter.
    if (this.code(this.pos + 2) === AMPERSAND) throw GIVE_UP;
    children.push(this.keyword(';;'));
    return node('case_item', null, start, this.pos, children);
  }

  /** One pattern of a case item, followed by `|` or `)` (after blanks). */
  private casePattern(): Node {
    const start = this.pos;
    const c = this.code();
    let pattern: Node;
    if (c === QUOTE || c === DOUBLE_QUOTE) {
      // Quoted plain text only (tree-sitter-bash fails on `"(("` there).
      pattern = c === QUOTE ? this.rawString() : this.string();
      for (let at = start + 1; at < this.pos - 1; at++) if (CASE_PATTERN[this.text.charCodeAt(at)] !== 1) throw GIVE_UP;
      if (this.pos - start < 3) throw GIVE_UP;
    } else if (c === STAR) {
      this.pos++;
      pattern = leaf('extglob_pattern', null, start, this.pos);
    } else {
      while (CASE_PATTERN[this.code()] === 1) this.pos++;
      // `esac)` ends the statement there; other keywords are left alone too.
      if (this.pos === start || RESERVED.has(this.text.slice(start, this.pos))) throw GIVE_UP;
      pattern = leaf('extglob_pattern', null, start, this.pos);
    }
    const next = this.code();
    if (next !== PIPE && next !== CLOSE_PAREN && next !== SPACE && next !== TAB) throw GIVE_UP;
    pattern.field = 'value';
    return pattern;
  }

  private forStatement(): SyntaxNode {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const start = this.pos;
    const children: SyntaxNode[] = [this.keyword('for')];
    this.skipSpaces();
    children.push(this.variableName('variable'));
    this.skipSpaces();
    if (this.keywordHere('in')) {
      children.push(this.keyword('in'));
      for (;;) {
        this.skipSpaces();
        const c = this.code();
        if (c === SEMICOLON || c === NEWLINE) break;
        if (this.commandEndsHere() || this.redirectHere()) throw GIVE_UP;
        children.push(this.word('value'));
      }
      if (children.length === 3) throw GIVE_UP;
    } else if (this.code() !== SEMICOLON && this.code() !== NEWLINE) {
      // `for NAME; do` (over the positional parameters) without `in`; anything else is left alone.
      throw GIVE_UP;
    }
    if (this.code() === SEMICOLON) {
      if (this.code(this.pos + 1) === SEMICOLON) throw GIVE_UP;
      children.push(this.keyword(';'));
    }
    this.skipBlank();
    if (!this.keywordHere('do')) throw GIVE_UP;
    const doStart = this.pos;
    const group: SyntaxNode[] = [this.keyword('do')];
    this.statements(group, ['done']);
    group.push(this.keyword('done'));
    children.push(node('do_group', 'body', doStart, this.pos, group));
    this.depth--;
    return node('for_statement', null, start, this.pos, children);
  }

  /** `if C; then …; [else …;] fi` (elif is left to tree-sitter). */
  private ifStatement(): SyntaxNode {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const start = this.pos;
    const children: SyntaxNode[] = [this.keyword('if')];
    this.skipSpaces();
    const condition = this.andOr() as Node;
    condition.field = 'condition';
    children.push(condition);
    this.skipSpaces();
    if (this.code() === SEMICOLON) {
      children.push(this.keyword(';', 'condition'));
    } else if (this.code() !== NEWLINE) {
      throw GIVE_UP;
    }
    this.skipBlank();
    if (!this.keywordHere('then')) throw GIVE_UP;
    children.push(this.keyword('then'));
    this.statements(children, ['else', 'elif', 'fi']);
    if (this.keywordHere('elif')) throw GIVE_UP;
    if (this.keywordHere('else')) {
      const elseStart = this.pos;
      const clause: SyntaxNode[] = [this.keyword('else')];
      const end = this.statements(clause, ['fi']);
      children.push(node('else_clause', null, elseStart, end, clause));
    }
    children.push(this.keyword('fi'));
    this.depth--;
    return node('if_statement', null, start, this.pos, children);
  }
}
