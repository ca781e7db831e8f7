/**
 * The CI and editor formats: github (workflow commands), gitlab (Code Quality JSON), checkstyle
 * and junit (XML), compact (one line per finding). Each is checked on real lint results and on
 * findings with hostile messages and paths; the CLI writes several formats in one run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules as allRules } from '../rules/index.js';
import { lintText } from '../src/engine/linter.js';
import type { Finding, Severity } from '../src/engine/types.js';
import { BaseImageCatalog, loadDefaultCatalogEntries } from '../src/model/base-images.js';
import { TargetClassifier } from '../src/model/targets.js';
import { formatCheckstyle } from '../src/report/checkstyle.js';
import { formatCompact } from '../src/report/compact.js';
import { escapeData, escapeProperty, formatGithub } from '../src/report/github.js';
import { formatGitlab } from '../src/report/gitlab.js';
import { FORMATS, loadFormatter } from '../src/report/index.js';
import { formatJunit } from '../src/report/junit.js';
import { splitLines, type FileReport, type FormatContext } from '../src/report/types.js';
import { toDiagnostic } from '../src/lsp/convert.js';
import { assertValidSarif } from './helpers/sarif-schema.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'volint.js');
const CWD = '/work/project';
const CONTEXT: FormatContext = { cwd: CWD, version: '1.2.3', rules: allRules, color: false, explain: true, docsBase: 'https://example.test/rules' };

async function report(text: string, path = 'Dockerfile'): Promise<FileReport> {
  const result = await lintText(text, path, {
    builder: 'any',
    rules: allRules,
    severities: new Map(),
    catalog: new BaseImageCatalog([loadDefaultCatalogEntries()]),
    classifier: new TargetClassifier(),
  });
  return { path, absolutePath: join(CWD, path), text, lines: splitLines(text), findings: result.findings };
}

const DOCKERFILE = [
  'FROM alpine:3.20',
  'WORKDIR /app',
  '# volint ignore=VOL003 -- resolved against / on purpose',
  'VOLUME data',
  "VOLUME ['/x']",
  'VOLUME /cache',
  'RUN echo x > /cache/y',
  '',
].join('\n');

const HOSTILE = 'bad %25 100% "quoted" <tag> & \'apos\'\r\nsecond line\u0001\u001b[31m::error::injected, a:b';

function finding(severity: Severity, message: string, line = 0, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'VOL003',
    ruleName: 'volume-relative-path',
    severity,
    messageId: 'relative',
    message,
    file: 'x',
    range: { start: { line, character: 7 }, end: { line, character: 11 } },
    explanation: ['Explained.'],
    related: [],
    suggestions: [],
    confidence: 'certain',
    ...extra,
  };
}

function hostileReport(path = 'dir,with:odd%chars/Docker\nfile'): FileReport {
  return {
    path,
    absolutePath: join(CWD, path),
    text: 'FROM x\nVOLUME data\n',
    findings: [finding('error', HOSTILE, 1), finding('note', 'plain note', 1, { ruleId: 'VOL009', ruleName: 'volume-empty', messageId: 'empty' })],
  };
}

/** GitHub's runner: the inverse of its escaping, for data and for property values. */
function unescapeGithub(s: string): string {
  return s.replace(/%(25|0D|0A|3A|2C)/g, (_w, code: string) => String.fromCharCode(parseInt(code, 16)));
}

/** Parses `::cmd k=v,k=v::data` the way the runner does: split properties on `,` and `=`. */
function parseCommand(line: string): { command: string; properties: Record<string, string>; data: string } {
  const match = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(match, `not a workflow command: ${line}`);
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescapeGithub(pair.slice(eq + 1));
  }
  return { command: match[1]!, properties, data: unescapeGithub(match[3]!) };
}

/**
 * A small well-formedness check for the XML formats: balanced elements, attribute values and text
 * with no raw `<` or bare `&`, only the five entities and decimal references, and no character
 * that XML 1.0 forbids.
 */
function assertWellFormedXml(xml: string): Array<{ name: string; attributes: Record<string, string>; text: string }> {
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'a character XML 1.0 forbids');
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const token = /<(\/?)([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const stack: string[] = [];
  const elements: Array<{ name: string; attributes: Record<string, string>; text: string }> = [];
  const decode = (s: string): string => {
    assert.doesNotMatch(s, /&(?!(amp|lt|gt|quot|apos|#\d+);)/, `bare & in ${JSON.stringify(s)}`);
    return s.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_w, e: string) =>
      e.startsWith('#') ? String.fromCharCode(Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!,
    );
  };
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = token.exec(body))) {
    last = token.lastIndex;
    if (m[5] !== undefined) {
      const text = decode(m[5]);
      if (stack.length === 0) assert.equal(text.trim(), '', 'text outside the root element');
      else if (text.trim() && elements.length > 0) elements[elements.length - 1]!.text += text;
      continue;
    }
    const [, closing, name, attrs, selfClosing] = m;
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrs!.matchAll(/([A-Za-z]+)="([^"]*)"/g)) attributes[a[1]!] = decode(a[2]!);
    elements.push({ name: name!, attributes, text: '' });
    if (!selfClosing) stack.push(name!);
  }
  assert.equal(last, body.length, `unparsable XML at ${JSON.stringify(body.slice(last, last + 40))}`);
  assert.deepEqual(stack, [], 'unclosed elements');
  return elements;
}

