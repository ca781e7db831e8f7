/**
 * The RUN analysis keeps the effects of the scripts it analysed (EffectsMemo in
 * src/model/shell/index.ts): a script analysed again in a context that answers the same
 * variables alike gets the kept effects; any other answer, directory or home is analysed anew.
 * Held to an analysis without the memo over every fixture's and real Dockerfile's RUN scripts and
 * every fixture's lint, each seen twice.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintText } from '../src/engine/linter.js';
import { loadShellAnalyzer } from '../src/model/shell/index.js';
import type { ShellAnalyzer, ShellContext } from '../src/model/shell-types.js';
import { defaultSettings } from './helpers/lint.js';
import { fixtures } from './helpers/generators.js';
import { sharedCorpusFiles } from './helpers/shared-corpus.js';
import { fixtureRunScripts, runScripts } from './helpers/shell-scripts.js';

const paths = (effects: readonly { kind: string; path: string }[]): string[] => effects.map((e) => `${e.kind} ${e.path}`);

/** A context whose variables come from `vars`, counting the questions. */
function contextOf(cwd: string, vars: Record<string, string>, home?: string): ShellContext & { asked: number } {
  const context = {
    cwd,
    asked: 0,
    lookup(name: string): string | undefined {
      context.asked++;
      return Object.hasOwn(vars, name) ? vars[name] : undefined;
    },
    ...(home !== undefined ? { home } : {}),
  };
  return context;
}

