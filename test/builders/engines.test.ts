/**
 * The builder helper itself: the busybox base image, the FROM check that keeps builds off the
 * network, the three builders, the file system export and containers.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BASE, build, checkBases, ENGINES, exportFs, externalBases, imageConfig, readTar, runContainer, toDocker } from '../helpers/engines.js';
import { withBuilders } from './gate.js';

describe('engines helper (no builder needed)', () => {
  it('lists the FROM images that are neither scratch nor an earlier stage, after ARG defaults', () => {
    const text = 'ARG B=volint-bt-base:1\nFROM $B AS one\nFROM one\nFROM scratch\nFROM ${OTHER:-alpine:3} AS two\nFROM two\n';
    assert.deepEqual(externalBases(text), ['volint-bt-base:1', 'alpine:3']);
    assert.deepEqual(externalBases(text, { B: 'x:1', OTHER: 'y:1' }), ['x:1', 'alpine:3']);
  });

  it('reads a tar stream: types, owners, modes, contents, long names', () => {
    const header = (name: string, type: string, size: number, mode: number, uid: number, link = ''): Buffer => {
      const h = Buffer.alloc(512);
      h.write(name, 0);
      h.write(mode.toString(8).padStart(7, '0') + '\0', 100);
      h.write(uid.toString(8).padStart(7, '0') + '\0', 108);
      h.write('0000002\0', 116);
      h.write(size.toString(8).padStart(11, '0') + '\0', 124);
      h.write(type, 156);
      h.write(link, 157);
      h.write('ustar\x0000', 257);
      return h;
    };
    const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
    const long = 'very/'.repeat(30) + 'f';
    const body = ` path=${long}\n`;
    let len = body.length + 1;
    while (String(len).length + body.length !== len) len += 1;
    const pax = Buffer.from(`${len}${body}`);
    const tar = Buffer.concat([
      header('./data/', '5', 0, 0o1777, 1000),
      header('data/a', '0', 2, 0o640, 7),
      pad(Buffer.from('hi')),
      header('l', '2', 0, 0o777, 0, '/data'),
      header('pax', 'x', pax.length, 0o644, 0),
      pad(pax),
      header('short', '0', 0, 0o600, 3),
      Buffer.alloc(1024),
    ]);
    const fs = readTar(tar);
    assert.deepEqual(fs['/data'], { type: 'd', uid: 1000, gid: 2, mode: 0o1777 });
    assert.equal(fs['/data/a']?.uid, 7);
    assert.equal(fs['/data/a']?.mode, 0o640);
    assert.equal(fs['/data/a']?.content, createHash('sha256').update('hi').digest('hex').slice(0, 16));
    assert.deepEqual(fs['/l'], { type: 'l', uid: 0, gid: 2, mode: 0o777, content: '/data' });
    assert.equal(fs['/' + long]?.uid, 3);
  });
});

withBuilders('engines helper (real builders)', () => {
  it('refuses a FROM that names no local image', () => {
    assert.throws(() => checkBases('FROM volint-bt-no-such-image:0\n', 'legacy'), /not a local image/);
    assert.throws(() => checkBases('FROM volint-bt-no-such-image:0\n', 'buildah'), /not a local image/);
    assert.throws(() => build('buildkit', 'FROM volint-bt-no-such-image:0\n'), /not a local image/);
  });

  for (const engine of ENGINES) {
    it(`${engine}: builds FROM the busybox base, exports owners, modes and contents, runs it`, () => {
      const text = `FROM ${BASE}\nRUN mkdir -m 750 /d && echo hi > /d/f && chown 1000:1000 /d/f\nVOLUME /v\nUSER app\n`;
      const result = build(engine, text);
      assert.ok(result.ok, result.log);
      const fs = exportFs(engine, result.image);
      assert.equal(fs['/bin/busybox']?.type, 'f');
      assert.deepEqual(fs['/d'], { type: 'd', uid: 0, gid: 0, mode: 0o750 });
      assert.equal(fs['/d/f']?.uid, 1000);
      assert.equal(fs['/d/f']?.content, createHash('sha256').update('hi\n').digest('hex').slice(0, 16));
      assert.equal(fs['/tmp']?.mode, 0o1777);
      assert.deepEqual(imageConfig(engine, result.image), { volumes: ['/v'], user: 'app' });
      const run = runContainer(toDocker(engine, result.image), ['sh', '-c', 'id -u; cat /d/f 2>&1; echo ok']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '1000\ncat: can\'t open \'/d/f\': Permission denied\nok\n');
    });
  }
});
