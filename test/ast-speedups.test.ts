/**
 * src/parse/ast-speedups.ts changes how dockerfile-ast does its work, never what it finds: the full
 * parse of every fixture and example (and of tricky heredoc, escape and flag cases) is identical
 * with dockerfile-ast's original methods.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arg, DockerfileParser, Instruction, JSONInstruction, ModifiableInstruction, Onbuild, PropertyInstruction } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser.js';
import { computeLineStarts } from '../src/parse/lines.js';
import { sharedCorpusFiles } from './helpers/shared-corpus.js';
import { parseDockerfile } from '../src/parse/parse.js';
import type { Position } from '../src/parse/types.js';
import { astVersion, speedupsInstalled, TESTED_VERSION, useSpeedupsFor, withoutSpeedups } from '../src/parse/ast-speedups.js';

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

/**
 * The text document class dockerfile-ast itself uses (its CommonJS copy of
 * vscode-languageserver-textdocument, which an \`import\` of that package here would not give).
 */
interface Document {
  getLineOffsets(): number[];
  positionAt(offset: number): unknown;
}
const DocumentClass = (DockerfileParser.parse('FROM a') as unknown as { document: object }).document.constructor as new (
  uri: string,
  languageId: string,
  version: number,
  content: string,
) => Document;
const newDocument = (text: string): Document => new DocumentClass('file:///Dockerfile', 'dockerfile', 0, text);

/** Every method the speed-ups replace, as found on dockerfile-ast's classes now. */
function patchedMethods(): unknown[] {
  const parser = Parser as unknown as { prototype: Record<string, unknown> } & Record<string, unknown>;
  const instruction = Instruction.prototype as unknown as Record<string, unknown>;
  const json = JSONInstruction.prototype as unknown as Record<string, unknown>;
  const document = DocumentClass.prototype as unknown as Record<string, unknown>;
  return [
    instruction.getRawArguments,
    parser.prototype.processArguments,
    parser.prototype.createInstruction,
    parser.prototype.processHeredocs,
    parser.createInstruction,
    json.getRawArgumentsContent,
    json.getOpeningBracket,
    json.getJSONStrings,
    json.getClosingBracket,
    document.getLineOffsets,
    document.positionAt,
    (ModifiableInstruction.prototype as unknown as Record<string, unknown>).getArguments,
    (PropertyInstruction.prototype as unknown as Record<string, unknown>).getPropertyArguments,
    (Arg.prototype as unknown as Record<string, unknown>).getProperty,
  ];
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
  'FROM alpine\nRUN --mount=type=cache,target=/c --network=none echo a\nADD --chown=1 --keep-git-dir a b\nCOPY --from=x --link \\\n  --chmod=0644 a b\n',
  'FROM alpine\nRUN \\\n# comment inside\n  echo <<EOF\nEOF\n',
  'FROM alpine\nCMD ["a", "b c"]\nENTRYPOINT []\nSHELL [ ]\nVOLUME ["/a",]\nRUN ["x\\"y", \\\n  "z"]\nCOPY --from=a ["s", "d"]\n',
  'FROM alpine\nONBUILD CMD ["a"]\nONBUILD RUN echo x\n',
  'FROM alpine\r\nRUN echo a \\\r\n  b\r\nVOLUME /data\r\n',
  'FROM alpine\rRUN echo a\r\rVOLUME /data\n\r\nWORKDIR /w',
];

/** dockerfile-ast's own arguments and flags of every instruction (ONBUILD triggers too). */
function astArguments(text: string): string {
  const out: unknown[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    for (const target of instruction instanceof Onbuild ? [instruction, instruction.getTriggerInstruction()] : [instruction]) {
      if (!target) continue;
      const flags = 'getFlags' in target && typeof target.getFlags === 'function' ? (target.getFlags() as Array<{ getName(): string; getValue(): unknown }>) : [];
      out.push([
        target.getKeyword(),
        target.getArguments().map((a) => [a.getValue(), a.getRange()]),
        target.getArgumentsContent(),
        target.getArgumentsRange(),
        flags.map((f) => [f.getName(), f.getValue()]),
      ]);
    }
  }
  return JSON.stringify(out);
}

type View = { text: string; positionAt(offset: number): Position } | null;

/** A view of the text (or none) with the document position of every offset in it. */
function viewJson(view: View): unknown {
  if (!view) return null;
  const positions: unknown[] = [];
  for (let offset = 0; offset <= view.text.length; offset++) positions.push(view.positionAt(offset));
  return [view.text, positions];
}

/**
 * parse.ts's BuildKit view of every instruction's text (ONBUILD triggers too) with the document
 * position of every offset in it, which the snapshot leaves out (positionAt is a function).
 */
function argsView(text: string): string {
  const parsed = parseDockerfile(text);
  return JSON.stringify([...parsed.instructions, ...parsed.triggers].map((instruction) => viewJson(instruction.args)));
}

/**
 * The same view built the plain way, one string per word and gap, from dockerfile-ast's own
 * arguments (parse.ts's words without the speed-ups): words on one line with the text between
 * them as written, words on different lines joined by a space, a word broken by a continuation as
 * its value; the command line only, before the first heredoc body.
 */
