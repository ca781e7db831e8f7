/**
 * The runs of a GitHub Actions job's matrix (src/compose/workflow-matrix.ts), expanded as GitHub
 * documents it: the product of the axes, `exclude` removing partial matches, `include` (after
 * exclude) extending the original combinations it overwrites no axis value of, else adding a run.
 */
import assert from 'node:assert/strict';
import { matrixRuns, withMatrix, type MatrixRun, type MatrixValue } from '../src/compose/workflow-matrix.js';
import { readYamlTree } from '../src/compose/yaml-tree.js';

function runs(yaml: string): Array<Record<string, unknown>> | null {
  const { root } = readYamlTree(yaml, '/repo/.github/workflows/ci.yml');
  assert.ok(root, 'valid YAML');
  const found = matrixRuns(root);
  return found && found.map((run) => Object.fromEntries(run));
}

describe('GitHub Actions matrix runs', () => {
  it('is one run without values when the job has no matrix', () => {
    assert.deepEqual(matrixRuns(undefined)?.map((run) => run.size), [0]);
  });

  it('takes the product of the axes', () => {
    assert.deepEqual(runs('os: [ubuntu, windows]\nnode: [20, 22]\n'), [
      { os: 'ubuntu', node: 20 },
      { os: 'ubuntu', node: 22 },
      { os: 'windows', node: 20 },
      { os: 'windows', node: 22 },
    ]);
  });

  it('removes the combinations an exclude entry matches, in part or in whole', () => {
    assert.deepEqual(runs('os: [ubuntu, windows]\nnode: [20, 22]\nexclude:\n  - os: windows\n    node: 20\n'), [
      { os: 'ubuntu', node: 20 },
      { os: 'ubuntu', node: 22 },
      { os: 'windows', node: 22 },
    ]);
    assert.deepEqual(runs('os: [ubuntu, windows]\nnode: [20, 22]\nexclude:\n  - os: windows\n'), [
      { os: 'ubuntu', node: 20 },
      { os: 'ubuntu', node: 22 },
    ]);
  });

  it('adds an include entry\'s keys to every combination whose axis values it keeps, overwriting only added values; else adds a run (the documented fruit/animal example)', () => {
    const matrix =
      'fruit: [apple, pear]\nanimal: [cat, dog]\ninclude:\n  - color: green\n  - color: pink\n    animal: cat\n  - fruit: apple\n    shape: circle\n  - fruit: banana\n  - fruit: banana\n    animal: cat\n';
    assert.deepEqual(runs(matrix), [
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it('processes include after exclude: an include entry can bring back an excluded combination as a run of its own', () => {
    assert.deepEqual(runs('os: [ubuntu, windows]\nexclude:\n  - os: windows\ninclude:\n  - os: windows\n    experimental: true\n'), [{ os: 'ubuntu' }, { os: 'windows', experimental: true }]);
  });

  it('makes each include entry a run when there is no axis', () => {
    assert.deepEqual(runs('include:\n  - name: Standard\n    dockerfile: Dockerfile\n  - name: Raspi\n    dockerfile: Dockerfile-raspi\n'), [
      { name: 'Standard', dockerfile: 'Dockerfile' },
      { name: 'Raspi', dockerfile: 'Dockerfile-raspi' },
    ]);
  });

  it('does not know a matrix, an axis or an include written as an expression, nor one of more than 256 runs', () => {
    assert.equal(runs('"${{ fromJSON(needs.setup.outputs.matrix) }}"\n'), null);
    assert.equal(runs('os: ${{ fromJSON(inputs.os) }}\n'), null);
    assert.equal(runs('os: [a]\ninclude: ${{ fromJSON(inputs.extra) }}\n'), null);
    const axis = `[${Array.from({ length: 17 }, (_, i) => i).join(', ')}]`;
    assert.equal(runs(`a: ${axis}\nb: ${axis}\n`), null);
    assert.equal(runs(`a: ${axis}\nb: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]\n`)?.length, 255);
  });

  it('expands an include list as long as a workflow volint reads can hold (14,000 entries over 256 runs)', () => {
    const { root } = readYamlTree(`a: [${Array.from({ length: 256 }, (_, i) => `v${i}`).join(', ')}]\ninclude:\n${Array.from({ length: 14_000 }, (_, i) => `  - {k${i % 7}: x, a: v${i % 2 === 0 ? 0 : 1}}`).join('\n')}\n`, 'ci.yml');
    const found = matrixRuns(root ?? undefined);
    assert.equal(found?.length, 256);
    assert.deepEqual(Object.fromEntries(found![0]!), { a: 'v0', k0: 'x', k1: 'x', k2: 'x', k3: 'x', k4: 'x', k5: 'x', k6: 'x' });
  });

  it('replaces ${{ matrix.X }} (and a field of an object value) by the run\'s value; leaves other expressions and keys the run does not give', () => {
    const run: MatrixRun = new Map<string, MatrixValue>([
      ['dockerfile', 'Dockerfile-raspi'],
      ['suffix', ''],
      ['node', 22],
      ['image', { name: 'org/app', flavour: 'slim' }],
    ]);
    const used = new Map<string, string>();
    assert.equal(withMatrix('./${{ matrix.dockerfile }}', run, used), './Dockerfile-raspi');
    assert.equal(withMatrix('${{matrix.image.name}}:${{ matrix.node }}${{ matrix.suffix }}', run, used), 'org/app:22');
    assert.deepEqual([...used], [['dockerfile', 'Dockerfile-raspi'], ['image.name', 'org/app'], ['node', '22'], ['suffix', '']]);
    assert.equal(withMatrix('${{ matrix.image }}-${{ matrix.missing }}-${{ github.sha }}', run), '${{ matrix.image }}-${{ matrix.missing }}-${{ github.sha }}');
  });
});
