/** SARIF 2.1.0 for code scanning: the full rule catalogue, related locations, fixes, suppressions. */
import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import type { Log, ReportingDescriptor, Result, Run, Fix as SarifFix, Region } from 'sarif';
import type { AnyRule, Finding, Fix } from '../engine/types.js';
import type { Range } from '../parse/types.js';
import { splitLines, type FileReport, type FormatContext } from './types.js';

const INFORMATION_URI = 'https://github.com/volint/volint';

function region(range: Range): Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function ruleDescriptor(rule: AnyRule, context: FormatContext): ReportingDescriptor {
  const d = rule.docs;
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: d.summary },
    fullDescription: { text: d.why },
    help: {
      text: `${d.fix}\n\nInstead of:\n${d.bad}\nwrite:\n${d.good}`,
      markdown: `${d.fix}\n\n**Instead of:**\n\n\`\`\`dockerfile\n${d.bad}\`\`\`\n\n**write:**\n\n\`\`\`dockerfile\n${d.good}\`\`\`\n\n${d.references.map((r) => `- <${r}>`).join('\n')}\n`,
    },
    helpUri: `${context.docsBase}/${rule.name}.md`,
    defaultConfiguration: { level: rule.severity },
    properties: { tags: rule.tags, fixable: rule.fixable },
  };
}

function uriOf(report: FileReport, cwd: string): string {
  if (report.absolutePath === '<stdin>') return report.path;
  const rel = relative(cwd, report.absolutePath).split(sep).join('/');
  return rel.split('/').map(encodeURIComponent).join('/');
}

function sarifFix(fix: Fix, uri: string): SarifFix {
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
        replacements: fix.edits.map((e) => ({
          deletedRegion: region(e.range),
          insertedContent: { text: e.text },
        })),
      },
    ],
  };
}

/**
 * Stable across unrelated edits: the rule, the normalised text of the finding's first line, and
 * the occurrence number of that pair in the file; no line numbers.
 */
function fingerprints(findings: Finding[], lines: string[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const text = (lines[f.range.start.line] ?? '').trim().replace(/\s+/g, ' ');
    const key = `${f.ruleId}\u0000${text}\u0000${f.message}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return createHash('sha256').update(`${key}\u0000${n}`).digest('hex').slice(0, 32) + `:${n}`;
  });
}

export function formatSarif(reports: FileReport[], context: FormatContext): string {
  const ruleIndex = new Map<string, number>();
  const descriptors: ReportingDescriptor[] = [];
  for (const rule of context.rules) {
    ruleIndex.set(rule.id, descriptors.length);
    descriptors.push(ruleDescriptor(rule, context));
  }
  const results: Result[] = [];
  const notifications: NonNullable<NonNullable<Run['invocations']>[number]['toolExecutionNotifications']> = [];
  for (const report of reports) {
    const uri = uriOf(report, context.cwd);
    if (report.error) {
      notifications.push({
        level: 'error',
        message: { text: report.error },
        locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } }],
      });
      continue;
    }
    const lines = report.lines ?? splitLines(report.text ?? '');
    const prints = fingerprints(report.findings, lines);
    report.findings.forEach((finding, i) => {
      const index = ruleIndex.get(finding.ruleId);
      const message = finding.explanation.length > 0 ? `${finding.message}\n\n${finding.explanation.join('\n')}` : finding.message;
      const result: Result = {
        ruleId: finding.ruleId,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: finding.severity,
        message: { text: message },
        locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: region(finding.range) } }],
        partialFingerprints: { 'volint/v1': prints[i]! },
        properties: { confidence: finding.confidence, ruleName: finding.ruleName },
      };
      if (finding.related.length > 0) {
        result.relatedLocations = finding.related.map((r, id) => ({
          id,
          message: { text: r.message },
          physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: region(r.range) },
        }));
      }
      const fixes = [...(finding.fix ? [finding.fix] : []), ...finding.suggestions];
      if (fixes.length > 0) result.fixes = fixes.map((f) => sarifFix(f, uri));
      if (finding.suppression) {
        result.suppressions = [
          {
            kind: 'inSource',
            ...(finding.suppression.justification ? { justification: finding.suppression.justification } : {}),
            location: {
              physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: region(finding.suppression.range) },
            },
          },
        ];
      }
      results.push(result);
    });
  }
  const srcroot = context.cwd.split(sep).join('/');
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'volint',
            version: context.version,
            semanticVersion: context.version,
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${srcroot.startsWith('/') ? '' : '/'}${encodeURI(srcroot)}/` } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
