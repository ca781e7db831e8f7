/**
 * The build context's ignore file, as the builders read it: which file each builder reads, how it
 * reads the lines, and which paths its patterns leave out of the build. Observed on dockerd 20.10
 * (the legacy builder and BuildKit) and Buildah 1.28 (test/builders/dockerignore.test.ts); Kaniko
 * from its source (pkg/util/fs_util.go GetExcludedFiles, not observed).
 *
 * - The file: the legacy builder reads the context's .dockerignore. BuildKit and Kaniko read
 *   `<Dockerfile>.dockerignore` beside the Dockerfile when there is one, instead of .dockerignore.
 *   Buildah reads `<Containerfile>.dockerignore`, else `<Containerfile>.containerignore` beside it,
 *   else the context's .containerignore, else .dockerignore; it looks beside the Dockerfile by the
 *   path `-f` gives, joined to the context directory when relative, so for a Dockerfile that is not
 *   at the context's root which file it reads depends on how the build is started.
 * - The lines: a line that starts with `#` is a comment; any other, an indented `# x` too, is a
 *   pattern with white space trimmed at both ends (a trailing CR too). `!` takes paths back in
 *   (Docker trims white space after it, Buildah does not: `! x` is the pattern ` x` there). A leading
 *   `/` is dropped and the pattern is cleaned as a path (`./a`, `a//b`, `a/`); one that climbs out of
 *   the context (`../x`) matches nothing.
 * - The patterns, translated into a regular expression as moby's matcher does: `*` and `?` within a
 *   name, `**` any number of directories, `\` escapes, `[...]` a class (`[!a]` is the class of `!`
 *   and `a`, not a negation). `+ ( ) | { }` are literal in today's Docker (moby/patternmatcher) and
 *   regular-expression operators in Docker 20.10 and Buildah 1.28 (`a+b` leaves out `ab`, keeps
 *   `a+b`); a leading `**` followed by a name (`**foo`) matches any path ending in it today, only
 *   `foo` in a directory of any depth in 20.10.
 * - A pattern that matches a directory leaves out what is in it: a directory left out that no
 *   exception names a path in (an exception whose text begins with the directory) is not walked at
 *   all. Docker 20.10 and Kaniko match a path's parents only at the pattern's own depth (`**\/foo`
 *   with an exception inside foo leaves foo's other files in the build); today's Docker and Buildah
 *   1.28 at every depth.
 *
 * Where the builders volint is asked about (or their versions) disagree on a path, its presence is
 * 'depends'.
 */
import { normalizePath } from './paths.js';
import { BUILDERS, type BuilderName, type BuilderSetting } from './types.js';

/** Whether a path of the build context is in the build. */
export type Presence = 'in' | 'out' | 'depends';

/** How an ignore file's lines are read: Docker's reader (the docker CLI, BuildKit, Kaniko) or Buildah's. */
type Reading = 'docker' | 'buildah';

/** How a pattern is matched: as Docker 20.10 and Buildah 1.28 do (`old`) or as today's moby/patternmatcher does (`current`). */
type Flavour = 'old' | 'current';

interface Rule {
  exception: boolean;
  /** The cleaned pattern without its `!`. */
  pattern: string;
  /** Its number of path components (Docker 20.10 matches parents at this depth only). */
  depth: number;
  /** The matcher of each flavour. */
  test: Record<Flavour, (path: string) => boolean>;
}

/** The characters Go's strings.TrimSpace removes (unicode.IsSpace), at both ends. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function trimSpace(text: string): string {
  return text.replace(GO_SPACE, '');
}

/**
 * A pattern volint does not translate: an escaped letter or digit (`\d`: Go's regular expressions
 * and JavaScript's differ), a POSIX class (`[:alpha:]`), a group option (`(?i)`).
 */
