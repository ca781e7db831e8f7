import { defineRule } from '../src/engine/types.js';
import type { Range } from '../src/parse/types.js';
import { REFERENCES, line, rootBaseOf } from '../src/model/explain.js';
import { expandWord, type VariableUse, type VarValue } from '../src/model/expand.js';
import { normalizePath } from '../src/model/paths.js';
import { chainRoot, stageChain } from '../src/model/query.js';
import type { FileModel, Stage, VolumeItem } from '../src/model/types.js';

/** The document range of a variable use inside a VOLUME item, or the item's range. */
function variableRange(item: VolumeItem, index: number, use: VariableUse): Range {
  const owner = item.owner;
  const args = owner.instruction.args;
  const listItem = owner.list.items[index];
  if (!args || !listItem) return item.range;
  const written = args.text.slice(listItem.start, listItem.end);
  if (owner.list.form === 'json' && written === JSON.stringify(item.raw)) return args.rangeOf(listItem.start + 1 + use.start, listItem.start + 1 + use.end);
  if (owner.list.form === 'shell' && written === item.raw) return args.rangeOf(listItem.start + use.start, listItem.start + use.end);
  return item.range;
}

/** What the item becomes when the given names expand to nothing (other names as at the stage's end). */
function pathWithout(model: FileModel, stage: Stage, item: VolumeItem, names: Set<string>): string | null {
  const lookup = (name: string): VarValue | undefined => (names.has(name) ? { kind: 'known', value: '' } : stage.variables.get(name));
  return expandWord(item.raw, lookup, model.parsed.escapeChar).value;
}

/** The earlier stage this one is built on that declares `name` as an ARG (not passed on), if any. */
function stageDeclaringArg(stage: Stage, name: string): Stage | null {
  return stageChain(stage).slice(1).find((current) => current.variables.has(name) && !current.envNames.has(name)) ?? null;
}

/** Whether the base image may set the name in its ENV: volint's knowledge of the image's ENV is partial. */
function baseMaySet(stage: Stage): string | null {
  const base = chainRoot(stage).base;
  if (base.kind === 'image' && (!base.info || base.info.origin !== 'image-config')) return base.ref.raw;
  if (base.kind === 'unknown') return base.text || 'the base image';
  return null;
}

