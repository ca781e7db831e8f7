/**
 * src/parse/ast-speedups.ts changes how dockerfile-ast does its work, never what it finds: the full
 * parse of every fixture and example (and of tricky heredoc, escape and flag cases) is identical
 * with dockerfile-ast's original methods.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser, JSONInstruction, Onbuild } from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeLineStarts } from '../src/parse/lines.js';
import { parseDockerfile } from '../src/parse/parse.js';
import { speedupsInstalled, withoutSpeedups } from '../src/parse/ast-speedups.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function dockerfilesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...dockerfilesBelow(full));
    else if (/Dockerfile|Containerfile|\.dockerfile$/i.test(entry.name)) out.push(full);
  }
  return out;
}

/** Everything the parse produced, functions left out (they are closures over the same data). */
function snapshot(text: string): string {
  return JSON.stringify(parseDockerfile(text), (_key, value: unknown) => (typeof value === 'function' ? undefined : value));
}

const TRICKY = [
  'FROM alpine\nRUN <<EOF\necho hi\nEOF\n',
  'FROM alpine\nRUN <\\\n<EOF\necho split operator\nEOF\n',
  'FROM alpine\nRUN <\\<EOF\necho escaped\nEOF\n',
  'FROM alpine\nRUN cat <<-"A" <<B\n\tone\nA\ntwo\nB\n',
  'FROM alpine\nCOPY --chown=1:1 --chmod=644 <<EOF /etc/x\nx\nEOF\n',
  'FROM alpine\nRUN echo a < b\nRUN echo "<<" no heredoc\n',
  '# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\ <<EOF\nEOF\n',
  'FROM alpine\nONBUILD RUN <<EOF\necho x\nEOF\n',
  'FROM --platform=$BUILDPLATFORM registry.example.com:5000/a/b:1.2@sha256:abc AS x\nFROM x\n',
  'FROM alpine\nVOLUME [ "/a", \\\n  "/b" ]\nVOLUME /c /d\n',
  'FROM alpine\nCOPY --a --a --a --a x y\n',
  'FROM alpine\nRUN \\\n# comment inside\n  echo <<EOF\nEOF\n',
  'FROM alpine\nCMD ["a", "b c"]\nENTRYPOINT []\nSHELL [ ]\nVOLUME ["/a",]\nRUN ["x\\"y", \\\n  "z"]\nCOPY --from=a ["s", "d"]\n',
  'FROM alpine\nONBUILD CMD ["a"]\nONBUILD RUN echo x\n',
  'FROM alpine\r\nRUN echo a \\\r\n  b\r\nVOLUME /data\r\n',
  'FROM alpine\rRUN echo a\r\rVOLUME /data\n\r\nWORKDIR /w',
];

/** dockerfile-ast's JSON-form getters, for every instruction that has them (ONBUILD triggers too). */
function jsonForms(text: string): string {
  const out: unknown[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const target = instruction instanceof Onbuild ? instruction.getTriggerInstruction() : instruction;
    if (target instanceof JSONInstruction) {
      out.push([target.getKeyword(), target.getOpeningBracket(), target.getJSONStrings(), target.getClosingBracket()]);
    }
  }
  return JSON.stringify(out);
}

describe('dockerfile-ast speed-ups', () => {
  it('are installed', () => {
    assert.equal(speedupsInstalled, true);
  });

  it('give the same parse on every fixture, example and tricky case', () => {
    const texts = [
      ...[join(REPO, 'fixtures'), join(REPO, 'examples')].flatMap(dockerfilesBelow).map((f) => readFileSync(f, 'utf8')),
      ...TRICKY,
    ];
    assert.ok(texts.length > 50);
    for (const text of texts) {
      const fast = snapshot(text);
      const original = withoutSpeedups(() => snapshot(text));
      assert.equal(fast, original, text.slice(0, 200));
    }
  });

  it('find the line starts vscode-languageserver-textdocument finds, for any mix of line breaks', () => {
    const texts = ['', 'a', '\n', '\r', '\r\n', '\n\r', 'a\nb\r\nc\rd\r\r\n\n', 'x\r\n'.repeat(50), 'FROM a\nRUN b\n\n'];
    for (let seed = 1; seed <= 200; seed++) {
      let text = '';
      for (let i = 0; i < 40; i++) text += ['a', 'bc', '\n', '\r', '\r\n', ' '][(seed * 7919 + i * 104729) % 6]!;
      texts.push(text);
    }
    for (const text of texts) {
      const lineOffsets = (): number[] => (TextDocument.create('file:///Dockerfile', 'dockerfile', 0, text) as unknown as { getLineOffsets(): number[] }).getLineOffsets();
      const original = withoutSpeedups(lineOffsets);
      assert.deepEqual(computeLineStarts(text), original, JSON.stringify(text));
      assert.deepEqual(lineOffsets(), original, JSON.stringify(text));
      assert.deepEqual(parseDockerfile(text).lineStarts, original, JSON.stringify(text));
    }
  });

  it('find the positions vscode-languageserver-textdocument finds, in text order and out of it', () => {
    const texts = ['', 'a', '\n', '\r\n', 'ab\r\ncd\n\nef\rgh\r', 'FROM a\nRUN b \\\n  c\r\n\r\nVOLUME /d'];
    for (let seed = 1; seed <= 100; seed++) {
      let text = '';
      for (let i = 0; i < 30; i++) text += ['a', 'bc', '\n', '\r', '\r\n', ' '][(seed * 31 + i * 17 + (i * i) % 7) % 6]!;
      texts.push(text);
    }
    for (const text of texts) {
      const offsets: number[] = [];
      for (let offset = -2; offset <= text.length + 2; offset++) offsets.push(offset);
      // In order, backwards, and jumping about (one document each way, as the hint carries over).
      const orders = [offsets, [...offsets].reverse(), offsets.map((_, i) => offsets[(i * 7) % offsets.length]!)];
      for (const order of orders) {
        const positions = (): unknown[] => {
          const document = TextDocument.create('file:///Dockerfile', 'dockerfile', 0, text);
          return order.map((offset) => document.positionAt(offset));
        };
        assert.deepEqual(positions(), withoutSpeedups(positions), JSON.stringify(text));
      }
    }
  });

  it('scan for the JSON form only when asked, and find what dockerfile-ast finds', () => {
    const texts = [
      ...[join(REPO, 'fixtures'), join(REPO, 'examples')].flatMap(dockerfilesBelow).map((f) => readFileSync(f, 'utf8')),
      ...TRICKY,
    ];
    let withJson = 0;
    for (const text of texts) {
      const fast = jsonForms(text);
      assert.equal(fast, withoutSpeedups(() => jsonForms(text)), text.slice(0, 200));
      withJson += (fast.match(/"jsonRange"|"value":"\["/g) ?? []).length;
    }
    assert.ok(withJson > 20, `only ${withJson} JSON forms in the texts: the comparison proves little`);
    // Not scanned at parse time: the fields still hold the constructor's defaults until a getter runs.
    const run = DockerfileParser.parse('FROM a\nCMD ["x"]\n').getInstructions()[1] as unknown as { jsonStrings: unknown[]; getJSONStrings(): unknown[] };
    assert.equal(run.jsonStrings.length, 0);
    assert.equal(run.getJSONStrings().length, 1);
  });
});
