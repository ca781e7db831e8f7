#!/usr/bin/env node
// Re-lint latency of the language server, measured through its real path: a JSON-RPC client
// sends textDocument/didChange to `node bin/volint.js lsp` (debounce set to 0) and waits for the
// publishDiagnostics of that version. The time includes the protocol round trip, the incremental
// text update, the full lint (parse, model, RUN analysis, rules) and the diagnostics' conversion.
//
//   node bench/lsp-bench.mjs [--iterations N] [--memory-rounds R]
//
// --memory-rounds R also sends R bursts of 2,000 unawaited edits (the default 150 ms debounce),
// waits for each burst's final diagnostics, and prints the server's resident memory after each
// burst (Linux /proc), to show whether per-edit state accumulates.
//
// bench/bench.mjs imports benchLsp({ iterations }) → { medianMs, p95Ms }.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(REPO, 'bin', 'volint.js');
const TARGET_LINES = 300;
const WARMUP = 20;

/**
 * A realistic multi-stage Dockerfile of about 300 lines: the largest files of the hand-written
 * corpus (official-image style: long RUN chains, continuations, ENV/ARG, VOLUMEs) one after the
 * other, each starting a new stage. Deterministic: same corpus, same document.
 */
export function benchDocument() {
  const dir = join(REPO, 'fixtures', 'corpus');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('Dockerfile'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .sort((a, b) => b.split('\n').length - a.split('\n').length || (a < b ? -1 : 1));
  const parts = [];
  let lines = 0;
  for (const text of files) {
    if (lines >= TARGET_LINES) break;
    const body = text.endsWith('\n') ? text : `${text}\n`;
    parts.push(body);
    lines += body.split('\n').length - 1;
  }
  return parts.join('');
}

function ensureBuilt() {
  if (!existsSync(join(REPO, 'dist', 'volint.js'))) {
    execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
  }
}

function percentile(sorted, p) {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function round(ms) {
  return Math.round(ms * 100) / 100;
}

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

class Session {
  constructor(debounceMs) {
    this.child = spawn(process.execPath, [BIN, 'lsp'], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.waiting = new Map();
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      const done = this.waiting.get(params.version);
      if (done) {
        this.waiting.delete(params.version);
        done(params);
      }
    });
    this.connection.listen();
    this.debounceMs = debounceMs;
    this.uri = pathToFileURL(join(REPO, 'bench', 'lsp-bench.Dockerfile')).href;
    this.version = 1;
  }

  async start(text) {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(REPO).href,
      capabilities: {},
      initializationOptions: { debounceMs: this.debounceMs },
    });
    this.connection.sendNotification('initialized', {});
    const opened = this.published(1);
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: 'dockerfile', version: 1, text } });
    return opened;
  }

  published(version) {
    return new Promise((done) => this.waiting.set(version, done));
  }

  /** Types or deletes one character at the end of the document. */
  edit(lineCount, typed) {
    this.version += 1;
    const at = { line: lineCount, character: typed ? 0 : 1 };
    const change = typed
      ? { range: { start: at, end: at }, text: '#' }
      : { range: { start: { line: lineCount, character: 0 }, end: at }, text: '' };
    this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri, version: this.version }, contentChanges: [change] });
    return this.version;
  }

  async stop() {
    await this.connection.sendRequest('shutdown');
    const exited = new Promise((done) => this.child.on('exit', done));
    this.connection.sendNotification('exit');
    await exited;
    this.connection.dispose();
  }
}

/** Median and 95th percentile of the re-lint latency of a document (default: the ~300-line one), in ms. */
export async function benchLsp({ iterations = 200, text = benchDocument() } = {}) {
  ensureBuilt();
  const lineCount = text.split('\n').length - 1;
  const session = new Session(0);
  try {
    await session.start(text);
    const times = [];
    for (let i = 0; i < WARMUP + iterations; i++) {
      const started = process.hrtime.bigint();
      const version = session.edit(lineCount, i % 2 === 0);
      await session.published(version);
      if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    return { medianMs: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)) };
  } finally {
    await session.stop();
  }
}

/** Resident memory of the server after each burst of 2,000 rapid edits. */
async function memoryRounds(rounds) {
  const text = benchDocument();
  const lineCount = text.split('\n').length - 1;
  const session = new Session(150);
  const rss = [];
  try {
    await session.start(text);
    rss.push(rssMb(session.child.pid));
    for (let r = 0; r < rounds; r++) {
      let last = 0;
      for (let i = 0; i < 2000; i++) last = session.edit(lineCount, i % 2 === 0);
      await session.published(last);
      rss.push(rssMb(session.child.pid));
    }
  } finally {
    await session.stop();
  }
  return rss;
}

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`${name} expects a non-negative integer\n`);
    process.exit(2);
  }
  return value;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const iterations = option('--iterations', 200);
  const rounds = option('--memory-rounds', 0);
  const lines = benchDocument().split('\n').length - 1;
  const { medianMs, p95Ms } = await benchLsp({ iterations });
  console.log(`LSP re-lint of a ${lines}-line Dockerfile (didChange → publishDiagnostics, ${iterations} runs after ${WARMUP} warm-up): median ${medianMs} ms, p95 ${p95Ms} ms`);
  if (rounds > 0) {
    const rss = await memoryRounds(rounds);
    console.log(`Server RSS (MB) after open and after each burst of 2,000 edits: ${rss.join(', ')}`);
  }
}
