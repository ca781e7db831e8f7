/**
 * `volint lsp`: a language server over stdio. Diagnostics on open, change (debounced, the latest
 * version wins) and save; hover on volumes; code actions for fixes, suggestions and ignore
 * comments. Configuration comes from the workspace's .volint.yaml through the CLI's Runner; the
 * Compose project's settings (env files, profiles, project name, `-f` files, services) from the
 * client's settings (`volint.compose`: src/lsp/compose-settings.ts), which re-lint every open
 * document when they change.
 *
 * Robustness: every handler catches its own errors and logs them to the client's console; the
 * JSON-RPC layer answers unknown methods with MethodNotFound; per-document state lives only
 * while the document is open, so thousands of edits leave nothing behind.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, relative, resolve, sep } from 'node:path';
import {
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { rules as allRules } from '../../rules/index.js';
import { projectFileOf } from '../cli/files.js';
import { diskComposeIO, isComposeFile, Runner, type ComposeRunOptions } from '../cli/run.js';
import type { ComposeIO } from '../compose/model.js';
import { isDevcontainerName } from '../compose/names.js';
import type { ComposeModel } from '../compose/types.js';
import { ConfigError } from '../engine/config.js';
import { lintText } from '../engine/linter.js';
import type { Finding } from '../engine/types.js';
import type { FileModel } from '../model/types.js';
import { BUILDERS, type BuilderSetting } from '../model/types.js';
import { codeActions, FIX_ALL_KIND } from './actions.js';
import { problemDiagnostic, toDiagnostics, type DiagnosticOptions } from './convert.js';
import { hoverMarkdown } from './hover.js';
import { composeCodeActions } from './compose-actions.js';
import { composeHoverMarkdown } from './compose-hover.js';
import { composeRunOptions, NO_COMPOSE_SETTINGS, parseComposeSettings, type ComposeSettings } from './compose-settings.js';

declare const VOLINT_VERSION: string | undefined;
const VERSION = typeof VOLINT_VERSION === 'string' ? VOLINT_VERSION : '0.0.0-dev';

/** Settings from `initializationOptions` or `workspace/didChangeConfiguration` (`{ volint: {…} }`). */
export interface ServerSettings {
  /** Builder to explain and judge for (default: the config's, else `any`). */
  builder?: BuilderSetting;
  /** Append each finding's explanation to the diagnostic message (default true). */
  explain: boolean;
  /** Quiet time after the last edit before re-linting, in ms (default 150). */
  debounceMs: number;
  /** The Compose project's settings (`compose`: files, envFiles, profiles, projectName, services). */
  compose: ComposeSettings;
}

export interface ServerStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

interface LintOutcome {
  version: number;
  findings: Finding[];
  model: FileModel | null;
  /** A compose document: its project's model and the document's display path (findings and mounts name it). */
  compose?: { model: ComposeModel; display: string; text: string };
  /** What to publish: the findings' diagnostics, or one diagnostic saying why there are none. */
  diagnostics: Diagnostic[];
}

/** Per open document. Dropped on close. */
interface DocumentState {
  timer: NodeJS.Timeout | undefined;
  /** The latest lint (or the one in flight), keyed by document version. */
  latest: { version: number; outcome: Promise<LintOutcome> } | undefined;
}

const RULE_IDS: ReadonlySet<string> = new Set(allRules.map((r) => r.id));

/** `raw` over `previous`; `problems` gets one line per setting that cannot be used (the server logs them). */
export function parseSettings(raw: unknown, previous: ServerSettings, problems: string[] = []): ServerSettings {
  const next: ServerSettings = { ...previous };
  if (!raw || typeof raw !== 'object') return next;
  const value = raw as Record<string, unknown>;
  if (typeof value.builder === 'string' && (value.builder === 'any' || (BUILDERS as readonly string[]).includes(value.builder))) {
    next.builder = value.builder as BuilderSetting;
  }
  if (typeof value.explain === 'boolean') next.explain = value.explain;
  if (typeof value.debounceMs === 'number' && Number.isFinite(value.debounceMs) && value.debounceMs >= 0) {
    next.debounceMs = Math.min(value.debounceMs, 10_000);
  }
  next.compose = parseComposeSettings(value.compose, previous.compose, problems);
  return next;
}

function filePathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? err.message;
  return String(err);
}

/**
 * A compose file: the client's language id `dockercompose` (VS Code's Docker extension), or a YAML
 * document whose name says compose (compose.yaml, docker-compose.dev.yml …): not every YAML file
 * an editor opens is one.
 */
function isComposeDocument(document: TextDocument, path: string): boolean {
  if (document.languageId === 'dockercompose') return true;
  if (document.languageId === 'dockerfile') return false;
  return isComposeFile(path) && /compose/i.test(basename(path));
}

