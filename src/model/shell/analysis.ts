/**
 * Walks a parsed script in execution order, tracks the current directory and the shell variables,
 * and turns redirections and commands into ShellEffects. What each command does is in commands.ts.
 */
import { ShellParserNotLoaded, type ShellContext, type ShellEffect, type ShellEffectKind } from '../shell-types.js';
import { dispatchCommand } from './commands.js';
import { commandBaseName, commonAncestor, isDevicePath, joinPath, normalizeAbsolute } from './paths.js';
import { Node, type SyntaxNode } from './syntax.js';
import type { ScriptParser } from './tree-sitter.js';
import { expandWord, expandWordNoSplit, joinArgs, literalArg, type Arg, type Expander, type VarValue } from './words.js';

/**
 * The current directory: one of `paths` when `exact` (several after `if …; then cd /x; fi`), else
 * somewhere at or below one of them. No paths: unknown. `possible`: a guessed value led here.
 */
export interface Cwd {
  paths: string[];
  exact: boolean;
  possible: boolean;
}

/** Autoconf's installation directories as `./configure` was given them (absolute paths). */
export interface ConfiguredDirs {
  prefix?: string;
  sysconfdir?: string;
}

const UNKNOWN_CWD: Cwd = { paths: [], exact: false, possible: true };
const MAX_CWD_CANDIDATES = 4;

interface State {
  cwd: Cwd;
  /** For `cd -`. */
  previous: Cwd;
  /** For `pushd`/`popd`. */
  stack: Cwd[];
  vars: Vars;
}

/** Shell variables, copied on write so that subshells and branches cost nothing until they assign. */
class Vars {
  private owned: boolean;
  constructor(
    private map: Map<string, VarValue> = new Map(),
    owned = true,
  ) {
    this.owned = owned;
  }

  get(name: string): VarValue | undefined {
    return this.map.get(name);
  }

  set(name: string, value: VarValue): void {
    if (!this.owned) {
      this.map = new Map(this.map);
      this.owned = true;
    }
    this.map.set(name, value);
  }

  fork(): Vars {
    this.owned = false;
    return new Vars(this.map, false);
  }

  /** The variables both sides agree on; the others become unknown. */
  static merge(a: Vars, b: Vars): Vars {
    if (a.map === b.map) return a.fork();
    const merged = new Map<string, VarValue>();
    for (const name of new Set([...a.map.keys(), ...b.map.keys()])) {
      const left = a.map.get(name);
      const right = b.map.get(name);
      merged.set(name, left && right && sameValue(left, right) ? left : { kind: 'unknown' });
    }
    return new Vars(merged);
  }
}

/** Bounds the work on one RUN step (loops unrolled, functions called, nested scripts). */
interface Budget {
  steps: number;
}

class BudgetExhausted extends Error {}

/** One simple command after expansion. */
export interface Call {
  /** The command's base name (`mkdir` for `/bin/mkdir`). */
  name: string;
  /** The command name as written. */
  written: string;
  /** False when the command name itself is (partly) unknown. */
  nameKnown: boolean;
  args: Arg[];
  /** Range of the whole command. */
  start: number;
  end: number;
  /** Scripts fed on standard input by a heredoc or a here-string (`sh <<EOF`). */
  stdin: Arg[];
  /** Variables assigned for this command only (`X=1 sh -c '…'`). */
  env: Map<string, VarValue>;
  /** The URL whose download the previous element of a pipeline writes to this command's input (`curl -sSL URL | sh`). */
  pipedUrl?: string;
}

export interface Resolved {
  path: string;
  recursive: boolean;
  possible: boolean;
  /** The word as written when `path` is only its known head (a glob `/opt/app*`, `/data/$X`). */
  pattern?: string;
}

export interface EmitOptions {
  recursive?: boolean;
  possible?: boolean;
  /** `mkdir -p`: parents created too. */
  parents?: boolean;
  /** `ln -s TARGET LINK`: the link's target as written. */
  linkTarget?: string;
  /** Package names a package manager installs with this effect (ShellEffect.packages). */
  packages?: string[];
  /** `packages` come from an installer script (ShellEffect.installer). */
  installer?: boolean;
  /** chmod: the mode sets the set-user-ID bit (ShellEffect.setuid). */
  setuid?: boolean;
  /** chown/chgrp/chmod: the owner (`app:app`, `:grp` for chgrp) or mode as written (ShellEffect.setting). */
  setting?: string;
  /** cp: where the copy comes from (ShellEffect.copiedFrom). */
  copiedFrom?: string;
  /** cp/mv onto a path not known to be a directory (ShellEffect.intoExisting). */
  intoExisting?: { name: string; file: boolean; source?: string };
  /** cp `DIR/*`, rsync `DIR/`: the entries of a directory copied in (ShellEffect.entriesFrom). */
  entriesFrom?: { dir: string; dotted: boolean };
  /** useradd/adduser: the account whose home this is (ShellEffect.account). */
  account?: { user: string; uid?: string };
  /** Made in a branch that may not run (ShellEffect.conditional). */
  conditional?: boolean;
  /** `read` of sources the command compiles and runs (ShellEffect.runsSources). */
  runsSources?: boolean;
}

interface Modifiers {
  possible: boolean;
  recursive: boolean;
  /** In a branch that may not run: an `if` or `case` whose condition is not decided, a loop body, after `||`. */
  conditional: boolean;
  /** Put before the command of every effect (`find -exec `). */
  prefix: string;
  /** find: the base-name globs its action is limited to (ShellEffect.matching). */
  matching?: string[];
  /** The only condition the effects depend on is that this path does not exist (ShellEffect.onlyIfAbsent). */
  absent?: string;
}

const MAX_NESTING = 6;
const MAX_LOOP_VALUES = 32;

const STATEMENT_SEPARATORS = new Set([';', ';;', '&', '\n', '&&', '||', '|', '|&']);

export class Analysis {
  readonly effects: ShellEffect[] = [];
  private readonly seen = new Set<string>();
  private state: State;
  private treeHasError = false;
  private modifiers: Modifiers = { possible: false, recursive: false, conditional: false, prefix: '' };
  private readonly functions = new Map<string, SyntaxNode>();
  private callDepth = 0;
  /** The URL the command being analysed downloads to its standard output (see downloadsToPipe). */
  private pipedOut: string | undefined;
  /** Loops unrolled around the current statement: inner loops are not unrolled again. */
  private unrolling = 0;
  private readonly budget: Budget;
  /** The directory options `./configure` was given in a directory (ConfiguredDirs), for a later `make install` there. */
  private readonly configured = new Map<string, ConfiguredDirs>();
  /** Settings a tool's own command stored earlier in the script (`poetry config virtualenvs.in-project true`). */
  private readonly toolSettings = new Map<string, string>();

