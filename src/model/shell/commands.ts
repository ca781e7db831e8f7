/**
 * What each known command does to paths, with the option syntax of its GNU (and, where it differs,
 * busybox) implementation. A command that is not known and not a known read writes `possible`ly to
 * every argument that looks like a path.
 */
import type { ShellEffectKind } from '../shell-types.js';
import type { Analysis, Call, ConfiguredDirs } from './analysis.js';
import { parseOptions, type OptionSpec, type ParsedArgs } from './options.js';
import { baseName, commandBaseName } from './paths.js';
import { joinArgs, literalArg, sliceArg, UNKNOWN_MARK, type Arg, type VarValue } from './words.js';

type Handler = (call: Call, a: Analysis) => void;

export function dispatchCommand(call: Call, a: Analysis): void {
  if (call.pipedUrl !== undefined && call.nameKnown) pipedInstaller(call, a, call.pipedUrl);
  // A program named by its path runs that file (ShellEffect kind `exec`).
  if (call.nameKnown && call.written.includes('/')) a.emitText('exec', call.written, call.written, range(call));
  if (!call.nameKnown) {
    generic(call, a);
    return;
  }
  const handler = HANDLERS.get(call.name) ?? HANDLERS.get(versionless(call.name));
  if (handler) handler(call, a);
  else if (!READ_ONLY.has(call.name)) generic(call, a);
}

/** `python3.12` → `python`, `pip3` → `pip`. */
function versionless(name: string): string {
  let end = name.length;
  while (end > 0 && /[0-9.]/.test(name[end - 1]!)) end--;
  return name.slice(0, end);
}

/** Commands that never write to the paths they are given (interpreters run code the analysis cannot see). */
const READ_ONLY = new Set([
  ':', '[', '[[', 'alias', 'apt-cache', 'apt-config', 'apk-info', 'arch', 'awk', 'b2sum', 'basename', 'bun', 'cat',
  'cksum', 'cmp', 'column', 'comm', 'cut', 'date', 'deno', 'df', 'diff', 'dig', 'dirname', 'dpkg-architecture',
  'dpkg-query', 'du', 'echo', 'egrep', 'exit', 'expr', 'false', 'fgrep', 'file', 'fold', 'free', 'gawk', 'getent',
  'getopts', 'grep', 'groups', 'hash', 'head', 'hexdump', 'host', 'hostname', 'id', 'java', 'jq', 'join', 'kill',
  'ldd', 'less', 'let', 'locale', 'ls', 'lsb_release', 'lua', 'mawk', 'md5sum', 'more', 'nl', 'node', 'nodejs',
  'nproc', 'nslookup', 'od', 'paste', 'pgrep', 'php', 'ping', 'printenv', 'printf', 'ps', 'pwd', 'python', 'readlink',
  'realpath', 'return', 'rev', 'rg', 'Rscript', 'ruby', 'seq', 'set', 'sha1sum', 'sha224sum', 'sha256sum',
  'sha384sum', 'sha512sum', 'shift', 'shopt', 'sleep', 'source', '.', 'stat', 'strings', 'tac', 'tail', 'test',
  'tput', 'tr', 'trap', 'tree', 'true', 'type', 'ulimit', 'umask', 'uname', 'unalias', 'uptime', 'wait', 'wc',
  'whereis', 'which', 'whoami', 'xxd', 'yes', 'yq', 'zcat', 'zgrep', 'export', 'declare', 'local', 'readonly',
  'typeset', 'unset', 'mktemp', 'curl-config', 'pkg-config', 'getconf', 'logger', 'openssl-version',
]);

const range = (call: Call) => ({ start: call.start, end: call.end });

/** The base name named by an argument, when known and not a glob. */
function argBaseName(arg: Arg): string | undefined {
  if (arg.value === undefined || arg.wildcard >= 0) return undefined;
  return baseName(arg.value) || undefined;
}

const endsWithSlash = (arg: Arg) => arg.value !== undefined && arg.value.endsWith('/');

// -------------------------------------------------------------------------------------------------
// File utilities (GNU coreutils)

/** mkdir -m MODE sets the mode of the directories it names (not of the parents -p creates): a chmod. */
const mkdir: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'm', longWithValue: ['mode'], aliases: { parents: 'p', mode: 'm' } });
  const mode = p.has('m');
  const parents = p.has('p');
  for (const operand of p.operands) {
    a.emitArg('mkdir', operand, call.written, { possible: p.uncertain, parents });
    if (mode) a.emitArg('chmod', operand, call.written, { possible: p.uncertain });
  }
};

const touch: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'drt', longWithValue: ['date', 'reference', 'time'] });
  for (const operand of p.operands) a.emitArg('write', operand, call.written, { possible: p.uncertain });
};

/**
 * cp/mv/install/ln: the destination is the last operand, or `-t DIR`. When the destination is a
 * directory for sure (`-t`, several sources, a trailing slash), each source lands inside it.
 */
function transfer(
  call: Call,
  a: Analysis,
  p: ParsedArgs,
  kind: ShellEffectKind,
  options: { recursive: boolean; deleteSources: boolean; command?: string; recordSource?: boolean; ontoExisting?: { file: boolean } },
): void {
  const command = options.command ?? call.written;
  const possible = p.uncertain;
  const target = p.last('t');
  let sources = p.operands;
  let dest: Arg;
  let destIsDirectory: boolean;
  if (target) {
    dest = target;
    destIsDirectory = true;
  } else {
    if (sources.length < 2) return;
    dest = sources[sources.length - 1]!;
    sources = sources.slice(0, -1);
    destIsDirectory = !p.has('T') && (sources.length > 1 || endsWithSlash(dest));
  }
  if (options.deleteSources) {
    for (const source of sources) a.emitArg('delete', source, command, { recursive: true, possible });
  }
  // Where each copy comes from, when the source is one known path (`cp -a /opt/app/conf /opt/app/dist`),
  // or the entries of one known directory (`cp -R /opt/dist/* /app`).
  const from = (source: Arg): { copiedFrom?: string; entriesFrom?: { dir: string; dotted: boolean } } => {
    if (!options.recordSource) return {};
    if (source.wildcard >= 0) {
      // Without -r, cp copies the files among the entries and refuses the directories.
      const dir = options.recursive ? entriesDirectory(source, a) : undefined;
      return dir === undefined ? {} : { entriesFrom: { dir, dotted: false } };
    }
    const resolved = a.resolve(source);
    return resolved.length === 1 && !resolved[0]!.possible && !resolved[0]!.recursive ? { copiedFrom: resolved[0]!.path } : {};
  };
  if (!destIsDirectory) {
    // One source onto a path that may be a directory: where it lands depends on that (`cp app.conf /data`).
    const name = sources.length === 1 && !p.has('T') && options.ontoExisting ? argBaseName(sources[0]!) : undefined;
    const resolved = name !== undefined ? a.resolve(sources[0]!) : [];
    const source = resolved.length === 1 && !resolved[0]!.possible && !resolved[0]!.recursive ? { source: resolved[0]!.path } : {};
    const into = name !== undefined && name !== '.' && name !== '..' ? { intoExisting: { name, file: options.ontoExisting!.file, ...source } } : {};
    a.emitArg(kind, dest, command, { recursive: options.recursive, possible, ...(sources.length === 1 ? from(sources[0]!) : {}), ...into });
    return;
  }
  for (const source of sources) {
    a.emitInDirectory(kind, dest, argBaseName(source), command, dest, { recursive: options.recursive, possible, ...from(source) });
  }
}

/**
 * The directory whose entries a source names as `DIR/*` (a `*` alone as its last segment, no other
 * wildcard), resolved to one certain path; undefined otherwise.
 */
function entriesDirectory(source: Arg, a: Analysis): string | undefined {
  const value = source.value;
  if (value === undefined || !value.endsWith('/*') || source.wildcard !== value.length - 1 || value.length < 3) return undefined;
  const resolved = a.resolveText(value.slice(0, -2));
  return resolved.length === 1 && !resolved[0]!.possible && !resolved[0]!.recursive ? resolved[0]!.path : undefined;
}

const COPY_SPEC: OptionSpec = {
  shortWithValue: 'tS',
  longWithValue: ['target-directory', 'suffix'],
  aliases: { 'target-directory': 't', recursive: 'r', archive: 'a', 'no-target-directory': 'T', suffix: 'S' },
};

const cp: Handler = (call, a) => {
  const p = parseOptions(call.args, COPY_SPEC);
  const recursive = p.has('r', 'R', 'a');
  transfer(call, a, p, 'write', { recursive, deleteSources: false, recordSource: true, ontoExisting: { file: !recursive } });
};

const mv: Handler = (call, a) => {
  const p = parseOptions(call.args, COPY_SPEC);
  transfer(call, a, p, 'write', { recursive: true, deleteSources: true, ontoExisting: { file: false } });
};

const install: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'gmoSt',
    longWithValue: ['group', 'mode', 'owner', 'suffix', 'target-directory', 'strip-program'],
    aliases: { directory: 'd', 'target-directory': 't', 'no-target-directory': 'T' },
  });
  if (p.has('d')) {
    // install -d creates missing parents too (GNU coreutils, BusyBox).
    for (const operand of p.operands) a.emitArg('mkdir', operand, call.written, { possible: p.uncertain, parents: true });
    return;
  }
  transfer(call, a, p, 'write', { recursive: false, deleteSources: false });
};

/** ln: the link is written; `ln TARGET` links into the current directory. */
const ln: Handler = (call, a) => {
  const p = parseOptions(call.args, COPY_SPEC);
  const possible = p.uncertain;
  if (!p.last('t') && p.operands.length === 1) {
    const target = p.operands[0]!;
    a.emitInDirectory('write', undefined, argBaseName(target), call.written, target, { possible });
    return;
  }
  // ln -s TARGET LINK with LINK not a directory for sure: the link itself, pointing at TARGET. The
  // model follows such links into volumes (what later steps write through /link lands in /data).
  const [target, link] = p.operands;
  if (p.has('s') && !p.last('t') && p.operands.length === 2 && target?.value !== undefined && link && !endsWithSlash(link) && !p.has('T')) {
    a.emitArg('write', link, call.written, { possible, linkTarget: target.value });
    return;
  }
  transfer(call, a, p, 'write', { recursive: false, deleteSources: false });
};

const rm: Handler = (call, a) => {
  const p = parseOptions(call.args, { aliases: { recursive: 'r', force: 'f', dir: 'd' } });
  const recursive = p.has('r', 'R');
  for (const operand of p.operands) a.emitArg('delete', operand, call.written, { recursive, possible: p.uncertain });
};

const rmdir: Handler = (call, a) => {
  const p = parseOptions(call.args, { aliases: { parents: 'p' } });
  for (const operand of p.operands) {
    a.emitArg('delete', operand, call.written, { possible: p.uncertain });
    // `rmdir -p a/b/c` also removes a/b and a.
    if (p.has('p') && operand.value !== undefined && operand.wildcard < 0) {
      const segments = operand.value.split('/');
      for (let n = segments.length - 1; n > 0; n--) {
        const parent = segments.slice(0, n).join('/');
        if (parent !== '') a.emitArg('delete', { ...operand, value: parent, prefix: parent, exactAt: undefined }, call.written, { possible: p.uncertain });
      }
    }
  }
};

/** chown OWNER FILE…, chgrp GROUP FILE…; `--reference=RFILE` replaces the owner operand. */
const chownLike: Handler = (call, a) => {
  const p = parseOptions(call.args, { longWithValue: ['from', 'reference'], aliases: { recursive: 'R' } });
  const files = p.has('reference') ? p.operands : p.operands.slice(1);
  const owner = p.has('reference') ? undefined : p.operands[0]?.value;
  const setting = owner === undefined ? {} : { setting: call.name === 'chgrp' ? `:${owner}` : owner };
  for (const file of files) a.emitArg('chown', file, call.written, { recursive: p.has('R'), possible: p.uncertain, ...setting });
};

/** chmod MODE FILE…; a mode may look like an option (`chmod -x file`). */
const chmod: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    longWithValue: ['reference'],
    aliases: { recursive: 'R' },
    isOperand: (text) => /^-[rwxXstugoa=+,0-7-]+$/.test(text),
  });
  const files = p.has('reference') ? p.operands : p.operands.slice(1);
  const mode = p.has('reference') ? undefined : p.operands[0]?.value;
  // 4755, 6755, u+s, +s: the set-user-ID bit (a setuid init regains root at start).
  const setuid = mode !== undefined && (/^0?[4-7][0-7]{3}$/.test(mode) || /^[ugoa]*\+[rwxXt]*s/.test(mode));
  for (const file of files) {
    a.emitArg('chmod', file, call.written, { recursive: p.has('R'), possible: p.uncertain, ...(setuid ? { setuid } : {}), ...(mode !== undefined ? { setting: mode } : {}) });
  }
};

const tee: Handler = (call, a) => {
  const p = parseOptions(call.args, { aliases: { append: 'a' } });
  for (const file of p.operands) a.emitArg('write', file, call.written, { possible: p.uncertain });
};