describe('report formats', () => {
  it('every format is registered and loads', async () => {
    assert.deepEqual([...FORMATS].sort(), ['checkstyle', 'compact', 'github', 'gitlab', 'json', 'junit', 'sarif', 'stylish']);
    for (const name of FORMATS) assert.equal(typeof (await loadFormatter(name)), 'function');
  });

  it('every format shows a finding\'s confidence', async () => {
    const report: FileReport = {
      path: 'Dockerfile',
      absolutePath: join(CWD, 'Dockerfile'),
      text: 'FROM x\nVOLUME data\n',
      findings: [finding('warning', 'likely one', 1, { confidence: 'likely' }), finding('note', 'possible one', 1, { confidence: 'possible' })],
    };
    for (const name of FORMATS) {
      const out = (await loadFormatter(name))([report], CONTEXT);
      if (name === 'json' || name === 'sarif') {
        assert.match(out, /"confidence": "likely"/, name);
        assert.match(out, /"confidence": "possible"/, name);
      } else {
        assert.match(out, /\(likely\)/, name);
        assert.match(out, /\(possible\)/, name);
      }
    }
    // The editor's diagnostics too.
    const [likely, possible] = report.findings.map((f) => toDiagnostic(f, 'file:///Dockerfile', { explain: false }));
    assert.equal(likely!.message, 'likely one (likely)');
    assert.equal(possible!.message, 'possible one (possible)');
  });

  describe('github', () => {
    it('writes one workflow command per active finding with 1-based positions and the rule as title', async () => {
      const lines = formatGithub([await report(DOCKERFILE)], { ...CONTEXT, explain: false }).trimEnd().split('\n');
      const vol001 = lines.find((l) => l.includes('VOL001'));
      assert.equal(
        vol001,
        '::error file=Dockerfile,line=5,col=8,endLine=5,endColumn=14,title=VOL001 volume-invalid-json::' +
          'VOLUME argument looks like a JSON array but is not valid JSON (single quotes; JSON strings need double quotes); Docker declares `[/x]` instead.',
      );
      assert.ok(lines.some((l) => l.startsWith('::warning file=Dockerfile,line=7,') && l.includes('title=VOL004 volume-write-discarded::')));
      assert.ok(!lines.some((l) => l.includes('VOL003')), 'the suppressed finding is not annotated');
    });

    it('maps note to notice and escapes %, CR and LF in data and also , and : in properties', () => {
      const out = formatGithub([hostileReport()], CONTEXT).trimEnd().split('\n');
      assert.equal(out.length, 2, 'a message with line breaks is still one command');
      const error = parseCommand(out[0]!);
      assert.equal(error.command, 'error');
      assert.equal(error.properties.file, 'dir,with:odd%chars/Docker\nfile');
      assert.equal(error.properties.line, '2');
      assert.equal(error.properties.title, 'VOL003 volume-relative-path');
      // The message and the fix (the rule's advice here): the explanation only with --explain.
      assert.equal(error.data, `${HOSTILE}\nFix: Write the absolute path you mean: usually WORKDIR joined with the relative path.`);
      assert.equal(parseCommand(formatGithub([hostileReport()], { ...CONTEXT, fullExplain: true }).split('\n')[0]!).data, `${HOSTILE}\nExplained.`);
      assert.ok(!out[0]!.includes('\r'));
      // The injected `::error::` stays inside the data: only one command starts the line.
      assert.equal(out[0]!.indexOf('::error '), 0);
      assert.match(out[0]!, /file=dir%2Cwith%3Aodd%25chars\/Docker%0Afile,/);
      assert.equal(parseCommand(out[1]!).command, 'notice');
      assert.equal(escapeData('a%b\r\nc'), 'a%25b%0D%0Ac');
      assert.equal(escapeProperty('a,b:c%'), 'a%2Cb%3Ac%25');
    });

    it('reports a file that could not be read as an error on that file', () => {
      const out = formatGithub([{ path: 'x/Dockerfile', absolutePath: '/x/Dockerfile', findings: [], error: 'permission denied' }], CONTEXT);
      assert.equal(out, '::error file=x/Dockerfile,title=volint%3A file not linted::permission denied\n');
    });
  });

  describe('gitlab', () => {
    it('writes Code Quality issues with description, check_name, fingerprint, severity and location', async () => {
      const issues = JSON.parse(formatGitlab([await report(DOCKERFILE)], CONTEXT)) as Array<Record<string, unknown>>;
      assert.ok(issues.length >= 2);
      const vol001 = issues.find((i) => i.check_name === 'VOL001') as { description: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } };
      assert.ok(vol001);
      assert.match(vol001.description, /^VOL001 volume-invalid-json: VOLUME argument looks like a JSON array/);
      assert.equal(vol001.severity, 'major');
      assert.deepEqual(vol001.location.path, 'Dockerfile');
      assert.equal(vol001.location.lines.begin, 5);
      assert.match(vol001.fingerprint, /^[0-9a-f]{64}$/);
      assert.equal(issues.find((i) => i.check_name === 'VOL004')?.severity, 'minor');
      assert.ok(!issues.some((i) => i.check_name === 'VOL003'), 'the suppressed finding is not reported');
      const prints = issues.map((i) => i.fingerprint);
      assert.equal(new Set(prints).size, prints.length);
    });

    it('maps note to info, an unreadable file to blocker, and keeps fingerprints unique across files', async () => {
      const a = await report(DOCKERFILE, 'a/Dockerfile');
      const b = await report(DOCKERFILE, 'b/Dockerfile');
      const issues = JSON.parse(
        formatGitlab([a, b, hostileReport(), { path: 'c/Dockerfile', absolutePath: '/c', findings: [], error: 'not valid UTF-8 text' }], CONTEXT),
      ) as Array<{ check_name: string; severity: string; fingerprint: string; description: string; location: { path: string } }>;
      assert.equal(issues.find((i) => i.check_name === 'VOL009')?.severity, 'info');
      const blocker = issues.find((i) => i.location.path === 'c/Dockerfile');
      assert.equal(blocker?.severity, 'blocker');
      assert.match(blocker?.description ?? '', /not valid UTF-8 text/);
      assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
      assert.ok(issues.some((i) => i.description.includes(HOSTILE)), 'JSON keeps the hostile message intact');
    });

    it('fingerprints survive unrelated lines inserted above', async () => {
      const before = JSON.parse(formatGitlab([await report(DOCKERFILE)], CONTEXT)) as Array<{ check_name: string; fingerprint: string; location: { lines: { begin: number } } }>;
      const shifted = DOCKERFILE.replace('WORKDIR /app\n', 'WORKDIR /app\nENV A=1\nLABEL b=c\n');
      const after = JSON.parse(formatGitlab([await report(shifted)], CONTEXT)) as typeof before;
      assert.deepEqual(after.map((i) => i.fingerprint).sort(), before.map((i) => i.fingerprint).sort());
      assert.equal(after.find((i) => i.check_name === 'VOL001')!.location.lines.begin, 7);
    });
  });

  describe('checkstyle', () => {
    it('is well-formed XML with one <file> per report and escaped attributes', async () => {
      const xml = formatCheckstyle([await report(DOCKERFILE), hostileReport()], CONTEXT);
      assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">'));
      const elements = assertWellFormedXml(xml);
      const files = elements.filter((e) => e.name === 'file').map((e) => e.attributes.name);
      assert.deepEqual(files, ['Dockerfile', 'dir,with:odd%chars/Docker\nfile']);
      const errors = elements.filter((e) => e.name === 'error');
      const vol001 = errors.find((e) => e.attributes.source === 'volint.rules.VOL001')!;
      assert.deepEqual({ line: vol001.attributes.line, column: vol001.attributes.column, severity: vol001.attributes.severity }, { line: '5', column: '8', severity: 'error' });
      // VOL003 appears once: the hostile report's finding; the suppressed one in Dockerfile is left out.
      assert.equal(errors.filter((e) => e.attributes.source === 'volint.rules.VOL003').length, 1, 'suppressed finding left out');
      const hostile = errors.find((e) => e.attributes.message?.startsWith('bad '))!;
      // Forbidden control characters are shown as text; everything else survives the round trip.
      assert.equal(hostile.attributes.message, `${HOSTILE.replace('\u0001', '\\x01').replace('\u001b', '\\x1b')} (VOL003 volume-relative-path)`);
      assert.equal(errors.find((e) => e.attributes.message?.startsWith('plain note'))!.attributes.severity, 'info');
    });
  });

  describe('junit', () => {
    it('has a testsuite per file, a failing testcase per finding, a passing one for a clean file', async () => {
      const clean = await report('FROM alpine:3.20\nVOLUME /data\n', 'clean/Dockerfile');
      assert.equal(clean.findings.length, 0, 'the clean Dockerfile is clean');
      const xml = formatJunit(
        [await report(DOCKERFILE), clean, hostileReport(), { path: 'gone/Dockerfile', absolutePath: '/gone', findings: [], error: 'no such file or directory' }],
        CONTEXT,
      );
      const elements = assertWellFormedXml(xml);
      const root = elements[0]!;
      assert.equal(root.name, 'testsuites');
      const suites = elements.filter((e) => e.name === 'testsuite');
      assert.deepEqual(suites.map((s) => s.attributes.name), ['Dockerfile', 'clean/Dockerfile', 'dir,with:odd%chars/Docker\nfile', 'gone/Dockerfile']);
      const first = suites[0]!.attributes;
      assert.equal(first.skipped, '1', 'the suppressed VOL003 is a skipped testcase');
      assert.equal(Number(first.tests), Number(first.failures) + 1);
      assert.deepEqual(suites[1]!.attributes, { name: 'clean/Dockerfile', tests: '1', failures: '0', errors: '0', skipped: '0' });
      assert.equal(suites[3]!.attributes.errors, '1');
      const sum = (k: string): number => suites.reduce((n, s) => n + Number(s.attributes[k]), 0);
      for (const k of ['tests', 'failures', 'errors', 'skipped']) assert.equal(Number(root.attributes[k]), sum(k), `testsuites ${k}`);
      const failures = elements.filter((e) => e.name === 'failure');
      assert.equal(failures.length, sum('failures'));
      const hostile = failures.find((f) => f.attributes.message?.startsWith('bad '))!;
      assert.ok(hostile.text.includes('second line'));
      assert.ok(hostile.text.includes('<tag> & '));
      const skipped = elements.find((e) => e.name === 'skipped')!;
      assert.equal(skipped.attributes.message, 'suppressed: resolved against / on purpose');
    });
  });

  describe('compact', () => {
    it('writes file:line:col: severity message [id], exactly one line per finding', async () => {
      const out = formatCompact([await report(DOCKERFILE), hostileReport()], CONTEXT);
      const lines = out.trimEnd().split('\n');
      assert.equal(lines[0], 'Dockerfile:5:8: error VOLUME argument looks like a JSON array but is not valid JSON (single quotes; JSON strings need double quotes); Docker declares `[/x]` instead. [VOL001]');
      const errorformat = /^(.+):(\d+):(\d+): (error|warning|note) (.*) \[([\w-]+)\]$/;
      for (const line of lines) assert.match(line, errorformat);
      assert.equal(lines.length, 5, 'VOL001, VOL004, VOL018 (/cache is never created) and the two hostile findings; no line breaks leak');
      assert.ok(lines.some((l) => l.startsWith('dir,with:odd%chars/Docker\\x0afile:2:8: error bad ')));
      assert.ok(!lines.some((l) => l.startsWith('Dockerfile:') && l.includes('[VOL003]')), 'the suppressed finding is left out');
    });
  });

  describe('several --format/--output pairs in one run', function () {
    this.timeout(60_000);
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'volint-formats-'));
      writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
      writeFileSync(join(dir, 'Containerfile'), 'FROM alpine:3.20\nVOLUME /data\n');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('lints once and writes each format to its file, the last without --output to stdout', () => {
      const run = spawnSync(
        process.execPath,
        [BIN, '--format', 'sarif', '--output', 'out.sarif', '-f', 'junit', '-o', 'out.xml', '-f', 'gitlab', '-o', 'gl.json', '-f', 'compact', '.'],
        { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      );
      assert.equal(run.stderr, '');
      assert.equal(run.status, 1, 'VOL001 is an error');
      assert.match(run.stdout, /^Dockerfile:5:8: error .* \[VOL001\]$/m);
      const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      assertValidSarif(log);
      const uris = new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
      assert.deepEqual([...uris], ['Dockerfile']);
      const junit = assertWellFormedXml(readFileSync(join(dir, 'out.xml'), 'utf8'));
      assert.deepEqual(junit.filter((e) => e.name === 'testsuite').map((e) => e.attributes.name).sort(), ['Containerfile', 'Dockerfile']);
      const gitlab = JSON.parse(readFileSync(join(dir, 'gl.json'), 'utf8')) as Array<{ check_name: string }>;
      assert.ok(gitlab.some((i) => i.check_name === 'VOL001'));
    });

    it('rejects an unknown format and more --output than --format with exit 2', () => {
      const bad = spawnSync(process.execPath, [BIN, '-f', 'xml', '.'], { cwd: dir, encoding: 'utf8' });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--format xml: expected one of .*checkstyle/);
      const extra = spawnSync(process.execPath, [BIN, '-f', 'json', '-o', 'a.json', '-o', 'b.json', '.'], { cwd: dir, encoding: 'utf8' });
      assert.equal(extra.status, 2);
      assert.match(extra.stderr, /more --output than --format/);
    });
  });
});
