import assert from 'node:assert/strict';
import { parseImageRef } from '../src/model/base-images.js';
import { knownImageContent, unseenRuntimeDirectory } from '../src/model/image-content.js';

describe('knownImageContent', () => {
  it('reads the python image layout, with site-packages named by the tag', () => {
    const bin = knownImageContent(parseImageRef('python:3.12-slim'), '/usr/local/bin');
    assert.equal(bin?.basis, 'official');
    assert.equal(bin?.kind, 'software');
    assert.equal(bin?.path, '/usr/local/bin');
    assert.equal(knownImageContent(parseImageRef('docker.io/library/python:3.11.9-alpine'), '/usr/local/lib/python3.11/site-packages')?.path, '/usr/local/lib/python3.11/site-packages');
    // Another minor version than the tag's: a path the image does not have.
    assert.equal(knownImageContent(parseImageRef('python:3.12-slim'), '/usr/local/lib/python3.10/site-packages'), null);
    // No minor version in the tag: which directory is not known.
    assert.equal(knownImageContent(parseImageRef('python:3'), '/usr/local/lib/python3.12/site-packages'), null);
    assert.equal(knownImageContent(parseImageRef('python'), '/usr/local/lib/python3.12/site-packages'), null);
  });

  it('finds an official directory below a mount point, not above it', () => {
    assert.equal(knownImageContent(parseImageRef('node:22'), '/usr/local')?.path, '/usr/local/bin');
    assert.equal(knownImageContent(parseImageRef('node:22'), '/usr/local/lib/node_modules/npm'), null);
    assert.equal(knownImageContent(parseImageRef('nginx:1.27-alpine'), '/usr/share/nginx/html')?.kind, 'site');
    assert.equal(knownImageContent(parseImageRef('nginx:1.27-alpine'), '/srv/static'), null);
  });

  it('says nothing of official images it has no entry for, nor of distribution images', () => {
    assert.equal(knownImageContent(parseImageRef('debian:12'), '/usr/local/lib/python3.11/site-packages'), null);
    assert.equal(knownImageContent(parseImageRef('postgres:17'), '/usr/local/bin'), null);
    assert.equal(knownImageContent(null, '/usr/local/bin'), null);
  });

  it('in an image it cannot see, knows a runtime package directory under /usr/local', () => {
    const ref = parseImageRef('ckan/ckan-dev:2.11');
    const site = knownImageContent(ref, '/usr/local/lib/python3.10/site-packages');
    assert.equal(site?.basis, 'unseen');
    assert.match(site!.reason, /Only a Python installed with the prefix \/usr\/local/);
    assert.equal(knownImageContent(ref, '/usr/local/lib/node_modules')?.basis, 'unseen');
    // /usr/lib/python3.10/site-packages is a distribution's Python (Alpine, Fedora): nothing to say.
    assert.equal(knownImageContent(ref, '/usr/lib/python3.10/site-packages'), null);
    assert.equal(unseenRuntimeDirectory('/usr/local/lib/python3.10/site-packages/django'), null);
  });

  it('takes /usr/local/bin of an image it cannot see only beside a runtime the service mounts', () => {
    const ref = parseImageRef('registry.example.com/team/app:1');
    assert.equal(knownImageContent(ref, '/usr/local/bin'), null);
    assert.equal(knownImageContent(ref, '/usr/local/bin', ['/srv/data', '/usr/lib/python3.10/site-packages']), null);
    const bin = knownImageContent(ref, '/usr/local/bin', ['/usr/local/lib/python3.10/site-packages']);
    assert.equal(bin?.basis, 'unseen');
    assert.match(bin!.where, /\/usr\/local\/lib\/python3\.10\/site-packages/);
    assert.match(knownImageContent(ref, '/usr/local/bin', ['/usr/local/lib/node_modules'])!.holds, /Node\.js/);
  });
});
