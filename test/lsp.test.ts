/**
 * The language server end to end: a real JSON-RPC client over stdio talking to the built CLI
 * (`node bin/volint.js lsp`) as an editor would.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  Diagnostic,
  Hover,
  MarkupContent,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'volint.js');
/** Upper bound for a reply or notification to arrive; a hang fails the test instead of stalling it. */
const WAIT_MS = 15_000;

/** A Dockerfile with two findings: VOL003 (safe fix, WORKDIR is /) and VOL008 on an indented line. */
const DOCKERFILE = [
  '# syntax=docker/dockerfile:1',
  'FROM alpine:3.20',
  'WORKDIR /',
  'VOLUME data',
  'RUN echo hi',
  '  VOLUME /etc',
  '',
].join('\n');

interface Received {
  params: PublishDiagnosticsParams;
  index: number;
}

class Client {
  readonly connection: MessageConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private waiters: Array<{ test: (p: PublishDiagnosticsParams, index: number) => boolean; resolve: (r: Received) => void; from: number }> = [];

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.exited = new Promise((done) => child.on('exit', (code) => done(code)));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const index = this.published.push(params) - 1;
      this.waiters = this.waiters.filter((w) => {
        if (index >= w.from && w.test(params, index)) {
          w.resolve({ params, index });
          return false;
        }
        return true;
      });
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    // Dynamic registration requests (file watchers) get an empty success, as editors answer.
    this.connection.onRequest('client/registerCapability', (): void => undefined);
    this.connection.listen();
  }

  static async start(root: string, initializationOptions: object = {}): Promise<Client> {
    const child = spawn(process.execPath, [BIN, 'lsp'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new Client(child);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
      capabilities: { workspace: { workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true } } },
      initializationOptions,
    });
    client.connection.sendNotification('initialized', {});
    return client;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.alive(within(this.connection.sendRequest<R>(method, params), `${method} reply`));
  }

  /** Fails as soon as the server exits, with what it printed on stderr. */
  private alive<T>(promise: Promise<T>): Promise<T> {
    const died = this.exited.then((code) => {
      throw new Error(`the server exited with ${code}; stderr:\n${this.stderr}`);
    });
    died.catch(() => undefined);
    return Promise.race([promise, died]);
  }

  notify(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  /** The first publication, at index `from` or later, that passes `test`. */
  diagnostics(test: (p: PublishDiagnosticsParams) => boolean, from = 0): Promise<Received> {
    for (let i = from; i < this.published.length; i++) {
      const p = this.published[i]!;
      if (test(p)) return Promise.resolve({ params: p, index: i });
    }
    return this.alive(within(new Promise<Received>((done) => this.waiters.push({ test, resolve: done, from })), 'publishDiagnostics'));
  }

  async open(uri: string, text: string, version = 1, languageId = 'dockerfile'): Promise<Received> {
    const from = this.published.length;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return this.diagnostics((p) => p.uri === uri && p.version === version, from);
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<Received> {
    const from = this.published.length;
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return this.diagnostics((p) => p.uri === uri && p.version === version, from);
  }

  async stop(): Promise<number | null> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    const code = await within(this.exited, 'server exit');
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** volint sends plain-text messages (LSP 3.18 also allows MarkupContent). */
function messageOf(diagnostic: Diagnostic): string {
  assert.equal(typeof diagnostic.message, 'string');
  return diagnostic.message as string;
}

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  const contents = hover.contents;
  assert.ok(typeof contents === 'object' && !Array.isArray(contents) && 'kind' in contents, 'MarkupContent');
  const markup = contents as MarkupContent;
  assert.equal(markup.kind, 'markdown');
  return markup.value;
}

async function hoverAt(client: Client, uri: string, line: number, character: number): Promise<string> {
  return markdownOf(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } }));
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function summary(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

/** The edits a WorkspaceEdit makes to one document (documentChanges, as this client announces). */
function editsFor(edit: WorkspaceEdit | undefined, uri: string, version: number): TextEdit[] {
  assert.ok(edit?.documentChanges, 'the edit uses documentChanges');
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges) {
    assert.ok('textDocument' in change, 'a text document edit');
    assert.equal(change.textDocument.uri, uri);
    assert.equal(change.textDocument.version, version, 'the edit names the version it was computed for');
    edits.push(...(change.edits as TextEdit[]));
  }
  return edits;
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'dockerfile', 0, text), edits);
}

