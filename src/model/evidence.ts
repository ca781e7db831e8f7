/**
 * Evidence that the image puts content at a path: what the target rules (code, configuration, static
 * content, top-level directories) need before they say that a volume freezes something. Freezing
 * content is a problem only where the image has content; an empty directory that the application
 * writes at run time is what a volume is for.
 *
 * - `certain`: a step's effect reaches INTO the path (COPY/ADD whose destination is the path or below
 *   it, a RUN that writes there: `git clone … /app`, `tar -x -C /app`, `npm ci` in /app).
 * - `likely`: a package install whose package is named like the path (`apk add tor` and /etc/tor), or
 *   a base image known to ship content there (nginx and /usr/share/nginx/html).
 * - `possible`: the installer script of a project named like the path (`./netdata-installer.sh` and
 *   /etc/netdata; `curl …/owner/cronicle/…/install.js | node` and /opt/cronicle/conf), or only a step on a whole parent tree (`COPY root/ /`, `COPY --from=x / /`, `tar -x -C
 *   /opt`, `COPY . .` in /app for /app/node_modules): it may or may not put files at the path.
 */
import { chainRoot, effectsBefore, EVIDENCE_CHAIN_STAGES, stageChain } from './query.js';
import { isWithin } from './paths.js';
import { relativeStartFileIn, startCommand, startFilesIn, startProgramPaths } from './start.js';
import type { PathEffect, Stage, TargetClass } from './types.js';

export type EvidenceLevel = 'certain' | 'likely' | 'possible';

export interface ContentEvidence {
  level: EvidenceLevel;
  /** Steps whose effect reaches into the path and puts files there (certain ones first). */
  steps: PathEffect[];
  /**
   * Package installs whose packages are named like the path; `known`: the files volint knows the
   * packages put there (PACKAGE_CONTENT), which count where a guess would not.
   */
  packages: Array<{ effect: PathEffect; names: string[]; known?: string[] }>;
  /** The base image, when it is known to ship content at the path. */
  baseImage: string | null;
  /** Recursive steps on a parent tree of the path: they may put files there. */
  parents: PathEffect[];
  /** Files in the path that the start command names and no step writes (what a `make install` there may have put). */
  startFiles?: string[];
  /** Files of the build context that steps (COPY, ADD) bring into the path, read in the context on the disk (stage.contextCopies). */
  contextFiles?: Array<{ step: PathEffect; files: string[] }>;
}

/** RUN commands that unpack or copy a whole tree into a directory. */
const UNPACKS = /^RUN (tar|bsdtar|unzip|7z|git clone|cp|rsync)\b/;

/** COPY sources that are the whole build context. */
const WHOLE_CONTEXT = /^(\.|\.\/|\.\/\*|\*)$/;

/** Kinds of effects that put files somewhere (a mkdir makes an empty directory, chown/chmod change nothing's content). */
const FILLS = new Set(['copy', 'write']);

/**
 * Path segments that say nothing about which package owns a directory. A package is matched against
 * the other segments: /etc/tor and `tor`, /etc/dnsmasq.d and `dnsmasq-dnssec`,
 * /usr/lib/python3.11/site-packages and `python3`.
 */
const GENERIC_SEGMENTS = new Set([
  'etc', 'var', 'lib', 'lib64', 'usr', 'share', 'local', 'opt', 'srv', 'conf', 'config', 'configs', 'data', 'www', 'html',
  'app', 'apps', 'src', 'bin', 'sbin', 'home', 'root', 'run', 'log', 'logs', 'cache', 'tmp', 'static', 'public', 'assets',
  'site-packages', 'dist-packages', 'node_modules', 'vendor', 'plugins', 'extensions', 'webapps', 'default', 'defaults',
]);

/** Directories that distribution packages fill under a name that is not their own. */
const PACKAGE_PATHS: Record<string, string[]> = {
  apache2: ['/var/www/html'],
  httpd: ['/var/www/html', '/var/www'],
  nginx: ['/usr/share/nginx/html', '/var/lib/nginx/html'],
  lighttpd: ['/var/www/localhost/htdocs'],
};

