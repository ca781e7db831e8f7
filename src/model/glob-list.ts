/**
 * A list of picomatch globs as one predicate. picomatch compiles every pattern of a list to its
 * own regular expression (tens of microseconds apiece, a few milliseconds for the default target
 * lists at every start-up that meets a VOLUME), while most entries are plain paths or tags. Those
 * are looked up in a set: a pattern of letters, digits, `_ . / -` only (no escape, negation or
 * `./` prefix) that picomatch does not call a glob matches exactly itself under picomatch
 * (checked against picomatch in test/glob-list.test.ts); the rest go to picomatch.
 */
import picomatch from 'picomatch';

const NEVER = (): boolean => false;
const PLAIN = /^[\w./-]*$/;

export function globListMatcher(patterns: readonly string[]): (text: string) => boolean {
  const exact = new Set<string>();
  const globs: string[] = [];
  for (const pattern of patterns) {
    if (PLAIN.test(pattern) && !pattern.startsWith('./') && !picomatch.scan(pattern).isGlob) exact.add(pattern);
    else globs.push(pattern);
  }
  const glob = globs.length > 0 ? picomatch(globs, { dot: true }) : null;
  if (glob === null) return exact.size === 0 ? NEVER : (text) => exact.has(text);
  if (exact.size === 0) return glob;
  return (text) => exact.has(text) || glob(text);
}
