#!/usr/bin/env node
// volint's benchmark against its peers: `npm run bench` (builds first), `npm run bench -- --quick`.
//
//   --files N      corpus size for the main comparison (default 5000; --quick: 200)
//   --rounds N     measured runs of each contestant (default 3; --quick: 1), alternating
//   --cold N       runs of each single-file cold start (default 20; --quick: 3)
//   --no-scaling   skip the 1k/5k/20k scaling run (--quick skips it)
//   --quick        small and fast, for CI: prints the table, writes bench/corpus/RESULTS-quick.md
//
// Every contestant is one child process over the same corpus directory, its output sent to
// /dev/null; rounds alternate the contestants (in a rotating order) so that machine noise lands on
// all of them alike. Wall time is measured here; peak RSS by /usr/bin/time -v when present, else
// by a preload that reports process.resourceUsage().maxRSS at exit.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateCorpus } from './corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const FILES = option('--files', quick ? 200 : 5000);
const ROUNDS = option('--rounds', quick ? 1 : 3);
const COLD = option('--cold', quick ? 3 : 20);
const SCALING = !quick && !argv.includes('--no-scaling');
const node = process.execPath;
// The built CLI (bin/ and dist/) is copied to a private place first, so that a rebuild of dist/
// during the run (by another terminal) cannot break or change it; packages resolve from the
// repository's node_modules above it. Its V8 code cache goes to a private directory too: the
// first volint run over a few files writes it, as a user's first run would.
const snapshot = join(here, 'corpus', 'volint-snapshot');
let volintBin = join(root, 'bin', 'volint.js');
const peer = join(here, 'peer.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const scratch = mkdtempSync(join(tmpdir(), 'volint-bench-'));
const rssFile = join(scratch, 'rss');
const PRELOAD = `data:text/javascript,${encodeURIComponent(
  `import { appendFileSync } from 'node:fs'; process.on('exit', () => { try { appendFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS) + '\\n'); } catch {} });`,
)}`;

if (!existsSync(join(root, 'dist', 'volint.js'))) {
  process.stderr.write('bench: dist/volint.js is missing; run `npm run bench` (it builds first)\n');
  process.exit(2);
}

rmSync(snapshot, { recursive: true, force: true });
cpSync(join(root, 'dist'), join(snapshot, 'dist'), { recursive: true });
cpSync(join(root, 'bin'), join(snapshot, 'bin'), { recursive: true });
volintBin = join(snapshot, 'bin', 'volint.js');
process.env.VOLINT_COMPILE_CACHE = join(scratch, 'compile-cache');

