/**
 * Builds the volume model from a parsed Dockerfile: stages, variables, WORKDIR and USER at every
 * step, the volumes in effect, and what every step does to paths.
 */
import type { Instruction, ParsedDockerfile, Range } from '../parse/types.js';
import { parseListArgs, type ListItem } from '../parse/list-args.js';
import { expandWord, type ExpandedWord, type Lookup, type VarValue } from './expand.js';
import { followLinks, isWindowsPath, normalizePath, normalizeWindowsPath, resolvePath, isWithin } from './paths.js';
import { parseImageRef } from './base-images.js';
import type { BaseImageInfo, ImageRef } from './image-types.js';
import { ShellParserNotLoaded, type ShellAnalyzer, type ShellContext, type ShellEffect } from './shell-types.js';
import type { TargetClassifier } from './targets.js';
import { chooseBuildContext, readContextCopies } from './context-files.js';
import { readRunScripts, type RunScript } from './run-scripts.js';
import { lineAt, readStartScripts } from './start-script.js';
import { stageChain } from './query.js';
import type {
  BuildContextReader,
  BuilderSetting,
  FileModel,
  PathEffect,
  Stage,
  StageBase,
  VolumeInstruction,
  VolumeItem,
} from './types.js';

export interface ImageCatalog {
  lookup(ref: ImageRef): BaseImageInfo | undefined;
  /**
   * Every repository name `lookup` may answer with volumes for (BaseImageCatalog has it); without
   * it, `textMayHaveVolumes` cannot rule a base image out and always says maybe.
   */
  namesWithVolumes?(): readonly string[];
  /**
   * The tag of `ref` when `lookup` knows nothing of it only because the tag does not say which
   * release it is (`postgres:alpine-14`) and the name's entries differ by release (BaseImageCatalog
   * has it); null otherwise.
   */
  unplacedTag?(ref: ImageRef): string | null;
}

export interface ModelOptions {
  file: string;
  builder: BuilderSetting;
  catalog: ImageCatalog;
  classifier: TargetClassifier;
  /** `--target`: the stage the build produces (default: the last). */
  target?: string;
  /** Loads the RUN analysis; called only when a stage has volumes. */
  loadShellAnalyzer: () => Promise<ShellAnalyzer>;
  /**
   * Build arguments given to the build (`--build-arg`, Compose's `build.args`): an ARG they name
   * takes their value, whatever its default.
   */
  buildArgs?: ReadonlyMap<string, string>;
  /** Build arguments the build gives a value volint cannot know (a CI expression): an ARG they name is unknown, whatever its default. */
  unknownBuildArgs?: ReadonlySet<string>;
  /**
   * Analyse the RUN steps of every stage, not only those that declare or inherit volumes: the
   * Compose model asks what the image holds at any path a service mounts over.
   */
  allRunEffects?: boolean;
  /**
   * The build context on disk (the Dockerfile's directory): the script the container starts, when a
   * COPY or ADD brings it from there, is read and analysed (src/model/start-script.ts).
   */
  buildContext?: BuildContextReader;
  /**
   * Scripts RUN steps run, read in the build context, by the step's instruction index
   * (src/model/run-scripts.ts): each is analysed as a part of its step. buildModel reads them.
   */
  runScripts?: ReadonlyMap<number, readonly RunScript[]>;
}

/** BuildKit's automatic platform ARGs: declared in a stage without a value, they still have one. */
const AUTOMATIC_ARGS = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH',
  'BUILDVARIANT', 'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy',
  'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy', 'SOURCE_DATE_EPOCH', 'BUILDKIT_SYNTAX',
]);

const WINDOWS_IMAGE = /(^|\/)(windows|windowsservercore|nanoserver|servercore)(\/|$)|mcr\.microsoft\.com\/windows/i;
const ROOT_USERS = new Set(['', 'root', '0', 'root:root', '0:0', 'root:0', '0:root']);
const SHELL_LIKE = /(^|\/)(sh|bash|ash|dash|zsh|ksh|busybox)$/;

export function isRootUser(user: string | null): boolean | null {
  if (user === null) return null;
  return ROOT_USERS.has(user.trim());
}

interface Scope {
  args: Map<string, VarValue>;
  env: Map<string, VarValue>;
  /** The base image is not known: any other name may come from its ENV. */
  baseEnvUnknown: boolean;
}

function makeLookup(scope: Scope): Lookup {
  return (name) => scope.env.get(name) ?? scope.args.get(name) ?? (scope.baseEnvUnknown ? { kind: 'unknown', reason: 'base-image' } : undefined);
}

function snapshotLookup(scope: Scope): Lookup {
  return makeLookup({ args: new Map(scope.args), env: new Map(scope.env), baseEnvUnknown: scope.baseEnvUnknown });
}

function expandedToValue(expanded: ExpandedWord): VarValue {
  return expanded.value !== null ? { kind: 'known', value: expanded.value } : { kind: 'unknown', reason: 'dynamic' };
}

/** Pre-scan: does any stage have (or inherit) volumes? Decides whether RUN analysis is loaded. */
function stageBoundaries(parsed: ParsedDockerfile): Array<{ from: Instruction; instructions: Instruction[] }> {
  const stages: Array<{ from: Instruction; instructions: Instruction[] }> = [];
  for (const instruction of parsed.instructions) {
    if (instruction.keyword === 'FROM') stages.push({ from: instruction, instructions: [] });
    else stages[stages.length - 1]?.instructions.push(instruction);
  }
  return stages;
}

