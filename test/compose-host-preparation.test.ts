/**
 * How a project script prepares a bind source (src/compose/project-scripts.ts): beside the compose
 * file, or where the script puts the compose file; and the uid of its chown's owner. And the uid a
 * service's user name stands for in its image (src/model/accounts.ts).
 */
import assert from 'node:assert/strict';
import { changesOwnerOrMode, preparationStep, preparedBy, type ProjectScript } from '../src/compose/project-scripts.js';
import { imageAccountUid, uidOf } from '../src/model/accounts.js';
import { parseImageRef } from '../src/model/base-images.js';
import { loadShellAnalyzer } from '../src/model/shell/index.js';
import { lint } from './helpers/lint.js';

const PROJECT = '/work/project/deploy';
const COMPOSE = `${PROJECT}/compose.yaml`;

async function script(text: string, name = 'setup.sh'): Promise<ProjectScript> {
  const analyzer = await loadShellAnalyzer();
  return { path: `${PROJECT}/${name}`, text, effects: analyzer.analyzeScript(text, { cwd: PROJECT, lookup: () => undefined }) };
}

describe('project scripts: a bind source prepared where the script installs the compose file', () => {
  it('follows a copy of the compose file to the directory that holds the made and chowned source', async () => {
    const s = await script('#!/bin/sh\nmkdir -p /opt/app/storage\ncp compose.yaml /opt/app/\nchown -R 1000:1000 /opt/app\n');
    const step = preparedBy(`${PROJECT}/storage`, [s], COMPOSE);
    assert.deepEqual(step, { script: `${PROJECT}/setup.sh`, line: 4, kind: 'chown', setting: '1000:1000', ownerUid: '1000', placedIn: { directory: '/opt/app', line: 3 } });
    // A path relative to the compose file that leaves its directory is resolved from the new place too.
    const above = await script('mkdir -p /opt/cache /opt/app\ncp ./compose.yaml /opt/app\nchown 1000 /opt/cache\n');
    assert.equal(preparedBy('/work/project/cache', [above], COMPOSE)?.placedIn?.directory, '/opt/app');
  });

  it('follows a download or a redirection of a file with the compose file’s name', async () => {
    const download = await script('cd /srv/stack && curl -fsSLO https://example.com/stack/compose.yaml\nmkdir -p /srv/stack/data\nchown -R 1000 /srv/stack/data\n');
    assert.equal(preparedBy(`${PROJECT}/data`, [download], COMPOSE)?.placedIn?.directory, '/srv/stack');
    const wget = await script('wget -qO /srv/stack/compose.yaml https://example.com/compose.yaml\nmkdir -p /srv/stack/data\nchmod 777 /srv/stack/data\n');
    assert.equal(preparedBy(`${PROJECT}/data`, [wget], COMPOSE)?.kind, 'chmod');
    const echoed = await script('CONFIG=$(curl -fsSL https://example.com/compose.yaml)\necho "$CONFIG" > /srv/stack/compose.yaml\nmkdir -p /srv/stack/data\nchown -R 1000 /srv/stack\n');
    assert.equal(preparedBy(`${PROJECT}/data`, [echoed], COMPOSE)?.placedIn?.line, 2);
  });

  it('does not follow a directory the script does not tie to this compose file', async () => {
    // Only the tail of the path matches: no compose file is put in /opt/app.
    const tail = await script('mkdir -p /opt/app/storage\nchown -R 1000 /opt/app\n');
    assert.equal(preparedBy(`${PROJECT}/storage`, [tail], COMPOSE), null);
    // Another file copied under the compose file's name; a file of another name downloaded there.
    const other = await script('mkdir -p /opt/app/storage\ncp compose.prod.yaml /opt/app/compose.yaml\nchown -R 1000 /opt/app\n');
    assert.equal(preparedBy(`${PROJECT}/storage`, [other], COMPOSE), null);
    const renamed = await script('mkdir -p /opt/app/storage\ncurl -o /opt/app/docker-compose.yml https://example.com/docker-compose.yml\nchown -R 1000 /opt/app\n');
    assert.equal(preparedBy(`${PROJECT}/storage`, [renamed], COMPOSE), null);
    // `docker compose -f` names the file it runs, it does not put it there.
    const named = await script('mkdir -p /opt/app/storage\nchown -R 1000 /opt/app\ndocker compose -f /opt/app/compose.yaml up -d\n');
    assert.equal(preparedBy(`${PROJECT}/storage`, [named], COMPOSE), null);
    // Made there but chowned before it was made.
    const early = await script('chown -R 1000 /opt/app\ncp compose.yaml /opt/app/\nmkdir -p /opt/app/storage\n');
    assert.equal(preparedBy(`${PROJECT}/storage`, [early], COMPOSE), null);
  });

  it('gives the chown owner’s uid where the script says it', async () => {
    const made = await script('useradd -o -m -U -u 1000 -d /opt/photos photos || echo exists\nmkdir -p data\nchown -Rf photos:photos data\n');
    assert.equal(preparedBy(`${PROJECT}/data`, [made], COMPOSE)?.ownerUid, '1000');
    const busybox = await script('adduser -D -u 0101 app\nmkdir -p data\nchown app data\n');
    assert.equal(preparedBy(`${PROJECT}/data`, [busybox], COMPOSE)?.ownerUid, '101');
    const root = await script('mkdir -p data\nchown root:root data\n');
    assert.equal(preparedBy(`${PROJECT}/data`, [root], COMPOSE)?.ownerUid, '0');
    // A name the machine's own accounts decide.
    const unknown = await script('mkdir -p data\nchown -R node:node data\n');
    const step = preparedBy(`${PROJECT}/data`, [unknown], COMPOSE);
    assert.equal(step?.setting, 'node:node');
    assert.equal(step?.ownerUid, undefined);
  });
});

