/**
 * Whether the project's own copy of a file already is what a RUN step makes of it in the image, on every
 * checkout: the step only converts CRLF line endings to LF (`dos2unix`, `fromdos`, `sed -i 's/\r$//'`) and
 * the repository's `.gitattributes` gives the file `eol=lf` (git then writes it with LF on every platform), or
 * it only makes the file executable (`chmod +x`, `chmod 755`) and the host's copy is executable already (git
 * records the bit and sets it on checkout). A bind of the sources over such a file hides nothing the build
 * changed: it is the fix compose-bind-hides-image itself gives for a rewritten file, already in place.
 */
import { basename, dirname, join, relative } from 'node:path';
import picomatch from 'picomatch';
import type { ComposeIO } from './project-files.js';
import type { ImageStep } from './types.js';

/** A `sed` expression that deletes a carriage return (`s/\r$//`, `s/\r//g`). */
const SED_CR = /s(.)\\r\$?\1\1/;
/** A chmod mode that adds the execute bit and takes nothing away: `+x`, `u+x`, `a+rx`, `755`, `0775`. */
const ADDS_EXECUTE = /^(?:[ugoa]*\+[rwX]*x[rwX]*|0?[1357][0-7]{2})$/;

function convertsLineEndings(step: ImageStep): boolean {
  const command = step.effect.command;
  if (command === 'RUN dos2unix' || command === 'RUN fromdos') return true;
  return (command === 'RUN sed' || command.startsWith('RUN sed ')) && SED_CR.test(step.effect.instruction.args?.text ?? '');
}
/** How far up from the file `.gitattributes` files are read (the repository's root, marked by `.git`, stops it sooner). */
const MAX_LEVELS = 12;

/** `eol=lf` set (true), another line ending or no conversion set (false), or nothing said (null), by one `.gitattributes` line's attributes. */
function eolOf(attributes: readonly string[]): boolean | null {
  let result: boolean | null = null;
  for (const attribute of attributes) {
    if (attribute === 'eol=lf') result = true;
    else if (attribute.startsWith('eol=') || attribute === '-eol' || attribute === '!eol' || attribute === '-text' || attribute === 'binary') result = false;
  }
  return result;
}

/** Whether a `.gitattributes` line's pattern (relative to its folder) matches `path` (relative to the same folder, `/`-separated). */
function matches(pattern: string, path: string): boolean {
  const anchored = pattern.includes('/') && !pattern.endsWith('/');
  const glob = pattern.replace(/^\//, '');
  return anchored ? picomatch.isMatch(path, glob, { dot: true }) : picomatch.isMatch(basename(path), glob, { dot: true });
}

/** Whether the `.gitattributes` files from the file's folder up to the repository root give it `eol=lf` (the deepest file and its last matching line decide). */
export async function lineEndingsKeptLf(file: string, io: ComposeIO): Promise<boolean> {
  let dir = dirname(file);
  for (let level = 0; level < MAX_LEVELS; level++) {
    const attributes = join(dir, '.gitattributes');
    if (await io.isFile(attributes)) {
      let text = '';
      try {
        text = await io.readText(attributes);
      } catch {
        text = '';
      }
      const path = relative(dir, file).split('\\').join('/');
      const lines = text.split(/\r?\n/).reverse();
      for (const line of lines) {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('[attr]')) continue;
        const [pattern, ...rest] = trimmed.split(/\s+/);
        if (pattern === undefined || !matches(pattern, path)) continue;
        const eol = eolOf(rest);
        if (eol !== null) return eol;
      }
    }
    if (io.exists ? await io.exists(join(dir, '.git')) : true) return false;
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
  return false;
}

/**
 * Whether every RUN step that changes the file at `path` in the image leaves it as the host's copy `onHost`
 * already is on every checkout (see the module comment); false when one step does anything else.
 */
export async function keptInGit(onHost: string, steps: readonly ImageStep[], io: ComposeIO): Promise<boolean> {
  if (steps.length === 0) return false;
  let converts = false;
  let executes = false;
  for (const step of steps) {
    if (step.effect.kind === 'chmod' && ADDS_EXECUTE.test(step.effect.setting ?? '')) executes = true;
    else if (step.effect.kind === 'write' && convertsLineEndings(step)) converts = true;
    else return false;
  }
  if (executes && !(io.isExecutable !== undefined && (await io.isExecutable(onHost)))) return false;
  if (converts && !(await lineEndingsKeptLf(onHost, io))) return false;
  return true;
}
