/**
 * Bind sources under the home directory of whoever runs Compose (src/compose/home-paths.ts): which ones
 * volint takes for the project's own (a fresh machine lacks them, Compose creates them root-owned), with
 * the variable that put them there, and the project scripts that make and chown them first.
 */
import assert from 'node:assert/strict';
import { belowHome, homeBindReason } from '../src/compose/home-paths.js';
import { composeService, lintComposeProject } from './helpers/compose.js';

describe('compose: bind sources under the home directory', () => {
  it('homeBindReason: a directory named for the project, a hidden one named for the service, else one named for data', () => {
    assert.deepEqual(homeBindReason('.laradock/data/grafana', ['laradock']), { kind: 'project', segment: '.laradock' });
    assert.deepEqual(homeBindReason('.laradock-shop/mysql', ['laradock']), { kind: 'project', segment: '.laradock-shop' });
    assert.deepEqual(homeBindReason('.memos', ['scripts'], ['memos', 'memos']), { kind: 'service', segment: '.memos' });
    assert.deepEqual(homeBindReason('.stack/data/search', ['other']), { kind: 'data', segment: 'data' });
    assert.deepEqual(homeBindReason('trilium-data', ['notes']), { kind: 'data', segment: 'trilium-data' });
    assert.deepEqual(homeBindReason('.pgdata', ['notes']), { kind: 'data', segment: '.pgdata' });
  });

  it('homeBindReason: not the user\'s own directories, generic project words, a bare ~/data, a file, or a path named for nothing of the project', () => {
    for (const rest of ['.ssh', '.aws', '.m2/repository', '.config/shop/data', '.local/share/shop', '.cache/data', '.docker', '.kube/config', 'Pictures', 'Documents/shop', '.gitconfig', '.ollama']) {
      assert.equal(homeBindReason(rest, ['shop'], ['shop']), null, rest);
    }
    // `docker`, `app`, `compose` name no project; ~/data alone may be anyone's; a file is another failure.
    assert.equal(homeBindReason('docker/app', ['docker-app'], []), null);
    assert.equal(homeBindReason('data', ['shop']), null);
    assert.equal(homeBindReason('.shop/settings.json', ['shop']), null);
    assert.equal(homeBindReason('notebooks', ['shop'], ['jupyter']), null);
    // A service's name counts only for the directory directly under the home directory.
    assert.equal(homeBindReason('work/jupyter', ['shop'], ['jupyter']), null);
    assert.deepEqual(homeBindReason('invokeai', ['docker'], ['invokeai-cuda', 'invokeai']), { kind: 'service', segment: 'invokeai' });
  });

  it('belowHome: `~/` or the home directory itself', () => {
    assert.equal(belowHome('~/.x/data', '/home/u'), '.x/data');
    assert.equal(belowHome('/home/u/.x/data', '/home/u/'), '.x/data');
    assert.equal(belowHome('/home/user2/.x', '/home/u'), null);
    assert.equal(belowHome('./data', '/home/u'), null);
  });

  it('model: hostFresh through `~`, $HOME, a variable of the env template, and a default; not a variable of the shell that runs volint', async () => {
    const result = await lintComposeProject(
      {
        'compose.yaml': [
          'name: shopdock',
          'services:',
          '  web:',
          '    image: ghcr.io/example/web:1',
          '    user: "1000"',
          '    volumes:',
          '      - ${DATA_PATH_HOST}/web:/srv/web',
          '      - ${CACHE_DIR:-~/.shopdock/cache}:/srv/cache',
          '      - $HOME/.shopdock/logs:/srv/logs',
          '      - ${STATE_DIR}/state:/srv/state',
          '      - ${PWD}/shopdock:/srv/pwd',
          '      - ~/.ssh:/home/web/.ssh:ro',
          '      - ./uploads:/srv/uploads',
        ].join('\n'),
        '.env.example': 'DATA_PATH_HOST=~/.shopdock/data\nSTATE_DIR=$HOME/.shopdock\n',
      },
      { environment: { PWD: '/home/user/src/shopdock' } },
    );
    const mounts = composeService(result, 'web').mounts;
    const fresh = Object.fromEntries(mounts.map((m) => [m.target, m.hostFresh]));
    assert.deepEqual(fresh['/srv/web'], {
      display: '~/.shopdock/data/web',
      reason: { kind: 'project', segment: '.shopdock' },
      variable: { name: 'DATA_PATH_HOST', value: '~/.shopdock/data', origin: '.env.example, the template the project ships for .env' },
    });
    assert.deepEqual(fresh['/srv/cache']?.variable, { name: 'CACHE_DIR', value: '~/.shopdock/cache', origin: 'its default in the compose file' });
    assert.equal(fresh['/srv/logs']?.display, '~/.shopdock/logs');
    assert.equal(fresh['/srv/logs']?.variable, null);
    assert.deepEqual(fresh['/srv/state']?.variable, { name: 'STATE_DIR', value: '~/.shopdock', origin: '.env.example, the template the project ships for .env' });
    // PWD is the shell's (the project directory when it runs Compose), ~/.ssh the user's own, ./uploads in the project.
    assert.equal(fresh['/srv/pwd'], null);
    assert.equal(fresh['/home/web/.ssh'], null);
    assert.equal(fresh['/srv/uploads'], null);
    // All are reported but the read-only ~/.ssh (the missing ./uploads too, as before), as possible where under the home directory.
    const vol024 = result.findings.filter((f) => f.ruleId === 'VOL024').map((f) => `${f.range.start.line + 1} ${f.confidence}`);
    assert.deepEqual(vol024, ['7 possible', '8 possible', '9 possible', '10 possible', '13 likely']);
  });

  it('model: a project script that makes the directory under the home directory and gives it to the user prepares it (`~`, $HOME, a variable of the .env it reads)', async () => {
    const files = {
      'compose.yaml': [
        'name: shopdock',
        'services:',
        '  web:',
        '    image: ghcr.io/example/web:1',
        '    user: "1000"',
        '    volumes:',
        '      - ~/.shopdock/web:/srv/web',
        '      - ${DATA_PATH_HOST}/search:/srv/search',
        '      - ~/.shopdock/other:/srv/other',
      ].join('\n'),
      '.env': 'DATA_PATH_HOST=$HOME/.shopdock/data\n',
      'setup.sh': '#!/bin/sh\nset -e\n. ./.env\nmkdir -p ~/.shopdock/web "$DATA_PATH_HOST/search"\nchown 1000 ~/.shopdock/web\nchown -R 1000:1000 "$DATA_PATH_HOST"\nmkdir -p $HOME/.shopdock/other\nchown 999 $HOME/.shopdock/other\n',
    };
    const result = await lintComposeProject(files);
    const mounts = composeService(result, 'web').mounts;
    const prepared = Object.fromEntries(mounts.map((m) => [m.target, m.hostPreparedBy && `${m.hostPreparedBy.kind} ${m.hostPreparedBy.setting} line ${m.hostPreparedBy.line}`]));
    assert.deepEqual(prepared, { '/srv/web': 'chown 1000 line 5', '/srv/search': 'chown 1000:1000 line 6', '/srv/other': 'chown 999 line 8' });
    // Given to another uid: still reported.
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'VOL024').map((f) => f.range.start.line + 1), [9]);
    // A script that does not read .env does not have its variables.
    const unread = await lintComposeProject({ ...files, 'setup.sh': files['setup.sh'].replace('. ./.env\n', '') });
    assert.equal(composeService(unread, 'web').mounts.find((m) => m.target === '/srv/search')!.hostPreparedBy, null);
  });

  it('a one-off job the service waits for that chowns the same directory under the home directory prepares it', async () => {
    const result = await lintComposeProject({
      'compose.yaml': [
        'name: shopdock',
        'services:',
        '  permissions:',
        '    image: ghcr.io/example/tools:1',
        '    user: root',
        '    command: chown -R 1000:1000 /data',
        '    volumes:',
        '      - ~/.shopdock/web:/data',
        '  web:',
        '    image: ghcr.io/example/web:1',
        '    user: "1000"',
        '    depends_on:',
        '      permissions:',
        '        condition: service_completed_successfully',
        '    volumes:',
        '      - ~/.shopdock/web:/srv/web',
        '      - ~/.shopdock/other:/srv/other',
      ].join('\n'),
    });
    const web = composeService(result, 'web');
    assert.equal(web.mounts.find((m) => m.target === '/srv/web')!.hostPreparedByJob?.service, 'permissions');
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'VOL024').map((f) => f.range.start.line + 1), [17]);
  });

  it('write evidence: the `data` of a root a variable gives every service is no name for what the service keeps; its own part is', async () => {
    const files = (bind: string) => ({
      'compose.yaml': `name: shopdock\nservices:\n  search:\n    build: .\n    volumes:\n      - ${bind}\n`,
      Dockerfile: 'FROM debian:12\nRUN useradd -u 1000 search\nUSER search\n',
      '.env': 'DATA_PATH_HOST=~/.shopdock/data\n',
    });
    const count = async (bind: string) => (await lintComposeProject(files(bind))).findings.filter((f) => f.ruleId === 'VOL024').length;
    assert.equal(await count('${DATA_PATH_HOST}/search/conf:/opt/search/conf'), 0);
    assert.equal(await count('${DATA_PATH_HOST}/search/data:/opt/search/conf'), 1);
    assert.equal(await count('~/.shopdock/data/search:/opt/search/conf'), 1);
  });

  it('a service known to run as root, or whose user volint does not know, is not reported', async () => {
    const result = await lintComposeProject({
      'compose.yaml': 'name: shopdock\nservices:\n  a:\n    image: ghcr.io/example/a:1\n    volumes:\n      - ~/.shopdock/a:/srv/a\n  b:\n    image: ghcr.io/example/b:1\n    user: root\n    volumes:\n      - ~/.shopdock/b:/srv/b\n',
    });
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'VOL024'), []);
  });
});