const UNTRANSLATED = /\\[A-Za-z0-9]|\[:|\(\?/;

/** The characters today's matcher escapes (literal), which Docker 20.10 passes to the regular expression. */
const ESCAPED_NOW = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/** The matcher of a cleaned pattern in one flavour; null when volint cannot translate it. */
function compile(pattern: string, flavour: Flavour): ((path: string) => boolean) | null {
  if (UNTRANSLATED.test(pattern)) return null;
  let source = '^';
  let kind: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  const chars = [...pattern];
  for (let i = 0, step = 0; i < chars.length; i++, step++) {
    const ch = chars[i]!;
    if (ch === '*' && chars[i + 1] === '*') {
      i++;
      if (chars[i + 1] === '/') i++;
      if (i + 1 >= chars.length) {
        if (flavour === 'current' && kind === 'exact') kind = 'prefix';
        else {
          source += '.*';
          kind = 'regexp';
        }
      } else {
        source += '(.*/)?';
        kind = 'regexp';
      }
      if (flavour === 'current' && step === 0) kind = 'suffix';
    } else if (ch === '*') {
      source += '[^/]*';
      kind = 'regexp';
    } else if (ch === '?') {
      source += '[^/]';
      kind = 'regexp';
    } else if (flavour === 'current' ? ESCAPED_NOW.has(ch) : ch === '.' || ch === '$') {
      source += `\\${ch}`;
    } else if (ch === '\\') {
      if (i + 1 < chars.length) {
        source += `\\${chars[++i]!}`;
        kind = 'regexp';
      } else source += '\\\\';
    } else {
      if (ch === '[' || ch === ']') kind = 'regexp';
      source += ch;
    }
  }
  if (flavour === 'old') kind = 'regexp';
  switch (kind) {
    case 'exact':
      return (path) => path === pattern;
    case 'prefix': {
      const prefix = pattern.slice(0, -2);
      return (path) => path.startsWith(prefix);
    }
    case 'suffix': {
      const suffix = pattern.slice(2);
      return (path) => path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
    }
    case 'regexp': {
      let re: RegExp;
      try {
        re = new RegExp(`${source}$`, 's');
      } catch {
        return null;
      }
      return (path) => re.test(path);
    }
  }
}

/** One ignore file, read the way one builder reads it. */
class IgnoreFile {
  readonly rules: Rule[] = [];
  /** A line volint cannot read as the builder does, or one that makes the build fail (a lone `!`, an unclosed `[`). */
  unknown = false;
  readonly exceptions: boolean;

  constructor(
    text: string,
    private readonly reading: Reading,
  ) {
    for (const line of patternLines(text, reading)) {
      // The matcher trims and cleans each pattern again (moby/patternmatcher New, containers/storage fileutils).
      let pattern = trimSpace(line);
      if (pattern === '') continue;
      pattern = normalizePath(pattern);
      const exception = pattern.startsWith('!');
      if (exception) pattern = pattern.slice(1);
      if (pattern === '') {
        this.unknown = true;
        continue;
      }
      const old = compile(pattern, 'old');
      const current = compile(pattern, 'current');
      if (!old || !current || refusedByGo(pattern)) {
        this.unknown = true;
        continue;
      }
      this.rules.push({ exception, pattern, depth: pattern.split('/').length, test: { old, current } });
    }
    this.exceptions = this.rules.some((r) => r.exception);
  }

  /** Whether the path is left out, under each way of matching its builders may use. */
  leftOut(path: string): Set<boolean> {
    const answers = new Set<boolean>();
    const parentModes: Array<'depth' | 'every'> = this.reading === 'docker' ? ['depth', 'every'] : ['every'];
    for (const flavour of ['old', 'current'] as const) {
      for (const parents of parentModes) answers.add(this.walkLeavesOut(path, flavour, parents));
    }
    return answers;
  }

  /** The walk of the context: a directory above the path that is left out and holds no exception is not entered. */
  private walkLeavesOut(path: string, flavour: Flavour, parents: 'depth' | 'every'): boolean {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (this.matches(dir, flavour, parents) && !this.rules.some((r) => r.exception && `${r.pattern}/`.startsWith(`${dir}/`))) return true;
    }
    return this.matches(path, flavour, parents);
  }

  /** Whether the patterns leave the path out: the last that matches it (or a directory above it) decides. */
  private matches(path: string, flavour: Flavour, parents: 'depth' | 'every'): boolean {
    const dirs = path.split('/').slice(0, -1);
    let out = false;
    for (const rule of this.rules) {
      // A pattern that would leave the answer as it is need not be matched.
      if (rule.exception !== out) continue;
      const test = rule.test[flavour];
      let match = test(path);
      if (!match && dirs.length > 0) {
        if (parents === 'depth') match = rule.depth <= dirs.length && test(dirs.slice(0, rule.depth).join('/'));
        else match = dirs.some((_, i) => test(dirs.slice(0, i + 1).join('/')));
      }
      if (match) out = !rule.exception;
    }
    return out;
  }
}

/** An unclosed `[` or a trailing `\\` makes Go's filepath.Match refuse the pattern, and the build fails. */
function refusedByGo(pattern: string): boolean {
  let open = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      if (i === pattern.length - 1) return true;
      i++;
    } else if (ch === '[') open = true;
    else if (ch === ']') open = false;
  }
  return open;
}

