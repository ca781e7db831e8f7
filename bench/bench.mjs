#!/usr/bin/env node
// volint's benchmark against its peers: `npm run bench` (builds first), `npm run bench -- --quick`.
//
//   --files N      corpus size for the main comparison (default 5000; --quick: 200)
//   --rounds N     measured runs of each contestant (default 3; --quick: 1), alternating
//   --cold N       runs of each single-file cold start (default 20; --quick: 3)
//   --no-scaling   skip the 1k/5k/20k scaling run (--quick skips it)
//   --quick        small and fast, for CI: prints the table, writes bench/corpus/RESULTS-quick.md
//   --real DIR     also measure the Dockerfiles below DIR (other real files, read where they
//                  are, never copied; repeatable; VOLINT_BENCH_REAL=DIR[:DIR…] does the same)
//
// Two corpora: the real Dockerfiles of ../shared/corpus when that folder is there (found beside
// the project or one of its parent folders, or named by VOLINT_SHARED_CORPUS; never copied), and
// the generated one. Real files come first in the report.
//
// Every contestant is one child process over the same corpus directory; rounds alternate the
// contestants (in a rotating order) so that machine noise lands on all of them alike. A run
// counts only when the contestant processed every file: volint's JSON output must list each file
// without an error, and each peer must report every file done (bench/peer.mjs catches a file a
// peer throws on, counts it, and goes on; such a row is marked, its ratio is not a result). Wall
// time is measured here; CPU time (user + sys) and peak RSS by /usr/bin/time when present, else
// by a preload that reports process.resourceUsage() at exit. volint runs with its default threads
// and in one thread (VOLINT_WORKERS=0), as the peers do. NODE_EXTRA_CA_CERTS is removed from
// every measured process's environment: Node reads and parses those certificates at every start
// (a full CA bundle was ~5/6 of a bare `node -e ""` on the machine this was written on), which
// would hide what the contestants themselves cost, and users' machines mostly do not set it.
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/** Other folders of real Dockerfiles to measure where they are (--real DIR, VOLINT_BENCH_REAL). */
const OTHER_REAL = [
  ...argv.flatMap((a, i) => (a === '--real' && argv[i + 1] ? [resolve(argv[i + 1])] : [])),
  ...(process.env.VOLINT_BENCH_REAL ?? '').split(':').filter(Boolean).map((d) => resolve(d)),
];
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
  `import { appendFileSync } from 'node:fs'; process.on('exit', () => { try { const u = process.resourceUsage(); appendFileSync(${JSON.stringify(rssFile)}, [u.maxRSS, u.userCPUTime / 1e6, u.systemCPUTime / 1e6].join(' ') + '\\n'); } catch {} });`,
)}`;

/** The shared corpus of real Dockerfiles (its `files/` folder), or null. */
function sharedCorpus() {
  const named = process.env.VOLINT_SHARED_CORPUS;
  if (named) return existsSync(join(named, 'files')) ? resolve(named) : null;
  for (let dir = root; ; dir = dirname(dir)) {
    const candidate = join(dirname(dir), 'shared', 'corpus');
    if (existsSync(join(candidate, 'files'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

if (!existsSync(join(root, 'dist', 'volint.js'))) {
  process.stderr.write('bench: dist/volint.js is missing; run `npm run bench` (it builds first)\n');
  process.exit(2);
}

rmSync(snapshot, { recursive: true, force: true });
cpSync(join(root, 'dist'), join(snapshot, 'dist'), { recursive: true });
cpSync(join(root, 'bin'), join(snapshot, 'bin'), { recursive: true });
volintBin = join(snapshot, 'bin', 'volint.js');
process.env.VOLINT_COMPILE_CACHE = join(scratch, 'compile-cache');

/**
 * Runs a command once: wall milliseconds, CPU seconds (user + sys, children included), peak RSS
 * in MB, and standard error. With `stdout`, the command's output goes to that file (else nowhere).
 */
function measure(command, args, { env = {}, okCodes = [0, 1], stdout = null } = {}) {
  let cmd = command;
  let cmdArgs = args;
  const childEnv = { ...process.env, ...env };
  delete childEnv.NODE_EXTRA_CA_CERTS;
  if (TIME) {
    cmd = TIME;
    cmdArgs = ['-f', 'volint-bench %M %U %S', command, ...args];
  } else {
    rmSync(rssFile, { force: true });
    childEnv.NODE_OPTIONS = `${childEnv.NODE_OPTIONS ?? ''} --import=${PRELOAD}`.trim();
  }
  const out = stdout ? openSync(stdout, 'w') : 'ignore';
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, cmdArgs, { cwd: root, env: childEnv, stdio: ['ignore', out, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (stdout) closeSync(out);
  let stderr = result.stderr?.toString() ?? '';
  if (!okCodes.includes(result.status ?? -1)) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${stderr.slice(-2000)}`);
  }
  let rssKb = NaN;
  let cpu = NaN;
  if (TIME) {
    const lines = stderr.trimEnd().split('\n');
    const at = lines.findLastIndex((line) => line.startsWith('volint-bench '));
    if (at >= 0) {
      const [, kb, user, sys] = lines[at].split(' ');
      rssKb = Number(kb);
      cpu = Number(user) + Number(sys);
      lines.splice(at, 1);
      stderr = lines.join('\n');
    }
  } else if (existsSync(rssFile)) {
    const rows = readFileSync(rssFile, 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number));
    rssKb = Math.max(...rows.map((r) => r[0]));
    cpu = rows.reduce((sum, r) => sum + r[1] + r[2], 0);
  }
  return { ms, cpu, rssMb: rssKb / 1024, stderr, status: result.status };
}

