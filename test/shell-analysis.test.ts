import assert from 'node:assert/strict';
import { loadShellAnalyzer } from '../src/model/shell/index.js';
import { downloadedInstallerProject, installerProject, sourceTreeProject } from '../src/model/shell/commands.js';
import { fixtureRunScripts } from './helpers/shell-scripts.js';
import { directWalker, loadBashParser, sameTree, type LanguageTables, type WasmModule } from '../src/model/shell/tree-sitter.js';
import type { ShellAnalyzer, ShellContext, ShellEffect } from '../src/model/shell-types.js';

let analyzer: ShellAnalyzer;

before(async function () {
  this.timeout(20000);
  analyzer = await loadShellAnalyzer();
});

const VARS: Record<string, string> = { APP_HOME: '/srv/app', HOME: '/root', GOPATH: '/go', EMPTY: '', DIRS: '/a /b' };

function context(overrides: Partial<ShellContext> = {}): ShellContext {
  return { cwd: '/', lookup: (name) => VARS[name], home: '/root', ...overrides };
}

/**
 * One line per effect: `KIND PATH`, then ` -R` when recursive and ` ?` when possible. This states
 * kind, path, recursive and certainty exactly; command and offsets have their own tests.
 */
function line(effect: ShellEffect): string {
  return `${effect.kind} ${effect.path}${effect.recursive ? ' -R' : ''}${effect.certainty === 'possible' ? ' ?' : ''}`;
}

/** The changes a script makes (`enter`, `read`, `exec`, `opaque` and `account` effects, which the model keeps apart from the changes, have tests of their own). */
const changes = (effects: ShellEffect[]): ShellEffect[] => effects.filter((e) => e.kind !== 'enter' && e.kind !== 'read' && e.kind !== 'exec' && e.kind !== 'opaque' && e.kind !== 'account');

/** The accounts a script makes (`account` effects), as `USER` or `USER UID`, with ` ?` when possible. */
function accounts(script: string): string[] {
  return analyzer
    .analyzeScript(script, context())
    .filter((e) => e.kind === 'account')
    .map((e) => `${e.account!.user}${e.account!.uid !== undefined ? ` ${e.account!.uid}` : ''}${e.certainty === 'possible' ? ' ?' : ''}`);
}

/** The context of a RUN step in /app whose environment holds exactly `vars` (home /root). */
function inApp(vars: Record<string, string>): Partial<ShellContext> {
  return { cwd: '/app', lookup: (name) => vars[name], home: '/root' };
}

function run(script: string, overrides: Partial<ShellContext> = {}): string[] {
  return changes(analyzer.analyzeScript(script, context(overrides))).map(line);
}

function runArgv(argv: string[], overrides: Partial<ShellContext> = {}): string[] {
  return changes(analyzer.analyzeArgv(argv, context(overrides))).map(line);
}

/** Every effect, `enter` included. */
function runAll(script: string, overrides: Partial<ShellContext> = {}): string[] {
  return analyzer.analyzeScript(script, context(overrides)).map(line);
}

/** The text each effect's offsets point at. */
function spans(script: string, overrides: Partial<ShellContext> = {}): string[] {
  return changes(analyzer.analyzeScript(script, context(overrides))).map((e) => script.slice(e.start, e.end));
}