/**
 * What some packages are known to put in the directory named like them, read from their file lists
 * (Debian's packages, checked with `dpkg -c`; for strongSwan also its own `make install`, which
 * Alpine's package is built with): the files they ship there, relative to it, or none. Knowledge
 * beats the guesses that stand in for it elsewhere: a package known to ship files counts in a
 * drop-in directory (strongSwan's strongswan.d holds charon.conf and a file per plugin) and where
 * the container starts a script of the image's own (such a script writes its own files there; the
 * package's stay and are frozen with them); a package known to ship the directory empty counts
 * nowhere in it (nullmailer's: its maintainer script writes the build host's name into me,
 * defaultdomain and remotes, state of that host rather than defaults).
 */
const PACKAGE_CONTENT: Record<string, { dir: string; files: string[] }> = {
  strongswan: { dir: '/etc/strongswan.d', files: ['charon.conf', 'charon-logging.conf', 'starter.conf'] },
  'strongswan-charon': { dir: '/etc/strongswan.d', files: ['charon.conf', 'charon-logging.conf'] },
  'strongswan-starter': { dir: '/etc/strongswan.d', files: ['starter.conf', 'charon/stroke.conf'] },
  mosquitto: { dir: '/etc/mosquitto', files: ['mosquitto.conf', 'aclfile.example', 'pskfile.example', 'pwfile.example'] },
  nullmailer: { dir: '/etc/nullmailer', files: [] },
};

/**
 * What package `name` is known to put at `path` (a directory named like it, or one below): the
 * files there (`files`), nothing (`empty`), or null where volint does not know the package's files.
 */
export function knownPackageContent(name: string, path: string): { files: string[] } | 'empty' | null {
  const known = PACKAGE_CONTENT[name];
  if (!known || !isWithin(path, known.dir)) return null;
  const files = known.files.map((file) => `${known.dir}/${file}`).filter((file) => isWithin(file, path) && file !== path);
  return files.length > 0 ? { files } : 'empty';
}

/**
 * Content that known base images ship, by repository name: paths whose files the image's own
 * Dockerfile puts there (read from the official images' Dockerfiles).
 */
const BASE_IMAGE_CONTENT: Record<string, string[]> = {
  nginx: ['/etc/nginx', '/usr/share/nginx/html'],
  'nginxinc/nginx-unprivileged': ['/etc/nginx', '/usr/share/nginx/html'],
  httpd: ['/usr/local/apache2/htdocs', '/usr/local/apache2/conf'],
  tomcat: ['/usr/local/tomcat/conf', '/usr/local/tomcat/lib', '/usr/local/tomcat/bin'],
  python: ['/usr/local/lib/python*', '/usr/local/bin'],
  node: ['/usr/local/lib/node_modules', '/usr/local/bin'],
  ruby: ['/usr/local/lib/ruby', '/usr/local/bin', '/usr/local/bundle'],
  golang: ['/usr/local/go', '/go/bin'],
  php: ['/usr/local/etc', '/usr/local/lib/php', '/usr/local/bin'],
  redis: ['/usr/local/bin'],
  caddy: ['/etc/caddy', '/usr/share/caddy'],
  traefik: ['/etc/traefik'],
  grafana: ['/etc/grafana', '/usr/share/grafana'],
  'grafana/grafana': ['/etc/grafana', '/usr/share/grafana'],
};

function segmentName(segment: string): string {
  return segment.toLowerCase().replace(/\.(d|conf|cfg)$/, '');
}

/**
 * Whether package `name` is named like a segment of `path`. `strict`: the package is the segment's
 * own (`mysql`, `mysql-server`, `postgresql-16`), not any package that starts with its name
 * (`postgresql-16-postgis-3` does not write /var/lib/postgresql).
 */
export function packageMatchesPath(name: string, path: string, strict = false): boolean {
  for (const [pkg, paths] of Object.entries(PACKAGE_PATHS)) {
    if ((name === pkg || name.startsWith(`${pkg}-`)) && paths.some((p) => isWithin(path, p) || isWithin(p, path))) return true;
  }
  // The package is matched against the last segment that names something (/etc/nginx and
  // /etc/ambari-server/conf, not /etc/nginx/certs: a package ships files in its own directory, not
  // in every subdirectory of it that the image or the user adds).
  const named = path.split('/').map(segmentName).filter((segment) => segment.length >= 2 && !GENERIC_SEGMENTS.has(segment) && !/^[\d.]+$/.test(segment));
  for (const segment of named.slice(-1)) {
    if (name === segment) return true;
    if (strict) {
      // Every character a regular expression reads specially is escaped: a volume path such as /etc/broker.conf) is text, not a pattern.
      if (new RegExp(`^${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-?\\d[\\d.]*)?(-(server|common|daemon|core))?$`).test(name)) return true;
      continue;
    }
    // `dnsmasq-dnssec` for dnsmasq.d, `python3` for python3.11, `php82` for php8.2 does not match.
    if (name.startsWith(`${segment}-`)) return true;
    if (segment.startsWith(name) && /^[-.\d]/.test(segment.slice(name.length))) return true;
  }
  return false;
}

