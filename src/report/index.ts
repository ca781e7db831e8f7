/** Formatters by name, each loaded only when asked for. */
import type { Formatter } from './types.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit', 'compact'] as const;
export type FormatName = (typeof FORMATS)[number];

export async function loadFormatter(name: FormatName): Promise<Formatter> {
  switch (name) {
    case 'stylish':
      return (await import('./stylish.js')).formatStylish;
    case 'json':
      return (await import('./json.js')).formatJson;
    case 'sarif':
      return (await import('./sarif.js')).formatSarif;
    case 'github':
      return (await import('./github.js')).formatGithub;
    case 'gitlab':
      return (await import('./gitlab.js')).formatGitlab;
    case 'checkstyle':
      return (await import('./checkstyle.js')).formatCheckstyle;
    case 'junit':
      return (await import('./junit.js')).formatJunit;
    case 'compact':
      return (await import('./compact.js')).formatCompact;
  }
}
