/**
 * What the model reads from a stage's start command (src/model/start.ts): root regained at start
 * through a setuid program that the container starts by a link, by PATH or by an ENV-named path.
 */
import assert from 'node:assert/strict';
import { rootAtStart, runtimeMention, runsSystemd, startCommand, startCommandWith, startFilesIn, startsWithHelpOnly, startWords } from '../src/model/start.js';
import { startsOwnScript } from '../src/model/evidence.js';
import { lint } from './helpers/lint.js';

async function finalStage(text: string) {
  const result = await lint(text, 'Dockerfile');
  const stage = result.model.target;
  assert.ok(stage, 'the file has a final stage');
  return stage;
}

describe('model: root at start through a setuid program', () => {
  const head = ['FROM debian:12', 'ENV APP_HOME=/opt/app APP_INIT=appinit', 'RUN useradd -m app && mkdir -p $APP_HOME/bin'];

  it('follows a link made by a RUN from the start command to the setuid file named through ENV', async () => {
    const stage = await finalStage(
      [...head, 'RUN chmod 4755 $APP_HOME/bin/$APP_INIT && ln -s $APP_HOME/bin/$APP_INIT /usr/sbin/appinit', 'USER app', 'VOLUME /srv/x', 'CMD ["/usr/sbin/appinit"]'].join('\n'),
    );
    assert.equal(stage.links.get('/usr/sbin/appinit')?.target, '/opt/app/bin/appinit');
    const evidence = rootAtStart(stage);
    assert.ok(evidence);
    assert.match(evidence, /makes \/opt\/app\/bin\/appinit setuid/);
    assert.match(evidence, /symbolic link \/usr\/sbin\/appinit \(made at line 4\)/);
  });

  it('a link that leads to another file than the setuid one is no evidence', async () => {
    const other = await finalStage(
      [...head, 'RUN chmod 4755 $APP_HOME/bin/helper && ln -s $APP_HOME/bin/$APP_INIT /usr/sbin/appinit', 'USER app', 'VOLUME /srv/x', 'CMD ["/usr/sbin/appinit"]'].join('\n'),
    );
    assert.equal(rootAtStart(other), null);
  });

  it('expands ENV (never ARG) in a shell-form start command, after exec', async () => {
    const withEnv = await finalStage([...head, 'RUN chmod u+s /opt/app/bin/appinit', 'USER app', 'VOLUME /srv/x', 'CMD exec $APP_HOME/bin/$APP_INIT --foreground'].join('\n'));
    assert.match(rootAtStart(withEnv) ?? '', /makes \/opt\/app\/bin\/appinit, which the container starts, setuid/);
    const withArg = await finalStage(
      ['FROM debian:12', 'ARG APP_HOME=/opt/app', 'RUN useradd -m app && chmod u+s /opt/app/bin/appinit', 'USER app', 'VOLUME /srv/x', 'CMD exec $APP_HOME/bin/appinit'].join('\n'),
    );
    assert.equal(rootAtStart(withArg), null, 'an ARG is not in the container environment');
  });

  it('looks a program without a directory up in PATH (ENV PATH when set) and follows links there', async () => {
    const body = ['RUN useradd -m app && chmod 4755 /opt/app/bin/init-1.2 && ln -s /opt/app/bin/init-1.2 /opt/tools/appinit', 'USER app', 'VOLUME /srv/x', 'ENTRYPOINT ["appinit"]'];
    const defaultPath = await finalStage(['FROM debian:12', ...body].join('\n'));
    assert.equal(rootAtStart(defaultPath), null, '/opt/tools is not in the default PATH');
    const ownPath = await finalStage(['FROM debian:12', 'ENV PATH=/opt/tools:/usr/bin:/bin', ...body].join('\n'));
    assert.match(rootAtStart(ownPath) ?? '', /symbolic link \/opt\/tools\/appinit/);
  });
});