function globWithin(path: string, pattern: string): boolean {
  if (!pattern.includes('*')) return isWithin(path, pattern);
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}(/|$)`);
  return re.test(path);
}

/**
 * A `mv` that moves a directory out of a tree an earlier unpack wrote (`unzip app.zip -d /opt/app`,
 * then `mv /opt/app/app-1.2 /opt/app/current`): what lands at its destination is the unpacked
 * distribution, whose members volint cannot see.
 */
function movesUnpackedTree(stage: Stage, move: PathEffect): boolean {
  if (move.command !== 'RUN mv' || move.kind !== 'write' || !move.recursive) return false;
  for (const current of stageChain(stage, EVIDENCE_CHAIN_STAGES)) {
    const effects = current.effects;
    const at = effects.indexOf(move);
    if (at >= 0) {
      // The mv's source: its delete, emitted just before the write in the same step.
      let source: PathEffect | undefined;
      for (let i = at - 1; i >= 0 && effects[i]!.instruction === move.instruction; i--) {
        if (effects[i]!.command === 'RUN mv' && effects[i]!.kind === 'delete') {
          source = effects[i];
          break;
        }
      }
      if (!source) return false;
      const from = source.path;
      return effects.slice(0, at).some((e) => e.kind === 'write' && e.recursive && e.path !== from && UNPACKS.test(e.command) && isWithin(from, e.path));
    }
  }
  return false;
}

/** The base image of the stage chain, when volint knows it ships content at the path. */
export function baseImageContent(stage: Stage, path: string): string | null {
  const base = chainRoot(stage).base;
  if (base.kind !== 'image') return null;
  const paths = BASE_IMAGE_CONTENT[base.ref.name];
  return paths && paths.some((p) => globWithin(path, p)) ? base.ref.raw : null;
}

/** Whether a RUN step of the stage chain writes the file at `path` (or a tree above it, certainly). */
function writtenByRun(stage: Stage, path: string): boolean {
  return stageChain(stage, EVIDENCE_CHAIN_STAGES).some((current) => current.effects.some((e) => e.command.startsWith('RUN') && e.kind === 'write' && (e.path === path || (e.recursive && isWithin(path, e.path)))));
}

/**
 * The container starts a script that this Dockerfile copies into the image (its own entrypoint): a
 * file copied to the program's path, or a directory of the build context copied onto PATH where the
 * program (a name no package install names) is found, or a shell script below the whole build
 * context copied in (`ADD . /plone`, `/plone/docker-entrypoint.sh`) that no RUN step writes.
 */
export function startsOwnScript(stage: Stage): boolean {
  const program = startCommand(stage)[0];
  if (!program) return false;
  const onPath = program.includes('/') ? [] : startProgramPaths(stage);
  const chain = stageChain(stage, EVIDENCE_CHAIN_STAGES);
  const installedNames = new Set<string>();
  for (const current of chain) for (const effect of current.effects) for (const name of effect.packages ?? []) installedNames.add(name);
  for (const current of chain) {
    for (const effect of current.effects) {
      if (effect.kind !== 'copy') continue;
      if (effect.path === program || (!program.startsWith('/') && effect.path.endsWith(`/${program}`))) return true;
      // COPY entrypoint.sh /usr/local/bin/ with ENTRYPOINT ["entrypoint.sh"]
      if ((effect.sources ?? []).some((src) => src.replace(/^.*\//, '') === program.replace(/^.*\//, '')) && isWithin(program.startsWith('/') ? program : `${effect.path}/${program}`, effect.path)) return true;
      // ADD ./bin /usr/local/bin with CMD ["app_run"]: a directory of the build context copied onto
      // PATH, and a program found there that no package install names. A program a package installs
      // (`nginx`, `python3`) is the package's, wherever the context's scripts go.
      if (!program.includes('/') && effect.recursive && !effect.from && onPath.some((candidate) => candidate === `${effect.path}/${program}`) && !installedNames.has(program)) return true;
      // ADD . /plone with ENTRYPOINT ["/plone/docker-entrypoint.sh"]: a shell script below the whole
      // build context copied in, which no RUN step writes.
      if (program.startsWith('/') && /\.(sh|bash)$/.test(program) && !effect.from && isWithin(program, effect.path) && program !== effect.path && (effect.sources ?? []).some((src) => WHOLE_CONTEXT.test(src)) && !writtenByRun(stage, program)) return true;
    }
  }
  return false;
}

/** A RUN cp that copies the path (or a tree holding it) to a directory outside it: the defaults staged elsewhere. */
function stagedCopyOf(stage: Stage, path: string): PathEffect | null {
  for (const current of stageChain(stage, EVIDENCE_CHAIN_STAGES)) {
    const copy = current.effects.find((e) => e.copiedFrom !== undefined && e.recursive && isWithin(path, e.copiedFrom) && !isWithin(e.path, path) && !isWithin(path, e.path));
    if (copy) return copy;
  }
  return null;
}

/** The writes of the start command the stage's containers run (its own, or the nearest base stage's). */
function startWrites(stage: Stage): PathEffect[] {
  const starting = stageChain(stage, EVIDENCE_CHAIN_STAGES).find((current) => current.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'));
  return starting ? starting.startEffects.filter((e) => FILLS.has(e.kind) && isSure(e)) : [];
}

/**
 * The steps of the stage itself that put files inside `path`: a write or copy whose effect reaches
 * into it (`curl -o /root/.cache/x/model.bin`, `COPY seed/ /data/`). A recursive step on a parent
 * tree (`unzip app.zip` in WORKDIR /home/gradle for /home/gradle/.gradle, `COPY . /app`) is not
 * one: what lands below the parent is unknown, so no explanation may say it puts files there
 * (issue 14, pattern 8). `touch` makes an empty placeholder and counts too: it is a file there.
 */
export function stepsFilling(stage: Stage, path: string): PathEffect[] {
  return stage.effects.filter((effect) => FILLS.has(effect.kind) && isWithin(effect.path, path));
}

/**
 * A step certain to run what it does: a known command on known operands (certainty `certain`), not
 * in a branch of its script that volint cannot decide (`conditional`: an undecided `if` or `case`, a
 * loop body, a command after `||`), which may not run.
 */
export function isSure(effect: PathEffect): boolean {
  return effect.certainty === 'certain' && !effect.conditional;
}

/**
 * The files of the build context that a COPY or ADD brings at or below `path` (a volume's path),
 * where volint read them in the context on the disk (stage.contextCopies): none when it brings only
 * placeholders (.gitkeep, empty files) or nothing there; undefined where volint did not read it.
 */
export function contextFilesAt(stage: Stage, effect: PathEffect, path: string): string[] | undefined {
  return stage.contextCopies.find((c) => c.copy === effect && c.path === path)?.files;
}

/** "config/app.yml, config/db.yml and more": the first files of a list (ContextCopy.files holds the first few found). */
export function someFiles(files: readonly string[]): string {
  return `${files.slice(0, 2).join(', ')}${files.length > 2 ? ' and more' : ''}`;
}

/** " (config/app.yml, config/db.yml and more of the build context)": the files a step brings, after its name. */
export function contextFilesNote(files: readonly string[]): string {
  return ` (${someFiles(files)} of the build context)`;
}

/**
 * What puts content at `path` in the image the stage builds (every step of the stage and its base
 * stages). A COPY of the build context that volint read on the disk counts by what it brings: not at
 * all where that is only placeholders or nothing, as a step into the path where it brings files
 * there from a directory above (`COPY . /app` with the context's config/settings.php).
 */
export function contentAt(stage: Stage, path: string): ContentEvidence {
  const steps: PathEffect[] = [];
  const parents: PathEffect[] = [];
  const packages: ContentEvidence['packages'] = [];
  const contextFiles: NonNullable<ContentEvidence['contextFiles']> = [];
  for (const effect of effectsBefore(stage, path, Infinity)) {
    if (!FILLS.has(effect.kind)) continue;
    // `touch` makes an empty file: a placeholder, not content.
    if (effect.command === 'RUN touch') continue;
    const files = effect.kind === 'copy' ? contextFilesAt(stage, effect, path) : undefined;
    if (files?.length === 0) continue;
    if (files) contextFiles.push({ step: effect, files });
    if (isWithin(effect.path, path) || files) steps.push(effect);
    else if (effect.recursive) parents.push(effect);
  }
  // A step that creates the directory itself (`mkdir -p /etc/app`, `touch /etc/app/app.conf`) says
  // that the packages do not: then no package counts.
  const selfMade = effectsBefore(stage, path, Infinity).some((e) => (e.kind === 'mkdir' && e.path === path) || (e.command === 'RUN touch' && isWithin(e.path, path)));
  for (const current of selfMade ? [] : stageChain(stage, EVIDENCE_CHAIN_STAGES)) {
    for (const effect of current.effects) {
      const names = packagesNamingPath(effect, path);
      const known = names.flatMap((name) => {
        const content = knownPackageContent(name, path);
        return content === null || content === 'empty' ? [] : content.files;
      });
      if (names.length > 0) packages.push({ effect, names, ...(known.length > 0 ? { known: [...new Set(known)] } : {}) });
    }
  }
  steps.sort((a, b) => (isSure(a) === isSure(b) ? a.instruction.index - b.instruction.index : isSure(a) ? -1 : 1));
  const baseImage = baseImageContent(stage, path);
  const level: EvidenceLevel =
    steps.some(isSure) ? 'certain' : packages.some((p) => !p.effect.installer) || baseImage !== null ? 'likely' : 'possible';
  return { level, steps, packages, baseImage, parents, ...(contextFiles.length > 0 ? { contextFiles } : {}) };
}

/**
 * Steps that put a program or its dependencies in a directory: a clone of a repository, a
 * virtualenv, a language package manager installing there (`pip install --target /app/deps`,
 * `npm ci`, `bundle install`, `composer install`).
 */
const PUTS_CODE = /^RUN (git clone|\S*python[\d.]* -m (venv|virtualenv|pip install)|virtualenv|\S*pip[\d.]* install|npm (install|i|ci)|yarn|pnpm|bundle|composer)\b/;

/** Files that are programs or code by their name. */
const CODE_FILE = /\.(jar|war|py|js|mjs|cjs|rb|php|pl|so|dll|exe)$/;

/**
 * What the steps of this Dockerfile certainly put inside a volume whose path the target lists do not
 * classify (`/opt/hcfg`) or classify as a place for data (`/data/app`): code where the nearest path
 * from a written file up to the volume is a code path of the lists (`/opt/hcfg/bin/hcfg`,
 * `/data/app/node_modules`), the file is a program by its name (`server.jar`), or the step clones a
 * repository or makes a virtualenv there; configuration where that path is a configuration path
 * (`/opt/elastalert/config.yaml`; only for a path the lists do not classify: a data directory may
 * be seeded with its settings). Code counts before configuration. Returns the class with its steps
 * as certain evidence, or null. A placeholder (`touch`), a link, a file the start command writes
 * again, and files in a data, log or cache directory inside the volume are no such content.
 */
export function classifiedContent(
  stage: Stage,
  path: string,
  classify: (path: string) => TargetClass | null,
  pathClass: TargetClass | null,
): { target: 'code' | 'config'; evidence: ContentEvidence } | null {
  if (pathClass !== null && pathClass !== 'good') return null;
  const rewritten = startWrites(stage);
  const found: Record<'code' | 'config', PathEffect[]> = { code: [], config: [] };
  for (const effect of effectsBefore(stage, path, Infinity)) {
    if (!FILLS.has(effect.kind) || !isSure(effect) || !isWithin(effect.path, path)) continue;
    if (effect.command === 'RUN touch' || effect.command === 'RUN ln') continue;
    if (effect.kind === 'copy' && contextFilesAt(stage, effect, path)?.length === 0) continue;
    if (rewritten.some((e) => isWithin(effect.path, e.path) && (e.recursive || e.path === effect.path))) continue;
    if (effect.command.startsWith('RUN ') && PUTS_CODE.test(effect.command)) {
      found.code.push(effect);
      continue;
    }
    if (effect.path === path) continue;
    let cls: TargetClass | null = null;
    for (let p = effect.path; p.length > path.length && cls === null; p = p.slice(0, p.lastIndexOf('/'))) cls = classify(p);
    if (cls === null && !effect.recursive && CODE_FILE.test(effect.path)) cls = 'code';
    if (cls === 'code' || (cls === 'config' && pathClass === null)) found[cls].push(effect);
  }
  const target = found.code.length > 0 ? 'code' : found.config.length > 0 ? 'config' : null;
  if (!target) return null;
  return { target, evidence: { level: 'certain', steps: found[target], packages: [], baseImage: null, parents: [] } };
}

/** Whether there is any evidence at all (a possible step, a parent tree counts only when asked). */
export function hasContent(evidence: ContentEvidence, counting: { parents: boolean }): boolean {
  return evidence.steps.length > 0 || evidence.packages.length > 0 || evidence.baseImage !== null || (counting.parents && evidence.parents.length > 0);
}

/** "COPY at line 7, RUN git clone at line 9": the steps and packages that put content there, for an explanation. */
export function describeEvidence(evidence: ContentEvidence, path: string): string {
  const line = (e: PathEffect): number => e.instruction.range.start.line + 1;
  const parts: string[] = [];
  // The file below the path the step writes, when it names one: "RUN > at line 10 (bin/app)".
  const below = (e: PathEffect): string => (e.path !== path && isWithin(e.path, path) && !e.recursive ? ` (${e.path.slice(path.length).replace(/^\/+/, '')})` : '');
  // The files a COPY brings from the build context, where volint read them there: "COPY at line 9 (config/app.yml of the build context)".
  const context = (e: PathEffect): string => {
    const files = evidence.contextFiles?.find((c) => c.step === e)?.files;
    return files ? contextFilesNote(files) : '';
  };
  // A step's effect made by a script it runs, read in the build context: "RUN npm at line 7 (in /scripts/setup, its line 12)".
  const script = (e: PathEffect): string => (e.script ? ` (in ${e.script.path}, its line ${e.script.line})` : '');
  const steps = evidence.steps.slice(0, 4).map((e) => `${e.command} at line ${line(e)}${script(e)}${below(e) || context(e)}${e.certainty === 'possible' ? ' (may)' : e.conditional ? ' (may: in a branch of the script volint cannot decide)' : ''}`);
  if (evidence.steps.length > 4) steps.push(`${evidence.steps.length - 4} more`);
  if (steps.length > 0) parts.push(`these steps put files in ${path}: ${steps.join(', ')}`);
  for (const { effect, names, known } of evidence.packages.slice(0, 2)) {
    if (buildSystemInstall(effect)) {
      const files = evidence.startFiles ?? [];
      parts.push(
        `the ${effect.command.replace(/^RUN /, '')} at line ${line(effect)} installs ${names.join(', ')} from its source tree with its configuration under ${effect.path}, which may put files in ${path} (volint cannot read its Makefile)${files.length > 0 ? `, and the container starts with ${files.join(', ')}, which no step of this Dockerfile writes` : ''}`,
      );
      continue;
    }
    if (effect.installer) {
      parts.push(`the ${effect.command.replace(/^RUN /, '')} at line ${line(effect)} runs the installer of ${names.join(', ')}, which may put files in ${path} (volint cannot read the script)`);
      continue;
    }
    if (known) {
      const shown = known.slice(0, 3).map((file) => file.slice(path.length + 1));
      parts.push(`the ${effect.command.replace(/^RUN /, '')} at line ${line(effect)} installs ${names.join(', ')}, whose package${names.length > 1 ? 's' : ''} put${names.length > 1 ? '' : 's'} ${shown.join(', ')}${known.length > shown.length ? ` and ${known.length - shown.length} more` : ''} in ${path}`);
      continue;
    }
    parts.push(`the ${effect.command.replace(/^RUN /, '')} at line ${line(effect)} installs ${names.join(', ')}, whose package${names.length > 1 ? 's' : ''} normally put${names.length > 1 ? '' : 's'} files in ${path}`);
  }
  if (evidence.baseImage) parts.push(`the base image ${evidence.baseImage} ships files in ${path}`);
  if (parts.length === 0 && evidence.parents.length > 0) {
    const parent = evidence.parents[0]!;
    parts.push(
      parent.kind === 'copy'
        ? `the ${parent.command} at line ${line(parent)} copies the build context into ${parent.path}, which may put files in ${path} (volint cannot see the context)`
        : parent.command === 'RUN mv'
          ? `the ${parent.command} at line ${line(parent)} moves an unpacked tree to ${parent.path}, which may put files in ${path} (volint cannot see the archive's members)`
          : `the ${parent.command} at line ${line(parent)} unpacks into ${parent.path}, which may put files in ${path} (volint cannot see the archive's members)`,
    );
  }
  return parts.join('; ');
}

