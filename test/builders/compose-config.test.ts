/**
 * volint's merge of a Compose project against Debian's docker-compose 1.29 (`docker-compose config`),
 * for what 1.29 supports: `-f` lists (relative paths against the first file's directory, a later
 * entry replacing the one at the same target), `extends: {file}` (paths against the extended
 * file's directory), `.env` and `--env-file` with the shell's environment winning, and COMPOSE_FILE
 * with COMPOSE_PATH_SEPARATOR. For each project, every service's volume entries (target → bind
 * source or volume name) must be the same. What 1.29 lacks (`include:`, top-level `name:`, several
 * `--env-file`s: it refuses the first two and reads one env file) is pinned by the model tests
 * against the compose-spec (14-include.md, 04-version-and-name.md) instead. Below: the services
 * 1.29 starts under profiles, and what volint says where 1.29 refuses a file or only warns.
 * `config` builds and runs nothing; the profile cases create containers (`up --no-start`, on the
 * busybox base image) and remove them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { composeEnvProject } from '../../src/cli/compose-env.js';
import { diskComposeIO, lintComposeFile, lintDevcontainerFile } from '../../src/cli/run.js';
import type { ComposeModel } from '../../src/compose/types.js';
import { removeDir, tempDir } from '../helpers/cli.js';
import { BASE, COMPOSE, DOCKER, ensureBaseImage, exec, RUN_ID } from '../helpers/engines.js';
import { defaultSettings } from '../helpers/lint.js';
import { withBuilders } from './gate.js';

type Files = Record<string, string>;

function write(dir: string, files: Files): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** `target source` per volume entry of each service, as `docker-compose config` prints the merged project. */
function composeConfig(dir: string, args: string[], env: NodeJS.ProcessEnv): Record<string, string[]> {
  const result = exec(COMPOSE, ['--ansi', 'never', ...args, 'config'], { cwd: dir, env: { COMPOSE_FILE: undefined, COMPOSE_PATH_SEPARATOR: undefined, ...env } });
  assert.equal(result.code, 0, `docker-compose ${args.join(' ')} config: ${result.stderr}`);
  const config = parse(result.stdout) as { services: Record<string, { volumes?: Array<string | { source?: string; target: string }> }> };
  const out: Record<string, string[]> = {};
  for (const [name, service] of Object.entries(config.services)) {
    out[name] = (service.volumes ?? [])
      .map((v) => {
        if (typeof v !== 'string') return `${v.target} ${v.source ?? ''}`;
        // SOURCE:TARGET:MODE as 1.29 prints it (host paths absolute, modes spelled out).
        const parts = v.split(':');
        return parts.length === 1 ? `${parts[0]} ` : `${parts[1]} ${parts[0]}`;
      })
      .sort();
  }
  return out;
}