/**
 * Whether any stage of the Dockerfile can have a volume: a VOLUME instruction anywhere (in a
 * stage, before the first FROM, or as an ONBUILD trigger), or a stage whose base image (directly
 * or through earlier stages) has volumes in the catalogue. When none can, every rule is silent
 * (each checks volumes), so the linter does not build the model (`lintFindings` in
 * src/engine/linter.ts); reading the instructions' keywords and the FROM lines is all it costs.
 * test/shortcuts.test.ts holds the linter's findings with and without this to the same bytes.
 */
export function mayHaveVolumes(parsed: ParsedDockerfile, catalog: ImageCatalog): boolean {
  for (const instruction of parsed.instructions) if (instruction.keyword === 'VOLUME' || instruction.keyword === 'ONBUILD') return true;
  for (const trigger of parsed.triggers) if (trigger.keyword === 'VOLUME') return true;
  // prepare() reads only the catalogue; the rest is never used before build().
  const options = { file: '', builder: 'any', catalog, loadShellAnalyzer: () => Promise.reject(new Error('not used')) } as unknown as ModelOptions;
  return new ModelBuilder(parsed, options).prepare();
}

/**
 * The keywords that make mayHaveVolumes say yes, in any case (ASCII: see FOLDS_TO_ASCII), where
 * an instruction's keyword is: at the start of a line, after nothing but white space (or a BOM),
 * unless a continuation splits it (LETTER_BEFORE_CONTINUATION).
 */
const VOLUME_KEYWORDS = /^[^\S\n]*(?:volume|onbuild)/im;
/**
 * A letter directly before an escape character (`\`, or `` ` `` under `# escape=``) that ends its
 * line: a keyword may go on after the continuation (`VOL\` then `UME /data`).
 */
