#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json): the bundle runs through dist/launch.js with a V8 code cache.
require('../dist/launch.js').launch(require('node:path').join(__dirname, '..', 'dist', 'volint.js'));
