/**
 * Shell scripts for the tests of the RUN analysis's parsers: the RUN scripts of Dockerfiles, and a
 * seeded generator of scripts made of what the fast parser (src/model/shell/fast-parse.ts) handles
 * and what sits just outside it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseListArgs } from '../../src/parse/list-args.js';
import { parseDockerfile } from '../../src/parse/parse.js';

/** The shell scripts of every RUN of a Dockerfile (shell form and heredoc bodies). */
export function runScripts(text: string): string[] {
  const scripts: string[] = [];
  for (const instruction of parseDockerfile(text).instructions) {
    if (instruction.keyword !== 'RUN') continue;
    scripts.push(...instruction.heredocs.map((h) => h.content));
    if (instruction.args && parseListArgs(instruction.args.text).form === 'shell') scripts.push(instruction.args.text);
  }
  return scripts;
}

/** The shell scripts of every RUN in fixtures/. */
export function fixtureRunScripts(): string[] {
  const scripts: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile()) scripts.push(...runScripts(readFileSync(path, 'utf8')));
    }
  };
  visit('fixtures');
  return scripts;
}

/** A small seeded generator (mulberry32): the same seed gives the same scripts on every machine. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [':', 'echo', 'mkdir', 'rm', 'cp', 'chown', 'apt-get', 'pip', 'tar', 'sed', 'test', 'true', 'sh', 'x1', './run.sh', '/usr/bin/env'];
const ODD_NAMES = ['if', 'then', 'fi', 'else', 'elif', 'for', 'while', 'do', 'done', 'case', 'export', 'local', 'declare', 'unset', '[', '[[', '!', '{', '}', '1', '-1', 'a=b', 'time', 'function'];
const BARE = 'abcxyzABZ019_./:,@%+=~*?^-';
const CLEAN_BARE = 'abcxyzABZ019_./:-';
const ODD = ['$_a', '_a=1', '${_a}', '\\', '\\\n', '`', '$(', ')', '(', '#', '{', '}', '!', '&', ';;', '<<', '<<<', '<(', '>|', '>>&', '<&', '<>', '$1', '$_', '$@', '$?', '${A:-b}', '${#A}', 'é', '\t', '\n', '"', "'", '[', ']', '=', '|&', '&>>', ' # c'];
const VARS = ['A', 'B1', 'HOME', 'x_y', 'PATH'];
/** Backslashes inside double quotes (`sed "s/\s*=/…/"`), and the characters a backslash there can meet. */
const ESCAPES = ['\\s', '\\"', '\\$', '\\\\', '\\1', '\\`', '\\\n', '\\ ', '\\\r', '\\', '\\.*'];

/**
 * A random script: statements of commands, assignments, `[ … ]` tests, if/else, pipes, lists and
 * redirections with random spacing, then, in some, a few characters or tokens from just outside
 * what the fast parser handles, inserted anywhere.
 */