const LETTER_BEFORE_CONTINUATION = /[A-Za-z][\\`][ \t]*[\r\n]/;
/**
 * Characters that String.toUpperCase turns into ASCII letters (`ı` → `I`, `ﬁ` → `FI`, `ſ` → `S`…):
 * the parser's keyword is the upper-cased text, so `ONBUıLD` counts as ONBUILD.
 */
const FOLDS_TO_ASCII = /[\u00df\u0130\u0131\u0149\u017f\u01f0\u1e96-\u1e9a\u212a\ufb00-\ufb06]/;
/** A line that may start a FROM instruction: the keyword after nothing but white space (or a BOM). */
const FROM_LINE = /^[^\S\n]*from/gim;
/** What makes a FROM line's image differ from its text: variables, escapes, quotes. */
const EXPANDED = /[$\\`"']/;

/**
 * A necessary condition of mayHaveVolumes read from the text alone, without parsing it: false
 * only when the Dockerfile can have no VOLUME, no ONBUILD and no base image with volumes. Each
 * of those needs, in the text, one of:
 *  - the letters of `volume` or `onbuild` in any case at the start of a line, or a keyword split
 *    by a line continuation after a letter, or a letter other than ASCII that upper-cases into
 *    ASCII ones;
 *  - a line starting with `from` (the FROM keyword starts its line) that names a repository the
 *    catalogue knows volumes for (namesPattern), or whose image is more than its text (a
 *    variable, an escape character or a quote: `FROM $BASE` takes the name from an ARG; a line
 *    ending in a continuation has the escape character); a stage built on a stage has the same
 *    root image.
 * Every such file goes through the parse and mayHaveVolumes; the rest (most real Dockerfiles,
 * which name no such image) are known to have no volume after a few scans of their text.
 * test/shortcuts.test.ts proves it on fixtures and real files and pins each fall-back.
 */
/**
 * Whether a Dockerfile's text has a line starting with VOLUME or ONBUILD (any case): such a file
 * costs the linter most (a model, the RUN analysis, the rules). Only a hint of the cost, for
 * scheduling (src/cli/workers.ts): what a file may have is textMayHaveVolumes's question.
 */
export function declaresVolumesHint(text: string): boolean {
  return VOLUME_KEYWORDS.test(text);
}

export function textMayHaveVolumes(text: string, catalog: ImageCatalog): boolean {
  if (!catalog.namesWithVolumes) return true;
  if (VOLUME_KEYWORDS.test(text) || LETTER_BEFORE_CONTINUATION.test(text) || FOLDS_TO_ASCII.test(text)) return true;
  const names = namesPattern(catalog.namesWithVolumes());
  FROM_LINE.lastIndex = 0;
  for (let match = FROM_LINE.exec(text); match; match = FROM_LINE.exec(text)) {
    const from = match.index + match[0].length;
    const end = text.indexOf('\n', from);
    const line = text.slice(from, end < 0 ? text.length : end);
    if (EXPANDED.test(line) || names?.test(line.toLowerCase())) return true;
  }
  return false;
}

const namePatterns = new WeakMap<readonly string[], RegExp | null>();

/**
 * A repository name of `names` as parseImageRef finds it in an image reference: after the white
 * space before the image (or the `/` of a registry or of `library/`), before its tag, digest, the
 * white space after the image, or the end of the line. Lower case, to be matched against a
 * lower-cased line; null for no names.
 */
function namesPattern(names: readonly string[]): RegExp | null {
  let pattern = namePatterns.get(names);
  if (pattern === undefined) {
    const alternatives = names.map((name) => name.toLowerCase().replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'));
    pattern = alternatives.length > 0 ? new RegExp(`(?:^|[\\s/])(?:${alternatives.join('|')})(?=[:@\\s]|$)`) : null;
    namePatterns.set(names, pattern);
  }
  return pattern;
}

export async function buildModel(parsed: ParsedDockerfile, options: ModelOptions): Promise<FileModel> {
  for (let attempt = 1; ; attempt++) {
    const builder = new ModelBuilder(parsed, options);
    const needsShell = builder.prepare();
    const analyzer = needsShell ? await options.loadShellAnalyzer() : null;
    try {
      let model = builder.build(analyzer);
      if (options.buildContext) {
        const context = await chooseBuildContext(model, options.buildContext);
        // Scripts the RUN steps run from the build context: the model is built again with them read.
        const runScripts = analyzer ? await readRunScripts(model, context) : new Map<number, RunScript[]>();
        if (runScripts.size > 0) {
          const again = new ModelBuilder(parsed, { ...options, runScripts });
          again.prepare();
          model = again.build(analyzer);
        }
        if (analyzer) await readStartScripts(model, context, analyzer);
        await readContextCopies(model, context);
      }
      return model;
    } catch (error) {
      // A lazy analyzer met a script that needs the full shell parser: load it, build again (once).
      if (!(error instanceof ShellParserNotLoaded) || attempt > 1) throw error;
      await error.load();
    }
  }
}

class ModelBuilder {
  private readonly escape: string;
  private readonly globalArgs = new Map<string, VarValue>();
  private readonly stages: Stage[] = [];
  private readonly volumeInstructions: VolumeInstruction[] = [];
  private readonly boundaries: Array<{ from: Instruction; instructions: Instruction[] }>;
  private readonly triggersByOnbuild = new Map<number, Instruction>();
  private bases: StageBase[] = [];
  /**
   * Per stage: whether its RUN steps are analysed. Only the effects of a stage that declares or
   * inherits volumes, or of a stage such a stage is built on (effectsBefore walks the base chain),
   * reach a finding; the RUN analysis is most of the cost of a model, so other stages skip it.
   */
  private analyseRuns: boolean[] = [];
  private readonly analysisErrors: Array<{ instruction: Instruction; message: string }> = [];

  constructor(
    private readonly parsed: ParsedDockerfile,
    private readonly options: ModelOptions,
  ) {
    this.escape = parsed.escapeChar;
    this.boundaries = stageBoundaries(parsed);
    for (const trigger of parsed.triggers) {
      if (trigger.onbuild) this.triggersByOnbuild.set(trigger.onbuild.index, trigger);
    }
  }

  /** Resolves global ARGs and every stage's base; returns whether RUN analysis is needed. */
  prepare(): boolean {
    for (const instruction of this.parsed.instructions) {
      if (instruction.keyword === 'FROM') break;
      if (instruction.keyword === 'ARG') this.declareArgs(instruction, this.globalArgs, makeLookup({ args: this.globalArgs, env: new Map(), baseEnvUnknown: false }));
    }
    // Stage name → index of the last earlier stage with that name; per stage, whether it declares
    // or inherits volumes. A stage's base is always an earlier stage, so one pass decides both
    // (linear in the number of stages, however long the FROM chain).
    const names = new Map<string, number>();
    // First whether each stage declares or inherits volumes, then (backward pass) its bases too.
    const analyse: boolean[] = [];
    this.boundaries.forEach((boundary, index) => {
      const base = this.resolveBase(boundary.from, names);
      this.bases.push(base);
      const name = this.stageName(boundary.from)?.toLowerCase();
      if (name) names.set(name, index);
      const declares = boundary.instructions.some((i) => i.keyword === 'VOLUME');
      const inherits =
        (base.kind === 'image' && (base.info?.volumes.length ?? 0) > 0) ||
        (base.kind === 'stage' && (analyse[base.stage.index] ?? false));
      analyse.push(declares || inherits);
    });
    // A base stage always comes before the stage built on it: one backward pass marks every chain.
    for (let index = this.bases.length - 1; index >= 0; index--) {
      const base = this.bases[index]!;
      if (analyse[index] && base.kind === 'stage') analyse[base.stage.index] = true;
    }
    if (this.options.allRunEffects) analyse.fill(true);
    this.analyseRuns = analyse;
    return analyse.includes(true);
  }

  private stageName(from: Instruction): string | null {
    const words = from.words;
    const as = words.findIndex((w) => w.value.toUpperCase() === 'AS');
    return as >= 0 && words[as + 1] ? words[as + 1]!.value : null;
  }

  private resolveBase(from: Instruction, earlierNames: ReadonlyMap<string, number>): StageBase {
    const imageWord = from.words[0];
    if (!imageWord) return { kind: 'unknown', text: '' };
    const lookup = makeLookup({ args: this.globalArgs, env: new Map(), baseEnvUnknown: false });
    const expanded = expandWord(imageWord.value, lookup, this.escape);
    if (expanded.value === null) return { kind: 'unknown', text: imageWord.value };
    const image = expanded.value;
    const lower = image.toLowerCase();
    if (lower === 'scratch') return { kind: 'scratch' };
    // Buildah 1.28 (compat volumes) looks `FROM ${STAGE}` up as an image even when the value names
    // an earlier stage ("first: image not known"; builder case B56); the others build on the stage.
    const viaVariable = expanded.value !== imageWord.value;
    const stageIndex = viaVariable && this.options.builder === 'buildah-compat' ? -1 : earlierNames.get(lower) ?? -1;
    if (stageIndex >= 0 && this.stages[stageIndex]) return { kind: 'stage', stage: this.stages[stageIndex]! };
    if (stageIndex >= 0) {
      // During prepare() the stages do not exist yet: a placeholder resolved again in build().
      return { kind: 'stage', stage: { index: stageIndex } as Stage };
    }
    const ref = parseImageRef(image);
    const info = this.options.catalog.lookup(ref);
    const unplacedTag = info === undefined ? this.options.catalog.unplacedTag?.(ref) : null;
    return unplacedTag ? { kind: 'image', ref, info, unplacedTag } : { kind: 'image', ref, info };
  }

  build(analyzer: ShellAnalyzer | null): FileModel {
    this.boundaries.forEach((boundary, index) => this.buildStage(boundary, index, analyzer));
    // VOLUME instructions before any FROM (invalid, but still checked by the syntactic rules).
    for (const instruction of this.parsed.instructions) {
      if (instruction.keyword === 'FROM') break;
      if (instruction.keyword === 'VOLUME') {
        const lookup = makeLookup({ args: this.globalArgs, env: new Map(), baseEnvUnknown: false });
        this.volumeInstructions.push(this.volumeInstruction(instruction, null, lookup, '/', false, false));
      }
    }
    this.volumeInstructions.sort((a, b) => a.instruction.index - b.instruction.index);
    const target = this.findTarget();
    this.markFinal(target);
    return {
      file: this.options.file,
      parsed: this.parsed,
      builder: this.options.builder,
      globalArgs: this.globalArgs,
      stages: this.stages,
      target,
      volumeInstructions: this.volumeInstructions,
      shellAnalyzed: analyzer !== null,
      notes: [],
      analysisErrors: this.analysisErrors,
      classify: (path) => this.options.classifier.classify(path),
    };
  }

  private findTarget(): Stage | null {
    if (this.options.target) {
      const wanted = this.options.target.toLowerCase();
      const found = this.stages.find((s) => s.name?.toLowerCase() === wanted);
      if (found) return found;
    }
    return this.stages[this.stages.length - 1] ?? null;
  }

  private markFinal(target: Stage | null): void {
    if (target) for (const stage of stageChain(target)) stage.inFinalImage = true;
  }

  private declareArgs(instruction: Instruction, into: Map<string, VarValue>, lookup: Lookup): void {
    for (const property of instruction.properties) {
      const given = this.options.buildArgs?.get(property.name);
      if (given !== undefined) {
        into.set(property.name, { kind: 'known', value: given });
        continue;
      }
      if (this.options.unknownBuildArgs?.has(property.name)) {
        into.set(property.name, { kind: 'unknown', reason: 'build-arg' });
        continue;
      }
      if (property.value === null) {
        const global = into === this.globalArgs ? undefined : this.globalArgs.get(property.name);
        if (global && global.kind === 'known') into.set(property.name, global);
        else if (AUTOMATIC_ARGS.has(property.name)) into.set(property.name, { kind: 'unknown', reason: 'build-arg' });
        else into.set(property.name, { kind: 'unknown', reason: 'arg-no-default' });
      } else {
        into.set(property.name, expandedToValue(expandWord(property.value, lookup, this.escape)));
      }
    }
  }

  private buildStage(boundary: { from: Instruction; instructions: Instruction[] }, index: number, analyzer: ShellAnalyzer | null): void {
    let base = this.bases[index]!;
    if (base.kind === 'stage') base = { kind: 'stage', stage: this.stages[base.stage.index]! };
    const parent = base.kind === 'stage' ? base.stage : null;
    const imageInfo = base.kind === 'image' ? base.info : undefined;
    const scope: Scope = {
      args: new Map(parent ? this.inheritedArgs(parent) : []),
      env: new Map(parent ? [...parent.variables].filter(([name]) => parent.envNames.has(name)) : []),
      // Any image's ENV may define names this file does not: the catalogue lists only path-related ENV.
      baseEnvUnknown: base.kind === 'unknown' || base.kind === 'image' || (parent?.baseEnvUnknown ?? false),
    };
    const envNames = new Set<string>(parent ? parent.envNames : []);
    if (imageInfo) {
      for (const [name, value] of Object.entries(imageInfo.env)) {
        scope.env.set(name, { kind: 'known', value });
        envNames.add(name);
      }
    }
    let workdir: string | null =
      parent ? parent.finalWorkdir : base.kind === 'scratch' ? '/' : (base.kind === 'image' ? null : '/');
    let user: string | null =
      parent ? parent.finalUser : base.kind === 'scratch' ? '' : imageInfo ? imageInfo.user ?? '' : null;
    const windows =
      this.escape === '`' ||
      (base.kind === 'image' && WINDOWS_IMAGE.test(base.ref.raw)) ||
      (parent?.windows ?? false);
    let shellIsPosix = !windows;
    // A Windows stage runs RUN with `cmd /S /C` unless SHELL says otherwise.
    let shellIsCmd = windows;

    const stage: Stage = {
      index,
      name: this.stageName(boundary.from),
      from: boundary.from,
      base,
      instructions: boundary.instructions,
      volumeInstructions: [],
      volumes: [],
      effects: [],
      uses: [],
      accounts: [],
      startEffects: [],
      workdirAt: new Map(),
      userAt: new Map(),
      finalUser: null,
      finalWorkdir: null,
      inFinalImage: false,
      windows,
      variables: new Map(),
      envNames,
      baseEnvUnknown: scope.baseEnvUnknown,
      links: new Map(),
      startScript: null,
      contextCopies: [],
    };
    this.stages[index] = stage;
    stage.links = new Map(parent ? parent.links : []);

    // Inherited volumes.
    if (parent) {
      for (const volume of parent.volumes) {
        stage.volumes.push({ ...volume, origin: volume.origin === 'base-image' ? 'base-image' : 'stage', since: boundary.from.index });
      }
    } else if (base.kind === 'image' && imageInfo) {
      for (const path of imageInfo.volumes) {
        stage.volumes.push({
          path: normalizePath(path),
          origin: 'base-image',
          image: { ref: base.ref, info: imageInfo },
          since: boundary.from.index,
          target: this.options.classifier.classify(normalizePath(path)),
        });
      }
    }

    for (const instruction of boundary.instructions) {
      stage.workdirAt.set(instruction.index, workdir);
      stage.userAt.set(instruction.index, user);
      const lookup = makeLookup(scope);
      switch (instruction.keyword) {
        case 'ARG':
          this.declareArgs(instruction, scope.args, lookup);
          break;
        case 'ENV':
          for (const property of instruction.properties) {
            const value: VarValue =
              property.value === null ? { kind: 'known', value: '' } : expandedToValue(expandWord(property.value, makeLookup(scope), this.escape));
            scope.env.set(property.name, value);
            envNames.add(property.name);
          }
          break;
        case 'WORKDIR': {
          const word = instruction.args?.text.trim() ?? '';
          const expanded = expandWord(word, lookup, this.escape);
          if (expanded.value === null) {
            workdir = null;
          } else if (windows) {
            workdir = expanded.value;
          } else {
            workdir = expanded.value.startsWith('/') ? normalizePath(expanded.value) : workdir === null ? null : resolvePath(workdir, expanded.value);
          }
          if (workdir !== null && !windows) {
            stage.effects.push({
              instruction, kind: 'workdir', path: workdir, recursive: false, certainty: 'certain', command: 'WORKDIR', range: instruction.range,
            });
          }
          break;
        }
        case 'USER': {
          const expanded = expandWord(instruction.args?.text.trim() ?? '', lookup, this.escape);
          user = expanded.value;
          break;
        }
        case 'SHELL': {
          const list = instruction.args ? parseListArgs(instruction.args.text) : null;
          const first = list && list.form === 'json' ? list.items[0]?.raw : undefined;
          shellIsPosix = first !== undefined && SHELL_LIKE.test(first);
          shellIsCmd = first !== undefined && /(^|[\\/])cmd(\.exe)?$/i.test(first);
          break;
        }
        case 'VOLUME': {
          const volumeInstruction = this.volumeInstruction(instruction, stage, lookup, workdir, windows, false);
          stage.volumeInstructions.push(volumeInstruction);
          this.volumeInstructions.push(volumeInstruction);
          for (const item of volumeInstruction.items) {
            if (item.mountPath === null) continue;
            stage.volumes.push({
              path: item.mountPath,
              origin: 'instruction',
              item,
              declaringStage: stage,
              since: instruction.index,
              target: item.target,
            });
          }
          break;
        }
        case 'ONBUILD': {
          const trigger = this.triggersByOnbuild.get(instruction.index);
          if (trigger?.keyword === 'VOLUME') {
            const volumeInstruction = this.volumeInstruction(trigger, stage, lookup, workdir, windows, true);
            this.volumeInstructions.push(volumeInstruction);
          }
          break;
        }
        case 'COPY':
        case 'ADD':
          this.copyEffects(instruction, stage, lookup, workdir, windows);
          break;
        case 'RUN':
          if (analyzer && shellIsPosix && this.analyseRuns[index]) this.runEffects(instruction, stage, analyzer, snapshotLookup(scope), workdir, user);
          else if (windows && shellIsCmd && this.analyseRuns[index]) cmdMkdirEffects(instruction, stage, workdir);
          break;
        case 'CMD':
        case 'ENTRYPOINT':
          // A shell-form start command that writes files (`curl … > proxy.conf && exec app`) makes
          // them again at every start: target rules read stage.startEffects.
          if (analyzer && shellIsPosix && this.analyseRuns[index] && !(instruction.args?.text ?? '').trimStart().startsWith('[')) {
            // Only what the start command writes is kept: no use, no account, no link and no analysis error of
            // it reaches the build's model.
            const before = stage.effects.length;
            const usesBefore = stage.uses.length;
            const accountsBefore = stage.accounts.length;
            const errorsBefore = this.analysisErrors.length;
            const links = new Map(stage.links);
            this.runEffects(instruction, stage, analyzer, snapshotLookup(scope), workdir, user);
            const made = stage.effects.splice(before);
            stage.uses.splice(usesBefore);
            stage.accounts.splice(accountsBefore);
            this.analysisErrors.splice(errorsBefore);
            stage.links = links;
            stage.startEffects = [...stage.startEffects.filter((e) => e.instruction.keyword !== instruction.keyword), ...made];
          }
          break;
        default:
          break;
      }
    }
    stage.finalUser = user;
    stage.finalWorkdir = workdir;
    for (const [name, value] of scope.args) stage.variables.set(name, value);
    for (const [name, value] of scope.env) stage.variables.set(name, value);
  }

  /**
   * ARGs of a parent stage as a stage built FROM it sees them: BuildKit passes them on (documented
   * since moby/buildkit#5381; observed with Docker 20.10's BuildKit, builder case B57), the legacy
   * builder, Kaniko and Buildah before openshift/imagebuilder#304 do not; under `any` the value
   * depends on the builder. ENV passes on with every builder and is handled apart.
   */
  private inheritedArgs(parent: Stage): Array<[string, VarValue]> {
    const builder = this.options.builder;
    if (builder !== 'buildkit' && builder !== 'any') return [];
    const result: Array<[string, VarValue]> = [];
    for (const [name, value] of parent.variables) {
      if (parent.envNames.has(name)) continue;
      result.push([name, builder === 'buildkit' ? value : { kind: 'unknown', reason: 'builder-dependent' }]);
    }
    return result;
  }

  private volumeInstruction(
    instruction: Instruction,
    stage: Stage | null,
    lookup: Lookup,
    workdir: string | null,
    windows: boolean,
    onbuild: boolean,
  ): VolumeInstruction {
    const list = parseListArgs(instruction.args?.text ?? '');
    const owner: VolumeInstruction = { instruction, stage, list, items: [], workdir, onbuild };
    const args = instruction.args;
    const items = list.items as ListItem[];
    owner.items = items.map((listItem, i): VolumeItem => {
      const range: Range = args ? args.rangeOf(listItem.start, listItem.end) : instruction.range;
      const expanded = expandWord(listItem.raw, lookup, this.escape);
      // `${X:-/data}` with `ARG X` and no value: the build declares the default unless a
      // --build-arg says otherwise. Model that path (the item says what it assumes) rather than
      // none: VOL011's own fix recommends this form.
      let value = expanded.value;
      const assumedUnset: string[] = [];
      if (value === null) {
        const unset = expandWord(listItem.raw, (name) => {
          const found = lookup(name);
          if (found?.kind === 'unknown' && found.reason === 'arg-no-default') {
            if (!assumedUnset.includes(name)) assumedUnset.push(name);
            return undefined;
          }
          return found;
        }, this.escape);
        if (unset.value !== null && unset.value.trim() !== '' && assumedUnset.length > 0) value = unset.value;
        else assumedUnset.length = 0;
      }
      const itemWindows = windows || (value !== null && isWindowsPath(value));
      const empty = value !== null && value.trim() === '';
      let mountPath: string | null = null;
      let relative = false;
      let intendedPath: string | null = null;
      if (value !== null && !empty) {
        if (itemWindows) {
          mountPath = normalizeWindowsPath(value);
          relative = !isWindowsPath(value) && !value.startsWith('/') && !value.startsWith('\\');
        } else {
          relative = !value.startsWith('/');
          mountPath = normalizePath('/' + value);
          // `VOLUME workspaces/app` after `WORKDIR /workspaces/app` is the working directory without
          // its leading slash: the author meant the directory itself, where it is mounted anyway.
          if (relative && workdir !== null) intendedPath = mountPath === normalizePath(workdir) ? mountPath : resolvePath(workdir, value);
        }
      }
      const previous = items[i - 1];
      const splitFragment =
        list.form === 'shell' &&
        !list.looksLikeJson &&
        previous !== undefined &&
        value !== null &&
        !value.startsWith('/') &&
        !isWindowsPath(value) &&
        (previous.raw.startsWith('/') || previous.raw.startsWith('"') || previous.raw.startsWith("'")) &&
        // A word on a continuation line of its own was meant as a path of its own.
        (!args || args.positionAt(previous.end).line === range.start.line);
      return {
        owner,
        raw: listItem.raw,
        range,
        expanded,
        mountPath,
        relative,
        intendedPath,
        windows: itemWindows,
        empty,
        splitFragment,
        target: mountPath !== null && !itemWindows ? this.options.classifier.classify(mountPath) : null,
        assumedUnset,
      };
    });
    return owner;
  }

  private copyEffects(instruction: Instruction, stage: Stage, lookup: Lookup, workdir: string | null, windows: boolean): void {
    const text = instruction.args?.text ?? '';
    const list = parseListArgs(text);
    if (list.form === 'error' || list.items.length < 1) return;
    // COPY <<EOF /dest: the heredoc operator is a source.
    const items = list.items;
    const destItem = items[items.length - 1]!;
    // A source with variables is the path the builder copies once every variable is known (`COPY --from=build
    // $WORKDIR ./` with the ARG a parent stage declared); otherwise it stays as written.
    const sources = items.slice(0, -1).map((i) => {
      if (!i.raw.includes('$')) return i.raw;
      const expanded = expandWord(i.raw, lookup, this.escape);
      return expanded.value !== null && expanded.value !== '' && !expanded.error ? expanded.value : i.raw;
    });
    const dest = expandWord(destItem.raw, lookup, this.escape);
    if (dest.value === null) return;
    const destPath = windows || isWindowsPath(dest.value)
      ? windowsDestination(dest.value, workdir)
      : dest.value.startsWith('/') ? normalizePath(dest.value) : workdir === null ? null : resolvePath(workdir, dest.value);
    if (destPath === null) return;
    const range = instruction.args ? instruction.args.rangeOf(destItem.start, destItem.end) : instruction.range;
    const fromFlag = instruction.flags.find((f) => f.name === 'from');
    const common = {
      instruction,
      path: destPath,
      recursive: true,
      certainty: 'certain' as const,
      range,
      sources,
      ...(fromFlag?.value ? { from: fromFlag.value } : {}),
    };
    stage.effects.push({ ...common, kind: 'copy', command: instruction.keyword });
    for (const flag of instruction.flags) {
      if (flag.name === 'chown' || flag.name === 'chmod') {
        // The owner or mode as the flag gives it (variables expanded), for the steps that compare owners.
        const value = flag.value ? expandWord(flag.value, lookup, this.escape).value : null;
        stage.effects.push({ ...common, kind: flag.name, command: `${instruction.keyword} --${flag.name}`, range: flag.range, ...(value ? { setting: value } : {}) });
      }
    }
  }

  private runEffects(
    instruction: Instruction,
    stage: Stage,
    analyzer: ShellAnalyzer,
    lookup: Lookup,
    workdir: string | null,
    user: string | null,
  ): void {
    const known = (name: string): string | undefined => {
      const value = lookup(name);
      return value?.kind === 'known' ? value.value : undefined;
    };
    const onError = (error: unknown): void => {
      this.analysisErrors.push({ instruction, message: errorMessage(error) });
    };
    const context: ShellContext = {
      cwd: workdir ?? '/',
      lookup: known,
      ...(isRootUser(user) ? { home: '/root' } : {}),
      onError,
    };
    const links = stage.links;
    // Paths that RUN --mount puts outside the image: writes there never reach a layer.
    const mounted: string[] = [];
    for (const flag of instruction.flags) {
      if (flag.name !== 'mount' || !flag.value) continue;
      const options = new Map(flag.value.split(',').map((part) => {
        const eq = part.indexOf('=');
        return eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
      }));
      const target = options.get('target') ?? options.get('dst') ?? options.get('destination');
      if (target) mounted.push(resolvePath(workdir ?? '/', target));
    }
    const push = (effects: ShellEffect[], toRange: (e: ShellEffect) => Range, script?: RunScript): void => {
      for (const effect of effects) {
        if (mounted.some((m) => isWithin(effect.path, m))) continue;
        if (effect.kind === 'account') {
          if (effect.account) stage.accounts.push({ ...effect.account, instruction });
          continue;
        }
        // A path through a link an earlier step made lands where the link points (`rm /link`
        // removes the link itself, and `ln -s` writes the link).
        const removesLink = effect.kind === 'delete' && links.has(effect.path);
        const followed = effect.linkTarget !== undefined || removesLink ? null : followLinks(effect.path, links);
        const path = followed?.path ?? effect.path;
        // Fields set one by one, in this order, only when present (as a literal with optional
        // spreads would, without a temporary object and a copy per optional field).
        const pathEffect = {
          instruction,
          kind: effect.kind,
          path,
          recursive: effect.recursive,
          certainty: workdir === null && !effect.path.startsWith('/') ? 'possible' : effect.certainty,
          command: `RUN ${effect.command}`,
          range: toRange(effect),
        } as PathEffect;
        if (effect.parents) pathEffect.parents = true;
        if (followed) pathEffect.via = { path: effect.path, link: followed.link.path, instruction: followed.link.instruction };
        if (effect.packages) pathEffect.packages = effect.packages;
        if (effect.installer) pathEffect.installer = true;
        if (effect.setuid) pathEffect.setuid = true;
        if (effect.pattern) pathEffect.pattern = effect.pattern;
        if (effect.setting !== undefined) pathEffect.setting = effect.setting;
        if (effect.account) pathEffect.account = effect.account;
        if (effect.copiedFrom !== undefined) pathEffect.copiedFrom = effect.copiedFrom;
        if (effect.intoExisting) pathEffect.intoExisting = effect.intoExisting;
        if (effect.entriesFrom) pathEffect.entriesFrom = effect.entriesFrom;
        if (effect.conditional) pathEffect.conditional = true;
        if (effect.matching) pathEffect.matching = effect.matching;
        if (script) pathEffect.script = { path: script.path, source: script.source, line: lineAt(script.text, effect.start) };
        else if (effect.kind === 'exec' && scripts.some((s) => s.path === path)) pathEffect.read = true;
        if (removesLink) links.delete(effect.path);
        if (effect.linkTarget !== undefined && effect.certainty === 'certain' && !effect.recursive) {
          const target = effect.linkTarget.startsWith('/') ? normalizePath(effect.linkTarget) : resolvePath(parentDir(effect.path), effect.linkTarget);
          links.set(effect.path, { path: effect.path, target, instruction });
        }
        if (effect.kind === 'enter' || effect.kind === 'read' || effect.kind === 'exec' || effect.kind === 'opaque') stage.uses.push(pathEffect);
        else stage.effects.push(pathEffect);
      }
    };
    const scripts = this.options.runScripts?.get(instruction.index) ?? [];
    this.stepEffects(instruction, analyzer, context, push);
    // The scripts the step runs, read in the build context: analysed as a part of the step, their
    // effects placed on the word that runs them (after the step's own: the step ran them).
    for (const script of scripts) {
      const use = stage.uses.find((u) => u.instruction === instruction && u.kind === 'exec' && u.path === script.path);
      if (!use) continue;
      push(safeAnalyze(() => analyzer.analyzeScript(script.text, context), onError), () => use.range, script);
    }
  }

  /** Analyses the RUN step's own text (its shell form, exec form or heredocs) and hands the effects to `push`. */
  private stepEffects(
    instruction: Instruction,
    analyzer: ShellAnalyzer,
    context: ShellContext,
    push: (effects: ShellEffect[], toRange: (e: ShellEffect) => Range) => void,
  ): void {
    const onError = context.onError ?? ((): void => undefined);
    const args = instruction.args;
    if (instruction.heredocs.length > 0) {
      const command = (args?.text ?? '').trim();
      const onlyHeredoc = /^<<-?(["']?)[A-Za-z0-9_.-]+\1$/.test(command);
      const shellCommand = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)\b/.test(command);
      if (onlyHeredoc || shellCommand) {
        for (const heredoc of instruction.heredocs) {
          push(safeAnalyze(() => analyzer.analyzeScript(heredoc.content, context), onError), (e) => ({
            start: heredoc.positionAt(e.start),
            end: heredoc.positionAt(e.end),
          }));
          if (onlyHeredoc) break;
        }
        // `bash <<EOF` alone: the shell reads its script from the heredoc, analysed above; the
        // command line does nothing more (the analysis finds no effect in it, and as an incomplete
        // script it would need tree-sitter's error recovery).
        if (onlyHeredoc || SHELL_READS_HEREDOC.test(command)) return;
      }
    }
    if (!args) return;
    // Only a text that starts with `[` can be the JSON form (most RUN steps are not split into words for this).
    const list = args.text.trimStart().startsWith('[') ? parseListArgs(args.text) : null;
    if (list?.form === 'json') {
      const argv = list.items.map((i) => i.raw);
      push(safeAnalyze(() => analyzer.analyzeArgv(argv, context), onError), () => args.rangeOf(0, args.text.length));
      return;
    }
    push(safeAnalyze(() => analyzer.analyzeScript(args.text, context), onError), (e) => args.rangeOf(e.start, e.end));
  }
}

/**
 * A COPY/ADD destination in a Windows stage, in the form VOLUME items use (normalizeWindowsPath:
 * `c:/app`): absolute with a drive or a leading slash, or relative to an absolute WORKDIR.
 */
function windowsDestination(dest: string, workdir: string | null): string | null {
  const absolute = (p: string): boolean => isWindowsPath(p) || p.startsWith('/') || p.startsWith('\\');
  if (absolute(dest)) return normalizeWindowsPath(dest);
  if (workdir === null || !absolute(workdir)) return null;
  return normalizeWindowsPath(`${workdir.replace(/[\\/]+$/, '')}/${dest}`);
}

/**
 * The directories a shell-form RUN of a Windows stage creates with cmd's `mkdir`/`md`
 * (`RUN mkdir C:\\data\\logs && …`): cmd creates missing parents too (with command extensions,
 * the default). Only these two commands are read; anything else in the line is not analysed.
 */
function cmdMkdirEffects(instruction: Instruction, stage: Stage, workdir: string | null): void {
  const args = instruction.args;
  if (!args || args.text.trimStart().startsWith('[')) return;
  const text = args.text;
  // Commands are separated by &, && and || outside double quotes.
  const word = /"[^"]*"|[^\s&|"]+/g;
  let segmentStart = true;
  let isMkdir = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '&' || c === '|') {
      segmentStart = true;
      isMkdir = false;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    word.lastIndex = i;
    const match = word.exec(text);
    if (!match || match.index !== i) {
      i++;
      continue;
    }
    const raw = match[0];
    const value = raw.startsWith('"') ? raw.slice(1, -1) : raw;
    if (segmentStart) {
      isMkdir = /^(mkdir|md)$/i.test(value);
      segmentStart = false;
    } else if (isMkdir && !value.startsWith('/') && value !== '') {
      const path = windowsDestination(value, workdir);
      if (path !== null) {
        stage.effects.push({
          instruction, kind: 'mkdir', path, recursive: false, certainty: 'certain', command: 'RUN mkdir', range: args.rangeOf(i, i + raw.length), parents: true,
        });
      }
    }
    i += raw.length;
  }
}

/** A shell that reads its script from one heredoc and nothing else: `bash <<EOF`, `/bin/sh <<-'EOT'`. */
const SHELL_READS_HEREDOC = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)\s+<<-?(["']?)[A-Za-z0-9_.-]+\3$/;

/**
 * Runs the analysis of one script. The analysis keeps what it found before an error and reports
 * the error itself; an error thrown around it (an analyzer that breaks its contract) is reported
 * here. Either way the step is named in an internal-error finding, never silently missed.
 */
function safeAnalyze(run: () => ShellEffect[], onError: (error: unknown) => void): ShellEffect[] {
  try {
    return run();
  } catch (error) {
    if (error instanceof ShellParserNotLoaded) throw error;
    onError(error);
    return [];
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