/** Runs a command once: wall milliseconds and peak RSS in MB. */
function measure(command, args, { env = {}, okCodes = [0, 1] } = {}) {
  let cmd = command;
  let cmdArgs = args;
  const childEnv = { ...process.env, ...env };
  if (TIME) {
    cmd = TIME;
    cmdArgs = ['-f', '%M', command, ...args];
  } else {
    rmSync(rssFile, { force: true });
    childEnv.NODE_OPTIONS = `${childEnv.NODE_OPTIONS ?? ''} --import=${PRELOAD}`.trim();
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, cmdArgs, { cwd: root, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const stderr = result.stderr?.toString() ?? '';
  if (!okCodes.includes(result.status ?? -1)) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${stderr.slice(-2000)}`);
  }
  let rssKb = NaN;
  if (TIME) rssKb = Number(stderr.trim().split('\n').pop());
  else if (existsSync(rssFile)) rssKb = Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number));
  return { ms, rssMb: rssKb / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const log = (s) => process.stderr.write(`bench: ${s}\n`);

// ---------------------------------------------------------------- the main comparison
const corpus = generateCorpus({ files: FILES, seed: 1 });
const cacheFile = join(scratch, 'volintcache');
const contestants = [
  { name: 'volint', note: 'built CLI, `--format json`', cmd: [node, volintBin, corpus, '--format', 'json'] },
  { name: 'volint --cache (unchanged tree)', note: 'second run over the same tree', cmd: [node, volintBin, corpus, '--format', 'json', '--cache', '--cache-location', cacheFile], warm: true },
  { name: 'dockerfilelint', note: 'run() + JSON reporter per file, one process', cmd: [node, peer, 'dockerfilelint', corpus] },
  { name: 'dockerfile-utils', note: 'validate() per file, one process', cmd: [node, peer, 'dockerfile-utils', corpus] },
  { name: 'floor: read files', note: 'walk + readFileSync', cmd: [node, peer, 'read', corpus] },
  { name: 'floor: dockerfile-ast parse', note: 'DockerfileParser.parse per file, unpatched', cmd: [node, peer, 'parse', corpus] },
];
// The --cache row measures the second run: fill the cache once first.
log(`corpus: ${FILES} files in ${corpus}`);
const firstCached = measure(contestants[1].cmd[0], contestants[1].cmd.slice(1));
log(`volint --cache first run: ${fmt(firstCached.ms)} ms`);
const samples = new Map(contestants.map((c) => [c.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < contestants.length; i++) {
    const c = contestants[(i + round) % contestants.length];
    const m = measure(c.cmd[0], c.cmd.slice(1));
    samples.get(c.name).push(m);
    log(`round ${round + 1}/${ROUNDS} ${c.name}: ${fmt(m.ms)} ms, ${fmt(m.rssMb)} MB`);
  }
}
const rows = contestants.map((c) => {
  const s = samples.get(c.name);
  const ms = median(s.map((x) => x.ms));
  return {
    ...c,
    ms,
    min: Math.min(...s.map((x) => x.ms)),
    max: Math.max(...s.map((x) => x.ms)),
    filesPerSecond: (FILES / ms) * 1000,
    rssMb: Math.max(...s.map((x) => x.rssMb)),
  };
});
const volintRow = rows[0];

// ---------------------------------------------------------------- cold start
const one = join(root, 'fixtures', 'corpus', 'django-app.Dockerfile');
const oneVolume = join(root, 'fixtures', 'corpus', 'mariadb-server.Dockerfile');
const cold = [
  { name: 'bare `node -e ""`', cmd: [node, '-e', ''] },
  { name: 'volint, one Dockerfile (no VOLUME), stylish', cmd: [node, volintBin, one] },
  { name: 'volint, one Dockerfile with VOLUME (loads the shell parser), stylish', cmd: [node, volintBin, oneVolume] },
  { name: 'volint, one Dockerfile (no VOLUME), without the code cache (a first run)', cmd: [node, volintBin, one], env: { VOLINT_COMPILE_CACHE: '0' } },
  { name: 'dockerfilelint CLI, one Dockerfile', cmd: [node, join(root, 'node_modules', 'dockerfilelint', 'bin', 'dockerfilelint'), one], ok: null },
  { name: 'dockerfile-utils CLI, one Dockerfile', cmd: [node, join(root, 'node_modules', 'dockerfile-utils', 'bin', 'dockerfile-utils'), 'lint', one], ok: null },
];
const coldSamples = new Map(cold.map((c) => [c.name, []]));
// One run first, as a user's first run after installing: it writes the code cache.
measure(node, [volintBin, one]);
for (let run = 0; run < COLD; run++) {
  for (const c of cold) {
    // dockerfilelint exits with the number of issues: any exit code is fine here.
    const m = measure(c.cmd[0], c.cmd.slice(1), { env: c.env ?? {}, okCodes: c.ok === null ? Array.from({ length: 256 }, (_, i) => i) : [0, 1] });
    coldSamples.get(c.name).push(m.ms);
  }
}
const coldRows = cold.map((c) => ({ name: c.name, ms: median(coldSamples.get(c.name)), min: Math.min(...coldSamples.get(c.name)), max: Math.max(...coldSamples.get(c.name)) }));
const bare = coldRows[0].ms;

// ---------------------------------------------------------------- scaling
const scaling = [];
if (SCALING) {
  for (const n of [1000, 5000, 20000]) {
    const dir = generateCorpus({ files: n, seed: 1 });
    const v = measure(node, [volintBin, dir, '--format', 'json']);
    const d = measure(node, [peer, 'dockerfilelint', dir]);
    scaling.push({ n, volint: v, dockerfilelint: d });
    log(`scaling ${n}: volint ${fmt(v.ms)} ms ${fmt(v.rssMb)} MB; dockerfilelint ${fmt(d.ms)} ms`);
  }
}

// ---------------------------------------------------------------- language server
let lsp = null;
let lspNote = '';
const lspModule = join(here, 'lsp-bench.mjs');
if (existsSync(lspModule)) {
  try {
    const { benchLsp } = await import(pathToFileURL(lspModule).href);
    lsp = await benchLsp({ iterations: quick ? 20 : 200 });
  } catch (err) {
    lspNote = `bench/lsp-bench.mjs failed: ${err.message}`;
  }
} else lspNote = 'bench/lsp-bench.mjs is not there yet: no LSP number.';

// ---------------------------------------------------------------- report
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const nproc = spawnSync('nproc').stdout?.toString().trim() || String(cpus().length);
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const lines = [];
lines.push(`# volint benchmark${quick ? ' (quick mode: small corpus, one round; not for comparison)' : ''}`);
lines.push('');
lines.push(`${new Date().toISOString().slice(0, 10)} · ${nproc} cores (\`nproc\`) · ${cpu} · node ${process.version} · load average at the end ${load}`);
lines.push(`Corpus: ${FILES} generated Dockerfiles (\`node bench/corpus.mjs --files ${FILES}\`, seed 1). ${ROUNDS} alternating round(s) per contestant; peak RSS by ${TIME ? '/usr/bin/time' : 'process.resourceUsage()'}.`);
lines.push('');
lines.push('| contestant | median wall | spread (min–max) | files/s | peak RSS | volint speed ÷ this |');
lines.push('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  lines.push(`| ${r.name} | ${fmt(r.ms)} ms | ${fmt(r.min)}–${fmt(r.max)} ms | ${fmt(r.filesPerSecond)} | ${fmt(r.rssMb)} MB | ${fmt(volintRow.filesPerSecond / r.filesPerSecond, 2)}× |`);
}
lines.push('');
lines.push(`volint --cache: first run ${fmt(firstCached.ms)} ms, second run over the unchanged tree ${fmt(rows[1].ms)} ms (${fmt(firstCached.ms / rows[1].ms, 1)}× faster).`);
lines.push('');
lines.push(`## Cold start (median of ${COLD} alternating runs)`);
lines.push('');
lines.push('| command | median | spread | ÷ bare node |');
lines.push('|---|---:|---:|---:|');
for (const r of coldRows) lines.push(`| ${r.name} | ${fmt(r.ms)} ms | ${fmt(r.min)}–${fmt(r.max)} ms | ${fmt(r.ms / bare, 2)}× |`);
if (scaling.length > 0) {
  lines.push('');
  lines.push('## Scaling (one run each)');
  lines.push('');
  lines.push('| files | volint | volint files/s | volint peak RSS | dockerfilelint | dockerfilelint files/s | volint speed ÷ dockerfilelint |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of scaling) {
    lines.push(`| ${s.n} | ${fmt(s.volint.ms)} ms | ${fmt((s.n / s.volint.ms) * 1000)} | ${fmt(s.volint.rssMb)} MB | ${fmt(s.dockerfilelint.ms)} ms | ${fmt((s.n / s.dockerfilelint.ms) * 1000)} | ${fmt(s.dockerfilelint.ms / s.volint.ms, 2)}× |`);
  }
}
lines.push('');
lines.push('## Language server');
lines.push('');
lines.push(lsp ? `Re-lint of a 300-line document: median ${fmt(lsp.medianMs, 2)} ms, p95 ${fmt(lsp.p95Ms, 2)} ms.` : lspNote);
lines.push('');
lines.push('Reproduce: `npm ci && npm run bench` (`npm run bench -- --quick` for the small CI run).');
const markdown = lines.join('\n') + '\n';
const out = quick ? join(here, 'corpus', 'RESULTS-quick.md') : join(here, 'RESULTS.md');
writeFileSync(out, markdown);
rmSync(scratch, { recursive: true, force: true });
process.stdout.write(markdown);
log(`written to ${out}`);