/** sed -i[SUFFIX] / --in-place[=SUFFIX]: the files are rewritten. Without -i sed only reads. */
const sed: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'efl',
    shortOptionalValue: 'i',
    longWithValue: ['expression', 'file', 'line-length'],
    aliases: { 'in-place': 'i', expression: 'e', file: 'f' },
  });
  if (!p.has('i')) return;
  const files = p.has('e', 'f') ? p.operands : p.operands.slice(1);
  for (const file of files) a.emitArg('write', file, `${call.written} -i`, { possible: p.uncertain });
};

/** perl -i[EXT] -pe '…' FILE…: in-place edit like sed -i. */
const perl: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'eEIlmMx', shortOptionalValue: 'i' });
  if (!p.has('i')) return;
  const files = p.has('e', 'E') ? p.operands : p.operands.slice(1);
  for (const file of files) a.emitArg('write', file, `${call.written} -i`, { possible: p.uncertain });
};

const truncate: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'rs', longWithValue: ['reference', 'size'] });
  for (const file of p.operands) a.emitArg('write', file, call.written, { possible: p.uncertain });
};

const unlink: Handler = (call, a) => {
  for (const file of call.args) a.emitArg('delete', file, call.written);
};

const mkfifo: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'm', longWithValue: ['mode'] });
  for (const file of p.operands) a.emitArg('write', file, call.written, { possible: p.uncertain });
};

/** dd of=FILE */
const dd: Handler = (call, a) => {
  for (const arg of call.args) {
    if (arg.prefix.startsWith('of=')) a.emitArg('write', sliceArg(arg, 3), call.written);
  }
};

const sort: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'kotST', longWithValue: ['key', 'output', 'field-separator', 'buffer-size', 'temporary-directory', 'files0-from'], aliases: { output: 'o' } });
  const output = p.last('o');
  if (output) a.emitArg('write', output, call.written, { possible: p.uncertain });
};

/** uniq [INPUT [OUTPUT]] */
const uniq: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'fsw', longWithValue: ['skip-fields', 'skip-chars', 'check-chars', 'group', 'all-repeated'] });
  const output = p.operands[1];
  if (output && output.value !== '-') a.emitArg('write', output, call.written, { possible: p.uncertain });
};

const rsync: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'eBfMT', longWithValue: ['rsh', 'filter', 'exclude', 'include', 'exclude-from', 'include-from', 'temp-dir', 'block-size', 'chmod', 'chown', 'password-file', 'files-from', 'backup-dir', 'suffix', 'log-file'], aliases: { recursive: 'r', archive: 'a' } });
  const dest = p.operands[p.operands.length - 1];
  if (p.operands.length < 2 || !dest) return;
  const text = dest.value ?? dest.prefix;
  if (text.includes('::') || text.startsWith('rsync://') || (text.includes(':') && !text.startsWith('/') && !text.startsWith('.'))) return;
  // `rsync -a DIR/ DEST`: DIR's entries, all of them, unless an option filters them.
  const source = p.operands.length === 2 ? p.operands[0]! : undefined;
  const filtered = p.has('exclude', 'include', 'filter', 'exclude-from', 'include-from', 'files-from', 'f', 'C', 'cvs-exclude', 'existing', 'max-size', 'min-size');
  let entriesFrom: { dir: string; dotted: boolean } | undefined;
  if (source?.value !== undefined && source.wildcard < 0 && source.value.length > 1 && source.value.endsWith('/') && p.has('r', 'a') && !filtered) {
    const resolved = a.resolveText(source.value.slice(0, -1));
    if (resolved.length === 1 && !resolved[0]!.possible && !resolved[0]!.recursive) entriesFrom = { dir: resolved[0]!.path, dotted: true };
  }
  a.emitArg('write', dest, call.written, { recursive: p.has('r', 'a'), possible: p.uncertain, ...(entriesFrom ? { entriesFrom } : {}) });
};

/**
 * find START… EXPR: `-delete` deletes below the start points; `-exec CMD {} ;` runs CMD on them
 * (its effects are `possible` and reach below the start points); `-fprint FILE` writes FILE. An
 * action that the expression runs only on entries of certain names (`find /app -name '*.pyc'
 * -delete`, `\( -name '*.pyc' -o -name '*.pyo' \) -exec rm -rf {} +`) marks its effects with
 * those names (ShellEffect.matching), as find's operators bind: `A -o B -exec` runs the action
 * only where B holds (`-a`, implied between terms, binds tighter than `-o`).
 */
const find: Handler = (call, a) => {
  const args = call.args;
  let i = 0;
  while (i < args.length && (['-H', '-L', '-P', '-D'].includes(args[i]!.value ?? '') || /^-O[0-9]*$/.test(args[i]!.value ?? ''))) {
    if (args[i]!.value === '-D') i++;
    i++;
  }
  const starts: Arg[] = [];
  for (; i < args.length; i++) {
    const text = args[i]!.value ?? args[i]!.prefix;
    if (text.startsWith('-') || text === '(' || text === '!' || text === ')' || text === ',') break;
    starts.push(args[i]!);
  }
  // Each starting point is read: find fails on one that does not exist.
  for (const start of starts) a.emitArg('read', start, call.written);
  if (starts.length === 0) starts.push({ value: '.', prefix: '.', wildcard: -1, guessed: false, start: call.start, end: call.end, exactAt: undefined, reparse: '.' });
  const matching = findActionNames(args, i);
  for (; i < args.length; i++) {
    const text = args[i]!.value;
    const names = matching.get(i);
    if (text === '-delete') {
      // Limited to names, it deletes only what matches, which is not known: possible.
      a.withModifiers(names ? { matching: names, possible: true } : {}, () => {
        for (const start of starts) a.emitArg('delete', start, `${call.written} -delete`, { recursive: true });
      });
    } else if (text === '-fprint' || text === '-fprint0' || text === '-fls' || text === '-fprintf') {
      const file = args[i + 1];
      if (file) a.emitArg('write', file, `${call.written} ${text}`);
      i += text === '-fprintf' ? 2 : 1;
    } else if (text === '-exec' || text === '-execdir' || text === '-ok' || text === '-okdir') {
      const command: Arg[] = [];
      for (i++; i < args.length; i++) {
        const word = args[i]!.value;
        if (word === ';' || (word === '+' && command.length > 0)) break;
        command.push(args[i]!);
      }
      a.withModifiers(names ? { matching: names } : {}, () => {
        for (const start of starts) runOnFound(call, a, command, start, `${call.written} ${text} `);
      });
    }
  }
};

/** find's tests and actions that take one argument (`-name X`), or two (`-fprintf FILE FORMAT`). */
const FIND_ONE_ARGUMENT = new Set([
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname', '-type', '-xtype',
  '-user', '-group', '-uid', '-gid', '-perm', '-size', '-mtime', '-atime', '-ctime', '-mmin', '-amin', '-cmin', '-newer', '-anewer',
  '-cnewer', '-maxdepth', '-mindepth', '-links', '-inum', '-samefile', '-fstype', '-regextype', '-used', '-context', '-printf',
  '-fprint', '-fprint0', '-fls', '-files0-from',
]);
const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/**
 * For each action of a find expression (the index of its `-delete`/`-exec` word in `args`), the base
 * name globs it is limited to, when every way the expression reaches it requires a `-name`/`-iname`
 * test (as written; `-iname` ignores case). Actions that may run on any name are absent. Parsed as
 * find binds: `,` lowest, then `-o`, then `-a` (implied between terms), then `!`; a term is a test,
 * an action or a parenthesised expression. An expression volint cannot follow (an unknown word, an
 * unbalanced parenthesis) limits nothing.
 */
function findActionNames(args: readonly Arg[], from: number): Map<number, string[]> {
  const found = new Map<number, string[]>();
  let i = from;
  let failed = false;
  const word = (): string | undefined => (i < args.length ? args[i]!.value ?? '\0' : undefined);
  // Each parse returns the names the (sub)expression is true only for (null: any name); `context`
  // is what the enclosing and-chain already requires where it starts.
  const list = (context: string[] | null): string[] | null => {
    let names = or(context);
    // `A , B` is true where B is.
    while (word() === ',') {
      i++;
      names = or(context);
    }
    return names;
  };
  const or = (context: string[] | null): string[] | null => {
    let names = and(context);
    while (word() === '-o' || word() === '-or') {
      i++;
      const next = and(context);
      names = names === null || next === null ? null : [...names, ...next];
    }
    return names;
  };
  const and = (context: string[] | null): string[] | null => {
    let names: string[] | null = null;
    for (;;) {
      const w = word();
      if (w === undefined || w === ')' || w === '-o' || w === '-or' || w === ',') return names;
      if (w === '-a' || w === '-and') {
        i++;
        continue;
      }
      const term = unary(names ?? context);
      if (failed) return null;
      if (names === null) names = term;
    }
  };
  const unary = (context: string[] | null): string[] | null => {
    const w = word();
    if (w === '!' || w === '-not') {
      i++;
      unary(context);
      return null;
    }
    if (w === '(') {
      i++;
      const names = list(context);
      if (word() !== ')') failed = true;
      i++;
      return names;
    }
    const at = i;
    i++;
    if (w === '-name' || w === '-iname') {
      const pattern = args[i]?.value;
      i++;
      return pattern === undefined ? null : [pattern];
    }
    if (w === '-delete' || (w !== undefined && FIND_EXEC.has(w))) {
      if (w !== '-delete') {
        const first = i;
        while (i < args.length && !(args[i]!.value === ';' || (args[i]!.value === '+' && i > first))) i++;
        i++;
      }
      if (context !== null) found.set(at, context);
      return null;
    }
    if (w === '-fprintf') i += 2;
    else if (w !== undefined && (FIND_ONE_ARGUMENT.has(w) || /^-newer[aBcmt][aBcmt]$/.test(w))) i++;
    else if (w === undefined || !w.startsWith('-')) failed = true;
    return null;
  };
  list(null);
  return failed || i < args.length ? new Map() : found;
}

/** Runs `find -exec`'s command with `{}` standing for anything below `start`. */
function runOnFound(call: Call, a: Analysis, command: Arg[], start: Arg, prefix: string): void {
  const [name, ...rest] = command;
  if (!name || name.value === undefined) return;
  const below = belowArg(start);
  const args = rest.map((arg) => (arg.value?.includes('{}') ? { ...below, start: arg.start, end: arg.end } : arg));
  a.withModifiers({ possible: true, recursive: true, prefix }, () =>
    a.dispatch({ ...call, name: commandBaseName(name.value!), written: name.value!, nameKnown: true, args, stdin: [] }),
  );
}

/** An Arg for "something below the directory `dir`" (a glob segment after it). */
function belowArg(dir: Arg): Arg {
  if (dir.value === undefined) return { ...dir, exactAt: undefined };
  let text = dir.value;
  while (text.length > 1 && text.endsWith('/')) text = text.slice(0, -1);
  const value = `${text === '/' ? '' : text}/*`;
  return { ...dir, value, prefix: value, wildcard: value.length - 1, exactAt: undefined, reparse: value };
}

/** An argument whose value nothing can know (the items xargs reads). */
function unknownArg(start: number, end: number): Arg {
  return { value: undefined, prefix: '', wildcard: -1, guessed: false, start, end, exactAt: undefined, reparse: UNKNOWN_MARK };
}

const xargs: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'aEdILnPs',
    shortOptionalValue: 'eil',
    longWithValue: ['arg-file', 'delimiter', 'eof', 'replace', 'max-lines', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'],
    aliases: { replace: 'I' },
    stopAtOperand: true,
  });
  const [name, ...rest] = p.operands;
  if (!name || name.value === undefined) return;
  const replace = p.last('I')?.value ?? (p.has('i') ? p.last('i')?.value ?? '{}' : undefined);
  const items = unknownArg(call.start, call.end);
  const args = replace
    ? rest.map((arg) => (arg.value?.includes(replace) ? { ...items, start: arg.start, end: arg.end } : arg))
    : [...rest, items];
  a.withModifiers({ possible: true, prefix: `${call.written} ` }, () =>
    a.dispatch({ ...call, name: commandBaseName(name.value!), written: name.value!, nameKnown: true, args, stdin: [] }),
  );
};

// -------------------------------------------------------------------------------------------------
// Archives and downloads

const TAR_SHORT_VALUE = 'bCfFgHIKLNTVX';

