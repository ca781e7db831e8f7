/**
 * The contract between the volume model and the RUN analysis (src/model/shell/). The model hands
 * a RUN step's script (or exec-form argv) with the state at that step; the analysis returns what
 * the step does to paths. It never guesses: an effect it cannot prove is `possible`.
 */

export type ShellEffectKind =
  /** Creates or changes file content at `path` (touch, >, cp/mv destination, tar -x -C, git clone…). */
  | 'write'
  /** Creates the directory `path` (mkdir, install -d, WORKDIR-like). */
  | 'mkdir'
  /** Removes `path` (rm, rm -rf, mv source). */
  | 'delete'
  /** Changes owner or group (chown, chgrp). */
  | 'chown'
  /** Changes mode bits (chmod). */
  | 'chmod'
  /**
   * Makes `path` the current directory (cd, pushd): changes nothing, but the directory must exist
   * (VOL018: BuildKit's VOLUME creates none). The model keeps these apart from the changes.
   */
  | 'enter'
  /**
   * Reads `path` without changing it or entering it (ls, find, du, stat): the path must exist, or
   * the command fails (VOL018). Kept apart from the changes like `enter`.
   */
  | 'read'
  /**
   * Runs the file at `path` as a program: a command named by its path (`/opt/setup/install.sh`,
   * `./configure`) or the script a shell runs (`sh setup.sh`). What the program does is not
   * analysed; rules read these where a program the build itself brought in (COPY, ADD, a download)
   * may have done anything. Kept apart from the changes, like `enter`.
   */
  | 'exec'
  /**
   * Runs a build or install tool that works in the directory `path` and may leave files below it
   * that the analysis cannot name: `pip install .` or `-e .` (the build backend writes build/ and
   * *.egg-info in the project), `python setup.py …`, `python -m build`, a Poetry or Pipenv install
   * whose virtual environment may be configured inside the project (poetry.toml, an earlier `poetry
   * config`, an existing .venv). What it writes there is unknown, not absent: a claim that the
   * directory holds only files copied from the build context must not be made after it. Kept apart
   * from the changes, like `exec` (no rule reports it as content).
   */
  | 'opaque'
  /**
   * Makes the account `account.user` (useradd, adduser): `path` is /etc/passwd, where the account is
   * written. Made whether or not the command also makes the account's home (a `mkdir` with the same
   * `account`), so the uid it is given (`adduser -D -H -u 4001 app`) is known for an account without
   * a home too. Kept apart from the changes: the model keeps it as Stage.accounts.
   */
  | 'account';

