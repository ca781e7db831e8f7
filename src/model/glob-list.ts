/**
 * A list of picomatch globs as one predicate, answering as picomatch does (`dot: true`).
 *
 * picomatch compiles every pattern of a list to its own regular expression, and V8 compiles each
 * of those again on its first test: for the default target lists that was about a tenth of a
 * one-file run that meets a VOLUME (docker-library's postgres 17 Dockerfile). Most patterns need
 * neither:
 * - a pattern of letters, digits, `_ . / -` only (no escape, negation or `./` prefix) that
 *   picomatch does not call a glob matches exactly itself: looked up in a set;
 * - a pattern whose parts between slashes are each plain text, `**`, or plain text around one
 *   `*` (`/var/lib/*`, `**\/.npm`, `**\/*.conf`, `/usr/local/lib/python*`, `/var/lib/*\/**`) is
 *   matched part by part on a plain path (see SIMPLE_INPUT): `*` is a part that starts and ends with the text around
 *   it (a leading `*` also matches the empty part before a leading slash: `*\/x` matches `/x`),
 *   `**` any number of parts (none included, and that empty part: `**\/.npm` matches `/.npm`),
 *   but at least one at the end after a part that ends with a star (`/var/lib/*\/**`).
 * The other patterns, and every string that is not a plain path (a trailing or doubled slash, a
 * `.` or `..` part, a backslash, a control character), go to picomatch, compiled when first
 * needed. test/glob-list.test.ts holds the part-by-part matcher to picomatch on every default
 * pattern and on paths made of the patterns' own parts.
 */
import picomatch from 'picomatch';

type Matcher = (text: string) => boolean;

const NEVER = (): boolean => false;
const PLAIN = /^[\w./-]*$/;
/** A part of a simple pattern: plain text around at most one `*`, or `**`. */
const SIMPLE_PART = /^(?:[\w.-]*\*?[\w.-]*|\*\*)$/;
/**
 * A string the part-by-part matcher answers for: printable ASCII without a backslash, no empty
 * part but the one before a leading slash, no `.` or `..` part; `/` alone is left to picomatch.
 */
const SIMPLE_INPUT = /^(?!.*(?:\/\/|\/$|(?:^|\/)\.\.?(?:\/|$)))[\x20-\x5b\x5d-\x7e]+$/;

/** One part of a simple pattern. */
type Part = { kind: 'text'; text: string } | { kind: 'star'; prefix: string; suffix: string } | { kind: 'globstar'; least: number };

/** The parts of `pattern` when it is simple (see the module's comment), else null. */
function simpleParts(pattern: string): Part[] | null {
  if (pattern === '' || pattern.startsWith('./')) return null;
  const texts = pattern.split('/');
  const parts: Part[] = [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    // Only a leading slash makes an empty part.
    if (text === '' ? i !== 0 || texts.length === 1 : !SIMPLE_PART.test(text)) return null;
    if (text === '.' || text === '..') return null;
    if (text === '**') {
      // picomatch reads a `/**` after a part that ends with a star as at least one more part
      // (`/a/b*/**` does not match `/a/bc`, `/a/*b/**` matches `/a/cb`); such a `**` before
      // another part is left to it.
      const previous = parts[parts.length - 1];
      const afterStar = previous?.kind === 'star' && previous.suffix === '';
      if (afterStar && i !== texts.length - 1) return null;
      parts.push({ kind: 'globstar', least: afterStar ? 1 : 0 });
    }
    else {
      const star = text.indexOf('*');
      parts.push(star < 0 ? { kind: 'text', text } : { kind: 'star', prefix: text.slice(0, star), suffix: text.slice(star + 1) });
    }
  }
  return parts;
}

function partMatches(part: Part, segment: string): boolean {
  if (part.kind === 'text') return part.text === segment;
  if (part.kind === 'globstar') return true;
  return segment.length >= part.prefix.length + part.suffix.length && segment.startsWith(part.prefix) && segment.endsWith(part.suffix);
}

/** Whether `segments` from `s` on match `parts` from `p` on (`**` backtracks). */
function matchParts(parts: readonly Part[], p: number, segments: readonly string[], s: number): boolean {
  for (; p < parts.length; p++, s++) {
    const part = parts[p]!;
    if (part.kind === 'globstar') {
      for (let from = s + part.least; from <= segments.length; from++) if (matchParts(parts, p + 1, segments, from)) return true;
      return false;
    }
    if (s >= segments.length || !partMatches(part, segments[s]!)) return false;
  }
  return s === segments.length;
}

/** Whether globListMatcher answers for `pattern` without picomatch on plain paths (for tests). */
export function withoutPicomatch(pattern: string): boolean {
  return (PLAIN.test(pattern) && !pattern.startsWith('./') && !picomatch.scan(pattern).isGlob) || simpleParts(pattern) !== null;
}

export function globListMatcher(patterns: readonly string[]): Matcher {
  const exact = new Set<string>();
  const simple: Part[][] = [];
  const globs: string[] = [];
  for (const pattern of patterns) {
    if (PLAIN.test(pattern) && !pattern.startsWith('./') && !picomatch.scan(pattern).isGlob) exact.add(pattern);
    else {
      const parts = simpleParts(pattern);
      if (parts) simple.push(parts);
      else globs.push(pattern);
    }
  }
  if (simple.length === 0 && globs.length === 0) return exact.size === 0 ? NEVER : (text) => exact.has(text);
  // picomatch over the other patterns, and over the simple ones for the strings that are not plain paths.
  let others: Matcher | undefined;
  let all: Matcher | undefined;
  const viaPicomatch = (list: readonly string[]): Matcher => (list.length > 0 ? picomatch([...list], { dot: true }) : NEVER);
  const simplePatterns = patterns.filter((p) => !exact.has(p) && !globs.includes(p));
  return (text) => {
    if (exact.has(text)) return true;
    if (!SIMPLE_INPUT.test(text)) return (all ??= viaPicomatch([...simplePatterns, ...globs]))(text);
    if (simple.length > 0) {
      const segments = text.split('/');
      for (const parts of simple) if (matchParts(parts, 0, segments, 0)) return true;
    }
    return globs.length > 0 && (others ??= viaPicomatch(globs))(text);
  };
}