/** tar -x (-C DIR) writes below DIR (or the current directory); tar -c/-r/-u -f FILE writes FILE. */
const tar: Handler = (call, a) => {
  let args = call.args;
  // Old-style bundled options: `tar xzf a.tgz -C /opt` — each letter that takes a value takes the next word.
  const first = args[0];
  if (first?.value && /^[A-Za-z]+$/.test(first.value)) {
    const rest = args.slice(1);
    const expanded: Arg[] = [];
    for (const letter of first.value) {
      expanded.push({ ...first, value: `-${letter}`, prefix: `-${letter}`, exactAt: undefined });
      if (TAR_SHORT_VALUE.includes(letter) && rest.length > 0) expanded.push(rest.shift()!);
    }
    args = [...expanded, ...rest];
  }
  const p = parseOptions(args, {
    shortWithValue: TAR_SHORT_VALUE,
    longWithValue: ['file', 'directory', 'files-from', 'exclude-from', 'exclude', 'format', 'use-compress-program', 'listed-incremental', 'starting-file', 'newer', 'newer-mtime', 'after-date', 'label', 'transform', 'xform', 'strip-components', 'owner', 'group', 'mode', 'mtime', 'blocking-factor', 'record-size', 'tape-length', 'info-script', 'new-volume-script', 'volno-file', 'rmt-command', 'rsh-command', 'index-file', 'to-command', 'sort', 'suffix', 'warning', 'level', 'owner-map', 'group-map', 'quoting-style', 'pax-option', 'checkpoint-action', 'hole-detection'],
    aliases: { extract: 'x', get: 'x', create: 'c', append: 'r', update: 'u', catenate: 'A', concatenate: 'A', list: 't', diff: 'd', compare: 'd', directory: 'C', file: 'f', 'to-stdout': 'O' },
  });
  // -C DIR: tar changes into DIR first, so DIR must exist (BusyBox: "can't change directory to"; a
  // later relative -C is relative to the one before it, so only the first is placed here).
  const enters = p.all('C');
  if (enters[0]) a.emitArg('enter', enters[0], 'tar -C', { possible: p.uncertain });
  if (p.has('x')) {
    if (p.has('O', 'to-command')) return;
    const dir = p.last('C');
    if (dir) a.emitArg('write', dir, 'tar -x', { recursive: true, possible: p.uncertain });
    else a.emitText('write', '.', 'tar -x', range(call), { recursive: true, possible: p.uncertain });
    return;
  }
  if (p.has('c', 'r', 'u', 'A')) {
    const file = p.last('f');
    if (!file || file.value === '-') return;
    const mode = p.has('c') ? 'c' : p.has('r') ? 'r' : p.has('u') ? 'u' : 'A';
    a.emitArg('write', file, `tar -${mode}`, { possible: p.uncertain });
  }
};

/**
 * ls, du, stat: each operand is read (it must exist, or the command fails). Options that take a
 * value are listed so that the value is not read as a path; those whose value is optional (ls
 * --color[=WHEN]) are written attached or not at all.
 */
function reader(spec: OptionSpec): Handler {
  return (call, a) => {
    const p = parseOptions(call.args, spec);
    for (const operand of p.operands) a.emitArg('read', operand, call.written, { possible: p.uncertain });
  };
}

const ls = reader({
  shortWithValue: 'ITw',
  longWithValue: ['ignore', 'hide', 'tabsize', 'width', 'format', 'sort', 'time', 'time-style', 'quoting-style', 'indicator-style', 'block-size'],
});
const du = reader({ shortWithValue: 'BdtX', longWithValue: ['block-size', 'max-depth', 'threshold', 'exclude-from', 'exclude', 'files0-from', 'time-style'] });
const stat = reader({ shortWithValue: 'c', longWithValue: ['format', 'printf'] });

/** unzip FILE [MEMBERS] [-x EXCLUDED] [-d DIR]: options may follow the file name. */
const unzip: Handler = (call, a) => {
  const args = call.args;
  let dest: Arg | undefined;
  let archive: Arg | undefined;
  let readOnly = false;
  let excluding = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const text = arg.value ?? arg.prefix;
    if (text.startsWith('-') && text.length > 1) {
      excluding = false;
      for (let k = 1; k < text.length; k++) {
        const letter = text[k]!;
        if (letter === 'd') {
          dest = k + 1 < text.length ? sliceArg(arg, k + 1) : args[++i];
          break;
        }
        if (letter === 'P') {
          if (k + 1 >= text.length) i++;
          break;
        }
        if (letter === 'x') excluding = true;
        if ('lptvzcZ'.includes(letter)) readOnly = true;
      }
      continue;
    }
    if (excluding) continue;
    archive ??= arg;
  }
  if (readOnly || !archive) return;
  if (dest) a.emitArg('write', dest, call.written, { recursive: true });
  else a.emitText('write', '.', call.written, range(call), { recursive: true });
};

/** The file name part of a URL's path (`https://h/a/b.tgz?x` → `b.tgz`), when it has one. */
function urlBaseName(url: Arg): string | undefined {
  if (url.value === undefined) return undefined;
  let text = url.value;
  for (const stop of ['#', '?']) {
    const at = text.indexOf(stop);
    if (at >= 0) text = text.slice(0, at);
  }
  const scheme = text.indexOf('://');
  if (scheme >= 0) {
    const path = text.indexOf('/', scheme + 3);
    if (path < 0) return undefined;
    text = text.slice(path);
  }
  const name = text.slice(text.lastIndexOf('/') + 1);
  return name === '' ? undefined : name;
}

const CURL_LONG_VALUE = [
  'output', 'output-dir', 'user-agent', 'cookie', 'cookie-jar', 'continue-at', 'data', 'data-ascii', 'data-binary',
  'data-raw', 'data-urlencode', 'dump-header', 'referer', 'cert', 'cert-type', 'cacert', 'capath', 'key', 'key-type',
  'form', 'form-string', 'header', 'config', 'max-time', 'connect-timeout', 'retry', 'retry-delay', 'retry-max-time',
  'proxy', 'proxy-user', 'request', 'range', 'upload-file', 'user', 'write-out', 'speed-limit', 'speed-time',
  'time-cond', 'limit-rate', 'max-filesize', 'max-redirs', 'proto', 'proto-redir', 'proto-default', 'resolve',
  'connect-to', 'interface', 'dns-servers', 'ciphers', 'url', 'trace', 'trace-ascii', 'stderr', 'libcurl',
  'etag-save', 'etag-compare', 'hsts', 'alt-svc', 'oauth2-bearer', 'pinnedpubkey', 'preproxy', 'noproxy',
  'unix-socket', 'abstract-unix-socket', 'expect100-timeout', 'keepalive-time', 'local-port', 'mail-from',
  'mail-rcpt', 'mail-auth', 'ftp-port', 'quote', 'socks5', 'socks5-hostname', 'socks4', 'socks4a', 'tls-max',
  'variable', 'json', 'aws-sigv4', 'telnet-option', 'crlfile', 'netrc-file', 'create-file-mode',
];

/** curl: `-o FILE` / `-O` (URL base name) pair with the URLs in order; `--output-dir` holds them. */
const curl: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'AbcCdDeEFHKmoPQrtTuUwxXyYz',
    longWithValue: CURL_LONG_VALUE,
    aliases: { output: 'o', 'remote-name': 'O', 'dump-header': 'D', 'cookie-jar': 'c', 'remote-header-name': 'J' },
  });
  const possible = p.uncertain;
  const urls = [...p.operands, ...p.all('url')];
  const outputDir = p.last('output-dir');
  const remoteAll = p.has('remote-name-all');
  const outputs = p.options.filter((o) => o.name === 'o' || o.name === 'O');
  if (outputs.length === 0 && !remoteAll && urls.length === 1 && urls[0]!.value !== undefined) a.downloadsToPipe(urls[0]!.value);
  urls.forEach((url, index) => {
    const output = outputs[index];
    if (output?.name === 'o') {
      const file = output.value;
      if (!file || file.value === '-') return;
      if (outputDir && file.value !== undefined && !file.value.startsWith('/')) {
        a.emitInDirectory('write', outputDir, file.value, call.written, file, { possible });
      } else {
        a.emitArg('write', file, call.written, { possible });
      }
    } else if (output?.name === 'O' || (remoteAll && !output)) {
      const name = p.has('J') ? undefined : urlBaseName(url);
      a.emitInDirectory('write', outputDir, name, call.written, url, { possible: possible || name === undefined });
    }
  });
  // `-o FILE` without a URL still names the file.
  for (const output of outputs.slice(urls.length)) {
    if (output.name === 'o' && output.value && output.value.value !== '-') a.emitArg('write', output.value, call.written, { possible });
  }
  for (const name of ['D', 'c', 'trace', 'trace-ascii', 'stderr', 'libcurl', 'etag-save']) {
    for (const file of p.all(name)) if (file.value !== '-' && file.value !== '%') a.emitArg('write', file, call.written, { possible });
  }
};

/** wget: `-O FILE`, else each URL's base name in `-P DIR` (or the current directory). */
const wget: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'eoaiBtOTwQPlARDIXUn',
    longWithValue: ['output-document', 'output-file', 'append-output', 'directory-prefix', 'tries', 'timeout', 'wait', 'quota', 'execute', 'input-file', 'base', 'user-agent', 'level', 'accept', 'reject', 'domains', 'include-directories', 'exclude-directories', 'header', 'user', 'password', 'http-user', 'http-password', 'post-data', 'post-file', 'load-cookies', 'save-cookies', 'ca-certificate', 'certificate', 'private-key', 'progress', 'restrict-file-names', 'referer', 'cut-dirs', 'dns-timeout', 'connect-timeout', 'read-timeout', 'limit-rate', 'waitretry', 'bind-address', 'local-encoding', 'remote-encoding', 'method', 'body-data', 'body-file', 'default-page', 'ca-directory'],
    aliases: { 'output-document': 'O', 'output-file': 'o', 'append-output': 'a', 'directory-prefix': 'P', recursive: 'r', mirror: 'm', 'force-directories': 'x' },
  });
  const possible = p.uncertain;
  for (const log of p.all('o', 'a')) a.emitArg('write', log, call.written, { possible });
  for (const cookies of p.all('save-cookies')) a.emitArg('write', cookies, call.written, { possible });
  if (p.has('spider')) return;
  const document = p.last('O');
  if (document) {
    if (document.value !== '-') a.emitArg('write', document, call.written, { possible });
    else if (p.operands.length === 1 && p.operands[0]!.value !== undefined) a.downloadsToPipe(p.operands[0]!.value);
    return;
  }
  const prefix = p.last('P');
  const tree = p.has('r', 'm', 'x') || p.has('page-requisites', 'p');
  for (const url of p.operands) {
    if (tree) {
      a.emitInDirectory('write', prefix, undefined, call.written, url, { possible });
      continue;
    }
    const known = url.value !== undefined;
    const name = known ? urlBaseName(url) ?? 'index.html' : undefined;
    a.emitInDirectory('write', prefix, name, call.written, url, { possible: possible || !known });
  }
};

// -------------------------------------------------------------------------------------------------
// git

const GIT_WORKTREE_COMMANDS = new Set(['checkout', 'switch', 'pull', 'merge', 'reset', 'apply', 'am', 'restore', 'stash', 'rebase', 'cherry-pick', 'revert', 'submodule', 'fetch', 'gc', 'commit', 'add', 'rm', 'mv', 'lfs', 'sparse-checkout', 'worktree']);

/** The directory `git clone URL` creates: the URL's last segment without `.git`. */
function humanishName(url: Arg, bare: boolean): string | undefined {
  if (url.value === undefined) return undefined;
  let text = url.value;
  while (text.endsWith('/')) text = text.slice(0, -1);
  if (text.endsWith('/.git')) text = text.slice(0, -5);
  const cut = Math.max(text.lastIndexOf('/'), text.lastIndexOf(':'));
  let name = text.slice(cut + 1);
  if (name.endsWith('.git')) name = name.slice(0, -4);
  if (name === '') return undefined;
  return bare ? `${name}.git` : name;
}

const git: Handler = (call, a) => {
  const args = call.args;
  const directories: Arg[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const text = args[i]!.value ?? args[i]!.prefix;
    if (text === '-C') directories.push(args[++i]!);
    else if (text === '-c' || text === '--git-dir' || text === '--work-tree' || text === '--namespace' || text === '--config-env') i++;
    else if (!text.startsWith('-')) break;
  }
  const sub = args[i]?.value;
  const rest = args.slice(i + 1);
  if (!sub) return;
  const run = (body: () => void) => {
    const next = (k: number): void => (k >= directories.length ? body() : a.inDirectory(directories[k], () => next(k + 1)));
    next(0);
  };
  const command = `${call.written} ${sub}`;
  run(() => {
    if (sub === 'clone') {
      const p = parseOptions(rest, {
        shortWithValue: 'boucj',
        longWithValue: ['branch', 'origin', 'upload-pack', 'template', 'reference', 'reference-if-able', 'separate-git-dir', 'depth', 'shallow-since', 'shallow-exclude', 'config', 'jobs', 'filter', 'server-option', 'bundle-uri', 'revision'],
      });
      const [url, dir] = p.operands;
      if (!url) return;
      const possible = p.uncertain;
      if (dir) a.emitArg('write', dir, command, { recursive: true, possible });
      else a.emitInDirectory('write', undefined, humanishName(url, p.has('bare', 'mirror')), command, url, { recursive: true, possible: possible || url.value === undefined });
      const separate = p.last('separate-git-dir');
      if (separate) a.emitArg('write', separate, command, { recursive: true, possible });
      return;
    }
    if (sub === 'init') {
      const p = parseOptions(rest, { shortWithValue: 'b', longWithValue: ['template', 'separate-git-dir', 'initial-branch', 'object-format', 'ref-format'] });
      const dir = p.operands[0];
      const bare = p.has('bare');
      if (dir) {
        if (bare) a.emitArg('write', dir, command, { recursive: true, possible: p.uncertain });
        else a.emitInDirectory('write', dir, '.git', command, dir, { recursive: true, possible: p.uncertain });
      } else {
        a.emitText('write', bare ? '.' : '.git', command, range(call), { recursive: true, possible: p.uncertain });
      }
      return;
    }
    if (sub === 'config') {
      const p = parseOptions(rest, { shortWithValue: 'f', longWithValue: ['file', 'type', 'default', 'blob', 'comment'], aliases: { file: 'f' } });
      const setting = p.has('add', 'unset', 'unset-all', 'replace-all', 'rename-section', 'remove-section') ||
        p.operands.length >= 2 || ['set', 'unset', 'rename-section', 'remove-section'].includes(p.operands[0]?.value ?? '');
      if (!setting) return;
      const file = p.last('f');
      if (file) a.emitArg('write', file, command, { possible: p.uncertain });
      else if (p.has('global')) {
        const home = a.home();
        if (home) a.emitText('write', `${home}/.gitconfig`, command, range(call), { possible: p.uncertain });
      } else if (p.has('system')) a.emitText('write', '/etc/gitconfig', command, range(call), { possible: p.uncertain });
      else a.emitText('write', '.git/config', command, range(call), { possible: true });
      return;
    }
    if (sub === 'clean') {
      a.emitText('delete', '.', command, range(call), { recursive: true, possible: true });
      return;
    }
    if (GIT_WORKTREE_COMMANDS.has(sub)) a.emitText('write', '.', command, range(call), { recursive: true, possible: true });
  });
};

