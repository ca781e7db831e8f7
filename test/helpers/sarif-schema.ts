/**
 * Validation against the official SARIF 2.1.0 schema (vendored in test/data from
 * oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json). The schema is JSON Schema draft-04,
 * hence ajv-draft-04; `unicodeRegExp: false` because one of its patterns is not valid under the
 * `u` flag. Its `uri`, `uri-reference` and `date-time` formats are checked here (ajv-formats is
 * not a dependency) so that a badly encoded artifact URI fails the tests as it fails upload.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SARIF_SCHEMA_PATH = join(REPO, 'test', 'data', 'sarif-schema-2.1.0.json');

/** RFC 3986: unreserved, reserved and `%XX` only. */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function isUriReference(value: string): boolean {
  return URI_CHARS.test(value);
}

export function isAbsoluteUri(value: string): boolean {
  return SCHEME.test(value) && URI_CHARS.test(value);
}

let validator: ValidateFunction | undefined;

export function sarifValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // A CommonJS module: under NodeNext the default import is module.exports; the class is its `default`.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', isAbsoluteUri);
  ajv.addFormat('uri-reference', isUriReference);
  ajv.addFormat('date-time', (v: string) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v));
  const compiled = ajv.compile(schema);
  validator = compiled;
  return compiled;
}

/** Throws with every schema error listed when `log` is not valid SARIF 2.1.0. */
export function assertValidSarif(log: unknown): void {
  const validate = sarifValidator();
  if (!validate(log)) {
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    throw new Error(`SARIF does not validate against the 2.1.0 schema:\n${errors.join('\n')}`);
  }
}
