import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import data from '../src/model/base-images.json' with { type: 'json' };
import {
  BaseImageCatalog,
  dataCatalogEntries,
  entriesFromImageInspect,
  isDockerHubRef,
  isPlaceableTag,
  loadDefaultCatalogEntries,
  parseImageRef,
} from '../src/model/base-images.js';
import type { BaseImageEntry, ImageRef } from '../src/model/image-types.js';

function ref(raw: string, registry: string | null, name: string, tag: string | null, digest: string | null): ImageRef {
  return { raw, registry, name, tag, digest };
}

const DIGEST = 'sha256:' + 'a'.repeat(64);
const OTHER_DIGEST = 'sha256:' + 'b'.repeat(64);

describe('parseImageRef', () => {
  const cases: Array<[string, ImageRef]> = [
    ['postgres', ref('postgres', null, 'postgres', null, null)],
    ['postgres:16', ref('postgres:16', null, 'postgres', '16', null)],
    ['postgres:16-alpine', ref('postgres:16-alpine', null, 'postgres', '16-alpine', null)],
    ['library/postgres:16', ref('library/postgres:16', null, 'postgres', '16', null)],
    ['docker.io/postgres', ref('docker.io/postgres', 'docker.io', 'postgres', null, null)],
    ['docker.io/library/postgres:17', ref('docker.io/library/postgres:17', 'docker.io', 'postgres', '17', null)],
    ['index.docker.io/library/redis:7', ref('index.docker.io/library/redis:7', 'index.docker.io', 'redis', '7', null)],
    ['jenkins/jenkins:lts-jdk21', ref('jenkins/jenkins:lts-jdk21', null, 'jenkins/jenkins', 'lts-jdk21', null)],
    ['docker.io/jenkins/jenkins', ref('docker.io/jenkins/jenkins', 'docker.io', 'jenkins/jenkins', null, null)],
    ['ghcr.io/org/team/app:1.2.3', ref('ghcr.io/org/team/app:1.2.3', 'ghcr.io', 'org/team/app', '1.2.3', null)],
    ['localhost:5000/app', ref('localhost:5000/app', 'localhost:5000', 'app', null, null)],
    ['localhost:5000/app:dev', ref('localhost:5000/app:dev', 'localhost:5000', 'app', 'dev', null)],
    ['localhost/app:dev', ref('localhost/app:dev', 'localhost', 'app', 'dev', null)],
    ['registry.example.com:8443/a/b/c:v1', ref('registry.example.com:8443/a/b/c:v1', 'registry.example.com:8443', 'a/b/c', 'v1', null)],
    ['[::1]:5000/app:1', ref('[::1]:5000/app:1', '[::1]:5000', 'app', '1', null)],
    ['mirror.gcr.io/library/postgres:16', ref('mirror.gcr.io/library/postgres:16', 'mirror.gcr.io', 'postgres', '16', null)],
    [`postgres@${DIGEST}`, ref(`postgres@${DIGEST}`, null, 'postgres', null, DIGEST)],
    [`postgres:16@${DIGEST}`, ref(`postgres:16@${DIGEST}`, null, 'postgres', '16', DIGEST)],
    [`localhost:5000/a/b:1@${DIGEST}`, ref(`localhost:5000/a/b:1@${DIGEST}`, 'localhost:5000', 'a/b', '1', DIGEST)],
    // A first component with an upper-case letter is a host (Docker's splitDockerDomain).
    ['MyRegistry/app', ref('MyRegistry/app', 'MyRegistry', 'app', null, null)],
    // Upper-case repository names are kept as written (Docker rejects them; they match nothing).
    ['Postgres:16', ref('Postgres:16', null, 'Postgres', '16', null)],
    // Tags keep their case.
    ['app:Latest', ref('app:Latest', null, 'app', 'Latest', null)],
    // Variables left in place.
    ['${BASE_IMAGE}', ref('${BASE_IMAGE}', null, '${BASE_IMAGE}', null, null)],
    ['$BASE', ref('$BASE', null, '$BASE', null, null)],
    ['postgres:${PG_MAJOR}', ref('postgres:${PG_MAJOR}', null, 'postgres', '${PG_MAJOR}', null)],
    ['postgres:${PG_MAJOR:-16}-alpine', ref('postgres:${PG_MAJOR:-16}-alpine', null, 'postgres', '${PG_MAJOR:-16}-alpine', null)],
    ['${IMAGE:-postgres}:16', ref('${IMAGE:-postgres}:16', null, '${IMAGE:-postgres}', '16', null)],
    ['${REGISTRY}/app:${TAG}', ref('${REGISTRY}/app:${TAG}', null, '${REGISTRY}/app', '${TAG}', null)],
    ['${REG:-a/b}/app', ref('${REG:-a/b}/app', null, '${REG:-a/b}/app', null, null)],
    ['registry.local:${PORT}/app', ref('registry.local:${PORT}/app', 'registry.local:${PORT}', 'app', null, null)],
    ['app@${DIGEST}', ref('app@${DIGEST}', null, 'app', null, '${DIGEST}')],
    // Odd input never throws.
    ['', ref('', null, '', null, null)],
    ['   ', ref('   ', null, '', null, null)],
    [' postgres:16 ', ref(' postgres:16 ', null, 'postgres', '16', null)],
    ['postgres:', ref('postgres:', null, 'postgres', null, null)],
    ['postgres@', ref('postgres@', null, 'postgres', null, null)],
    [':16', ref(':16', null, '', '16', null)],
    ['/', ref('/', null, '/', null, null)],
    ['${UNCLOSED/app:1', ref('${UNCLOSED/app:1', null, '${UNCLOSED/app:1', null, null)],
    ['scratch', ref('scratch', null, 'scratch', null, null)],
  ];
  for (const [raw, expected] of cases) {
    it(`parses ${JSON.stringify(raw)}`, () => {
      assert.deepEqual(parseImageRef(raw), expected);
    });
  }

  it('tells Docker Hub references apart', () => {
    assert.equal(isDockerHubRef(parseImageRef('postgres')), true);
    assert.equal(isDockerHubRef(parseImageRef('docker.io/library/postgres')), true);
    assert.equal(isDockerHubRef(parseImageRef('registry-1.docker.io/library/postgres')), true);
    assert.equal(isDockerHubRef(parseImageRef('ghcr.io/org/app')), false);
  });
});