/** How many of `expected` files volint's JSON output lists without an error. */
function volintProcessed(outputFile, expected) {
  try {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    const files = report.files ?? [];
    const failed = files.filter((f) => f.error);
    return { processed: files.length - failed.length, failed: failed.length + Math.max(0, expected - files.length), error: failed[0] ? `${failed[0].path}: ${failed[0].error}` : null };
  } catch (error) {
    return { processed: 0, failed: expected, error: `no JSON report (${error.message})` };
  }
}

/** What bench/peer.mjs reports on its last line of standard error. */
function peerProcessed(stderr, expected) {
  const line = stderr.trimEnd().split('\n').findLast((l) => l.startsWith('peer: '));
  if (!line) return { processed: 0, failed: expected, error: 'no report from bench/peer.mjs' };
  const { files, failed, error } = JSON.parse(line.slice('peer: '.length));
  return { processed: files - failed, failed: failed + Math.max(0, expected - files), error };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const log = (s) => process.stderr.write(`bench: ${s}\n`);

// ---------------------------------------------------------------- the corpora
/** The Dockerfiles below `dir`, as volint and bench/peer.mjs find them. */
function countDockerfiles(dir) {
  const DOCKERFILE = /^(Dockerfile|Containerfile)(\..*)?$|\.(Dockerfile|dockerfile|Containerfile|containerfile)$|^dockerfile$/;
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile() && DOCKERFILE.test(entry.name)) n++;
  return n;
}
const loadStart = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const shared = sharedCorpus();
const corpora = [];
if (shared) {
  const dir = join(shared, 'files');
  corpora.push({ label: `real Dockerfiles of ../shared/corpus (${dir}, README there)`, dir, files: countDockerfiles(dir), real: true });
} else {
  log('../shared/corpus is not there (or VOLINT_SHARED_CORPUS): generated files only');
}
for (const dir of OTHER_REAL) {
  if (!existsSync(dir)) {
    log(`--real ${dir}: not there, skipped`);
    continue;
  }
  corpora.push({ label: `other real Dockerfiles below ${dir} (read there, not part of the project)`, dir, files: countDockerfiles(dir), real: true });
}
{
  const dir = generateCorpus({ files: FILES, seed: 1 });
  corpora.push({ label: `generated Dockerfiles (\`node bench/corpus.mjs --files ${FILES}\`, seed 1)`, dir, files: FILES, real: false });
}

