/**
 * Fixture cases (fixtures/<rule-name>/*.Dockerfile, and fixtures/<rule-name>/<case>/Dockerfile
 * beside its build context) and their inline expectations, shared by the
 * fixture harness and the rules meta-test.
 *
 * Syntax, in own-line comments:
 * - `# expect: VOL004, VOL003:8(warning)` — findings whose start line lies within the next
 *   instruction's lines; `:COL` is a 1-based column, `(severity)` the expected severity; the same
 *   id twice means two findings.
 * - `# volint-fixture: builder=legacy target=name unsafe` — before the first instruction (after any
 *   parser directives): the builder, the `--target` stage, and whether unsafe fixes are applied.
 *
 * A compose fixture folder may hold a `.volint.yaml`: its `compose:` settings apply (`deployed: true`).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diskComposeIO, Runner } from '../src/cli/run.js';
import { lintText, type LintSettings } from '../src/engine/linter.js';
import { lintComposeText } from '../src/engine/compose-linter.js';
import { loadConfigFile } from '../src/engine/config.js';
import type { ComposeIO } from '../src/compose/model.js';
import { BaseImageCatalog, loadDefaultCatalogEntries } from '../src/model/base-images.js';
import { TargetClassifier } from '../src/model/targets.js';
import { SEVERITIES, type AnyRule, type Finding, type Severity } from '../src/engine/types.js';
import { parseDockerfile } from '../src/parse/parse.js';
import { BUILDERS, type BuilderSetting } from '../src/model/types.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES_DIR = join(REPO_ROOT, 'fixtures');

export interface Expectation {
  ruleId: string;
  /** 1-based lines of the instruction the comment applies to (inclusive). */
  fromLine: number;
  toLine: number;
  column?: number;
  severity?: Severity;
}

export interface FixtureOptions {
  builder: BuilderSetting;
  target?: string;
  unsafe: boolean;
}

export interface FixtureSpec {
  options: FixtureOptions;
  expectations: Expectation[];
}

export interface FixtureCase {
  /** Directory name: a rule name. */
  dir: string;
  /** `fixtures/<dir>/<name>.Dockerfile`, relative to the repository. */
  file: string;
  path: string;
  fixedPath: string;
  text: string;
}

const EXPECT = /^\s*#\s*expect:(.*)$/;
const OPTIONS = /^\s*#\s*volint-fixture:(.*)$/;
const TOKEN = /^(VOL\d{3}|[a-z][a-z0-9-]*)(?::(\d+))?(?:\((error|warning|note)\))?$/;

/** Parses a fixture's expectations and options; throws on a malformed comment. */
export function parseFixture(text: string): FixtureSpec {
  const parsed = parseDockerfile(text);
  const instructions = parsed.instructions;
  const inside = (line: number): boolean => instructions.some((i) => i.range.start.line <= line && line <= i.range.end.line);
  const firstLine = instructions[0]?.range.start.line ?? Infinity;
  const options: FixtureOptions = { builder: 'any', unsafe: false };
  const expectations: Expectation[] = [];
  text.split(/\r\n|\r|\n/).forEach((content, line) => {
    if (inside(line)) return;
    const where = `line ${line + 1}`;
    const opts = OPTIONS.exec(content);
    if (opts) {
      if (line > firstLine) throw new Error(`${where}: volint-fixture must come before the first instruction`);
      for (const word of opts[1]!.trim().split(/\s+/).filter(Boolean)) {
        const [key, value] = word.split('=', 2) as [string, string | undefined];
        if (key === 'unsafe' && value === undefined) options.unsafe = true;
        else if (key === 'target' && value) options.target = value;
        else if (key === 'builder' && value && (value === 'any' || (BUILDERS as readonly string[]).includes(value))) {
          options.builder = value as BuilderSetting;
        } else throw new Error(`${where}: unknown fixture option "${word}"`);
      }
      return;
    }
    const expect = EXPECT.exec(content);
    if (!expect) return;
    const next = instructions.find((i) => i.range.start.line > line);
    if (!next) throw new Error(`${where}: "# expect:" has no instruction after it`);
    for (const token of expect[1]!.split(',').map((t) => t.trim())) {
      const m = TOKEN.exec(token);
      if (!m) throw new Error(`${where}: cannot read expectation "${token}" (want VOL003, VOL003:8, VOL003(warning))`);
      expectations.push({
        ruleId: m[1]!,
        fromLine: next.range.start.line + 1,
        toLine: next.range.end.line + 1,
        ...(m[2] ? { column: Number(m[2]) } : {}),
        ...(m[3] && (SEVERITIES as readonly string[]).includes(m[3]) ? { severity: m[3] as Severity } : {}),
      });
    }
  });
  return { options, expectations };
}