function referenceArgsView(text: string): string {
  return withoutSpeedups(() => {
    const parsed = parseDockerfile(text);
    const offsetAt = (p: Position): number => (p.line >= parsed.lineStarts.length ? text.length : Math.min(parsed.lineStarts[p.line]! + p.character, text.length));
    return JSON.stringify(
      [...parsed.instructions, ...parsed.triggers].map((instruction) => {
        const body = instruction.heredocs.find((h) => h.contentRange)?.contentRange;
        const words = body ? instruction.words.filter((w) => w.range.start.line < body.start.line) : instruction.words;
        if (words.length === 0) return null;
        let logical = '';
        const starts: number[] = [];
        const lengths: number[] = [];
        words.forEach((word, i) => {
          if (i > 0) logical += words[i - 1]!.range.end.line === word.range.start.line ? text.slice(offsetAt(words[i - 1]!.range.end), offsetAt(word.range.start)) : ' ';
          const written = word.range.start.line === word.range.end.line ? text.slice(offsetAt(word.range.start), offsetAt(word.range.end)) : word.value;
          starts.push(logical.length);
          lengths.push(written.length);
          logical += written;
        });
        const positionAt = (offset: number): Position => {
          let i = 0;
          while (i + 1 < starts.length && starts[i + 1]! <= offset) i++;
          const { start, end } = words[i]!.range;
          const inWord = offset - starts[i]!;
          if (inWord >= lengths[i]!) {
            if (i === words.length - 1 || inWord === lengths[i]) return { ...end };
            return words[i + 1]!.range.start.line === end.line ? { line: end.line, character: end.character + inWord - lengths[i]! } : { ...end };
          }
          return start.line === end.line && end.character - start.character === lengths[i] ? { line: start.line, character: start.character + inWord } : { ...start };
        };
        return viewJson({ text: logical, positionAt });
      }),
    );
  });
}

