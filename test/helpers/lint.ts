/**
 * Shared test helpers: default lint settings and a one-call `lint(text)` over the real rule set,
 * the way the CLI configures a file with no configuration.
 */
import { rules as allRules } from '../../rules/index.js';
import { lintText, type LintResult, type LintSettings } from '../../src/engine/linter.js';
import type { AnyRule, Finding } from '../../src/engine/types.js';
import { BaseImageCatalog, loadDefaultCatalogEntries } from '../../src/model/base-images.js';
import { TargetClassifier } from '../../src/model/targets.js';

let catalog: BaseImageCatalog | undefined;

/** Settings equal to the CLI's with no config: every rule at its default severity, builder any. */
export function defaultSettings(overrides: Partial<LintSettings> = {}): LintSettings {
  catalog ??= new BaseImageCatalog([loadDefaultCatalogEntries()]);
  return {
    builder: 'any',
    rules: allRules,
    severities: new Map(),
    catalog,
    classifier: new TargetClassifier(),
    ...overrides,
  };
}

export function lint(text: string, file = 'Dockerfile', overrides: Partial<LintSettings> = {}): Promise<LintResult> {
  return lintText(text, file, defaultSettings(overrides));
}

export const rules: readonly AnyRule[] = allRules;

/** Findings without the per-file name, as plain data (for determinism and file-name comparisons). */
export function comparable(findings: readonly Finding[]): unknown[] {
  return findings.map(({ file: _file, ...rest }) => JSON.parse(JSON.stringify(rest)) as unknown);
}

/** Number of lines as the engine counts them (\n, \r\n and a lone \r end a line). */
export function lineLengths(text: string): number[] {
  const lengths: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lengths.push(i - start);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lengths.push(text.length - start);
  return lengths;
}
