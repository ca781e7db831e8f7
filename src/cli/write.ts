/**
 * Writing a fixed Dockerfile without ever losing the original: the new text goes to a temporary
 * file in the same directory (same file system, so the rename is atomic), with the original's
 * permission bits (and owner, where the process may set it), flushed to disk, then renamed over
 * the original. A symlink is followed: the file it points to is replaced, the link stays a link.
 * If the file changed on disk since volint read it, nothing is written. On any failure the
 * temporary file is removed and the original is untouched.
 */
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFsError } from './files.js';

/** What the file looked like when volint read it. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export class WriteError extends Error {}

let sequence = 0;

/** The temporary file's name: hidden, beside the target, unique per process and call. */
export function temporaryPathFor(path: string): string {
  sequence++;
  return join(dirname(path), `.${basename(path)}.volint-${process.pid}-${sequence}.tmp`);
}

/**
 * Replaces the file at `path` with `data` atomically. Throws a WriteError whose message is one line
 * that says what went wrong and that the original is unchanged.
 */
export async function writeAtomically(path: string, data: string | Uint8Array, expected: FileStamp): Promise<void> {
  let target: string;
  let info;
  try {
    target = await realpath(path);
    info = await stat(target);
  } catch (err) {
    throw new WriteError(`cannot write the fix: ${describeFsError(err)}`);
  }
  if (info.mtimeMs !== expected.mtimeMs || info.size !== expected.size) {
    throw new WriteError('changed on disk while volint was fixing it; not overwritten');
  }
  const mode = info.mode & 0o7777;
  const temp = temporaryPathFor(target);
  let created = false;
  try {
    const handle = await open(temp, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(data);
      // The mode given to open() is masked by the umask: set it exactly.
      await handle.chmod(mode);
      // Keep the owner when the process may (root fixing another user's file); otherwise it is ours.
      if (typeof process.getuid === 'function' && process.getuid() === 0) await handle.chown(info.uid, info.gid);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Last check, as close to the rename as possible.
    const now = await stat(target);
    if (now.mtimeMs !== expected.mtimeMs || now.size !== expected.size) {
      throw new WriteError('changed on disk while volint was fixing it; not overwritten');
    }
    await rename(temp, target);
    created = false;
  } catch (err) {
    if (created) await unlink(temp).catch(() => undefined);
    if (err instanceof WriteError) throw err;
    const cause = describeFsError(err);
    const where = created ? '' : ` (cannot create a temporary file in ${dirname(target)})`;
    throw new WriteError(`cannot write the fix: ${cause}${where}; the file is unchanged`);
  }
}
