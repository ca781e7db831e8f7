/** The file names Compose reads by default, in order of preference (compose-go cli/options.go). */
export const COMPOSE_FILE_NAMES: readonly string[] = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** The override file names Compose merges into the compose file beside them (the first that exists). */
export const COMPOSE_OVERRIDE_NAMES: readonly string[] = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];
