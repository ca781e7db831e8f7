// Mocha's spec output for people, plus a JSON summary for CI when VOLINT_MOCHA_JSON names a file
// (.ci/run turns it into the closing line "N passed, N failed").
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class VolintReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), message: String(err && err.message) }));
    runner.once('end', () => {
      const file = process.env.VOLINT_MOCHA_JSON;
      if (file) fs.writeFileSync(file, JSON.stringify({ stats: this.stats, failures }, null, 2));
    });
  }
}

module.exports = VolintReporter;
