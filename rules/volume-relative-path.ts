import { defineRule } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { normalizePath } from '../src/model/paths.js';
import { hostSourceParts, itemText, renderPath } from '../src/model/volume-text.js';

export default defineRule({
  id: 'VOL003',
  name: 'volume-relative-path',
  severity: 'warning',
  fixable: 'unsafe',
  tags: ['correctness', 'portability'],
  messages: {
    relative: 'Relative VOLUME path `{value}` is mounted at {real}, not at {intended} (WORKDIR is ignored).',
    relativeUnknownWorkdir: 'Relative VOLUME path `{value}` is mounted at {real}, whatever WORKDIR is.',
    relativeAtRoot: 'Relative VOLUME path `{value}` is mounted at {real}; write it as an absolute path.',
    relativeIsWorkdir: 'Relative VOLUME path `{value}` is mounted at {real}, the working directory it likely means; write it as an absolute path.',
  },
  docs: {
    summary: 'A relative VOLUME path.',
    why:
      'Relative VOLUME paths are never resolved against WORKDIR: the daemon, runc and containerd mount them relative to `/` (moby#20988, moby#46093). With `WORKDIR /usr/src/app`, `VOLUME data` mounts at `/data`, and the application writing to `/usr/src/app/data` writes into the container layer, not the volume. runc logs relative destinations as deprecated, and runc v1.0.0-rc94/rc95 rejected them outright.',
    bad: 'FROM node:20\nWORKDIR /usr/src/app\nVOLUME data\n',
    good: 'FROM node:20\nWORKDIR /usr/src/app\nVOLUME /usr/src/app/data\n',
    fix: 'Write the absolute path you mean: usually WORKDIR joined with the relative path.',
    fixSafety:
      'When WORKDIR is `/`, or the path is the working directory without its leading slash (`WORKDIR /workspaces/app` then `VOLUME workspaces/app`, where the author meant that directory), the absolute path means the same, and `--fix` applies it. After another WORKDIR, the fix writes WORKDIR joined with the path, which moves the mount point: it needs `--fix-unsafe`. When WORKDIR comes from a base image volint does not know, the fix writes today\'s mount point and still needs `--fix-unsafe`, since the author may have meant a path under that WORKDIR. Editors also offer keeping today\'s mount point (`/` joined with the path) as a suggestion.',
    references: [REFERENCES.moby20988, REFERENCES.moby46093, 'https://github.com/opencontainers/runtime-spec/pull/1225'],
  },
  check(model, context) {
    for (const owner of model.volumeInstructions) {
      if (owner.list.form === 'shell' && owner.list.looksLikeJson) continue;
      for (const item of owner.items) {
        if (!item.relative || item.splitFragment || item.windows || item.mountPath === null) continue;
        const value = itemText(item);
        if (hostSourceParts(value)) continue;
        const real = item.mountPath;
        const workdirFrom = owner.stage?.instructions.filter((i) => i.keyword === 'WORKDIR' && i.index < owner.instruction.index).pop();
        const intended = item.intendedPath;
        const base = [
          `The engine mounts relative volume paths under / (runc: "relative destination path is deprecated, using it as relative to /"; containerd CRI converts it the same way): the volume is at ${real}.`,
        ];
        if (value.startsWith('~')) {
          // Not WORKDIR-relative in the author's mind: they meant a home directory, which Docker never substitutes.
          context.report({
            range: item.range,
            messageId: 'relativeUnknownWorkdir',
            data: { value, real },
            explanation: [
              ...base,
              'Docker does not expand `~` in VOLUME: it is a directory literally named ~, not the home directory of USER.',
              `Write the home directory as an absolute path, for example ${normalizePath('/root/' + value.replace(/^~[^/]*\/?/, ''))} for root.`,
            ],
          });
          continue;
        }
        if (intended !== null && intended !== real) {
          context.report({
            range: item.range,
            messageId: 'relative',
            data: { value, real, intended },
            explanation: [
              ...base,
              `${workdirFrom ? `WORKDIR at line ${workdirFrom.range.start.line + 1} makes the working directory ${owner.workdir}` : `The working directory here is ${owner.workdir}`}, so the author probably meant ${intended}; files the application writes there land in the container layer, not in the volume, and are lost with the container.`,
              `Write the absolute path ${intended} if the application writes there, or ${real} to keep today's mount point.`,
            ],
            ...(workdirFrom ? { related: [{ range: workdirFrom.range, message: `WORKDIR ${owner.workdir} does not apply to VOLUME paths` }] } : {}),
            fix: { description: `Use the absolute path ${intended}`, safety: 'unsafe', edits: [{ range: item.range, text: renderPath(owner, intended) }] },
            suggestions: [{ description: `Keep today's mount point: ${real}`, safety: 'safe', edits: [{ range: item.range, text: renderPath(owner, real) }] }],
          });
        } else if (intended !== null && owner.workdir !== null && normalizePath(owner.workdir) === real && real !== '/') {
          // `WORKDIR /workspaces/app` then `VOLUME workspaces/app`: only the leading slash is missing,
          // and the mount point is the directory meant.
          context.report({
            range: item.range,
            messageId: 'relativeIsWorkdir',
            data: { value, real },
            explanation: [
              ...base,
              `${workdirFrom ? `WORKDIR at line ${workdirFrom.range.start.line + 1} makes the working directory ${real}` : `The working directory here is ${real}`}, and \`${value}\` is that directory without its leading slash: the author likely meant ${real}, which is where the volume is mounted today.`,
              'Written relative, it depends on the runtime treating relative destinations as relative to /: runc logs them as deprecated, and runc v1.0.0-rc94/rc95 refused them.',
            ],
            ...(workdirFrom ? { related: [{ range: workdirFrom.range, message: `WORKDIR ${real}: the working directory the relative path names` }] } : {}),
            fix: { description: `Use the absolute path ${real}`, safety: 'safe', edits: [{ range: item.range, text: renderPath(owner, real) }] },
          });
        } else {
          const atRoot = intended !== null;
          context.report({
            range: item.range,
            messageId: atRoot ? 'relativeAtRoot' : 'relativeUnknownWorkdir',
            data: { value, real },
            explanation: [
              ...base,
              atRoot
                ? 'WORKDIR is / here, so the absolute path means the same and stays right if a WORKDIR is added later.'
                : 'WORKDIR comes from the base image and is not known here; the mount point does not depend on it.',
            ],
            fix: {
              description: `Use the absolute path ${real}`,
              safety: atRoot ? 'safe' : 'unsafe',
              edits: [{ range: item.range, text: renderPath(owner, real) }],
            },
          });
        }
      }
    }
  },
});