/** The same edits as incremental didChange events (applied last-first so ranges stay valid). */
function asChanges(edits: TextEdit[]): TextDocumentContentChangeEvent[] {
  return [...edits]
    .sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)
    .map((e) => ({ range: e.range, text: e.newText }));
}

function codeActions(client: Client, uri: string, line: number, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: diagnostics.filter((d) => d.range.start.line === line) },
  });
}

describe('language server (volint lsp over stdio)', function () {
  this.timeout(60_000);
  let workspace: string;
  let client: Client | undefined;

  before(function () {
    this.timeout(120_000);
    if (!existsSync(join(REPO, 'dist', 'volint.js'))) execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
  });

  beforeEach(() => {
    workspace = realpathSync(mkdtempSync(join(tmpdir(), 'volint-lsp-')));
    // A repository root: the config lookup stops here instead of climbing into /tmp.
    mkdirSync(join(workspace, '.git'));
  });

  afterEach(() => {
    client?.kill();
    client = undefined;
    rmSync(workspace, { recursive: true, force: true });
  });

  it('publishes diagnostics on open with exact ranges, severities, codes and docs links', async () => {
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'Dockerfile')).href;
    const { params } = await client.open(uri, DOCKERFILE);
    assert.deepEqual(summary(params.diagnostics), ['VOL003@3:7-3:11', 'VOL008@5:9-5:13']);
    const [relative, system] = params.diagnostics as [Diagnostic, Diagnostic];
    assert.equal(relative.severity, 2, 'warning');
    assert.equal(system.severity, 1, 'error');
    for (const d of params.diagnostics) assert.equal(d.source, 'volint');
    assert.equal(relative.codeDescription?.href, 'https://github.com/volint/volint/blob/main/docs/rules/volume-relative-path.md');
    assert.equal(system.codeDescription?.href, 'https://github.com/volint/volint/blob/main/docs/rules/volume-system-target.md');
    assert.match(messageOf(relative), /^Relative VOLUME path `data` is mounted at \/data/);
    assert.match(messageOf(relative), /\n\nThe engine mounts relative volume paths under \//, 'the explanation follows the message');
    assert.equal(relative.tags, undefined);
  });

  it('applies a preferred safe fix and re-publishes for the changed version', async () => {
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'Dockerfile')).href;
    const opened = await client.open(uri, DOCKERFILE);
    const actions = await codeActions(client, uri, 3, opened.params.diagnostics);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['VOL003']);
    const edits = editsFor(fix.edit, uri, 1);
    const fixed = apply(DOCKERFILE, edits);
    assert.equal(fixed.split('\n')[3], 'VOLUME /data');
    // source.fixAll (what editors run on save) applies the same safe fix, and nothing else.
    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(fixAll.map((a) => a.kind), ['source.fixAll.volint']);
    assert.equal(apply(DOCKERFILE, editsFor(fixAll[0]!.edit, uri, 1)), fixed);
    const { params } = await client.change(uri, 2, asChanges(edits));
    assert.deepEqual(summary(params.diagnostics), ['VOL008@5:9-5:13']);
  });

  it('offers "ignore for this instruction" above the instruction with its indentation, and "ignore in this file" after the directives', async () => {
    client = await Client.start(workspace);
    const uri = 'untitled:Untitled-1';
    const opened = await client.open(uri, DOCKERFILE);
    const actions = await codeActions(client, uri, 5, opened.params.diagnostics);
    const here = actions.find((a) => a.title === 'Ignore VOL008 for this instruction');
    const file = actions.find((a) => a.title === 'Ignore VOL008 in this file');
    assert.ok(here && file, `ignore actions among ${actions.map((a) => a.title).join(' | ')}`);

    const withComment = apply(DOCKERFILE, editsFor(here.edit, uri, 1));
    assert.deepEqual(withComment.split('\n').slice(4, 7), ['RUN echo hi', '  # volint ignore=VOL008', '  VOLUME /etc']);
    const withGlobal = apply(DOCKERFILE, editsFor(file.edit, uri, 1));
    assert.deepEqual(withGlobal.split('\n').slice(0, 4), ['# syntax=docker/dockerfile:1', '', '# volint global ignore=VOL008', 'FROM alpine:3.20']);

    const afterHere = await client.change(uri, 2, [{ text: withComment }]);
    assert.deepEqual(summary(afterHere.params.diagnostics), ['VOL003@3:7-3:11']);
    const afterFile = await client.change(uri, 3, [{ text: withGlobal }]);
    assert.deepEqual(summary(afterFile.params.diagnostics), ['VOL003@5:7-5:11']);
  });

  it('keeps ranges and inserted comments right in a CRLF document', async () => {
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'Dockerfile')).href;
    const crlf = DOCKERFILE.replace(/\n/g, '\r\n');
    const { params } = await client.open(uri, crlf);
    assert.deepEqual(summary(params.diagnostics), ['VOL003@3:7-3:11', 'VOL008@5:9-5:13']);
    const actions = await codeActions(client, uri, 5, params.diagnostics);
    const here = actions.find((a) => a.title === 'Ignore VOL008 for this instruction');
    assert.ok(here);
    const edited = apply(crlf, editsFor(here.edit, uri, 1));
    assert.equal(edited, crlf.replace('  VOLUME /etc', '  # volint ignore=VOL008\r\n  VOLUME /etc'));
  });

  it('shows the volume model on hover: source, image content, steps and what builders do', async () => {
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'Dockerfile')).href;
    const text = ['FROM alpine:3.20 AS base', 'COPY seed.db /data/seed.db', 'VOLUME ["/data"]', 'RUN chown -R nobody /data', 'FROM base', ''].join('\n');
    await client.open(uri, text);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
    const value = markdownOf(hover);
    assert.match(value, /\*\*Volume `\/data`\*\* in stage `base`/);
    assert.match(value, /Declared at line 3\./);
    assert.match(value, /COPY at line 2/, 'what the image holds there');
    assert.match(value, /line 4 `RUN chown`: chown `\/data` \(recursive\) — discarded by legacy, buildah-compat, kaniko; kept by buildkit, buildah/);
    assert.match(value, /Also inherited by stage #1/);

    const onStep = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 22 } });
    assert.match(markdownOf(onStep), /`RUN chown`.*← here/);
    const nowhere = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(nowhere, null, 'a FROM that inherits no volume has no hover');
  });

  it('honours the workspace .volint.yaml for files and for untitled documents', async () => {
    writeFileSync(join(workspace, '.volint.yaml'), 'rules:\n  VOL008: off\n  volume-relative-path: error\n');
    writeFileSync(join(workspace, 'Dockerfile'), DOCKERFILE);
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'Dockerfile')).href;
    const file = await client.open(uri, DOCKERFILE);
    assert.deepEqual(summary(file.params.diagnostics), ['VOL003@3:7-3:11']);
    assert.equal(file.params.diagnostics[0]?.severity, 1, 'the config raises VOL003 to error');
    const untitled = await client.open('untitled:Untitled-2', DOCKERFILE);
    assert.deepEqual(summary(untitled.params.diagnostics), ['VOL003@3:7-3:11']);

    // Turning the rule back on in the config takes effect when the client reports the change.
    writeFileSync(join(workspace, '.volint.yaml'), 'rules:\n  VOL003: off\n');
    const from = client.published.length;
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(workspace, '.volint.yaml')).href, type: 2 }] });
    const reloaded = await client.diagnostics((p) => p.uri === uri, from);
    assert.deepEqual(summary(reloaded.params.diagnostics), ['VOL008@5:9-5:13']);
  });

  it('checks compose documents (yaml or dockercompose), reading the Dockerfile as the editor has it; other YAML is left alone', async () => {
    writeFileSync(join(workspace, 'Dockerfile'), 'FROM busybox AS app\n');
    client = await Client.start(workspace);
    const compose = 'services:\n  web:\n    build:\n      context: .\n      target: api\nsevices: {}\n';
    const uri = pathToFileURL(join(workspace, 'compose.yaml')).href;
    const first = await client.open(uri, compose, 1, 'yaml');
    assert.deepEqual(
      first.params.diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}: ${d.message}`),
      [
        'volint-compose-error@4: service web: build target api is not a stage of Dockerfile',
        'volint-compose-error@5: unknown top-level key "sevices" (Compose refuses the file)',
      ],
    );
    // The Dockerfile open in the editor with a stage `api` (not saved): the compose document sees it.
    await client.open(pathToFileURL(join(workspace, 'Dockerfile')).href, 'FROM busybox AS api\n');
    const other = pathToFileURL(join(workspace, 'docker-compose.dev.yml')).href;
    const second = await client.open(other, compose, 1, 'dockercompose');
    assert.deepEqual(second.params.diagnostics.map((d) => d.range.start.line), [5]);
    const workflow = await client.open(pathToFileURL(join(workspace, 'ci.yml')).href, 'on: push\njobs: {}\n', 1, 'yaml');
    assert.deepEqual(workflow.params.diagnostics.filter((d) => String(d.code).startsWith('volint-compose')), []);
  });

  it('takes the Compose project settings (env files, profiles, services, project name, deployed) from didChangeConfiguration and re-lints open compose documents', async () => {
    writeFileSync(join(workspace, 'prod.env'), 'DATA_DIR=./data\n');
    const compose = ['services:', '  web:', '    image: busybox', '    volumes:', '      - ${DATA_DIR}:/data', '      - webdata:/srv/web', '  tools:', '    image: postgres:16', '    profiles: [debug]', 'volumes:', '  webdata:', ''].join('\n');
    // The settings apply to the workspace folder's compose file (as the CLI's flags to the working directory's).
    writeFileSync(join(workspace, 'compose.yaml'), compose);
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'compose.yaml')).href;
    const lines = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}: ${messageOf(d).split('\n')[0]!.slice(0, 60)}`);
    const opened = await client.open(uri, compose, 1, 'dockercompose');
    assert.deepEqual(lines(opened.params.diagnostics), [
      // No .env: DATA_DIR is the deployer's, one note (the entry it empties named there, not an error).
      'volint-compose-error@4: variable DATA_DIR is not set here, and there is no .env besi',
      'VOL022@6: Service tools does not mount /var/lib/postgresql/data, a VOL',
    ]);
    assert.match(messageOf(opened.params.diagnostics[1]!), /\(Service tools starts only with profile `debug` active/);
    const configure = async (compose: object): Promise<Diagnostic[]> => {
      const from = client!.published.length;
      client!.notify('workspace/didChangeConfiguration', { settings: { volint: { compose } } });
      return (await client!.diagnostics((p) => p.uri === uri, from)).params.diagnostics;
    };
    // The env file gives DATA_DIR; profile other leaves tools out, as `docker compose --env-file prod.env --profile other`.
    assert.deepEqual(lines(await configure({ envFiles: ['prod.env'], profiles: ['other'] })), []);
    // `docker compose up tools`: tools alone (its profile activated); the settings given before stay. Alone, it
    // keeps no data anywhere (a throw-away stack): its anonymous volume is reported once `deployed` says otherwise.
    assert.deepEqual(lines(await configure({ services: ['tools'] })), []);
    const tools = await configure({ deployed: true });
    assert.deepEqual(lines(tools), ['VOL022@6: Service tools does not mount /var/lib/postgresql/data, a VOL']);
    assert.doesNotMatch(messageOf(tools[0]!), /starts only with profile|keeps its data/);
    assert.deepEqual(lines(await configure({ deployed: false })), []);
    // A value that cannot be used is logged and the rest still applies; null clears the settings.
    const bad = await configure({ projectName: 'Not Valid', services: 'web' });
    assert.deepEqual(lines(bad), []);
    assert.ok(client.logs.some((l) => /volint\.compose\.projectName: expected lower-case letters/.test(l)), client.logs.join('\n'));
    const from = client.published.length;
    client.notify('workspace/didChangeConfiguration', { settings: { volint: { compose: null } } });
    assert.deepEqual(lines((await client.diagnostics((p) => p.uri === uri, from)).params.diagnostics), lines(opened.params.diagnostics));
  });

  it('takes compose files (-f) from initializationOptions: a later file of the list is linted as part of the project, and so is an override file', async () => {
    writeFileSync(join(workspace, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n');
    client = await Client.start(workspace, { compose: { files: ['compose.yaml', 'compose.db.yaml'], projectName: 'shop' } });
    // compose.db.yaml alone has a service without image; merged over compose.yaml it is a database with an anonymous volume.
    const db = ['services:', '  web:', '    volumes:', '      - uploads:/uploads', '  db:', '    image: postgres:16', 'volumes:', '  uploads:', ''].join('\n');
    const uri = pathToFileURL(join(workspace, 'compose.db.yaml')).href;
    const opened = await client.open(uri, db, 1, 'dockercompose');
    assert.deepEqual(summary(opened.params.diagnostics), ['VOL022@4:2-4:4']);
    const hover = await hoverAt(client, uri, 3, 10);
    assert.match(hover, /shop_uploads/);
    // Without the setting, an override file beside compose.yaml is linted with it, not alone.
    const from = client.published.length;
    client.notify('workspace/didChangeConfiguration', { settings: { volint: { compose: { files: [] } } } });
    await client.diagnostics((p) => p.uri === uri, from);
    const override = pathToFileURL(join(workspace, 'compose.override.yaml')).href;
    const alone = await client.open(override, 'services:\n  web:\n    volumes:\n      - /app/node_modules\n', 1, 'dockercompose');
    assert.deepEqual(summary(alone.params.diagnostics), []);
  });

  it('lints an overlay merged onto the default compose file that defines its services; without a base, one note', async () => {
    writeFileSync(join(workspace, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n');
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'compose.prod.yaml')).href;
    const merged = await client.open(uri, 'services:\n  web:\n    volumes:\n      - uploads:/uploads\nvolumes:\n  uploads:\n', 1, 'dockercompose');
    assert.deepEqual(merged.params.diagnostics.filter((d) => d.severity === 1), [], 'no error: linted as -f compose.yaml -f compose.prod.yaml');
    const other = pathToFileURL(join(workspace, 'compose.gpu.yaml')).href;
    const alone = await client.open(other, 'services:\n  trainer:\n    environment: [A=1]\n', 1, 'dockercompose');
    assert.deepEqual(alone.params.diagnostics.map((d) => `${d.severity}@${d.range.start.line}`), ['3@1']);
    assert.match(String(alone.params.diagnostics[0]!.message), /looks like an overlay of another compose file/);
  });

  it('lints a .devcontainer overlay as part of the dev container project its devcontainer.json defines, and checks the devcontainer.json', async () => {
    mkdirSync(join(workspace, '.devcontainer'));
    writeFileSync(join(workspace, 'docker-compose.yml'), 'services:\n  search:\n    image: busybox\n');
    const config = '// dev\n{\n  "dockerComposeFile": ["docker-compose.yml", "../docker-compose.yml"],\n  "service": "search",\n}\n';
    writeFileSync(join(workspace, '.devcontainer', 'devcontainer.json'), config);
    client = await Client.start(workspace);
    // Alone, `search` has no image (Compose refuses the file); merged with the repository's file, it has one.
    const overlay = 'services:\n  search:\n    environment:\n      - "node.store.allow_mmap=false"\n';
    const uri = pathToFileURL(join(workspace, '.devcontainer', 'docker-compose.yml')).href;
    const opened = await client.open(uri, overlay, 1, 'dockercompose');
    assert.deepEqual(summary(opened.params.diagnostics), []);
    // The configuration as the editor has it: a service the files do not define is an error at "service".
    const configUri = pathToFileURL(join(workspace, '.devcontainer', 'devcontainer.json')).href;
    const checked = await client.open(configUri, config.replace('"search"', '"web"'), 1, 'jsonc');
    assert.deepEqual(summary(checked.params.diagnostics), ['volint-compose-error@3:13-3:18']);
    assert.match(messageOf(checked.params.diagnostics[0]!), /"service" in \.devcontainer\/devcontainer\.json names web, which is no service of its compose files/);
  });

  it('hovers a compose volume entry with the run-time model of that mount, and a service key with its mounts', async () => {
    writeFileSync(join(workspace, 'Dockerfile'), 'FROM busybox:1.36\nRUN mkdir -p /app && echo built > /app/index.js\nUSER 1000\n');
    client = await Client.start(workspace);
    const compose = ['services:', '  web:', '    build: .', '    volumes:', '      - deps:/app', '      - ./uploads:/srv/uploads', '  db:', '    image: postgres:16', 'volumes:', '  deps:', ''].join('\n');
    const uri = pathToFileURL(join(workspace, 'compose.yaml')).href;
    const { params } = await client.open(uri, compose, 1, 'dockercompose');
    assert.deepEqual(summary(params.diagnostics), ['VOL021@4:8-4:17', 'VOL024@4:8-4:17', 'VOL024@5:8-5:30', 'VOL022@6:2-6:4']);
    const named = await hoverAt(client, uri, 4, 12);
    assert.match(named, /^\*\*`\/app`\*\* in service `web`: named volume `deps` \(engine name `[^`]+_deps`\)/);
    assert.match(named, /seeded with what the image holds at this path/);
    assert.match(named, /a rebuilt image's files never reach it/);
    assert.match(named, /\*\*In the image:\*\* In the image, \/app holds what these steps put there: RUN mkdir at line 2/);
    assert.match(named, /- `Dockerfile:2` `RUN mkdir` mkdir `\/app`/);
    assert.match(named, /\*\*Runs as:\*\* `1000` \(not root\), from the image \(Dockerfile:3\)/);
    const bind = await hoverAt(client, uri, 5, 10);
    assert.match(bind, /bind mount of the host path `\.\/uploads`/);
    assert.match(bind, /The host path does not exist now: Compose has the engine create it at `up`, a directory owned by root with mode 755\./);
    const service = await hoverAt(client, uri, 6, 3);
    assert.match(service, /^\*\*Service `db`\*\*: `postgres:16`, known from the catalogue/);
    assert.match(service, /- `\/var\/lib\/postgresql\/data`: anonymous volume for an image VOLUME that the service does not mount/);
    // Nothing under the cursor: no hover.
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 2 } }), null);
  });

  it('offers "ignore for this entry" and "ignore in this file" on compose findings, and the finding goes away', async () => {
    // The project keeps no data anywhere: its anonymous volumes are reported because the settings say it is deployed.
    client = await Client.start(workspace, { compose: { deployed: true } });
    const compose = ['services:', '  db:', '    image: postgres:16', '  cache:', '    image: registry:2', '    volumes:', '      - ./auth:/auth', ''].join('\n');
    const uri = pathToFileURL(join(workspace, 'compose.yaml')).href;
    const opened = await client.open(uri, compose, 1, 'dockercompose');
    assert.deepEqual(summary(opened.params.diagnostics), ['VOL022@1:2-1:4', 'VOL022@3:2-3:7']);
    const actions = await codeActions(client, uri, 3, opened.params.diagnostics);
    const here = actions.find((a) => a.title === 'Ignore VOL022 for this entry');
    const file = actions.find((a) => a.title === 'Ignore VOL022 in this file');
    assert.ok(here && file, `ignore actions among ${actions.map((a) => a.title).join(' | ')}`);
    const withComment = apply(compose, editsFor(here.edit, uri, 1));
    assert.deepEqual(withComment.split('\n').slice(2, 5), ['    image: postgres:16', '  # volint ignore=VOL022', '  cache:']);
    const afterHere = await client.change(uri, 2, [{ text: withComment }]);
    assert.deepEqual(summary(afterHere.params.diagnostics), ['VOL022@1:2-1:4']);
    const withGlobal = apply(compose, editsFor(file.edit, uri, 1));
    assert.equal(withGlobal.split('\n')[0], '# volint global ignore=VOL022');
    const afterFile = await client.change(uri, 3, [{ text: withGlobal }]);
    assert.deepEqual(summary(afterFile.params.diagnostics), []);
  });

  it('offers the compose findings\' suggestions as code actions: a named volume for an anonymous one, a mount moved to the VOLUME path', async () => {
    client = await Client.start(workspace);
    const compose = ['services:', '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: example', '  next:', '    image: postgres:18', '    volumes:', '      - pg18:/var/lib/postgresql/data', 'volumes:', '  pg18:', ''].join('\n');
    const uri = pathToFileURL(join(workspace, 'compose.yaml')).href;
    const opened = await client.open(uri, compose, 1, 'dockercompose');
    assert.deepEqual(summary(opened.params.diagnostics), ['VOL022@1:2-1:4', 'VOL022@8:8-8:37']);
    const named = (await codeActions(client, uri, 1, opened.params.diagnostics)).find((a) => a.title === 'Mount a named volume db-data at /var/lib/postgresql/data');
    assert.ok(named, 'a named-volume action');
    const withVolume = apply(compose, editsFor(named.edit, uri, 1));
    assert.deepEqual(withVolume.split('\n'), [
      'services:', '  db:', '    volumes:', '      - db-data:/var/lib/postgresql/data', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: example',
      '  next:', '    image: postgres:18', '    volumes:', '      - pg18:/var/lib/postgresql/data', 'volumes:', '  db-data:', '  pg18:', '',
    ]);
    const afterNamed = await client.change(uri, 2, [{ text: withVolume }]);
    assert.deepEqual(summary(afterNamed.params.diagnostics), ['VOL022@10:8-10:37']);
    const moved = (await codeActions(client, uri, 10, afterNamed.params.diagnostics)).find((a) => a.title === 'Mount it at /var/lib/postgresql');
    assert.ok(moved, 'a move action');
    const withMove = apply(withVolume, editsFor(moved.edit, uri, 2));
    assert.equal(withMove.split('\n')[10], '      - pg18:/var/lib/postgresql');
    const afterMove = await client.change(uri, 3, [{ text: withMove }]);
    assert.deepEqual(summary(afterMove.params.diagnostics), []);
  });

  it('reports an invalid config on the document instead of failing', async () => {
    writeFileSync(join(workspace, '.volint.yaml'), 'rulez: {}\n');
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'Dockerfile')).href;
    const { params } = await client.open(uri, DOCKERFILE);
    assert.deepEqual(params.diagnostics.map((d) => d.code), ['volint-config-error']);
    assert.match(messageOf(params.diagnostics[0]!), /\.volint\.yaml.*rulez/);
  });

  it('survives a malformed frame and an unknown method, and answers afterwards', async () => {
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'Dockerfile')).href;
    await client.open(uri, DOCKERFILE);
    const garbage = '{"jsonrpc": "2.0", "id": 7, "method": ';
    client.child.stdin.write(`Content-Length: ${Buffer.byteLength(garbage)}\r\n\r\n${garbage}`);
    await assert.rejects(client.request('volint/noSuchMethod', {}), (err: unknown) => err instanceof ResponseError && (err as ResponseError<unknown>).code === -32601);
    // Well-formed JSON-RPC with ill-typed params: logged, answered with nothing, never fatal.
    client.notify('textDocument/didOpen', {});
    client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never/opened', version: 3 }, contentChanges: [{ text: 'VOLUME x' }] });
    assert.equal(await client.request('textDocument/hover', {}), null);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: null, context: {} }), []);
    const actions = await codeActions(client, uri, 3, []);
    assert.ok(actions.some((a) => a.isPreferred), 'the server still answers requests');
    assert.equal(client.child.exitCode, null, 'the server is still running');
    assert.equal(await client.stop(), 0);
  });

  it('stays correct and responsive through 2,000 rapid edits; the latest version wins', async () => {
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'Dockerfile')).href;
    const opened = await client.open(uri, DOCKERFILE);
    const from = opened.index + 1;
    // Type a comment one character at a time at the end of the document, then make the final edit.
    let version = 1;
    const typedLine = 6;
    for (let i = 0; i < 2000; i++) {
      version++;
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: typedLine, character: i }, end: { line: typedLine, character: i } }, text: i === 0 ? '#' : 'x' }],
      });
    }
    version++;
    // The final edit turns `VOLUME data` (VOL003) into `VOLUME /data`: only VOL008 remains.
    const last = await client.change(uri, version, [{ range: { start: { line: 3, character: 7 }, end: { line: 3, character: 7 } }, text: '/' }]);
    assert.deepEqual(summary(last.params.diagnostics), ['VOL008@5:9-5:13']);
    const versions = client.published.slice(from).filter((p) => p.uri === uri).map((p) => p.version ?? -1);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'no publication for an older version after a newer one');
    // The server's document is the one the client has: the typed comment is there, in full.
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 9 } });
    assert.ok(hover, 'the server still answers');
    const actions = await codeActions(client, uri, typedLine, []);
    assert.deepEqual(actions, [], 'nothing to fix on the typed comment line');
    assert.equal(client.child.exitCode, null);
  });

  it('publishes nothing more for a closed document, and exits 0 after shutdown', async () => {
    client = await Client.start(workspace);
    const uri = pathToFileURL(join(workspace, 'Dockerfile')).href;
    await client.open(uri, DOCKERFILE);
    // A change whose debounced lint is still pending when the document closes.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: DOCKERFILE + 'VOLUME logs\n' }] });
    const from = client.published.length;
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const cleared = await client.diagnostics((p) => p.uri === uri, from);
    assert.deepEqual(cleared.params.diagnostics, [], 'closing clears the document');
    // Longer than the debounce: a pending lint would have published by now.
    await new Promise((done) => setTimeout(done, 600));
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    const after = client.published.slice(cleared.index + 1).filter((p) => p.uri === uri);
    assert.deepEqual(after, []);
    assert.equal(await client.stop(), 0);
    assert.doesNotMatch(client.stderr, /Error|at /, client.stderr);
  });
});
