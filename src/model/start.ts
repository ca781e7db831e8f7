/**
 * What a container of a stage runs at start, and what that says about it: systemd as init (it
 * mounts its own /run and /sys/fs/cgroup), root regained at start (a setuid init, sudo). Read from
 * the stage chain's CMD/ENTRYPOINT, ENV and STOPSIGNAL and from the steps' effects.
 */
import { parseListArgs } from '../parse/list-args.js';
import type { Instruction, ParsedDockerfile } from '../parse/types.js';
import { expandWord } from './expand.js';
import { followLinks, isWithin, normalizePath } from './paths.js';
import { programsBroughtIn, stageChain } from './query.js';
import type { PathEffect, Stage } from './types.js';

/** The last instruction with this keyword in the stage chain (a stage's own before its base's). */
function lastOf(stage: Stage, keyword: string): Instruction | null {
  for (const current of stageChain(stage)) {
    for (let i = current.instructions.length - 1; i >= 0; i--) {
      const instruction = current.instructions[i]!;
      if (instruction.keyword === keyword) return instruction;
    }
  }
  return null;
}

/** A CMD or ENTRYPOINT with the stage that wrote it. */
interface StartInstruction {
  instruction: Instruction;
  stage: Stage;
}

/** The last instruction with this keyword in the stage chain, with its stage (a stage's own before its base's). */
function lastWithStage(stage: Stage, keyword: string): StartInstruction | null {
  for (const current of stageChain(stage)) {
    for (let i = current.instructions.length - 1; i >= 0; i--) {
      const instruction = current.instructions[i]!;
      if (instruction.keyword === keyword) return { instruction, stage: current };
    }
  }
  return null;
}

/** Whether a CMD or ENTRYPOINT is in the exec (JSON) form. */
function isExecForm(instruction: Instruction | null): boolean {
  const text = instruction?.args?.text;
  return text !== undefined && parseListArgs(text).form === 'json';
}