export interface ShellEffect {
  kind: ShellEffectKind;
  /**
   * Absolute, normalised POSIX path (no trailing slash, no `.`/`..`). A glob written in the script
   * is cut at its first wildcard segment (`/data/*.log` → `/data`), with `recursive: true`.
   */
  path: string;
  /** True when the effect reaches everything below `path` too (chown -R, rm -rf, tar -x -C dir). */
  recursive: boolean;
  /** `certain` when the command and its operands are known; `possible` otherwise. */
  certainty: 'certain' | 'possible';
  /** The command that causes it, as written (`chown`, `sed -i`, `npm install`). */
  command: string;
  /**
   * For a package manager's install (apt-get/apt install, apk add, dnf/yum/microdnf install, dpkg -i,
   * rpm -i): the names of the packages it installs, as written (versions and archs cut off). The
   * files they own are not known; rules read them as evidence that a path named like a package holds
   * files (src/model/evidence.ts).
   */
  packages?: string[];
  /**
   * With `packages`: the names come from a project's own installer script (`./netdata-installer.sh`),
   * not from a package manager; where it writes is unknown (the effect's path is `/`, not recursive).
   */
  installer?: boolean;
  /** chmod with a mode that sets the set-user-ID bit (`4755`, `u+s`). */
  setuid?: boolean;
  /** The word as written when `path` is only its head (`/opt/app*` gives path /opt). */
  pattern?: string;
  /** chown/chgrp/chmod: the owner (`app:app`; `:grp` for chgrp) or the mode, as written. */
  setting?: string;
  /** cp: the absolute path the copy is made from (`cp -a /opt/app/conf /opt/app/dist` writes /opt/app/dist/conf from /opt/app/conf). */
  copiedFrom?: string;
  /**
   * The write fills `path` with the entries of the directory `dir`, named by a source that stands for
   * them rather than for the directory itself: `cp -R /opt/dist/* /app` (the shell's `*` leaves out
   * names that start with a dot: `dotted` false), `rsync -a /opt/dist/ /app` (every entry: `dotted`
   * true; not with a filter option such as --exclude). `cp -a /opt/dist/. /app` gives copiedFrom.
   */
  entriesFrom?: { dir: string; dotted: boolean };
  /**
   * cp/mv SRC DEST with one source and DEST not known to be a directory (no trailing slash, no
   * -t/-T): where the copy goes depends on DEST. If DEST is then an existing directory it lands at
   * DEST/`name` (SRC's base name); otherwise DEST itself becomes the copy. `file`: SRC must be a
   * file (cp without -r/-R/-a refuses a directory). `source`: SRC's absolute path, when known.
   */
  intoExisting?: { name: string; file: boolean; source?: string };
  /** useradd/adduser: the account made (kind `account`) or whose home this is, with the uid it was given (as written). */
  account?: { user: string; uid?: string };
  /** Offsets into the analysed script text of the word (or command) that names the path. */
  start: number;
  end: number;
  /** `mkdir -p`, `install -d`: the missing parents are created too (present only when true). */
  parents?: true;
  /** `ln -s TARGET LINK`: the effect writes the symbolic link `path`, pointing at this (as written). */
  linkTarget?: string;
  /**
   * Made in a branch of the script that may not run: an `if` or `case` whose condition volint cannot
   * decide, a loop body, a command after `||` or after an undecided test and `&&` (present only when
   * true). A condition decided from known values (`[ "x$SKIP" = "x" ]` with the build arg given)
   * leaves the branch out or makes it unconditional.
   */
  conditional?: true;
  /**
   * With `conditional`: the only condition the effect depends on is that this path does not exist (an
   * `if [ ! -e P ]` or `if [ ! -f P ]` outside any other branch, `[ -e P ] || …`, `[ ! -d P ] && …`).
   */
  onlyIfAbsent?: string;
  /**
   * `find … -name GLOB … -delete` (or `-exec`): the step acts only on entries whose base name
   * matches one of these globs (as written; `-iname` ignores case), below `path`.
   */
  matching?: string[];
  /**
   * `read` by a command that compiles the sources at `path` and runs the program they make, at every
   * run (`go run .`, `go run ./cmd/server`, `go run main.go`): a program a build compiled from the
   * same sources is not what it runs (present only when true).
   */
  runsSources?: true;
}

export interface ShellContext {
  /** WORKDIR at this step: the initial current directory (absolute). */
  cwd: string;
  /** The build-time environment at this step: a known value, or undefined when unknown/unset. */
  lookup(name: string): string | undefined;
  /** Home directory of the USER at this step when known (`/root` for root). */
  home?: string;
  /**
   * Called when the analysis fails on an error that is not a known limit (a bug in volint): the
   * effects found before it are still returned, and the caller makes the failure visible.
   */
  onError?(error: unknown): void;
}

export interface ShellAnalyzer {
  /** Analyses a shell script (shell-form RUN, a heredoc body, or the script of `sh -c`). */
  analyzeScript(script: string, context: ShellContext): ShellEffect[];
  /**
   * Analyses exec-form RUN: argv as given. `start`/`end` of the effects index into the
   * argv joined with single spaces.
   */
  analyzeArgv(argv: string[], context: ShellContext): ShellEffect[];
}

/**
 * Thrown by an analyzer that was loaded without its full shell parser (see
 * `loadShellAnalyzer({ lazy: true })` in src/model/shell/index.ts) when a script needs that parser:
 * the caller awaits `load()` and analyses again. The model builds the file once more.
 */
export class ShellParserNotLoaded extends Error {
  constructor(readonly load: () => Promise<void>) {
    super('the full shell parser is not loaded yet');
  }
}