export function randomScript(random: () => number): string {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number): boolean => random() < p;
  // A third of the scripts keep to plain names and characters, so that long ones with nested
  // constructs (if, $( … ), comments) are accepted often enough to be compared.
  const clean = chance(0.33);
  const space = (): string => pick([' ', ' ', ' ', ' ', ' ', '  ', '\t', ' \t', ' \\\n  ', ' \\\n\t']);
  const blank = (): string => pick(['', '', ' ', '\n', '\n  ', ' \n\n ']);
  const alphabet = clean ? CLEAN_BARE : BARE;
  const bare = (): string => Array.from({ length: 1 + int(6) }, () => alphabet[int(alphabet.length)]).join('');
  let nested = 0;
  // `$( … )`: a short statement, inside quotes or not.
  const substitution = (): string => {
    nested++;
    const inner = nested > 2 ? pick(NAMES) : chance(0.7) ? simple() : statement();
    nested--;
    return `$(${chance(0.2) ? pick([' ', '\n']) : ''}${inner}${chance(0.2) ? pick([' ', ';', '\n', ' ;']) : ''})`;
  };
  // `${NAME<op>value}`: the operators and values the fast parser takes, and some it leaves alone.
  const parameter = (): string => {
    const op = pick([':-', '-', ':=', '=', ':?', '?', ':+', '+', '%', '%%', '#', '##', ':', '/', '//', '^^']);
    const value = pick(['', 'x', '/a/b', '.*', '*/', '-x', 'x-1', 'v', '*', '1.5', 'a:b', '$A', '${B1}', '"q"', 'x y', '$(b)', '@', ':-x', '#', '%']);
    return `\${${pick([...VARS, "1", "12"])}${op}${value}}`;
  };
  const part = (): string => {
    // One part in twenty is a parameter with an operator or a positional or special one.
    switch (chance(0.05) ? 13 + int(2) : int(13)) {
      case 13: return parameter();
      // Positional and special parameters.
      case 14: return pick(['$1', '$2', '$@', '$*', '$#', '$?', '"$@"', '"$1"', '$10', '$1x', '$@x', '$$', '$0']);
      // An option with a value glued to it (`--build="$arch"`, `-DX=${Y}`), digits after a minus included.
      case 11: return `${pick(['--a=', '-D', '-', '--', '-x-', '--p=1', '-1', '-0x'])}${pick(['"$A"', '${B1}', '$A', "'x'", '"x y"', '$(b)'])}`;
      // White space alone between the parts of a string (`"$A  ${B1}"`, `"  $A"`, `"$A "`).
      case 12: return `"${chance(0.5) ? '$A' : ''}${pick([' ', '  ', '\t', ' \t'])}${pick(['${B1}', '$A', '$(b)', '', 'x'])}${chance(0.3) ? pick([' ', '$A']) : ''}"`;
      case 9: return substitution();
      case 10: return `"${chance(0.6) ? bare() + ' ' : ''}${substitution()}${chance(0.5) ? ' ' + bare() : ''}"`;
      case 0: return `'${bare()}${chance(0.3) ? ' ' + bare() : ''}'`;
      case 1: return `"${chance(0.8) ? bare() : ''}${chance(0.4) ? `$${pick(VARS)}` : ''}${chance(0.25) ? pick(ESCAPES) : ''}${chance(0.3) ? `\${${pick(VARS)}}` : ''}${chance(0.3) ? ' x' : ''}"`;
      case 2: return `$${pick(VARS)}`;
      case 3: return `\${${pick(VARS)}}`;
      case 4: return pick(['0', '12', '-1', '0750', '1000:1000', '1.5', '-', '--', '0x1f']);
      case 5: return `${bare()}[${pick(['x', '1', 'ab', '$A', 'x', 'ab', 'x', 'ab', ''])}]`;
      default: return bare();
    }
  };
  // Words of two to seven parts (tree-sitter-bash splits some words of four parts or more).
  const word = (): string => (chance(0.75) ? part() : Array.from({ length: 2 + int(chance(0.6) ? 2 : 6) }, part).join(''));
  const redirect = (): string =>
    `${pick(['>', '>>', '<', '2>', '2>&1', '>&2', '&>', '1>'])}${chance(0.5) ? '' : space()}${pick(['/dev/null', '/data/x', '$A/log', 'out', '"$B"', '1'])}`;
  const simple = (): string => {
    if (chance(0.08)) {
      // export NAME=value NAME …
      const items = Array.from({ length: 1 + int(3) }, () => (chance(0.6) ? `${pick(VARS)}=${word()}` : pick(VARS)));
      return `export${space()}${items.join(space())}`;
    }
    if (chance(0.05)) {
      // local NAME=value NAME …
      const items = Array.from({ length: 1 + int(3) }, () => (chance(0.6) ? `${pick(VARS)}=${chance(0.2) ? '' : word()}` : pick(VARS)));
      return `local${space()}${items.join(space())}`;
    }
    const words: string[] = [];
    // An assignment, empty ones (`A= B=x cmd`, `A=;`) included.
    if (chance(0.2)) {
      words.push(`${pick(VARS)}=${chance(0.25) ? '' : word()}`);
      // Assignments alone (`A= B=1`) are `variable_assignments`.
      if (chance(0.3)) words.push(`${pick(VARS)}=${chance(0.25) ? '' : word()}`);
    }
    if (chance(0.85) || words.length === 0) {
      words.push(clean || chance(0.9) ? pick(NAMES) : pick(ODD_NAMES));
      // A lone `!` among the arguments (`test ! -e /x`).
      for (let i = int(4); i > 0; i--) words.push(chance(0.05) ? pick(['!', '!', '!x', '!=', '!=x', '!==', '=', '=', '==', '=x']) : word());
    }
    return words.join(space());
  };
  const operand = (): string => (clean || chance(0.6) ? pick(['/data', '"$A"', 'x', '/a/b-c', "'x y'", '"${B1}"', '12', '$HOME', 'a.b']) : word());
  const test = (): string =>
    clean
      ? chance(0.5)
        ? `[ ${pick(['-f', '-d', '-z', '-n', '! -d', '! -f'])} ${operand()} ]`
        : `[ ${operand()} ${pick(['=', '!='])} ${pick(['"$A"', "'x y'", '"arm64"', '"${B1}"'])} ]`
      : chance(0.5)
        ? `[ ${pick(['-f', '-d', '-z', '-n', '-f', '-d', '-eq', '!', '! -d', '! -e', '!  -z', '! !', '! -d -f'])} ${operand()} ]`
        : `[ ${operand()} ${pick(['=', '!=', '==', '=', '!=', '-eq', '<'])} ${operand()} ]`;
  const sep = (): string => pick([';', ';', '\n', ' ;', '; ']);
  const comment = (): string => `#${chance(0.7) ? ' ' : ''}${pick(['note', 'x y', '', 'é', '$(a) "b', '\\'])}`;
  let depth = 0;
  const statement = (): string => {
    const unit = (): string => {
      const unnegated = chance(0.1)
        ? test()
        : chance(clean ? 0.3 : 0.15) && depth < 2
          ? pick([ifStatement, forStatement, group, group, functionDefinition, caseStatement])()
          : simple();
      // `! command` (and a `!` tree-sitter-bash reads otherwise: before a keyword, without a space).
      const base = chance(0.08) ? pick(['! ', '! ', '!\t', '! \\\n ', '!', '! ! ']) + unnegated : unnegated;
      // Words after a redirection are more destinations of it (`echo >&2 "x" $A`).
      return chance(0.2) ? `${base}${space()}${redirect()}${chance(0.3) ? space() + word() : ''}` : base;
    };
    let text = unit();
    for (let i = int(clean ? 3 : 4); i > 0; i--) text += `${space()}${pick(['&&', '&&', '&&', '||', '|'])}${chance(0.2) ? blank() : space()}${unit()}`;
    return text;
  };
  const forStatement = (): string => {
    depth++;
    const values = Array.from({ length: int(4) }, word).join(space());
    const body = Array.from({ length: 1 + int(2) }, statement).join(`${sep()}${blank()}`) + sep();
    const text = `for ${chance(0.9) ? pick(VARS) : pick(['_a', '1x', 'a-b'])}${chance(0.9) ? ` in ${values}` : ''}${pick([';', '\n', ' ;', ''])}${blank()}do${pick([' ', '\n'])}${body}${blank()}done`;
    depth--;
    return text;
  };
  // `{ …; }` and `( … )`, with the closing brace or parenthesis after various separators.
  const group = (): string => {
    depth++;
    const body = Array.from({ length: 1 + int(2) }, statement).join(`${sep()}${blank()}`);
    const text = chance(0.5)
      ? `{${pick([' ', '\n', '  ', ''])}${body}${pick([';', '\n', ' ;', '; ', ''])}${blank()}}`
      : `(${pick(['', ' ', '\n'])}${body}${pick(['', ';', '\n', ' ', ' ;'])})`;
    depth--;
    return text;
  };
  // `name() { …; }`, with the spacing and names tree-sitter-bash reads in its own ways.
  const functionDefinition = (): string => {
    depth++;
    const body = Array.from({ length: 1 + int(2) }, statement).join(`${sep()}${blank()}`);
    const odd = !clean && chance(0.3);
    const name = odd ? pick(['_f', 'if', '1f', 'a.b', 'f=']) : pick(['f', 'fetch', 'do-it', 'x1', 'a_b']);
    const parens = odd ? pick(['( )', '(x)', '()']) : '()';
    const open = odd ? pick(['(', '{', '{\t']) : pick(['{ ', '{ ', '{\n']);
    const text = `${name}${pick(['', '', ' ', '\t'])}${parens}${pick([' ', ' ', '', '\n', ' \\\n'])}${open}${body}${pick([';', '\n', ' ;', ''])}${blank()}}`;
    depth--;
    return text;
  };
  // `case W in P|P) …;; esac`, with the patterns, separators and terminators tree-sitter-bash reads in its own ways.
  const caseStatement = (): string => {
    depth++;
    const odd = !clean && chance(0.3);
    const pattern = (): string =>
      odd ? pick(['(x', 'a*', '"$A"', '[ab]', '?', 'a b', '-', '1', 'in', 'esac', '\'q\'x']) : pick(['*', 'aarch64', 'x86_64', "'armhf'", '"amd64"', 'a', '1', 'ab', 'a1', 'a-b', '.x', '__', ...VARS]);
    const items = Array.from({ length: 1 + int(3) }, () => {
      const patterns = Array.from({ length: 1 + int(2) }, pattern).join(pick(['|', ' | ', '|', ' |']));
      const body = Array.from({ length: 1 + int(2) }, statement).join(`${sep()}${blank()}`);
      return `${patterns}${pick([')', ')', ' )'])}${pick([' ', ' ', '', '\n  '])}${body}${pick([' ', '', '; ', ';  ', ';\n', '\n'])}${odd ? pick([';;', ';&', ';;&', '']) : ';;'}`;
    });
    const text = `case ${chance(0.8) ? pick(['"$A"', '$A', '"${B1}"', '"$(b)"']) : word()} in${pick([' ', '\n  '])}${items.join(pick([' ', '\n  ', ' ', '']))}${pick([' ', '\n'])}esac`;
    depth--;
    return text;
  };
  const ifStatement = (): string => {
    depth++;
    const body = (): string => Array.from({ length: 1 + int(2) }, statement).join(`${sep()}${blank()}`) + sep();
    const text = `if ${chance(0.7) ? test() : statement()}${sep()}${blank()}then${pick([' ', '\n'])}${body()}${blank()}${chance(0.4) ? `else ${body()}${blank()}` : ''}fi`;
    depth--;
    return text;
  };
  // Statements, with whole-line and trailing comments between some of them.
  const line = (): string => (chance(0.15) ? `${statement()}${space()}${comment()}\n` : statement());
  const between = (): string => (chance(0.15) ? `${pick(['\n', ';\n', '\n  '])}${comment()}\n` : `${sep()}${blank()}`);
  let script = blank() + (chance(0.1) ? `${comment()}\n` : '');
  for (let i = 1 + int(4); i > 0; i--) script += line() + (i > 1 ? between() : '');
  if (chance(0.2)) script += pick([';', '\n', ' ', ';\n']);
  if (!clean && chance(0.35)) {
    for (let i = 1 + int(2); i > 0; i--) {
      const at = int(script.length + 1);
      script = script.slice(0, at) + pick(ODD) + script.slice(at);
    }
  }
  return script;
}

