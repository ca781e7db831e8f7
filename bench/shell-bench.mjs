#!/usr/bin/env node
// The RUN analysis on its own: cold load and per-script time over the RUN scripts of a corpus.
//
//   npx tsc -p tsconfig.json            (the bench imports build/src/…)
//   node bench/shell-bench.mjs [--corpus DIR] [--rounds N] [--load N] [--dump FILE]
//
// --corpus  a directory of Dockerfiles (default bench/corpus/n5000-s1 plus fixtures/)
// --rounds  timed passes over all scripts after one warm-up pass (default 5; 0 skips)
// --load    cold loads to time, each in a fresh `node` process (default 5; 0 skips)
// --build   the tsc output to measure (default build/), to compare two versions side by side
// --dump    writes every script's effects as JSON lines, to compare two versions of the analysis
//
// The scripts are what the model hands to the analysis: the text of a shell-form RUN, each heredoc
// body, and exec-form argv. Every script is analysed, not only those in stages with volumes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : process.argv[at + 1];
}

const build = resolve(option('--build', join(root, 'build')), 'src');

// A child process for one cold load: prints the phases as JSON.
if (process.argv.includes('--cold-child')) {
  const t0 = performance.now();
  const module = await import(pathToFileURL(join(build, 'model/shell/index.js')).href);
  const t1 = performance.now();
  const analyzer = await module.loadShellAnalyzer();
  const t2 = performance.now();
  analyzer.analyzeScript('mkdir -p /data && echo hi > /data/x', { cwd: '/', lookup: () => undefined });
  const t3 = performance.now();
  process.stdout.write(JSON.stringify({ import: t1 - t0, load: t2 - t1, first: t3 - t2, total: t3 - t0 }));
  process.exit(0);
}

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...files(path));
    else if (/Dockerfile|Containerfile/i.test(name)) out.push(path);
  }
  return out.sort();
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const loads = Number(option('--load', '5'));
if (loads > 0) {
  const runs = [];
  for (let i = 0; i < loads; i++) {
    const started = performance.now();
    const phases = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--cold-child', '--build', resolve(build, '..')], { encoding: 'utf8' }));
    // The whole process, exit included: Node waits at exit for V8's background compiles.
    runs.push({ ...phases, process: performance.now() - started });
  }
  const phase = (key) => median(runs.map((r) => r[key])).toFixed(1);
  console.log(`cold load (median of ${loads} fresh processes): import ${phase('import')} ms, loadShellAnalyzer ${phase('load')} ms, first script ${phase('first')} ms, total ${phase('total')} ms; whole process ${phase('process')} ms`);
}

const rounds = Number(option('--rounds', '5'));
const dump = option('--dump', undefined);
if (rounds > 0 || dump) {
  const { parseDockerfile } = await import(pathToFileURL(join(build, 'parse/parse.js')).href);
  const { parseListArgs } = await import(pathToFileURL(join(build, 'parse/list-args.js')).href);
  const corpus = option('--corpus', undefined);
  const dirs = corpus ? [resolve(corpus)] : [join(root, 'bench/corpus/n5000-s1'), join(root, 'fixtures')];
  const scripts = [];
  for (const file of dirs.flatMap(files)) {
    const parsed = parseDockerfile(readFileSync(file, 'utf8'));
    for (const instruction of parsed.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      for (const heredoc of instruction.heredocs) scripts.push({ script: heredoc.content });
      if (!instruction.args) continue;
      const list = parseListArgs(instruction.args.text);
      if (list.form === 'json') scripts.push({ argv: list.items.map((i) => i.raw) });
      else scripts.push({ script: instruction.args.text });
    }
  }
  const chars = scripts.reduce((n, s) => n + (s.script ?? s.argv.join(' ')).length, 0);
  console.log(`${scripts.length} scripts (${(chars / 1024).toFixed(0)} KiB) from ${dirs.join(', ')}`);

  const { loadShellAnalyzer } = await import(pathToFileURL(join(build, 'model/shell/index.js')).href);
  const analyzer = await loadShellAnalyzer();
  const context = { cwd: '/app', lookup: (name) => (name === 'APP_HOME' ? '/srv/app' : undefined), home: '/root' };
  const run = (s) => (s.script !== undefined ? analyzer.analyzeScript(s.script, context) : analyzer.analyzeArgv(s.argv, context));

  if (dump) {
    writeFileSync(dump, scripts.map((s) => JSON.stringify(run(s))).join('\n') + '\n');
    console.log(`effects written to ${dump}`);
  }
  if (rounds > 0) {
    for (const s of scripts) run(s); // warm-up
    // Wall time and CPU time (user + system) of this process: on a shared machine CPU time is the
    // steadier of the two.
    const times = [];
    const cpuTimes = [];
    for (let round = 0; round < rounds; round++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (const s of scripts) run(s);
      const cpu = process.cpuUsage(c0);
      times.push(performance.now() - t0);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    const perScript = (ms) => `${((ms * 1000) / scripts.length).toFixed(1)} µs per script`;
    console.log(`analysis wall: median ${median(times).toFixed(0)} ms per pass (${times.map((t) => t.toFixed(0)).join(', ')}), ${perScript(median(times))}`);
    console.log(`analysis cpu:  median ${median(cpuTimes).toFixed(0)} ms per pass (${cpuTimes.map((t) => t.toFixed(0)).join(', ')}), ${perScript(median(cpuTimes))}`);
    const memory = process.memoryUsage();
    console.log(`memory after: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, arrayBuffers ${(memory.arrayBuffers / 2 ** 20).toFixed(0)} MiB`);
  }
}
