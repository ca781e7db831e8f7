/**
 * Reading one regular file of a Compose project with a size limit, apart from project-files.ts so that
 * the modules a Dockerfile lint loads (service-settings.ts) do not load the YAML parser with it
 * (test/eager-modules.test.ts).
 */
import type { ComposeIO } from './project-files.js';

/**
 * A regular file's text; throws as ComposeIO.readText does, with `no such file or directory` where
 * there is none (a directory, nothing), and `larger than N bytes` where it is larger than `maxBytes`:
 * its size is asked first where `io` tells sizes, so that a large file is not read to be dropped
 * (otherwise its text's length, in UTF-16 units, is compared once read).
 */
export async function readRegularFile(io: ComposeIO, path: string, maxBytes = Infinity): Promise<string> {
  const size = io.fileSize ? await io.fileSize(path) : (await io.isFile(path)) ? 0 : null;
  if (size === null) throw new Error('no such file or directory');
  if (size > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
  const text = await io.readText(path);
  if (text.length > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
  return text;
}
