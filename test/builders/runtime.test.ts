/**
 * The model's run-time claims against containers on the real daemon: where each volume mounts, a
 * new volume seeded from the image (content, owner, mode) for images of all three builders, an
 * existing named volume keeping its content after an image update, a bind mount hiding the image's
 * content, `volume-nocopy`, whether USER can write to a mount point (VOL016), nested volumes,
 * volumes inherited through `FROM stage`, and docker-compose 1.29 re-attaching an image volume's
 * anonymous volume on `up --force-recreate` (and `-V` renewing it).
 *
 * Each test first finds the model's sentence or finding it holds the containers against (so that a
 * changed claim points here), then observes; observations are cached like builds (engines.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, cached, COMPOSE, createVolume, DOCKER, ENGINES, exec, exportFs, imageConfig, runContainer, toDocker, uniqueName, BASE, type EngineName } from '../helpers/engines.js';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';
import { withBuilders } from './gate.js';
import { findingsOf, MODEL_BUILDER, modelOf, type BuilderCase } from './observe.js';

const F = `FROM ${BASE}`;

function dockerfile(id: string, lines: string[]): BuilderCase {
  return { id, title: id, dockerfile: lines.join('\n') + '\n' };
}

/** `volint model` text for a case. */
function modelText(c: BuilderCase): string {
  const dir = tempDir('volint-bt-rt-');
  try {
    writeFileSync(join(dir, 'Dockerfile'), c.dockerfile);
    const r = runCli(['model', 'Dockerfile'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  } finally {
    removeDir(dir);
  }
}

function builtImage(engine: EngineName, c: BuilderCase): string {
  const r = build(engine, c.dockerfile, { files: c.files });
  assert.ok(r.ok, r.log);
  return toDocker(engine, r.image);
}

function mountsInside(image: string): string[] {
  const r = runContainer(image, ['cat', '/proc/self/mounts']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').map((l) => l.split(' ')[1]).filter((p): p is string => Boolean(p));
}

let standard: Set<string> | undefined;

/** Where volumes mount in a container of the image, seen from inside it (what the base image's containers also have left out). */
function mountPoints(image: string): string[] {
  standard ??= new Set(mountsInside(BASE));
  return [...new Set(mountsInside(image).filter((p) => !standard!.has(p)))].sort();
}

/** `stat` of paths inside a container: "path uid:gid mode" lines, then each file's content. */
const STAT = (paths: string[]): string[] => ['sh', '-c', `for p in ${paths.join(' ')}; do if [ -e "$p" ]; then echo "$p $(stat -c '%u:%g %a' "$p")"; [ -f "$p" ] && cat "$p"; else echo "$p absent"; fi; done`];

const SEED_SENTENCE = 'At run time a new, empty volume is seeded with the image content at its path; an existing volume or a bind mount hides it.';

withBuilders('builders: run-time claims against containers', () => {
  it('R01 a relative VOLUME mounts under / whatever WORKDIR is; the mount points are the model\'s volume paths (VOL003)', () => {
    const c = dockerfile('R01', [F, 'RUN mkdir -p /app', 'WORKDIR /app', 'VOLUME data logs/app', 'VOLUME ["/abs"]']);
    const model = modelOf(c);
    const expected = [...new Set(model.stages[model.target ?? 0]!.volumes.map((v) => v.path))].sort();
    assert.ok(model.stages[0]!.volumes.some((v) => v.relative), 'the model sees a relative volume');
    const seen = cached(['rt-mounts-v2', c.dockerfile], () => Object.fromEntries(ENGINES.map((e) => [e, mountPoints(builtImage(e, c))])));
    for (const e of ENGINES) assert.deepEqual(seen[e], expected, e);
  });

  it('R02 a new volume is seeded with the image content at its path (content, owner, mode), for the images of all three builders', () => {
    const c = dockerfile('R02', [F, 'RUN mkdir /data && echo one > /data/a && chown 1000:1000 /data/a && chmod 640 /data/a && chown 1000:1000 /data && chmod 750 /data', 'VOLUME /data', 'RUN chown 0:0 /data/a && echo two > /data/b']);
    assert.ok(modelText(c).includes(SEED_SENTENCE));
    const seen = cached(['rt-seed-v2', c.dockerfile], () =>
      Object.fromEntries(
        ENGINES.map((e) => {
          const image = builtImage(e, c);
          const fs = exportFs('legacy', image);
          const inImage = ['/data', '/data/a', '/data/b'].map((p) => (fs[p] ? `${p} ${fs[p]!.uid}:${fs[p]!.gid} ${fs[p]!.mode.toString(8)}` : `${p} absent`));
          const run = runContainer(image, STAT(['/data', '/data/a', '/data/b']));
          return [e, { inImage, run: run.stdout, code: run.code, mounts: mountPoints(image) }];
        }),
      ),
    );
    for (const e of ENGINES) {
      const s = seen[e]!;
      assert.equal(s.code, 0);
      assert.deepEqual(s.mounts, ['/data']);
      const runStat = s.run.split('\n').filter((l: string) => l.startsWith('/data'));
      assert.deepEqual(runStat, s.inImage, `${e}: the new volume holds what the image holds at /data`);
    }
    // The builders differ on the RUN after the VOLUME exactly as the model says; the volume follows the image.
    const model = modelOf(c);
    const chown = model.stages[0]!.volumes[0]!.steps.find((s) => s.kind === 'chown' && s.afterDeclaration)!;
    for (const e of ENGINES) {
      const kept = chown.keptBy.includes(MODEL_BUILDER[e]);
      assert.ok(seen[e]!.run.includes(kept ? '/data/a 0:0 640' : '/data/a 1000:1000 640'), `${e}: ${seen[e]!.run}`);
    }
  });

  it('R03 an existing named volume keeps its content when the image is updated', () => {
    const v1 = dockerfile('R03a', [F, 'RUN mkdir /data && echo one > /data/a', 'VOLUME /data']);
    const v2 = dockerfile('R03b', [F, 'RUN mkdir /data && echo two > /data/a && echo new > /data/new', 'VOLUME /data']);
    assert.ok(modelText(v2).includes(SEED_SENTENCE));
    const seen = cached(['rt-named-v1', v1.dockerfile, v2.dockerfile], () => {
      const vol = createVolume();
      const first = runContainer(builtImage('buildkit', v1), ['cat', '/data/a'], { args: ['-v', `${vol}:/data`] }).stdout;
      const image2 = builtImage('buildkit', v2);
      const again = runContainer(image2, STAT(['/data/a', '/data/new']), { args: ['-v', `${vol}:/data`] }).stdout;
      const fresh = runContainer(image2, STAT(['/data/a', '/data/new'])).stdout;
      return { first, again, fresh };
    });
    assert.equal(seen.first, 'one\n');
    assert.match(seen.again, /\/data\/a 0:0 644\none\n\/data\/new absent/, 'the existing volume hides the new image content');
    assert.match(seen.fresh, /\/data\/a 0:0 644\ntwo\n\/data\/new 0:0 644\nnew/, 'a new volume gets the new image content');
  });

  it('R04 a bind mount hides the image content at the path; volume-nocopy gives an empty volume', () => {
    const c = dockerfile('R04', [F, 'RUN mkdir /data && echo one > /data/a', 'VOLUME /data']);
    assert.ok(modelText(c).includes(SEED_SENTENCE));
    const seen = cached(['rt-bind-v1', c.dockerfile], () => {
      const image = builtImage('buildkit', c);
      const host = tempDir('volint-bt-bind-');
      writeFileSync(join(host, 'host.txt'), 'host\n');
      try {
        const bind = runContainer(image, ['ls', '-A', '/data'], { args: ['-v', `${host}:/data`] }).stdout;
        const nocopy = runContainer(image, ['ls', '-A', '/data'], { args: ['--mount', `type=volume,dst=/data,volume-nocopy`] }).stdout;
        const plain = runContainer(image, ['ls', '-A', '/data']).stdout;
        return { bind, nocopy, plain };
      } finally {
        removeDir(host);
      }
    });
    assert.equal(seen.plain, 'a\n');
    assert.equal(seen.bind, 'host.txt\n');
    assert.equal(seen.nocopy, '');
  });

  it('R05 USER can write to a mount point exactly when VOL016 is silent, per builder (chown after VOLUME)', () => {
    const cases = [
      dockerfile('R05a', [F, 'RUN mkdir /data', 'VOLUME /data', 'USER app']),
      dockerfile('R05b', [F, 'RUN mkdir /data && chown app:app /data', 'VOLUME /data', 'USER app']),
      dockerfile('R05c', [F, 'RUN mkdir /data', 'VOLUME /data', 'RUN chown app:app /data', 'USER app']),
      dockerfile('R05d', [F, 'VOLUME /data', 'USER app']),
      dockerfile('R05e', [F, 'RUN mkdir -p /data && chmod 1777 /data', 'VOLUME /data', 'USER 1000']),
    ];
    const seen = cached(['rt-user-v1', cases.map((c) => c.dockerfile)], () =>
      cases.map((c) => Object.fromEntries(ENGINES.map((e) => [e, runContainer(builtImage(e, c), ['sh', '-c', 'touch /data/x && echo writable'])])))
    );
    let silent = 0;
    let reported = 0;
    cases.forEach((c, i) => {
      for (const e of ENGINES) {
        const warned = findingsOf(c, MODEL_BUILDER[e]).some((f) => f.ruleId === 'VOL016');
        const writable = seen[i]![e]!.stdout.includes('writable');
        assert.equal(warned, !writable, `${c.id} under ${e}: VOL016 ${warned ? 'reported' : 'silent'}, the container ${writable ? 'can' : 'cannot'} write /data (${seen[i]![e]!.stderr.trim()})`);
        if (warned) reported++;
        else silent++;
      }
    });
    assert.ok(silent > 0 && reported > 0, 'both outcomes are observed');
  });

  it('R06 nested volumes both mount, the inner one seeded with the image content', () => {
    const c = dockerfile('R06', [F, 'RUN mkdir -p /data/logs && echo old > /data/logs/old.log && echo top > /data/top', 'VOLUME /data', 'VOLUME /data/logs']);
    assert.ok(modelText(c).includes(SEED_SENTENCE));
    const model = modelOf(c);
    const expected = [...new Set(model.stages[0]!.volumes.map((v) => v.path))].sort();
    const seen = cached(['rt-nested-v2', c.dockerfile], () => {
      const image = builtImage('buildkit', c);
      return { mounts: mountPoints(image), run: runContainer(image, ['cat', '/data/top', '/data/logs/old.log']).stdout };
    });
    assert.deepEqual(seen.mounts, expected);
    assert.equal(seen.run, 'top\nold\n');
  });

  it('R07 volumes inherited through FROM stage mount in containers of the final image, per builder', () => {
    const c = dockerfile('R07', [F + ' AS base', 'RUN mkdir -p /var/lib/db', 'VOLUME /var/lib/db', 'FROM base AS mid', 'VOLUME /cache', 'FROM mid']);
    const model = modelOf(c);
    const last = model.stages[model.target ?? model.stages.length - 1]!;
    assert.ok(last.volumes.every((v) => v.origin === 'stage'), 'the model says the last stage inherits them');
    const expected = [...new Set(last.volumes.map((v) => v.path))].sort();
    const seen = cached(['rt-inherit-v2', c.dockerfile], () => Object.fromEntries(ENGINES.map((e) => [e, mountPoints(builtImage(e, c))])));
    for (const e of ENGINES) assert.deepEqual(seen[e], expected, e);
  });

  it('R08 docker-compose re-attaches an image volume\'s anonymous volume on up --force-recreate; -V renews it', () => {
    const v1 = dockerfile('R08a', [F, 'RUN mkdir /data && echo one > /data/a', 'VOLUME /data', 'RUN echo lost > /data/b']);
    const v2 = dockerfile('R08b', [F, 'RUN mkdir /data && echo two > /data/a', 'VOLUME /data']);
    const vol004 = findingsOf(v1, 'legacy').find((f) => f.ruleId === 'VOL004');
    assert.ok(vol004, 'VOL004 reports the RUN after the VOLUME');
    assert.match((vol004.explanation ?? []).join(' '), /Compose re-attaches the previous one on recreate/);
    const seen = cached(['rt-compose-v1', v1.dockerfile, v2.dockerfile], () => {
      const tag = `${uniqueName('compose')}:latest`;
      const project = uniqueName('proj');
      const dir = tempDir('volint-bt-compose-');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'docker-compose.yml'), `version: "3.8"\nservices:\n  app:\n    image: ${tag}\n    command: ["sleep", "600"]\n    network_mode: none\n`);
      const compose = (...args: string[]): string => {
        const r = exec(COMPOSE, ['-p', project, ...args], { cwd: dir, timeoutMs: 180_000 });
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
        return r.stdout;
      };
      const read = (): string => compose('exec', '-T', 'app', 'sh', '-c', 'cat /data/a; ls /data').trim();
      try {
        exec(DOCKER, ['tag', builtImage('legacy', v1), tag]);
        compose('up', '-d');
        compose('exec', '-T', 'app', 'sh', '-c', 'echo mark > /data/marker');
        const first = read();
        exec(DOCKER, ['tag', builtImage('legacy', v2), tag]);
        compose('up', '-d', '--force-recreate');
        const recreated = read();
        compose('up', '-d', '--force-recreate', '-V');
        const renewed = read();
        return { first, recreated, renewed };
      } finally {
        exec(COMPOSE, ['-p', project, 'down', '-v', '--rmi', 'all'], { cwd: dir, timeoutMs: 180_000 });
        removeDir(dir);
      }
    });
    assert.equal(seen.first, 'one\na\nmarker', 'the RUN write after VOLUME is not in the legacy-built image; the container wrote a marker');
    assert.equal(seen.recreated, 'one\na\nmarker', 'recreated from the updated image, the container still has the old anonymous volume');
    assert.equal(seen.renewed, 'two\na', '-V gives a new anonymous volume seeded from the updated image');
  });

  it('R10 VOL001: a VOLUME that looks like JSON but is not is split on whitespace, the quotes removed; the words mount under /, per builder', () => {
    const c = dockerfile('R10', [F, 'VOLUME ["/data", "/logs"']);
    const finding = findingsOf(c, 'any').find((f) => f.ruleId === 'VOL001');
    assert.ok(finding, 'VOL001 reports the line');
    // What VOL001 says Docker declares (`Docker declares \`[/data,\`, \`/logs\` instead`) is the image configuration.
    const declared = [...(finding.message.split('Docker declares')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!).sort();
    assert.ok(declared.length > 0, finding.message);
    const model = modelOf(c);
    const paths = [...new Set(model.stages[0]!.volumes.map((v) => v.path))].sort();
    for (const p of paths) assert.ok((finding.explanation ?? []).join(' ').includes(`\`${p}\``), `the explanation names the mount point ${p}`);
    const seen = cached(['rt-vol001-v1', c.dockerfile], () =>
      Object.fromEntries(ENGINES.map((e) => {
        const r = build(e, c.dockerfile);
        assert.ok(r.ok, r.log);
        const image = toDocker(e, r.image);
        return [e, { config: imageConfig(e, r.image).volumes, mounts: mountPoints(image) }];
      })),
    );
    for (const e of ENGINES) {
      assert.deepEqual(seen[e]!.config, declared, `${e}: the image configuration`);
      assert.deepEqual(seen[e]!.mounts, paths, `${e}: where containers mount the volumes`);
    }
  });

  it('R11 VOL002: `VOLUME /host:/data2` declares one path with a colon, mounted as an anonymous volume there; /host is never mounted', () => {
    const c = dockerfile('R11', [F, 'RUN mkdir -p /host && echo host > /host/h', 'VOLUME /host:/data2']);
    const finding = findingsOf(c, 'any').find((f) => f.ruleId === 'VOL002');
    assert.ok(finding, 'VOL002 reports the line');
    assert.match((finding.explanation ?? []).join(' '), /a container gets an anonymous volume at \/host:\/data2, and \/host is never mounted/);
    const model = modelOf(c);
    assert.deepEqual(model.stages[0]!.volumes.map((v) => v.path), ['/host:/data2']);
    const seen = cached(['rt-vol002-v1', c.dockerfile], () =>
      Object.fromEntries(ENGINES.map((e) => {
        const r = build(e, c.dockerfile);
        assert.ok(r.ok, r.log);
        const image = toDocker(e, r.image);
        return [e, { config: imageConfig(e, r.image).volumes, mounts: mountPoints(image), host: runContainer(image, ['cat', '/host/h']).stdout }];
      })),
    );
    for (const e of ENGINES) {
      assert.deepEqual(seen[e]!.config, ['/host:/data2'], `${e}: the image configuration`);
      assert.deepEqual(seen[e]!.mounts, ['/host:/data2'], `${e}: the container mounts the one path`);
      assert.equal(seen[e]!.host, 'host\n', `${e}: /host is the image's own directory`);
    }
  });

  it('R12 VOL008: a volume at /proc is refused, one at /sys replaces sysfs with a directory, one at /dev leaves no /dev/null and the container cannot start', () => {
    const cases = { proc: dockerfile('R12a', [F, 'VOLUME /proc']), sys: dockerfile('R12b', [F, 'VOLUME /sys']), dev: dockerfile('R12c', [F, 'VOLUME /dev']) };
    const explanation = (c: BuilderCase): string => (findingsOf(c, 'any').find((f) => f.ruleId === 'VOL008')?.explanation ?? []).join(' ');
    assert.match(explanation(cases.proc), /refuses a mount there \(runc: "cannot be mounted because it is not of type proc"/);
    assert.match(explanation(cases.sys), /replaces \/sys with an ordinary directory/);
    assert.match(explanation(cases.dev), /without \/dev\/null runc cannot even start the container/);
    const seen = cached(['rt-vol008-v1', Object.values(cases).map((c) => c.dockerfile)], () => {
      const run = (c: BuilderCase, command: string[]) => {
        const r = runContainer(builtImage('buildkit', c), command);
        return { code: r.code, out: r.stdout, err: r.stderr.split('\n').filter((l) => /Error response/.test(l)).join('\n') };
      };
      const mountsOf = ['sh', '-c', 'cut -d" " -f2,3 /proc/self/mounts'];
      return { proc: run(cases.proc, ['true']), sys: run(cases.sys, mountsOf), base: runContainer(BASE, mountsOf).stdout, dev: run(cases.dev, ['true']) };
    });
    assert.notEqual(seen.proc.code, 0, 'no container starts with a volume at /proc');
    assert.match(seen.proc.err, /cannot be mounted because it is not of type proc/);
    assert.ok(seen.base.split('\n').includes('/sys sysfs'), 'a container of the base image has sysfs at /sys');
    assert.equal(seen.sys.code, 0);
    const sys = seen.sys.out.split('\n').filter((l) => l.startsWith('/sys '));
    assert.equal(sys.length, 1, seen.sys.out);
    assert.notEqual(sys[0], '/sys sysfs', 'the volume replaces sysfs');
    assert.notEqual(seen.dev.code, 0, 'no container starts with a volume at /dev');
    assert.match(seen.dev.err, /\/dev\/null: no such file or directory/);
  });

  it('R09 the mount point is the VOLUME path resolved against /; the image configuration keeps the text as written', () => {
    const c = dockerfile('R09', [F, 'WORKDIR /srv', 'VOLUME ./rel ../up /abs/./x']);
    const model = modelOf(c);
    const seen = cached(['rt-resolve-v2', c.dockerfile], () => {
      const image = builtImage('buildkit', c);
      return { mounts: mountPoints(image), config: imageConfig('buildkit', image).volumes };
    });
    assert.deepEqual(seen.mounts, [...new Set(model.stages[0]!.volumes.map((v) => v.path))].sort());
    assert.deepEqual(seen.config, [...new Set(model.stages[0]!.volumes.map((v) => v.written ?? v.path))].sort());
  });

  it('R13 a setuid init named through ENV and started through a symbolic link runs as root although USER is not: VOL016 is silent exactly then', () => {
    // A 136-byte static x86-64 Linux program (ELF header, one program header, then geteuid and
    // exit with the result): its exit status is its effective uid modulo 256, 0 for root.
    const files = {
      'euid.b64': 'f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAeABAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAEAAOAABAAAAAAAAAAEAAAAFAAAAAAAAAAAAAAAAAEAAAAAAAAAAQAAAAAAAiAAAAAAAAACIAAAAAAAAAAAQAAAAAAAAuGsAAAAPBYnHuDwAAAAPBQ==\n',
    };
    const make = (id: string, mode: string): BuilderCase => ({
      id,
      title: id,
      files,
      dockerfile: [
        F,
        'ENV APP_HOME=/opt/app APP_INIT=appinit',
        'COPY euid.b64 /tmp/',
        `RUN mkdir -p $APP_HOME/bin /usr/sbin && base64 -d /tmp/euid.b64 > $APP_HOME/bin/$APP_INIT && chmod ${mode} $APP_HOME/bin/$APP_INIT && ln -s $APP_HOME/bin/$APP_INIT /usr/sbin/appinit`,
        'USER app',
        'VOLUME /srv/shared',
        'CMD ["/usr/sbin/appinit"]',
      ].join('\n') + '\n',
    });
    const cases = [make('R13a', '4755'), make('R13b', '755')];
    const codes = cached(['rt-setuid-link-v1', cases.map((c) => c.dockerfile), files], () => cases.map((c) => runContainer(builtImage('buildkit', c), []).code));
    assert.equal(codes[0], 0, 'the setuid program runs with effective uid 0');
    assert.notEqual(codes[1], 0, 'without the setuid bit it runs as USER app');
    cases.forEach((c, i) => {
      const reported = findingsOf(c, MODEL_BUILDER.buildkit).some((f) => f.ruleId === 'VOL016');
      assert.equal(reported, codes[i] !== 0, `${c.id}: VOL016 ${reported ? 'reported' : 'silent'}, the container starts ${codes[i] === 0 ? 'as root' : 'as app'}`);
    });
  });

  it('R14 a start script read from the build context that chowns the volume at every start: VOL004 is silent exactly when the container sees the owner the lost step set', () => {
    const make = (id: string, script: string): BuilderCase => ({
      id,
      title: id,
      files: { 'entrypoint.sh': script },
      dockerfile: [F, 'COPY entrypoint.sh /entrypoint.sh', 'RUN chmod 755 /entrypoint.sh && mkdir /data', 'VOLUME /data', 'RUN chown app:app /data', 'ENTRYPOINT ["/entrypoint.sh"]'].join('\n') + '\n',
    });
    const cases = [make('R14a', '#!/bin/sh\nchown app:app /data\nexec "$@"\n'), make('R14b', '#!/bin/sh\nexec "$@"\n')];
    // The discarding builders: the chown after the VOLUME is lost in the image.
    const engines: EngineName[] = ['legacy', 'buildah'];
    const seen = cached(['rt-start-script-chown-v1', cases.map((c) => [c.dockerfile, c.files])], () =>
      cases.map((c) => Object.fromEntries(engines.map((e) => [e, runContainer(builtImage(e, c), ['stat', '-c', '%u', '/data']).stdout.trim()]))),
    );
    cases.forEach((c, i) => {
      for (const e of engines) {
        const reported = findingsOf(c, MODEL_BUILDER[e]).some((f) => f.ruleId === 'VOL004');
        const owned = seen[i]![e] === '1000';
        assert.equal(reported, !owned, `${c.id} under ${e}: VOL004 ${reported ? 'reported' : 'silent'}, the container sees /data owned by uid ${seen[i]![e]}`);
      }
    });
  });

  it('R15 dockerd refuses to start as any user but root: VOL016 is silent on its data root /var/lib/docker', function () {
    // The daemon on this machine, started as nobody with its own paths: it stops at its privilege check.
    if (typeof process.getuid !== 'function' || process.getuid() !== 0 || exec('sh', ['-c', 'command -v setpriv && test -x /usr/sbin/dockerd']).code !== 0) this.skip();
    const dir = `/tmp/${uniqueName('dockerd')}`;
    const r = exec('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '/usr/sbin/dockerd', '--data-root', `${dir}/data`, '--exec-root', `${dir}/exec`, '--pidfile', `${dir}/pid`, '-H', `unix://${dir}/sock`], { timeoutMs: 30_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /needs to be started with root privileges/);
    const c = dockerfile('R15', [F, 'VOLUME /var/lib/docker', 'USER app']);
    assert.ok(!findingsOf(c, 'any').some((f) => f.ruleId === 'VOL016'), 'VOL016 is silent on dockerd\'s data root');
    const other = dockerfile('R15b', [F, 'VOLUME /var/lib/agent', 'USER app']);
    assert.ok(findingsOf(other, 'any').some((f) => f.ruleId === 'VOL016'), 'and reports another state directory');
  });
});