describe('model: what names a path at run time (runtimeMention)', () => {
  it('an ENV value names the path, a directory inside it or a parent of it; a search path such as PATH does not', async () => {
    const stage = await finalStage(
      ['FROM debian:12', 'ENV STORE=/srv/store/data PATH=/srv/hooks:/usr/bin:/bin OPTS="-Dlog.dir=/var/log/store"', 'USER 70', 'VOLUME /srv/x', 'CMD ["store"]'].join('\n'),
    );
    assert.equal(runtimeMention(stage, '/srv/store/data'), 'ENV STORE=/srv/store/data');
    assert.equal(runtimeMention(stage, '/srv/store'), 'ENV STORE=/srv/store/data');
    assert.equal(runtimeMention(stage, '/srv/store/data/db'), 'ENV STORE=/srv/store/data');
    assert.match(runtimeMention(stage, '/var/log/store') ?? '', /^ENV OPTS=/);
    assert.equal(runtimeMention(stage, '/srv/hooks'), null);
    assert.equal(runtimeMention(stage, '/keys'), null);
  });

  it('the start command, WORKDIR and steps that enter the path name it; / names nothing', async () => {
    const stage = await finalStage(
      ['FROM debian:12', 'ENV ROOT=/', 'WORKDIR /app', 'RUN cd /opt/tool || true', 'USER 70', 'VOLUME /srv/x', 'CMD ["exporter", "--out=/exports"]'].join('\n'),
    );
    assert.equal(runtimeMention(stage, '/exports'), "the start command's --out=/exports");
    assert.match(runtimeMention(stage, '/app/uploads') ?? '', /^WORKDIR \/app/);
    assert.match(runtimeMention(stage, '/opt/tool') ?? '', /line 4/);
    assert.equal(runtimeMention(stage, '/backrest'), null);
  });
});

describe('model: what the start command says about its use (startsWithHelpOnly, startFilesIn)', () => {
  it('a default command that only asks its program for help or its version is a command-line tool', async () => {
    const cases: Array<[string, boolean]> = [
      ['ENTRYPOINT ["tool"]\nCMD ["--help"]', true],
      ['CMD ["tool", "--version"]', true],
      ['ENTRYPOINT ["tool"]\nCMD ["--help", "run.js"]', false],
      ['ENTRYPOINT ["tool"]', false],
      ['CMD ["--help"]', false],
      ['ENTRYPOINT ["tool"]\nCMD ["-v"]', false],
    ];
    for (const [start, tool] of cases) {
      const stage = await finalStage(`FROM alpine:3.20\nVOLUME /work\n${start}\n`);
      assert.equal(startsWithHelpOnly(stage), tool, start);
    }
  });

  it('names the files inside a path that the start command names, absolute or relative to a working directory there', async () => {
    const stage = await finalStage(['FROM alpine:3.20', 'WORKDIR /etc/relay', 'VOLUME /etc/relay', 'CMD ["relay", "-c", "/etc/relay/relay.conf", "--keys=/etc/relay/keys", "--log=$LOG/x", "rules.yaml"]'].join('\n'));
    assert.deepEqual(startFilesIn(stage, '/etc/relay'), ['/etc/relay/relay.conf', '/etc/relay/keys', '/etc/relay/rules.yaml']);
    assert.deepEqual(startFilesIn(stage, '/etc/relay/keys'), []);
  });
});