function describeExpectation(e: Expectation): string {
  const lines = e.fromLine === e.toLine ? `line ${e.fromLine}` : `lines ${e.fromLine}-${e.toLine}`;
  return `${e.ruleId} at ${lines}${e.column ? `:${e.column}` : ''}${e.severity ? ` (${e.severity})` : ''}`;
}

function matches(e: Expectation, f: Finding): boolean {
  const line = f.range.start.line + 1;
  return (
    e.ruleId === f.ruleId &&
    line >= e.fromLine &&
    line <= e.toLine &&
    (e.column === undefined || e.column === f.range.start.character + 1) &&
    (e.severity === undefined || e.severity === f.severity)
  );
}

/** Multiset comparison: the problems, as "too few" and "too many" lines; empty when equal. */
export function compareFindings(expectations: Expectation[], findings: Finding[]): string[] {
  const left = [...findings];
  const missing: Expectation[] = [];
  // Most specific expectations first, so that a bare `VOL003` does not take the finding `VOL003:8` needs.
  const specificity = (e: Expectation): number => (e.column !== undefined ? 2 : 0) + (e.severity !== undefined ? 1 : 0);
  for (const e of [...expectations].sort((a, b) => specificity(b) - specificity(a))) {
    const at = left.findIndex((f) => matches(e, f));
    if (at < 0) missing.push(e);
    else left.splice(at, 1);
  }
  return [
    ...missing.sort((a, b) => a.fromLine - b.fromLine).map((e) => `too few: expected ${describeExpectation(e)}`),
    ...left.map(
      (f) => `too many: ${f.ruleId} at line ${f.range.start.line + 1}:${f.range.start.character + 1} (${f.severity}): ${f.message}`,
    ),
  ];
}

/** Every case: `fixtures/<rule-name>/*.Dockerfile` except `*.fixed.Dockerfile`; not `fixtures/corpus`. */
export function listFixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const dir of readdirSync(FIXTURES_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'corpus') continue;
    for (const name of readdirSync(join(FIXTURES_DIR, dir.name)).sort()) {
      // A folder with a Dockerfile and no compose file: a Dockerfile fixture with its build context.
      const folder = join(FIXTURES_DIR, dir.name, name);
      if (!name.includes('.') && existsSync(join(folder, 'Dockerfile')) && !COMPOSE_NAMES.some((n) => existsSync(join(folder, n))) && !readdirSync(folder).some((n) => ROLE_NAMED.test(n))) {
        const path = join(folder, 'Dockerfile');
        cases.push({ dir: dir.name, file: `fixtures/${dir.name}/${name}/Dockerfile`, path, fixedPath: join(folder, 'fixed.Dockerfile'), text: readFileSync(path, 'utf8') });
        continue;
      }
      if (!name.endsWith('.Dockerfile') || name.endsWith('.fixed.Dockerfile')) continue;
      const path = join(FIXTURES_DIR, dir.name, name);
      cases.push({
        dir: dir.name,
        file: `fixtures/${dir.name}/${name}`,
        path,
        fixedPath: path.replace(/\.Dockerfile$/, '.fixed.Dockerfile'),
        text: readFileSync(path, 'utf8'),
      });
    }
  }
  return cases.sort((a, b) => a.file.localeCompare(b.file));
}

export function fixedFileOf(c: FixtureCase): string | null {
  return existsSync(c.fixedPath) ? readFileSync(c.fixedPath, 'utf8') : null;
}

/** Lints as the CLI does with default settings and no config file; suppressed findings are dropped. */
export async function lintFixture(text: string, file: string, options: FixtureOptions, rules: readonly AnyRule[]): Promise<Finding[]> {
  const runner = new Runner({
    cwd: REPO_ROOT,
    rules,
    config: false,
    builder: options.builder,
    ...(options.target ? { target: options.target } : {}),
    ruleOverrides: new Map(),
    imageConfigs: [],
    reportUnusedIgnores: false,
  });
  await runner.init();
  const { settings } = await runner.settingsFor(join(REPO_ROOT, file));
  const result = await lintText(text, file, settings);
  return result.findings.filter((f) => !f.suppression);
}

// ---------------------------------------------------------------- Compose fixtures

/**
 * A Compose fixture: a folder `fixtures/<rule-name>/<case>/` with a compose file (compose.yaml,
 * docker-compose.yml …, or, when the folder has none of those, one named for its role such as
 * compose.test.yaml), the Dockerfiles it builds and their build context. Expectations are
 * own-line comments in the compose file, `# expect: VOL021, VOL025(warning)`, that apply to the next
 * line that is neither blank nor a comment (a volume entry, or a service's key).
 */
