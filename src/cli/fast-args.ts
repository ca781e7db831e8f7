/**
 * The fast path of the command line: reads `volint <paths> [options]` in its plain, common forms
 * without loading yargs (whose load costs about as much as starting node). It accepts only argv it
 * understands completely and then returns exactly the LintArgs that yargs would produce (pinned by
 * test/fast-args.test.ts, which runs both over a table of argv vectors); for anything else it
 * returns null and yargs reads the command line, so help, version, subcommands, usage errors and
 * their exit codes come from one place.
 *
 * Not accepted (left to yargs): --help/-h, --version/-v, --list-rules, a subcommand name as a
 * positional, `--opt=value`, camelCase spellings, combined or attached short options (-qf, -fjson),
 * `--`, a lone `-`, negations other than --no-color/--no-explain/--no-config/--no-error-on-unmatched-pattern,
 * an option given twice
 * unless it is repeatable, a missing value or one that starts with `-`, `true`/`false` anywhere,
 * an empty argument, and any positional or --max-warnings value that yargs might read as a number.
 */
import { SUBCOMMANDS, type LintArgs } from './lint-args.js';

type Setter = (args: LintArgs, value: string) => void;

/** Options that take a value, by the spellings accepted here. */
const VALUE_OPTIONS = new Map<string, { key: string; set: Setter }>();
/** Options without a value. */
const FLAG_OPTIONS = new Map<string, { key: string; set: (args: LintArgs) => void }>();

function valueOption(names: string[], key: string, set: Setter): void {
  for (const name of names) VALUE_OPTIONS.set(name, { key, set });
}
function flagOption(names: string[], key: string, set: (args: LintArgs) => void): void {
  for (const name of names) FLAG_OPTIONS.set(name, { key, set });
}

// Repeatable options (yargs `array: true`) have a key ending in [] and may appear again.
valueOption(['--format', '-f'], 'format[]', (a, v) => a.format.push(v));
valueOption(['--output', '-o'], 'output[]', (a, v) => a.output.push(v));
valueOption(['--rule'], 'rule[]', (a, v) => a.rule.push(v));
valueOption(['--ignore-pattern'], 'ignorePattern[]', (a, v) => a.ignorePattern.push(v));
valueOption(['--image-config'], 'imageConfig[]', (a, v) => a.imageConfig.push(v));
valueOption(['--compose-file'], 'composeFile[]', (a, v) => a.composeFile.push(v));
valueOption(['--env-file'], 'envFile[]', (a, v) => a.envFile.push(v));
valueOption(['--project-name'], 'projectName', (a, v) => (a.projectName = v));
valueOption(['--profile'], 'profile[]', (a, v) => a.profile.push(v));
valueOption(['--service'], 'service[]', (a, v) => a.service.push(v));
valueOption(['--stdin-filename'], 'stdinFilename', (a, v) => (a.stdinFilename = v));
valueOption(['--min-confidence'], 'minConfidence', (a, v) => (a.minConfidence = v));
valueOption(['--builder'], 'builder', (a, v) => (a.builder = v));
valueOption(['--target'], 'target', (a, v) => (a.target = v));
valueOption(['--config', '-c'], 'config', (a, v) => (a.config = v));
valueOption(['--cache-location'], 'cacheLocation', (a, v) => (a.cacheLocation = v));
valueOption(['--max-warnings'], 'maxWarnings', (a, v) => (a.maxWarnings = Number(v)));
flagOption(['--quiet', '-q'], 'quiet', (a) => (a.quiet = true));
flagOption(['--color'], 'color', (a) => (a.color = true));
flagOption(['--no-color'], 'color', (a) => (a.color = false));
flagOption(['--explain'], 'explain', (a) => {
  a.explain = true;
  a.fullExplain = true;
});
flagOption(['--no-explain'], 'explain', (a) => (a.explain = false));
flagOption(['--no-config'], 'config', (a) => (a.noConfig = true));
flagOption(['--stdin'], 'stdin', (a) => (a.stdin = true));
flagOption(['--fix'], 'fix', (a) => (a.fix = true));
flagOption(['--fix-unsafe'], 'fixUnsafe', (a) => (a.fixUnsafe = true));
flagOption(['--fix-dry-run'], 'fixDryRun', (a) => (a.fixDryRun = true));
flagOption(['--report-unused-ignores'], 'reportUnusedIgnores', (a) => (a.reportUnusedIgnores = true));
flagOption(['--cache'], 'cache', (a) => (a.cache = true));
flagOption(['--compose-env'], 'composeEnv', (a) => (a.composeEnv = true));
flagOption(['--compose-deployed'], 'composeDeployed', (a) => (a.composeDeployed = true));
flagOption(['--no-error-on-unmatched-pattern'], 'errorOnUnmatchedPattern', (a) => (a.errorOnUnmatchedPattern = false));

/** What yargs-parser would read as a number (its isNumber, widened): such arguments go to yargs. */
const NUMBER_LIKE = /^(?:0x[0-9a-f]+|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)$/i;
/** The --max-warnings values read here: plain non-negative integers and the default -1. */
const MAX_WARNINGS = /^(?:-1|0|[1-9]\d{0,8})$/;

/** The LintArgs for `argv` (without node and the script), or null when yargs must read it. */
export function fastLintArgs(argv: readonly string[]): LintArgs | null {
  const args: LintArgs = {
    paths: [],
    format: [],
    output: [],
    quiet: false,
    minConfidence: undefined,
    maxWarnings: -1,
    color: undefined,
    rule: [],
    stdin: false,
    stdinFilename: undefined,
    ignorePattern: [],
    builder: undefined,
    target: undefined,
    config: undefined,
    noConfig: false,
    explain: true,
    fullExplain: false,
    fix: false,
    fixUnsafe: false,
    fixDryRun: false,
    reportUnusedIgnores: false,
    imageConfig: [],
    cache: false,
    cacheLocation: undefined,
    errorOnUnmatchedPattern: true,
    composeFile: [],
    composeEnv: false,
    envFile: [],
    projectName: undefined,
    profile: [],
    service: [],
    composeDeployed: false,
  };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '' || arg === 'true' || arg === 'false') return null;
    if (arg.startsWith('-')) {
      const flag = FLAG_OPTIONS.get(arg);
      const option = flag ? undefined : VALUE_OPTIONS.get(arg);
      const key = flag?.key ?? option?.key;
      if (key === undefined) return null; // unknown, help, version, `--`, `-`, `--opt=value`, -qf …
      if (!key.endsWith('[]')) {
        if (seen.has(key)) return null; // yargs makes an array of a repeated single option
        seen.add(key);
      }
      if (flag) {
        flag.set(args);
        continue;
      }
      const value = argv[i + 1];
      if (value === undefined) return null;
      if (key === 'maxWarnings' ? !MAX_WARNINGS.test(value) : value === '' || value.startsWith('-') || value === 'true' || value === 'false') return null;
      option!.set(args, value);
      i++;
      continue;
    }
    if (SUBCOMMANDS.includes(arg) || NUMBER_LIKE.test(arg)) return null;
    args.paths.push(arg);
  }
  return args;
}
