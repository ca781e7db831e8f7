/**
 * The full command line, described with yargs: commands, options, help, version and usage errors.
 * A lazy chunk: `volint <paths>` in its common forms is read by src/cli/fast-args.ts instead, and
 * yargs (about as costly to load as node itself) is imported only for everything else.
 * The actions stay in src/cli.ts; this module only turns argv into calls of `CliActions`.
 */
import yargs, { type Argv } from 'yargs';
import { BUILDERS } from '../model/types.js';
import { FORMATS } from '../report/index.js';
import { STDIN_TOKEN, type LintArgs } from './lint-args.js';
import type { ComposeProjectArgs } from './compose-project.js';

export interface CliActions {
  lint(args: LintArgs): Promise<void>;
  listRules(): void;
  /** Prints a rule's documentation; throws a usage error for an unknown rule. */
  explain(rule: string): void;
  model(args: ModelArgs): Promise<void>;
  lsp(): Promise<void>;
}

/** What `volint model` asks for. */
export interface ModelArgs extends ComposeProjectArgs {
  /** The Dockerfile or compose file, `-` for standard input; undefined with --compose-file or --compose-env. */
  file: string | undefined;
  format: string;
  builder: string | undefined;
  target: string | undefined;
  imageConfigs: string[];
}

/** The Compose project options, shared by the lint and `volint model` (same words, same meaning). */
function composeOptions<T>(y: Argv<T>) {
  return y
    .option('compose-file', { type: 'string', array: true, describe: 'Lint one Compose project made of these files merged in order, as `docker compose -f a -f b` (repeatable)', requiresArg: true })
    .option('compose-env', { type: 'boolean', describe: 'Lint the Compose project COMPOSE_FILE names (the environment, then ./.env; COMPOSE_PATH_SEPARATOR), else the default compose file here, as `docker compose` without -f' })
    .option('env-file', { type: 'string', array: true, describe: 'Env file for Compose interpolation instead of the project\'s .env (the --compose-file project, else compose files named here, else ./compose.yaml); a later one wins, the environment wins over all (repeatable)', requiresArg: true })
    .option('project-name', { type: 'string', describe: 'Compose project name, which prefixes named volumes (as `docker compose -p`; the same project as --env-file; default: COMPOSE_PROJECT_NAME, `name:`, the directory)', requiresArg: true })
    .option('profile', { type: 'string', array: true, describe: 'Compose profile to activate, as `docker compose --profile` (repeatable; `*`: all; default: COMPOSE_PROFILES): only the services Compose starts are linted. Without one, every service is, and findings say which profiles start a service', requiresArg: true })
    .option('service', { type: 'string', array: true, describe: 'Lint the project as `docker compose up SERVICE…` starts it: this service and what it depends on (depends_on, links, volumes_from, service: modes), its profiles activated (repeatable; the same project as --env-file)', requiresArg: true });
}

/** yargs' parsed options for the default command, as runLint takes them. */
export function toLintArgs(a: Record<string, unknown>): LintArgs {
  return {
    // Paths after `--` (action.yml passes them so): yargs leaves them in `_`.
    paths: [...((a.paths as string[]) ?? []), ...((a._ as Array<string | number>) ?? []).map(String)],
    format: (a.format as string[]) ?? [],
    output: (a.output as string[]) ?? [],
    quiet: Boolean(a.quiet),
    minConfidence: a.minConfidence as string | undefined,
    maxWarnings: Number(a.maxWarnings),
    color: a.color as boolean | undefined,
    rule: (a.rule as string[]) ?? [],
    stdin: Boolean(a.stdin),
    stdinFilename: a.stdinFilename as string | undefined,
    ignorePattern: (a.ignorePattern as string[]) ?? [],
    builder: a.builder as string | undefined,
    target: a.target as string | undefined,
    // --no-config gives `false` here; runLint reads it from noConfig.
    config: a.config === false ? undefined : (a.config as string | undefined),
    noConfig: a.config === false,
    explain: a.explain !== false,
    fullExplain: a.explain === true,
    fix: Boolean(a.fix),
    fixUnsafe: Boolean(a.fixUnsafe),
    fixDryRun: Boolean(a.fixDryRun),
    reportUnusedIgnores: Boolean(a.reportUnusedIgnores),
    imageConfig: (a.imageConfig as string[]) ?? [],
    cache: Boolean(a.cache),
    cacheLocation: a.cacheLocation as string | undefined,
    errorOnUnmatchedPattern: a.errorOnUnmatchedPattern !== false,
    composeFile: (a.composeFile as string[]) ?? [],
    composeEnv: Boolean(a.composeEnv),
    envFile: (a.envFile as string[]) ?? [],
    projectName: a.projectName as string | undefined,
    profile: (a.profile as string[]) ?? [],
    service: (a.service as string[]) ?? [],
    composeDeployed: Boolean(a.composeDeployed),
  };
}