export interface ComposeFixtureCase {
  dir: string;
  /** `fixtures/<dir>/<case>/compose.yaml`, relative to the repository. */
  file: string;
  path: string;
  text: string;
}

const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
/** A compose file named for its role (`compose.test.yaml`, `docker-compose.ci.yml`), not an override file. */
const ROLE_NAMED = /^(docker-)?compose[.-](?!override\.)[^/]+\.ya?ml$/;

export function listComposeFixtureCases(): ComposeFixtureCase[] {
  const cases: ComposeFixtureCase[] = [];
  for (const dir of readdirSync(FIXTURES_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'corpus') continue;
    for (const entry of readdirSync(join(FIXTURES_DIR, dir.name), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const folder = join(FIXTURES_DIR, dir.name, entry.name);
      const name = COMPOSE_NAMES.find((n) => existsSync(join(folder, n))) ?? readdirSync(folder).sort().find((n) => ROLE_NAMED.test(n));
      if (!name) continue;
      const path = join(FIXTURES_DIR, dir.name, entry.name, name);
      cases.push({ dir: dir.name, file: `fixtures/${dir.name}/${entry.name}/${name}`, path, text: readFileSync(path, 'utf8') });
    }
  }
  return cases.sort((a, b) => a.file.localeCompare(b.file));
}

/** The expectations of a compose fixture (see ComposeFixtureCase). */
export function parseComposeFixture(text: string): Expectation[] {
  const lines = text.split(/\r\n|\r|\n/);
  const expectations: Expectation[] = [];
  lines.forEach((content, index) => {
    const expect = EXPECT.exec(content);
    if (!expect) return;
    let next = index + 1;
    while (next < lines.length && (lines[next]!.trim() === '' || /^\s*#/.test(lines[next]!))) next++;
    if (next >= lines.length) throw new Error(`line ${index + 1}: "# expect:" has no line after it`);
    for (const token of expect[1]!.split(',').map((t) => t.trim())) {
      const m = TOKEN.exec(token);
      if (!m) throw new Error(`line ${index + 1}: cannot read expectation "${token}" (want VOL021, VOL021:9, VOL021(warning))`);
      expectations.push({
        ruleId: m[1]!,
        fromLine: next + 1,
        toLine: next + 1,
        ...(m[2] ? { column: Number(m[2]) } : {}),
        ...(m[3] && (SEVERITIES as readonly string[]).includes(m[3]) ? { severity: m[3] as Severity } : {}),
      });
    }
  });
  return expectations;
}

const diskIO: ComposeIO = {
  readText: (path) => readFile(path, 'utf8'),
  async isFile(path) {
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  },
  // Bind sources: whether they exist, as the CLI checks them.
  exists: diskComposeIO.exists,
  list: diskComposeIO.list,
  isExecutable: diskComposeIO.isExecutable,
};

let fixtureCatalog: BaseImageCatalog | undefined;

/**
 * Lints a compose file with every rule at its default severity, with an empty environment (only the
 * project's .env), as the CLI does with no config file; suppressed findings are dropped.
 */
export async function lintComposeFixture(path: string, rules: readonly AnyRule[]): Promise<Finding[]> {
  fixtureCatalog ??= new BaseImageCatalog([loadDefaultCatalogEntries()]);
  // A fixture folder's .volint.yaml gives its `compose:` settings (the opt-in `compose.deployed`).
  const configFile = join(dirname(path), '.volint.yaml');
  const config = existsSync(configFile) ? await loadConfigFile(configFile, rules) : null;
  const settings: LintSettings = {
    builder: 'any',
    rules,
    severities: new Map(),
    catalog: fixtureCatalog,
    classifier: new TargetClassifier(),
    ...(config?.compose?.deployed ? { composeDeployed: true } : {}),
  };
  const display = (absolute: string): string => relative(REPO_ROOT, absolute).split(sep).join('/');
  const result = await lintComposeText(
    { text: await readFile(path, 'utf8'), file: display(path), absolutePath: path, io: diskIO, displayPath: display, environment: {}, overrides: true },
    settings,
  );
  return result.findings.filter((f) => !f.suppression);
}

/** Lints a docs example of a compose rule: the compose file, and the Dockerfile it builds, in a temporary folder. */
export async function lintComposeExample(compose: string, dockerfile: string | undefined, rules: readonly AnyRule[]): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'volint-compose-example-'));
  try {
    writeFileSync(join(dir, 'compose.yaml'), compose);
    if (dockerfile !== undefined) writeFileSync(join(dir, 'Dockerfile'), dockerfile);
    return await lintComposeFixture(join(dir, 'compose.yaml'), rules);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
