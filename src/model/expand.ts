/**
 * BuildKit's word processing for instructions that support environment replacement (VOLUME,
 * WORKDIR, COPY, ENV, ARG, USER, FROM): variable substitution and quote removal, as
 * moby/buildkit `frontend/dockerfile/shell/lex.go` does it. dockerfile-ast finds variables but
 * neither expands them (its resolveVariable goes one level deep) nor removes quotes.
 */

/**
 * Why a value is not known statically: an ARG without default, the base image's ENV, a value only
 * the build supplies, an expression volint does not evaluate, or a value that depends on the
 * builder (an ARG of a parent stage: BuildKit passes it on, the legacy builder does not).
 */
export type UnknownReason = 'arg-no-default' | 'base-image' | 'build-arg' | 'dynamic' | 'builder-dependent';

/** What a variable is at a point of the build. */
export type VarValue =
  /** A value known statically. */
  | { kind: 'known'; value: string }
  /** Declared (ARG without default, or set from something volint cannot see). */
  | { kind: 'unknown'; reason: UnknownReason };

export type Lookup = (name: string) => VarValue | undefined;

export interface VariableUse {
  name: string;
  /** Offsets of `$NAME` / `${…}` in the word. */
  start: number;
  end: number;
  /** known, unknown, or undefined (no ARG/ENV defines it). */
  state: 'known' | 'unknown' | 'undefined';
  /** Why the value is unknown (for state `unknown`). */
  reason?: UnknownReason;
  /** True when a `:-`/`-` default or `:+`/`+` alternative decides the value whatever it is. */
  guarded: boolean;
}

export interface ExpandedWord {
  /** The fully expanded word, or null when a part of it is not known statically. */
  value: string | null;
  /** The expanded text before the first unknown part (equal to value when value is known). */
  prefix: string;
  variables: VariableUse[];
  /** A lexer error BuildKit would report (unterminated quote or `${`). */
  error?: string;
  /** True when the word contained quotes that were removed. */
  hadQuotes: boolean;
}

const MAX_DEPTH = 32;

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

class Expander {
  private pos = 0;
  private known = true;
  private prefix = '';
  private out = '';
  error: string | undefined;
  hadQuotes = false;
  readonly variables: VariableUse[] = [];

  constructor(
    private readonly word: string,
    private readonly lookup: Lookup,
    private readonly escape: string,
    private readonly depth: number,
    private readonly offsetBase: number,
  ) {}

  private emit(text: string): void {
    this.out += text;
    if (this.known) this.prefix += text;
  }

  private markUnknown(): void {
    this.known = false;
  }

