/**
 * Where a project writes how it runs Compose: the texts that may hold a `docker compose -f a -f b`
 * command line or a COMPOSE_FILE list, each with the directories its relative paths may be read
 * from, in the order they are trusted (src/compose/overlay.ts reads the lists):
 * 1. the compose file's own comments (`# docker compose -f ../../compose.yml -f this.yml up`, a
 *    header saying which file it extends): relative to its folder, then to the repository's root;
 * 2. the Makefiles and shell scripts of the compose file's folder and the folders above it up to the
 *    repository's root (the folder holding `.git`): relative to their folder;
 * 3. the repository's GitHub workflows: relative to the root;
 * 4. the rest of the repository, a bounded walk from its root (MAX_DEPTH folders deep, MAX_DIRS
 *    folders, MAX_FILES files read): Makefiles, shell scripts, justfiles, package.json `scripts`,
 *    Markdown (a README's or a guide's code): relative to their folder, then to the root (a script
 *    in `scripts/` is run from the root as `./scripts/dev.sh`; a guide in `docs/` writes paths from
 *    the root). Only where a `.git` marks the root: without one there is no repository to walk;
 * 5. COMPOSE_FILE in a `.env` of the folders of 2: relative to its folder.
 * Nothing here throws: what cannot be listed or read is passed over. Every file read and folder
 * listed is recorded (the --cache key of what reads them).
 */
import { basename, dirname, join } from 'node:path';
import type { WorkflowCache } from './image-builds.js';
import type { ListMode } from './overlay.js';
import { readEntryFiles, readListedFiles, readRegularFile, type ComposeIO, type DirectoryEntry } from './project-files.js';

/** How far up from the compose file's folder the repository's root is looked for. */
const MAX_LEVELS = 8;
/** At most this many Makefiles and scripts of a folder are read, each at most this large. */
const MAX_SCRIPTS = 40;
export const MAX_SCRIPT_BYTES = 256 * 1024;
/** The walk of the rest of the repository: folders deep below the root, folders listed, files read. */
const MAX_DEPTH = 4;
const MAX_DIRS = 400;
const MAX_FILES = 300;

/** The Makefiles and shell scripts of a folder that may run Compose, and its `.env`. */
const RUNNER_NAMES = /^(?:GNUmakefile|[Mm]akefile|.+\.mk|.+\.sh|.+\.bash|\.env)$/;
/** What the walk of the repository reads: runners, justfiles, package.json, Markdown. */
const REPOSITORY_NAMES = /^(?:GNUmakefile|[Mm]akefile|.+\.mk|.+\.sh|.+\.bash|[Jj]ustfile|\.justfile|package\.json|.+\.md)$/;
/** Folders the walk does not enter: dependencies, build output, virtual environments, and hidden folders. */
const SKIPPED_DIRS = new Set(['node_modules', 'vendor', 'dist', 'build', 'target', 'venv', 'env', '__pycache__', 'bower_components', 'site-packages']);

/** A text that may say how Compose is run, and the directories its relative paths are read from, in order. */
export interface RunSource {
  path: string;
  text: string;
  dirs: string[];
  /** Where it is: the compose file's comments, a script of its folders, a workflow, a file elsewhere in the repository, a `.env`. */
  kind: 'comment' | 'script' | 'workflow' | 'repository' | 'env';
  /** How a `cd` carries from line to line (src/compose/overlay.ts writtenLists). */
  mode: ListMode;
}

/** How `cd` carries in a file of that name: through a shell script, through a paragraph of Markdown, else not. */
function modeOf(path: string): ListMode {
  return /\.(?:sh|bash)$/.test(path) ? 'shell' : /\.md$/i.test(path) ? 'markdown' : 'lines';
}

/** What a search read: files read or looked for, folders listed (absolute). */
export interface SearchTrail {
  looked: string[];
  listed: string[];
}