describe('model: the command line a container starts with (startCommand)', () => {
  const cases: Array<[string, string[]]> = [
    // Docker passes a shell-form CMD to an exec-form ENTRYPOINT as `/bin/sh -c "<cmd>"`.
    ['ENTRYPOINT ["/entrypoint.sh"]\nCMD app --config /etc/app.conf', ['/entrypoint.sh', '/bin/sh', '-c', 'app --config /etc/app.conf']],
    ['ENTRYPOINT ["/entrypoint.sh"]\nCMD ["app", "--config", "/etc/app.conf"]', ['/entrypoint.sh', 'app', '--config', '/etc/app.conf']],
    // The shell of SHELL, when one is set before the CMD.
    ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nENTRYPOINT ["tini", "--"]\nCMD run.sh', ['tini', '--', '/bin/bash', '-o', 'pipefail', '-c', 'run.sh']],
    // A shell-form ENTRYPOINT ignores CMD.
    ['ENTRYPOINT exec app\nCMD ["--verbose"]', ['exec', 'app']],
    // A shell-form command alone: the words the shell runs.
    ['CMD exec app -c /etc/app.conf', ['exec', 'app', '-c', '/etc/app.conf']],
    ['CMD ["app"]', ['app']],
    // A CMD in the same stage counts before or after ENTRYPOINT.
    ['CMD ["--serve"]\nENTRYPOINT ["app"]', ['app', '--serve']],
  ];
  for (const [start, argv] of cases) {
    it(start.replace(/\n/g, ' | '), async () => {
      const stage = await finalStage(`FROM alpine:3.20\nVOLUME /work\n${start}\n`);
      assert.deepEqual(startCommand(stage), argv);
    });
  }

  it('a CMD of a base stage no longer counts once a later stage sets ENTRYPOINT; a later stage\'s CMD does', async () => {
    const reset = await finalStage(['FROM alpine:3.20 AS base', 'CMD ["serve"]', 'FROM base', 'VOLUME /work', 'ENTRYPOINT ["/entrypoint.sh"]'].join('\n'));
    assert.deepEqual(startCommand(reset), ['/entrypoint.sh']);
    const later = await finalStage(['FROM alpine:3.20 AS base', 'ENTRYPOINT ["/entrypoint.sh"]', 'FROM base', 'VOLUME /work', 'CMD ["serve"]'].join('\n'));
    assert.deepEqual(startCommand(later), ['/entrypoint.sh', 'serve']);
  });

  it('startWords reads the script of a shell-form CMD passed to the entrypoint word by word', async () => {
    const stage = await finalStage(['FROM alpine:3.20', 'WORKDIR /etc/relay', 'VOLUME /etc/relay', 'ENTRYPOINT ["/entrypoint.sh"]', 'CMD relay -c /etc/relay/relay.conf rules.yaml'].join('\n'));
    assert.deepEqual(startWords(stage), ['/entrypoint.sh', 'relay', '-c', '/etc/relay/relay.conf', 'rules.yaml']);
    assert.deepEqual(startFilesIn(stage, '/etc/relay'), ['/etc/relay/relay.conf', '/etc/relay/rules.yaml']);
    assert.equal(runtimeMention(stage, '/etc/relay/relay.conf'), "WORKDIR /etc/relay, where the container starts");
  });

  it('a shell-form CMD is no help-only argument list of the entrypoint; sudo and init in it still count', async () => {
    const help = await finalStage('FROM alpine:3.20\nVOLUME /work\nENTRYPOINT ["tool"]\nCMD --help\n');
    assert.equal(startsWithHelpOnly(help), false, 'the tool receives /bin/sh -c --help');
    const sudo = await finalStage('FROM debian:12\nRUN useradd -m app\nUSER app\nVOLUME /srv/x\nENTRYPOINT ["/entrypoint.sh"]\nCMD sudo service docker start\n');
    assert.equal(rootAtStart(sudo), 'the start command runs sudo');
    const init = await finalStage('FROM debian:12\nVOLUME /run\nENTRYPOINT ["/entrypoint.sh"]\nCMD /sbin/init\n');
    assert.equal(runsSystemd(init), true);
  });

  it('Compose: entrypoint: drops the image CMD, command: replaces it', async () => {
    const stage = await finalStage('FROM alpine:3.20\nVOLUME /work\nENTRYPOINT ["/entrypoint.sh"]\nCMD serve --port 80\n');
    assert.deepEqual(startCommandWith(stage, null, null), ['/entrypoint.sh', '/bin/sh', '-c', 'serve --port 80']);
    assert.deepEqual(startCommandWith(stage, ['other'], null), ['other']);
    assert.deepEqual(startCommandWith(stage, null, ['run', 'x']), ['/entrypoint.sh', 'run', 'x']);
  });
});

describe('model: a start script of the image\'s own below the whole build context (startsOwnScript)', () => {
  const head = ['FROM python:2.7-slim', 'ADD . /srv/zope', 'WORKDIR /srv/zope', 'VOLUME /srv/zope/var'];

  it('a shell script below `ADD . DIR` that no RUN writes is the image\'s own', async () => {
    assert.equal(startsOwnScript(await finalStage([...head, 'ENTRYPOINT ["/srv/zope/docker-entrypoint.sh"]'].join('\n'))), true);
  });

  it('not when a RUN writes it, when the copy comes from another image, or for a program that is not a shell script', async () => {
    assert.equal(startsOwnScript(await finalStage([...head, 'RUN curl -fsSL -o /srv/zope/docker-entrypoint.sh https://example.com/e.sh', 'ENTRYPOINT ["/srv/zope/docker-entrypoint.sh"]'].join('\n'))), false);
    assert.equal(startsOwnScript(await finalStage(['FROM python:2.7-slim', 'COPY --from=example/tools:1 . /srv/zope', 'VOLUME /srv/zope/var', 'ENTRYPOINT ["/srv/zope/docker-entrypoint.sh"]'].join('\n'))), false);
    assert.equal(startsOwnScript(await finalStage([...head, 'CMD ["/srv/zope/bin/instance", "fg"]'].join('\n'))), false);
  });
});
