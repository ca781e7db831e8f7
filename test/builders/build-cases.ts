/**
 * Dockerfiles built under the legacy builder, BuildKit and buildah and held against `volint model`
 * (test/builders/build-model.test.ts). Each is small and written for this suite; every FROM names
 * the local busybox base image or an earlier stage. A case says nothing about the outcome: the
 * model's output is the expectation, the builds are the observation.
 */
import { BASE } from '../helpers/engines.js';
import type { BuilderCase } from './observe.js';

const F = `FROM ${BASE}`;

function c(id: string, title: string, lines: string[], extra: Partial<BuilderCase> = {}): BuilderCase {
  return { id, title, dockerfile: lines.join('\n') + '\n', ...extra };
}

export const BUILD_CASES: BuilderCase[] = [
  c('B01', 'a RUN write after VOLUME, content from before it', [F, 'RUN mkdir /data && echo one > /data/a', 'VOLUME /data', 'RUN echo two > /data/b']),
  c('B02', 'chown of a file after VOLUME', [F, 'RUN mkdir /data && echo one > /data/a', 'VOLUME /data', 'RUN chown 1000:1000 /data/a']),
  c('B03', 'chmod of a file after VOLUME', [F, 'RUN mkdir /data && echo one > /data/a && chmod 644 /data/a', 'VOLUME /data', 'RUN chmod 600 /data/a']),
  c('B04', 'a deletion after VOLUME', [F, 'RUN mkdir /data && echo one > /data/a && echo two > /data/b', 'VOLUME /data', 'RUN rm /data/a']),
  c('B05', 'COPY into a volume after VOLUME (VOL012)', [F, 'RUN mkdir /data', 'VOLUME /data', 'COPY seed.txt /data/seed.txt'], { files: { 'seed.txt': 'seed\n' } }),
  c('B06', 'COPY after VOLUME, then a RUN chmod of the copied file', [F, 'VOLUME /data', 'COPY seed.txt /data/seed.txt', 'RUN chmod 600 /data/seed.txt'], { files: { 'seed.txt': 'seed\n' } }),
  c('B07', 'mkdir -p of a sub-directory after VOLUME', [F, 'RUN mkdir -p /data', 'VOLUME /data', 'RUN mkdir -p /data/sub/deeper']),
  c('B08', 'WORKDIR inside a volume after VOLUME', [F, 'RUN mkdir /data', 'VOLUME /data', 'WORKDIR /data/work']),
  c('B09', 'a relative VOLUME mounts under / whatever WORKDIR is (VOL003)', [F, 'RUN mkdir -p /app /data && echo one > /data/a', 'WORKDIR /app', 'VOLUME data', 'RUN echo two > /data/b && echo three > /app/c']),
  c('B10', 'JSON-form VOLUME with two paths', [F, 'RUN mkdir /a /b', 'VOLUME ["/a", "/b"]', 'RUN echo x > /a/x && echo y > /b/y']),
  c('B11', 'nested volumes, a write into the inner one (VOL010)', [F, 'RUN mkdir -p /data/logs', 'VOLUME /data', 'VOLUME /data/logs', 'RUN echo x > /data/logs/app.log && echo y > /data/top']),
  c('B12', 'the same path declared twice (VOL010)', [F, 'RUN mkdir /data', 'VOLUME /data', 'RUN echo x > /data/x', 'VOLUME /data', 'RUN echo y > /data/y']),
  c('B13', 'a volume inherited through FROM stage', [F + ' AS base', 'RUN mkdir /data && echo one > /data/a', 'VOLUME /data', 'FROM base', 'RUN echo two > /data/b && chown 1000 /data/a']),
  c('B14', 'a VOLUME in a stage outside the final image (VOL014); the stage built with --target', [F + ' AS side', 'RUN mkdir /out && echo one > /out/a', 'VOLUME /out', 'RUN echo two > /out/b && rm /out/a', F, 'COPY --from=side /out /copied']),
  c('B15', 'VOLUME from an ARG default', [F, 'ARG DIR=/data', 'RUN mkdir -p $DIR', 'VOLUME $DIR', 'RUN echo x > $DIR/x']),
  c('B16', 'VOLUME from an ENV value in braces', [F, 'ENV DATA=/srv/data', 'RUN mkdir -p ${DATA}', 'VOLUME ${DATA}', 'RUN echo x > ${DATA}/x']),
  c('B17', 'chown -R of a parent of the volume after VOLUME', [F, 'RUN mkdir -p /srv/data && echo one > /srv/data/a', 'VOLUME /srv/data', 'RUN chown -R 1000:1000 /srv']),
  c('B18', 'shell-form VOLUME with two words declares two volumes', [F, 'RUN mkdir /one /two', 'VOLUME /one /two', 'RUN echo x > /one/x && echo y > /two/y']),
  c('B19', 'a cache directory as a volume (VOL017): later writes to it', [F, 'RUN mkdir -p /var/cache/apk', 'VOLUME /var/cache/apk', 'RUN echo index > /var/cache/apk/APKINDEX']),
  c('B20', 'chown before VOLUME, write after', [F, 'RUN mkdir /data && chown 1000:1000 /data', 'VOLUME /data', 'RUN echo x > /data/x']),
  c('B21', 'several RUN steps after VOLUME on different files', [F, 'RUN mkdir /data', 'VOLUME /data', 'RUN echo a > /data/a', 'RUN echo b > /data/b', 'RUN mkdir /data/c']),
  c('B22', 'COPY --chown into a volume after VOLUME', [F, 'RUN mkdir /data', 'VOLUME /data', 'COPY --chown=1000:1000 seed.txt /data/seed.txt'], { files: { 'seed.txt': 'seed\n' } }),
  c('B23', 'ADD of a local file into a volume after VOLUME', [F, 'RUN mkdir /data', 'VOLUME /data', 'ADD seed.txt /data/added.txt'], { files: { 'seed.txt': 'seed\n' } }),
  c('B24', 'chmod of the volume directory itself after VOLUME', [F, 'RUN mkdir /data && chmod 755 /data', 'VOLUME /data', 'RUN chmod 1777 /data']),
  c('B25', 'chown of the volume directory itself after VOLUME (VOL016)', [F, 'RUN mkdir /data', 'VOLUME /data', 'RUN chown 1000:1000 /data', 'USER app']),
  c('B26', 'a write through a relative path from WORKDIR after VOLUME', [F, 'RUN mkdir /data', 'VOLUME /data', 'WORKDIR /data', 'RUN echo x > rel.txt']),
  c('B27', 'cp into a volume after VOLUME', [F, 'RUN mkdir /data', 'VOLUME /data', 'RUN cp /etc/passwd /data/']),
  c('B28', 'mv out of a volume after VOLUME', [F, 'RUN mkdir /data && echo one > /data/a', 'VOLUME /data', 'RUN mv /data/a /tmp/a']),
  c('B29', 'tee into a volume after VOLUME', [F, 'RUN mkdir /data', 'VOLUME /data', 'RUN echo x | tee /data/t']),
  c('B30', 'a symlink made inside a volume after VOLUME', [F, 'RUN mkdir /data', 'VOLUME /data', 'RUN ln -s /etc/passwd /data/link']),
  c('B31', 'a deep volume declared on a path no step made, then mkdir -p under it', [F, 'VOLUME /a/b/c', 'RUN mkdir -p /a/b/c/d']),
  c('B32', 'ARG redeclared in a later stage decides the volume path', ['ARG DIR=/data', F + ' AS first', 'ARG DIR', 'RUN mkdir -p $DIR', 'VOLUME $DIR', 'RUN echo x > $DIR/x', F, 'ARG DIR=/other', 'RUN mkdir -p $DIR', 'VOLUME $DIR', 'RUN echo y > $DIR/y']),
  c('B33', 'a RUN write before the VOLUME and one in the child stage', [F + ' AS base', 'RUN mkdir /data && echo one > /data/a', 'VOLUME /data', 'RUN echo two > /data/b', 'FROM base', 'RUN echo three > /data/c']),
  c('B34', 'rm -rf of a directory inside a volume after VOLUME', [F, 'RUN mkdir -p /data/old && echo x > /data/old/f', 'VOLUME /data', 'RUN rm -rf /data/old']),
  c('B35', 'touch of an existing file after VOLUME changes nothing kept', [F, 'RUN mkdir /data && echo one > /data/a', 'VOLUME /data', 'RUN echo appended >> /data/a']),
  c('B36', 'writes next to a volume (not in it) are kept', [F, 'RUN mkdir /data /data2', 'VOLUME /data', 'RUN echo x > /data2/x && echo y > /data/y']),
  c('B37', 'a volume under /var/lib, chown of a sub-directory after VOLUME', [F, 'RUN mkdir -p /var/lib/app/sub', 'VOLUME /var/lib/app', 'RUN chown 1000:1000 /var/lib/app/sub']),
  c('B38', 'a volume declared in JSON form with spaces in the path', [F, 'RUN mkdir "/my data"', 'VOLUME ["/my data"]', 'RUN echo x > "/my data/x"']),
  c('B39', 'COPY of a directory into a volume after VOLUME', [F, 'RUN mkdir /data', 'VOLUME /data', 'COPY seed/ /data/seed/'], { files: { 'seed/a.txt': 'a\n', 'seed/b.txt': 'b\n' } }),
  c('B40', 'a chown by user name after VOLUME', [F, 'RUN mkdir /data && echo one > /data/a', 'VOLUME /data', 'RUN chown app:app /data/a']),
  c('B41', 'install-like mkdir -m after VOLUME', [F, 'RUN mkdir /data', 'VOLUME /data', 'RUN mkdir -m 700 /data/private']),
  c('B42', 'a volume in a named middle stage, the last stage FROM it', [F + ' AS base', 'RUN mkdir -p /var/lib/db', 'VOLUME /var/lib/db', 'FROM base AS mid', 'RUN echo x > /var/lib/db/x', 'FROM mid', 'RUN echo y > /var/lib/db/y']),
  // Whether the VOLUME made its directory (VOL018): a build that fails is held against VOL018 under that builder.
  c('B43', 'cd into a volume no step created (VOL018)', [F, 'VOLUME /data', 'RUN cd /data && echo x > x']),
  c('B44', 'touch in a JSON-form volume no step created (VOL018)', [F, 'VOLUME ["/a"]', 'RUN touch /a/x']),
  c('B45', 'mkdir without -p of a declared volume path (VOL018)', [F, 'VOLUME /data', 'RUN mkdir /data && echo x > /data/x']),
  c('B46', 'chown of a volume directory no step created (VOL018)', [F, 'VOLUME /data', 'RUN chown app /data']),
  c('B47', 'chmod of a volume directory no step created (VOL018)', [F, 'VOLUME /data', 'RUN chmod 777 /data']),
  c('B48', 'mkdir -p under a volume no step created works everywhere', [F, 'VOLUME /data', 'RUN mkdir -p /data/sub && echo x > /data/sub/x']),
  c('B49', 'a write through a symlink made before the VOLUME', [F, 'RUN mkdir /data && ln -s /data /link', 'VOLUME /data', 'RUN echo x > /link/f']),
  // Below /srv, /opt and /home a distribution has nothing: the base image (unknown to volint, so VOL018 is only possible) has nothing either.
  c('B50', 'a write below /srv after mkdir -p /srv only (VOL018)', [F, 'RUN mkdir -p /srv', 'VOLUME /srv/data', 'RUN echo x > /srv/data/x']),
  c('B51', 'tar -x -C into a volume below /opt no step created (VOL018)', [F, 'RUN tar -cf /tmp/a.tar -C /etc passwd', 'VOLUME /opt/app', 'RUN tar -xf /tmp/a.tar -C /opt/app']),
  c('B52', 'an append redirect into a volume below /home no step created (VOL018)', [F, 'VOLUME /home/app/data', 'RUN echo x >> /home/app/data/log']),
  // Steps that read the directory or copy into it as a directory.
  c('B53', 'ls of a volume no step created (VOL018)', [F, 'VOLUME /data', 'RUN ls -la /data']),
  c('B54', 'find over a volume no step created (VOL018)', [F, 'VOLUME /data', 'RUN find /data -type f -exec chmod 600 {} +']),
  c('B55', 'cp into a volume directory (trailing slash) no step created (VOL018)', [F, 'VOLUME /data', 'RUN cp /etc/passwd /data/']),
  // ARG values across stages: a global ARG names the stage FROM builds on; an ARG of a parent stage reaches a child stage under BuildKit only (ENV under every builder).
  c('B56', 'FROM ${STAGE} with a global ARG naming an earlier stage; the global ARG redeclared in the stage', ['ARG STAGE=first', 'ARG DIR=/data', F + ' AS first', 'RUN mkdir -p /data /other && echo one > /data/a', 'VOLUME /data', 'FROM ${STAGE}', 'ARG DIR', 'RUN echo two > $DIR/b && echo three > ${DIR}/../other/c']),
  c('B57', 'a parent stage\'s ARG in a child stage\'s VOLUME (BuildKit passes it on), its ENV (every builder does)', [F + ' AS tools', 'FROM scratch AS first', 'COPY --from=tools / /', 'ARG A=/a', 'ENV E=/e', 'RUN mkdir -p /a /e /x /x/a', 'FROM first', 'VOLUME /x${A} ${E}', 'RUN echo 1 > /x/f && echo 2 > /e/f && echo 3 > /x/a/f']),
];