/** The pattern lines of an ignore file as the builder's reader gives them to its matcher. */
function patternLines(text: string, reading: Reading): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    if (raw === '' || raw.startsWith('#')) continue;
    if (reading === 'buildah') {
      // imagebuilder ParseIgnore: `/` trimmed at both ends; `!` is left to the matcher, which does not trim after it.
      const line = raw.replace(/^\/+|\/+$/g, '');
      if (line !== '') lines.push(line);
      continue;
    }
    // moby's dockerignore.ReadAll: trimmed, `!` and the space after it, cleaned, a leading `/` dropped.
    let line = trimSpace(raw);
    if (line === '') continue;
    const exception = line.startsWith('!');
    if (exception) line = trimSpace(line.slice(1));
    if (line !== '') {
      line = normalizePath(line);
      if (line.length > 1 && line.startsWith('/')) line = line.slice(1);
    }
    lines.push(exception ? `!${line}` : line);
  }
  return lines;
}

/** Reads the files an ignore file may be, by name (relative to the context) or beside the Dockerfile. */
export interface IgnoreFileReader {
  /** A file of the build context (`.dockerignore`); null when it is not there. */
  context(name: string): Promise<string | null>;
  /** `<Dockerfile><suffix>` beside the Dockerfile; null when it is not there or the Dockerfile is not known. */
  besideDockerfile(suffix: string): Promise<string | null>;
  /** The Dockerfile is at the root of the context (Buildah then finds the file beside it however the build is started). */
  dockerfileAtRoot: boolean;
}

/**
 * The ignore files of a build context under the builders volint is asked about: a path is in the
 * build, out of it, or in under some and out under others ('depends').
 */
export class Dockerignore {
  /** Some file takes paths back in (`!`): a directory left out may still have files in the build. */
  readonly exceptions: boolean;

  /** `present`: some builder reads an ignore file with a line in it (the context has one). */
  private constructor(
    private readonly files: readonly IgnoreFile[],
    readonly present: boolean,
  ) {
    this.exceptions = files.some((f) => f.exceptions || f.unknown);
  }

  /** The ignore files each builder of `builder` may read, from `read`. */
  static async read(read: IgnoreFileReader, builder: BuilderSetting): Promise<Dockerignore> {
    const cache = new Map<string, Promise<string | null>>();
    const once = (key: string, load: () => Promise<string | null>): Promise<string | null> => {
      let text = cache.get(key);
      if (!text) cache.set(key, (text = load()));
      return text;
    };
    const context = (name: string): Promise<string | null> => once(`context:${name}`, () => read.context(name));
    const beside = (suffix: string): Promise<string | null> => once(`beside:${suffix}`, () => read.besideDockerfile(suffix));
    const first = async (...loads: Array<() => Promise<string | null>>): Promise<string> => {
      for (const load of loads) {
        const text = await load();
        if (text !== null) return text;
      }
      return '';
    };
    const choices: Array<{ text: string; reading: Reading }> = [];
    const builders: readonly BuilderName[] = builder === 'any' ? BUILDERS : [builder];
    for (const name of builders) {
      if (name === 'legacy') choices.push({ text: await first(() => context('.dockerignore')), reading: 'docker' });
      else if (name === 'buildkit' || name === 'kaniko') choices.push({ text: await first(() => beside('.dockerignore'), () => context('.dockerignore')), reading: 'docker' });
      else {
        const inContext = [(): Promise<string | null> => context('.containerignore'), (): Promise<string | null> => context('.dockerignore')];
        choices.push({ text: await first(() => beside('.dockerignore'), () => beside('.containerignore'), ...inContext), reading: 'buildah' });
        if (!read.dockerfileAtRoot) choices.push({ text: await first(...inContext), reading: 'buildah' });
      }
    }
    const unique = new Map<string, IgnoreFile>();
    for (const { text, reading } of choices) {
      const key = `${reading}\0${text}`;
      if (!unique.has(key)) unique.set(key, new IgnoreFile(text, reading));
    }
    return new Dockerignore([...unique.values()], choices.some((c) => c.text.trim() !== ''));
  }

  /** Whether the file or directory `relative` (to the context, normalised) is in the build. */
  presence(relative: string): Presence {
    const answers = new Set<boolean>();
    for (const file of this.files) {
      if (file.unknown) return 'depends';
      for (const answer of file.leftOut(relative)) answers.add(answer);
    }
    if (answers.size > 1) return 'depends';
    return answers.has(true) ? 'out' : 'in';
  }
}
