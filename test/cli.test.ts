/** End-to-end: the built CLI (bin/volint.js → dist/) run as a user would. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/volint.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function volint(args: string[], options: { cwd: string; input?: string; env?: Record<string, string> }): Run {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env.FORCE_COLOR;
  if (options.env?.FORCE_COLOR) {
    env.FORCE_COLOR = options.env.FORCE_COLOR;
    delete env.NO_COLOR;
  }
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const BAD = 'FROM alpine:3.20\nVOLUME [\'/data\']\n';
const WARN_ONLY = 'FROM alpine:3.20\nWORKDIR /srv\nVOLUME cache-dir\n';
const GOOD = 'FROM alpine:3.20\nRUN mkdir -p /data\nVOLUME ["/data"]\n';

describe('CLI end to end', function () {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'volint-cli-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 on a clean file and prints nothing', () => {
    writeFileSync(join(dir, 'Dockerfile'), GOOD);
    const run = volint(['Dockerfile'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
  });

  it('exits 1 on an error finding, with a code frame, a caret labelled with the why, and the fix', () => {
    writeFileSync(join(dir, 'Dockerfile'), BAD);
    const run = volint(['Dockerfile'], { cwd: dir });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^Dockerfile$/m);
    assert.match(run.stdout, /2:8 +error +VOLUME argument looks like a JSON array/);
    assert.match(run.stdout, /VOL001/);
    assert.match(run.stdout, /2 \| VOLUME \['\/data'\]/);
    assert.match(run.stdout, /\| {8}\^{9} As the argument is not valid JSON/);
    assert.match(run.stdout, /^ {4}help: Use double quotes: VOLUME \["\/data"\] \(--fix\)$/m);
    assert.match(volint(['--explain', 'Dockerfile'], { cwd: dir }).stdout, /VOL001 volume-invalid-json[\s\S]*= .*\[\/data\]/);
    assert.match(run.stdout, /1 problem \(1 error, 0 warnings, 0 notes\)/);
  });

  it('hides explanations with --no-explain', () => {
    writeFileSync(join(dir, 'Dockerfile'), BAD);
    const run = volint(['--no-explain', 'Dockerfile'], { cwd: dir });
    assert.equal(run.status, 1);
    assert.doesNotMatch(run.stdout, /^ {4}= /m);
  });

  it('exits 0 on warnings, 1 with --max-warnings 0, and --quiet hides them', () => {
    writeFileSync(join(dir, 'Dockerfile'), WARN_ONLY);
    const plain = volint(['Dockerfile'], { cwd: dir });
    assert.equal(plain.status, 0, plain.stdout + plain.stderr);
    assert.match(plain.stdout, /warning [\s\S]*VOL003/);
    assert.equal(volint(['--max-warnings', '0', 'Dockerfile'], { cwd: dir }).status, 1);
    const quiet = volint(['--quiet', 'Dockerfile'], { cwd: dir });
    assert.equal(quiet.stdout, '');
  });

  it('--min-confidence leaves out less sure findings from output and exit code, and refuses a bad level', () => {
    // Line 3: an unknown command names a path in the volume (possible); line 4 writes it (certain).
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nVOLUME /data\nRUN frobnicate /data/x\nRUN echo hi > /data/y\n');
    const all = volint(['-f', 'compact', 'Dockerfile'], { cwd: dir });
    assert.match(all.stdout, /:3:\d+: note .*\(possible\) \[VOL004\]/);
    assert.match(all.stdout, /:4:\d+: warning .*discard the change\. \[VOL004\]/);
    const likely = volint(['-f', 'json', '--min-confidence', 'likely', 'Dockerfile'], { cwd: dir });
    const findings = JSON.parse(likely.stdout).files[0].findings as Array<{ line: number; confidence: string }>;
    assert.deepEqual(findings.map((f) => [f.line, f.confidence]), [[4, 'certain']]);
    const onlyPossible = 'FROM alpine:3.20\nVOLUME /data\nRUN frobnicate /data/x\n';
    writeFileSync(join(dir, 'Dockerfile'), onlyPossible);
    assert.equal(volint(['--max-warnings', '0', 'Dockerfile'], { cwd: dir }).status, 0, 'a possible finding is a note');
    assert.equal(volint(['--min-confidence', 'certain', '--rule', 'VOL004=error', 'Dockerfile'], { cwd: dir }).status, 0);
    assert.equal(volint(['--rule', 'VOL004=error', 'Dockerfile'], { cwd: dir }).status, 1);
    const bad = volint(['--min-confidence', 'sure', 'Dockerfile'], { cwd: dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--min-confidence sure: expected one of certain, likely, possible/);
  });

  it('--rule changes a severity and turns a rule off', () => {
    writeFileSync(join(dir, 'Dockerfile'), WARN_ONLY);
    assert.equal(volint(['--rule', 'VOL003=error', 'Dockerfile'], { cwd: dir }).status, 1);
    const off = volint(['--rule', 'volume-relative-path=off', 'Dockerfile'], { cwd: dir });
    assert.equal(off.status, 0);
    assert.equal(off.stdout, '');
    const bad = volint(['--rule', 'VOL999=off', 'Dockerfile'], { cwd: dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown rule "VOL999"/);
  });

  it('prints JSON with 1-based positions and the documented fields', () => {
    writeFileSync(join(dir, 'Dockerfile'), BAD);
    const run = volint(['--format', 'json', 'Dockerfile'], { cwd: dir });
    assert.equal(run.status, 1);
    const json = JSON.parse(run.stdout);
    assert.equal(json.version, 1);
    assert.equal(json.tool.name, 'volint');
    const finding = json.files[0].findings[0];
    assert.equal(json.files[0].path, 'Dockerfile');
    assert.deepEqual(
      [finding.ruleId, finding.ruleName, finding.severity, finding.line, finding.column, finding.endLine, finding.endColumn],
      ["VOL001", "volume-invalid-json", "error", 2, 8, 2, 17],
    );
    assert.ok(Array.isArray(finding.explanation) && finding.explanation.length > 0);
    assert.equal(finding.fix.safety, 'safe');
    assert.deepEqual(finding.fix.edits[0], { line: 2, column: 8, endLine: 2, endColumn: 17, text: '["/data"]' });
    assert.equal(json.summary.errors, 1);
  });

  it('prints SARIF 2.1.0 with the rule catalogue and relative URIs', () => {
    mkdirSync(join(dir, 'svc'));
    writeFileSync(join(dir, 'svc', 'Dockerfile'), BAD);
    const run = volint(['--format', 'sarif', '.'], { cwd: dir });
    assert.equal(run.status, 1);
    const sarif = JSON.parse(run.stdout);
    assert.equal(sarif.version, '2.1.0');
    const driver = sarif.runs[0].tool.driver;
    assert.equal(driver.name, 'volint');
    assert.ok(driver.rules.length >= 6);
    const result = sarif.runs[0].results[0];
    assert.equal(result.ruleId, 'VOL001');
    assert.equal(driver.rules[result.ruleIndex].id, 'VOL001');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'svc/Dockerfile');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 2);
  });

  it('writes several formats in one run with --format/--output pairs', () => {
    writeFileSync(join(dir, 'Dockerfile'), BAD);
    const run = volint(['-f', 'json', '-o', 'out.json', '-f', 'sarif', '-o', 'out.sarif', '-f', 'stylish', 'Dockerfile'], { cwd: dir });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /VOL001/);
    const json = JSON.parse(spawnSync('cat', [join(dir, 'out.json')], { encoding: 'utf8' }).stdout);
    assert.equal(json.files[0].findings[0].ruleId, 'VOL001');
    const sarif = JSON.parse(spawnSync('cat', [join(dir, 'out.sarif')], { encoding: 'utf8' }).stdout);
    assert.equal(sarif.runs[0].results.length, 1);
  });

  it('reads standard input with - and names it with --stdin-filename', () => {
    const run = volint(['-', '--format', 'json'], { cwd: dir, input: BAD });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(JSON.parse(run.stdout).files[0].path, '<stdin>');
    const named = volint(['--stdin', '--stdin-filename', 'app/Dockerfile', '--format', 'json'], { cwd: dir, input: BAD });
    assert.equal(JSON.parse(named.stdout).files[0].path, 'app/Dockerfile');
  });

  it('fixes standard input: --fix-unsafe prints the fixed text, --fix-dry-run the diff', () => {
    const input = 'FROM alpine:3.20\nWORKDIR /srv\nVOLUME data\n';
    const fixed = volint(['-', '--fix-unsafe'], { cwd: dir, input });
    assert.equal(fixed.stdout, 'FROM alpine:3.20\nWORKDIR /srv\nVOLUME /srv/data\n');
    assert.equal(fixed.status, 0, fixed.stderr);
    const safeOnly = volint(['-', '--fix'], { cwd: dir, input });
    assert.equal(safeOnly.stdout, input, 'the relative-path fix is unsafe here: --fix leaves it');
    const diff = volint(['-', '--fix-dry-run', '--format', 'json', '--output', 'report.json'], { cwd: dir, input: BAD });
    assert.match(diff.stdout, /^--- a\/<stdin>\n\+\+\+ b\/<stdin>\n@@ -1,2 \+1,2 @@\n FROM alpine:3.20\n-VOLUME \['\/data'\]\n\+VOLUME \["\/data"\]\n/);
  });

  it('walks directories for Dockerfiles and Containerfiles, skipping node_modules and ignored paths', () => {
    for (const d of ['a', 'b/c', 'node_modules/x', 'vendor']) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, 'a', 'Dockerfile'), BAD);
    writeFileSync(join(dir, 'b/c', 'Containerfile'), BAD);
    writeFileSync(join(dir, 'b', 'api.Dockerfile'), BAD);
    writeFileSync(join(dir, 'b', 'Dockerfile.prod'), BAD);
    writeFileSync(join(dir, 'b', 'notes.txt'), BAD);
    writeFileSync(join(dir, 'node_modules/x', 'Dockerfile'), BAD);
    writeFileSync(join(dir, 'vendor', 'Dockerfile'), BAD);
    const run = volint(['--format', 'json', '--ignore-pattern', 'vendor/**'], { cwd: dir });
    const paths = JSON.parse(run.stdout).files.map((f: { path: string }) => f.path);
    assert.deepEqual(paths, ['a/Dockerfile', 'b/Dockerfile.prod', 'b/api.Dockerfile', 'b/c/Containerfile']);
  });

  it('accepts globs', () => {
    mkdirSync(join(dir, 'svc'));
    writeFileSync(join(dir, 'svc', 'web.df'), BAD);
    writeFileSync(join(dir, 'svc', 'Dockerfile'), BAD);
    const run = volint(['--format', 'json', 'svc/*.df'], { cwd: dir });
    assert.deepEqual(JSON.parse(run.stdout).files.map((f: { path: string }) => f.path), ['svc/web.df']);
  });

  it('reports a file that cannot be read with its path and cause, lints the others, exits 2', () => {
    writeFileSync(join(dir, 'Dockerfile'), BAD);
    const run = volint(['missing/Dockerfile', 'Dockerfile'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.match(run.stdout, /missing\/Dockerfile\n {2}error {2}no such file or directory/);
    assert.match(run.stdout, /VOL001/);
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /);
  });

  it('exits 2 on a usage error with a one-line message', () => {
    const run = volint(['--format', 'xml'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^volint: --format xml: expected one of/);
    const unknown = volint(['--no-such-flag'], { cwd: dir });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown argument/);
  });

  it('lists rules, explains a rule, prints its version', () => {
    const list = volint(['--list-rules'], { cwd: dir });
    assert.equal(list.status, 0);
    assert.match(list.stdout, /VOL001 {2}volume-invalid-json/);
    const explain = volint(['explain', 'volume-relative-path'], { cwd: dir });
    assert.equal(explain.status, 0);
    assert.match(explain.stdout, /^VOL003 volume-relative-path/);
    assert.match(explain.stdout, /Why is this bad\?/);
    assert.match(explain.stdout, /Use instead:/);
    const structured = volint(['explain', 'VOL022'], { cwd: dir }).stdout;
    assert.match(structured, /\nFix:\n[^\n]+\n\nWhen it reports:\n {2}- /);
    assert.match(structured, /\nWhen it does not report:\n[\s\S]*\n {4}- login sessions[\s\S]*\nSettings:\n {2}- `compose\.deployed`[^\n]+\n\nReferences:\n/);
    assert.equal(volint(['explain', 'nope'], { cwd: dir }).status, 2);
    assert.match(volint(['--version'], { cwd: dir }).stdout, /^\d+\.\d+\.\d+/);
  });

  it('honours FORCE_COLOR and NO_COLOR', () => {
    writeFileSync(join(dir, 'Dockerfile'), BAD);
    assert.match(volint(['Dockerfile'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[31m/);
    assert.doesNotMatch(volint(['Dockerfile'], { cwd: dir }).stdout, /\u001b\[/);
    assert.doesNotMatch(volint(['--no-color', 'Dockerfile'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[/);
  });

  it('prints the volume model', () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nVOLUME /data\nCOPY seed/ /data/\n');
    const text = volint(['model', 'Dockerfile'], { cwd: dir });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /volume \/data/);
    const json = JSON.parse(volint(['model', 'Dockerfile', '--format', 'json'], { cwd: dir }).stdout);
    assert.equal(json.stages[0].volumes[0].path, '/data');
    assert.equal(json.stages[0].volumes[0].steps[0].command, 'COPY');
  });
});
