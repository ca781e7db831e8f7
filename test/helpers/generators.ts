/**
 * fast-check generators of Dockerfiles: from a grammar (instructions, flags, JSON and shell forms,
 * variables, heredocs, comments, continuations, escape directives, line endings) and by random
 * mutation of the repository's real fixtures. Shared by test/properties.test.ts and scripts/fuzz.mjs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { REPO } from './cli.js';

const VAR_NAMES = ['A', 'BASE', 'DATA_DIR', 'HOME', 'APP', 'TARGETARCH', 'x'];

const variable: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...VAR_NAMES).map((n) => `$${n}`),
  fc.constantFrom(...VAR_NAMES).map((n) => `\${${n}}`),
  fc.tuple(fc.constantFrom(...VAR_NAMES), fc.constantFrom(':-', '-', ':+', '+', ':?', '#', '%', '/', '//'), fc.constantFrom('/d', '', 'x', '${A}', '${B:-/e}'))
    .map(([n, op, w]) => `\${${n}${op}${w}}`),
  fc.constantFrom('${', '${A', '$', '${A:-${B:-${C}}}', '${}', '$$'),
);

const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('data', 'var', 'lib', 'app', 'log', 'etc', 'usr', 'tmp', 'cache', 'node_modules', '.npm', 'srv', 'html', 'my data', '..', '.') },
  { weight: 2, arbitrary: variable },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);

export const containerPath: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.boolean(), fc.array(segment, { minLength: 0, maxLength: 4 })).map(([abs, parts]) => (abs ? '/' : '') + parts.join('/')) },
  { weight: 1, arbitrary: fc.constantFrom('/', 'C:\\data', 'c:/app', 'D:', './x', 'host:/c', 'vol:/data:ro', '~/x', '\\\\server\\share', '/proc', '/etc/nginx', '') },
);

const quoted: fc.Arbitrary<string> = fc.oneof(
  containerPath,
  containerPath.map((p) => `"${p}"`),
  containerPath.map((p) => `'${p}'`),
  containerPath.map((p) => `"${p}`),
);

/** VOLUME arguments: valid JSON, broken JSON (single quotes, trailing comma, missing comma), shell form. */
const volumeArgs: fc.Arbitrary<string> = fc.oneof(
  fc.array(containerPath, { maxLength: 4 }).map((paths) => JSON.stringify(paths)),
  fc.tuple(fc.array(containerPath, { maxLength: 4 }), fc.constantFrom(', ', ',', ' , ', '  ')).map(([paths, sep]) => `[ ${paths.map((p) => JSON.stringify(p)).join(sep)} ]`),
  fc.array(containerPath, { minLength: 1, maxLength: 3 }).map((paths) => `['${paths.join("', '")}']`),
  fc.array(containerPath, { minLength: 1, maxLength: 3 }).map((paths) => `[${paths.map((p) => JSON.stringify(p)).join(', ')},]`),
  fc.array(containerPath, { minLength: 2, maxLength: 3 }).map((paths) => `[${paths.map((p) => JSON.stringify(p)).join(' ')}]`),
  fc.array(containerPath, { minLength: 1, maxLength: 3 }).map((paths) => `[${paths.join(', ')}]`),
  fc.array(quoted, { maxLength: 4 }).map((words) => words.join(' ')),
  fc.constantFrom('', '[]', '[""]', '["/a", 1]', '[', '["/a"', '[[', '{"a":1}'),
);

const image = fc.constantFrom('alpine', 'alpine:3.20', 'postgres:16', 'mysql:8', 'nginx', 'node:20', 'scratch', '$BASE', '${BASE:-debian}', 'build', 'stage1', 'mcr.microsoft.com/windows/servercore:ltsc2022', 'golang@sha256:abc');

const command = fc.constantFrom(
  'mkdir -p /data', 'echo x > /data/f', 'cd /data && touch a', 'chown -R app:app /data', 'chmod 700 /var/lib/app',
  'rm -rf /var/lib/apt/lists/*', 'apt-get update', 'npm ci', 'cp -r /src /app', 'touch $DATA_DIR/x', 'ln -s /a /b',
  'sh -c "echo hi > /data/y"', 'tar -xf x.tgz -C /opt/app', 'true', 'echo "unterminated', "echo 'a b'", 'for f in a b; do touch /data/$f; done',
  'cat <<EOF > /data/z', '( cd /x && make )', 'install -d -m 755 /srv/data', 'useradd app',
);

const runLine: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.array(command, { minLength: 1, maxLength: 4 }), fc.constantFrom(' && ', '; ', ' || ', ' \\\n  && ', ' && \\\n  ')).map(([cmds, sep]) => `RUN ${cmds.join(sep)}`),
  fc.array(command, { minLength: 1, maxLength: 2 }).map((cmds) => `RUN ${JSON.stringify(['sh', '-c', cmds.join(' && ')])}`),
  fc.tuple(fc.constantFrom('<<EOF', '<<-EOF', '<<"EOF"', 'bash <<EOF', '<<EOF <<EOT'), fc.array(command, { maxLength: 3 }), fc.boolean())
    .map(([op, cmds, end]) => `RUN ${op}\n${cmds.join('\n')}${end ? '\nEOF' : ''}`),
  fc.tuple(fc.constantFrom('--mount=type=cache,target=/root/.cache', '--mount=type=bind,source=.,target=/src', '--network=none'), command).map(([flag, c]) => `RUN ${flag} ${c}`),
);