/** The same, from volint's model of the project. */
async function volintConfig(dir: string, files: string[], envFiles: string[], env: NodeJS.ProcessEnv): Promise<Record<string, string[]>> {
  const first = files[0]!;
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const result = await lintComposeFile(readFileSync(first, 'utf8'), first, first, defaultSettings(), dir, diskComposeIO, { files, envFiles, scope: [first] });
    return mountsOf(result.model);
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

/** `target source` per volume entry of each service of volint's model; the model has no error. */
function mountsOf(model: ComposeModel): Record<string, string[]> {
  const problems = model.problems.filter((p) => p.severity === 'error');
  assert.deepEqual(problems, [], 'volint reports no error');
  const out: Record<string, string[]> = {};
  for (const service of model.services) {
    out[service.name] = service.mounts
      .filter((m) => m.syntax === 'short' || m.syntax === 'long')
      .map((m) => `${m.targetRaw} ${m.cover === 'bind' ? m.hostPath : (m.volumeKey ?? '')}`)
      .sort();
  }
  return out;
}

interface Case {
  title: string;
  files: Files;
  /** The `-f` list (relative to the project directory); empty: COMPOSE_FILE from the environment or .env. */
  list: string[];
  envFile?: string;
  env?: NodeJS.ProcessEnv;
}

const CASES: Case[] = [
  {
    title: 'a -f list across directories: later entries replace earlier ones by target; relative paths against the first file',
    files: {
      'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - ./data:/data\n      - cache:/cache\n      - type: bind\n        source: ./conf\n        target: /etc/app\n  db:\n    image: busybox\n    volumes: [dbdata:/var/lib/db]\nvolumes:\n  cache:\n  dbdata:\n',
      'deploy/prod.yaml': 'services:\n  web:\n    volumes:\n      - ./other:/data\n      - ./logs:/logs\n      - type: volume\n        source: cache\n        target: /etc/app\n  db:\n    volumes:\n      - /srv/db:/var/lib/db\n',
    },
    list: ['compose.yaml', 'deploy/prod.yaml'],
  },
  {
    title: 'extends from another file: its paths against its own directory, the service\'s entries winning',
    files: {
      'compose.yaml': 'services:\n  web:\n    extends:\n      file: common/base.yaml\n      service: base\n    volumes:\n      - ./here:/here\n      - ./over:/shared\nvolumes:\n  data:\n',
      'common/base.yaml': 'services:\n  base:\n    image: busybox\n    build: ./ctx\n    volumes:\n      - ./rel:/rel\n      - ./shared:/shared\n      - data:/data\n',
      'common/ctx/Dockerfile': 'FROM busybox\n',
    },
    list: ['compose.yaml'],
  },
  {
    title: '.env, --env-file and the shell: the shell wins, --env-file replaces .env',
    files: {
      'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - ${A:-/a-default}:/a\n      - ${B:-/b-default}:/b\n      - ${C:-/c-default}:/c\n',
      '.env': 'A=/a-dotenv\nB=/b-dotenv\n',
      'x.env': 'A=/a-x\nC=/c-x\n',
    },
    list: ['compose.yaml'],
    envFile: 'x.env',
    env: { C: '/c-shell' },
  },
  {
    title: 'a compose file in a subdirectory reads the .env beside it, not the working directory\'s',
    files: {
      'app/compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - ${A:-/a-default}:/a\n      - ${B:-/b-default}:/b\n',
      '.env': 'A=/a-cwd\n',
      'app/.env': 'A=/a-app\nB=/b-app\n',
    },
    list: ['app/compose.yaml'],
  },
  {
    title: '--env-file is relative to the working directory and replaces the project\'s .env',
    files: {
      'app/compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - ${A:-/a-default}:/a\n      - ${B:-/b-default}:/b\n',
      'app/.env': 'A=/a-app\nB=/b-app\n',
      'x.env': 'B=/b-x\n',
    },
    list: ['app/compose.yaml'],
    envFile: 'x.env',
  },
  {
    title: 'COMPOSE_FILE in .env with COMPOSE_PATH_SEPARATOR',
    files: {
      'compose.yaml': 'services:\n  web:\n    image: busybox\n    volumes:\n      - ./data:/data\n',
      'more/dev.yaml': 'services:\n  web:\n    volumes:\n      - ./src:/data\n      - ./src/extra:/extra\n',
      '.env': 'COMPOSE_PATH_SEPARATOR=;\nCOMPOSE_FILE=compose.yaml;more/dev.yaml\n',
    },
    list: [],
  },
];

withBuilders('the merge of a Compose project against docker-compose 1.29 config', () => {
  for (const c of CASES) {
    it(c.title, async () => {
      const dir = tempDir('volint-compose-config-');
      try {
        write(dir, c.files);
        const env = c.env ?? {};
        const envFiles = c.envFile ? [join(dir, c.envFile)] : [];
        const files = c.list.length > 0 ? c.list.map((f) => join(dir, f)) : composeEnvProject(dir, env, envFiles).files;
        const args = [...c.list.flatMap((f) => ['-f', f]), ...(c.envFile ? ['--env-file', c.envFile] : [])];
        const expected = composeConfig(dir, args, env);
        assert.ok(Object.values(expected).some((v) => v.length > 0), 'the project has volume entries');
        assert.deepEqual(await volintConfig(dir, files, envFiles, env), expected);
      } finally {
        removeDir(dir);
      }
    });
  }
});

withBuilders('a Dev Container configuration\'s compose files against docker-compose 1.29 config', () => {
  it('dockerComposeFile [overlay, ../docker-compose.yml] as the tool runs it (-f each, in order): relative paths against the overlay\'s folder', async () => {
    const dir = tempDir('volint-devcontainer-config-');
    try {
      write(dir, {
        // rubygems.org's shape: the overlay first (a service without an image that the second file completes).
        '.devcontainer/devcontainer.json': '// dev\n{ "dockerComposeFile": ["docker-compose.yml", "../docker-compose.yml",], "service": "app" }\n',
        '.devcontainer/docker-compose.yml': 'services:\n  app:\n    image: busybox\n    volumes:\n      - ../..:/workspaces:cached\n  db:\n    environment: [A=1]\n',
        'docker-compose.yml': 'services:\n  db:\n    image: busybox\n    volumes:\n      - ./data:/data\n      - cache:/cache\n  app:\n    volumes:\n      - ./x:/x\nvolumes:\n  cache:\n',
      });
      const config = join(dir, '.devcontainer/devcontainer.json');
      const expected = composeConfig(dir, ['-f', '.devcontainer/docker-compose.yml', '-f', 'docker-compose.yml'], {});
      assert.deepEqual(expected.db, [`/cache cache`, `/data ${join(dir, '.devcontainer', 'data')}`], '1.29 resolves the second file\'s ./data against the first file\'s folder');
      const result = await lintDevcontainerFile(readFileSync(config, 'utf8'), config, config, defaultSettings(), dir, diskComposeIO);
      assert.ok(result.model);
      assert.deepEqual(mountsOf(result.model), expected);
    } finally {
      removeDir(dir);
    }
  });
});

/**
 * Where docker-compose 1.29 refuses a file or only warns, what volint says: its one-line error must
 * say what Compose says (the same cause); where volint follows Compose v2, which refuses what 1.29
 * only warns about (an empty image, `:/target` from an unset variable), it says that 1.29 only warns,
 * and 1.29 must.
 */
interface Refusal {
  title: string;
  compose: string;
  /** 1.29's exit code and a pattern its output (stderr, then stdout) must match. */
  exit: number;
  says: RegExp;
  /** A pattern one of volint's error findings must match. */
  volint: RegExp;
}

const REFUSALS: Refusal[] = [
  {
    title: 'a service with neither image nor build: 1.29 refuses the file with the same words',
    compose: 'services:\n  web:\n    image: busybox\n  worker:\n    environment:\n      A: "1"\n',
    exit: 1,
    says: /Service worker has neither an image nor a build context specified/,
    volint: /^service worker has neither an image nor a build context specified \(Compose refuses the file\)/,
  },
  {
    title: '`image: ${IMAGE}` with IMAGE unset: 1.29 only warns and takes the empty image',
    compose: 'services:\n  web:\n    image: ${IMAGE}\n',
    exit: 0,
    says: /The IMAGE variable is not set\. Defaulting to a blank string\.[\s\S]*image: ''/,
    volint: /^service web: `image:` is empty because IMAGE has no value: .*\(docker-compose 1\.29 only warns\)$/,
  },
  {
    title: '`${DIR}:/target` with DIR unset: 1.29 only warns (its config prints `.:/target`)',
    compose: 'services:\n  web:\n    image: busybox\n    volumes:\n      - ${DIR}:/target\n',
    exit: 0,
    says: /The DIR variable is not set\. Defaulting to a blank string\.[\s\S]*- \.:\/target:rw/,
    volint: /^service web: invalid volume ":\/target": empty section between colons, because DIR has no value: Compose refuses it \(docker-compose 1\.29 only warns\)$/,
  },
  {
    title: 'a required variable without a value: 1.29 refuses the file with its message',
    compose: 'services:\n  web:\n    image: busybox\n    volumes:\n      - ${DATA:?set DATA in .env}:/data\n',
    exit: 1,
    says: /Missing mandatory value for "volumes" option .*: set DATA in \.env/,
    volint: /^required variable DATA is missing a value: set DATA in \.env$/,
  },
  {
    title: 'extends of a service the other file does not define: 1.29 refuses the file',
    compose: 'services:\n  web:\n    extends:\n      file: base.yaml\n      service: nope\n',
    exit: 1,
    says: /Cannot extend service 'nope' in .*base\.yaml: Service not found/,
    volint: /^service web extends nope, which is not defined in .*base\.yaml$/,
  },
];

/** The services 1.29 `up --no-start` creates for a project, against the services volint models with the same profiles. */
withBuilders('profiles: the services volint lints against those docker-compose 1.29 creates', () => {
  const compose = 'services:\n  web:\n    image: IMAGE\n  tools:\n    image: IMAGE\n    profiles: [debug, ops]\n  seed:\n    image: IMAGE\n    profiles: [init]\n';
  const cases: Array<{ title: string; args: string[]; files?: Files; envFile?: string; env?: NodeJS.ProcessEnv }> = [
    { title: 'no profile', args: [] },
    { title: 'two --profile flags', args: ['--profile', 'ops', '--profile', 'init'] },
    { title: 'COMPOSE_PROFILES in .env', args: [], files: { '.env': 'COMPOSE_PROFILES=init,debug\n' } },
    { title: 'COMPOSE_PROFILES in the environment, --profile winning', args: ['--profile', 'init'], env: { COMPOSE_PROFILES: 'debug' } },
    { title: 'COMPOSE_PROFILES in an --env-file', args: [], files: { 'p.env': 'COMPOSE_PROFILES=ops\n', '.env': 'COMPOSE_PROFILES=init\n' }, envFile: 'p.env' },
  ];
  for (const c of cases) {
    it(c.title, async () => {
      ensureBaseImage();
      const dir = tempDir('volint-compose-profiles-');
      const project = `${RUN_ID}-profiles`;
      const text = compose.replaceAll('IMAGE', BASE);
      const env = { COMPOSE_FILE: undefined, COMPOSE_PROFILES: undefined, ...(c.env ?? {}) };
      const envArgs = c.envFile ? ['--env-file', c.envFile] : [];
      try {
        write(dir, { 'compose.yaml': text, ...(c.files ?? {}) });
        const up = exec(COMPOSE, ['--ansi', 'never', '-p', project, '-f', 'compose.yaml', ...envArgs, ...c.args, 'up', '--no-start'], { cwd: dir, env });
        assert.equal(up.code, 0, up.stderr);
        const ps = exec(DOCKER, ['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Label "com.docker.compose.service"}}']);
        const created = ps.stdout.split('\n').filter(Boolean).sort();
        const profiles = c.args.filter((_, i) => c.args[i - 1] === '--profile');
        const path = join(dir, 'compose.yaml');
        const saved = process.env.COMPOSE_PROFILES;
        if (c.env?.COMPOSE_PROFILES) process.env.COMPOSE_PROFILES = c.env.COMPOSE_PROFILES;
        try {
          const lint = await lintComposeFile(text, path, path, defaultSettings(), dir, diskComposeIO, {
            files: [path],
            envFiles: c.envFile ? [join(dir, c.envFile)] : [],
            scope: [path],
            ...(profiles.length > 0 ? { profiles } : {}),
          });
          // With no profile active volint lints every service (docs/compose.md) and marks the profiled
          // ones; the ones Compose starts are those without profiles.
          const started = lint.model.profiles.active === null ? lint.model.services.filter((s) => s.profiles.length === 0) : lint.model.services;
          assert.deepEqual(started.map((s) => s.name).sort(), created);
        } finally {
          if (saved === undefined) delete process.env.COMPOSE_PROFILES;
          else process.env.COMPOSE_PROFILES = saved;
        }
      } finally {
        exec(COMPOSE, ['--ansi', 'never', '-p', project, '-f', 'compose.yaml', ...envArgs, '--profile', 'debug', '--profile', 'init', 'down'], { cwd: dir, env });
        removeDir(dir);
      }
    });
  }
});

/**
 * Services named on the command line (`docker-compose up --no-start SERVICE…`; volint's --service):
 * the services 1.29 creates against those volint models, and where 1.29 refuses, volint's error.
 * Two cases pin where 1.29 and Compose v2 (compose-go WithServicesEnabled/WithSelectedServices, which
 * volint follows) differ: 1.29 adds the profiles of a named service that is already enabled, and
 * checks a dependency's own dependencies against the --profile flags only.
 */
withBuilders('--service: the services docker-compose 1.29 `up SERVICE` creates against those volint lints', () => {
  const compose =
    'services:\n  web:\n    image: IMAGE\n    depends_on: [db]\n  db:\n    image: IMAGE\n' +
    '  tools:\n    image: IMAGE\n    profiles: [debug]\n    depends_on:\n      cache:\n        condition: service_started\n' +
    '  cache:\n    image: IMAGE\n    profiles: [debug]\n  report:\n    image: IMAGE\n    profiles: [ops]\n    links: [web:w]\n    volumes_from: [db]\n' +
    '  side:\n    image: IMAGE\n    profiles: [side]\n    network_mode: service:cache\n' +
    '  chain:\n    image: IMAGE\n    profiles: [p]\n    depends_on: [mid]\n  mid:\n    image: IMAGE\n    profiles: [p]\n    depends_on: [end]\n  end:\n    image: IMAGE\n    profiles: [p]\n' +
    '  multi:\n    image: IMAGE\n    profiles: [debug, extra]\n    depends_on: [addon]\n  addon:\n    image: IMAGE\n    profiles: [extra]\n';
  const cases: Array<{ title: string; profiles: string[]; services: string[]; created?: string[]; refused?: RegExp; volint: string[] | RegExp }> = [
    { title: 'a service without profiles: it and its depends_on, nothing else', profiles: [], services: ['web'], created: ['db', 'web'], volint: ['db', 'web'] },
    { title: 'a service whose profile is not active: its profile is activated, its dependency in that profile comes too', profiles: [], services: ['tools'], created: ['cache', 'tools'], volint: ['cache', 'tools'] },
    { title: 'links, volumes_from and network_mode service: pull their services in (with --profile debug for side\'s cache)', profiles: ['debug'], services: ['report', 'side'], created: ['cache', 'db', 'report', 'side', 'web'], volint: ['cache', 'db', 'report', 'side', 'web'] },
    { title: 'an active --profile starts nothing more than the named services need', profiles: ['debug'], services: ['web'], created: ['db', 'web'], volint: ['db', 'web'] },
    {
      title: 'a dependency in another profile: 1.29 refuses, volint says so at the entry',
      profiles: [],
      services: ['side'],
      refused: /Service "cache" was pulled in as a dependency of service "side" but is not enabled by the active profiles/,
      volint: /^service side depends on cache \(network_mode\), which the active profiles do not start: Compose refuses this/,
    },
    {
      title: 'difference: 1.29 checks a dependency\'s dependencies against --profile only and refuses; v2 (and volint) start the chain',
      profiles: [],
      services: ['chain'],
      refused: /Service "end" was pulled in as a dependency of service "mid" but is not enabled by the active profiles/,
      volint: ['chain', 'end', 'mid'],
    },
    {
      title: 'difference: 1.29 adds every profile of a named service already enabled (extra) and starts its dependency; v2 (and volint) refuse',
      profiles: ['debug'],
      services: ['multi'],
      created: ['addon', 'multi'],
      volint: /^service multi depends on addon \(depends_on\), which the active profiles do not start: Compose refuses this/,
    },
    { title: 'an unknown service: 1.29 refuses, volint says so', profiles: [], services: ['nope'], refused: /No such service: nope/, volint: /^--service nope: no such service/ },
  ];
  for (const c of cases) {
    it(c.title, async () => {
      ensureBaseImage();
      const dir = tempDir('volint-compose-services-');
      const project = `${RUN_ID}-services`;
      const text = compose.replaceAll('IMAGE', BASE);
      const env = { COMPOSE_FILE: undefined, COMPOSE_PROFILES: undefined };
      const profileArgs = c.profiles.flatMap((p) => ['--profile', p]);
      try {
        write(dir, { 'compose.yaml': text });
        const up = exec(COMPOSE, ['--ansi', 'never', '-p', project, '-f', 'compose.yaml', ...profileArgs, 'up', '--no-start', ...c.services], { cwd: dir, env });
        if (c.refused) {
          assert.equal(up.code, 1, `1.29 refuses: ${up.stderr}`);
          assert.match(up.stderr, c.refused);
        } else {
          assert.equal(up.code, 0, up.stderr);
          const ps = exec(DOCKER, ['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Label "com.docker.compose.service"}}']);
          assert.deepEqual(ps.stdout.split('\n').filter(Boolean).sort(), c.created);
        }
        const path = join(dir, 'compose.yaml');
        const lint = await lintComposeFile(text, path, path, defaultSettings(), dir, diskComposeIO, {
          files: [path],
          envFiles: [],
          scope: [path],
          services: c.services,
          ...(c.profiles.length > 0 ? { profiles: c.profiles } : {}),
        });
        const errors = lint.model.problems.filter((p) => p.severity === 'error').map((p) => p.message);
        if (Array.isArray(c.volint)) {
          assert.deepEqual(errors, []);
          assert.deepEqual(lint.model.services.map((s) => s.name).sort(), c.volint);
        } else {
          const expected = c.volint;
          assert.ok(errors.some((m) => expected.test(m)), errors.join('\n'));
        }
      } finally {
        exec(COMPOSE, ['--ansi', 'never', '-p', project, '-f', 'compose.yaml', '--profile', 'debug', '--profile', 'ops', '--profile', 'side', '--profile', 'p', '--profile', 'extra', 'down'], { cwd: dir, env });
        removeDir(dir);
      }
    });
  }
});

withBuilders('volint against docker-compose 1.29 where 1.29 refuses a file or only warns', () => {
  it('${COMPOSE_PROJECT_NAME} not set: 1.29 warns and substitutes an empty string; volint follows the compose-spec (the project name, as Compose v2)', async () => {
    const dir = join(tempDir('volint-compose-refusal-'), 'My.Project');
    try {
      const compose = 'services:\n  web:\n    image: busybox\n    volumes:\n      - /h/${COMPOSE_PROJECT_NAME}:/x\n';
      write(dir, { 'docker-compose.yml': compose });
      const result = exec(COMPOSE, ['--ansi', 'never', 'config'], { cwd: dir, env: { COMPOSE_FILE: undefined, COMPOSE_PROJECT_NAME: undefined } });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /The COMPOSE_PROJECT_NAME variable is not set\. Defaulting to a blank string\./);
      assert.match(result.stdout, /- \/h:\/x:rw/);
      const path = join(dir, 'docker-compose.yml');
      const lint = await lintComposeFile(compose, path, path, defaultSettings(), dir, diskComposeIO, { files: [path], envFiles: [], scope: [path] });
      assert.deepEqual(lint.model.problems, []);
      assert.equal(lint.model.services[0]!.mounts.find((m) => m.target === '/x')?.hostPath, '/h/myproject');
    } finally {
      removeDir(join(dir, '..'));
    }
  });

  it('unset variables: 1.29 warns once per variable for the whole project (compose and override file), exit 0; volint gives one warning per variable the .env lacks, at its first use (one note without a .env)', async () => {
    const dir = tempDir('volint-compose-unset-');
    try {
      const files = {
        'compose.yaml': 'services:\n  a:\n    image: busybox:${TAG}\n    environment:\n      X: ${FOO}\n      Y: ${FOO}-${BAR}\n  b:\n    image: busybox\n    command: echo ${FOO} ${DEF:-x}\n',
        'compose.override.yaml': 'services:\n  a:\n    environment:\n      W: ${FOO}\n      V: ${BAR}\n',
        '.env': 'OTHER=1\n',
      };
      write(dir, files);
      const env = { COMPOSE_FILE: undefined, TAG: undefined, FOO: undefined, BAR: undefined, DEF: undefined };
      const result = exec(COMPOSE, ['--ansi', 'never', 'config', '-q'], { cwd: dir, env });
      assert.equal(result.code, 0, result.stderr);
      const warned = [...result.stderr.matchAll(/The (\w+) variable is not set\. Defaulting to a blank string\./g)].map((m) => m[1]!);
      assert.deepEqual(warned, ['TAG', 'FOO', 'BAR']);
      const path = join(dir, 'compose.yaml');
      const lint = await lintComposeFile(files['compose.yaml'], path, path, defaultSettings(), dir, diskComposeIO);
      const warnings = lint.findings.filter((f) => f.ruleId === 'volint-compose-error').map((f) => `${f.severity} ${/variable (\w+) is not set/.exec(f.message)?.[1]}@${f.range.start.line + 1}`);
      assert.deepEqual(warnings, ['warning TAG@3', 'warning FOO@5', 'warning BAR@6']);
      // Without a .env the variables are the deployer's: one note names them, at the first use.
      rmSync(join(dir, '.env'));
      const bare = await lintComposeFile(files['compose.yaml'], path, path, defaultSettings(), dir, diskComposeIO);
      const notes = bare.findings.filter((f) => f.ruleId === 'volint-compose-error').map((f) => `${f.severity}@${f.range.start.line + 1} ${f.message.slice(0, 40)}`);
      assert.deepEqual(notes, ['note@3 3 variables (TAG, FOO and BAR) are not s']);
    } finally {
      removeDir(dir);
    }
  });

  it('volumes_from a service the active profiles do not start: 1.29 refuses to start the project (up --no-start), as volint says', async () => {
    const dir = tempDir('volint-compose-refusal-');
    const project = `volint-vf-${process.pid}`;
    try {
      // Images that do not exist: 1.29 refuses before it would pull them.
      const compose = 'services:\n  app:\n    image: volint-absent-app:1\n    volumes_from:\n      - data\n  data:\n    image: volint-absent-data:1\n    profiles: [seed]\n';
      write(dir, { 'compose.yaml': compose });
      const result = exec(COMPOSE, ['--ansi', 'never', '-p', project, '-f', 'compose.yaml', '--profile', 'other', 'up', '--no-start'], { cwd: dir, env: { COMPOSE_FILE: undefined, COMPOSE_PROFILES: undefined } });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /Service "data" was pulled in as a dependency of service "app" but is not enabled by the active profiles/);
      const path = join(dir, 'compose.yaml');
      const lint = await lintComposeFile(compose, path, path, defaultSettings(), dir, diskComposeIO, { files: [path], envFiles: [], scope: [path], profiles: ['other'] });
      const errors = lint.model.problems.filter((p) => p.severity === 'error').map((p) => p.message);
      assert.ok(errors.some((m) => m.includes('("Service "data" was pulled in as a dependency of service "app" but is not enabled by the active profiles")')), errors.join('\n'));
    } finally {
      exec(COMPOSE, ['--ansi', 'never', '-p', project, '-f', 'compose.yaml', 'down'], { cwd: dir });
      removeDir(dir);
    }
  });

  for (const c of REFUSALS) {
    it(c.title, async () => {
      const dir = tempDir('volint-compose-refusal-');
      try {
        // A .env that lacks the variables: the project has its values, so a missing one is an error of the file
        // (without a .env they are the deployer's, and volint says so in one note: test/compose-unset-variables.test.ts).
        write(dir, { 'compose.yaml': c.compose, 'base.yaml': 'services:\n  base:\n    image: busybox\n', '.env': 'OTHER=1\n' });
        const result = exec(COMPOSE, ['--ansi', 'never', '-f', 'compose.yaml', 'config'], { cwd: dir, env: { COMPOSE_FILE: undefined, DIR: undefined, IMAGE: undefined, DATA: undefined } });
        assert.equal(result.code, c.exit, `docker-compose config: ${result.stderr}`);
        assert.match(`${result.stderr}\n${result.stdout}`.replaceAll(dir, 'PROJECT'), c.says);
        const path = join(dir, 'compose.yaml');
        const lint = await lintComposeFile(c.compose, path, path, defaultSettings(), dir, diskComposeIO, { files: [path], envFiles: [join(dir, '.env')], scope: [path] });
        const errors = lint.model.problems.filter((p) => p.severity === 'error').map((p) => p.message);
        assert.ok(errors.some((m) => c.volint.test(m)), errors.join('\n'));
      } finally {
        removeDir(dir);
      }
    });
  }
});