// ---------------------------------------------------------------- the main comparison
/** Every contestant over one corpus, in alternating rounds. */
function compareOn(corpus) {
  const cacheFile = join(scratch, `volintcache-${corpora.indexOf(corpus)}`);
  const output = join(scratch, 'volint-output.json');
  const volintCheck = (m) => volintProcessed(output, corpus.files);
  const peerCheck = (m) => peerProcessed(m.stderr, corpus.files);
  const contestants = [
    { name: 'volint', note: 'built CLI, `--format json`, default threads', cmd: [node, volintBin, corpus.dir, '--format', 'json'], stdout: output, check: volintCheck },
    { name: 'volint, one thread', note: '`VOLINT_WORKERS=0`', cmd: [node, volintBin, corpus.dir, '--format', 'json'], env: { VOLINT_WORKERS: '0' }, stdout: output, check: volintCheck },
    { name: 'volint --cache (unchanged tree)', note: 'second run over the same tree', cmd: [node, volintBin, corpus.dir, '--format', 'json', '--cache', '--cache-location', cacheFile], stdout: output, check: volintCheck },
    { name: 'dockerfilelint', note: 'run() + JSON reporter per file, one process', cmd: [node, peer, 'dockerfilelint', corpus.dir], check: peerCheck },
    { name: 'dockerfile-utils', note: 'validate() per file, one process', cmd: [node, peer, 'dockerfile-utils', corpus.dir], check: peerCheck },
    { name: 'floor: read files', note: 'walk + readFileSync', cmd: [node, peer, 'read', corpus.dir], check: peerCheck },
    { name: 'dockerfile-ast parse (reference, not a floor)', note: 'DockerfileParser.parse per file, unpatched', cmd: [node, peer, 'parse', corpus.dir], check: peerCheck },
  ];
  log(`corpus: ${corpus.files} files in ${corpus.dir}`);
  // The --cache row measures the second run: fill the cache once first.
  const firstCached = measure(contestants[2].cmd[0], contestants[2].cmd.slice(1), { stdout: output });
  log(`volint --cache first run: ${fmt(firstCached.ms)} ms`);
  const samples = new Map(contestants.map((c) => [c.name, []]));
  const checks = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < contestants.length; i++) {
      const c = contestants[(i + round) % contestants.length];
      const m = measure(c.cmd[0], c.cmd.slice(1), { env: c.env ?? {}, stdout: c.stdout ?? null });
      const check = c.check(m);
      // The worst run counts: a contestant that failed a file in any round did not process the corpus.
      if (!checks.has(c.name) || check.processed < checks.get(c.name).processed) checks.set(c.name, check);
      samples.get(c.name).push(m);
      log(`round ${round + 1}/${ROUNDS} ${c.name}: ${fmt(m.ms)} ms, ${fmt(m.cpu, 2)} s CPU, ${fmt(m.rssMb)} MB, ${check.processed}/${corpus.files} files${check.error ? ` (${check.error})` : ''}`);
    }
  }
  const rows = contestants.map((c) => {
    const s = samples.get(c.name);
    const ms = median(s.map((x) => x.ms));
    return {
      ...c,
      ms,
      cpu: median(s.map((x) => x.cpu)),
      min: Math.min(...s.map((x) => x.ms)),
      max: Math.max(...s.map((x) => x.ms)),
      filesPerSecond: (corpus.files / ms) * 1000,
      rssMb: Math.max(...s.map((x) => x.rssMb)),
      check: checks.get(c.name),
    };
  });
  return { corpus, rows, firstCached };
}
const comparisons = corpora.map(compareOn);