describe('BaseImageCatalog with the data file', () => {
  const catalog = new BaseImageCatalog([loadDefaultCatalogEntries()]);
  const look = (raw: string) => catalog.lookup(parseImageRef(raw));

  const oldPostgres = { volumes: ['/var/lib/postgresql/data'], PGDATA: '/var/lib/postgresql/data' };
  const newPostgres = { volumes: ['/var/lib/postgresql'], PGDATA: '/var/lib/postgresql/18/docker' };
  const postgresCases: Array<[string, { volumes: string[]; PGDATA: string }]> = [
    ['postgres:16', oldPostgres],
    ['postgres:16.4', oldPostgres],
    ['postgres:16-alpine', oldPostgres],
    ['postgres:16.4-alpine3.20', oldPostgres],
    ['postgres:17-bookworm', oldPostgres],
    ['docker.io/library/postgres:17', oldPostgres],
    ['postgres:9.6', oldPostgres],
    ['postgres:10', oldPostgres],
    ['postgres:18', newPostgres],
    ['postgres:18.1', newPostgres],
    ['postgres:18-alpine', newPostgres],
    ['postgres:latest', newPostgres],
    ['postgres', newPostgres],
    ['postgres:alpine', newPostgres],
    ['postgres:trixie', newPostgres],
    [`postgres@${DIGEST}`, newPostgres],
  ];
  for (const [raw, expected] of postgresCases) {
    it(`knows the volumes of ${raw}`, () => {
      const info = look(raw);
      assert.ok(info, `no knowledge for ${raw}`);
      assert.deepEqual(info.volumes, expected.volumes);
      assert.equal(info.env['PGDATA'], expected.PGDATA);
      assert.equal(info.origin, 'data');
      assert.equal(info.name, 'postgres');
      assert.match(info.source, /^https:\/\/github\.com\/docker-library\/postgres\//);
    });
  }

  it('puts PGDATA under the major version from 19 on', () => {
    assert.equal(look('postgres:19-alpine')?.env['PGDATA'], '/var/lib/postgresql/19/docker');
  });

  it('uses the tag for tag+digest references', () => {
    assert.deepEqual(look(`postgres:16@${DIGEST}`)?.volumes, ['/var/lib/postgresql/data']);
  });

  it('knows redis dropped its VOLUME in 8.6', () => {
    assert.deepEqual(look('redis:7.4-alpine')?.volumes, ['/data']);
    assert.deepEqual(look('redis:8.4')?.volumes, ['/data']);
    assert.deepEqual(look('redis:8.6')?.volumes, []);
    assert.deepEqual(look('redis:8.10.1-alpine')?.volumes, []);
    assert.deepEqual(look('redis')?.volumes, []);
  });

  it('knows variants with other layouts', () => {
    assert.deepEqual(look('docker:28-dind-rootless')?.volumes, ['/var/lib/docker', '/home/rootless/.local/share/docker']);
    assert.deepEqual(look('docker:28-cli')?.volumes, []);
    assert.deepEqual(look('docker:dind')?.volumes, ['/var/lib/docker']);
    assert.deepEqual(look('mongo:8.0-windowsservercore-ltsc2022')?.volumes, ['C:\\data\\db', 'C:\\data\\configdb']);
    assert.deepEqual(look('mongo:8.0-noble')?.volumes, ['/data/db', '/data/configdb']);
    assert.equal(look('wordpress:cli-php8.4')?.user, 'www-data');
    assert.equal(look('wordpress:6-apache')?.user, undefined);
    assert.deepEqual(look('solr:7.7')?.volumes, []);
    assert.deepEqual(look('solr:9')?.volumes, ['/var/solr']);
    assert.deepEqual(look('influxdb:2.7-alpine')?.volumes, ['/var/lib/influxdb2', '/etc/influxdb2']);
    assert.deepEqual(look('influxdb:1.11')?.volumes, ['/var/lib/influxdb']);
    assert.deepEqual(look('influxdb:3-core')?.volumes, []);
  });

  it('knows the default user and path ENV of images that set them', () => {
    const jenkins = look('jenkins/jenkins:lts');
    assert.deepEqual(jenkins?.volumes, ['/var/jenkins_home']);
    assert.equal(jenkins?.user, 'jenkins');
    assert.equal(jenkins?.env['JENKINS_HOME'], '/var/jenkins_home');
    assert.equal(look('sonatype/nexus3')?.user, 'nexus');
    assert.equal(look('hashicorp/vault:1.18')?.volumes.length, 2);
    assert.deepEqual(look('vault')?.volumes, ['/vault/logs', '/vault/file']);
    assert.deepEqual(look('hashicorp/consul:1.20-ubi')?.volumes, ['/consul/data']);
    assert.equal(look('hashicorp/consul:1.20-ubi')?.user, '100');
  });

  it('says nothing about unknown images', () => {
    assert.equal(look('node:20'), undefined);
    assert.equal(look('ghcr.io/org/postgres-custom:1'), undefined);
    assert.equal(look('Postgres:16'), undefined);
    assert.equal(look('${BASE_IMAGE}'), undefined);
    assert.equal(look(''), undefined);
  });

  it('answers for an unexpanded tag only when every entry of the name agrees', () => {
    assert.deepEqual(look('mysql:${MYSQL_VERSION}')?.volumes, ['/var/lib/mysql']);
    assert.equal(look('postgres:${PG_MAJOR}'), undefined);
    assert.equal(look('redis:${REDIS}-alpine'), undefined);
  });

  it('answers for a tag it cannot place (a version after a variant) only from an entry that names it, or where every entry agrees (E1)', () => {
    // postgres:alpine-14 is no published tag; the catch-all (18) must not answer for it.
    assert.equal(look('postgres:alpine-14'), undefined);
    assert.equal(catalog.unplacedTag(parseImageRef('postgres:alpine-14')), 'alpine-14');
    assert.equal(look('postgres:bookworm-16.4'), undefined);
    for (const known of ['postgres:latest', 'postgres', 'postgres:18', 'postgres:16-alpine', 'postgres:16.4-bookworm', 'postgres:alpine3.21', 'postgres:15beta1']) {
      assert.ok(look(known), known);
      assert.equal(catalog.unplacedTag(parseImageRef(known)), null, known);
    }
    assert.deepEqual(look('postgres:16.4-bookworm')?.volumes, ['/var/lib/postgresql/data']);
    // Every mysql entry states the same facts, whatever the tag.
    assert.deepEqual(look('mysql:alpine-14')?.volumes, ['/var/lib/mysql']);
    assert.equal(catalog.unplacedTag(parseImageRef('mysql:alpine-14')), null);
    // An entry whose glob names the tag answers (mongo's Windows variants).
    assert.deepEqual(look('mongo:windowsservercore-1809')?.volumes, ['C:\\data\\db', 'C:\\data\\configdb']);
    // Not the catalogue's name: nothing to place.
    assert.equal(catalog.unplacedTag(parseImageRef('node:alpine-14')), null);
    assert.equal(catalog.unplacedTag(parseImageRef('postgres:${TAG}')), null, 'a tag from a variable is said so elsewhere');
  });

  it('knows the ruby images: GEM_HOME /usr/local/bundle, BUNDLE_PATH only before 2020 (D9)', () => {
    const ruby = look('ruby:3.3.8-alpine');
    assert.deepEqual(ruby?.volumes, []);
    assert.equal(ruby?.env['GEM_HOME'], '/usr/local/bundle');
    assert.equal(ruby?.env['BUNDLE_APP_CONFIG'], '/usr/local/bundle');
    assert.equal(ruby?.env['BUNDLE_SILENCE_ROOT_WARNING'], '1');
    assert.equal(ruby?.env['BUNDLE_PATH'], undefined);
    assert.equal(ruby?.env['PATH']?.split(':')[0], '/usr/local/bundle/bin');
    assert.equal(look('ruby')?.env['GEM_HOME'], '/usr/local/bundle');
    assert.equal(look('ruby:2.3-stretch')?.env['BUNDLE_PATH'], '/usr/local/bundle');
    assert.equal(look('ruby:2.7')?.env['BUNDLE_PATH'], undefined);
    assert.equal(look('ruby:${RUBY_VERSION}'), undefined, 'the two layouts differ');
  });

  it('returns frozen, shared results', () => {
    const first = look('postgres:16');
    assert.ok(first);
    assert.equal(Object.isFrozen(first), true);
    assert.equal(Object.isFrozen(first.volumes), true);
    assert.equal(look('postgres:16'), first);
    assert.equal(catalog.lookup(parseImageRef('docker.io/library/postgres:16')), first);
  });
});

describe('BaseImageCatalog given the data file as it is (dataCatalogEntries, what the CLI passes)', () => {
  // The catalogue files the data file's entries without parsing their names or checking their
  // shape, and compiles a name's entries on its first lookup: it must answer exactly as one built
  // from checked copies.
  const checked = new BaseImageCatalog([loadDefaultCatalogEntries()]);
  const asIs = () => new BaseImageCatalog([[], [], dataCatalogEntries()]);

  it('holds names written as parseImageRef finds them', () => {
    for (const entry of dataCatalogEntries()) assert.equal(parseImageRef(entry.name).name, entry.name, entry.name);
  });

  it('answers every name and tag of the data file as the checked copies do, with origin data', () => {
    const catalog = asIs();
    assert.deepEqual(catalog.names, checked.names);
    assert.deepEqual(catalog.namesWithVolumes(), checked.namesWithVolumes());
    let answered = 0;
    for (const entry of dataCatalogEntries()) {
      const tags = [...entry.tags.map((t) => t.replace(/\*/g, '1')), 'latest', '${VERSION}', 'no-such-tag'];
      for (const raw of [...tags.map((t) => `${entry.name}:${t}`), `${entry.name}@${DIGEST}`, entry.name]) {
        const expected = checked.lookup(parseImageRef(raw));
        const found = catalog.lookup(parseImageRef(raw));
        assert.deepEqual(found, expected, raw);
        if (found) {
          answered++;
          assert.equal(found.origin, 'data', raw);
          assert.equal(Object.isFrozen(found), true, raw);
        }
      }
    }
    assert.ok(answered > dataCatalogEntries().length, `${answered} answers`);
  });

  it('is the same list every time and is not changed by a catalogue', () => {
    const before = JSON.stringify(dataCatalogEntries());
    const catalog = asIs();
    for (const entry of dataCatalogEntries()) catalog.lookup(parseImageRef(`${entry.name}:latest`));
    assert.equal(dataCatalogEntries(), dataCatalogEntries());
    assert.equal(JSON.stringify(dataCatalogEntries()), before);
  });

  it('lets a configuration entry before it win, and still checks the configuration', () => {
    const own: BaseImageEntry[] = [{ name: 'docker.io/library/postgres', tags: ['16*'], volumes: ['/srv/pg'], source: 'config' }];
    const catalog = new BaseImageCatalog([own, [], dataCatalogEntries()]);
    assert.deepEqual(catalog.lookup(parseImageRef('postgres:16'))?.volumes, ['/srv/pg']);
    assert.equal(catalog.lookup(parseImageRef('postgres:16'))?.origin, 'config');
    assert.equal(catalog.lookup(parseImageRef('postgres:17'))?.origin, 'data');
    const bad = [{ name: 'x', tags: 'latest', volumes: [], source: 'config' }] as unknown as BaseImageEntry[];
    assert.throws(() => new BaseImageCatalog([bad, [], dataCatalogEntries()]), /base image entry 0 of list 0 \(x\): tags must be an array of strings/);
  });
});

describe('isPlaceableTag', () => {
  it('reads a version first, or variant words only', () => {
    for (const tag of ['latest', '18', '16.4-bookworm', '15beta1', 'v2.1-alpine', 'alpine', 'alpine3.21', 'slim-trixie', 'lts-jdk17', 'windowsservercore-ltsc2022']) {
      assert.equal(isPlaceableTag(tag), true, tag);
    }
    for (const tag of ['alpine-14', 'bookworm-16.4', 'windowsservercore-1809', 'lts-2']) assert.equal(isPlaceableTag(tag), false, tag);
  });
});

describe('BaseImageCatalog priority', () => {
  const userEntries: BaseImageEntry[] = [
    { name: 'postgres', tags: ['16*'], volumes: ['/srv/pg'], env: { PGDATA: '/srv/pg/data' }, source: 'config' },
    { name: 'docker.io/library/acme', tags: ['*'], volumes: ['/acme'], source: 'config', user: 'acme' },
  ];
  const catalog = new BaseImageCatalog([userEntries, loadDefaultCatalogEntries()]);
  const look = (raw: string) => catalog.lookup(parseImageRef(raw));

  it('prefers user entries over the data file', () => {
    const info = look('postgres:16-alpine');
    assert.deepEqual(info?.volumes, ['/srv/pg']);
    assert.equal(info?.origin, 'config');
    assert.equal(info?.env['PGDATA'], '/srv/pg/data');
  });

  it('falls back to the data file when no user entry matches the tag', () => {
    const info = look('postgres:15');
    assert.deepEqual(info?.volumes, ['/var/lib/postgresql/data']);
    assert.equal(info?.origin, 'data');
  });

  it('knows images only the user describes, with normalised names', () => {
    const info = look('acme:3');
    assert.deepEqual(info?.volumes, ['/acme']);
    assert.equal(info?.name, 'acme');
    assert.equal(info?.user, 'acme');
  });

  it('takes the first matching entry within one list', () => {
    const ordered = new BaseImageCatalog([
      [
        { name: 'app', tags: ['1.*'], volumes: ['/one'], source: 'config' },
        { name: 'app', tags: ['*'], volumes: ['/any'], source: 'config' },
        { name: 'app', tags: ['1.2'], volumes: ['/never'], source: 'config' },
      ],
    ]);
    assert.deepEqual(ordered.lookup(parseImageRef('app:1.2'))?.volumes, ['/one']);
    assert.deepEqual(ordered.lookup(parseImageRef('app:2'))?.volumes, ['/any']);
    assert.deepEqual(ordered.lookup(parseImageRef('app'))?.volumes, ['/any']);
  });

  it('matches a digest-only reference only to a catch-all or the same digest', () => {
    const c = new BaseImageCatalog([
      [
        { name: 'app', tags: ['1'], volumes: ['/pinned'], source: 'x', digests: [DIGEST] },
        { name: 'app', tags: ['2'], volumes: ['/two'], source: 'x' },
      ],
    ]);
    assert.deepEqual(c.lookup(parseImageRef(`app@${DIGEST}`))?.volumes, ['/pinned']);
    assert.equal(c.lookup(parseImageRef(`app@${OTHER_DIGEST}`)), undefined);
    assert.deepEqual(c.lookup(parseImageRef(`app:2@${DIGEST}`))?.volumes, ['/pinned']);
    assert.deepEqual(c.lookup(parseImageRef(`app:2@${OTHER_DIGEST}`))?.volumes, ['/two']);
  });

  it('rejects malformed entries with a message naming the entry', () => {
    const bad = [{ name: 'x', tags: 'latest', volumes: [], source: 'config' }] as unknown as BaseImageEntry[];
    assert.throws(() => new BaseImageCatalog([bad]), /base image entry 0 of list 0 \(x\): tags must be an array of strings/);
    const noName = [{ name: '', tags: ['*'], volumes: [], source: 'config' }] as BaseImageEntry[];
    assert.throws(() => new BaseImageCatalog([noName]), /name must be a non-empty string/);
    const badState = [{ name: 'x', tags: ['*'], volumes: ['/data'], source: 'config', volumeState: [{ path: '/data', why: 'w', source: 's', env: [{ name: 'X' }] }] }] as unknown as BaseImageEntry[];
    assert.throws(() => new BaseImageCatalog([badState]), /base image entry 0 of list 0 \(x\): volumeState env must be a list of \{name, values or within, default/);
    for (const key of ['dataDirectories', 'stateDirectories', 'readDirectories']) {
      const badDirectories = [{ name: 'x', tags: ['*'], volumes: [], source: 'config', [key]: { paths: '/data', source: 's' } }] as unknown as BaseImageEntry[];
      assert.throws(() => new BaseImageCatalog([badDirectories]), new RegExp(`base image entry 0 of list 0 \\(x\\): ${key} needs a paths array of strings and a source string`));
      const good = [{ name: 'x', tags: ['*'], volumes: [], source: 'config', [key]: { paths: ['/data'], source: 's' } }] as unknown as BaseImageEntry[];
      assert.doesNotThrow(() => new BaseImageCatalog([good]));
    }
  });

  it('with no lists knows nothing', () => {
    assert.equal(new BaseImageCatalog([]).lookup(parseImageRef('postgres')), undefined);
  });
});

describe('entriesFromImageInspect', () => {
  const inspect = [
    {
      Id: 'sha256:' + 'c'.repeat(64),
      RepoTags: ['postgres:16', 'postgres:16-bookworm', 'docker.io/library/postgres:16.4'],
      RepoDigests: [`postgres@${DIGEST}`],
      Config: {
        User: '',
        Env: ['PATH=/usr/local/bin:/usr/bin', 'PGDATA=/var/lib/postgresql/data', 'EMPTY=', 'WITH_EQ=a=b'],
        Volumes: { '/var/lib/postgresql/data': {} },
      },
    },
    {
      RepoTags: [],
      RepoDigests: [`ghcr.io/org/app@${OTHER_DIGEST}`],
      Config: { User: 'app', Env: null, Volumes: { 'relative/data': {}, '/abs': {} } },
    },
    {
      RepoTags: ['myapp:1.0'],
      RepoDigests: null,
      Config: { Volumes: null },
    },
  ];

  it('makes one entry per RepoTag and one per digest-only repository', () => {
    const entries = entriesFromImageInspect(inspect, 'images.json');
    assert.deepEqual(
      entries.map((e) => [e.name, e.tags, e.digests ?? null]),
      [
        ['postgres', ['16'], [DIGEST]],
        ['postgres', ['16-bookworm'], [DIGEST]],
        ['postgres', ['16.4'], [DIGEST]],
        ['org/app', [], [OTHER_DIGEST]],
        ['myapp', ['1.0'], null],
      ],
    );
    const first = entries[0] as BaseImageEntry;
    assert.deepEqual(first.volumes, ['/var/lib/postgresql/data']);
    assert.equal(first.env?.['PGDATA'], '/var/lib/postgresql/data');
    assert.equal(first.env?.['EMPTY'], '');
    assert.equal(first.env?.['WITH_EQ'], 'a=b');
    assert.equal(first.user, undefined);
    assert.equal(first.source, 'images.json');
    assert.equal(first.origin, 'image-config');
    const app = entries[3] as BaseImageEntry;
    assert.deepEqual(app.volumes, ['/relative/data', '/abs']);
    assert.equal(app.user, 'app');
    assert.deepEqual(app.env, {});
    assert.deepEqual((entries[4] as BaseImageEntry).volumes, []);
  });

  it('feeds a catalog that prefers it to the data file', () => {
    const catalog = new BaseImageCatalog([entriesFromImageInspect(inspect, 'images.json'), loadDefaultCatalogEntries()]);
    const exact = catalog.lookup(parseImageRef('postgres:16'));
    assert.equal(exact?.origin, 'image-config');
    assert.equal(exact?.source, 'images.json');
    // Only the exact tags come from the image config; other tags fall through to the data file.
    assert.equal(catalog.lookup(parseImageRef('postgres:16.5'))?.origin, 'data');
    // The digest identifies the inspected image whatever tag is written.
    assert.equal(catalog.lookup(parseImageRef(`postgres@${DIGEST}`))?.origin, 'image-config');
    assert.deepEqual(catalog.lookup(parseImageRef(`ghcr.io/org/app@${OTHER_DIGEST}`))?.volumes, ['/relative/data', '/abs']);
    assert.equal(catalog.lookup(parseImageRef('ghcr.io/org/app:latest')), undefined);
    assert.deepEqual(catalog.lookup(parseImageRef('myapp:1.0'))?.volumes, []);
    assert.equal(catalog.lookup(parseImageRef('myapp:1.1')), undefined);
  });

  it('treats tags literally, not as globs', () => {
    const entries = entriesFromImageInspect([{ RepoTags: ['app:v[1]'], Config: {} }], 'x');
    const catalog = new BaseImageCatalog([entries]);
    assert.ok(catalog.lookup(parseImageRef('app:v[1]')));
    assert.equal(catalog.lookup(parseImageRef('app:v1')), undefined);
  });

  it('accepts a single object as well as the array', () => {
    const entries = entriesFromImageInspect({ RepoTags: ['solo:1'], Config: { Volumes: { '/v': {} } } }, 'x');
    assert.deepEqual(entries.map((e) => e.name), ['solo']);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a string', 'postgres', /^image config: expected the array printed by docker image inspect$/],
    ['null', null, /^image config: expected the array/],
    ['an empty array', [], /^image config: the array is empty$/],
    ['a non-object item', [42], /^image config: item 0 is not an object$/],
    ['a missing Config', [{ RepoTags: ['a:1'] }], /^image config: item 0 has no Config object$/],
    ['a Config that is not an object', [{ RepoTags: ['a:1'], Config: [] }], /^image config: item 0 has no Config object$/],
    ['Volumes as an array', [{ RepoTags: ['a:1'], Config: { Volumes: ['/data'] } }], /^image config: item 0: Config\.Volumes must be an object/],
    ['Env as an object', [{ RepoTags: ['a:1'], Config: { Env: { A: '1' } } }], /^image config: item 0: Config\.Env must be an array/],
    ['Env without =', [{ RepoTags: ['a:1'], Config: { Env: ['NOEQUALS'] } }], /^image config: item 0: Config\.Env\[0\] is not of the form KEY=value$/],
    ['Env with a number', [{ RepoTags: ['a:1'], Config: { Env: [1] } }], /^image config: item 0: Config\.Env\[0\] is not a string$/],
    ['User as a number', [{ RepoTags: ['a:1'], Config: { User: 1000 } }], /^image config: item 0: Config\.User must be a string$/],
    ['RepoTags as a string', [{ RepoTags: 'a:1', Config: {} }], /^image config: item 0: RepoTags must be an array of strings, or null$/],
    ['a RepoTag that is not a string', [{ RepoTags: [7], Config: {} }], /^image config: item 0: RepoTags\[0\] is not a string$/],
    ['no RepoTags or RepoDigests', [{ RepoTags: [], RepoDigests: [], Config: {} }], /^image config: item 0 has no RepoTags or RepoDigests/],
    ['a RepoDigest without digest', [{ RepoDigests: ['app'], Config: {} }], /^image config: item 0: RepoDigests\[0\] is not of the form name@digest$/],
    ['a bad second item', [{ RepoTags: ['a:1'], Config: {} }, { RepoTags: ['b:1'] }], /^image config: item 1 has no Config object$/],
  ];
  for (const [what, json, message] of bad) {
    it(`rejects ${what} with a one-line message`, () => {
      assert.throws(
        () => entriesFromImageInspect(json, 'x.json'),
        (error: unknown) => error instanceof Error && message.test(error.message) && !error.message.includes('\n'),
      );
    });
  }
});

describe('base-images.json', () => {
  const file = data as { $comment: unknown; images: BaseImageEntry[] };
  const entries = loadDefaultCatalogEntries();
  const TAG_GLOB = /^[A-Za-z0-9_.*?\[\]{},!-]+$/;
  const isAbsolute = (path: string) => path.startsWith('/') || /^[A-Za-z]:\\/.test(path);

  it('has a comment and a list of images', () => {
    assert.equal(typeof file.$comment, 'string');
    assert.ok(Array.isArray(file.images) && file.images.length >= 30);
  });

  it('covers the images volint promises to know', () => {
    const names = new Set(entries.map((e) => e.name));
    for (const name of [
      'postgres', 'mysql', 'mariadb', 'mongo', 'redis', 'wordpress', 'nextcloud', 'jenkins/jenkins', 'rabbitmq',
      'cassandra', 'couchdb', 'influxdb', 'ghost', 'redmine', 'drupal', 'owncloud', 'sonarqube', 'sonatype/nexus3',
      'registry', 'docker', 'solr', 'neo4j', 'odoo', 'vault', 'hashicorp/vault', 'consul', 'hashicorp/consul', 'ruby',
    ]) {
      assert.ok(names.has(name), `missing ${name}`);
    }
  });

  it('has well-formed entries', () => {
    const allowed = new Set(['name', 'tags', 'volumes', 'env', 'user', 'uid', 'registries', 'source', 'note', 'volumeState', 'servers', 'startOwner', 'dataDirectories', 'stateDirectories', 'readDirectories', 'refusedMounts']);
    file.images.forEach((entry, index) => {
      const where = `entry ${index} (${entry.name})`;
      for (const key of Object.keys(entry)) assert.ok(allowed.has(key), `${where}: unexpected field ${key}`);
      assert.equal(parseImageRef(entry.name).name, entry.name, `${where}: name is not normalised`);
      assert.match(entry.name, /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, `${where}: name`);
      assert.match(entry.source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\/\S+$/, `${where}: source`);
      assert.ok(entry.tags.length > 0, `${where}: no tags`);
      for (const volume of entry.volumes) assert.ok(isAbsolute(volume), `${where}: volume ${volume} is not absolute`);
      assert.equal(new Set(entry.volumes).size, entry.volumes.length, `${where}: duplicate volume`);
      for (const [key, value] of Object.entries(entry.env ?? {})) {
        assert.match(key, /^[A-Za-z_][A-Za-z0-9_]*$/, `${where}: env name ${key}`);
        assert.equal(typeof value, 'string');
      }
      if (entry.user !== undefined) assert.ok(entry.user.length > 0, `${where}: empty user`);
      if (entry.uid !== undefined) {
        // The uid of a USER written as an account name (a number needs none).
        assert.match(entry.uid, /^\d+$/, `${where}: uid`);
        assert.ok(entry.user !== undefined && !/^\d+(:|$)/.test(entry.user), `${where}: uid without a user name`);
      }
      for (const host of entry.registries ?? []) assert.match(host, /^[a-z0-9.-]+\.[a-z]+(:\d+)?$/, `${where}: registry ${host}`);
      if (entry.stateDirectories !== undefined) {
        // Where the image's non-root USER keeps its state: absolute paths, for an entry with a user, with the source cited.
        assert.ok(entry.user !== undefined, `${where}: stateDirectories without a user`);
        for (const path of entry.stateDirectories.paths) assert.ok(isAbsolute(path), `${where}: stateDirectories ${path}`);
        assert.match(entry.stateDirectories.source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\/\S+$/, `${where}: stateDirectories source`);
      }
      if (entry.readDirectories !== undefined) {
        // A directory the program only reads lies inside a place it writes (a state directory or VOLUME), with the documentation cited.
        const places = [...entry.volumes, ...(entry.stateDirectories?.paths ?? [])];
        for (const path of entry.readDirectories.paths) assert.ok(places.some((place) => path.startsWith(`${place}/`)), `${where}: readDirectories ${path} is inside no state directory or volume`);
        assert.match(entry.readDirectories.source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\/\S+$/, `${where}: readDirectories source`);
      }
      if (entry.note !== undefined) assert.ok(entry.note.length > 0, `${where}: empty note`);
      for (const state of entry.volumeState ?? []) {
        // A state condition is about one of the entry's own VOLUMEs, says why and cites its source.
        assert.ok(entry.volumes.includes(state.path), `${where}: volumeState ${state.path} is not a volume of the entry`);
        if (state.given === true) assert.ok(state.env === undefined && state.options === undefined, `${where}: volumeState given with conditions`);
        else assert.ok((state.env === undefined) !== (state.options === undefined), `${where}: volumeState needs env or options`);
        assert.match(state.source, /^https:\/\/\S+$/, `${where}: volumeState source`);
        assert.ok(state.why.length > 40, `${where}: volumeState why`);
      }
      if (entry.startOwner !== undefined) {
        // The owner the entrypoint sets at start: of the entry's own VOLUMEs, with a server to run and the entrypoint's lines cited.
        for (const path of entry.startOwner.paths) assert.ok(entry.volumes.includes(path), `${where}: startOwner ${path} is not a volume of the entry`);
        assert.ok((entry.servers ?? []).length > 0, `${where}: startOwner without servers`);
        assert.match(entry.startOwner.source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\/\S+#L\d+(-L\d+)?$/, `${where}: startOwner source`);
      }
      if (entry.refusedMounts !== undefined) {
        // Mounts the entrypoint refuses: below one of the entry's VOLUMEs or elsewhere, with the entrypoint's lines cited.
        for (const path of entry.refusedMounts.paths) assert.ok(isAbsolute(path), `${where}: refusedMounts ${path}`);
        assert.ok(entry.refusedMounts.why.length > 40, `${where}: refusedMounts why`);
        assert.match(entry.refusedMounts.source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\/\S+#L\d+(-L\d+)?$/, `${where}: refusedMounts source`);
      }
      if (entry.dataDirectories !== undefined) {
        // A VOLUME that is the server's own data directory: one of the entry's VOLUMEs, with a server, and the image's documentation cited.
        for (const path of entry.dataDirectories.paths) assert.ok(entry.volumes.includes(path), `${where}: dataDirectories ${path} is not a volume of the entry`);
        assert.ok((entry.servers ?? []).length > 0, `${where}: dataDirectories without servers`);
        assert.match(entry.dataDirectories.source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\/\S+#[\w-]+$/, `${where}: dataDirectories source`);
      }
    });
  });

  it('has valid tag globs', () => {
    for (const entry of file.images) {
      for (const tag of entry.tags) {
        assert.match(tag, TAG_GLOB, `${entry.name}: tag glob ${tag}`);
        assert.doesNotThrow(() => picomatch(tag)('latest'), `${entry.name}: tag glob ${tag}`);
      }
    }
  });

  it('answers for every name it knows, through the catch-all entry for an unknown tag', () => {
    const catalog = new BaseImageCatalog([loadDefaultCatalogEntries()]);
    assert.ok(catalog.names.length > 20);
    const catchAll = new Set(file.images.filter((entry) => entry.tags.includes('*')).map((entry) => entry.name));
    for (const name of catalog.names) {
      assert.doesNotThrow(() => catalog.lookup(parseImageRef(`${name}:latest`)), name);
      if (!catchAll.has(name)) continue;
      const registry = file.images.find((entry) => entry.name === name)?.registries?.[0];
      const raw = `${registry ? `${registry}/` : ''}${name}:some-tag-no-entry-names`;
      assert.notEqual(catalog.lookup(parseImageRef(raw)), undefined, `${name}: the catch-all entry answers`);
    }
  });

  it('has no duplicate name+tags and ends every name with a catch-all', () => {
    const seen = new Set<string>();
    const lastByName = new Map<string, BaseImageEntry>();
    for (const entry of file.images) {
      const key = `${entry.name} ${[...entry.tags].sort().join(',')}`;
      assert.ok(!seen.has(key), `duplicate ${key}`);
      seen.add(key);
      for (const tag of entry.tags) {
        for (const other of file.images) {
          if (other !== entry && other.name === entry.name) {
            assert.ok(!other.tags.includes(tag), `${entry.name}: tag glob ${tag} appears in two entries`);
          }
        }
      }
      lastByName.set(entry.name, entry);
    }
    for (const [name, last] of lastByName) {
      // A name whose older releases volint cannot describe (grafana before 5.1) has no catch-all: its other tags stay unknown, as its notes say.
      const described = file.images.filter((entry) => entry.name === name);
      if (described.some((entry) => /not described/.test(entry.note ?? ''))) continue;
      assert.deepEqual(last.tags, ['*'], `${name}: the last entry must be the catch-all "*"`);
    }
    // A catch-all anywhere else would hide the entries after it.
    for (const entry of file.images) {
      if (entry.tags.includes('*')) assert.equal(lastByName.get(entry.name), entry, `${entry.name}: "*" before the last entry`);
    }
  });

  it('marks the data file entries with origin data and copies them', () => {
    assert.ok(entries.every((e) => e.origin === 'data'));
    const again = loadDefaultCatalogEntries();
    assert.notEqual(again[0], entries[0]);
    (again[0] as BaseImageEntry).volumes.push('/mutated');
    assert.ok(!(loadDefaultCatalogEntries()[0] as BaseImageEntry).volumes.includes('/mutated'));
  });
});

describe('BaseImageCatalog: the users of images that run as non-root', () => {
  const catalog = new BaseImageCatalog([dataCatalogEntries()]);
  const look = (raw: string) => catalog.lookup(parseImageRef(raw));
  const userOf = (raw: string): string | null | undefined => {
    const info = look(raw);
    return info === undefined ? undefined : (info.user ?? null);
  };

  it('knows grafana runs as 472 from 5.1 on, and says nothing of older tags', () => {
    for (const raw of ['grafana/grafana', 'grafana/grafana:latest', 'grafana/grafana:5.1.0', 'grafana/grafana:7.5.17', 'grafana/grafana-oss:10.4.2-ubuntu', 'grafana/grafana-enterprise:11.2.0', 'mirror.gcr.io/grafana/grafana:12.0.0']) {
      assert.equal(userOf(raw), '472', raw);
      assert.deepEqual(look(raw)?.stateDirectories?.paths, ['/var/lib/grafana'], raw);
    }
    for (const raw of ['grafana/grafana:5.0.4', 'grafana/grafana:4.6.3']) assert.equal(look(raw), undefined, raw);
  });

  it("knows roundcube's nonroot variants run as www-data of their distribution and the default ones as root", () => {
    for (const raw of ['roundcube/roundcubemail:latest-nonroot', 'roundcube/roundcubemail:1.6.9-apache-nonroot', 'roundcube/roundcubemail:fpm-nonroot']) {
      assert.equal(userOf(raw), '33:33', raw);
      assert.deepEqual(look(raw)?.stateDirectories?.paths, ['/var/roundcube/db'], raw);
    }
    assert.equal(userOf('roundcube/roundcubemail:1.6-fpm-alpine-nonroot'), '82:82');
    for (const raw of ['roundcube/roundcubemail', 'roundcube/roundcubemail:1.6.9-apache', 'roundcube/roundcubemail:fpm-alpine']) assert.equal(userOf(raw), null, raw);
  });

  it('reads the tag where the user changed between releases', () => {
    assert.equal(userOf('prom/prometheus:v1.8.2'), null);
    assert.equal(userOf('prom/prometheus:v2.47.2'), 'nobody');
    assert.equal(userOf('prom/alertmanager:v0.15.3'), null);
    assert.equal(userOf('prom/alertmanager:v0.26.0'), 'nobody');
    assert.equal(userOf('elasticsearch:7.17.10'), null);
    assert.equal(userOf('elasticsearch:8.11.1'), 'elasticsearch:root');
    assert.equal(userOf('elasticsearch:9.2.4'), '1000:0');
    assert.equal(userOf('n8nio/n8n:0.236.3'), null);
    assert.equal(userOf('n8nio/n8n:1.64.0'), 'node');
    assert.equal(userOf('gitea/gitea:1.21-rootless'), '1000:1000');
    assert.equal(look('gitea/gitea:1.21'), undefined);
    assert.equal(look('kibana:6.6.2'), undefined);
  });

  it('knows the non-root images added for set D13, by release where the user changed (each entry cites its Dockerfile)', () => {
    assert.equal(userOf('confluentinc/cp-kafka:5.5.1'), null);
    assert.equal(userOf('confluentinc/cp-kafka:7.6.1'), 'appuser');
    assert.equal(look('confluentinc/cp-kafka:7.6.1')?.uid, '1000');
    assert.deepEqual(look('confluentinc/cp-kafka:7.6.1')?.volumes, ['/var/lib/kafka/data', '/etc/kafka/secrets']);
    assert.deepEqual(look('confluentinc/cp-kafka:8.0.0')?.volumeState?.map((s) => [s.path, s.given]), [['/etc/kafka/secrets', true]]);
    assert.equal(userOf('confluentinc/cp-zookeeper:5.4.0'), null);
    assert.equal(userOf('confluentinc/cp-zookeeper:7.9.0'), 'appuser');
    assert.deepEqual(look('confluentinc/cp-schema-registry:7.6.1')?.volumes, ['/etc/schema-registry/secrets']);
    assert.equal(userOf('nodered/node-red:1.1.3'), 'node-red');
    assert.deepEqual(look('nodered/node-red:1.1.3')?.volumes, ['/data']);
    assert.deepEqual(look('nodered/node-red:latest')?.volumes, []);
    assert.deepEqual(look('nodered/node-red:4.0.9')?.stateDirectories?.paths, ['/data']);
    for (const raw of ['jupyter/minimal-notebook', 'quay.io/jupyter/scipy-notebook:2024-10-07', 'docker.io/jupyter/datascience-notebook:latest']) {
      assert.equal(userOf(raw), '1000', raw);
      assert.deepEqual(look(raw)?.stateDirectories?.paths, ['/home/jovyan'], raw);
    }
    assert.equal(look('ghcr.io/jupyter/minimal-notebook'), undefined, 'another registry: another image');
    assert.equal(userOf('codercom/code-server:4.93.1'), '1000');
    assert.equal(userOf('apache/airflow:2.7.1'), '50000');
    assert.equal(userOf('grafana/tempo:2.4.1'), null);
    assert.equal(userOf('grafana/tempo:2.5.0'), '10001:10001');
    assert.equal(userOf('grafana/tempo:latest'), '10001:10001');
    assert.equal(userOf('mcr.microsoft.com/mssql/server:2017-latest'), null);
    assert.equal(userOf('mcr.microsoft.com/mssql/server:2019-latest'), 'mssql');
    assert.equal(look('mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04')?.uid, '10001');
    assert.equal(look('mssql/server:2019-latest'), undefined, 'only on mcr.microsoft.com');
    assert.equal(look('pgautoupgrade/pgautoupgrade:17-alpine')?.env['PGDATA'], '/var/lib/postgresql/data');
    assert.deepEqual(look('pgautoupgrade/pgautoupgrade:17-bookworm')?.volumes, ['/var/lib/postgresql/data']);
    assert.equal(look('pgautoupgrade/pgautoupgrade:18-trixie')?.env['PGDATA'], '/var/lib/postgresql/18/docker');
    assert.deepEqual(look('pgautoupgrade/pgautoupgrade:latest')?.volumes, ['/var/lib/postgresql']);
    assert.equal(look('pgautoupgrade/pgautoupgrade:latest')?.refusedMounts, undefined, "pgautoupgrade's entrypoint has no check for the old mount");
    assert.deepEqual(look('postgres:18')?.refusedMounts?.paths, ['/var/lib/postgresql/data']);
    assert.deepEqual(look('postgres:latest')?.refusedMounts?.paths, ['/var/lib/postgresql/data']);
    assert.equal(look('postgres:17')?.refusedMounts, undefined);
  });

  it('matches entries that name their registry only on that registry', () => {
    assert.equal(userOf('docker.elastic.co/elasticsearch/elasticsearch:8.11.1'), 'elasticsearch:root');
    assert.equal(userOf('DOCKER.ELASTIC.CO/elasticsearch/elasticsearch:8.11.1'), 'elasticsearch:root');
    assert.equal(look('elasticsearch/elasticsearch:8.11.1'), undefined, 'a Docker Hub repository of that name is another image');
    assert.equal(userOf('docker.elastic.co/kibana/kibana:8.11.1'), 'kibana');
    assert.equal(userOf('docker.elastic.co/logstash/logstash:7.8.1'), '1000');
    assert.equal(userOf('quay.io/keycloak/keycloak:24.0'), '1000');
    assert.deepEqual(look('quay.io/keycloak/keycloak:24.0')?.stateDirectories?.paths, ['/opt/keycloak/data']);
    assert.deepEqual(look('quay.io/keycloak/keycloak:16.1.1')?.stateDirectories?.paths, ['/opt/jboss/keycloak/standalone/data']);
    assert.deepEqual(look('quay.io/keycloak/keycloak:24.0')?.readDirectories?.paths, ['/opt/keycloak/data/import']);
    assert.equal(look('quay.io/keycloak/keycloak:16.1.1')?.readDirectories, undefined);
    assert.equal(look('keycloak/keycloak:24.0'), undefined);
    assert.equal(look('ghcr.io/keycloak/keycloak:24.0'), undefined);
    assert.equal(userOf('quay.io/prometheus/prometheus:v2.50.0'), 'nobody');
    assert.equal(look('prometheus/prometheus:v2.50.0'), undefined);
    // Entries without registries speak for their name anywhere, as before.
    assert.equal(userOf('docker.io/prom/prometheus:v2.50.0'), 'nobody');
    assert.equal(userOf('docker.io/grafana/grafana:11.0.0'), '472');
  });

  it('knows the uid behind a user name', () => {
    assert.equal(look('sonarqube:lts-community')?.uid, '1000');
    assert.equal(look('prom/prometheus')?.uid, '65534');
    assert.equal(look('graylog/graylog:6.1')?.uid, '1100');
    assert.equal(look('n8nio/n8n')?.uid, '1000');
  });

  it('rejects a malformed uid or registries in a configuration entry', () => {
    assert.throws(() => new BaseImageCatalog([[{ name: 'x', tags: ['*'], volumes: [], source: '', user: 'app', uid: 'app' }]]), /uid must be a string of digits/);
    assert.throws(() => new BaseImageCatalog([[{ name: 'x', tags: ['*'], volumes: [], source: '', registries: 'quay.io' as unknown as string[] }]]), /registries must be an array/);
    assert.throws(() => new BaseImageCatalog([[{ name: 'x', tags: ['*'], volumes: [], source: '', stateDirectories: { paths: '/x' as unknown as string[], source: '' } }]]), /stateDirectories needs/);
    assert.throws(() => new BaseImageCatalog([[{ name: 'x', tags: ['*'], volumes: [], source: '', readDirectories: { paths: ['/x'], source: 1 as unknown as string } }]]), /readDirectories needs/);
  });
});