/** The default Dockerfile of a build context spelled in lower case (Leantime's .dev/dockerfile, held-out set 11). */
withBuilders('a build context with only a lower-case dockerfile: docker-compose 1.29 builds it, volint models it', () => {
  it('build: .dev with .dev/dockerfile and no dockerfile: key; named explicitly as Dockerfile, the docker CLI\'s build and volint find none', async () => {
    ensureBaseImage();
    const dir = tempDir('volint-compose-lowercase-');
    const tag = `${RUN_ID}-lowercase:1`;
    const compose = `services:\n  web:\n    build: .dev\n    image: ${tag}\n`;
    const explicit = `services:\n  web:\n    build:\n      context: .dev\n      dockerfile: Dockerfile\n    image: ${tag}\n`;
    try {
      write(dir, { 'compose.yaml': compose, 'explicit.yaml': explicit, '.dev/dockerfile': `FROM ${BASE}\nRUN mkdir /lower\n` });
      // The Dockerfile's FROM names the local base image only: the build never reaches a registry.
      assert.equal(exec(DOCKER, ['image', 'inspect', BASE]).code, 0);
      const built = exec(COMPOSE, ['--ansi', 'never', '-f', 'compose.yaml', 'build'], { cwd: dir, env: { COMPOSE_FILE: undefined, DOCKER_BUILDKIT: '0', COMPOSE_DOCKER_CLI_BUILD: '0' } });
      assert.equal(built.code, 0, built.stderr);
      assert.equal(exec(DOCKER, ['run', '--rm', tag, 'test', '-d', '/lower']).code, 0);
      // Named explicitly, the docker CLI's build (what Compose v2 runs; 1.29 with COMPOSE_DOCKER_CLI_BUILD=1) looks for that
      // file only; 1.29's own API build lets the daemon fall back to lower case for the name Dockerfile. volint takes
      // the fallback only where every path takes it, with no dockerfile: key.
      const refused = exec(COMPOSE, ['--ansi', 'never', '-f', 'explicit.yaml', 'build'], { cwd: dir, env: { COMPOSE_FILE: undefined, DOCKER_BUILDKIT: '0', COMPOSE_DOCKER_CLI_BUILD: '1' } });
      assert.notEqual(refused.code, 0, refused.stdout + refused.stderr);
      const path = join(dir, 'compose.yaml');
      const lint = await lintComposeFile(compose, path, path, defaultSettings(), dir, diskComposeIO, { files: [path], envFiles: [], scope: [path] });
      assert.deepEqual(lint.model.problems, []);
      const image = lint.model.services[0]!.image;
      assert.equal(image.kind === 'build' ? image.build.dockerfileAbsolute : image.kind, join(dir, '.dev', 'dockerfile'));
      const other = join(dir, 'explicit.yaml');
      const named = await lintComposeFile(explicit, other, other, defaultSettings(), dir, diskComposeIO, { files: [other], envFiles: [], scope: [other] });
      assert.equal(named.model.problems.length, 1);
      assert.match(named.model.problems[0]!.message, /Dockerfile .*Dockerfile cannot be read/);
    } finally {
      exec(DOCKER, ['rmi', '-f', tag]);
      removeDir(dir);
    }
  });
});
