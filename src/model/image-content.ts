/**
 * Files an image holds that volint knows without seeing the image: what official images put at a
 * few paths, read from their public Dockerfiles, and what a path holds in any image that has it at
 * all. The base-image catalogue (base-images.json) lists an image's VOLUMEs, ENV and USER; this
 * lists content, for the run-time rules that ask what a volume over a path is seeded with.
 *
 * Facts (each entry names its source):
 * - docker-library/python builds Python from source with configure's default prefix, /usr/local, and
 *   installs pip into it: the interpreter and pip are in /usr/local/bin (`ENV PATH /usr/local/bin:$PATH`),
 *   the installed packages in /usr/local/lib/pythonX.Y/site-packages; a `pip install` run as root
 *   outside a virtual environment adds packages there and their commands to /usr/local/bin.
 * - nodejs/docker-node extracts Node's release tarball into /usr/local (`tar … -C /usr/local
 *   --strip-components=1`): node, npm, npx and corepack in /usr/local/bin, npm and corepack in
 *   /usr/local/lib/node_modules, where `npm install -g` adds packages.
 * - docker-library/ruby, php and golang install under /usr/local the same way (/usr/local/bin,
 *   /usr/local/lib/ruby, /usr/local/lib/php, /usr/local/go).
 * - nginxinc/docker-nginx installs nginx.org's package, which puts its default pages (index.html,
 *   50x.html) in /usr/share/nginx/html; docker-library/httpd builds Apache under /usr/local/apache2,
 *   whose htdocs holds the default index.html.
 * - In an image volint cannot see (not an official image): /usr/local/lib/pythonX.Y/site-packages
 *   exists only where a Python was installed with the prefix /usr/local (built from source, as in the
 *   python images and every image built on them; Debian's and Alpine's packages use /usr/lib), and
 *   such an install puts pip there; /usr/local/lib/node_modules only where Node.js was installed at
 *   /usr/local, with npm in it. So where the image has the path at all, it holds installed software.
 */
import type { ImageRef } from './image-types.js';
import { isWithin } from './paths.js';
import { isOfficialImage } from './query.js';

/**
 * `software`: installed programs and packages, which change with every build of the image (a new
 * base image, a new dependency); `site`: a default web page or configuration the image ships.
 */
export type ImageContentKind = 'software' | 'site';

export interface ImageContent {
  /** The directory that holds the content. */
  path: string;
  /** What it holds, as a phrase: `Python's programs (python3, pip …)`. */
  holds: string;
  kind: ImageContentKind;
  /**
   * `official`: read from the official image's Dockerfile (the image holds it); `unseen`: the image is
   * not one volint can see, and the path holds this wherever an image has it at all.
   */
  basis: 'official' | 'unseen';
  /** Where the fact comes from (a Dockerfile URL). */
  source: string;
  /** For `unseen`: in which images the path holds it (`in any image that has it`, `where the image has the Python …`). */
  where: string;
  /** For `unseen`: why, as a sentence. */
  reason: string;
}

interface OfficialEntry {
  /** The official image's name (`python`). */
  image: string;
  /** The directory; `{python}` stands for `python3.12`, read from the tag. */
  path: string;
  holds: string;
  kind: ImageContentKind;
  source: string;
}

const PYTHON_SOURCE = 'https://github.com/docker-library/python/blob/master/Dockerfile-linux.template';
const NODE_SOURCE = 'https://github.com/nodejs/docker-node/blob/main/Dockerfile-debian.template';
const RUBY_SOURCE = 'https://github.com/docker-library/ruby/blob/master/Dockerfile.template';
const PHP_SOURCE = 'https://github.com/docker-library/php/blob/master/Dockerfile-linux.template';

const OFFICIAL: readonly OfficialEntry[] = [
  { image: 'python', path: '/usr/local/bin', holds: "Python's programs (python3, pip …) and the commands of the packages pip installs", kind: 'software', source: PYTHON_SOURCE },
  { image: 'python', path: '/usr/local/lib/{python}/site-packages', holds: 'the installed Python packages (pip, and whatever pip installs)', kind: 'software', source: PYTHON_SOURCE },
  { image: 'node', path: '/usr/local/bin', holds: "Node.js's programs (node, npm, npx, corepack) and the commands of global npm packages", kind: 'software', source: NODE_SOURCE },
  { image: 'node', path: '/usr/local/lib/node_modules', holds: 'the global npm packages (npm, corepack, and whatever `npm install -g` installs)', kind: 'software', source: NODE_SOURCE },
  { image: 'ruby', path: '/usr/local/bin', holds: "Ruby's programs (ruby, gem, bundle, irb …)", kind: 'software', source: RUBY_SOURCE },
  { image: 'ruby', path: '/usr/local/lib/ruby', holds: "Ruby's standard library and default gems", kind: 'software', source: RUBY_SOURCE },
  { image: 'php', path: '/usr/local/bin', holds: "PHP's programs (php, pecl, docker-php-ext-install …)", kind: 'software', source: PHP_SOURCE },
  { image: 'php', path: '/usr/local/lib/php', holds: "PHP's extensions and PEAR", kind: 'software', source: PHP_SOURCE },
  { image: 'golang', path: '/usr/local/go', holds: 'the Go toolchain', kind: 'software', source: 'https://github.com/docker-library/golang/blob/master/Dockerfile-linux.template' },
  { image: 'nginx', path: '/usr/share/nginx/html', holds: "nginx's default pages (index.html, 50x.html)", kind: 'site', source: 'https://github.com/nginxinc/docker-nginx/blob/master/mainline/debian/Dockerfile' },
  { image: 'httpd', path: '/usr/local/apache2/htdocs', holds: "Apache's default page (index.html)", kind: 'site', source: 'https://github.com/docker-library/httpd/blob/master/2.4/Dockerfile' },
];

