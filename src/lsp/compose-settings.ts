/**
 * The Compose project settings of the language server (`volint.compose` in initializationOptions
 * or workspace/didChangeConfiguration): what the CLI's --compose-file, --env-file, --profile,
 * --project-name and --service give, for the workspace's project, and --compose-deployed (`deployed`)
 * for every compose file.
 *
 * ```json
 * { "volint": { "compose": { "files": ["compose.yaml", "compose.prod.yaml"], "envFiles": ["prod.env"],
 *   "profiles": ["debug"], "projectName": "shop", "services": ["web"], "deployed": true } } }
 * ```
 * Paths are relative to the workspace folder. They apply to one project, chosen as the CLI chooses
 * without paths (src/cli/compose-project.ts): the `files` project, else the workspace folder's
 * default compose file (compose.yaml …); every other compose file keeps its own `.env` and name.
 * `deployed` applies to every compose file (as `compose.deployed` in .volint.yaml, which it overrides when true).
 */
import { resolve } from 'node:path';
import type { ComposeRunOptions } from '../cli/run.js';

export interface ComposeSettings {
  files: string[];
  envFiles: string[];
  profiles: string[];
  projectName?: string;
  services: string[];
  /** --compose-deployed: the compose files are deployed as written (VOL022 reports a project that keeps no data too). */
  deployed?: boolean;
}

export const NO_COMPOSE_SETTINGS: ComposeSettings = { files: [], envFiles: [], profiles: [], services: [] };

/** A string or a list of strings; anything else is `null` (the setting is ignored, and said so). */
function strings(value: unknown): string[] | null {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.filter((v) => v !== '');
  return null;
}

/**
 * `raw` (the `compose` object of the settings) over `previous`: a key given replaces the earlier
 * value, `null` clears it. `problems` gets one line per value that cannot be used.
 */
export function parseComposeSettings(raw: unknown, previous: ComposeSettings, problems: string[]): ComposeSettings {
  if (raw === null) return NO_COMPOSE_SETTINGS;
  if (raw === undefined) return previous;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('volint.compose: expected an object ({ files, envFiles, profiles, projectName, services, deployed })');
    return previous;
  }
  const value = raw as Record<string, unknown>;
  const next: ComposeSettings = { ...previous };
  for (const key of ['files', 'envFiles', 'profiles', 'services'] as const) {
    if (!(key in value)) continue;
    const list = value[key] === null ? [] : strings(value[key]);
    if (list === null) problems.push(`volint.compose.${key}: expected a string or a list of strings`);
    else next[key] = list;
  }
  if ('deployed' in value) {
    if (value.deployed === null || value.deployed === false) delete next.deployed;
    else if (value.deployed === true) next.deployed = true;
    else problems.push('volint.compose.deployed: expected true or false');
  }
  if ('projectName' in value) {
    const name = value.projectName;
    if (name === null || name === '') delete next.projectName;
    else if (typeof name === 'string' && /^[a-z0-9][a-z0-9_-]*$/.test(name)) next.projectName = name;
    else problems.push(`volint.compose.projectName: expected lower-case letters, digits, dashes and underscores, starting with a letter or digit (as \`docker compose -p\`)`);
  }
  return next;
}

/**
 * The Runner's compose options for `settings` in the workspace `root`, or undefined when nothing
 * is set. `scope` is found as the CLI finds it without paths.
 */
export async function composeRunOptions(settings: ComposeSettings, root: string): Promise<ComposeRunOptions | undefined> {
  const { selectComposeProject } = await import('../cli/compose-project.js');
  const selection = await selectComposeProject(
    {
      composeFile: settings.files,
      composeEnv: false,
      envFile: settings.envFiles.map((f) => resolve(root, f)),
      projectName: settings.projectName,
      profile: settings.profiles,
      service: settings.services,
    },
    root,
    [],
  );
  return selection.options;
}
