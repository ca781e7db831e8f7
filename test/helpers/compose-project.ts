/**
 * A Compose project on the local dockerd, driven by Debian's docker-compose 1.29, for the tests that
 * show each Compose rule's run-time claim. The base image, the FROM check and the observation cache
 * are the builder tests' (./engines.ts). Projects are named `volint-cr-<pid>-<slug>` (compose names
 * their images and volumes after the project), run with `network_mode: none`, and are removed with
 * `down -v --rmi local`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { removeDir, tempDir } from './cli.js';
import { BASE, checkBases, COMPOSE, DOCKER, ensureBaseImage, exec, type Exec } from './engines.js';

/** The legacy builder, as docker-compose 1.29 uses it through docker-py. */
const ENV = { DOCKER_BUILDKIT: '0', COMPOSE_DOCKER_CLI_BUILD: '0' };

/**
 * BuildKit: docker-compose 1.29 hands the build to the docker client on PATH (COMPOSE_DOCKER_CLI_BUILD=1), with
 * DOCKER_BUILDKIT=1. Debian's client (DOCKER) drives dockerd's embedded BuildKit without buildx, so its directory
 * comes first on PATH; a RUN step needs `build.network: host` in the compose file (the builder tests' --network host).
 */
function buildkitEnv(): NodeJS.ProcessEnv {
  const dir = DOCKER.includes('/') ? dirname(DOCKER) : null;
  return { DOCKER_BUILDKIT: '1', COMPOSE_DOCKER_CLI_BUILD: '1', ...(dir ? { PATH: `${dir}:${process.env.PATH ?? ''}` } : {}) };
}

function ok(result: Exec, what: string): string {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.stdout}\n${result.stderr}`.slice(-3000));
  return result.stdout;
}

export interface Mount {
  Type: string;
  Name?: string;
  Source: string;
  Destination: string;
}

/** A Compose project in a temporary directory; `{{BASE}}` in its files stands for the busybox base image. */
export class ComposeProject {
  readonly name: string;
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly builder: 'legacy' | 'buildkit';
  /** More environment for docker-compose (a HOME of the test's own, against which it resolves `~`). */
  moreEnv: Record<string, string> = {};

  /** `builder`: the legacy builder (default), or BuildKit through the docker client (buildkitEnv). */
  constructor(slug: string, files: Record<string, string>, builder: 'legacy' | 'buildkit' = 'legacy') {
    this.builder = builder;
    this.env = builder === 'buildkit' ? buildkitEnv() : ENV;
    ensureBaseImage();
    this.name = `volint-cr-${process.pid}-${slug}`;
    this.dir = tempDir(`${this.name}-`);
    this.write(files);
  }

  /** Writes (or rewrites) files; a Dockerfile whose FROM is not local is refused before any build. */
  write(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      const content = text.replaceAll('{{BASE}}', BASE);
      if (/(^|\/)Dockerfile$/.test(path)) checkBases(content, this.builder);
      const full = join(this.dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }

  /** `docker-compose -p NAME ARGS…` in the project directory; throws when it fails. */
  compose(...args: string[]): string {
    return ok(exec(COMPOSE, ['--ansi', 'never', '-p', this.name, ...args], { cwd: this.dir, env: { ...this.env, ...this.moreEnv } }), `docker-compose ${args.join(' ')}`);
  }

  /** `sh -c SCRIPT` in the running container of a service; stdout and stderr together, and the exit code. */
  exec(service: string, script: string): { code: number | null; output: string } {
    const result = exec(COMPOSE, ['--ansi', 'never', '-p', this.name, 'exec', '-T', service, 'sh', '-c', `(${script}) 2>&1`], { cwd: this.dir, env: { ...this.env, ...this.moreEnv } });
    return { code: result.code, output: result.stdout + result.stderr };
  }

  /** The mounts of a service's container, from `docker inspect`. */
  mounts(service: string): Mount[] {
    const id = this.compose('ps', '-q', service).trim();
    return JSON.parse(ok(exec(DOCKER, ['inspect', '--format', '{{json .Mounts}}', id]), 'docker inspect')) as Mount[];
  }

  /** `down -v --rmi local` and the temporary directory; never throws. */
  destroy(): void {
    exec(COMPOSE, ['--ansi', 'never', '-p', this.name, 'down', '-v', '--rmi', 'local', '--remove-orphans'], { cwd: this.dir, env: { ...this.env, ...this.moreEnv } });
    removeDir(this.dir);
  }
}