  constructor(
    private readonly parser: ScriptParser,
    private source: string,
    private readonly context: ShellContext,
    private readonly depth = 0,
    state?: State,
    budget?: Budget,
  ) {
    const cwd: Cwd = context.cwd.startsWith('/')
      ? { paths: [normalizeAbsolute(context.cwd)], exact: true, possible: false }
      : UNKNOWN_CWD;
    this.state = state ?? { cwd, previous: cwd, stack: [], vars: new Vars() };
    this.budget = budget ?? { steps: 20_000 + source.length * 8 };
  }

  /** Analyses `source` as a script. Never throws: what was found before a failure is kept. */
  runScript(): ShellEffect[] {
    try {
      let parsed = this.parser.parse(this.source);
      if (!parsed) return this.effects;
      let hasError = parsed.hasError && hasSyntaxError(parsed.root);
      // A Dockerfile RUN line such as `cat <<EOF > /etc/app.conf` comes without its heredoc body
      // (the builder reads that from the following lines): close such heredocs so the line parses.
      // Only then is the script parsed a second time.
      const delimiters = hasError ? unterminatedHeredocs(parsed.root, this.source) : [];
      if (delimiters.length > 0) {
        this.source = `${this.source}\n${delimiters.join('\n')}\n`;
        parsed = this.parser.parse(this.source);
        if (!parsed) return this.effects;
        hasError = parsed.hasError && hasSyntaxError(parsed.root);
      }
      this.treeHasError = hasError;
      this.statement(parsed.root);
    } catch (error) {
      this.failed(error);
    }
    return this.effects;
  }

  /** Analyses exec-form argv (no shell: no expansion, no globbing). Never throws. */
  runArgv(argv: readonly string[]): ShellEffect[] {
    try {
      const args: Arg[] = [];
      let offset = 0;
      for (const text of argv) {
        args.push(literalArg(text, offset));
        offset += text.length + 1;
      }
      const [name, ...rest] = args;
      if (name?.value !== undefined) {
        this.dispatch({
          name: commandBaseName(name.value),
          written: name.value,
          nameKnown: true,
          args: rest,
          start: 0,
          end: Math.max(0, offset - 1),
          stdin: [],
          env: new Map(),
        });
      }
    } catch (error) {
      this.failed(error);
    }
    return this.effects;
  }

  /**
   * The effects found so far are kept. A script that needs the full parser goes up (the caller
   * loads it and analyses again); running out of the step budget is a known limit (a partial
   * result by design); any other error is a bug in volint, handed to the caller to report.
   */
  private failed(error: unknown): void {
    if (error instanceof ShellParserNotLoaded) throw error;
    if (error instanceof BudgetExhausted) return;
    if (this.context.onError) this.context.onError(error);
  }

  // ---------------------------------------------------------------------------------------------
  // What command handlers use

  get cwd(): Cwd {
    return this.state.cwd;
  }

  variable(name: string): VarValue {
    const local = this.state.vars.get(name);
    if (local) return local;
    const cwd = this.state.cwd;
    if (name === 'PWD' && cwd.exact && cwd.paths.length === 1) return { kind: 'set', value: cwd.paths[0]!, guessed: cwd.possible };
    const outer = this.context.lookup(name);
    if (outer !== undefined) return { kind: 'set', value: outer };
    if (name === 'HOME' && this.context.home) return { kind: 'set', value: this.context.home };
    return { kind: 'unknown' };
  }

  setVariable(name: string, value: VarValue): void {
    this.state.vars.set(name, value);
  }

  /** Keeps what `./configure` in `dir` was told about where `make install` puts files. */
  recordConfigure(dir: string, dirs: ConfiguredDirs): void {
    this.configured.set(dir, dirs);
  }

  /** What `./configure` in `dir` was told earlier in the script, if it ran there. */
  configuredIn(dir: string): ConfiguredDirs | undefined {
    return this.configured.get(dir);
  }

  /** Keeps a setting a tool stored in its configuration (`poetry config KEY VALUE`), for its later runs in this script. */
  recordToolSetting(key: string, value: string): void {
    this.toolSettings.set(key, value);
  }

  /** A setting a tool's command stored earlier in this script, if any. */
  toolSetting(key: string): string | undefined {
    return this.toolSettings.get(key);
  }

  /** The home directory of the user (`$HOME`, else the context's), when known. */
  home(): string | undefined {
    const home = this.variable('HOME');
    return home.kind === 'set' && home.value.startsWith('/') ? home.value : undefined;
  }

  /**
   * Resolves an argument to an absolute path against the current directory. An unknown part cuts
   * the path before its segment (`possible`, recursive); nothing is left when the unknown part is
   * in the first segment. A wildcard cuts the path the same way (recursive) but stays certain.
   */
  resolve(arg: Arg): Resolved[] {
    let text: string;
    let possible = arg.guessed;
    let recursive = false;
    let cut = -1;
    let cutForUnknown = false;
    if (arg.value !== undefined) {
      text = arg.value;
    } else {
      text = arg.prefix;
      cut = text.length;
      cutForUnknown = true;
      possible = true;
    }
    if (arg.wildcard >= 0 && (cut < 0 || arg.wildcard < cut)) {
      cut = arg.wildcard;
      cutForUnknown = false;
    }
    if (cut >= 0) {
      recursive = true;
      const head = text.slice(0, cut);
      const slash = head.lastIndexOf('/');
      if (slash < 0) {
        // The first segment is unknown: it might be absolute, so nothing is known about the path.
        if (cutForUnknown) return [];
        text = '.';
      } else {
        text = head.slice(0, slash) || '/';
        if (cutForUnknown && text === '/') return [];
      }
    }
    if (text === '') return [];
    const resolved = this.resolveText(text, recursive, possible);
    if (cut < 0) return resolved;
    const written = arg.value ?? `${arg.prefix}…`;
    // A relative glob is kept resolved against a known current directory, so that the parts
    // after its head still tell which names it can match (`mv graalvm-* …` in /home/gradle never
    // reaches /home/gradle/.gradle).
    const cwd = this.state.cwd;
    if (arg.value !== undefined && !written.startsWith('/') && cwd.exact && resolved.length === cwd.paths.length) {
      return resolved.map((r, i) => ({ ...r, pattern: joinPath(cwd.paths[i]!, written) }));
    }
    return resolved.map((r) => ({ ...r, pattern: written }));
  }

