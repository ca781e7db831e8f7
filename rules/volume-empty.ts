import { defineRule } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { expandWord, type VarValue } from '../src/model/expand.js';

const REJECTED =
  'BuildKit rejects the Dockerfile while converting it, before any step runs; the legacy builder stops when it reaches this line.';

export default defineRule({
  id: 'VOL009',
  name: 'volume-empty',
  severity: 'error',
  fixable: 'none',
  tags: ['correctness'],
  messages: {
    noArgument: 'VOLUME has no path; the build fails ("VOLUME requires at least one argument").',
    emptyList: 'VOLUME [] declares no path; the build fails.',
    emptyString: 'VOLUME path is an empty string; the build fails ("VOLUME specified can not be an empty string").',
    expandsEmpty: 'VOLUME path `{raw}` expands to an empty string ({variables}); the build fails.',
  },
  docs: {
    summary: 'A VOLUME with no path, an empty path, or a path that expands to nothing.',
    why:
      'BuildKit and the legacy builder reject a VOLUME without arguments ("VOLUME requires at least one argument") and an empty path ("VOLUME specified can not be an empty string"). An unset variable expands to the empty string, so `VOLUME $DATA_DIR` without a value for DATA_DIR fails the build as well. A common cause is an ARG declared before FROM: it is in scope only for the FROM lines, not in the stage, unless the stage declares it again; such a path is reported here even when volint does not know the base image\'s ENV.',
    bad: 'ARG DATA_DIR=/data\nFROM scratch\nVOLUME $DATA_DIR\n',
    good: 'ARG DATA_DIR=/data\nFROM scratch\nARG DATA_DIR\nVOLUME $DATA_DIR\n',
    fix: 'Give the path, or define the variable it uses before the VOLUME: ENV, an ARG with a default, or `ARG NAME` after FROM to bring a global ARG into the stage.',
    references: [REFERENCES.volumeRef, REFERENCES.envReplacement],
  },
  check(model, context) {
    for (const owner of model.volumeInstructions) {
      const instruction = owner.instruction;
      if (!instruction.args || owner.list.form === 'error') {
        if (!instruction.args) {
          context.report({
            range: instruction.keywordRange,
            messageId: 'noArgument',
            explanation: [REJECTED],
          });
        }
        continue;
      }
      if (owner.list.form === 'json' && owner.items.length === 0) {
        context.report({
          range: instruction.args.rangeOf(0, instruction.args.text.length),
          messageId: 'emptyList',
          explanation: ['An empty JSON array is no argument at all.', REJECTED],
        });
        continue;
      }
      for (const item of owner.items) {
        // A global ARG that the stage does not redeclare is empty in the stage, whatever the base
        // image: the author meant the ARG before FROM (`ARG DATA_DIR=/data`, `FROM x`, `VOLUME
        // $DATA_DIR`), so a path made only of such names expands to nothing.
        const meantGlobal = item.empty ? [] : item.expanded.variables.filter((v) => v.state === 'unknown' && v.reason === 'base-image' && model.globalArgs.has(v.name));
        if (!item.empty) {
          const stage = owner.stage;
          if (meantGlobal.length === 0 || !stage) continue;
          const names = new Set(meantGlobal.map((v) => v.name));
          const lookup = (name: string): VarValue | undefined => (names.has(name) ? { kind: 'known', value: '' } : stage.variables.get(name));
          if ((expandWord(item.raw, lookup, model.parsed.escapeChar).value ?? 'x').trim() !== '') continue;
        }
        const variables = [
          ...item.expanded.variables.filter((v) => v.state === 'undefined' || (v.state === 'known' && !v.guarded)),
          ...meantGlobal.map((v) => ({ ...v, state: 'undefined' as const })),
        ];
        if (variables.length === 0 || item.raw.trim() === '') {
          context.report({ range: item.range, messageId: 'emptyString', explanation: [REJECTED] });
          continue;
        }
        const globals = variables.filter((v) => v.state === 'undefined' && model.globalArgs.has(v.name));
        const described = variables.map((v) =>
          v.state !== 'undefined' ? `${v.name} is empty` : globals.includes(v) ? `${v.name} is not set in this stage` : `${v.name} is not set`,
        );
        const globalLines = model.parsed.instructions.filter(
          (i) => i.keyword === 'ARG' && i.index < (model.stages[0]?.from.index ?? Infinity) && i.properties.some((p) => globals.some((v) => v.name === p.name)),
        );
        context.report({
          range: item.range,
          messageId: 'expandsEmpty',
          data: { raw: item.raw, variables: described.join(', ') },
          explanation: [
            'Variables in VOLUME are expanded at build time from ARG and ENV; an unset or empty variable expands to nothing, and the builders then reject the empty path.',
            REJECTED,
            ...globals.map(
              (v) => `${v.name} is declared before the first FROM: such a global ARG is in scope only for FROM lines. Write \`ARG ${v.name}\` after FROM to use its value in this stage.`,
            ),
          ],
          ...(globalLines.length > 0
            ? { related: globalLines.map((i) => ({ range: i.range, message: `global ARG, not in scope after FROM` })) }
            : {}),
        });
      }
    }
  },
});