/**
 * A `case` statement whose items hold generated scripts (randomScript), with the patterns,
 * separators and terminators tree-sitter-bash reads in its own ways (issue 17: `case` in the fast
 * parser). Few are accepted (an item's body must end on the line of its `;;`), so many are made.
 */
export function randomCaseScript(random: () => number): string {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const patterns = ['*', 'aarch64', 'x86_64', "'armhf'", '"amd64"', 'a', '1', 'ab', 'a1', 'a-b', '.x', '__', '-', '--', '1.2', 'in', 'esac', 'do', 'x.y-z', "'x'", '"a_b"', '0', '-1', 'a*', '(x', '"$A"', '"a b"'];
  const items = Array.from({ length: 1 + int(3) }, () => {
    const alternatives = Array.from({ length: 1 + int(2) }, () => pick(patterns)).join(pick(['|', ' | ', ' |', '| ']));
    const body = randomScript(random).trim();
    return `${alternatives}${pick([')', ' )', '\t)'])}${pick([' ', '  ', '\n', '\n  ', '\t', ''])}${body}${pick(['', ' ', ';', '; ', ';  ', ' ;', '\n', ';\n'])}${pick([';;', ';;', ';;', ';&', ';;&'])}`;
  });
  const subject = pick(['"$A"', '$A', '"${B1}"', '"$(uname -m)"', 'x', '"$1"']);
  return `${pick(['', 'set -eux; ', 'a && ', 'x=1\n'])}case ${subject} in${pick([' ', '\n  ', '  ', '\t'])}${items.join(pick([' ', '\n', '\n  ', '', '  ']))}${pick([' ', '\n', '  ', ';'])}esac${pick(['', '; z', ' && z', ' > /x', ' | y', '\nz', ' 2>&1'])}`;
}
