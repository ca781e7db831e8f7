/** The file names Compose reads by default, in order of preference (compose-go cli/options.go). */
export const COMPOSE_FILE_NAMES: readonly string[] = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** The override file names Compose merges into the compose file beside them (the first that exists). */
export const COMPOSE_OVERRIDE_NAMES: readonly string[] = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** The names of a Dev Container configuration (containers.dev): `devcontainer.json`, `.devcontainer.json`. */
export const DEVCONTAINER_NAMES: readonly string[] = ['devcontainer.json', '.devcontainer.json'];

const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
const parentOf = (path: string): string => path.slice(0, Math.max(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))));

/** A file named as a Dev Container configuration (named on the command line: wherever it is). */
export function isDevcontainerName(path: string): boolean {
  return DEVCONTAINER_NAMES.includes(baseName(path));
}

/**
 * A Dev Container configuration where the specification puts one (what a directory walk reads):
 * `.devcontainer.json`, `.devcontainer/devcontainer.json`, `.devcontainer/<folder>/devcontainer.json`.
 */
export function isDevcontainerConfig(path: string): boolean {
  const name = baseName(path);
  if (name === '.devcontainer.json') return true;
  if (name !== 'devcontainer.json') return false;
  const parent = parentOf(path);
  return baseName(parent) === '.devcontainer' || baseName(parentOf(parent)) === '.devcontainer';
}
