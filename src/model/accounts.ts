/**
 * Which uid an account name stands for inside an image, as far as volint knows it: an account the
 * Dockerfile's own steps make with a uid (`useradd -u 1000 app`), or an account a few official
 * images are known to make with a fixed uid. A process's user is decided by the image's
 * /etc/passwd, so a name said here is the image's, not the host's.
 *
 * Facts, with their sources:
 * - node: every variant makes `node` with uid 1000 (github.com/nodejs/docker-node, the Debian
 *   templates `groupadd --gid 1000 node && useradd --uid 1000 --gid node …`, the Alpine template
 *   `addgroup -g 1000 node && adduser -u 1000 -G node …`).
 * - nginx: `nginx` is uid 101 in the Debian and the Alpine variants (github.com/nginxinc/docker-nginx:
 *   `useradd --system … --uid 101 nginx`; `adduser -S -D -H -u 101 … nginx`).
 * - jenkins/jenkins (and the old jenkins): `jenkins` is uid 1000 (github.com/jenkinsci/docker: `ARG
 *   uid=1000`, `useradd … -u ${uid} … ${user}`; its README: "jenkins user - uid 1000").
 * - sonatype/nexus3: `nexus` is uid 200 (github.com/sonatype/docker-nexus3: `useradd -r -u 200 … nexus`;
 *   its README: `chown -R 200 /some/dir/nexus-data`).
 * - php and the images built on it (wordpress, drupal, nextcloud), and httpd: `www-data` is uid 33
 *   in the Debian variants (Debian's base-passwd fixes it) and uid 82 in the Alpine variants, which
 *   make it themselves (github.com/docker-library/php and httpd: `adduser -u 82 -D -S -G www-data
 *   www-data`, "82 is the standard uid/gid for www-data in Alpine").
 * - the images of the base-image catalogue whose USER is a name: the entry's `uid`, read from the
 *   Dockerfile its `source` cites (sonarqube's `sonarqube` is 1000, prom/prometheus's `nobody` 65534,
 *   graylog/graylog's `graylog` 1100), for the tags and registry the entry speaks for.
 */
import { BaseImageCatalog, dataCatalogEntries } from './base-images.js';
import { chainRoot } from './query.js';
import type { ImageRef } from './image-types.js';
import { accountUids } from './ownership.js';
import type { Stage } from './types.js';

const WWW_DATA_IMAGES = new Set(['php', 'wordpress', 'drupal', 'nextcloud', 'httpd']);

let dataCatalog: BaseImageCatalog | undefined;

/** The uid the catalogue's entry for `ref` gives its USER, when that USER is the account `name`. */
function catalogueUid(ref: ImageRef, name: string): string | null {
  const info = (dataCatalog ??= new BaseImageCatalog([dataCatalogEntries()])).lookup(ref);
  if (info?.uid === undefined || info.user === undefined) return null;
  return info.user.split(':')[0]!.trim() === name ? info.uid : null;
}

/** The uid an official image gives the account `name`, or null when volint does not know it. */
export function imageAccountUid(ref: ImageRef, name: string): string | null {
  const repository = ref.name;
  if (repository === 'node' && name === 'node') return '1000';
  if (repository === 'nginx' && name === 'nginx') return '101';
  if ((repository === 'jenkins/jenkins' || repository === 'jenkins') && name === 'jenkins') return '1000';
  if (repository === 'sonatype/nexus3' && name === 'nexus') return '200';
  if (WWW_DATA_IMAGES.has(repository) && name === 'www-data') return ref.tag !== null && /alpine/i.test(ref.tag) ? '82' : '33';
  return catalogueUid(ref, name);
}

/**
 * The uid of `user` (`1000`, `node`, `app:app`; the part before `:`) in an image: a number as it
 * is, root as 0, else the uid a step of the stage chain gave the account (useradd/adduser -u),
 * else the base image's known account (imageAccountUid). Null when volint does not know it.
 */
export function uidOf(user: string, stage: Stage | null, image: ImageRef | null): string | null {
  const name = user.split(':')[0]!.trim();
  if (/^\d+$/.test(name)) return String(Number(name));
  if (name === 'root') return '0';
  if (name === '') return null;
  if (stage) {
    const written = accountUids(stage).get(name);
    if (written !== undefined) return /^\d+$/.test(written) ? String(Number(written)) : null;
  }
  const ref = image ?? (stage ? baseImageOf(stage) : null);
  return ref ? imageAccountUid(ref, name) : null;
}

/** The image the stage chain starts from, or null (scratch, a variable volint cannot resolve). */
function baseImageOf(stage: Stage): ImageRef | null {
  const base = chainRoot(stage).base;
  return base.kind === 'image' ? base.ref : null;
}
