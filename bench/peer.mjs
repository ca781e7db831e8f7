#!/usr/bin/env node
// Lints (or just reads or parses) every Dockerfile below a directory in one process, the way each
// peer's own CLI or API would, and writes the results to standard output (the benchmark sends it to
// /dev/null). Used by bench/bench.mjs so that every contestant is one child process, measured alike.
//
// A file the tool throws on is counted, not fatal (dockerfilelint's CLI stops at the first such
// file with exit 1): the last line on standard error is `peer: {"tool","files","failed","error"}`,
// which the benchmark reads to check that every file was processed.
//
//   node bench/peer.mjs read|parse|dockerfilelint|dockerfile-utils <dir>
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const DOCKERFILE = /^(Dockerfile|Containerfile)(\..*)?$|\.(Dockerfile|dockerfile|Containerfile|containerfile)$|^dockerfile$/;

/** The same files volint finds: recursive, sorted, skipping .git and node_modules. */
function* walk(dir) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && entry.name !== 'node_modules') yield* walk(full);
    } else if (entry.isFile() && DOCKERFILE.test(entry.name)) yield full;
  }
}

const [tool, dir] = process.argv.slice(2);
if (!tool || !dir) {
  process.stderr.write('usage: node bench/peer.mjs read|parse|dockerfilelint|dockerfile-utils <dir>\n');
  process.exit(2);
}

let files = 0;
let failed = 0;
let firstError = null;
const out = [];
/** Runs one file's work; a throw counts the file as failed. */
function attempt(file, work) {
  try {
    work();
  } catch (error) {
    failed++;
    firstError ??= `${file}: ${String(error?.message ?? error).split('\n')[0]}`;
  }
}
switch (tool) {
  case 'read': {
    // The floor: finding and reading the files, nothing else.
    let bytes = 0;
    for (const file of walk(dir)) {
      bytes += readFileSync(file, 'utf8').length;
      files++;
    }
    out.push(String(bytes));
    break;
  }
  case 'parse': {
    // The parser floor: dockerfile-ast's parse of every file, and the instruction list.
    const { DockerfileParser } = require('dockerfile-ast');
    let instructions = 0;
    for (const file of walk(dir)) {
      const content = readFileSync(file, 'utf8');
      attempt(file, () => (instructions += DockerfileParser.parse(content).getInstructions().length));
      files++;
    }
    out.push(String(instructions));
    break;
  }
  case 'dockerfilelint': {
    // As its CLI with -j: run() per file with the file's directory as the config path, one JSON report.
    const dockerfilelint = require('dockerfilelint');
    const Reporter = require('dockerfilelint/lib/reporter/json_reporter');
    const reporter = new Reporter();
    for (const file of walk(dir)) {
      const content = readFileSync(file, 'utf8');
      attempt(file, () => reporter.addFile(file, content, dockerfilelint.run(join(file, '..'), content)));
      files++;
    }
    out.push(reporter.buildReport().toString());
    break;
  }
  case 'dockerfile-utils': {
    // As `dockerfile-utils lint -j`: validate() with default settings, diagnostics as JSON.
    const { validate } = require('dockerfile-utils');
    const all = [];
    for (const file of walk(dir)) {
      const content = readFileSync(file, 'utf8');
      attempt(file, () => all.push({ file, diagnostics: validate(content) }));
      files++;
    }
    out.push(JSON.stringify(all));
    break;
  }
  default:
    process.stderr.write(`unknown tool ${tool}\n`);
    process.exit(2);
}
process.stdout.write(out.join('\n') + '\n');
process.stderr.write(`peer: ${JSON.stringify({ tool, files, failed, error: firstError })}\n`);
