/**
 * Compose's variable interpolation and `.env` files.
 *
 * Interpolation (compose-spec "Interpolation"): `$VAR` and `${VAR}`; `${VAR:-default}` (unset or
 * empty), `${VAR-default}` (unset); `${VAR:+alt}` / `${VAR+alt}`; `${VAR:?message}` /
 * `${VAR?message}` (an error naming the message); `$$` is a literal `$`. Defaults may themselves
 * hold `${…}`. An unset variable without a default becomes the empty string, with a warning (as
 * Compose does). Names are `[_A-Za-z][_A-Za-z0-9]*`.
 *
 * `.env` (compose's dotenv): `KEY=VALUE` lines, `export ` allowed, `#` comments (after whitespace
 * in an unquoted value), single quotes literal, double quotes with `\n`-style escapes and `${…}`
 * from the variables read so far and the environment. The environment wins over `.env`.
 */

export type Variables = ReadonlyMap<string, string>;

/** What went wrong in one string. */
export interface InterpolationIssue {
  kind: 'required' | 'unset' | 'invalid';
  variable: string;
  /** One line: `required variable DB_PASSWORD is missing a value: set it in .env`. */
  message: string;
  /** Offsets of the `${…}` in the string (UTF-16). */
  start: number;
  end: number;
}

export interface Interpolated {
  value: string;
  issues: InterpolationIssue[];
  /** The variables the string names where they are read, set or not (`${A:-$B}` names A, and B when A has no value), in order. */
  names: string[];
}

const NAME_START = /[_A-Za-z]/;
const NAME_CHAR = /[_A-Za-z0-9]/;

/** The index of the `}` that closes a `${` opened before `from`, counting nested braces; -1 if none. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function interpolate(text: string, variables: Variables): Interpolated {
  const issues: InterpolationIssue[] = [];
  const names: string[] = [];
  if (!text.includes('$')) return { value: text, issues, names };
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 2;
      while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
      const name = text.slice(i + 1, j);
      const value = variables.get(name);
      names.push(name);
      if (value === undefined) issues.push(unset(name, i, j));
      out += value ?? '';
      i = j;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(text, i + 2);
      if (close < 0) {
        issues.push({ kind: 'invalid', variable: '', message: `invalid interpolation: unclosed \${ in ${JSON.stringify(text)}`, start: i, end: text.length });
        out += text.slice(i);
        break;
      }
      const body = text.slice(i + 2, close);
      out += substitute(body, variables, issues, names, i, close + 1);
      i = close + 1;
      continue;
    }
    // A `$` followed by anything else is kept as written.
    out += c;
    i++;
  }
  return { value: out, issues, names };
}

function unset(name: string, start: number, end: number): InterpolationIssue {
  return {
    kind: 'unset',
    variable: name,
    message: `variable ${name} is not set (in the environment or .env): Compose substitutes an empty string`,
    start,
    end,
  };
}

/** One `${…}` body: `NAME`, or `NAME` followed by `:-`, `-`, `:+`, `+`, `:?`, `?` and a word. */
function substitute(body: string, variables: Variables, issues: InterpolationIssue[], names: string[], start: number, end: number): string {
  let j = 0;
  if (!NAME_START.test(body[0] ?? '')) {
    issues.push({ kind: 'invalid', variable: '', message: `invalid interpolation \${${body}}: a variable name starts with a letter or _`, start, end });
    return '';
  }
  while (j < body.length && NAME_CHAR.test(body[j]!)) j++;
  const name = body.slice(0, j);
  const rest = body.slice(j);
  const value = variables.get(name);
  names.push(name);
  if (rest === '') {
    if (value === undefined) issues.push(unset(name, start, end));
    return value ?? '';
  }
  const colon = rest[0] === ':';
  const op = rest[colon ? 1 : 0];
  const word = rest.slice(colon ? 2 : 1);
  const absent = value === undefined || (colon && value === '');
  const nested = (): string => {
    const inner = interpolate(word, variables);
    for (const issue of inner.issues) issues.push({ ...issue, start, end });
    names.push(...inner.names);
    return inner.value;
  };
  switch (op) {
    case '-':
      return absent ? nested() : value!;
    case '+':
      return absent ? '' : nested();
    case '?': {
      if (!absent) return value!;
      const reason = nested();
      issues.push({
        kind: 'required',
        variable: name,
        message: `required variable ${name} is missing a value${reason ? `: ${reason}` : ''}`,
        start,
        end,
      });
      return '';
    }
    default:
      issues.push({ kind: 'invalid', variable: name, message: `invalid interpolation \${${body}}`, start, end });
      return '';
  }
}

/** A problem in a `.env` file, with its 0-based line. */
export interface DotenvIssue {
  line: number;
  message: string;
}

/**
 * Reads a `.env` file. `environment` supplies `${…}` in double-quoted and unquoted values (the
 * variables read earlier in the file come first).
 */
export function parseDotenv(text: string, environment: Variables): { values: Map<string, string>; issues: DotenvIssue[] } {
  const values = new Map<string, string>();
  const issues: DotenvIssue[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  const lookup = (): Variables => new Map([...values, ...environment]);
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^export\s+/.test(line)) line = line.replace(/^export\s+/, '');
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      issues.push({ line: n, message: `.env line ${n + 1}: ${JSON.stringify(key)} is not a variable name` });
      continue;
    }
    if (eq < 0) {
      // `KEY` alone takes the value from the environment, if any.
      const fromEnv = environment.get(key);
      if (fromEnv !== undefined) values.set(key, fromEnv);
      continue;
    }
    let raw = line.slice(eq + 1).trimStart();
    const quote = raw[0];
    if (quote === "'" || quote === '"') {
      // A quoted value may span lines.
      let body = raw.slice(1);
      let close = findClosingQuote(body, quote);
      while (close < 0 && n + 1 < lines.length) {
        n++;
        body += '\n' + lines[n]!;
        close = findClosingQuote(body, quote);
      }
      if (close < 0) {
        issues.push({ line: n, message: `.env: unterminated ${quote === '"' ? 'double' : 'single'}-quoted value of ${key}` });
        continue;
      }
      const inner = body.slice(0, close);
      values.set(key, quote === "'" ? inner : interpolate(unescapeDouble(inner), lookup()).value);
      continue;
    }
    const comment = raw.search(/\s#/);
    if (comment >= 0) raw = raw.slice(0, comment);
    values.set(key, interpolate(raw.trim(), lookup()).value);
  }
  return { values, issues };
}

function findClosingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && quote === '"') {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(text: string): string {
  return text.replace(/\\(.)/g, (_whole, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}
