/**
 * What the model reads from a stage's start command (src/model/start.ts): root regained at start
 * through a setuid program that the container starts by a link, by PATH or by an ENV-named path.
 */
import assert from 'node:assert/strict';
import { rootAtStart } from '../src/model/start.js';
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