/** The options of `volint [paths..]` (the lint): not shown by, nor accepted for, the subcommands. */
function lintOptions<T>(y: Argv<T>) {
  return y
    .option('format', { alias: 'f', type: 'string', array: true, describe: `Output format: ${FORMATS.join(', ')} (repeatable, pairs with --output)`, requiresArg: true })
    .option('output', { alias: 'o', type: 'string', array: true, describe: 'Write the matching --format to this file', requiresArg: true })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'Report errors only' })
    .option('min-confidence', { type: 'string', describe: 'Report only findings at least this sure: certain, likely or possible (default: possible, all)', requiresArg: true })
    .option('max-warnings', {
      type: 'string',
      default: '-1',
      describe: 'Exit 1 when there are more warnings than this (-1: no limit)',
      requiresArg: true,
      coerce: (value: string | string[]) => {
        const text = String(Array.isArray(value) ? value[value.length - 1] : value).trim();
        if (!/^(?:-1|\d+)$/.test(text)) throw new Error(`--max-warnings ${text}: expected a whole number, 0 or more (-1: no limit)`);
        return Number(text);
      },
    })
    .option('color', { type: 'boolean', describe: 'Force colour on or off (NO_COLOR and FORCE_COLOR are honoured)' })
    .option('rule', { type: 'string', array: true, describe: 'Set a rule: VOL003=off|note|warning|error (repeatable)', requiresArg: true })
    .option('list-rules', { type: 'boolean', describe: 'List the rules and exit' })
    .option('stdin', { type: 'boolean', describe: 'Lint standard input' })
    .option('stdin-filename', { type: 'string', describe: 'Path to report (and to find config from) for standard input', requiresArg: true })
    .option('ignore-pattern', { type: 'string', array: true, describe: 'Skip paths matching this glob (repeatable)', requiresArg: true })
    .option('builder', { type: 'string', describe: `Builder to explain and judge for: any, ${BUILDERS.join(', ')}`, requiresArg: true })
    .option('target', { type: 'string', describe: 'The build target stage (default: the last stage)', requiresArg: true })
    .option('config', { alias: 'c', type: 'string', describe: 'Use this config file (--no-config: none)' })
    .option('explain', { type: 'boolean', describe: 'Show each finding\'s whole explanation (default: one line of why and the fix; --no-explain: neither)' })
    .option('fix', { type: 'boolean', describe: 'Apply safe fixes to the files' })
    .option('fix-unsafe', { type: 'boolean', describe: 'Apply safe and unsafe fixes' })
    .option('fix-dry-run', { type: 'boolean', describe: 'Print the fixes as a patch (git apply takes it) and nothing else; change nothing' })
    .option('report-unused-ignores', { type: 'boolean', describe: 'Report suppression comments that silence nothing' })
    .option('image-config', { type: 'string', array: true, describe: 'JSON from `docker image inspect` giving base images\' real volumes (repeatable)', requiresArg: true })
    .option('cache', { type: 'boolean', describe: 'Reuse the findings of files unchanged since the last run (content, path, config, flags and volint build are checked, and the files and directory listings of the build context the model read: a Dockerfile\'s start script, what a COPY of the context puts below a volume)' })
    .option('cache-location', { type: 'string', describe: 'Where --cache keeps its file (default: .volintcache; a directory: .volintcache in it)', requiresArg: true })
    .option('error-on-unmatched-pattern', { type: 'boolean', default: true, describe: 'A path or glob that finds no Dockerfile is an error (--no-error-on-unmatched-pattern: it is not)' })
    .option('compose-deployed', { type: 'boolean', describe: 'The compose files are deployed as written: report an image VOLUME left to an anonymous volume (VOL022) also in a project that keeps no data anywhere, which by default is taken for a throw-away stack, and in a development stack, where VOL022 and VOL020 (the sources bound over the app directory) are quiet by default (as compose.deployed: true in the config)' });
}

