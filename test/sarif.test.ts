/**
 * SARIF 2.1.0 output as code-scanning services read it: every log validates against the official
 * schema; the driver carries the rule catalogue; results point at 1-based regions of relative
 * artifacts, with related locations, stable fingerprints, fixes and in-source suppressions.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, Result } from 'sarif';
import { rules as allRules } from '../rules/index.js';
import { applyFixes } from '../src/engine/fix.js';
import { lintText, type LintSettings } from '../src/engine/linter.js';
import type { Finding } from '../src/engine/types.js';
import { BaseImageCatalog, loadDefaultCatalogEntries } from '../src/model/base-images.js';
import { TargetClassifier } from '../src/model/targets.js';
import { docsSections } from '../src/report/rule-docs.js';
import { formatSarif } from '../src/report/sarif.js';
import { splitLines, type FileReport, type FormatContext } from '../src/report/types.js';
import { assertValidSarif, sarifValidator } from './helpers/sarif-schema.js';

const CWD = '/work/project';
const CONTEXT: FormatContext = {
  cwd: CWD,
  version: '1.2.3',
  rules: allRules,
  color: false,
  explain: true,
  docsBase: 'https://github.com/volint/volint/blob/main/docs/rules',
};

function settings(reportUnusedIgnores = false): LintSettings {
  return {
    builder: 'any',
    rules: allRules,
    severities: new Map(),
    catalog: new BaseImageCatalog([loadDefaultCatalogEntries()]),
    classifier: new TargetClassifier(),
    reportUnusedIgnores,
  };
}

async function report(text: string, path = 'Dockerfile', reportUnusedIgnores = false): Promise<FileReport> {
  const result = await lintText(text, path, settings(reportUnusedIgnores));
  return { path, absolutePath: join(CWD, path), text, lines: splitLines(text), findings: result.findings };
}

/** Formats, validates against the schema, and parses. Every SARIF in this file goes through here. */
function sarif(reports: FileReport[], context: FormatContext = CONTEXT): Log {
  const log = JSON.parse(formatSarif(reports, context)) as Log;
  assertValidSarif(log);
  return log;
}

const DOCKERFILE = [
  'FROM alpine:3.20', // 1
  'WORKDIR /app', // 2
  '# volint ignore=VOL003 -- the app resolves data relative to /', // 3
  'VOLUME data', // 4
  "VOLUME ['/x']", // 5
  'RUN echo hi > /cache/x', // 6
  'VOLUME /cache', // 7
  'RUN echo x > /cache/y', // 8
  '',
].join('\n');

function resultsOf(log: Log): Result[] {
  return log.runs[0]!.results ?? [];
}

function only(log: Log, ruleId: string): Result {
  const found = resultsOf(log).filter((r) => r.ruleId === ruleId);
  assert.equal(found.length, 1, `expected one ${ruleId} result, got ${found.length}`);
  return found[0]!;
}

