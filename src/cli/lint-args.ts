/**
 * What a lint invocation asks for, as both argv readers produce it: yargs (src/cli/yargs-cli.ts,
 * the full command line) and the fast path (src/cli/fast-args.ts, the common forms only).
 * Kept free of imports so that the start-up path loads nothing for it.
 */
export interface LintArgs {
  paths: string[];
  format: string[];
  output: string[];
  quiet: boolean;
  /** --min-confidence: certain, likely or possible (validated by runLint). */
  minConfidence: string | undefined;
  maxWarnings: number;
  color: boolean | undefined;
  rule: string[];
  stdin: boolean;
  stdinFilename: string | undefined;
  ignorePattern: string[];
  builder: string | undefined;
  target: string | undefined;
  config: string | undefined;
  noConfig: boolean;
  /** false with --no-explain. */
  explain: boolean;
  /** --explain: the whole explanation under each finding (default: one line of why and the fix). */
  fullExplain: boolean;
  fix: boolean;
  fixUnsafe: boolean;
  fixDryRun: boolean;
  reportUnusedIgnores: boolean;
  imageConfig: string[];
  cache: boolean;
  cacheLocation: string | undefined;
  /** A directory or glob that finds no Dockerfile is an error (exit 2); false: it is not. */
  errorOnUnmatchedPattern: boolean;
  /** --compose-file: one Compose project made of these files merged in order (`docker compose -f … -f …`). */
  composeFile: string[];
  /** --compose-env: the project's files from COMPOSE_FILE (the environment, then ./.env), as `docker compose` without -f. */
  composeEnv: boolean;
  /** --env-file: the env files of the compose projects linted (instead of their `.env`), a later one winning. */
  envFile: string[];
  /** --project-name: the compose project name (`docker compose -p`). */
  projectName: string | undefined;
  /** --profile: the Compose profiles to activate (`docker compose --profile`), for the same project as --env-file. */
  profile: string[];
  /** --service: the services to start, as `docker compose up SERVICE…` (their profiles and dependencies too), for the same project as --env-file. */
  service: string[];
  /** --compose-deployed: the compose files are deployed as written (VOL022 reports a project that keeps no data too, and VOL020/VOL022 a development stack as any), for every project. */
  composeDeployed: boolean;
}

/** yargs-parser drops a lone `-`: it is handed over as this token and means standard input. */
export const STDIN_TOKEN = '\u0000stdin';

/** The first positionals that yargs reads as a command instead of a path. */
export const SUBCOMMANDS: readonly string[] = ['explain', 'lsp', 'model'];
