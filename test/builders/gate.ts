/**
 * Whether the builder tests run here. With the builders present they always run (npm test runs
 * them). Without them: under CI=true one failing test says what is missing (CI never skips them
 * silently); elsewhere a loud banner says they did not run, and no test is registered.
 */
import assert from 'node:assert/strict';
import { announceMissing, cleanup, detectEngines, IN_CI } from '../helpers/engines.js';

let announced = false;

/** Registers `body` inside a describe when the builders are here; see above otherwise. */
export function withBuilders(title: string, body: () => void): void {
  const { missing } = detectEngines();
  if (missing.length === 0) {
    describe(title, function () {
      this.timeout(600_000);
      after(() => cleanup());
      body();
    });
    return;
  }
  if (IN_CI) {
    describe(title, () => {
      it('has the builders it needs (CI=true)', () => {
        assert.fail(`missing: ${missing.join(', ')}; .ci/run installs and starts them`);
      });
    });
    return;
  }
  if (!announced) announceMissing(missing);
  announced = true;
}