describe('SARIF output', () => {
  it('the schema validator rejects logs that break the schema (so the other tests can fail)', async () => {
    const log = JSON.parse(formatSarif([await report(DOCKERFILE)], CONTEXT)) as Log;
    const validate = sarifValidator();
    assert.equal(validate(log), true);
    const broken = structuredClone(log);
    broken.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine = 0;
    assert.equal(validate(broken), false);
    const badUri = structuredClone(log);
    badUri.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri = 'my file#1.Dockerfile';
    assert.equal(validate(badUri), false);
    const badLevel = structuredClone(log) as unknown as { runs: Array<{ results: Array<{ level: string }> }> };
    badLevel.runs[0]!.results[0]!.level = 'fatal';
    assert.equal(validate(badLevel), false);
  });

  it('tool.driver carries the whole rule catalogue with docs, help and default levels', async () => {
    const log = sarif([await report(DOCKERFILE)]);
    const driver = log.runs[0]!.tool.driver;
    assert.equal(driver.name, 'volint');
    assert.equal(driver.semanticVersion, '1.2.3');
    assert.match(driver.informationUri ?? '', /^https:\/\//);
    const descriptors = driver.rules ?? [];
    for (const rule of allRules) {
      const d = descriptors.find((x) => x.id === rule.id);
      assert.ok(d, `${rule.id} is missing from tool.driver.rules`);
      assert.equal(d.name, rule.name);
      assert.equal(d.shortDescription?.text, rule.docs.summary);
      assert.equal(d.fullDescription?.text, rule.docs.why);
      assert.ok(d.help?.text.includes(rule.docs.fix), `${rule.id} help.text lacks the fix`);
      assert.ok(d.help?.markdown?.includes(rule.docs.good.trim()), `${rule.id} help.markdown lacks the good example`);
      for (const section of docsSections(rule.docs)) {
        assert.ok(d.help?.markdown?.includes(`### ${section.title}\n`), `${rule.id} help.markdown lacks "${section.title}"`);
        assert.ok(d.help?.text.includes(`${section.title}:\n`), `${rule.id} help.text lacks "${section.title}"`);
      }
      assert.equal(d.helpUri, `${CONTEXT.docsBase}/${rule.name}.md`);
      assert.equal(d.defaultConfiguration?.level, rule.severity);
      assert.deepEqual(d.properties?.tags, rule.tags);
    }
    assert.equal(new Set(descriptors.map((d) => d.id)).size, descriptors.length, 'descriptor ids are unique');
  });

  it('every result names its rule by id and by a ruleIndex into the catalogue', async () => {
    const log = sarif([await report(DOCKERFILE, 'Dockerfile', true)]);
    const descriptors = log.runs[0]!.tool.driver.rules ?? [];
    assert.ok(resultsOf(log).length >= 3);
    for (const result of resultsOf(log)) {
      assert.equal(typeof result.ruleIndex, 'number', `${result.ruleId} has no ruleIndex`);
      assert.equal(descriptors[result.ruleIndex!]!.id, result.ruleId);
    }
  });

  it('regions are 1-based with start and end columns (end exclusive)', async () => {
    const log = sarif([await report(DOCKERFILE)]);
    const region = only(log, 'VOL001').locations![0]!.physicalLocation!.region!;
    // `VOLUME ['/x']`: the argument starts at column 8 and ends after column 13.
    assert.deepEqual(region, { startLine: 5, startColumn: 8, endLine: 5, endColumn: 14 });
    assert.equal(log.runs[0]!.columnKind, 'utf16CodeUnits');
  });

  it('artifact URIs are relative to %SRCROOT%, percent-encoded, with originalUriBaseIds', async () => {
    const path = 'services/my app#1/Dockerfile';
    const log = sarif([await report(DOCKERFILE, path)]);
    const run = log.runs[0]!;
    assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, pathToFileURL(CWD).href + '/');
    for (const result of resultsOf(log)) {
      const artifact = result.locations![0]!.physicalLocation!.artifactLocation!;
      assert.equal(artifact.uriBaseId, '%SRCROOT%');
      assert.equal(artifact.uri, 'services/my%20app%231/Dockerfile');
    }
  });

  it('a path with a space and # in the working directory still gives a valid file URI', async () => {
    const log = sarif([await report(DOCKERFILE)], { ...CONTEXT, cwd: '/tmp/a b#c?d' });
    assert.equal(log.runs[0]!.originalUriBaseIds?.['%SRCROOT%']?.uri, 'file:///tmp/a%20b%23c%3Fd/');
  });

  it('standard input is an encoded relative URI too', async () => {
    const r = await report('FROM alpine:3.20\nVOLUME data\n', '<stdin>');
    const log = sarif([{ ...r, absolutePath: '<stdin>' }]);
    assert.equal(only(log, 'VOL003').locations![0]!.physicalLocation!.artifactLocation!.uri, '%3Cstdin%3E');
  });

  it('relatedLocations point at the VOLUME line behind a finding', async () => {
    const log = sarif([await report(DOCKERFILE)]);
    const result = only(log, 'VOL004');
    assert.equal(result.locations![0]!.physicalLocation!.region!.startLine, 8);
    const related = result.relatedLocations ?? [];
    assert.ok(related.length >= 1);
    const volume = related.find((r) => r.physicalLocation?.region?.startLine === 7);
    assert.ok(volume, 'a related location on line 7 (VOLUME /cache)');
    assert.equal(volume.physicalLocation!.artifactLocation!.uriBaseId, '%SRCROOT%');
    assert.ok((volume.message?.text ?? '').length > 0);
  });

  it('partialFingerprints do not change when unrelated lines are inserted above', async () => {
    const before = sarif([await report(DOCKERFILE)]);
    const lines = DOCKERFILE.split('\n');
    const shifted = ['# syntax=docker/dockerfile:1', ...lines.slice(0, 1), 'ENV A=1', '# a new comment', 'LABEL x=y', ...lines.slice(1)].join('\n');
    const after = sarif([await report(shifted)]);
    const prints = (log: Log): Map<string, string> =>
      new Map(resultsOf(log).map((r) => [`${r.ruleId}`, r.partialFingerprints!['volint/v1']!]));
    const a = prints(before);
    const b = prints(after);
    assert.ok(a.size >= 3);
    assert.deepEqual([...b.entries()].sort(), [...a.entries()].sort());
    // The lines did move: the fingerprints are stable although every region changed.
    assert.notEqual(only(after, 'VOL004').locations![0]!.physicalLocation!.region!.startLine, 8);
    // Messages that name line numbers changed too, so the fingerprint cannot depend on them.
    assert.notEqual(only(after, 'VOL004').message.text, only(before, 'VOL004').message.text);
  });

  it('partialFingerprints are distinct for distinct findings, also for repeated identical lines', async () => {
    const text = 'FROM alpine:3.20\nVOLUME data\nVOLUME data\nVOLUME logs\n';
    const log = sarif([await report(text)]);
    const prints = resultsOf(log).map((r) => r.partialFingerprints!['volint/v1']);
    assert.ok(prints.length >= 3);
    assert.equal(new Set(prints).size, prints.length);
  });

  it('a fix becomes artifactChanges with replacements that reproduce --fix', async () => {
    const r = await report(DOCKERFILE);
    const log = sarif([r]);
    const result = only(log, 'VOL001');
    const finding = r.findings.find((f) => f.ruleId === 'VOL001')!;
    assert.ok(finding.fix, 'VOL001 offers a fix here');
    const change = result.fixes![0]!.artifactChanges[0]!;
    assert.equal(change.artifactLocation.uri, 'Dockerfile');
    assert.equal(change.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.equal(result.fixes![0]!.description?.text, finding.fix.description);
    const replacement = change.replacements[0]!;
    assert.deepEqual(replacement.deletedRegion, { startLine: 5, startColumn: 8, endLine: 5, endColumn: 14 });
    assert.equal(replacement.insertedContent?.text, '["/x"]');
    // Applying the SARIF replacement by hand gives what --fix writes.
    const lines = DOCKERFILE.split('\n');
    const line = lines[4]!;
    lines[4] = line.slice(0, replacement.deletedRegion.startColumn! - 1) + replacement.insertedContent!.text + line.slice(replacement.deletedRegion.endColumn! - 1);
    assert.equal(lines.join('\n'), applyFixes(DOCKERFILE, [finding.fix]).text);
  });

  it('a finding silenced inline is kept with an inSource suppression and its justification', async () => {
    const log = sarif([await report(DOCKERFILE)]);
    const result = only(log, 'VOL003');
    assert.equal(result.suppressions?.length, 1);
    const suppression = result.suppressions![0]!;
    assert.equal(suppression.kind, 'inSource');
    assert.equal(suppression.justification, 'the app resolves data relative to /');
    assert.equal(suppression.location?.physicalLocation?.region?.startLine, 3);
    // Findings that are not silenced carry no suppressions at all.
    assert.equal(only(log, 'VOL001').suppressions, undefined);
  });

  it('a global ignore by rule name gives the same suppression on every matching finding', async () => {
    const text = '# volint global ignore=volume-relative-path\nFROM alpine:3.20\nVOLUME data\nVOLUME logs\n';
    const log = sarif([await report(text)]);
    const silenced = resultsOf(log).filter((r) => r.ruleId === 'VOL003');
    assert.equal(silenced.length, 2);
    for (const r of silenced) {
      assert.equal(r.suppressions?.[0]?.kind, 'inSource');
      assert.equal(r.suppressions?.[0]?.justification, undefined);
      assert.equal(r.suppressions?.[0]?.location?.physicalLocation?.region?.startLine, 1);
    }
  });

  it('volint-unused-ignore results are in the catalogue and validate', async () => {
    const text = 'FROM alpine:3.20\n# volint ignore=VOL004 -- nothing here\nVOLUME /data\n';
    const log = sarif([await report(text, 'Dockerfile', true)]);
    const unused = only(log, 'volint-unused-ignore');
    assert.equal(unused.locations![0]!.physicalLocation!.region!.startLine, 2);
    assert.ok(unused.fixes && unused.fixes.length === 1, 'removing the comment is offered as a fix');
  });

  it('a file that could not be read becomes a tool execution notification', async () => {
    const log = sarif([
      await report(DOCKERFILE),
      { path: 'broken/Dockerfile', absolutePath: join(CWD, 'broken/Dockerfile'), findings: [], error: 'permission denied' },
    ]);
    const invocation = log.runs[0]!.invocations![0]!;
    assert.equal(invocation.executionSuccessful, false);
    const note = invocation.toolExecutionNotifications![0]!;
    assert.equal(note.level, 'error');
    assert.equal(note.message.text, 'permission denied');
    assert.equal(note.locations![0]!.physicalLocation!.artifactLocation!.uri, 'broken/Dockerfile');
  });

  it('hostile text in messages and paths still gives valid SARIF', async () => {
    const finding: Finding = {
      ruleId: 'VOL003',
      ruleName: 'volume-relative-path',
      severity: 'warning',
      messageId: 'relative',
      message: 'a "quoted" \u0000 NUL, \u001b[31m escape, </script> and \ud800 lone surrogate',
      file: 'x',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } },
      explanation: ['line\r\nbreaks'],
      related: [],
      suggestions: [],
      confidence: 'possible',
    };
    const log = sarif([{ path: 'we?ird%/Docker file', absolutePath: join(CWD, 'we?ird%/Docker file'), text: 'FROM x\n', findings: [finding] }]);
    assert.equal(resultsOf(log)[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri, 'we%3Fird%25/Docker%20file');
    assert.ok(resultsOf(log)[0]!.message.text!.includes('</script>'));
    assert.equal(resultsOf(log)[0]!.rank, 30);
    assert.equal(resultsOf(log)[0]!.properties!.confidence, 'possible');
  });

  it('an empty run (no files) is valid SARIF with the catalogue and no results', () => {
    const log = sarif([]);
    assert.deepEqual(log.runs[0]!.results, []);
    assert.ok((log.runs[0]!.tool.driver.rules ?? []).length >= allRules.length);
  });
});
