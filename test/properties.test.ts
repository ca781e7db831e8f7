/**
 * Property-based tests (fast slice of `npm run fuzz`): grammar-generated Dockerfiles and mutated
 * real fixtures. The seed is fixed (VOLINT_SEED overrides it) and printed on failure together with
 * fast-check's shrunk counterexample; VOLINT_RUNS changes the number of runs per property.
 */
import fc from 'fast-check';
import { anyDockerfile, dockerfile, mutatedFixture } from './helpers/generators.js';
import { PROPERTIES, SARIF_SCHEMA_PRESENT } from './helpers/properties.js';

const SEED = process.env.VOLINT_SEED ? Number(process.env.VOLINT_SEED) : 20_240_601;
const RUNS = process.env.VOLINT_RUNS ? Number(process.env.VOLINT_RUNS) : 300;

describe(`properties (fast-check, seed ${SEED}, ${RUNS} runs each)`, function () {
  this.timeout(600_000);

  for (const [source, arbitrary] of [
    ['grammar', () => dockerfile],
    ['mutated fixtures', () => mutatedFixture()],
  ] as const) {
    describe(source, () => {
      for (const property of PROPERTIES) {
        it(property.name, async function () {
          if (property.needsSchema && !SARIF_SCHEMA_PRESENT) {
            // Only when the vendored schema file is missing; the lead is told.
            return this.skip();
          }
          await fc.assert(fc.asyncProperty(arbitrary(), (text) => property.check(text).then(() => undefined)), {
            seed: SEED,
            numRuns: RUNS,
            endOnFailure: false,
            verbose: 1,
          });
        });
      }
    });
  }

  it('the generators produce varied documents (a broken generator would test nothing)', () => {
    const samples = fc.sample(anyDockerfile(), { seed: SEED, numRuns: 200 });
    const distinct = new Set(samples);
    if (distinct.size < 150) throw new Error(`only ${distinct.size} distinct documents in 200 samples`);
    const withVolume = samples.filter((s) => /volume/i.test(s)).length;
    if (withVolume < 100) throw new Error(`only ${withVolume} of 200 samples contain VOLUME`);
    const crlf = samples.filter((s) => s.includes('\r\n')).length;
    if (crlf === 0) throw new Error('no CRLF sample');
  });
});