/** A few words for a message: "COPY at line 34", "apk add at line 6 installs tor", "the base image nginx:1.27". */
export function evidenceBrief(evidence: ContentEvidence): string {
  const line = (e: PathEffect): number => e.instruction.range.start.line + 1;
  const step = evidence.steps.find(isSure) ?? evidence.steps[0];
  if (step && (evidence.level === 'certain' || (evidence.packages.length === 0 && evidence.baseImage === null))) {
    return `${isSure(step) ? 'filled by ' : 'may be filled by '}${step.command} at line ${line(step)}`;
  }
  const pkg = evidence.packages[0];
  if (pkg) return `${pkg.effect.command.replace(/^RUN /, '')} at line ${line(pkg.effect)} ${pkg.effect.installer ? 'may install' : 'installs'} ${pkg.names.join(', ')}`;
  if (evidence.baseImage) return `the base image ${evidence.baseImage} ships files there`;
  const parent = evidence.parents[0];
  if (!parent) return 'no step fills it';
  return parent.kind === 'copy' ? `${parent.command} of the build context at line ${line(parent)} may fill it` : `${parent.command} into ${parent.path} at line ${line(parent)} may fill it`;
}

/**
 * The packages an install step puts at `path` by their names (packageMatchesPath): not one known
 * to leave the directory empty (PACKAGE_CONTENT), and for an installer that says where it puts its
 * configuration (`make install` into its sysconfdir), only below that.
 */