/** The folder and those above it, up to the repository's root (a folder holding `.git`), at most MAX_LEVELS; `root` is null when no `.git` was met. */
export async function foldersUp(dir: string, io: ComposeIO): Promise<{ folders: string[]; root: string | null }> {
  const folders: string[] = [];
  let at = dir;
  for (let level = 0; level < MAX_LEVELS; level++) {
    folders.push(at);
    if (io.exists ? await io.exists(join(at, '.git')) : true) return { folders, root: io.exists ? at : null };
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  return { folders, root: null };
}

/**
 * The texts that may say how the compose file at `file` (absolute; its text `text`) is run, in the
 * order above, lazily: a caller that finds what it needs stops the search. Only texts that name
 * `name` (the file name looked for) are given; every text is at most MAX_SCRIPT_BYTES.
 */
export async function* runSources(file: string, text: string, name: string, io: ComposeIO, workflows: WorkflowCache | null, trail: SearchTrail, bare = false): AsyncGenerator<RunSource> {
  const { folders, root } = await foldersUp(dirname(file), io);
  const dirsOf = (folder: string): string[] => (root !== null && root !== folder ? [folder, root] : [folder]);
  // `bare`: also a text that runs Compose without naming the file (`cd deploy && docker compose up`).
  const fits = (body: string): boolean => body.length <= MAX_SCRIPT_BYTES && (body.includes(name) || (bare && /docker[- ]compose/.test(body)));

  // 1. Its own comments.
  const comments = commentText(text);
  if (comments.includes('-f') || comments.includes('COMPOSE_FILE') || (bare && comments.includes('cd '))) yield { path: file, text: comments, dirs: dirsOf(dirname(file)), kind: 'comment', mode: 'markdown' };

  // 2. Makefiles and scripts of its folder and those above; each folder's `.env` comes last.
  const read = new Set<string>();
  const envFiles: RunSource[] = [];
  for (const folder of folders) {
    trail.listed.push(folder);
    for (const found of await readListedFiles(io, folder, RUNNER_NAMES, MAX_SCRIPTS, MAX_SCRIPT_BYTES)) {
      trail.looked.push(found.path);
      read.add(found.path);
      if (!fits(found.text)) continue;
      const source: RunSource = { path: found.path, text: found.text, dirs: [folder], kind: basename(found.path) === '.env' ? 'env' : 'script', mode: modeOf(found.path) };
      if (source.kind === 'env') envFiles.push(source);
      else yield source;
    }
  }

  // 3. The repository's workflows.
  if (workflows) {
    const found = await workflows.find(dirname(file), io, trail.listed);
    if (found) {
      const workflowRoot = dirname(dirname(found.workflows));
      for (const workflow of await readEntryFiles(io, found.workflows, found.entries, /\.ya?ml$/, 100, MAX_SCRIPT_BYTES)) {
        trail.looked.push(workflow.path);
        if (fits(workflow.text)) yield { path: workflow.path, text: workflow.text, dirs: [workflowRoot], kind: 'workflow', mode: 'lines' };
      }
    }
  }

  // 4. The rest of the repository.
  if (root !== null) {
    const files = await repositoryFiles(root, io, workflows, trail);
    for (const found of files) {
      if (read.has(found.path)) continue;
      trail.looked.push(found.path);
      // A regular file only (a FIFO named like a script would wait for a writer for ever), read once a run.
      const readOnce = (): Promise<string | null> => readRegularFile(io, found.path, MAX_SCRIPT_BYTES).catch(() => null);
      const body = await (workflows ? workflows.memo(`run-sources-text:${found.path}`, readOnce) : readOnce());
      if (body === null) continue;
      if (!fits(body)) continue;
      const base = basename(found.path);
      const shaped = base === 'package.json' ? packageScripts(body) : base.toLowerCase().endsWith('.md') ? body.replaceAll('`', ' ') : body;
      yield { path: found.path, text: shaped, dirs: dirsOf(dirname(found.path)), kind: 'repository', mode: modeOf(found.path) };
    }
  }

  // 5. COMPOSE_FILE in a `.env`.
  yield* envFiles;
}

/** The file's comment lines (`# …`, the text after the `#`), other lines left empty so that line numbers stay. */
export function commentText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const m = /^\s*#(.*)$/.exec(line);
      return m ? m[1]! : '';
    })
    .join('\n');
}

/** package.json read for its `scripts` values: each `"name": "command"` line becomes its command, other lines empty. */
function packageScripts(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const m = /^\s*"[^"]*"\s*:\s*("(?:[^"\\]|\\.)*")\s*,?\s*$/.exec(line);
      if (!m) return '';
      try {
        return String(JSON.parse(m[1]!));
      } catch {
        return '';
      }
    })
    .join('\n');
}

/** The files of the repository's walk (their paths; read by the caller), once per run for a root. */
async function repositoryFiles(root: string, io: ComposeIO, workflows: WorkflowCache | null, trail: SearchTrail): Promise<Array<{ path: string }>> {
  const walk = async (): Promise<{ files: Array<{ path: string }>; listed: string[] }> => {
    const files: Array<{ path: string }> = [];
    const listed: string[] = [];
    if (!io.list) return { files, listed };
    let level: string[] = [root];
    for (let depth = 0; depth <= MAX_DEPTH && level.length > 0 && listed.length < MAX_DIRS && files.length < MAX_FILES; depth++) {
      const next: string[] = [];
      for (const dir of level) {
        if (listed.length >= MAX_DIRS || files.length >= MAX_FILES) break;
        let entries: DirectoryEntry[];
        listed.push(dir);
        try {
          entries = await io.list(dir);
        } catch {
          continue;
        }
        for (const entry of entries) {
          if (entry.directory) {
            if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) next.push(join(dir, entry.name));
          } else if (REPOSITORY_NAMES.test(entry.name) && files.length < MAX_FILES) {
            files.push({ path: join(dir, entry.name) });
          }
        }
      }
      level = next;
    }
    return { files, listed };
  };
  const done = workflows ? await workflows.memo(`run-sources:${root}`, walk) : await walk();
  trail.listed.push(...done.listed);
  return done.files;
}
