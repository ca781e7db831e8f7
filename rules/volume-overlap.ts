import { defineRule } from '../src/engine/types.js';
import { REFERENCES, declarationSite, describeVolume, nameVolume, line } from '../src/model/explain.js';
import { declaredItems } from '../src/model/query.js';
import type { Volume, VolumeItem } from '../src/model/types.js';

export default defineRule({
  id: 'VOL010',
  name: 'volume-overlap',
  severity: 'note',
  fixable: 'none',
  tags: ['maintainability', 'runtime'],
  messages: {
    duplicate: 'VOLUME {path} is already {volume}; declaring it again changes nothing.',
    nestedInside: 'VOLUME {path} is nested inside {volume}; both are mounted, and the inner one hides that part of the outer volume.',
    nestedAround: 'VOLUME {path} contains {volume}; both are mounted, and the inner one hides that part of this volume.',
  },
  docs: {
    summary: 'The same VOLUME path declared twice, or one volume nested inside another.',
    why:
      'Image volumes are a set of paths: declaring a path again (in the same stage, or after an earlier stage of the file) changes nothing and misleads readers into thinking the second line matters — RUN changes are already affected from the first declaration on. Re-declaring a volume of the base image (`VOLUME /data` on `FROM redis`) is not reported: it changes nothing either, but it documents where the image keeps its data, and no maintainer would remove it. Nested volumes are worse: Docker mounts a separate volume at each path, the inner one over the outer, so the outer volume\'s copy of that subdirectory is hidden. Mounting a named volume or a bind mount over the outer path at run time does not remove the inner image volume: the engine skips an image volume only when its exact path is already mounted (moby daemon/create_unix.go, code-derived), so every container gets a fresh anonymous volume that hides that subdirectory of your named volume.',
    bad: 'FROM alpine:3.20\nRUN mkdir -p /data/db\nVOLUME /data /data/db\n',
    good: 'FROM alpine:3.20\nRUN mkdir -p /data/db\nVOLUME /data\n',
    fix: 'Declare each path once, and never one volume inside another: keep the outer volume, or split the data into sibling directories.',
    references: [REFERENCES.volumeRef, REFERENCES.storageVolumes, 'https://github.com/moby/moby/blob/master/daemon/create_unix.go'],
  },
  check(model, context) {
    const own = new Set<VolumeItem>(declaredItems(model).filter(({ item }) => !item.owner.onbuild).map(({ item }) => item));
    // Windows paths too: the model keeps them in one case-insensitive form with forward slashes
    // (`C:\\data` and `C:/DATA/logs` are `c:/data` and `c:/data/logs`), so nesting shows.
    for (const owner of model.volumeInstructions) {
      if (owner.onbuild || (owner.list.form === 'shell' && owner.list.looksLikeJson)) continue;
      for (const item of owner.items) if (item.windows && item.mountPath !== null && !item.relative) own.add(item);
    }
    for (const stage of model.stages) {
      // Linear in the number of volumes: exact paths by map, nesting by walking up each path's parents.
      const byPath = new Map<string, number[]>();
      stage.volumes.forEach((volume, index) => {
        const list = byPath.get(volume.path) ?? [];
        list.push(index);
        byPath.set(volume.path, list);
      });
      const containing = new Map<number, number[]>();
      const contained = new Map<number, number[]>();
      stage.volumes.forEach((volume, index) => {
        for (let parent = parentOf(volume.path); parent !== null; parent = parentOf(parent)) {
          for (const other of byPath.get(parent) ?? []) {
            if (other < index) push(containing, index, other);
            else push(contained, other, index);
          }
        }
      });
      stage.volumes.forEach((volume, index) => {
        if (volume.origin !== 'instruction' || !volume.item || !own.has(volume.item)) return;
        const item = volume.item;
        const firstSame = byPath.get(volume.path)![0]!;
        const same = firstSame < index ? stage.volumes[firstSame]! : undefined;
        // Re-declaring the base image's own volume changes nothing and misleads no one: the line
        // documents where this image keeps its data, and the RUN steps are affected from the FROM
        // on either way. Silent.
        if (same && same.origin !== 'base-image') {
          const described = describeVolume(same, stage);
          const explanation = [
            `${capitalize(described)} already makes ${volume.path} a volume; an image's volumes are a set of paths, so line ${line(item.owner.instruction)} adds nothing.`,
            same.origin === 'instruction'
              ? `The first declaration is the one that counts for the build: RUN changes under ${volume.path} after line ${line(same.item!.owner.instruction)} are already affected (discarded by the legacy builder, Kaniko and Buildah --compat-volumes).`
              : `The stage this one is built on declares it, so the path is a volume from the FROM at line ${line(stage.from)} on.`,
            `Fix: remove ${volume.path} from line ${line(item.owner.instruction)}${same.origin === 'instruction' ? ' (or the earlier declaration, keeping the later one if it is meant to come after the preparation steps)' : ''}.`,
          ];
          context.report({
            range: item.range,
            messageId: 'duplicate',
            data: { path: volume.path, volume: nameVolume(same, stage) },
            explanation,
            related: [declarationSite(same, stage)],
            severity: 'note',
          });
        }
        // Earlier volumes this one lies inside (innermost first), or that lie inside it.
        const outers = (containing.get(index) ?? []).map((i) => stage.volumes[i]!);
        const inners = (contained.get(index) ?? []).filter((i) => i < index).map((i) => stage.volumes[i]!);
        const nested = outers.length > 0 ? outers : inners;
        if (nested.length === 0) return;
        const outer = outers.length > 0 ? outers.reduce((a, b) => (b.path.length > a.path.length ? b : a)) : undefined;
        const other: Volume = outer ?? nested[0]!;
        const inner = outer ? volume.path : other.path;
        const outerPath = outer ? other.path : volume.path;
        const described = describeVolume(other, stage);
        const distinct = [...new Map(nested.map((v) => [v.path, v])).values()];
        context.report({
          range: item.range,
          messageId: outer ? 'nestedInside' : 'nestedAround',
          data: { path: volume.path, volume: distinct.length > 1 && !outer ? `${nameVolume(other, stage)} and ${distinct.length - 1} more` : nameVolume(other, stage) },
          explanation: [
            `Line ${line(item.owner.instruction)} declares ${volume.path}; ${described} ${outer ? 'contains it' : 'lies inside it'}. Docker mounts one volume at ${outerPath} and another at ${inner}, on top of it.`,
            stage.windows || volume.item?.windows
              ? `Docker on Windows does not copy the image's content into a new volume (moby create_windows.go, code-derived): both start empty, and containers see ${inner} from its own volume, never from the one at ${outerPath}.`
              : `A fresh volume at ${outerPath} is seeded with everything the image has there, ${inner} included, but containers see ${inner} from its own volume: the outer volume's copy is hidden and goes stale.`,
            `Mounting a named volume or a bind mount at ${outerPath} at run time (\`-v data:${outerPath}\`) does not replace the volume at ${inner}: the engine skips an image volume only when its exact path is already mounted (code-derived), so each new container gets a fresh anonymous volume at ${inner} that hides that directory of your volume.`,
            `Fix: declare only ${outerPath}, or move the data into sibling directories that do not nest.`,
          ],
          related: distinct.slice(0, 20).map((e) => declarationSite(e, stage)),
          severity: 'warning',
        });
      });
    }
  },
});

function parentOf(path: string): string | null {
  if (path === '/' || /^[a-z]:\/?$/.test(path)) return null;
  const slash = path.lastIndexOf('/');
  // A Windows path's root is its drive (`c:/`).
  if (/^[a-z]:\//.test(path) && slash === 2) return path.slice(0, 3);
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
