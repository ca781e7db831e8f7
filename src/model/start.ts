/**
 * What a container of a stage runs at start, and what that says about it: systemd as init (it
 * mounts its own /run and /sys/fs/cgroup), root regained at start (a setuid init, sudo). Read from
 * the stage chain's CMD/ENTRYPOINT, ENV and STOPSIGNAL and from the steps' effects.
 */
import { parseListArgs } from '../parse/list-args.js';
import type { Instruction, ParsedDockerfile } from '../parse/types.js';
import { isWithin } from './paths.js';
import type { PathEffect, Stage } from './types.js';

/** The stages a stage is built on, itself first. */
function chain(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  const seen = new Set<number>();
  for (let current: Stage | null = stage; current && !seen.has(current.index); current = current.base.kind === 'stage' ? current.base.stage : null) {
    seen.add(current.index);
    stages.push(current);
  }
  return stages;
}

/** The last instruction with this keyword in the stage chain (a stage's own before its base's). */
function lastOf(stage: Stage, keyword: string): Instruction | null {
  for (const current of chain(stage)) {
    for (let i = current.instructions.length - 1; i >= 0; i--) {
      const instruction = current.instructions[i]!;
      if (instruction.keyword === keyword) return instruction;
    }
  }
  return null;
}

/** argv of a CMD or ENTRYPOINT: its JSON items, or `sh -c` and the words of the shell form. */
function argvOf(instruction: Instruction | null): string[] {
  const text = instruction?.args?.text;
  if (!text) return [];
  const list = parseListArgs(text);
  if (list.form === 'json') return list.items.map((i) => i.raw);
  return list.items.map((i) => i.raw.replace(/^["']|["']$/g, ''));
}

/** The command line a container starts with: ENTRYPOINT then CMD (CMD alone when no ENTRYPOINT). */
export function startCommand(stage: Stage): string[] {
  return [...argvOf(lastOf(stage, 'ENTRYPOINT')), ...argvOf(lastOf(stage, 'CMD'))];
}

/**
 * Whether the container starts in `path` (its working directory) and the start command names a
 * file there by a relative name (`WORKDIR /etc/openvpn` with `openvpn --config openvpn.conf`): the
 * image runs with a file that the user puts into that directory. Returns the file, or null.
 */
export function relativeStartFileIn(stage: Stage, path: string): string | null {
  const workdir = stage.finalWorkdir;
  if (!workdir || !workdir.startsWith('/') || !isWithin(workdir, path)) return null;
  const argv = startCommand(stage);
  for (const [index, raw] of argv.entries()) {
    if (index === 0) continue;
    const word = raw.replace(/^--?[A-Za-z][\w-]*=/, '').replace(/^\.\//, '');
    // A relative file name with an extension (`openvpn.conf`), not a flag, a number or a variable.
    if (/^[\w-][\w.-]*\.[A-Za-z]\w*$/.test(word)) return `${workdir.replace(/\/+$/, '')}/${word}`;
  }
  return null;
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
  if (startCommand(stage).slice(0, 2).some((word) => INIT.test(word))) return true;
  for (const current of chain(stage)) {
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
  return chain(stage).flatMap((s) => s.effects);
}

/**
 * Evidence that a container regains root at start although USER is not root: a setuid binary that
 * the container runs (`chmod u+s`/`4755` on the ENTRYPOINT/CMD program), a sudoers grant written by a
 * step, or a start command that runs sudo. Returns the evidence in words, or null.
 */
export function rootAtStart(stage: Stage): string | null {
  const argv = startCommand(stage);
  const program = argv[0] ?? '';
  const effects = allEffects(stage);
  if (argv.some((word) => word === 'sudo' || word.endsWith('/sudo'))) return 'the start command runs sudo';
  for (const effect of effects) {
    if (effect.kind !== 'chmod' || !program) continue;
    const matchesProgram = effect.path === program || (!program.startsWith('/') && effect.path.endsWith(`/${program}`));
    if (matchesProgram && effect.setuid) return `${effect.command} at line ${effect.instruction.range.start.line + 1} makes ${program}, which the container starts, setuid`;
  }
  for (const effect of effects) {
    if ((effect.kind === 'write' || effect.kind === 'copy') && (isWithin(effect.path, '/etc/sudoers.d') || effect.path === '/etc/sudoers')) {
      return `${effect.command} at line ${effect.instruction.range.start.line + 1} grants sudo`;
    }
  }
  // An init script started as the ENTRYPOINT/CMD in an image where sudo is set up: such scripts
  // (docker-init.sh of the dev containers) start their daemons with sudo.
  const script = program.replace(/^.*\//, '');
  if (/init/i.test(script) && !INIT.test(program)) {
    for (const current of chain(stage)) {
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