export function startLanguageServer(streams: ServerStreams = { input: process.stdin, output: process.stdout }): Connection {
  const connection = createConnection(ProposedFeatures.all, streams.input, streams.output);
  // stdout carries the protocol: anything printed there would corrupt it.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
  console.debug = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));

  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocumentState>();
  let settings: ServerSettings = { explain: true, debounceMs: 150, compose: NO_COMPOSE_SETTINGS };
  let workspaceRoot = process.cwd();
  let documentChanges = false;
  let watchRegistration = false;
  let composeOptions: ComposeRunOptions | undefined;
  let runner = newRunner();
  /** Settles when the runner matches the latest settings: every lint waits for it. */
  let ready: Promise<void> = Promise.resolve();

  function newRunner(): Runner {
    return new Runner({
      cwd: workspaceRoot,
      rules: allRules,
      ruleOverrides: new Map(),
      imageConfigs: [],
      reportUnusedIgnores: false,
      ...(settings.builder ? { builder: settings.builder } : {}),
      ...(composeOptions ? { compose: composeOptions } : {}),
      ...(settings.compose.deployed ? { composeDeployed: true } : {}),
    });
  }

  /**
   * A new runner for the current settings and files (which compose file is the workspace's
   * project is looked up again); queued after the previous one, and awaited by every lint.
   */
  function reload(): Promise<void> {
    ready = ready.then(async () => {
      try {
        composeOptions = await composeRunOptions(settings.compose, workspaceRoot);
        if (composeOptions && composeOptions.files.length === 0 && composeOptions.scope.length === 0) {
          connection.console.warn(
            'volint: volint.compose applies to the workspace folder\'s compose file (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml), and it has none: name the project with volint.compose.files',
          );
        }
      } catch (err) {
        composeOptions = undefined;
        connection.console.warn(`volint: the Compose settings are not used: ${err instanceof Error ? err.message : String(err)}`);
      }
      runner = newRunner();
    });
    return ready;
  }

  /** Parses the client's settings, logging what cannot be used. */
  function takeSettings(raw: unknown): void {
    const problems: string[] = [];
    settings = parseSettings(raw, settings, problems);
    for (const problem of problems) connection.console.warn(`volint: ${problem}`);
  }

  /**
   * The compose file that names the project a compose document belongs to: the first file of the
   * `compose.files` setting for a later one, the compose file beside an override file, else itself.
   */
  function projectOf(path: string): string {
    const files = composeOptions?.files ?? [];
    if (files.length > 1 && files.slice(1).includes(path)) return files[0]!;
    return projectFileOf(path);
  }

  /** The project's other files (override, .env, Dockerfiles) as the editor has them, else from disk. */
  function composeDocumentsIO(): ComposeIO {
    return {
      readText: async (file) => documents.get(pathToFileURL(file).href)?.getText() ?? diskComposeIO.readText(file),
      isFile: async (file) => documents.get(pathToFileURL(file).href) !== undefined || diskComposeIO.isFile(file),
      fileSize: async (file) => {
        const open = documents.get(pathToFileURL(file).href);
        return open ? Buffer.byteLength(open.getText()) : diskComposeIO.fileSize!(file);
      },
      exists: async (file) => documents.get(pathToFileURL(file).href) !== undefined || (diskComposeIO.exists?.(file) ?? false),
      // A build context's directories as on disk (a file open but not saved is not listed).
      list: async (dir) => diskComposeIO.list!(dir),
      isExecutable: async (file) => diskComposeIO.isExecutable!(file),
    };
  }

  /** The Dev Container configuration that lists a compose file of a `.devcontainer` folder, unless `volint.compose.files` names that file. */
  async function devcontainerOf(path: string, io: ComposeIO): Promise<string | null> {
    if ((composeOptions?.files ?? []).includes(path)) return null;
    const { devcontainerListing } = await import('../compose/devcontainer.js');
    return devcontainerListing(path, io, process.env);
  }

  function displayOf(path: string): string {
    const inside = relative(workspaceRoot, path);
    return inside && !inside.startsWith('..') ? inside.split(sep).join('/') : path;
  }

  function logError(where: string, err: unknown): void {
    try {
      connection.console.error(`volint: ${where}: ${describeError(err)}`);
    } catch {
      // The connection itself is gone: nothing left to tell.
    }
  }

  /** Wraps a request handler: an error is logged and answered with `fallback`, never thrown. */
  function guard<P, R>(where: string, fallback: R, handler: (params: P) => Promise<R> | R): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await handler(params);
      } catch (err) {
        logError(where, err);
        return fallback;
      }
    };
  }

  const diagnosticOptions = (): DiagnosticOptions => ({ explain: settings.explain });

  async function lint(document: TextDocument): Promise<LintOutcome> {
    await ready;
    const version = document.version;
    const text = document.getText();
    const path = filePathOf(document.uri);
    const absolute = path ?? '<stdin>';
    const display = path ? displayOf(path) : document.uri;
    try {
      const { settings: lintSettings, ignored } = await runner.settingsFor(absolute);
      if (ignored) return { version, findings: [], model: null, diagnostics: [] };
      // YAML that is not a compose file (a CI workflow, a Kubernetes manifest) is not volint's to check.
      if (document.languageId === 'yaml' && !(path && isComposeDocument(document, path))) return { version, findings: [], model: null, diagnostics: [] };
      if (path && isDevcontainerName(path)) {
        // A Dev Container configuration: what is wrong with it (not JSON with comments, a listed file missing, an unknown service).
        const result = await runner.lintDevcontainer(text, path, display, composeDocumentsIO(), false);
        const own = result.findings.filter((f) => f.file === display);
        return { version, findings: own, model: null, diagnostics: toDiagnostics(own, document.uri, diagnosticOptions()) };
      }
      if (path && isComposeDocument(document, path)) {
        const io = composeDocumentsIO();
        // An override file or a later `compose.files` entry is linted as part of its project; a file
        // of a `.devcontainer` folder that a Dev Container configuration lists, as part of its project
        // (as the CLI lints it: src/compose/devcontainer.ts).
        const project = projectOf(path);
        // No workflow cache: the runner outlives this lint, and the workflows may change before the next.
        const devcontainer = project === path && path.split(sep).includes('.devcontainer') ? await devcontainerOf(path, io) : null;
        let result: { findings: Finding[]; model: ComposeModel | null };
        if (devcontainer) {
          result = await runner.lintDevcontainer(await io.readText(devcontainer), devcontainer, displayOf(devcontainer), io, false);
        } else if (project === path) {
          result = await runner.lintCompose(text, path, display, io, false, false);
        } else {
          result = await runner.lintCompose(await io.readText(project), project, displayOf(project), io, false, false);
        }
        // Findings in another file of the project are published with that file's document, not here.
        const own = result.findings.filter((f) => f.file === display);
        const uriOf = (file: string): string => pathToFileURL(resolve(workspaceRoot, file)).href;
        const compose = result.model ? { compose: { model: result.model, display, text } } : {};
        return { version, findings: own, model: null, ...compose, diagnostics: toDiagnostics(own, document.uri, diagnosticOptions(), uriOf) };
      }
      const result = await lintText(text, display, lintSettings);
      return { version, findings: result.findings, model: result.model, diagnostics: toDiagnostics(result.findings, document.uri, diagnosticOptions()) };
    } catch (err) {
      if (err instanceof ConfigError) {
        return { version, findings: [], model: null, diagnostics: [problemDiagnostic('volint-config-error', `volint configuration: ${err.message}`, DiagnosticSeverity.Error)] };
      }
      logError(`linting ${document.uri}`, err);
      const message = err instanceof Error ? err.message : String(err);
      return {
        version,
        findings: [],
        model: null,
        diagnostics: [problemDiagnostic('volint-internal-error', `volint could not lint this document: ${message}`, DiagnosticSeverity.Warning)],
      };
    }
  }

  /** The lint of the document's current version: reused while the version is unchanged. */
  function outcomeFor(document: TextDocument, state: DocumentState): Promise<LintOutcome> {
    if (state.latest && state.latest.version === document.version) return state.latest.outcome;
    const outcome = lint(document);
    state.latest = { version: document.version, outcome };
    return outcome;
  }

  async function lintAndPublish(uri: string): Promise<void> {
    const state = states.get(uri);
    const document = documents.get(uri);
    if (!state || !document) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    const version = document.version;
    const outcome = await outcomeFor(document, state);
    // Drop the result when the document changed or closed (or was reopened) meanwhile.
    if (states.get(uri) !== state || documents.get(uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri, version, diagnostics: outcome.diagnostics });
  }

  function publishSoon(uri: string): void {
    const state = states.get(uri);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      lintAndPublish(uri).catch((err: unknown) => logError(`linting ${uri}`, err));
    }, settings.debounceMs);
  }

  function relintAll(): void {
    for (const uri of states.keys()) {
      const state = states.get(uri);
      if (state) state.latest = undefined;
      lintAndPublish(uri).catch((err: unknown) => logError(`linting ${uri}`, err));
    }
  }

  connection.onInitialize(
    (params: InitializeParams): InitializeResult => {
      try {
        const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? null;
        const folderPath = folder ? filePathOf(folder) : null;
        if (folderPath) workspaceRoot = folderPath;
        else if (params.rootPath) workspaceRoot = params.rootPath;
        takeSettings(params.initializationOptions);
        documentChanges = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
        watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
        void reload();
      } catch (err) {
        logError('initialize', err);
      }
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
          hoverProvider: true,
          codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: false },
        },
        serverInfo: { name: 'volint', version: VERSION },
      };
    },
  );

  connection.onInitialized(() => {
    if (!watchRegistration) return;
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.volint.{yaml,yml,json}' }] })
      .catch((err: unknown) => logError('registering the config file watcher', err));
  });

  connection.onDidChangeWatchedFiles(() => {
    try {
      void reload().then(relintAll);
    } catch (err) {
      logError('workspace/didChangeWatchedFiles', err);
    }
  });

  connection.onDidChangeConfiguration((params) => {
    try {
      const raw = (params.settings as Record<string, unknown> | null | undefined)?.volint;
      if (raw === undefined) return;
      takeSettings(raw);
      void reload().then(relintAll);
    } catch (err) {
      logError('workspace/didChangeConfiguration', err);
    }
  });

  documents.onDidOpen((event) => {
    try {
      const previous = states.get(event.document.uri);
      if (previous?.timer) clearTimeout(previous.timer);
      states.set(event.document.uri, { timer: undefined, latest: undefined });
      lintAndPublish(event.document.uri).catch((err: unknown) => logError(`linting ${event.document.uri}`, err));
    } catch (err) {
      logError('textDocument/didOpen', err);
    }
  });

  documents.onDidChangeContent((event) => {
    // didOpen also fires this event; the open handler already linted that version.
    const state = states.get(event.document.uri);
    if (state?.latest?.version === event.document.version) return;
    publishSoon(event.document.uri);
  });

  documents.onDidSave((event) => {
    try {
      // A save is where a user expects config edits to take effect: reload configuration.
      void reload();
      const state = states.get(event.document.uri);
      if (state) state.latest = undefined;
      lintAndPublish(event.document.uri).catch((err: unknown) => logError(`linting ${event.document.uri}`, err));
    } catch (err) {
      logError('textDocument/didSave', err);
    }
  });

  documents.onDidClose((event) => {
    const uri = event.document.uri;
    const state = states.get(uri);
    if (state?.timer) clearTimeout(state.timer);
    states.delete(uri);
    // Clear what the editor shows for the closed document; nothing else is published for it.
    connection.sendDiagnostics({ uri, diagnostics: [] }).catch((err: unknown) => logError('clearing diagnostics', err));
  });

  connection.onHover(
    guard('textDocument/hover', null as Hover | null, async (params) => {
      const document = documents.get(params.textDocument.uri);
      const state = states.get(params.textDocument.uri);
      if (!document || !state) return null;
      const outcome = await outcomeFor(document, state);
      if (outcome.compose) {
        const markdown = composeHoverMarkdown(outcome.compose.model, outcome.compose.display, params.position);
        return markdown ? { contents: { kind: 'markdown', value: markdown } } : null;
      }
      if (!outcome.model) return null;
      const markdown = hoverMarkdown(outcome.model, params.position);
      return markdown ? { contents: { kind: 'markdown', value: markdown } } : null;
    }),
  );

  connection.onCodeAction(
    guard('textDocument/codeAction', [] as CodeAction[], async (params) => {
      const document = documents.get(params.textDocument.uri);
      const state = states.get(params.textDocument.uri);
      if (!document || !state) return [];
      const version = document.version;
      const outcome = await outcomeFor(document, state);
      if (documents.get(params.textDocument.uri)?.version !== version) return [];
      const base = {
        uri: document.uri,
        version,
        findings: outcome.findings,
        range: params.range,
        diagnostics: params.context.diagnostics,
        only: params.context.only,
        ruleIds: RULE_IDS,
        documentChanges,
        diagnosticOptions: diagnosticOptions(),
      };
      if (outcome.compose) {
        return composeCodeActions({ ...base, text: outcome.compose.text, uriOf: (file) => pathToFileURL(resolve(workspaceRoot, file)).href });
      }
      if (!outcome.model) return [];
      return codeActions({ ...base, text: outcome.model.parsed.text, parsed: outcome.model.parsed });
    }),
  );

  connection.onShutdown(() => {
    for (const state of states.values()) if (state.timer) clearTimeout(state.timer);
    states.clear();
  });

  // A bug anywhere must not take the editor's diagnostics down with it.
  process.on('uncaughtException', (err) => logError('uncaught exception', err));
  process.on('unhandledRejection', (err) => logError('unhandled rejection', err));

  documents.listen(connection);
  connection.listen();
  return connection;
}