// -------------------------------------------------------------------------------------------------
// Users

/**
 * useradd: makes the account LOGIN (with `-u UID`); `-m` creates its home (`-d DIR`, else
 * BASE/LOGIN, else /home/LOGIN) from /etc/skel, `-M` none.
 */
const useradd: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'bcdefgGkKpRPsuZ',
    longWithValue: ['base-dir', 'comment', 'home-dir', 'home', 'expiredate', 'inactive', 'gid', 'groups', 'skel', 'key', 'password', 'root', 'prefix', 'shell', 'uid', 'selinux-user', 'selinux-range'],
    aliases: { 'home-dir': 'd', home: 'd', 'base-dir': 'b', 'create-home': 'm', 'no-create-home': 'M', system: 'r', defaults: 'D', uid: 'u' },
  });
  if (p.has('D')) return;
  const login = p.operands[p.operands.length - 1];
  if (!login) return;
  const account = emitAccount(call, a, login, p.last('u'), p.uncertain);
  // Without -m, CREATE_HOME in /etc/login.defs decides (no on Debian, yes on Fedora); never for -r.
  if (p.has('M') || (!p.has('m') && p.has('r'))) return;
  emitHome(call, a, p.last('d'), p.last('b'), login, { possible: p.uncertain || !p.has('m'), account });
};

/**
 * usermod: `-d DIR` only changes the home named in /etc/passwd, and every other option only the
 * account files (/etc/passwd, /etc/group, /etc/shadow); `-m` (`--move-home`) with `-d` moves the old
 * home's content to DIR, when the old home exists (usermod(8); shadow's usermod, as Debian, Ubuntu,
 * Alpine's shadow package and Fedora ship it: busybox has none). Observed with Debian's shadow
 * 4.13 in a legacy build: `usermod -l penpot -d /home/penpot … ubuntu` leaves no /home/penpot, and
 * `usermod -d /home/moved -m other` moves /home/other's dotfiles there.
 */
const usermod: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'cdefgGlpPRsuvVwWZ',
    longWithValue: ['comment', 'home', 'expiredate', 'inactive', 'gid', 'groups', 'login', 'password', 'prefix', 'root', 'shell', 'uid', 'add-subuids', 'del-subuids', 'add-subgids', 'del-subgids', 'selinux-user'],
    aliases: { home: 'd', 'move-home': 'm', login: 'l', uid: 'u' },
  });
  const home = p.last('d');
  const login = p.last('l') ?? p.operands[p.operands.length - 1];
  if (!p.has('m') || !home) return;
  const uid = p.last('u')?.value;
  const account = login?.value !== undefined ? { account: { user: login.value, ...(uid !== undefined ? { uid } : {}) } } : {};
  // Possible: the old home may not exist (then nothing is made), and volint does not know it.
  a.emitArg('write', home, call.written, { recursive: true, possible: true, ...account });
};

/**
 * Emits the account LOGIN that useradd or adduser makes (kind `account`, at /etc/passwd, with the
 * uid as written when given), whether or not it gets a home; returns it for its home's effect
 * (undefined when the login is not known).
 */
function emitAccount(call: Call, a: Analysis, login: Arg, uid: Arg | undefined, possible: boolean): { user: string; uid?: string } | undefined {
  if (login.value === undefined) return undefined;
  const account = { user: login.value, ...(uid?.value !== undefined ? { uid: uid.value } : {}) };
  a.emitText('account', '/etc/passwd', call.written, login, { possible, account });
  return account;
}

/** Emits the home directory useradd or adduser makes for `login`, with the account it is made for (`chown jenkins` and `chown 1000` name the same owner). */
function emitHome(call: Call, a: Analysis, home: Arg | undefined, base: Arg | undefined, login: Arg, options: { possible: boolean; account: { user: string; uid?: string } | undefined }): void {
  const command = call.written;
  const name = login.value;
  const account = options.account ? { account: options.account } : {};
  if (home) {
    a.emitArg('mkdir', home, command, { recursive: true, possible: options.possible, ...account });
    return;
  }
  if (base) {
    a.emitInDirectory('mkdir', base, name, command, login, { recursive: true, possible: options.possible || name === undefined, ...account });
    return;
  }
  a.emitText('mkdir', name === undefined ? '/home' : `/home/${name}`, command, login, { recursive: true, possible: options.possible || name === undefined, ...account });
}

/**
 * adduser: makes the account USER (with `--uid`, busybox's `-u`). Debian's (long options) creates
 * /home/USER unless `--system` (then only with `--home`) or `--no-create-home`; `adduser USER GROUP`
 * only adds a user to a group, `adduser --group NAME` makes a group. Busybox's (short options)
 * creates `-h DIR` or /home/USER unless `-H`.
 */
const adduser: Handler = (call, a) => {
  const busybox = call.args.some((arg) => arg.prefix.startsWith('-') && !arg.prefix.startsWith('--'));
  if (busybox) {
    const p = parseOptions(call.args, { shortWithValue: 'hgsGuk' });
    const login = p.operands[0];
    if (!login) return;
    const account = emitAccount(call, a, login, p.last('u'), p.uncertain);
    if (p.has('H')) return;
    const home = p.last('h');
    emitHome(call, a, home, undefined, login, { possible: p.uncertain || (p.has('S') && !home), account });
    return;
  }
  const p = parseOptions(call.args, {
    longWithValue: ['home', 'gecos', 'comment', 'shell', 'uid', 'gid', 'ingroup', 'conf', 'firstuid', 'lastuid', 'firstgid', 'lastgid'],
  });
  if (p.has('group') && !p.has('system')) return;
  const login = p.operands[0];
  if (!login || p.operands.length > 1) return;
  const account = emitAccount(call, a, login, p.last('uid'), p.uncertain);
  const home = p.last('home');
  if (p.has('no-create-home') || (!home && p.has('system'))) return;
  emitHome(call, a, home, undefined, login, { possible: p.uncertain, account });
};

// -------------------------------------------------------------------------------------------------
// Package managers

const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean', 'update', 'up', 'upgrade', 'udpate', 'uninstall', 'remove', 'rm', 'r', 'un', 'unlink', 'prune', 'dedupe', 'ddp', 'rebuild', 'rb', 'install-test', 'it', 'install-ci-test', 'cit', 'link', 'ln']);
const NPM_NO_LOCKFILE = new Set(['ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean', 'install-ci-test', 'cit', 'rebuild', 'rb']);

/** npm install/ci/…: ./node_modules (and package-lock.json), in `--prefix DIR` when given; not `-g`. */
const npm: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'Cw',
    longWithValue: ['prefix', 'registry', 'cache', 'userconfig', 'globalconfig', 'omit', 'include', 'loglevel', 'workspace', 'tag', 'location', 'install-strategy', 'otp', 'before', 'script-shell', 'only'],
    aliases: { global: 'g', prefix: 'C' },
  });
  const sub = p.operands[0]?.value;
  if (!sub || !NPM_INSTALL.has(sub)) return;
  if (p.has('g') || p.last('location')?.value === 'global') return;
  const command = `${call.written} ${sub}`;
  a.inDirectory(p.last('C'), () => {
    a.emitText('write', 'node_modules', command, range(call), { recursive: true, possible: p.uncertain });
    if (!NPM_NO_LOCKFILE.has(sub) && !p.has('no-package-lock')) {
      a.emitText('write', 'package-lock.json', command, range(call), { possible: p.uncertain });
    }
  });
};

const YARN_INSTALL = new Set(['install', 'add', 'upgrade', 'up', 'remove', 'import']);

const yarn: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    longWithValue: ['cwd', 'modules-folder', 'cache-folder', 'global-folder', 'registry', 'network-timeout', 'mutex', 'link-folder', 'use-yarnrc'],
  });
  const sub = p.operands[0]?.value ?? (p.operands.length === 0 ? 'install' : undefined);
  if (!sub || !YARN_INSTALL.has(sub)) return;
  const command = `${call.written} ${sub}`;
  a.inDirectory(p.last('cwd'), () => {
    const modules = p.last('modules-folder');
    if (modules) a.emitArg('write', modules, command, { recursive: true, possible: p.uncertain });
    else a.emitText('write', 'node_modules', command, range(call), { recursive: true, possible: p.uncertain });
    if (!p.has('frozen-lockfile', 'immutable', 'pure-lockfile', 'no-lockfile')) {
      a.emitText('write', 'yarn.lock', command, range(call), { possible: p.uncertain });
    }
  });
};

const PNPM_INSTALL = new Set(['install', 'i', 'add', 'update', 'up', 'upgrade', 'remove', 'rm', 'uninstall', 'un', 'prune', 'install-test', 'it', 'rebuild', 'rb', 'dedupe']);

const pnpm: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'CF',
    longWithValue: ['dir', 'filter', 'registry', 'store-dir', 'virtual-store-dir', 'modules-dir', 'reporter', 'loglevel', 'workspace-concurrency'],
    aliases: { dir: 'C', global: 'g', filter: 'F' },
  });
  const sub = p.operands[0]?.value;
  if (!sub || !PNPM_INSTALL.has(sub) || p.has('g')) return;
  const command = `${call.written} ${sub}`;
  a.inDirectory(p.last('C'), () => {
    const modules = p.last('modules-dir');
    if (modules) a.emitArg('write', modules, command, { recursive: true, possible: p.uncertain });
    else a.emitText('write', 'node_modules', command, range(call), { recursive: true, possible: p.uncertain });
    if (!p.has('frozen-lockfile')) a.emitText('write', 'pnpm-lock.yaml', command, range(call), { possible: p.uncertain });
  });
};

/** A variable's value when known for this command: its own assignment (`X=1 pip …`), else the script's or the image's. */
function knownVariable(call: Call, a: Analysis, name: string): string | undefined {
  const value = call.env.get(name) ?? a.variable(name);
  return value.kind === 'set' && !value.guessed ? value.value : undefined;
}

/** How Python tools read a boolean setting from the environment (pip's PIP_USER, PIPENV_VENV_IN_PROJECT, Poetry's settings). */
function settingIs(value: string | undefined, wanted: boolean): boolean {
  if (value === undefined) return false;
  const word = value.trim().toLowerCase();
  return wanted ? ['1', 'true', 'yes', 'on'].includes(word) : ['0', 'false', 'no', 'off'].includes(word);
}

/**
 * A requirement that names a project on the disk (`.`, `./lib/pkg[dev]`, `/src/app`, `file:///src/app`)
 * rather than a package to download: its path without extras, or undefined. Archives (a wheel, an
 * sdist) are built elsewhere; URLs and `name @ url` are downloads.
 */
function localProject(text: string): string | undefined {
  let path = text;
  if (/^file:/i.test(path)) path = path.replace(/^file:(\/\/(?=\/))?/i, '');
  else if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.includes('@')) return undefined;
  path = path.replace(/#.*$/, '').replace(/\[[^\]]*\]$/, '');
  if (!(path.startsWith('.') || path.startsWith('/') || path.includes('/'))) return undefined;
  if (/\.(whl|zip|tar\.gz|tgz|tar\.bz2|tar\.xz|tar)$/i.test(path)) return undefined;
  return path;
}

/**
 * Projects an install builds from the disk (`pip install .`, `-e ./lib`): the build backend works in
 * the project's directory and leaves files there the analysis cannot name (setuptools' build/ and
 * *.egg-info): an `opaque` effect on that directory. An editable install from version control
 * (`-e git+https://…`) clones into `--src`, else `src` in the current directory (outside a virtual
 * environment; inside one, the environment's src, which the analysis names only from VIRTUAL_ENV).
 */
function projectsBuilt(call: Call, a: Analysis, requirements: readonly Arg[], editables: readonly Arg[], src: Arg | undefined, command: string, possible: boolean): void {
  for (const requirement of [...requirements, ...editables]) {
    if (requirement.value === undefined) continue;
    const path = localProject(requirement.value);
    if (path !== undefined) {
      for (const dir of a.resolveText(path)) a.emit('opaque', { ...dir, recursive: true }, command, requirement.start, requirement.end, { possible });
    } else if (editables.includes(requirement) && /^[a-z]+\+/i.test(requirement.value)) {
      const venv = knownVariable(call, a, 'VIRTUAL_ENV');
      if (src) a.emitArg('write', src, command, { recursive: true, possible });
      else if (venv) a.emitText('write', `${venv}/src`, command, requirement, { recursive: true, possible });
      else a.emitText('write', 'src', command, requirement, { recursive: true, possible: true });
    }
  }
}

