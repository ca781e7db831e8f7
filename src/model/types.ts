/**
 * The volume model: what volint knows of a Dockerfile, stage by stage. Rules read this, never
 * raw text. Built once per file by buildModel().
 */
import type { Instruction, ParsedDockerfile, Range } from '../parse/types.js';
import type { ListArgs } from '../parse/list-args.js';
import type { ExpandedWord, VarValue } from './expand.js';
import type { BaseImageInfo, ImageRef } from './image-types.js';
import type { ShellEffectKind } from './shell-types.js';

/** The builders whose VOLUME behaviour differs (../shared/volume-semantics.md §3–4). */
export type BuilderName = 'legacy' | 'buildkit' | 'buildah' | 'buildah-compat' | 'kaniko';
export type BuilderSetting = BuilderName | 'any';
export const BUILDERS: readonly BuilderName[] = ['legacy', 'buildkit', 'buildah', 'buildah-compat', 'kaniko'];

/** Target classes, from the picomatch lists in src/model/targets.ts (extendable in config). */
export type TargetClass = 'good' | 'code' | 'config' | 'static' | 'cache' | 'system';

export type StageBase =
  | { kind: 'scratch' }
  | { kind: 'stage'; stage: Stage }
  /** `unplacedTag`: the catalogue knows the name, but not which release this tag is (ImageCatalog.unplacedTag). */
  | { kind: 'image'; ref: ImageRef; info: BaseImageInfo | undefined; unplacedTag?: string }
  /** FROM with a variable volint cannot resolve, or no FROM at all. */
  | { kind: 'unknown'; text: string };

/** One path of one VOLUME instruction. */
export interface VolumeItem {
  owner: VolumeInstruction;
  /** The item before expansion (decoded JSON string or shell word). */
  raw: string;
  /** Document range of the item. */
  range: Range;
  expanded: ExpandedWord;
  /** The path as the engine mounts it: absolute, normalised; null when unknown or empty. */
  mountPath: string | null;
  /** Relative as written (after expansion): mounted under `/`, whatever WORKDIR says. */
  relative: boolean;
  /**
   * For a relative path: WORKDIR + path, what the author probably meant (null if WORKDIR unknown);
   * the mount point itself when the path is WORKDIR without its leading slash.
   */
  intendedPath: string | null;
  /** A Windows path (drive letter) or a stage built for Windows. */
  windows: boolean;
  /** Expands to the empty string: the build fails. */
  empty: boolean;
  /** A shell-form fragment of a path that contained whitespace (`/var/lib/my app` → `app`). */
  splitFragment: boolean;
  /** What the mount path is, by the target lists (null when no list matches). */
  target: TargetClass | null;
  /**
   * The path depends on an ARG without a value (`ARG X`, then `VOLUME ${X:-/data}`): `mountPath`
   * is what the build declares when no `--build-arg X` is given (the default), and this names the
   * ARGs it assumes unset. Empty when nothing is assumed.
   */
  assumedUnset: string[];
}

/** A VOLUME instruction with its BuildKit-compatible parse. */
export interface VolumeInstruction {
  instruction: Instruction;
  stage: Stage | null;
  list: ListArgs;
  items: VolumeItem[];
  /** WORKDIR in effect at this instruction (null when unknown). */
  workdir: string | null;
  /** Inside ONBUILD: runs in the images built FROM this one, not here. */
  onbuild: boolean;
}

/** A volume in effect in a stage. */
export interface Volume {
  path: string;
  origin: 'instruction' | 'stage' | 'base-image';
  /** The declaring item (for `instruction`, and for `stage` when the earlier stage declared it). */
  item?: VolumeItem;
  /** The stage whose VOLUME declares it (for `stage`/`instruction`). */
  declaringStage?: Stage;
  /** For `base-image`: what is known of the image. */
  image?: { ref: ImageRef; info: BaseImageInfo };
  /** Instruction index from which it is in effect in this stage (the FROM for inherited ones). */
  since: number;
  target: TargetClass | null;
}

/** What a step does to a path: an account a RUN step makes is kept apart (Stage.accounts). */
export type EffectKind = Exclude<ShellEffectKind, 'account'> | 'copy' | 'workdir';