describe('shell analysis', () => {
  describe('loading', () => {
    it('loads once and hands out analyzers that share the parser', async () => {
      const again = await loadShellAnalyzer();
      assert.deepEqual(again.analyzeScript('mkdir /data', context()).map(line), ['mkdir /data']);
    });
  });

  describe('effect shape', () => {
    it('reports kind, path, recursive, certainty, command and the offsets of the path word', () => {
      const script = 'chown -R app:app /data';
      assert.deepEqual(analyzer.analyzeScript(script, context()), [
        { kind: 'chown', path: '/data', recursive: true, certainty: 'certain', command: 'chown', setting: 'app:app', start: 17, end: 22 },
      ]);
    });

    it('names the project of an installer script (possible, at /), and no project for a plain install.sh', () => {
      const effects = analyzer.analyzeScript('cd /src/statsd-lite-2.1 && ./statsd-lite-installer.sh --no-start && sh ./install_agent.sh && ./install.sh', context());
      const installers = effects.filter((e) => e.installer);
      assert.deepEqual(installers.map((e) => [e.packages, e.path, e.recursive, e.certainty]), [
        [['statsd-lite'], '/', false, 'possible'],
      ]);
      assert.equal(installerProject('/opt/x/install-agent.sh'), 'agent');
      assert.equal(installerProject('netdata_installer.bash'), 'netdata');
      assert.equal(installerProject('install.sh'), null);
      assert.equal(installerProject('installer'), null);
    });

    it('names the project of a downloaded installer piped into an interpreter, and only of that', () => {
      const installers = (script: string) => analyzer.analyzeScript(script, context()).filter((e) => e.installer).map((e) => [e.packages, e.command, e.path, e.certainty]);
      assert.deepEqual(installers('curl -fsSL https://raw.githubusercontent.com/acme/Ticker/main/bin/install.js | node'), [[['ticker'], 'node install.js', '/', 'possible']]);
      assert.deepEqual(installers('wget -qO- https://github.com/acme/relayd.git/raw/v2/installer.sh?x=1 | sudo bash -s -- --yes'), [[['relayd'], 'bash installer.sh', '/', 'possible']]);
      assert.deepEqual(installers('curl -sSL https://example.com/dl/statsd-lite-installer.sh | sh'), [[['statsd-lite'], 'sh statsd-lite-installer.sh', '/', 'possible']]);
      // No repository to name the project; not an installer; not piped into an interpreter; written to
      // a file; a download inside an argument's substitution; the pipe goes to a filter first.
      for (const script of [
        'curl -fsSL https://get.example.com/install.sh | sh',
        'curl -fsSL https://raw.githubusercontent.com/acme/relayd/main/setup.sh | sh',
        'curl -fsSL https://raw.githubusercontent.com/acme/relayd/main/install.sh | tee /tmp/x',
        'curl -fsSL -o /tmp/i.sh https://raw.githubusercontent.com/acme/relayd/main/install.sh | sh',
        'echo "$(curl -fsSL https://raw.githubusercontent.com/acme/relayd/main/install.sh)" | sh',
        'curl -fsSL https://raw.githubusercontent.com/acme/relayd/main/install.sh | sed s/a/b/ | sh',
      ]) {
        assert.deepEqual(installers(script), [], script);
      }
      assert.equal(downloadedInstallerProject('https://gitlab.com/acme/Flow/-/raw/main/install'), 'flow');
      assert.equal(downloadedInstallerProject('https://example.org/acme/flow/install.sh'), null);
    });

    it('names the project a make install installs, at the sysconfdir ./configure or make was given', () => {
      const installs = (script: string) => analyzer.analyzeScript(script, context()).filter((e) => e.installer).map((e) => [e.packages, e.command, e.path, e.certainty]);
      // The source tree's name, its version cut off; --sysconfdir from ./configure in the same directory.
      assert.deepEqual(installs('cd /tmp && tar xzf relayd-2.4.1.tar.gz && cd relayd-2.4.1 && ./configure --prefix=/usr --sysconfdir=/etc && make -j4 && make install'), [
        [['relayd'], 'make install', '/etc', 'possible'],
      ]);
      // A clone's directory; no ./configure: PREFIX/etc, PREFIX from make or /usr/local.
      assert.deepEqual(installs('git clone https://example.com/acme/TunnelD.git && cd TunnelD && make PREFIX=/usr install-strip'), [[['tunneld'], 'make install-strip', '/usr/etc', 'possible']]);
      assert.deepEqual(installs('make -C /usr/src/relayd install'), [[['relayd'], 'make install', '/usr/local/etc', 'possible']]);
      // ./configure in another directory says nothing about this one.
      assert.deepEqual(installs('cd /src/a-1.0 && ./configure --sysconfdir=/etc/a && cd /src/b-2.0 && make install'), [[['b'], 'make install', '/usr/local/etc', 'possible']]);
      // No install target; staged in DESTDIR; a directory whose name says nothing; an unknown directory.
      for (const script of ['cd /src/relayd && make all', 'cd /src/relayd && make DESTDIR=/pkg install', 'cd /usr/src/build && make install', 'cd "$SRC" && make install']) {
        assert.deepEqual(installs(script), [], script);
      }
      assert.equal(sourceTreeProject('/tmp/nagios-plugins-1.5'), 'nagios-plugins');
      assert.equal(sourceTreeProject('/opt/lvm2'), 'lvm2');
      assert.equal(sourceTreeProject('/src'), null);
    });

    it('names installed packages, the setuid bit, a glob as written and chmod/chgrp settings', () => {
      const installs = analyzer.analyzeScript('apt-get install -y --no-install-recommends nginx=1.22* ./grafana_10.1_amd64.deb && apk add --no-cache tor postgresql-$V-postgis && dnf install -y httpd', context());
      assert.deepEqual(installs.filter((e) => e.packages).map((e) => e.packages), [['nginx', 'grafana'], ['tor'], ['httpd']]);
      const [suid] = analyzer.analyzeScript('chmod 4755 /usr/local/bin/start', context());
      assert.equal(suid?.setuid, true);
      assert.equal(suid?.setting, '4755');
      assert.equal(analyzer.analyzeScript('chmod u+s /bin/x', context())[0]?.setuid, true);
      assert.equal(analyzer.analyzeScript('chmod 755 /bin/x', context())[0]?.setuid, undefined);
      assert.equal(analyzer.analyzeScript('chgrp staff /srv/x', context())[0]?.setting, ':staff');
      const [glob] = analyzer.analyzeScript('rm -rf /opt/app*', context());
      assert.deepEqual([glob?.path, glob?.pattern, glob?.recursive], ['/opt', '/opt/app*', true]);
    });

    it('names the command as written, with the subcommand or flag that causes the effect', () => {
      const effects = analyzer.analyzeScript('sed -i s/a/b/ /etc/x && npm install && echo > /f', context({ cwd: '/app' }));
      assert.deepEqual(effects.map((e) => e.command), ['sed -i', 'npm install', 'npm install', '>']);
    });

    it('offsets are UTF-16 indices into the script', () => {
      const script = 'echo "é" > /ü && touch /x';
      assert.deepEqual(spans(script), ['/ü', '/x']);
    });

    it('non-ASCII text before a path (2- to 4-byte UTF-8, surrogate pairs) keeps start and end exact', () => {
      // Offsets of the copied tree are UTF-16 indices like JavaScript's: had they been UTF-8 bytes,
      // every offset after the first non-ASCII character would point too far.
      const script = '# café 日本 🐳\necho "naïve ✓ 😀" > /data/ünïcødé.txt && mkdir -p /srv/𝔘 && sh -c "touch /ok/é"';
      const effects = analyzer.analyzeScript(script, context());
      assert.deepEqual(
        effects.map((e) => [e.kind, e.path, e.start, e.end]),
        [
          ['write', '/data/ünïcødé.txt', script.indexOf('/data/'), script.indexOf('/data/') + '/data/ünïcødé.txt'.length],
          ['mkdir', '/srv/𝔘', script.indexOf('/srv/'), script.indexOf('/srv/') + '/srv/𝔘'.length],
          ['write', '/ok/é', script.indexOf('/ok/'), script.indexOf('/ok/') + '/ok/é'.length],
        ],
      );
    });

    it('non-ASCII text keeps offsets exact in heredocs, in a closed unterminated heredoc and in ${X:-default}', () => {
      assert.deepEqual(spans("cat <<'EOF' > /tmp/ä\n🐳 ü\nEOF\ntouch /après"), ['/tmp/ä', '/après']);
      assert.deepEqual(spans("echo 🐳 && cat <<'EOF' > /etc/ß.conf"), ['/etc/ß.conf']);
      assert.deepEqual(spans('echo ü; touch "${NOPE:-/var/ø}"'), ['"${NOPE:-/var/ø}"']);
    });
  });

  describe('what a step needs and what it creates (VOL018)', () => {
    it('cd and pushd enter the directory (it must exist); cd - and a bare cd do not name one', () => {
      assert.deepEqual(runAll('cd /data && ./run.sh'), ['enter /data', 'exec /data/run.sh']);
      assert.deepEqual(runAll('pushd sub && popd', { cwd: '/app' }), ['enter /app/sub']);
      assert.deepEqual(runAll('cd; cd -'), []);
      const effects = analyzer.analyzeScript('cd /data && ls', context());
      assert.deepEqual(effects.map((e) => [e.kind, e.command, e.start, e.end]), [['enter', 'cd', 3, 8]]);
    });

    it('an enter inside sh -c comes out of the nested script', () => {
      assert.deepEqual(runAll('sh -c "cd /data && touch x"'), ['enter /data', 'write /data/x']);
    });

    it('tar -C enters its directory (it must exist), with -x, -c and the long form; only the first -C is placed', () => {
      assert.deepEqual(runAll('tar -xf /tmp/a.tar -C /data'), ['enter /data', 'write /data -R']);
      assert.deepEqual(runAll('tar xzf /tmp/a.tgz -C /opt/app'), ['enter /opt/app', 'write /opt/app -R']);
      assert.deepEqual(runAll('tar -cf /tmp/b.tar -C /data .'), ['enter /data', 'write /tmp/b.tar']);
      assert.deepEqual(runAll('tar -x --directory=/srv/d -f a.tar'), ['enter /srv/d', 'write /srv/d -R']);
      assert.deepEqual(runAll('tar -xf a.tar -C /a -C b').filter((l) => l.startsWith('enter')), ['enter /a']);
    });

    it('ls, du, stat and find read their operands (they must exist); option values are not operands', () => {
      assert.deepEqual(runAll('ls -la /data; ls -w 80 /b; ls --color=auto /c'), ['read /data', 'read /b', 'read /c']);
      assert.deepEqual(runAll('du -sh /data; du -d 1 /e; stat -c %U /f'), ['read /data', 'read /e', 'read /f']);
      assert.deepEqual(runAll('find /data -type f -name "*.log"'), ['read /data']);
      assert.deepEqual(runAll('find /data -type d -exec chmod 755 {} +'), ['read /data', 'chmod /data -R ?']);
      assert.deepEqual(runAll('ls', { cwd: '/app' }), []);
      assert.deepEqual(run('ls /data && du /data'), [], 'reads are not changes');
    });

    it('mkdir -p and install -d mark that they create parents; plain mkdir does not', () => {
      const effects = analyzer.analyzeScript('mkdir -p /a/b; mkdir /c/d; install -d /e/f; mkdir --parents /g', context());
      assert.deepEqual(effects.map((e) => [e.path, e.parents ?? false]), [['/a/b', true], ['/c/d', false], ['/e/f', true], ['/g', true]]);
    });

    it('ln -s TARGET LINK writes the link and names its target; to a directory it does not', () => {
      const effects = analyzer.analyzeScript('ln -s /data /link; ln -sf ../var/x rel; ln -s /a /dir/; ln /hard /h2', context({ cwd: '/app' }));
      assert.deepEqual(effects.map((e) => [e.path, e.linkTarget ?? null]), [['/link', '/data'], ['/app/rel', '../var/x'], ['/dir/a', null], ['/h2', null]]);
      assert.deepEqual(runAll('sh -c "ln -s /data /link"').length, 1);
      assert.equal(analyzer.analyzeScript('sh -c "ln -s /data /link"', context())[0]!.linkTarget, '/data');
    });
  });

  describe('sequencing and the current directory', () => {
    it('cd /data && touch x writes /data/x', () => {
      assert.deepEqual(run('cd /data && touch x'), ['write /data/x']);
      assert.deepEqual(spans('cd /data && touch x'), ['x']);
    });

    it('starts from the WORKDIR and follows relative cd', () => {
      assert.deepEqual(run('cd sub; cd ../other/./deep && mkdir -p logs', { cwd: '/app' }), ['mkdir /app/other/deep/logs']);
    });

    it('cd with no argument goes home; cd - goes back', () => {
      assert.deepEqual(run('cd && touch a; cd /tmp; cd -; touch b', { cwd: '/app' }), ['write /root/a', 'write /root/b']);
    });

    it('cd to an unknown directory makes later relative paths unknown (dropped) but keeps absolute ones', () => {
      assert.deepEqual(run('cd "$UNKNOWN" && touch rel && touch /abs', { cwd: '/app' }), ['write /abs']);
    });

    it('cd to a partly known directory makes later relative paths possible below its known part', () => {
      assert.deepEqual(run('cd /opt/$UNKNOWN && touch x'), ['write /opt -R ?']);
    });

    it('a subshell does not change the directory of what follows', () => {
      assert.deepEqual(run('cd /app; (cd /tmp && touch t); touch u'), ['write /tmp/t', 'write /app/u']);
    });

    it('a pipeline element runs in a subshell', () => {
      assert.deepEqual(run('cd /app; echo x | cd /elsewhere; touch v'), ['write /app/v']);
    });

    it('cd before a pipe on an && chain still applies (a && b | c groups as a && (b | c))', () => {
      assert.deepEqual(run('cd /app && echo a > out | tee copy'), ['write /app/out', 'write /app/copy']);
    });

    it('a cd inside if or after || leaves two candidate directories: both possible', () => {
      assert.deepEqual(run('if [ -d /x ]; then cd /x; fi; touch rel', { cwd: '/app' }), ['write /app/rel ?', 'write /x/rel ?']);
      assert.deepEqual(run('cd /a || cd /b; touch f'), ['write /a/f ?', 'write /b/f ?']);
    });

    it('commands on both sides of ; && || run in order', () => {
      assert.deepEqual(run('mkdir /a; touch /b && rm /c || chmod 600 /d'), ['mkdir /a', 'write /b', 'delete /c', 'chmod /d']);
    });

    it('a string test on known values picks its branch: a false branch is left out, a true one runs for sure', () => {
      const vars = { lookup: (name: string) => ({ SKIP: 'true', EMPTY: '', MODE: 'prod' } as Record<string, string>)[name] };
      const script = 'if [ "x$SKIP" = "x" ]; then npm install; else mkdir -p /out && touch /out/index.html; fi';
      assert.deepEqual(run(script, vars), ['mkdir /out', 'write /out/index.html']);
      assert.deepEqual(run(script.replace('$SKIP', '$EMPTY'), { ...vars, cwd: '/app' }), ['write /app/node_modules -R', 'write /app/package-lock.json']);
      // -z, -n, !=, ==, [[ ]] with a quoted right side, `test`, negation, a bare word; elif and else.
      assert.deepEqual(run('if [ -z "$EMPTY" ]; then touch /a; fi; if [ -n "$EMPTY" ]; then touch /b; fi', vars), ['write /a']);
      assert.deepEqual(run('if [ "$MODE" != prod ]; then touch /dev1; elif [[ "$MODE" == "prod" ]]; then touch /prod; else touch /other; fi', vars), ['write /prod']);
      assert.deepEqual(run('if test "$MODE" = dev; then touch /a; elif ! [ "$SKIP" ]; then touch /b; else touch /c; fi', vars), ['write /c']);
      // `&&` and `||` after a decided test.
      assert.deepEqual(run('[ "$SKIP" = true ] && touch /t1; [ "$SKIP" = false ] && touch /t2 || touch /t3', vars), ['write /t1', 'write /t3']);
      // The effects of a decided branch are not conditional.
      assert.ok(analyzer.analyzeScript(script, context(vars)).every((e) => e.conditional === undefined));
    });

    it('a test volint cannot decide (an unknown value, a file test, a pattern) leaves its branches conditional', () => {
      const effects = (script: string) => changes(analyzer.analyzeScript(script, context())).map((e) => `${line(e)}${e.conditional ? ' (conditional)' : ''}`);
      assert.deepEqual(effects('if [ "x$UNSET" = "x" ]; then touch /a; else touch /b; fi; touch /c'), ['write /a (conditional)', 'write /b (conditional)', 'write /c']);
      assert.deepEqual(effects('if [ -f /x ]; then touch /a; fi'), ['write /a (conditional)']);
      assert.deepEqual(effects('if [[ "$APP_HOME" == /srv* ]]; then touch /a; fi'), ['write /a (conditional)']);
      // After an undecided test, `&&` runs the rest of its chain only when the test holds.
      assert.deepEqual(effects('[ -n "$UNSET" ] && touch /a && touch /b; touch /c'), ['write /a (conditional)', 'write /b (conditional)', 'write /c']);
      // A command (not a test) before `&&`: what follows runs when the build succeeds.
      assert.deepEqual(effects('mkdir /d && touch /d/e || touch /f'), ['mkdir /d', 'write /d/e', 'write /f (conditional)']);
    });

    it('if/elif/else, case and while bodies are analysed', () => {
      assert.deepEqual(
        run('if test -f /x; then rm /x; elif true; then touch /y; else mkdir /z; fi; case "$A" in a) rm /c;; *) :;; esac; while false; do touch /w; done'),
        ['delete /x', 'write /y', 'mkdir /z', 'delete /c', 'write /w'],
      );
    });

    it('a for loop over literal values runs the body once per value', () => {
      assert.deepEqual(run('for d in /a /b; do mkdir -p "$d/sub"; done'), ['mkdir /a/sub', 'mkdir /b/sub']);
    });

    it('a for loop over unknown values leaves its variable unknown', () => {
      assert.deepEqual(run('for f in $(ls /src); do cp /src/$f /dst/$f; done'), ['write /dst -R ?']);
    });

    it('a shell function runs where it is called', () => {
      assert.deepEqual(run('setup() { mkdir -p /data/cache; }; echo start; setup'), ['mkdir /data/cache']);
    });

    it('commands inside $(…) are analysed', () => {
      assert.deepEqual(run('echo "$(mkdir -p /made && echo ok)" > /log'), ['mkdir /made', 'write /log']);
    });

    it('a multi-line heredoc-style script with comments and blank lines', () => {
      const script = ['set -eux', '# prepare', 'mkdir -p /data', '', 'cd /data', 'touch ready  # marker', 'chown -R app /data'].join('\n');
      assert.deepEqual(run(script), ['mkdir /data', 'write /data/ready', 'chown /data -R']);
      assert.deepEqual(spans(script), ['/data', 'ready', '/data']);
    });
  });

  describe('redirections', () => {
    it('>, >>, &>, 2>, >| and <> write their target', () => {
      assert.deepEqual(run('echo a > /f1; echo b >> /f2; cmd &> /f3; cmd 2> /f4; echo c >| /f5; cat <> /f6'), [
        'write /f1',
        'write /f2',
        'write /f3',
        'write /f4',
        'write /f5',
        'write /f6',
      ]);
    });

    it('/dev/null, /dev/std* and fd duplications are not writes; < only reads', () => {
      assert.deepEqual(run('cmd > /dev/null 2>&1; cmd 2>/dev/stderr >&2; cat < /etc/hosts; cmd >/dev/stdout'), []);
    });

    it('names the redirection operator with its descriptor as the command', () => {
      const effects = analyzer.analyzeScript('cmd 2>> /var/log/err', context());
      assert.deepEqual(effects.map((e) => [e.command, e.path]), [['2>>', '/var/log/err']]);
    });

    it('a relative redirection target resolves against the current directory', () => {
      assert.deepEqual(run('cd /app && echo x > out.txt'), ['write /app/out.txt']);
    });

    it('a heredoc written to a file, followed by more commands on the same line', () => {
      const script = 'cat <<EOF > /etc/app.conf && chmod 600 /etc/app.conf\nkey=$VALUE\nEOF\ntouch /after';
      assert.deepEqual(run(script), ['write /etc/app.conf', 'chmod /etc/app.conf', 'write /after']);
    });

    it('a RUN line whose heredoc bodies follow it (Dockerfile heredocs) is certain', () => {
      const script = `cat <<'CONF' > /etc/a.conf && chmod 600 /etc/a.conf`;
      assert.deepEqual(run(script), ['write /etc/a.conf', 'chmod /etc/a.conf']);
      assert.deepEqual(spans(script), ['/etc/a.conf', '/etc/a.conf']);
      assert.deepEqual(run('cat <<-"EOT" >> /etc/b.conf'), ['write /etc/b.conf']);
    });

    it('tee writes each file (-a appends); tee /dev/null does not', () => {
      assert.deepEqual(run('echo x | tee -a /var/log/a.log /b.log >/dev/null; echo y | tee /dev/null'), ['write /var/log/a.log', 'write /b.log']);
    });
  });

  describe('reads are not writes', () => {
    it('ls, cat, test, [ ], [[ ]], grep, stat, head, du, echo', () => {
      assert.deepEqual(
        run('ls -la /data; cat /data/x; test -d /data; [ -f /data/y ]; [[ -d /data ]]; grep -r x /data; stat /data; head /data/z; du -sh /data; echo /data'),
        [],
      );
    });

    it('interpreters with a script path, which, command -v, find without actions', () => {
      assert.deepEqual(run('node /app/server.js; python3 /app/main.py; which node; command -v git; find /data -name "*.log" -print'), []);
    });

    it('checksum and path tools', () => {
      assert.deepEqual(run('sha256sum /data/f; md5sum /data/g; readlink -f /data; realpath /data; dirname /data/x; basename /data/x; diff /a /b'), []);
    });
  });

  describe('paths', () => {
    it('normalises . and .. and trailing or doubled slashes', () => {
      assert.deepEqual(run('mkdir /data/./x/../y/ //srv//www/'), ['mkdir /data/y', 'mkdir /srv/www']);
    });

    it('keeps paths exact: /database is its own path, not /data', () => {
      assert.deepEqual(run('touch /database /data /data/../database2'), ['write /database', 'write /data', 'write /database2']);
    });

    it('quoted paths and escaped spaces', () => {
      assert.deepEqual(run(`mkdir "/data/my dir" '/srv/it'"'"'s' /x\\ y`), ['mkdir /data/my dir', "mkdir /srv/it's", 'mkdir /x y']);
    });

    it('globs are cut at the first wildcard segment and become recursive', () => {
      assert.deepEqual(run('rm -f /data/*.log /var/lib/apt/lists/* /srv/[ab]/x /opt/a?c/d'), [
        'delete /data -R',
        'delete /var/lib/apt/lists -R',
        'delete /srv -R',
        'delete /opt -R',
      ]);
    });

    it('brace expansion is cut like a glob (sh does not expand it, bash does)', () => {
      assert.deepEqual(run('mkdir -p /data/{logs,cache} /e/{1..3}'), ['mkdir /data -R', 'mkdir /e -R']);
    });

    it('quoted or escaped wildcards are literal', () => {
      assert.deepEqual(run(`touch "/data/*.log" /data/\\?`), ['write /data/*.log', 'write /data/?']);
    });

    it('~ and ~/x expand to the home directory; ~root to /root', () => {
      assert.deepEqual(run('mkdir ~/.cache ~root/x; touch ~', { home: '/home/app', lookup: () => undefined }), [
        'mkdir /home/app/.cache',
        'mkdir /root/x',
        'write /home/app',
      ]);
    });

    it('~ with no known home is unknown', () => {
      assert.deepEqual(run('mkdir ~/.cache', { home: undefined, lookup: () => undefined }), []);
    });
  });

  describe('variables', () => {
    it('expands known $VAR and ${VAR}', () => {
      assert.deepEqual(run('mkdir -p $APP_HOME/logs "${APP_HOME}/cache"'), ['mkdir /srv/app/logs', 'mkdir /srv/app/cache']);
    });

    it('an unknown variable cuts the path before its segment and makes it possible', () => {
      assert.deepEqual(run('mkdir -p /opt/$UNKNOWN/bin /var/lib/app-$UNKNOWN'), ['mkdir /opt -R ?', 'mkdir /var/lib -R ?']);
    });

    it('drops the effect when nothing absolute is left', () => {
      assert.deepEqual(run('mkdir -p $UNKNOWN/bin /opt$UNKNOWN "${UNKNOWN}"'), []);
    });

    it('${VAR:-default}: the value when known, else the default as possible', () => {
      assert.deepEqual(run('mkdir "${APP_HOME:-/x}" "${UNKNOWN:-/fallback}/c" "${EMPTY:-/empty}"'), [
        'mkdir /srv/app',
        'mkdir /fallback/c ?',
        'mkdir /empty',
      ]);
    });

    it('variables assigned in the script are used; unset clears them', () => {
      assert.deepEqual(run('DIR=/data; export LOGS=$DIR/logs; mkdir -p $LOGS; unset DIR; mkdir ${DIR:-/tmp/d}'), [
        'mkdir /data/logs',
        'mkdir /tmp/d',
      ]);
    });

    it('an unquoted variable splits into words', () => {
      assert.deepEqual(run('mkdir -p $DIRS; mkdir "$DIRS"', { cwd: '/w' }), ['mkdir /a', 'mkdir /b', 'mkdir /a /b']);
    });

    it('$(…) in a path is unknown', () => {
      assert.deepEqual(run('mkdir -p /opt/$(uname -m)/lib'), ['mkdir /opt -R ?']);
    });
  });

  describe('sh -c and exec form', () => {
    it('a shell reading its script from a heredoc, alone on the RUN line, does nothing more (the model skips that line)', () => {
      for (const line of ['bash <<EOF', 'sh <<EOF', "/bin/bash <<-'EOT'", 'dash <<"X"', '/usr/bin/sh <<A.b-1']) {
        assert.deepEqual(run(line), [], line);
        assert.deepEqual(run(line, { cwd: '/data' }), [], line);
      }
      // With more on the line, the line is analysed.
      assert.deepEqual(run('bash <<EOF > /data/log'), ['write /data/log']);
    });

    it('sh -c with a single-quoted script maps offsets into the outer script', () => {
      const script = `sh -c 'mkdir -p /data && touch /data/x'`;
      assert.deepEqual(run(script), ['mkdir /data', 'write /data/x']);
      assert.deepEqual(spans(script), ['/data', '/data/x']);
    });

    it('bash -c with expansions in a double-quoted script points at the whole argument', () => {
      const script = 'bash -c "mkdir -p $APP_HOME/logs"';
      assert.deepEqual(run(script), ['mkdir /srv/app/logs']);
      assert.deepEqual(spans(script), ['"mkdir -p $APP_HOME/logs"']);
    });

    it('sh -c inherits the directory; a cd inside does not leak out', () => {
      assert.deepEqual(run(`cd /app && sh -c 'touch a; cd /tmp' && touch b`), ['write /app/a', 'write /app/b']);
    });

    it('bash -ec, -o pipefail -c, and variables given to the child', () => {
      assert.deepEqual(run(`bash -o pipefail -ec 'rm -rf /cache' && TARGET=/t sh -c 'mkdir $TARGET'`), ['delete /cache -R', 'mkdir /t']);
    });

    it('an unknown variable inside sh -c "…" stays unknown', () => {
      assert.deepEqual(run('sh -c "mkdir -p /opt/$UNKNOWN/x"'), ['mkdir /opt -R ?']);
    });

    it('sh reading a heredoc runs it as a script', () => {
      const script = "bash <<'EOF'\ncd /srv\ntouch inner\nEOF\ntouch after";
      assert.deepEqual(run(script), ['write /srv/inner', 'write /after']);
      assert.deepEqual(spans(script), ['inner', 'after']);
    });

    it('a shell reading a pipe from cat <<EOF or echo runs that script', () => {
      assert.deepEqual(run('cat <<EOF | sh\nmkdir /from-heredoc\nEOF\ntouch /after'), ['mkdir /from-heredoc', 'write /after']);
      const script = "echo 'mkdir -p /piped && touch /piped/x' | sh";
      assert.deepEqual(run(script), ['mkdir /piped', 'write /piped/x']);
      assert.deepEqual(spans(script), ['/piped', '/piped/x']);
      assert.deepEqual(run('echo "$UNKNOWN" | sh; curl -fsSL https://get.example.com | bash -s -- --prefix=/opt'), []);
    });

    it('sh FILE runs a file the analysis cannot see', () => {
      assert.deepEqual(run('sh /tmp/install.sh /opt/x'), []);
    });

    it('exec form: a plain command', () => {
      assert.deepEqual(runArgv(['mkdir', '-p', '/data']), ['mkdir /data']);
      const effects = analyzer.analyzeArgv(['mkdir', '-p', '/data'], context());
      assert.deepEqual([effects[0]!.start, effects[0]!.end], [9, 14]);
    });

    it('exec form: sh -c maps offsets into the argv joined with spaces', () => {
      const argv = ['/bin/sh', '-c', 'cd /data && touch x'];
      const effects = changes(analyzer.analyzeArgv(argv, context()));
      assert.deepEqual(effects.map(line), ['write /data/x']);
      assert.equal(argv.join(' ').slice(effects[0]!.start, effects[0]!.end), 'x');
    });

    it('exec form does no expansion: "$HOME" is a literal name', () => {
      assert.deepEqual(runArgv(['touch', '$HOME', '/data/*'], { cwd: '/app' }), ['write /app/$HOME', 'write /data/*']);
    });
  });

  describe('file commands', () => {
    it('mkdir -p -m MODE and --mode= also set the mode of the named directories (a chmod, not of the parents)', () => {
      assert.deepEqual(run('mkdir -p -m 0750 /a/x; mkdir -pm755 /b; mkdir --mode=700 --parents /c'), [
        'mkdir /a/x', 'chmod /a/x', 'mkdir /b', 'chmod /b', 'mkdir /c', 'chmod /c',
      ]);
      assert.deepEqual(run('mkdir -p /d'), ['mkdir /d']);
    });

    it('touch: option values are not files', () => {
      assert.deepEqual(run('touch -d "2020-01-01" -r /ref /t1; touch -t 202001010000 /t2'), ['write /t1', 'write /t2']);
    });

    it('cp writes the destination; -r makes it recursive; -t DIR; several sources land inside', () => {
      assert.deepEqual(run('cp /a /b; cp -r /src /dst; cp -a x y /dir; cp -t /into /p/one two; cp conf /etc/app/'), [
        'write /b',
        'write /dst -R',
        'write /dir/x -R',
        'write /dir/y -R',
        'write /into/one',
        'write /into/two',
        'write /etc/app/conf',
      ]);
    });

    it('cp with a glob source into a directory reaches the whole directory', () => {
      assert.deepEqual(run('cp /src/*.conf /etc/app/'), ['write /etc/app -R']);
    });

    it('cp -R DIR/* and rsync -r DIR/ say whose entries they copy (entriesFrom); not without -r, nor with a filter, a pattern or a path it cannot name', () => {
      const from = (script: string) => analyzer.analyzeScript(script, context({ cwd: '/app' })).filter((e) => e.kind === 'write').map((e) => `${e.path} ${JSON.stringify(e.entriesFrom ?? null)}`);
      assert.deepEqual(from('cp -R /opt/dist/* /app; cp -a ./* /srv/'), ['/app {"dir":"/opt/dist","dotted":false}', '/srv {"dir":"/app","dotted":false}']);
      assert.deepEqual(from('rsync -a --delete /opt/dist/ /app'), ['/app {"dir":"/opt/dist","dotted":true}']);
      assert.deepEqual(from('cp /opt/dist/* /app/; cp -R /opt/dist/*.js /app; rsync -a --exclude x /opt/dist/ /srv; rsync -a /opt/dist /data; rsync /opt/dist/ /var'), [
        '/app null',
        '/app null',
        '/srv null',
        '/data null',
        '/var null',
      ]);
    });

    it('a branch that runs only when one path is missing says so (onlyIfAbsent); any other condition around it does not', () => {
      const absent = (script: string) => analyzer.analyzeScript(script, context({ cwd: '/app' })).filter((e) => e.kind === 'write').map((e) => `${e.path} ${e.conditional === true} ${e.onlyIfAbsent ?? '-'}`);
      assert.deepEqual(absent('D=/app; if [ ! -f "$D/INIT" ]; then cp -a /opt/dist/. /app; touch $D/INIT; fi'), ['/app true /app/INIT', '/app/INIT true /app/INIT']);
      assert.deepEqual(absent('[ -d node_modules ] || cp -a /opt/dist/. /app; test ! -e /app/x && touch /app/y; ! [ -e /app/z ] && touch /app/w'), [
        '/app true /app/node_modules',
        '/app/y true /app/x',
        '/app/w true /app/z',
      ]);
      assert.deepEqual(absent('if [ -f /app/INIT ]; then touch /a; fi; if [ ! -f /app/INIT ]; then touch /b; else touch /c; fi; [ ! -d /app/m ] || touch /d'), [
        '/a true -',
        '/b true -',
        '/c true -',
        '/d true -',
      ]);
      assert.deepEqual(absent('if [ -n "$X" ]; then if [ ! -f /app/INIT ]; then touch /e; fi; fi; if [ ! -f /app/INIT ]; then [ -n "$Y" ] && touch /f; for i in 1 2; do touch /g; done; fi'), [
        '/e true -',
        '/f true -',
        '/g true /app/INIT',
      ]);
    });

    it('mv deletes the source and writes the destination', () => {
      assert.deepEqual(run('mv /tmp/build /opt/app; mv -t /dest a b'), [
        'delete /tmp/build -R',
        'write /opt/app -R',
        'delete /a -R',
        'delete /b -R',
        'write /dest/a -R',
        'write /dest/b -R',
      ]);
    });

    it('ln -s writes the link path; a single operand links into the current directory', () => {
      assert.deepEqual(run('ln -sf /opt/x/bin/x /usr/local/bin/x; cd /usr/bin && ln -s /opt/tool'), ['write /usr/local/bin/x', 'write /usr/bin/tool']);
    });

    it('rm, rm -rf, rm -f, rm -- and long options', () => {
      assert.deepEqual(run('rm /a; rm -rf /b; rm -f /c; rm -R /d; rm --recursive --force /e; rm -- -weird'), [
        'delete /a',
        'delete /b -R',
        'delete /c',
        'delete /d -R',
        'delete /e -R',
        'delete /-weird',
      ]);
    });

    it('rmdir and rmdir -p', () => {
      assert.deepEqual(run('rmdir /a; rmdir -p /x/y/z'), ['delete /a', 'delete /x/y/z', 'delete /x/y', 'delete /x']);
    });

    it('install -d makes directories; otherwise the last operand (or -t DIR) is written', () => {
      assert.deepEqual(run('install -d -m 0755 -o app -g app /d1 /d2; install -m 755 -o root bin/tool /usr/local/bin/tool; install -t /usr/bin a b'), [
        'mkdir /d1',
        'mkdir /d2',
        'write /usr/local/bin/tool',
        'write /usr/bin/a',
        'write /usr/bin/b',
      ]);
    });

    it('chown: owner first, -R recursive, --from, --reference', () => {
      assert.deepEqual(run('chown -R app:app /data /logs; chown --from=root:root app /f; chown --reference=/ref /g; chown -h app: /h'), [
        'chown /data -R',
        'chown /logs -R',
        'chown /f',
        'chown /g',
        'chown /h',
      ]);
    });

    it('chmod: mode first (even when it looks like an option), -R recursive, --reference', () => {
      assert.deepEqual(run('chmod 0755 /a; chmod -R u+rwX,go-w /b; chmod -x /c; chmod --reference=/r /d; chmod -R -x /e'), [
        'chmod /a',
        'chmod /b -R',
        'chmod /c',
        'chmod /d',
        'chmod /e -R',
      ]);
    });

    it('chgrp is a chown effect', () => {
      assert.deepEqual(run('chgrp -R staff /srv'), ['chown /srv -R']);
    });

    it('sed -i writes its files (any suffix form); sed without -i only reads', () => {
      assert.deepEqual(run("sed -i 's/a/b/' /etc/a; sed -i.bak -e s/x/y/ -e s/p/q/ /etc/b /etc/c; sed --in-place=.orig s/x/y/ /etc/d; sed -Ei s/x/y/ /etc/e; sed -n p /etc/f"), [
        'write /etc/a',
        'write /etc/b',
        'write /etc/c',
        'write /etc/d',
        'write /etc/e',
      ]);
    });
  });

  describe('archives and downloads', () => {
    it('tar -x writes below -C / --directory, recursively', () => {
      assert.deepEqual(run('tar -xzf /tmp/a.tgz -C /opt; tar --extract --file=/tmp/b.tar --directory=/srv; tar -C /x -xf c.tar'), [
        'write /opt -R',
        'write /srv -R',
        'write /x -R',
      ]);
    });

    it('old-style tar xzf and extraction into the current directory', () => {
      assert.deepEqual(run('cd /usr/src && tar xzf /tmp/a.tgz; tar xvfC /tmp/b.tar /dest'), ['write /usr/src -R', 'write /dest -R']);
    });

    it('curl | tar -x -C writes below the directory; tar -c -f writes the archive; tar -t reads', () => {
      assert.deepEqual(run('curl -fsSL https://x/a.tgz | tar -xz -C /opt/a; tar -czf /backup/b.tgz /data; tar -tf /tmp/c.tar'), [
        'write /opt/a -R',
        'write /backup/b.tgz',
      ]);
    });

    it('unzip -d DIR (before or after the archive), into the current directory, and -l only lists', () => {
      assert.deepEqual(run('unzip -q /tmp/a.zip -d /opt/a; unzip -o -d /opt/b /tmp/b.zip; cd /w && unzip c.zip; unzip -l /tmp/d.zip'), [
        'write /opt/a -R',
        'write /opt/b -R',
        'write /w -R',
      ]);
    });

    it('curl -o/--output FILE; -O writes the URL base name; -o - is standard output', () => {
      assert.deepEqual(run('cd /dl && curl -fsSL -o /tmp/a.tgz https://e.com/a.tgz && curl -O https://e.com/x/b.zip?raw=1 && curl --output c.txt https://e.com/c && curl -o - https://e.com/d | sh'), [
        'write /tmp/a.tgz',
        'write /dl/b.zip',
        'write /dl/c.txt',
      ]);
    });

    it('curl -O with --output-dir, and -sSLO clustered', () => {
      assert.deepEqual(run('curl -sSLO --output-dir /downloads https://e.com/p/file.tar.gz'), ['write /downloads/file.tar.gz']);
    });

    it('wget -O FILE, -P DIR, the URL base name by default, and -qO- to standard output', () => {
      assert.deepEqual(run('cd /tmp && wget -q https://e.com/x/tool.deb && wget -O /usr/local/bin/t https://e.com/t && wget -P /dl https://e.com/f.txt && wget -qO- https://e.com/s | sh'), [
        'write /tmp/tool.deb',
        'write /usr/local/bin/t',
        'write /dl/f.txt',
      ]);
    });

    it('git clone: the destination, else the repository base name in the current directory', () => {
      assert.deepEqual(run('cd /src && git clone https://github.com/o/repo.git && git clone --depth 1 -b main git@github.com:o/other.git && git clone https://x/y /opt/y'), [
        'write /src/repo -R',
        'write /src/other -R',
        'write /opt/y -R',
      ]);
    });

    it('git -C DIR changes where a worktree command may write', () => {
      assert.deepEqual(run('git -C /repo checkout v1.2 && git -C /repo log -1'), ['write /repo -R ?']);
    });
  });

  describe('users', () => {
    it('useradd -m creates /home/NAME; -d DIR; -b BASE', () => {
      assert.deepEqual(run('useradd -m app; useradd -m -d /opt/svc -s /bin/false svc; useradd --create-home --base-dir /users bob'), [
        'mkdir /home/app -R',
        'mkdir /opt/svc -R',
        'mkdir /users/bob -R',
      ]);
    });

    it('useradd without -m may create the home (login.defs); -r or -M does not', () => {
      assert.deepEqual(run('useradd app; useradd -r sys; useradd -M nohome'), ['mkdir /home/app -R ?']);
    });

    it("adduser (Debian): /home/NAME, --home, --system without --home, adding to a group", () => {
      assert.deepEqual(run('adduser --disabled-password --gecos "" bob; adduser --system --home /var/lib/svc svc; adduser --system sys; adduser bob staff'), [
        'mkdir /home/bob -R',
        'mkdir /var/lib/svc -R',
      ]);
    });

    it('usermod -d without -m only renames the home in /etc/passwd (and -s, -G, -l change account files); -d DIR -m moves the old home there, if it exists', () => {
      assert.deepEqual(run('usermod -l penpot -d /home/penpot -G users -s /bin/bash ubuntu; usermod --home /srv/app --shell /bin/sh app; usermod -aG docker jenkins'), []);
      assert.deepEqual(run('usermod -d /home/moved -m other; usermod --move-home --home=/srv/svc -l svc -u 1001 old'), ['write /home/moved -R ?', 'write /srv/svc -R ?']);
    });

    it('adduser (busybox): -h DIR, -D, -H', () => {
      assert.deepEqual(run('adduser -D -h /srv/app app; adduser -D -H nohome; adduser -D u'), ['mkdir /srv/app -R', 'mkdir /home/u -R']);
    });

    it('useradd and adduser make the account with its uid whether or not they make a home', () => {
      // Busybox: -H makes no home; -S a system account.
      assert.deepEqual(accounts('adduser -D -H -u 4001 app; adduser -S -H -u 101 nginx; adduser -D -h /srv/app -u 1000 web'), ['app 4001', 'nginx 101', 'web 1000']);
      // shadow's useradd: -M, -r without -m, --uid, and a uid volint cannot read.
      assert.deepEqual(accounts('useradd -M -u 4002 nohome; useradd -r --uid 4003 sys; useradd -m -u 1000 app; useradd -u "$APP_UID" other'), ['nohome 4002', 'sys 4003', 'app 1000', 'other']);
      // Debian's adduser: --no-create-home, --system; adding a user to a group, making a group, and useradd -D (defaults) make none.
      assert.deepEqual(accounts('adduser --system --no-create-home --uid 4004 svc; adduser --disabled-password --gecos "" bob; adduser bob staff; adduser --group grp; useradd -D -u 5'), ['svc 4004', 'bob']);
      // The home of an account with a uid is still made where it was (`--uid` reads as `-u`).
      assert.deepEqual(run('useradd -m --uid 1000 app; adduser -D -H -u 4001 nohome'), ['mkdir /home/app -R']);
    });
  });

  describe('package managers', () => {
    it('npm install/ci write ./node_modules (install also the lockfile); -g and run do not', () => {
      assert.deepEqual(run('cd /app && npm ci --omit=dev && npm install -g pm2 && npm run build', { cwd: '/' }), ['write /app/node_modules -R']);
      assert.deepEqual(run('npm install express', { cwd: '/app' }), ['write /app/node_modules -R', 'write /app/package-lock.json']);
    });

    it('npm --prefix DIR', () => {
      assert.deepEqual(run('npm --prefix /front ci'), ['write /front/node_modules -R']);
    });

    it('yarn (bare), yarn install --frozen-lockfile, pnpm install', () => {
      assert.deepEqual(run('yarn', { cwd: '/app' }), ['write /app/node_modules -R', 'write /app/yarn.lock']);
      assert.deepEqual(run('yarn install --frozen-lockfile; yarn build', { cwd: '/app' }), ['write /app/node_modules -R']);
      assert.deepEqual(run('pnpm install --frozen-lockfile', { cwd: '/app' }), ['write /app/node_modules -R']);
      assert.deepEqual(run('pnpm add lodash', { cwd: '/app' }), ['write /app/node_modules -R', 'write /app/pnpm-lock.yaml']);
    });

    it('pip install --target/-t DIR; plain pip install writes nowhere known; python -m pip; --user', () => {
      assert.deepEqual(run('pip install --no-cache-dir -r requirements.txt; pip install --target /opt/py x; pip3 install -t /vendor y; python3 -m pip install --prefix=/usr/local z; pip install --user w'), [
        'write /opt/py -R',
        'write /vendor -R',
        'write /usr/local -R',
        'write /root/.local -R',
      ]);
    });

    it('python -m venv DIR', () => {
      assert.deepEqual(run('python3 -m venv /opt/venv'), ['write /opt/venv -R']);
    });

    it('pip reads where it installs from the environment: PIP_TARGET, PIP_PREFIX, PIP_USER with PYTHONUSERBASE', () => {
      const env = (vars: Record<string, string>) => ({ cwd: '/app', lookup: (name: string) => vars[name], home: '/home/app' });
      assert.deepEqual(run('pip install -r requirements.txt', env({ PIP_TARGET: '/app/deps' })), ['write /app/deps -R']);
      assert.deepEqual(run('pip install -r requirements.txt', env({ PIP_TARGET: 'deps' })), ['write /app/deps -R']);
      assert.deepEqual(run('pip install flask', env({ PIP_PREFIX: '/opt/py' })), ['write /opt/py -R']);
      assert.deepEqual(run('PIP_USER=1 pip install flask', env({})), ['write /home/app/.local -R']);
      assert.deepEqual(run('pip install --user flask', env({ PYTHONUSERBASE: '/opt/pyuser' })), ['write /opt/pyuser -R']);
      // The option wins over the variable; --no-user and PIP_USER=0 install no user base.
      assert.deepEqual(run('pip install -t /vendor flask', env({ PIP_TARGET: '/elsewhere' })), ['write /vendor -R']);
      assert.deepEqual(run('pip install --no-user flask', env({ PIP_USER: 'true' })), []);
      assert.deepEqual(run('pip install flask', env({ PIP_USER: '0' })), []);
    });

    it('pip installs of a project on the disk leave files there that the analysis cannot name (opaque)', () => {
      const opaque = (script: string, overrides: Partial<ShellContext> = {}): string[] =>
        analyzer.analyzeScript(script, context({ cwd: '/app', ...overrides })).filter((e) => e.kind === 'opaque').map(line);
      assert.deepEqual(opaque('pip install -e . && pip install ".[dev]" ./libs/core /src/tool'), ['opaque /app -R', 'opaque /app -R', 'opaque /app/libs/core -R', 'opaque /src/tool -R']);
      assert.deepEqual(opaque('python -m pip install --editable=./plugin'), ['opaque /app/plugin -R']);
      // Packages to download, archives and URLs are not built here.
      assert.deepEqual(opaque('pip install flask==3.0 ./dist/app-1.0-py3-none-any.whl https://x.example/a.tar.gz "pkg @ git+https://x.example/p"'), []);
      assert.deepEqual(opaque('python setup.py develop && cd /srv/lib && python3 setup.py bdist_wheel && python /opt/x/setup.py --version'), ['opaque /app -R', 'opaque /srv/lib -R']);
      assert.deepEqual(opaque('python -m build && python -m build --outdir /wheels /src/pkg'), ['opaque /app -R', 'opaque /src/pkg -R']);
      assert.deepEqual(run('python -m build && python -m build --outdir /wheels /src/pkg', { cwd: '/app' }), ['write /app/dist -R', 'write /wheels -R']);
      // An editable install from version control clones into --src, else ./src (in a virtual environment, its src).
      assert.deepEqual(run('pip install -e git+https://github.com/ckan/ckan.git#egg=ckan', { cwd: '/srv/app' }), ['write /srv/app/src -R ?']);
      assert.deepEqual(run('pip install --src /opt/src -e git+https://x.example/p.git#egg=p'), ['write /opt/src -R']);
      assert.deepEqual(run('pip install -e git+https://x.example/p.git#egg=p', { cwd: '/app', lookup: (name) => ({ VIRTUAL_ENV: '/venv' })[name] }), ['write /venv/src -R']);
    });

    it('uv sync writes the project environment (.venv, UV_PROJECT_ENVIRONMENT, --active) and uv.lock unless --frozen/--locked', () => {
      assert.deepEqual(run('uv sync', inApp({})), ['write /app/.venv -R', 'write /app/uv.lock']);
      assert.deepEqual(run('uv sync --frozen --no-dev', inApp({ UV_PROJECT_ENVIRONMENT: '/venv' })), ['write /venv -R']);
      assert.deepEqual(run('uv sync --locked', inApp({ UV_PROJECT_ENVIRONMENT: 'env' })), ['write /app/env -R']);
      assert.deepEqual(run('uv sync --frozen --active', inApp({ VIRTUAL_ENV: '/opt/venv' })), ['write /opt/venv -R']);
      assert.deepEqual(run('uv --directory /srv sync --frozen', inApp({})), ['write /srv/.venv -R']);
      assert.deepEqual(run('uv sync --frozen --project backend', inApp({ UV_FROZEN: '1' })), ['write /app/backend/.venv -R']);
      assert.deepEqual(run('uv add requests', inApp({ UV_LOCKED: 'true' })), ['write /app/.venv -R']);
      // uv run syncs first, unless told not to; outside a project it makes none (possible).
      assert.deepEqual(run('uv run --frozen manage.py collectstatic', inApp({})), ['write /app/.venv -R ?']);
      assert.deepEqual(run('uv run --no-sync manage.py check', inApp({})), []);
    });

    it('uv sync builds the project itself (opaque) unless --no-install-project', () => {
      const opaque = (script: string): string[] => analyzer.analyzeScript(script, context({ cwd: '/app' })).filter((e) => e.kind === 'opaque').map(line);
      assert.deepEqual(opaque('uv sync --frozen'), ['opaque /app -R']);
      assert.deepEqual(opaque('uv sync --frozen --no-install-project'), []);
    });

    it('uv venv DIR or .venv; uv pip install into --target/--prefix or the active VIRTUAL_ENV, not --system; uv tool install', () => {
      assert.deepEqual(run('uv venv && uv venv /opt/venv --python 3.12', inApp({})), ['write /app/.venv -R', 'write /opt/venv -R']);
      assert.deepEqual(run('uv venv ${VIRTUAL_ENV} && uv pip install --no-cache -r /requirements/production.txt', inApp({ VIRTUAL_ENV: '/venv' })), ['write /venv -R', 'write /venv -R']);
      assert.deepEqual(run('uv pip install --system -r requirements.txt', inApp({ VIRTUAL_ENV: '/venv' })), []);
      assert.deepEqual(run('uv pip install --target /deps flask', inApp({})), ['write /deps -R']);
      assert.deepEqual(run('uv tool install ruff', inApp({})), ['write /root/.local/share/uv/tools -R', 'write /root/.local/bin -R']);
      assert.deepEqual(run('uv tool install ruff', inApp({ UV_TOOL_DIR: '/opt/uv-tools', UV_TOOL_BIN_DIR: '/usr/local/bin' })), ['write /opt/uv-tools -R', 'write /usr/local/bin -R']);
    });

    it('poetry install follows VIRTUAL_ENV, virtualenvs.create/in-project/path from poetry config in the script or the environment', () => {
      assert.deepEqual(run('poetry config virtualenvs.in-project true && poetry install --no-root', inApp({})), ['write /app/.venv -R']);
      assert.deepEqual(run('poetry install --only main', inApp({ POETRY_VIRTUALENVS_IN_PROJECT: 'true' })), ['write /app/.venv -R']);
      assert.deepEqual(run('poetry config virtualenvs.create false && poetry install', inApp({ POETRY_VIRTUALENVS_IN_PROJECT: 'true' })), []);
      assert.deepEqual(run('poetry install', inApp({ POETRY_VIRTUALENVS_CREATE: 'false' })), []);
      assert.deepEqual(run('poetry install', inApp({ VIRTUAL_ENV: '/opt/venv' })), ['write /opt/venv -R']);
      assert.deepEqual(run('poetry install -C /srv/api', inApp({ POETRY_VIRTUALENVS_PATH: '/venvs' })), ['write /venvs -R']);
      assert.deepEqual(run('cd /srv && poetry install', inApp({ POETRY_VIRTUALENVS_IN_PROJECT: '1' })), ['write /srv/.venv -R']);
      // Nothing in sight: the cache's virtualenvs by default, but a poetry.toml or an earlier step may say in-project.
      assert.deepEqual(run('poetry install', inApp({})), ['write /root/.cache/pypoetry/virtualenvs -R ?']);
      assert.deepEqual(analyzer.analyzeScript('poetry install', context({ cwd: '/app', lookup: () => undefined })).filter((e) => e.kind === 'opaque').map(line), ['opaque /app -R ?']);
    });

    it('pipenv install: --system, VIRTUAL_ENV, PIPENV_VENV_IN_PROJECT, else WORKON_HOME (a .venv in the project may be used: opaque)', () => {
      assert.deepEqual(run('pipenv install --system --deploy', inApp({})), []);
      assert.deepEqual(run('pipenv install --deploy', inApp({ PIPENV_VENV_IN_PROJECT: '1' })), ['write /app/.venv -R']);
      assert.deepEqual(run('pipenv sync', inApp({ VIRTUAL_ENV: '/venv' })), ['write /venv -R']);
      assert.deepEqual(run('pipenv install', inApp({})), ['write /app/Pipfile.lock', 'write /root/.local/share/virtualenvs -R ?']);
      assert.deepEqual(run('pipenv install --deploy', inApp({ WORKON_HOME: '/venvs', PIPENV_PIPFILE: '/src/Pipfile' })), ['write /venvs -R ?']);
      assert.deepEqual(analyzer.analyzeScript('pipenv install --deploy', context({ cwd: '/app', lookup: () => undefined })).filter((e) => e.kind === 'opaque').map(line), ['opaque /app -R ?']);
    });

    it('composer install writes ./vendor; bundle install only with --path', () => {
      assert.deepEqual(run('cd /var/www && composer install --no-dev && bundle install && bundle install --path vendor/gems'), [
        'write /var/www/vendor -R',
        'write /var/www/vendor/gems -R',
      ]);
    });

    it('bundle install follows BUNDLE_PATH (the environment or the command\'s) and BUNDLE_DEPLOYMENT=true', () => {
      assert.deepEqual(run('bundle install', inApp({ BUNDLE_PATH: '/app/vendor/bundle' })), ['write /app/vendor/bundle -R']);
      assert.deepEqual(run('bundle install', inApp({ BUNDLE_PATH: 'gems' })), ['write /app/gems -R']);
      assert.deepEqual(run('BUNDLE_PATH=/opt/gems bundle install'), ['write /opt/gems -R']);
      assert.deepEqual(run('bundle install', inApp({ BUNDLE_DEPLOYMENT: 'true' })), ['write /app/vendor/bundle -R']);
      // --path wins; without any of them the gems go to GEM_HOME, which the script does not name.
      assert.deepEqual(run('bundle install --path vendor/x', inApp({ BUNDLE_PATH: '/elsewhere' })), ['write /app/vendor/x -R']);
      assert.deepEqual(run('bundle install', inApp({})), []);
    });

    it('bundle install: the local config (flags, `bundle config set`) wins over the environment, which wins over the global config; else GEM_HOME, possibly', () => {
      assert.deepEqual(run('bundle config set --local path vendor/gems && bundle install', inApp({ BUNDLE_PATH: '/bundles' })), ['write /app/vendor/gems -R']);
      assert.deepEqual(run('bundle config set --global path /gems && bundle install', inApp({ BUNDLE_PATH: '/bundles' })), ['write /bundles -R']);
      assert.deepEqual(run('bundle config path /gems && bundle install', inApp({})), ['write /gems -R']);
      assert.deepEqual(run('bundle config set deployment true && bundle install', inApp({})), ['write /app/vendor/bundle -R']);
      assert.deepEqual(run('bundle config set path /gems && bundle config unset path && bundle install', inApp({ BUNDLE_PATH: '/bundles' })), ['write /bundles -R']);
      const gemHome = ['write /usr/local/bundle -R', 'write /usr/local/bundle/gems -R', 'write /usr/local/bundle/specifications -R'];
      assert.deepEqual(run('bundle install --system', inApp({ BUNDLE_PATH: '/bundles', GEM_HOME: '/usr/local/bundle' })), gemHome);
      assert.deepEqual(run('bundle install', inApp({ BUNDLE_PATH__SYSTEM: 'true', GEM_HOME: '/usr/local/bundle' })), gemHome);
      // Nothing in sight: GEM_HOME (RubyGems unpacks gems in gems/ and writes their specifications
      // in specifications/), but a config file the analysis does not see may move it.
      assert.deepEqual(run('bundle install', inApp({ GEM_HOME: '/usr/local/bundle' })), gemHome.map((e) => `${e} ?`));
      assert.deepEqual(run('bundle install', inApp({ GEM_HOME: '/usr/local/bundle/' })), gemHome.map((e) => `${e} ?`), 'a trailing slash');
    });

    it('go build -o FILE; go build without -o may write in the current directory; go install into GOPATH/bin', () => {
      assert.deepEqual(run('cd /src && go build -o /usr/local/bin/app ./cmd/app && go build ./... && go install ./tools'), [
        'write /usr/local/bin/app',
        'write /src -R ?',
        'write /go/bin -R',
      ]);
    });

    it('go run reads the sources it compiles and runs (a package directory named as a path, or its .go files), writing nothing; reflex -s runs its command at once', () => {
      const sources = (script: string): string[] =>
        analyzer
          .analyzeScript(script, context({ cwd: '/app/api' }))
          .filter((e) => e.runsSources)
          .map((e) => `${line(e)} ${e.command}`);
      assert.deepEqual(sources('go run .'), ['read /app/api go run']);
      assert.deepEqual(sources('go run -race ./cmd/server --port 80'), ['read /app/api/cmd/server go run']);
      assert.deepEqual(sources('go run main.go util.go -v'), ['read /app/api/main.go go run', 'read /app/api/util.go go run']);
      assert.deepEqual(sources('go run -C /src ../tools/gen'), ['read /tools/gen go run']);
      // An import path or a pattern is not a directory of the container.
      assert.deepEqual(sources('go run example.com/app/cmd/gen@latest; go run cmd/app; go run ./...'), []);
      assert.deepEqual(changes(analyzer.analyzeScript('go run .', context({ cwd: '/app/api' }))), []);
      assert.deepEqual(sources("reflex -g '*.go' -s -- go run ."), ['read /app/api go run']);
      assert.deepEqual(sources("reflex --start-service -r '\\.go$' go run ."), ['read /app/api go run']);
      // Without -s reflex runs the command only after a file changes.
      assert.deepEqual(sources("reflex -g '*.go' -- go run ."), []);
    });

    it('apt-get update / install write the apt and dpkg state; clean deletes the cache', () => {
      assert.deepEqual(run('apt-get update'), ['write /var/lib/apt -R', 'write /var/cache/apt -R']);
      assert.deepEqual(run('apt-get install -y --no-install-recommends curl'), ['write /var/lib/apt -R', 'write /var/cache/apt -R', 'write /var/lib/dpkg -R']);
      assert.deepEqual(run('apt-get clean; apt-get -s install x; apt-cache policy x'), ['delete /var/cache/apt -R']);
    });

    it('apk add writes /var/cache/apk and /lib/apk/db; --no-cache skips the cache', () => {
      assert.deepEqual(run('apk add curl'), ['write /var/cache/apk -R', 'write /lib/apk/db -R']);
      assert.deepEqual(run('apk add --no-cache --virtual .build-deps gcc'), ['write /lib/apk/db -R']);
    });
  });

  describe('find, xargs and wrappers', () => {
    it('find -delete deletes below the start points; limited by name tests, only what matches, which is possible', () => {
      assert.deepEqual(run('find /data /tmp -type f -delete'), ['delete /data -R', 'delete /tmp -R']);
      assert.deepEqual(run('find /data /tmp -type f -name "*.tmp" -delete'), ['delete /data -R ?', 'delete /tmp -R ?']);
    });

    it('find -exec runs the command on what it finds: possible and recursive', () => {
      const effects = analyzer.analyzeScript('find /data -type d -exec chown app:app {} + -exec rm -rf {} \\;', context());
      assert.deepEqual(effects.map(line), ['read /data', 'chown /data -R ?', 'delete /data -R ?']);
      assert.deepEqual(effects.map((e) => e.command), ['find', 'find -exec chown', 'find -exec rm']);
    });

    it('find: an action limited by -name/-iname tests carries those names, as find binds its operators', () => {
      const matching = (script: string): Array<string[] | undefined> =>
        analyzer.analyzeScript(script, context()).filter((e) => e.kind !== 'read').map((e) => e.matching);
      assert.deepEqual(matching('find /app -name "*.pyc" -delete'), [['*.pyc']]);
      assert.deepEqual(matching('find /app -type f -iname "*.PYO" -exec rm -f {} +'), [['*.PYO']]);
      // `-a` (implied) binds tighter than `-o`: the action belongs to the last alternative only.
      assert.deepEqual(matching(`find /app \\( -type d -a -name test -o -name tests \\) -o \\( -type f -a -name '*.pyc' -o -name '*.pyo' \\) -exec rm -rf '{}' +`), [['*.pyc', '*.pyo']]);
      assert.deepEqual(matching('find /app -name "*.pyc" -o -name "*.lock" -delete'), [['*.lock']]);
      // A group whose every alternative names files limits the action to their union.
      assert.deepEqual(matching('find /app -depth \\( -name "*.pyc" -o -name __pycache__ \\) -exec rm -rf {} +'), [['*.pyc', '__pycache__']]);
      // Tests that name no files, negations and an alternative without a name limit nothing.
      assert.deepEqual(matching('find /app -type f -mtime +7 -delete'), [undefined]);
      assert.deepEqual(matching('find /app ! -name "*.conf" -delete'), [undefined]);
      assert.deepEqual(matching('find /app \\( -name "*.pyc" -o -type l \\) -delete'), [undefined]);
      // An expression volint cannot follow (an unbalanced parenthesis, an unknown word) limits nothing.
      assert.deepEqual(matching('find /app \\( -name "*.pyc" -delete'), [undefined]);
      assert.deepEqual(matching('find /app -name "*.pyc" -frobnicate x -delete'), [undefined]);
    });

    it('find -exec sh -c', () => {
      assert.deepEqual(run(`find /srv -name '*.sh' -exec sh -c 'chmod +x "$1"' _ {} \\;`), []);
      assert.deepEqual(run(`find /srv -exec sh -c 'touch /marker' \\;`), ['write /marker -R ?']);
    });

    it('xargs: the command runs with unknown items; known destinations are possible', () => {
      assert.deepEqual(run('find /src -name "*.so" | xargs -I{} cp {} /usr/lib/; ls | xargs rm -rf'), ['write /usr/lib -R ?']);
    });

    it('sudo, env, nohup, timeout and exec run their command', () => {
      assert.deepEqual(run('sudo -u app mkdir /s; env -C /w FOO=1 touch e; nohup rm /n; timeout 10 touch /t; exec chown app /x'), [
        'mkdir /s',
        'write /w/e',
        'delete /n',
        'write /t',
        'chown /x',
      ]);
    });

    it('an unknown command may write to its path-like arguments', () => {
      assert.deepEqual(run('cd /app && /opt/tool/bin/setup --prefix=/opt/x /data ./rel sub/dir plain https://e.com/x PREFIX=/usr/local'), [
        'write /opt/x ?',
        'write /data ?',
        'write /app/rel ?',
        'write /app/sub/dir ?',
        'write /usr/local ?',
      ]);
    });

    it('an unknown command name still marks its path arguments possible', () => {
      assert.deepEqual(run('$INSTALLER /opt/app'), ['write /opt/app ?']);
    });
  });

  describe('robustness', () => {
    it('a syntax error keeps what can be found, as possible', () => {
      assert.deepEqual(run('mkdir -p /a && ) ; touch /w'), ['mkdir /a ?', 'write /w ?']);
    });

    it('an unterminated quote does not throw', () => {
      assert.deepEqual(run('touch /ok; echo "unterminated > /x'), ['write /ok ?']);
    });

    it('empty, blank and comment-only scripts give nothing', () => {
      assert.deepEqual(run(''), []);
      assert.deepEqual(run('   \n\t'), []);
      assert.deepEqual(run('# just a comment'), []);
      assert.deepEqual(runArgv([]), []);
    });

    it('garbage input never throws', () => {
      for (const script of ['((((', '${', '$(', '`', 'if', 'case x in', '<<EOF', ')))))', '\u0000\u0001', 'a'.repeat(10000), '\uE000 /x']) {
        assert.doesNotThrow(() => analyzer.analyzeScript(script, context()));
      }
    });

    it('a long && chain does not exhaust the stack', () => {
      const script = Array.from({ length: 3000 }, (_, i) => `mkdir /d${i}`).join(' && ');
      const effects = analyzer.analyzeScript(script, context());
      assert.equal(effects.length, 3000);
      assert.equal(effects[2999]!.path, '/d2999');
    });

    it('pathological words finish (a hang fails by the test timeout)', function () {
      this.timeout(20000);
      analyzer.analyzeScript(`mkdir ${'{a,'.repeat(3000)} ${'['.repeat(5000)}* /x${'\\'.repeat(4001)}`, context());
      analyzer.analyzeScript(`echo ${'"$('.repeat(100)}${')"'.repeat(100)}`, context());
    });

    it('a loop inside an unrolled loop is not unrolled again', () => {
      assert.deepEqual(run('for a in x y; do for b in 1 2; do touch /d/$a/$b; done; done'), ['write /d/x -R ?', 'write /d/y -R ?']);
    });

    it('runaway recursion stops within the work budget and keeps what it found', function () {
      this.timeout(20000);
      const effects = run(`touch /first; f() { ${'f; '.repeat(50)} }; f`);
      assert.deepEqual(effects, ['write /first']);
    });

    it('analysing 2,000 scripts leaves the WebAssembly memory where it was (trees are freed)', async function () {
      this.timeout(60000);
      const parser = await loadBashParser();
      const size = parser.memoryBytes();
      if (size === undefined) this.skip();
      // Trees of some tens of kilobytes each, so that 2,000 of them kept would outgrow any slack.
      const chain = ' && mkdir -p /srv/a/b'.repeat(60);
      const scripts = [
        `apt-get update && apt-get install -y curl ca-certificates && rm -rf /var/lib/apt/lists/*${chain}`,
        'mkdir -p /data && chown -R app:app /data && echo "é" > /data/x',
        `cat <<'EOF' > /etc/app.conf\n${'line $X\n'.repeat(200)}EOF`,
        `for d in a b c; do mkdir -p /srv/$d; done; if [ -f /x ]; then rm /x; fi; sh -c 'touch /y' ${'&& true '.repeat(100)}`,
        `echo "unterminated${chain}`,
      ];
      // Warm up: the memory may grow once to fit the largest tree.
      for (const script of scripts) analyzer.analyzeScript(script, context());
      const before = parser.memoryBytes()!;
      for (let i = 0; i < 2000; i++) analyzer.analyzeScript(scripts[i % scripts.length]!, context());
      assert.equal(parser.memoryBytes(), before);
    });

    it('copies trees with direct calls into the module, node for node as the public cursor API does', async function () {
      this.timeout(60000);
      const parser = await loadBashParser();
      assert.equal(parser.walk, 'direct');
      const scripts = [
        ...fixtureRunScripts(),
        'echo "unterminated && mkdir /a',
        'if then fi; ((',
        `${'( '.repeat(200)}touch /deep${' )'.repeat(200)}`,
        'echo "é ✓ 𝄞" > /data/ünï && mkdir -p /srv/𝄞',
        `cat <<'EOF' > /etc/app.conf\nline $X\nEOF\nmkdir /after`,
        '',
      ];
      assert.ok(scripts.length > 100, `${scripts.length} scripts`);
      for (const script of scripts) {
        const direct = parser.parse(script);
        const cursor = parser.parseWithCursor(script);
        assert.equal(direct?.hasError, cursor?.hasError, script);
        assert.ok(sameTree(direct?.root, cursor?.root), script);
      }
    });

    it('the direct walk is not offered when the module lacks a function it calls (another package version)', () => {
      const noop = (): number => 0;
      const complete = {
        locateFile: (file: string) => file,
        _ts_tree_cursor_goto_first_child_wasm: noop,
        _ts_tree_cursor_goto_next_sibling_wasm: noop,
        _ts_tree_cursor_goto_parent_wasm: noop,
        _ts_tree_cursor_current_node_type_id_wasm: noop,
        _ts_tree_cursor_current_field_id_wasm: noop,
        _ts_tree_cursor_start_index_wasm: noop,
        _ts_tree_cursor_end_index_wasm: noop,
        _ts_tree_cursor_current_node_is_named_wasm: noop,
        _ts_tree_cursor_current_node_is_missing_wasm: noop,
        _ts_tree_cursor_delete_wasm: () => undefined,
      };
      const tables = { types: ['program'], fields: [null] };
      assert.equal(typeof directWalker(complete, tables), 'function');
      for (const name of Object.keys(complete).filter((key) => key.startsWith('_ts_'))) {
        const partial: Record<string, unknown> = { ...complete };
        delete partial[name];
        assert.equal(directWalker(partial as unknown as WasmModule, tables), null, name);
      }
      assert.equal(directWalker(complete, { types: undefined, fields: [] } as unknown as LanguageTables), null);
    });

    it('sameTree tells trees apart by any field of any node', async () => {
      const parser = await loadBashParser();
      const a = parser.parse('mkdir -p /a && touch /b')!.root;
      assert.ok(sameTree(a, parser.parse('mkdir -p /a && touch /b')!.root));
      assert.ok(!sameTree(a, parser.parse('mkdir -p /a && touch /b /c')!.root));
      assert.ok(!sameTree(a, parser.parse('mkdir -p /a || touch /b')!.root));
      assert.ok(!sameTree(a, parser.parse('mkdir -p /a && touch /bb')!.root));
      assert.ok(!sameTree(a, undefined));
    });

    it('a relative WORKDIR in the context makes relative paths unknown', () => {
      assert.deepEqual(run('touch rel /abs', { cwd: 'relative' }), ['write /abs']);
    });
  });
});

