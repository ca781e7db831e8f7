/**
 * The run-time claim of each Compose rule (VOL020–VOL026), shown with Debian's docker-compose 1.29
 * against the local dockerd: build, `up`, change, rebuild, `up` again, look inside the container.
 * These pin the facts the rules' explanations state; the rules themselves are pinned by fixtures.
 * Each scenario records what it saw; outside CI the record is cached by the scenario's text and the
 * engines' versions (helpers/engines.ts `cached`), under CI=true every scenario runs.
 */
import assert from 'node:assert/strict';
import { chownSync, copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { removeDir, runCli, tempDir } from '../helpers/cli.js';
import { BASE, cached, DOCKER, exec } from '../helpers/engines.js';
import { ComposeProject } from '../helpers/compose-project.js';
import { withBuilders } from './gate.js';

const SLEEP = 'CMD ["sleep", "3600"]';

/** Runs `steps` on a fresh project (removed afterwards) and returns what they saw, cached. */
function observe<T>(slug: string, files: Record<string, string>, steps: (p: ComposeProject) => T, builder: 'legacy' | 'buildkit' = 'legacy'): T {
  return cached(['compose-runtime', slug, files, steps.toString(), ...(builder === 'legacy' ? [] : [builder])], () => {
    const project = new ComposeProject(slug, files, builder);
    try {
      return steps(project);
    } finally {
      project.destroy();
    }
  });
}

/** The findings volint reports on the project's files (busybox for the base image), linted before `up`. */
function lintFindings(files: Record<string, string>, args: string[] = []): Array<{ ruleId: string; line: number; message: string; explanation: string[] }> {
  const dir = tempDir('volint-compose-rules-');
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text.replace('{{BASE}}', 'busybox:1.36'));
    }
    const result = runCli([join(dir, 'docker-compose.yml'), '--no-config', '--format', 'json', ...args], { cwd: dir });
    const report = JSON.parse(result.stdout) as { files: Array<{ findings: Array<{ ruleId: string; line: number; message: string; explanation: string[] }> }> };
    return report.files.flatMap((f) => f.findings);
  } finally {
    removeDir(dir);
  }
}

/** The VOL024 findings volint reports on the project's files. */
function vol024Findings(files: Record<string, string>): Array<{ line: number; message: string; explanation: string[] }> {
  return lintFindings(files).filter((f) => f.ruleId === 'VOL024').map(({ line, message, explanation }) => ({ line, message, explanation }));
}

/**
 * The VOL020 findings volint reports on the project's files, as deployed (`--compose-deployed`): these projects bind
 * their sources over /app, a development stack's bind that VOL020 leaves alone by default.
 */
function vol020Findings(files: Record<string, string>): Array<{ message: string }> {
  return lintFindings(files, ['--compose-deployed']).filter((f) => f.ruleId === 'VOL020').map(({ message }) => ({ message }));
}

/** The Compose rules' findings (VOL020–VOL026) volint reports on the project's files, as `VOL021:18`. */
function composeFindings(files: Record<string, string>): string[] {
  return lintFindings(files).filter((f) => f.ruleId.startsWith('VOL02')).map((f) => `${f.ruleId}:${f.line}`);
}