/**
 * pip install: `--target/-t`, `--prefix`, `--root` and `--user` name where it writes, and so do the
 * environment variables pip reads for them (PIP_TARGET, PIP_PREFIX, PIP_ROOT, PIP_USER; PYTHONUSERBASE
 * for the user base, else ~/.local). Otherwise the packages go into the site-packages of the Python
 * pip belongs to, which the analysis does not name (a virtual environment made in the image is written
 * when it is made; an official python image's is known to the run-time model). Projects built from
 * the disk leave files the analysis cannot name in their directory (projectsBuilt).
 */
function pipCommand(call: Call, a: Analysis, args: Arg[], written: string): void {
  const p = parseOptions(args, {
    shortWithValue: 'rcetifCdw',
    longWithValue: ['requirement', 'constraint', 'editable', 'target', 'prefix', 'root', 'index-url', 'extra-index-url', 'find-links', 'platform', 'python-version', 'implementation', 'abi', 'src', 'upgrade-strategy', 'install-option', 'global-option', 'no-binary', 'only-binary', 'progress-bar', 'cache-dir', 'log', 'proxy', 'retries', 'timeout', 'exists-action', 'trusted-host', 'cert', 'client-cert', 'report', 'dest', 'wheel-dir', 'config-settings', 'python', 'root-user-action', 'group'],
    aliases: { target: 't', dest: 'd', 'wheel-dir': 'w', editable: 'e', requirement: 'r', constraint: 'c', 'index-url': 'i', 'find-links': 'f' },
  });
  const sub = p.operands[0]?.value;
  const command = `${written} ${sub ?? ''}`.trim();
  const possible = p.uncertain;
  if (sub === 'install') {
    for (const dir of [...p.all('t'), ...p.all('prefix'), ...p.all('root')]) a.emitArg('write', dir, command, { recursive: true, possible });
    for (const [option, name] of [['t', 'PIP_TARGET'], ['prefix', 'PIP_PREFIX'], ['root', 'PIP_ROOT']] as const) {
      const dir = p.has(option) ? undefined : knownVariable(call, a, name);
      if (dir) a.emitText('write', dir, command, range(call), { recursive: true, possible });
    }
    if (p.has('user') || (!p.has('no-user') && settingIs(knownVariable(call, a, 'PIP_USER'), true))) {
      const base = knownVariable(call, a, 'PYTHONUSERBASE');
      const home = a.home();
      if (base) a.emitText('write', base, command, range(call), { recursive: true, possible });
      else if (home) a.emitText('write', `${home}/.local`, command, range(call), { recursive: true, possible });
    }
    projectsBuilt(call, a, p.operands.slice(1), p.all('e'), p.last('src'), command, possible);
  } else if (sub === 'download' || sub === 'wheel') {
    const dir = p.last('d', 'w');
    if (dir) a.emitArg('write', dir, command, { recursive: true, possible });
    else a.emitText('write', sub === 'wheel' ? 'wheelhouse' : '.', command, range(call), { recursive: true, possible: true });
  }
}

const pip: Handler = (call, a) => pipCommand(call, a, call.args, call.written);

/** Commands of `python setup.py` (setuptools): each builds the project in the script's directory. */
const SETUP_PY_COMMANDS = new Set(['install', 'develop', 'build', 'build_py', 'build_ext', 'bdist', 'bdist_wheel', 'bdist_egg', 'sdist', 'egg_info']);

/**
 * python -m pip …, python -m venv DIR, python -m build [DIR] (the wheel and sdist in DIR/dist, or
 * --outdir; the build backend leaves files in DIR), python setup.py COMMAND (files in the script's
 * directory); any other use runs code the analysis cannot see.
 */
const python: Handler = (call, a) => {
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const text = args[i]!.value;
    if (text === undefined) return;
    if (text === '-m' || (text.startsWith('-m') && text.length > 2)) {
      const moduleArg = text === '-m' ? args[++i] : sliceArg(args[i]!, 2);
      const module = moduleArg?.value;
      const rest = args.slice(i + 1);
      if (module === 'pip') pipCommand(call, a, rest, `${call.written} -m pip`);
      else if (module === 'venv' || module === 'virtualenv') virtualenvDirs(a, rest, `${call.written} -m ${module}`);
      else if (module === 'build') pythonBuild(a, rest, `${call.written} -m build`);
      return;
    }
    if (text === '-c' || !text.startsWith('-')) {
      const next = args[i + 1]?.value;
      if (baseName(text) === 'setup.py' && next !== undefined && SETUP_PY_COMMANDS.has(next)) {
        const dir = text.includes('/') ? text.slice(0, text.lastIndexOf('/')) || '/' : '.';
        for (const resolved of a.resolveText(dir)) a.emit('opaque', { ...resolved, recursive: true }, `${call.written} setup.py ${next}`, args[i]!.start, args[i]!.end);
      }
      return;
    }
    if (text === '-X' || text === '-W' || text === '-Q') i++;
  }
};

function pythonBuild(a: Analysis, args: Arg[], command: string): void {
  const p = parseOptions(args, { shortWithValue: 'oC', longWithValue: ['outdir', 'config-setting', 'installer'], aliases: { outdir: 'o', 'config-setting': 'C' } });
  const source = p.operands[0];
  const outdir = p.last('o');
  a.inDirectory(source, () => {
    const range = source ?? { start: 0, end: 0 };
    for (const resolved of a.resolveText('.')) a.emit('opaque', { ...resolved, recursive: true }, command, range.start, range.end, { possible: p.uncertain });
    if (!outdir) a.emitText('write', 'dist', command, range, { recursive: true, possible: p.uncertain });
  });
  if (outdir) a.emitArg('write', outdir, command, { recursive: true, possible: p.uncertain });
}

function virtualenvDirs(a: Analysis, args: Arg[], command: string): void {
  const p = parseOptions(args, { shortWithValue: 'p', longWithValue: ['prompt', 'python'] });
  for (const dir of p.operands) a.emitArg('write', dir, command, { recursive: true, possible: p.uncertain });
}

const virtualenv: Handler = (call, a) => virtualenvDirs(a, call.args, call.written);

const UV_OPTIONS: OptionSpec = {
  shortWithValue: 'prcCePo',
  longWithValue: [
    'directory', 'project', 'python', 'cache-dir', 'config-file', 'index-url', 'extra-index-url', 'default-index', 'index', 'find-links', 'target', 'prefix',
    'extra', 'group', 'only-group', 'no-group', 'package', 'python-preference', 'link-mode', 'prompt', 'requirement', 'constraint', 'override', 'editable',
    'with', 'with-requirements', 'from', 'exclude-newer', 'refresh-package', 'reinstall-package', 'upgrade-package', 'no-binary-package', 'only-binary',
    'no-binary', 'index-strategy', 'keyring-provider', 'resolution', 'prerelease', 'fork-strategy', 'config-setting', 'no-build-isolation-package',
    'python-platform', 'python-version', 'output-file', 'format', 'color', 'allow-insecure-host', 'script', 'env-file', 'build-constraint', 'seed',
  ],
  aliases: { python: 'p', requirement: 'r', constraint: 'c', 'config-setting': 'C', editable: 'e', 'upgrade-package': 'P', 'output-file': 'o' },
};

/**
 * uv (Astral's Python package manager): `uv sync` (and `add`, `remove`, and `run`, which syncs
 * first) installs the project's dependencies into its environment: VIRTUAL_ENV with `--active`, else
 * UV_PROJECT_ENVIRONMENT (relative to the project), else .venv in the project directory (`--project`,
 * `--directory`, else the current one); it writes uv.lock unless `--frozen`/`--locked`, and builds the
 * project itself unless `--no-install-project` (its build backend may leave files there). `uv venv
 * [DIR]` makes DIR or .venv; `uv pip install` writes `--target`/`--prefix`, else the active
 * VIRTUAL_ENV (not with `--system`: the interpreter's own site-packages, unnamed here); `uv tool
 * install` writes UV_TOOL_DIR (~/.local/share/uv/tools) and UV_TOOL_BIN_DIR (~/.local/bin).
 */
const uv: Handler = (call, a) => {
  const p = parseOptions(call.args, UV_OPTIONS);
  const sub = p.operands[0]?.value;
  if (!sub) return;
  const command = `${call.written} ${sub}`;
  const possible = p.uncertain;
  const env = (name: string) => knownVariable(call, a, name);
  a.inDirectory(p.last('directory'), () => {
    if (sub === 'sync' || sub === 'add' || sub === 'remove' || sub === 'run') {
      if (sub === 'run' && (p.has('no-sync', 'no-project', 'isolated', 'script') || settingIs(env('UV_NO_SYNC'), true))) return;
      a.inDirectory(p.last('project'), () => {
        const uncertain = possible || sub === 'run';
        const active = p.has('active') ? env('VIRTUAL_ENV') : undefined;
        const environment = active ?? env('UV_PROJECT_ENVIRONMENT') ?? '.venv';
        a.emitText('write', environment, command, range(call), { recursive: true, possible: uncertain });
        if (!p.has('frozen', 'locked') && !settingIs(env('UV_FROZEN'), true) && !settingIs(env('UV_LOCKED'), true)) a.emitText('write', 'uv.lock', command, range(call), { possible: uncertain });
        if (!p.has('no-install-project', 'no-install-workspace') && !settingIs(env('UV_NO_INSTALL_PROJECT'), true)) {
          for (const dir of a.resolveText('.')) a.emit('opaque', { ...dir, recursive: true }, command, call.start, call.end, { possible: uncertain });
        }
      });
    } else if (sub === 'venv') {
      const dir = p.operands[1];
      if (dir) a.emitArg('write', dir, command, { recursive: true, possible });
      else a.emitText('write', '.venv', command, range(call), { recursive: true, possible });
    } else if (sub === 'pip') {
      const verb = p.operands[1]?.value;
      if (verb !== 'install' && verb !== 'sync') return;
      const pipCommandText = `${command} ${verb}`;
      const dirs = [...p.all('target'), ...p.all('prefix')];
      for (const dir of dirs) a.emitArg('write', dir, pipCommandText, { recursive: true, possible });
      const venv = env('VIRTUAL_ENV');
      if (dirs.length === 0 && !p.has('system', 'python', 'p') && venv) a.emitText('write', venv, pipCommandText, range(call), { recursive: true, possible });
      projectsBuilt(call, a, p.operands.slice(2), p.all('e'), undefined, pipCommandText, possible);
    } else if (sub === 'tool' && p.operands[1]?.value === 'install') {
      const home = a.home();
      const data = env('XDG_DATA_HOME') ?? (home ? `${home}/.local/share` : undefined);
      const tools = env('UV_TOOL_DIR') ?? (data ? `${data}/uv/tools` : undefined);
      const bin = env('UV_TOOL_BIN_DIR') ?? env('XDG_BIN_HOME') ?? (home ? `${home}/.local/bin` : undefined);
      for (const dir of [tools, bin]) if (dir) a.emitText('write', dir, `${command} install`, range(call), { recursive: true, possible });
    }
  });
};

const POETRY_INSTALLS = new Set(['install', 'add', 'update', 'remove', 'sync']);

/**
 * Poetry: `poetry config KEY VALUE` stores a setting that later runs in the script read (Poetry keeps
 * it in its configuration file; across RUN steps the analysis does not follow it). `poetry install`
 * (add, update, remove, sync) installs into the active VIRTUAL_ENV; with `virtualenvs.create` false
 * into the interpreter Poetry runs with (unnamed here); with `virtualenvs.in-project` true into .venv
 * of the project (`-C`/`-P`, else the current directory); with `virtualenvs.path` there. The settings
 * come from `poetry config` earlier in the script, else POETRY_VIRTUALENVS_CREATE / _IN_PROJECT /
 * _PATH. With none in sight the default is a directory below the cache (POETRY_CACHE_DIR, else
 * ~/.cache/pypoetry)/virtualenvs, but a poetry.toml in the project or an earlier step's `poetry
 * config` may put it in the project: possible there, and unknown writes in the project (`opaque`).
 */