  /** Resolves a known path text against the current directory. */
  resolveText(text: string, recursive = false, possible = false): Resolved[] {
    if (text.startsWith('/')) return [{ path: normalizeAbsolute(text), recursive, possible }];
    const cwd = this.state.cwd;
    if (!cwd.exact) return cwd.paths.map((path) => ({ path, recursive: true, possible: true }));
    const uncertain = possible || cwd.possible || cwd.paths.length > 1;
    return cwd.paths.map((path) => ({ path: joinPath(path, text), recursive, possible: uncertain }));
  }

  /** Emits an effect on the path named by `arg`. */
  emitArg(kind: ShellEffectKind, arg: Arg, command: string, options: EmitOptions = {}): void {
    for (const resolved of this.resolve(arg)) this.emit(kind, resolved, command, arg.start, arg.end, options);
  }

  /**
   * Emits an effect on `name` inside the directory `dir` (the current directory when undefined).
   * An unknown `name` makes the effect reach the whole directory.
   */
  emitInDirectory(
    kind: ShellEffectKind,
    dir: Arg | undefined,
    name: string | undefined,
    command: string,
    range: { start: number; end: number },
    options: EmitOptions = {},
  ): void {
    for (const base of dir ? this.resolve(dir) : this.resolveText('.')) {
      if (base.recursive || name === undefined || name === '' || name === '.' || name === '..' || name.includes('/')) {
        this.emit(kind, { ...base, recursive: true }, command, range.start, range.end, options);
      } else {
        this.emit(kind, { ...base, path: joinPath(base.path, name) }, command, range.start, range.end, options);
      }
    }
  }

  /** Emits an effect on a path the command implies (`/var/lib/apt`, `./node_modules`). */
  emitText(
    kind: ShellEffectKind,
    text: string,
    command: string,
    range: { start: number; end: number },
    options: EmitOptions = {},
  ): void {
    for (const resolved of this.resolveText(text)) this.emit(kind, resolved, command, range.start, range.end, options);
  }

  emit(kind: ShellEffectKind, resolved: Resolved, command: string, start: number, end: number, options: EmitOptions = {}): void {
    if (isDevicePath(resolved.path)) return;
    // Fields set one by one, in this order, only when present: the same object as a literal with
    // optional spreads, without a temporary object and a copy per optional field.
    const effect = {
      kind,
      path: resolved.path,
      recursive: resolved.recursive || options.recursive === true || this.modifiers.recursive,
      certainty: resolved.possible || options.possible || this.modifiers.possible || this.treeHasError ? 'possible' : 'certain',
      command: this.modifiers.prefix + command,
    } as ShellEffect;
    if (options.packages && options.packages.length > 0) {
      effect.packages = options.packages;
      if (options.installer) effect.installer = true;
    }
    if (options.setuid) effect.setuid = true;
    if (resolved.pattern) effect.pattern = resolved.pattern;
    if (options.setting !== undefined) effect.setting = options.setting;
    if (options.account) effect.account = options.account;
    if (options.copiedFrom !== undefined) effect.copiedFrom = options.copiedFrom;
    if (options.intoExisting) effect.intoExisting = options.intoExisting;
    if (options.entriesFrom) effect.entriesFrom = options.entriesFrom;
    effect.start = start;
    effect.end = end;
    if (options.parents) effect.parents = true;
    if (options.linkTarget !== undefined) effect.linkTarget = options.linkTarget;
    if (options.conditional || this.modifiers.conditional) effect.conditional = true;
    if (this.modifiers.absent !== undefined && !options.conditional) effect.onlyIfAbsent = this.modifiers.absent;
    if (this.modifiers.matching) effect.matching = this.modifiers.matching;
    if (options.runsSources) effect.runsSources = true;
    this.push(effect);
  }