export function packagesNamingPath(effect: PathEffect, path: string): string[] {
  return (effect.packages ?? []).filter(
    (name) => packageMatchesPath(name, path) && knownPackageContent(name, path) !== 'empty' && (!effect.installer || isWithin(path, effect.path)),
  );
}

/** A build system's install target (`make install`, ShellEffect.installer from the make handler). */
export function buildSystemInstall(effect: PathEffect): boolean {
  return effect.installer === true && /^RUN g?make\b/.test(effect.command);
}

/** The package installs whose files at the path volint knows (PACKAGE_CONTENT): they count where a guess from the name does not. */
function knownOnly(packages: ContentEvidence['packages']): ContentEvidence['packages'] {
  return packages.filter((p) => p.known !== undefined);
}

/**
 * What the target rules' docs say of a COPY of the build context (contentAt, readContextCopies in
 * src/model/context-files.ts): one text for VOL005, VOL006 and VOL007, which count it alike.
 */
export const CONTEXT_COPY_DOCS = {
  reports:
    "A COPY of the whole build context into a directory above the path (`COPY . /app` for a volume below /app) where nothing else fills it: possible, since volint cannot see the context. Where volint reads the context on the disk (the Dockerfile's directory, when it holds every file the build copies from the context by name, or names none and has a .dockerignore; otherwise the nearest folder above it, within its git repository, that does: a Dockerfile in docker/app/ built from the repository's root), the COPY counts only where the context holds files there that .dockerignore lets into the build, and then as certain, naming them.",
  notReported:
    "A directory that the build context, read on the disk, fills with placeholders only (`.gitkeep`, `.keep`, `.gitignore`, empty files, and a README beside keep files, which explains the kept directory) or with nothing, once .dockerignore and its `!` exceptions have left out what they exclude (`storage/config/*` then `!storage/config/.gitkeep`): the directory is kept for what the container writes there.",
} as const;

