/** Formatters by name, each loaded only when asked for. */
import { formatAll, type Formatter, type StreamingFormatter } from './types.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit', 'compact'] as const;
export type FormatName = (typeof FORMATS)[number];

/** The streaming formatter of a format: begin, one chunk per file, end. */
export async function loadStreamingFormatter(name: FormatName): Promise<StreamingFormatter> {
  switch (name) {
    case 'stylish':
      return (await import('./stylish.js')).stylish;
    case 'json':
      return (await import('./json.js')).json;
    case 'sarif':
      return (await import('./sarif.js')).sarif;
    case 'github':
      return (await import('./github.js')).github;
    case 'gitlab':
      return (await import('./gitlab.js')).gitlab;
    case 'checkstyle':
      return (await import('./checkstyle.js')).checkstyle;
    case 'junit':
      return (await import('./junit.js')).junit;
    case 'compact':
      return (await import('./compact.js')).compact;
  }
}

/** A format as one function: every report in, the whole text out. */
export async function loadFormatter(name: FormatName): Promise<Formatter> {
  const formatter = await loadStreamingFormatter(name);
  return (reports, context) => formatAll(formatter, reports, context);
}
