/**
 * `$PWD` in a compose file (src/compose/model.ts): the directory `docker compose` runs in. Where the
 * project's own command lines show it (a Makefile at the root running `docker compose -f
 * deploy/all-in-one/docker-compose.yml`, baserow's), that folder; where nothing shows it, the
 * compose file's folder, a guess, and an error that rests on it is one note instead.
 */
import assert from 'node:assert/strict';
import { composeService, lintComposeProject } from './helpers/compose.js';

const COMPOSE = 'services:\n  app:\n    build:\n      context: $PWD\n      dockerfile: $PWD/deploy/all-in-one/Dockerfile\n';
const REPO = {
  '.git/HEAD': '',
  'deploy/all-in-one/docker-compose.yml': COMPOSE,
  'deploy/all-in-one/Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY . .\n',
};
const MAIN = { main: 'deploy/all-in-one/docker-compose.yml' };

describe('compose $PWD', () => {
  it('is the folder a script runs the file from: the root Makefile\'s `-f deploy/…/docker-compose.yml`', async () => {
    const result = await lintComposeProject({ ...REPO, Makefile: 'CONF:=-f deploy/all-in-one/docker-compose.yml\nup:\n\tdocker compose $(CONF) up\n' }, MAIN);
    assert.deepEqual(result.model.problems.map((p) => p.message), []);
    assert.equal(composeService(result, 'app').image.kind, 'build');
    // The Makefile is among what the project read (the --cache key).
    assert.ok(result.model.looked.includes('/project/Makefile'), result.model.looked.join('\n'));
  });

  it('nothing shows where it runs: the compose file\'s folder, and the Dockerfile not found through it is one note naming the folder from which it exists', async () => {
    const result = await lintComposeProject(REPO, MAIN);
    assert.equal(composeService(result, 'app').image.kind, 'unknown');
    assert.deepEqual(result.model.problems.map((p) => `${p.location.file}:${p.location.range.start.line + 1} ${p.severity}`), ['deploy/all-in-one/docker-compose.yml:5 note']);
    const message = result.model.problems[0]!.message;
    assert.match(message, /^`\$PWD` is the directory `docker compose` runs in, and nothing in the project .* runs this file with `-f`: volint took it to be deploy\/all-in-one, the compose file's folder/);
    assert.match(message, /Dockerfile deploy\/all-in-one\/deploy\/all-in-one\/Dockerfile cannot be read/);
    assert.match(message, /from \.\.\/\.\. \(the repository's root\) it names a path that exists, so the project may run Compose there/);
  });

  it('where the guess holds (run beside the file) there is nothing to say; an error that does not rest on $PWD stays an error', async () => {
    const beside = await lintComposeProject({ '.git/HEAD': '', 'compose.yaml': 'services:\n  app:\n    build: $PWD\n', Dockerfile: 'FROM node:20\n' });
    assert.deepEqual(beside.model.problems, []);
    const other = await lintComposeProject({ '.git/HEAD': '', 'compose.yaml': 'services:\n  app:\n    build: ./missing\n    volumes:\n      - $PWD/data:/data\n' });
    assert.deepEqual(other.model.problems.map((p) => p.severity), ['error']);
  });
});