describe('the effects of analysed scripts are kept', function () {
  this.timeout(120000);
  let memo: ShellAnalyzer;
  let plain: ShellAnalyzer;

  before(async () => {
    memo = await loadShellAnalyzer();
    plain = await loadShellAnalyzer({ effectsMemoChars: 0 });
  });

  it('serves a script seen again in the same context from the memo', () => {
    const script = 'mkdir -p "$DATA/db" && chown -R app "$DATA"';
    const first = memo.analyzeScript(script, contextOf('/', { DATA: '/srv/data' }));
    const again = contextOf('/', { DATA: '/srv/data' });
    const second = memo.analyzeScript(script, again);
    assert.equal(second, first, 'the kept effects');
    assert.ok(again.asked > 0, 'the kept entry is checked against the variables it read');
    assert.deepEqual(paths(second), ['mkdir /srv/data/db', 'chown /srv/data']);
    assert.ok(Object.isFrozen(second) && second.every((e) => Object.isFrozen(e)), 'kept effects are frozen');
    const unkept = plain.analyzeScript(script, contextOf('/', { DATA: '/srv/data' }));
    assert.notEqual(plain.analyzeScript(script, contextOf('/', { DATA: '/srv/data' })), unkept, 'effectsMemoChars 0 keeps nothing');
  });

  it('analyses again when a variable the script read has another value, and keeps both variants', () => {
    const script = 'mkdir -p "$APP_HOME/logs"';
    assert.deepEqual(paths(memo.analyzeScript(script, contextOf('/', { APP_HOME: '/a' }))), ['mkdir /a/logs']);
    assert.deepEqual(paths(memo.analyzeScript(script, contextOf('/', { APP_HOME: '/b' }))), ['mkdir /b/logs']);
    assert.deepEqual(paths(memo.analyzeScript(script, contextOf('/', {}))), []);
    assert.deepEqual(paths(memo.analyzeScript(script, contextOf('/', { APP_HOME: '/a' }))), ['mkdir /a/logs']);
    // A variable the script never reads does not matter.
    const other = memo.analyzeScript(script, contextOf('/', { APP_HOME: '/b', UNRELATED: 'x' }));
    assert.deepEqual(paths(other), ['mkdir /b/logs']);
  });

  it('analyses again in another directory or for another home', () => {
    const script = 'mkdir cache && touch ~/.profile';
    assert.deepEqual(paths(memo.analyzeScript(script, contextOf('/app', {}, '/root'))), ['mkdir /app/cache', 'write /root/.profile']);
    assert.deepEqual(paths(memo.analyzeScript(script, contextOf('/srv', {}, '/root'))), ['mkdir /srv/cache', 'write /root/.profile']);
    assert.deepEqual(paths(memo.analyzeScript(script, contextOf('/srv', { HOME: '/home/app' }))), ['mkdir /srv/cache', 'write /home/app/.profile']);
    assert.deepEqual(paths(memo.analyzeScript(script, contextOf('/srv', {}, '/root'))), ['mkdir /srv/cache', 'write /root/.profile']);
  });

  it('keeps exec-form argv apart from a script of the same text, and argv that join alike apart', () => {
    const context = contextOf('/', {});
    assert.deepEqual(paths(memo.analyzeArgv(['mkdir', '-p', '/a b'], context)), ['mkdir /a b']);
    assert.deepEqual(paths(memo.analyzeArgv(['mkdir', '-p', '/a', 'b'], context)), ['mkdir /a', 'mkdir /b']);
    assert.deepEqual(paths(memo.analyzeScript('mkdir -p /a b', context)), ['mkdir /a', 'mkdir /b']);
    assert.deepEqual(paths(memo.analyzeArgv(['mkdir', '-p', '/a b'], context)), ['mkdir /a b']);
  });

  it('does not keep an analysis that failed: the next one runs and reports again', () => {
    const script = 'touch /data/a && mkdir -p "$BROKEN/x" && touch /data/b';
    const errors: unknown[] = [];
    const failing: ShellContext = {
      cwd: '/',
      lookup(name) {
        if (name === 'BROKEN') throw new TypeError('lookup failed');
        return undefined;
      },
      onError: (error) => errors.push(error),
    };
    const partial = memo.analyzeScript(script, failing);
    assert.equal(errors.length, 1);
    assert.deepEqual(paths(partial), ['write /data/a']);
    memo.analyzeScript(script, failing);
    assert.equal(errors.length, 2, 'analysed (and reported) again');
    assert.deepEqual(paths(memo.analyzeScript(script, contextOf('/', { BROKEN: '/b' }))), ['write /data/a', 'mkdir /b/x', 'write /data/b']);
  });

  it('finds what an analysis without the memo finds, on every fixture and real RUN script seen twice in three contexts', () => {
    const kept = memo;
    const real = sharedCorpusFiles() ?? [];
    const scripts = [...fixtureRunScripts(), ...real.flatMap((file) => runScripts(readFileSync(file, 'utf8')))];
    const contexts = (): ShellContext[] => [
      contextOf('/', {}),
      contextOf('/var/lib/postgresql', { PGDATA: '/var/lib/postgresql/data', PG_MAJOR: '17', HOME: '/var/lib/postgresql' }, '/root'),
      contextOf('/app', { PGDATA: '/srv/pg', APP_HOME: '/srv/app', GOSU_VERSION: '1.19' }),
    ];
    let served = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (const script of scripts) {
        const [a, b, c] = contexts();
        const [x, y, z] = contexts();
        for (const [context, reference] of [[a!, x!], [b!, y!], [c!, z!]] as const) {
          const found = kept.analyzeScript(script, context);
          const expected = plain.analyzeScript(script, reference);
          assert.equal(JSON.stringify(found), JSON.stringify(expected), JSON.stringify(script.slice(0, 200)));
          if (pass === 1 && Object.isFrozen(found)) served++;
        }
      }
    }
    assert.ok(scripts.length > 50 && served > scripts.length, `${served} of ${scripts.length * 3} analyses served from the memo`);
  });

  it('lints every fixture alike with the memo (twice over) and without it', async () => {
    const files = fixtures();
    assert.ok(files.length > 50);
    const withMemo = defaultSettings({ loadShellAnalyzer: async () => memo });
    const without = defaultSettings({ loadShellAnalyzer: async () => plain });
    for (let pass = 0; pass < 2; pass++) {
      for (const text of files) {
        const a = await lintText(text, 'Dockerfile', withMemo);
        const b = await lintText(text, 'Dockerfile', without);
        assert.equal(JSON.stringify(a.findings), JSON.stringify(b.findings), text.slice(0, 200));
        const effects = (r: typeof a): string => JSON.stringify(r.model.stages.map((s) => [s.effects, s.uses]), (key, value: unknown) => (key === 'instruction' ? undefined : value));
        assert.equal(effects(a), effects(b), text.slice(0, 200));
      }
    }
  });
});
