/**
 * Configuration: every key of .volint.yaml/.yml/.json, the upward lookup that stops at the
 * repository root, --config and --no-config, and invalid files: a one-line error naming the file
 * and the key, exit 2. YAML aliases are capped ("billion laughs").
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules as allRules } from '../rules/index.js';
import { Runner } from '../src/cli/run.js';
import { ConfigError, ConfigResolver, loadConfigFile, parseConfigText, validateConfig } from '../src/engine/config.js';
import { TargetClassifier } from '../src/model/targets.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'volint.js');

let root: string;
function write(rel: string, text: string): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function runner(options: { config?: string | false } = {}): Runner {
  return new Runner({ cwd: root, rules: allRules, ruleOverrides: new Map(), imageConfigs: [], reportUnusedIgnores: false, ...options });
}

function cli(args: string[], cwd = root): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function configError(raw: unknown): string {
  try {
    validateConfig(raw, '/repo/.volint.yaml', allRules);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.message;
  }
  assert.fail('expected the config to be rejected');
}

describe('configuration', () => {
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'volint-config-')));
    mkdirSync(join(root, '.git'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('keys', () => {
    it('rules: by id or by name, case-insensitive ids, each to off|note|warning|error', () => {
      const config = validateConfig({ rules: { VOL001: 'off', 'volume-relative-path': 'error', vol009: 'note' } }, '/r/.volint.yaml', allRules);
      assert.deepEqual([...config.rules.entries()].sort(), [['VOL001', 'off'], ['VOL003', 'error'], ['VOL009', 'note']]);
    });

    it('builder, failLevel and ignorePatterns are taken as given', () => {
      const config = validateConfig({ builder: 'kaniko', failLevel: 'warning', ignorePatterns: ['vendor/**'] }, '/r/.volint.yaml', allRules);
      assert.equal(config.builder, 'kaniko');
      assert.equal(config.failLevel, 'warning');
      assert.deepEqual(config.ignorePatterns, ['vendor/**']);
      assert.equal(config.root, '/r');
    });

    it('targets: a list extends a class, { replace } replaces it, { extend } extends it', () => {
      const config = validateConfig(
        { targets: { cache: ['/opt/cache/**'], code: { replace: ['/srv/code'] }, good: { extend: ['/app/uploads'] } } },
        '/r/.volint.yaml',
        allRules,
      );
      assert.deepEqual(config.targets, { replace: { code: ['/srv/code'] }, extend: { cache: ['/opt/cache/**'], good: ['/app/uploads'] } });
      const classifier = new TargetClassifier(config.targets);
      assert.equal(classifier.classify('/opt/cache/x'), 'cache');
      assert.equal(classifier.classify('/srv/code'), 'code');
      assert.notEqual(classifier.classify('/usr/src/app'), 'code', '/usr/src/app is no longer code: the list was replaced');
      assert.equal(classifier.classify('/app/uploads'), 'good', 'additions to good win over the default lists');
      assert.equal(new TargetClassifier().classify('/usr/src/app'), 'code');
    });

    it('baseImages: image (optionally with a tag glob) to volumes, or { volumes, env, user }', () => {
      const config = validateConfig(
        { baseImages: { 'registry.example.com/team/db': ['/var/lib/db'], 'acme/app:1.*': { volumes: ['/data'], user: 'app', env: { HOME: '/home/app' } } } },
        '/r/.volint.yaml',
        allRules,
      );
      assert.deepEqual(
        config.baseImages.map((e) => ({ name: e.name, tags: e.tags, volumes: e.volumes, user: e.user, env: e.env })),
        [
          { name: 'registry.example.com/team/db', tags: ['*'], volumes: ['/var/lib/db'], user: undefined, env: undefined },
          { name: 'acme/app', tags: ['1.*'], volumes: ['/data'], user: 'app', env: { HOME: '/home/app' } },
        ],
      );
    });

    it('overrides apply their rules to matching files only; ignorePatterns skip files; both relative to the config', async () => {
      write('.volint.yaml', ['rules:', '  VOL003: note', 'ignorePatterns: ["third_party/**"]', 'overrides:', '  - files: ["legacy/**"]', '    rules: { volume-relative-path: off }', '  - files: "*.dev.Dockerfile"', '    rules: { VOL003: error }', ''].join('\n'));
      const r = runner();
      const plain = await r.settingsFor(join(root, 'app/Dockerfile'));
      assert.equal(plain.settings.severities.get('VOL003'), 'note');
      assert.equal(plain.ignored, false);
      assert.equal((await r.settingsFor(join(root, 'legacy/x/Dockerfile'))).settings.severities.get('VOL003'), 'off');
      assert.equal((await r.settingsFor(join(root, 'deep/dir/api.dev.Dockerfile'))).settings.severities.get('VOL003'), 'error', 'a pattern without / matches the base name');
      assert.equal((await r.settingsFor(join(root, 'third_party/lib/Dockerfile'))).ignored, true);
    });
  });

  describe('compose', () => {
    it('compose.deployed: the config, an override for some files, and --compose-deployed over both', async () => {
      write('.volint.yaml', ['compose:', '  deployed: false', 'overrides:', '  - files: ["deploy/**"]', '    compose: { deployed: true }', ''].join('\n'));
      const r = runner();
      assert.equal((await r.settingsFor(join(root, 'compose.yaml'))).settings.composeDeployed, undefined);
      assert.equal((await r.settingsFor(join(root, 'deploy/compose.yaml'))).settings.composeDeployed, true);
      const flagged = new Runner({ cwd: root, rules: allRules, ruleOverrides: new Map(), imageConfigs: [], reportUnusedIgnores: false, composeDeployed: true });
      assert.equal((await flagged.settingsFor(join(root, 'compose.yaml'))).settings.composeDeployed, true);
      assert.deepEqual(validateConfig({ compose: { deployed: true } }, '/r/.volint.yaml', allRules).compose, { deployed: true });
    });

    it('a project that keeps no data is linted as a throw-away stack unless compose.deployed says otherwise', () => {
      write('compose.yaml', 'services:\n  db:\n    image: postgres:16\n');
      assert.equal(cli(['-f', 'compact', 'compose.yaml']).stdout, '');
      assert.match(cli(['-f', 'compact', '--compose-deployed', 'compose.yaml']).stdout, /^compose\.yaml:2:3: warning .*\[VOL022\]$/m);
      write('.volint.yaml', 'compose:\n  deployed: true\n');
      assert.match(cli(['-f', 'compact', 'compose.yaml']).stdout, /^compose\.yaml:2:3: warning .*\[VOL022\]$/m);
    });
  });

  describe('lookup', () => {
    it('finds the nearest config upward from the file and stops at the repository root', async () => {
      const outer = realpathSync(mkdtempSync(join(tmpdir(), 'volint-outer-')));
      try {
        writeFileSync(join(outer, '.volint.yaml'), 'rules: { VOL003: off }\n');
        const repo = join(outer, 'repo');
        mkdirSync(join(repo, '.git'), { recursive: true });
        mkdirSync(join(repo, 'a', 'b'), { recursive: true });
        const resolver = new ConfigResolver();
        assert.equal(await resolver.find(join(repo, 'a', 'b')), null, 'the config above the repository root is not used');
        writeFileSync(join(repo, '.volint.yml'), 'rules: { VOL003: note }\n');
        writeFileSync(join(repo, 'a', '.volint.json'), '{ "rules": { "VOL003": "error" } }\n');
        const fresh = new ConfigResolver();
        assert.equal(await fresh.find(join(repo, 'a', 'b')), join(repo, 'a', '.volint.json'));
        assert.equal(await fresh.find(repo), join(repo, '.volint.yml'));
      } finally {
        rmSync(outer, { recursive: true, force: true });
      }
    });

    it('finds .volint.yaml, .volint.yml or .volint.json; two of them in one directory are an error naming both', async () => {
      write('.volint.json', '{}');
      assert.equal(await new ConfigResolver().find(root), join(root, '.volint.json'));
      write('.volint.yml', '{}');
      await assert.rejects(new ConfigResolver().find(root), /\.volint\.yml and \.volint\.json are both here/);
      write('.volint.yaml', '{}');
      await assert.rejects(new ConfigResolver().find(root), /\.volint\.yaml and \.volint\.yml and \.volint\.json are both here/);
    });
  });

  describe('parsing', () => {
    it('caps YAML aliases: a billion-laughs document is an error, not an expansion', async () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 10; i++) {
        const name = String.fromCharCode(97 + i);
        const prev = String.fromCharCode(96 + i);
        levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      await assert.rejects(parseConfigText(levels.join('\n') + '\n', '/r/.volint.yaml'), (err: Error) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /^\/r\/\.volint\.yaml: not valid YAML \(.*alias/i);
        return true;
      });
    });

    it('a few aliases are fine, duplicate keys are not, and YAML 1.2 reads `off` as a string', async () => {
      assert.deepEqual(await parseConfigText('x: &r { VOL001: off }\nrules: *r\n', '/r/.volint.yaml'), { x: { VOL001: 'off' }, rules: { VOL001: 'off' } });
      await assert.rejects(parseConfigText('rules: {}\nrules: {}\n', '/r/.volint.yaml'), /not valid YAML/);
    });

    it('a JSON config with a syntax error names the file', async () => {
      const file = write('.volint.json', '{ "rules": ');
      await assert.rejects(loadConfigFile(file, allRules), (err: Error) => err instanceof ConfigError && err.message.startsWith(`${file}: not valid JSON`));
    });
  });

  describe('invalid configurations', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['an unknown key', { rulez: {} }, /^\/repo\/\.volint\.yaml: rulez: unknown key \(expected one of rules, builder, /],
      ['rules of the wrong type', { rules: ['VOL001'] }, /^\/repo\/\.volint\.yaml: rules: expected a mapping of rule id or name/],
      ['an unknown rule', { rules: { VOL999: 'off' } }, /^\/repo\/\.volint\.yaml: rules\.VOL999: unknown rule/],
      ['a bad severity', { rules: { VOL001: 'fatal' } }, /^\/repo\/\.volint\.yaml: rules\.VOL001: expected off, note, warning or error$/],
      ['a bad builder', { builder: 'docker' }, /^\/repo\/\.volint\.yaml: builder: expected one of any, /],
      ['a bad failLevel', { failLevel: 'critical' }, /^\/repo\/\.volint\.yaml: failLevel: expected error, warning or note$/],
      ['ignorePatterns not a list', { ignorePatterns: 'vendor/**' }, /^\/repo\/\.volint\.yaml: ignorePatterns: expected a list of strings$/],
      ['an unbalanced brace glob', { ignorePatterns: ['**/{a,b'] }, /^\/repo\/\.volint\.yaml: ignorePatterns: invalid glob "\*\*\/\{a,b" \(/],
      ['a reversed range glob', { overrides: [{ files: ['[z-a]'], rules: {} }] }, /^\/repo\/\.volint\.yaml: overrides\[0\]\.files: invalid glob/],
      ['an unknown override key', { overrides: [{ files: ['x'], rule: {} }] }, /^\/repo\/\.volint\.yaml: overrides\[0\]\.rule: unknown key/],
      ['an unknown target class', { targets: { temp: ['/tmp'] } }, /^\/repo\/\.volint\.yaml: targets\.temp: unknown class/],
      ['a bad target glob', { targets: { code: { replace: ['a{b'] } } }, /^\/repo\/\.volint\.yaml: targets\.code\.replace: invalid glob/],
      ['a relative base image volume', { baseImages: { 'acme/app': ['data'] } }, /^\/repo\/\.volint\.yaml: baseImages\.acme\/app: volume "data" is not an absolute path$/],
      ['a top level that is a list', ['rules'], /^\/repo\/\.volint\.yaml: \(top level\): expected a mapping$/],
      ['compose not a mapping', { compose: true }, /^\/repo\/\.volint\.yaml: compose: expected a mapping \(deployed: true \| false\)$/],
      ['an unknown compose key', { compose: { deploy: true } }, /^\/repo\/\.volint\.yaml: compose\.deploy: unknown key \(expected deployed\)$/],
      ['a compose.deployed that is not a boolean', { compose: { deployed: 'yes' } }, /^\/repo\/\.volint\.yaml: compose\.deployed: expected true or false$/],
      ['a bad compose setting in an override', { overrides: [{ files: ['x'], compose: { deployed: 1 } }] }, /^\/repo\/\.volint\.yaml: overrides\[0\]\.compose\.deployed: expected true or false$/],
    ];
    for (const [what, raw, expected] of cases) {
      it(`rejects ${what} with one line naming the file and the key`, () => {
        const message = configError(raw);
        assert.match(message, expected);
        assert.ok(!message.includes('\n'), 'one line');
      });
    }
  });

  describe('from the command line', function () {
    this.timeout(60_000);
    const WARNING_ONLY = 'FROM alpine:3.20\nWORKDIR /app\nVOLUME data\n';

    it('uses the config found upward from the file, and --no-config ignores it', () => {
      write('svc/Dockerfile', WARNING_ONLY);
      write('.volint.yaml', 'rules:\n  volume-relative-path: error\n');
      const withConfig = cli(['-f', 'compact', 'svc/Dockerfile']);
      assert.equal(withConfig.code, 1);
      assert.match(withConfig.stdout, /^svc\/Dockerfile:3:8: error .*\[VOL003\]$/m);
      const without = cli(['-f', 'compact', '--no-config', 'svc/Dockerfile']);
      assert.equal(without.code, 0);
      assert.match(without.stdout, /^svc\/Dockerfile:3:8: warning .*\[VOL003\]$/m);
    });

    it('--config uses the given file for every path, wherever it lies', () => {
      write('svc/Dockerfile', WARNING_ONLY);
      write('.volint.yaml', 'rules: { VOL003: error }\n');
      write('ci/strict.json', '{ "rules": { "VOL003": "off" } }');
      const r = cli(['-f', 'compact', '--config', 'ci/strict.json', 'svc/Dockerfile']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '');
    });

    it('failLevel: warning makes warnings fail the run', () => {
      write('Dockerfile', WARNING_ONLY);
      assert.equal(cli(['-f', 'compact', 'Dockerfile']).code, 0);
      write('.volint.yml', 'failLevel: warning\n');
      assert.equal(cli(['-f', 'compact', 'Dockerfile']).code, 1);
    });

    it('ignorePatterns from the config skip files in a directory walk', () => {
      write('app/Dockerfile', WARNING_ONLY);
      write('vendor/x/Dockerfile', "FROM alpine\nVOLUME ['/x']\n");
      write('.volint.yaml', 'ignorePatterns: ["vendor/**"]\n');
      const r = cli(['-f', 'compact', '.']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^app\/Dockerfile:/m);
      assert.doesNotMatch(r.stdout, /vendor/);
    });

    const invalid: Array<[string, string, string, RegExp]> = [
      ['an unknown key', '.volint.yaml', 'rulez: {}\n', /: rulez: unknown key/],
      ['a wrong type', '.volint.yaml', 'rules: VOL001\n', /: rules: expected a mapping/],
      ['a bad glob', '.volint.yaml', 'ignorePatterns: ["src/{a,b"]\n', /: ignorePatterns: invalid glob/],
      ['an unknown rule', '.volint.json', '{ "rules": { "volume-nonsense": "off" } }', /: rules\.volume-nonsense: unknown rule/],
      ['invalid YAML', '.volint.yaml', 'rules: [\n', /: not valid YAML/],
      ['billion laughs', '.volint.yaml', 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', /: not valid YAML/],
    ];
    for (const [what, name, text, expected] of invalid) {
      it(`exits 2 with one line on stderr for ${what}`, () => {
        write('Dockerfile', WARNING_ONLY);
        const file = write(name, text);
        const r = cli(['Dockerfile']);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        const lines = r.stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
        assert.ok(lines[0]!.startsWith(`volint: ${file}: `), lines[0]);
        assert.match(lines[0]!, expected);
      });
    }

    it('a missing --config file is an error naming it, exit 2', () => {
      write('Dockerfile', WARNING_ONLY);
      const r = cli(['--config', 'nope.yaml', 'Dockerfile']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^volint: .*nope\.yaml: cannot read \(ENOENT\)\n$/);
    });
  });
});
