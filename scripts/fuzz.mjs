#!/usr/bin/env node
// The long fuzz run (`npm run fuzz`): the generators and properties of test/properties.test.ts
// (grammar-generated Dockerfiles and mutated fixtures; never throws, ranges inside the document,
// deterministic, directory-independent, --fix stable, SARIF valid), for many more cases.
//
//   npm run fuzz                          100,000 cases, a random seed (printed)
//   npm run fuzz -- --cases 5000 --seed 42
//   npm run fuzz -- --source grammar|mutations|both
//
// On failure it prints the seed, fast-check's shrunk (minimal) counterexample, the replay path and
// the error, and exits 1. It runs the TypeScript build in build/ (npm run fuzz compiles it first).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const helpers = join(root, 'build', 'test', 'helpers');
if (!existsSync(join(helpers, 'properties.js'))) {
  process.stderr.write('fuzz: build/test/helpers/properties.js is missing; run `npx tsc -p tsconfig.json` (npm run fuzz does)\n');
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    source: { type: 'string', default: 'both' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write('usage: npm run fuzz -- [--cases N] [--seed S] [--source grammar|mutations|both]\n');
  process.exit(0);
}
const cases = Number(values.cases);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(cases) || cases <= 0 || !Number.isInteger(seed)) {
  process.stderr.write('fuzz: --cases must be a positive integer and --seed an integer\n');
  process.exit(2);
}

const { default: fc } = await import('fast-check');
const generators = await import(join(helpers, 'generators.js'));
const { PROPERTIES, SARIF_SCHEMA_PRESENT } = await import(join(helpers, 'properties.js'));

const arbitrary =
  values.source === 'grammar' ? generators.dockerfile : values.source === 'mutations' ? generators.mutatedFixture() : generators.anyDockerfile();
const properties = PROPERTIES.filter((p) => !p.needsSchema || SARIF_SCHEMA_PRESENT);
if (properties.length < PROPERTIES.length) process.stderr.write('fuzz: test/data/sarif-schema-2.1.0.json is missing; the SARIF property is skipped\n');

process.stdout.write(`fuzz: ${cases} cases, seed ${seed}, source ${values.source}, ${properties.length} properties per case\n`);
const started = Date.now();
let done = 0;
const step = Math.max(1000, Math.floor(cases / 20));
const result = await fc.check(
  fc.asyncProperty(arbitrary, async (text) => {
    for (const property of properties) {
      try {
        await property.check(text);
      } catch (err) {
        err.message = `[${property.name}] ${err.message}`;
        throw err;
      }
    }
    done++;
    if (done % step === 0) process.stdout.write(`  ${done} cases, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }),
  { seed, numRuns: cases, endOnFailure: false },
);

if (!result.failed) {
  process.stdout.write(`fuzz: ${result.numRuns} cases passed in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${seed})\n`);
  process.exit(0);
}
const [text] = result.counterexample ?? [''];
const error = result.errorInstance;
process.stdout.write(
  [
    `fuzz: FAILED after ${result.numRuns} cases (seed ${seed}); shrunk ${result.numShrinks} times`,
    `replay: npm run fuzz -- --seed ${seed} --cases ${cases} --source ${values.source}   (fast-check path ${result.counterexamplePath})`,
    'minimal counterexample (JSON string):',
    `  ${JSON.stringify(text)}`,
    'as a file:',
    '-----',
    text,
    '-----',
    `error: ${error instanceof Error ? error.message : String(error)}`,
    '',
  ].join('\n'),
);
process.exit(1);