/**
 * The yargs parser for `argv` (without node and the script). `parseAsync()` runs the matching action;
 * a usage error, or an error thrown by an action, rejects with that error.
 */
export function createCli(argv: string[], actions: CliActions, version: string) {
  return yargs(argv.map((a) => (a === '-' ? STDIN_TOKEN : a)))
    .scriptName('volint')
    // `--format sarif .` and `-f json Dockerfile`: a repeatable option takes one value, not the paths after it.
    .parserConfiguration({ 'greedy-arrays': false })
    .usage('$0 [paths..]\n\nLint Dockerfiles and Containerfiles, with a model of what Docker does with VOLUME.')
    .command(
      'explain <rule>',
      'Print the full documentation of a rule (id or name)',
      (y) => y.positional('rule', { type: 'string', demandOption: true }),
      (a) => actions.explain(String(a.rule)),
    )
    .command(
      'lsp',
      'Run the language server on standard input and output (for editors)',
      (y) => y.option('stdio', { type: 'boolean', describe: 'Accepted for clients that pass it; stdio is the only transport' }),
      () => actions.lsp(),
    )
    .command(
      'model [file]',
      'Print the volume model of a Dockerfile (stages, volumes and the steps that touch them) or of a Compose project (every mount point of every service)',
      (y) =>
        composeOptions(y)
          .positional('file', { type: 'string', describe: 'Dockerfile or compose file, or - for a Dockerfile on standard input (none with --compose-file or --compose-env)' })
          .option('format', { alias: 'f', type: 'string', choices: ['text', 'json'], default: 'text', describe: 'Output format' })
          .option('builder', { type: 'string', describe: `Builder to explain for: any, ${BUILDERS.join(', ')}`, requiresArg: true })
          .option('target', { type: 'string', describe: 'The build target stage (default: the last stage)', requiresArg: true })
          .option('image-config', { type: 'string', array: true, describe: 'JSON from `docker image inspect` giving base images\' real volumes (repeatable)', requiresArg: true }),
      (a) =>
        actions.model({
          file: a.file as string | undefined,
          format: String(a.format),
          builder: a.builder as string | undefined,
          target: a.target as string | undefined,
          imageConfigs: (a.imageConfig as string[] | undefined) ?? [],
          composeFile: (a.composeFile as string[] | undefined) ?? [],
          composeEnv: Boolean(a.composeEnv),
          envFile: (a.envFile as string[] | undefined) ?? [],
          projectName: a.projectName as string | undefined,
          profile: (a.profile as string[] | undefined) ?? [],
          service: (a.service as string[] | undefined) ?? [],
        }),
    )
    .command(
      '$0 [paths..]',
      'Lint files, directories and globs (default: the current directory)',
      (y) => composeOptions(lintOptions(y.positional('paths', { type: 'string', array: true, default: [] as string[], describe: 'Files, directories or globs; - reads standard input' }))),
      async (a) => {
        if (a.listRules) actions.listRules();
        else await actions.lint(toLintArgs(a));
      },
    )
    .strictOptions()
    .version(version)
    .alias('v', 'version')
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new Error(message);
    });
}