// ---------------------------------------------------------------- cold start
/** The file of `repo`'s `path` in the shared corpus (manifest.tsv), or null. */
function sharedFile(repo, path) {
  if (!shared || !existsSync(join(shared, 'manifest.tsv'))) return null;
  for (const line of readFileSync(join(shared, 'manifest.tsv'), 'utf8').split('\n')) {
    const [name, r, p] = line.split('\t');
    if (r === repo && p === path && existsSync(join(shared, 'files', name))) return join(shared, 'files', name);
  }
  return null;
}
const postgres = sharedFile('docker-library/postgres', '17/bookworm/Dockerfile');
const one = join(root, 'fixtures', 'corpus', 'django-app.Dockerfile');
const oneVolume = join(root, 'fixtures', 'corpus', 'mariadb-server.Dockerfile');
const anyCode = Array.from({ length: 256 }, (_, i) => i);
const cold = [
  { name: 'bare `node -e ""`', cmd: [node, '-e', ''] },
  ...(postgres
    ? [
        { name: 'volint, postgres 17 (docker-library, bookworm; VOLUME, long RUN scripts), stylish: a run after an earlier one (code cache and kept RUN analysis)', cmd: [node, volintBin, postgres] },
        { name: 'volint, postgres 17, first run (`VOLINT_COMPILE_CACHE=0`: no code cache, no kept RUN analysis)', cmd: [node, volintBin, postgres], env: { VOLINT_COMPILE_CACHE: '0' } },
        { name: 'dockerfilelint CLI, postgres 17', cmd: [node, join(root, 'node_modules', 'dockerfilelint', 'bin', 'dockerfilelint'), postgres], ok: anyCode },
      ]
    : []),
  { name: 'volint, fixtures/corpus/django-app.Dockerfile (no VOLUME), stylish', cmd: [node, volintBin, one] },
  { name: 'volint, fixtures/corpus/mariadb-server.Dockerfile (VOLUME), stylish', cmd: [node, volintBin, oneVolume] },
  { name: 'volint, django-app without the code cache (a first run)', cmd: [node, volintBin, one], env: { VOLINT_COMPILE_CACHE: '0' } },
  { name: 'dockerfilelint CLI, django-app', cmd: [node, join(root, 'node_modules', 'dockerfilelint', 'bin', 'dockerfilelint'), one], ok: anyCode },
  { name: 'dockerfile-utils CLI, django-app', cmd: [node, join(root, 'node_modules', 'dockerfile-utils', 'bin', 'dockerfile-utils'), 'lint', one], ok: anyCode },
];
const coldSamples = new Map(cold.map((c) => [c.name, []]));
// One run of each file first, as a user's first run after installing: it writes the code cache
// and keeps the RUN analysis of the files with a VOLUME (src/model/shell/effects-store.ts).
for (const file of [one, oneVolume, ...(postgres ? [postgres] : [])]) measure(node, [volintBin, file]);
for (let run = 0; run < COLD; run++) {
  for (const c of cold) {
    // dockerfilelint exits with the number of issues: any exit code is fine here.
    const m = measure(c.cmd[0], c.cmd.slice(1), { env: c.env ?? {}, okCodes: c.ok ?? [0, 1] });
    coldSamples.get(c.name).push(m);
  }
}
const coldRows = cold.map((c) => {
  const s = coldSamples.get(c.name);
  return { name: c.name, ms: median(s.map((x) => x.ms)), cpu: median(s.map((x) => x.cpu)), min: Math.min(...s.map((x) => x.ms)), max: Math.max(...s.map((x) => x.ms)) };
});
const bare = coldRows[0];

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
const lsp = [];
let lspNote = '';
const lspModule = join(here, 'lsp-bench.mjs');
if (existsSync(lspModule)) {
  try {
    const { benchLsp } = await import(pathToFileURL(lspModule).href);
    const iterations = quick ? 20 : 200;
    if (postgres) lsp.push({ name: 'postgres 17 (docker-library, bookworm)', ...(await benchLsp({ iterations, text: readFileSync(postgres, 'utf8') })) });
    lsp.push({ name: 'a 300-line document made of the fixtures/corpus files', ...(await benchLsp({ iterations })) });
  } catch (err) {
    lspNote = `bench/lsp-bench.mjs failed: ${err.message}`;
  }
} else lspNote = 'bench/lsp-bench.mjs is not there yet: no LSP number.';

