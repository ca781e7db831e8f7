/**
 * VOL020's explanation of one finding: where the hidden files come from, and a way out that works
 * for what is hidden. A volume restores a directory below the bind; not the mount point itself
 * (a volume there replaces the bind) and not a file (Docker refuses to mount a volume over a file of
 * the image: "cannot mount volume over existing file", dockerd 20.10).
 */
import assert from 'node:assert/strict';
import { lintComposeProject } from './helpers/compose.js';

const COMPOSE = 'services:\n  app:\n    build: .\n    volumes:\n      - .:/app\n';
/** `.:/app` binds the project's sources over the application directory, a development stack's bind: reported with compose.deployed. */
const DEPLOYED = { settings: { composeDeployed: true } };

async function explanation(dockerfile: string, files: Record<string, string> = {}): Promise<string[]> {
  const result = await lintComposeProject({ 'compose.yaml': COMPOSE, Dockerfile: dockerfile, ...files }, DEPLOYED);
  const found = result.findings.filter((f) => f.ruleId === 'VOL020');
  assert.equal(found.length, 1, result.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  return found[0]!.explanation ?? [];
}

const fix = (lines: string[]): string => lines.find((l) => l.startsWith('Fix:')) ?? '';

describe('VOL020 explanation', () => {
  it('a directory below the bind: an anonymous volume there restores it', async () => {
    const lines = await explanation('FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n', { 'package.json': '{}' });
    assert.match(fix(lines), /`- \/app\/node_modules` keeps the image's copy in an anonymous volume/);
    assert.ok(lines.some((l) => l.includes('A RUN step makes these files during the build')));
  });

  it('a COPY --from at the mount point itself: no volume advice, which would replace the bind', async () => {
    const lines = await explanation('FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nRUN npm run build\n\nFROM nginx:1.27\nCOPY --from=build /src/dist /app\n');
    assert.match(fix(lines), /^Fix: COPY at Dockerfile:7 fills \/app itself, so no other mount can restore what it brings while the bind covers that directory \(a volume at \/app would replace the bind\)/);
    assert.doesNotMatch(fix(lines), /anonymous volume/);
    assert.ok(lines.some((l) => l.includes('These files come from the build, not from the build context')));
  });

  it('a file the build rewrote: no volume advice, which Docker refuses over a file', async () => {
    const lines = await explanation("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN sed -i 's/\\r$//' /app/entrypoint.sh\n", { 'entrypoint.sh': '#!/bin/sh\n' });
    assert.equal(fix(lines), "Fix: make the change in the project's own copy of /app/entrypoint.sh (line endings and the executable bit kept in git: a `.gitattributes` entry with `eol=lf`, `git update-index --chmod=+x`), or make it when the container starts, or have the build write the changed file outside /app.");
    assert.doesNotMatch(fix(lines), /anonymous volume/);
  });

  it('a file the build made that the host lacks: no volume advice either', async () => {
    const lines = await explanation("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN echo 1.4 > /app/version.txt\n", { 'entrypoint.sh': '#!/bin/sh\n' });
    assert.equal(fix(lines), 'Fix: bind only the sources you edit, or have the build write /app/version.txt outside /app: a volume cannot restore a file (Docker refuses to mount one over a file of the image).');
  });

  it('a stage of context files where a tool volint cannot follow ran: what the tool wrote is the build\'s, the rest the context\'s', async () => {
    const dockerfile = ['FROM python:3.12 AS deps', 'WORKDIR /app', 'COPY pyproject.toml /app/', 'RUN pip install -e .', '', 'FROM python:3.12-slim', 'COPY --from=deps /app /app', ''].join('\n');
    const lines = await explanation(dockerfile, { 'pyproject.toml': '[project]\nname = "app"\n' });
    const origin = lines.find((l) => l.includes('ran there')) ?? '';
    assert.match(origin, /holds files copied from the build context \(COPY at Dockerfile:3\), but RUN pip install at Dockerfile:4 ran there/);
    assert.match(origin, /What the tool writes comes from the build, not from the build context, so the host directory holds it only if someone ran it there too\.$/);
    assert.doesNotMatch(origin, /These files come from the build/);
    assert.match(fix(lines), /fills \/app itself/);
  });

  it('a directory the host holds too: the message names what the build made in it, not the whole directory', async () => {
    const dockerfile = ['FROM node:20 AS assets', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', '', 'FROM nginx:1.27', 'COPY . /app', 'COPY --from=assets /app/public /app/public', ''].join('\n');
    const result = await lintComposeProject({ 'compose.yaml': COMPOSE, Dockerfile: dockerfile, 'package.json': '{}', 'public/index.php': '<?php\n' }, DEPLOYED);
    const found = result.findings.filter((f) => f.ruleId === 'VOL020');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.message, "The bind mount of . over /app hides what the build made in /app/public (COPY at Dockerfile:8), which the host's public/ lacks: the host holds the directory, not the build's files in it.");
    // Without public/ on the host, the whole directory is what it lacks.
    const without = await lintComposeProject({ 'compose.yaml': COMPOSE, Dockerfile: dockerfile, 'package.json': '{}' }, DEPLOYED);
    assert.match(without.findings.find((f) => f.ruleId === 'VOL020')?.message ?? '', /hides \/app\/public, which the build put there \(COPY at Dockerfile:8\) and the host directory does not hold\.$/);
  });
});

describe('VOL020 and a bind of the host\'s dependency directory', () => {
  const dockerfile = 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n';
  const compose = (volumes: string[]): string => `services:\n  app:\n    build: .\n    volumes:\n${volumes.map((v) => `      - ${v}\n`).join('')}`;
  const vol020 = async (volumes: string[], files: Record<string, string>, deployed = false): Promise<string[]> =>
    (await lintComposeProject({ 'compose.yaml': compose(volumes), Dockerfile: dockerfile, ...files }, deployed ? DEPLOYED : {})).findings.filter((f) => f.ruleId === 'VOL020').map((f) => f.message);

  it('node_modules beside package.json bound over the image\'s node_modules: the host\'s install, chosen', async () => {
    assert.deepEqual(await vol020(['./node_modules:/app/node_modules'], { 'package.json': '{}' }), []);
  });

  it('still reported without the manifest beside it, or over a directory of another kind', async () => {
    assert.equal((await vol020(['./node_modules:/app/node_modules'], {})).length, 1);
    assert.equal((await vol020(['./node_modules:/app'], { 'package.json': '{}' })).length, 1);
  });

  it('the sources bound over the image\'s node_modules: reported, but not in a file named for development unless compose.deployed', async () => {
    assert.equal((await vol020(['.:/app'], { 'package.json': '{}' })).length, 1);
    const dev = async (deployed: boolean): Promise<number> =>
      (await lintComposeProject({ 'compose.dev.yaml': compose(['.:/app']), Dockerfile: dockerfile, 'package.json': '{}' }, { main: 'compose.dev.yaml', ...(deployed ? DEPLOYED : {}) })).findings.filter((f) => f.ruleId === 'VOL020').length;
    assert.equal(await dev(false), 0);
    assert.equal(await dev(true), 1);
  });
});
