#!/usr/bin/env node
import '../dist/volint.js';
