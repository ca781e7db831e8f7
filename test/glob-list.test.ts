/**
 * globListMatcher (src/model/glob-list.ts) answers as picomatch does over the same list: for the
 * default target lists, every tag list of the base-image catalogue, and lists with escapes,
 * braces and negations, on paths and tags built to sit near each pattern.
 */
import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import data from '../src/model/base-images.json' with { type: 'json' };
import { globListMatcher, withoutPicomatch } from '../src/model/glob-list.js';
import { DEFAULT_TARGETS } from '../src/model/targets.js';

/** Strings near a pattern: itself, with slashes and dots added or removed, escapes undone, parts swapped. */
function near(pattern: string): string[] {
  const plain = pattern.replace(/\\(.)/g, '$1');
  const filled = pattern.replace(/\*\*/g, 'a/b').replace(/\*/g, 'x').replace(/\?/g, 'q').replace(/\[[^\]]*\]/g, 'c').replace(/\{([^,}]*)[^}]*\}/g, '$1');
  const out = new Set([pattern, plain, filled, `${pattern}/`, `${plain}/`, `./${plain}`, plain.replace(/^\//, ''), `/${plain}`, `${filled}/x`, `${plain}.d`,
    plain.toUpperCase(), plain.replace(/\//g, '//'), `${plain}/.hidden`, `.${plain}`, '', '/', '.']);
  return [...out];
}

function assertSame(list: readonly string[], extra: readonly string[] = []): void {
  const expected = picomatch([...list], { dot: true });
  const actual = globListMatcher(list);
  const inputs = new Set([...list.flatMap(near), ...extra]);
  for (const input of inputs) assert.equal(actual(input), expected(input), `${JSON.stringify(input)} against ${JSON.stringify(list)}`);
}

describe('globListMatcher answers as picomatch does', () => {
  const paths = Object.values(DEFAULT_TARGETS).flat().flatMap(near);

  it('on the default target lists', () => {
    for (const list of Object.values(DEFAULT_TARGETS)) assertSame(list, paths);
  });

  it('on every tag list of the base-image catalogue', () => {
    const images = (data as { images: Array<{ tags: string[] }> }).images;
    const tags = ['latest', '1', '1.2', '1.2.3', '16', '16-alpine', '16.4-bookworm', 'alpine', 'slim', 'x', '', '*'];
    let lists = 0;
    for (const entry of images) {
      assertSame(entry.tags, tags);
      lists++;
    }
    assert.ok(lists > 20, `only ${lists} tag lists`);
  });

  it('on escapes, braces, classes, negations and extglobs', () => {
    assertSame(['a\\*b', '\\/usr', '/us\\r', 'x\\\\y', '/plain', 'a.b'], ['a*b', 'a\\*b', '/usr', '/us\\r', 'x\\y', 'a.b', 'axb']);
    assertSame(['/a/{b,c}', '/d/[ef]', '!/g', '/h/+(i)', '/j/@(k|l)', '/m', '/n/**'], ['/a/b', '/a/c', '/a/d', '/d/e', '/g', '/h/i', '/h/ii', '/j/k', '/m', '/n', '/n/o/p', '/z']);
    assertSame(['./a', 'a/../b', '/c/./d', '.', '..', '/e/'], ['a', './a', 'a/../b', 'b', '/c/d', '/c/./d', '.', '..', '/e', '/e/', '']);
    assertSame([]);
  });

  it('part by part on plain paths: every default pattern and more, on paths made of their own parts', function () {
    this.timeout(120000);
    // Each pattern alone, so that a difference names it; paths of up to four parts drawn from the
    // pattern's text around its stars and a few others, absolute and relative, and the strings
    // left to picomatch (doubled and trailing slashes, `.` and `..`).
    const extra = ['*', '**', '*/x', '/a/b*/**', '/a/*b/**', '/a/b*c/**', '/a/*b/**/c', '*/**', '/a/*/**/b', 'a*b', '/x/**/y/**', 'lib*', '*.d', '/**', '**/**', '/a*/b*c', '*a*', '/x/*/**'];
    let compared = 0;
    for (const pattern of [...Object.values(DEFAULT_TARGETS).flat(), ...extra]) {
      const pieces = new Set(['x', '.x', 'a.b', '', '.', '..', '*']);
      for (const part of pattern.split('/')) {
        for (const piece of part.split('*')) if (piece !== '') pieces.add(piece);
        if (part.includes('*') && part !== '**') pieces.add(part.replace('*', 'z')).add(part.replace('*', ''));
      }
      const pool = [...pieces];
      const paths = new Set<string>(['/']);
      const grow = (path: string[], depth: number): void => {
        if (path.length > 0) {
          paths.add(path.join('/'));
          paths.add(`/${path.join('/')}`);
        }
        if (depth < 4) for (const piece of pool) grow([...path, piece], depth + 1);
      };
      grow([], 0);
      const expected = picomatch(pattern, { dot: true });
      const actual = globListMatcher([pattern]);
      for (const path of paths) assert.equal(actual(path), expected(path), `${JSON.stringify(path)} against ${JSON.stringify(pattern)}`);
      compared += paths.size;
    }
    assert.ok(compared > 100_000, `only ${compared} paths`);
    // The point of it: no default pattern needs picomatch on a plain path.
    for (const pattern of Object.values(DEFAULT_TARGETS).flat()) assert.ok(withoutPicomatch(pattern), pattern);
    assert.equal(withoutPicomatch('/a/b*/**/c'), false);
  });
});