/** dockerfile-ast's view of every ARG (ONBUILD triggers too): its property and its properties. */
function argProperties(text: string): string {
  const out: unknown[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const target = instruction instanceof Onbuild ? instruction.getTriggerInstruction() : instruction;
    if (!(target instanceof Arg)) continue;
    const property = target.getProperty();
    out.push([
      property ? [property.getName(), property.getNameRange(), property.getValue(), property.getValueRange(), property.getUnescapedValue()] : null,
      target.getProperties().map((p) => [p.getName(), p.getValue()]),
    ]);
  }
  return JSON.stringify(out);
}

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
  it('are installed for the dockerfile-ast release they were written for, and replace what they claim to', () => {
    assert.equal(astVersion, TESTED_VERSION, 'the installed dockerfile-ast is not the tested release: test the patches on it, then update TESTED_VERSION');
    assert.equal(speedupsInstalled(), true);
    const patched = patchedMethods();
    const originals = withoutSpeedups(patchedMethods);
    patched.forEach((method, i) => {
      assert.equal(typeof method, 'function', `method ${i}`);
      assert.notEqual(method, originals[i], `method ${i} is not replaced`);
    });
    assert.deepEqual(patchedMethods(), patched);
  });

  it('leave dockerfile-ast as published on any other release, which then parses as it does with them', () => {
    const texts = [...[join(REPO, 'fixtures'), join(REPO, 'examples')].flatMap(dockerfilesBelow).map((f) => readFileSync(f, 'utf8')), ...TRICKY];
    const originals = withoutSpeedups(patchedMethods);
    const expected = texts.map(snapshot);
    try {
      for (const version of ['0.7.0', '0.7.2', '0.8.0', '1.0.0']) {
        assert.equal(useSpeedupsFor(version), false, version);
        assert.equal(speedupsInstalled(), false);
        assert.deepEqual(patchedMethods(), originals, `${version}: a method is still replaced`);
        texts.forEach((text, i) => assert.equal(snapshot(text), expected[i], `${version}: ${text.slice(0, 200)}`));
      }
    } finally {
      assert.equal(useSpeedupsFor(astVersion), true);
    }
    assert.notDeepEqual(patchedMethods(), originals);
  });

  it('give the same parse on every fixture, example and tricky case, and on ../shared/corpus when present', function () {
    this.timeout(120000);
    const real = sharedCorpusFiles();
    if (!real) console.log('    (../shared/corpus is not present: its files were not compared)');
    const texts = [
      ...[join(REPO, 'fixtures'), join(REPO, 'examples')].flatMap(dockerfilesBelow).map((f) => readFileSync(f, 'utf8')),
      ...TRICKY,
      ...(real ?? []).map((f) => readFileSync(f, 'utf8')),
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
      const lineOffsets = (): number[] => newDocument(text).getLineOffsets();
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
          const document = newDocument(text);
          return order.map((offset) => document.positionAt(offset));
        };
        assert.deepEqual(positions(), withoutSpeedups(positions), JSON.stringify(text));
      }
    }
  });

  it('give dockerfile-ast\'s own arguments, flags and ranges for every instruction (getArguments without the repeated shift)', () => {
    const texts = [
      ...[join(REPO, 'fixtures'), join(REPO, 'examples')].flatMap(dockerfilesBelow).map((f) => readFileSync(f, 'utf8')),
      ...TRICKY,
      `FROM a\nCOPY ${'--a '.repeat(200)}x y\nRUN --mount=type=bind,source=a,target=b --network=host --security=insecure echo hi\n`,
    ];
    let flagged = 0;
    for (const text of texts) {
      const fast = astArguments(text);
      assert.equal(fast, withoutSpeedups(() => astArguments(text)), text.slice(0, 200));
      flagged += (fast.match(/\[\["[a-z-]+",/g) ?? []).length;
    }
    assert.ok(flagged > 10, `only ${flagged} instructions with flags: the comparison proves little`);
  });

  it('split arguments as dockerfile-ast\'s own character scan does: real files and 20,000 generated instructions full of escapes, continuations, flags and comments', function () {
    this.timeout(300000);
    const real = sharedCorpusFiles() ?? [];
    const texts = [...[join(REPO, 'fixtures'), join(REPO, 'examples')].flatMap(dockerfilesBelow), ...real].map((f) => readFileSync(f, 'utf8'));
    texts.push(...TRICKY);
    // Pieces that steer the scan: escapes before every kind of character (the end of the text
    // included), continuations with white space after the escape, CR, CRLF, comment lines inside an
    // instruction, `$` after an escape, the other escape character.
    const pieces = ['a', 'bc', '--x=1', ' ', '  ', '\t', '\\', '\\ ', '\\\t', '\\$', '\\a', '\\\\', '\\\n', '\\ \n', '\\\t \n', '\\\r\n', '\\ \r\n', '\\\r', '\n', '\r\n', '\r', '\n# c \\\n', '\n  # x\n', '#', '`', '` ', '`\n', '"q r"', "'s'", '$V', '<<E', ' \\ \\ x', 'a--b', '-', '\\-', '--mount=type=cache,target=/c ', '-\\\n-x'];
    let seed = 17;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 20000; n++) {
      let body = '';
      for (let k = 1 + Math.floor(random() * 12); k > 0; k--) body += pieces[Math.floor(random() * pieces.length)]!;
      const keyword = ['RUN', 'COPY', 'ENV', 'LABEL', 'VOLUME', 'CMD', 'FROM', 'ADD', 'HEALTHCHECK', 'ONBUILD RUN'][n % 10]!;
      texts.push(`${n % 5 === 0 ? '# escape=`\n' : ''}FROM a\n${keyword} ${body}${n % 3 === 0 ? '' : '\nRUN z'}`);
    }
    for (const text of texts) {
      assert.equal(astArguments(text), withoutSpeedups(() => astArguments(text)), JSON.stringify(text.slice(0, 300)));
      // parse.ts's own reading of them too (words, flags, BuildKit's view of the text), and the view
      // of the text alone, read from the scan's offsets (item 10) before anything else asks.
      assert.equal(snapshot(text), withoutSpeedups(() => snapshot(text)), JSON.stringify(text.slice(0, 300)));
      assert.equal(argsView(text), referenceArgsView(text), JSON.stringify(text.slice(0, 300)));
    }
  });

  it('split an ARG into its name and value only when asked, as dockerfile-ast does', function () {
    this.timeout(120000);
    const texts = [
      ...[join(REPO, 'fixtures'), join(REPO, 'examples')].flatMap(dockerfilesBelow).map((f) => readFileSync(f, 'utf8')),
      ...TRICKY,
      'ARG A\nARG B=1\nARG C="two words" D=3\nARG E F\nARG\nFROM a:$B\nARG A=x \\\n  G=y\nONBUILD ARG H=1\nARG I=\\"j\\"\n',
      ...(sharedCorpusFiles() ?? []).map((f) => readFileSync(f, 'utf8')),
    ];
    // Every pairing of ARG forms, so the comparison holds on a clone without ../shared/corpus too.
    const forms = ['A', 'B=1', 'C="two words"', "D='x y'", 'E=', 'F=$B', 'G=a\\ b', 'H="q\\"r"', 'I=${B:-z}', 'J=x \\\n  K=y', '`L=1'];
    for (const first of forms) for (const second of forms) texts.push(`ARG ${first} ${second}\nFROM a\nARG ${second}\n`);
    let args = 0;
    for (const text of texts) {
      const fast = argProperties(text);
      assert.equal(fast, withoutSpeedups(() => argProperties(text)), text.slice(0, 200));
      args += (JSON.parse(fast) as unknown[]).length;
    }
    assert.ok(args > 100, `only ${args} ARGs in the texts: the comparison proves little`);
    // Not split at parse time: the field holds null until getProperty runs.
    const arg = DockerfileParser.parse('ARG A=1\nFROM a\n').getInstructions()[0] as unknown as { property: unknown; getProperty(): { getName(): string } | null };
    assert.equal(arg.property, null);
    assert.equal(arg.getProperty()?.getName(), 'A');
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