const copyLine: fc.Arbitrary<string> = fc.tuple(
  fc.constantFrom('COPY', 'ADD', 'copy'),
  fc.array(fc.constantFrom('--from=build', '--from=0', '--chown=app:app', '--chmod=755', '--link', '--parents'), { maxLength: 2 }),
  fc.array(fc.constantFrom('.', 'src/', 'a b', '<<EOF', '["a", "b"]'), { minLength: 1, maxLength: 2 }),
  containerPath,
).map(([kw, flags, sources, dest]) => [kw, ...flags, ...sources, dest].join(' '));

const name = fc.constantFrom(...VAR_NAMES);

const instruction: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(image, fc.option(fc.constantFrom('build', 'stage1', 'final', 'Build'), { nil: undefined }), fc.boolean()).map(([img, as, platform]) => `FROM ${platform ? '--platform=$BUILDPLATFORM ' : ''}${img}${as ? ` AS ${as}` : ''}`) },
  { weight: 2, arbitrary: fc.tuple(name, fc.option(containerPath, { nil: undefined })).map(([n, v]) => (v === undefined ? `ARG ${n}` : `ARG ${n}=${v}`)) },
  { weight: 2, arbitrary: fc.tuple(name, containerPath, fc.boolean()).map(([n, v, legacy]) => (legacy ? `ENV ${n} ${v}` : `ENV ${n}=${JSON.stringify(v)}`)) },
  { weight: 2, arbitrary: containerPath.map((p) => `WORKDIR ${p}`) },
  { weight: 1, arbitrary: fc.constantFrom('USER app', 'USER root', 'USER 1000:1000', 'USER $APP', 'USER') },
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('VOLUME', 'volume', 'Volume', 'ONBUILD VOLUME'), volumeArgs).map(([kw, a]) => `${kw} ${a}`) },
  { weight: 3, arbitrary: runLine },
  { weight: 2, arbitrary: copyLine },
  { weight: 1, arbitrary: fc.constantFrom('# a comment', '#', '# volint ignore=VOL003', '# volint ignore=VOL001,volume-empty -- reason', '# volint global ignore=all', '# volint nonsense', '# check=skip=all') },
  { weight: 1, arbitrary: fc.constantFrom('SHELL ["/bin/bash", "-c"]', 'SHELL ["powershell", "-Command"]', 'CMD ["a"]', 'ENTRYPOINT sh', 'EXPOSE 80', 'LABEL a=b', 'HEALTHCHECK CMD true', 'STOPSIGNAL 9', 'ONBUILD ONBUILD RUN x', 'ONBUILD', 'FOO bar', 'MAINTAINER x', '', '   ') },
);

const directives = fc.array(fc.constantFrom('# syntax=docker/dockerfile:1', '# escape=`', '# escape=\\', '# check=skip=all', '# volint global ignore=VOL003'), { maxLength: 2 });

/** A Dockerfile from the grammar, with one line-ending style and an optional final newline. */
export const dockerfile: fc.Arbitrary<string> = fc
  .tuple(directives, instruction, fc.array(instruction, { maxLength: 14 }), fc.constantFrom('\n', '\n', '\n', '\r\n', '\r'), fc.boolean(), fc.boolean())
  .map(([dirs, first, rest, eol, finalNewline, leadingFrom]) => {
    const lines = [...dirs, ...(leadingFrom ? ['FROM alpine'] : []), first, ...rest];
    const text = lines.join('\n') + (finalNewline ? '\n' : '');
    return eol === '\n' ? text : text.replace(/\n/g, eol);
  });

// ---------------------------------------------------------------------------------------------
// Mutations of real fixtures
// ---------------------------------------------------------------------------------------------

function listFixtures(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listFixtures(full));
    else if (/\.Dockerfile$|^Dockerfile/.test(entry)) out.push(full);
  }
  return out;
}

let fixtureTexts: string[] | undefined;
/** Every `fixtures/**\/*.Dockerfile` (and examples' Dockerfiles), read once. */
export function fixtures(): string[] {
  fixtureTexts ??= [...listFixtures(join(REPO, 'fixtures')), ...listFixtures(join(REPO, 'examples'))].map((f) => readFileSync(f, 'utf8'));
  return fixtureTexts;
}

const INTERESTING = ['\\', '"', "'", '[', ']', '$', '{', '}', '\n', '\r', '\r\n', ' ', '\t', '#', '<<', '`', ',', ':', '=', '-', '--', '/', 'VOLUME ', '\n# escape=`\n', '\u00e9', '\u{1F600}', '\u200b'];

type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'deleteLine'; line: number }
  | { op: 'duplicateLine'; line: number }
  | { op: 'swapLines'; line: number; other: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...INTERESTING), fc.string({ maxLength: 3 })) }),
  fc.record({ op: fc.constant('deleteLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('duplicateLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), line: fc.nat(), other: fc.nat() }),
);

export function applyMutation(text: string, m: Mutation): string {
  const pos = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
  switch (m.op) {
    case 'delete': {
      const at = pos(m.at);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'duplicate': {
      const at = pos(m.at);
      return text.slice(0, at) + text.slice(at, at + m.length) + text.slice(at);
    }
    case 'insert': {
      const at = pos(m.at);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    default: {
      const lines = text.split('\n');
      const i = m.line % lines.length;
      if (m.op === 'deleteLine') lines.splice(i, 1);
      else if (m.op === 'duplicateLine') lines.splice(i, 0, lines[i]!);
      else {
        const j = m.other % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      return lines.join('\n');
    }
  }
}

/** A real fixture with 1–6 random mutations. */
export function mutatedFixture(): fc.Arbitrary<string> {
  const texts = fixtures();
  return fc
    .tuple(fc.integer({ min: 0, max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([index, mutations]) => mutations.reduce(applyMutation, texts[index]!));
}

/** Grammar-generated and mutated documents, half and half. */
export function anyDockerfile(): fc.Arbitrary<string> {
  return fc.oneof(dockerfile, mutatedFixture());
}
