/**
 * The fast argv reader (src/cli/fast-args.ts) against yargs (src/cli/yargs-cli.ts): whenever the
 * fast path accepts an argv, yargs must run the lint command with deep-equal LintArgs, without an
 * error and without printing. A table of hand-picked vectors (plain and tricky) and a seeded random
 * mix of tokens are run through both. The table also pins which common forms take the fast path.
 */
import { strict as assert } from 'node:assert';
import { fastLintArgs } from '../src/cli/fast-args.js';
import type { LintArgs } from '../src/cli/lint-args.js';
import { createCli } from '../src/cli/yargs-cli.js';

type YargsOutcome = { kind: 'lint'; args: LintArgs } | { kind: 'other'; what: string };

/** Runs yargs over argv with actions that only record what would run. */
async function viaYargs(argv: string[]): Promise<YargsOutcome> {
  let outcome: YargsOutcome = { kind: 'other', what: 'nothing ran' };
  const printed: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void printed.push(a.join(' '));
  console.error = (...a: unknown[]) => void printed.push(a.join(' '));
  try {
    await createCli(
      argv,
      {
        lint: async (args) => {
          outcome = { kind: 'lint', args };
        },
        listRules: () => (outcome = { kind: 'other', what: 'list-rules' }),
        explain: (rule) => (outcome = { kind: 'other', what: `explain ${rule}` }),
        model: async (file) => {
          outcome = { kind: 'other', what: `model ${file}` };
        },
        lsp: async () => {
          outcome = { kind: 'other', what: 'lsp' };
        },
      },
      '0.0.0-test',
    ).parseAsync();
  } catch (err) {
    outcome = { kind: 'other', what: `error: ${(err as Error).message}` };
  } finally {
    console.log = log;
    console.error = error;
  }
  if (printed.length > 0) outcome = { kind: 'other', what: `printed: ${printed.join('\n').slice(0, 200)}` };
  return outcome;
}

async function assertSame(argv: string[]): Promise<LintArgs | null> {
  const fast = fastLintArgs(argv);
  if (fast === null) return null; // yargs reads it: nothing to compare
  const slow = await viaYargs(argv);
  assert.equal(slow.kind, 'lint', `${JSON.stringify(argv)}: the fast path accepted it, yargs did ${slow.kind === 'other' ? slow.what : ''}`);
  assert.deepStrictEqual(fast, (slow as { args: LintArgs }).args, `${JSON.stringify(argv)}: LintArgs differ`);
  return fast;
}

/** Common invocations: these must take the fast path (and agree with yargs). */
const FAST: string[][] = [
  [],
  ['Dockerfile'],
  ['.'],
  ['./Dockerfile', 'services/api/Dockerfile', 'docker/*.Dockerfile'],
  ['--format', 'json', 'Dockerfile'],
  ['-f', 'json', '.'],
  ['-f', 'sarif', '-o', 'out.sarif', '-f', 'stylish', '.'],
  ['--format', 'sarif', '--output', 'volint.sarif', 'Dockerfile'],
  ['--no-color', 'Dockerfile'],
  ['--color', 'Dockerfile'],
  ['--quiet', 'Dockerfile'],
  ['-q', '.'],
  ['--max-warnings', '0', 'Dockerfile'],
  ['--max-warnings', '3', 'Dockerfile'],
  ['--max-warnings', '-1', 'Dockerfile'],
  ['--max-warnings', '120', 'Dockerfile'],
  ['--rule', 'VOL003=off', 'Dockerfile'],
  ['--rule', 'VOL003=off', '--rule', 'volume-overlap=error', 'Dockerfile'],
  ['--ignore-pattern', 'vendor/**', '--ignore-pattern', '*.tmp.Dockerfile', '.'],
  ['--builder', 'buildkit', 'Dockerfile'],
  ['--compose-file', 'compose.yaml', '--compose-file', 'deploy/prod.yaml', '--env-file', 'a.env', '--env-file', 'b.env', '--project-name', 'shop'],
  ['--compose-env', '--format', 'sarif'],
  ['--compose-deployed', '.'],
  ['--builder', 'nonsense', 'Dockerfile'],
  ['--format', 'nonsense', 'Dockerfile'],
  ['--target', 'runtime', 'Dockerfile'],
  ['--config', 'ci/volint.yaml', 'Dockerfile'],
  ['-c', '.volint.json', '.'],
  ['--no-config', 'Dockerfile'],
  ['--no-explain', 'Dockerfile'],
  ['--explain', 'Dockerfile'],
  ['--stdin', '--stdin-filename', 'app/Dockerfile'],
  ['--fix', 'Dockerfile'],
  ['--fix-unsafe', 'Dockerfile'],
  ['--fix-dry-run', 'Dockerfile'],
  ['--fix', '--fix-dry-run', 'Dockerfile'],
  ['--report-unused-ignores', 'Dockerfile'],
  ['--image-config', 'inspect.json', '--image-config', 'other.json', 'Dockerfile'],
  ['--cache', '.'],
  ['--min-confidence', 'likely', 'Dockerfile'],
  ['--min-confidence', 'nonsense', '.'],
  ['--cache', '--cache-location', '/tmp/volint-cache', '.'],
  ['Dockerfile', '--format', 'json'],
  ['a', '-q', 'b', '--no-color', 'c', '-f', 'compact', 'd'],
  ['Dockerfile', 'Dockerfile'],
  ['path with spaces/Dockerfile'],
  ['Dockerfile.prod', 'Containerfile', 'x.dockerfile'],
  ['dir.name/', 'v1.2/Dockerfile', '1/Dockerfile', '2.0/'],
  ['--format', 'json', '--format', 'json'],
  ['--output', 'out.txt'],
  ['--rule', '=', 'Dockerfile'],
  ['--rule', 'VOL999=off'],
  ['--target', 'stage-1', '--builder', 'any'],
  ['--config', 'conf', '--cache-location', 'x/y', '--stdin-filename', 'z'],
  ['--format', 'Dockerfile'],
  ['--quiet', '--no-color', '--no-explain', '--fix', '--cache', '--stdin', '--report-unused-ignores', '--fix-unsafe', '--fix-dry-run', 'x'],
  ['ü/Dockerfile', 'Dockerfile.ß'],
];