/** `python3.12` from a python image's tag (`3.12-slim`, `3.12.4-alpine`); null when the tag names no minor version. */
function pythonDirectory(tag: string | null): string | null {
  const match = tag === null ? null : /^(\d+)\.(\d+)(?:[.-]|$)/.exec(tag);
  return match ? `python${match[1]}.${match[2]}` : null;
}

/** `/usr/local/lib/python3.10/site-packages` and `/usr/local/lib/node_modules`: runtimes' package directories under /usr/local. */
const UNSEEN_PYTHON = /^\/usr\/local\/lib\/python\d+\.\d+\/site-packages$/;
const UNSEEN_NODE = '/usr/local/lib/node_modules';

/**
 * Package directories of a language runtime installed at /usr/local, in an image volint cannot see:
 * where the image has the path at all, it holds installed software.
 */
export function unseenRuntimeDirectory(path: string): ImageContent | null {
  if (UNSEEN_PYTHON.test(path)) {
    return {
      path,
      holds: 'the packages of the Python installed at /usr/local (pip at least, and whatever pip installs)',
      kind: 'software',
      basis: 'unseen',
      source: PYTHON_SOURCE,
      where: 'in any image that has it',
      reason: `Only a Python installed with the prefix /usr/local makes ${path} (built from source, as the official python images do it and every image built on them inherits it; Debian's and Alpine's Python packages use /usr/lib), and installing it puts pip there.`,
    };
  }
  if (path === UNSEEN_NODE) {
    return {
      path,
      holds: 'the global npm packages of the Node.js installed at /usr/local (npm at least)',
      kind: 'software',
      basis: 'unseen',
      source: NODE_SOURCE,
      where: 'in any image that has it',
      reason: `Only a Node.js installed at /usr/local makes ${path} (as the official node images do it and every image built on them inherits it), with npm in it.`,
    };
  }
  return null;
}

/**
 * What the image `ref` holds at or below the mount point `target`, when volint knows it: an official
 * image's directory at or below the target (a volume over /usr/local/bin, or over /usr/local, of a
 * python image), or, for an image that is not official, a runtime's package directory at the target.
 * `/usr/local/bin` of an image that is not official holds a runtime's programs only where the image
 * has that runtime: `runtimeMounts` are other mount points of the same container that name one (a
 * volume at /usr/local/lib/python3.10/site-packages says the service expects a Python there).
 */
export function knownImageContent(ref: ImageRef | null, target: string, runtimeMounts: readonly string[] = []): ImageContent | null {
  if (ref === null) return null;
  if (isOfficialImage(ref)) {
    for (const entry of OFFICIAL) {
      if (entry.image !== ref.name) continue;
      let path = entry.path;
      if (path.includes('{python}')) {
        const directory = pythonDirectory(ref.tag);
        if (directory === null) continue;
        path = path.replace('{python}', directory);
      }
      if (isWithin(path, target)) return { path, holds: entry.holds, kind: entry.kind, basis: 'official', source: entry.source, where: '', reason: '' };
    }
    return null;
  }
  const runtime = unseenRuntimeDirectory(target);
  if (runtime) return runtime;
  if (target === '/usr/local/bin') {
    const beside = runtimeMounts.map(unseenRuntimeDirectory).find((c): c is ImageContent => c !== null);
    if (beside) {
      const python = UNSEEN_PYTHON.test(beside.path);
      const runtime = python ? 'Python' : 'Node.js';
      return {
        path: target,
        holds: python ? "the Python's programs (python3, pip …) and the commands of the packages pip installs" : "the Node.js's programs (node, npm, npx) and the commands of global npm packages",
        kind: 'software',
        basis: 'unseen',
        source: beside.source,
        where: `where the image has the ${runtime} at /usr/local that the service's mount at ${beside.path} expects`,
        reason: `The service also mounts ${beside.path}, which only a ${runtime} installed at /usr/local has; such a ${runtime} keeps its programs in /usr/local/bin, and ${python ? 'pip' : '`npm install -g`'} puts the commands of the packages it installs there too.`,
      };
    }
  }
  return null;
}