  run(stopAt?: string): ExpandedWord & { consumed: number } {
    const w = this.word;
    while (this.pos < w.length) {
      const c = w[this.pos]!;
      if (stopAt !== undefined && c === stopAt) break;
      if (c === this.escape) {
        if (this.pos + 1 < w.length) {
          this.emit(w[this.pos + 1]!);
          this.pos += 2;
        } else {
          this.pos++;
        }
        continue;
      }
      if (c === "'") {
        this.hadQuotes = true;
        const close = w.indexOf("'", this.pos + 1);
        if (close < 0) {
          this.error = 'unexpected end of statement while looking for matching single-quote';
          this.emit(w.slice(this.pos + 1));
          this.pos = w.length;
          break;
        }
        this.emit(w.slice(this.pos + 1, close));
        this.pos = close + 1;
        continue;
      }
      if (c === '"') {
        this.hadQuotes = true;
        this.pos++;
        let closed = false;
        while (this.pos < w.length) {
          const d = w[this.pos]!;
          if (d === '"') {
            closed = true;
            this.pos++;
            break;
          }
          if (d === this.escape && this.pos + 1 < w.length) {
            const next = w[this.pos + 1]!;
            if (next === '"' || next === '$' || next === this.escape) {
              this.emit(next);
              this.pos += 2;
              continue;
            }
            this.emit(d);
            this.pos++;
            continue;
          }
          if (d === '$') {
            this.dollar();
            continue;
          }
          this.emit(d);
          this.pos++;
        }
        if (!closed) this.error = 'unexpected end of statement while looking for matching double-quote';
        continue;
      }
      if (c === '$') {
        this.dollar();
        continue;
      }
      this.emit(c);
      this.pos++;
    }
    return {
      value: this.known ? this.out : null,
      prefix: this.prefix,
      variables: this.variables,
      hadQuotes: this.hadQuotes,
      consumed: this.pos,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  private resolve(name: string, start: number, end: number, guarded: boolean): VarValue | undefined {
    const value = this.lookup(name);
    this.variables.push({
      name,
      start: this.offsetBase + start,
      end: this.offsetBase + end,
      state: value === undefined ? 'undefined' : value.kind,
      guarded,
      ...(value?.kind === 'unknown' ? { reason: value.reason } : {}),
    });
    return value;
  }

  private emitValue(value: VarValue | undefined): void {
    if (value === undefined) return; // expands to empty
    if (value.kind === 'known') this.emit(value.value);
    else this.markUnknown();
  }

  /** At a `$`: a variable, `${…}`, or a literal dollar. */
  private dollar(): void {
    const w = this.word;
    const start = this.pos;
    const next = w[this.pos + 1];
    if (next === '{') {
      this.braced(start);
      return;
    }
    if (next !== undefined && isNameStart(next)) {
      let end = this.pos + 2;
      while (end < w.length && isNameChar(w[end]!)) end++;
      const name = w.slice(this.pos + 1, end);
      this.pos = end;
      this.emitValue(this.resolve(name, start, end, false));
      return;
    }
    this.emit('$');
    this.pos++;
  }

  private braced(start: number): void {
    const w = this.word;
    let p = this.pos + 2;
    let nameEnd = p;
    while (nameEnd < w.length && isNameChar(w[nameEnd]!)) nameEnd++;
    const name = w.slice(p, nameEnd);
    p = nameEnd;
    if (name === '' || p >= w.length) {
      this.error = 'missing \'}\' or invalid variable name';
      this.pos = w.length;
      this.markUnknown();
      return;
    }
    if (w[p] === '}') {
      this.pos = p + 1;
      this.emitValue(this.resolve(name, start, this.pos, false));
      return;
    }
    // Modifiers: :- - :+ + :? ? and the pattern forms # ## % %% / //.
    let colon = false;
    if (w[p] === ':') {
      colon = true;
      p++;
    }
    const op = w[p];
    if (op === '-' || op === '+' || op === '?') {
      p++;
      const inner = this.nested(p);
      if (!inner) return;
      const value = this.resolve(name, start, this.pos, op !== '?');
      const isSet = value !== undefined && (!colon || value.kind !== 'known' || value.value !== '');
      if (value !== undefined && value.kind === 'unknown') {
        // Whether the default applies depends on a value volint cannot know.
        this.markUnknown();
        return;
      }
      if (op === '-') {
        if (isSet) this.emitValue(value);
        else this.emitExpanded(inner);
      } else if (op === '+') {
        if (isSet) this.emitExpanded(inner);
      } else if (isSet) {
        this.emitValue(value);
      } else {
        this.error = `${name}: ${inner.value ?? 'is not set'}`;
      }
      return;
    }
    if (!colon && (op === '#' || op === '%' || op === '/')) {
      const inner = this.nested(p + 1);
      if (!inner) return;
      this.resolve(name, start, this.pos, false);
      // Pattern removal and replacement: not evaluated statically.
      this.markUnknown();
      return;
    }
    this.error = `unsupported modifier (${w[p] ?? ''}) in substitution`;
    this.pos = w.length;
    this.markUnknown();
  }

  /** Expands the word of a modifier up to the matching `}`; sets this.pos after it. */
  private nested(from: number): ExpandedWord | null {
    if (this.depth >= MAX_DEPTH) {
      // Deeper nesting than any real Dockerfile: skip to the matching brace, value unknown.
      let level = 1;
      let p = from;
      while (p < this.word.length && level > 0) {
        const c = this.word[p]!;
        if (c === '{') level++;
        else if (c === '}') level--;
        p++;
      }
      this.pos = p;
      this.markUnknown();
      if (level > 0) this.error = "missing '}'";
      return null;
    }
    const sub = new Expander(this.word.slice(from), this.lookup, this.escape, this.depth + 1, this.offsetBase + from);
    const result = sub.run('}');
    this.variables.push(...sub.variables);
    if (sub.hadQuotes) this.hadQuotes = true;
    const end = from + result.consumed;
    if (end >= this.word.length || this.word[end] !== '}') {
      this.error = "missing '}'";
      this.pos = this.word.length;
      this.markUnknown();
      return null;
    }
    if (result.error) this.error = result.error;
    this.pos = end + 1;
    return result;
  }

  private emitExpanded(inner: ExpandedWord): void {
    if (inner.value !== null) this.emit(inner.value);
    else {
      this.emit(inner.prefix);
      this.markUnknown();
    }
  }
}

/** Expands one word as BuildKit's ProcessWord would, with `escape` as the escape character. */
export function expandWord(word: string, lookup: Lookup, escape = '\\'): ExpandedWord {
  const { consumed: _consumed, ...result } = new Expander(word, lookup, escape, 0, 0).run();
  return result;
}