/** Something a step does to a path. */
export interface PathEffect {
  instruction: Instruction;
  kind: EffectKind;
  path: string;
  recursive: boolean;
  certainty: 'certain' | 'possible';
  /** What does it: `RUN chown`, `COPY`, `ADD`, `WORKDIR`. */
  command: string;
  range: Range;
  /** COPY/ADD: `--from` source stage or image when given. */
  from?: string;
  /** COPY/ADD sources as written, with their variables expanded where every one is known. */
  sources?: string[];
  /** `mkdir -p`, `install -d`: missing parents are created too. */
  parents?: true;
  /**
   * The step named a path through a symbolic link an earlier step made (`ln -s /data /link`, then
   * `touch /link/f`): `path` is where the change lands, `via` the path as the step named it.
   */
  via?: { path: string; link: string; instruction: Instruction };
  /** RUN: the packages a package manager installs in this effect (ShellEffect.packages). */
  packages?: string[];
  /** RUN: `packages` name the project an installer script installs (ShellEffect.installer). */
  installer?: boolean;
  /** RUN chmod: the mode sets the set-user-ID bit. */
  setuid?: boolean;
  /** RUN: the word as written when `path` is only its head (a glob `/opt/app*` gives path /opt). */
  pattern?: string;
  /** RUN chown/chgrp/chmod, COPY/ADD --chown/--chmod: the owner (`app:app`; `:grp` for chgrp) or the mode, as written. */
  setting?: string;
  /** RUN cp: the absolute path the copy is made from (ShellEffect.copiedFrom). */
  copiedFrom?: string;
  /** RUN cp/mv onto a path not known to be a directory (ShellEffect.intoExisting). */
  intoExisting?: { name: string; file: boolean; source?: string };
  /** RUN cp `DIR/*`, rsync `DIR/`: the entries of a directory copied in (ShellEffect.entriesFrom). */
  entriesFrom?: { dir: string; dotted: boolean };
  /** RUN useradd/adduser: the home directory made for the account `user`, with its uid as written. */
  account?: { user: string; uid?: string };
  /** RUN: made in a branch of the script that may not run (ShellEffect.conditional). */
  conditional?: true;
  /** RUN find: the action is limited to entries whose base name matches one of these globs (ShellEffect.matching). */
  matching?: string[];
  /**
   * RUN: the effect is one of a script the step runs, which the build brought from the build
   * context and volint read there (src/model/run-scripts.ts): the script's path in the image, its
   * path in the context and the line of the script that makes the effect. `range` is the step's
   * word that runs the script.
   */
  script?: { path: string; source: string; line: number };
  /** An `exec` use (Stage.uses) whose program volint read and analysed: its effects are the step's, with `script`. */
  read?: true;
}

/** An account a RUN step makes (useradd, adduser), with the uid it was given as written (`-u 4001`). */
export interface AccountMade {
  user: string;
  uid?: string;
  instruction: Instruction;
}

/** A symbolic link a RUN step made (`ln -s TARGET PATH`). */
export interface SymbolicLink {
  path: string;
  /** Absolute, normalised. */
  target: string;
  instruction: Instruction;
}

export interface Stage {
  index: number;
  name: string | null;
  from: Instruction;
  base: StageBase;
  instructions: Instruction[];
  /** VOLUME instructions of this stage (not ONBUILD ones). */
  volumeInstructions: VolumeInstruction[];
  /** Every volume in effect at the end of the stage, in order of declaration (inherited first). */
  volumes: Volume[];
  /**
   * Steps that touch paths, in order. COPY/ADD in every stage; RUN only in a stage that declares
   * or inherits volumes and in the stages such a stage is built on (no finding reads the others).
   */
  effects: PathEffect[];
  /**
   * Steps that need a path to exist without changing it (`cd`, `pushd`, `tar -C`: kind `enter`;
   * `ls`, `find`, `du`, `stat`: kind `read`; a program the step runs by its path or as a shell
   * script: kind `exec`), kept apart from `effects` (which are changes). Analysed where `effects` are.
   */
  uses: PathEffect[];
  /** The accounts RUN steps make (useradd, adduser: ShellEffect kind `account`), in order, whether or not they get a home. */
  accounts: AccountMade[];
  /**
   * What the shell-form CMD and ENTRYPOINT in effect at the end of the stage do to paths when a
   * container starts (analysed like RUN, where RUN is analysed); their `command` starts with `RUN`.
   */
  startEffects: PathEffect[];
  /** WORKDIR before each instruction of the stage, by instruction index (null = unknown). */
  workdirAt: Map<number, string | null>;
  /** USER before each instruction, by instruction index (null = unknown, '' = image default). */
  userAt: Map<number, string | null>;
  /** USER at the end of the stage: null when unknown, '' when the image default (root) applies. */
  finalUser: string | null;
  /** WORKDIR at the end of the stage (null when unknown). */
  finalWorkdir: string | null;
  /** Names set by ENV (here or in a base stage): ENV, unlike ARG, passes to stages built on this one. */
  envNames: Set<string>;
  /** The base image is not known to volint: its ENV may define names this file does not. */
  baseEnvUnknown: boolean;
  /** True when the final image (or the --target stage) contains this stage. */
  inFinalImage: boolean;
  windows: boolean;
  /** Variables at the end of the stage (ARG and ENV, base image ENV when known). */
  variables: Map<string, VarValue>;
  /**
   * Symbolic links the RUN steps of this stage and of the stages it is built on made (`ln -s`),
   * by link path, as they stand at the end of the stage (where RUN is analysed).
   */
  links: Map<string, SymbolicLink>;
  /**
   * The script the container starts, read from the build context (null when there is no context,
   * the program is not a shell script this Dockerfile brings from it, or it cannot be read).
   */
  startScript: StartScript | null;
  /**
   * The start program's file in the build context when volint did not read it because the build
   * may or may not bring it: the ignore files leave it in under some of the builders asked about
   * and out under others (src/model/dockerignore.ts). Absent otherwise.
   */
  startScriptUndecided?: { path: string; source: string };
  /**
   * What the COPY and ADD steps of the build context bring at the stage's volume paths, read in the
   * build context on the disk (src/model/context-files.ts); empty when volint reads no context, or
   * where what a step brings is not certain.
   */
  contextCopies: ContextCopy[];
}

