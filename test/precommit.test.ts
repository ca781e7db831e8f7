/**
 * The pre-commit hook as its users get it: `pre-commit try-repo <volint> volint` in a temporary
 * git repository. try-repo installs the hook the way a `repo:` entry does (npm install, npm pack,
 * npm install -g of the package), from a clone of this repository's HEAD, so that only committed
 * work is tested. Skipped only where pre-commit is missing and CI is not set; in CI, .ci/run
 * installs it (.ci/precommit-deps.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function havePreCommit(): boolean {
  const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 900_000 });
  if (r.error) throw r.error;
  return r;
}

function git(args: string[], cwd: string): void {
  const r = run('git', ['-c', 'user.email=test@volint.invalid', '-c', 'user.name=volint test', ...args], cwd);
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

/** Skips where pre-commit is missing and CI is not set (CI installs it); under CI a missing pre-commit fails. */
function requirePreCommit(context: Mocha.Context): void {
  if (havePreCommit()) return;
  if (process.env.CI) throw new Error('pre-commit is not installed, and CI is set: .ci/run must install it (.ci/precommit-deps.sh)');
  context.skip();
}

describe('pre-commit hook', function () {
  // The first install runs npm install (with the build) and npm install -g in pre-commit's env.
  this.timeout(900_000);
  let work: string;
  let project: string;
  let hookRepo: string;
  let env: NodeJS.ProcessEnv;

  before(function () {
    requirePreCommit(this);
    work = mkdtempSync(join(tmpdir(), 'volint-precommit-'));
    hookRepo = join(work, 'volint');
    git(['clone', '--quiet', REPO, hookRepo], work);
    project = join(work, 'project');
    mkdirSync(join(project, 'svc'), { recursive: true });
    git(['init', '--quiet'], project);
    writeFileSync(join(project, 'Dockerfile'), "FROM alpine:3.20\nVOLUME ['/data']\n");
    writeFileSync(join(project, 'svc', 'api.Dockerfile'), 'FROM alpine:3.20\nVOLUME ["/data"]\n');
    writeFileSync(join(project, 'Containerfile'), 'FROM alpine:3.20\nVOLUME ./cache:/cache\n');
    writeFileSync(join(project, 'README.md'), "VOLUME ['/not-a-dockerfile']\n");
    writeFileSync(join(project, 'docker-compose.yml'), 'sevices:\n  web:\n    image: busybox\n');
    // A Dev Container's overlay: alone, `search` has no image; its devcontainer.json merges the file that gives it one.
    mkdirSync(join(project, '.devcontainer'), { recursive: true });
    writeFileSync(join(project, '.devcontainer', 'devcontainer.json'), '// dev\n{ "dockerComposeFile": ["docker-compose.yml", "../compose.base.yaml"], "service": "search" }\n');
    writeFileSync(join(project, '.devcontainer', 'docker-compose.yml'), 'services:\n  search:\n    environment: [A=1]\n');
    writeFileSync(join(project, 'compose.base.yaml'), 'services:\n  search:\n    image: busybox\n');
    mkdirSync(join(project, 'ci'), { recursive: true });
    writeFileSync(join(project, 'ci', 'workflow.yml'), 'on: push\n');
    git(['add', '.'], project);
    env = { PRE_COMMIT_HOME: join(work, 'pre-commit-home') };
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function tryRepo(extra: string[]): SpawnSyncReturns<string> {
    return run('pre-commit', ['try-repo', hookRepo, 'volint', '--verbose', '--color', 'never', ...extra], project, env);
  }

  // Each try-repo installs the hook afresh (about half a minute), so the cases share two runs.
  it('fails on the bad Dockerfile and the bad Containerfile, and names only them', () => {
    const r = tryRepo(['--all-files']);
    const output = r.stdout + r.stderr;
    assert.equal(r.status, 1, output);
    assert.match(output, /volint.*Failed/);
    assert.match(output, /^Dockerfile\n\s+2:8\s+error\s+VOLUME argument looks like a JSON array/m);
    // The message wraps to 80 columns: the rule id ends it on a later line.
    assert.match(output, /^Containerfile\n\s+2:8\s+error [^\n]*(\n {4}[^\n]*)*? VOL002\n/m, 'Containerfiles are selected too');
    assert.doesNotMatch(output, /svc\/api\.Dockerfile\n/, 'the good Dockerfile has no findings');
    assert.doesNotMatch(output, /README/, 'files that are not Dockerfiles are not passed to the hook');
    assert.match(output, /^docker-compose\.yml\n\s+1:1\s+error\s+unknown top-level key "sevices"/m, 'compose files are selected too');
    assert.doesNotMatch(output, /workflow\.yml/, 'YAML files that are not compose files are not passed to the hook');
    assert.doesNotMatch(output, /neither an image/, 'the dev container overlay is linted within its project');
  });

  it('passes on the good Dockerfile and on a dev container overlay with its devcontainer.json', () => {
    const r = tryRepo(['--files', 'svc/api.Dockerfile', 'README.md', '.devcontainer/docker-compose.yml', '.devcontainer/devcontainer.json']);
    const output = r.stdout + r.stderr;
    assert.equal(r.status, 0, output);
    assert.match(output, /volint.*Passed/);
  });
});

/** The `.pre-commit-config.yaml` block of a Markdown file, and the `pre-commit autoupdate` command it gives. */
function documentedSnippet(file: string): { yaml: string; autoupdate: string[] } {
  const text = readFileSync(join(REPO, file), 'utf8');
  const block = /```yaml\n(# \.pre-commit-config\.yaml\n[\s\S]*?)```/.exec(text);
  assert.ok(block, `${file} has a .pre-commit-config.yaml block`);
  const command = /`(pre-commit autoupdate[^`]*)`/.exec(text.slice(block.index));
  assert.ok(command, `${file} says to run pre-commit autoupdate after the snippet`);
  return { yaml: block[1]!, autoupdate: command[1]!.split(' ').slice(1) };
}

describe('pre-commit: the snippet the docs give, as written', function () {
  this.timeout(900_000);
  let work: string;
  let hookRepo: string;
  let env: NodeJS.ProcessEnv;

  before(function () {
    requirePreCommit(this);
    work = mkdtempSync(join(tmpdir(), 'volint-precommit-doc-'));
    hookRepo = join(work, 'volint');
    git(['clone', '--quiet', REPO, hookRepo], work);
    env = { PRE_COMMIT_HOME: join(work, 'pre-commit-home') };
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('README and docs/ci.md give the same repo, rev and hook', () => {
    const strip = (yaml: string): string => yaml.replace(/^\s*#.*\n/gm, '');
    assert.equal(strip(documentedSnippet('README.md').yaml), strip(documentedSnippet('docs/ci.md').yaml));
  });

  it('docs/ci.md: autoupdate pins a rev that exists, then the hook fails a bad Dockerfile and passes a good one', () => {
    const { yaml, autoupdate } = documentedSnippet('docs/ci.md');
    // No network here: the documented URL is replaced by a clone of this repository.
    const local = (s: string): string => s.split('https://github.com/volint/volint').join(hookRepo);
    const project = join(work, 'project');
    mkdirSync(project);
    git(['init', '--quiet'], project);
    writeFileSync(join(project, '.pre-commit-config.yaml'), local(yaml));
    writeFileSync(join(project, 'Dockerfile'), "FROM alpine:3.20\nVOLUME ['/data']\n");
    git(['add', '.'], project);
    const update = run('pre-commit', autoupdate.map(local), project, env);
    assert.equal(update.status, 0, update.stdout + update.stderr);
    const head = run('git', ['rev-parse', 'HEAD'], hookRepo).stdout.trim();
    const config = readFileSync(join(project, '.pre-commit-config.yaml'), 'utf8');
    assert.match(config, new RegExp(`rev: ${head}\\b`), `autoupdate pins the newest commit (no tag yet):\n${config}`);
    git(['add', '.'], project);
    const bad = run('pre-commit', ['run', '--all-files', '--color', 'never'], project, env);
    const output = bad.stdout + bad.stderr;
    assert.equal(bad.status, 1, output);
    assert.match(output, /volint.*Failed/);
    assert.match(output, /VOL001|VOLUME argument looks like a JSON array/);
    assert.doesNotMatch(output, /mutable reference|\[WARNING\]/, 'pre-commit warns about nothing');
    writeFileSync(join(project, 'Dockerfile'), 'FROM alpine:3.20\nVOLUME ["/data"]\n');
    git(['add', '.'], project);
    const good = run('pre-commit', ['run', '--all-files', '--color', 'never'], project, env);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout + good.stderr, /volint.*Passed/);
  });
});