  private push(effect: ShellEffect): void {
    const key = `${effect.kind}\0${effect.path}\0${effect.recursive}\0${effect.certainty}\0${effect.command}\0${effect.start}\0${effect.end}\0${effect.conditional === true}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.effects.push(effect);
  }

  /** Runs `body` with every effect it emits made `possible`/recursive and its command prefixed. */
  withModifiers(change: Partial<Modifiers>, body: () => void): void {
    const saved = this.modifiers;
    this.modifiers = {
      possible: saved.possible || change.possible === true,
      recursive: saved.recursive || change.recursive === true,
      conditional: saved.conditional || change.conditional === true,
      prefix: saved.prefix + (change.prefix ?? ''),
    };
    const matching = change.matching ?? saved.matching;
    if (matching) this.modifiers.matching = matching;
    // A branch on the absence of a path outside any other branch; any other condition ends it.
    if (change.conditional === true) {
      if (change.absent !== undefined && !saved.conditional) this.modifiers.absent = change.absent;
    } else if (saved.absent !== undefined) {
      this.modifiers.absent = saved.absent;
    }
    try {
      body();
    } finally {
      this.modifiers = saved;
    }
  }

  /** Runs another command (after a wrapper such as `sudo`, `env`, `xargs`, `find -exec`). */
  dispatch(call: Call): void {
    if (this.callDepth > 16) return;
    this.callDepth++;
    try {
      const fn = call.nameKnown ? this.functions.get(call.name) : undefined;
      if (fn) this.callFunction(fn);
      else dispatchCommand(call, this);
    } finally {
      this.callDepth--;
    }
  }

  /** Changes the current directory (`cd`, `pushd`); undefined target means unknown. */
  changeDirectory(target: Cwd): void {
    this.state.previous = this.state.cwd;
    this.state.cwd = target;
  }

  /** Where `cd ARG` leads. */
  directoryOf(arg: Arg | undefined): Cwd {
    if (!arg) {
      const home = this.home();
      return home ? { paths: [normalizeAbsolute(home)], exact: true, possible: false } : UNKNOWN_CWD;
    }
    if (arg.value === '-') return this.state.previous;
    const resolved = this.resolve(arg);
    if (resolved.length === 0) return UNKNOWN_CWD;
    return {
      paths: [...new Set(resolved.map((r) => r.path))],
      exact: resolved.every((r) => !r.recursive),
      possible: resolved.some((r) => r.possible),
    };
  }

  /** Runs `body` with the current directory set to `dir` (`git -C`, `npm --prefix`, `env -C`). */
  inDirectory(dir: Arg | undefined, body: () => void): void {
    if (!dir) {
      body();
      return;
    }
    const saved = this.state.cwd;
    this.state.cwd = this.directoryOf(dir);
    try {
      body();
    } finally {
      this.state.cwd = saved;
    }
  }

  pushDirectory(target: Cwd): void {
    this.state.stack.push(this.state.cwd);
    this.changeDirectory(target);
  }

  popDirectory(): void {
    this.changeDirectory(this.state.stack.pop() ?? UNKNOWN_CWD);
  }

  /**
   * Analyses the script `script` run by a child shell (`sh -c`, `bash <<EOF`, `eval`). Its effects
   * point into this text: exactly when the script is the source text itself, else at `script`.
   */
  nested(script: Arg, env: Map<string, VarValue>, inheritState = false): void {
    if (this.depth >= MAX_NESTING) return;
    const text = script.value ?? script.reparse;
    const vars = this.state.vars.fork();
    for (const [name, value] of env) vars.set(name, value);
    const state: State = inheritState
      ? { ...this.state, vars }
      : { cwd: this.state.cwd, previous: this.state.previous, stack: [], vars };
    const child = new Analysis(this.parser, text, this.context, this.depth + 1, state, this.budget);
    child.runScript();
    const exact = script.value !== undefined ? script.exactAt : undefined;
    for (const effect of child.effects) {
      const start = exact === undefined ? script.start : effect.start + exact;
      const end = exact === undefined ? script.end : effect.end + exact;
      this.emit(
        effect.kind,
        { path: effect.path, recursive: effect.recursive, possible: effect.certainty === 'possible' },
        effect.command,
        start,
        end,
        {
          ...(effect.parents ? { parents: true } : {}),
          ...(effect.linkTarget !== undefined ? { linkTarget: effect.linkTarget } : {}),
          ...(effect.conditional ? { conditional: true } : {}),
          ...(effect.runsSources ? { runsSources: true } : {}),
        },
      );
    }
    if (inheritState) {
      this.state.cwd = child.state.cwd;
      this.state.previous = child.state.previous;
      this.state.vars = child.state.vars;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The walk

  private expander(): Expander {
    return {
      source: this.source,
      variable: (name) => this.variable(name),
      home: () => this.home(),
      substitution: (node) => this.isolated(() => this.statements(node)),
    };
  }

  private clone(state: State = this.state): State {
    return { cwd: state.cwd, previous: state.previous, stack: [...state.stack], vars: state.vars.fork() };
  }

  /** Runs `body` in a subshell: changes of directory and variables do not come back. */
  private isolated(body: () => void): void {
    const saved = this.state;
    this.state = this.clone(saved);
    try {
      body();
    } finally {
      this.state = saved;
    }
  }

  /** Runs each branch from the current state and merges what they leave. */
  private branches(branches: Array<() => void>, includeNone: boolean, absent?: string): void {
    const start = this.state;
    const results: State[] = includeNone ? [this.clone(start)] : [];
    for (const branch of branches) {
      this.state = this.clone(start);
      this.withModifiers({ conditional: true, ...(absent !== undefined && branches.length === 1 ? { absent } : {}) }, branch);
      results.push(this.state);
    }
    this.state = results.reduce((a, b) => mergeStates(a, b));
  }

  private statements(node: SyntaxNode): void {
    for (const child of node.children) this.statement(child);
  }

  private statement(node: SyntaxNode): void {
    if (--this.budget.steps < 0) throw new BudgetExhausted();
    switch (node.type) {
      case 'program':
      case 'compound_statement':
      case 'do_group':
      case 'ERROR':
      case 'negated_command':
        this.statements(node);
        return;
      case 'subshell':
      case 'command_substitution':
      case 'process_substitution':
        this.isolated(() => this.statements(node));
        return;
      case 'list':
        this.list(node);
        return;
      case 'pipeline':
        this.pipeline(node);
        return;
      case 'redirected_statement':
        this.redirectedStatement(node);
        return;
      case 'command':
        this.command(node, []);
        return;
      case 'variable_assignment':
        this.assign(node);
        return;
      case 'variable_assignments':
      case 'declaration_command':
        for (const child of node.children) {
          if (child.type === 'variable_assignment') this.assign(child);
          else this.scanSubstitutions(child);
        }
        return;
      case 'unset_command':
        for (const child of node.children) {
          if (child.type === 'variable_name') this.state.vars.set(this.text(child), { kind: 'unset' });
        }
        return;
      case 'if_statement':
        this.ifStatement(node);
        return;
      case 'while_statement':
      case 'until_statement':
        this.whileStatement(node);
        return;
      case 'for_statement':
        this.forStatement(node);
        return;
      case 'c_style_for_statement':
        this.branches([() => this.statements(node)], true);
        return;
      case 'case_statement':
        this.caseStatement(node);
        return;
      case 'function_definition': {
        const children = node.children;
        const name = children.find((c) => c.field === 'name');
        const body = children.find((c) => c.field === 'body');
        if (name && body) this.functions.set(this.text(name), body);
        return;
      }
      case 'file_redirect':
        this.redirect(node);
        return;
      case 'comment':
      case 'heredoc_body':
      case 'heredoc_start':
      case 'heredoc_end':
        return;
      default:
        if (node.isNamed) this.scanSubstitutions(node);
    }
  }

  private callFunction(body: SyntaxNode): void {
    if (this.callDepth > 8) return;
    this.statement(body);
  }

  /**
   * `a && b || c`: `&&` continues on success (a failing RUN fails the build); `||` may or may not
   * run. tree-sitter nests lists to the left (`((a && b) || c)`); the spine is walked without
   * recursion so that a long `&&` chain cannot exhaust the stack.
   */
  private list(node: SyntaxNode): void {
    const spine: Array<readonly SyntaxNode[]> = [];
    let current: SyntaxNode | undefined = node;
    while (current && current.type === 'list') {
      const children: readonly SyntaxNode[] = current.children;
      spine.push(children);
      current = children[0]?.type === 'list' ? children[0] : undefined;
    }
    // Carried from a nested list to the level around it: the status of its last element, and whether it may not run.
    let carried: { status: boolean | undefined; mayNotRun: boolean } = { status: undefined, mayNotRun: false };
    for (let level = spine.length - 1; level >= 0; level--) {
      const children = spine[level]!;
      const from = level < spine.length - 1 ? 1 : 0;
      let operator: string | undefined;
      // What the last element returned, when a test volint can decide said so (`[ "$X" = yes ] && …`),
      // and whether the last element ran only in some runs of the script.
      let { status, mayNotRun } = carried;
      let afterTest = false;
      for (const child of children.slice(from)) {
        if (child.type === '&&' || child.type === '||') {
          operator = child.type;
          continue;
        }
        if (operator !== undefined && status !== undefined) {
          // A decided status: `&&` runs the element only after success, `||` only after failure.
          if ((operator === '&&') !== status) continue;
          if (operator === '||') mayNotRun = false;
        } else if (operator === '||') {
          mayNotRun = true;
        } else if (operator === '&&' && afterTest) {
          // After a test volint cannot decide, `&&` runs the element only when the test holds.
          mayNotRun = true;
        }
        // `[ -e P ] || cp …`, `[ ! -e P ] && cp …` as the whole list: the element runs only when P is absent.
        const tested = spine.length === 1 && children.length === 3 && child === children[2] ? this.existenceTested([children[0]!]) : undefined;
        const absent = tested !== undefined && tested.holdsWhenPresent === (operator === '||') ? tested.path : undefined;
        if (mayNotRun) this.branches([() => this.statement(child)], true, absent);
        else this.statement(child);
        status = this.decide([child]);
        afterTest = this.isTest(child);
      }
      carried = { status, mayNotRun };
    }
  }

  /**
   * Each element of a pipeline runs in a subshell. tree-sitter-bash groups `a && b | c` as
   * `(a && b) | c`, so a list element keeps its effect on the state (bash would run `a` first).
   */
  private pipeline(node: SyntaxNode, input: Arg[] = []): void {
    // What the previous element writes to the pipe, when it is a literal script (`echo '…' | sh`)
    // or a download (`curl -sSL URL | sh`).
    let stdin = input;
    let pipedUrl: string | undefined;
    for (const child of node.children) {
      if (child.type === '|' || child.type === '|&') continue;
      if (child.type === 'list' || (child.type === 'redirected_statement' && firstField(child, 'body')?.type === 'list')) {
        this.statement(child);
        stdin = [];
        continue;
      }
      const piped = stdin;
      const url = pipedUrl;
      this.pipedOut = undefined;
      this.isolated(() => (child.type === 'command' ? this.command(child, piped, [], url) : this.statement(child)));
      pipedUrl = child.type === 'command' ? this.pipedOut : undefined;
      this.pipedOut = undefined;
      stdin = this.echoed(child);
    }
  }

  /** Called by a download command (curl, wget) that writes the document at `url` to its standard output. */
  downloadsToPipe(url: string): void {
    this.pipedOut = url;
  }

  /** The text `echo WORDS` writes, as a script for a shell reading the pipe. */
  private echoed(node: SyntaxNode): Arg[] {
    if (node.type !== 'command') return [];
    const children = node.children;
    const name = children.find((c) => c.field === 'name');
    if (!name || this.text(name) !== 'echo') return [];
    const expander = this.expander();
    const words = children.filter((c) => c.field === 'argument').flatMap((c) => expandWord(c, expander));
    if (words.length === 0 || words.some((w) => w.value === undefined || w.value.startsWith('-'))) return [];
    return [joinArgs(words)];
  }

  /**
   * A statement with redirections. For a simple command the redirections open before it runs; a
   * `list` body only comes from tree-sitter-bash grouping `a && b > f` as `(a && b) > f`, where the
   * redirection really belongs to `b`, so the body goes first.
   */
  private redirectedStatement(node: SyntaxNode): void {
    const children = node.children;
    const body = children.find((c) => c.field === 'body');
    const stdin: Arg[] = [];
    const redirects: SyntaxNode[] = [];
    const after: SyntaxNode[] = [];
    for (const child of children) {
      if (child.field === 'body') continue;
      if (child.type === 'file_redirect') redirects.push(child);
      else if (child.type === 'herestring_redirect') stdin.push(...this.hereString(child));
      else if (child.type === 'heredoc_redirect') {
        for (const part of child.children) {
          if (part.type === 'file_redirect') redirects.push(part);
          else if (part.type === 'heredoc_body') stdin.push(literalArg(this.text(part), part.startIndex));
          else if (part.isNamed && part.type !== 'heredoc_start' && part.type !== 'heredoc_end') after.push(part);
        }
      } else if (child.isNamed) after.push(child);
    }
    if (body?.type === 'command') {
      this.command(body, stdin, redirects);
    } else {
      if (body) this.statement(body);
      for (const redirect of redirects) this.redirect(redirect);
    }
    // `cat <<EOF | sh`: tree-sitter puts the rest of the pipeline inside the heredoc redirection.
    const catOnly = body?.type === 'command' && body.children.every((c) => c.field !== 'argument') && this.text(body).trim() === 'cat';
    for (const part of after) {
      if (part.type === 'pipeline' && catOnly) this.pipeline(part, stdin);
      else this.statement(part);
    }
  }

  private hereString(node: SyntaxNode): Arg[] {
    const word = node.children.find((c) => c.isNamed);
    return word ? [expandWordNoSplit(word, this.expander())] : [];
  }

  /** `> file`, `>> file`, `&> file`, `2> file`, `<> file`, `>& file` write; fd duplications do not. */
  private redirect(node: SyntaxNode): void {
    const children = node.children;
    const destinations = children.filter((c) => c.field === 'destination');
    const operatorIndex = children.findIndex((c) => !c.isNamed);
    if (operatorIndex < 0 || destinations.length === 0) return;
    let operator = children[operatorIndex]!.type;
    // tree-sitter-bash reads `<>` as `<` followed by an ERROR holding `>`.
    const next = children[operatorIndex + 1];
    if (operator === '<' && next?.type === 'ERROR' && this.text(next).trim() === '>') operator = '<>';
    const writes = ['>', '>>', '&>', '&>>', '>|', '<>', '>&'];
    if (!writes.includes(operator)) return;
    const destination = destinations[0]!;
    if (operator === '>&' && (destination.type === 'number' || this.text(destination) === '-')) return;
    const written = this.source.slice(node.startIndex, children[operatorIndex]!.endIndex) + (operator === '<>' ? '>' : '');
    for (const arg of expandWord(destination, this.expander())) this.emitArg('write', arg, written);
  }

  /** A simple command: words are expanded first, then redirections open, then it runs. */
  private command(node: SyntaxNode, stdin: Arg[], redirects: SyntaxNode[] = [], pipedUrl?: string): void {
    const expander = this.expander();
    const env = new Map<string, VarValue>();
    let nameNode: SyntaxNode | undefined;
    const argNodes: SyntaxNode[] = [];
    const later: SyntaxNode[] = [...redirects];
    for (const child of node.children) {
      if (child.field === 'name') nameNode = child;
      else if (child.field === 'argument') argNodes.push(child);
      else if (child.type === 'variable_assignment' && !nameNode) {
        const assignment = this.assignment(child);
        if (assignment) env.set(assignment.name, assignment.value);
      } else if (child.type === 'file_redirect') later.push(child);
      else if (child.type === 'herestring_redirect') stdin = [...stdin, ...this.hereString(child)];
      else if (child.isNamed) this.scanSubstitutions(child);
    }
    if (!nameNode) {
      for (const redirect of later) this.redirect(redirect);
      for (const [name, value] of env) this.state.vars.set(name, value);
      return;
    }
    const nameWord = nameNode.children.find((c) => c.isNamed) ?? nameNode;
    const nameFields = expandWord(nameWord, expander);
    const args = [...nameFields.slice(1)];
    for (const argNode of joinAdjacent(argNodes)) args.push(...expandWord(argNode, expander));
    for (const redirect of later) this.redirect(redirect);
    const name = nameFields[0];
    if (!name) {
      if (args.length === 0) return;
    }
    const written = name?.value ?? this.text(nameNode);
    // A download in a command substitution of the arguments writes to the substitution, not the pipe.
    this.pipedOut = undefined;
    this.dispatch({
      name: name?.value !== undefined ? commandBaseName(name.value) : '',
      written,
      nameKnown: name?.value !== undefined,
      args,
      start: node.startIndex,
      end: node.endIndex,
      stdin,
      env,
      ...(pipedUrl !== undefined ? { pipedUrl } : {}),
    });
  }

  private assignment(node: SyntaxNode): { name: string; value: VarValue } | undefined {
    const children = node.children;
    const nameNode = children.find((c) => c.field === 'name');
    if (!nameNode) return undefined;
    const valueNode = children.find((c) => c.field === 'value');
    const name = this.text(nameNode);
    if (nameNode.type !== 'variable_name' || children.some((c) => c.type === '+=')) return { name, value: { kind: 'unknown' } };
    if (!valueNode) return { name, value: { kind: 'set', value: '' } };
    if (valueNode.type === 'array') return { name, value: { kind: 'unknown' } };
    const arg = expandWordNoSplit(valueNode, this.expander());
    if (arg.value === undefined) return { name, value: { kind: 'unknown' } };
    return { name, value: { kind: 'set', value: arg.value, guessed: arg.guessed } };
  }

  private assign(node: SyntaxNode): void {
    const assignment = this.assignment(node);
    if (assignment) this.state.vars.set(assignment.name, assignment.value);
  }

  /**
   * if/elif/else: the conditions always run; one branch (or none) runs after them. A condition
   * volint can decide (a string test on known values: `[ "x$SKIP" = "x" ]`, `[ -z "$V" ]`) picks its
   * branch: a false one is left out, a true one is the branch that runs; the others are branches
   * that may run.
   */
  private ifStatement(node: SyntaxNode): void {
    const first = splitAtThen(node.children);
    for (const part of first.condition) this.statement(part);
    const clauses = [first, ...node.children.filter((c) => c.type === 'elif_clause' || c.type === 'else_clause').map((c) => ({ ...splitAtThen(c.children), isElse: c.type === 'else_clause' }))];
    const branches: Array<() => void> = [];
    let includeNone = true;
    for (const [index, clause] of clauses.entries()) {
      const isElse = 'isElse' in clause && clause.isElse;
      const decided = isElse ? true : this.decide(clause.condition);
      if (decided === false) continue;
      branches.push(() => {
        if (index > 0) clause.condition.forEach((part) => this.statement(part));
        clause.body.forEach((part) => this.statement(part));
      });
      if (decided === true) {
        includeNone = false;
        break;
      }
    }
    if (branches.length === 1 && !includeNone) branches[0]!();
    else if (branches.length > 0) {
      // `if [ ! -e P ]; then …; fi` alone: its body runs only when P is absent.
      const tested = clauses.length === 1 ? this.existenceTested(first.condition) : undefined;
      this.branches(branches, includeNone, tested !== undefined && !tested.holdsWhenPresent ? tested.path : undefined);
    }
  }

  /**
   * A condition that only tests whether one path exists: `[ -e P ]`, `[ ! -f P ]`, `! [ -d P ]`, `test
   * ! -e P`, `[[ -e P ]]` (also -f, -d), P a known word naming one certain path; with whether the
   * condition holds when P exists. Undefined otherwise.
   */
  private existenceTested(condition: readonly SyntaxNode[]): { path: string; holdsWhenPresent: boolean } | undefined {
    const test = singleTest(condition);
    if (!test) return undefined;
    const node = test.node;
    let negate = test.negate;
    let word: string | undefined;
    if (node.type === 'test_command') {
      const inner = node.children.filter((c) => c.isNamed);
      if (inner.length !== 1) return undefined;
      let expression = inner[0]!;
      for (;;) {
        if (expression.type !== 'unary_expression') return undefined;
        const operator = expression.children[0];
        const named = expression.children.filter((c) => c.isNamed);
        const operand = named[named.length - 1];
        if (!operator || !operand || operand === operator) return undefined;
        const op = this.text(operator);
        if (op === '!') {
          negate = !negate;
          expression = operand;
          continue;
        }
        if (op !== '-e' && op !== '-f' && op !== '-d') return undefined;
        word = this.knownWord(operand);
        break;
      }
    } else if (node.type === 'command') {
      const name = node.children.find((c) => c.field === 'name');
      if (!name || this.text(name) !== 'test') return undefined;
      const words = node.children.filter((c) => c.field === 'argument').map((c) => this.knownWord(c));
      if (words.some((w) => w === undefined)) return undefined;
      let rest = words as string[];
      while (rest[0] === '!' && rest.length > 1) {
        negate = !negate;
        rest = rest.slice(1);
      }
      if (rest.length !== 2 || (rest[0] !== '-e' && rest[0] !== '-f' && rest[0] !== '-d')) return undefined;
      word = rest[1];
    }
    if (word === undefined || word === '') return undefined;
    const resolved = this.resolveText(word);
    if (resolved.length !== 1 || resolved[0]!.possible || resolved[0]!.recursive) return undefined;
    return { path: resolved[0]!.path, holdsWhenPresent: !negate };
  }

  /**
   * Whether a condition (the statements before `then`, or one element of a list) is a test that
   * volint can decide, and its result: `[ A = B ]`, `[ A != B ]` (also `==`, `[[ … ]]` without a
   * pattern), `[ -z A ]`, `[ -n A ]`, `[ A ]`, `test …` of these, negated with `!`, where every word
   * has a known value that no guess led to. Undefined otherwise.
   */
  private decide(condition: readonly SyntaxNode[]): boolean | undefined {
    const test = singleTest(condition);
    if (!test) return undefined;
    const { node, negate } = test;
    let result: boolean | undefined;
    if (node.type === 'test_command') {
      const inner = node.children.filter((c) => c.isNamed);
      result = inner.length === 1 ? this.testExpression(inner[0]!, node.children[0]?.type === '[[') : undefined;
    } else if (node.type === 'command') {
      const name = node.children.find((c) => c.field === 'name');
      if (!name || this.text(name) !== 'test') return undefined;
      const words = node.children.filter((c) => c.field === 'argument').map((c) => this.knownWord(c));
      if (words.some((w) => w === undefined)) return undefined;
      result = testWords(words as string[]);
    }
    return result === undefined ? undefined : result !== negate;
  }

  private testExpression(node: SyntaxNode, double: boolean): boolean | undefined {
    const named = node.children.filter((c) => c.isNamed);
    switch (node.type) {
      case 'binary_expression': {
        const operator = node.children.find((c) => c.field === 'operator');
        const left = node.children.find((c) => c.field === 'left');
        const right = node.children.find((c) => c.field === 'right');
        if (!operator || !left || !right) return undefined;
        const op = this.text(operator);
        if (op !== '=' && op !== '==' && op !== '!=') return undefined;
        // In `[[ ]]` an unquoted right side is a pattern.
        if (double && right.type !== 'string' && right.type !== 'raw_string') return undefined;
        const a = this.knownWord(left);
        const b = this.knownWord(right);
        if (a === undefined || b === undefined) return undefined;
        return op === '!=' ? a !== b : a === b;
      }
      case 'unary_expression': {
        const operator = node.children[0];
        const operand = named[named.length - 1];
        if (!operator || !operand || operand === operator) return undefined;
        const op = this.text(operator);
        if (op === '!') {
          const inner = this.testExpression(operand, double);
          return inner === undefined ? undefined : !inner;
        }
        if (op !== '-z' && op !== '-n') return undefined;
        const value = this.knownWord(operand);
        if (value === undefined) return undefined;
        return op === '-z' ? value === '' : value !== '';
      }
      case 'parenthesized_expression':
        return named.length === 1 ? this.testExpression(named[0]!, double) : undefined;
      case 'string':
      case 'raw_string':
      case 'simple_expansion':
      case 'expansion':
      case 'concatenation':
      case 'word': {
        const value = this.knownWord(node);
        return value === undefined ? undefined : value !== '';
      }
      default:
        return undefined;
    }
  }

  /** A test (`[ … ]`, `[[ … ]]`, `test …`), possibly negated: what follows it with `&&` runs only when it holds. */
  private isTest(node: SyntaxNode): boolean {
    let current = node;
    while (current.type === 'negated_command') {
      const inner = current.children.find((c) => c.isNamed);
      if (!inner) return false;
      current = inner;
    }
    if (current.type === 'test_command') return true;
    const name = current.type === 'command' ? current.children.find((c) => c.field === 'name') : undefined;
    return name !== undefined && this.text(name) === 'test';
  }

  /** A word's value when it is known, no guess led to it and it holds no wildcard; else undefined. */
  private knownWord(node: SyntaxNode): string | undefined {
    const arg = expandWordNoSplit(node, this.expander());
    return arg.value === undefined || arg.guessed || arg.wildcard >= 0 ? undefined : arg.value;
  }

  private whileStatement(node: SyntaxNode): void {
    const children = node.children;
    for (const child of children) if (child.field === 'condition') this.statement(child);
    const body = children.find((c) => c.field === 'body');
    if (body) this.branches([() => this.statement(body)], true);
  }

  /** `for x in a b; do …; done` runs the body once per known value; otherwise with `x` unknown. */
  private forStatement(node: SyntaxNode): void {
    const children = node.children;
    const variable = children.find((c) => c.field === 'variable');
    const body = children.find((c) => c.field === 'body');
    const valueNodes = children.filter((c) => c.field === 'value');
    const expander = this.expander();
    const values = valueNodes.flatMap((value) => expandWord(value, expander));
    if (!variable || !body) return;
    const name = this.text(variable);
    const known = values.every((v) => v.value !== undefined && v.wildcard < 0);
    if (valueNodes.length > 0 && known && values.length <= MAX_LOOP_VALUES && this.unrolling === 0) {
      this.unrolling++;
      try {
        for (const value of values) {
          this.state.vars.set(name, { kind: 'set', value: value.value!, guessed: value.guessed });
          this.statement(body);
        }
      } finally {
        this.unrolling--;
      }
      return;
    }
    this.state.vars.set(name, { kind: 'unknown' });
    this.branches([() => this.statement(body)], true);
  }

  private caseStatement(node: SyntaxNode): void {
    const children = node.children;
    for (const child of children) if (child.field === 'value') this.scanSubstitutions(child);
    const items = children.filter((c) => c.type === 'case_item');
    this.branches(
      items.map((item) => () => {
        for (const child of item.children) {
          if (child.field !== 'value' && child.isNamed) this.statement(child);
        }
      }),
      true,
    );
  }

  /** Finds `$(…)` inside words that are not commands (test expressions, `case` words). */
  private scanSubstitutions(node: SyntaxNode): void {
    if (node.type === 'command_substitution' || node.type === 'process_substitution') {
      this.statement(node);
      return;
    }
    for (const child of node.children) this.scanSubstitutions(child);
  }

  private text(node: SyntaxNode): string {
    return this.source.slice(node.startIndex, node.endIndex);
  }
}

function firstField(node: SyntaxNode, field: string): SyntaxNode | undefined {
  return node.children.find((c) => c.field === field);
}

/** Splits the children of `if`/`elif` into the condition (before `then`) and the body. */
function splitAtThen(children: readonly SyntaxNode[]): { condition: SyntaxNode[]; body: SyntaxNode[] } {
  const then = children.findIndex((c) => c.type === 'then');
  const statements = (list: readonly SyntaxNode[]) =>
    list.filter((c) => c.isNamed && c.type !== 'elif_clause' && c.type !== 'else_clause' && !STATEMENT_SEPARATORS.has(c.type));
  if (then < 0) return { condition: [], body: statements(children) };
  return { condition: statements(children.slice(0, then)), body: statements(children.slice(then + 1)) };
}

/** The directory after one of two branches ran: the candidates of both, or their common ancestor. */
function mergeCwd(a: Cwd, b: Cwd): Cwd {
  if (a.paths.length === 0 || b.paths.length === 0) return UNKNOWN_CWD;
  const paths = [...new Set([...a.paths, ...b.paths])];
  const possible = a.possible || b.possible;
  if (a.exact && b.exact && paths.length <= MAX_CWD_CANDIDATES) return { paths, exact: true, possible };
  return { paths: [paths.reduce((x, y) => commonAncestor(x, y))], exact: false, possible: true };
}

function mergeStates(a: State, b: State): State {
  return { cwd: mergeCwd(a.cwd, b.cwd), previous: mergeCwd(a.previous, b.previous), stack: a.stack, vars: Vars.merge(a.vars, b.vars) };
}

function sameValue(a: VarValue, b: VarValue): boolean {
  if (a.kind === 'set' && b.kind === 'set') return a.value === b.value;
  return a.kind === b.kind && a.kind !== 'unknown';
}

/** The delimiters of heredocs that start but have no body and no end (`cat <<'EOF' > /f`). */
function unterminatedHeredocs(root: SyntaxNode, source: string): string[] {
  const delimiters: Array<{ at: number; text: string }> = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = node.children;
    const ended = children.some((c) => c.type === 'heredoc_end' || c.type === 'heredoc_body');
    for (const child of children) {
      if (child.type === 'heredoc_start' && !ended) {
        let delimiter = '';
        for (const ch of source.slice(child.startIndex, child.endIndex)) if (ch !== '"' && ch !== "'" && ch !== '\\') delimiter += ch;
        if (delimiter !== '') delimiters.push({ at: child.startIndex, text: delimiter });
      }
      stack.push(child);
    }
  }
  // Heredocs close in the order they were opened.
  return delimiters.sort((a, b) => a.at - b.at).map((d) => d.text);
}

/** True when the tree (which tree-sitter says has an error) has a syntax error other than tree-sitter's misreadings of `<>` (a lone `<` or `>`). */
function hasSyntaxError(root: SyntaxNode): boolean {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isMissing) return true;
    if (node.type === 'ERROR') {
      const only = node.children.length === 1 ? node.children[0]!.type : undefined;
      if (only !== '<' && only !== '>') return true;
      continue;
    }
    for (const child of node.children) stack.push(child);
  }
  return false;
}

/**
 * Arguments with nothing between them are one word to the shell. tree-sitter-bash splits a few
 * words in two (`/data/$V/x-$V.log` into `/data/$V/x-$` and `V.log`: issue 13), which would make a
 * second, wrong path (`/V.log`); such neighbours are read as one concatenation. (The `$` before
 * the split stays literal: the path is still cut at the unknown `$V` before it.)
 */
function joinAdjacent(nodes: readonly SyntaxNode[]): SyntaxNode[] {
  const joined: SyntaxNode[] = [];
  for (const node of nodes) {
    const previous = joined[joined.length - 1];
    if (previous && previous.endIndex === node.startIndex) {
      const both = new Node('concatenation', 'argument', previous.startIndex, node.endIndex, true, false);
      both.children = [previous, node];
      joined[joined.length - 1] = both;
    } else {
      joined.push(node);
    }
  }
  return joined;
}


/** `test` with known words: `A = B`, `A != B`, `-z A`, `-n A`, `A`, each negated by a leading `!`. */
function testWords(words: readonly string[]): boolean | undefined {
  if (words[0] === '!' && words.length > 1) {
    const inner = testWords(words.slice(1));
    return inner === undefined ? undefined : !inner;
  }
  if (words.length === 1) return words[0] !== '';
  if (words.length === 2 && words[0] === '-z') return words[1] === '';
  if (words.length === 2 && words[0] === '-n') return words[1] !== '';
  if (words.length === 3 && (words[1] === '=' || words[1] === '==')) return words[0] === words[2];
  if (words.length === 3 && words[1] === '!=') return words[0] !== words[2];
  return undefined;
}

/**
 * A condition of one command, with the `!`s before it taken off (and whether they negate it); undefined
 * for several commands, or one that runs a substitution (reading it would run it twice).
 */
function singleTest(condition: readonly SyntaxNode[]): { node: SyntaxNode; negate: boolean } | undefined {
  if (condition.length !== 1) return undefined;
  let node = condition[0]!;
  let negate = false;
  while (node.type === 'negated_command') {
    const inner = node.children.filter((c) => c.isNamed);
    if (inner.length !== 1) return undefined;
    node = inner[0]!;
    negate = !negate;
  }
  return hasSubstitution(node) ? undefined : { node, negate };
}

/** Whether a command or process substitution runs inside the node (deciding it would run it twice). */
function hasSubstitution(node: SyntaxNode): boolean {
  if (node.type === 'command_substitution' || node.type === 'process_substitution' || node.type === 'arithmetic_expansion') return true;
  return node.children.some(hasSubstitution);
}
