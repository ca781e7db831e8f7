import { defineRule } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';

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
      'BuildKit and the legacy builder reject a VOLUME without arguments ("VOLUME requires at least one argument") and an empty path ("VOLUME specified can not be an empty string"). An unset variable expands to the empty string, so `VOLUME $DATA_DIR` without a value for DATA_DIR fails the build as well.',
    bad: 'FROM alpine:3.20\nVOLUME $DATA_DIR\n',
    good: 'FROM alpine:3.20\nENV DATA_DIR=/data\nVOLUME $DATA_DIR\n',
    fix: 'Give the path, or define the variable it uses (ENV, or ARG with a default) before the VOLUME.',
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
            explanation: ['Both builders stop at this line before building anything.'],
          });
        }
        continue;
      }
      if (owner.list.form === 'json' && owner.items.length === 0) {
        context.report({
          range: instruction.args.rangeOf(0, instruction.args.text.length),
          messageId: 'emptyList',
          explanation: ['An empty JSON array is no argument at all: the builders stop at this line.'],
        });
        continue;
      }
      for (const item of owner.items) {
        if (!item.empty) continue;
        const variables = item.expanded.variables.filter((v) => v.state === 'undefined' || (v.state === 'known' && !v.guarded));
        if (variables.length === 0 || item.raw.trim() === '') {
          context.report({ range: item.range, messageId: 'emptyString', explanation: ['The builders stop at this line.'] });
          continue;
        }
        const described = variables.map((v) => (v.state === 'undefined' ? `${v.name} is not set` : `${v.name} is empty`));
        context.report({
          range: item.range,
          messageId: 'expandsEmpty',
          data: { raw: item.raw, variables: described.join(', ') },
          explanation: [
            'Variables in VOLUME are expanded at build time from ARG and ENV; an unset variable expands to nothing, and the builders then reject the empty path.',
          ],
        });
      }
    }
  },
});
