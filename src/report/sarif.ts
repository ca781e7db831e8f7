/** SARIF 2.1.0 for code scanning: the full rule catalogue, related locations, fixes, suppressions. */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result, Run, Fix as SarifFix, Region } from 'sarif';
import { INTERNAL_ERROR_ID, type AnyRule, type Confidence, type Finding, type Fix } from '../engine/types.js';
import type { Range } from '../parse/types.js';
import { docsDetails } from './rule-docs.js';
import { formatAll, nestedJson, splitLines, type FileReport, type FormatContext, type StreamingFormatter } from './types.js';

const INFORMATION_URI = 'https://github.com/volint/volint';

/** SARIF `rank` (0–100, how much a result matters) from the finding's confidence. */
export const CONFIDENCE_SARIF_RANK: Record<Confidence, number> = { certain: 90, likely: 60, possible: 30 };

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
  const lang = rule.kind === 'compose' ? 'yaml' : 'dockerfile';
  const dockerfile = d.dockerfile ? `\n\n**built from this Dockerfile:**\n\n\`\`\`dockerfile\n${d.dockerfile}\`\`\`` : '';
  const detailsText = docsDetails(d, 'text');
  const detailsMarkdown = docsDetails(d, { heading: '###' });
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: d.summary },
    fullDescription: { text: d.why },
    help: {
      text: `${d.fix}\n\nInstead of:\n${d.bad}\nwrite:\n${d.good}${detailsText ? `\n${detailsText}\n` : ''}`,
      markdown: `${d.fix}\n\n**Instead of:**\n\n\`\`\`${lang}\n${d.bad}\`\`\`\n\n**write:**\n\n\`\`\`${lang}\n${d.good}\`\`\`${dockerfile}${detailsMarkdown ? `\n\n${detailsMarkdown}` : ''}\n\n${d.references.map((r) => `- <${r}>`).join('\n')}\n`,
    },
    helpUri: `${context.docsBase}/${rule.name}.md`,
    defaultConfiguration: { level: rule.severity },
    properties: { tags: rule.tags, fixable: rule.fixable },
  };
}

/** Findings volint reports about itself, not about a rule: described in the catalogue too. */
const TOOL_DESCRIPTORS: ReportingDescriptor[] = [
  {
    id: 'volint-unused-ignore',
    name: 'volint-unused-ignore',
    shortDescription: { text: 'A `# volint ignore=` comment that silences nothing, or that does not parse.' },
    fullDescription: { text: 'Reported with --report-unused-ignores: a suppression that no longer matches a finding hides nothing today and would hide a future finding nobody has reviewed.' },
    help: { text: 'Remove the rule from the comment, or the whole comment when nothing is left.', markdown: 'Remove the rule from the comment, or the whole comment when nothing is left.' },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['volint'] },
  },
  {
    id: 'volint-compose-error',
    name: 'volint-compose-error',
    shortDescription: { text: 'A compose project volint could not read as written: invalid YAML, an unknown top-level key, a missing Dockerfile, a required variable without a value.' },
    fullDescription: { text: 'Compose refuses the file (error), or runs it other than as written (warning: an unset variable the .env of the project lacks becomes an empty string), or only some Compose versions read it, or it leaves values to the deployer (note: the variables a project without .env does not set, named once). The rest of the project is still linted.' },
    help: { text: 'Fix the compose file at the line named; `docker compose config` shows how Compose reads it.', markdown: 'Fix the compose file at the line named; `docker compose config` shows how Compose reads it.' },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['volint', 'compose'] },
  },
  {
    id: INTERNAL_ERROR_ID,
    name: INTERNAL_ERROR_ID,
    shortDescription: { text: 'A rule failed with an internal error; the other rules still ran.' },
    fullDescription: { text: 'This is a bug in volint, not in the Dockerfile. The failing rule reported nothing for this file.' },
    help: { text: 'Report the bug with the Dockerfile that triggers it.', markdown: 'Report the bug with the Dockerfile that triggers it.' },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['volint'] },
  },
];

/** The artifact URI relative to %SRCROOT% (the working directory), percent-encoded per segment. */
function uriOf(report: FileReport, cwd: string): string {
  const rel = report.absolutePath === '<stdin>' ? report.path : relative(cwd, report.absolutePath).split(sep).join('/');
  return rel.split('/').map(encodeURIComponent).join('/');
}

/** The URI of another file named by its display path (a compose finding's Dockerfile). */
function uriOfDisplayPath(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path).split(sep).join('/') : path;
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
 * Stable across unrelated edits: the rule and message id, the normalised text of the finding's
 * first line and of its span, and the occurrence number of that key in the file. No line numbers,
 * and not the message either: messages name lines ("RUN at line 9 …").
 */
