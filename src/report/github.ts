/**
 * GitHub Actions workflow commands: one annotation per finding,
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=VOL004 volume-write-discarded::message`.
 * Lines and columns are 1-based; `endColumn` is exclusive, as in SARIF. GitHub has `error`,
 * `warning` and `notice`: a volint note becomes a notice. Suppressed findings are not annotated.
 */
import type { Severity } from '../engine/types.js';
import { shortExplanation } from './stylish.js';
import { active, confidenceSuffix, formatAll, type FileReport, type FormatContext, type StreamingFormatter, ruleLabel } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** The escaping GitHub's runner applies to a command's data (after `::`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The escaping of a property value: data escaping plus `:` and `,`, which end a property. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: Array<[string, string | number]>, message: string): string {
  const props = properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export const github: StreamingFormatter = (context) => {
  const rules = new Map(context.rules.map((r) => [r.id, r]));
  return {
  begin: () => '',
  file(report) {
    if (report.error) return command('error', [['file', report.path], ['title', 'volint: file not linted']], report.error) + '\n';
    let out = '';
    for (const finding of active(report.findings)) {
      const { start, end } = finding.range;
      // An annotation is read beside the code: the message and the fix (--explain: the whole explanation).
      let message = finding.message;
      if (context.explain && context.fullExplain && finding.explanation.length > 0) message += `\n${finding.explanation.join('\n')}`;
      else if (context.explain) {
        const { fix } = shortExplanation(finding, rules.get(finding.ruleId));
        if (fix) message += `\nFix: ${fix}`;
      }
      out +=
        command(
          COMMAND[finding.severity],
          [
            ['file', report.path],
            ['line', start.line + 1],
            ['col', start.character + 1],
            ['endLine', end.line + 1],
            ['endColumn', end.character + 1],
            ['title', `${ruleLabel(finding)}${confidenceSuffix(finding)}`],
          ],
          message,
        ) + '\n';
    }
    return out;
  },
  end: () => '',
  };
};

export function formatGithub(reports: FileReport[], context: FormatContext): string {
  return formatAll(github, reports, context);
}
