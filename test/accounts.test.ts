import assert from 'node:assert/strict';
import { imageAccountUid, uidOf } from '../src/model/accounts.js';
import { parseImageRef } from '../src/model/base-images.js';

describe('accounts: the uid of an image user', () => {
  it('knows the accounts of official images', () => {
    assert.equal(imageAccountUid(parseImageRef('node:20'), 'node'), '1000');
    assert.equal(imageAccountUid(parseImageRef('php:8.3-fpm-alpine'), 'www-data'), '82');
  });

  it("knows the catalogue's accounts, for the tags and registry of the entry", () => {
    assert.equal(uidOf('sonarqube', null, parseImageRef('sonarqube:community')), '1000');
    assert.equal(uidOf('nobody', null, parseImageRef('prom/prometheus:v2.47.2')), '65534');
    assert.equal(uidOf('graylog', null, parseImageRef('graylog/graylog:6.1')), '1100');
    assert.equal(uidOf('elasticsearch:root', null, parseImageRef('docker.elastic.co/elasticsearch/elasticsearch:8.11.1')), '1000');
    assert.equal(uidOf('node', null, parseImageRef('n8nio/n8n:1.64.0')), '1000');
    assert.equal(uidOf('472', null, parseImageRef('grafana/grafana')), '472');
  });

  it('does not give the uid to another account, nor for an image the entry does not speak for', () => {
    assert.equal(uidOf('grafana', null, parseImageRef('sonarqube:community')), null);
    assert.equal(uidOf('elasticsearch', null, parseImageRef('elasticsearch/elasticsearch:8.11.1')), null);
    assert.equal(uidOf('nobody', null, parseImageRef('prom/prometheus:v1.8.2')), null);
  });
});

describe('accounts: mattermost', () => {
  it('knows mattermost is uid 2000 in its images', () => {
    assert.equal(uidOf('mattermost', null, parseImageRef('mattermost/mattermost-team-edition:9.11')), '2000');
  });
});