const poetry: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'CPEG',
    longWithValue: ['directory', 'project', 'extras', 'with', 'without', 'only', 'group', 'source', 'python'],
    aliases: { directory: 'C', project: 'P', extras: 'E', group: 'G' },
  });
  const sub = p.operands[0]?.value;
  if (!sub) return;
  if (sub === 'config') {
    const key = p.operands[1]?.value;
    const value = p.operands[2]?.value;
    if (key !== undefined) a.recordToolSetting(`poetry ${key}`, p.has('unset') || value === undefined ? '' : value);
    return;
  }
  if (!POETRY_INSTALLS.has(sub)) return;
  const command = `${call.written} ${sub}`;
  const possible = p.uncertain;
  const setting = (key: string, variable: string): string | undefined => {
    const stored = a.toolSetting(`poetry ${key}`);
    return stored !== undefined ? stored || undefined : knownVariable(call, a, variable);
  };
  a.inDirectory(p.last('P') ?? p.last('C'), () => {
    const venv = knownVariable(call, a, 'VIRTUAL_ENV');
    const path = setting('virtualenvs.path', 'POETRY_VIRTUALENVS_PATH');
    if (venv) a.emitText('write', venv, command, range(call), { recursive: true, possible });
    else if (settingIs(setting('virtualenvs.create', 'POETRY_VIRTUALENVS_CREATE'), false)) return;
    else if (settingIs(setting('virtualenvs.in-project', 'POETRY_VIRTUALENVS_IN_PROJECT'), true)) a.emitText('write', '.venv', command, range(call), { recursive: true, possible });
    else if (path) a.emitText('write', path, command, range(call), { recursive: true, possible });
    else {
      const home = a.home();
      const cache = knownVariable(call, a, 'POETRY_CACHE_DIR') ?? (knownVariable(call, a, 'XDG_CACHE_HOME') ?? (home ? `${home}/.cache` : undefined))?.concat('/pypoetry');
      if (cache) a.emitText('write', `${cache}/virtualenvs`, command, range(call), { recursive: true, possible: true });
      for (const dir of a.resolveText('.')) a.emit('opaque', { ...dir, recursive: true }, command, call.start, call.end, { possible: true });
    }
  });
};

const PIPENV_INSTALLS = new Set(['install', 'sync', 'update', 'upgrade', 'uninstall', 'lock']);

/**
 * Pipenv: `pipenv install` (sync, update, uninstall) installs into the active VIRTUAL_ENV (unless
 * PIPENV_IGNORE_VIRTUALENVS), with `--system` into the interpreter's site-packages (unnamed here),
 * with PIPENV_VENV_IN_PROJECT into .venv of the project (the directory of PIPENV_PIPFILE, else the
 * current one), else into a new environment below WORKON_HOME (~/.local/share/virtualenvs) unless
 * the project already has a .venv, which Pipenv then uses: possible there, and unknown writes in the
 * project (`opaque`). install, update, upgrade and lock write Pipfile.lock (not `--deploy`,
 * `--ignore-pipfile`, `--skip-lock`).
 */
const pipenv: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'r', longWithValue: ['python', 'pypi-mirror', 'categories', 'extra-pip-args', 'requirements'], aliases: { requirements: 'r' } });
  const sub = p.operands[0]?.value;
  if (!sub || !PIPENV_INSTALLS.has(sub)) return;
  const command = `${call.written} ${sub}`;
  const possible = p.uncertain;
  const env = (name: string) => knownVariable(call, a, name);
  const pipfile = env('PIPENV_PIPFILE');
  const project = pipfile?.includes('/') ? pipfile.slice(0, pipfile.lastIndexOf('/')) || '/' : undefined;
  a.inDirectory(project === undefined ? undefined : literalArg(project, call.start), () => {
    if (sub !== 'sync' && sub !== 'uninstall' && !p.has('deploy', 'ignore-pipfile', 'skip-lock')) a.emitText('write', 'Pipfile.lock', command, range(call), { possible });
    if (sub === 'lock' || p.has('system')) return;
    const venv = settingIs(env('PIPENV_IGNORE_VIRTUALENVS'), true) ? undefined : env('VIRTUAL_ENV');
    if (venv) a.emitText('write', venv, command, range(call), { recursive: true, possible });
    else if (settingIs(env('PIPENV_VENV_IN_PROJECT'), true)) a.emitText('write', '.venv', command, range(call), { recursive: true, possible });
    else {
      const home = a.home();
      const workon = env('WORKON_HOME') ?? (env('XDG_DATA_HOME') ?? (home ? `${home}/.local/share` : undefined))?.concat('/virtualenvs');
      if (workon) a.emitText('write', workon, command, range(call), { recursive: true, possible: true });
      if (!settingIs(env('PIPENV_VENV_IN_PROJECT'), false)) {
        for (const dir of a.resolveText('.')) a.emit('opaque', { ...dir, recursive: true }, command, call.start, call.end, { possible: true });
      }
    }
  });
};

const COMPOSER_VENDOR = new Set(['install', 'i', 'update', 'u', 'upgrade', 'require', 'r', 'remove', 'rm', 'reinstall', 'dump-autoload', 'dumpautoload']);

const composer: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'd', longWithValue: ['working-dir', 'stability', 'repository', 'repository-url'], aliases: { 'working-dir': 'd' } });
  const sub = p.operands[0]?.value;
  if (!sub) return;
  const command = `${call.written} ${sub}`;
  if (sub === 'create-project') {
    const [, pkg, dir] = p.operands;
    if (dir) a.emitArg('write', dir, command, { recursive: true, possible: p.uncertain });
    else if (pkg) a.emitInDirectory('write', undefined, argBaseName(pkg), command, pkg, { recursive: true, possible: p.uncertain });
    return;
  }
  if (!COMPOSER_VENDOR.has(sub)) return;
  a.inDirectory(p.last('d'), () => {
    a.emitText('write', 'vendor', command, range(call), { recursive: true, possible: p.uncertain });
    if (!['install', 'i', 'reinstall', 'dump-autoload', 'dumpautoload'].includes(sub)) {
      a.emitText('write', 'composer.lock', command, range(call), { possible: p.uncertain });
    }
  });
};

/** Bundler's boolean settings (`BUNDLE_DEPLOYMENT=true`, `bundle config set deployment 1`). */
function bundlerTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes'].includes(value.trim().toLowerCase());
}

/**
 * Bundler (bundler.io, bundle-config(1); rubygems' bundler/lib/bundler/settings.rb `path`): where
 * `bundle install` puts gems is decided by the first configuration level that sets `path`,
 * `deployment` or `path.system`, in this order: the local config (`bundle install --path DIR`,
 * `--deployment`, `--system`, and `bundle config set --local …` earlier in the script; kept in
 * $BUNDLE_APP_CONFIG/config or ./.bundle/config), the environment (BUNDLE_PATH, BUNDLE_DEPLOYMENT,
 * BUNDLE_PATH__SYSTEM), the global config (`bundle config set --global …`, ~/.bundle/config). At
 * that level `path.system` means the Ruby's GEM_HOME, `path` that directory (relative to the
 * directory it runs in), `deployment` ./vendor/bundle. With none, the gems go to GEM_HOME (the ruby
 * images' /usr/local/bundle), only possibly: a config file the analysis does not see (the project's
 * .bundle/config, or one an earlier step wrote) may say otherwise, and a user that cannot write
 * GEM_HOME is sent elsewhere. `bundle config` stores settings for later runs in the script (across
 * RUN steps the analysis does not follow them, as for Poetry).
 */
const bundle: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'j', longWithValue: ['path', 'gemfile', 'jobs', 'retry', 'without', 'with', 'binstubs', 'standalone', 'shebang', 'trust-policy'] });
  const sub = p.operands[0]?.value;
  if (sub === 'config') {
    // `bundle config [set] [--local|--global] NAME VALUE`, `bundle config unset NAME`, the older `bundle config NAME VALUE`.
    const words = p.operands.slice(1).map((o) => o.value);
    const written = words[0] === 'set' || words[0] === 'unset' ? words.shift() : undefined;
    const [name, value] = words;
    if (name === undefined || name === 'list' || name === 'get') return;
    // `set` in an application defaults to the local config; the older form without it to the global one.
    const level = p.has('global') || (written === undefined && !p.has('local')) ? 'global' : 'local';
    const verb = written ?? 'set';
    const key = name.toLowerCase().replace(/^bundle_/, '').replace(/__/g, '.');
    a.recordToolSetting(`bundle ${level} ${key}`, verb === 'unset' || value === undefined ? '' : value);
    return;
  }
  if (sub !== 'install') return;
  const command = `${call.written} install`;
  const possible = p.uncertain;
  const env = (name: string): string | undefined => knownVariable(call, a, name);
  const stored = (level: string, key: string): string | undefined => a.toolSetting(`bundle ${level} ${key}`) || undefined;
  const levels: Array<{ path: Arg | string | undefined; deployment: boolean; system: boolean }> = [
    {
      path: p.last('path') ?? stored('local', 'path'),
      deployment: p.has('deployment') || bundlerTrue(stored('local', 'deployment')),
      system: p.has('system') || bundlerTrue(stored('local', 'path.system')),
    },
    { path: env('BUNDLE_PATH'), deployment: bundlerTrue(env('BUNDLE_DEPLOYMENT')), system: bundlerTrue(env('BUNDLE_PATH__SYSTEM')) },
    { path: stored('global', 'path'), deployment: bundlerTrue(stored('global', 'deployment')), system: bundlerTrue(stored('global', 'path.system')) },
  ];
  const gemHome = env('GEM_HOME');
  // Into GEM_HOME, RubyGems unpacks each gem in gems/NAME-VERSION and writes its gemspec in
  // specifications/ (extensions/, bin/ and cache/ as the gems need them).
  const intoGemHome = (maybe: boolean): void => {
    if (!gemHome?.startsWith('/')) return;
    a.emitText('write', gemHome, command, range(call), { recursive: true, possible: maybe });
    for (const directory of ['gems', 'specifications']) a.emitText('write', `${gemHome.replace(/\/+$/, '')}/${directory}`, command, range(call), { recursive: true, possible: maybe });
  };
  const level = levels.find((l) => l.path !== undefined || l.deployment || l.system);
  if (!level) {
    intoGemHome(true);
    return;
  }
  if (level.system) {
    intoGemHome(possible);
  } else if (typeof level.path === 'string') a.emitText('write', level.path, command, range(call), { recursive: true, possible });
  else if (level.path) a.emitArg('write', level.path, command, { recursive: true, possible });
  else a.emitText('write', 'vendor/bundle', command, range(call), { recursive: true, possible });
};

const GO_FLAGS_WITH_VALUE = new Set(['o', 'p', 'C', 'tags', 'ldflags', 'gcflags', 'asmflags', 'buildmode', 'compiler', 'gccgoflags', 'installsuffix', 'mod', 'modfile', 'overlay', 'pkgdir', 'pgo', 'toolexec', 'coverpkg', 'covermode', 'exec']);

/** go build (-o FILE, else a binary in the current directory), go install (GOBIN), go mod download; go run reads the sources it compiles and runs. */
const go: Handler = (call, a) => {
  const [subArg, ...rest] = call.args;
  const sub = subArg?.value;
  if (!sub) return;
  const flags = new Map<string, Arg | undefined>();
  const operands: Arg[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const text = arg.value ?? arg.prefix;
    if (!text.startsWith('-') || text === '-') {
      operands.push(arg);
      continue;
    }
    const body = text.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    if (eq >= 0) flags.set(name, sliceArg(arg, text.length - body.length + eq + 1));
    else if (GO_FLAGS_WITH_VALUE.has(name)) flags.set(name, rest[++i]);
    else flags.set(name, undefined);
  }
  const command = `${call.written} ${sub}`;
  const goPath = (): { dir: string; possible: boolean } | undefined => {
    const path = a.variable('GOPATH');
    if (path.kind === 'set' && path.value.startsWith('/')) return { dir: path.value.split(':')[0]!, possible: false };
    const home = a.home();
    return home ? { dir: `${home}/go`, possible: true } : undefined;
  };
  a.inDirectory(flags.get('C'), () => {
    if (sub === 'build') {
      const output = flags.get('o');
      if (output) a.emitArg('write', output, command, { recursive: endsWithSlash(output) });
      else a.emitText('write', '.', command, range(call), { recursive: true, possible: true });
    } else if (sub === 'run') {
      // The package: its .go files (`go run main.go util.go`), or a directory named as a path (`.`,
      // `./cmd/server`, `/src/app`); an import path (`example.com/app/cmd`, `cmd/app`) is not a directory here.
      const files: Arg[] = [];
      for (const operand of operands) {
        if (!operand.value?.endsWith('.go')) break;
        files.push(operand);
      }
      const sources = files.length > 0 ? files : operands.slice(0, 1).filter((o) => o.value !== undefined && /^(\.{1,2}(\/|$)|\/)/.test(o.value) && !o.value.includes('...') && !o.value.includes('@'));
      for (const operand of sources) a.emitArg('read', operand, command, { runsSources: true });
    } else if (sub === 'install') {
      const bin = a.variable('GOBIN');
      if (bin.kind === 'set' && bin.value.startsWith('/')) a.emitText('write', bin.value, command, range(call), { recursive: true });
      else {
        const path = goPath();
        if (path) a.emitText('write', `${path.dir}/bin`, command, range(call), { recursive: true, possible: path.possible });
      }
    } else if ((sub === 'mod' && operands[0]?.value === 'download') || sub === 'get') {
      const cache = a.variable('GOMODCACHE');
      if (cache.kind === 'set' && cache.value.startsWith('/')) a.emitText('write', cache.value, command, range(call), { recursive: true });
      else {
        const path = goPath();
        if (path) a.emitText('write', `${path.dir}/pkg/mod`, command, range(call), { recursive: true, possible: path.possible });
      }
    }
  });
};

/** Subcommands that install packages (their operands are package names). */
const INSTALLS = new Set(['install', 'reinstall', 'add', 'groupinstall', 'localinstall', 'upgrade', 'update']);

/**
 * Package names from install operands: `nginx=1.2*`, `nginx-1.2.3`, `./grafana_4.0.1_amd64.deb`,
 * `python3~=3.11`, `pkg@testing` become `nginx`, `grafana`, `python3`, `pkg`; unknown words, options
 * and URLs of repositories are left out.
 */