// ---------------------------------------------------------------- report
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const nproc = spawnSync('nproc').stdout?.toString().trim() || String(cpus().length);
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const lines = [];
lines.push(`# volint benchmark${quick ? ' (quick mode: small generated corpus, one round; not for comparison)' : ''}`);
lines.push('');
lines.push(`${new Date().toISOString().slice(0, 10)} · ${nproc} cores (\`nproc\`) · ${cpu} · node ${process.version} · load average at the start ${loadStart}, at the end ${load}`);
lines.push(
  `Machine noise: bare \`node -e ""\` took ${fmt(bare.min)}–${fmt(bare.max)} ms (median ${fmt(bare.ms)} ms, ${fmt(bare.cpu * 1000)} ms of CPU) over the cold-start runs; where wall times spread widely, compare the CPU column, which other processes on the machine change far less.`,
);
if (process.env.NODE_EXTRA_CA_CERTS) lines.push('NODE_EXTRA_CA_CERTS is set on this machine: it was removed from the measured processes\' environment (with it, every Node process parses those certificates at start, which here made a bare `node -e ""` several times slower).');
lines.push(`${ROUNDS} alternating round(s) per contestant; CPU time (user + sys, all threads) and peak RSS by ${TIME ? '/usr/bin/time' : 'process.resourceUsage()'}. A row counts only when its contestant processed every file.`);
for (const { corpus, rows, firstCached } of comparisons) {
  const volintRow = rows[0];
  const single = rows[1];
  lines.push('');
  lines.push(`## ${corpus.real ? 'Real' : 'Generated'} files: ${corpus.files} ${corpus.label}`);
  lines.push('');
  lines.push('| contestant | median wall | spread (min–max) | median CPU | files/s | peak RSS | files processed | volint speed ÷ this (wall) | volint one thread ÷ this (wall) | volint speed ÷ this (CPU) |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const complete = r.check.processed === corpus.files;
    const processed = complete ? `${r.check.processed}` : `**${r.check.processed} of ${corpus.files}** (${r.check.failed} failed)`;
    const ratio = (x) => (complete ? `${fmt(x.filesPerSecond / r.filesPerSecond, 2)}×` : 'not a result');
    // Files per CPU second of volint against this contestant's: the figure other processes on the machine change least.
    const cpuRatio = complete ? `${fmt(r.cpu / volintRow.cpu, 2)}×` : 'not a result';
    lines.push(`| ${r.name} | ${fmt(r.ms)} ms | ${fmt(r.min)}–${fmt(r.max)} ms | ${fmt(r.cpu, 2)} s | ${fmt(r.filesPerSecond)} | ${fmt(r.rssMb)} MB | ${processed} | ${ratio(volintRow)} | ${ratio(single)} | ${cpuRatio} |`);
  }
  const dfl = rows.find((r) => r.name === 'dockerfilelint');
  if (dfl) {
    const perFile = (r) => r.cpu / r.check.processed;
    lines.push('');
    lines.push(
      `Against dockerfilelint by CPU per file processed (it ${dfl.check.processed === corpus.files ? 'processed every file' : `processed ${dfl.check.processed} of ${corpus.files}`}): volint ${fmt((perFile(dfl) / perFile(volintRow)), 2)}× its throughput (${fmt(volintRow.cpu, 2)} s for ${volintRow.check.processed} files against ${fmt(dfl.cpu, 2)} s for ${dfl.check.processed}; the target of issue 17 is 1.5×).`,
    );
  }
  for (const r of rows) if (r.check.processed !== corpus.files) lines.push(`\n${r.name} did not process every file: ${r.check.failed} failed (first: ${r.check.error}). bench/peer.mjs catches each throw and goes on; the tool's own CLI stops at the first one and exits 1.`);
  lines.push('');
  lines.push(`volint --cache: first run ${fmt(firstCached.ms)} ms, second run over the unchanged tree ${fmt(rows[2].ms)} ms (${fmt(firstCached.ms / rows[2].ms, 1)}× faster).`);
}
lines.push('');
lines.push(`## Cold start (median of ${COLD} alternating runs)`);
lines.push('');
lines.push('| command | median wall | spread | median CPU | wall ÷ bare node | CPU ÷ bare node |');
lines.push('|---|---:|---:|---:|---:|---:|');
for (const r of coldRows) lines.push(`| ${r.name} | ${fmt(r.ms)} ms | ${fmt(r.min)}–${fmt(r.max)} ms | ${fmt(r.cpu * 1000)} ms | ${fmt(r.ms / bare.ms, 2)}× | ${fmt(r.cpu / bare.cpu, 2)}× |`);
if (scaling.length > 0) {
  lines.push('');
  lines.push('## Scaling, generated files (one run each)');
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
if (lsp.length === 0) lines.push(lspNote);
for (const l of lsp) lines.push(`Re-lint of ${l.name} (didChange → publishDiagnostics): median ${fmt(l.medianMs, 2)} ms, p95 ${fmt(l.p95Ms, 2)} ms.`);
lines.push('');
lines.push('Reproduce: `npm ci && npm run bench` (`npm run bench -- --quick` for the small CI run).');
const markdown = lines.join('\n') + '\n';
const out = quick ? join(here, 'corpus', 'RESULTS-quick.md') : join(here, 'RESULTS.md');
writeFileSync(out, markdown);
rmSync(scratch, { recursive: true, force: true });
process.stdout.write(markdown);
log(`written to ${out}`);
