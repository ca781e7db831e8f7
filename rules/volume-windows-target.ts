import { defineRule, type RelatedLocation } from '../src/engine/types.js';
import { REFERENCES, line } from '../src/model/explain.js';
import { driveOf } from '../src/model/paths.js';
import { effectsBefore, reach } from '../src/model/query.js';
import type { PathEffect, VolumeItem } from '../src/model/types.js';
import { itemText } from '../src/model/volume-text.js';

/** Directories every Windows base image (servercore, nanoserver) already fills on C:. */
const POPULATED_BY_IMAGE: ReadonlyMap<string, string> = new Map([
  ['c:/', 'the root of the system drive'],
  ['c:/windows', 'the Windows system directory'],
  ['c:/program files', 'the programs directory'],
  ['c:/program files (x86)', 'the 32-bit programs directory'],
  ['c:/programdata', 'the shared application data directory'],
  ['c:/users', 'the user profiles directory'],
]);

/**
 * The path on C: that an item names, in lower case (`c:/app`), or null when it is on another
 * drive. Without a drive letter a Windows container path is on the system drive C:.
 */
function onSystemDrive(item: VolumeItem): string | null {
  const path = item.mountPath;
  if (path === null || item.relative) return null;
  const drive = driveOf(path);
  if (drive === null) return path.startsWith('/') ? `c:${path.toLowerCase()}` : null;
  return drive === 'C' ? path.toLowerCase() : null;
}

/** A model path (`c:/app`, `/app`) as Windows users write it (`C:\\app`). */
function windowsText(path: string): string {
  const withDrive = /^[a-z]:/.test(path) ? path[0]!.toUpperCase() + path.slice(1) : path;
  return withDrive.replace(/\//g, '\\');
}

/** The spellings of one C: path in the model: `c:/app` with the drive, `/app` without. */
function aliases(mountPath: string, cPath: string): string[] {
  return [...new Set([mountPath, cPath, cPath.slice(2) || '/'])];
}

/** Effects before the VOLUME that put content at the path: files in it, or a directory below it. */
function fillingEffects(effects: PathEffect[], paths: string[]): PathEffect[] {
  return effects.filter((effect) => {
    if (!paths.some((path) => reach(effect, path) === 'inside')) return false;
    if (effect.kind === 'copy' || effect.kind === 'write') return true;
    // A directory created below the volume path makes it non-empty; mkdir of the path itself does not.
    return effect.kind === 'mkdir' && !paths.includes(effect.path);
  });
}

export default defineRule({
  id: 'VOL013',
  name: 'volume-windows-target',
  severity: 'error',
  fixable: 'none',
  tags: ['correctness', 'windows'],
  messages: {
    filled: 'VOLUME {value}: Windows containers need an empty or missing directory or a drive other than C:, and {step} puts files there.',
    populated: 'VOLUME {value}: Windows containers need an empty or missing directory or a drive other than C:, and {what} is never empty.',
  },
  docs: {
    summary: 'A Windows container volume on C: over a directory that earlier steps or the base image fill.',
    why:
      'On Windows containers the destination of a volume must be a non-existing or empty directory, or a drive other than C: (Dockerfile reference, "Volumes on Windows-based containers"). A VOLUME over a directory that COPY, ADD or RUN filled earlier, or over a directory the base image fills such as C:\\Windows or C:\\Users, breaks the container at run time; a missing or empty directory below them is allowed. C:\\ itself is refused by Docker\'s parser ("destination path cannot be `c:` or `c:\\`"). Unlike Linux, the Windows daemon also does not copy the image content into a new volume (moby create_windows.go; code-derived), so the files would be hidden even where the mount succeeds.',
    bad: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app/ C:/app/\nVOLUME C:\\app\n',
    good: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app/ C:/app/\nVOLUME C:\\app\\data\n',
    fix: 'Declare the volume on an empty directory that no step writes to (C:\\app\\data), or on another drive (D:), and keep the files the image ships elsewhere.',
    references: [REFERENCES.volumeNotes, 'https://learn.microsoft.com/en-us/virtualization/windowscontainers/manage-containers/persistent-storage'],
  },
  check(model, context) {
    for (const stage of model.stages) {
      for (const owner of stage.volumeInstructions) {
        for (const item of owner.items) {
          if (!item.windows || item.mountPath === null) continue;
          const cPath = onSystemDrive(item);
          if (cPath === null) continue;
          const value = itemText(item);
          // Only these directories themselves are known to be filled: a missing or empty directory
          // below them (C:\\ProgramData\\app) is allowed (Dockerfile reference, "Volumes on Windows-based containers").
          const populated = [...POPULATED_BY_IMAGE].find(([dir]) => cPath === dir);
          const base = `The volume is on the system drive C: (${windowsText(cPath)}); Windows containers accept only a missing or empty directory there.`;
          const runtime =
            'Docker on Windows does not copy the image content into a new volume (moby create_windows.go, code-derived), so whatever the image put at this path would be hidden by the volume anyway.';
          if (populated) {
            const what = populated[1];
            context.report({
              range: item.range,
              messageId: 'populated',
              data: { value, what },
              explanation: [
                base,
                cPath === 'c:/'
                  ? `Docker's parser refuses the root of C: as a volume destination ("destination path cannot be \`c:\` or \`c:\\\`", moby windows_parser.go, code-derived): the container cannot be created.`
                  : `${value} is ${what}, which the Windows base image fills: the container cannot mount a volume there. A missing or empty directory below it would be allowed.`,
                runtime,
                'Declare the volume on a directory of its own (C:\\data) or on another drive (D:\\).',
              ],
            });
            continue;
          }
          const paths = aliases(item.mountPath, cPath);
          const before = [...new Set(paths.flatMap((path) => effectsBefore(stage, path, owner.instruction.index)))];
          const filling = fillingEffects(before, paths).sort((a, b) => a.instruction.index - b.instruction.index);
          if (filling.length === 0) continue;
          const first = filling[0]!;
          const related: RelatedLocation[] = filling.map((effect) => ({
            range: effect.range,
            message: `${effect.command} at line ${line(effect.instruction)} puts files at ${windowsText(effect.path)}`,
          }));
          context.report({
            range: item.range,
            messageId: 'filled',
            data: { value, step: `${first.command} at line ${line(first.instruction)}` },
            explanation: [
              base,
              `Before line ${line(owner.instruction)}, ${filling.map((e) => `${e.command} at line ${line(e.instruction)}${e.sources?.length ? ` (${e.sources.join(' ')})` : ''}`).join(', ')} put${filling.length === 1 ? 's' : ''} files at ${value}: the directory is not empty when the container starts.`,
              runtime,
              `Keep the shipped files in one directory and the volume in another (for example C:\\app for the program, C:\\app\\data or D:\\ for the volume).`,
            ],
            related,
            // Only commands volint does not know name the path: they may or may not fill it.
            ...(filling.every((e) => e.certainty === 'possible') ? { confidence: 'possible' as const } : {}),
          });
        }
      }
    }
  },
});