export function fingerprints(findings: Finding[], lines: string[]): string[] {
  const seen = new Map<string, number>();
  const normalise = (s: string): string => s.trim().replace(/\s+/g, ' ');
  return findings.map((f) => {
    const { start, end } = f.range;
    const text = normalise(lines[start.line] ?? '');
    const span = normalise(
      start.line === end.line
        ? (lines[start.line] ?? '').slice(start.character, end.character)
        : [(lines[start.line] ?? '').slice(start.character), ...lines.slice(start.line + 1, end.line), (lines[end.line] ?? '').slice(0, end.character)].join('\n'),
    );
    const key = `${f.ruleId}\u0000${f.messageId}\u0000${text}\u0000${span}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return createHash('sha256').update(`${key}\u0000${n}`).digest('hex').slice(0, 32) + `:${n}`;
  });
}

/**
 * The log's invocation (whether every file was linted, and the files that were not) comes before
 * its results, so the results are kept as text until `end()`; the rule catalogue is written by
 * `begin()`.
 */
export const sarif: StreamingFormatter = (context) => {
  const ruleIndex = new Map<string, number>();
  const descriptors: ReportingDescriptor[] = [];
  for (const rule of context.rules) {
    ruleIndex.set(rule.id, descriptors.length);
    descriptors.push(ruleDescriptor(rule, context));
  }
  for (const descriptor of TOOL_DESCRIPTORS) {
    ruleIndex.set(descriptor.id, descriptors.length);
    descriptors.push(descriptor);
  }
  /** Serialized results, nested as in the log. */
  const results: string[] = [];
  /** Every file a result points at (its own file, and related locations in other files), in first-seen order. */
  const artifacts = new Set<string>();
  const notifications: NonNullable<NonNullable<Run['invocations']>[number]['toolExecutionNotifications']> = [];
  // The whole log with placeholders for the invocations and the results: `begin()` is what comes
  // before the invocations, `end()` the rest. (A line break never occurs inside a JSON string.)
  const INVOCATIONS = '\n      "invocations": 0';
  const RESULTS = '\n      "results": 0';
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
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(context.cwd).href.replace(/\/$/, '')}/` } },
        columnKind: 'utf16CodeUnits',
        invocations: 0 as unknown as NonNullable<Run['invocations']>,
        results: 0 as unknown as Result[],
      },
    ],
  };
  const skeleton = JSON.stringify(log, null, 2);
  const invocationsAt = skeleton.indexOf(INVOCATIONS);
  const resultsAt = skeleton.indexOf(RESULTS);
  return {
    begin: () => skeleton.slice(0, invocationsAt + INVOCATIONS.length - 1),
    file(report) {
      const uri = uriOf(report, context.cwd);
      if (report.error) {
        notifications.push({
          level: 'error',
          message: { text: report.error },
          locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } }],
        });
        return '';
      }
      const lines = report.lines ?? splitLines(report.text ?? '');
      const prints = fingerprints(report.findings, lines);
      if (report.findings.length > 0) artifacts.add(uri);
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
          rank: CONFIDENCE_SARIF_RANK[finding.confidence],
          properties: { confidence: finding.confidence, ruleName: finding.ruleName },
        };
        if (finding.related.length > 0) {
          result.relatedLocations = finding.related.map((r, id) => {
            const relatedUri = r.file && r.file !== report.path ? uriOfDisplayPath(r.file, context.cwd) : uri;
            artifacts.add(relatedUri);
            return { id, message: { text: r.message }, physicalLocation: { artifactLocation: { uri: relatedUri, uriBaseId: '%SRCROOT%' }, region: region(r.range) } };
          });
        }
        // The schema wants `fixes` unique: a suggestion equal to the fix is given once.
        const fixes = [...new Map([...(finding.fix ? [finding.fix] : []), ...finding.suggestions].map((f) => [JSON.stringify(f), f])).values()];
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
        results.push(nestedJson(result, 4));
      });
      return '';
    },
    end() {
      const invocations = nestedJson([{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }], 3);
      const list = results.length > 0 ? `[\n        ${results.join(',\n        ')}\n      ]` : '[]';
      results.length = 0;
      const artifactList = artifacts.size > 0 ? `,\n      "artifacts": ${nestedJson([...artifacts].map((uri) => ({ location: { uri, uriBaseId: '%SRCROOT%' } })), 3)}` : '';
      artifacts.clear();
      return `${invocations}${skeleton.slice(invocationsAt + INVOCATIONS.length, resultsAt + RESULTS.length - 1)}${list}${artifactList}${skeleton.slice(resultsAt + RESULTS.length)}\n`;
    },
  };
};

export function formatSarif(reports: FileReport[], context: FormatContext): string {
  return formatAll(sarif, reports, context);
}