/**
 * The evidence a target rule reports on, with the confidence it gives, or null when the image puts
 * nothing there that volint can see (the rule is then silent). A step or package install counts;
 * a write to a whole parent tree alone does not. `packagesCount: false` for drop-in directories
 * (conf.d): they are for the user's files, and only a step of this Dockerfile puts files there.
 */
export function targetEvidence(stage: Stage, path: string, options: { packagesCount: boolean } = { packagesCount: true }): ContentEvidence | null {
  // The image keeps a copy of what the volume holds elsewhere (`cp -a /opt/app/conf /opt/app/dist`)
  // and starts a script of its own: such images seed an empty volume from that copy and upgrade an
  // old one at start, so the content frozen in the volume is the start script's to manage.
  if (stagedCopyOf(stage, path) && startsOwnScript(stage)) return null;
  const evidence = contentAt(stage, path);
  // Files the start command writes again at every start (`CMD curl … > proxy.conf && exec app`)
  // are not frozen by the volume: they are no evidence.
  const rewritten = startWrites(stage).filter((e) => isWithin(e.path, path));
  if (rewritten.length > 0) {
    evidence.steps = evidence.steps.filter((step) => !rewritten.some((e) => isWithin(step.path, e.path) && (e.recursive || e.path === step.path)));
    if (evidence.steps.length === 0 && evidence.packages.length === 0 && evidence.baseImage === null) return null;
    if (evidence.level === 'certain' && !evidence.steps.some(isSure)) evidence.level = evidence.packages.length > 0 || evidence.baseImage ? 'likely' : 'possible';
  }
  // A start script of the image's own (COPY entrypoint.sh /entrypoint.sh) manages the directory at
  // start (generates keys, writes the configuration from the environment): a package's defaults
  // there are no evidence that the image ships configuration the volume freezes.
  if (evidence.steps.length === 0 && evidence.baseImage === null && startsOwnScript(stage)) evidence.packages = knownOnly(evidence.packages);
  // The container starts in the volume and reads a file there by a relative name that no step of
  // the Dockerfile puts there (`WORKDIR /etc/openvpn` with `openvpn --config openvpn.conf`): the
  // image runs with configuration the user supplies in the volume. A package's other files there
  // (examples, commented defaults) are not what the container runs with, so a package named like the
  // path is no evidence, unless it is known to ship that very file (PACKAGE_CONTENT).
  if (evidence.steps.length === 0 && evidence.baseImage === null && evidence.packages.length > 0) {
    const file = relativeStartFileIn(stage, path);
    if (file && !effectsBefore(stage, file, Infinity).some((e) => FILLS.has(e.kind) && isWithin(file, e.path) && e.path !== '/')) {
      evidence.packages = evidence.packages.filter((p) => p.known?.includes(file));
    }
  }
  // A build system's install target installs a project's configuration only sometimes (ShadowVPN's
  // Makefile puts server.conf in $(sysconfdir)/shadowvpn; nullmailer's makes /etc/nullmailer and
  // leaves it empty): it counts only where the container starts with a file in the directory that
  // no step of this Dockerfile writes, which that install is then what may have put there.
  if (evidence.packages.some((p) => buildSystemInstall(p.effect))) {
    const unwritten = startFilesIn(stage, path).filter((file) => !effectsBefore(stage, file, Infinity).some((e) => FILLS.has(e.kind) && isWithin(file, e.path) && e.path !== '/'));
    if (unwritten.length === 0) evidence.packages = evidence.packages.filter((p) => !buildSystemInstall(p.effect));
    else evidence.startFiles = unwritten;
  }
  if (!options.packagesCount) {
    evidence.packages = knownOnly(evidence.packages);
    if (evidence.level === 'likely' && evidence.baseImage === null && evidence.packages.length === 0) evidence.level = 'possible';
  }
  if (evidence.steps.length === 0 && evidence.packages.length === 0 && evidence.baseImage === null) {
    // A copy of the whole build context into the application's directory may bring the path with
    // it (a committed public/ or config/): possible. A copy into / (`COPY root/ /`), from another
    // stage or image, or an archive extracted into a parent is no evidence for a directory below it.
    const context =
      evidence.parents.find((e) => e.kind === 'copy' && !e.from && e.path !== '/' && (e.sources ?? []).some((src) => WHOLE_CONTEXT.test(src))) ??
      // An archive extracted (or a tree copied) right into the directory that holds conf/: the
      // layout of application distributions (Tomcat, sbt/Play, openHAB, DokuWiki…) ships defaults
      // there. Other subdirectories (config/, data/, uploads/) are as often made at run time.
      evidence.parents.find((e) => e.kind === 'write' && e.path !== '/' && (UNPACKS.test(e.command) || movesUnpackedTree(stage, e)) && path === `${e.path}/conf`);
    if (!context) return null;
    evidence.parents = [context];
    evidence.level = 'possible';
  }
  return evidence;
}