export function packageNames(operands: readonly Arg[]): string[] {
  const names: string[] = [];
  for (const operand of operands) {
    // A name with an unknown part (`postgresql-$PG_MAJOR-postgis`) is left out: its prefix may be any package.
    const value = operand.value;
    if (!value || value.startsWith('-')) continue;
    let name = value.slice(value.lastIndexOf('/') + 1);
    if (/\.(deb|rpm|apk)$/.test(name)) name = name.replace(/\.(deb|rpm|apk)$/, '').split('_')[0]!.replace(/-\d.*$/, '');
    name = name.split(/[=<>~@:]/)[0]!;
    if (/^[A-Za-z0-9][A-Za-z0-9.+_-]*$/.test(name)) names.push(name.toLowerCase());
  }
  return names;
}

const APT_INSTALL = new Set(['install', 'reinstall', 'remove', 'purge', 'upgrade', 'dist-upgrade', 'full-upgrade', 'autoremove', 'autopurge', 'build-dep', 'satisfy', 'markauto', 'unmarkauto']);

/** apt-get/apt: package state in /var/lib/apt, /var/cache/apt and (for installs) /var/lib/dpkg. */
const aptGet: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'oct', longWithValue: ['option', 'config-file', 'target-release', 'default-release'] });
  const sub = p.operands[0]?.value;
  if (!sub || p.has('s', 'simulate', 'dry-run', 'just-print', 'no-act', 'recon')) return;
  const command = `${call.written} ${sub}`;
  const write = (path: string) => a.emitText('write', path, command, range(call), { recursive: true, possible: p.uncertain });
  if (sub === 'update') {
    write('/var/lib/apt');
    write('/var/cache/apt');
  } else if (APT_INSTALL.has(sub)) {
    write('/var/lib/apt');
    write('/var/cache/apt');
    const packages = INSTALLS.has(sub) ? packageNames(p.operands.slice(1)) : [];
    a.emitText('write', '/var/lib/dpkg', command, range(call), { recursive: true, possible: p.uncertain, packages });
  } else if (sub === 'clean' || sub === 'autoclean') {
    a.emitText('delete', '/var/cache/apt', command, range(call), { recursive: true, possible: p.uncertain });
  } else if (sub === 'source' || sub === 'download') {
    write('.');
  }
};

/** apk add/del/upgrade: /lib/apk/db, and /var/cache/apk unless `--no-cache`. */
const apk: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'Xpt',
    longWithValue: ['repository', 'root', 'virtual', 'cache-dir', 'keys-dir', 'arch', 'repositories-file', 'cache-max-age', 'wait', 'timeout', 'progress-fd'],
    aliases: { root: 'p', virtual: 't', repository: 'X' },
  });
  const sub = p.operands[0]?.value;
  if (!sub || p.has('s', 'simulate')) return;
  const command = `${call.written} ${sub}`;
  const root = p.last('p')?.value ?? '';
  if (root !== '' && !root.startsWith('/')) return;
  const write = (path: string, kind: ShellEffectKind = 'write') => a.emitText(kind, `${root}${path}`, command, range(call), { recursive: true, possible: p.uncertain });
  const cacheDir = p.last('cache-dir')?.value ?? '/var/cache/apk';
  if (['add', 'del', 'fix', 'upgrade'].includes(sub)) {
    if (!p.has('no-cache')) write(cacheDir);
    const packages = sub === 'add' ? packageNames(p.operands.slice(1)) : [];
    a.emitText('write', `${root}/lib/apk/db`, command, range(call), { recursive: true, possible: p.uncertain, packages });
  } else if (sub === 'update') {
    write(cacheDir);
  } else if (sub === 'cache' && ['clean', 'purge'].includes(p.operands[1]?.value ?? '')) {
    write(cacheDir, 'delete');
  }
};

const RPM_INSTALL = new Set(['install', 'remove', 'erase', 'upgrade', 'update', 'reinstall', 'downgrade', 'groupinstall', 'autoremove', 'distro-sync', 'makecache', 'localinstall']);

/** dnf/yum/microdnf: /var/lib/rpm and the tool's cache; `clean` deletes the cache. */
const dnf: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'cdeRx', longWithValue: ['setopt', 'enablerepo', 'disablerepo', 'releasever', 'installroot', 'exclude', 'repo', 'config'] });
  const sub = p.operands[0]?.value;
  if (!sub || p.has('installroot')) return;
  const command = `${call.written} ${sub}`;
  const cache = `/var/cache/${call.name === 'yum' ? 'yum' : 'dnf'}`;
  if (RPM_INSTALL.has(sub)) {
    const packages = INSTALLS.has(sub) ? packageNames(p.operands.slice(1)) : [];
    a.emitText('write', '/var/lib/rpm', command, range(call), { recursive: true, possible: p.uncertain, packages });
    a.emitText('write', cache, command, range(call), { recursive: true, possible: p.uncertain });
  } else if (sub === 'clean') {
    a.emitText('delete', cache, command, range(call), { recursive: true, possible: p.uncertain });
  }
};

/** dpkg -i/-r/-P/--configure/--unpack change /var/lib/dpkg; the query options only read. */
const dpkg: Handler = (call, a) => {
  const p = parseOptions(call.args, { longWithValue: ['root', 'admindir', 'instdir', 'force'] });
  if (!p.has('i', 'r', 'P', 'install', 'remove', 'purge', 'configure', 'unpack', 'set-selections', 'clear-avail', 'update-avail', 'merge-avail', 'add-architecture', 'remove-architecture')) return;
  const packages = p.has('i', 'install') ? packageNames(p.operands) : [];
  a.emitText('write', '/var/lib/dpkg', call.written, range(call), { recursive: true, possible: p.uncertain, packages });
};

const rpm: Handler = (call, a) => {
  const p = parseOptions(call.args, { longWithValue: ['root', 'dbpath'] });
  if (!p.has('i', 'U', 'F', 'e', 'install', 'upgrade', 'freshen', 'erase', 'import', 'rebuilddb', 'initdb')) return;
  const packages = p.has('i', 'U', 'install', 'upgrade') ? packageNames(p.operands) : [];
  a.emitText('write', '/var/lib/rpm', call.written, range(call), { recursive: true, possible: p.uncertain, packages });
};

// -------------------------------------------------------------------------------------------------
// Shells, wrappers and the current directory

/** sh -c SCRIPT, bash -lc "…", sh <<EOF … EOF, sh -s; `sh FILE` runs a file the analysis cannot see. */
const shell: Handler = (call, a) => {
  const args = call.args;
  let commandMode = false;
  let stdinMode = false;
  let i = 0;
  for (; i < args.length; i++) {
    const text = args[i]!.value;
    if (text === undefined) break;
    if (text === '--' || text === '-') {
      i++;
      break;
    }
    if (text === '--rcfile' || text === '--init-file') {
      i++;
      continue;
    }
    if (text.startsWith('--')) continue;
    if (!(text.startsWith('-') || text.startsWith('+')) || text.length < 2) break;
    let takesName = 0;
    for (const letter of text.slice(1)) {
      if (letter === 'c') commandMode = true;
      else if (letter === 's') stdinMode = true;
      else if (letter === 'o' || letter === 'O') takesName++;
    }
    i += takesName;
  }
  if (commandMode) {
    const script = args[i];
    if (script) a.nested(script, call.env);
    return;
  }
  if (i < args.length && !stdinMode) {
    // `sh setup.sh`: the shell runs the script file (ShellEffect kind `exec`).
    a.emitArg('exec', args[i]!, call.written);
    return;
  }
  for (const script of call.stdin) a.nested(script, call.env);
};

/** cd DIR: an `enter` effect (the directory must exist), then DIR is the current directory. */
const cd: Handler = (call, a) => {
  const p = parseOptions(call.args, {});
  const operand = p.operands[0];
  if (operand && operand.value !== '-') a.emitArg('enter', operand, call.written, { possible: p.uncertain });
  a.changeDirectory(a.directoryOf(operand));
};

const pushd: Handler = (call, a) => {
  const p = parseOptions(call.args, { isOperand: (text) => /^[-+][0-9]+$/.test(text) });
  const target = p.operands[0];
  if (!target || /^[-+][0-9]+$/.test(target.value ?? '')) a.changeDirectory({ paths: [], exact: false, possible: true });
  else {
    a.emitArg('enter', target, call.written, { possible: p.uncertain });
    a.pushDirectory(a.directoryOf(target));
  }
};

const popd: Handler = (_call, a) => a.popDirectory();

/** read NAME…: the names get unknown values. */
const read: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'adinNptu' });
  for (const name of p.operands) if (name.value) a.setVariable(name.value, { kind: 'unknown' });
  const array = p.last('a');
  if (array?.value) a.setVariable(array.value, { kind: 'unknown' });
};

/** eval ARGS: the words joined with spaces are a script run by this shell. */
const evalCommand: Handler = (call, a) => {
  const args = call.args;
  if (args.length === 0) return;
  const script = joinArgs(args);
  a.nested(script, new Map(), true);
};

/** Runs the command that starts at `args[index]` (after a wrapper's own options). */
function runRest(call: Call, a: Analysis, args: Arg[], env: Map<string, VarValue> = call.env): void {
  let index = 0;
  // `VAR=value cmd` inside env/sudo.
  const vars = new Map(env);
  while (index < args.length) {
    const text = args[index]!.value;
    const eq = text?.indexOf('=') ?? -1;
    if (!text || eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(text.slice(0, eq))) break;
    vars.set(text.slice(0, eq), { kind: 'set', value: text.slice(eq + 1) });
    index++;
  }
  const name = args[index];
  if (!name) return;
  a.dispatch({
    ...call,
    name: name.value === undefined ? '' : commandBaseName(name.value),
    written: name.value ?? name.reparse,
    nameKnown: name.value !== undefined,
    args: args.slice(index + 1),
    env: vars,
  });
}

function wrapper(spec: OptionSpec, options: { chdir?: string; skipOperands?: number } = {}): Handler {
  return (call, a) => {
    const p = parseOptions(call.args, { ...spec, stopAtOperand: true });
    const rest = p.operands.slice(options.skipOperands ?? 0);
    const dir = options.chdir ? p.last(options.chdir) : undefined;
    a.inDirectory(dir, () => runRest(call, a, rest));
  };
}

const sudo = wrapper(
  { shortWithValue: 'ugCDhprtUTR', longWithValue: ['user', 'group', 'close-from', 'chdir', 'host', 'prompt', 'role', 'type', 'other-user', 'command-timeout', 'chroot'], aliases: { chdir: 'D' } },
  { chdir: 'D' },
);
const env = wrapper(
  { shortWithValue: 'uCS', longWithValue: ['unset', 'chdir', 'split-string', 'block-signal', 'default-signal', 'ignore-signal'], aliases: { chdir: 'C', unset: 'u' }, isOperand: (text) => text === '-' },
  { chdir: 'C' },
);
const passThrough = wrapper({});
const nice = wrapper({ shortWithValue: 'n', longWithValue: ['adjustment'] });
const ionice = wrapper({ shortWithValue: 'cnpPu', longWithValue: ['class', 'classdata', 'pid', 'pgid', 'uid'] });
const stdbuf = wrapper({ shortWithValue: 'ioe', longWithValue: ['input', 'output', 'error'] });
const timeout = wrapper({ shortWithValue: 'ks', longWithValue: ['kill-after', 'signal'] }, { skipOperands: 1 });
const userWrapper = wrapper({}, { skipOperands: 1 });
const doas = wrapper({ shortWithValue: 'uC' });
const command: Handler = (call, a) => {
  const p = parseOptions(call.args, { stopAtOperand: true });
  if (p.has('v', 'V')) return;
  runRest(call, a, p.operands);
};
const exec = wrapper({ shortWithValue: 'a' });
/**
 * reflex [OPTIONS] [--] COMMAND: a file watcher that runs COMMAND when a watched file changes. With
 * `-s` (--start-service) COMMAND is a long-running service it starts at once (and restarts on a
 * change): then it runs; without it, only after a change, which the analysis does not follow.
 */
const reflex: Handler = (call, a) => {
  const p = parseOptions(call.args, {
    shortWithValue: 'rRgGcdt',
    longWithValue: ['regex', 'inverse-regex', 'glob', 'inverse-glob', 'config', 'decoration', 'shutdown-timeout', 'substitute'],
    aliases: { 'start-service': 's' },
    stopAtOperand: true,
  });
  if (p.has('s')) runRest(call, a, p.operands);
};
const busybox: Handler = (call, a) => runRest(call, a, call.args);

/** su [-] [-c CMD] [USER]: the command is a script for the user's shell. */
const su: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'csgGw', longWithValue: ['command', 'shell', 'group', 'supp-group', 'whitelist-environment', 'session-command'], aliases: { command: 'c', 'session-command': 'c' }, isOperand: (text) => text === '-' });
  const script = p.last('c');
  if (script) a.nested(script, call.env);
};

const runuser: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'ucgGsw', longWithValue: ['user', 'command', 'group', 'supp-group', 'shell', 'whitelist-environment', 'session-command'], aliases: { command: 'c', user: 'u' } });
  const script = p.last('c');
  if (script) a.nested(script, call.env);
  else if (p.has('u')) runRest(call, a, p.operands);
};