/** argv of a CMD or ENTRYPOINT in the exec form: its JSON items; in the shell form, the words the shell runs. */
function argvOf(instruction: Instruction | null): string[] {
  const text = instruction?.args?.text;
  if (!text) return [];
  const list = parseListArgs(text);
  if (list.form === 'json') return list.items.map((i) => i.raw);
  return list.items.map((i) => i.raw.replace(/^["']|["']$/g, ''));
}

/**
 * The shell a shell-form CMD or ENTRYPOINT runs in: the last `SHELL` of the stage chain before the
 * instruction (its JSON items), else `/bin/sh -c`.
 */
function shellOf(start: StartInstruction): string[] {
  const stages = stageChain(start.stage);
  for (const current of stages) {
    for (let i = current.instructions.length - 1; i >= 0; i--) {
      const instruction = current.instructions[i]!;
      if (current === start.stage && instruction.index > start.instruction.index) continue;
      if (instruction.keyword !== 'SHELL') continue;
      const list = parseListArgs(instruction.args?.text ?? '');
      if (list.form === 'json' && list.items.length > 0) return list.items.map((item) => item.raw);
    }
  }
  return ['/bin/sh', '-c'];
}

/**
 * The CMD a container gets, as Docker decides it: an ENTRYPOINT resets the CMD its stage inherited
 * (a CMD of a base stage no longer counts once a later stage sets ENTRYPOINT; a CMD of the same
 * stage, before or after it, or of a later stage does), and a shell-form ENTRYPOINT ignores CMD.
 */
function effectiveCmd(entrypoint: StartInstruction | null, cmd: StartInstruction | null): StartInstruction | null {
  if (!cmd) return null;
  if (!entrypoint) return cmd;
  if (!isExecForm(entrypoint.instruction)) return null;
  return cmd.stage.index >= entrypoint.stage.index ? cmd : null;
}

/**
 * The arguments an exec-form ENTRYPOINT receives from a CMD: the CMD's items in the exec form; in
 * the shell form, the shell and the CMD's text as one argument (`/bin/sh -c "<cmd>"`), as Docker
 * passes it.
 */
function cmdArguments(cmd: StartInstruction): string[] {
  if (isExecForm(cmd.instruction)) return argvOf(cmd.instruction);
  const text = cmd.instruction.args?.text.trim() ?? '';
  return text === '' ? [] : [...shellOf(cmd), text];
}

/**
 * The command line a container starts with. An exec-form ENTRYPOINT gets the CMD as arguments:
 * the CMD's items, or, for a shell-form CMD, `/bin/sh -c "<cmd>"` (the shell of SHELL when one is
 * set), which Docker passes to the entrypoint as they are. A shell-form ENTRYPOINT ignores CMD. A
 * shell-form command that comes first is given as the words the shell runs (`CMD exec app -c x` →
 * `exec`, `app`, `-c`, `x`). A CMD that a base stage set no longer counts once a later stage sets
 * ENTRYPOINT (Docker resets it). Read once per stage (rules ask it for every volume); the array is
 * shared, hence read-only.
 */
export function startCommand(stage: Stage): readonly string[] {
  let argv = startCommands.get(stage);
  if (!argv) startCommands.set(stage, (argv = Object.freeze(buildStartCommand(stage))));
  return argv;
}

/** startCommand's answers: a stage's instructions and base never change once the model is built. */
const startCommands = new WeakMap<Stage, readonly string[]>();

function buildStartCommand(stage: Stage): string[] {
  const entrypoint = lastWithStage(stage, 'ENTRYPOINT');
  const cmd = effectiveCmd(entrypoint, lastWithStage(stage, 'CMD'));
  if (!entrypoint) return argvOf(cmd?.instruction ?? null);
  return [...argvOf(entrypoint.instruction), ...(cmd ? cmdArguments(cmd) : [])];
}

/**
 * The words of the start command, with the script of a `sh -c "<cmd>"` argument (a shell-form CMD
 * passed to an exec-form ENTRYPOINT) split into the words it runs: what a word-by-word reading of
 * the command line (a path it names, a program it runs) looks at.
 */
export function startWords(stage: Stage): string[] {
  const argv = startCommand(stage);
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (i > 0 && SHELL_LIKE_PROGRAM.test(word) && argv[i + 1] === '-c' && argv[i + 2] !== undefined) {
      words.push(...parseListArgs(argv[i + 2]!).items.map((item) => item.raw.replace(/^["']|["']$/g, '')));
      i += 2;
      continue;
    }
    words.push(word);
  }
  return words;
}

/** A shell program (`/bin/sh`, `bash`). */
const SHELL_LIKE_PROGRAM = /(^|\/)(sh|bash|ash|dash|zsh|ksh)$/;

/**
 * The command line a container of the stage starts with when Compose sets `entrypoint:` and/or
 * `command:` (null: not set). As Docker does, an `entrypoint:` drops the image's CMD, and a
 * `command:` replaces it.
 */
export function startCommandWith(stage: Stage, entrypoint: readonly string[] | null, command: readonly string[] | null): string[] {
  if (entrypoint === null && command === null) return [...startCommand(stage)];
  const imageEntrypoint = lastWithStage(stage, 'ENTRYPOINT');
  const first = entrypoint ?? argvOf(imageEntrypoint?.instruction ?? null);
  if (command !== null) return [...first, ...command];
  return [...first];
}

/** The search path of a container when no ENV sets PATH (Docker's default for Linux images). */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The files the container's first program may be, as absolute paths: the first word of the start
 * command (after `exec` in the shell form, whose words the container's shell expands with the
 * image's ENV: `CMD exec $APP_HOME/bin/start`), looked up in PATH when it names no directory.
 * Empty when the program is not known.
 */
export function startProgramPaths(stage: Stage): string[] {
  const first = lastOf(stage, 'ENTRYPOINT') ?? lastOf(stage, 'CMD');
  const text = first?.args?.text;
  if (!first || !text) return [];
  const list = parseListArgs(text);
  const words = list.items.map((i) => i.raw);
  let program: string | null;
  if (list.form === 'json') {
    // Exec form: no shell, the word is the program as written.
    program = words[0] ?? null;
  } else {
    const word = words[0] === 'exec' ? words[1] : words[0];
    // A shell expands only what the container's environment has: ENV, not ARG.
    program = word === undefined ? null : expandWord(word, (name) => (stage.envNames.has(name) ? stage.variables.get(name) : undefined)).value;
  }
  if (!program || program.includes('$')) return [];
  if (program.startsWith('/')) return [normalizePath(program)];
  if (program.includes('/')) {
    const workdir = stage.finalWorkdir;
    return workdir?.startsWith('/') ? [normalizePath(`${workdir}/${program}`)] : [];
  }
  const pathValue = stage.envNames.has('PATH') ? stage.variables.get('PATH') : undefined;
  const searchPath = pathValue === undefined ? DEFAULT_PATH : pathValue.kind === 'known' ? pathValue.value : null;
  if (searchPath === null) return [];
  return searchPath
    .split(':')
    .filter((dir) => dir.startsWith('/'))
    .map((dir) => normalizePath(`${dir}/${program}`));
}

/**
 * Whether the container starts in `path` (its working directory) and the start command names a
 * file there by a relative name (`WORKDIR /etc/openvpn` with `openvpn --config openvpn.conf`): the
 * image runs with a file that the user puts into that directory. Returns the file, or null.
 */
export function relativeStartFileIn(stage: Stage, path: string): string | null {
  const workdir = stage.finalWorkdir;
  if (!workdir || !workdir.startsWith('/') || !isWithin(workdir, path)) return null;
  const argv = startWords(stage);
  for (const [index, raw] of argv.entries()) {
    if (index === 0) continue;
    const word = raw.replace(/^--?[A-Za-z][\w-]*=/, '').replace(/^\.\//, '');
    // A relative file name with an extension (`openvpn.conf`), not a flag, a number or a variable.
    if (/^[\w-][\w.-]*\.[A-Za-z]\w*$/.test(word)) return `${workdir.replace(/\/+$/, '')}/${word}`;
  }
  return null;
}

/**
 * Variables whose value lists directories a program searches for files to read or run (`PATH`,
 * `PYTHONPATH`, `LD_LIBRARY_PATH`…): naming a directory there says the container reads it, never
 * that it writes it.
 */
export const SEARCH_PATH_VARIABLES = new Set([
  'PATH', 'LD_LIBRARY_PATH', 'LIBRARY_PATH', 'PYTHONPATH', 'CLASSPATH', 'MANPATH', 'INFOPATH', 'PKG_CONFIG_PATH', 'NODE_PATH',
  'PERL5LIB', 'RUBYLIB', 'CPATH', 'C_INCLUDE_PATH', 'CPLUS_INCLUDE_PATH', 'XDG_DATA_DIRS', 'XDG_CONFIG_DIRS',
]);

/** The absolute paths a value or word names: `/data/db`, `--dir=/srv/x`, `a:/b`, `-Dhome=/opt/h`. */
export function absolutePathsIn(text: string): string[] {
  const paths: string[] = [];
  for (const match of text.matchAll(/(?:^|[\s=:,;'"])(\/[^\s:,;'"]*)/g)) {
    const path = normalizePath(match[1]!);
    if (path !== '/') paths.push(path);
  }
  return paths;
}

/** `named` names `path`, a directory inside it, or a parent of it other than / (where the program may make it). */
function namesPath(named: string, path: string): boolean {
  return isWithin(named, path) || isWithin(path, named);
}

/**
 * What tells the stage's containers to use `path` at run time: an ENV value (not a search path such
 * as PATH) or a word of the start command (ENTRYPOINT and CMD) that names the path, a directory
 * inside it, or a parent of it; or a step or the start command that enters, reads or writes there.
 * Returns it in words (`ENV PGDATA=/data/db`, `the start command's /srv/state`), or null when nothing
 * volint can read names the path. A script the container starts may still name it: volint does not
 * read the scripts' files.
 */
export function runtimeMention(stage: Stage, path: string): string | null {
  for (const name of stage.envNames) {
    if (SEARCH_PATH_VARIABLES.has(name)) continue;
    const value = stage.variables.get(name);
    if (value?.kind !== 'known') continue;
    const named = absolutePathsIn(value.value).find((p) => namesPath(p, path));
    if (named) return `ENV ${name}=${value.value}`;
  }
  const workdir = stage.finalWorkdir;
  if (workdir?.startsWith('/') && workdir !== '/' && namesPath(normalizePath(workdir), path)) return `WORKDIR ${workdir}, where the container starts`;
  for (const word of startWords(stage)) {
    const named = absolutePathsIn(word).find((p) => namesPath(p, path));
    if (named) return `the start command's ${word}`;
  }
  for (const current of stageChain(stage)) {
    for (const effect of [...current.uses, ...current.startEffects]) {
      if (isWithin(effect.path, path)) return `${effect.command} at line ${effect.instruction.range.start.line + 1}`;
    }
  }
  return null;
}

/**
 * The files inside `path` that the start command names: by an absolute path (`-c
 * /etc/app/app.conf`, `--config=/etc/app/app.conf`) or by a relative name in a working directory
 * inside it (relativeStartFileIn). Paths with a variable are left out.
 */
export function startFilesIn(stage: Stage, path: string): string[] {
  const files = new Set<string>();
  for (const [index, raw] of startWords(stage).entries()) {
    if (index === 0) continue;
    const word = raw.replace(/^--?[A-Za-z][\w-]*=/, '');
    if (!word.startsWith('/') || word.includes('$')) continue;
    const file = normalizePath(word);
    if (file !== path && isWithin(file, path)) files.add(file);
  }
  const relative = relativeStartFileIn(stage, path);
  if (relative) files.add(relative);
  return [...files];
}

/** Arguments that ask a program for its usage or version and nothing else. */
const HELP_ONLY = new Set(['--help', '-h', '-help', 'help', '--usage', '--version', '-V', 'version']);

/**
 * The container's default command only asks its program for help (`ENTRYPOINT ["tool"]` with
 * `CMD ["--help"]`, or `CMD ["tool", "--version"]`): the image is a command-line tool, run once per
 * task with the user's arguments (`docker run --rm tool ARGS`), and each such run is a new
 * container whose anonymous volumes are new, seeded from the image it runs. None of them holds an
 * earlier image's files, so what the image puts in its volumes cannot go stale there.
 */
export function startsWithHelpOnly(stage: Stage): boolean {
  const argv = startCommand(stage);
  return argv.length >= 2 && argv.slice(1).every((word) => HELP_ONLY.has(word));
}

const SUDO = /(^|[\s;&|(])sudo\s/;

const INIT = /^(\/usr)?(\/s?bin|\/lib\/systemd)\/(init|systemd)$|^(init|systemd)$/;

/**
 * The container runs systemd as its init: it starts `/sbin/init` or `systemd`, or carries the
 * markers of a systemd container (`ENV container=docker`, `STOPSIGNAL SIGRTMIN+3`). systemd wants
 * /run, /run/lock and /tmp as fresh file systems and /sys/fs/cgroup from the host; a VOLUME there is
 * how such images ask for them.
 */
export function runsSystemd(stage: Stage): boolean {
  if (startWords(stage).slice(0, 2).some((word) => INIT.test(word))) return true;
  for (const current of stageChain(stage)) {
    for (const instruction of current.instructions) {
      const text = instruction.args?.text ?? '';
      if (instruction.keyword === 'STOPSIGNAL' && /SIGRTMIN\+3/i.test(text)) return true;
      if (instruction.keyword === 'ENV' && /(^|\s)container(=|\s+)["']?(docker|oci|podman)\b/.test(text)) return true;
    }
  }
  return false;
}

/** Steps of the stage chain, in any order. */
function allEffects(stage: Stage): PathEffect[] {
  return stageChain(stage).flatMap((s) => s.effects);
}

/**
 * Evidence that a container regains root at start although USER is not root: a setuid binary that
 * the container runs (`chmod u+s`/`4755` on the ENTRYPOINT/CMD program), a sudoers grant written by a
 * step, or a start command that runs sudo. Returns the evidence in words, or null.
 */
export function rootAtStart(stage: Stage): string | null {
  const argv = startWords(stage);
  const program = argv[0] ?? '';
  const effects = allEffects(stage);
  if (argv.some((word) => word === 'sudo' || word.endsWith('/sudo'))) return 'the start command runs sudo';
  // The program and, where a step made it a symbolic link (`ln -s $APP_HOME/bin/init /usr/sbin/init`),
  // the file the link leads to: the set-user-ID bit of that file is what counts.
  const candidates = startProgramPaths(stage).map((path) => ({ path, followed: followLinks(path, stage.links) }));
  for (const effect of effects) {
    if (effect.kind !== 'chmod' || !effect.setuid || !program) continue;
    const at = `${effect.command} at line ${effect.instruction.range.start.line + 1}`;
    for (const { path, followed } of candidates) {
      if (effect.path === path) return `${at} makes ${path}, which the container starts, setuid`;
      if (followed && effect.path === followed.path) {
        return `${at} makes ${followed.path} setuid, and the container starts it through the symbolic link ${followed.link.path} (made at line ${followed.link.instruction.range.start.line + 1}${path === followed.link.path ? '' : ` for ${path}`})`;
      }
    }
    if (!program.includes('/') && !program.includes('$') && effect.path.endsWith(`/${program}`)) return `${at} makes ${program}, which the container starts, setuid`;
  }
  for (const effect of effects) {
    if ((effect.kind === 'write' || effect.kind === 'copy') && (isWithin(effect.path, '/etc/sudoers.d') || effect.path === '/etc/sudoers')) {
      return `${effect.command} at line ${effect.instruction.range.start.line + 1} grants sudo`;
    }
  }
  // A script the build brought in and ran whose name says it sets up sudo (`setupSudo.sh`,
  // `configure-sudoers.sh`): a sudoers grant that volint cannot read. Likely, not certain; it
  // counts like a grant written by a step.
  for (const { run, source } of programsBroughtIn(stage)) {
    const name = run.path.replace(/^.*\//, '');
    if (/sudo/i.test(name)) {
      return `the RUN at line ${run.instruction.range.start.line + 1} runs ${name}, which ${source.command} at line ${source.instruction.range.start.line + 1} brought in; a script named for setting up sudo likely grants it (volint cannot read the script)`;
    }
  }
  // An init script started as the ENTRYPOINT/CMD in an image where sudo is set up: such scripts
  // (docker-init.sh of the dev containers) start their daemons with sudo.
  const script = program.replace(/^.*\//, '');
  if (/init/i.test(script) && !INIT.test(program)) {
    for (const current of stageChain(stage)) {
      for (const instruction of current.instructions) {
        if (instruction.keyword === 'RUN' && SUDO.test(instruction.args?.text ?? '')) {
          return `the container starts ${script}, and the RUN at line ${instruction.range.start.line + 1} uses sudo: the script can start its daemons as root`;
        }
      }
    }
  }
  return null;
}

/**
 * What makes a Dockerfile buildable only by BuildKit-class builders (BuildKit, Buildah, Kaniko):
 * the legacy builder refuses a `# syntax=` frontend's features, `RUN --mount`/`--network`/
 * `--security`, `COPY`/`ADD --chmod`, `--link`, `--parents`, `--exclude`, `ADD --checksum`/
 * `--keep-git-dir` and heredocs. Returns the first such feature in words with its line, or null.
 */
export function buildkitOnlyFeature(parsed: ParsedDockerfile): string | null {
  const syntax = parsed.directives.find((d) => d.name.toLowerCase() === 'syntax');
  if (syntax) return `the \`# syntax=${syntax.value}\` line (line ${syntax.range.start.line + 1})`;
  for (const instruction of [...parsed.instructions, ...parsed.triggers]) {
    const at = `line ${instruction.range.start.line + 1}`;
    if (instruction.heredocs.length > 0) return `the heredoc at ${at}`;
    for (const flag of instruction.flags) {
      const name = flag.name.toLowerCase();
      if (instruction.keyword === 'RUN' && ['mount', 'network', 'security'].includes(name)) return `\`RUN --${name}\` at ${at}`;
      if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && ['chmod', 'link', 'parents', 'exclude', 'checksum', 'keep-git-dir'].includes(name)) {
        return `\`${instruction.keyword} --${name}\` at ${at}`;
      }
    }
  }
  return null;
}
