/**
 * A bind source that is a package manager's dependency directory: `node_modules` beside a
 * package.json, `vendor` beside a composer.json, `.venv` beside a pyproject.toml locked by uv.
 * Such a directory is not in a repository (it is ignored); the project's install makes it on the
 * developer's machine before the stack runs (a bind of it says the container uses the host's
 * install), as the user who ran the install, so it is not a directory Compose creates root-owned.
 *
 * Facts, with their sources:
 * - npm, pnpm, Yarn 1 and Bun install a package's dependencies into `node_modules` beside its
 *   package.json (docs.npmjs.com "folders": local installs go to ./node_modules of the package
 *   root; pnpm.io "node_modules structure"; classic.yarnpkg.com; bun.sh/docs/cli/install).
 * - Yarn 2 and later install with Plug'n'Play unless `nodeLinker` in .yarnrc.yml says
 *   `node-modules` or `pnpm` (yarnpkg.com/configuration/yarnrc#nodeLinker, default `pnp`): then no
 *   `node_modules` is made, and a missing one stays missing until Compose creates it.
 * - Composer installs into `vendor` beside composer.json unless `config.vendor-dir` moves it
 *   (getcomposer.org/doc/06-config.md#vendor-dir).
 * - uv keeps a project's environment in `.venv` beside its pyproject.toml (docs.astral.sh/uv
 *   "Project structure and files": `uv sync` creates it; UV_PROJECT_ENVIRONMENT may move it, set on
 *   the developer's machine, which volint does not see).
 */
import { basename, dirname, join } from 'node:path';
import type { ComposeIO } from './project-files.js';
import { topLevelString } from './yaml-tree.js';

/** The install that makes a dependency directory, and the manifest that declares it. */
export interface DependencyDirectory {
  /** The command that makes it: `npm install`, `yarn install`, `composer install`, `uv sync` … */
  command: string;
  /** The manifest beside it (absolute path): package.json, composer.json, pyproject.toml. */
  manifest: string;
}

async function readJson(path: string, io: ComposeIO): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = JSON.parse(await io.readText(path));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Yarn's `nodeLinker` in a .yarnrc.yml: `pnp` when the file does not set it (Yarn 2+'s default) or is not valid YAML. */
async function yarnNodeLinker(path: string, io: ComposeIO): Promise<string> {
  try {
    return topLevelString(await io.readText(path), 'nodeLinker') ?? 'pnp';
  } catch {
    return 'pnp';
  }
}

async function nodeModules(dir: string, io: ComposeIO): Promise<DependencyDirectory | null> {
  const manifest = join(dir, 'package.json');
  if (!(await io.isFile(manifest))) return null;
  const pkg = await readJson(manifest, io);
  if (pkg === null) return null;
  const packageManager = typeof pkg.packageManager === 'string' ? pkg.packageManager : '';
  const yarnrc = join(dir, '.yarnrc.yml');
  // Yarn 2 and later (Berry): its .yarnrc.yml, or `packageManager: yarn@2…` without one.
  const berry = (await io.isFile(yarnrc)) || /^yarn@([2-9]|\d{2,})\./.test(packageManager);
  if (berry) {
    const linker = (await io.isFile(yarnrc)) ? await yarnNodeLinker(yarnrc, io) : 'pnp';
    // Plug'n'Play makes no node_modules.
    if (linker !== 'node-modules' && linker !== 'pnpm') return null;
    return { command: 'yarn install', manifest };
  }
  const manager = packageManager.split('@')[0] ?? '';
  if (manager === 'pnpm' || (manager === '' && (await io.isFile(join(dir, 'pnpm-lock.yaml'))))) return { command: 'pnpm install', manifest };
  if (manager === 'yarn' || (manager === '' && (await io.isFile(join(dir, 'yarn.lock'))))) return { command: 'yarn install', manifest };
  if (manager === 'bun' || (manager === '' && ((await io.isFile(join(dir, 'bun.lock'))) || (await io.isFile(join(dir, 'bun.lockb')))))) return { command: 'bun install', manifest };
  return { command: 'npm install', manifest };
}

async function composerVendor(dir: string, io: ComposeIO): Promise<DependencyDirectory | null> {
  const manifest = join(dir, 'composer.json');
  if (!(await io.isFile(manifest))) return null;
  const composer = await readJson(manifest, io);
  if (composer === null) return null;
  const config = composer.config;
  const vendorDir = config !== null && typeof config === 'object' ? (config as Record<string, unknown>)['vendor-dir'] : undefined;
  // Another vendor-dir: composer installs there, and this `vendor` is not its.
  if (vendorDir !== undefined && String(vendorDir).replace(/^\.\//, '').replace(/\/+$/, '') !== 'vendor') return null;
  return { command: 'composer install', manifest };
}

async function uvEnvironment(dir: string, io: ComposeIO): Promise<DependencyDirectory | null> {
  const manifest = join(dir, 'pyproject.toml');
  if (!(await io.isFile(manifest)) || !(await io.isFile(join(dir, 'uv.lock')))) return null;
  return { command: 'uv sync', manifest };
}

/**
 * The install that makes the directory `hostPath` (a bind source), when it is a package manager's
 * dependency directory beside the manifest that declares it; null otherwise.
 */
export async function dependencyDirectory(hostPath: string, io: ComposeIO): Promise<DependencyDirectory | null> {
  const dir = dirname(hostPath);
  switch (basename(hostPath)) {
    case 'node_modules':
      return nodeModules(dir, io);
    case 'vendor':
      return composerVendor(dir, io);
    case '.venv':
      return uvEnvironment(dir, io);
    default:
      return null;
  }
}