// -------------------------------------------------------------------------------------------------
// gpg

/** gpg options that take a value (GnuPG 2): the value is a key id, a file it reads, or a setting. */
const GPG_LONG_VALUE = [
  'output', 'homedir', 'keyserver', 'recv-keys', 'recipient', 'local-user', 'default-key', 'trust-model', 'keyring',
  'secret-keyring', 'primary-keyring', 'trustdb-name', 'status-fd', 'logger-fd', 'passphrase-fd', 'passphrase-file',
  'passphrase', 'pinentry-mode', 'cipher-algo', 'digest-algo', 'compress-algo', 'options', 'import-options',
  'export-options', 'keyserver-options', 'verify-options', 'list-options', 'auto-key-locate', 'trusted-key',
  'default-recipient', 'hidden-recipient', 'encrypt-to', 'set-filename', 'comment', 'agent-program', 'log-file',
];

/**
 * gpg: it keeps its keyring in its home directory (`--homedir`, $GNUPGHOME, else ~/.gnupg) and
 * writes `--output FILE`; the files it is given (`gpg --import key.asc`, `gpg --verify x.sig x`)
 * are only read.
 */
const gpg: Handler = (call, a) => {
  const p = parseOptions(call.args, { shortWithValue: 'ouraRk', longWithValue: GPG_LONG_VALUE, aliases: { output: 'o', recipient: 'r', 'local-user': 'u' } });
  for (const output of p.all('o')) if (output.value !== '-') a.emitArg('write', output, call.written, { possible: p.uncertain });
  const homedir = p.last('homedir');
  if (homedir) {
    a.emitArg('write', homedir, call.written, { recursive: true, possible: p.uncertain });
    return;
  }
  // $GNUPGHOME when set to a known directory; otherwise (unset, as it almost always is) ~/.gnupg.
  const env = call.env.get('GNUPGHOME') ?? a.variable('GNUPGHOME');
  if (env.kind === 'set' && env.value.startsWith('/')) a.emitText('write', env.value, call.written, range(call), { recursive: true, possible: p.uncertain });
  else {
    const home = a.home();
    if (home) a.emitText('write', `${home}/.gnupg`, call.written, range(call), { recursive: true, possible: p.uncertain });
  }
};

// -------------------------------------------------------------------------------------------------
// Anything else

/** An argument that looks like a path: absolute, `./x`, `../x`, a relative `dir/file`, or `--opt=/x`, `KEY=/x`. */
function pathLike(arg: Arg): Arg | undefined {
  const text = arg.value ?? arg.prefix;
  if (text === '' || text.includes('://')) return undefined;
  const eq = text.indexOf('=');
  if (text.startsWith('-') || (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(text.slice(0, eq)))) {
    if (eq < 0 || !text.startsWith('/', eq + 1)) return undefined;
    return sliceArg(arg, eq + 1);
  }
  if (text.startsWith('/') || text.startsWith('./') || text.startsWith('../')) return arg;
  if (!text.includes('/') || arg.value === undefined || text.endsWith('/')) return undefined;
  for (const ch of text) if (!/[A-Za-z0-9._+@/-]/.test(ch)) return undefined;
  return text.indexOf('/') >= 2 ? arg : undefined;
}

/**
 * A project's own installer script, by its name: `netdata-installer.sh`, `foo_install.sh`,
 * `install-foo.sh` (the project is `netdata`, `foo`). A plain `install.sh` names no project.
 */
const INSTALLER_SCRIPT = /^(?:([a-z][a-z0-9]*(?:[-_][a-z][a-z0-9]*)*?)[-_]install(?:er)?|install[-_]([a-z][a-z0-9]*(?:[-_][a-z][a-z0-9]*)*))\.(?:sh|bash)$/i;

/** The project an installer script installs, or null (see INSTALLER_SCRIPT). */
export function installerProject(written: string): string | null {
  const match = INSTALLER_SCRIPT.exec(baseName(written));
  const name = match?.[1] ?? match?.[2];
  return name ? name.toLowerCase() : null;
}

/** Interpreters that run a script read from their standard input (`curl … | sh`, `curl … | node`). */
const INTERPRETERS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'node', 'nodejs', 'python', 'perl', 'ruby', 'php']);

/** Where a project's own repository serves its files: `https://raw.githubusercontent.com/OWNER/REPO/…`. */
const REPOSITORY_URL = /^https?:\/\/(?:raw\.githubusercontent\.com|github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/([A-Za-z0-9][\w.-]*?)(?:\.git)?\//i;

/**
 * The project whose installer a downloaded script is, or null: an installer script named for its
 * project (`netdata-installer.sh`), or a plain `install.sh`/`install.js`/`installer.py` served from
 * the project's own repository (`https://raw.githubusercontent.com/owner/cronicle/master/bin/install.js`).
 */
export function downloadedInstallerProject(url: string): string | null {
  const path = url.replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  const own = installerProject(name);
  if (own) return own;
  if (!/^install(?:er)?(?:\.(?:sh|bash|js|mjs|py|pl|rb|php))?$/i.test(name)) return null;
  const repository = REPOSITORY_URL.exec(path)?.[1];
  return repository ? repository.toLowerCase() : null;
}

/**
 * `curl -sSL URL | sh`: an interpreter runs a downloaded installer script. Like a project's own
 * installer script (see generic), it puts the project's files in their usual places, which volint
 * cannot read: possible, with the project's name.
 */
function pipedInstaller(call: Call, a: Analysis, url: string): void {
  if (!INTERPRETERS.has(versionless(call.name))) return;
  const project = downloadedInstallerProject(url);
  const script = url.replace(/[?#].*$/, '').replace(/^.*\//, '');
  // "node install.js": the interpreter and the script it reads from the pipe.
  if (project) a.emitText('write', '/', `${call.written} ${script}`, range(call), { possible: true, packages: [project], installer: true });
}

/**
 * `./configure`: a program volint does not know (its path-like arguments may be written, as for
 * any other); its `--prefix` and `--sysconfdir` are kept for a `make install` later in the script
 * in the same directory.
 */
const configure: Handler = (call, a) => {
  generic(call, a);
  const cwd = a.cwd;
  if (!cwd.exact || cwd.paths.length !== 1 || call.written.replace(/^\.\//, '').includes('/')) return;
  const dirs: ConfiguredDirs = {};
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const match = /^--(prefix|sysconfdir)(?:=(.*))?$/.exec(args[i]!.value ?? '');
    if (!match) continue;
    const value = match[2] ?? args[++i]?.value;
    if (value !== undefined && value.startsWith('/')) dirs[match[1] as keyof ConfiguredDirs] = value.replace(/(.)\/+$/, '$1');
  }
  a.recordConfigure(cwd.paths[0]!, dirs);
};

/** Directory names that say nothing about the project whose source tree they hold. */
const UNNAMED_SOURCE_DIRS = new Set(['src', 'source', 'sources', 'build', 'tmp', 'app', 'code', 'work', 'workspace', 'repo', 'project', 'dist', 'root', 'home', 'opt', 'usr', 'local']);

/**
 * The project whose source tree a directory is, by its name with the version cut off
 * (`/tmp/rinetd-0.73` → `rinetd`, `/ShadowVPN` → `shadowvpn`), or null for a name that says nothing.
 */
export function sourceTreeProject(dir: string): string | null {
  const name = baseName(dir).toLowerCase().replace(/[-_]v?\d[\w.]*$/, '');
  return /^[a-z][a-z0-9._+-]*$/.test(name) && !UNNAMED_SOURCE_DIRS.has(name) ? name : null;
}

/**
 * make: builds in its directory (`-C DIR`, else the current one). An install target (`install`,
 * `install-strip`, `install-root`…) installs the project whose source tree that directory is: like
 * a project's own installer script, where it puts files is in a Makefile volint cannot read, so the
 * effect carries the project's name (possible). Its path is where the install puts configuration:
 * `sysconfdir=` given to make or `--sysconfdir` to ./configure before it in that directory, else
 * PREFIX/etc (PREFIX from make or ./configure, else /usr/local). An install staged in `DESTDIR` puts
 * nothing in place.
 */
const make: Handler = (call, a) => {
  generic(call, a);
  const args = call.args;
  let directory: Arg | undefined;
  const vars = new Map<string, string>();
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const text = args[i]!.value;
    if (text === undefined) continue;
    if (text === '-C' || text === '--directory') directory = args[++i];
    else if (text.startsWith('--directory=')) directory = sliceArg(args[i]!, 12);
    else if (text.startsWith('-C')) directory = sliceArg(args[i]!, 2);
    else if (['-f', '--file', '--makefile', '-o', '--old-file', '-W', '--what-if', '-I', '--include-dir'].includes(text)) i++;
    else if (text === '-j' || text === '--jobs' || text === '-l' || text === '--load-average') {
      if (/^\d+$/.test(args[i + 1]?.value ?? '')) i++;
    } else if (text.startsWith('-')) continue;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) vars.set(text.slice(0, text.indexOf('=')), text.slice(text.indexOf('=') + 1));
    else if (target === undefined && /^install([-_][\w-]*)?$/.test(text)) target = text;
  }
  if (target === undefined || (vars.get('DESTDIR') ?? '') !== '') return;
  a.inDirectory(directory, () => {
    const cwd = a.cwd;
    if (!cwd.exact || cwd.paths.length !== 1) return;
    const dir = cwd.paths[0]!;
    const project = sourceTreeProject(dir);
    if (!project) return;
    const configured = a.configuredIn(dir);
    const prefix = vars.get('PREFIX') ?? vars.get('prefix') ?? configured?.prefix ?? '/usr/local';
    const sysconfdir = vars.get('sysconfdir') ?? vars.get('SYSCONFDIR') ?? configured?.sysconfdir ?? `${prefix.replace(/\/+$/, '')}/etc`;
    if (!sysconfdir.startsWith('/')) return;
    a.emitText('write', sysconfdir, `${call.written} ${target}`, range(call), { possible: true, packages: [project], installer: true });
  });
};

function generic(call: Call, a: Analysis): void {
  // An installer script puts its project's files in their usual places, which volint cannot read:
  // the effect carries the project's name like a package install does (possible; its path is /).
  const project = call.nameKnown ? installerProject(call.written) : null;
  if (project) a.emitText('write', '/', call.written, range(call), { possible: true, packages: [project], installer: true });
  for (const arg of call.args) {
    const path = pathLike(arg);
    if (path) a.emitArg('write', path, call.written, { possible: true });
  }
}

const HANDLERS = new Map<string, Handler>([
  ['mkdir', mkdir],
  ['touch', touch],
  ['cp', cp],
  ['mv', mv],
  ['install', install],
  ['ln', ln],
  ['rm', rm],
  ['rmdir', rmdir],
  ['unlink', unlink],
  ['chown', chownLike],
  ['chgrp', chownLike],
  ['chmod', chmod],
  ['tee', tee],
  ['sed', sed],
  ['perl', perl],
  ['truncate', truncate],
  ['mkfifo', mkfifo],
  ['dd', dd],
  ['sort', sort],
  ['uniq', uniq],
  ['rsync', rsync],
  ['find', find],
  ['ls', ls],
  ['du', du],
  ['stat', stat],
  ['xargs', xargs],
  ['tar', tar],
  ['unzip', unzip],
  ['curl', curl],
  ['wget', wget],
  ['git', git],
  ['gpg', gpg],
  ['gpg2', gpg],
  ['useradd', useradd],
  ['usermod', usermod],
  ['adduser', adduser],
  ['npm', npm],
  ['yarn', yarn],
  ['yarnpkg', yarn],
  ['pnpm', pnpm],
  ['pip', pip],
  ['python', python],
  ['virtualenv', virtualenv],
  ['uv', uv],
  ['poetry', poetry],
  ['pipenv', pipenv],
  ['composer', composer],
  ['bundle', bundle],
  ['bundler', bundle],
  ['go', go],
  ['apt-get', aptGet],
  ['apt', aptGet],
  ['aptitude', aptGet],
  ['apk', apk],
  ['dnf', dnf],
  ['yum', dnf],
  ['microdnf', dnf],
  ['tdnf', dnf],
  ['dpkg', dpkg],
  ['rpm', rpm],
  ['configure', configure],
  ['make', make],
  ['gmake', make],
  ['sh', shell],
  ['bash', shell],
  ['dash', shell],
  ['ash', shell],
  ['zsh', shell],
  ['ksh', shell],
  ['mksh', shell],
  ['cd', cd],
  ['pushd', pushd],
  ['popd', popd],
  ['read', read],
  ['eval', evalCommand],
  ['sudo', sudo],
  ['doas', doas],
  ['env', env],
  ['nohup', passThrough],
  ['time', wrapper({})],
  ['setsid', passThrough],
  ['unbuffer', passThrough],
  ['builtin', passThrough],
  ['nice', nice],
  ['ionice', ionice],
  ['stdbuf', stdbuf],
  ['timeout', timeout],
  ['gosu', userWrapper],
  ['su-exec', userWrapper],
  ['command', command],
  ['exec', exec],
  ['reflex', reflex],
  ['busybox', busybox],
  ['su', su],
  ['runuser', runuser],
]);