export default defineRule({
  id: 'VOL011',
  name: 'volume-undefined-variable',
  severity: 'warning',
  fixable: 'none',
  tags: ['correctness'],
  messages: {
    undefinedVar: 'VOLUME path `{raw}` uses ${name}, which is not set in this stage; {outcome}.',
    maybeUndefined: 'VOLUME path `{raw}` uses ${name}, which no ARG or ENV of this Dockerfile sets; unless the base image {image} sets it, {outcome}.',
    globalArg: 'VOLUME path `{raw}` uses ${name}, an ARG declared before FROM that this stage does not redeclare; {outcome}.',
    stageArg: 'VOLUME path `{raw}` uses ${name}, an ARG of stage {stage}; {builders} do not pass it to stages built FROM that stage, and there {outcome}.',
    argNoDefault: 'VOLUME path `{raw}` uses ${name}, an ARG without a default; without --build-arg {name}=…, {outcome}.',
  },
  docs: {
    summary: 'A VOLUME path uses a variable that has no value in its stage.',
    why:
      'VOLUME supports environment replacement from ARG and ENV (Dockerfile reference, "Environment replacement"); a variable without a value expands to the empty string. The path then changes silently (`/srv/$APP/data` becomes `/srv/data`) or becomes empty, which fails the build ("VOLUME specified can not be an empty string"). An ARG declared before the first FROM is in scope for FROM lines only: a stage sees it only after `ARG NAME` is repeated inside the stage. An ARG without a default has a value only when the build passes `--build-arg`. When volint does not know the base image\'s ENV, an unset name is reported as possible, with "unless the base image sets it"; automatic platform ARGs (TARGETARCH…) always have a value. A path that expands to nothing at all is left to volume-empty (VOL009).',
    bad: 'ARG APP=shop\nFROM alpine:3.20\nVOLUME /srv/$APP/data\n',
    good: 'ARG APP=shop\nFROM alpine:3.20\nARG APP\nVOLUME /srv/$APP/data\n',
    fix: 'Define the variable in the stage before the VOLUME: `ENV NAME=value`, `ARG NAME=default`, or repeat `ARG NAME` after FROM for a global ARG; or write `${NAME:-default}`.',
    references: [REFERENCES.envReplacement, 'https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact', 'https://docs.docker.com/reference/build-checks/undefined-var/'],
  },
  check(model, context) {
    for (const owner of model.volumeInstructions) {
      const stage = owner.stage;
      if (!stage || (owner.list.form === 'shell' && owner.list.looksLikeJson)) continue;
      for (const [index, item] of owner.items.entries()) {
        if (item.empty) continue; // volume-empty (VOL009) reports paths that expand to nothing.
        const seen = new Set<string>();
        for (const use of item.expanded.variables) {
          if (seen.has(use.name)) continue;
          // `${X:+/data}` with `ARG X` and no value: without --build-arg X the path is empty and
          // the build fails; other guarded uses (`${X:-/data}`) always give a path.
          if (use.guarded && !(use.state === 'unknown' && use.reason === 'arg-no-default' && (pathWithout(model, stage, item, new Set([use.name])) ?? 'x').trim() === '')) continue;
          const missing = use.state === 'undefined' || (use.state === 'unknown' && (use.reason === 'arg-no-default' || use.reason === 'base-image' || use.reason === 'builder-dependent'));
          if (!missing) continue;
          seen.add(use.name);
          const becomes = pathWithout(model, stage, item, new Set([use.name]));
          const outcome =
            becomes === null
              ? 'it expands to the empty string'
              : becomes.trim() === ''
                ? 'the path expands to nothing and the build fails'
                : `the volume is mounted at ${normalizePath('/' + becomes)} instead`;
          const data = { raw: item.raw, name: use.name, outcome };
          const range = variableRange(item, index, use);
          const declaredAt = line(owner.instruction);
          // A global ARG not redeclared: undefined in the stage (or, with an unknown base image,
          // "maybe from its ENV" — but the author clearly meant the ARG before FROM).
          const global = model.globalArgs.get(use.name);
          if (global && (use.state === 'undefined' || use.reason === 'base-image')) {
            // A path that is nothing but such names expands to nothing: volume-empty (VOL009) reports it.
            const globals = item.expanded.variables;
            if (globals.every((v) => model.globalArgs.has(v.name) && (v.state === 'undefined' || v.reason === 'base-image')) && (pathWithout(model, stage, item, new Set(globals.map((v) => v.name))) ?? 'x').trim() === '') continue;
            context.report({
              range,
              messageId: 'globalArg',
              data,
              explanation: [
                `${use.name} is declared before the first FROM${global.kind === 'known' ? ` (= ${global.value})` : ''}; such an ARG is in scope for FROM lines only, and each stage must redeclare it to use it.`,
                `At line ${declaredAt}, ${use.name} is therefore empty: ${outcome}.`,
                `Fix: add \`ARG ${use.name}\` after the FROM at line ${line(stage.from)} (it takes the global default).`,
              ],
            });
            continue;
          }
          const argStage = use.state === 'undefined' || use.reason === 'base-image' || use.reason === 'builder-dependent' ? stageDeclaringArg(stage, use.name) : null;
          if (argStage) {
            // BuildKit passes a stage's ARGs on to stages built FROM it (documented since
            // moby/buildkit#5381); the legacy builder and Buildah before openshift/imagebuilder#304 do not.
            if (context.builder === 'buildkit') continue;
            const stageName = argStage.name ?? `#${argStage.index}`;
            const builders = context.builder === 'any' ? 'the legacy builder and older Buildah' : context.builder === 'legacy' ? 'the legacy builder' : context.builder === 'kaniko' ? 'Kaniko (not verified) may' : 'Buildah versions before openshift/imagebuilder#304';
            context.report({
              range,
              messageId: 'stageArg',
              data: { ...data, stage: stageName, builders },
              explanation: [
                `Stage ${stageName} (line ${line(argStage.from)}) declares ARG ${use.name}. BuildKit passes ARGs on to stages built FROM that stage (Docker documents it since moby/buildkit#5381); the legacy builder does not, and Buildah did not before openshift/imagebuilder#304 (2025). ENV values pass on with every builder.`,
                `Where the ARG is not passed on, ${use.name} is empty at line ${declaredAt}: ${outcome}.`,
                `Fix: repeat \`ARG ${use.name}\` in this stage, or set it with ENV in stage ${stageName}, so every builder mounts the same path.`,
              ],
              ...(context.builder === 'any' ? { severity: 'note' as const } : {}),
            });
            continue;
          }
          if (use.state === 'unknown' && use.reason === 'arg-no-default') {
            context.report({
              range,
              messageId: 'argNoDefault',
              data,
              explanation: [
                `${use.name} is an ARG without a default value: it has a value only when the build passes \`--build-arg ${use.name}=…\`.`,
                `A build without it expands ${use.name} to the empty string: ${outcome}.`,
                `Fix: give the ARG a default (\`ARG ${use.name}=/path\`) or write \`\${${use.name}:-/path}\` in the VOLUME.`,
              ],
            });
            continue;
          }
          const image = baseMaySet(stage);
          if (image !== null) {
            context.report({
              range,
              messageId: 'maybeUndefined',
              data: { ...data, image },
              explanation: [
                `No ARG or ENV before line ${declaredAt} sets ${use.name}. volint does not know every ENV of ${image}: if the image sets ${use.name}, the path is what the image says; if not, ${outcome}.`,
                `Fix: set it here (\`ENV ${use.name}=…\` or \`ARG ${use.name}=…\`) so the path does not depend on the base image, or write \`\${${use.name}:-/path}\`.`,
              ],
              severity: 'note',
              confidence: 'possible',
            });
            continue;
          }
          context.report({
            range,
            messageId: 'undefinedVar',
            data,
            explanation: [
              `No ARG or ENV before line ${declaredAt} sets ${use.name}${rootBaseOf(stage).kind === 'scratch' ? ', and a stage built from scratch has no inherited ENV' : ''}; BuildKit and the legacy builder expand it to the empty string: ${outcome}.`,
              `Fix: set it before the VOLUME (\`ENV ${use.name}=…\` or \`ARG ${use.name}=…\`), or write \`\${${use.name}:-/path}\`.`,
            ],
          });
        }
      }
    }
  },
});