describe('a chown or chmod that prepares a directory (the scripts\' and the one-off jobs\' reading)', () => {
  it('changesOwnerOrMode: at the path, or recursively from above, with a setting; preparationStep: what it sets and a chown\'s uid as all the commands say it', async () => {
    const { effects } = await script('useradd -u 1001 app\nchown -R app /srv\nchown app /srv\nchmod 0777 /srv/data\nchmod -R o+w /opt\n');
    const changes = (path: string): string[] => effects.filter((e) => changesOwnerOrMode(e, path)).map((e) => `${e.kind} ${e.setting}`);
    assert.deepEqual(changes('/srv/data'), ['chown app', 'chmod 0777']);
    assert.deepEqual(changes('/srv'), ['chown app', 'chown app']);
    assert.deepEqual(changes('/opt/cache'), ['chmod o+w']);
    assert.deepEqual(changes('/var'), []);
    const chown = effects.find((e) => changesOwnerOrMode(e, '/srv/data'))!;
    assert.deepEqual(preparationStep(chown, effects), { kind: 'chown', setting: 'app', ownerUid: '1001' });
    assert.deepEqual(preparationStep(chown, []), { kind: 'chown', setting: 'app' }, 'an account the commands do not make: no uid');
    assert.deepEqual(preparationStep(effects.find((e) => e.kind === 'chmod')!, effects), { kind: 'chmod', setting: '0777' });
  });
});

describe('model: the uid of an account in an image', () => {
  it('reads numbers, root, the Dockerfile’s accounts and official images’ known accounts', async () => {
    assert.equal(uidOf('1000:1000', null, null), '1000');
    assert.equal(uidOf('root', null, null), '0');
    assert.equal(uidOf('node', null, parseImageRef('node:22-alpine')), '1000');
    assert.equal(uidOf('node', null, parseImageRef('ghcr.io/example/node:1')), null);
    assert.equal(uidOf('www-data', null, parseImageRef('php:8.3-apache')), '33');
    assert.equal(uidOf('www-data', null, parseImageRef('php:8.3-fpm-alpine')), '82');
    assert.equal(imageAccountUid(parseImageRef('nginx'), 'nginx'), '101');
    assert.equal(imageAccountUid(parseImageRef('jenkins/jenkins:lts-jdk17'), 'jenkins'), '1000');
    assert.equal(imageAccountUid(parseImageRef('sonatype/nexus3'), 'nexus'), '200');
    assert.equal(imageAccountUid(parseImageRef('sonatype/nexus3'), 'jenkins'), null);
    assert.equal(uidOf('app', null, null), null);
    const result = await lint('FROM node:22 AS base\nRUN useradd -u 1001 -m app\nFROM base\nVOLUME /srv/data\nUSER app\n', 'Dockerfile');
    const stage = result.model.target!;
    assert.equal(uidOf('app', stage, null), '1001');
    // The chain's base image: node's node, through the earlier stage.
    assert.equal(uidOf('node', stage, null), '1000');
    assert.equal(uidOf('other', stage, null), null);
  });

  it('reads the uid of an account the Dockerfile makes without a home (`adduser -D -H -u`, `useradd -M -u`, `adduser -S -H`)', async () => {
    const result = await lint(
      'FROM alpine:3.20\nRUN adduser -D -H -u 4001 app && useradd -M -u 4002 svc && adduser -S -H -u 101 www\nRUN useradd -r --uid 4003 sys\nVOLUME /srv/data\nUSER app\n',
      'Dockerfile',
    );
    const stage = result.model.target!;
    assert.deepEqual(['app', 'svc', 'www', 'sys'].map((name) => uidOf(name, stage, null)), ['4001', '4002', '101', '4003']);
    // The accounts are kept apart from the changes: no step of the stage writes /etc/passwd.
    assert.deepEqual(stage.effects.filter((e) => e.path === '/etc/passwd'), []);
  });
});