withBuilders('Compose run-time semantics on the real engine (docker-compose 1.29, dockerd)', () => {
  it('VOL020 compose-bind-hides-image: a bind of the context over /app hides the node_modules the build made; an anonymous volume on it restores it', () => {
    const compose = (extra: string) => `version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - .:/app\n${extra}`;
    const seen = observe(
      'vol020',
      {
        Dockerfile: `FROM {{BASE}}\nWORKDIR /app\nCOPY . /app\nRUN mkdir -p node_modules/left-pad && echo built > node_modules/left-pad/index.js\n${SLEEP}\n`,
        'docker-compose.yml': compose(''),
        'server.js': 'host code\n',
      },
      (p) => {
        p.compose('build', '-q');
        p.compose('up', '-d');
        const code = p.exec('app', 'cat /app/server.js');
        const hidden = p.exec('app', 'cat /app/node_modules/left-pad/index.js');
        p.write({ 'docker-compose.yml': compose('      - /app/node_modules\n') });
        p.compose('up', '-d');
        const restored = p.exec('app', 'cat /app/node_modules/left-pad/index.js');
        return { code, hidden, restored };
      },
    );
    // The host directory (the COPY source) is what the container sees: its files are there…
    assert.deepEqual(seen.code, { code: 0, output: 'host code\n' });
    // …and the dependencies the RUN installed are not.
    assert.notEqual(seen.hidden.code, 0);
    assert.match(seen.hidden.output, /No such file or directory/);
    // Another mount on the hidden path restores it: an anonymous volume is seeded from the image.
    assert.deepEqual(seen.restored, { code: 0, output: 'built\n' });
  });

  it('VOL020 and a command that installs at start: what the service\'s command makes in the bound directory is what the container runs with, the image\'s copy stays hidden', () => {
    const install = 'mkdir -p node_modules/left-pad && echo installed > node_modules/left-pad/index.js';
    const files = {
      Dockerfile: `FROM {{BASE}}\nWORKDIR /app\nCOPY . /app\nRUN mkdir -p node_modules/left-pad && echo built > node_modules/left-pad/index.js\n${SLEEP}\n`,
      'docker-compose.yml': `version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - .:/app\n    command: sh -c "${install} && sleep 3600"\n`,
      'server.js': 'host code\n',
    };
    // volint reads the command as the RUN analysis reads a RUN: it makes the hidden path again at every start.
    assert.deepEqual(vol020Findings(files), []);
    const seen = observe('vol020-start', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      return { container: p.exec('app', 'cat /app/node_modules/left-pad/index.js'), host: existsSync(join(p.dir, 'node_modules', 'left-pad', 'index.js')) };
    });
    // The container sees the command's install (in the host directory), not the build's.
    assert.deepEqual(seen, { container: { code: 0, output: 'installed\n' }, host: true });
  });

  it('VOL020 and a start script that copies back a copy the image keeps: the container sees the copy in the bound directory, with what the build made before keeping it and without what it made after', () => {
    const files = {
      Dockerfile:
        'FROM {{BASE}}\nWORKDIR /app\nCOPY server.js /app/\nRUN mkdir -p vendor && echo built > vendor/lib.txt\nRUN mkdir -p /opt && cp -a /app /opt/app-dist\nRUN echo late > /app/late.txt\n' +
        'COPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/bin/sh", "/entrypoint.sh"]\nCMD ["sleep", "3600"]\n',
      'entrypoint.sh': '#!/bin/sh\nset -e\ncp -a /opt/app-dist/. /app\nexec "$@"\n',
      'docker-compose.yml': 'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - .:/app\n',
      'server.js': 'host code\n',
    };
    // volint reads the start script: vendor/ comes back from the kept copy, late.txt (written after the copy was made) does not.
    const vol020 = vol020Findings(files);
    assert.equal(vol020.length, 1);
    assert.match(vol020[0]!.message, /hides \/app\/late\.txt,/);
    const seen = observe('vol020-restore', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      return {
        vendor: p.exec('app', 'cat /app/vendor/lib.txt'),
        late: p.exec('app', 'test -e /app/late.txt && echo present || echo absent'),
        host: existsSync(join(p.dir, 'vendor', 'lib.txt')),
      };
    });
    assert.deepEqual(seen, { vendor: { code: 0, output: 'built\n' }, late: { code: 0, output: 'absent\n' }, host: true });
  });

  it('VOL020 and a start script that copies the kept copy only when a marker is missing: over a bind source Compose creates, the first start copies it, and it stays after a restart', () => {
    const files = {
      Dockerfile:
        'FROM {{BASE}}\nWORKDIR /app\nRUN mkdir -p vendor && echo built > vendor/lib.txt\nRUN mkdir -p /opt && cp -a /app /opt/app-dist\n' +
        'COPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/bin/sh", "/entrypoint.sh"]\nCMD ["sleep", "3600"]\n',
      'entrypoint.sh': '#!/bin/sh\nset -e\nif [ ! -f /app/INIT ]; then\n  cp -R /opt/app-dist/* /app\n  touch /app/INIT\nfi\nexec "$@"\n',
      'docker-compose.yml': 'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - ./data:/app\n',
    };
    // volint: ./data is missing, so it lacks /app/INIT, and the first start copies vendor/ into it.
    assert.deepEqual(vol020Findings(files), []);
    const seen = observe('vol020-first-start', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      const first = p.exec('app', 'cat /app/vendor/lib.txt');
      p.compose('restart');
      return { first, restarted: p.exec('app', 'cat /app/vendor/lib.txt; test -f /app/INIT && echo marked'), host: existsSync(join(p.dir, 'data', 'vendor', 'lib.txt')) };
    });
    assert.deepEqual(seen, { first: { code: 0, output: 'built\n' }, restarted: { code: 0, output: 'built\nmarked\n' }, host: true });
  });

  it('VOL020 and build args: the branch a build arg picks decides what COPY --from brings (empty placeholders when the real build is skipped), as volint reads it', () => {
    const compose = (skip: string) =>
      `version: "3.8"\nservices:\n  app:\n    build:\n      context: .\n      args:\n        skip_build: "${skip}"\n    network_mode: none\n    volumes:\n      - .:/app\n`;
    const dockerfile =
      'FROM {{BASE}} AS assets\nARG skip_build\n' +
      'RUN if [ "x$skip_build" = "x" ]; then mkdir -p /out && echo built > /out/app.js; else mkdir -p /out && touch /out/app.js; fi\n' +
      `FROM {{BASE}}\nCOPY --from=assets /out /app/dist\n${SLEEP}\n`;
    const seen = observe('vol020-args', { Dockerfile: dockerfile, 'docker-compose.yml': compose('true') }, (p) => {
      const image = (): string => {
        p.compose('build', '-q');
        p.compose('up', '-d', '--force-recreate');
        // The image's file, seen through a container without the bind.
        return exec(DOCKER, ['run', '--rm', '--network', 'none', `${p.name}_app`, 'sh', '-c', 'wc -c < /app/dist/app.js']).stdout.trim();
      };
      const skipped = image();
      p.write({ 'docker-compose.yml': compose('') });
      const built = image();
      return { skipped, built };
    });
    // skip_build=true: the stage only touched an empty file; an empty value runs the build.
    assert.deepEqual(seen, { skipped: '0', built: '6' });
    // volint reads the same: no VOL020 for the placeholders, VOL020 for the built file.
    const dir = tempDir('volint-vol020-args-');
    try {
      const lint = (skip: string): string[] => {
        writeFileSync(join(dir, 'Dockerfile'), dockerfile.replaceAll('{{BASE}}', 'busybox:1.36'));
        writeFileSync(join(dir, 'docker-compose.yml'), compose(skip));
        const result = runCli([join(dir, 'docker-compose.yml'), '--no-config', '--format', 'json'], { cwd: dir });
        const report = JSON.parse(result.stdout) as { files: Array<{ findings: Array<{ ruleId: string; confidence: string }> }> };
        return report.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'VOL020').map((f) => f.confidence);
      };
      assert.deepEqual(lint('true'), []);
      assert.deepEqual(lint(''), ['likely']);
    } finally {
      removeDir(dir);
    }
  });

  it('VOL021 compose-volume-freezes-image-content: a named volume keeps v1 dependencies after rebuilding v2 and up; an anonymous one too, until up -V', () => {
    const seen = observe(
      'vol021',
      {
        Dockerfile: `FROM {{BASE}}\nWORKDIR /app\nCOPY deps.txt /tmp/deps.txt\nRUN mkdir -p /app/node_modules && cp /tmp/deps.txt /app/node_modules/version\nCOPY app.txt /app/app.txt\n${SLEEP}\n`,
        'deps.txt': 'v1\n',
        'app.txt': 'v1\n',
        'docker-compose.yml':
          'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - deps:/app/node_modules\n  anon:\n    build: .\n    network_mode: none\n    volumes:\n      - /app/node_modules\nvolumes:\n  deps:\n',
      },
      (p) => {
        p.compose('build', '-q');
        p.compose('up', '-d');
        const first = p.exec('app', 'cat /app/node_modules/version /app/app.txt').output;
        p.write({ 'deps.txt': 'v2\n', 'app.txt': 'v2\n' });
        p.compose('build', '-q');
        p.compose('up', '-d');
        const named = p.exec('app', 'cat /app/node_modules/version /app/app.txt').output;
        const anonymous = p.exec('anon', 'cat /app/node_modules/version /app/app.txt').output;
        p.compose('up', '-d', '-V');
        const renewedAnonymous = p.exec('anon', 'cat /app/node_modules/version').output;
        const namedAfterV = p.exec('app', 'cat /app/node_modules/version').output;
        return { first, named, anonymous, renewedAnonymous, namedAfterV };
      },
    );
    assert.equal(seen.first, 'v1\nv1\n');
    // The code comes from the new image, the dependencies from the volume the first image seeded.
    assert.equal(seen.named, 'v1\nv2\n');
    assert.equal(seen.anonymous, 'v1\nv2\n');
    // up -V renews anonymous volumes (seeded from the new image); a named volume stays stale.
    assert.equal(seen.renewedAnonymous, 'v2\n');
    assert.equal(seen.namedAfterV, 'v1\n');
  });

  it('VOL021 and a COPY --from of a parent directory: what the build stage put below the copied directory seeds the named volume at the mount point once, and a rebuild does not reach it; volint follows the copy into the stage (D9)', () => {
    const files = {
      Dockerfile: `FROM {{BASE}} AS build\nCOPY deps.txt /tmp/deps.txt\nRUN mkdir -p /opt/bundle/gems && cp /tmp/deps.txt /opt/bundle/gems/version\nFROM {{BASE}}\nCOPY app.txt /app/app.txt\nCOPY --from=build /opt/bundle/ /opt/bundle/\n${SLEEP}\n`,
      'deps.txt': 'v1\n',
      'app.txt': 'v1\n',
      'docker-compose.yml': 'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - gems:/opt/bundle/gems\nvolumes:\n  gems:\n',
    };
    const seen = observe('vol021-copy-from-parent', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      const first = p.exec('app', 'cat /opt/bundle/gems/version /app/app.txt').output;
      p.write({ 'deps.txt': 'v2\n', 'app.txt': 'v2\n' });
      p.compose('build', '-q');
      p.compose('up', '-d');
      const rebuilt = p.exec('app', 'cat /opt/bundle/gems/version /app/app.txt').output;
      return { first, rebuilt };
    });
    // The COPY of /opt/bundle/ brings the build stage's /opt/bundle/gems to /opt/bundle/gems, which seeds the new volume.
    assert.equal(seen.first, 'v1\nv1\n');
    // After the rebuild the code is v2 and the volume still holds what the first image's build stage made.
    assert.equal(seen.rebuilt, 'v1\nv2\n');
    assert.deepEqual(composeFindings(files), ['VOL021:7']);
    const finding = lintFindings(files).find((f) => f.ruleId === 'VOL021');
    assert.match(finding?.message ?? '', /RUN cp at Dockerfile:3 in stage build, brought by COPY --from=build at Dockerfile:6/);
  });

  it('VOL021 on the development pattern: an anonymous volume restoring node_modules under a bind of the sources keeps v1 after rebuilding v2 and up; up -V and a one-off run see v2; volint says so as a note', () => {
    const compose = 'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - .:/app\n      - /app/node_modules\n';
    const dockerfile = `FROM {{BASE}}\nWORKDIR /app\nCOPY deps.txt /app/deps.txt\nRUN mkdir -p /app/node_modules && cp /app/deps.txt /app/node_modules/version\nCOPY . /app\n${SLEEP}\n`;
    const seen = observe('vol021-restore', { Dockerfile: dockerfile, 'deps.txt': 'v1\n', 'docker-compose.yml': compose }, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      const first = p.exec('app', 'cat /app/node_modules/version /app/deps.txt').output;
      // A new dependency: the manifest on the host (and so in the bind) and the image rebuilt.
      p.write({ 'deps.txt': 'v2\n' });
      p.compose('build', '-q');
      p.compose('up', '-d');
      const rebuilt = p.exec('app', 'cat /app/node_modules/version /app/deps.txt').output;
      const oneOff = p.compose('run', '--rm', '-T', 'app', 'cat', '/app/node_modules/version');
      p.compose('up', '-d', '-V');
      const renewed = p.exec('app', 'cat /app/node_modules/version').output;
      return { first, rebuilt, oneOff, renewed };
    });
    assert.equal(seen.first, 'v1\nv1\n');
    // The manifest comes from the host, the installed dependencies from the first image's volume.
    assert.equal(seen.rebuilt, 'v1\nv2\n');
    // A one-off container gets a new anonymous volume, seeded from the new image; so does up -V.
    assert.equal(seen.oneOff, 'v2\n');
    assert.equal(seen.renewed, 'v2\n');
    // volint reads the same: a note at the anonymous volume, none when the service only runs with a profile.
    const dir = tempDir('volint-vol021-restore-');
    try {
      writeFileSync(join(dir, 'Dockerfile'), dockerfile.replaceAll('{{BASE}}', 'busybox:1.36'));
      writeFileSync(join(dir, 'deps.txt'), 'v1\n');
      const lint = (text: string): string[] => {
        writeFileSync(join(dir, 'docker-compose.yml'), text);
        const result = runCli([join(dir, 'docker-compose.yml'), '--no-config', '--format', 'json'], { cwd: dir });
        const report = JSON.parse(result.stdout) as { files: Array<{ findings: Array<{ ruleId: string; line: number; confidence: string }> }> };
        return report.files.flatMap((f) => f.findings).filter((f) => f.ruleId.startsWith('VOL02')).map((f) => `${f.ruleId}:${f.line} ${f.confidence}`);
      };
      assert.deepEqual(lint(compose), ['VOL021:8 possible']);
      assert.deepEqual(lint(compose.replace('    build: .\n', '    build: .\n    profiles: [tools]\n')), []);
    } finally {
      removeDir(dir);
    }
  });

  it('VOL021 and a service that installs into the shared volume at every up: the other service sees what the new manifest asks after a rebuild; a volume nobody refills keeps v1; volint reports only that one', () => {
    // A stand-in for Bundler (no registry here): `bundle install` puts what Gemfile.lock asks into BUNDLE_PATH.
    const bundle = '#!/bin/sh\n[ "$1" = install ] || exit 1\nmkdir -p "$BUNDLE_PATH" && cp Gemfile.lock "$BUNDLE_PATH/installed"\n';
    const dockerfile = `FROM {{BASE}}\nENV BUNDLE_PATH=/bundles\nCOPY bundle /usr/local/bin/bundle\nRUN chmod 755 /usr/local/bin/bundle\nWORKDIR /app\nCOPY Gemfile.lock /app/Gemfile.lock\nRUN bundle install\n${SLEEP}\n`;
    // The installer writes a checksum of the manifest it installed; app waits for its own manifest's (as openfoodnetwork's services do).
    const sum = 'md5sum < /app/Gemfile.lock';
    const compose =
      'version: "3.8"\nservices:\n  bundler:\n    build: .\n    network_mode: none\n' +
      `    command: sh -c "bundle install && ${sum} > /bundles/.sum && sleep 3600"\n` +
      '    volumes:\n      - gems:/bundles\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - gems:/bundles\n' +
      '  frozen:\n    build: .\n    network_mode: none\n    volumes:\n      - frozen-gems:/bundles\nvolumes:\n  gems:\n  frozen-gems:\n';
    const files = { Dockerfile: dockerfile, bundle, 'Gemfile.lock': 'v1\n', 'docker-compose.yml': compose };
    // Waits inside the container until the installer has installed this image's manifest (at most ~20 s), then reads the volume.
    const installed = `i=0; until [ "$(cat /bundles/.sum 2>/dev/null)" = "$(${sum})" ] || [ $i -ge 200 ]; do i=$((i+1)); sleep 0.1; done; cat /bundles/installed`;
    const seen = observe('vol021-refill', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      const first = p.exec('app', installed).output;
      p.write({ 'Gemfile.lock': 'v2\n' });
      p.compose('build', '-q');
      p.compose('up', '-d');
      const rebuilt = p.exec('app', installed).output;
      const frozen = p.exec('frozen', 'cat /bundles/installed /app/Gemfile.lock').output;
      return { first, rebuilt, frozen };
    });
    assert.equal(seen.first, 'v1\n');
    // bundler recreated with the new image installs v2 into the volume app mounts.
    assert.equal(seen.rebuilt, 'v2\n');
    // Nothing refills frozen's volume: the first image's install stays under the new manifest.
    assert.equal(seen.frozen, 'v1\nv2\n');
    // volint reads the same: only frozen's volume stays stale.
    assert.deepEqual(composeFindings(files), ['VOL021:18']);
  });

  it('VOL020 and another service that installs at start into the same host directory: every bind of that directory sees what it made; volint reports only the bind of a directory nobody fills', () => {
    // A stand-in for npm: `npm ci` makes node_modules in the current directory.
    const npm = '#!/bin/sh\n[ "$1" = ci ] || exit 1\nmkdir -p node_modules/left-pad && echo installed > node_modules/left-pad/index.js\n';
    const dockerfile = `FROM {{BASE}}\nCOPY npm /usr/local/bin/npm\nRUN chmod 755 /usr/local/bin/npm\nWORKDIR /app\nCOPY package.json /app/package.json\nRUN npm ci\n${SLEEP}\n`;
    const compose =
      'version: "3.8"\nservices:\n  web:\n    build: .\n    network_mode: none\n    volumes:\n      - .:/app\n    command: sh -c "npm ci && sleep 3600"\n' +
      '  worker:\n    build: .\n    network_mode: none\n    volumes:\n      - .:/app\n' +
      '  client:\n    build: .\n    network_mode: none\n    volumes:\n      - ./client:/app\n';
    const files = { Dockerfile: dockerfile, npm, 'package.json': '{}\n', 'client/package.json': '{}\n', 'docker-compose.yml': compose };
    const seen = observe('vol020-filled', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      // worker may start before web's install is done (a fresh checkout's first up); it waits here, inside the container.
      const worker = p.exec('worker', 'i=0; until [ -f /app/node_modules/left-pad/index.js ] || [ $i -ge 200 ]; do i=$((i+1)); sleep 0.1; done; cat /app/node_modules/left-pad/index.js').output;
      const client = p.exec('client', 'cat /app/node_modules/left-pad/index.js');
      return { worker, host: existsSync(join(p.dir, 'node_modules', 'left-pad', 'index.js')), client: client.code === 0 };
    });
    // web's install went into the host directory, which worker binds too; client's directory holds none.
    assert.deepEqual(seen, { worker: 'installed\n', host: true, client: false });
    // volint reads the same: only client's bind hides node_modules.
    assert.deepEqual(composeFindings(files), ['VOL020:18']);
  });

  it('VOL021 over the base image: named volumes over a runtime the base image installed under /usr/local keep the first base image\'s files after the base changes and the service is rebuilt', () => {
    // A base image with a "Python" under /usr/local (its programs and its site-packages), rebuilt as v2.
    const runtime = (version: string): string =>
      `FROM {{BASE}}\nRUN mkdir -p /usr/local/bin /usr/local/lib/python3.12/site-packages/pip && echo ${version} > /usr/local/bin/python3 && echo ${version} > /usr/local/lib/python3.12/site-packages/pip/VERSION\n`;
    const compose =
      'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - site_packages:/usr/local/lib/python3.12/site-packages\n      - local_bin:/usr/local/bin\nvolumes:\n  site_packages:\n  local_bin:\n';
    const seen = observe('vol021-base', { 'runtime/Dockerfile': runtime('v1'), 'docker-compose.yml': compose }, (p) => {
      const tag = `${p.name}-runtime:1`;
      const buildRuntime = (): void => {
        const r = exec(DOCKER, ['build', '-q', '-t', tag, 'runtime'], { cwd: p.dir, env: { DOCKER_BUILDKIT: '0' } });
        if (r.code !== 0) throw new Error(`runtime build failed: ${r.stderr}`);
      };
      try {
        buildRuntime();
        p.write({ Dockerfile: `FROM ${tag}\nCOPY app.txt /srv/app.txt\n${SLEEP}\n`, 'app.txt': 'v1\n' });
        p.compose('build', '-q');
        p.compose('up', '-d');
        const read = 'cat /usr/local/bin/python3 /usr/local/lib/python3.12/site-packages/pip/VERSION /srv/app.txt';
        const first = p.exec('app', read).output;
        p.write({ 'runtime/Dockerfile': runtime('v2'), 'app.txt': 'v2\n' });
        buildRuntime();
        p.compose('build', '-q');
        p.compose('up', '-d');
        return { first, rebuilt: p.exec('app', read).output };
      } finally {
        exec(DOCKER, ['rmi', '-f', tag]);
      }
    });
    assert.equal(seen.first, 'v1\nv1\nv1\n');
    // The service's own file comes from the new image; the base image's runtime from the volumes.
    assert.equal(seen.rebuilt, 'v1\nv1\nv2\n');
    // volint cannot see such a base image (not an official one): both entries are possible VOL021 findings.
    const dir = tempDir('volint-vol021-base-');
    try {
      writeFileSync(join(dir, 'Dockerfile'), `FROM example.org/team/runtime:1\nCOPY app.txt /srv/app.txt\n${SLEEP}\n`);
      writeFileSync(join(dir, 'app.txt'), 'v1\n');
      writeFileSync(join(dir, 'docker-compose.yml'), compose);
      const result = runCli([join(dir, 'docker-compose.yml'), '--no-config', '--format', 'json'], { cwd: dir });
      const report = JSON.parse(result.stdout) as { files: Array<{ findings: Array<{ ruleId: string; line: number; confidence: string }> }> };
      const found = report.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'VOL021').map((f) => `${f.line} ${f.confidence}`);
      assert.deepEqual(found, ['7 possible', '8 possible']);
    } finally {
      removeDir(dir);
    }
  });

  it('VOL021 and VOL024, COPY of the whole build context above the mount points: the context on disk after .dockerignore decides what each new volume gets, as volint reads it', () => {
    // project/static (a stylesheet) is copied; project/media holds only .gitkeep; .dockerignore leaves project/cache out.
    const compose =
      'version: "3.8"\nservices:\n  web:\n    build: .\n    network_mode: none\n    volumes:\n' +
      '      - static:/home/app/web/project/static\n      - media:/home/app/web/project/media\n      - cache:/home/app/web/project/cache\n' +
      'volumes:\n  static:\n  media:\n  cache:\n';
    const dockerfile = `FROM {{BASE}}\nWORKDIR /home/app/web\nCOPY --chown=1000:1000 . /home/app/web\nUSER 1000\n${SLEEP}\n`;
    const files = {
      Dockerfile: dockerfile,
      '.dockerignore': 'project/cache\n',
      'docker-compose.yml': compose,
      'project/static/site.css': 'v1\n',
      'project/media/.gitkeep': '',
      'project/cache/page.html': 'stale\n',
    };
    const seen = observe('vol021-context', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      const first = p.exec('web', 'cat /home/app/web/project/static/site.css; ls -A /home/app/web/project/media; ls -A /home/app/web/project/cache').output;
      // The image holds no project/cache at all: .dockerignore kept it out of the context.
      const imageCache = exec(DOCKER, ['run', '--rm', '--network', 'none', `${p.name}_web`, 'ls', '/home/app/web/project/cache']).code;
      const writes = p.exec('web', 'touch /home/app/web/project/media/x && echo media ok; touch /home/app/web/project/cache/x || echo cache refused').output;
      p.write({ 'project/static/site.css': 'v2\n' });
      p.compose('build', '-q');
      p.compose('up', '-d');
      const afterRebuild = p.exec('web', 'cat /home/app/web/project/static/site.css').output;
      const imageNow = exec(DOCKER, ['run', '--rm', '--network', 'none', `${p.name}_web`, 'cat', '/home/app/web/project/static/site.css']).stdout;
      return { first, imageCache, writes, afterRebuild, imageNow };
    });
    // Each new volume was seeded with what the image has at its path: the stylesheet, the keep file, nothing.
    assert.equal(seen.first, 'v1\n.gitkeep\n');
    assert.notEqual(seen.imageCache, 0);
    // The engine made the cache mount point, owned by root: uid 1000 cannot write there (VOL024); media came with the COPY's owner.
    assert.match(seen.writes, /^media ok\n/);
    assert.match(seen.writes, /cache refused/);
    // The stylesheet is frozen in the volume: the image has v2, the container still sees v1 (VOL021).
    assert.deepEqual([seen.afterRebuild, seen.imageNow], ['v1\n', 'v2\n']);
    // volint reads the same context: VOL021 at static only, VOL024 at cache only.
    const dir = tempDir('volint-vol021-context-');
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text.replaceAll('{{BASE}}', 'busybox:1.36'));
      }
      const result = runCli([join(dir, 'docker-compose.yml'), '--no-config', '--format', 'json'], { cwd: dir });
      const report = JSON.parse(result.stdout) as { files: Array<{ findings: Array<{ ruleId: string; line: number }> }> };
      const found = report.files.flatMap((f) => f.findings).filter((f) => /^VOL02[0-6]$/.test(f.ruleId)).map((f) => `${f.ruleId}@${f.line}`).sort();
      assert.deepEqual(found, ['VOL021@7', 'VOL024@9']);
    } finally {
      removeDir(dir);
    }
  });

  it('VOL022 compose-anonymous-volume: an image VOLUME gets an anonymous volume that survives up --force-recreate, is renewed by -V and outlives down without -v', () => {
    const seen = observe(
      'vol022',
      {
        Dockerfile: `FROM {{BASE}}\nRUN mkdir -p /var/lib/app && echo seed > /var/lib/app/seed\nVOLUME /var/lib/app\n${SLEEP}\n`,
        'docker-compose.yml':
          'version: "3.8"\nservices:\n  db:\n    build: .\n    network_mode: none\n  nested:\n    build: .\n    network_mode: none\n    volumes:\n      - state:/var/lib\nvolumes:\n  state:\n',
      },
      (p) => {
        p.compose('build', '-q');
        p.compose('up', '-d');
        const mounts = p.mounts('db');
        const first = mounts[0]?.Name ?? '';
        const wrote = p.exec('db', 'echo written > /var/lib/app/state').code;
        const nestedMounts = p.mounts('nested');
        const nested = nestedMounts.map((m) => `${m.Destination} ${m.Type} ${/^[0-9a-f]{64}$/.test(m.Name ?? '') ? 'anonymous' : `named ${(m.Name ?? '').replace(/^.*_/, '')}`}`).sort();
        const nestedAnonymous = nestedMounts.filter((m) => /^[0-9a-f]{64}$/.test(m.Name ?? '')).map((m) => m.Name!);
        p.compose('up', '-d', '--force-recreate');
        const recreated = p.mounts('db')[0]?.Name;
        const kept = p.exec('db', 'cat /var/lib/app/state').output;
        p.compose('up', '-d', '--force-recreate', '-V');
        const renewed = p.mounts('db')[0]?.Name ?? '';
        const afterRenew = p.exec('db', 'cat /var/lib/app/state; cat /var/lib/app/seed').output;
        nestedAnonymous.push(...p.mounts('nested').filter((m) => /^[0-9a-f]{64}$/.test(m.Name ?? '')).map((m) => m.Name!));
        p.compose('down');
        const left = exec(DOCKER, ['volume', 'inspect', '--format', '{{.Name}}', renewed]).stdout.trim();
        exec(DOCKER, ['volume', 'rm', '-f', renewed, first, ...nestedAnonymous]);
        return { mounts, first, wrote, nested, recreated, kept, renewed, afterRenew, left };
      },
    );
    assert.equal(seen.mounts.length, 1);
    assert.equal(seen.mounts[0]?.Type, 'volume');
    assert.equal(seen.mounts[0]?.Destination, '/var/lib/app');
    assert.match(seen.first, /^[0-9a-f]{64}$/, 'an anonymous volume (a hex name)');
    assert.equal(seen.wrote, 0);
    assert.equal(seen.recreated, seen.first, 'the same anonymous volume is re-attached');
    assert.equal(seen.kept, 'written\n');
    assert.notEqual(seen.renewed, seen.first, '-V makes a new anonymous volume');
    assert.match(seen.afterRenew, /can't open '\/var\/lib\/app\/state'.*\nseed\n$/s, 'seeded anew from the image');
    assert.equal(seen.left, seen.renewed, 'down without -v leaves the anonymous volume behind');
    // A named volume mounted above the VOLUME path does not replace it: an anonymous volume is mounted on top.
    assert.deepEqual(seen.nested, ['/var/lib volume named state', '/var/lib/app volume anonymous']);
  });

  it('VOL022 and a data container: the data a service keeps in the anonymous volume it takes with volumes_from survives a recreate of the container, not down and up', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\nVOLUME /var/lib/db\n${SLEEP}\n`,
      'docker-compose.yml':
        'version: "3.8"\nservices:\n  dbdata:\n    build: .\n    network_mode: none\n    command: /bin/true\n  db:\n    build: .\n    network_mode: none\n    volumes_from:\n      - dbdata\n',
    };
    const seen = observe('vol022-data-container', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      const mounts = p.mounts('db').map((m) => `${m.Destination} ${/^[0-9a-f]{64}$/.test(m.Name ?? '') ? 'anonymous' : 'named'}`);
      const volumes = new Set(p.mounts('db').map((m) => m.Name!));
      p.exec('db', 'echo row > /var/lib/db/table');
      p.compose('up', '-d', '--force-recreate');
      for (const m of p.mounts('db')) volumes.add(m.Name!);
      const recreated = p.exec('db', 'cat /var/lib/db/table').output;
      p.compose('down');
      p.compose('up', '-d');
      for (const m of p.mounts('db')) volumes.add(m.Name!);
      const afterDown = p.exec('db', 'cat /var/lib/db/table');
      p.compose('down');
      exec(DOCKER, ['volume', 'rm', '-f', ...volumes]);
      return { mounts, recreated, afterDown: afterDown.code === 0 ? afterDown.output : 'missing', volumes: volumes.size };
    });
    assert.deepEqual(seen.mounts, ['/var/lib/db anonymous'], "the data container's anonymous volume, taken by db");
    assert.equal(seen.recreated, 'row\n', 'a recreate keeps it');
    assert.equal(seen.afterDown, 'missing', 'down removes the data container; up makes a new, empty volume');
    assert.equal(seen.volumes, 2, 'the old volume is left behind, a new one made');
  });

  it('VOL022 below a data directory: a named volume one level below a VOLUME where the server keeps its files keeps only that subdirectory; the files go into the anonymous volume and are gone after down and up', () => {
    // A stand-in for MySQL/MariaDB: its server keeps its files directly in /var/lib/mysql (the VOLUME).
    const server = 'mkdir -p /var/lib/mysql/mysql /var/lib/mysql/shop; [ -f /var/lib/mysql/ibdata1 ] || echo initialised > /var/lib/mysql/ibdata1; exec sleep 3600';
    const seen = observe(
      'vol022-below-datadir',
      {
        Dockerfile: `FROM {{BASE}}\nVOLUME /var/lib/mysql\nCMD ["sh", "-c", "${server}"]\n`,
        'docker-compose.yml': 'version: "3.8"\nservices:\n  db:\n    build: .\n    network_mode: none\n    volumes:\n      - db-data:/var/lib/mysql/data\nvolumes:\n  db-data:\n',
      },
      (p) => {
        p.compose('build', '-q');
        p.compose('up', '-d');
        const mounts = p.mounts('db');
        const anonymous = mounts.filter((m) => /^[0-9a-f]{64}$/.test(m.Name ?? '')).map((m) => m.Name!);
        const described = mounts.map((m) => `${m.Destination} ${/^[0-9a-f]{64}$/.test(m.Name ?? '') ? 'anonymous' : `named ${(m.Name ?? '').replace(/^.*_/, '')}`}`).sort();
        p.exec('db', 'echo row > /var/lib/mysql/shop/t.ibd; echo kept > /var/lib/mysql/data/kept');
        p.compose('down');
        p.compose('up', '-d');
        anonymous.push(...p.mounts('db').filter((m) => /^[0-9a-f]{64}$/.test(m.Name ?? '')).map((m) => m.Name!));
        const after = p.exec('db', 'cat /var/lib/mysql/shop/t.ibd; cat /var/lib/mysql/data/kept; ls /var/lib/mysql').output;
        p.compose('down');
        exec(DOCKER, ['volume', 'rm', '-f', ...anonymous]);
        return { described, after };
      },
    );
    // Docker mounts the image VOLUME anonymously and the named volume on top of it, one level below.
    assert.deepEqual(seen.described, ['/var/lib/mysql anonymous', '/var/lib/mysql/data named db-data']);
    // After down and up the server's files are new (a new anonymous volume); the named volume kept only its subdirectory.
    assert.match(seen.after, /can't open '\/var\/lib\/mysql\/shop\/t\.ibd'.*\nkept\n/s);
    assert.match(seen.after, /\bdata\b[\s\S]*\bibdata1\b/, 'the named volume shows up as one more directory among the server\'s files');
  });

  it('VOL022 and a relocated data directory: PGDATA in the environment moves the data into the mount that holds it and leaves the image VOLUME empty; moved to a path nothing mounts, the data is gone after a recreate', () => {
    // A stand-in for the postgres image: its server keeps its cluster in "$PGDATA" (the image's ENV: the VOLUME itself).
    const server = 'mkdir -p $PGDATA; [ -f $PGDATA/PG_VERSION ] || echo 15 > $PGDATA/PG_VERSION; exec sleep 3600';
    const compose =
      'version: "3.8"\nservices:\n' +
      '  moved:\n    build: .\n    network_mode: none\n    environment:\n      PGDATA: /data/postgres\n    volumes:\n      - pg:/data/postgres\n' +
      '  unmounted:\n    build: .\n    network_mode: none\n    env_file: db.env\n' +
      'volumes:\n  pg:\n';
    const seen = observe(
      'vol022-pgdata-moved',
      {
        Dockerfile: `FROM {{BASE}}\nENV PGDATA=/var/lib/postgresql/data\nVOLUME /var/lib/postgresql/data\nCMD ["sh", "-c", "${server}"]\n`,
        'docker-compose.yml': compose,
        'db.env': 'PGDATA=/data/postgres\n',
      },
      (p) => {
        p.compose('build', '-q');
        p.compose('up', '-d');
        const anonymous = [...p.mounts('moved'), ...p.mounts('unmounted')].filter((m) => /^[0-9a-f]{64}$/.test(m.Name ?? '')).map((m) => m.Name!);
        p.exec('moved', 'echo row > $PGDATA/table');
        p.exec('unmounted', 'echo row > $PGDATA/table');
        const volume = p.exec('moved', 'ls -A /var/lib/postgresql/data').output;
        const unmountedVolume = p.exec('unmounted', 'echo $PGDATA; ls -A /var/lib/postgresql/data').output;
        p.compose('up', '-d', '--force-recreate');
        anonymous.push(...[...p.mounts('moved'), ...p.mounts('unmounted')].filter((m) => /^[0-9a-f]{64}$/.test(m.Name ?? '')).map((m) => m.Name!));
        const moved = p.exec('moved', 'cat $PGDATA/table').output;
        const unmounted = p.exec('unmounted', 'cat $PGDATA/table').output;
        p.compose('down');
        exec(DOCKER, ['volume', 'rm', '-f', ...anonymous]);
        return { volume, unmountedVolume, moved, unmounted };
      },
    );
    // The image VOLUME's anonymous volume stays empty in both: the cluster is where PGDATA says.
    assert.equal(seen.volume, '');
    assert.equal(seen.unmountedVolume, '/data/postgres\n', 'env_file: reaches the container; the VOLUME is empty');
    // After a recreate the named volume still holds the data; the container's own file system does not.
    assert.equal(seen.moved, 'row\n');
    assert.match(seen.unmounted, /can't open '\/data\/postgres\/table'/);
  });

  it('VOL022 and a mount under root\'s home of a service that runs as another user: the program cannot reach /root, the volume there stays empty, and its data goes into the anonymous volume of the image VOLUME, kept by a recreate and gone after down and up', () => {
    // A stand-in for dpage/pgadmin4 (USER 5050, VOLUME /var/lib/pgadmin) with `pgadmin:/root/.pgadmin`.
    const files = {
      Dockerfile: `FROM {{BASE}}\nRUN mkdir -p /var/lib/app && chown 1000 /var/lib/app\nVOLUME /var/lib/app\nUSER 1000\n${SLEEP}\n`,
      'docker-compose.yml': 'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - appdata:/root/.app\nvolumes:\n  appdata:\n',
    };
    assert.deepEqual(composeFindings(files), ['VOL022:7']);
    const seen = observe('vol022-root-home', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      const mounts = p.mounts('app');
      const anonymous = mounts.filter((m) => /^[0-9a-f]{64}$/.test(m.Name ?? '')).map((m) => m.Name!);
      const described = mounts.map((m) => `${m.Destination} ${/^[0-9a-f]{64}$/.test(m.Name ?? '') ? 'anonymous' : `named ${(m.Name ?? '').replace(/^.*_/, '')}`}`).sort();
      const asUser = p.exec('app', 'id -u; ls /root/.app; echo kept > /var/lib/app/state').output;
      const id = p.compose('ps', '-q', 'app').trim();
      const rootMode = exec(DOCKER, ['exec', '-u', '0', id, 'stat', '-c', '%a %U', '/root']).stdout.trim();
      const named = exec(DOCKER, ['exec', '-u', '0', id, 'ls', '-A', '/root/.app']).stdout;
      p.compose('up', '-d', '--force-recreate');
      const recreated = p.exec('app', 'cat /var/lib/app/state').output;
      p.compose('down');
      p.compose('up', '-d');
      anonymous.push(...p.mounts('app').filter((m) => /^[0-9a-f]{64}$/.test(m.Name ?? '')).map((m) => m.Name!));
      const afterDown = p.exec('app', 'cat /var/lib/app/state');
      p.compose('down');
      exec(DOCKER, ['volume', 'rm', '-f', ...anonymous]);
      return { described, asUser, rootMode, named, recreated, afterDown: afterDown.code === 0 ? afterDown.output : 'missing', anonymous: new Set(anonymous).size };
    });
    assert.deepEqual(seen.described, ['/root/.app named appdata', '/var/lib/app anonymous']);
    // Root's home is root's, mode 700: the user 1000 cannot even list the volume mounted in it.
    assert.equal(seen.rootMode, '700 root');
    assert.match(seen.asUser, /^1000\n.*Permission denied/s);
    assert.equal(seen.named, '', 'the named volume holds nothing');
    assert.equal(seen.recreated, 'kept\n', 'a recreate re-attaches the anonymous volume');
    assert.equal(seen.afterDown, 'missing', 'down and up start on a new, empty anonymous volume');
    assert.equal(seen.anonymous, 2, 'the old anonymous volume is left behind');
  });

  it('VOL021 and usermod: `usermod -d DIR` without -m leaves nothing at DIR, so a named volume there holds nothing of the image; with -m the old home moves there and seeds the volume (Debian\'s shadow usermod)', () => {
    // The machine's own usermod (Debian's passwd package) and the libraries it loads, on the busybox base.
    const usermod = '/usr/sbin/usermod';
    assert.ok(existsSync(usermod), 'this test needs Debian\'s passwd package (/usr/sbin/usermod) on the machine');
    const libraries = exec('ldd', [usermod]).stdout.split('\n').map((l) => /(\/\S+) \(0x/.exec(l)?.[1]).filter((l): l is string => l !== undefined);
    const base = (p: ComposeProject): string => {
      const root = join(p.dir, 'shadow', 'rootfs');
      for (const file of [usermod, ...libraries]) {
        mkdirSync(join(root, dirname(file)), { recursive: true });
        copyFileSync(file, join(root, file));
      }
      mkdirSync(join(root, 'etc'), { recursive: true });
      copyFileSync('/etc/login.defs', join(root, 'etc', 'login.defs'));
      const tag = `${p.name}-shadow:1`;
      writeFileSync(join(p.dir, 'shadow', 'Dockerfile'), `FROM ${BASE}\nCOPY rootfs/ /\n`);
      exec(DOCKER, ['build', '-q', '-t', tag, join(p.dir, 'shadow')], { env: { DOCKER_BUILDKIT: '0' } });
      return tag;
    };
    // Two accounts with a home holding a file, as ubuntu's in the ubuntu image.
    const accounts =
      "RUN echo 'users:x:100:' >> /etc/group && for u in ubuntu:1001 other:1002; do n=${u%:*}; i=${u#*:}; echo \"$n:x:$i:$i::/home/$n:/bin/sh\" >> /etc/passwd; echo \"$n:x:$i:\" >> /etc/group; echo \"$n:!::0:99999:7:::\" >> /etc/shadow; mkdir -p /home/$n && echo profile > /home/$n/.profile && chown -R $i:$i /home/$n; done\n";
    const dockerfile = (from: string): string =>
      `FROM ${from}\n${accounts}RUN usermod -l dev -d /home/dev -G users -s /bin/sh ubuntu\nRUN usermod -d /home/moved -m other\n${SLEEP}\n`;
    const compose = 'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - home:/home/dev\n      - moved:/home/moved\nvolumes:\n  home:\n  moved:\n';
    const seen = observe('vol021-usermod', { 'docker-compose.yml': compose }, (p) => {
      const tag = base(p);
      try {
        p.write({ Dockerfile: dockerfile(tag) });
        p.compose('build', '-q');
        p.compose('up', '-d');
        const renamed = p.exec('app', 'grep ^dev: /etc/passwd; ls -A /home/dev').output;
        const moved = p.exec('app', 'ls -A /home/moved; ls -A /home').output;
        p.compose('down', '--rmi', 'local');
        return { renamed, moved };
      } finally {
        exec(DOCKER, ['rmi', '-f', tag]);
      }
    });
    // Without -m: the account's home is /home/dev, and the volume there is empty (nothing seeded it).
    assert.equal(seen.renamed, 'dev:x:1001:1001::/home/dev:/bin/sh\n');
    // With -m: the old home's file moved, seeding the volume, and /home/other is gone; without it ubuntu's old home stays.
    assert.equal(seen.moved, '.profile\napp\ndev\nmoved\nubuntu\n');
    // volint reads the same: no VOL021 over /home/dev (line 7), one over /home/moved (line 8), which the move seeded.
    const dir = tempDir('volint-vol021-usermod-');
    try {
      writeFileSync(join(dir, 'Dockerfile'), dockerfile('debian:12'));
      writeFileSync(join(dir, 'docker-compose.yml'), compose);
      const result = runCli([join(dir, 'docker-compose.yml'), '--no-config', '--format', 'json'], { cwd: dir });
      const report = JSON.parse(result.stdout) as { files: Array<{ findings: Array<{ ruleId: string; line: number }> }> };
      assert.deepEqual(report.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'VOL021').map((f) => f.line), [8]);
    } finally {
      removeDir(dir);
    }
  });

  it('VOL023 compose-nocopy-hides-content: volume.nocopy leaves the new volume empty over the image content; without it the volume is seeded', () => {
    const service = (name: string, nocopy: boolean) =>
      `  ${name}:\n    build: .\n    network_mode: none\n    volumes:\n      - type: volume\n        source: ${name}\n        target: /usr/share/app\n${nocopy ? '        volume:\n          nocopy: true\n' : ''}`;
    const seen = observe(
      'vol023',
      {
        Dockerfile: `FROM {{BASE}}\nRUN mkdir -p /usr/share/app && echo asset > /usr/share/app/index.html\n${SLEEP}\n`,
        'docker-compose.yml': `version: "3.8"\nservices:\n${service('nocopy', true)}${service('copy', false)}volumes:\n  nocopy:\n  copy:\n`,
      },
      (p) => {
        p.compose('build', '-q');
        p.compose('up', '-d');
        return { nocopy: p.exec('nocopy', 'ls -A /usr/share/app').output, copy: p.exec('copy', 'cat /usr/share/app/index.html').output };
      },
    );
    assert.equal(seen.nocopy, '');
    assert.equal(seen.copy, 'asset\n');
  });

  it('VOL024 compose-mountpoint-not-writable: a non-root user cannot write to a new volume where the image has no directory, nor to a bind source Compose creates', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\nRUN mkdir -p /home/app/owned && chown app:app /home/app/owned\nUSER app\n${SLEEP}\n`,
      'docker-compose.yml':
        'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - data:/var/lib/app\n      - owned:/home/app/owned\n      - ./uploads:/srv/uploads\nvolumes:\n  data:\n  owned:\n',
    };
    const seen = observe('vol024', files, (p) => {
      const sourceBefore = existsSync(join(p.dir, 'uploads'));
      p.compose('build', '-q');
      p.compose('up', '-d');
      const host = statSync(join(p.dir, 'uploads'));
      return {
        sourceBefore,
        hostSource: { directory: host.isDirectory(), uid: host.uid, mode: (host.mode & 0o7777).toString(8) },
        uid: p.exec('app', 'id -u').output,
        owners: p.exec('app', 'stat -c %u /var/lib/app /srv/uploads /home/app/owned').output,
        volume: p.exec('app', 'touch /var/lib/app/x'),
        bind: p.exec('app', 'touch /srv/uploads/x'),
        owned: p.exec('app', 'touch /home/app/owned/x'),
      };
    });
    // The bind source did not exist: docker-compose had the engine create it on the host, a directory owned by root, mode 755.
    assert.equal(seen.sourceBefore, false);
    assert.deepEqual(seen.hostSource, { directory: true, uid: 0, mode: '755' });
    // volint, run on the same project before `up`, reports both: the volume where the image has no directory, and the missing bind source.
    const vol024 = vol024Findings(files);
    assert.deepEqual(vol024.map((f) => f.line), [7, 9]);
    assert.match(vol024[1]!.message, /the host path \.\/uploads does not exist: Compose creates it at `up`, owned by root, and app cannot write to \/srv\/uploads/);
    assert.equal(seen.uid, '1000\n');
    assert.equal(seen.owners, '0\n0\n1000\n');
    assert.notEqual(seen.volume.code, 0);
    assert.match(seen.volume.output, /Permission denied/);
    assert.notEqual(seen.bind.code, 0);
    assert.match(seen.bind.output, /Permission denied/);
    // A volume over a directory the image gave to the user takes that owner and is writable.
    assert.deepEqual(seen.owned, { code: 0, output: '' });
  });

  it('VOL024 and a build: service that only reads a missing bind source: uid 1000 reads the root-owned directory Compose makes (and what the host puts there) but cannot create files in it; only the bind with evidence of writes is reported', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\nUSER app\n${SLEEP}\n`,
      'docker-compose.yml': 'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - ./settings:/etc/app\n      - ./uploads:/srv/uploads\n',
    };
    const seen = observe('vol024-read-only-use', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      const host = statSync(join(p.dir, 'settings'));
      // The host's root puts the configuration in later (the directory is root's, mode 755).
      writeFileSync(join(p.dir, 'settings', 'app.conf'), 'level=info\n');
      return {
        hostSource: { directory: host.isDirectory(), uid: host.uid, mode: (host.mode & 0o7777).toString(8) },
        uid: p.exec('app', 'id -u').output,
        list: p.exec('app', 'ls /etc/app'),
        read: p.exec('app', 'cat /etc/app/app.conf'),
        create: p.exec('app', 'touch /etc/app/new.conf'),
      };
    });
    assert.deepEqual(seen.hostSource, { directory: true, uid: 0, mode: '755' });
    assert.equal(seen.uid, '1000\n');
    // Reading works: a program that only reads its configuration there is not harmed by the root-owned directory.
    assert.deepEqual(seen.list, { code: 0, output: 'app.conf\n' });
    assert.deepEqual(seen.read, { code: 0, output: 'level=info\n' });
    assert.notEqual(seen.create.code, 0);
    assert.match(seen.create.output, /Permission denied/);
    // volint, before `up`: nothing says the program writes to /etc/app (no start write, VOLUME, setting or data name): no finding;
    // ./uploads is named for data: reported, with the name as a suggestion only.
    const vol024 = vol024Findings(files);
    assert.deepEqual(vol024.map((f) => f.line), [8]);
    assert.ok(vol024[0]!.explanation.includes('The name `uploads` of the mount point /srv/uploads suggests the program writes there (a name only: volint saw no write).'), vol024[0]!.explanation.join('\n'));
  });

  it('VOL024\'s fix for a missing bind source names the uid the image gives the user: a host directory chowned to that number is writable by the named user in the container', () => {
    const files = {
      // Busybox's adduser as volint reads it; the local base image has no adduser applet, so the account is written there by hand.
      Dockerfile: `FROM {{BASE}}\nRUN adduser -D -u 4001 pad || echo 'pad:x:4001:4001::/home/pad:/bin/sh' >> /etc/passwd\nUSER pad\n${SLEEP}\n`,
      'docker-compose.yml': 'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - ./uploads:/srv/uploads\n',
    };
    // volint, on the checkout (no ./uploads): the fix chowns to pad's uid in the image, not to the name, which the host resolves.
    const vol024 = vol024Findings(files);
    assert.deepEqual(vol024.map((f) => f.line), [7]);
    assert.match(vol024[0]!.explanation.at(-1)!, /\(mkdir -p \.\/uploads && chown 4001 \.\/uploads\)/);
    assert.match(vol024[0]!.explanation.at(-1)!, /pad is uid 4001 in the image; chown on the host looks a name up in the host's own accounts/);
    const seen = observe('vol024-uid', files, (p) => {
      // The fix as volint writes it, run on the host before `up`.
      mkdirSync(join(p.dir, 'uploads'));
      chownSync(join(p.dir, 'uploads'), 4001, 4001);
      p.compose('build', '-q');
      p.compose('up', '-d');
      return {
        user: p.exec('app', 'id -un').output,
        uid: p.exec('app', 'id -u').output,
        owner: p.exec('app', 'stat -c %u /srv/uploads').output,
        write: p.exec('app', 'touch /srv/uploads/x'),
      };
    });
    // The engine checks the number: the directory given to 4001 on the host is pad's in the container, and pad writes to it.
    assert.equal(seen.user, 'pad\n');
    assert.equal(seen.uid, '4001\n');
    assert.equal(seen.owner, '4001\n');
    assert.deepEqual(seen.write, { code: 0, output: '' });
  });

  it('VOL024 and a dependency directory: the bind source the developer\'s install made keeps its owner (Compose creates only what is missing, root-owned)', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\nWORKDIR /app\nCOPY package.json .\nUSER app\n${SLEEP}\n`,
      'package.json': '{ "name": "web", "private": true, "dependencies": { "dep": "1.0.0" } }\n',
      'docker-compose.yml':
        'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - ./node_modules:/app/node_modules\n      - ./cache:/app/cache\n',
    };
    // volint, on the fresh checkout (neither host path exists): the missing cache is Compose's to create, node_modules is the install's.
    assert.deepEqual(vol024Findings(files).map((f) => f.line), [8]);
    const seen = observe('vol024-deps', files, (p) => {
      // The developer's install, run as uid 1000 before `up`, makes node_modules owned by that user.
      mkdirSync(join(p.dir, 'node_modules', 'dep'), { recursive: true });
      writeFileSync(join(p.dir, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;\n');
      for (const path of ['node_modules', 'node_modules/dep', 'node_modules/dep/index.js']) chownSync(join(p.dir, path), 1000, 1000);
      const cacheBefore = existsSync(join(p.dir, 'cache'));
      p.compose('build', '-q');
      p.compose('up', '-d');
      const host = (path: string): number => statSync(join(p.dir, path)).uid;
      return {
        cacheBefore,
        hostOwners: { nodeModules: host('node_modules'), cache: host('cache') },
        owners: p.exec('app', 'stat -c %u /app/node_modules /app/cache').output,
        read: p.exec('app', 'cat /app/node_modules/dep/index.js'),
        writeDeps: p.exec('app', 'touch /app/node_modules/.marker'),
        writeCache: p.exec('app', 'touch /app/cache/x'),
      };
    });
    // Compose left the existing directory as the install made it; it created the missing one, root-owned.
    assert.equal(seen.cacheBefore, false);
    assert.deepEqual(seen.hostOwners, { nodeModules: 1000, cache: 0 });
    assert.equal(seen.owners, '1000\n0\n');
    assert.deepEqual(seen.read, { code: 0, output: 'module.exports = 1;\n' });
    assert.deepEqual(seen.writeDeps, { code: 0, output: '' });
    assert.notEqual(seen.writeCache.code, 0);
    assert.match(seen.writeCache.output, /Permission denied/);
  });

  it('VOL024 and a program in a missing bind source: Compose creates an empty directory there and the container cannot start its entrypoint', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\nRUN mkdir -p /app/bin && printf '#!/bin/sh\\nexec "$@"\\n' > /app/bin/wait-for && chmod 755 /app/bin/wait-for\nUSER app\n${SLEEP}\n`,
      // hidden: the image has the program there; missing: the program is below the bind (the image has nothing at /app/tools).
      'docker-compose.yml':
        'version: "3.8"\nservices:\n  hidden:\n    build: .\n    network_mode: none\n    entrypoint: ["/app/bin/wait-for", "sleep", "3600"]\n    volumes:\n      - ./bin/wait-for:/app/bin/wait-for\n  missing:\n    build: .\n    network_mode: none\n    entrypoint: ["/app/tools/wait-for", "sleep", "3600"]\n    volumes:\n      - ./tools:/app/tools\n',
    };
    const vol024 = vol024Findings(files);
    assert.deepEqual(vol024.map((f) => f.line), [8, 14]);
    assert.match(vol024[0]!.message, /starts \/app\/bin\/wait-for, but the host path \.\/bin\/wait-for does not exist: Compose creates it at `up` as an empty directory owned by root, and the container cannot start \/app\/bin\/wait-for/);
    assert.match(vol024[1]!.message, /starts \/app\/tools\/wait-for, but the host path \.\/tools does not exist/);
    const seen = observe('vol024-prog', files, (p) => {
      p.compose('build', '-q');
      const up = (service: string): string => {
        try {
          p.compose('up', '-d', '--no-deps', service);
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      };
      const hidden = up('hidden');
      const missing = up('missing');
      const host = (path: string) => {
        const info = statSync(join(p.dir, path));
        return { directory: info.isDirectory(), uid: info.uid };
      };
      return {
        // Over the image's file: the engine refuses to mount the directory it made.
        hidden: hidden !== '' && /not a directory/.test(hidden),
        // The program below the empty directory: not there.
        missing: missing !== '' && /no such file or directory/.test(missing),
        hostSources: [host('bin/wait-for'), host('tools')],
      };
    });
    assert.deepEqual(seen, { hidden: true, missing: true, hostSources: [{ directory: true, uid: 0 }, { directory: true, uid: 0 }] });
  });

  it('VOL024 and a preparing job: a root job the service waits for (service_completed_successfully) gives the new volume to the user before it starts', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\nUSER app\n${SLEEP}\n`,
      // No `version:`: docker-compose 1.29 reads the Compose Specification, which has depends_on conditions.
      'docker-compose.yml':
        'services:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - state:/var/lib/app\n    depends_on:\n      permissions:\n        condition: service_completed_successfully\n  permissions:\n    build: .\n    user: root\n    network_mode: none\n    command: ["chown", "-R", "1000:1000", "/data"]\n    volumes:\n      - state:/data\nvolumes:\n  state:\n',
    };
    assert.deepEqual(vol024Findings(files), []);
    const seen = observe('vol024-job', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d');
      return {
        owner: p.exec('app', 'stat -c %u /var/lib/app').output,
        write: p.exec('app', 'touch /var/lib/app/x'),
      };
    });
    // The job ran first and exited 0; the app started on a volume owned by its user.
    assert.equal(seen.owner, '1000\n');
    assert.deepEqual(seen.write, { code: 0, output: '' });
  });

  it('VOL024 and a job that chowns a missing bind source: Compose creates it for the job, the job gives it to the user, and the service that waits for the job writes to it', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\nUSER 1001\n${SLEEP}\n`,
      // No `version:`: docker-compose 1.29 reads the Compose Specification, which has depends_on conditions.
      'docker-compose.yml':
        'services:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - .data/uploads:/var/uploads\n    depends_on:\n      permissions:\n        condition: service_completed_successfully\n  permissions:\n    build: .\n    user: root\n    network_mode: none\n    command: chown -R 1001:1001 /var/uploads\n    volumes:\n      - .data/uploads:/var/uploads\n',
    };
    // volint, on the checkout (no .data): the job prepares the source before the app starts.
    assert.deepEqual(vol024Findings(files), []);
    // The same job, started with the app but not awaited: the source may still be root's when the app writes.
    assert.deepEqual(vol024Findings({ ...files, 'docker-compose.yml': files['docker-compose.yml'].replace('service_completed_successfully', 'service_started') }).map((f) => f.line), [6]);
    const seen = observe('vol024-job-bind', files, (p) => {
      const before = existsSync(join(p.dir, '.data', 'uploads'));
      p.compose('build', '-q');
      p.compose('up', '-d', 'app');
      const host = statSync(join(p.dir, '.data', 'uploads'));
      return {
        before,
        hostOwner: host.uid,
        owner: p.exec('app', 'stat -c %u /var/uploads').output,
        write: p.exec('app', 'touch /var/uploads/x'),
      };
    });
    // The source was missing; `up app` ran the job first: the directory Compose made is now 1001's, and the app wrote to it.
    assert.equal(seen.before, false);
    assert.equal(seen.hostOwner, 1001);
    assert.equal(seen.owner, '1001\n');
    assert.deepEqual(seen.write, { code: 0, output: '' });
  });

  it('VOL024 and a job that binds a directory above the bind source: the job makes the directory there and chowns it, and the service that waits for it writes to it (Apache Airflow\'s airflow-init)', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\nUSER 1001\n${SLEEP}\n`,
      // No `version:`: docker-compose 1.29 reads the Compose Specification, which has depends_on conditions.
      'docker-compose.yml':
        'services:\n  app:\n    build: .\n    network_mode: none\n    volumes:\n      - ./data/logs:/var/logs\n      - ./data/config:/var/config\n    depends_on:\n      init:\n        condition: service_completed_successfully\n  init:\n    build: .\n    user: "0:0"\n    network_mode: none\n    command: ["sh", "-c", "mkdir -p /sources/logs && chown -R 1001:0 /sources/logs"]\n    volumes:\n      - ./data:/sources\n',
    };
    // volint, on the checkout (no data/): the job makes and chowns logs; config it leaves to Compose, root-owned.
    assert.deepEqual(vol024Findings(files).map((f) => f.line), [7]);
    const seen = observe('vol024-job-parent-bind', files, (p) => {
      p.compose('build', '-q');
      p.compose('up', '-d', 'app');
      return {
        hostOwners: [statSync(join(p.dir, 'data', 'logs')).uid, statSync(join(p.dir, 'data', 'config')).uid],
        writeLogs: p.exec('app', 'touch /var/logs/x'),
        writeConfig: p.exec('app', 'touch /var/config/x').code === 0,
      };
    });
    // `up app` ran the job first: data/logs is 1001's and the app wrote to it; data/config, made by the engine for the app, is root's.
    assert.deepEqual(seen.hostOwners, [1001, 0]);
    assert.deepEqual(seen.writeLogs, { code: 0, output: '' });
    assert.equal(seen.writeConfig, false);
  });

  it('VOL024 and an installer script: run from the directory the script copied the compose file to, a relative bind source is the one the script made and chowned there', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\n${SLEEP}\n`,
      'docker-compose.yml': 'version: "3.8"\nservices:\n  app:\n    build: .\n    user: "1000"\n    network_mode: none\n    volumes:\n      - ./storage:/srv/storage\n',
      // The installer: the stack's files go to {{INSTALL}}, where it makes the bind source and gives it to uid 1000.
      'setup.sh': '#!/bin/sh\nset -e\nmkdir -p {{INSTALL}}/storage\ncp Dockerfile {{INSTALL}}/\ncp docker-compose.yml {{INSTALL}}/\nchown -R 1000:1000 {{INSTALL}}/storage\n',
    };
    // volint, on the checkout (no ./storage beside the compose file): the script prepares it where it installs the file.
    const at = (install: string) => Object.fromEntries(Object.entries(files).map(([name, text]) => [name, text.replaceAll('{{INSTALL}}', install)]));
    assert.deepEqual(vol024Findings(at('/opt/volint-app')), []);
    // The same script without the copy of the compose file: nothing ties /opt/volint-app to it.
    assert.deepEqual(vol024Findings({ ...at('/opt/volint-app'), 'setup.sh': '#!/bin/sh\nmkdir -p /opt/volint-app/storage\nchown -R 1000:1000 /opt/volint-app/storage\n' }).map((f) => f.line), [8]);
    const seen = observe('vol024-installed', files, (p) => {
      const install = join(p.dir, 'installed');
      p.write({ 'setup.sh': files['setup.sh'].replaceAll('{{INSTALL}}', install) });
      const setup = exec('sh', ['setup.sh'], { cwd: p.dir });
      p.compose('-f', join(install, 'docker-compose.yml'), 'build', '-q');
      p.compose('-f', join(install, 'docker-compose.yml'), 'up', '-d');
      return {
        setup: setup.code,
        source: p.mounts('app').map((m) => m.Source.replace(p.dir, '<project>')),
        besideCheckout: existsSync(join(p.dir, 'storage')),
        owner: p.exec('app', 'stat -c %u /srv/storage').output,
        write: p.exec('app', 'touch /srv/storage/x'),
      };
    });
    // Compose resolved ./storage from the installed file's directory: the script's directory, owned by 1000, writable.
    assert.equal(seen.setup, 0);
    assert.deepEqual(seen.source, ['<project>/installed/storage']);
    assert.equal(seen.besideCheckout, false);
    assert.equal(seen.owner, '1000\n');
    assert.deepEqual(seen.write, { code: 0, output: '' });
  });

  it('VOL024 and a bind source under the home directory: on a machine that lacks it, Compose creates it (and its missing parents) root-owned, resolving `~` against HOME; a project script that makes and chowns it first leaves it writable', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\n${SLEEP}\n`,
      'docker-compose.yml':
        'version: "3.8"\nservices:\n  app:\n    build: .\n    user: "1000"\n    network_mode: none\n    volumes:\n      - ~/.freshstack/appdata/app:/srv/data\n      - ~/.freshstack/data/ready:/srv/ready\n',
      // The project's setup script: makes one of the two under the home directory and gives it to uid 1000.
      'setup.sh': '#!/bin/sh\nset -e\nmkdir -p ~/.freshstack/data/ready\nchown 1000 ~/.freshstack/data/ready\n',
    };
    // volint, before `up`: it cannot look at the machine that runs Compose; it reports the directory the script leaves alone, as possible.
    const found = lintFindings(files).filter((f) => f.ruleId === 'VOL024');
    assert.deepEqual(found.map((f) => f.line), [8]);
    assert.match(found[0]!.message, /the host path ~\/\.freshstack\/appdata\/app is under the home directory, where a fresh machine does not have it: Compose creates it there at `up`, owned by root, and 1000 cannot write to \/srv\/data/);
    const seen = observe('vol024-home', files, (p) => {
      // A fresh machine: HOME is an empty directory of the test's own.
      const home = join(p.dir, 'home');
      mkdirSync(home);
      p.moreEnv = { HOME: home };
      const setup = exec('sh', ['setup.sh'], { cwd: p.dir, env: { HOME: home } });
      const before = existsSync(join(home, '.freshstack', 'appdata'));
      p.compose('build', '-q');
      p.compose('up', '-d');
      const stat = (path: string) => {
        const s = statSync(join(home, path));
        return { uid: s.uid, mode: (s.mode & 0o7777).toString(8) };
      };
      return {
        setup: setup.code,
        before,
        sources: p.mounts('app').map((m) => m.Source.replace(home, '~')).sort(),
        created: stat('.freshstack/appdata/app'),
        parent: stat('.freshstack/appdata'),
        uid: p.exec('app', 'id -u').output,
        missing: p.exec('app', 'touch /srv/data/x'),
        prepared: p.exec('app', 'touch /srv/ready/x'),
      };
    });
    assert.equal(seen.setup, 0);
    assert.equal(seen.before, false);
    // docker-compose 1.29 resolved `~` against HOME.
    assert.deepEqual(seen.sources, ['~/.freshstack/appdata/app', '~/.freshstack/data/ready']);
    // The engine made the missing source root-owned, mode 755, and its missing parent the same way.
    assert.deepEqual(seen.created, { uid: 0, mode: '755' });
    assert.deepEqual(seen.parent, { uid: 0, mode: '755' });
    assert.equal(seen.uid, '1000\n');
    assert.notEqual(seen.missing.code, 0);
    assert.match(seen.missing.output, /Permission denied/);
    // The directory the script made and gave to 1000 first is writable.
    assert.deepEqual(seen.prepared, { code: 0, output: '' });
  });

  it('VOL024 on an `image:` service the repository builds: it runs that Dockerfile\'s USER over a bind source Compose creates root-owned, whether a service of the project or a CI build tags the image', () => {
    const files = {
      Dockerfile: `FROM {{BASE}}\nRUN mkdir -p /srv/uploads && chown app /srv/uploads\nUSER app\n${SLEEP}\n`,
      'docker-compose.yml':
        'version: "3.8"\nservices:\n  app:\n    build: .\n    image: {{IMAGE}}-app:1\n    network_mode: none\n  worker:\n    image: {{IMAGE}}-app:1\n    network_mode: none\n    volumes:\n      - ./uploads:/srv/uploads\n  released:\n    image: {{IMAGE}}-released\n    network_mode: none\n    volumes:\n      - ./media:/srv/uploads\n',
      // The CI step that builds the repository's Dockerfile and tags the image `released` names.
      '.github/workflows/docker.yml': 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          tags: {{IMAGE}}-released:latest\n',
    };
    const named = (image: string) => Object.fromEntries(Object.entries(files).map(([name, text]) => [name, text.replaceAll('{{IMAGE}}', image)]));
    // volint, before `up`: both services run the Dockerfile's USER app over a bind source that does not exist, and say what ties their image to it.
    const vol024 = vol024Findings(named('volint-linked'));
    assert.deepEqual(vol024.map((f) => f.line), [11, 16]);
    assert.match(vol024[0]!.message, /the host path \.\/uploads does not exist: Compose creates it at `up`, owned by root, and app cannot write to \/srv\/uploads/);
    assert.match(vol024[0]!.explanation.join(' '), /service app of this project builds volint-linked-app:1 from Dockerfile and tags it with its `image:` \(docker-compose\.yml:5\)/);
    assert.match(vol024[1]!.explanation.join(' '), /\.github\/workflows\/docker\.yml:8 builds volint-linked-released:latest from Dockerfile/);
    const seen = cached(['compose-runtime', 'vol024-linked', files], () => {
      const project = new ComposeProject('vol024-linked', {});
      const image = project.name;
      try {
        project.write(named(image));
        // What the CI does, here without a registry: build the Dockerfile and tag the image.
        const ci = exec(DOCKER, ['build', '-q', '-t', `${image}-released:latest`, project.dir], { env: { DOCKER_BUILDKIT: '0' } });
        project.compose('build', '-q');
        project.compose('up', '-d');
        const services = ['worker', 'released'];
        return {
          ci: ci.code,
          users: services.map((s) => project.exec(s, 'id -u').output),
          owners: services.map((s) => project.exec(s, 'stat -c %u /srv/uploads').output),
          writes: services.map((s) => project.exec(s, 'touch /srv/uploads/x').code === 0),
        };
      } finally {
        project.destroy();
        exec(DOCKER, ['rmi', '-f', `${image}-app:1`, `${image}-released:latest`]);
      }
    });
    // Both containers run the image of the Dockerfile (USER app, uid 1000); the directory the image gave to app is hidden by the root-owned bind source.
    assert.equal(seen.ci, 0);
    assert.deepEqual(seen.users, ['1000\n', '1000\n']);
    assert.deepEqual(seen.owners, ['0\n', '0\n']);
    assert.deepEqual(seen.writes, [false, false]);
  });

  it('VOL025 compose-shared-volume-seed: a named volume shared by two services is seeded by the one that starts first', () => {
    const seen = observe(
      'vol025',
      {
        'web/Dockerfile': `FROM {{BASE}}\nRUN mkdir -p /srv/static && echo web > /srv/static/from\n${SLEEP}\n`,
        'proxy/Dockerfile': `FROM {{BASE}}\nRUN mkdir -p /usr/share/html && echo proxy > /usr/share/html/from\n${SLEEP}\n`,
        'docker-compose.yml':
          'version: "3.8"\nservices:\n  proxy:\n    build: proxy\n    network_mode: none\n    depends_on: [web]\n    volumes:\n      - static:/usr/share/html\n  web:\n    build: web\n    network_mode: none\n    volumes:\n      - static:/srv/static\nvolumes:\n  static:\n',
      },
      (p) => {
        p.compose('build', '-q');
        p.compose('up', '-d');
        return { proxy: p.exec('proxy', 'cat /usr/share/html/from').output, web: p.exec('web', 'cat /srv/static/from').output };
      },
    );
    // web starts first (proxy depends on it): the volume holds web's content; proxy's image content is hidden.
    assert.deepEqual(seen, { proxy: 'web\n', web: 'web\n' });
  });

  it('VOL026 compose-tmpfs-hides-image: a tmpfs over a directory the image fills hides its content', () => {
    const seen = observe(
      'vol026',
      {
        Dockerfile: `FROM {{BASE}}\nRUN mkdir -p /app/config && echo setting > /app/config/app.ini\n${SLEEP}\n`,
        'docker-compose.yml': 'version: "3.8"\nservices:\n  app:\n    build: .\n    network_mode: none\n    tmpfs:\n      - /app/config\n',
      },
      (p) => {
        p.compose('build', '-q');
        p.compose('up', '-d');
        return { listing: p.exec('app', 'ls -A /app/config').output, mounts: p.exec('app', 'cat /proc/mounts').output };
      },
    );
    assert.equal(seen.listing, '');
    assert.match(seen.mounts, /^tmpfs \/app\/config tmpfs /m);
  });

  it('A Dockerfile for BuildKit in a Compose project: docker-compose 1.29 builds it with BuildKit (DOCKER_BUILDKIT=1), where a stage sees the ARG of the stage it is built FROM and `COPY --from=build $APP_DIR ./` brings that directory; the legacy builder refuses the file; volint leaves the development stack\'s bind of the sources there alone', () => {
    // `RUN --mount` is what makes the file one for BuildKit (the compose model then reads it as BuildKit builds it).
    const dockerfile = `FROM {{BASE}} AS common\nARG APP_DIR=/srv/shop\nWORKDIR $APP_DIR\n\nFROM common AS build\nCOPY . ./\nRUN mkdir -p built && echo made > built/out.txt\n\nFROM common AS app\nRUN --mount=type=tmpfs,target=/scratch true\nCOPY --from=build $APP_DIR ./\n${SLEEP}\n`;
    const compose = 'version: "3.8"\nservices:\n  app:\n    build:\n      context: .\n      network: host\n    network_mode: none\n    volumes:\n      - .:/srv/shop\n';
    // Observed without the bind: what the image holds at /srv/shop, the build stage's directory.
    const files = { Dockerfile: dockerfile, 'app.txt': 'sources\n', 'docker-compose.yml': compose.replace('    volumes:\n      - .:/srv/shop\n', '') };
    const seen = observe('buildkit-parent-arg', files, (p) => {
      p.compose('build', '-q');
      const image = p.compose('run', '--rm', '-T', 'app', 'sh', '-c', 'cat /srv/shop/built/out.txt /srv/shop/app.txt');
      return { image };
    }, 'buildkit');
    assert.equal(seen.image, 'made\nsources\n');
    const legacy = observe('legacy-refuses-mount', files, (p) => {
      try {
        p.compose('build', '-q');
        return 'built';
      } catch (err) {
        return /--mount option requires BuildKit/.test((err as Error).message) ? 'refused: --mount requires BuildKit' : (err as Error).message.slice(-300);
      }
    });
    assert.equal(legacy, 'refused: --mount requires BuildKit');
    // volint: in a file named for development, the bind of the sources over the directory the build stage copied them to is left alone;
    // under compose.deployed it is reported for what the build made there.
    const lint = (name: string, args: string[] = []): string[] => {
      const dir = tempDir('volint-buildkit-parent-arg-');
      try {
        for (const [file, text] of Object.entries({ ...files, [name]: compose })) writeFileSync(join(dir, file), text.replaceAll('{{BASE}}', 'busybox:1.36'));
        const result = runCli([join(dir, name), '--no-config', '--format', 'json', ...args], { cwd: dir });
        const report = JSON.parse(result.stdout) as { files: Array<{ findings: Array<{ ruleId: string; line: number }> }> };
        return report.files.flatMap((f) => f.findings).filter((f) => f.ruleId.startsWith('VOL02')).map((f) => `${f.ruleId}:${f.line}`);
      } finally {
        removeDir(dir);
      }
    };
    assert.deepEqual(lint('docker-compose.dev.yml'), []);
    assert.deepEqual(lint('docker-compose.dev.yml', ['--compose-deployed']), ['VOL020:9']);
  });
});