/** Forms the fast path leaves to yargs (help, commands, errors, unusual spellings). */
const TO_YARGS: string[][] = [
  ['--help'],
  ['-h'],
  ['--version'],
  ['-v'],
  ['Dockerfile', '--help'],
  ['--list-rules'],
  ['explain', 'VOL001'],
  ['explain'],
  ['model', 'Dockerfile'],
  ['lsp'],
  ['lsp', '--stdio'],
  ['Dockerfile', 'model'],
  ['-'],
  ['--stdin-filename', '-'],
  ['--'],
  ['--', '-x'],
  ['--format=json', 'Dockerfile'],
  ['-fjson', 'Dockerfile'],
  ['-qf', 'json'],
  ['--maxWarnings', '3'],
  ['--max-warnings'],
  ['--max-warnings', 'abc'],
  ['--max-warnings', '1.5'],
  ['--max-warnings', '0x10'],
  ['--max-warnings', '-2'],
  ['--max-warnings', '1e3'],
  ['--max-warnings', '007'],
  ['--max-warnings', '1', '--max-warnings', '2'],
  ['--builder', 'legacy', '--builder', 'buildkit'],
  ['--target', 'a', '--target', 'b'],
  ['--quiet', '--quiet'],
  ['--color', '--no-color'],
  ['--config', 'a', '--no-config'],
  ['--no-quiet'],
  ['--no-fix'],
  ['--no-format'],
  ['--unknown'],
  ['-x'],
  ['--format'],
  ['--format', '-q'],
  ['-f'],
  ['--config'],
  ['--quiet', 'true'],
  ['--quiet', 'false', 'Dockerfile'],
  ['true'],
  [''],
  ['--format', ''],
  ['123'],
  ['1.5'],
  ['0x1f'],
  ['-1'],
  ['1e5'],
  ['.5'],
  ['--rule'],
  ['--stdin-filename'],
];

describe('fast argv path (src/cli/fast-args.ts) against yargs', function () {
  this.timeout(120_000);

  it('reads the common invocations itself, with the LintArgs yargs gives', async () => {
    for (const argv of FAST) {
      assert.notEqual(fastLintArgs(argv), null, `${JSON.stringify(argv)} should take the fast path`);
      await assertSame(argv);
    }
  });

  it('leaves help, version, subcommands, errors and unusual spellings to yargs', async () => {
    for (const argv of TO_YARGS) {
      assert.equal(fastLintArgs(argv), null, `${JSON.stringify(argv)} should go to yargs`);
    }
  });

  it('agrees with yargs on a seeded random mix of tokens', async () => {
    const TOKENS = [
      'Dockerfile', '.', 'a/b', 'x.Dockerfile', '*.Dockerfile', '-', '--', '', 'true', 'false', '0', '1', '-1', '2.5', '0x10', '1e2',
      'json', 'sarif', 'stylish', 'VOL003=off', 'off', 'buildkit', 'any', 'explain', 'model', 'lsp', 'x=y', 'ü', '--x', '-z',
      '--format', '-f', '--output', '-o', '--quiet', '-q', '--max-warnings', '--color', '--no-color', '--rule', '--list-rules',
      '--stdin', '--stdin-filename', '--ignore-pattern', '--builder', '--target', '--config', '-c', '--no-config', '--explain',
      '--no-explain', '--fix', '--fix-unsafe', '--fix-dry-run', '--report-unused-ignores', '--image-config', '--cache',
      '--cache-location', '--help', '-h', '--version', '-v', '--format=json', '--no-quiet', '--maxWarnings', '-qf', '--stdio',
    ];
    let seed = 20240601;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const argv = Array.from({ length: random(7) }, () => TOKENS[random(TOKENS.length)]!);
      if ((await assertSame(argv)) !== null) accepted++;
    }
    // The mix must exercise the fast path, not only the fallback.
    console.log(`      (${accepted} of 3000 random vectors took the fast path)`);
    assert.ok(accepted > 300, `only ${accepted} random vectors took the fast path`);
  });
});