/** What a COPY or ADD of the build context brings at a volume's path (its destination, a path below it, or a path above it). */
export interface ContextCopy {
  copy: PathEffect;
  /** The volume's path. */
  path: string;
  /** The path of the build context that lands at `path` itself (a directory source's entry there, relative to the context; '' for its root), or null: the step lands inside `path`, copies files whose place depends on how the destination is written, or brings nothing there. */
  source: string | null;
  /** Whether the step brings anything at or below `path` (a file, or a directory even if empty). */
  brings: boolean;
  /** Files it brings at or below `path` that are not placeholders (context paths, the first few found). */
  files: string[];
}

/** What a start script does to a path at every start (an effect of the script, analysed like a RUN step). */
export interface StartScriptEffect {
  kind: ShellEffectKind;
  path: string;
  recursive: boolean;
  certainty: 'certain' | 'possible';
  /** The command as written (`chown`, `mkdir`). */
  command: string;
  /** chown/chmod: the owner or mode as written. */
  setting?: string;
  /** The word as written when `path` is only its head (a glob). */
  pattern?: string;
  /** `mkdir -p`: missing parents are created too. */
  parents?: true;
  /** Made in a branch of the script that may not run (an undecided `if`, a loop body, after `||`). */
  conditional?: true;
  /** Line in the script (1-based). */
  line: number;
}

/**
 * The script a container of the stage starts (its ENTRYPOINT, or CMD without one), read from the
 * build context where a COPY or ADD brought it in (through `COPY --from` of an earlier stage too),
 * and what it does to paths at every start.
 */
export interface StartScript {
  /** The script's path in the image. */
  path: string;
  /** The file in the build context it comes from (relative to the context). */
  source: string;
  /** The COPY/ADD of this Dockerfile that put it in the image (in the stage chain, or in the stage a COPY --from names). */
  copy: PathEffect;
  /** The user the script runs as: the stage's final USER ('' = the image default, null = unknown). */
  user: string | null;
  /** What the script does to paths, and the programs it runs by their path (`exec`). */
  effects: StartScriptEffect[];
}

/** Reads files of the build context (paths relative to it); null when the file is not a readable regular file there. */
export interface BuildContextReader {
  readText(relativePath: string): Promise<string | null>;
  /** `<Dockerfile><suffix>` beside the Dockerfile (its own ignore file), wherever the Dockerfile is; null when not there. */
  besideDockerfile?(suffix: string): Promise<string | null>;
  /** The Dockerfile is at the root of the build context. */
  dockerfileAtRoot?: boolean;
  /**
   * The entries of a directory of the context ('' for its root), each a directory (not through a
   * symbolic link) or not; null when it is not a directory there. A reader without it cannot list.
   */
  list?(relativePath: string): Promise<Array<{ name: string; directory: boolean }> | null>;
  /** What the context holds at a path: a directory, another entry (a file; a symbolic link counts as one), or nothing (null). Without it, the parent directory is listed. */
  kind?(relativePath: string): Promise<'directory' | 'file' | null>;
  /**
   * The folder above this context's, read as the build context of the same Dockerfile (`docker build
   * -f sub/Dockerfile .`), within the repository that holds it; null where there is none to try. A
   * reader without it has no such folder (a Compose `build:` names its context).
   */
  enclosing?(): BuildContextReader | null;
}

export interface FileModel {
  file: string;
  parsed: ParsedDockerfile;
  builder: BuilderSetting;
  /** ARGs declared before the first FROM (in scope for FROM only). */
  globalArgs: Map<string, VarValue>;
  stages: Stage[];
  /** The stage the build produces (last one, or --target). */
  target: Stage | null;
  /** Every VOLUME instruction, including ONBUILD ones and those before any FROM. */
  volumeInstructions: VolumeInstruction[];
  /** Whether the RUN analysis ran (false when no stage has volumes). */
  shellAnalyzed: boolean;
  /** Lines of the model's reasoning that apply to every finding in this file. */
  notes: string[];
  /**
   * RUN steps whose analysis failed on a bug in volint: the effects found before the failure are in
   * the model; the linter reports each failure as an internal error naming the step.
   */
  analysisErrors: Array<{ instruction: Instruction; message: string }>;
  /** The target lists (src/model/targets.ts, as configured), for paths below a volume's path. */
  classify(path: string): TargetClass | null;
}
