/**
 * The runs of a GitHub Actions job's `strategy.matrix`, as GitHub expands it
 * (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow):
 * 1. every key other than `include` and `exclude` is an axis, a list of values; the original
 *    combinations are their product (none when there is no axis);
 * 2. `exclude` removes each original combination that matches all the key:value pairs of one of its
 *    entries (a partial match suffices);
 * 3. `include` is processed after `exclude`, entry by entry: an entry's pairs are added to every
 *    original combination none of whose original (axis) values they would overwrite (values an
 *    earlier entry added may be overwritten); an entry added to no combination becomes a run of its
 *    own (so with no axes, every entry is one run).
 * A matrix written as an expression (`${{ fromJSON(…) }}`), or an axis, `include` or `exclude` that
 * is one, is not known: null. So is a matrix of more than 256 runs (GitHub's limit per workflow run).
 */
import type { TreeNode } from './tree.js';

/** A value of a matrix, as YAML writes it (GitHub allows objects and lists as values). */
export type MatrixValue = string | number | boolean | null | MatrixValue[] | { [key: string]: MatrixValue };

/** One run of the job: each matrix key's value in it. */
export type MatrixRun = ReadonlyMap<string, MatrixValue>;

/** GitHub runs at most this many jobs of one matrix. */
const MAX_RUNS = 256;

/**
 * The runs of the job whose `strategy.matrix` is `matrix`: one run with no values when the job
 * has no matrix; null when the matrix is not known (see the module's comment).
 */
export function matrixRuns(matrix: TreeNode | undefined): MatrixRun[] | null {
  if (matrix === undefined) return [new Map()];
  if (matrix.kind !== 'map') return null;
  const axes: Array<[string, MatrixValue[]]> = [];
  let include: Array<Map<string, MatrixValue>> = [];
  let exclude: Array<Map<string, MatrixValue>> = [];
  for (const [key, { value }] of matrix.entries) {
    if (key === 'include' || key === 'exclude') {
      const entries = combinationList(value);
      if (entries === null) return null;
      if (key === 'include') include = entries;
      else exclude = entries;
      continue;
    }
    if (value.kind !== 'seq') return null;
    axes.push([key, value.items.map(plain)]);
  }
  // 1. The product of the axes (none without an axis).
  let originals: Array<Map<string, MatrixValue>> = axes.length === 0 ? [] : [new Map()];
  for (const [key, values] of axes) {
    originals = originals.flatMap((combination) => values.map((value) => new Map([...combination, [key, value]])));
    if (originals.length > MAX_RUNS) return null;
  }
  // 2. exclude: a combination matching every pair of an entry goes.
  originals = originals.filter((combination) => !exclude.some((entry) => [...entry].every(([key, value]) => combination.has(key) && sameValue(combination.get(key)!, value))));
  // 3. include: extend the original combinations whose axis values the entry leaves as they are, else add a run.
  const axisKeys = new Set(axes.map(([key]) => key));
  const added: Array<Map<string, MatrixValue>> = [];
  for (const entry of include) {
    let extended = false;
    // The entry's axis values, compared as JSON with each combination's (once per entry, not per combination).
    const axisValues = [...entry].filter(([key]) => axisKeys.has(key)).map(([key, value]) => [key, JSON.stringify(value)] as const);
    for (const combination of originals) {
      const keepsOriginals = axisValues.every(([key, value]) => JSON.stringify(combination.get(key)!) === value);
      if (!keepsOriginals) continue;
      for (const [key, value] of entry) combination.set(key, value);
      extended = true;
    }
    if (!extended) added.push(new Map(entry));
  }
  const runs = [...originals, ...added];
  return runs.length > MAX_RUNS ? null : runs;
}

/**
 * `${{ matrix.NAME }}` (or `matrix.NAME.FIELD` of an object value) replaced by its value in `run`
 * where that is a string, number or boolean; other expressions, and a key the run does not give,
 * are left as written. `used` collects the keys replaced, with their values.
 */
export function withMatrix(text: string, run: MatrixRun, used?: Map<string, string>): string {
  if (run.size === 0 || !text.includes('matrix.')) return text;
  return text.replace(/\$\{\{\s*matrix\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\s*\}\}/g, (whole, name: string, fields: string) => {
    let value: MatrixValue | undefined = run.get(name);
    for (const field of fields.split('.').slice(1)) {
      value = value !== null && typeof value === 'object' && !Array.isArray(value) ? value[field] : undefined;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return whole;
    const text = String(value);
    used?.set(`${name}${fields}`, text);
    return text;
  });
}

/** `include:` or `exclude:`: a list of mappings; null when written as an expression or otherwise not a list of mappings. */
function combinationList(node: TreeNode): Array<Map<string, MatrixValue>> | null {
  if (node.kind !== 'seq') return null;
  const list: Array<Map<string, MatrixValue>> = [];
  for (const item of node.items) {
    if (item.kind !== 'map') return null;
    list.push(new Map([...item.entries].map(([key, { value }]) => [key, plain(value)])));
  }
  return list;
}

/** A tree node as a plain value. */
function plain(node: TreeNode): MatrixValue {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  const object: { [key: string]: MatrixValue } = {};
  for (const [key, { value }] of node.entries) object[key] = plain(value);
  return object;
}

function sameValue(a: MatrixValue, b: MatrixValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