describe('shell analysis: programs a step runs (exec)', () => {
  const execs = (script: string, overrides: Partial<ShellContext> = {}): string[] =>
    analyzer.analyzeScript(script, context(overrides)).filter((e) => e.kind === 'exec').map(line);

  it('a command named by its path runs that file, variables expanded and relative to the current directory', () => {
    assert.deepEqual(execs('$APP_HOME/install/setup.sh && ./configure --prefix=/usr', { cwd: '/build' }), ['exec /srv/app/install/setup.sh', 'exec /build/configure']);
    assert.deepEqual(execs('cd /opt/src && ./build.sh'), ['exec /opt/src/build.sh']);
  });

  it('a shell given a script file runs it; `sh -c` and a bare command name run no file', () => {
    assert.deepEqual(execs('sh setup.sh && bash -e /tmp/bootstrap.sh arg', { cwd: '/build' }), ['exec /build/setup.sh', 'exec /tmp/bootstrap.sh']);
    assert.deepEqual(execs('sh -c "mkdir /x" && make install && setup.sh'), []);
  });

  it('a program inside su -c or sudo is found too, and its own changes are still analysed', () => {
    assert.deepEqual(execs('su app -c "/opt/setup/install.sh EE"'), ['exec /opt/setup/install.sh']);
    assert.deepEqual(run('/bin/mkdir -p /data'), ['mkdir /data']);
    assert.deepEqual(execs('/bin/mkdir -p /data'), ['exec /bin/mkdir']);
  });
});

